//! Turns parsed arguments into the core's checked requests: the one place
//! where flags become the module's variables.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::recommend::WorkloadFigures;
use pypi_size::answers::sizing::SizingRequest;
use pypi_size::data::Usd;
use pypi_size::module::cost::CostInputs;
use pypi_size::module::variables::SizingInputs;

use crate::app::cli::{
    AdviseArgs, CapacityArgs, CompareArgs, ConfigArgs, CostArgs, ModuleArgs, OptimizeArgs,
    RecommendArgs,
};
use crate::app::usage::{UsageError, in_flag_terms};
use pypi_size::answers::advise::Metrics;
use pypi_size::answers::optimize::Requirements;
use pypi_size::answers::sizing::{self, default_costs};
use pypi_size::data::Profile;

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
            let base = sizing::profile_request(tables, profile);
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
            (pypi_size::data::family_of(n).to_string(), i)
        });
        all
    } else if let Some(family) = &args.family {
        let members = pypi_size::answers::compare::family_members(tables, family);
        if members.is_empty() {
            return Err(UsageError(format!("--family: {}", tables.missing_family(family))).into());
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
