//! `advise` with a burst: `predict` on the current config and on each
//! proposal, the burst typed in (`--burst-clients`) or derived from the
//! largest burst the metrics show; a current band above the guide's burst
//! P95 target is evidence for scaling out or up, said as such.

use serde::Serialize;

use super::Advice;
use super::metrics::Measured;
use crate::answers::predict::{self, Burst, BurstError, BurstSummary};
use crate::answers::warnings::{Severity, Warning, WarningCode};
use crate::data::Tables;

/// Where the burst came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BurstSource {
    /// `--burst-clients`.
    Flags,
    /// The largest burst of the `request_count` series.
    Metrics,
}

/// The burst advice predicted, beside `current.predicted_burst` and each
/// proposal's.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AdviceBurst {
    pub source: BurstSource,
    pub clients: u64,
    /// `metrics`: the RequestCount it was derived from, and how.
    pub request_count: Option<f64>,
    pub assumption: Option<String>,
    /// `[advice] burst_p95_latency_s`: the guide's P95 under bursts.
    pub target_p95_s: f64,
    /// The current config's predicted P95 band's upper edge above the
    /// target; `null` when the prediction is unknown.
    pub current_over_target: Option<bool>,
}

/// The burst the metrics show: the largest burst period's requests as
/// clients (`[predict] metrics_requests_per_install`); `None` without one.
pub fn from_metrics(tables: &Tables, m: &Measured) -> Option<(Burst, f64)> {
    let b = m.largest_burst.as_ref()?;
    let per = tables.predict.metrics_requests_per_install.get();
    let clients = (b.request_count / per as f64).ceil() as u64;
    (clients > 0).then(|| {
        (
            Burst {
                clients,
                packages_per_client: 1,
                requests_per_package: per,
                packages: None,
                busiest_share: None,
                timeouts_s: Vec::new(),
            },
            b.request_count,
        )
    })
}

/// Predicts `burst` on the current config and each proposal, and says
/// whether the current one meets the guide's burst P95.
pub fn apply(
    tables: &Tables,
    advice: &mut Advice,
    burst: &Burst,
    source: BurstSource,
    request_count: Option<f64>,
) -> Result<(), BurstError> {
    let on = |r: &crate::answers::sizing::SizingReport| {
        predict::predict(tables, &r.deployment(), burst).map(BurstSummary::from)
    };
    let current = on(&advice.current)?;
    for a in advice.actions.iter_mut() {
        if let Some(p) = a.proposed.as_mut() {
            p.predicted_burst = Some(on(p)?);
        }
    }
    let target = tables.advice.burst_p95_latency_s.get();
    let over = current
        .prediction
        .as_ref()
        .map(|p| p.latency.p95_s.high > target);
    if let (Some(true), Some(p)) = (over, &current.prediction) {
        let b = p.latency.p95_s;
        advice.observations.push(Warning::new(
            WarningCode::PredictedBurstOverTarget,
            Severity::Warning,
            None,
            format!(
                "for a burst of {} clients the current config's predicted P95 band \
                 ({:.1}–{:.1} s, central {:.1} s) reaches above the guide's {target} s under \
                 bursts: evidence for scaling out (more instances) or up (more or faster vCPUs)",
                burst.clients, b.low, b.high, b.central
            ),
            "compare the proposals' predicted P95, or run `pypi-size optimize --burst-clients N \
             --p95 S` for the cheapest config that meets it"
                .into(),
        ));
    }
    advice.current.predicted_burst = Some(current);
    advice.burst = Some(AdviceBurst {
        source,
        clients: burst.clients,
        request_count,
        assumption: request_count.map(|_| tables.predict.metrics_burst_assumption.clone()),
        target_p95_s: target,
        current_over_target: over,
    });
    Ok(())
}
