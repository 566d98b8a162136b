//! Turns parsed arguments into the core's checked requests, and the core's
//! errors back into messages that name the flag the user typed.

use std::path::Path;

use anyhow::{Context, Result};
use pypi_size::capacity::{MODULE_VARIABLES, SizingInputs};
use pypi_size::cost::CostInputs;
use pypi_size::recommend::WorkloadFigures;
use pypi_size::report::SizingRequest;
use pypi_size::tables::Usd;
use pypi_size::{SizingError, Tables};

use crate::cli::{
    AdviseArgs, CapacityArgs, CompareArgs, ConfigArgs, CostArgs, ModuleArgs, OptimizeArgs,
    RecommendArgs,
};
use pypi_size::advise::Metrics;
use pypi_size::optimize::Requirements;
use pypi_size::report::{self, default_costs};
use pypi_size::tables::Profile;

/// A data file larger than this is not a profiles.toml: refuse it rather than
/// read it all.
const MAX_PROFILES_BYTES: u64 = 4 * 1024 * 1024;

/// A command-line mistake: exits with the usage code.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Standard input can be read once: not both as --profiles and as a file to
/// check. Checked before either is read.
pub fn stdin_read_once(cli: &crate::cli::Cli) -> Result<()> {
    let profiles = cli.profiles.as_deref() == Some(Path::new("-"));
    let checked = match &cli.command {
        crate::cli::Command::Check(args) => args.paths.iter().any(|p| p.as_os_str() == "-"),
        _ => false,
    };
    if profiles && checked {
        return Err(UsageError(
            "standard input can be read once: give --profiles a file, or check a file \
             instead of -"
                .into(),
        )
        .into());
    }
    Ok(())
}

/// The tables: the file given (`-` for standard input), else the embedded copy.
pub fn load_tables(path: Option<&Path>) -> Result<Tables> {
    let Some(path) = path else {
        return Ok(Tables::from_toml(
            pypi_size::EMBEDDED_PROFILES,
            "<embedded profiles.toml>",
        )?);
    };
    let (origin, text) = crate::input::read_text(path, MAX_PROFILES_BYTES)
        .context("cannot load the profiles file")?;
    Ok(Tables::from_toml(&text, &origin)?)
}

pub fn capacity_request(tables: &Tables, args: &CapacityArgs) -> Result<SizingRequest> {
    let instance = args
        .instance
        .as_deref()
        .unwrap_or(tables.module.defaults.asg_instance_type.get_ref());
    Ok(SizingRequest {
        inputs: module_inputs(tables, instance, &args.module),
        costs: cost_inputs(tables, default_costs(tables), &args.cost)?,
        ci_builds_per_day: args.ci_builds,
    })
}

/// The module flags over the module's defaults.
pub fn module_inputs(tables: &Tables, instance: &str, m: &ModuleArgs) -> SizingInputs {
    let defaults = SizingInputs::defaults(&tables.module, instance);
    SizingInputs {
        asg_min_size: m.asg_min_size,
        asg_max_size: m.asg_max_size,
        subnets: m.subnets.unwrap_or(defaults.subnets),
        container_memory: m.container_memory.unwrap_or(defaults.container_memory),
        container_memory_reservation: m.container_memory_reservation,
        container_cpu: m.container_cpu,
        gunicorn_workers: m.gunicorn_workers,
        task_min_count: m.task_min_count,
        task_max_count: m.task_max_count,
        ..defaults
    }
}

/// `capacity`'s flags, or `--profile` with the cost flags over its figures.
pub fn config_request<'t>(
    tables: &'t Tables,
    args: &ConfigArgs,
) -> Result<(SizingRequest, Option<&'t Profile>)> {
    match &args.profile {
        None => Ok((capacity_request(tables, &args.capacity)?, None)),
        Some(name) => {
            let profile = tables.find_profile(name).map_err(in_flag_terms)?;
            let base = report::profile_request(tables, profile);
            Ok((
                SizingRequest {
                    costs: cost_inputs(tables, base.costs, &args.capacity.cost)?,
                    ci_builds_per_day: args.capacity.ci_builds,
                    ..base
                },
                Some(profile),
            ))
        }
    }
}

pub fn requirements(args: &OptimizeArgs) -> Requirements {
    Requirements {
        min_workers: args.min_workers,
        min_tasks: args.min_tasks,
        arch: args.arch,
        families: args.family.clone(),
        no_burstable: args.no_burstable,
        max_monthly_cost: args.max_monthly_cost,
        min_instances: args.min_instances,
        max_instances: args.max_instances,
        container_memories: (!args.container_memory.is_empty())
            .then(|| args.container_memory.clone()),
        top: args.top,
    }
}

