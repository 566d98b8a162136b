//! Emitting Terraform: `--format hcl|tfvars|tfvars-json` parse back to the
//! same values in canonical style, and check back to the same answers.

use super::*;

// ---------------------------------------------------------------------------
// Emitting Terraform.

/// What `terraform fmt` would leave unchanged, as far as this output goes:
/// two-space indentation inside blocks, `=` aligned across consecutive
/// attribute lines, no trailing spaces, a final newline.
fn assert_canonical(text: &str) {
    assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{text}");
    let mut depth: usize = 0;
    let mut group: Vec<usize> = Vec::new();
    for line in text.lines() {
        assert_eq!(line, line.trim_end(), "trailing space: {line:?}");
        let trimmed = line.trim_start();
        if trimmed.starts_with('}') {
            depth -= 1;
        }
        if !trimmed.is_empty() {
            assert_eq!(line.len() - trimmed.len(), depth * 2, "indent: {line:?}");
        }
        let is_attribute = !trimmed.starts_with('#') && trimmed.contains(" = ");
        if is_attribute {
            let eq = line.find(" = ").unwrap() + 1;
            // Exactly one space before `=` for the longest name of the group.
            group.push(eq);
            assert!(group.iter().all(|&c| c == eq), "unaligned: {line:?}");
        } else {
            group.clear();
        }
        if trimmed.ends_with('{') {
            depth += 1;
        }
    }
    assert_eq!(depth, 0);
}

/// The arguments of the one `module "pypiserver"` block, parsed by hcl-rs.
fn module_block(text: &str) -> hcl::Value {
    let body = hcl::parse(text).unwrap();
    let mut blocks = body.blocks();
    let block = blocks.next().unwrap();
    assert!(blocks.next().is_none());
    assert_eq!(block.identifier(), "module");
    assert_eq!(block.labels()[0].as_str(), "pypiserver");
    let mut value: hcl::Value = hcl::from_body(block.body().clone()).unwrap();
    // The module's two providers, passed as its README requires; the rest
    // is compared by each test.
    let providers = value
        .as_object_mut()
        .and_then(|o| o.shift_remove("providers"))
        .expect("a providers argument");
    let providers = providers.as_object().expect("a providers object");
    assert_eq!(providers.len(), 2, "{providers:?}");
    assert!(providers.keys().any(|k| k == "aws"), "{providers:?}");
    assert!(
        providers.keys().any(|k| k.contains("aws.dns")),
        "{providers:?}"
    );
    value
}

#[test]
fn hcl_round_trips_through_a_real_hcl_parser() {
    let text = stdout(&["recommend", "--profile", "heavy", "--format", "hcl"]);
    assert_canonical(&text);
    let value = module_block(&text);
    let expected = hcl::value!({
        source = "infrahouse/pypiserver/aws"
        version = "2.3.0"
        asg_instance_type = "c6a.xlarge"
        asg_min_size = 2
        asg_max_size = 4
        container_memory = 512
        asg_subnets = ["subnet-FILL-ME-1", "subnet-FILL-ME-2"]
        load_balancer_subnets = ["FILL-ME-load_balancer_subnets-1", "FILL-ME-load_balancer_subnets-2"]
        zone_id = "FILL-ME-zone_id"
        alarm_emails = ["FILL-ME-alarm_emails-1"]
    });
    assert_eq!(value, expected);
    assert!(text.contains("# Terraform computes: 6 tasks per instance (CPU binds"));
    assert!(text.contains("task_min_count = 12, task_max_count = 24"));
    assert!(text.contains("$283.05 at asg_min_size (2 instances) to $513.79"));
}

