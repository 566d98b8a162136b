//! Statistics of the series: each on the window's grid of periods, its
//! percentiles, the bursts told from the request count, and the sustained
//! runs above a threshold with when they happen (weekday and hour, UTC).

use std::collections::BTreeSet;

use serde::Serialize;

use super::query::SeriesId;
use super::results::Series;
use super::time::{self, Epoch, WEEKDAYS};
use crate::data::MetricRules;

/// The time the series cover together, in periods.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Window {
    /// The first and last period, ISO 8601 UTC.
    pub first: String,
    pub last: String,
    pub period_s: u64,
    pub periods: u64,
    /// Days, first to last period, rounded up.
    pub days: u64,
    #[serde(skip)]
    pub start: Epoch,
}

impl Window {
    /// The window spanning every point of every series, at most its last
    /// `max_days` days (older points are left out: CloudWatch keeps no
    /// 5-minute data longer, and a stray timestamp must not make a grid of
    /// centuries); `None` when there are no points.
    pub fn of<'a>(
        all: impl Iterator<Item = &'a Series>,
        period: u64,
        max_days: u64,
    ) -> Option<Window> {
        let (mut lo, mut hi) = (Epoch::MAX, Epoch::MIN);
        for s in all {
            if let (Some(a), Some(b)) = (s.points.first(), s.points.last()) {
                lo = lo.min(a.0);
                hi = hi.max(b.0);
            }
        }
        if lo > hi {
            return None;
        }
        let p = period as i64;
        let longest = (max_days * 86_400) as i64;
        let lo = lo.max(hi - longest + p);
        let periods = ((hi - lo) / p + 1) as u64;
        Some(Window {
            first: time::format(lo),
            last: time::format(hi),
            period_s: period,
            periods,
            days: (periods * period).div_ceil(86_400),
            start: lo,
        })
    }

    /// The start of period `slot`.
    pub fn at(&self, slot: usize) -> Epoch {
        self.start + slot as i64 * self.period_s as i64
    }
}

/// A series on the window's grid: one value or none per period.
pub struct Grid(pub Vec<Option<f64>>);

impl Grid {
    pub fn of(series: &Series, w: &Window) -> Grid {
        let mut g = vec![None; w.periods as usize];
        let p = w.period_s as i64;
        for &(t, v) in &series.points {
            let slot = (t - w.start).div_euclid(p);
            if let Some(cell) = usize::try_from(slot).ok().and_then(|s| g.get_mut(s)) {
                *cell = Some(v);
            }
        }
        Grid(g)
    }

    /// The UTC days with at least one value.
    pub fn days(&self, w: &Window) -> usize {
        let days: BTreeSet<i64> = self
            .0
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_some())
            .map(|(i, _)| time::day(w.at(i)))
            .collect();
        days.len()
    }
}

