//! The Terraform round trip: `--format hcl|tfvars|tfvars-json` parse back to
//! the same values in canonical style, and `check` reads fixture trees as
//! Terraform would, reports each finding with its line, and gates CI.
//! Here: reading variables, findings and files as Terraform does, and which
//! roots; the emitting side (`formats`), the corpus verified against
//! Terraform (`corpus`) and hostile trees (`hostile`) are child modules.

use crate::common::{FIXTURES, Scratch, fixture, pypi_size, stdout};
use serde_json::Value;

mod corpus;
mod formats;
mod hostile;

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
