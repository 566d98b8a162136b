//! The data tables of `profiles.toml`: the module's constants, defaults and
//! accepted ranges, the prices, the instance catalog and the guide's profiles.
//!
//! Loading is strict. Unknown keys are rejected (`deny_unknown_fields`); values
//! are checked as they are read (no zero vCPUs, no negative or infinite prices)
//! so the TOML parser reports their line; cross-references (a profile naming an
//! instance) are checked after, with the line of the offending value.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::capacity::SizingInputs;
use crate::cost::{CostAssumptions, EfsThroughputMode};
use crate::error::{DataError, SizingError};
use crate::recommend::Workload;
use crate::text::line_column;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tables {
    pub module: ModuleConstants,
    pub pricing: Pricing,
    pub cost_defaults: CostAssumptions,
    pub advice: Advice,
    pub instances: BTreeMap<Spanned<String>, Instance>,
    pub profiles: Vec<Profile>,
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
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleDefaults {
    pub asg_instance_type: Spanned<String>,
    pub container_memory: u64,
    pub subnets: Positive,
    pub efs_throughput_mode: EfsThroughputMode,
    pub efs_lifecycle_policy: Option<u64>,
}

/// The module's variable validations, as inclusive ranges.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub container_memory: Bounds,
    pub container_memory_reservation: Bounds,
    pub container_cpu: Bounds,
    pub gunicorn_workers: Bounds,
    pub efs_provisioned_throughput_in_mibps: Bounds,
    pub efs_lifecycle_policy: Vec<u64>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    pub currency: String,
    pub region: String,
    pub source: String,
    pub as_of: String,
    pub hours_per_month: Usd,
    pub efs_storage_gb_month: Usd,
    pub efs_elastic_transfer_gb: Usd,
    pub efs_provisioned_mibps_month: Usd,
    pub alb_month: Usd,
    pub alb_lcu_hour: Usd,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    pub continuous_ci_builds_per_day: u64,
    pub min_instances_for_ha: u64,
    pub cdn_packages_from: u64,
    pub scale_up_cpu_pct: Percent,
    pub scale_up_error_rate_pct: Percent,
    pub scale_up_p95_latency_s: Usd,
    pub burst_p95_latency_s: Usd,
    pub burst_error_rate_pct: Percent,
    pub memory_pressure_pct: Percent,
    pub efs_percent_io_limit_pct: Percent,
    pub efs_provisioned_mibps: u64,
    pub downgrade_cpu_pct: Percent,
    pub downgrade_memory_pct: Percent,
}

/// One enum for the TOML key and the `--arch` flag.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Arch {
    #[value(name = "x86_64", alias = "amd64")]
    X86_64,
    #[value(name = "arm64", alias = "aarch64")]
    Arm64,
}

impl Arch {
    pub fn as_str(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64",
            Arch::Arm64 => "arm64",
        }
    }
}

/// One EC2 instance type of the catalog.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub vcpus: Positive,
    pub memory_mib: Positive,
    /// On-demand price per hour, in the pricing currency.
    pub hourly: Usd,
    pub arch: Arch,
    /// Set only for burstable (T) types: the CPU share a vCPU may use
    /// without spending credits.
    pub baseline_cpu_pct: Option<Percent>,
}

impl Instance {
    pub fn burstable(&self) -> bool {
        self.baseline_cpu_pct.is_some()
    }
}

/// One of the guide's workload profiles.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub summary: String,
    pub workload: Workload,
    pub config: ProfileConfig,
    pub assumptions: CostAssumptions,
    pub performance: Performance,
    #[serde(default)]
    pub guide: GuideClaims,
}

/// A profile's module arguments; what is left out takes the module default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileConfig {
    pub asg_instance_type: Spanned<String>,
    pub asg_min_size: Option<u64>,
    pub asg_max_size: Option<u64>,
    pub container_memory: Option<u64>,
    pub container_memory_reservation: Option<u64>,
    pub container_cpu: Option<u64>,
    pub gunicorn_workers: Option<u64>,
    pub task_min_count: Option<u64>,
    pub task_max_count: Option<u64>,
}

/// What the guide expects of a profile. Figures the guide does not state are
/// left out rather than guessed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Performance {
    pub p95_latency_normal_s: Option<Usd>,
    pub p95_latency_burst_s: Option<Usd>,
    pub p99_latency_burst_s: Option<Usd>,
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
}

// ---------------------------------------------------------------------------
// Checked values: rejected while parsing, so the error carries the line.

/// A whole number above zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(try_from = "i64", into = "u64")]
pub struct Positive(u64);

impl Positive {
    pub fn get(self) -> u64 {
        self.0
    }
}

