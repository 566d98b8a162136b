//! Turns parsed arguments into the core's checked requests: the one place
//! where flags become the module's variables.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::recommend::WorkloadFigures;
use pypi_size::answers::sizing::SizingRequest;
use pypi_size::data::Usd;
use pypi_size::module::bill::MonthlyBudget;
use pypi_size::module::cost::CostInputs;
use pypi_size::module::variables::SizingInputs;

use crate::app::cli::{
    AdviseArgs, CompareArgs, ConfigArgs, CostArgs, ModuleArgs, OptimizeArgs, RecommendArgs,
};
use crate::app::usage::{UsageError, in_flag_terms};
use pypi_size::answers::advise::Metrics;
use pypi_size::answers::optimize::latency::LatencyTarget;
use pypi_size::answers::optimize::{self, Requirements};
use pypi_size::answers::sizing::{self, default_costs};
use pypi_size::data::Profile;

/// The module flags over a base config (the module's defaults or a
/// profile's); `--instance` over its instance type.
pub fn module_inputs(base: SizingInputs, instance: Option<&str>, m: &ModuleArgs) -> SizingInputs {
    let inputs = base.with(&m.set);
    match instance {
        Some(t) => SizingInputs {
            asg_instance_type: t.to_string(),
            ..inputs
        },
        None => inputs,
    }
}

/// Whether any module flag that changes the sizing is given (`--instance`
/// included; not `--ami-id`, which sizes nothing: a profile with it is still
/// the guide's).
fn overrides(instance: Option<&str>, m: &ModuleArgs) -> bool {
    instance.is_some() || m.set.change_sizing()
}

/// The base config: the named profile's, or the module's defaults with the
/// cost defaults.
fn base_request<'t>(
    tables: &'t Tables,
    profile: Option<&str>,
) -> Result<(SizingRequest, Option<&'t Profile>)> {
    match profile {
        Some(name) => {
            let profile = tables.find_profile(name).map_err(in_flag_terms)?;
            Ok((sizing::profile_request(tables, profile), Some(profile)))
        }
        None => Ok((
            SizingRequest {
                inputs: SizingInputs::defaults(
                    &tables.module,
                    tables.module.defaults.asg_instance_type.get_ref(),
                ),
                costs: default_costs(tables),
                ci_builds_per_day: None,
            },
            None,
        )),
    }
}

/// A config: `--profile` (or the module's defaults) with the flags over it.
/// The profile comes back only when no module flag changed it: a changed
/// config is no longer the guide's, and is not compared with its figures.
pub fn config_request<'t>(
    tables: &'t Tables,
    args: &ConfigArgs,
) -> Result<(SizingRequest, Option<&'t Profile>)> {
    let c = &args.capacity;
    let (base, profile) = base_request(tables, args.profile.as_deref())?;
    let request = SizingRequest {
        inputs: module_inputs(base.inputs, c.instance.as_deref(), &c.module),
        costs: cost_inputs(tables, base.costs, &c.cost)?,
        ci_builds_per_day: c.ci_builds,
    };
    let kept = profile.filter(|_| !overrides(c.instance.as_deref(), &c.module));
    Ok((request, kept))
}

/// `optimize`'s requirements and cost inputs: the flags, over a profile's
/// workers, cost figures and CI load where `--profile` names one.
pub fn requirements(tables: &Tables, args: &OptimizeArgs) -> Result<(Requirements, CostInputs)> {
    let (base, profile) = base_request(tables, args.profile.as_deref())?;
    let mut min_workers = args.min_workers;
    let mut ci_builds = args.ci_builds;
    if let Some(p) = profile {
        let sized = sizing::size(tables, &base, None, None).map_err(in_flag_terms)?;
        min_workers = min_workers.or(Some(sized.capacity.total_workers));
        // The most CI builds a day the profile covers.
        ci_builds = ci_builds.or(p
            .workload
            .ci_builds_per_day_below
            .map(|b| b.saturating_sub(1)));
    }
    // A burst alone asks for no workers: its P95 decides.
    let min_workers = min_workers.or(args.burst_clients.map(|_| 1));
    let Some(min_workers) = min_workers else {
        return Err(UsageError("--min-workers or --profile is required".into()).into());
    };
    let guide_excludes = optimize::guide_excludes_burstable(tables, ci_builds);
    let requirements = Requirements {
        min_workers,
        min_tasks: args.min_tasks,
        arch: args.arch,
        ami_id: args.ami_id.clone(),
        families: args.family.clone(),
        no_burstable: args.no_burstable || (guide_excludes && !args.burstable),
        no_burstable_asked: args.no_burstable,
        ci_builds_per_day: ci_builds,
        budget: args.max_monthly_cost.map(MonthlyBudget::at_instance_count),
        min_instances: args
            .min_instances
            .unwrap_or(tables.advice.min_instances_for_ha),
        max_instances: args.max_instances,
        container_memories: (!args.container_memory.is_empty())
            .then(|| args.container_memory.clone()),
        top: usize::try_from(args.top).unwrap_or(usize::MAX),
        latency: match (args.burst_clients, args.p95) {
            (Some(burst_clients), Some(p95_s)) => Some(LatencyTarget {
                burst_clients,
                packages_per_client: args.packages_per_client,
                requests_per_package: args.requests_per_package,
                packages: args.packages,
                busiest_share: args.busiest_share,
                p95_s,
            }),
            _ => None,
        },
    };
    Ok((requirements, cost_inputs(tables, base.costs, &args.cost)?))
}

/// `compare`'s container config and cost inputs: the flags over
/// `--profile`'s, or over the module's defaults.
pub fn compared_config(tables: &Tables, args: &CompareArgs) -> Result<(SizingInputs, CostInputs)> {
    let (base, _) = base_request(tables, args.profile.as_deref())?;
    Ok((
        module_inputs(base.inputs, None, &args.module),
        cost_inputs(tables, base.costs, &args.cost)?,
    ))
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

/// With `--profile` alone, `compare` takes its instance type's family.
fn profile_family<'t>(tables: &'t Tables, args: &CompareArgs) -> Option<&'t str> {
    if !args.instances.is_empty() || args.all {
        return None;
    }
    let profile = tables.profile(args.profile.as_deref()?)?;
    Some(pypi_size::data::family_of(profile.instance_type()))
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
    } else if let Some(family) = args.family.as_deref().or(profile_family(tables, args)) {
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
    let a = &mut c.assumptions;
    let usage = [
        (args.efs_read_gb, &mut a.efs_read_gb_month),
        (args.efs_write_gb, &mut a.efs_write_gb_month),
        (args.efs_ia_gb, &mut a.efs_ia_storage_gb),
        (args.logs_ingested_gb, &mut a.logs_ingested_gb_month),
        (args.access_logs_gb, &mut a.access_logs_stored_gb),
    ];
    for (given, figure) in usage {
        if let Some(v) = given {
            *figure = v;
        }
    }
    if args.backup_storage_gb.is_some() {
        a.backup_storage_gb = args.backup_storage_gb;
    }
    if args.logs_stored_gb.is_some() {
        a.logs_stored_gb = args.logs_stored_gb;
    }
    if args.internal_alb {
        c.internet_facing_alb = false;
    }
    if let Some(n) = args.load_balancer_subnets {
        c.load_balancer_subnets = n;
        // A usage error in every command, before any block is read.
        c.validate_load_balancer_subnets(tables)
            .map_err(crate::app::usage::in_flag_terms)?;
    }
    c.alarm_metrics = args.alarm_metrics.or(c.alarm_metrics);
    c.container_insights_metrics = args
        .container_insights_metrics
        .or(c.container_insights_metrics);
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
