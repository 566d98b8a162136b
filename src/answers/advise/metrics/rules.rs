//! The guide's "When to Scale Up" and "Downgrading" over the series, one
//! function per rule, each with the definition docs/metrics.md states:
//! "sustained" is above the threshold for `sustained_minutes` in a row on
//! `sustained_days` days; "normal traffic" leaves bursts out.

use std::collections::BTreeMap;

use serde::Serialize;

use super::query::SeriesId;
use super::stats::{self, Evidence, Grid, Window, percentile, sorted_values};
use crate::answers::advise::ActionKind;
use crate::data::{AdviceRules as Thresholds, MetricRules};

/// The guide's rules, in the order they are judged and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleId {
    CpuSustained,
    ErrorRate,
    ResponseTimeP95,
    MemoryPressure,
    EfsIoLimit,
    EfsBurstCredits,
    TasksAtMax,
    Quiet,
}

/// What a rule concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The rule calls for its action.
    Action,
    /// Within the guide's threshold.
    Within,
    /// Above the threshold only during bursts, which the guide expects.
    BurstOnly,
    /// A series it needs is missing, empty, partial or another service's.
    NotJudged,
}

/// One line of the report: a rule, its threshold, what was observed.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RuleVerdict {
    pub rule: RuleId,
    /// The series the rule reads (their query Ids).
    pub series: Vec<SeriesId>,
    pub threshold: String,
    pub observed: String,
    pub verdict: Verdict,
    /// The action it calls for, with `verdict` "action".
    pub action: Option<ActionKind>,
    /// The sustained runs, where there were any.
    pub evidence: Option<Evidence>,
}

/// What the rules read: the usable series on the window's grid, and why
/// the others cannot be.
pub struct Context<'a> {
    pub rules: &'a MetricRules,
    pub limits: &'a Thresholds,
    pub window: &'a Window,
    pub grids: BTreeMap<SeriesId, Grid>,
    /// Series no rule may read, and why.
    pub unusable: BTreeMap<SeriesId, String>,
    /// Series read, but whose silence proves nothing (partial, thin).
    pub doubtful: BTreeMap<SeriesId, String>,
    pub bursts: Vec<bool>,
    pub task_max_count: u64,
    pub bursting: bool,
}

/// A rule over one series held above a threshold.
struct Sustained<'a> {
    rule: RuleId,
    series: Vec<SeriesId>,
    /// The series judged (the error rate is derived from two).
    grid: &'a Grid,
    threshold: f64,
    unit: &'static str,
    normal_traffic_only: bool,
    action: ActionKind,
}

pub fn judge(c: &Context<'_>) -> Vec<RuleVerdict> {
    let mut out = vec![
        cpu(c),
        error_rate(c),
        response_time(c),
        memory(c),
        efs_io(c),
    ];
    if c.bursting {
        out.push(burst_credits(c));
    }
    out.push(tasks_at_max(c));
    let others = out.iter().any(|v| v.verdict == Verdict::Action);
    out.push(quiet(c, others));
    out
}

fn not_judged(rule: RuleId, series: Vec<SeriesId>, threshold: String, why: String) -> RuleVerdict {
    RuleVerdict {
        rule,
        series,
        threshold,
        observed: why,
        verdict: Verdict::NotJudged,
        action: None,
        evidence: None,
    }
}

/// The first series of `ids` no rule may read, and why.
fn unusable(c: &Context<'_>, ids: &[SeriesId]) -> Option<String> {
    ids.iter()
        .find_map(|id| c.unusable.get(id).map(|why| format!("{}: {why}", id.id())))
}

/// A rule over one series as queried: its level and what it calls for.
struct OneSeries {
    rule: RuleId,
    id: SeriesId,
    threshold: f64,
    unit: &'static str,
    normal_traffic_only: bool,
    action: ActionKind,
}

fn cpu(c: &Context<'_>) -> RuleVerdict {
    one(
        c,
        OneSeries {
            rule: RuleId::CpuSustained,
            id: SeriesId::CpuUtilization,
            threshold: c.limits.scale_up_cpu_pct.get(),
            unit: "%",
            normal_traffic_only: true,
            action: ActionKind::ScaleUpInstanceType,
        },
    )
}

fn memory(c: &Context<'_>) -> RuleVerdict {
    one(
        c,
        OneSeries {
            rule: RuleId::MemoryPressure,
            id: SeriesId::MemoryUtilization,
            threshold: c.limits.memory_pressure_pct.get(),
            unit: "%",
            normal_traffic_only: false,
            action: ActionKind::RaiseContainerMemory,
        },
    )
}

