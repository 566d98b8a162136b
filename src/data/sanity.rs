//! Bounds on profiles.toml beyond its syntax: how large the catalog and the
//! profiles may be, and how wide the ranges the planning commands search.
//! `optimize` walks container_memory in worker_memory_mb steps and `explain`
//! walks container_memory, container_cpu and gunicorn_workers one by one, so
//! a range of [0, 2^63] asked for petabytes or hours. A data file past these
//! bounds is refused at load, with the line of the value.
//!
//! Each bound is far above anything the module or AWS accepts today (the
//! module's container_memory is 128 to 30720), so a new module version fits
//! without a code change; docs/robustness.md lists them.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::data::tables::Tables;
use crate::data::values::Bounds;

/// Instance types in `[instances]`: all of EC2 (under a thousand types when
/// this was written) fits.
pub const MAX_INSTANCE_TYPES: usize = 2_000;
/// `[[profiles]]` entries.
pub const MAX_PROFILES: usize = 100;
/// container_memory and container_memory_reservation, in MiB: 1 TiB.
pub const MAX_CONTAINER_MEMORY_MB: u64 = 1 << 20;
/// container_cpu, in CPU units: 1024 vCPUs.
pub const MAX_CONTAINER_CPU_UNITS: u64 = 1 << 20;
/// gunicorn workers in one container.
pub const MAX_GUNICORN_WORKERS: u64 = 1_024;
/// Instances in one Auto Scaling group (the ECS module accepts 1000).
pub const MAX_GROUP_SIZE: u64 = 10_000;
/// `[metrics] max_days`: CloudWatch keeps no data longer than 455 days.
pub const MAX_METRIC_DAYS: u64 = 455;

type Failure = (Option<Range<usize>>, String);

impl Tables {
    /// The bounds above, each failure with the span of its value in `src`.
    pub(crate) fn check_sanity(&self, src: &str) -> Result<(), Failure> {
        let at = |path: &[&str]| span_of(src, path);
        if let Some(file) = &self.file_instances
            && file.len() > MAX_INSTANCE_TYPES
        {
            let last = file.keys().max_by_key(|k| k.span().start);
            return Err((
                last.map(Spanned::span),
                format!(
                    "[instances] lists {} instance types, more than the {MAX_INSTANCE_TYPES} \
                     a catalog may hold",
                    file.len()
                ),
            ));
        }
        if self.profiles.len() > MAX_PROFILES {
            return Err((
                at(&["profiles", &MAX_PROFILES.to_string()]),
                format!(
                    "there are {} [[profiles]], more than the {MAX_PROFILES} a data file may hold",
                    self.profiles.len()
                ),
            ));
        }
        let m = &self.module;
        let ranges: [(&[&str], Bounds, u64); 6] = [
            (
                &["module", "limits", "container_memory"],
                m.limits.container_memory,
                MAX_CONTAINER_MEMORY_MB,
            ),
            (
                &["module", "limits", "container_memory_reservation"],
                m.limits.container_memory_reservation,
                MAX_CONTAINER_MEMORY_MB,
            ),
            (
                &["module", "limits", "container_cpu"],
                m.limits.container_cpu,
                MAX_CONTAINER_CPU_UNITS,
            ),
            (
                &["module", "limits", "gunicorn_workers"],
                m.limits.gunicorn_workers,
                MAX_GUNICORN_WORKERS,
            ),
            (
                &["module", "ecs", "limits", "asg_min_size"],
                m.ecs.limits.asg_min_size,
                MAX_GROUP_SIZE,
            ),
            (
                &["module", "ecs", "limits", "asg_max_size"],
                m.ecs.limits.asg_max_size,
                MAX_GROUP_SIZE,
            ),
        ];
        for (path, bounds, max) in ranges {
            if bounds.high > max {
                let (table, key) = path.split_at(path.len() - 1);
                let written = if bounds.unbounded_above() {
                    "has no upper bound".to_string()
                } else {
                    format!("goes up to {}", bounds.high)
                };
                return Err((
                    at(path),
                    format!(
                        "[{}] {} {written}, past the {max} pypi-size accepts: the planning \
                         commands search this range value by value",
                        table.join("."),
                        key[0]
                    ),
                ));
            }
        }
        self.check_metric_rules(src)?;
        let p = &self.plan;
        for (key, address) in [
            ("launch_template", &p.launch_template),
            ("autoscaling_group", &p.autoscaling_group),
            ("autoscaling_target", &p.autoscaling_target),
            ("task_definition", &p.task_definition),
            ("efs_file_system", &p.efs_file_system),
            ("load_balancer", &p.load_balancer),
            ("instance_type_data", &p.instance_type_data),
        ] {
            if !is_resource_address(address) {
                return Err((
                    at(&["plan", key]),
                    format!(
                        "[plan] {key} = \"{address}\" is not a resource address like \
                         \"module.a[0].aws_type.name\""
                    ),
                ));
            }
        }
        if m.max_gunicorn_workers.get() > MAX_GUNICORN_WORKERS {
            return Err((
                at(&["module", "max_gunicorn_workers"]),
                format!(
                    "[module] max_gunicorn_workers = {} is more than the \
                     {MAX_GUNICORN_WORKERS} pypi-size searches",
                    m.max_gunicorn_workers.get()
                ),
            ));
        }
        self.check_predict(src)
    }

