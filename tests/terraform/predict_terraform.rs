//! `predict --check` / `--plan`: the burst on each pypiserver module
//! instance Terraform describes, read as `check` reads it; `--module`;
//! the `--max-p95` gate (unknown fails closed); and recommend's Markdown
//! showing the predicted P95.

use crate::common::{fails, fixture, one_document, output, pypi_size};
use serde_json::Value;

const FOR_EACH_PLAN: &str = "tests/fixtures/plans/for-each.json";
const UNKNOWN_PLAN: &str = "tests/fixtures/plans/unknown.json";

fn json(args: &[&str], code: i32) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (out, got) = output(&all);
    assert_eq!(got, code, "{all:?}");
    one_document(&out)
}

fn p95_high(m: &Value) -> f64 {
    m["predict"]["prediction"]["latency"]["p95_s"]["high"]
        .as_f64()
        .unwrap()
}

#[test]
fn a_plan_predicts_every_module_instance_with_check_addresses() {
    let v = json(
        &["predict", "--plan", FOR_EACH_PLAN, "--burst-clients", "200"],
        0,
    );
    assert_eq!(v["command"], "predict");
    assert_eq!(v["read_from"], "plan");
    let addresses: Vec<&str> = v["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["address"].as_str().unwrap())
        .collect();
    // The same addresses `check --plan` prints.
    let check = json(&["check", "--plan", FOR_EACH_PLAN], 0);
    let checked: Vec<&str> = check["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["address"].as_str().unwrap())
        .collect();
    assert_eq!(addresses, checked);
    assert_eq!(addresses.len(), 2);
    // Each prediction is `predict` on the config check sized.
    for m in v["modules"].as_array().unwrap() {
        let c = check["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["address"] == m["address"])
            .unwrap();
        assert_eq!(
            m["predict"]["config"]["asg_instance_type"],
            c["instance"]["asg_instance_type"]
        );
        let by_flags = json(
            &[
                "predict",
                "--instance",
                c["instance"]["asg_instance_type"].as_str().unwrap(),
                "--asg-min-size",
                &c["capacity"]["asg_instance_count"].to_string(),
                "--gunicorn-workers",
                &c["capacity"]["gunicorn_workers"].to_string(),
                "--container-cpu",
                &c["capacity"]["container_cpu"].to_string(),
                "--container-memory",
                &c["inputs"]["container_memory"].to_string(),
                "--container-memory-reservation",
                &c["capacity"]["container_memory_reservation"].to_string(),
                "--task-min-count",
                &c["capacity"]["task_min_count"].to_string(),
                "--burst-clients",
                "200",
            ],
            0,
        );
        assert_eq!(
            m["predict"]["prediction"], by_flags["prediction"],
            "{}",
            m["address"]
        );
    }
}

#[test]
fn module_picks_one_instance_and_an_unknown_address_lists_the_found() {
    let v = json(
        &[
            "predict",
            "--plan",
            FOR_EACH_PLAN,
            "--burst-clients",
            "200",
            "--module",
            "module.pypiserver[\"prod\"]",
        ],
        0,
    );
    assert_eq!(v["modules"].as_array().unwrap().len(), 1);
    assert_eq!(v["modules"][0]["address"], "module.pypiserver[\"prod\"]");
    assert_eq!(v["module"], "module.pypiserver[\"prod\"]");
    fails(
        &[
            "predict",
            "--plan",
            FOR_EACH_PLAN,
            "--burst-clients",
            "200",
            "--module",
            "module.pypiserver[\"nope\"]",
        ],
        2,
        &[
            "--module",
            "module.pypiserver[\"dev\"]",
            "module.pypiserver[\"prod\"]",
        ],
    );
    fails(
        &["predict", "--burst-clients", "5", "--module", "module.x"],
        2,
        &["--module needs --check PATH or --plan FILE"],
    );
}

#[test]
fn a_tree_is_read_as_check_reads_it() {
    let dir = fixture("corpus/for-each-value");
    let v = json(&["predict", "--check", &dir, "--burst-clients", "200"], 0);
    assert_eq!(v["read_from"], "check");
    let mut addresses: Vec<&str> = v["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["address"].as_str().unwrap())
        .collect();
    addresses.sort();
    assert_eq!(
        addresses,
        [
            "module.pypiserver[\"large\"]",
            "module.pypiserver[\"small\"]"
        ]
    );
    // The config flags are Terraform's to set here.
    fails(
        &[
            "predict",
            "--check",
            &dir,
            "--instance",
            "c6a.xlarge",
            "--burst-clients",
            "5",
        ],
        2,
        &["--check", "--instance"],
    );
    fails(
        &[
            "predict",
            "--plan",
            FOR_EACH_PLAN,
            "--check",
            &dir,
            "--burst-clients",
            "5",
        ],
        2,
        &["--plan", "--check"],
    );
}

#[test]
fn tf_cli_args_reach_predict_check() {
    let dir = fixture("corpus/tf-cli-args-plan");
    let out = pypi_size()
        .env("TF_CLI_ARGS_plan", "-var-file=prod.tfvars")
        .args([
            "predict",
            "--check",
            &dir,
            "--burst-clients",
            "100",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["modules"][0]["predict"]["config"]["asg_instance_type"],
        "c6a.xlarge"
    );
}

#[test]
fn unknown_figures_are_said_and_fail_the_gate_closed() {
    // Unknown fails closed, gate or not: what was asked cannot be known.
    let v = json(
        &["predict", "--plan", UNKNOWN_PLAN, "--burst-clients", "200"],
        3,
    );
    let m = &v["modules"][0];
    assert!(m["predict"].is_null());
    assert!(
        m["unknown"].to_string().contains("task_min_count"),
        "{}",
        m["unknown"]
    );
    assert_eq!(v["unknown"], 1);
    assert!(m["over_max_p95"].is_null());
    let gated = json(
        &[
            "predict",
            "--plan",
            UNKNOWN_PLAN,
            "--burst-clients",
            "200",
            "--max-p95",
            "1000",
        ],
        3,
    );
    assert_eq!(gated["modules"][0]["over_max_p95"], true);
    assert_eq!(gated["over_max_p95"], 1);
}

/// The gate fails exactly when a band's upper edge is above the target,
/// for modules and for a config given by flags.
#[test]
fn max_p95_fails_exactly_above_the_bands_upper_edge() {
    let v = json(
        &["predict", "--plan", FOR_EACH_PLAN, "--burst-clients", "200"],
        0,
    );
    let highs: Vec<f64> = v["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(p95_high)
        .collect();
    let (lo, hi) = (highs[0].min(highs[1]), highs[0].max(highs[1]));
    for (target, failing, code) in [(lo - 0.01, 2, 3), ((lo + hi) / 2.0, 1, 3), (hi, 0, 0)] {
        let t = format!("{target}");
        let g = json(
            &[
                "predict",
                "--plan",
                FOR_EACH_PLAN,
                "--burst-clients",
                "200",
                "--max-p95",
                &t,
            ],
            code,
        );
        assert_eq!(g["over_max_p95"], failing, "target {t}");
    }
    let one = json(
        &[
            "predict",
            "--instance",
            "c6a.xlarge",
            "--burst-clients",
            "510",
        ],
        0,
    );
    let high = one["prediction"]["latency"]["p95_s"]["high"]
        .as_f64()
        .unwrap();
    let over = format!("{}", high - 0.01);
    let within = format!("{high}");
    let (_, code) = output(&[
        "predict",
        "--instance",
        "c6a.xlarge",
        "--burst-clients",
        "510",
        "--max-p95",
        &over,
    ]);
    assert_eq!(code, 3);
    let (_, code) = output(&[
        "predict",
        "--instance",
        "c6a.xlarge",
        "--burst-clients",
        "510",
        "--max-p95",
        &within,
    ]);
    assert_eq!(code, 0);
}

#[test]
fn the_modules_json_matches_the_schema() {
    let (schema, code) = output(&["schema", "predict"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_slice(&schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for plan in [FOR_EACH_PLAN, UNKNOWN_PLAN] {
        let v = json(
            &[
                "predict",
                "--plan",
                plan,
                "--burst-clients",
                "200",
                "--max-p95",
                "1000",
            ],
            if plan == UNKNOWN_PLAN { 3 } else { 0 },
        );
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{plan}: {errors:?}");
    }
}

#[test]
fn snapshots_of_the_modules_in_each_format() {
    for (name, format) in [("table", "table"), ("markdown", "markdown")] {
        let (out, code) = output(&[
            "predict",
            "--plan",
            FOR_EACH_PLAN,
            "--burst-clients",
            "200",
            "--max-p95",
            "10",
            "--format",
            format,
        ]);
        assert_eq!(code, 3);
        insta::with_settings!({ snapshot_path => crate::common::SNAPSHOTS, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(crate::common::snapshot_name(module_path!(), &format!("modules_{name}")), String::from_utf8(out).unwrap());
        });
    }
    let (out, _) = output(&[
        "predict",
        "--plan",
        UNKNOWN_PLAN,
        "--burst-clients",
        "200",
        "--max-p95",
        "10",
    ]);
    insta::with_settings!({ snapshot_path => crate::common::SNAPSHOTS, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(crate::common::snapshot_name(module_path!(), "modules_unknown_table"), String::from_utf8(out).unwrap());
    });
}

#[test]
fn recommend_markdown_shows_the_predicted_p95() {
    let v = json(&["recommend", "--burst", "300", "--users", "30"], 0);
    let p95 = &v["predicted_burst"]["prediction"]["latency"]["p95_s"];
    let (out, code) = output(&[
        "recommend",
        "--burst",
        "300",
        "--users",
        "30",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 0);
    let md = String::from_utf8(out).unwrap();
    let line = format!(
        "P95 {:.1} s (band {:.1}–{:.1} s)",
        p95["central"].as_f64().unwrap(),
        p95["low"].as_f64().unwrap(),
        p95["high"].as_f64().unwrap()
    );
    assert!(md.contains(&line), "{md}");
    insta::with_settings!({ snapshot_path => crate::common::SNAPSHOTS, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(crate::common::snapshot_name(module_path!(), "recommend_burst_markdown"), md);
    });
}

/// `--var` reaches the tree as in `check`: the instance type a variable
/// sets is known, and what data sources set stays unknown, said so.
#[test]
fn var_sets_root_variables_and_unresolved_inputs_are_named() {
    let dir = fixture("unresolved");
    let without = json(&["predict", "--check", &dir, "--burst-clients", "100"], 3);
    let with = json(
        &[
            "predict",
            "--check",
            &dir,
            "--burst-clients",
            "100",
            "--var",
            "instance_type=c6a.xlarge",
        ],
        3,
    );
    let reasons = |v: &Value| v["modules"][0]["unknown"].to_string();
    assert!(with["modules"][0]["predict"].is_null());
    assert!(reasons(&with).contains("unresolved"), "{}", reasons(&with));
    assert!(reasons(&with).contains("available_cpu_units 3968"));
    assert!(!reasons(&without).contains("available_cpu_units 3968"));
    fails(
        &[
            "predict",
            "--burst-clients",
            "5",
            "--var",
            "a=b",
            "--instance",
            "t3.small",
        ],
        2,
        &["--var", "--check"],
    );
}