#[test]
fn hcl_carries_every_override_and_the_module_flags() {
    let text = stdout(&[
        "capacity",
        "--instance",
        "c6a.xlarge",
        "--subnets",
        "3",
        "--load-balancer-subnets",
        "3",
        "--container-memory",
        "1024",
        "--container-memory-reservation",
        "700",
        "--container-cpu",
        "1024",
        "--gunicorn-workers",
        "6",
        "--task-min-count",
        "9",
        "--task-max-count",
        "20",
        "--efs-throughput-mode",
        "provisioned",
        "--efs-provisioned-throughput-in-mibps",
        "50",
        "--module-source",
        "app.terraform.io/acme/pypiserver/aws",
        "--module-version",
        "2.4.0",
        "--format",
        "hcl",
    ]);
    assert_canonical(&text);
    let value = module_block(&text);
    let expected = hcl::value!({
        source = "app.terraform.io/acme/pypiserver/aws"
        version = "2.4.0"
        asg_instance_type = "c6a.xlarge"
        container_memory = 1024
        container_memory_reservation = 700
        container_cpu = 1024
        gunicorn_workers = 6
        task_min_count = 9
        task_max_count = 20
        efs_throughput_mode = "provisioned"
        efs_provisioned_throughput_in_mibps = 50
        asg_subnets = ["subnet-FILL-ME-1", "subnet-FILL-ME-2", "subnet-FILL-ME-3"]
        load_balancer_subnets = [
            "FILL-ME-load_balancer_subnets-1",
            "FILL-ME-load_balancer_subnets-2",
            "FILL-ME-load_balancer_subnets-3"
        ]
        zone_id = "FILL-ME-zone_id"
        alarm_emails = ["FILL-ME-alarm_emails-1"]
    });
    assert_eq!(value, expected);
}

/// Terraform allows `version` only for registry sources.
#[test]
fn a_non_registry_module_source_has_no_version() {
    for source in [
        "./modules/pypiserver",
        "git::https://example.com/pypi.git?ref=v2.3.0",
        "github.com/infrahouse/terraform-aws-pypiserver",
        "https://example.com/pypiserver.zip",
    ] {
        let text = stdout(&["capacity", "--module-source", source, "--format", "hcl"]);
        let body = hcl::parse(&text).unwrap();
        let block = body.blocks().next().unwrap();
        assert!(
            block.body().attributes().all(|a| a.key() != "version"),
            "{source}"
        );
        assert!(text.contains(&format!(
            "source = {}",
            serde_json::to_string(source).unwrap()
        )));
    }
}

#[test]
fn tfvars_and_tfvars_json_round_trip() {
    let args = ["recommend", "--profile", "very-heavy"];
    let sizing = serde_json::json!({
        "asg_instance_type": "c6a.2xlarge",
        "asg_min_size": 2,
        "asg_max_size": 4,
        "container_memory": 1024,
    });
    let mut with_placeholders = sizing.clone();
    with_placeholders["asg_subnets"] = serde_json::json!(["subnet-FILL-ME-1", "subnet-FILL-ME-2"]);
    for (extra, expected) in [
        (&[][..], &sizing),
        (&["--placeholders"][..], &with_placeholders),
    ] {
        let tfvars = stdout(&[&args[..], &["--format", "tfvars"], extra].concat());
        assert_canonical(&tfvars);
        let from_hcl: hcl::Value = hcl::from_str(&tfvars).unwrap();
        let json = stdout(&[&args[..], &["--format", "tfvars-json"], extra].concat());
        let from_json: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(&from_json, expected, "{extra:?}");
        assert_eq!(
            &serde_json::to_value(&from_hcl).unwrap(),
            expected,
            "{extra:?}"
        );
    }
}