    /// `[predict]`: the figures a burst simulation divides by, or bands
    /// around, must leave a positive speed and a well-ordered band.
    fn check_predict(&self, src: &str) -> Result<(), Failure> {
        let p = &self.predict;
        let at = |path: &[&str]| span_of(src, path);
        let positive = [
            ("measured_clock_ghz", p.measured_clock_ghz.get()),
            ("smt_thread_speed", p.smt_thread_speed.get()),
            ("busiest_share", p.busiest_share.get()),
            ("pip_timeout_s", p.pip_timeout_s.get()),
            ("stress_test_timeout_s", p.stress_test_timeout_s.get()),
        ];
        if let Some((key, _)) = positive.iter().find(|(_, v)| *v <= 0.0) {
            return Err((
                at(&["predict", key]),
                format!("[predict] {key} must be above 0"),
            ));
        }
        if !(p.measured_files <= p.measured_files_max && p.measured_files_max <= p.packages_max) {
            return Err((
                at(&["predict", "packages_max"]),
                "[predict] needs measured_files <= measured_files_max <= packages_max".into(),
            ));
        }
        if p.speed_uncertainty.get() >= 1.0 {
            return Err((
                at(&["predict", "speed_uncertainty"]),
                "[predict] speed_uncertainty must be below 1: the band's slow edge divides by \
                 1 - speed_uncertainty"
                    .into(),
            ));
        }
        for (name, r) in [
            ("redirect", &p.redirect),
            ("index", &p.index),
            ("download", &p.download),
        ] {
            if r.p95_cpu_ms < r.median_cpu_ms {
                return Err((
                    at(&["predict", name, "p95_cpu_ms"]),
                    format!("[predict.{name}] p95_cpu_ms is below median_cpu_ms"),
                ));
            }
        }
        Ok(())
    }
}

impl Tables {
    /// `[metrics]`: a period CloudWatch accepts (a multiple of 60 seconds
    /// dividing a day, so days hold whole periods), and days it keeps.
    fn check_metric_rules(&self, src: &str) -> Result<(), Failure> {
        let r = &self.metrics;
        let at = |key: &str| span_of(src, &["metrics", key]);
        let period = r.period_s.get();
        if !period.is_multiple_of(60) || !86_400u64.is_multiple_of(period) {
            return Err((
                at("period_s"),
                format!(
                    "[metrics] period_s = {period}: CloudWatch takes a multiple of 60 seconds, \
                     and pypi-size one that divides a day (300, 600, 3600, ...)"
                ),
            ));
        }
        if r.max_days.get() > MAX_METRIC_DAYS {
            return Err((
                at("max_days"),
                format!(
                    "[metrics] max_days = {} is past the {MAX_METRIC_DAYS} days CloudWatch keeps \
                     any data",
                    r.max_days.get()
                ),
            ));
        }
        if r.default_days > r.max_days {
            return Err((
                at("default_days"),
                format!(
                    "[metrics] default_days = {} is more than max_days = {}",
                    r.default_days.get(),
                    r.max_days.get()
                ),
            ));
        }
        Ok(())
    }
}

