//! The model's inputs: CPU per request at the index's size (measured, from
//! `[predict]`), a vCPU's speed against the measuring core (the catalog's
//! sustained clock and threads per core), and the busiest instance's
//! processes; each stated as an assumption with its source.

use serde::Serialize;

use crate::data::{CreditMode, Instance, PredictData, RequestCpu, family_of};

/// One assumption of a prediction: what it is, its value, where it is from.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "PredictionAssumption")]
pub struct Assumption {
    pub key: String,
    /// A number where the assumption is one, else text.
    pub value: serde_json::Value,
    pub source: String,
}

impl Assumption {
    pub(crate) fn new(key: &str, value: impl Into<serde_json::Value>, source: &str) -> Self {
        Assumption {
            key: key.to_string(),
            value: value.into(),
            source: source.to_string(),
        }
    }
}

/// The kinds of request a pip install makes, in the order it makes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Redirect,
    Index,
    Download,
}

/// A package's requests: `/<pkg>/` (303, followed by the client within
/// the same operation), the index `k - 2` times, the download. One request
/// is the download alone; two, the index and the download.
pub fn package_requests(requests_per_package: u64) -> Vec<Kind> {
    match requests_per_package {
        0 => Vec::new(),
        1 => vec![Kind::Download],
        2 => vec![Kind::Index, Kind::Download],
        k => std::iter::once(Kind::Redirect)
            .chain((0..k - 2).map(|_| Kind::Index))
            .chain(std::iter::once(Kind::Download))
            .collect(),
    }
}

/// Which CPU figure of a measurement a scenario takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spread {
    Median,
    P95,
}

/// CPU ms on the measuring core of one request of `kind` with `files` in
/// the package directory: the measurement, plus (or minus) the per-file term
/// for the files above (or below) the measured count, never below 0.
pub fn request_cpu_ms(p: &PredictData, kind: Kind, files: u64, spread: Spread) -> f64 {
    let r: &RequestCpu = match kind {
        Kind::Redirect => &p.redirect,
        Kind::Index => &p.index,
        Kind::Download => &p.download,
    };
    let base = match spread {
        Spread::Median => r.median_cpu_ms.get(),
        Spread::P95 => r.p95_cpu_ms.get(),
    };
    if !r.lists_directory {
        return base;
    }
    let listing = p.per_file_requests.get() as f64;
    let extra_files = files as f64 - p.measured_files as f64;
    (base + extra_files * p.per_file_cpu_ms.get() / listing).max(0.0)
}

/// What a type's vCPU is worth against the measuring core, or why that is
/// unknown.
pub fn vcpu_speed(p: &PredictData, name: &str, i: &Instance) -> Result<f64, String> {
    let clock = i.clock_ghz.map(|c| c.get()).filter(|c| *c > 0.0);
    match (clock, i.threads_per_core) {
        (None, _) => Err(format!(
            "{name}'s sustained clock: the catalog has none (EC2 states no \
             SustainedClockSpeedInGhz for it), so its speed is unknown"
        )),
        (_, None) => Err(format!(
            "{name}'s threads per core: the catalog has none, so its speed is unknown"
        )),
        (Some(ghz), Some(threads)) => {
            let smt = if threads.get() >= 2 {
                p.smt_thread_speed.get()
            } else {
                1.0
            };
            Ok(ghz / p.measured_clock_ghz.get() * smt)
        }
    }
}

/// A burstable type's credit mode when the launch template sets none.
pub fn credit_mode(p: &PredictData, name: &str) -> Option<CreditMode> {
    p.default_credit_mode.get(family_of(name)).copied()
}

