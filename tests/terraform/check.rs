//! The Terraform round trip: `--format hcl|tfvars|tfvars-json` parse back to
//! the same values in canonical style, and `check` reads fixture trees as
//! Terraform would, reports each finding with its line, and gates CI.

mod common;

use common::{FIXTURES, Scratch, fixture, pypi_size, stdout};
use serde_json::Value;

/// `check --format json`, with the exit code.
fn check(args: &[&str]) -> (Value, i32) {
    let out = pypi_size()
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 3,
        "{args:?} exited {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (serde_json::from_slice(&out.stdout).unwrap(), code)
}

fn module<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("no module {name}"))
}

fn codes(m: &Value) -> Vec<&str> {
    m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

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

// ---------------------------------------------------------------------------
// Reading Terraform.

#[test]
fn variables_defaults_tfvars_var_files_and_var_in_terraforms_order() {
    let dir = fixture("registry");
    // Defaults (c6a.large) are overridden by the auto-loaded terraform.tfvars.
    let (r, _) = check(&[&dir]);
    let m = module(&r, "pypiserver");
    assert_eq!(m["inputs"]["asg_instance_type"], "c6a.xlarge");
    assert_eq!(m["arguments"]["asg_instance_type"]["location"]["line"], 23);
    assert!(
        m["arguments"]["asg_instance_type"]["origin"]
            .as_str()
            .unwrap()
            .contains("terraform.tfvars:1")
    );
    assert_eq!(m["inputs"]["asg_max_size"], 4); // local.max_instances = 2 * 2

    // -var-file beats terraform.tfvars; -var beats an earlier -var-file.
    let more = format!("{dir}/more-instances.tfvars");
    let bigger = format!("{dir}/bigger.tfvars.json");
    let (r, _) = check(&[&dir, "-var-file", &more, "-var-file", &bigger]);
    let m = module(&r, "pypiserver");
    assert_eq!(m["inputs"]["asg_min_size"], 3);
    assert_eq!(m["inputs"]["asg_max_size"], 6);
    assert_eq!(m["inputs"]["asg_instance_type"], "c6a.2xlarge");
    assert_eq!(m["capacity"]["gunicorn_workers"], 8);

    let (r, _) = check(&[&dir, "-var-file", &more, "-var", "instances=5"]);
    assert_eq!(module(&r, "pypiserver")["inputs"]["asg_min_size"], 5);
    // ...and a -var-file after -var wins over it.
    let (r, _) = check(&[&dir, "--var", "instances=5", "--var-file", &more]);
    assert_eq!(module(&r, "pypiserver")["inputs"]["asg_min_size"], 3);
}

#[test]
fn tf_var_environment_is_lowest_after_defaults() {
    let dir = fixture("registry");
    let out = pypi_size()
        .env("TF_VAR_instances", "4")
        .env("TF_VAR_instance_type", "c7a.large")
        .args(["check", &dir, "--format", "json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = module(&r, "pypiserver");
    assert_eq!(m["inputs"]["asg_min_size"], 4);
    // terraform.tfvars sets the type, over the environment.
    assert_eq!(m["inputs"]["asg_instance_type"], "c6a.xlarge");
}

/// TF_CLI_ARGS_plan's -var-file, read from the root's directory as
/// Terraform running there reads it (the corpus cases compare the values
/// with Terraform 1.0.3): named in the report and the argument's origin;
/// what else could change the plan is named in a warning.
#[test]
fn tf_cli_args_plan_applies_var_files_and_names_the_rest() {
    let dir = fixture("corpus/tf-cli-args-plan");
    let out = pypi_size()
        .env(
            "TF_CLI_ARGS_plan",
            "-var-file=prod.tfvars -target=module.other",
        )
        .args(["check", &dir, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: TF_CLI_ARGS_plan: -target=module.other"),
        "{stderr}"
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = module(&r, "pypiserver");
    assert_eq!(m["inputs"]["asg_instance_type"], "c6a.xlarge");
    let origin = m["arguments"]["asg_instance_type"]["origin"]
        .as_str()
        .unwrap();
    assert!(origin.contains("prod.tfvars"), "{origin}");
    let args = &r["terraform_cli_args"][0];
    assert_eq!(args["variable"], "TF_CLI_ARGS_plan");
    assert_eq!(args["applied"][0], "-var-file=prod.tfvars");
    // Without it, the defaults: the figure a CI job would otherwise get silently.
    let (plain, _) = check(&[&dir]);
    assert_eq!(
        module(&plain, "pypiserver")["inputs"]["asg_instance_type"],
        "t3.small"
    );
    assert!(plain.get("terraform_cli_args").is_none());
    // A -var in TF_CLI_ARGS names its variable in the origin; the table says
    // where the variables also come from.
    let table = pypi_size()
        .env("TF_CLI_ARGS", "-var=instances=2")
        .args(["check", &dir])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("Variables also from TF_CLI_ARGS: -var=instances=2."),
        "{text}"
    );
    assert!(text.contains("-var instances in TF_CLI_ARGS"), "{text}");
    // diff applies them to both sides.
    let d = pypi_size()
        .env("TF_CLI_ARGS_plan", "-var-file=prod.tfvars")
        .args(["diff", &dir, &dir, "--format", "json"])
        .output()
        .unwrap();
    let d: Value = serde_json::from_slice(&d.stdout).unwrap();
    assert_eq!(d["modules"][0]["inputs"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        d["terraform_cli_args"][0]["applied"][0],
        "-var-file=prod.tfvars"
    );
    // A value Terraform cannot split is refused, as Terraform refuses it.
    let bad = pypi_size()
        .env("TF_CLI_ARGS_plan", "-var 'x=1")
        .args(["check", &dir])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("single quote is not closed"));
}

#[test]
fn local_module_sources_count_only_when_named() {
    let dir = fixture("local");
    // Followed as a local module, which (a README only) has no variables:
    // Terraform refuses the arguments.
    pypi_size()
        .args(["check", &dir])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains("Unsupported argument"));
    let (r, _) = check(&[&dir, "--module-source", "./modules/pypiserver"]);
    let m = module(&r, "pypiserver");
    assert_eq!(m["capacity"]["task_min_count"], 12);
}

#[test]
fn unresolvable_arguments_are_unknown_with_their_line() {
    let (r, code) = check(&[&fixture("unresolved")]);
    assert_eq!(
        code, 0,
        "unresolved is a warning, below the default --fail-on"
    );
    let m = module(&r, "pypiserver");
    assert_eq!(m["capacity"], Value::Null);
    assert_eq!(m["cost"], Value::Null);
    let unresolved: Vec<(&str, u64)> = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "unresolved")
        .map(|f| {
            (
                f["variable"].as_str().unwrap(),
                f["location"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        unresolved,
        [
            ("asg_instance_type", 15),
            ("container_memory", 17),
            ("asg_subnets", 18)
        ]
    );
    let arg = &m["arguments"]["container_memory"];
    assert_eq!(arg["state"], "unknown");
    assert!(arg["reason"].as_str().unwrap().contains("data"));

    // Given the variable, what remains unknown still blocks sizing.
    let (r, _) = check(&[&fixture("unresolved"), "-var", "instance_type=c6a.xlarge"]);
    assert_eq!(module(&r, "pypiserver")["capacity"], Value::Null);
}

#[test]
fn several_module_blocks_across_files() {
    let (r, _) = check(&[&fixture("several")]);
    let names: Vec<&str> = r["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["pypi_prod", "pypi_staging", "pypi_dev"]);
    assert_eq!(r["summary"]["modules"], 3);
    let dev = module(&r, "pypi_dev");
    // asg_min_size is null: the three subnets are the instance count.
    assert_eq!(dev["capacity"]["asg_instance_count"], 3);
    assert_eq!(
        dev["location"]["file"],
        format!("{}/staging.tf", fixture("several"))
    );
    assert_eq!(dev["location"]["line"], 12);
}

#[test]
fn a_syntax_error_fails_with_its_line() {
    pypi_size()
        .args(["check", &fixture("syntax")])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains(
            "syntax/main.tf:4:26: HCL syntax error",
        ))
        .stderr(predicates::str::contains("4 |   asg_min_size      = 2 +"));
}

#[test]
fn every_finding_with_its_line() {
    let (r, code) = check(&[&fixture("findings"), "--ci-builds", "100"]);
    assert_eq!(code, 3, "errors fail by default");
    let expect = [
        ("range", "out_of_range", 7),
        ("min_max", "asg_min_above_max", 18),
        ("clamp", "container_does_not_fit_ram", 31),
        ("reservation", "rejected_by_stack", 44),
        ("tasks", "rejected_by_stack", 57),
        ("burstable", "burstable_continuous_ci", 67),
        ("many_small", "fewer_larger_instances", 79),
        ("typo", "unknown_instance_type", 91),
    ];
    for (name, code, line) in expect {
        let m = module(&r, name);
        let f = m["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code)
            .unwrap_or_else(|| panic!("{name}: no {code} in {:?}", codes(m)));
        assert_eq!(f["location"]["line"], line, "{name} {code}");
        assert!(!f["fix"].as_str().unwrap().is_empty());
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()));
    }
    assert!(r["summary"]["errors"].as_u64().unwrap() >= 4);
}

#[test]
fn below_profile_names_what_the_profile_serves() {
    let (r, _) = check(&[&fixture("several"), "--profile", "heavy"]);
    let staging = module(&r, "pypi_staging");
    assert!(codes(staging).contains(&"below_profile"));
    let prod = module(&r, "pypi_prod");
    assert!(!codes(prod).contains(&"below_profile"));
}

#[test]
fn fail_on_and_cost_limit_gate_ci() {
    let clean = fixture("clean");
    let several = fixture("several");
    assert_eq!(check(&[&clean]).1, 0);
    assert_eq!(check(&[&clean, "--fail-on", "info"]).1, 0);
    // several has warnings and infos, no errors.
    assert_eq!(check(&[&several]).1, 0);
    assert_eq!(check(&[&several, "--fail-on", "warning"]).1, 3);
    assert_eq!(check(&[&fixture("findings"), "--fail-on", "never"]).1, 0);
    // The clean config costs 508.64 at asg_max_size.
    let (r, code) = check(&[&clean, "--max-monthly-cost", "400"]);
    assert_eq!(code, 3);
    assert!(codes(module(&r, "pypiserver")).contains(&"over_budget"));
    assert_eq!(r["summary"]["max_monthly_cost"], 508.64);
    assert_eq!(check(&[&clean, "--max-monthly-cost", "550"]).1, 0);
}

#[test]
fn check_never_writes_to_its_files() {
    let dir = fixture("registry");
    let snapshot = || -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let meta = e.metadata().unwrap();
                (
                    e.file_name().into_string().unwrap(),
                    std::fs::read(e.path()).unwrap(),
                    meta.modified().unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let before = snapshot();
    check(&[&dir, "--var", "instances=3"]);
    assert_eq!(before, snapshot());
}

#[test]
fn check_usage_errors() {
    let dir = Scratch::new("usage");
    dir.write("main.py", "");
    let fixtures = std::fs::canonicalize(FIXTURES).unwrap();
    let fixtures = fixtures.to_str().unwrap();
    for (args, words) in [
        (
            vec!["check", "-", "-var-file", "-"],
            "standard input can be read once",
        ),
        (vec!["check", "main.py"], "not a .tf"),
        (vec!["check", fixtures, "--var", "novalue"], "NAME=VALUE"),
        (vec!["check", fixtures, "--profile", "hevy"], "`heavy`"),
        (
            vec!["check", fixtures, "--fail-on", "sometimes"],
            "--fail-on",
        ),
    ] {
        let out = pypi_size()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    }
}

#[test]
fn check_reads_stdin() {
    let tf = std::fs::read_to_string(format!("{}/main.tf", fixture("clean"))).unwrap();
    let out = pypi_size()
        .args(["check", "-", "--format", "json"])
        .write_stdin(tf)
        .output()
        .unwrap();
    assert!(out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(module(&r, "pypiserver")["location"]["file"], "<stdin>");
}

// ---------------------------------------------------------------------------
// What Terraform reads, as Terraform reads it.

/// `tests/fixtures/check/terraform-rules`: an override file, a .tf.json
/// file, hidden and backup files Terraform skips, registry aliases, null
/// arguments, `count`, a version constraint, numeric strings.
#[test]
fn reads_the_files_terraform_reads() {
    let dir = fixture("terraform-rules");
    let (r, _) = check(&[&dir, &dir]);
    let names: Vec<&str> = r["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    // Each block once, though the directory is named twice; none from the
    // hidden, backup or autosave files.
    assert_eq!(
        names,
        ["json_syntax", "aliased", "nulled", "copied", "pinned"]
    );

    // override.tf replaces the instance type and adds container_memory.
    let aliased = module(&r, "aliased");
    assert_eq!(aliased["inputs"]["asg_instance_type"], "c6a.2xlarge");
    assert_eq!(aliased["inputs"]["container_memory"], 1024);
    assert_eq!(
        aliased["arguments"]["asg_instance_type"]["location"]["file"],
        format!("{dir}/override.tf")
    );
    // "4" * 128 is 512 in Terraform; "1" + 1 is 2.
    assert_eq!(aliased["inputs"]["asg_min_size"], 2);

    let json = module(&r, "json_syntax");
    assert_eq!(json["capacity"]["task_min_count"], 12);
    assert_eq!(json["location"]["file"], format!("{dir}/extra.tf.json"));
    assert_eq!(json["arguments"]["asg_min_size"]["location"]["line"], 6);

    let nulled = module(&r, "nulled");
    assert_eq!(nulled["capacity"], Value::Null);
    assert!(codes(nulled).contains(&"null_argument"));

    let copied = module(&r, "copied");
    assert_eq!(copied["copies"], 3);
    assert!(codes(copied).contains(&"copies"));

    let pinned = module(&r, "pinned");
    assert_eq!(pinned["copies"], 0);
    assert_eq!(pinned["capacity"], Value::Null);
    assert!(codes(pinned).contains(&"not_deployed"));
    assert!(codes(pinned).contains(&"module_version_differs"));
}

#[test]
fn copies_count_toward_the_cost_limit() {
    let dir = fixture("terraform-rules");
    // `copied` is 3 copies of c6a.large; at the ECS module's maximum of 4
    // instances each is 282.70 a month (each copy a whole stack): 848.10.
    let (r, code) = check(&[&dir, "--max-monthly-cost", "300"]);
    assert_eq!(code, 3);
    let f = module(&r, "copied")["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "over_budget")
        .cloned()
        .unwrap();
    assert!(f["message"].as_str().unwrap().contains("$848.10"), "{f}");
    assert!(f["message"].as_str().unwrap().contains("3 copies"), "{f}");
    // The highest is `aliased`, one copy of c6a.2xlarge at its maximum of 4.
    assert_eq!(r["summary"]["max_monthly_cost"], 960.52);
}

#[test]
fn a_var_for_an_undeclared_variable_is_refused() {
    pypi_size()
        .args(["check", &fixture("registry"), "-var", "nosuch=3"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicates::str::contains(
            "no variable `nosuch` is declared",
        ));
}

#[test]
fn lookalike_sources_are_named_on_stderr() {
    let out = pypi_size()
        .args(["check", &fixture("terraform-rules")])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("terraform-aws-pypiserver.git\" is not checked"),
        "{stderr}"
    );
}

#[test]
fn count_and_for_each_values_terraform_refuses() {
    let dir = Scratch::new("copies");
    dir.write(
        "main.tf",
        r#"
module "negative" {
  source            = "infrahouse/pypiserver/aws"
  count             = -1
  asg_instance_type = "c6a.large"
  asg_subnets       = ["a", "b"]
}

module "list" {
  source            = "infrahouse/pypiserver/aws"
  for_each          = ["x", "x", "y"]
  asg_instance_type = "c6a.large"
  asg_subnets       = ["a", "b"]
}

module "set" {
  source            = "infrahouse/pypiserver/aws"
  for_each          = toset(["x", "x", "y"])
  asg_instance_type = "c6a.large"
  asg_subnets       = ["a", "b"]
}
"#,
    );
    let (r, code) = check(&[dir.path()]);
    assert_eq!(code, 3);
    for name in ["negative", "list"] {
        let m = module(&r, name);
        assert!(
            codes(m).contains(&"invalid_value"),
            "{name}: {:?}",
            codes(m)
        );
        assert_eq!(m["capacity"], Value::Null);
    }
    assert_eq!(module(&r, "set")["copies"], 2);
}

// ---------------------------------------------------------------------------
// The corpus: roots whose expected results were verified against Terraform
// 1.0.3 (tests/differential/check_corpus.py re-verifies them).

/// The finding codes that mean Terraform refuses the configuration.
const REFUSALS: [&str; 3] = ["unsupported_argument", "missing_required", "invalid_value"];

/// Each corpus case: pypi-size's exit code and findings as expect.json says,
/// every argument value Terraform computed at plan time, and a refusal
/// exactly where Terraform refuses.
#[test]
fn the_corpus_reads_as_terraform_does() {
    let corpus = std::path::Path::new(FIXTURES).join("corpus");
    let mut cases: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(why) = corpus_case(case) {
            failures.push(format!("{}: {why}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn corpus_case(case: &std::path::Path) -> Result<(), String> {
    let expect: Value =
        serde_json::from_str(&std::fs::read_to_string(case.join("expect.json")).unwrap()).unwrap();
    let args: Vec<&str> = expect["args"]
        .as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
        .unwrap_or_default();
    let mut command = pypi_size();
    // Terraform's own arguments from the environment (TF_CLI_ARGS_plan), as
    // expect.json's `env` sets them for both Terraform and pypi-size.
    for (name, value) in expect["env"].as_object().into_iter().flatten() {
        command.env(name, value.as_str().unwrap());
    }
    let out = command
        .arg("check")
        .arg(case)
        .args(&args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if code != expect["check"]["exit"] {
        return Err(format!(
            "exit {code}, expected {}: {stderr}",
            expect["check"]["exit"]
        ));
    }
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let found: Vec<&str> = report["modules"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|m| m["findings"].as_array().unwrap())
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for wanted in expect["check"]["codes"].as_array().unwrap() {
        if !found.contains(&wanted.as_str().unwrap()) {
            return Err(format!("no {wanted} in {found:?}"));
        }
    }
    let refuses = code == 1 || found.iter().any(|c| REFUSALS.contains(c));
    if expect["terraform"]["accepts"] == refuses {
        return Err(format!(
            "refuses = {refuses}, Terraform: {}",
            expect["terraform"]
        ));
    }
    for (address, values) in expect["values"].as_object().into_iter().flatten() {
        let m = report["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["address"] == *address)
            .ok_or_else(|| format!("no module {address}"))?;
        for (name, want) in values.as_object().unwrap() {
            let arg = &m["arguments"][name];
            let agrees = match want.as_str() {
                Some("(unknown)") => arg["state"] == "unknown",
                _ => arg["state"] == "known" && same_value(&arg["value"], want),
            };
            if !agrees {
                return Err(format!("{address}.{name} is {arg}, Terraform: {want}"));
            }
        }
    }
    Ok(())
}

/// JSON values equal as Terraform compares them: numbers by value.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

// ---------------------------------------------------------------------------
// Which roots, and standard input.

#[test]
fn recursive_checks_every_root_and_a_called_module_from_its_caller() {
    let (r, code) = check(&["--recursive", &fixture("recursive")]);
    assert_eq!(code, 0);
    let found: Vec<(&str, &str, &Value)> = r["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["address"].as_str().unwrap(),
                m["location"]["file"].as_str().unwrap(),
                &m["arguments"]["asg_min_size"]["value"],
            )
        })
        .collect();
    // modules/platform is prod's module, sized with prod's instances = 3;
    // .terraform/ is Terraform's cache.
    assert_eq!(
        found,
        [
            (
                "module.platform.module.pypiserver",
                format!("{}/modules/platform/main.tf", fixture("recursive")).as_str(),
                &serde_json::json!(3)
            ),
            (
                "module.pypiserver",
                format!("{}/staging/main.tf", fixture("recursive")).as_str(),
                &serde_json::json!(2)
            ),
        ]
    );
}

#[test]
fn no_path_checks_the_current_directory() {
    let out = pypi_size()
        .current_dir(fixture("recursive/staging"))
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["summary"]["modules"], 1);
}

#[test]
fn standard_input_is_read_once() {
    let tf = std::fs::read_to_string(format!("{}/main.tf", fixture("clean"))).unwrap();
    for args in [
        vec!["check", "-", "-var-file", "-"],
        vec!["check", "-", "-"],
        vec!["--profiles", "-", "check", "-"],
    ] {
        pypi_size()
            .args(&args)
            .write_stdin(tf.clone())
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains("standard input can be read once"));
    }
}

#[test]
fn nothing_found_fails_unless_allowed() {
    let dir = Scratch::new("none");
    dir.write(
        "main.tf",
        "module \"fork\" {\n  source = \"git::https://github.com/infrahouse/terraform-aws-pypiserver-fork.git\"\n}\n",
    );
    pypi_size()
        .args(["check", dir.path()])
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "no pypiserver module block found",
        ));
    pypi_size()
        .args(["check", dir.path(), "--allow-none"])
        .assert()
        .code(0);
}

// ---------------------------------------------------------------------------
// Hostile trees: each finishes (in a release build well within 5 s and 512
// MiB; see README's Robustness) with its answer, never a panic.

/// `pypi-size check DIR --format json`: the exit code, stdout and stderr, and
/// how long it took.
fn timed_check(dir: &str) -> (i32, String, String, std::time::Duration) {
    let start = std::time::Instant::now();
    let out = pypi_size()
        .args(["check", dir, "--format", "json"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

const REQUIRED: &str = "  zone_id = \"Z1\"\n  load_balancer_subnets = [\"a\", \"b\"]\n  alarm_emails = [\"a@example.com\"]\n";

fn pypi_block(name: &str, body: &str) -> String {
    format!(
        "module \"{name}\" {{\n  source = \"infrahouse/pypiserver/aws\"\n  asg_subnets = [\"a\"]\n{body}{REQUIRED}}}\n"
    )
}

#[test]
fn hostile_evaluations_stop_at_the_budget_with_the_line() {
    let thousand = format!(
        "[{}]",
        (0..1000)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    let triple = format!(
        "length([for a in {thousand} : [for b in {thousand} : [for c in {thousand} : a + b + c]]])"
    );
    let dir = Scratch::new("hostile-triple");
    dir.write(
        "main.tf",
        &format!(
            "locals {{\n  n = {triple}\n}}\n{}",
            pypi_block("p", "  asg_min_size = local.n\n")
        ),
    );
    let (code, out, _, took) = timed_check(dir.path());
    assert_eq!(code, 3);
    assert!(
        out.contains("evaluation stopped") && out.contains("main.tf:2:"),
        "{out}"
    );
    assert!(took.as_secs() < 60, "{took:?}");

    // Unused, as a default and in terraform.tfvars: never evaluated.
    let dir = Scratch::new("hostile-unused");
    dir.write(
        "main.tf",
        &format!(
            "variable \"x\" {{\n  default = {triple}\n}}\nvariable \"y\" {{}}\n{}",
            pypi_block("p", "")
        ),
    );
    dir.write("terraform.tfvars", &format!("y = {triple}\n"));
    let (code, _, err, _) = timed_check(dir.path());
    assert_eq!(code, 0, "{err}");

    // Used from terraform.tfvars: the error names the tfvars line.
    let dir = Scratch::new("hostile-tfvars");
    dir.write(
        "main.tf",
        &format!(
            "variable \"x\" {{}}\n{}",
            pypi_block("p", "  asg_min_size = var.x\n")
        ),
    );
    dir.write("terraform.tfvars", &format!("x = {triple}\n"));
    let (code, out, _, _) = timed_check(dir.path());
    assert_eq!(code, 3);
    assert!(out.contains("terraform.tfvars:1:"), "{out}");

    // x % 0 is x (Terraform 1.0.3), and no panic text.
    let dir = Scratch::new("hostile-mod");
    dir.write("main.tf", &pypi_block("p", "  asg_min_size = 5 % 0\n"));
    let (code, out, err, _) = timed_check(dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("panic") && out.contains("\"asg_min_size\""));
}

#[test]
fn hostile_sizes_are_shared_not_copied() {
    let big = format!(
        "[{}]",
        (0..65_000)
            .map(|i| format!("\"s{i}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    for n in [300, 2000] {
        let refs: String = (0..n).map(|i| format!("  r{i} = local.big\n")).collect();
        let all = (0..n)
            .map(|i| format!("local.r{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let dir = Scratch::new("hostile-refs");
        dir.write(
            "main.tf",
            &format!(
                "locals {{\n  big = {big}\n{refs}  all = [{all}]\n}}\n{}",
                pypi_block(
                    "p",
                    "  asg_min_size = length(local.all) % 7 + length(local.r1) % 3\n"
                )
            ),
        );
        let (code, out, err, took) = timed_check(dir.path());
        assert_eq!(code, 0, "{n}: {err}");
        let r: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            r["modules"][0]["arguments"]["asg_min_size"]["value"],
            (n % 7 + 65_000 % 3) as u64
        );
        assert!(took.as_secs() < 60, "{took:?}");
    }
    // 1.1 MB of string templates.
    let templates: String = (0..12_000)
        .map(|i| {
            format!(
                "  t{i} = \"${{local.a}}-{}%{{ if true }}y%{{ endif }}\"\n",
                "x".repeat(70)
            )
        })
        .collect();
    let dir = Scratch::new("hostile-templates");
    dir.write(
        "main.tf",
        &format!(
            "locals {{\n  a = \"abc\"\n{templates}}}\n{}",
            pypi_block("q", "  service_name = local.t11999\n")
        ),
    );
    let (code, _, err, _) = timed_check(dir.path());
    assert_eq!(code, 0, "{err}");
}

#[test]
fn hostile_counts_of_instances_and_blocks() {
    let numbers = (0..=200_000)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let dir = Scratch::new("hostile-toset");
    dir.write(
        "main.tf",
        &format!(
            "locals {{\n  keys = toset([for i in [{numbers}] : tostring(i)])\n}}\n{}",
            pypi_block("p", "  for_each = local.keys\n  asg_min_size = 2\n")
        ),
    );
    let (code, out, err, took) = timed_check(dir.path());
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["modules"][0]["copies"], 200_001);
    assert!(took.as_secs() < 60, "{took:?}");

    // 80k module blocks and 80k overrides (100k would pass the 4 MiB a
    // file may hold): merged in linear time.
    let dir = Scratch::new("hostile-blocks");
    let main: String = (0..80_000)
        .map(|i| format!("module \"m{i}\" {{\n  source = \"./m\"\n  a = {i}\n}}\n"))
        .collect();
    let over: String = (0..80_000)
        .map(|i| format!("module \"m{i}\" {{\n  a = {}\n}}\n", i + 1))
        .collect();
    dir.write("main.tf", &main);
    dir.write("override.tf", &over);
    std::fs::create_dir_all(dir.file("m")).unwrap();
    dir.write("m/main.tf", "variable \"a\" {}\n");
    let (code, _, err, took) = timed_check(dir.path());
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("no pypiserver module block found"), "{err}");
    assert!(took.as_secs() < 60, "{took:?}");

    // As many pypiserver blocks: refused past 1000, with the place.
    let main: String = (0..20_000)
        .map(|i| pypi_block(&format!("m{i}"), ""))
        .collect();
    let over: String = (0..20_000)
        .map(|i| format!("module \"m{i}\" {{\n  asg_min_size = 2\n}}\n"))
        .collect();
    dir.write("main.tf", &main);
    dir.write("override.tf", &over);
    let (code, _, err, _) = timed_check(dir.path());
    assert_eq!(code, 1);
    assert!(
        err.contains("more than 1000 pypiserver module blocks"),
        "{err}"
    );
}

/// `fewer_larger_instances` proposes only a fix the apply accepts: with
/// task_max_count 8, 2 × c6a.xlarge would run 10 tasks at minimum, above
/// it, so nothing is proposed; with 16 it is.
#[test]
fn fewer_larger_instances_proposes_only_what_the_apply_accepts() {
    let block = |task_max_count: u64| {
        format!(
            "module \"pypiserver\" {{\n  source = \"infrahouse/pypiserver/aws\"\n  \
             asg_instance_type = \"c6a.large\"\n  asg_min_size = 4\n  container_memory = 640\n  \
             task_max_count = {task_max_count}\n  asg_subnets = [\"subnet-a\", \"subnet-b\"]\n  \
             load_balancer_subnets = [\"subnet-c\", \"subnet-d\"]\n  zone_id = \"Z1\"\n  \
             alarm_emails = [\"ops@example.com\"]\n}}\n"
        )
    };
    let codes = |task_max_count: u64| -> Vec<String> {
        let dir = Scratch::new("fewer-larger");
        dir.write("main.tf", &block(task_max_count));
        let (report, _) = check(&[dir.path()]);
        report["modules"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!codes(8).contains(&"fewer_larger_instances".to_string()));
    assert!(codes(16).contains(&"fewer_larger_instances".to_string()));
}
