//! The gate a pull request passes or fails: the monthly delta against a
//! limit in dollars and in percent, and new findings against a severity.
//! It fails closed: a delta that cannot be computed fails a cost limit.

use serde::Serialize;

use super::money::MoneyChange;
use crate::answers::warnings::Severity;

/// Where the cost limits are read: the group at asg_min_size (what runs
/// day to day) or at the deployed asg_max_size (the worst month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CostPoint {
    AsgMinSize,
    AsgMaxSize,
}

impl CostPoint {
    pub fn as_str(self) -> &'static str {
        match self {
            CostPoint::AsgMinSize => "asg_min_size",
            CostPoint::AsgMaxSize => "asg_max_size",
        }
    }
}

/// The limits asked for; `None` is no limit.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Gate {
    /// The most the monthly total may grow, in dollars.
    pub fail_above: Option<f64>,
    /// The most the monthly total may grow, in percent of BASE's total.
    pub fail_above_percent: Option<f64>,
    pub at: CostPoint,
    /// New findings at or above this severity fail; `null`: none do.
    pub fail_on: Option<Severity>,
    /// Neither tree holding a pypiserver module block passes (--allow-none).
    pub allow_none: bool,
}

/// What the gate found.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct GateResult {
    #[serde(flatten)]
    pub limits: Gate,
    pub passed: bool,
    /// One entry a failed rule; empty when the gate passed.
    pub failures: Vec<GateFailure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct GateFailure {
    /// `fail_above`, `fail_above_percent`, `fail_on` or `none_found`.
    pub rule: &'static str,
    pub message: String,
}

/// Judges the total's change and the new findings' severities; `modules`
/// is how many module block instances the two trees hold.
pub fn judge(
    gate: &Gate,
    total: &MoneyChange,
    new_findings: &[Severity],
    modules: usize,
) -> GateResult {
    let mut failures = Vec::new();
    if modules == 0 && !gate.allow_none {
        failures.push(GateFailure {
            rule: "none_found",
            message: "neither tree holds a pypiserver module block: nothing was compared \
                      (--allow-none accepts this)"
                .into(),
        });
    }
    let at = gate.at.as_str();
    if let Some(limit) = gate.fail_above
        && let Some(message) = above_dollars(total, limit, at)
    {
        failures.push(GateFailure {
            rule: "fail_above",
            message,
        });
    }
    if let Some(limit) = gate.fail_above_percent
        && let Some(message) = above_percent(total, limit, at)
    {
        failures.push(GateFailure {
            rule: "fail_above_percent",
            message,
        });
    }
    if let Some(threshold) = gate.fail_on {
        let count = new_findings.iter().filter(|s| **s <= threshold).count();
        if count > 0 {
            failures.push(GateFailure {
                rule: "fail_on",
                message: format!("{count} new finding(s) at or above {}", threshold.as_str()),
            });
        }
    }
    GateResult {
        limits: gate.clone(),
        passed: failures.is_empty(),
        failures,
    }
}

fn unknown(total: &MoneyChange, flag: &str, at: &str) -> String {
    format!(
        "the monthly delta at {at} is unknown, so {flag} cannot be verified: {}",
        total
            .unknown
            .as_deref()
            .unwrap_or("a side could not be priced")
    )
}

fn above_dollars(total: &MoneyChange, limit: f64, at: &str) -> Option<String> {
    match total.delta {
        None => Some(unknown(total, "--fail-above", at)),
        Some(d) if d > limit => Some(format!(
            "the monthly total at {at} grows by ${d:.2}, above --fail-above ${limit:.2}"
        )),
        Some(_) => None,
    }
}