impl TryFrom<i64> for Positive {
    type Error = String;
    fn try_from(v: i64) -> Result<Self, String> {
        if v > 0 {
            Ok(Positive(v as u64))
        } else {
            Err(format!("must be a whole number above 0, found {v}"))
        }
    }
}

impl From<Positive> for u64 {
    fn from(p: Positive) -> u64 {
        p.0
    }
}

/// A finite, non-negative amount (money, hours, seconds).
#[derive(
    Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(try_from = "f64", into = "f64")]
pub struct Usd(f64);

impl Usd {
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Usd {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        if v.is_finite() && v >= 0.0 {
            Ok(Usd(v))
        } else {
            Err(format!("must be a finite number of 0 or more, found {v}"))
        }
    }
}

impl From<Usd> for f64 {
    fn from(u: Usd) -> f64 {
        u.0
    }
}

/// A share between 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize, Serialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Ratio(f64);

impl Ratio {
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Ratio {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        if (0.0..=1.0).contains(&v) {
            Ok(Ratio(v))
        } else {
            Err(format!("must be between 0 and 1, found {v}"))
        }
    }
}

impl From<Ratio> for f64 {
    fn from(r: Ratio) -> f64 {
        r.0
    }
}

/// A percentage between 0 and 100.
#[derive(
    Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize, Serialize, schemars::JsonSchema,
)]
#[serde(try_from = "f64", into = "f64")]
pub struct Percent(f64);

impl Percent {
    pub fn get(self) -> f64 {
        self.0
    }
}

impl TryFrom<f64> for Percent {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        if (0.0..=100.0).contains(&v) {
            Ok(Percent(v))
        } else {
            Err(format!("must be a percentage from 0 to 100, found {v}"))
        }
    }
}

impl From<Percent> for f64 {
    fn from(p: Percent) -> f64 {
        p.0
    }
}

/// An inclusive range `[low, high]` with low <= high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "[i64; 2]", into = "[u64; 2]")]
pub struct Bounds {
    pub low: u64,
    pub high: u64,
}

impl Bounds {
    pub fn contains(&self, v: u64) -> bool {
        (self.low..=self.high).contains(&v)
    }
}

impl std::fmt::Display for Bounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} to {}", self.low, self.high)
    }
}

impl TryFrom<[i64; 2]> for Bounds {
    type Error = String;
    fn try_from([low, high]: [i64; 2]) -> Result<Self, String> {
        if low < 0 || high < low {
            return Err(format!(
                "must be [low, high] with 0 <= low <= high, found [{low}, {high}]"
            ));
        }
        Ok(Bounds {
            low: low as u64,
            high: high as u64,
        })
    }
}

impl From<Bounds> for [u64; 2] {
    fn from(b: Bounds) -> [u64; 2] {
        [b.low, b.high]
    }
}

// ---------------------------------------------------------------------------
// Loading.

impl Tables {
    /// Parses and checks a `profiles.toml`. `origin` names it in errors.
    pub fn from_toml(src: &str, origin: &str) -> Result<Tables, DataError> {
        let error = |span: Option<Range<usize>>, message: String| {
            let location = span.map(|s| line_column(src, s.start));
            DataError {
                origin: origin.to_string(),
                location,
                message,
                line_text: location
                    .and_then(|(line, _)| src.lines().nth(line - 1))
                    .map(|l| l.trim_end().to_string()),
            }
        };
        let tables: Tables =
            toml::from_str(src).map_err(|e| error(e.span(), e.message().trim_end().to_string()))?;
        tables
            .check()
            .map_err(|(span, message)| error(span, message))?;
        Ok(tables)
    }

    /// The embedded `profiles.toml`.
    pub fn embedded() -> Tables {
        Tables::from_toml(crate::EMBEDDED_PROFILES, "<embedded profiles.toml>")
            .expect("the embedded profiles.toml is checked by the test suite")
    }

    pub fn instance(&self, name: &str) -> Option<&Instance> {
        self.instances.get(name)
    }