fn response_time(c: &Context<'_>) -> RuleVerdict {
    one(
        c,
        OneSeries {
            rule: RuleId::ResponseTimeP95,
            id: SeriesId::ResponseTimeP95,
            threshold: c.limits.scale_up_p95_latency_s.get(),
            unit: " s",
            normal_traffic_only: true,
            action: ActionKind::ScaleUpInstanceType,
        },
    )
}

fn efs_io(c: &Context<'_>) -> RuleVerdict {
    one(
        c,
        OneSeries {
            rule: RuleId::EfsIoLimit,
            id: SeriesId::EfsPercentIoLimit,
            threshold: c.limits.efs_percent_io_limit_pct.get(),
            unit: "%",
            normal_traffic_only: false,
            action: ActionKind::ChangeEfsThroughputMode,
        },
    )
}

fn one(c: &Context<'_>, r: OneSeries) -> RuleVerdict {
    let shown = format!("> {}{} sustained", r.threshold, r.unit);
    if let Some(why) = unusable(c, &[r.id]) {
        return not_judged(r.rule, vec![r.id], shown, why);
    }
    let Some(grid) = c.grids.get(&r.id) else {
        return not_judged(r.rule, vec![r.id], shown, format!("{}: missing", r.id.id()));
    };
    sustained(
        c,
        &Sustained {
            rule: r.rule,
            series: vec![r.id],
            grid,
            threshold: r.threshold,
            unit: r.unit,
            normal_traffic_only: r.normal_traffic_only,
            action: r.action,
        },
    )
}

/// Above the threshold for `sustained_minutes` in a row, on
/// `sustained_days` days (every day with data when there are fewer);
/// outside bursts where the guide says "normal traffic".
fn sustained(c: &Context<'_>, s: &Sustained<'_>) -> RuleVerdict {
    let w = c.window;
    let n = w.periods as usize;
    let present: Vec<bool> = s.grid.0.iter().map(Option::is_some).collect();
    let judged: Vec<bool> = (0..n)
        .map(|i| present[i] && !(s.normal_traffic_only && c.bursts[i]))
        .collect();
    let above = |keep: &[bool]| -> Vec<bool> {
        (0..n)
            .map(|i| keep[i] && s.grid.0[i].is_some_and(|v| v > s.threshold))
            .collect()
    };
    let days_needed = (c.rules.sustained_days.get() as usize)
        .min(s.grid.days(w))
        .max(1) as u64;
    let threshold = format!(
        "> {}{} for {}+ min on {}+ days{}",
        s.threshold,
        s.unit,
        c.rules.sustained_minutes.get(),
        days_needed,
        if s.normal_traffic_only {
            ", normal traffic"
        } else {
            ""
        }
    );
    let ev = stats::evidence(s.grid, &above(&judged), &judged, c.rules, w);
    let typical = percentile(&sorted_values(s.grid, |i| judged[i]), 50.0).unwrap_or(0.0);
    let peak = sorted_values(s.grid, |i| judged[i])
        .last()
        .copied()
        .unwrap_or(0.0);
    let base = RuleVerdict {
        rule: s.rule,
        series: s.series.clone(),
        threshold,
        observed: String::new(),
        verdict: Verdict::Within,
        action: None,
        evidence: None,
    };
    if let Some(ev) = ev {
        let observed = format!(
            "above on {} of {} days, longest {} min, {}; peak {}{}, typical {}{}",
            ev.days_with_runs,
            ev.days_with_data,
            ev.longest_minutes,
            ev.when,
            stats::shown(ev.peak),
            s.unit,
            stats::shown(ev.typical),
            s.unit
        );
        let verdict = if ev.days_with_runs >= days_needed {
            Verdict::Action
        } else {
            Verdict::Within
        };
        return RuleVerdict {
            observed,
            verdict,
            action: (verdict == Verdict::Action).then_some(s.action),
            evidence: Some(ev),
            ..base
        };
    }
    if s.normal_traffic_only
        && let Some(ev) = stats::evidence(s.grid, &above(&present), &present, c.rules, w)
    {
        return RuleVerdict {
            observed: format!(
                "above only during bursts ({}, peak {}{}); typical {}{}",
                ev.when,
                stats::shown(ev.peak),
                s.unit,
                stats::shown(typical),
                s.unit
            ),
            verdict: Verdict::BurstOnly,
            evidence: Some(ev),
            ..base
        };
    }
    let observed = format!(
        "peak {}{}, typical {}{}, never {}+ min above",
        stats::shown(peak),
        s.unit,
        stats::shown(typical),
        s.unit,
        c.rules.sustained_minutes.get()
    );
    match s.series.iter().find_map(|id| c.doubtful.get(id)) {
        Some(why) => RuleVerdict {
            observed: format!("{observed}, but {why}"),
            verdict: Verdict::NotJudged,
            ..base
        },
        None => RuleVerdict { observed, ..base },
    }
}

