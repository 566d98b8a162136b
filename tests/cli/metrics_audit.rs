//! The audit of `advise --metrics` (issues 20 and 22): series ids in JSON
//! are the query Ids, data outside the window is not "within", correctly
//! followed pages are read whole, and the odd inputs an auditor tried.

use crate::common;

use crate::exit_codes;

use crate::common::metrics::{self as m, Printing};
use crate::common::{Scratch, json_with_code};
use serde_json::{Value, json};

const DAYS: i64 = 14;
const ALB: [&str; 4] = [
    "response_time_p95",
    "response_time_p99",
    "request_count",
    "target_5xx_count",
];

/// `advise --profile heavy --metrics FILE --detailed-exitcode --format json`.
fn advise(path: &str, code: u8) -> Value {
    json_with_code(
        &[
            "advise",
            "--profile",
            "heavy",
            "--metrics",
            path,
            "--detailed-exitcode",
        ],
        code.into(),
    )
}

fn entries(doc: &mut Value) -> &mut Vec<Value> {
    doc["MetricDataResults"].as_array_mut().unwrap()
}

fn verdict<'a>(doc: &'a Value, rule: &str) -> &'a Value {
    doc["measured"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == rule)
        .unwrap_or_else(|| panic!("no rule {rule}"))
}

fn not_judged_text(doc: &Value) -> String {
    doc["measured"]["not_judged"].to_string()
}

