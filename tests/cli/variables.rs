//! Every sizing variable of `module::variables::VARIABLES` is declared in
//! each place a variable must be (docs/development.md, "Add a variable"):
//! the module's interface in profiles.toml, its flag and help, the request's
//! JSON `inputs`, the HCL writer, and `check`'s reading of a block into the
//! same inputs. A variable added to the table but missing in one place fails
//! here, naming the place; a variable this test has no value for fails too.

use crate::common::{Scratch, json, stdout};
use pypi_size::module::variables::VARIABLES;
use serde_json::{Value, json};

/// A value other than the default for each variable, as the flag takes it,
/// as JSON `inputs` reports it (under its key there), and as Terraform
/// writes it. One config, valid as a whole, so every place can size it.
struct Sample {
    flag_value: Option<&'static str>,
    input_key: &'static str,
    input: Value,
    terraform: &'static str,
}

fn sample(name: &str) -> Sample {
    let s = |flag_value, input_key, input, terraform| Sample {
        flag_value,
        input_key,
        input,
        terraform,
    };
    match name {
        "ami_id" => s(
            Some("ami-0123456789abcdef0"),
            "ami_id",
            json!("ami-0123456789abcdef0"),
            "\"ami-0123456789abcdef0\"",
        ),
        "asg_instance_type" => s(
            Some("c6a.xlarge"),
            "asg_instance_type",
            json!("c6a.xlarge"),
            "\"c6a.xlarge\"",
        ),
        "asg_min_size" => s(Some("2"), "asg_min_size", json!(2), "2"),
        "asg_max_size" => s(Some("4"), "asg_max_size", json!(4), "4"),
        // The flag gives the count of subnets, the module a list of them.
        "asg_subnets" => s(
            Some("3"),
            "subnets",
            json!(3),
            "[\"subnet-a\", \"subnet-b\", \"subnet-c\"]",
        ),
        "container_memory" => s(Some("1024"), "container_memory", json!(1024), "1024"),
        "container_memory_reservation" => s(
            Some("700"),
            "container_memory_reservation",
            json!(700),
            "700",
        ),
        "container_cpu" => s(Some("1000"), "container_cpu", json!(1000), "1000"),
        "gunicorn_workers" => s(Some("6"), "gunicorn_workers", json!(6), "6"),
        "task_min_count" => s(Some("6"), "task_min_count", json!(6), "6"),
        "task_max_count" => s(Some("8"), "task_max_count", json!(8), "8"),
        "efs_throughput_mode" => s(
            Some("provisioned"),
            "efs_throughput_mode",
            json!("provisioned"),
            "\"provisioned\"",
        ),
        "efs_provisioned_throughput_in_mibps" => s(
            Some("10"),
            "efs_provisioned_throughput_in_mibps",
            json!(10),
            "10",
        ),
        // No flag: only the bill reads it, from a block.
        "efs_lifecycle_policy" => s(None, "efs_lifecycle_policy", json!(60), "60"),
        other => panic!(
            "tests/cli/variables.rs has no sample value for the new variable {other}: add one, \
             then follow docs/development.md's \"Add a variable\""
        ),
    }
}

/// The flags that set every variable that has one.
fn flags() -> Vec<String> {
    let mut args = vec!["capacity".to_string()];
    for v in VARIABLES {
        if let (Some(flag), Some(value)) = (v.flag, sample(v.name).flag_value) {
            args.extend([flag.to_string(), value.to_string()]);
        }
    }
    args
}

#[test]
fn every_variable_is_in_the_modules_interface() {
    let profiles: toml::Table =
        toml::from_str(include_str!("../../profiles.toml")).expect("profiles.toml");
    let declared: Vec<&str> = profiles["module"]["interface"]["variables"]
        .as_array()
        .expect("[module.interface] variables")
        .iter()
        .filter_map(|v| v["name"].as_str())
        .collect();
    for v in VARIABLES {
        assert!(
            declared.contains(&v.name),
            "{} is not in profiles.toml's [module.interface]",
            v.name
        );
    }
}

#[test]
fn every_flag_is_in_the_help_with_its_text() {
    let help = stdout(&["capacity", "--help"]);
    for v in VARIABLES {
        let Some(flag) = v.flag else { continue };
        assert!(help.contains(flag), "capacity --help lacks {flag}");
        let first_words: String = v
            .what
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&first_words),
            "capacity --help lacks {}'s text {first_words:?}",
            v.name
        );
    }
}

#[test]
fn every_flag_reaches_the_requests_inputs() {
    let args = flags();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let inputs = &json(&args)["inputs"];
    for v in VARIABLES {
        let s = sample(v.name);
        if s.flag_value.is_none() {
            assert!(
                inputs.get(s.input_key).is_some(),
                "inputs lacks {}",
                s.input_key
            );
            continue;
        }
        assert_eq!(inputs[s.input_key], s.input, "inputs.{}", s.input_key);
    }
}

#[test]
fn every_flag_is_written_by_the_hcl_writer() {
    let mut args = flags();
    args.extend(["--format".into(), "hcl".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let hcl = stdout(&args);
    let lines: Vec<String> = hcl
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for v in VARIABLES {
        let s = sample(v.name);
        if v.name == "asg_subnets" {
            // Placeholders to fill in, one per subnet.
            let line = lines.iter().find(|l| l.starts_with("asg_subnets = "));
            let line = line.unwrap_or_else(|| panic!("no asg_subnets line:\n{hcl}"));
            assert_eq!(line.matches("FILL-ME").count(), 3, "{line}");
            continue;
        }
        if s.flag_value.is_none() {
            continue;
        }
        let want = format!("{} = {}", v.name, s.terraform);
        assert!(lines.contains(&want), "no `{want}` in:\n{hcl}");
    }
}

#[test]
fn check_reads_every_variable_into_the_same_inputs() {
    let mut tf = String::from(
        "module \"pypiserver\" {\n  source  = \"infrahouse/pypiserver/aws\"\n  \
         version = \"2.3.0\"\n  load_balancer_subnets = [\"public-a\", \"public-b\"]\n  \
         zone_id = \"Z0123456789\"\n  alarm_emails = [\"ops@example.com\"]\n",
    );
    for v in VARIABLES {
        tf.push_str(&format!("  {} = {}\n", v.name, sample(v.name).terraform));
    }
    tf.push_str("}\n");
    let dir = Scratch::new("every-variable");
    dir.write("main.tf", &tf);
    let checked = json(&["check", dir.path()]);
    let block = &checked["modules"][0];
    assert_eq!(checked["summary"]["errors"], 0, "{checked}");
    for v in VARIABLES {
        let s = sample(v.name);
        assert_eq!(
            block["inputs"][s.input_key], s.input,
            "check read {} as {} from `{}`",
            v.name, block["inputs"][s.input_key], s.terraform
        );
    }
    // And sizes it as the flags do.
    let args = flags();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let sized = json(&args);
    assert_eq!(block["capacity"], sized["capacity"]);
}