/// HTTPCode_Target_5XX_Count / RequestCount, in periods with at least
/// `error_rate_min_requests` requests. The ALB reports no 5xx datapoint for
/// a period without one: an absent value there is 0.
fn error_rate(c: &Context<'_>) -> RuleVerdict {
    let ids = vec![SeriesId::Target5xxCount, SeriesId::RequestCount];
    let limit = c.limits.scale_up_error_rate_pct.get();
    if let Some(why) = unusable(c, &[SeriesId::RequestCount]) {
        return not_judged(RuleId::ErrorRate, ids, format!("> {limit}%"), why);
    }
    let why_5xx = c.unusable.get(&SeriesId::Target5xxCount);
    if let Some(why) = why_5xx.filter(|w| !w.starts_with("empty")) {
        let why = format!("{}: {why}", SeriesId::Target5xxCount.id());
        return not_judged(RuleId::ErrorRate, ids, format!("> {limit}%"), why);
    }
    let (Some(requests), errors) = (
        c.grids.get(&SeriesId::RequestCount),
        c.grids.get(&SeriesId::Target5xxCount),
    ) else {
        return not_judged(
            RuleId::ErrorRate,
            ids,
            format!("> {limit}%"),
            "missing".into(),
        );
    };
    let min = c.rules.error_rate_min_requests as f64;
    let rate = Grid(
        requests
            .0
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let r = (*r)?;
                let e = errors.and_then(|g| g.0[i]).unwrap_or(0.0);
                (r >= min && r > 0.0).then(|| e * 100.0 / r)
            })
            .collect(),
    );
    if rate.0.iter().all(Option::is_none) {
        return RuleVerdict {
            rule: RuleId::ErrorRate,
            series: ids,
            threshold: format!("> {limit}%"),
            observed: format!(
                "no period with {}+ requests: too little traffic for a rate",
                c.rules.error_rate_min_requests
            ),
            verdict: Verdict::Within,
            action: None,
            evidence: None,
        };
    }
    sustained(
        c,
        &Sustained {
            rule: RuleId::ErrorRate,
            series: ids,
            grid: &rate,
            threshold: limit,
            unit: "%",
            normal_traffic_only: true,
            action: ActionKind::ScaleUpInstanceType,
        },
    )
}

/// Running tasks at task_max_count, sustained: the service cannot grow.
fn tasks_at_max(c: &Context<'_>) -> RuleVerdict {
    let id = SeriesId::RunningTaskCount;
    let max = c.task_max_count;
    let shown = format!("= task_max_count ({max}) sustained");
    if let Some(why) = unusable(c, &[id]) {
        return not_judged(RuleId::TasksAtMax, vec![id], shown, why);
    }
    let Some(grid) = c.grids.get(&id) else {
        return not_judged(RuleId::TasksAtMax, vec![id], shown, "missing".into());
    };
    // An average over the period: at the maximum the whole period.
    let threshold = max as f64 - 0.01;
    let mut v = sustained(
        c,
        &Sustained {
            rule: RuleId::TasksAtMax,
            series: vec![id],
            grid,
            threshold,
            unit: " tasks",
            normal_traffic_only: false,
            action: ActionKind::ScaleOutInstanceCount,
        },
    );
    v.threshold = v.threshold.replace(
        &format!("> {threshold} tasks"),
        &format!("= {max} tasks (task_max_count)"),
    );
    // The count sits at its maximum; it is never above it.
    v.observed = v
        .observed
        .replacen("above on ", "at task_max_count on ", 1)
        .replacen("min above", "min at task_max_count", 1);
    v
}

