//! Every command's JSON is one valid document that matches the schema
//! `pypi-size schema` prints, with finite numbers only.

use crate::common::{fixture, one_document, output, pypi_size};
use serde_json::Value;

#[test]
fn every_commands_json_matches_the_schema() {
    let (schema, code) = output(&["schema"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_slice(&schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let runs: &[&[&str]] = &[
        &[
            "capacity",
            "--instance",
            "c6a.xlarge",
            "--asg-min-size",
            "2",
            "--asg-max-size",
            "4",
        ],
        &[
            "capacity",
            "--instance",
            "t3.micro",
            "--container-memory",
            "2048",
            "--container-memory-reservation",
            "64",
            "--ci-builds",
            "90",
            "--savings-plan",
            "40",
        ],
        &["recommend", "--profile", "light"],
        &["recommend", "--packages", "9000", "--burst", "5000"],
        &["instances"],
        &["profiles"],
        &[
            "check",
            &fixture("several"),
            &fixture("unresolved"),
            "--profile",
            "heavy",
            "--ci-builds",
            "100",
        ],
        &["check", &fixture("findings"), "--max-monthly-cost", "100"],
        // A plan: `plan` and each module's `planned` (unknown figures too).
        &["check", "--plan", "tests/fixtures/plans/unknown.json"],
        &["check", "--plan", "tests/fixtures/plans/removed.json"],
        &["diff", "--plan", "tests/fixtures/plans/update.json"],
        &[
            "diff",
            "tests/fixtures/diff/unknown/base",
            "tests/fixtures/diff/unknown/head",
            "--fail-above",
            "10",
        ],
        &[
            "diff",
            "tests/fixtures/diff/removed/base",
            "tests/fixtures/diff/removed/head",
        ],
        &["compare", "--all", "--container-memory-reservation", "64"],
        &["optimize", "--min-workers", "96"],
        &[
            "optimize",
            "--min-workers",
            "500",
            "--max-monthly-cost",
            "300",
        ],
        &["explain", "--profile", "heavy"],
        &["explain", "--instance", "t3.nano"],
        &[
            "advise",
            "--profile",
            "heavy",
            "--cpu-utilization",
            "90",
            "--memory-utilization",
            "95",
            "--efs-percent-io-limit",
            "85",
            "--tasks-at-max",
            "--error-rate",
            "3",
        ],
        &[
            "advise",
            "--profile",
            "light",
            "--cpu-utilization",
            "20",
            "--memory-utilization",
            "20",
        ],
        &[
            "predict",
            "--instance",
            "c6a.xlarge",
            "--asg-min-size",
            "2",
            "--burst-clients",
            "510",
            "--busiest-share",
            "0.85",
        ],
        &[
            "predict",
            "--instance",
            "t3.small",
            "--burst-clients",
            "100",
        ],
        &[
            "predict",
            "--instance",
            "c1.xlarge",
            "--burst-clients",
            "10",
        ],
        // The gate's keys, and the empty answer when no module is found.
        &[
            "predict",
            "--instance",
            "c6a.xlarge",
            "--burst-clients",
            "10",
            "--max-p95",
            "30",
        ],
        &[
            "predict",
            "--check",
            "tests/fixtures/check/recursive",
            "--burst-clients",
            "10",
        ],
        &["recommend", "--burst", "300", "--users", "30"],
        &[
            "optimize",
            "--burst-clients",
            "510",
            "--p95",
            "15",
            "--family",
            "c6a,c7a",
        ],
    ];
    let mut commands = std::collections::BTreeSet::new();
    for args in runs {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        let (stdout, code) = output(&args);
        assert!([0, 3, 4].contains(&code), "{args:?} exited {code}");
        let doc = one_document(&stdout);
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}:\n{}", errors.join("\n"));
        commands.insert(doc["command"].as_str().unwrap().to_string());
    }
    // Every command with JSON output was checked.
    assert_eq!(
        commands.len(),
        pypi_size::answers::schema::COMMANDS.len(),
        "{commands:?}"
    );
}

#[test]
fn the_schema_rejects_what_the_contract_forbids() {
    let (schema, _) = output(&["schema", "capacity"]);
    let schema: Value = serde_json::from_slice(&schema).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (stdout, _) = output(&["capacity", "--format", "json"]);
    let mut doc = one_document(&stdout);
    assert!(validator.is_valid(&doc));
    doc["capacity"]["task_min_count"] = Value::String("12".into());
    assert!(
        !validator.is_valid(&doc),
        "a number as a string must not pass"
    );
    let mut doc = one_document(&stdout);
    doc["schema_version"] = 1.into();
    assert!(
        !validator.is_valid(&doc),
        "another schema_version must not pass"
    );
}

#[test]
fn schema_of_an_unknown_command_is_a_usage_error() {
    let out = pypi_size().args(["schema", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("capacity"));
}
