//! Reads the plan samples of tests/fixtures/plans (hand-built to Terraform
//! 1.9.8's JSON writer, see their README) and damaged documents.

use tf_plan::{Action, Expression, Limits, PlanError, Wanted, read_plan};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/fixtures/plans/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn wanted() -> Wanted {
    Wanted {
        resource_types: [
            "aws_launch_template",
            "aws_subnets",
            "aws_ec2_instance_type",
        ]
        .map(String::from)
        .to_vec(),
    }
}

fn read(bytes: &[u8]) -> Result<tf_plan::Plan, PlanError> {
    read_plan(bytes, &wanted(), &Limits::default())
}

#[test]
fn heavy_keeps_the_calls_changes_and_data_asked_for() {
    let plan = read(&fixture("heavy.json")).unwrap();
    assert_eq!(plan.format_version, "1.2");
    assert_eq!(plan.variables["environment"], "production");
    let paths: Vec<String> = plan.calls.iter().map(|c| c.path.join(".")).collect();
    assert_eq!(
        paths,
        [
            "pypiserver",
            "pypiserver.pypiserver",
            "pypiserver.pypiserver.pod"
        ]
    );
    let top = &plan.calls[0];
    assert_eq!(
        top.source,
        "registry.infrahouse.com/infrahouse/pypiserver/aws"
    );
    assert_eq!(top.version_constraint.as_deref(), Some("2.3.0"));
    assert_eq!(
        top.expressions["asg_min_size"],
        Expression::Constant(2.into())
    );
    assert_eq!(
        top.expressions["task_min_count"],
        Expression::Constant(serde_json::Value::Null)
    );
    assert!(
        matches!(&top.expressions["asg_subnets"], Expression::References(r) if r[0] == "data.aws_subnets.private.ids")
    );
    assert_eq!(plan.calls[2].repetition, Some("count"));
    assert_eq!(plan.changes.len(), 1, "only the launch template");
    let lt = &plan.changes[0];
    assert_eq!(lt.action, Action::Create);
    assert_eq!(lt.after["instance_type"], "c6a.xlarge");
    assert_eq!(
        lt.module_address.as_deref(),
        Some("module.pypiserver.module.pypiserver.module.pod[0]")
    );
    let data: Vec<&str> = plan.data.iter().map(|d| d.address.as_str()).collect();
    assert!(data.contains(&"data.aws_subnets.private"), "{data:?}");
    assert!(data.contains(&"module.pypiserver.data.aws_ec2_instance_type.selected"));
}

#[test]
fn unknown_and_update_keep_unknowns_and_actions() {
    let plan = read(&fixture("unknown.json")).unwrap();
    let lt = plan
        .changes
        .iter()
        .find(|c| c.resource_type == "aws_launch_template")
        .unwrap();
    assert_eq!(lt.after_unknown["instance_type"], true);
    assert!(lt.after.get("instance_type").is_none());
    let reads = plan
        .changes
        .iter()
        .filter(|c| c.data && c.action == Action::Read)
        .count();
    assert_eq!(reads, 4);
    let plan = read(&fixture("update.json")).unwrap();
    let lt = plan
        .changes
        .iter()
        .find(|c| c.resource_type == "aws_launch_template")
        .unwrap();
    assert_eq!(lt.action, Action::Update);
    assert_eq!(lt.before["instance_type"], "c6a.large");
    assert_eq!(lt.after["instance_type"], "c6a.xlarge");
}

#[test]
fn for_each_calls_are_marked() {
    let plan = read(&fixture("for-each.json")).unwrap();
    assert_eq!(plan.calls[0].repetition, Some("for_each"));
    let keys: Vec<&str> = plan
        .changes
        .iter()
        .filter(|c| !c.data)
        .filter_map(|c| c.module_address.as_deref())
        .collect();
    assert!(
        keys.iter()
            .any(|k| k.starts_with("module.pypiserver[\"dev\"]")),
        "{keys:?}"
    );
}

#[test]
fn what_is_not_a_plan_is_named() {
    let err = |bytes: &[u8]| read(bytes).unwrap_err();
    let heavy = fixture("heavy.json");
    assert!(matches!(
        err(&heavy[..heavy.len() / 2]),
        PlanError::Truncated { .. }
    ));
    assert!(matches!(
        err(b"{\"format_version\":\"1.2\",}"),
        PlanError::Syntax { .. }
    ));
    assert_eq!(
        err(&fixture("real-tf-1.0.3-heavy.plan.json")),
        PlanError::Version("0.2".into())
    );
    assert_eq!(
        err(b"{\"format_version\":\"2.0\"}"),
        PlanError::Version("2.0".into())
    );
    assert_eq!(err(&fixture("state-show-1.0.json")), PlanError::State);
    assert_eq!(
        err(&fixture("terraform.tfstate.json")),
        PlanError::StateFile
    );
    let without: String = String::from_utf8(heavy.clone()).unwrap().replacen(
        "\"configuration\":",
        "\"configuratio_\":",
        1,
    );
    assert_eq!(err(without.as_bytes()), PlanError::NoConfiguration);
    assert!(matches!(err(b"[1,2]"), PlanError::Shape(_)));
    // Nesting in what is kept stops at serde_json's limit; what is skipped
    // is skipped without recursion (no stack to overflow).
    let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let deep = format!(
        "{{\"format_version\":\"1.2\",\"variables\":{{\"v\":{{\"value\":{}}}}}}}",
        nest(5000)
    );
    assert!(matches!(err(deep.as_bytes()), PlanError::Budget(m) if m.contains("128 levels")));
    let skipped = format!("{{\"format_version\":\"1.2\",\"x\":{}}}", nest(100_000));
    assert_eq!(err(skipped.as_bytes()), PlanError::NoConfiguration);
}

#[test]
fn budgets_hold() {
    let heavy = fixture("heavy.json");
    let small = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    let e = read_plan(&heavy[..], &wanted(), &small).unwrap_err();
    assert!(
        matches!(&e, PlanError::Budget(m) if m.contains("larger than")),
        "{e}"
    );
    let few = Limits {
        max_calls: 2,
        ..Limits::default()
    };
    let e = read_plan(&heavy[..], &wanted(), &few).unwrap_err();
    assert!(
        matches!(&e, PlanError::Budget(m) if m.contains("module calls")),
        "{e}"
    );
    let kept = Limits {
        max_kept_resources: 3,
        ..Limits::default()
    };
    let e = read_plan(&heavy[..], &wanted(), &kept).unwrap_err();
    assert!(
        matches!(&e, PlanError::Budget(m) if m.contains("resources")),
        "{e}"
    );
}