/// Every series id the JSON names (measured.series[].id, rules[].series,
/// not_judged[].series) is an `Id` of the query file.
#[test]
fn every_series_id_in_the_json_is_a_query_id() {
    let q = m::query_file(&[]);
    let ids: Vec<String> = serde_json::from_str::<Vec<Value>>(&q)
        .unwrap()
        .iter()
        .map(|q| q["Id"].as_str().unwrap().to_string())
        .collect();
    let mut results = m::results(&q, DAYS, &m::healthy, Printing::default());
    entries(&mut results).retain(|e| e["Id"] != "target_5xx_count" && e["Id"] != "request_count");
    let dir = Scratch::new("audit-ids");
    let path = dir.write("m.json", &results.to_string());
    let doc = advise(&path, exit_codes::VERDICT);
    let measured = &doc["measured"];
    let mut named: Vec<&Value> = Vec::new();
    named.extend(
        measured["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| &s["id"]),
    );
    for r in measured["rules"].as_array().unwrap() {
        named.extend(r["series"].as_array().unwrap());
    }
    named.extend(
        measured["not_judged"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| &n["series"]),
    );
    assert!(named.iter().any(|n| *n == "target_5xx_count"), "{measured}");
    for n in named.iter().filter(|n| !n.is_null()) {
        assert!(ids.iter().any(|id| *n == id), "{n} is no query Id: {ids:?}");
    }
    let schema = common::stdout(&["schema", "advise"]);
    assert!(schema.contains("\"target_5xx_count\""), "{schema}");
    assert!(!schema.contains("target5xx"));
}

/// `cat old.json new.json`: the ALB's series 90 days older than the rest.
#[test]
fn series_wholly_outside_the_window_are_not_judged() {
    let q = m::query_file(&[]);
    let days = DAYS + 90;
    let printing = Printing {
        newest_first: false,
        offset_minutes: 0,
    };
    let all = m::results(&q, days, &m::healthy, printing);
    let split = m::iso(m::MONDAY + DAYS * 86_400, 0);
    let fresh = m::iso(m::MONDAY + 90 * 86_400, 0);
    let keep = |doc: &mut Value, alb: bool, inside: &dyn Fn(&str) -> bool| {
        entries(doc).retain(|e| ALB.contains(&e["Id"].as_str().unwrap()) == alb);
        for e in entries(doc) {
            let ts: Vec<Value> = e["Timestamps"].as_array().unwrap().clone();
            let vs: Vec<Value> = e["Values"].as_array().unwrap().clone();
            let (t, v): (Vec<Value>, Vec<Value>) = ts
                .into_iter()
                .zip(vs)
                .filter(|(t, _)| inside(t.as_str().unwrap()))
                .unzip();
            e["Timestamps"] = Value::Array(t);
            e["Values"] = Value::Array(v);
        }
    };
    let (mut old, mut new) = (all.clone(), all);
    keep(&mut old, true, &|t| t < split.as_str());
    keep(&mut new, false, &|t| t >= fresh.as_str());
    let dir = Scratch::new("audit-window");
    let path = dir.write("m.json", &format!("{old}\n{new}"));
    let doc = advise(&path, exit_codes::VERDICT);
    for rule in ["error_rate", "response_time_p95"] {
        assert_eq!(verdict(&doc, rule)["verdict"], "not_judged", "{rule}");
    }
    assert!(
        not_judged_text(&doc).contains("no datapoints in the window"),
        "{}",
        not_judged_text(&doc)
    );

    // A stray timestamp in year 9999: nothing else is in its window.
    let mut stray = m::results(&q, DAYS, &m::healthy, Printing::default());
    let label = stray["MetricDataResults"][0]["Label"].clone();
    entries(&mut stray).push(json!({"Id": "cpu_utilization", "Label": label,
        "Timestamps": ["9999-01-01T00:00:00Z"], "Values": [5.0], "StatusCode": "Complete"}));
    let path = dir.write("stray.json", &stray.to_string());
    let doc = advise(&path, exit_codes::VERDICT);
    for rule in ["error_rate", "response_time_p95"] {
        assert_eq!(verdict(&doc, rule)["verdict"], "not_judged", "{rule}");
    }
}

/// `aws cloudwatch get-metric-data --max-items` then `--starting-token`:
/// page 1 all PartialData with a NextToken, page 2 Complete without one.
#[test]
fn pages_followed_to_the_end_are_read_whole() {
    let q = m::query_file(&[]);
    let base = m::results(&q, DAYS, &m::healthy, Printing::default());
    let (mut first, mut second) = (base.clone(), base.clone());
    for (a, b) in entries(&mut first).iter_mut().zip(entries(&mut second)) {
        for key in ["Timestamps", "Values"] {
            let all = a[key].as_array().unwrap().clone();
            let half = all.len() / 2;
            a[key] = Value::Array(all[..half].to_vec());
            b[key] = Value::Array(all[half..].to_vec());
        }
        a["StatusCode"] = json!("PartialData");
    }
    first["NextToken"] = json!("eyJ0b2tlbiI6IDF9");
    let dir = Scratch::new("audit-pages");
    let base_path = dir.write("base.json", &base.to_string());
    let path = dir.write("pages.json", &format!("{first}\n{second}"));
    let mut expected = advise(&base_path, exit_codes::SUCCESS);
    let mut doc = advise(&path, exit_codes::SUCCESS);
    assert_eq!(not_judged_text(&doc), "[]");
    assert_eq!(verdict(&doc, "error_rate")["verdict"], "within");
    doc["measured"]["window"].take();
    expected["measured"]["window"].take();
    assert_eq!(doc, expected);

    // Without a 5xx datapoint at all: 0 errors, as documented.
    let mut no_errors = base.clone();
    for e in entries(&mut no_errors) {
        if e["Id"] == "target_5xx_count" {
            e["Timestamps"] = json!([]);
            e["Values"] = json!([]);
        }
    }
    let path = dir.write("no-errors.json", &no_errors.to_string());
    let doc = advise(&path, exit_codes::SUCCESS);
    assert_eq!(verdict(&doc, "error_rate")["verdict"], "within");
    assert!(!not_judged_text(&doc).contains("empty"));

    // A page left unfollowed is still named.
    let path = dir.write("cut.json", &first.to_string());
    let doc = advise(&path, exit_codes::VERDICT);
    assert!(not_judged_text(&doc).contains("NextToken"));
}

/// Help says what advise does: no default instance type (the deployed one
/// is required), and --detailed-exitcode's 3 for a rule not judged.
#[test]
fn advise_help_says_what_it_does() {
    let help = common::stdout(&["advise", "-h"]);
    // The flag's text: its line and the indented lines up to the next flag.
    let after = help.split("--instance <TYPE>").nth(1).unwrap();
    let instance: String = after
        .lines()
        .enumerate()
        .take_while(|(i, l)| *i == 0 || !l.trim_start().starts_with('-'))
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!instance.contains("[default:"), "{instance}");
    assert!(instance.contains("no default"), "{instance}");
    let exit = help.split("      --detailed-exitcode ").nth(1).unwrap();
    let exit: String = exit.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(exit.contains("could not be judged"), "{exit}");
    // Other commands keep the module's default.
    let capacity = common::stdout(&["capacity", "-h"]);
    assert!(capacity.contains("[default: t3.small]"));
}

