//! The command line end to end: the guide's worked examples through JSON, and
//! every kind of bad input giving a clear message, a non-zero exit code and an
//! empty stdout.

use crate::common;

use crate::common::{Scratch, fails, json, pypi_size};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn guide_example_t3_small() {
    let v = json(&["capacity", "--instance", "t3.small", "--asg-min-size", "2"]);
    let c = &v["capacity"];
    assert_eq!(c["tasks_per_instance_ram"], 3);
    assert_eq!(c["tasks_per_instance_cpu"], 3);
    assert_eq!(c["tasks_per_instance"], 3);
    assert_eq!(c["asg_instance_count"], 2);
    assert_eq!(c["task_min_count"], 6);
}

#[test]
fn guide_example_c6a_xlarge() {
    let v = json(&[
        "capacity",
        "--instance",
        "c6a.xlarge",
        "--asg-min-size",
        "2",
    ]);
    let c = &v["capacity"];
    assert_eq!(c["tasks_per_instance_ram"], 19);
    assert_eq!(c["tasks_per_instance_cpu"], 6);
    assert_eq!(c["binding_constraint"], "cpu");
    assert_eq!(c["task_min_count"], 12);
    assert_eq!(c["task_max_count"], 24);
    assert_eq!(v["cost"]["at_asg_min_size"]["ec2"], 223.38);
    assert_eq!(v["cost"]["currency"], "USD");
}

#[test]
fn guide_example_c6a_2xlarge_with_1024_mb() {
    let v = json(&[
        "capacity",
        "--instance",
        "c6a.2xlarge",
        "--container-memory",
        "1024",
    ]);
    assert_eq!(v["capacity"]["gunicorn_workers"], 8);
    assert_eq!(v["capacity"]["tasks_per_instance"], 6);
}

#[test]
fn json_contract_keys() {
    let v = json(&["capacity", "--instance", "c6a.xlarge"]);
    assert_eq!(v["schema_version"], 4);
    assert_eq!(v["command"], "capacity");
    let mut keys: Vec<&str> = v["capacity"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "asg_instance_count",
            "asg_max_size",
            "asg_max_size_source",
            "available_cpu_units",
            "available_ram_mb",
            "binding_constraint",
            "container_cpu",
            "container_memory_reservation",
            "gunicorn_workers",
            "task_max_count",
            "task_min_count",
            "tasks_per_instance",
            "tasks_per_instance_cpu",
            "tasks_per_instance_ram",
            "total_workers",
        ]
    );
    // Resolved inputs show Terraform's nulls as nulls.
    assert_eq!(v["inputs"]["asg_min_size"], Value::Null);
    assert_eq!(v["inputs"]["subnets"], 2);
    assert!(v["warnings"].is_array());
}

#[test]
fn what_the_ecs_module_rejects_is_a_usage_error() {
    let ecs = "registry.infrahouse.com/infrahouse/ecs/aws 7.12.0";
    for (flag, value) in [
        ("--container-memory-reservation", "0"),
        ("--asg-min-size", "0"),
        ("--task-min-count", "0"),
        ("--asg-max-size", "1001"),
        ("--asg-min-size", "1001"),
    ] {
        let variable = &flag[2..].replace('-', "_");
        fails(
            &["capacity", "--instance", "c6a.xlarge", flag, value],
            2,
            &[flag, variable, "terraform plan", ecs],
        );
    }
}

#[test]
fn a_reservation_not_below_memory_fails_at_apply() {
    for value in ["512", "600"] {
        fails(
            &["capacity", "--container-memory-reservation", value],
            2,
            &[
                "--container-memory-reservation",
                "terraform apply",
                "memoryReservation",
            ],
        );
    }
}

#[test]
fn clamp_is_warned() {
    // An error finding: a verdict, exit 3, the report printed.
    let v = common::json_with_code(
        &[
            "capacity",
            "--instance",
            "t3.micro",
            "--container-memory",
            "2048",
        ],
        3,
    );
    assert_eq!(v["capacity"]["tasks_per_instance_ram"], 1);
    assert_eq!(v["warnings"][0]["code"], "container_does_not_fit_ram");
}

#[test]
fn burstable_under_continuous_ci_is_warned() {
    let v = json(&["capacity", "--instance", "t3.small", "--ci-builds", "120"]);
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"burstable_continuous_ci"), "{codes:?}");
}

