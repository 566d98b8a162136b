//! `check --plan` and `diff --plan` on the plan samples of
//! tests/fixtures/plans (copied from shared/plan-samples with their README
//! and expected.json; derive.py builds two-calls, fork and removed from
//! heavy): every figure expected.json gives, from a file and from stdin;
//! the cross-check against pypi-size's arithmetic; unknown figures failing
//! the cost gate closed; the monthly delta of an update; damaged and wrong
//! documents refused with exit 1 and a message.

use crate::common;

use crate::common::{fails, json, json_with_code, pypi_size};
use serde_json::Value;

const PLANS: &str = "tests/fixtures/plans";

fn plan(name: &str) -> String {
    format!("{PLANS}/{name}.json")
}

fn expected() -> Value {
    let text = std::fs::read_to_string(format!("{PLANS}/expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The figures of one module instance of a report, in expected.json's terms
/// (null where the report does not know them).
fn figures(m: &Value) -> Value {
    let c = &m["capacity"];
    let p = &m["partial"];
    // Sized: the capacity; not sized: what `partial` still knows.
    let get = |capacity: &str| -> Value {
        if !c.is_null() {
            return c[capacity].clone();
        }
        match p[capacity]["state"].as_str() {
            Some("known") => p[capacity]["value"].clone(),
            _ => Value::Null,
        }
    };
    let planned = |name: &str| match m["planned"][name]["state"].as_str() {
        Some("known") => m["planned"][name]["value"].clone(),
        _ => Value::Null,
    };
    serde_json::json!({
        "module": m["address"],
        "instance_type": m["instance"]["asg_instance_type"],
        "instances_min": get("asg_instance_count"),
        "instances_max": get("asg_max_size"),
        "tasks_per_instance": get("tasks_per_instance"),
        "task_min_count": get("task_min_count"),
        "task_max_count": get("task_max_count"),
        "gunicorn_workers": get("gunicorn_workers"),
        "container_cpu": get("container_cpu"),
        "container_memory": planned("container_memory"),
        "memoryReservation": get("container_memory_reservation"),
        "root_volume_size_gib": m["cost"]["root_volume_gb"],
        "detail": {
            "vcpus": m["instance"]["vcpus"],
            "memory_mib": m["instance"]["memory_mib"],
            "tasks_per_instance_ram": get("tasks_per_instance_ram"),
            "tasks_per_instance_cpu": get("tasks_per_instance_cpu"),
        }
    })
}

/// expected.json's entry without what the report does not carry (the ECS
/// module's three terms).
fn comparable(mut e: Value) -> Value {
    e["detail"]
        .as_object_mut()
        .unwrap()
        .remove("ecs_asg_max_terms_mem_cpu_minplus1");
    if let Some(v) = e["root_volume_size_gib"].as_u64() {
        e["root_volume_size_gib"] = Value::from(v as f64);
    }
    e
}

fn check_plan_stdin(name: &str) -> Value {
    let out = pypi_size()
        .args(["check", "--plan", "-", "--format", "json"])
        .pipe_stdin(plan(name))
        .unwrap()
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    common::one_document(&out.stdout)
}

#[test]
fn every_sample_gives_its_expected_figures_from_a_file_and_from_stdin() {
    let expected = expected();
    for name in ["heavy", "heavy-null-max", "for-each", "unknown"] {
        let from_file = json(&["check", "--plan", &plan(name)]);
        let from_stdin = check_plan_stdin(name);
        let want: Vec<Value> = expected[name]
            .as_array()
            .unwrap()
            .iter()
            .cloned()
            .map(comparable)
            .collect();
        for report in [&from_file, &from_stdin] {
            let got: Vec<Value> = report["modules"]
                .as_array()
                .unwrap()
                .iter()
                .map(figures)
                .collect();
            assert_eq!(got, want, "{name}");
        }
        assert_eq!(from_file["modules"], {
            // The same report, but for the file's name.
            let text = from_stdin["modules"]
                .to_string()
                .replace("<stdin>", &plan(name));
            serde_json::from_str::<Value>(&text).unwrap()
        });
    }
    // update.json: what Terraform planned is expected.json's `after`.
    let update = json(&["check", "--plan", &plan("update")]);
    assert_eq!(
        figures(&update["modules"][0]),
        comparable(expected["update"]["after"].clone())
    );
}

#[test]
fn an_update_prices_as_capacity_does() {
    // diff --plan: the prior state (expected.json's `before`) against the plan.
    let d = json(&["diff", "--plan", &plan("update")]);
    let cost = |t: &str| {
        let c = json(&[
            "capacity",
            "--asg-instance-type",
            t,
            "--asg-min-size",
            "2",
            "--asg-max-size",
            "4",
        ]);
        c["cost"]["at_asg_min_size"]["total"].as_f64().unwrap()
    };
    let delta = d["total"]["at_asg_min_size"]["delta"].as_f64().unwrap();
    let want = ((cost("c6a.xlarge") - cost("c6a.large")) * 100.0).round() / 100.0;
    assert_eq!(delta, want);
    assert_eq!(d["modules"][0]["change"], "changed");
    assert_eq!(d["summary"]["changed"], 1);
    // The `before` side is expected.json's.
    let expected = expected();
    let before = &expected["update"]["before"];
    let figures = &d["modules"][0]["figures"];
    assert_eq!(
        figures["tasks_per_instance"]["before"],
        before["tasks_per_instance"]
    );
    assert_eq!(
        figures["task_min_count"]["before"],
        before["task_min_count"]
    );
    // The gate reads it as a tree diff's.
    let out = pypi_size()
        .args(["diff", "--plan", &plan("update"), "--fail-above", "100"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gate failed"));
}

#[test]
fn two_plans_compare_their_planned_values() {
    let same = json(&["diff", "--plan", &plan("heavy"), &plan("update")]);
    assert_eq!(same["summary"]["anything_changed"], false);
    let grown = json(&["diff", "--plan", &plan("heavy"), &plan("two-calls")]);
    assert_eq!(grown["summary"]["added"], 2);
    assert_eq!(grown["summary"]["removed"], 1);
}

#[test]
fn unknown_at_plan_stays_unknown_and_fails_the_cost_gate_closed() {
    let r = json_with_code(
        &[
            "check",
            "--plan",
            &plan("unknown"),
            "--max-monthly-cost",
            "10000",
        ],
        3,
    );
    let m = &r["modules"][0];
    assert!(m["capacity"].is_null());
    let codes: Vec<&str> = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"cost_unknown"), "{codes:?}");
    let reason = m["arguments"]["asg_instance_type"]["reason"]
        .as_str()
        .unwrap();
    assert!(reason.contains("known only after apply"), "{reason}");
    assert_eq!(m["planned"]["asg_instance_type"]["state"], "unknown");
}

#[test]
fn two_module_calls_match_figures_computed_by_hand() {
    let r = json(&["check", "--plan", &plan("two-calls")]);
    let m: Vec<&Value> = r["modules"].as_array().unwrap().iter().collect();
    assert_eq!(m.len(), 2);
    let (a, b) = (m[0], m[1]);
    assert_eq!(a["address"], "module.pypi_a");
    assert_eq!(a["instance"]["asg_instance_type"], "c6a.xlarge");
    assert_eq!(a["capacity"]["task_min_count"], 12);
    // pypi_b: m5.large (2 vCPU, 8192 MiB), container_memory 1024, asg_min_size
    // = length(data.aws_subnets.private.ids) = 2, asg_max_size by the ECS module.
    assert_eq!(b["address"], "module.pypi_b");
    assert_eq!(b["instance"]["asg_instance_type"], "m5.large");
    assert_eq!(b["arguments"]["asg_min_size"]["value"], 2);
    assert!(
        b["arguments"]["asg_min_size"]["origin"]
            .as_str()
            .unwrap()
            .starts_with("planned:")
    );
    let c = &b["capacity"];
    let hand = [
        ("gunicorn_workers", 8),
        ("container_cpu", 1240),
        ("container_memory_reservation", 768),
        ("tasks_per_instance_ram", 9),
        ("tasks_per_instance_cpu", 1),
        ("tasks_per_instance", 1),
        ("asg_instance_count", 2),
        ("task_min_count", 2),
        ("task_max_count", 4),
        ("asg_max_size", 3),
    ];
    for (name, value) in hand {
        assert_eq!(c[name], value, "{name}");
    }
    assert_eq!(b["cost"]["root_volume_gb"], 46.0);
    let differs = b["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "plan_differs");
    assert!(!differs, "the plan and the arithmetic agree");
}

#[test]
fn a_plan_that_differs_from_the_arithmetic_is_named_and_stands() {
    let r = json(&["check", "--plan", &plan("fork")]);
    let m = &r["modules"][0];
    let findings = m["findings"].as_array().unwrap();
    let differs: Vec<&Value> = findings
        .iter()
        .filter(|f| f["code"] == "plan_differs")
        .collect();
    assert_eq!(differs.len(), 1, "{findings:?}");
    let message = differs[0]["message"].as_str().unwrap();
    assert!(
        message.contains("container_cpu = 700") && message.contains("gives 640"),
        "{message}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f["code"] == "module_version_differs")
    );
    // The plan's figure stands: 700 CPU units, 5 tasks per c6a.xlarge.
    assert_eq!(m["capacity"]["container_cpu"], 700);
    assert_eq!(m["capacity"]["tasks_per_instance"], 5);
}

#[test]
fn what_aws_answered_for_the_instance_type_is_checked_against_the_catalog() {
    let scratch = common::Scratch::new("instance-data");
    let heavy = std::fs::read_to_string(plan("heavy")).unwrap();
    assert_eq!(heavy.matches("\"memory_size\":8192").count(), 4);
    let other = scratch.write(
        "other.json",
        &heavy.replace("\"memory_size\":8192", "\"memory_size\":16384"),
    );
    let r = json(&["check", "--plan", &other]);
    let m = &r["modules"][0];
    assert_eq!(m["planned"]["instance_memory_mib"]["value"], 16384);
    let f: Vec<&Value> = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "plan_differs")
        .collect();
    assert_eq!(f.len(), 1, "{f:?}");
    let message = f[0]["message"].as_str().unwrap();
    assert!(
        message.contains("instance_memory_mib = 16384") && message.contains("catalog has 8192"),
        "{message}"
    );
    // heavy itself agrees with the catalog.
    let r = json(&["check", "--plan", &plan("heavy")]);
    assert_eq!(r["modules"][0]["planned"]["instance_vcpus"]["value"], 4);
    assert!(r["modules"][0]["findings"].as_array().unwrap().is_empty());
    // Read during apply: unknown, with the reason.
    let r = json_with_code(&["check", "--plan", &plan("unknown")], 0);
    let reason = r["modules"][0]["planned"]["instance_vcpus"]["reason"]
        .as_str()
        .unwrap();
    assert!(reason.contains("read during apply"), "{reason}");
}

#[test]
fn instances_at_any_depth_from_any_source() {
    // Called from a local wrapper with count: the address as Terraform writes it.
    let nested = json(&["check", "--plan", &plan("nested")]);
    let heavy = json(&["check", "--plan", &plan("heavy")]);
    assert_eq!(
        nested["modules"][0]["address"],
        "module.platform[0].module.pypiserver"
    );
    assert_eq!(
        nested["modules"][0]["capacity"],
        heavy["modules"][0]["capacity"]
    );
    // A git source with ?ref=, and a local copy named with --module-source.
    let scratch = common::Scratch::new("plan-sources");
    let text = std::fs::read_to_string(plan("heavy")).unwrap();
    let registry = "\"source\":\"registry.infrahouse.com/infrahouse/pypiserver/aws\"";
    assert_eq!(text.matches(registry).count(), 1);
    let git = scratch.write(
        "git.json",
        &text.replace(
            registry,
            "\"source\":\"git::https://github.com/infrahouse/terraform-aws-pypiserver.git?ref=2.4.0\"",
        ),
    );
    let r = json(&["check", "--plan", &git]);
    assert_eq!(r["modules"][0]["version"], "2.4.0");
    let codes: Vec<&Value> = r["modules"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["code"])
        .collect();
    assert!(
        codes.contains(&&Value::from("module_version_differs")),
        "{codes:?}"
    );
    let local = scratch.write(
        "local.json",
        &text.replace(registry, "\"source\":\"./modules/pypi\""),
    );
    let none = json_with_code(&["check", "--plan", &local], 3);
    assert_eq!(none["modules"].as_array().unwrap().len(), 0);
    let named = json(&[
        "check",
        "--plan",
        &local,
        "--module-source",
        "./modules/pypi",
    ]);
    assert_eq!(
        named["modules"][0]["capacity"],
        heavy["modules"][0]["capacity"]
    );
}

#[test]
fn a_destroyed_module_is_reported_removed() {
    let r = json(&["check", "--plan", &plan("removed")]);
    let m = &r["modules"][0];
    assert_eq!(m["copies"], 0);
    assert_eq!(m["findings"][0]["code"], "removed");
    let d = json(&["diff", "--plan", &plan("removed")]);
    assert_eq!(d["summary"]["removed"], 1);
    assert_eq!(d["modules"][0]["change"], "removed");
    assert!(d["total"]["at_asg_min_size"]["delta"].as_f64().unwrap() < 0.0);
}

#[test]
fn hostile_plans_exit_1_with_a_message() {
    let scratch = common::Scratch::new("hostile-plans");
    let heavy = std::fs::read_to_string(plan("heavy")).unwrap();
    let deep = format!(
        "{{\"format_version\":\"1.2\",\"variables\":{{\"v\":{{\"value\":{}{}}}}}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let cases: [(&str, String, &[&str]); 7] = [
        (
            "truncated.json",
            heavy[..heavy.len() / 3].to_string(),
            &["truncated"],
        ),
        (
            "garbage.json",
            "{\"format_version\": \"1.2\",,}".into(),
            &["not JSON", "line 1"],
        ),
        (
            "v2.json",
            heavy.replacen(
                "\"format_version\":\"1.2\"",
                "\"format_version\":\"2.0\"",
                1,
            ),
            &["format_version \"2.0\"", "1.x"],
        ),
        ("deep.json", deep, &["128 levels"]),
        (
            "no-config.json",
            heavy.replacen("\"configuration\":", "\"configuratio_\":", 1),
            &["no `configuration`"],
        ),
        ("empty.json", String::new(), &["truncated"]),
        ("array.json", "[]".into(), &["not a plan"]),
    ];
    for (file, text, words) in cases {
        let path = scratch.write(file, &text);
        fails(&["check", "--plan", &path], 1, words);
        fails(&["diff", "--plan", &path], 1, words);
    }
    let state = format!("{PLANS}/state-show-1.0.json");
    fails(&["check", "--plan", &state], 1, &["a state, not of a plan"]);
    let raw = format!("{PLANS}/terraform.tfstate.json");
    fails(&["check", "--plan", &raw], 1, &["state file"]);
    let old = format!("{PLANS}/real-tf-1.0.3-heavy.plan.json");
    fails(&["check", "--plan", &old], 1, &["\"0.2\""]);
    fails(
        &["check", "--plan", "tests/fixtures/plans/absent.json"],
        1,
        &["absent.json"],
    );
}

#[test]
fn plan_flags_do_not_mix_with_trees() {
    for args in [
        &["check", "--plan", "x.json", "infra"][..],
        &["check", "--plan", "x.json", "--var", "a=1"],
        &["diff", "--plan", "a.json", "b.json", "c.json"],
        &["diff", "--plan", "a.json", "--base-var", "a=1"],
        &["diff", "--plan", "-", "-"],
    ] {
        let out = pypi_size().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

snapshot!(
    check_plan_table,
    "check",
    "--plan",
    "tests/fixtures/plans/for-each.json"
);
snapshot!(
    check_plan_json,
    "check",
    "--plan",
    "tests/fixtures/plans/unknown.json",
    "--format",
    "json"
);
snapshot!(
    check_plan_markdown,
    "check",
    "--plan",
    "tests/fixtures/plans/fork.json",
    "--format",
    "markdown"
);
snapshot!(
    diff_plan_table,
    "diff",
    "--plan",
    "tests/fixtures/plans/update.json"
);
snapshot!(
    diff_plan_json,
    "diff",
    "--plan",
    "tests/fixtures/plans/update.json",
    "--format",
    "json"
);
snapshot!(
    diff_plan_markdown,
    "diff",
    "--plan",
    "tests/fixtures/plans/heavy.json",
    "tests/fixtures/plans/two-calls.json",
    "--format",
    "markdown"
);
