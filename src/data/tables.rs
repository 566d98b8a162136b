//! The data tables of `profiles.toml`: the module's constants, defaults and
//! accepted ranges, the prices, the instance catalog and the guide's profiles.
//!
//! Loading is strict. Unknown keys are rejected (`deny_unknown_fields`); values
//! are checked as they are read (no zero vCPUs, no negative or infinite prices)
//! so the TOML parser reports their line; cross-references (a profile naming an
//! instance) are checked after, with the line of the offending value.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

pub use crate::data::arguments::EfsThroughputMode;
use crate::data::arguments::ModuleArguments;
use crate::data::catalog::{Catalog, Instance};
use crate::data::choice::{Choice, Named};
use crate::data::values::{Amount, Bounds, Pattern, Percent, Positive, Ratio, Usd};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tables {
    pub module: ModuleConstants,
    pub pricing: Pricing,
    pub cost_defaults: CostAssumptions,
    pub advice: AdviceRules,
    /// `advise --metrics`: the definitions its judgments read.
    pub metrics: MetricRules,
    pub plan: PlanPlaces,
    pub predict: PredictData,
    /// A profiles file's own `[instances]`, priced as its `[pricing]`; once
    /// loaded they are in `instances`. The embedded profiles.toml has none.
    #[serde(default, rename = "instances", skip_serializing)]
    pub file_instances: Option<BTreeMap<Spanned<String>, Instance>>,
    pub profiles: Vec<Profile>,
    /// The instance catalog: the embedded one, a profiles file's own
    /// `[instances]`, or a catalog file.
    #[serde(skip)]
    pub instances: Catalog,
}

/// The module's constants: what its `locals` compute with.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleConstants {
    pub source: String,
    pub registry_source: String,
    pub version: String,
    pub system_overhead_mb: u64,
    pub page_cache_mb: u64,
    pub cpu_units_per_vcpu: Positive,
    pub system_cpu_units: u64,
    pub memory_reservation_ratio: Ratio,
    pub worker_memory_mb: Positive,
    pub min_gunicorn_workers: Positive,
    pub max_gunicorn_workers: Positive,
    pub cpu_units_per_worker: u64,
    pub cpu_units_base: u64,
    pub task_max_multiplier: u64,
    pub defaults: ModuleDefaults,
    pub limits: Limits,
    /// The ECS module pypiserver calls, which deploys what it computes.
    pub ecs: EcsModule,
    /// The rest of the stack, as the bill needs it.
    pub stack: Stack,
    /// Every variable and meta-argument a module block may set.
    pub interface: tf_eval::ModuleInterface,
}

/// `infrahouse/ecs/aws` as pypiserver calls it: what it adds on top of
/// pypiserver's numbers (module-stack.md).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EcsModule {
    pub source: String,
    pub version: String,
    /// Memory the ECS module keeps for the host when it derives asg_max_size.
    pub host_memory_reserve_mb: u64,
    /// Per-instance daemons (the CloudWatch agent; pypiserver always enables it).
    pub daemon_cpu_units: u64,
    pub daemon_memory_mb: u64,
    /// The third term of its asg_max_size: asg_min_size + this.
    pub asg_max_size_headroom: u64,
    /// The AMI it launches when `ami_id` is null.
    pub default_ami: DefaultAmi,
    pub limits: EcsLimits,
}

/// The ECS module's `data "aws_ami" "ecs"` (datasources.tf): the filters
/// that pick the AMI when `ami_id` is null. Only instance types of its
/// architecture can launch from it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultAmi {
    /// The image name pattern (most recent wins).
    pub name: String,
    /// The owning account (Amazon's).
    pub owner: String,
    pub architecture: crate::data::catalog::Arch,
}

impl DefaultAmi {
    /// The filter as the ECS module writes it, for messages.
    pub fn describe(&self) -> String {
        format!(
            "default AMI, the most recent \"{}\" image owned by {} with architecture = {}",
            self.name,
            self.owner,
            self.architecture.as_str()
        )
    }
}

/// What the whole stack creates besides the capacity arithmetic, as the
/// bill needs it: the root volume's size, the log retention and the
/// estimated CloudWatch metric counts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Stack {
    /// website-pod's `var.root_volume_size`, GB.
    pub root_volume_size_gb: u64,
    /// GB of root volume per GiB of the instance's memory.
    pub root_volume_gb_per_memory_gib: u64,
    /// The module (source and version) whose launch template sets it.
    pub launch_template_module: String,
    /// The ALB is internet-facing unless told otherwise.
    pub alb_internet_facing: bool,
    pub log_retention_days: u64,
    /// The estimated alarm metrics, and those bursting mode adds.
    pub alarm_metrics: u64,
    pub bursting_alarm_metrics: u64,
    /// The estimated Container Insights metrics.
    pub container_insights_metrics: u64,
}