#[test]
fn savings_plan_comes_off_ec2() {
    let v = json(&[
        "capacity",
        "--instance",
        "c6a.xlarge",
        "--asg-min-size",
        "2",
        "--savings-plan",
        "30",
    ]);
    let m = &v["cost"]["at_asg_min_size"];
    assert_eq!(m["ec2_on_demand"], 223.38);
    assert_eq!(m["ec2"], 156.37);
}

#[test]
fn cost_at_max_is_at_the_ecs_modules_maximum_without_asg_max_size() {
    // The example: max(ceil(24 / (6912 / 384)), ceil(24 / (3968 /
    // 640)), 2 + 1) = 4 instances, from the ECS module.
    let v = json(&["capacity", "--instance", "c6a.xlarge"]);
    assert_eq!(v["capacity"]["asg_max_size"], 4);
    assert_eq!(v["capacity"]["asg_max_size_source"], "ecs_module_default");
    assert_eq!(v["cost"]["at_asg_max_size"]["instances"], 4);
    assert_eq!(v["cost"]["at_asg_max_size"]["ec2"], 446.76);
    // Terraform's 512-bit arithmetic, not exact: 26 where exact gives 25.
    // (3200 MB does not fit a t3.small: an error finding, exit 3.)
    let v = common::json_with_code(
        &[
            "capacity",
            "--instance",
            "t3.small",
            "--container-memory",
            "3200",
            "--asg-min-size",
            "4",
        ],
        3,
    );
    assert_eq!(v["capacity"]["asg_max_size"], 26);
    let v = json(&[
        "capacity",
        "--instance",
        "c6a.xlarge",
        "--asg-max-size",
        "4",
    ]);
    assert_eq!(v["cost"]["at_asg_max_size"]["instances"], 4);
    assert_eq!(v["capacity"]["asg_max_size_source"], "set");
}

#[test]
fn recommend_by_workload_says_what_decided() {
    let v = json(&["recommend", "--packages", "120", "--burst", "300"]);
    assert_eq!(v["profile"]["name"], "heavy");
    assert_eq!(
        v["selection"]["decided_by"],
        serde_json::json!(["burst_requests"])
    );
    assert_eq!(v["capacity"]["task_min_count"], 12);
}

#[test]
fn recommend_profile_heavy() {
    let v = json(&["recommend", "--profile", "heavy"]);
    assert_eq!(v["inputs"]["asg_instance_type"], "c6a.xlarge");
    assert_eq!(v["cost"]["at_asg_min_size"]["total"], 283.05);
    assert_eq!(v["cost"]["at_asg_max_size"]["instances"], 4);
    assert_eq!(v["profile"]["performance"]["error_rate_burst_pct"], 0.05);
}