/// The assumptions every prediction rests on, from `[predict]`.
pub fn data_assumptions(p: &PredictData) -> Vec<Assumption> {
    let m = &p.measured_source;
    let mut out = vec![
        Assumption::new("measured_versions", p.measured_versions.clone(), m),
        Assumption::new("measured_cpu", p.measured_cpu.clone(), m),
        Assumption::new("measured_clock_ghz", p.measured_clock_ghz.get(), m),
        Assumption::new("measured_files", p.measured_files, m),
        Assumption::new(
            "per_file_cpu_ms",
            p.per_file_cpu_ms.get(),
            "CPU per pip install per file in the package directory: 170 / 212 / 355 ms at \
             300 / 1,002 / 3,000 files; shared among the requests that list the directory",
        ),
        Assumption::new(
            "per_file_requests",
            p.per_file_requests.get(),
            "the requests of an install that list the package directory (the index twice and \
             the download), each paying its share of the per-file CPU",
        ),
        Assumption::new(
            "bcrypt_cpu_ms",
            p.bcrypt_cpu_ms.get(),
            "one bcrypt cost-10 check, on every authenticated request, never cached",
        ),
    ];
    for (key, r) in [
        ("redirect", &p.redirect),
        ("index", &p.index),
        ("download", &p.download),
    ] {
        out.push(Assumption::new(
            &format!("{key}_cpu_ms"),
            serde_json::json!({"median": r.median_cpu_ms.get(), "p95": r.p95_cpu_ms.get()}),
            &format!("{} {}: the measurement's median and p95", m, r.path),
        ));
    }
    out.extend([
        Assumption::new(
            "vcpu_speed",
            "sustained clock / measured_clock_ghz × smt_thread_speed when 2 threads share a core",
            "clock for clock parity with the measuring core (not measured on the type: \
             speed_uncertainty); catalog clock_ghz from EC2 SustainedClockSpeedInGhz",
        ),
        Assumption::new(
            "smt_thread_speed",
            p.smt_thread_speed.get(),
            "shared/pypiserver-load.md: one of two busy SMT threads of a core",
        ),
        Assumption::new(
            "queueing",
            "each request to a worker drawn at random, FIFO per worker; a worker uses at most \
             one vCPU; busy workers share the instance's vCPUs equally; no think time, no \
             network time",
            "shared/pypiserver-load.md: a gevent worker does not overlap CPU work (bcrypt \
             blocks its event loop); the same simulation reproduced local bursts",
        ),
        Assumption::new(
            "seed",
            p.seed,
            "the simulation's worker draws, from the seed, the client and the step: the same \
             inputs give the same prediction, and a changed input moves no other draw",
        ),
        Assumption::new(
            "replications",
            p.replications.get(),
            "runs pooled per scenario on seeds seed, seed + 1, …: one run's P95 moves by \
             about 5 % with the seed",
        ),
        Assumption::new(
            "model_uncertainty",
            p.model_uncertainty.get(),
            "P95 agreed with local bursts within about 25 %; P99 is under-predicted",
        ),
        Assumption::new(
            "speed_uncertainty",
            p.speed_uncertainty.get(),
            "the vCPU speed is derived from public facts, not measured on the type",
        ),
        Assumption::new(
            "bands",
            "worst cases stacked",
            "the high edge takes the p95 CPU on every request, a vCPU slower by \
             speed_uncertainty and latencies longer by model_uncertainty, all at once (the low \
             edge the best cases): a range of what the inputs allow, not a confidence interval \
             (docs/predict.md sets the centre beside the module's published run)",
        ),
        Assumption::new(
            "timeouts",
            "a request past a timeout counts as timed out; the server still serves it",
            "gunicorn does not see a client give up; the load is unchanged",
        ),
        Assumption::new(
            "tasks",
            "the burst meets task_min_count tasks on asg_min_size instances",
            "target tracking scales out after a 300 s cooldown: a burst of a few minutes \
             is served by task_min_count (shared/module-stack.md)",
        ),
    ]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tables;

    #[test]
    fn the_stress_tests_four_requests_are_redirect_index_twice_download() {
        use Kind::*;
        assert_eq!(package_requests(4), [Redirect, Index, Index, Download]);
        assert_eq!(package_requests(1), [Download]);
        assert_eq!(package_requests(3), [Redirect, Index, Download]);
    }

    #[test]
    fn a_pip_install_costs_the_measured_cpu_and_more_with_more_files() {
        let t = Tables::embedded();
        let p = &t.predict;
        let install = |files, spread| -> f64 {
            package_requests(4)
                .into_iter()
                .map(|k| request_cpu_ms(p, k, files, spread))
                .sum()
        };
        // 0.30 + 2 × 55.9 + 52.7, as measured at 300 files.
        assert!((install(300, Spread::Median) - 164.8).abs() < 1e-6);
        // 3,000 files: + 2,700 × 0.069 ms.
        assert!((install(3000, Spread::Median) - (164.8 + 186.3)).abs() < 1e-6);
        assert!(install(300, Spread::P95) > install(300, Spread::Median));
        assert!(install(0, Spread::Median) >= 0.0);
    }

    #[test]
    fn a_c6a_vcpu_is_0_77_of_the_measuring_core_and_an_unknown_clock_is_unknown() {
        let t = Tables::embedded();
        let c6a = t.instance("c6a.xlarge").unwrap();
        let speed = vcpu_speed(&t.predict, "c6a.xlarge", c6a).unwrap();
        assert!((speed - 3.6 / 3.95 * 0.84).abs() < 1e-12);
        let c1 = t.instance("c1.medium").unwrap();
        let e = vcpu_speed(&t.predict, "c1.medium", c1).unwrap_err();
        assert!(e.contains("sustained clock"), "{e}");
        assert_eq!(
            credit_mode(&t.predict, "t3.small"),
            Some(CreditMode::Unlimited)
        );
        assert_eq!(
            credit_mode(&t.predict, "t2.micro"),
            Some(CreditMode::Standard)
        );
        assert_eq!(credit_mode(&t.predict, "c6a.large"), None);
    }
}