fn above_percent(total: &MoneyChange, limit: f64, at: &str) -> Option<String> {
    match (total.above_percent(limit), total.delta_percent, total.delta) {
        (None, ..) => Some(unknown(total, "--fail-above-percent", at)),
        (Some(true), Some(p), d) => {
            // Where two places round it down to the limit, show more.
            let shown = match (d, total.before) {
                (Some(d), Some(b)) if p <= limit && b != 0.0 => format!("{:.4}", d / b * 100.0),
                _ => format!("{p:.2}"),
            };
            Some(format!(
                "the monthly total at {at} grows by {shown}%, above --fail-above-percent \
                 {limit}%"
            ))
        }
        // Growth from nothing is above every percentage.
        (Some(true), None, d) => Some(format!(
            "the monthly total at {at} grows by ${:.2} from $0.00: more than any \
             percentage, above --fail-above-percent {limit}%",
            d.unwrap_or_default()
        )),
        (Some(false), ..) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::diff::money::Amount;

    fn gate() -> Gate {
        Gate {
            fail_above: None,
            fail_above_percent: None,
            at: CostPoint::AsgMinSize,
            fail_on: None,
            allow_none: false,
        }
    }

    fn change(before: f64, after: f64) -> MoneyChange {
        MoneyChange::new(&Amount::of_bill(before, 1), &Amount::of_bill(after, 1))
    }

    #[test]
    fn dollars_limit_is_strictly_above() {
        let g = Gate {
            fail_above: Some(50.0),
            ..gate()
        };
        assert!(judge(&g, &change(100.0, 150.0), &[], 1).passed);
        let r = judge(&g, &change(100.0, 150.01), &[], 1);
        assert!(!r.passed);
        assert_eq!(r.failures[0].rule, "fail_above");
        assert!(r.failures[0].message.contains("$50.01"), "{r:?}");
        // A saving never fails.
        assert!(judge(&g, &change(150.0, 10.0), &[], 1).passed);
    }

    #[test]
    fn percent_limit_and_growth_from_nothing() {
        let g = Gate {
            fail_above_percent: Some(10.0),
            ..gate()
        };
        assert!(judge(&g, &change(100.0, 110.0), &[], 1).passed);
        assert!(!judge(&g, &change(100.0, 110.01), &[], 1).passed);
        let from_zero = judge(&g, &change(0.0, 1.0), &[], 1);
        assert!(!from_zero.passed);
        assert!(from_zero.failures[0].message.contains("from $0.00"));
        assert!(judge(&g, &change(0.0, 0.0), &[], 1).passed);
    }

    #[test]
    fn an_unknown_delta_fails_every_cost_limit() {
        let unknown = MoneyChange::new(
            &Amount::of_bill(10.0, 1),
            &Amount::Unknown("asg_instance_type is unknown".into()),
        );
        let g = Gate {
            fail_above: Some(1e9),
            fail_above_percent: Some(1e9),
            ..gate()
        };
        let r = judge(&g, &unknown, &[], 1);
        assert_eq!(r.failures.len(), 2);
        assert!(
            r.failures[0].message.contains(
                "at asg_min_size is unknown, so --fail-above cannot be verified: \
                           asg_instance_type is unknown"
            ),
            "{r:?}"
        );
        // Without a cost limit, an unknown delta fails nothing.
        assert!(judge(&gate(), &unknown, &[], 1).passed);
    }

    #[test]
    fn nothing_found_fails_unless_allowed() {
        let r = judge(&gate(), &change(0.0, 0.0), &[], 0);
        assert!(!r.passed);
        assert_eq!(r.failures[0].rule, "none_found");
        let allowed = Gate {
            allow_none: true,
            ..gate()
        };
        assert!(judge(&allowed, &change(0.0, 0.0), &[], 0).passed);
    }

    #[test]
    fn new_findings_at_or_above_the_severity_fail() {
        let g = Gate {
            fail_on: Some(Severity::Warning),
            ..gate()
        };
        assert!(judge(&g, &change(1.0, 1.0), &[Severity::Info], 1).passed);
        let r = judge(&g, &change(1.0, 1.0), &[Severity::Info, Severity::Error], 1);
        assert!(!r.passed);
        assert_eq!(
            r.failures[0].message,
            "1 new finding(s) at or above warning"
        );
    }
}
