//! Turns parsed arguments into the core's checked requests, and the core's
//! errors back into messages that name the flag the user typed.

use std::path::Path;

use anyhow::{Context, Result};
use pypi_size::capacity::SizingInputs;
use pypi_size::cost::CostInputs;
use pypi_size::recommend::WorkloadFigures;
use pypi_size::report::SizingRequest;
use pypi_size::tables::Usd;
use pypi_size::{SizingError, Tables};

use crate::cli::{CapacityArgs, CostArgs, RecommendArgs};

/// A data file larger than this is not a profiles.toml: refuse it rather than
/// read it all.
const MAX_PROFILES_BYTES: u64 = 4 * 1024 * 1024;

/// A command-line mistake: exits with the usage code.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

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

pub fn capacity_request(tables: &Tables, args: &CapacityArgs) -> SizingRequest {
    let m = &args.module;
    let instance = args
        .instance
        .as_deref()
        .unwrap_or(tables.module.defaults.asg_instance_type.get_ref());
    let defaults = SizingInputs::defaults(&tables.module, instance);
    let base_costs = CostInputs {
        assumptions: tables.cost_defaults,
        efs_throughput_mode: tables.module.defaults.efs_throughput_mode,
        efs_provisioned_throughput_in_mibps: None,
        savings_plan_pct: 0.0,
    };
    SizingRequest {
        inputs: SizingInputs {
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
        },
        costs: cost_inputs(tables, base_costs, &args.cost),
        ci_builds_per_day: args.ci_builds,
    }
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
pub fn cost_inputs(tables: &Tables, base: CostInputs, args: &CostArgs) -> CostInputs {
    // The flags' values are checked by their parsers; `Usd` re-checks.
    let usd = |v: f64| Usd::try_from(v).ok();
    let mut c = base;
    if let Some(v) = args.savings_plan {
        c.savings_plan_pct = v;
    }
    if let Some(v) = args.efs_storage_gb.and_then(usd) {
        c.assumptions.efs_storage_gb = v;
    }
    if let Some(v) = args.efs_transfer_gb.and_then(usd) {
        c.assumptions.efs_elastic_transfer_gb_month = v;
    }
    if let Some(v) = args.alb_lcu_month.and_then(usd) {
        c.assumptions.alb_lcu_month = v;
    }
    let lcu_hour = tables.pricing.alb_lcu_hour.get() * tables.pricing.hours_per_month.get();
    if let Some(v) = args.alb_lcus.and_then(|lcus| usd(lcus * lcu_hour)) {
        c.assumptions.alb_lcu_month = v;
    }
    if let Some(mode) = args.efs_throughput_mode {
        c.efs_throughput_mode = mode;
    }
    if let Some(v) = args.efs_provisioned_throughput_in_mibps {
        c.efs_provisioned_throughput_in_mibps = Some(v);
    }
    c
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
        } => {
            format!("invalid value {value} for {flags}: the module's {variable} accepts {accepted}")
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
