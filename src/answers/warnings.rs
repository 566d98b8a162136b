//! What a careful engineer would point out about a config: the places where
//! Terraform's arithmetic gives a number that ECS or AWS will not honour, and
//! where the guide's own figures differ from what the module deploys.

use serde::Serialize;

use crate::answers::recommend::Selection;
use crate::data::{Instance, Profile, Tables};
use crate::module::capacity::Capacity;
use crate::module::cost::CostRange;
use crate::module::variables::SizingInputs;

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Warning {
    pub code: WarningCode,
    pub severity: Severity,
    /// The module variable to change (where `check` points in a file).
    pub variable: &'static str,
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

/// How bad a finding is, worst first: `error` is a config AWS, ECS or the
/// module rejects or cannot run; `warning` runs but not as intended.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Stable codes: CI scripts match on them. Add new ones; never rename.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarningCode {
    ContainerDoesNotFitRam,
    ContainerDoesNotFitCpu,
    ReservationZero,
    ReservationAboveMemory,
    WorkersExceedMemory,
    AsgMinSizeZero,
    AsgMinAboveMax,
    SingleInstance,
    TaskMaxBelowMin,
    TaskMinExceedsPlacement,
    TaskMaxExceedsPlacement,
    BurstableContinuousCi,
    ProvisionedThroughputIgnored,
    BeyondGuide,
    PackagesBeyondTested,
    GuideDiffers,
}

impl WarningCode {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::ContainerDoesNotFitRam => "container_does_not_fit_ram",
            WarningCode::ContainerDoesNotFitCpu => "container_does_not_fit_cpu",
            WarningCode::ReservationZero => "reservation_zero",
            WarningCode::ReservationAboveMemory => "reservation_above_memory",
            WarningCode::WorkersExceedMemory => "workers_exceed_memory",
            WarningCode::AsgMinSizeZero => "asg_min_size_zero",
            WarningCode::AsgMinAboveMax => "asg_min_above_max",
            WarningCode::SingleInstance => "single_instance",
            WarningCode::TaskMaxBelowMin => "task_max_below_min",
            WarningCode::TaskMinExceedsPlacement => "task_min_exceeds_placement",
            WarningCode::TaskMaxExceedsPlacement => "task_max_exceeds_placement",
            WarningCode::BurstableContinuousCi => "burstable_continuous_ci",
            WarningCode::ProvisionedThroughputIgnored => "provisioned_throughput_ignored",
            WarningCode::BeyondGuide => "beyond_guide",
            WarningCode::PackagesBeyondTested => "packages_beyond_tested",
            WarningCode::GuideDiffers => "guide_differs",
        }
    }
}

impl WarningCode {
    pub const ALL: [WarningCode; 16] = [
        WarningCode::ContainerDoesNotFitRam,
        WarningCode::ContainerDoesNotFitCpu,
        WarningCode::ReservationZero,
        WarningCode::ReservationAboveMemory,
        WarningCode::WorkersExceedMemory,
        WarningCode::AsgMinSizeZero,
        WarningCode::AsgMinAboveMax,
        WarningCode::SingleInstance,
        WarningCode::TaskMaxBelowMin,
        WarningCode::TaskMinExceedsPlacement,
        WarningCode::TaskMaxExceedsPlacement,
        WarningCode::BurstableContinuousCi,
        WarningCode::ProvisionedThroughputIgnored,
        WarningCode::BeyondGuide,
        WarningCode::PackagesBeyondTested,
        WarningCode::GuideDiffers,
    ];
}

impl schemars::JsonSchema for WarningCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "WarningCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = WarningCode::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({ "type": "string", "enum": codes })
    }
}