#[test]
fn instances_filter() {
    let names = |v: &Value| -> Vec<String> {
        v["instances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["asg_instance_type"].as_str().unwrap().to_string())
            .collect()
    };
    let v = json(&["instances", "--family", "c7g", "--arch", "arm64"]);
    assert_eq!(
        names(&v)[..4],
        ["c7g.medium", "c7g.large", "c7g.xlarge", "c7g.2xlarge"]
    );
    assert_eq!(v["omitted"], 0);
    let v = json(&[
        "instances",
        "--min-vcpus",
        "4",
        "--min-memory",
        "8192",
        "--max-hourly",
        "0.15",
        "--no-burstable",
        "--sort",
        "price",
    ]);
    assert_eq!(names(&v)[..3], ["a1.xlarge", "c6g.xlarge", "c7g.xlarge"]);
    let v = json(&["instances", "--burstable", "--arch", "arm64"]);
    assert!(names(&v).iter().all(|n| n.starts_with("t4g.")), "{v}");
}

#[test]
fn profiles_lists_all_four() {
    let v = json(&["profiles"]);
    assert_eq!(v["profiles"].as_array().unwrap().len(), 4);
}

#[test]
fn table_is_the_default_format() {
    pypi_size()
        .args(["capacity", "--instance", "c6a.xlarge"])
        .assert()
        .success()
        .stdout(predicate::str::contains("tasks_per_instance_cpu"))
        .stdout(predicate::str::contains("← binds"));
}

// ---------------------------------------------------------------------------
// Bad input.

#[test]
fn unknown_instance_suggests_the_nearest() {
    fails(
        &["capacity", "--instance", "c6a.xlarg"],
        2,
        &[
            "--instance",
            "unknown instance type `c6a.xlarg`",
            "`c6a.xlarge`",
        ],
    );
}

#[test]
fn instance_name_the_module_rejects() {
    fails(
        &["capacity", "--instance", "C6A.XL"],
        2,
        &["--instance", "asg_instance_type", "c6a.xlarge"],
    );
}

#[test]
fn unknown_profile_lists_them() {
    fails(
        &["recommend", "--profile", "hevy"],
        2,
        &["--profile", "`heavy`", "light, medium, heavy, very-heavy"],
    );
}

#[test]
fn out_of_range_flags_name_flag_and_range() {
    for (flag, value, range) in [
        ("--container-memory", "64", "128 to 30720"),
        ("--container-memory", "30721", "128 to 30720"),
        ("--container-memory-reservation", "30721", "0 to 30720"),
        ("--container-cpu", "100", "128 to 4096"),
        ("--gunicorn-workers", "17", "1 to 16"),
        ("--gunicorn-workers", "0", "1 to 16"),
        ("--asg-max-size", "0", "above 0"),
        ("--task-max-count", "0", "above 0"),
        ("--subnets", "0", "above 0"),
        ("--efs-provisioned-throughput-in-mibps", "5000", "1 to 3414"),
    ] {
        fails(
            &["capacity", "--instance", "c6a.xlarge", flag, value],
            2,
            &[flag, value, range],
        );
    }
}

#[test]
fn inconsistent_flags() {
    fails(
        &["capacity", "--asg-min-size", "3", "--asg-max-size", "2"],
        2,
        &[
            "--asg-min-size",
            "--asg-max-size",
            "asg_min_size (3) is above asg_max_size (2)",
        ],
    );
    fails(
        &["capacity", "--efs-throughput-mode", "provisioned"],
        2,
        &["--efs-provisioned-throughput-in-mibps", "needs"],
    );
    fails(
        &["recommend", "--profile", "heavy", "--packages", "3"],
        2,
        &["cannot be used with"],
    );
    fails(&["recommend"], 2, &["--profile", "--packages"]);
}

#[test]
fn malformed_numbers() {
    fails(
        &["capacity", "--asg-min-size", "-1"],
        2,
        &["--asg-min-size"],
    );
    fails(
        &["capacity", "--container-memory", "lots"],
        2,
        &["--container-memory"],
    );
    fails(
        &["capacity", "--savings-plan", "150"],
        2,
        &["--savings-plan", "0 to 100"],
    );
    fails(
        &["capacity", "--efs-storage-gb", "NaN"],
        2,
        &["--efs-storage-gb"],
    );
    fails(
        &["capacity", "--efs-storage-gb", "-3"],
        2,
        &["--efs-storage-gb"],
    );
}

/// `-0` is a valid 0, never a `-0.0` in JSON (found by tests/fuzz/fuzz_cli.rs).
#[test]
fn negative_zero_reads_as_zero() {
    let v = json(&[
        "capacity",
        "--savings-plan",
        "-0",
        "--efs-storage-gb",
        "-0.0",
    ]);
    assert!(
        v["inputs"]["savings_plan_pct"]
            .as_f64()
            .unwrap()
            .is_sign_positive()
    );
    let text = v.to_string();
    assert!(!text.contains("-0.0") && !text.contains(":-0,"), "{text}");
    let v = common::json_with_code(
        &["optimize", "--min-workers", "8", "--max-monthly-cost", "-0"],
        3,
    );
    assert!(!v.to_string().contains("-0.0"));
}

#[test]
fn empty_instance_filter() {
    fails(&["instances", "--family", "x9"], 2, &["--family", "c6a"]);
}

// ---------------------------------------------------------------------------
// profiles.toml from a file, the environment or stdin.

#[test]
fn a_profiles_file_replaces_the_embedded_one() {
    let dir = Scratch::new("profiles");
    // A profiles file may carry its own [instances]: they are its catalog.
    let own = "\n[instances]\n\
        \"t3.small\" = { vcpus = 2, memory_mib = 2048, hourly = 0.0208, arch = \"x86_64\" }\n\
        \"c6a.large\" = { vcpus = 2, memory_mib = 4096, hourly = 0.0765, arch = \"x86_64\" }\n\
        \"c6a.xlarge\" = { vcpus = 4, memory_mib = 8192, hourly = 0.2, arch = \"x86_64\" }\n\
        \"c6a.2xlarge\" = { vcpus = 8, memory_mib = 16384, hourly = 0.306, arch = \"x86_64\" }\n";
    let f = dir.write(
        "profiles.toml",
        &format!("{}{own}", pypi_size::EMBEDDED_PROFILES),
    );
    let out = pypi_size()
        .args(["--profiles", &f, "capacity", "--instance", "c6a.xlarge"])
        .args(["--asg-min-size", "2", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["cost"]["at_asg_min_size"]["ec2"], 292.0);

    // The same through the environment.
    let out = pypi_size()
        .env("PYPI_SIZE_PROFILES", &f)
        .args([
            "capacity",
            "--instance",
            "c6a.xlarge",
            "--asg-min-size",
            "2",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["cost"]["at_asg_min_size"]["ec2"], 292.0);
}

#[test]
fn profiles_from_stdin() {
    let out = pypi_size()
        .args(["--profiles", "-", "profiles", "--format", "json"])
        .write_stdin(pypi_size::EMBEDDED_PROFILES)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["profiles"].as_array().unwrap().len(), 4);
}

/// Each broken file names its line and what is wrong.
#[test]
fn bad_profiles_files() {
    let line_of =
        |src: &str, needle: &str| src.lines().position(|l| l.contains(needle)).unwrap() + 1;
    // (text to replace, its replacement, the line the error must name, words it must say)
    // (The instance catalog's own lines: tests/cli/catalog.rs.)
    let cases: [(&str, &str, &str, &[&str]); 5] = [
        (
            "page_cache_mb = 500",
            "page_cache_mb = 500\npage_cach_mb = 1",
            "page_cach_mb = 1",
            &["unknown field `page_cach_mb`"],
        ),
        (
            "asg_instance_type = \"c6a.xlarge\"",
            "asg_instance_type = \"c6a.xlarg\"",
            "asg_instance_type = \"c6a.xlarg\"",
            &["`heavy`", "c6a.xlarg", "not in [instances]", "`c6a.xlarge`"],
        ),
        (
            "container_memory = 1024",
            "container_memory = 64",
            "asg_instance_type = \"c6a.2xlarge\"",
            &["`very-heavy`", "container_memory = 64", "128 to 30720"],
        ),
        (
            "container_memory = [128, 30720]",
            "container_memory = [30720, 128]",
            "container_memory = [30720, 128]",
            &["low <= high"],
        ),
        (
            "version = \"2.3.0\"",
            "version = \"2.3.0",
            "version = \"2.3.0",
            &["string"],
        ),
    ];
    for (from, to, needle, words) in cases {
        assert!(pypi_size::EMBEDDED_PROFILES.contains(from), "{from}");
        let src = pypi_size::EMBEDDED_PROFILES.replacen(from, to, 1);
        let line = line_of(&src, needle);
        let dir = Scratch::new("bad-profiles");
        let f = dir.write("profiles.toml", &src);
        let location = format!("{f}:{line}:");
        let mut expected = vec![location.as_str()];
        expected.extend(words.iter().copied());
        fails(&["--profiles", &f, "profiles"], 1, &expected);
    }
}

#[test]
fn unreadable_profiles_files() {
    fails(
        &["--profiles", "/nonexistent/profiles.toml", "profiles"],
        1,
        &["/nonexistent/profiles.toml", "No such file"],
    );
    let dir = Scratch::new("unreadable");
    fails(&["--profiles", dir.path(), "profiles"], 1, &["directory"]);
    let empty = dir.write("empty.toml", "");
    fails(&["--profiles", &empty, "profiles"], 1, &["missing field"]);
    let binary = dir.file("binary.toml");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    fails(&["--profiles", &binary, "profiles"], 1, &["not UTF-8"]);
}

#[test]
fn help_documents_exit_codes() {
    let help = common::stdout(&["--help"]);
    let codes = &help[help.find("Exit codes").expect("an exit code section")..];
    for (code, words) in [
        (0, "done"),
        (1, "cannot be read"),
        (2, "usage error"),
        (3, "a verdict"),
        (3, "a change recommended"),
        (3, "optimize"),
    ] {
        let line = format!("  {code}  ");
        assert!(codes.contains(&line), "exit code {code} missing:\n{codes}");
        assert!(codes.contains(words), "{words:?} missing:\n{codes}");
    }
    assert!(!codes.contains("\n  4  "), "one rule, no code 4:\n{codes}");
}

#[test]
fn advise_detailed_exitcode_is_3_on_a_change_and_2_on_a_usage_error() {
    let advise = |cpu: &str, extra: &[&str]| {
        let mut args = vec!["advise", "--profile", "heavy", "--cpu-utilization", cpu];
        args.extend(extra);
        common::output(&args)
    };
    let (out, code) = advise("90", &["--detailed-exitcode"]);
    assert_eq!(code, 3);
    assert!(String::from_utf8(out).unwrap().contains("c6a.2xlarge"));
    assert_eq!(advise("50", &["--detailed-exitcode"]).1, 0);
    // Terraform's one-dash spelling; and without the flag a change is 0.
    assert_eq!(advise("90", &["-detailed-exitcode"]).1, 3);
    assert_eq!(advise("90", &[]).1, 0);
    // A typo is a usage error, 2, with nothing on stdout: a CI script tells
    // the two apart.
    let (out, code) = advise("90", &["--detailed-exitcode", "--instanse", "c6a.xlarge"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
}

#[test]
fn an_error_finding_is_a_verdict_and_the_report_is_printed() {
    let (out, code) = common::output(&["capacity", "--instance", "t3.micro"]);
    assert_eq!(code, 3);
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains("container_does_not_fit_ram")
    );
    assert_eq!(
        common::output(&["capacity", "--instance", "c6a.xlarge"]).1,
        0
    );
    assert_eq!(common::output(&["recommend", "--profile", "heavy"]).1, 0);
}

#[test]
fn the_guides_decision_tree_slip_shows_where_it_applies() {
    let v = json(&["recommend", "--users", "25"]);
    assert_eq!(v["profile"]["name"], "heavy");
    let notes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "guide_differs")
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("decision tree says `medium`")),
        "{notes:?}"
    );
    // Where the tree and the profiles agree, nothing is said of it.
    let v = json(&["recommend", "--users", "3"]);
    assert!(!v.to_string().contains("decision tree"));
}

