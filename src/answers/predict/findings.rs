//! The risks the measurements found, each with its evidence: gunicorn's
//! keep-alive below the ALB's idle timeout, a burstable type under a burst,
//! and what the model could not know.

use serde::Serialize;

use crate::answers::warnings::Severity;
use crate::data::{CreditMode, PredictData};

/// A risk of the burst on this config, with what shows it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "PredictionFinding")]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    pub message: String,
    pub evidence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    /// gunicorn closes an idle connection before the ALB does.
    KeepAliveBelowAlbIdleTimeout,
    /// A burstable type: its speed under the burst depends on its credits.
    BurstableUnderBurst,
    /// Operations past a timeout are expected.
    TimeoutsExpected,
    /// A figure the model needs is unknown: no prediction.
    SpeedUnknown,
    /// `--packages` outside the files the per-file term was measured at.
    PackagesExtrapolated,
    /// `recommend --burst`: the predicted P95 above the profile's burst P95.
    P95AboveProfileTarget,
}

/// `recommend --burst`: the choice's predicted P95 band against the guide's
/// burst P95 for its profile: a warning when the centre is above it, info
/// when only the band's upper edge is.
pub fn above_profile_target(
    profile: &str,
    target_s: f64,
    central: f64,
    high: f64,
) -> Option<Finding> {
    let severity = if central > target_s {
        Severity::Warning
    } else if high > target_s {
        Severity::Info
    } else {
        return None;
    };
    Some(Finding {
        code: FindingCode::P95AboveProfileTarget,
        severity,
        message: format!(
            "the predicted P95 ({central:.1} s, up to {high:.1} s at the band's upper edge) is \
             above the {profile} profile's burst P95 of {target_s} s"
        ),
        evidence: format!("the sizing guide's {profile} profile: P95 under a burst"),
    })
}

/// `files` in the package directory outside the measured range.
pub fn packages_extrapolated(p: &PredictData, files: u64) -> Option<Finding> {
    let (lo, hi) = (p.measured_files, p.measured_files_max);
    (files < lo || files > hi).then(|| Finding {
        code: FindingCode::PackagesExtrapolated,
        severity: Severity::Warning,
        message: format!(
            "{files} files in the package directory is outside the {lo} to {hi} the CPU per \
             file was measured at: the per-file term is extrapolated linearly"
        ),
        evidence: p.measured_source.clone(),
    })
}

/// gunicorn's 2 s keep-alive against the ALB's 60 s idle timeout.
pub fn keep_alive(p: &PredictData) -> Option<Finding> {
    let (gunicorn, alb) = (p.gunicorn_keepalive_s.get(), p.alb_idle_timeout_s.get());
    (gunicorn < alb).then(|| Finding {
        code: FindingCode::KeepAliveBelowAlbIdleTimeout,
        severity: Severity::Warning,
        message: format!(
            "gunicorn's keep-alive ({gunicorn} s, its default: the module's gunicorn.conf.py \
             sets none) is below the ALB's idle timeout ({alb} s): gunicorn closes a \
             connection whose next request is already queued behind a busy worker, and the \
             reset reaches pip as a 502 at the start of a burst; AWS advises a target \
             keep-alive above the load balancer's idle timeout"
        ),
        evidence: p.keepalive_evidence.clone(),
    })
}

/// A burstable type under a burst: at its baseline the prediction would be
/// `throttled_p95_s`.
pub fn burstable(
    name: &str,
    baseline_pct: Option<f64>,
    mode: Option<CreditMode>,
    drain_s: f64,
    throttled_p95_s: Option<f64>,
) -> Finding {
    let baseline = baseline_pct.map_or("an unpublished baseline".to_string(), |b| {
        format!("a {b} % baseline per vCPU")
    });
    let at_baseline = throttled_p95_s.map_or(String::new(), |p| {
        format!("; held to the baseline, the P95 would be {p:.1} s")
    });
    let (severity, mode_text) = match mode {
        Some(CreditMode::Standard) => (
            Severity::Warning,
            "standard credits (the account default for the family, the launch template \
             sets none): once its credits run out it is held to the baseline"
                .to_string(),
        ),
        Some(CreditMode::Unlimited) => (
            Severity::Info,
            "unlimited credits (the account default for the family, the launch template \
             sets none): it keeps its full speed and the surplus credits are billed"
                .to_string(),
        ),
        None => (
            Severity::Warning,
            "a credit mode pypi-size does not know".to_string(),
        ),
    };
    Finding {
        code: FindingCode::BurstableUnderBurst,
        severity,
        message: format!(
            "{name} is burstable, with {baseline} and {mode_text}; the prediction assumes \
             full speed for the burst{at_baseline}"
        ),
        evidence: format!(
            "the burst keeps every vCPU of the busiest instance busy for {drain_s:.1} s; its \
             credit balance before the burst is unknown to pypi-size. The module's earlier \
             run on 4 × t3.small: P95 28.7 s, 2.13 % errors (shared/module-stack.md)"
        ),
    }
}

/// Operations past the client's timeout.
pub fn timeouts(timeout_s: f64, share_central: f64, share_high: f64) -> Option<Finding> {
    (share_high > 0.0).then(|| Finding {
        code: FindingCode::TimeoutsExpected,
        severity: if share_central > 0.0 {
            Severity::Warning
        } else {
            Severity::Info
        },
        message: format!(
            "{:.1} % of operations are predicted past a {timeout_s} s timeout (up to {:.1} % \
             at the band's slow edge)",
            share_central * 100.0,
            share_high * 100.0
        ),
        evidence: "the simulated latencies of the burst".into(),
    })
}

/// No prediction: a figure of the type is unknown.
pub fn unknown(reason: &str) -> Finding {
    Finding {
        code: FindingCode::SpeedUnknown,
        severity: Severity::Warning,
        message: format!("no prediction: {reason}"),
        evidence: "the catalog (catalog.toml or --catalog)".into(),
    }
}
