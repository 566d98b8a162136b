//! Reading what `aws cloudwatch get-metric-data` prints: one or more JSON
//! documents (pages, or windows, concatenated), each with
//! `MetricDataResults`; an Id may come back in several entries. Points are
//! put in time order whatever the order printed (newest first by default),
//! and what makes a series incomplete is kept to be named.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::query::SeriesId;
use super::time::{self, Epoch};

/// Distinct Labels kept for a series.
const MAX_LABELS: usize = 8;

/// One page of the CLI's output. Unknown keys are AWS's to add.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Page<'a> {
    #[serde(borrow)]
    metric_data_results: Vec<RawResult<'a>>,
    #[serde(default)]
    next_token: Option<String>,
    #[serde(default)]
    messages: Vec<Message>,
}

/// A `Messages` entry, of the page or of one result: what CloudWatch says
/// of the data (a limit reached, a period out of range).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Message {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    value: Option<String>,
}

impl Message {
    fn text(&self, id: Option<&str>) -> String {
        let said = [self.code.as_deref(), self.value.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(": ");
        match id {
            Some(id) => format!("{id}: {said}"),
            None => said,
        }
    }
}

/// Distinct Messages kept: a file repeating one per page says it once.
const MAX_MESSAGES: usize = 20;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawResult<'a> {
    id: String,
    #[serde(default)]
    label: Option<String>,
    /// Borrowed from the text where it holds no escape: 40,000 of them.
    #[serde(default, borrow)]
    timestamps: Vec<Cow<'a, str>>,
    #[serde(default)]
    values: Vec<f64>,
    #[serde(default)]
    status_code: Option<String>,
    #[serde(default)]
    messages: Vec<Message>,
}

/// One series, as read: points oldest first, one per timestamp.
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub labels: Vec<String>,
    pub points: Vec<(Epoch, f64)>,
    /// The `StatusCode` of its last entry read when not `Complete`: pages
    /// followed to the end say `PartialData` first and `Complete` last.
    pub status: Option<String>,
}

/// Every series read, by Id, and what the file says of itself.
#[derive(Debug, Clone, Default)]
pub struct Readings {
    pub series: BTreeMap<SeriesId, Series>,
    /// Ids not among the tool's queries, kept to be named.
    pub unknown_ids: BTreeSet<String>,
    /// The last page ends with a `NextToken`: it was not followed (a page
    /// whose token was followed is followed by the next page).
    pub next_token: bool,
    /// CloudWatch's `Messages`, of a page or of an Id (`Id: Code: Value`).
    pub messages: Vec<String>,
}

fn note(readings: &mut Readings, text: String) {
    if readings.messages.len() < MAX_MESSAGES && !readings.messages.contains(&text) {
        readings.messages.push(text);
    }
}

/// The documents in `text`, or what is wrong, with its place.
pub fn read(text: &str) -> Result<Readings, String> {
    let mut readings = Readings::default();
    let mut pages = 0;
    // A bare array is most likely the query file itself (q.json) or a
    // `--query` of the output: say so rather than serde's words.
    if text.trim_start().starts_with('[') {
        return Err(
            "a JSON array, not the output of `aws cloudwatch get-metric-data --output \
                    json` (an object with MetricDataResults); was the query file (q.json) \
                    given instead of the command's output (m.json)?"
                .into(),
        );
    }
    for page in serde_json::Deserializer::from_str(text).into_iter::<Page<'_>>() {
        let page = page.map_err(|e| {
            // serde names the Rust type it wanted; the reader knows the AWS one.
            let e = e
                .to_string()
                .replace("struct Page", "an object with MetricDataResults")
                .replace("struct RawResult", "a MetricDataResults entry");
            format!(
                "not the output of `aws cloudwatch get-metric-data --output json` \
                 (a JSON object with MetricDataResults): {e}"
            )
        })?;
        pages += 1;
        readings.next_token = page.next_token.as_deref().is_some_and(|t| !t.is_empty());
        for m in &page.messages {
            note(&mut readings, m.text(None));
        }
        for raw in page.metric_data_results {
            add(&mut readings, raw)?;
        }
    }
    if pages == 0 {
        return Err("empty: no MetricDataResults to read".into());
    }
    for series in readings.series.values_mut() {
        // Newest first, oldest first, pages in any order: time order, and
        // one point for a timestamp given twice (overlapping windows).
        series.points.sort_by_key(|p| p.0);
        series.points.dedup_by_key(|p| p.0);
    }
    Ok(readings)
}

fn add(readings: &mut Readings, raw: RawResult<'_>) -> Result<(), String> {
    for m in &raw.messages {
        note(readings, m.text(Some(&raw.id)));
    }
    let Some(id) = SeriesId::from_id(&raw.id) else {
        readings.unknown_ids.insert(raw.id);
        return Ok(());
    };
    if raw.timestamps.len() != raw.values.len() {
        return Err(format!(
            "MetricDataResults Id {:?}: {} Timestamps but {} Values; each value needs its time",
            raw.id,
            raw.timestamps.len(),
            raw.values.len()
        ));
    }
    let series = readings.series.entry(id).or_default();
    // A few distinct Labels say whose series it is; a file repeating an Id
    // with a new Label each time is not searched through again and again.
    if let Some(label) = raw.label
        && series.labels.len() < MAX_LABELS
        && !series.labels.contains(&label)
    {
        series.labels.push(label);
    }
    series.status = match raw.status_code.as_deref() {
        None | Some("Complete") => None,
        Some(other) => Some(other.to_string()),
    };
    series.points.reserve(raw.values.len());
    for (t, v) in raw.timestamps.iter().zip(raw.values) {
        let at = time::parse(t).map_err(|e| format!("MetricDataResults Id {:?}: {e}", raw.id))?;
        if let Some(why) = impossible(id, v) {
            return Err(format!(
                "MetricDataResults Id {:?} at {t}: {v} {why}; not CloudWatch's output for \
                 this query",
                raw.id
            ));
        }
        series.points.push((at, v));
    }
    Ok(())
}