/// `TYPE.NAME` (or `data.TYPE.NAME`) after any `module.NAME[KEY].` steps.
fn is_resource_address(address: &str) -> bool {
    // A data source: `data.` before its type.
    let address = address.replace("data.aws_", "aws_");
    let Some(i) = address
        .rfind(".aws_")
        .map(|i| i + 1)
        .or_else(|| address.starts_with("aws_").then_some(0))
    else {
        return false;
    };
    let (modules, resource) = address.split_at(i);
    let modules = modules.trim_end_matches('.');
    let parts: Vec<&str> = resource.split('.').collect();
    parts.len() == 2
        && parts.iter().all(|p| !p.is_empty())
        && (modules.is_empty() || tf_plan::split_module_address(modules).is_some())
}

/// The span of the value at `path` (table keys, or an index into an array),
/// read again from the text: the typed tables keep no spans for plain values.
pub fn span_of(src: &str, path: &[&str]) -> Option<Range<usize>> {
    let root = DeTable::parse(src).ok()?;
    let mut current = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
    for step in path {
        current = match current.into_inner() {
            DeValue::Table(t) => t.into_iter().find(|(k, _)| k.get_ref() == step)?.1,
            DeValue::Array(a) => a.into_iter().nth(step.parse().ok()?)?,
            _ => return None,
        };
    }
    Some(current.span())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tf_eval::text::line_column;

    #[test]
    fn spans_are_found_by_path() {
        let src = "[a]\nx = 1\n[a.b]\ny = [1, 2]\n[[p]]\nn = 1\n[[p]]\nn = 2\n";
        let line = |path: &[&str]| span_of(src, path).map(|s| line_column(src, s.start).0);
        assert_eq!(line(&["a", "x"]), Some(2));
        assert_eq!(line(&["a", "b", "y"]), Some(4));
        assert_eq!(line(&["p", "1", "n"]), Some(8));
        assert_eq!(line(&["a", "z"]), None);
        assert_eq!(line(&["p", "9"]), None);
    }

    #[test]
    fn a_metrics_period_or_window_cloudwatch_has_not_is_refused() {
        let src = crate::data::embedded::EMBEDDED_PROFILES;
        for (from, to, words) in [
            ("period_s = 300", "period_s = 301", "period_s = 301"),
            ("max_days = 63", "max_days = 456", "max_days = 456"),
            (
                "default_days = 14",
                "default_days = 64",
                "more than max_days",
            ),
        ] {
            let changed = src.replace(from, to);
            let t: Tables = toml::from_str(&changed).unwrap();
            let (span, message) = t.check_sanity(&changed).unwrap_err();
            assert!(message.contains(words), "{message}");
            assert!(span.is_some());
        }
    }

    #[test]
    fn plan_places_must_be_resource_addresses() {
        for good in [
            "aws_efs_file_system.packages-enc",
            "module.a.module.pod[0].aws_alb.website",
            "data.aws_ec2_instance_type.selected",
            "module.a[\"x\"].data.aws_ec2_instance_type.selected",
        ] {
            assert!(is_resource_address(good), "{good}");
        }
        for bad in [
            "",
            "aws_x",
            "module.a",
            "module.a.aws_x",
            "x.aws_y.z",
            "aws_x.y.z",
        ] {
            assert!(!is_resource_address(bad), "{bad}");
        }
    }

    #[test]
    fn the_embedded_data_is_within_bounds() {
        let t: Tables = toml::from_str(crate::data::embedded::EMBEDDED_PROFILES).unwrap();
        t.check_sanity(crate::data::embedded::EMBEDDED_PROFILES)
            .unwrap();
    }
}
