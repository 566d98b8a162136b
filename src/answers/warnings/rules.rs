//! The checks `assess` runs, one function per warning (or per pair of
//! warnings that exclude each other). Each pushes what it finds.

use super::{Severity, Subject, Warning, WarningCode};
use crate::data::{Arch, Profile};
use crate::module::capacity::AsgMaxSizeSource;
use crate::module::placement::Placement;

/// A warning; an empty `variable` is one that concerns no one variable.
fn warning(
    code: WarningCode,
    severity: Severity,
    variable: &'static str,
    message: String,
    fix: String,
) -> Warning {
    let variable = (!variable.is_empty()).then_some(variable);
    Warning::new(code, severity, variable, message, fix)
}

/// The container's CPU share is more than the instance has for tasks.
fn cpu_does_not_fit(s: &Subject<'_>) -> bool {
    s.capacity.available_cpu_units < s.capacity.container_cpu as i64
}

pub(super) fn container_does_not_fit_ram(s: &Subject<'_>, out: &mut Vec<Warning>) {
    let c = s.capacity;
    let reservation = c.container_memory_reservation;
    if reservation > 0 && c.available_ram_mb < reservation as i64 {
        out.push(warning(
            WarningCode::ContainerDoesNotFitRam,
            Severity::Error,
            "container_memory",
            format!(
                "container_memory_reservation {reservation} MB is more than the {} MB a {} \
                 has for tasks: the module clamps tasks_per_instance_ram to 1, but ECS cannot \
                 place the task",
                c.available_ram_mb, s.inputs.asg_instance_type
            ),
            "lower container_memory (or container_memory_reservation), or pick an instance \
             type with more memory"
                .into(),
        ));
    }
}

pub(super) fn container_does_not_fit_cpu(s: &Subject<'_>, out: &mut Vec<Warning>) {
    let (i, c) = (s.inputs, s.capacity);
    if cpu_does_not_fit(s) {
        out.push(warning(
            WarningCode::ContainerDoesNotFitCpu,
            Severity::Error,
            if i.container_cpu.is_some() {
                "container_cpu"
            } else {
                "asg_instance_type"
            },
            format!(
                "container_cpu {} units is more than the {} units a {} has for tasks: the \
                 module clamps tasks_per_instance_cpu to 1, but ECS cannot place the task",
                c.container_cpu, c.available_cpu_units, i.asg_instance_type
            ),
            "lower container_cpu or gunicorn_workers, or pick an instance type with more vCPUs"
                .into(),
        ));
    }
}

pub(super) fn workers_exceed_memory(s: &Subject<'_>, out: &mut Vec<Warning>) {
    let (i, c) = (s.inputs, s.capacity);
    let worker_mb = s.tables.module.worker_memory_mb.get();
    let workers_need = c.gunicorn_workers.saturating_mul(worker_mb);
    if i.gunicorn_workers.is_some() && workers_need > i.container_memory {
        out.push(warning(
            WarningCode::WorkersExceedMemory,
            Severity::Warning,
            "gunicorn_workers",
            format!(
                "{} gunicorn workers at the module's {worker_mb} MB each need {workers_need} MB, \
                 more than container_memory {} MB: workers risk being killed for memory",
                c.gunicorn_workers, i.container_memory
            ),
            format!("raise container_memory to at least {workers_need}, or use fewer workers"),
        ));
    }
}

/// Fewer instances than the guide's minimum for high availability.
pub(super) fn too_few_instances(s: &Subject<'_>, out: &mut Vec<Warning>) {
    let c = s.capacity;
    let ha = s.tables.advice.min_instances_for_ha;
    // No instance at all is the ECS module's error (asg_min_size >= 1).
    if c.asg_instance_count > 0 && c.asg_instance_count < ha {
        out.push(warning(
            WarningCode::SingleInstance,
            Severity::Info,
            "asg_min_size",
            format!(
                "{} instance(s): the guide recommends at least {ha} for high availability",
                c.asg_instance_count
            ),
            format!("set asg_min_size to {ha}"),
        ));
    }
}

/// Tasks per instance by each module's overheads, as the placement rules
/// word it: both figures, and which module each comes from.
fn placement_words(s: &Subject<'_>, p: &Placement) -> String {
    let e = &s.tables.module.ecs;
    if p.by_pypiserver == p.by_ecs_module {
        return format!("{} per instance", p.per_instance);
    }
    format!(
        "{} per instance (pypiserver's arithmetic counts {}; with the ECS module's overheads, \
         {} MB for the host and {} MB and {} CPU units for the CloudWatch agent daemon, {} fit)",
        p.per_instance,
        p.by_pypiserver,
        e.host_memory_reserve_mb,
        e.daemon_memory_mb,
        e.daemon_cpu_units,
        p.by_ecs_module
    )
}