/// Why `v` cannot be a value of series `id`: every one of these metrics is
/// a count, a time, bytes or a share, never negative; memory and EFS I/O
/// are shares of a limit (the module's container_memory is a hard limit),
/// so at most 100 %. (ECS CPUUtilization may pass 100 %: a task may use
/// more CPU than it reserves.)
fn impossible(id: SeriesId, v: f64) -> Option<&'static str> {
    if v < 0.0 {
        return Some("is negative");
    }
    let share = matches!(
        id,
        SeriesId::MemoryUtilization | SeriesId::EfsPercentIoLimit
    );
    (share && v > 100.0).then_some("is above 100 %")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_orders_make_one_series_in_time_order() {
        let text = r#"{"MetricDataResults": [
            {"Id": "cpu_utilization", "Label": "pypiserver: x", "StatusCode": "PartialData",
             "Timestamps": ["2026-11-23T08:10:00+00:00", "2026-11-23T08:05:00+00:00"],
             "Values": [2.0, 1.0]}], "NextToken": "abc"}
            {"MetricDataResults": [
            {"Id": "cpu_utilization", "Label": "pypiserver: x", "StatusCode": "Complete",
             "Timestamps": ["2026-11-23T09:00:00+01:00", "2026-11-23T08:15:00Z"],
             "Values": [0.5, 3.0]},
            {"Id": "mystery", "Timestamps": [], "Values": []}], "Messages": []}"#;
        let r = read(text).unwrap();
        let cpu = &r.series[&SeriesId::CpuUtilization];
        let values: Vec<f64> = cpu.points.iter().map(|p| p.1).collect();
        assert_eq!(values, [0.5, 1.0, 2.0, 3.0]);
        // The last page: Complete, no NextToken.
        assert_eq!(cpu.status, None);
        assert_eq!(cpu.labels, ["pypiserver: x"]);
        assert!(!r.next_token);
        let cut = read(&text.replace(r#""Messages": []"#, r#""NextToken": "x""#)).unwrap();
        assert!(cut.next_token);
        let partial = read(&text.replace("\"Complete\"", "\"PartialData\"")).unwrap();
        assert_eq!(
            partial.series[&SeriesId::CpuUtilization].status.as_deref(),
            Some("PartialData")
        );
        assert_eq!(r.unknown_ids.iter().collect::<Vec<_>>(), ["mystery"]);
    }

    #[test]
    fn what_is_not_get_metric_data_output_is_an_error() {
        assert!(read("").unwrap_err().contains("empty"));
        assert!(read("[]").unwrap_err().contains("MetricDataResults"));
        assert!(
            read(" [{\"Id\": \"cpu_utilization\"}]")
                .unwrap_err()
                .contains("q.json")
        );
        let number = read("1").unwrap_err();
        assert!(!number.contains("struct"), "{number}");
        let messages = r#"{"MetricDataResults": [{"Id": "cpu_utilization", "Timestamps": [],
            "Values": [], "Messages": [{"Code": "ArithmeticError", "Value": "x"}]}],
            "Messages": [{"Code": "MaxMetricsExceeded", "Value": "too many"}]}"#;
        assert_eq!(
            read(messages).unwrap().messages,
            [
                "MaxMetricsExceeded: too many",
                "cpu_utilization: ArithmeticError: x"
            ]
        );
        assert!(read(r#"{"Foo": 1}"#).is_err());
        let uneven = r#"{"MetricDataResults": [{"Id": "cpu_utilization",
            "Timestamps": ["2026-11-23T08:05:00Z"], "Values": []}]}"#;
        assert!(
            read(uneven)
                .unwrap_err()
                .contains("1 Timestamps but 0 Values")
        );
        let bad_time = r#"{"MetricDataResults": [{"Id": "cpu_utilization",
            "Timestamps": ["yesterday"], "Values": [1]}]}"#;
        assert!(read(bad_time).unwrap_err().contains("\"yesterday\""));
        let negative = r#"{"MetricDataResults": [{"Id": "running_task_count",
            "Timestamps": ["2026-11-23T08:05:00Z"], "Values": [-1]}]}"#;
        let e = read(negative).unwrap_err();
        assert!(
            e.contains("running_task_count")
                && e.contains("2026-11-23T08:05:00Z")
                && e.contains("negative"),
            "{e}"
        );
        let over = r#"{"MetricDataResults": [{"Id": "memory_utilization",
            "Timestamps": ["2026-11-23T08:05:00Z"], "Values": [1e308]}]}"#;
        assert!(read(over).unwrap_err().contains("above 100 %"));
    }
}
