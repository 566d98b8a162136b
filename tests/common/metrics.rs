//! Makes `aws cloudwatch get-metric-data` output for the tool's own query
//! file: one `MetricDataResults` entry per query, its Id and Label as the
//! query says, values from a shape over time, 5-minute periods. Scenarios
//! are built from realistic shapes (quiet, healthy, weekday-morning
//! saturation, EFS at its I/O limit) and then altered (a gap, an order, a
//! time zone, a series taken out).

use serde_json::{Value, json};

/// 2026-11-23T00:00:00Z, a Monday.
pub const MONDAY: i64 = 1_795_392_000;
pub const PERIOD: i64 = 300;

/// The query file `advise --metrics-query` prints for a made-up stack.
pub fn query_file(extra: &[&str]) -> String {
    let mut args = vec![
        "advise",
        "--metrics-query",
        "--load-balancer",
        "app/pypiserver/50dc6c495c0c9188",
        "--file-system-id",
        "fs-0123456789abcdef0",
        "--asg-name",
        "pypiserver-asg",
    ];
    args.extend_from_slice(extra);
    super::stdout(&args)
}

/// Weekday (0 Monday) and hour, UTC.
pub fn weekday_hour(t: i64) -> (i64, i64) {
    let day = t.div_euclid(86_400);
    ((day + 3).rem_euclid(7), t.rem_euclid(86_400) / 3600)
}

/// A value per Id and period start, or none (no datapoint).
pub type Shape<'a> = &'a dyn Fn(&str, i64) -> Option<f64>;

/// How the document is printed.
#[derive(Clone, Copy)]
pub struct Printing {
    /// CloudWatch's default order: newest first.
    pub newest_first: bool,
    /// The offset timestamps are printed in, in minutes east of UTC.
    pub offset_minutes: i64,
}

impl Default for Printing {
    fn default() -> Self {
        Printing {
            newest_first: true,
            offset_minutes: 0,
        }
    }
}

/// `t` as the AWS CLI prints it, in an offset: `2026-11-23T09:05:00+01:00`.
pub fn iso(t: i64, offset_minutes: i64) -> String {
    let local = t + offset_minutes * 60;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    // civil_from_days
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let o = offset_minutes.abs();
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        o / 60,
        o % 60
    )
}

/// The results of every query in `query_file`, over `days` days from
/// [`MONDAY`].
pub fn results(query_file: &str, days: i64, shape: Shape<'_>, printing: Printing) -> Value {
    let queries: Vec<Value> = serde_json::from_str(query_file).unwrap();
    let periods = days * 86_400 / PERIOD;
    let entries: Vec<Value> = queries
        .iter()
        .map(|q| {
            let id = q["Id"].as_str().unwrap();
            let mut points: Vec<(i64, f64)> = (0..periods)
                .map(|n| MONDAY + n * PERIOD)
                .filter_map(|t| shape(id, t).map(|v| (t, v)))
                .collect();
            if printing.newest_first {
                points.reverse();
            }
            json!({
                "Id": id,
                "Label": q["Label"],
                "Timestamps": points.iter().map(|p| iso(p.0, printing.offset_minutes)).collect::<Vec<_>>(),
                "Values": points.iter().map(|p| p.1).collect::<Vec<_>>(),
                "StatusCode": "Complete",
            })
        })
        .collect();
    json!({ "MetricDataResults": entries, "Messages": [] })
}

/// A small deterministic wobble in [0, 1), so series are not flat.
pub fn wobble(t: i64) -> f64 {
    let x = (t / PERIOD).wrapping_mul(2_654_435_761) & 0xffff;
    x as f64 / 65_536.0
}

/// Requests a period: more in working hours, some at night.
fn requests(t: i64) -> f64 {
    let (d, h) = weekday_hour(t);
    let day = if d < 5 && (8..18).contains(&h) {
        1500.0
    } else {
        400.0
    };
    day + 200.0 * wobble(t)
}

/// A service at rest: low CPU and memory, few requests, no errors.
pub fn quiet(id: &str, t: i64) -> Option<f64> {
    let w = wobble(t);
    Some(match id {
        "cpu_utilization" => 8.0 + 10.0 * w,
        "memory_utilization" => 30.0 + 8.0 * w,
        "running_task_count" => 12.0,
        "response_time_p95" => 0.2 + 0.1 * w,
        "response_time_p99" => 0.4 + 0.2 * w,
        "request_count" => 40.0 + 30.0 * w,
        "target_5xx_count" => return None,
        "efs_percent_io_limit" => 3.0 + 2.0 * w,
        "efs_burst_credit_balance" => 2.3e12,
        "in_service_instances" => 2.0,
        _ => return None,
    })
}

/// Busy in working hours, within every threshold; memory above the
/// downgrade test's.
pub fn healthy(id: &str, t: i64) -> Option<f64> {
    let w = wobble(t);
    let r = requests(t);
    Some(match id {
        "cpu_utilization" => 20.0 + r / 40.0 + 5.0 * w,
        "memory_utilization" => 62.0 + 10.0 * w,
        "running_task_count" => 12.0 + (r / 500.0).floor(),
        "response_time_p95" => 0.5 + r / 2000.0,
        "response_time_p99" => 1.0 + r / 1000.0,
        "request_count" => r,
        "target_5xx_count" if w > 0.95 => 2.0,
        "efs_percent_io_limit" => 20.0 + 20.0 * w,
        "efs_burst_credit_balance" => 2.3e12,
        "in_service_instances" => 2.0,
        _ => return None,
    })
}

/// Mon–Fri 08:00–11:00 UTC: CPU saturated and the service at
/// task_max_count (24 for `--profile heavy`); healthy otherwise.
pub fn weekday_mornings(id: &str, t: i64) -> Option<f64> {
    let (d, h) = weekday_hour(t);
    if !(d < 5 && (8..11).contains(&h)) {
        return healthy(id, t);
    }
    let w = wobble(t);
    Some(match id {
        "cpu_utilization" => 88.0 + 10.0 * w,
        "running_task_count" => 24.0,
        "request_count" => 3000.0 + 500.0 * w,
        "response_time_p95" => 2.0 + w,
        _ => return healthy(id, t),
    })
}

/// Healthy, with EFS at its I/O limit most of every day.
pub fn efs_at_limit(id: &str, t: i64) -> Option<f64> {
    let (_, h) = weekday_hour(t);
    match id {
        "efs_percent_io_limit" if (6..22).contains(&h) => Some(93.0 + 5.0 * wobble(t)),
        _ => healthy(id, t),
    }
}