/// `--profile NAME` is a base config wherever a config is asked for; the
/// flags override it, and a changed config no longer claims the profile.
#[test]
fn a_profile_is_a_base_config_the_flags_override() {
    let recommended = json(&["recommend", "--profile", "heavy"]);
    let v = json(&["capacity", "--profile", "heavy"]);
    assert_eq!(v["capacity"], recommended["capacity"]);
    assert_eq!(v["cost"], recommended["cost"], "the profile's cost figures");
    assert_eq!(v["profile"]["name"], "heavy");
    let v = json(&[
        "capacity",
        "--profile",
        "heavy",
        "--container-memory",
        "1024",
    ]);
    assert_eq!(v["inputs"]["asg_instance_type"], "c6a.xlarge");
    assert_eq!(v["inputs"]["asg_max_size"], 4);
    assert_eq!(v["inputs"]["container_memory"], 1024);
    assert_eq!(v["inputs"]["assumptions"]["efs_storage_gb"], 10.0);
    assert_eq!(v["profile"], Value::Null);

    let v = json(&["optimize", "--profile", "heavy"]);
    assert_eq!(v["requirements"]["min_workers"], 48);
    let v = json(&["optimize", "--profile", "heavy", "--min-workers", "96"]);
    assert_eq!(v["requirements"]["min_workers"], 96);

    let v = json(&["compare", "--profile", "heavy"]);
    let rows: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["instance"]["asg_instance_type"].as_str().unwrap())
        .collect();
    assert!(rows.contains(&"c6a.xlarge") && rows.iter().all(|r| r.starts_with("c6a.")));
    let heavy_row = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["instance"]["asg_instance_type"] == "c6a.xlarge")
        .unwrap();
    assert_eq!(
        heavy_row["monthly_cost"],
        recommended["cost"]["at_asg_min_size"]["total"]
    );
}

