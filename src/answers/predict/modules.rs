//! `predict --check` and `predict --plan`: the burst on each pypiserver
//! module instance `check` sized (its tree reading and plan reading are the
//! only Terraform reading), or on the one `--module` names; and the
//! `--max-p95` gate, which fails closed where the figures are unknown.

use serde::Serialize;

use super::{Burst, BurstError, Deployment, PredictReport};
use crate::Tables;
use crate::answers::check::{CheckReport, ModuleCheck};
use crate::answers::warnings::Severity;

/// One module instance and the burst on it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModulePrediction {
    /// As `check` prints it (`module.pypi["prod"]`).
    pub address: String,
    /// `file:line:column` of the module block.
    pub location: String,
    /// `null` when `check` could not size the module (`unknown` says why).
    pub predict: Option<PredictReport>,
    /// Why there is no prediction: the module's figures, or a figure the
    /// model needs, are unknown.
    pub unknown: Vec<String>,
    /// `--max-p95`: whether this module fails the gate (the band's upper
    /// edge above the target, or unknown); `null` without the gate.
    pub over_max_p95: Option<bool>,
}

/// `predict --check` / `--plan`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModulesReport {
    /// `check` (Terraform source) or `plan` (a `terraform show -json` document).
    pub read_from: String,
    /// The paths read, or the plan file (`-`: standard input).
    pub origin: String,
    /// `--module`, when given.
    pub module: Option<String>,
    /// `--max-p95`, seconds.
    pub max_p95_s: Option<f64>,
    pub modules: Vec<ModulePrediction>,
    /// Modules without a prediction.
    pub unknown: usize,
    /// Modules failing `--max-p95` (unknown ones included).
    pub over_max_p95: usize,
}

/// Why `predict` cannot answer for the modules as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModulesError {
    #[error(transparent)]
    Burst(#[from] BurstError),
    #[error(
        "invalid value {value} for --module: the pypiserver module instances found are {found}"
    )]
    NoSuchModule { value: String, found: String },
}

/// Where a report is read from, and how it is gated.
pub struct Selection<'a> {
    pub read_from: &'a str,
    pub origin: &'a str,
    pub module: Option<&'a str>,
    pub max_p95_s: Option<f64>,
}

/// The config a module's `check` figures describe, when it sized it.
pub fn deployment(m: &ModuleCheck) -> Option<Deployment> {
    let (i, c) = (m.instance.as_ref()?, m.capacity.as_ref()?);
    Some(Deployment {
        asg_instance_type: i.asg_instance_type.clone(),
        vcpus: i.vcpus,
        burstable: i.burstable,
        baseline_cpu_pct: i.baseline_cpu_pct,
        instances: c.asg_instance_count,
        task_min_count: c.task_min_count,
        tasks_per_instance: c.tasks_per_instance,
        gunicorn_workers: c.gunicorn_workers,
    })
}

/// Whether a prediction fails `--max-p95`: closed where it is unknown.
pub fn over(report: Option<&PredictReport>, max_p95_s: f64) -> bool {
    match report.and_then(|r| r.prediction.as_ref()) {
        Some(p) => p.latency.p95_s.high > max_p95_s,
        None => true,
    }
}

/// `--max-p95` on one config's prediction: the gate and its verdict,
/// carried in the report so that every format shows them.
pub fn gate(mut report: PredictReport, max_p95_s: Option<f64>) -> PredictReport {
    report.over_max_p95 = max_p95_s.map(|s| over(Some(&report), s));
    report.max_p95_s = max_p95_s;
    report
}

/// Why `check` could not size a module: its error findings, the inputs it
/// could not resolve and what stays unknown before plan.
fn reasons(m: &ModuleCheck) -> Vec<String> {
    let mut out: Vec<String> = m
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error || ["unresolved", "partial"].contains(&f.code))
        .map(|f| format!("{}: {}", f.code, f.message))
        .collect();
    if out.is_empty() {
        out.push("check could not size this module (see `pypi-size check`)".into());
    }
    out
}

/// The burst on each module instance of `check`'s report, or on the one
/// `sel.module` names.
pub fn predict_modules(
    tables: &Tables,
    check: &CheckReport,
    burst: &Burst,
    sel: &Selection<'_>,
) -> Result<ModulesReport, ModulesError> {
    // None found is an answer (nothing to predict, which a gate fails
    // closed on), not a usage error: `check` answers it so too.
    let chosen: Vec<&ModuleCheck> = match sel.module {
        None => check.modules.iter().collect(),
        Some(a) => check.modules.iter().filter(|m| m.address == a).collect(),
    };
    if chosen.is_empty() && !check.modules.is_empty() {
        let found: Vec<&str> = check.modules.iter().map(|m| m.address.as_str()).collect();
        return Err(ModulesError::NoSuchModule {
            value: sel.module.unwrap_or_default().to_string(),
            found: found.join(", "),
        });
    }
    let mut modules = Vec::new();
    for m in chosen {
        let (predict, unknown) = match deployment(m) {
            Some(d) => {
                let r = super::predict(tables, &d, burst)?;
                let unknown = r.unknown.clone();
                (Some(r), unknown)
            }
            None => (None, reasons(m)),
        };
        let over_max_p95 = sel.max_p95_s.map(|s| over(predict.as_ref(), s));
        modules.push(ModulePrediction {
            address: m.address.clone(),
            location: m.location.to_string(),
            predict,
            unknown,
            over_max_p95,
        });
    }
    Ok(ModulesReport {
        read_from: sel.read_from.to_string(),
        origin: sel.origin.to_string(),
        module: sel.module.map(str::to_string),
        max_p95_s: sel.max_p95_s,
        unknown: modules
            .iter()
            .filter(|m| m.predict.as_ref().is_none_or(|r| r.prediction.is_none()))
            .count(),
        over_max_p95: modules
            .iter()
            .filter(|m| m.over_max_p95 == Some(true))
            .count(),
        modules,
    })
}

/// `predict`'s JSON: one config's answer, or the modules'. Only its schema
/// is used: the variants are never built.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
pub enum PredictOutput {
    Config(PredictReport),
    Modules(ModulesReport),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::predict::bands::Band;

    fn with_p95(high: f64) -> PredictReport {
        let tables = Tables::embedded();
        let d = Deployment {
            asg_instance_type: "c6a.xlarge".into(),
            vcpus: 4,
            burstable: false,
            baseline_cpu_pct: None,
            instances: 2,
            task_min_count: 2,
            tasks_per_instance: 1,
            gunicorn_workers: 4,
        };
        let burst = Burst {
            clients: 20,
            packages_per_client: 1,
            requests_per_package: 4,
            packages: None,
            busiest_share: None,
            timeouts_s: Vec::new(),
        };
        let mut r = super::super::predict(&tables, &d, &burst).unwrap();
        let p = r.prediction.as_mut().unwrap();
        p.latency.p95_s = Band {
            low: high / 2.0,
            central: high * 0.75,
            high,
        };
        r
    }

    #[test]
    fn the_gate_reads_the_upper_edge_and_fails_closed() {
        let r = with_p95(12.0);
        assert!(!over(Some(&r), 12.0));
        assert!(over(Some(&r), 11.99));
        // The centre under the target does not pass a band above it.
        assert!(over(Some(&r), 10.0));
        let mut unknown = r.clone();
        unknown.prediction = None;
        assert!(over(Some(&unknown), 1e9));
        assert!(over(None, 1e9));
    }
}