/// Every key of `metrics` that is `null` under --metrics is said to be so in
/// docs/metrics.md.
#[test]
fn the_docs_name_each_null_metric() {
    let q = m::query_file(&[]);
    let results = m::results(&q, DAYS, &m::healthy, Printing::default());
    let dir = Scratch::new("audit-null");
    let path = dir.write("m.json", &results.to_string());
    let doc = advise(&path, exit_codes::SUCCESS);
    let docs = std::fs::read_to_string("docs/metrics.md").unwrap();
    let docs: String = docs.split_whitespace().collect::<Vec<_>>().join(" ");
    for (key, value) in doc["metrics"].as_object().unwrap() {
        let said = format!("`{key}` is `null`");
        assert_eq!(value.is_null(), docs.contains(&said), "{key}: {value}");
    }
}

/// --metrics FILE with --metrics-query: two different runs, a usage error.
#[test]
fn the_query_and_a_file_conflict() {
    common::fails(
        &[
            "advise",
            "--metrics-query",
            "--load-balancer",
            "app/pypiserver/50dc6c495c0c9188",
            "--file-system-id",
            "fs-0123456789abcdef0",
            "--asg-name",
            "pypiserver-asg",
            "--metrics",
            "m.json",
        ],
        exit_codes::USAGE.into(),
        &["--metrics <FILE>", "cannot be used with"],
    );
}

/// A quiet service on t3.small, the smallest size it runs on: nothing to
/// propose, so the downgrade test is `within` and the exit code 0; a
/// scale-down proposed keeps the guide's caution and says what is true of
/// the tasks.
#[test]
fn the_downgrade_test_agrees_with_the_exit_code_and_says_what_is_true() {
    let q = m::query_file(&[]);
    // At t3.small's task_min_count (6), not its task_max_count (12).
    let shape = |id: &str, t: i64| match id {
        "running_task_count" => Some(6.0),
        _ => m::quiet(id, t),
    };
    let results = m::results(&q, DAYS, &shape, Printing::default());
    let dir = Scratch::new("audit-quiet");
    let path = dir.write("m.json", &results.to_string());
    let args = |instance: &'static str| {
        [
            "advise",
            "--instance",
            instance,
            "--metrics",
            "PATH",
            "--detailed-exitcode",
        ]
    };
    let run = |instance: &'static str, code: u8| {
        let mut a = args(instance).to_vec();
        a[4] = &path;
        json_with_code(&a, code.into())
    };
    let small = run("t3.small", exit_codes::SUCCESS);
    let quiet = verdict(&small, "quiet");
    assert_eq!(quiet["verdict"], "within", "{quiet}");
    assert!(
        quiet["observed"]
            .as_str()
            .unwrap()
            .contains("no smaller size to propose"),
        "{quiet}"
    );
    assert_eq!(small["actions"], json!([]));

    let doc = advise(&path, exit_codes::CHANGES);
    let down = &doc["actions"][0];
    assert_eq!(down["action"], "scale_down_instance_type");
    let reasons = down["reasons"].to_string();
    assert!(
        reasons.contains("try it in a test environment first"),
        "{reasons}"
    );
    if let Some(note) = down["note"].as_str() {
        assert!(!note.contains("each task gets more"), "{note}");
        if note.contains("fewer tasks per instance") {
            assert!(note.contains("each task keeps its"), "{note}");
        }
    }
}