/// The ECS module's variable validations that a pypiserver config can fail.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EcsLimits {
    pub asg_min_size: Bounds,
    pub asg_max_size: Bounds,
    pub container_memory_reservation: Bounds,
    pub task_min_count: Bounds,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleDefaults {
    pub asg_instance_type: Spanned<String>,
    pub container_memory: u64,
    pub subnets: Positive,
    pub efs_throughput_mode: EfsThroughputMode,
    pub efs_lifecycle_policy: Option<u64>,
    pub enable_efs_backup: bool,
    pub enable_cloudwatch_dashboard: bool,
}

impl Limits {
    /// The whole-number range of a variable, by its name.
    pub fn range(&self, variable: &str) -> Option<Bounds> {
        Some(match variable {
            "asg_min_size" => self.asg_min_size,
            "asg_max_size" => self.asg_max_size,
            "container_memory" => self.container_memory,
            "container_memory_reservation" => self.container_memory_reservation,
            "container_cpu" => self.container_cpu,
            "gunicorn_workers" => self.gunicorn_workers,
            "task_min_count" => self.task_min_count,
            "task_max_count" => self.task_max_count,
            "efs_provisioned_throughput_in_mibps" => self.efs_provisioned_throughput_in_mibps,
            _ => return None,
        })
    }
}

impl EcsLimits {
    /// The ECS module's range for a variable pypiserver passes it.
    pub fn range(&self, variable: &str) -> Option<Bounds> {
        Some(match variable {
            "asg_min_size" => self.asg_min_size,
            "asg_max_size" => self.asg_max_size,
            "container_memory_reservation" => self.container_memory_reservation,
            "task_min_count" => self.task_min_count,
            _ => return None,
        })
    }
}

/// The module's variable validations, as inclusive ranges.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The regex of the module's asg_instance_type validation.
    pub asg_instance_type: Pattern,
    pub asg_min_size: Bounds,
    pub asg_max_size: Bounds,
    /// How many subnets asg_subnets may hold.
    pub asg_subnets: Bounds,
    pub container_memory: Bounds,
    pub container_memory_reservation: Bounds,
    pub container_cpu: Bounds,
    pub gunicorn_workers: Bounds,
    pub task_min_count: Bounds,
    pub task_max_count: Bounds,
    pub efs_provisioned_throughput_in_mibps: Bounds,
    pub efs_lifecycle_policy: Vec<u64>,
    /// AWS's: an ALB needs subnets in two Availability Zones at least.
    pub load_balancer_subnets: Bounds,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    pub currency: String,
    pub region: String,
    pub source: String,
    pub as_of: String,
    pub hours_per_month: Amount,
    pub efs_storage_gb_month: Usd,
    pub efs_ia_storage_gb_month: Usd,
    pub efs_elastic_read_gb: Usd,
    pub efs_elastic_write_gb: Usd,
    pub efs_provisioned_mibps_month: Usd,
    pub alb_hour: Usd,
    /// The guide's ALB a month (720 hours), to name where it differs.
    pub guide_alb_month: Usd,
    pub alb_lcu_hour: Usd,
    pub public_ipv4_hour: Usd,
    pub ebs_gp3_gb_month: Usd,
    pub backup_warm_gb_month: Usd,
    pub secret_month: Usd,
    pub dashboard_month: Usd,
    pub alarm_metric_month: Usd,
    pub custom_metric_month: Usd,
    pub logs_ingested_gb: Usd,
    pub logs_stored_gb_month: Usd,
    pub s3_standard_gb_month: Usd,
    pub free_tier: FreeTier,
}

/// The account's free tiers, stated with a bill and never taken off it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FreeTier {
    pub alarm_metrics: u64,
    pub custom_metrics: u64,
    pub dashboards: u64,
    pub logs_gb: u64,
}

