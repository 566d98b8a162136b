//! What a careful engineer would point out about a config: the places where
//! Terraform's arithmetic gives a number that ECS or AWS will not honour, and
//! where the guide's own figures differ from what the module deploys.

use serde::Serialize;

use crate::answers::recommend::Selection;
use crate::data::{Instance, Profile, Tables};
use crate::module::bill::CostRange;
use crate::module::capacity::Capacity;
use crate::module::placement::Placement;
use crate::module::variables::SizingInputs;

mod rules;

/// One problem or note, in the one shape every command uses for them
/// (capacity's and recommend's `warnings`, compare rows' `warnings`,
/// advise's `observations`; check's `findings` add a location).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Warning {
    pub code: WarningCode,
    pub severity: Severity,
    /// The module variable to change (where `check` points in a file);
    /// `null` where the note concerns no one variable.
    pub variable: Option<&'static str>,
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl Warning {
    pub fn new(
        code: WarningCode,
        severity: Severity,
        variable: Option<&'static str>,
        message: String,
        fix: String,
    ) -> Warning {
        Warning {
            code,
            severity,
            variable,
            message,
            fix,
        }
    }
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
    WorkersExceedMemory,
    SingleInstance,
    TaskMinExceedsPlacement,
    TaskMaxExceedsPlacement,
    BurstableContinuousCi,
    ProvisionedThroughputIgnored,
    BeyondGuide,
    PackagesBeyondTested,
    GuideDiffers,
    /// advise: a metric within the guide's threshold.
    MetricWithinGuide,
    /// advise: a figure read during a burst, which the guide does not scale on.
    BurstNotSustained,
    /// A set ami_id, whose architecture cannot be checked offline.
    AmiArchitectureUnverified,
    /// advise with a burst: the current config's predicted P95 band above
    /// the guide's burst target.
    PredictedBurstOverTarget,
}

impl WarningCode {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::ContainerDoesNotFitRam => "container_does_not_fit_ram",
            WarningCode::ContainerDoesNotFitCpu => "container_does_not_fit_cpu",
            WarningCode::WorkersExceedMemory => "workers_exceed_memory",
            WarningCode::SingleInstance => "single_instance",
            WarningCode::TaskMinExceedsPlacement => "task_min_exceeds_placement",
            WarningCode::TaskMaxExceedsPlacement => "task_max_exceeds_placement",
            WarningCode::BurstableContinuousCi => "burstable_continuous_ci",
            WarningCode::ProvisionedThroughputIgnored => "provisioned_throughput_ignored",
            WarningCode::BeyondGuide => "beyond_guide",
            WarningCode::PackagesBeyondTested => "packages_beyond_tested",
            WarningCode::GuideDiffers => "guide_differs",
            WarningCode::MetricWithinGuide => "metric_within_guide",
            WarningCode::BurstNotSustained => "burst_not_sustained",
            WarningCode::AmiArchitectureUnverified => "ami_architecture_unverified",
            WarningCode::PredictedBurstOverTarget => "predicted_burst_over_target",
        }
    }
}

impl WarningCode {
    pub const ALL: [WarningCode; 15] = [
        WarningCode::ContainerDoesNotFitRam,
        WarningCode::ContainerDoesNotFitCpu,
        WarningCode::WorkersExceedMemory,
        WarningCode::SingleInstance,
        WarningCode::TaskMinExceedsPlacement,
        WarningCode::TaskMaxExceedsPlacement,
        WarningCode::BurstableContinuousCi,
        WarningCode::ProvisionedThroughputIgnored,
        WarningCode::BeyondGuide,
        WarningCode::PackagesBeyondTested,
        WarningCode::GuideDiffers,
        WarningCode::MetricWithinGuide,
        WarningCode::BurstNotSustained,
        WarningCode::AmiArchitectureUnverified,
        WarningCode::PredictedBurstOverTarget,
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
    /// Tasks an instance holds by both modules' overheads.
    pub placement: Placement,
    pub cost: &'a CostRange,
    pub ci_builds_per_day: Option<u64>,
    pub provisioned_throughput_ignored: bool,
    pub profile: Option<&'a Profile>,
    /// The profile's bill at asg_min_size with its own cost assumptions (no
    /// savings plan, its usage figures): what the guide's figure is
    /// compared with, whatever cost flags the user gave.
    pub profile_cost: Option<crate::module::cost::MonthlyCost>,
    pub selection: Option<&'a Selection>,
}

/// A check over the subject: pushes the warnings it finds, if any.
type Rule = fn(&Subject<'_>, &mut Vec<Warning>);

/// The checks. Their order is the order of the warnings in every output
/// (snapshots and scripts see it): add a rule where its warning belongs.
const RULES: [Rule; 12] = [
    rules::container_does_not_fit_ram,
    rules::container_does_not_fit_cpu,
    rules::workers_exceed_memory,
    rules::too_few_instances,
    rules::task_min_exceeds_placement,
    rules::task_max_exceeds_placement,
    rules::ami_architecture_unverified,
    rules::burstable_continuous_ci,
    rules::provisioned_throughput_ignored,
    rules::beyond_guide,
    rules::packages_beyond_tested,
    rules::guide_differs,
];

pub fn assess(s: &Subject<'_>) -> Vec<Warning> {
    let mut out = Vec::new();
    for rule in RULES {
        rule(s, &mut out);
    }
    out
}
