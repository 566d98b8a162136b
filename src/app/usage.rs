//! Usage errors: what the user typed was wrong. They exit with the usage
//! code, and they speak of flags, not of the module's variables.

use pypi_size::SizingError;
use pypi_size::module::variables;

/// A command-line mistake: exits with the usage code.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The flag that sets a module variable or pypi-size input.
pub fn flag_for(variable: &str) -> String {
    match (variables::variable(variable).and_then(|v| v.flag), variable) {
        (Some(flag), _) => flag.to_string(),
        (None, "savings_plan_pct") => "--savings-plan".to_string(),
        (None, other) => format!("--{}", other.replace('_', "-")),
    }
}

/// The core's error in the user's terms: the flags, not the variables.
/// Overflow is not a usage error: the inputs were each acceptable.
pub fn in_flag_terms(e: SizingError) -> anyhow::Error {
    let flags = e
        .variables()
        .iter()
        .map(|v| flag_for(v))
        .collect::<Vec<_>>()
        .join(", ");
    let message = match &e {
        SizingError::Overflow { .. } => return e.into(),
        SizingError::OutOfRange {
            variable,
            value,
            accepted,
        } if variables::variable(variable).is_some() => {
            format!("invalid value {value} for {flags}: the module's {variable} accepts {accepted}")
        }
        SizingError::OutOfRange {
            value, accepted, ..
        } => format!("invalid value {value} for {flags}: it accepts {accepted}"),
        SizingError::Rejected { .. } | SizingError::NotLaunchable { .. } => {
            format!("{flags}: {e}")
        }
        SizingError::UnknownInstance { .. } => {
            format!("{flags}: {e} (`pypi-size instances` lists the catalog)")
        }
        SizingError::UnknownProfile { .. } => format!("--profile: {e}"),
        SizingError::Inconsistent { .. } if flags.is_empty() => e.to_string(),
        SizingError::Inconsistent { .. } => format!("{flags}: {e}"),
    };
    UsageError(message).into()
}

/// A profile the catalog cannot size is named as the profile, not as an
/// `--instance` nobody gave: a regional catalog may lack its type. Named on
/// the command line (`--profile`), it is a usage error, as an unknown
/// instance type is.
pub fn in_profile_terms(tables: &pypi_size::Tables, name: &str, e: SizingError) -> anyhow::Error {
    match unavailable(tables, name, &e) {
        Some(why) => UsageError(format!(
            "profile `{name}` is unavailable with this catalog: {why}"
        ))
        .into(),
        None => in_flag_terms(e),
    }
}

/// The same for the profile a workload maps to (`recommend --packages …`):
/// the command line is valid, the catalog given cannot answer it, so it is
/// input that cannot be used (exit 1), not a usage error.
pub fn in_workload_terms(tables: &pypi_size::Tables, name: &str, e: SizingError) -> anyhow::Error {
    match unavailable(tables, name, &e) {
        Some(why) => anyhow::anyhow!(
            "the workload maps to profile `{name}`, which is unavailable with this catalog: {why}"
        ),
        None => in_flag_terms(e),
    }
}

/// Why profile `name` cannot be sized with the catalog, when `e` is its own
/// type missing (not a type a proposal tried), and what to do.
fn unavailable(tables: &pypi_size::Tables, name: &str, e: &SizingError) -> Option<String> {
    let profile = tables.profile(name)?;
    let instance = profile.instance_type();
    match e {
        SizingError::UnknownInstance { name: missing, .. } if missing == instance => Some(format!(
            "{}; `pypi-size capacity --profile {name} --instance TYPE` sizes it on a type the \
             catalog has (`pypi-size instances` lists them)",
            pypi_size::answers::listing::why_unavailable(tables, instance, e)
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_named_after_variables() {
        assert_eq!(flag_for("container_memory"), "--container-memory");
        assert_eq!(flag_for("asg_instance_type"), "--instance");
        assert_eq!(flag_for("savings_plan_pct"), "--savings-plan");
        assert_eq!(
            flag_for("efs_provisioned_throughput_in_mibps"),
            "--efs-provisioned-throughput-in-mibps"
        );
    }
}
