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
}

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
}

/// The documents in `text`, or what is wrong, with its place.
pub fn read(text: &str) -> Result<Readings, String> {
    let mut readings = Readings::default();
    let mut pages = 0;
    for page in serde_json::Deserializer::from_str(text).into_iter::<Page<'_>>() {
        let page = page.map_err(|e| {
            format!(
                "not the output of `aws cloudwatch get-metric-data --output json` \
                 (a JSON object with MetricDataResults): {e}"
            )
        })?;
        pages += 1;
        readings.next_token = page.next_token.as_deref().is_some_and(|t| !t.is_empty());
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
        series.points.push((at, v));
    }
    Ok(())
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
    }
}