/// Where a `terraform show -json` plan of the module holds the figures
/// `check --plan` reads: resource addresses from the module instance's own
/// address (`module.pypiserver["prod"]` + `.` + the address).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanPlaces {
    pub launch_template: String,
    pub autoscaling_group: String,
    pub autoscaling_target: String,
    pub task_definition: String,
    /// The environment variable of pypiserver's container that carries
    /// gunicorn_workers: it tells that container from others (its name is
    /// the service's, which the caller chooses).
    pub workers_environment: String,
    pub efs_file_system: String,
    pub load_balancer: String,
    /// The data source pypiserver reads the instance type's vCPUs and
    /// memory with, during plan (in `prior_state`).
    pub instance_type_data: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdviceRules {
    pub continuous_ci_builds_per_day: u64,
    pub min_instances_for_ha: u64,
    pub cdn_packages_from: u64,
    /// The guide's FAQ: "Tested up to N packages".
    pub tested_packages: u64,
    pub scale_up_cpu_pct: Percent,
    pub scale_up_error_rate_pct: Percent,
    pub scale_up_p95_latency_s: Amount,
    pub burst_p95_latency_s: Amount,
    pub burst_error_rate_pct: Percent,
    pub memory_pressure_pct: Percent,
    pub efs_percent_io_limit_pct: Percent,
    pub efs_provisioned_mibps: u64,
    pub downgrade_cpu_pct: Percent,
    pub downgrade_memory_pct: Percent,
}

/// `[metrics]`: how `advise --metrics` reads CloudWatch series
/// (docs/metrics.md). Durations are minutes, the period seconds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MetricRules {
    pub period_s: Positive,
    pub default_days: Positive,
    pub max_days: Positive,
    pub max_queries_per_call: Positive,
    pub max_datapoints_per_call: Positive,
    pub sustained_minutes: Positive,
    pub sustained_days: Positive,
    pub burst_request_factor: Amount,
    pub burst_max_minutes: Positive,
    pub error_rate_min_requests: u64,
    pub quiet_percentile: Percent,
    pub quiet_min_days: Positive,
    pub burst_credit_low_bytes: Amount,
    pub min_coverage_pct: Percent,
}

/// `predict`'s measured figures (CPU per request type and per file, the
/// measuring CPU) and the defaults of its burst; each field's source is in
/// profiles.toml beside it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PredictData {
    pub measured_versions: String,
    pub measured_cpu: String,
    pub measured_source: String,
    pub measured_clock_ghz: Amount,
    pub measured_files: u64,
    pub per_file_cpu_ms: Amount,
    /// The measured install's requests that list the directory.
    pub per_file_requests: Positive,
    pub bcrypt_cpu_ms: Amount,
    pub smt_thread_speed: Ratio,
    pub model_uncertainty: Ratio,
    pub speed_uncertainty: Ratio,
    pub seed: u64,
    /// Runs pooled per scenario, on seeds `seed`, `seed + 1`, ….
    pub replications: Positive,
    /// `optimize --p95`: requests its predictions may simulate in all.
    pub optimize_budget_requests: Positive,
    pub busiest_share: Ratio,
    pub busiest_share_source: String,
    pub packages: u64,
    /// The most files the per-file term was measured at.
    pub measured_files_max: u64,
    /// `--packages` above this is refused.
    pub packages_max: u64,
    pub pip_timeout_s: Amount,
    pub stress_test_timeout_s: Amount,
    pub gunicorn_keepalive_s: Amount,
    pub alb_idle_timeout_s: Amount,
    pub keepalive_evidence: String,
    /// `advise --metrics`: ALB requests one pip install makes, to turn the
    /// largest burst period's RequestCount into clients.
    pub metrics_requests_per_install: Positive,
    pub metrics_burst_assumption: String,
    pub redirect: RequestCpu,
    pub index: RequestCpu,
    pub download: RequestCpu,
    /// A T family's credit mode when the launch template sets none.
    pub default_credit_mode: BTreeMap<String, CreditMode>,
}

/// CPU of one request type, as measured.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestCpu {
    pub path: String,
    pub median_cpu_ms: Amount,
    pub p95_cpu_ms: Amount,
    /// simple-dir lists the package directory for it: it pays the per-file term.
    pub lists_directory: bool,
}

/// A burstable instance's credit specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CreditMode {
    /// Throttled to the baseline when the credits run out.
    Standard,
    /// Above the baseline as long as needed, surplus credits billed.
    Unlimited,
}

