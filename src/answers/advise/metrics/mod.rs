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
    /// What CloudWatch said in the output's `Messages` (`Code: Value`, with
    /// the Id first when a result said it), for the reader to weigh.
    pub messages: Vec<String>,
    /// The burst period with the most ALB requests; `null` without bursts
    /// (or without a `request_count` series).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub largest_burst: Option<LargestBurst>,
}

/// The busiest period of the bursts `request_count` shows.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LargestBurst {
    /// ALB RequestCount (Sum) in the period.
    pub request_count: f64,
    pub period_s: u64,
}

/// The burst period with the most requests.
fn largest_burst(requests: Option<&Grid>, bursts: &[bool], w: &Window) -> Option<LargestBurst> {
    let g = requests?;
    g.0.iter()
        .zip(bursts)
        .filter_map(|(v, b)| v.filter(|_| *b))
        .max_by(f64::total_cmp)
        .map(|request_count| LargestBurst {
            request_count,
            period_s: w.period_s,
        })
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
        rules.max_days.get(),
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
            ignored_ids: readings.unknown_ids.iter().cloned().collect(),
            largest_burst: None,
            messages: readings.messages.clone(),
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
        // The ALB reports no 5xx datapoint for a period without one: no
        // datapoint (in the window) is 0 errors; the error rate reads it so.
        let absent_is_zero = id == SeriesId::Target5xxCount;
        if s.points.is_empty() && !absent_is_zero {
            unusable.insert(id, "empty: no datapoints".to_string());
            continue;
        }
        let grid = Grid::of(s, &w);
        if !absent_is_zero && grid.0.iter().all(Option::is_none) {
            unusable.insert(
                id,
                format!(
                    "no datapoints in the window ({} to {}): its {} lie outside it",
                    w.first,
                    w.last,
                    points(s.points.len())
                ),
            );
            continue;
        }
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
    let largest = largest_burst(grids.get(&SeriesId::RequestCount), &bursts, &w);
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
        ignored_ids: readings.unknown_ids.iter().cloned().collect(),
        largest_burst: largest,
        messages: readings.messages.clone(),
    }
}

