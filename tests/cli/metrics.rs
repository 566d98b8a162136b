//! `advise --metrics` on 14-day scenarios built from the tool's own query
//! file (tests/common/metrics.rs), and `--metrics-query` itself.

use crate::common;

use crate::exit_codes;

use crate::common::metrics::{self as m, Printing, Shape};
use crate::common::{Scratch, json_with_code, output, pypi_size};
use serde_json::Value;

const DAYS: i64 = 14;

/// The scenario's get-metric-data output, written to a scratch file.
fn scenario(name: &str, shape: Shape<'_>, edit: impl FnOnce(&mut Value)) -> (Scratch, String) {
    let mut doc = m::results(&m::query_file(&[]), DAYS, shape, Printing::default());
    edit(&mut doc);
    let dir = Scratch::new(name);
    let path = dir.write("m.json", &doc.to_string());
    (dir, path)
}

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

fn actions(doc: &Value) -> Vec<&str> {
    doc["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect()
}

fn verdict<'a>(doc: &'a Value, rule: &str) -> &'a Value {
    doc["measured"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == rule)
        .unwrap_or_else(|| panic!("no rule {rule}"))
}

fn drop_series(doc: &mut Value, id: &str) {
    doc["MetricDataResults"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["Id"] != id);
}

#[test]
fn a_quiet_service_scales_down() {
    let (_d, path) = scenario("quiet", &m::quiet, |_| {});
    let doc = advise(&path, exit_codes::CHANGES);
    assert_eq!(actions(&doc), ["scale_down_instance_type"]);
    assert_eq!(verdict(&doc, "quiet")["verdict"], "action");
    assert!(doc["measured"]["not_judged"].as_array().unwrap().is_empty());
    let down = &doc["actions"][0];
    assert_eq!(down["proposed"]["inputs"]["asg_instance_type"], "c6a.large");
    assert!(down["cost_difference"]["at_asg_min_size"].as_f64().unwrap() < 0.0);
}

#[test]
fn a_healthy_service_needs_no_action() {
    let (_d, path) = scenario("healthy", &m::healthy, |_| {});
    let doc = advise(&path, exit_codes::SUCCESS);
    assert!(actions(&doc).is_empty());
    for rule in doc["measured"]["rules"].as_array().unwrap() {
        assert_eq!(rule["verdict"], "within", "{rule}");
    }
    let stats = &doc["measured"]["series"];
    assert_eq!(stats.as_array().unwrap().len(), 9);
    assert_eq!(stats[0]["points"], 14 * 288);
    let table = common::stdout(&["advise", "--profile", "heavy", "--metrics", &path]);
    assert!(table.contains("No action"), "{table}");
}

#[test]
fn weekday_morning_saturation_scales_up_and_out_saying_when() {
    let (_d, path) = scenario("mornings", &m::weekday_mornings, |_| {});
    let doc = advise(&path, exit_codes::CHANGES);
    assert_eq!(
        actions(&doc),
        ["scale_up_instance_type", "scale_out_instance_count"]
    );
    for rule in ["cpu_sustained", "tasks_at_max"] {
        let v = verdict(&doc, rule);
        assert_eq!(v["verdict"], "action");
        assert_eq!(v["evidence"]["when"], "Mon–Fri 08:00–11:00 UTC");
        assert_eq!(v["evidence"]["days_with_runs"], 10);
        assert_eq!(v["evidence"]["longest_minutes"], 180);
    }
    let reason = doc["actions"][0]["reasons"][0].as_str().unwrap();
    assert!(reason.contains("Mon–Fri 08:00–11:00 UTC"), "{reason}");
}

#[test]
fn efs_at_its_io_limit_changes_the_throughput_mode() {
    let (_d, path) = scenario("efs", &m::efs_at_limit, |_| {});
    let doc = advise(&path, exit_codes::CHANGES);
    assert_eq!(actions(&doc), ["change_efs_throughput_mode"]);
    let change = doc["actions"][0]["change"].as_str().unwrap();
    assert!(
        change.contains("efs_throughput_mode \"elastic\" → \"provisioned\""),
        "{change}"
    );
}

