//! `check --plan` where the plan's own figures are what AWS or the plan
//! would refuse: the findings are the plan's (the codes source mode gives),
//! exit 3 and no number, never a cost from the configuration's arithmetic.
//! Also the planned root volume, unreadable container definitions, counts
//! known after apply, the data source's figures, another ECS version and
//! why nothing was found. Each plan is heavy.json
//! of tests/fixtures/plans with one figure changed.

use crate::common::{one_document, pypi_size};
use serde_json::{Value, json};

fn heavy() -> Value {
    let text = std::fs::read_to_string("tests/fixtures/plans/heavy.json").unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The planned (`after`) values of the resource whose address ends with `suffix`.
fn after<'a>(plan: &'a mut Value, suffix: &str) -> &'a mut Value {
    plan["resource_changes"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["address"].as_str().unwrap().ends_with(suffix))
        .map(|r| &mut r["change"]["after"])
        .unwrap()
}

/// Changes one key of the pypiserver container's definition.
fn container(plan: &mut Value, key: &str, value: Value) {
    let definitions = &mut after(plan, "aws_ecs_task_definition.ecs")["container_definitions"];
    let mut all: Value = serde_json::from_str(definitions.as_str().unwrap()).unwrap();
    all[0][key] = value;
    *definitions = Value::from(all.to_string());
}

/// The module argument as the configuration writes it.
fn expression(plan: &mut Value, name: &str, e: Value) {
    plan["configuration"]["root_module"]["module_calls"]["pypiserver"]["expressions"][name] = e;
}

/// `check --plan -` of `plan`: the exit code and the report's one module.
fn check(plan: &Value) -> (i32, Value) {
    let out = pypi_size()
        .args(["check", "--plan", "-", "--format", "json"])
        .write_stdin(plan.to_string())
        .output()
        .unwrap();
    let report = one_document(&out.stdout);
    (out.status.code().unwrap(), report["modules"][0].clone())
}