fn points(n: usize) -> String {
    if n == 1 {
        "1 point".into()
    } else {
        format!("{n} points")
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

/// The reasons for actions, in the shape `advise` turns into proposals. A
/// scale-down carries the guide's caution, as typed metrics' does.
pub fn reasons(m: &Measured) -> Vec<(crate::answers::advise::ActionKind, String)> {
    use crate::answers::advise::ActionKind;
    m.rules
        .iter()
        .filter_map(|v| {
            v.action.map(|a| {
                let why = rules::reason(v);
                match a {
                    ActionKind::ScaleDownInstanceType => (
                        a,
                        format!("{why} (try it in a test environment first, one size at a time)"),
                    ),
                    _ => (a, why),
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::results::Series;
    use super::rules::RuleId;
    use super::*;

    /// 2026-11-23T00:00:00Z, a Monday.
    const MONDAY: i64 = 1_795_392_000;

    /// Every queried series for `days` days, from `shape`.
    fn readings(days: i64, shape: impl Fn(SeriesId, i64) -> Option<f64>) -> Readings {
        let mut r = Readings::default();
        for id in query::series_for(false) {
            let points = (0..days * 288)
                .map(|n| MONDAY + n * 300)
                .filter_map(|t| shape(id, t).map(|v| (t, v)))
                .collect();
            r.series.insert(
                id,
                Series {
                    labels: vec![format!("pypiserver: {}", id.id())],
                    points,
                    status: None,
                },
            );
        }
        r
    }

    fn calm(id: SeriesId, _t: i64) -> Option<f64> {
        Some(match id {
            SeriesId::CpuUtilization => 30.0,
            SeriesId::MemoryUtilization => 70.0,
            SeriesId::RunningTaskCount => 12.0,
            SeriesId::RequestCount => 1000.0,
            SeriesId::Target5xxCount => return None,
            SeriesId::ResponseTimeP95 | SeriesId::ResponseTimeP99 => 0.5,
            _ => 10.0,
        })
    }

    fn judged(r: &Readings) -> Measured {
        let setting = Setting {
            service_name: "pypiserver",
            task_max_count: 24,
            bursting: false,
        };
        measure(&Tables::embedded(), r, &setting)
    }

    fn verdict(m: &Measured, rule: RuleId) -> Verdict {
        m.rules.iter().find(|v| v.rule == rule).unwrap().verdict
    }

    /// CPU at 95 % from 09:00 for `minutes`, on the first `days` days.
    fn cpu_runs(minutes: i64, days: i64) -> impl Fn(SeriesId, i64) -> Option<f64> {
        move |id, t| {
            let (day, s) = ((t - MONDAY) / 86_400, (t - MONDAY) % 86_400);
            let on = day < days && (32_400..32_400 + minutes * 60).contains(&s);
            match id {
                SeriesId::CpuUtilization if on => Some(95.0),
                _ => calm(id, t),
            }
        }
    }

    #[test]
    fn sustained_is_ten_minutes_in_a_row_on_three_days() {
        let m = judged(&readings(14, calm));
        assert!(
            m.rules.iter().all(|v| v.verdict == Verdict::Within),
            "{m:?}"
        );
        // One 5-minute period above is not 10 minutes.
        let m = judged(&readings(14, cpu_runs(5, 14)));
        assert_eq!(verdict(&m, RuleId::CpuSustained), Verdict::Within);
        let m = judged(&readings(14, cpu_runs(10, 3)));
        assert_eq!(verdict(&m, RuleId::CpuSustained), Verdict::Action);
        // Two days of runs are not three.
        let m = judged(&readings(14, cpu_runs(60, 2)));
        let cpu = &m.rules[0];
        assert_eq!(cpu.verdict, Verdict::Within);
        assert!(
            cpu.observed.starts_with("above on 2 of 14 days"),
            "{}",
            cpu.observed
        );
        // One day of data: that day is enough.
        let m = judged(&readings(1, cpu_runs(10, 1)));
        assert_eq!(verdict(&m, RuleId::CpuSustained), Verdict::Action);
    }

    #[test]
    fn the_largest_burst_is_the_busiest_burst_period_not_a_long_rise() {
        assert_eq!(judged(&readings(14, calm)).largest_burst, None);
        // Day 0: 20 minutes at 5,000, day 1: 20 minutes at 9,000, day 2: two
        // hours at 20,000 (the workload, not a burst).
        let shape = |id: SeriesId, t: i64| {
            let (day, s) = ((t - MONDAY) / 86_400, (t - MONDAY) % 86_400);
            let minutes = if day == 2 { 120 } else { 20 };
            let on = day < 3 && (32_400..32_400 + minutes * 60).contains(&s);
            match (id, day) {
                (SeriesId::RequestCount, 0) if on => Some(5_000.0),
                (SeriesId::RequestCount, 1) if on => Some(9_000.0),
                (SeriesId::RequestCount, 2) if on => Some(20_000.0),
                _ => calm(id, t),
            }
        };
        let m = judged(&readings(14, shape));
        assert_eq!(
            m.largest_burst,
            Some(LargestBurst {
                request_count: 9_000.0,
                period_s: 300
            })
        );
    }

    #[test]
    fn a_burst_is_short_and_high_a_long_rise_is_the_workload() {
        let busy = |minutes: i64| {
            move |id: SeriesId, t: i64| {
                let s = (t - MONDAY) % 86_400;
                let on = (50_400..50_400 + minutes * 60).contains(&s);
                match id {
                    SeriesId::CpuUtilization if on => Some(95.0),
                    SeriesId::RequestCount if on => Some(5000.0),
                    _ => calm(id, t),
                }
            }
        };
        let m = judged(&readings(14, busy(30)));
        assert_eq!(verdict(&m, RuleId::CpuSustained), Verdict::BurstOnly);
        let m = judged(&readings(14, busy(35)));
        assert_eq!(verdict(&m, RuleId::CpuSustained), Verdict::Action);
    }

    #[test]
    fn thin_or_partial_series_prove_nothing_but_can_still_prove_a_problem() {
        // CPU on 40 % of the periods: below min_coverage_pct.
        let thin = |id: SeriesId, t: i64| match id {
            SeriesId::CpuUtilization if (t / 300) % 5 >= 2 => None,
            _ => calm(id, t),
        };
        let m = judged(&readings(14, thin));
        assert_eq!(verdict(&m, RuleId::CpuSustained), Verdict::NotJudged);
        assert_eq!(m.not_judged[0].series, Some(SeriesId::CpuUtilization));
        let mut r = readings(14, cpu_runs(60, 14));
        if let Some(s) = r.series.get_mut(&SeriesId::CpuUtilization) {
            s.status = Some("PartialData".into());
        }
        let m = judged(&r);
        assert_eq!(verdict(&m, RuleId::CpuSustained), Verdict::Action);
        // The downgrade test reads all of CPU: partial is not judged.
        assert_eq!(verdict(&m, RuleId::Quiet), Verdict::NotJudged);
    }

    #[test]
    fn the_downgrade_test_needs_a_week_and_both_series_low() {
        let low = |id: SeriesId, t: i64| match id {
            SeriesId::MemoryUtilization => Some(40.0),
            _ => calm(id, t),
        };
        assert_eq!(
            verdict(&judged(&readings(14, low)), RuleId::Quiet),
            Verdict::Action
        );
        assert_eq!(
            verdict(&judged(&readings(6, low)), RuleId::Quiet),
            Verdict::NotJudged
        );
        // Memory at 70 %: not quiet.
        assert_eq!(
            verdict(&judged(&readings(14, calm)), RuleId::Quiet),
            Verdict::Within
        );
    }

    #[test]
    fn a_service_at_its_maximum_and_errors_are_judged() {
        let full = |id: SeriesId, t: i64| match id {
            SeriesId::RunningTaskCount => Some(24.0),
            SeriesId::Target5xxCount => Some(50.0),
            _ => calm(id, t),
        };
        let m = judged(&readings(14, full));
        assert_eq!(verdict(&m, RuleId::TasksAtMax), Verdict::Action);
        // 50 of 1000 requests: 5 %.
        assert_eq!(verdict(&m, RuleId::ErrorRate), Verdict::Action);
        let kinds: Vec<_> = reasons(&m).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            kinds,
            [
                crate::answers::advise::ActionKind::ScaleUpInstanceType,
                crate::answers::advise::ActionKind::ScaleOutInstanceCount
            ]
        );
    }

    #[test]
    fn a_stray_old_timestamp_does_not_stretch_the_window() {
        let mut r = readings(14, calm);
        if let Some(s) = r.series.get_mut(&SeriesId::CpuUtilization) {
            // 0001-01-01: a grid from there would be 600 million periods.
            s.points.insert(0, (-62_135_596_800, 99.0));
        }
        let m = judged(&r);
        let w = m.window.unwrap();
        assert_eq!((w.days, w.periods), (63, 63 * 288));
        assert_eq!(w.last, "2026-12-06T23:55:00Z");
    }

    #[test]
    fn too_few_requests_make_no_error_rate() {
        let idle = |id: SeriesId, t: i64| match id {
            SeriesId::RequestCount => Some(50.0),
            SeriesId::Target5xxCount => Some(10.0),
            _ => calm(id, t),
        };
        let m = judged(&readings(14, idle));
        let rate = m
            .rules
            .iter()
            .find(|v| v.rule == RuleId::ErrorRate)
            .unwrap();
        assert_eq!(rate.verdict, Verdict::Within);
        assert!(
            rate.observed.contains("no period with 100+ requests"),
            "{}",
            rate.observed
        );
    }

    #[test]
    fn another_services_series_and_no_data_at_all_are_named() {
        let mut r = readings(14, calm);
        if let Some(s) = r.series.get_mut(&SeriesId::MemoryUtilization) {
            s.labels = vec!["billing: AWS/ECS MemoryUtilization Average".into()];
        }
        let m = judged(&r);
        assert_eq!(verdict(&m, RuleId::MemoryPressure), Verdict::NotJudged);
        assert!(m.not_judged[0].reason.contains("\"billing\""));
        let m = judged(&Readings::default());
        assert!(m.rules.is_empty());
        assert_eq!(m.not_judged[0].reason, "no series holds a single datapoint");
    }
}