#[test]
fn a_missing_cpu_series_is_named_never_no_action() {
    let (_d, path) = scenario("no-cpu", &m::quiet, |doc| {
        drop_series(doc, "cpu_utilization")
    });
    let doc = advise(&path, exit_codes::VERDICT);
    assert!(actions(&doc).is_empty());
    assert_eq!(verdict(&doc, "cpu_sustained")["verdict"], "not_judged");
    assert_eq!(verdict(&doc, "quiet")["verdict"], "not_judged");
    let named = &doc["measured"]["not_judged"][0];
    assert_eq!(named["series"], "cpu_utilization");
    assert_eq!(named["reason"], "missing from the file");
    let table = common::stdout(&["advise", "--profile", "heavy", "--metrics", &path]);
    assert!(!table.contains("No action:"), "{table}");
    assert!(
        table.contains("cpu_utilization: missing from the file"),
        "{table}"
    );
}

#[test]
fn an_empty_or_partial_or_foreign_series_is_not_judged() {
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit); 3] = [
        ("empty", |doc| {
            let r = &mut doc["MetricDataResults"][0];
            r["Timestamps"] = Value::Array(vec![]);
            r["Values"] = Value::Array(vec![]);
        }),
        ("partial", |doc| {
            doc["MetricDataResults"][0]["StatusCode"] = "PartialData".into()
        }),
        ("foreign", |doc| {
            doc["MetricDataResults"][0]["Label"] = "bil|ling: AWS/ECS CPUUtilization Average".into()
        }),
    ];
    for (name, edit) in cases {
        let (_d, path) = scenario(name, &m::healthy, edit);
        let doc = advise(&path, exit_codes::VERDICT);
        assert_eq!(
            verdict(&doc, "cpu_sustained")["verdict"],
            "not_judged",
            "{name}"
        );
        assert_eq!(
            doc["measured"]["not_judged"][0]["series"],
            "cpu_utilization"
        );
    }
    // A NextToken not followed: the file as a whole.
    let (_d, path) = scenario("next-token", &m::healthy, |doc| {
        doc["NextToken"] = "abc".into()
    });
    let doc = advise(&path, exit_codes::VERDICT);
    let named = &doc["measured"]["not_judged"][0];
    assert!(named["series"].is_null());
    assert!(named["reason"].as_str().unwrap().contains("NextToken"));
}

#[test]
fn a_day_without_data_is_a_gap_not_a_verdict() {
    let gap = |id: &str, t: i64| {
        let day = (t - m::MONDAY) / 86_400;
        if day == 3 { None } else { m::healthy(id, t) }
    };
    let (_d, path) = scenario("gap", &gap, |_| {});
    let doc = advise(&path, exit_codes::SUCCESS);
    assert_eq!(doc["measured"]["series"][0]["missing_periods"], 288);
    // The mornings still decide with a gap in the middle.
    let gap = |id: &str, t: i64| {
        let day = (t - m::MONDAY) / 86_400;
        if day == 3 {
            None
        } else {
            m::weekday_mornings(id, t)
        }
    };
    let (_d, path) = scenario("gap-mornings", &gap, |_| {});
    let doc = advise(&path, exit_codes::CHANGES);
    assert_eq!(
        verdict(&doc, "cpu_sustained")["evidence"]["days_with_runs"],
        9
    );
}

