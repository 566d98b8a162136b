//! `advise --metrics`: the guide's rules over what CloudWatch measured.
//! `query` writes the `get-metric-data` queries; `results` reads what the
//! AWS CLI prints; `stats` makes statistics of the series; `rules` judges
//! them. What cannot be judged (a series missing, empty, partial or
//! another service's) is named, never read as fine.

pub mod query;
pub mod results;
pub mod rules;
pub mod stats;
pub mod time;

use std::collections::BTreeMap;

use serde::Serialize;

use self::query::{Resource, SeriesId};
use self::results::Readings;
use self::rules::{Context, RuleVerdict, Verdict};
use self::stats::{Grid, SeriesStats, Window};
use crate::data::Tables;

/// What the series showed, for the report and JSON.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Measured {
    /// The service the series were checked to belong to (their Labels).
    pub service_name: String,
    pub window: Option<Window>,
    /// One line per rule.
    pub rules: Vec<RuleVerdict>,
    /// Every series read, with its statistics.
    pub series: Vec<SeriesStats>,
    /// What could not be judged, and why; never empty when a rule's verdict
    /// is `not_judged`.
    pub not_judged: Vec<NotJudged>,
    /// Ids in the file that are none of pypi-size's queries, left unread.
    pub ignored_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct NotJudged {
    /// The series (its query Id), or `null` for the file as a whole.
    pub series: Option<SeriesId>,
    pub reason: String,
}

/// What the judgment needs of the config.
pub struct Setting<'a> {
    pub service_name: &'a str,
    pub task_max_count: u64,
    /// `efs_throughput_mode = "bursting"`: the credit balance is judged.
    pub bursting: bool,
}

/// Judges the series in `readings`.
pub fn measure(tables: &Tables, readings: &Readings, setting: &Setting<'_>) -> Measured {
    let rules = &tables.metrics;
    let wanted = query::series_for(setting.bursting);
    let mut not_judged = Vec::new();
    if readings.next_token {
        not_judged.push(NotJudged {
            series: None,
            reason: "the output ends with a NextToken that was not followed: some series are \
                     cut short (run the aws command without --max-items or --no-paginate)"
                .into(),
        });
    }
    let window = Window::of(
        readings
            .series
            .iter()
            .filter(|(id, _)| wanted.contains(id))
            .map(|(_, s)| s),
        rules.period_s.get(),
    );
    let Some(w) = window else {
        not_judged.push(NotJudged {
            series: None,
            reason: "no series holds a single datapoint".into(),
        });
        return Measured {
            service_name: setting.service_name.to_string(),
            window: None,
            rules: Vec::new(),
            series: Vec::new(),
            not_judged,
            ignored_ids: readings.unknown_ids.clone(),
        };
    };
    let mut unusable = BTreeMap::new();
    let mut doubtful = BTreeMap::new();
    let mut grids = BTreeMap::new();
    let mut series = Vec::new();
    for &id in &wanted {
        let Some(s) = readings.series.get(&id) else {
            unusable.insert(id, "missing from the file".to_string());
            continue;
        };
        if let Some(other) = other_service(&s.labels, setting.service_name) {
            unusable.insert(
                id,
                format!(
                    "its Label names service {other:?}, not {:?} (--service-name)",
                    setting.service_name
                ),
            );
            continue;
        }
        if s.points.is_empty() {
            unusable.insert(id, "empty: no datapoints".to_string());
            continue;
        }
        let grid = Grid::of(s, &w);
        let st = stats::series_stats(id, s, &grid, &w);
        if let Some(code) = &s.status {
            doubtful.insert(id, format!("StatusCode {code}"));
        } else if always_reported(id) && st.coverage_pct < rules.min_coverage_pct.get() {
            doubtful.insert(
                id,
                format!(
                    "only {}% of the window's periods have a value",
                    st.coverage_pct
                ),
            );
        }
        series.push(st);
        grids.insert(id, grid);
    }
    let bursts = stats::bursts(grids.get(&SeriesId::RequestCount), rules, &w);
    let context = Context {
        rules,
        limits: &tables.advice,
        window: &w,
        grids,
        unusable,
        doubtful,
        bursts,
        task_max_count: setting.task_max_count,
        bursting: setting.bursting,
    };
    let verdicts = rules::judge(&context);
    name_what_was_not_judged(&context, &verdicts, &mut not_judged);
    Measured {
        service_name: setting.service_name.to_string(),
        window: Some(w),
        rules: verdicts,
        series,
        not_judged,
        ignored_ids: readings.unknown_ids.clone(),
    }
}

/// Each series a rule could not read, once, and each rule not judged for
/// another reason.
fn name_what_was_not_judged(c: &Context<'_>, verdicts: &[RuleVerdict], out: &mut Vec<NotJudged>) {
    for v in verdicts.iter().filter(|v| v.verdict == Verdict::NotJudged) {
        let known = v
            .series
            .iter()
            .find(|id| c.unusable.contains_key(id) || c.doubtful.contains_key(id));
        let entry = match known {
            Some(&id) => NotJudged {
                series: Some(id),
                reason: c
                    .unusable
                    .get(&id)
                    .or_else(|| c.doubtful.get(&id))
                    .cloned()
                    .unwrap_or_default(),
            },
            None => NotJudged {
                series: v.series.first().copied(),
                reason: v.observed.clone(),
            },
        };
        if !out.contains(&entry) {
            out.push(entry);
        }
    }
}

/// Series reported every period whatever the traffic; the ALB's have no
/// datapoint for a period without requests.
fn always_reported(id: SeriesId) -> bool {
    id.definition().on != Resource::LoadBalancer
}

/// The service a Label names when it is not `service` (Labels are
/// `SERVICE: Namespace MetricName Stat`, query::label); a Label in another
/// shape says nothing.
fn other_service<'a>(labels: &'a [String], service: &str) -> Option<&'a str> {
    labels.iter().find_map(|l| {
        let (named, rest) = l.split_once(": ")?;
        let ours_in_shape = rest.contains(' ') && !named.contains(' ');
        (ours_in_shape && named != service).then_some(named)
    })
}

/// The reasons for actions, in the shape `advise` turns into proposals.
pub fn reasons(m: &Measured) -> Vec<(crate::answers::advise::ActionKind, String)> {
    m.rules
        .iter()
        .filter_map(|v| v.action.map(|a| (a, rules::reason(v))))
        .collect()
}