/// A shortfall that only the ECS module's conservative overheads show is
/// information: what ECS really registers per instance is not published.
fn shortfall_severity(p: &Placement, needed: u64, instances: u64) -> Severity {
    if p.by_pypiserver.saturating_mul(instances) < needed {
        Severity::Warning
    } else {
        Severity::Info
    }
}

pub(super) fn task_min_exceeds_placement(s: &Subject<'_>, out: &mut Vec<Warning>) {
    let c = s.capacity;
    let p = s.placement;
    // A container that fits nowhere by pypiserver's count has its own
    // warnings; one that fits only by it is said here.
    if p.per_instance == 0 {
        if p.by_pypiserver > 0 {
            out.push(no_room_by_the_ecs_module(s, &p));
        }
        return;
    }
    let placeable = p.per_instance.saturating_mul(c.asg_instance_count);
    if c.task_min_count > placeable {
        out.push(warning(
            WarningCode::TaskMinExceedsPlacement,
            shortfall_severity(&p, c.task_min_count, c.asg_instance_count),
            "task_min_count",
            format!(
                "task_min_count {} is more than the {placeable} tasks that fit on {} \
                 instance(s) at {}: {} may stay pending",
                c.task_min_count,
                c.asg_instance_count,
                placement_words(s, &p),
                match c.task_min_count - placeable {
                    1 => "1 task".to_string(),
                    n => format!("{n} tasks"),
                }
            ),
            format!("lower task_min_count to {placeable}, or add instances"),
        ));
    }
}

/// pypiserver's arithmetic places tasks, the ECS module's overheads leave
/// room for none: its derived maximum then runs away too.
fn no_room_by_the_ecs_module(s: &Subject<'_>, p: &Placement) -> Warning {
    let e = &s.tables.module.ecs;
    let ty = &s.inputs.asg_instance_type;
    warning(
        WarningCode::TaskMinExceedsPlacement,
        Severity::Warning,
        "asg_instance_type",
        format!(
            "pypiserver's arithmetic counts {} tasks per {ty}, but with the ECS module's \
             overheads ({} MB for the host, {} MB and {} CPU units for the CloudWatch agent \
             daemon) none fits; the ECS module {} {} sizes the group's maximum with those \
             overheads ({} instances here)",
            p.by_pypiserver,
            e.host_memory_reserve_mb,
            e.daemon_memory_mb,
            e.daemon_cpu_units,
            e.source,
            e.version,
            s.capacity.asg_max_size
        ),
        "pick an instance type with more memory, or set asg_max_size".into(),
    )
}

pub(super) fn task_max_exceeds_placement(s: &Subject<'_>, out: &mut Vec<Warning>) {
    let c = s.capacity;
    let p = s.placement;
    if p.per_instance == 0 {
        return;
    }
    let max = c.asg_max_size;
    let placeable = p.per_instance.saturating_mul(max);
    if c.task_max_count > placeable {
        let needed = c.task_max_count.div_ceil(p.per_instance);
        let whose = match c.asg_max_size_source {
            AsgMaxSizeSource::Set => "asg_max_size".to_string(),
            AsgMaxSizeSource::EcsModuleDefault => format!(
                "the asg_max_size the ECS module {} {} derives,",
                s.tables.module.ecs.source, s.tables.module.ecs.version
            ),
        };
        out.push(warning(
            WarningCode::TaskMaxExceedsPlacement,
            shortfall_severity(&p, c.task_max_count, max),
            "asg_max_size",
            format!(
                "task_max_count {} is more than the {placeable} tasks that fit on {whose} \
                 {max} instance(s) at {}: scaling out stops at {placeable}",
                c.task_max_count,
                placement_words(s, &p)
            ),
            format!("set asg_max_size to {needed}, or task_max_count to {placeable}"),
        ));
    }
}