/// The task count sits at task_max_count, never above it.
#[test]
fn the_task_count_rule_says_at() {
    let q = m::query_file(&[]);
    let results = m::results(&q, DAYS, &m::weekday_mornings, Printing::default());
    let dir = Scratch::new("audit-at");
    let path = dir.write("m.json", &results.to_string());
    let doc = advise(&path, exit_codes::CHANGES);
    let observed = verdict(&doc, "tasks_at_max")["observed"].as_str().unwrap();
    assert!(
        observed.starts_with("at task_max_count on 10 of 14 days"),
        "{observed}"
    );
    let healthy = m::results(&q, DAYS, &m::healthy, Printing::default());
    let path = dir.write("h.json", &healthy.to_string());
    let doc = advise(&path, exit_codes::SUCCESS);
    let observed = verdict(&doc, "tasks_at_max")["observed"].as_str().unwrap();
    assert!(!observed.contains("above"), "{observed}");
}

/// Odd inputs: a huge CPU value prints compactly, impossible values are
/// refused naming the series and time, CloudWatch's Messages are shown, a
/// bare array is named for what it likely is, and `schema` takes JSON only.
#[test]
fn odd_inputs_are_shown_compactly_refused_or_named() {
    let q = m::query_file(&[]);
    let dir = Scratch::new("audit-odd");
    let mut huge = m::results(&q, DAYS, &m::quiet, Printing::default());
    for e in entries(&mut huge) {
        if e["Id"] == "cpu_utilization" {
            for i in 0..4 {
                e["Values"][i] = json!(1e308);
            }
        }
    }
    huge["Messages"] = json!([{"Code": "MaxMetricsExceeded", "Value": "too many metrics"}]);
    let path = dir.write("huge.json", &huge.to_string());
    let table = common::stdout(&["advise", "--profile", "heavy", "--metrics", &path]);
    assert!(!table.contains("0000000000"), "{table}");
    assert!(table.contains("1.000e308"), "{table}");
    assert!(
        table.contains("MaxMetricsExceeded: too many metrics"),
        "{table}"
    );
    let doc = json_with_code(
        &["advise", "--profile", "heavy", "--metrics", &path],
        exit_codes::SUCCESS.into(),
    );
    assert_eq!(
        doc["measured"]["messages"],
        json!(["MaxMetricsExceeded: too many metrics"])
    );

    let mut negative = m::results(&q, DAYS, &m::quiet, Printing::default());
    let at = {
        let e = entries(&mut negative)
            .iter_mut()
            .find(|e| e["Id"] == "running_task_count")
            .unwrap();
        e["Values"][0] = json!(-3.0);
        e["Timestamps"][0].as_str().unwrap().to_string()
    };
    let path = dir.write("negative.json", &negative.to_string());
    common::fails(
        &["advise", "--profile", "heavy", "--metrics", &path],
        exit_codes::FAILURE.into(),
        &["running_task_count", &at, "negative"],
    );

    let path = dir.write("q.json", &q);
    let out = common::pypi_size()
        .args(["advise", "--profile", "heavy", "--metrics", &path])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(exit_codes::FAILURE.into()));
    assert!(
        stderr.contains("a JSON array") && stderr.contains("q.json"),
        "{stderr}"
    );
    assert!(!stderr.contains("struct"), "{stderr}");

    common::fails(
        &["schema", "--format", "hcl"],
        exit_codes::USAGE.into(),
        &["schema prints a JSON Schema only"],
    );
    let _ = common::stdout(&["schema", "--format", "json"]);
}

/// PercentIOLimit is General Purpose mode's I/O limit: the throughput
/// proposal says a throughput change may not lower it.
#[test]
fn the_efs_proposal_says_what_percent_io_limit_measures() {
    let q = m::query_file(&[]);
    let results = m::results(&q, DAYS, &m::efs_at_limit, Printing::default());
    let dir = Scratch::new("audit-efs");
    let path = dir.write("m.json", &results.to_string());
    let doc = advise(&path, exit_codes::CHANGES);
    let note = doc["actions"][0]["note"].as_str().unwrap();
    assert!(note.contains("General Purpose performance mode"), "{note}");
    assert!(note.contains("may not lower it"), "{note}");
    let typed = json_with_code(
        &[
            "advise",
            "--profile",
            "heavy",
            "--efs-percent-io-limit",
            "95",
        ],
        exit_codes::SUCCESS.into(),
    );
    let note = typed["actions"][0]["note"].as_str().unwrap();
    assert!(note.contains("may not lower it"), "{note}");
}