fn codes(m: &Value) -> Vec<String> {
    m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// Refused: exit 3, the code among the errors, no capacity and no cost.
fn refused(plan: &Value, code: &str) {
    let (exit, m) = check(plan);
    assert_eq!(exit, 3, "{code}: {m:#}");
    assert!(codes(&m).iter().any(|c| c == code), "{code}: {m:#}");
    assert!(m["capacity"].is_null(), "{code}: {m:#}");
    assert!(m["cost"].is_null(), "{code}: {m:#}");
}

#[test]
fn the_plans_refused_figures_are_errors_though_the_configuration_writes_constants() {
    let mut p = heavy();
    after(&mut p, "aws_autoscaling_group.website")["max_size"] = json!(1);
    refused(&p, "asg_min_above_max");
    let mut p = heavy();
    after(&mut p, "aws_autoscaling_group.website")["min_size"] = json!(0);
    refused(&p, "rejected_by_stack");
    let mut p = heavy();
    after(&mut p, "aws_launch_template.website")["instance_type"] = json!("zz9.mega");
    let (exit, m) = check(&p);
    assert_eq!(exit, 3, "{m:#}");
    assert!(m["capacity"].is_null() && m["cost"].is_null(), "{m:#}");
    let mut p = heavy();
    after(&mut p, "aws_launch_template.website")["instance_type"] = json!("c7g.xlarge");
    refused(&p, "ami_architecture_mismatch");
    for (key, value) in [("cpu", 0), ("memory", 0), ("memoryReservation", 600)] {
        let mut p = heavy();
        container(&mut p, key, json!(value));
        let (exit, m) = check(&p);
        assert_eq!(exit, 3, "{key}: {m:#}");
        assert!(!codes(&m).is_empty(), "{key}: {m:#}");
        assert!(
            m["capacity"].is_null() && m["cost"].is_null(),
            "{key}: {m:#}"
        );
    }
    let mut p = heavy();
    expression(&mut p, "task_max_count", json!({"constant_value": 8}));
    expression(&mut p, "task_min_count", json!({"constant_value": 4}));
    after(&mut p, "aws_appautoscaling_target.ecs_target")["max_capacity"] = json!(2);
    let (exit, m) = check(&p);
    assert_eq!(exit, 3, "{m:#}");
    assert!(m["capacity"].is_null() && m["cost"].is_null(), "{m:#}");
}

#[test]
fn with_references_a_task_maximum_below_the_minimum_is_an_error() {
    let mut p = heavy();
    let var = json!({"references": ["var.x"]});
    expression(&mut p, "task_max_count", var.clone());
    expression(&mut p, "task_min_count", var);
    after(&mut p, "aws_appautoscaling_target.ecs_target")["max_capacity"] = json!(2);
    let (exit, m) = check(&p);
    assert_eq!(exit, 3, "{m:#}");
    assert!(m["capacity"].is_null() && m["cost"].is_null(), "{m:#}");
    let mut p = heavy();
    expression(
        &mut p,
        "container_memory_reservation",
        json!({"references": ["var.r"]}),
    );
    container(&mut p, "memoryReservation", json!(600));
    let (exit, m) = check(&p);
    assert_eq!(exit, 3, "{m:#}");
    assert!(m["capacity"].is_null() && m["cost"].is_null(), "{m:#}");
}

#[test]
fn the_planned_root_volume_is_priced() {
    let (_, base) = check(&heavy());
    let base_gb = base["cost"]["root_volume_gb"].as_f64().unwrap();
    let mut p = heavy();
    after(&mut p, "aws_launch_template.website")["block_device_mappings"][0]["ebs"][0]["volume_size"] =
        json!(50);
    let (exit, m) = check(&p);
    assert_eq!(exit, 0, "{m:#}");
    assert_eq!(m["cost"]["root_volume_gb"], json!(50.0), "{m:#}");
    let total = |m: &Value| m["cost"]["at_asg_min_size"]["total"].as_f64().unwrap();
    // 2 instances × 4 GB more of gp3.
    assert!(total(&m) > total(&base), "{m:#}");
    assert_ne!(base_gb, 50.0);
    // Another type planned: the volume is still the plan's 46, not recomputed.
    let mut p = heavy();
    after(&mut p, "aws_launch_template.website")["instance_type"] = json!("c6a.2xlarge");
    let (_, m) = check(&p);
    assert_eq!(m["cost"]["root_volume_gb"], json!(46.0), "{m:#}");
}

/// The task definition's container_definitions as written into the plan.
fn definitions(plan: &mut Value, text: Value) {
    after(plan, "aws_ecs_task_definition.ecs")["container_definitions"] = text;
}

#[test]
fn unreadable_container_definitions_are_errors_naming_the_attribute() {
    let text = |p: &Value| {
        after(&mut p.clone(), "aws_ecs_task_definition.ecs")["container_definitions"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let mut huge = heavy();
    let big = text(&huge).replace("\"cpu\":640", "\"cpu\":1e400");
    assert_ne!(big, text(&huge));
    definitions(&mut huge, Value::from(big));
    let mut not_json = heavy();
    definitions(&mut not_json, json!("[{\"cpu\": 640,"));
    let mut not_string = heavy();
    definitions(&mut not_string, json!([{"cpu": 640}]));
    for (what, p) in [
        ("1e400", huge),
        ("not JSON", not_json),
        ("array", not_string),
    ] {
        let (exit, m) = check(&p);
        assert_eq!(exit, 3, "{what}: {m:#}");
        let f = m["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "plan_unreadable")
            .unwrap_or_else(|| panic!("{what}: {m:#}"));
        assert_eq!(f["severity"], "error");
        assert!(
            f["message"]
                .as_str()
                .unwrap()
                .contains("container_definitions"),
            "{f}"
        );
        assert!(
            m["capacity"].is_null() && m["cost"].is_null(),
            "{what}: {m:#}"
        );
    }
    let mut four = heavy();
    container(
        &mut four,
        "environment",
        json!([{"name": "GUNICORN_WORKERS", "value": "four"}]),
    );
    let (exit, m) = check(&four);
    assert_eq!(exit, 3, "{m:#}");
    let f = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "plan_unreadable")
        .unwrap_or_else(|| panic!("{m:#}"));
    assert_eq!(f["variable"], "gunicorn_workers");
    assert!(
        f["message"].as_str().unwrap().contains("GUNICORN_WORKERS"),
        "{f}"
    );
    assert!(m["cost"].is_null(), "{m:#}");
}

#[test]
fn task_counts_known_only_after_apply_are_unknown_with_the_reason() {
    let mut p = heavy();
    let target = p["resource_changes"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["address"].as_str().unwrap().ends_with("ecs_target"))
        .unwrap();
    let change = &mut target["change"];
    for key in ["min_capacity", "max_capacity"] {
        change["after"].as_object_mut().unwrap().remove(key);
        change["after_unknown"][key] = json!(true);
    }
    let (_, m) = check(&p);
    assert!(m["capacity"].is_null(), "{m:#}");
    for name in ["task_min_count", "task_max_count"] {
        let partial = &m["partial"][name];
        assert_eq!(partial["state"], "unknown", "{name}: {m:#}");
        let reason = partial["reason"].as_str().unwrap_or_default();
        assert!(reason.contains("after apply"), "{name}: {partial}");
    }
    // Under a cost limit the gate fails closed.
    let out = pypi_size()
        .args(["check", "--plan", "-", "--max-monthly-cost", "10000"])
        .write_stdin(p.to_string())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

/// The values AWS answered the instance-type data source with (prior_state).
fn data_source(plan: &mut Value) -> &mut Value {
    plan["prior_state"]["values"]["root_module"]["child_modules"][0]["resources"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["address"] == "module.pypiserver.data.aws_ec2_instance_type.selected")
        .map(|r| &mut r["values"])
        .unwrap()
}

#[test]
fn the_data_sources_figures_size_the_tasks() {
    let (_, base) = check(&heavy());
    assert_eq!(base["capacity"]["tasks_per_instance_cpu"], json!(6));
    let mut p = heavy();
    data_source(&mut p)["default_vcpus"] = json!(8);
    let (exit, m) = check(&p);
    assert_eq!(exit, 0, "{m:#}");
    // 8 vCPUs: more tasks by CPU, as the modules compute with the data source.
    let cpu = m["capacity"]["tasks_per_instance_cpu"].as_u64().unwrap();
    assert!(cpu > 6, "{m:#}");
    let f = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "plan_differs")
        .unwrap_or_else(|| panic!("{m:#}"));
    assert!(
        f["message"].as_str().unwrap().contains("uses AWS's figure"),
        "{f}"
    );
}

#[test]
fn another_ecs_module_version_is_named_and_followed() {
    let mut p = heavy();
    p["configuration"]["root_module"]["module_calls"]["pypiserver"]["module"]["module_calls"]["pypiserver"]
        ["version_constraint"] = json!("7.13.0");
    after(&mut p, "aws_autoscaling_group.website")["min_size"] = json!(0);
    let (_, m) = check(&p);
    let findings = m["findings"].as_array().unwrap();
    let named = findings
        .iter()
        .find(|f| {
            f["code"] == "module_version_differs"
                && f["message"].as_str().unwrap().contains("ECS module")
        })
        .unwrap_or_else(|| panic!("{m:#}"));
    assert!(
        named["message"].as_str().unwrap().contains("7.13.0"),
        "{named}"
    );
    let rejected = findings
        .iter()
        .find(|f| f["code"] == "rejected_by_stack")
        .unwrap_or_else(|| panic!("{m:#}"));
    let text = rejected["message"].as_str().unwrap();
    assert!(text.contains("ecs/aws 7.13.0"), "{text}");
    assert!(!text.contains("7.12.0"), "{text}");
}

/// `check --plan -` of `plan`: the exit code and stderr.
fn stderr_of(plan: &Value) -> (i32, String) {
    let out = pypi_size()
        .args(["check", "--plan", "-"])
        .write_stdin(plan.to_string())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr).to_string();
    (out.status.code().unwrap(), text)
}

#[test]
fn says_why_nothing_was_found_and_refuses_a_format_that_is_no_number() {
    let mut local = heavy();
    local["configuration"]["root_module"]["module_calls"]["pypiserver"]["source"] =
        json!("./modules/pypiserver");
    let (exit, text) = stderr_of(&local);
    assert_eq!(exit, 3);
    assert!(
        text.contains("name it with --module-source ./modules/pypiserver"),
        "{text}"
    );
    let mut unplanned = heavy();
    unplanned["resource_changes"] = json!([]);
    let (exit, text) = stderr_of(&unplanned);
    assert_eq!(exit, 3);
    assert!(
        text.contains(
            "calls the pypiserver module as module.pypiserver, but its resource_changes hold none"
        ),
        "{text}"
    );
    let mut format = heavy();
    format["format_version"] = json!("1.x");
    let (exit, text) = stderr_of(&format);
    assert_eq!(exit, 1, "{text}");
    assert!(text.contains("format_version \"1.x\""), "{text}");
}

#[test]
fn origins_are_full_addresses() {
    let (_, m) = check(&heavy());
    let origin = m["arguments"]["asg_subnets"]["origin"].as_str().unwrap();
    assert_eq!(
        origin,
        "planned: module.pypiserver.module.pypiserver.module.pod[0].aws_autoscaling_group.website \
         vpc_zone_identifier"
    );
}