impl Serialize for WarningCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Everything the checks look at.
pub struct Subject<'a> {
    pub tables: &'a Tables,
    pub inputs: &'a SizingInputs,
    pub instance: &'a Instance,
    pub capacity: &'a Capacity,
    pub cost: &'a CostRange,
    pub ci_builds_per_day: Option<u64>,
    pub provisioned_throughput_ignored: bool,
    pub profile: Option<&'a Profile>,
    /// The profile's total at asg_min_size with its own cost assumptions (no
    /// savings plan, its EFS and LCU figures): what the guide's figure is
    /// compared with, whatever cost flags the user gave.
    pub profile_cost_total: Option<f64>,
    pub selection: Option<&'a Selection>,
}

pub fn assess(s: &Subject<'_>) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut warn = |code, severity, variable, message: String, fix: String| {
        out.push(Warning {
            code,
            severity,
            variable,
            message,
            fix,
        })
    };
    let (i, c) = (s.inputs, s.capacity);
    let ty = &i.asg_instance_type;
    let reservation = c.container_memory_reservation;

    if reservation > 0 && c.available_ram_mb < reservation as i64 {
        warn(
            WarningCode::ContainerDoesNotFitRam,
            Severity::Error,
            "container_memory",
            format!(
                "container_memory_reservation {reservation} MB is more than the {} MB a {ty} \
                 has for tasks: the module clamps tasks_per_instance_ram to 1, but ECS cannot \
                 place the task",
                c.available_ram_mb
            ),
            "lower container_memory (or container_memory_reservation), or pick an instance \
             type with more memory"
                .into(),
        );
    }
    if c.available_cpu_units < c.container_cpu as i64 {
        warn(
            WarningCode::ContainerDoesNotFitCpu,
            Severity::Error,
            if i.container_cpu.is_some() {
                "container_cpu"
            } else {
                "asg_instance_type"
            },
            format!(
                "container_cpu {} units is more than the {} units a {ty} has for tasks: the \
                 module clamps tasks_per_instance_cpu to 1, but ECS cannot place the task",
                c.container_cpu, c.available_cpu_units
            ),
            "lower container_cpu or gunicorn_workers, or pick an instance type with more vCPUs"
                .into(),
        );
    }
    if reservation == 0 {
        // ECS places a task without a soft limit by its hard limit.
        let by_hard_limit = c.available_ram_mb.max(0) as u64 / i.container_memory;
        let bound = if c.tasks_per_instance_ram.is_some() {
            // Below the overheads Terraform divides a negative by zero.
            "the instance has no RAM left for tasks, so the module clamps the RAM bound to 1"
        } else {
            "the module drops the RAM bound and only CPU sizes the tasks"
        };
        let consequence = if c.available_cpu_units < c.container_cpu as i64 {
            "its CPU share does not fit either way (container_does_not_fit_cpu)".to_string()
        } else if by_hard_limit == 0 {
            format!(
                "ECS reserves the full container_memory {} MB per task, and not one fits in the \
                 {} MB a {ty} has for tasks: the service cannot run",
                i.container_memory, c.available_ram_mb
            )
        } else if by_hard_limit < c.tasks_per_instance {
            format!(
                "ECS reserves the full container_memory {} MB per task, so only {by_hard_limit} \
                 of the {} tasks per instance fit in its {} MB",
                i.container_memory, c.tasks_per_instance, c.available_ram_mb
            )
        } else {
            format!(
                "ECS reserves the full container_memory {} MB per task; the {} tasks per \
                 instance still fit",
                i.container_memory, c.tasks_per_instance
            )
        };
        warn(
            WarningCode::ReservationZero,
            if by_hard_limit == 0 && c.available_cpu_units >= c.container_cpu as i64 {
                Severity::Error
            } else {
                Severity::Warning
            },
            "container_memory_reservation",
            format!(
                "container_memory_reservation = 0 disables the soft limit: {bound}; {consequence}"
            ),
            "leave container_memory_reservation unset (75% of container_memory) unless you \
             mean to size by CPU alone"
                .into(),
        );
    }
    if reservation > i.container_memory {
        warn(
            WarningCode::ReservationAboveMemory,
            Severity::Error,
            "container_memory_reservation",
            format!(
                "container_memory_reservation {reservation} MB is above container_memory {} MB: \
                 ECS rejects a task definition whose soft limit exceeds its hard limit",
                i.container_memory
            ),
            "set container_memory_reservation below container_memory, or leave it unset".into(),
        );
    }
    let worker_mb = s.tables.module.worker_memory_mb.get();
    let workers_need = c.gunicorn_workers.saturating_mul(worker_mb);
    if i.gunicorn_workers.is_some() && workers_need > i.container_memory {
        warn(
            WarningCode::WorkersExceedMemory,
            Severity::Warning,
            "gunicorn_workers",
            format!(
                "{} gunicorn workers at the module's {worker_mb} MB each need {workers_need} MB, \
                 more than container_memory {} MB: workers risk being killed for memory",
                c.gunicorn_workers, i.container_memory
            ),
            format!("raise container_memory to at least {workers_need}, or use fewer workers"),
        );
    }
    let ha = s.tables.advice.min_instances_for_ha;
    if c.asg_instance_count == 0 {
        warn(
            WarningCode::AsgMinSizeZero,
            Severity::Warning,
            "asg_min_size",
            if i.task_min_count.is_some() {
                format!(
                    "asg_min_size = 0: the group starts with no instance, so the {} tasks of \
                     task_min_count have nowhere to run",
                    c.task_min_count
                )
            } else {
                "asg_min_size = 0: the group starts with no instance, so task_min_count and \
                 task_max_count are 0 and nothing serves requests"
                    .to_string()
            },
            format!("set asg_min_size to at least {ha}"),
        );
    } else if c.asg_instance_count < ha {
        warn(
            WarningCode::SingleInstance,
            Severity::Info,
            "asg_min_size",
            format!(
                "{} instance(s): the guide recommends at least {ha} for high availability",
                c.asg_instance_count
            ),
            format!("set asg_min_size to {ha}"),
        );
    }
    if let (None, Some(max)) = (i.asg_min_size, i.asg_max_size)
        && i.subnets > max
    {
        warn(
            WarningCode::AsgMinAboveMax,
            Severity::Error,
            "asg_max_size",
            format!(
                "asg_min_size is null, so the module uses the {} subnets as the minimum, which \
                 is above asg_max_size {max}: AWS rejects the group",
                i.subnets
            ),
            format!(
                "set asg_min_size, or raise asg_max_size to at least {}",
                i.subnets
            ),
        );
    }
    if c.task_max_count < c.task_min_count {
        warn(
            WarningCode::TaskMaxBelowMin,
            Severity::Warning,
            "task_max_count",
            format!(
                "task_max_count {} is below task_min_count {}: the service cannot scale and \
                 ECS autoscaling rejects a maximum below the minimum",
                c.task_max_count, c.task_min_count
            ),
            format!(
                "raise task_max_count to at least {}, or leave it unset",
                c.task_min_count
            ),
        );
    }
    let placeable_at_min = c.tasks_per_instance.saturating_mul(c.asg_instance_count);
    if c.task_min_count > placeable_at_min {
        warn(
            WarningCode::TaskMinExceedsPlacement,
            Severity::Warning,
            "task_min_count",
            format!(
                "task_min_count {} is more than the {placeable_at_min} tasks that fit on {} \
                 instance(s) at {} per instance: {} tasks stay pending",
                c.task_min_count,
                c.asg_instance_count,
                c.tasks_per_instance,
                c.task_min_count - placeable_at_min
            ),
            format!("lower task_min_count to {placeable_at_min}, or add instances"),
        );
    }
    if let Some(max) = i.asg_max_size {
        let placeable_at_max = c.tasks_per_instance.saturating_mul(max);
        if c.task_max_count > placeable_at_max {
            let needed = c.task_max_count.div_ceil(c.tasks_per_instance);
            warn(
                WarningCode::TaskMaxExceedsPlacement,
                Severity::Warning,
                "asg_max_size",
                format!(
                    "task_max_count {} is more than the {placeable_at_max} tasks that fit on \
                     asg_max_size {max} instance(s) at {} per instance: scaling out stops at \
                     {placeable_at_max}",
                    c.task_max_count, c.tasks_per_instance
                ),
                format!(
                    "raise asg_max_size to {needed}, or set task_max_count to {placeable_at_max}"
                ),
            );
        }
    }
    let threshold = s.tables.advice.continuous_ci_builds_per_day;
    if let (Some(baseline), Some(builds)) = (s.instance.baseline_cpu_pct, s.ci_builds_per_day)
        && builds >= threshold
    {
        warn(
            WarningCode::BurstableContinuousCi,
            Severity::Warning,
            "asg_instance_type",
            format!(
                "{ty} is burstable ({}% CPU baseline) and {builds} CI builds a day is continuous \
                 load (the guide draws the line at {threshold}): it will run out of CPU credits",
                baseline.get()
            ),
            "pick a compute-optimized type with a 100% baseline, such as c6a or c7g".into(),
        );
    }
    if s.provisioned_throughput_ignored {
        warn(
            WarningCode::ProvisionedThroughputIgnored,
            Severity::Info,
            "efs_provisioned_throughput_in_mibps",
            "efs_provisioned_throughput_in_mibps is set but efs_throughput_mode is not \
             \"provisioned\": the module ignores it"
                .to_string(),
            "remove it, or set efs_throughput_mode = \"provisioned\"".into(),
        );
    }
    if let Some(selection) = s.selection {
        for fit in selection
            .figures
            .iter()
            .filter(|f| f.smallest_profile.is_none())
        {
            warn(
                WarningCode::BeyondGuide,
                Severity::Warning,
                "asg_instance_type",
                format!(
                    "{} = {} is beyond every profile of the guide: `{}` is its largest, not a \
                     tested fit",
                    fit.figure, fit.value, selection.profile
                ),
                "load-test before relying on it; `pypi-size capacity` sizes larger configs".into(),
            );
        }
    }
    let cdn = s.tables.advice.cdn_packages_from;
    if let Some(fit) = s.selection.and_then(|sel| {
        sel.figures
            .iter()
            .find(|f| f.figure == "packages" && f.value >= cdn)
    }) {
        warn(
            WarningCode::PackagesBeyondTested,
            Severity::Info,
            "asg_instance_type",
            format!(
                "{} packages: the guide tested up to 500, and from {cdn} it suggests a CDN or \
                 cache in front (pypiserver's simple-dir backend scans EFS on every listing)",
                fit.value
            ),
            "consider CloudFront or a caching layer in front of the index".into(),
        );
    }
    if let Some(profile) = s.profile {
        for (variable, message) in guide_differences(profile, c, s.profile_cost_total) {
            warn(
                WarningCode::GuideDiffers,
                Severity::Info,
                variable,
                message,
                "none needed: Terraform deploys what the module computes".into(),
            );
        }
    }
    out
}

/// Where the guide's printed figures for a profile differ from what the
/// module computes (the module is what Terraform deploys).
fn guide_differences(
    profile: &Profile,
    c: &Capacity,
    cost_total: Option<f64>,
) -> Vec<(&'static str, String)> {
    let g = &profile.guide;
    let mut out = Vec::new();
    for (name, claimed, computed) in [
        ("task_min_count", g.task_min_count, c.task_min_count),
        ("task_max_count", g.task_max_count, c.task_max_count),
    ] {
        if let Some(claimed) = claimed.filter(|&v| v != computed) {
            out.push((
                name,
                format!(
                    "the guide says {name} = {claimed} for `{}`; the module computes {computed}",
                    profile.name
                ),
            ));
        }
    }
    if let (Some(claimed), Some(computed)) = (g.monthly_total, cost_total) {
        // The guide rounds its totals to the dollar ("~$245").
        if (claimed.get() - computed).abs() > 1.0 {
            out.push((
                "asg_instance_type",
                format!(
                    "the guide puts `{}` at ~{:.0} a month; its own prices add up to \
                     {computed:.2} at asg_min_size",
                    profile.name,
                    claimed.get()
                ),
            ));
        }
    }
    out
}