/// Bursting mode: the credit balance fell below the module's alarm level.
fn burst_credits(c: &Context<'_>) -> RuleVerdict {
    let id = SeriesId::EfsBurstCreditBalance;
    let low = c.rules.burst_credit_low_bytes.get();
    let shown = format!("< {low:e} bytes");
    if let Some(why) = unusable(c, &[id]) {
        return not_judged(RuleId::EfsBurstCredits, vec![id], shown, why);
    }
    let Some(grid) = c.grids.get(&id) else {
        return not_judged(RuleId::EfsBurstCredits, vec![id], shown, "missing".into());
    };
    let sorted = sorted_values(grid, |_| true);
    let least = sorted.first().copied().unwrap_or(f64::MAX);
    let first_low = grid.0.iter().position(|v| v.is_some_and(|v| v < low));
    let depleting = first_low.is_some();
    RuleVerdict {
        rule: RuleId::EfsBurstCredits,
        series: vec![id],
        threshold: shown,
        observed: match first_low {
            Some(i) => format!(
                "lowest {least:e} bytes, below from {}",
                super::time::format(c.window.at(i))
            ),
            None => format!("lowest {least:e} bytes"),
        },
        verdict: if depleting {
            Verdict::Action
        } else {
            Verdict::Within
        },
        action: depleting.then_some(ActionKind::ChangeEfsThroughputMode),
        evidence: None,
    }
}

/// The guide's downgrade test: CPU and memory low all the window (their
/// `quiet_percentile`), over at least `quiet_min_days` days, and no other
/// rule calling for more.
fn quiet(c: &Context<'_>, others: bool) -> RuleVerdict {
    let ids = vec![SeriesId::CpuUtilization, SeriesId::MemoryUtilization];
    let (cpu_limit, mem_limit) = (
        c.limits.downgrade_cpu_pct.get(),
        c.limits.downgrade_memory_pct.get(),
    );
    let pct = c.rules.quiet_percentile.get();
    let shown = format!(
        "p{pct} CPU < {cpu_limit}% and memory < {mem_limit}%, {}+ days",
        c.rules.quiet_min_days.get()
    );
    let base = |observed: String, verdict: Verdict| RuleVerdict {
        rule: RuleId::Quiet,
        series: ids.clone(),
        threshold: shown.clone(),
        observed,
        verdict,
        action: (verdict == Verdict::Action).then_some(ActionKind::ScaleDownInstanceType),
        evidence: None,
    };
    if let Some(why) = unusable(c, &ids) {
        return base(why, Verdict::NotJudged);
    }
    if let Some(why) = ids.iter().find_map(|id| c.doubtful.get(id)) {
        return base(why.clone(), Verdict::NotJudged);
    }
    let (Some(cpu), Some(mem)) = (
        c.grids.get(&SeriesId::CpuUtilization),
        c.grids.get(&SeriesId::MemoryUtilization),
    ) else {
        return base("missing".into(), Verdict::NotJudged);
    };
    let at = |g: &Grid| percentile(&sorted_values(g, |_| true), pct).unwrap_or(f64::MAX);
    let (p_cpu, p_mem) = (stats::round(at(cpu)), stats::round(at(mem)));
    let days = cpu.days(c.window).min(mem.days(c.window)) as u64;
    let observed = format!(
        "p{pct} CPU {}%, memory {}% over {days} days",
        stats::shown(p_cpu),
        stats::shown(p_mem)
    );
    if others {
        return base(
            format!("{observed}; another rule calls for more"),
            Verdict::Within,
        );
    }
    if days < c.rules.quiet_min_days.get() {
        return base(
            format!("{observed}: too few days to call it quiet"),
            Verdict::NotJudged,
        );
    }
    let verdict = if p_cpu < cpu_limit && p_mem < mem_limit {
        Verdict::Action
    } else {
        Verdict::Within
    };
    base(observed, verdict)
}

/// The reason an action's table gives, from a rule that called for it.
pub fn reason(v: &RuleVerdict) -> String {
    let what = match v.rule {
        RuleId::CpuSustained => "CPUUtilization",
        RuleId::ErrorRate => "error rate (5xx / RequestCount)",
        RuleId::ResponseTimeP95 => "TargetResponseTime p95",
        RuleId::MemoryPressure => "MemoryUtilization",
        RuleId::EfsIoLimit => "EFS PercentIOLimit",
        RuleId::EfsBurstCredits => "EFS BurstCreditBalance",
        RuleId::TasksAtMax => "RunningTaskCount",
        RuleId::Quiet => "CPU and memory (the guide's downgrade test)",
    };
    format!("{what} {}: {}", v.threshold, v.observed)
}