#[test]
fn order_time_zone_and_pages_do_not_change_the_answer() {
    let q = m::query_file(&[]);
    let shape: Shape<'_> = &m::weekday_mornings;
    let base = m::results(&q, DAYS, shape, Printing::default());
    let oldest = m::results(
        &q,
        DAYS,
        shape,
        Printing {
            newest_first: false,
            offset_minutes: 60,
        },
    );
    let west = m::results(
        &q,
        DAYS,
        shape,
        Printing {
            newest_first: true,
            offset_minutes: -300,
        },
    );
    // Two pages: each series split in two, concatenated as the CLI's
    // outputs of two windows are.
    let (mut first, mut second) = (base.clone(), base.clone());
    for (a, b) in first["MetricDataResults"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(second["MetricDataResults"].as_array_mut().unwrap())
    {
        for key in ["Timestamps", "Values"] {
            let all = a[key].as_array().unwrap().clone();
            let half = all.len() / 2;
            a[key] = Value::Array(all[..half].to_vec());
            b[key] = Value::Array(all[half..].to_vec());
        }
    }
    let dir = Scratch::new("orders");
    let answer = |name: &str, text: String| {
        let path = dir.write(name, &text);
        let mut doc = advise(&path, exit_codes::CHANGES);
        doc["measured"]["window"].take();
        doc
    };
    let expected = answer("base.json", base.to_string());
    assert_eq!(answer("oldest.json", oldest.to_string()), expected);
    assert_eq!(answer("west.json", west.to_string()), expected);
    assert_eq!(answer("pages.json", format!("{first}\n{second}")), expected);
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let doc = m::results(&m::query_file(&[]), DAYS, &m::healthy, Printing::default());
    let out = pypi_size()
        .args([
            "advise",
            "--profile",
            "heavy",
            "--metrics",
            "-",
            "--detailed-exitcode",
        ])
        .write_stdin(doc.to_string())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(exit_codes::SUCCESS.into()));
}

#[test]
fn what_is_not_get_metric_data_output_is_refused_naming_the_file() {
    let dir = Scratch::new("bad-metrics");
    let path = dir.write("m.json", "{\"Foo\": 1}");
    common::fails(
        &["advise", "--profile", "heavy", "--metrics", &path],
        exit_codes::FAILURE.into(),
        &["m.json", "MetricDataResults"],
    );
}

#[test]
fn the_query_needs_each_resource_and_says_how_to_find_it() {
    common::fails(
        &["advise", "--metrics-query", "--load-balancer", "web"],
        exit_codes::USAGE.into(),
        &[
            "invalid value \"web\" for --load-balancer",
            "--file-system-id is required: find it with `aws efs describe-file-systems",
            "--asg-name is required",
        ],
    );
    common::fails(
        &["advise", "--metrics", "m.json", "--cpu-utilization", "90"],
        exit_codes::USAGE.into(),
        &["cannot be used with"],
    );
}

#[test]
fn bursting_mode_queries_the_credit_balance() {
    let q: Vec<Value> =
        serde_json::from_str(&m::query_file(&["--efs-throughput-mode", "bursting"])).unwrap();
    assert_eq!(q.len(), 10);
    assert!(q.iter().any(|q| q["Id"] == "efs_burst_credit_balance"));
}