/// A set ami_id: the AMI's architecture must be the instance type's, which
/// cannot be read offline (with ami_id null sizing refuses a type the
/// ECS module's default AMI cannot launch).
pub(super) fn ami_architecture_unverified(s: &Subject<'_>, out: &mut Vec<Warning>) {
    let Some(id) = &s.inputs.ami_id else { return };
    let arch = s.instance.arch.as_str();
    let (set, check_id) = if id == crate::module::variables::UNKNOWN_AMI_ID {
        (
            "ami_id (unknown before `terraform plan`)".to_string(),
            "AMI_ID",
        )
    } else {
        (format!("ami_id = \"{id}\""), id.as_str())
    };
    out.push(warning(
        WarningCode::AmiArchitectureUnverified,
        Severity::Info,
        "ami_id",
        format!(
            "{set} replaces the ECS module's default AMI: it must be an {arch} \
             ECS-optimized AMI for {}, or EC2 refuses to launch the instances and `terraform \
             apply` times out; pypi-size cannot check an AMI's architecture offline",
            s.inputs.asg_instance_type
        ),
        format!(
            "check with `aws ec2 describe-images --image-ids {check_id} --query \
             'Images[].Architecture'` that it is {arch}"
        ),
    ));
}

pub(super) fn burstable_continuous_ci(s: &Subject<'_>, out: &mut Vec<Warning>) {
    let threshold = s.tables.advice.continuous_ci_builds_per_day;
    // Burstable by the catalog's burstable information: t1.micro publishes
    // no baseline and is burstable all the same.
    if let Some(builds) = s.ci_builds_per_day
        && s.instance.burstable()
        && builds >= threshold
    {
        let baseline = match s.instance.baseline_cpu_pct {
            Some(pct) => format!("{}% CPU baseline", pct.get()),
            None => "no published CPU baseline".to_string(),
        };
        out.push(warning(
            WarningCode::BurstableContinuousCi,
            Severity::Warning,
            "asg_instance_type",
            format!(
                "{} is burstable ({baseline}) and {builds} CI builds a day is continuous \
                 load (the guide draws the line at {threshold}): it will run out of CPU credits",
                s.inputs.asg_instance_type,
            ),
            // Of the same architecture: the AMI launches no other.
            match s.instance.arch {
                Arch::X86_64 => {
                    "pick a compute-optimized type with a 100% baseline, such as c6a or c7i"
                }
                Arch::Arm64 => {
                    "pick a compute-optimized type with a 100% baseline, such as c6g or c7g"
                }
            }
            .into(),
        ));
    }
}

pub(super) fn provisioned_throughput_ignored(s: &Subject<'_>, out: &mut Vec<Warning>) {
    if s.provisioned_throughput_ignored {
        out.push(warning(
            WarningCode::ProvisionedThroughputIgnored,
            Severity::Info,
            "efs_provisioned_throughput_in_mibps",
            "efs_provisioned_throughput_in_mibps is set but efs_throughput_mode is not \
             \"provisioned\": the module ignores it"
                .to_string(),
            "remove it, or set efs_throughput_mode = \"provisioned\"".into(),
        ));
    }
}

/// One warning per workload figure larger than every profile of the guide.
pub(super) fn beyond_guide(s: &Subject<'_>, out: &mut Vec<Warning>) {
    let Some(selection) = s.selection else {
        return;
    };
    for fit in selection
        .figures
        .iter()
        .filter(|f| f.smallest_profile.is_none())
    {
        out.push(warning(
            WarningCode::BeyondGuide,
            Severity::Warning,
            "",
            format!(
                "{} = {} is beyond every profile of the guide: `{}` is its largest, not a \
                 tested fit",
                fit.figure, fit.value, selection.profile
            ),
            "load-test before relying on it; `pypi-size capacity` sizes larger configs".into(),
        ));
    }
}

pub(super) fn packages_beyond_tested(s: &Subject<'_>, out: &mut Vec<Warning>) {
    let cdn = s.tables.advice.cdn_packages_from;
    if let Some(fit) = s.selection.and_then(|sel| {
        sel.figures
            .iter()
            .find(|f| f.figure == "packages" && f.value >= cdn)
    }) {
        out.push(warning(
            WarningCode::PackagesBeyondTested,
            Severity::Info,
            "",
            format!(
                "{} packages: the guide tested up to {}, and from {cdn} it suggests a CDN or \
                 cache in front (pypiserver's simple-dir backend scans EFS on every listing)",
                fit.value, s.tables.advice.tested_packages
            ),
            "consider CloudFront or a caching layer in front of the index".into(),
        ));
    }
}

pub(super) fn guide_differs(s: &Subject<'_>, out: &mut Vec<Warning>) {
    let Some(profile) = s.profile else {
        return;
    };
    for (variable, message) in guide_differences(s, profile) {
        out.push(warning(
            WarningCode::GuideDiffers,
            Severity::Info,
            variable,
            message,
            "none needed: Terraform deploys what the module computes".into(),
        ));
    }
}