/// Saved as *.auto.tfvars(.json), a placeholder would override the real
/// subnets: the variable files write none unless asked, and say what is left
/// to set; the module block marks the lines to fill in.
#[test]
fn only_the_module_block_fills_in_placeholders_unasked() {
    let capacity = ["capacity", "--instance", "c6a.xlarge"];
    let tfvars = stdout(&[&capacity[..], &["--format", "tfvars"]].concat());
    assert!(!tfvars.contains("FILL-ME"), "{tfvars}");
    assert!(
        tfvars.contains("sets only the sizing variables"),
        "{tfvars}"
    );
    // The comment read as prose, whatever its line breaks.
    assert!(
        tfvars
            .replace("\n# ", " ")
            .contains("number of subnets you set (2 assumed here)"),
        "{tfvars}"
    );
    let json = stdout(&[&capacity[..], &["--format", "tfvars-json"]].concat());
    assert!(!json.contains("asg_subnets"), "{json}");
    let hcl = stdout(&[&capacity[..], &["--format", "hcl"]].concat());
    assert!(hcl.contains("To fill in before `terraform apply`: every FILL-ME placeholder"));
    assert!(hcl.contains("zone_id"), "{hcl}");
    assert!(hcl.contains("# FILL IN: replace the placeholders"), "{hcl}");
    assert!(
        hcl.contains("asg_subnets       = [\"subnet-FILL-ME-1\"")
            || hcl.contains("asg_subnets = [\"subnet-FILL-ME-1\""),
        "{hcl}"
    );
}

#[test]
fn terraform_formats_are_for_sizing_answers_only() {
    pypi_size()
        .args(["instances", "--format", "hcl"])
        .assert()
        .code(2)
        .stdout("");
}

/// The acceptance test of the round trip: each profile's module block,
/// pasted into a .tf file, checks back to the same capacity and, with the
/// flags its comment names for the cost assumptions a block cannot carry,
/// the same cost; and what check finds on it is exactly what the comment
/// says is kept as the guide publishes it.
#[test]
fn recommend_hcl_checks_back_to_the_same_capacity_cost_and_findings() {
    for profile in ["light", "medium", "heavy", "very-heavy"] {
        let recommend = ["recommend", "--profile", profile];
        let hcl = stdout(&[&recommend[..], &["--format", "hcl"]].concat());
        let recommended: Value =
            serde_json::from_str(&stdout(&[&recommend[..], &["--format", "json"]].concat()))
                .unwrap();
        let comment: String = hcl
            .lines()
            .filter_map(|l| l.strip_prefix("# "))
            .collect::<Vec<_>>()
            .join(" ");
        let flags: Vec<&str> = comment
            .split_once("`pypi-size check PATH ")
            .map(|(_, rest)| rest.split('`').next().unwrap().split_whitespace().collect())
            .unwrap_or_default();
        let dir = Scratch::new("roundtrip");
        dir.write("main.tf", &hcl);
        let (report, code) = check(&[&[dir.path()][..], &flags].concat());
        assert_eq!(code, 0, "{profile}");
        let m = module(&report, "pypiserver");
        assert_eq!(m["capacity"], recommended["capacity"], "{profile}");
        assert_eq!(m["cost"], recommended["cost"], "{profile}: flags {flags:?}");
        let mut found = codes(m);
        found.sort_unstable();
        match comment.split_once("Kept as the guide publishes it") {
            None => assert!(found.is_empty(), "{profile}: {found:?} unexplained"),
            Some((_, kept)) => {
                let named = kept
                    .split_once('(')
                    .unwrap()
                    .1
                    .split_once(", below)")
                    .unwrap()
                    .0;
                let mut named: Vec<&str> = named.split(", ").collect();
                named.sort_unstable();
                assert_eq!(found, named, "{profile}");
            }
        }
    }
    // Light is the profile with findings: the text says it plainly.
    let light = stdout(&["recommend", "--profile", "light", "--format", "hcl"]);
    assert!(light.contains("Kept as the guide publishes it"), "{light}");
}

/// A group that cannot scale has one cost: said once.
#[test]
fn a_fixed_size_group_states_its_cost_once() {
    let hcl = stdout(&["recommend", "--profile", "light", "--format", "hcl"]);
    assert!(
        hcl.contains("Monthly cost: $82.97 (2 instances: asg_min_size = asg_max_size)."),
        "{hcl}"
    );
    let dir = Scratch::new("fixed");
    let tf = dir.write("main.tf", &hcl);
    let text = stdout(&["check", &tf]);
    assert!(text.contains("82.97 USD a month at 2 instances."), "{text}");
    assert!(!text.contains("82.97 USD at 2"), "{text}");
}