#[test]
fn habits_short_format_and_names_in_any_case() {
    let short = common::stdout(&["capacity", "-o", "json"]);
    let long = common::stdout(&["capacity", "--format", "json"]);
    assert_eq!(short, long);
    let v = json(&["capacity", "--instance", "C6A.XLARGE"]);
    assert_eq!(v["inputs"]["asg_instance_type"], "c6a.xlarge");
    let v = json(&["recommend", "--profile", "Heavy"]);
    assert_eq!(v["profile"]["name"], "heavy");
    let v = json(&["explain", "--profile", "HEAVY"]);
    assert_eq!(v["inputs"]["asg_instance_type"], "c6a.xlarge");
    let v = json(&["compare", "--family", "C6A"]);
    assert!(!v["rows"].as_array().unwrap().is_empty());
}

/// A number flag that is not a whole number gets what the module accepts,
/// as an out-of-range one does, not the parser's "invalid digit".
#[test]
fn every_number_flag_says_what_it_accepts() {
    for bad in ["-512", "512MB", "1.5"] {
        fails(
            &["capacity", "--container-memory", bad],
            2,
            &[
                "--container-memory",
                "whole number of MB",
                "the module's container_memory accepts 128 to 30720",
            ],
        );
    }
    fails(
        &["capacity", "--container-memory", "100"],
        2,
        &["the module's container_memory accepts 128 to 30720"],
    );
    fails(
        &["capacity", "--subnets", "-1"],
        2,
        &["--subnets", "the module's asg_subnets accepts"],
    );
    fails(
        &["optimize", "--min-workers", "-5"],
        2,
        &["--min-workers: expected a whole number"],
    );
    fails(
        &[
            "optimize",
            "--min-workers",
            "48",
            "--container-memory",
            "512,abc",
        ],
        2,
        &[
            "--container-memory",
            "container_memory accepts 128 to 30720",
        ],
    );
    let out = pypi_size()
        .args(["capacity", "--container-memory", "-512"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("invalid digit"));
}

#[test]
fn closed_sets_suggest_the_nearest() {
    fails(&["schema", "capacty"], 2, &["'capacity'"]);
    fails(
        &["capacity", "--output", "json"],
        2,
        &["'--format'", "'-o'"],
    );
    fails(&["capacity", "--profile", "hevy"], 2, &["`heavy`"]);
    fails(
        &["capacity", "--instance", "c6a.xlarg"],
        2,
        &["`c6a.xlarge`"],
    );
    fails(
        &["capacity", "--efs-throughput-mode", "elastc"],
        2,
        &["`elastic`"],
    );
    fails(&["capacity", "-o", "jsn"], 2, &["'json'"]);
    fails(&["compare", "--family", "c6z"], 2, &["did you mean `c6a`?"]);
    fails(
        &["optimize", "--min-workers", "4", "--family", "c7x"],
        2,
        &["did you mean `c7"],
    );
}

/// `--format markdown` is for `capacity`, `recommend`, `check` and `diff`: any other
/// command refuses it as a usage error, with nothing on stdout, as it
/// refuses hcl.
#[test]
fn markdown_is_for_capacity_recommend_and_check_only() {
    for args in [
        &["instances"][..],
        &["profiles"],
        &["compare", "--family", "c6a"],
        &["optimize", "--min-workers", "48"],
        &["explain", "--instance", "c6a.xlarge"],
    ] {
        let command = format!("not `{}`", args[0]);
        fails(
            &[args, &["-o", "markdown"]].concat(),
            2,
            &[
                "--format markdown applies to `capacity`, `recommend`, `check`, `diff`, \
                 `advise` and `predict`",
                &command,
            ],
        );
    }
}

#[test]
fn predict_says_which_flag_is_wrong() {
    common::fails(
        &[
            "predict",
            "--instance",
            "c6a.xlarge",
            "--burst-clients",
            "0",
        ],
        2,
        &["--burst-clients", "at least 1"],
    );
    common::fails(
        &[
            "predict",
            "--instance",
            "c6a.xlarge",
            "--asg-min-size",
            "4",
            "--burst-clients",
            "10",
            "--busiest-share",
            "0.1",
        ],
        2,
        &["--busiest-share", "0.25", "even spread over 4 instances"],
    );
    common::fails(
        &["predict", "--instance", "c6a.xlarge"],
        2,
        &["--burst-clients"],
    );
    common::fails(
        &["predict", "--burst-clients", "10", "--timeout", "0"],
        2,
        &["--timeout", "seconds from 0.1 to 3600"],
    );
    common::fails(&["optimize", "--burst-clients", "10"], 2, &["--p95"]);
}

#[test]
fn predict_of_the_published_run_contains_its_measured_p95() {
    let v = common::json(&[
        "predict",
        "--instance",
        "c6a.xlarge",
        "--asg-min-size",
        "2",
        "--burst-clients",
        "510",
        "--busiest-share",
        "0.85",
    ]);
    let p95 = &v["prediction"]["latency"]["p95_s"];
    let (low, high) = (p95["low"].as_f64().unwrap(), p95["high"].as_f64().unwrap());
    assert!(low <= 14.0 && 14.0 <= high, "{p95}");
    assert_eq!(v["burst"]["clients_on_busiest"], 434);
    assert_eq!(v["config"]["workers_on_busiest"], 24);
    // Every assumption has its source.
    for a in v["assumptions"].as_array().unwrap() {
        assert!(!a["source"].as_str().unwrap().is_empty(), "{a}");
    }
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"keep_alive_below_alb_idle_timeout"),
        "{codes:?}"
    );
}