/// The aws command --metrics-query prints for 14 days is the one `advise
/// --help` and the docs show.
#[test]
fn the_help_shows_the_command_the_query_prints() {
    let out = pypi_size()
        .args([
            "advise",
            "--metrics-query",
            "--load-balancer",
            "app/pypiserver/50dc6c495c0c9188",
            "--file-system-id",
            "fs-0123456789abcdef0",
            "--asg-name",
            "pypiserver-asg",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let command = stderr.lines().nth(1).unwrap();
    let help = common::stdout(&["advise", "--help"]);
    let joined = help.replace(" \\\n      ", " ");
    assert!(joined.contains(command), "{command}\n{help}");
    let docs = std::fs::read_to_string("docs/metrics.md").unwrap();
    assert!(
        docs.replace(" \\\n    ", " ").contains(command),
        "docs/metrics.md"
    );
    let (_, code) = output(&["advise", "--metrics-query", "--days", "64"]);
    assert_eq!(code, i32::from(exit_codes::USAGE));
}

/// The weekday-mornings scenario at a stable path, for the snapshots.
fn mornings_file() -> String {
    let path = format!("{}/weekday-mornings.json", env!("CARGO_TARGET_TMPDIR"));
    let doc = m::results(
        &m::query_file(&[]),
        DAYS,
        &m::weekday_mornings,
        Printing::default(),
    );
    std::fs::write(&path, doc.to_string()).unwrap();
    path
}

#[test]
fn snapshots_of_each_format() {
    let path = mornings_file();
    for format in ["table", "json", "markdown"] {
        let args = [
            "advise",
            "--profile",
            "heavy",
            "--metrics",
            &path,
            "--format",
            format,
        ];
        let text = common::stdout(&args);
        if format == "markdown" {
            assert_eq!(common::assert_markdown_tables(&text), 1);
        }
        insta::with_settings!({
            snapshot_suffix => format,
            omit_expression => true,
            snapshot_path => crate::common::SNAPSHOTS,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!("metrics__advise_metrics", text);
        });
    }
}

/// `measured`, with every verdict kind, matches `pypi-size schema advise`.
#[test]
fn the_json_matches_the_schema() {
    let schema: Value = serde_json::from_str(&common::stdout(&["schema", "advise"])).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let burst = |id: &str, t: i64| {
        // 20-minute bursts at 14:00 every day: CPU 95 % and 10x requests.
        let minute = (t - m::MONDAY).rem_euclid(86_400) / 60;
        let in_burst = (840..860).contains(&minute);
        match id {
            "cpu_utilization" if in_burst => Some(95.0),
            "request_count" if in_burst => Some(15_000.0),
            _ => m::healthy(id, t),
        }
    };
    let (_a, mornings) = scenario("schema-mornings", &m::weekday_mornings, |_| {});
    let (_b, no_cpu) = scenario("schema-no-cpu", &m::quiet, |doc| {
        drop_series(doc, "cpu_utilization")
    });
    let (_c, bursts) = scenario("schema-bursts", &burst, |_| {});
    let huge = |id: &str, t: i64| match id {
        "cpu_utilization" => Some(1e308),
        _ => m::healthy(id, t),
    };
    let (_d, huge) = scenario("schema-huge", &huge, |_| {});
    for (path, code) in [
        (&huge, exit_codes::CHANGES),
        (&mornings, exit_codes::CHANGES),
        (&no_cpu, exit_codes::VERDICT),
        (&bursts, exit_codes::SUCCESS),
    ] {
        let doc = advise(path, code);
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
    let doc = advise(&bursts, exit_codes::SUCCESS);
    assert_eq!(verdict(&doc, "cpu_sustained")["verdict"], "burst_only");
}

/// profiles.toml with one `[metrics]` value changed, in a scratch file.
fn profiles_with(dir: &Scratch, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string("profiles.toml").unwrap();
    assert!(text.contains(from), "{from}");
    dir.write("profiles.toml", &text.replace(from, to))
}

/// The definitions are data: runs of 180 minutes are not sustained when
/// `sustained_minutes` asks for 200, and a call's query limit is read.
#[test]
fn the_definitions_come_from_the_data_file() {
    let (dir, path) = scenario("data-driven", &m::weekday_mornings, |_| {});
    let profiles = profiles_with(&dir, "sustained_minutes = 10", "sustained_minutes = 200");
    let doc = json_with_code(
        &[
            "--profiles",
            &profiles,
            "advise",
            "--profile",
            "heavy",
            "--metrics",
            &path,
        ],
        0,
    );
    assert_eq!(verdict(&doc, "cpu_sustained")["verdict"], "within");
    assert!(
        verdict(&doc, "cpu_sustained")["threshold"]
            .as_str()
            .unwrap()
            .contains("200+ min")
    );
    let profiles = profiles_with(
        &dir,
        "max_queries_per_call = 500",
        "max_queries_per_call = 5",
    );
    common::fails(
        &[
            "--profiles",
            &profiles,
            "advise",
            "--metrics-query",
            "--load-balancer",
            "app/pypiserver/50dc6c495c0c9188",
            "--file-system-id",
            "fs-0123456789abcdef0",
            "--asg-name",
            "pypiserver-asg",
        ],
        exit_codes::FAILURE.into(),
        &["9 queries, more than the 5 GetMetricData takes"],
    );
}