/// The usage figures a bill needs beyond the instances. Profiles carry the
/// guide's figures; `capacity` takes `[cost_defaults]` unless told otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostAssumptions {
    /// Packages stored on EFS, in GB.
    pub efs_storage_gb: Amount,
    /// GB read from and written to EFS a month (billed in elastic mode).
    pub efs_read_gb_month: Amount,
    pub efs_write_gb_month: Amount,
    /// ALB capacity units a month, in the pricing currency.
    pub alb_lcu_month: Usd,
    /// GB in EFS Infrequent Access (billed when efs_lifecycle_policy is set).
    pub efs_ia_storage_gb: Amount,
    /// GB AWS Backup keeps; left out: the EFS storage (Standard and IA).
    #[serde(default)]
    pub backup_storage_gb: Option<Amount>,
    /// GB of logs ingested a month.
    pub logs_ingested_gb_month: Amount,
    /// GB of logs stored; left out: the steady state, the ingestion times
    /// the retention in months.
    #[serde(default)]
    pub logs_stored_gb: Option<Amount>,
    /// GB in the ALB's access-log bucket.
    pub access_logs_stored_gb: Amount,
}

/// The workload a profile covers: each `*_below = N` covers values under N;
/// `None` has no upper bound.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    pub packages_below: Option<u64>,
    pub users_below: Option<u64>,
    pub ci_builds_per_day_below: Option<u64>,
    pub burst_requests_below: Option<u64>,
}

impl Workload {
    pub(crate) fn bounds(&self) -> [(&'static str, Option<u64>); 4] {
        [
            ("packages", self.packages_below),
            ("users", self.users_below),
            ("ci_builds_per_day", self.ci_builds_per_day_below),
            ("burst_requests", self.burst_requests_below),
        ]
    }

    pub(crate) fn covers(&self, figure: &str, value: u64) -> bool {
        self.bounds()
            .iter()
            .find(|(name, _)| *name == figure)
            .is_some_and(|(_, below)| below.is_none_or(|b| value < b))
    }

    /// The first figure on which this workload covers less than `previous`
    /// (an unbounded figure covers the most).
    pub(crate) fn first_below(&self, previous: &Workload) -> Option<&'static str> {
        self.bounds()
            .into_iter()
            .zip(previous.bounds())
            .find(|((_, mine), (_, theirs))| match (mine, theirs) {
                (Some(m), Some(t)) => m < t,
                (Some(_), None) => true,
                (None, _) => false,
            })
            .map(|((name, _), _)| name)
    }
}

/// One of the guide's workload profiles.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub summary: String,
    pub workload: Workload,
    /// Its module arguments (`asg_instance_type` required); what is left
    /// out takes the module default.
    pub config: ModuleArguments,
    pub assumptions: CostAssumptions,
    pub performance: Performance,
    #[serde(default)]
    pub guide: GuideClaims,
}

impl Profile {
    /// Its instance type (loading requires one).
    pub fn instance_type(&self) -> &str {
        self.config.instance_type().unwrap_or_default()
    }
}

/// What the guide expects of a profile. Figures the guide does not state are
/// left out rather than guessed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Performance {
    pub p95_latency_normal_s: Option<Amount>,
    pub p95_latency_burst_s: Option<Amount>,
    pub p99_latency_burst_s: Option<Amount>,
    pub error_rate_normal_pct: Option<Percent>,
    pub error_rate_burst_pct: Option<Percent>,
    pub burst_requests_handled: Option<u64>,
    #[serde(default)]
    pub validated: bool,
}

/// Figures the guide prints for a profile, kept to point out where the
/// module's arithmetic (what Terraform deploys) differs from them.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GuideClaims {
    pub task_min_count: Option<u64>,
    pub task_max_count: Option<u64>,
    pub monthly_total: Option<Usd>,
    /// Its EFS line a month, where the guide prints one.
    pub efs_month: Option<Usd>,
    /// "N ALB targets" in its text.
    pub alb_targets: Option<u64>,
    /// "N simultaneous pip installs without queuing".
    pub simultaneous_installs: Option<u64>,
    /// How its text derives the worker count, where it says.
    pub worker_formula: Option<String>,
    /// The team size its decision tree gives for this profile: under N.
    pub decision_tree_users_below: Option<u64>,
}

impl Choice for EfsThroughputMode {
    const ALL: &'static [Named<Self>] = &[
        Named {
            value: Self::Bursting,
            name: "bursting",
            aliases: &[],
            help: "",
        },
        Named {
            value: Self::Elastic,
            name: "elastic",
            aliases: &[],
            help: "",
        },
        Named {
            value: Self::Provisioned,
            name: "provisioned",
            aliases: &[],
            help: "",
        },
    ];
}