/// Where the guide's printed figures for a profile differ from what the
/// module computes (the module is what Terraform deploys). Each names the
/// variable it concerns, or none.
fn guide_differences(s: &Subject<'_>, profile: &Profile) -> Vec<(&'static str, String)> {
    let (g, c) = (&profile.guide, s.capacity);
    let name = &profile.name;
    let mut out = Vec::new();
    for (variable, claimed, computed) in [
        ("task_min_count", g.task_min_count, c.task_min_count),
        ("task_max_count", g.task_max_count, c.task_max_count),
    ] {
        if let Some(claimed) = claimed.filter(|&v| v != computed) {
            out.push((
                variable,
                format!("the guide says {variable} = {claimed} for `{name}`; the module computes {computed}"),
            ));
        }
    }
    out.extend(cost_difference(s, profile));
    if let Some(targets) = g.alb_targets.filter(|&t| t != c.task_min_count) {
        out.push((
            "",
            format!(
                "the guide speaks of {targets} ALB targets for `{name}`; the module runs {} \
                 tasks at minimum, each an ALB target",
                c.task_min_count
            ),
        ));
    }
    if let Some(text) = &g.worker_formula {
        out.push((
            "gunicorn_workers",
            format!(
                "the guide derives the workers as {text}; the module computes {} = {}",
                crate::module::formulas::formula(1, &s.tables.module),
                c.gunicorn_workers
            ),
        ));
    }
    if let Some(installs) = g.simultaneous_installs {
        out.push((
            "",
            format!(
                "the guide says {installs} workers handle {installs} simultaneous pip installs \
                 without queuing; gunicorn runs gevent workers, each multiplexing many \
                 connections: {} worker processes is how many requests can use a CPU at once, \
                 not a cap on concurrent installs",
                c.total_workers
            ),
        ));
    }
    out.extend(decision_tree_difference(s, profile));
    out
}

/// The guide's monthly total, and the line that explains a difference.
fn cost_difference(s: &Subject<'_>, profile: &Profile) -> Option<(&'static str, String)> {
    let (g, name) = (&profile.guide, &profile.name);
    let bill = s.profile_cost.as_ref()?;
    let (claimed, computed) = (g.monthly_total?, bill.total);
    // The guide rounds its totals to the dollar ("~$245").
    if (claimed.get() - computed).abs() <= 1.0 {
        return None;
    }
    let p = &s.tables.pricing;
    // The guide prices EC2, EFS and the ALB (at 720 hours) and its LCUs;
    // every other line of the stack's bill it leaves out.
    let guide_lines = bill.ec2
        + bill.efs_storage
        + bill.efs_reads
        + bill.efs_writes
        + bill.efs_provisioned_throughput
        + bill.alb
        + bill.alb_lcu;
    let left_out = ((computed - guide_lines) * 100.0).round() / 100.0;
    let alb = format!(
        "; it leaves out ${left_out:.2} of the stack's bill (the root volumes, the ALB's \
         public IPv4 addresses, the secret, CloudWatch, the backup and the logs) and prices \
         the ALB at 720 hours (${:.2}, not ${:.2})",
        p.guide_alb_month.get(),
        bill.alb
    );
    let gb = profile.assumptions.efs_storage_gb.get();
    let efs = (gb * p.efs_storage_gb_month.get() * 100.0).round() / 100.0;
    let cause = match g.efs_month {
        Some(line) if (line.get() - efs).abs() >= 0.01 => format!(
            ": its EFS line is ~${:.0}, but {gb} GB at its own ${:.2}/GB-month is ${efs:.2}",
            line.get(),
            p.efs_storage_gb_month.get()
        ),
        _ => String::new(),
    };
    Some((
        "",
        format!(
            "the guide puts `{name}` at ~${:.0} a month; the whole bill is \
             ${computed:.2} at asg_min_size{alb}{cause}",
            claimed.get()
        ),
    ))
}

/// A profile chosen by team size where the guide's decision tree would
/// draw the line elsewhere.
fn decision_tree_difference(s: &Subject<'_>, profile: &Profile) -> Option<(&'static str, String)> {
    let users = s
        .selection?
        .figures
        .iter()
        .find(|f| f.figure == "users")?
        .value;
    let tree = s
        .tables
        .profiles
        .iter()
        .find(|p| p.guide.decision_tree_users_below.is_none_or(|b| users < b))?;
    (tree.name != profile.name).then(|| {
        (
            "",
            format!(
                "for {users} users the guide's decision tree says `{}`, its profiles say `{}`: \
                 pypi-size follows the profiles",
                tree.name, profile.name
            ),
        )
    })
}