    pub fn instance_names(&self) -> impl Iterator<Item = &str> {
        self.instances.keys().map(|k| k.get_ref().as_str())
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The instance, or an error suggesting the nearest names.
    pub fn find_instance(&self, name: &str) -> Result<&Instance, SizingError> {
        self.instance(name)
            .ok_or_else(|| SizingError::UnknownInstance {
                name: name.to_string(),
                suggestions: crate::suggest::nearest(name, self.instance_names()),
            })
    }

    /// The profile, or an error listing them all.
    pub fn find_profile(&self, name: &str) -> Result<&Profile, SizingError> {
        self.profile(name)
            .ok_or_else(|| SizingError::UnknownProfile {
                name: name.to_string(),
                known: self.profile_names(),
                suggestions: crate::suggest::nearest(
                    name,
                    self.profiles.iter().map(|p| p.name.as_str()),
                ),
            })
    }

    pub fn profile_names(&self) -> Vec<String> {
        self.profiles.iter().map(|p| p.name.clone()).collect()
    }

    /// The checks that span more than one value.
    fn check(&self) -> Result<(), (Option<Range<usize>>, String)> {
        let m = &self.module;
        if m.min_gunicorn_workers > m.max_gunicorn_workers {
            return Err((
                None,
                format!(
                    "[module] min_gunicorn_workers ({}) is above max_gunicorn_workers ({})",
                    m.min_gunicorn_workers.get(),
                    m.max_gunicorn_workers.get()
                ),
            ));
        }
        for name in self.instances.keys() {
            if !is_module_instance_type(name.get_ref()) {
                return Err((
                    Some(name.span()),
                    format!(
                        "instance type `{}` is not a name the module accepts \
                         (it must match ^[a-z][0-9][a-z]?\\.[a-z0-9]+$)",
                        name.get_ref()
                    ),
                ));
            }
        }
        let default_type = &m.defaults.asg_instance_type;
        if self.instance(default_type.get_ref()).is_none() {
            return Err((
                Some(default_type.span()),
                format!(
                    "[module.defaults] asg_instance_type `{}` is not in [instances]",
                    default_type.get_ref()
                ),
            ));
        }
        let defaults = SizingInputs::defaults(&self.module, default_type.get_ref());
        if let Some(e) = defaults.problems(&m.limits).into_iter().next() {
            return Err((None, format!("[module.defaults] {e}")));
        }
        if let Some(policy) = m.defaults.efs_lifecycle_policy
            && !m.limits.efs_lifecycle_policy.contains(&policy)
        {
            return Err((
                None,
                format!(
                    "[module.defaults] efs_lifecycle_policy = {policy} is not in \
                     [module.limits] efs_lifecycle_policy"
                ),
            ));
        }
        if self.profiles.is_empty() {
            return Err((
                None,
                "there are no [[profiles]]: at least one is needed".to_string(),
            ));
        }
        let mut seen = BTreeSet::new();
        for (index, profile) in self.profiles.iter().enumerate() {
            let what = format!("[[profiles]] `{}`", profile.name);
            if !seen.insert(profile.name.as_str()) {
                return Err((None, format!("{what} is listed twice")));
            }
            let ty = &profile.config.asg_instance_type;
            if self.instance(ty.get_ref()).is_none() {
                let near = crate::suggest::nearest(ty.get_ref(), self.instance_names());
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!("; did you mean `{}`?", near.join("`, `"))
                };
                return Err((
                    Some(ty.span()),
                    format!(
                        "{what} names instance type `{}`, which is not in [instances]{hint}",
                        ty.get_ref()
                    ),
                ));
            }
            let inputs = SizingInputs::from_profile(&self.module, profile);
            if let Err(e) = inputs.validate(&self.module.limits) {
                return Err((Some(ty.span()), format!("{what} config: {e}")));
            }
            if let Some(previous) = index.checked_sub(1).map(|i| &self.profiles[i])
                && let Some(field) = profile.workload.first_below(&previous.workload)
            {
                return Err((
                    None,
                    format!(
                        "{what} covers less {field} than `{}` before it: \
                             profiles must be listed smallest first",
                        previous.name
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The module's validation of `asg_instance_type`:
/// `^[a-z][0-9][a-z]?\.[a-z0-9]+$`.
pub fn is_module_instance_type(name: &str) -> bool {
    let Some((family, size)) = name.split_once('.') else {
        return false;
    };
    let f = family.as_bytes();
    let family_ok = match f {
        [a, d] => a.is_ascii_lowercase() && d.is_ascii_digit(),
        [a, d, b] => a.is_ascii_lowercase() && d.is_ascii_digit() && b.is_ascii_lowercase(),
        _ => false,
    };
    family_ok
        && !size.is_empty()
        && size
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_load() {
        let t = Tables::embedded();
        assert_eq!(t.module.version, "2.3.0");
        assert_eq!(
            t.profile_names(),
            ["light", "medium", "heavy", "very-heavy"]
        );
        assert_eq!(t.instance("c6a.xlarge").unwrap().memory_mib.get(), 8192);
    }

    #[test]
    fn module_instance_type_pattern() {
        for ok in ["t3.small", "c6a.xlarge", "c7g.2xlarge", "m5.large"] {
            assert!(is_module_instance_type(ok), "{ok}");
        }
        for bad in [
            "c7gn.large",
            "T3.small",
            "t3",
            "t3.",
            ".small",
            "3t.small",
            "t3.Small",
        ] {
            assert!(!is_module_instance_type(bad), "{bad}");
        }
    }
}