pub fn metrics(args: &AdviseArgs) -> Metrics {
    Metrics {
        cpu_utilization_pct: args.cpu_utilization,
        memory_utilization_pct: args.memory_utilization,
        error_rate_pct: args.error_rate,
        p95_latency_s: args.p95_latency,
        efs_percent_io_limit_pct: args.efs_percent_io_limit,
        tasks_at_max: args.tasks_at_max,
        load: args.load,
    }
}

/// The instance types `compare` is asked for.
pub fn compared_types(tables: &Tables, args: &CompareArgs) -> Result<Vec<String>> {
    let types = if args.all {
        let mut all: Vec<String> = tables.instance_names().map(String::from).collect();
        all.sort_by_key(|n| {
            let i = tables
                .instance(n)
                .map(|i| (i.vcpus.get(), i.memory_mib.get()));
            (pypi_size::listing::family_of(n).to_string(), i)
        });
        all
    } else if let Some(family) = &args.family {
        let members = pypi_size::compare::family_members(tables, family);
        if members.is_empty() {
            return Err(UsageError(format!(
                "--family: no instance type of family `{family}` in the catalog \
                 (`pypi-size instances` lists them)"
            ))
            .into());
        }
        members
    } else {
        args.instances.clone()
    };
    Ok(types)
}

pub fn workload(args: &RecommendArgs) -> WorkloadFigures {
    WorkloadFigures {
        packages: args.packages,
        users: args.users,
        ci_builds_per_day: args.ci_builds,
        burst_requests: args.burst,
    }
}

/// The cost flags over a base (the profile's or `[cost_defaults]`).
pub fn cost_inputs(tables: &Tables, base: CostInputs, args: &CostArgs) -> Result<CostInputs> {
    let mut c = base;
    if let Some(v) = args.savings_plan {
        c.savings_plan_pct = v;
    }
    if let Some(v) = args.efs_storage_gb {
        c.assumptions.efs_storage_gb = v;
    }
    if let Some(v) = args.efs_transfer_gb {
        c.assumptions.efs_elastic_transfer_gb_month = v;
    }
    if let Some(v) = args.alb_lcu_month {
        c.assumptions.alb_lcu_month = v;
    }
    if let Some(lcus) = args.alb_lcus {
        let p = &tables.pricing;
        let month = lcus.get() * p.alb_lcu_hour.get() * p.hours_per_month.get();
        c.assumptions.alb_lcu_month = Usd::try_from(month).map_err(|_| {
            UsageError(format!(
                "--alb-lcus {}: {} LCUs x {} an hour x {} hours is too large a cost",
                lcus.get(),
                lcus.get(),
                p.alb_lcu_hour.get(),
                p.hours_per_month.get()
            ))
        })?;
    }
    if let Some(mode) = args.efs_throughput_mode {
        c.efs_throughput_mode = mode;
    }
    if let Some(v) = args.efs_provisioned_throughput_in_mibps {
        c.efs_provisioned_throughput_in_mibps = Some(v);
    }
    Ok(c)
}

/// The flag that sets a module variable or pypi-size input.
pub fn flag_for(variable: &str) -> String {
    match variable {
        "asg_instance_type" => "--instance".to_string(),
        "savings_plan_pct" => "--savings-plan".to_string(),
        other => format!("--{}", other.replace('_', "-")),
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
        } if MODULE_VARIABLES.contains(variable) => {
            format!("invalid value {value} for {flags}: the module's {variable} accepts {accepted}")
        }
        SizingError::OutOfRange {
            value, accepted, ..
        } => format!("invalid value {value} for {flags}: it accepts {accepted}"),
        SizingError::UnknownInstance { .. } => {
            format!("{flags}: {e} (`pypi-size instances` lists the catalog)")
        }
        SizingError::UnknownProfile { .. } => format!("--profile: {e}"),
        SizingError::Inconsistent { .. } if flags.is_empty() => e.to_string(),
        SizingError::Inconsistent { .. } => format!("{flags}: {e}"),
    };
    UsageError(message).into()
}

/// Colour and width for text output. Colour follows --color, else the
/// terminal and NO_COLOR (any non-empty value turns it off); width is the
/// terminal's, or COLUMNS when stdout is not a terminal.
pub fn style(choice: crate::cli::ColorChoice) -> crate::render::Style {
    use std::io::IsTerminal;
    let tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match choice {
        crate::cli::ColorChoice::Always => true,
        crate::cli::ColorChoice::Never => false,
        crate::cli::ColorChoice::Auto => tty && !no_color,
    };
    let width = if tty {
        None
    } else {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|w| *w >= 20)
    };
    crate::render::Style { color, width }
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