/// The `pct` percentile of `sorted` (nearest rank).
pub fn percentile(sorted: &[f64], pct: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((pct / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// The present values, sorted.
pub fn sorted_values(g: &Grid, keep: impl Fn(usize) -> bool) -> Vec<f64> {
    let mut v: Vec<f64> =
        g.0.iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .filter_map(|(_, v)| *v)
            .collect();
    v.sort_by(f64::total_cmp);
    v
}

/// One series' statistics, for JSON and the tables.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SeriesStats {
    pub id: SeriesId,
    /// Namespace, metric name and statistic, as queried.
    pub metric: String,
    pub unit: String,
    /// Periods with a value, and the share of the window's periods that is.
    pub points: u64,
    pub coverage_pct: f64,
    /// Periods of the window without a value.
    pub missing_periods: u64,
    pub min: Option<f64>,
    /// The median.
    pub typical: Option<f64>,
    pub p95: Option<f64>,
    pub peak: Option<f64>,
    /// When the peak was first reached, ISO 8601 UTC.
    pub peak_at: Option<String>,
    /// `Complete`, or the StatusCode CloudWatch gave (`PartialData`, …).
    pub status: String,
}

pub fn series_stats(id: SeriesId, s: &Series, g: &Grid, w: &Window) -> SeriesStats {
    let d = id.definition();
    let sorted = sorted_values(g, |_| true);
    let points = sorted.len() as u64;
    let peak = sorted.last().copied();
    let peak_at = peak.and_then(|p| {
        g.0.iter()
            .position(|v| *v == Some(p))
            .map(|i| time::format(w.at(i)))
    });
    SeriesStats {
        id,
        metric: format!("{} {} {}", d.namespace, d.metric_name, d.stat),
        unit: d.unit.to_string(),
        points,
        coverage_pct: round(points as f64 * 100.0 / w.periods.max(1) as f64),
        missing_periods: w.periods - points.min(w.periods),
        min: sorted.first().copied().map(round),
        typical: percentile(&sorted, 50.0).map(round),
        p95: percentile(&sorted, 95.0).map(round),
        peak: peak.map(round),
        peak_at,
        status: s.status.clone().unwrap_or_else(|| "Complete".into()),
    }
}

/// Periods in a burst: runs of periods whose request count is above
/// `burst_request_factor` times the window's median, no longer than
/// `burst_max_minutes`. Without a request count, no period is.
pub fn bursts(requests: Option<&Grid>, rules: &MetricRules, w: &Window) -> Vec<bool> {
    let n = w.periods as usize;
    let Some(g) = requests else {
        return vec![false; n];
    };
    let sorted = sorted_values(g, |_| true);
    // A median of 0 requests would make every request a burst.
    let median = percentile(&sorted, 50.0).unwrap_or(0.0).max(1.0);
    let high: Vec<bool> =
        g.0.iter()
            .map(|v| v.is_some_and(|v| v > rules.burst_request_factor.get() * median))
            .collect();
    let longest = periods_in(rules.burst_max_minutes.get(), w);
    let mut out = vec![false; n];
    for (a, b) in runs(&high) {
        if b - a <= longest {
            out[a..b].iter_mut().for_each(|x| *x = true);
        }
    }
    out
}

/// Whole periods in `minutes`, at least one.
pub fn periods_in(minutes: u64, w: &Window) -> usize {
    ((minutes * 60).div_ceil(w.period_s)).max(1) as usize
}

/// The runs of `true`, as `[start, end)`.
pub fn runs(flags: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &f) in flags.iter().chain(std::iter::once(&false)).enumerate() {
        match (f, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Where and when a rule's series was above its threshold.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Evidence {
    /// Sustained runs, the longest of them and all together, in minutes.
    pub runs: u64,
    pub longest_minutes: u64,
    pub total_minutes: u64,
    /// The UTC days with a sustained run, and the days with data.
    pub days_with_runs: u64,
    pub days_with_data: u64,
    /// "Mon–Fri 08:00–11:00 UTC": the weekdays and hours most runs fall in.
    pub when: String,
    /// The highest value in a run, and when (ISO 8601 UTC).
    pub peak: f64,
    pub peak_at: String,
    /// The median of the series over the periods judged.
    pub typical: f64,
    /// For each hour of the day (UTC), and each weekday from Monday: the
    /// share of its periods with data that are in a run, 0 to 1.
    pub by_hour: Vec<f64>,
    pub by_weekday: Vec<f64>,
}

/// The sustained runs of `above` (periods judged and over the threshold):
/// at least `sustained_minutes` long. `None` when there are none.
pub fn evidence(
    g: &Grid,
    above: &[bool],
    judged: &[bool],
    rules: &MetricRules,
    w: &Window,
) -> Option<Evidence> {
    let min_len = periods_in(rules.sustained_minutes.get(), w);
    let long: Vec<(usize, usize)> = runs(above)
        .into_iter()
        .filter(|(a, b)| b - a >= min_len)
        .collect();
    if long.is_empty() {
        return None;
    }
    let minutes = |n: usize| n as u64 * w.period_s / 60;
    let mut in_run = vec![false; above.len()];
    let mut days = BTreeSet::new();
    let (mut peak, mut peak_slot) = (f64::MIN, long[0].0);
    for &(a, b) in &long {
        in_run[a..b].iter_mut().for_each(|x| *x = true);
        for i in a..b {
            days.insert(time::day(w.at(i)));
            if let Some(v) = g.0[i]
                && v > peak
            {
                (peak, peak_slot) = (v, i);
            }
        }
    }
    // `when` reads the exact shares: a 10-minute run is a share that rounds
    // to 0.00 of a weekday's periods, and its day must not be lost.
    let (by_hour, by_weekday) = shares(g, &in_run, w);
    let when = when(&by_weekday, &by_hour);
    let rounded = |v: Vec<f64>| v.into_iter().map(round).collect::<Vec<_>>();
    let (by_hour, by_weekday) = (rounded(by_hour), rounded(by_weekday));
    let typical = percentile(&sorted_values(g, |i| judged[i]), 50.0).unwrap_or(0.0);
    Some(Evidence {
        runs: long.len() as u64,
        longest_minutes: minutes(long.iter().map(|(a, b)| b - a).max().unwrap_or(0)),
        total_minutes: minutes(long.iter().map(|(a, b)| b - a).sum()),
        days_with_runs: days.len() as u64,
        days_with_data: g.days(w) as u64,
        when,
        peak: round(peak),
        peak_at: time::format(w.at(peak_slot)),
        typical: round(typical),
        by_hour,
        by_weekday,
    })
}

/// For each hour and weekday, the share of its periods with data in a run
/// (not rounded).
fn shares(g: &Grid, in_run: &[bool], w: &Window) -> (Vec<f64>, Vec<f64>) {
    let (mut hour_in, mut hour_all) = ([0u32; 24], [0u32; 24]);
    let (mut day_in, mut day_all) = ([0u32; 7], [0u32; 7]);
    for (i, v) in g.0.iter().enumerate() {
        if v.is_none() {
            continue;
        }
        let t = w.at(i);
        let (h, d) = (time::hour(t), time::weekday(t));
        hour_all[h] += 1;
        day_all[d] += 1;
        if in_run[i] {
            hour_in[h] += 1;
            day_in[d] += 1;
        }
    }
    let share = |a: u32, b: u32| {
        if b == 0 { 0.0 } else { a as f64 / b as f64 }
    };
    (
        (0..24).map(|h| share(hour_in[h], hour_all[h])).collect(),
        (0..7).map(|d| share(day_in[d], day_all[d])).collect(),
    )
}

/// The weekdays and hours whose share is at least half the highest, as
/// ranges: "Mon–Fri 08:00–11:00 UTC".
pub fn when(by_weekday: &[f64], by_hour: &[f64]) -> String {
    let top = |v: &[f64]| -> Vec<usize> {
        let max = v.iter().copied().fold(0.0, f64::max);
        (0..v.len())
            .filter(|&i| max > 0.0 && v[i] >= max / 2.0)
            .collect()
    };
    let days = ranges(&top(by_weekday))
        .iter()
        .map(|&(a, b)| {
            if a == b {
                WEEKDAYS[a].to_string()
            } else {
                format!("{}–{}", WEEKDAYS[a], WEEKDAYS[b])
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let hours = ranges(&top(by_hour))
        .iter()
        .map(|&(a, b)| format!("{a:02}:00–{:02}:00", b + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let days = if days == "Mon–Sun" {
        "every day".to_string()
    } else {
        days
    };
    match (days.is_empty(), hours == "00:00–24:00") {
        (false, true) => format!("{days}, all day"),
        (false, false) => format!("{days} {hours} UTC"),
        (true, true) => "all day".to_string(),
        (true, false) => format!("{hours} UTC"),
    }
}

/// Consecutive numbers as inclusive ranges.
fn ranges(sorted: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &i in sorted {
        match out.last_mut() {
            Some((_, b)) if *b + 1 == i => *b = i,
            _ => out.push((i, i)),
        }
    }
    out
}

/// A value for a sentence: to the cent, or in exponent form from a
/// billion up, so a stray 1e308 is 1.000e308, not 309 digits.
pub fn shown(x: f64) -> String {
    if x.abs() >= 1e9 {
        format!("{x:.3e}")
    } else {
        round(x).to_string()
    }
}

/// To the cent; a value too large to scale (1e308 from a file) as it is,
/// never infinite.
pub fn round(x: f64) -> f64 {
    let scaled = (x * 100.0).round() / 100.0;
    if scaled.is_finite() { scaled } else { x }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 95.0), Some(95.0));
        assert_eq!(percentile(&v, 50.0), Some(50.0));
        assert_eq!(percentile(&[7.0], 95.0), Some(7.0));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn rounding_never_makes_a_value_infinite() {
        assert_eq!(round(1.005_1), 1.01);
        assert_eq!(round(1e308), 1e308);
        assert_eq!(round(-1e308), -1e308);
        assert_eq!(shown(1e308), "1.000e308");
        assert_eq!(shown(17.505), "17.51");
    }

    #[test]
    fn runs_are_half_open() {
        assert_eq!(
            runs(&[true, true, false, true, false, false, true]),
            [(0, 2), (3, 4), (6, 7)]
        );
        assert!(runs(&[false, false]).is_empty());
    }

    #[test]
    fn when_says_the_days_and_hours_of_most_runs() {
        let mut days = vec![0.0; 7];
        days[..5].iter_mut().for_each(|d| *d = 0.2);
        let mut hours = vec![0.0; 24];
        hours[8..11].iter_mut().for_each(|h| *h = 0.9);
        hours[15] = 0.1;
        assert_eq!(when(&days, &hours), "Mon–Fri 08:00–11:00 UTC");
        days[6] = 0.2;
        assert_eq!(when(&days, &[0.5; 24]), "Mon–Fri, Sun, all day");
        // No share at all: no leading space.
        assert_eq!(when(&[0.0; 7], &hours), "08:00–11:00 UTC");
    }

    /// One 10-minute run on a Monday of a 14-day window: its share of
    /// Monday's periods rounds to 0.00, yet `when` names the day.
    #[test]
    fn a_short_run_keeps_its_weekday() {
        let w = Window {
            first: String::new(),
            last: String::new(),
            period_s: 300,
            periods: 14 * 288,
            days: 14,
            start: 1_795_392_000,
        };
        let mut g = Grid(vec![Some(10.0); 14 * 288]);
        let noon = 12 * 12;
        g.0[noon] = Some(95.0);
        g.0[noon + 1] = Some(95.0);
        let above: Vec<bool> = g.0.iter().map(|v| v.is_some_and(|v| v > 80.0)).collect();
        let judged = vec![true; above.len()];
        let t = crate::data::Tables::embedded();
        let ev = evidence(&g, &above, &judged, &t.metrics, &w).unwrap();
        assert_eq!(ev.longest_minutes, 10);
        assert_eq!(ev.when, "Mon 12:00–13:00 UTC");
    }
}
