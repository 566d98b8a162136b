//! compare, optimize, explain and advise from the command line: answers,
//! the no-solution case and conflicting flags.

use crate::common;

use crate::common::json_with_code as json;
use crate::common::pypi_size;
use serde_json::Value;

mod what_runs;

/// A usage error (exit 2, empty stdout) whose message says `words`.
fn usage_error(args: &[&str], words: &str) {
    common::fails(args, 2, &[words]);
}

fn types(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let r = if r["instance"].is_object() {
                &r["instance"]
            } else {
                r
            };
            r["asg_instance_type"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn compare_named_types_family_and_all() {
    let v = json(
        &[
            "compare",
            "--instance",
            "c6a.xlarge,t3.small",
            "--asg-min-size",
            "2",
        ],
        0,
    );
    assert_eq!(types(&v, "rows"), ["t3.small", "c6a.xlarge"]);
    let xl = &v["rows"][1];
    assert_eq!(xl["tasks_per_instance"], 6);
    assert_eq!(xl["stranded_cpu_units"], 128);
    assert_eq!(xl["cost_per_worker"], 5.79);

    let v = json(&["compare", "--family", "c6a", "--sort", "workers"], 0);
    assert_eq!(
        types(&v, "rows")[7..],
        ["c6a.4xlarge", "c6a.2xlarge", "c6a.xlarge", "c6a.large"]
    );
    let v = json(&["compare", "--all", "--sort", "cost-per-worker"], 0);
    let cpw: Vec<Option<f64>> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["cost_per_worker"].as_f64())
        .collect();
    assert!(cpw.len() >= 30);
    // Types where no task runs (t3.nano: 512 MiB is below the overheads)
    // have no cost per worker, and come last.
    let priced: Vec<f64> = cpw.iter().map_while(|c| *c).collect();
    assert!(priced.windows(2).all(|w| w[0] <= w[1]));
    assert!(cpw[priced.len()..].iter().all(Option::is_none));
    let unpriced: Vec<&str> = v["rows"].as_array().unwrap()[priced.len()..]
        .iter()
        .map(|r| r["instance"]["asg_instance_type"].as_str().unwrap())
        .collect();
    assert!(unpriced.contains(&"t3.nano"), "{unpriced:?}");
}

#[test]
fn compare_shows_containers_that_do_not_fit() {
    let v = json(
        &[
            "compare",
            "--instance",
            "t3.micro",
            "--container-memory",
            "2048",
        ],
        0,
    );
    let row = &v["rows"][0];
    assert_eq!(row["fits"], false);
    assert_eq!(row["tasks_per_instance"], 1, "the module's clamp");
    assert_eq!(row["runnable_tasks_per_instance"], 0);
    assert_eq!(row["total_workers"], 0);
    assert_eq!(row["cost_per_worker"], Value::Null);
    assert_eq!(row["warnings"][0]["code"], "container_does_not_fit_ram");
    assert_eq!(row["warnings"][0]["severity"], "error");

    // No soft limit at all: the ECS module under pypiserver refuses it.
    usage_error(
        &[
            "compare",
            "--instance",
            "t3.small",
            "--container-memory-reservation",
            "0",
        ],
        "terraform plan",
    );
}

#[test]
fn compare_flag_errors() {
    usage_error(&["compare"], "--instance");
    usage_error(
        &["compare", "--all", "--family", "c6a"],
        "cannot be used with",
    );
    usage_error(&["compare", "--family", "z9"], "--family");
    usage_error(&["compare", "--instance", "c6a.xlarg"], "`c6a.xlarge`");
    usage_error(
        &["compare", "--all", "--container-memory", "64"],
        "--container-memory",
    );
    usage_error(&["compare", "--all", "--sort", "price"], "--sort");
}

#[test]
fn optimize_finds_the_cheapest() {
    let v = json(
        &[
            "optimize",
            "--min-workers",
            "48",
            "--no-burstable",
            "--top",
            "3",
        ],
        0,
    );
    let configs = v["configurations"].as_array().unwrap();
    assert_eq!(configs.len(), 3);
    for c in configs {
        assert!(c["total_workers"].as_u64().unwrap() >= 48);
        assert_eq!(c["instance"]["burstable"], false);
        assert!(c["asg_min_size"].as_u64().unwrap() >= 2);
    }
    let costs: Vec<f64> = configs
        .iter()
        .map(|c| c["monthly_cost"].as_f64().unwrap())
        .collect();
    assert!(costs.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(configs[0]["rank"], 1);
    assert!(!configs[0]["beats_next"].as_str().unwrap().is_empty());
    assert!(v["searched"].as_u64().unwrap() > 1000);
}

#[test]
fn optimize_with_every_requirement() {
    let v = json(
        &[
            "optimize",
            "--min-workers",
            "40",
            "--min-tasks",
            "12",
            "--arch",
            "arm64",
            "--ami-id",
            "ami-0123456789abcdef0",
            "--family",
            "c6g,c7g",
            "--max-monthly-cost",
            "400",
            "--min-instances",
            "3",
            "--max-instances",
            "4",
            "--container-memory",
            "512,1024",
        ],
        0,
    );
    for c in v["configurations"].as_array().unwrap() {
        let family = c["instance"]["asg_instance_type"]
            .as_str()
            .unwrap()
            .split('.')
            .next()
            .unwrap()
            .to_string();
        assert!(family == "c6g" || family == "c7g");
        assert!(c["task_min_count"].as_u64().unwrap() >= 12);
        assert!(c["monthly_cost"].as_f64().unwrap() <= 400.0);
        let k = c["asg_min_size"].as_u64().unwrap();
        assert!((3..=4).contains(&k));
        assert!([512, 1024].contains(&c["container_memory"].as_u64().unwrap()));
    }
}

#[test]
fn optimize_says_what_to_relax_when_nothing_fits() {
    let v = json(
        &[
            "optimize",
            "--min-workers",
            "500",
            "--max-monthly-cost",
            "300",
        ],
        3,
    );
    assert_eq!(v["configurations"].as_array().unwrap().len(), 0);
    let relax: Vec<&str> = v["relax"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["requirement"].as_str().unwrap())
        .collect();
    assert!(relax.contains(&"--max-monthly-cost"), "{relax:?}");
    let out = pypi_size()
        .args([
            "optimize",
            "--min-workers",
            "500",
            "--max-monthly-cost",
            "300",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("No configuration meets the requirements"));
    assert!(text.contains("raise --max-monthly-cost from 300.00 to"));
}

#[test]
fn optimize_flag_errors() {
    usage_error(&["optimize"], "--min-workers");
    usage_error(&["optimize", "--min-workers", "0"], "--min-workers");
    usage_error(
        &[
            "optimize",
            "--min-workers",
            "8",
            "--min-instances",
            "5",
            "--max-instances",
            "3",
        ],
        "--min-instances, --max-instances",
    );
    usage_error(
        &["optimize", "--min-workers", "8", "--container-memory", "64"],
        "--container-memory",
    );
    usage_error(
        &[
            "optimize",
            "--min-workers",
            "8",
            "--max-instances",
            "99999999",
        ],
        "--max-instances",
    );
    usage_error(&["optimize", "--min-workers", "8", "--top", "0"], "--top");
}

#[test]
fn explain_the_worked_example() {
    let v = json(
        &["explain", "--instance", "c6a.xlarge", "--asg-min-size", "2"],
        0,
    );
    let values: Vec<i64> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["value"].as_i64().unwrap())
        .collect();
    assert_eq!(values, [4, 640, 384, 7392, 3968, 19, 6, 6, 2, 12, 24, 4]);
    assert_eq!(v["binding"]["constraint"], "cpu");
    assert_eq!(v["binding"]["cpu_short_units"], 512);
    let changes: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["variable"].as_str().unwrap())
        .collect();
    assert_eq!(
        changes,
        ["container_memory", "gunicorn_workers", "asg_instance_type"]
    );
}

#[test]
fn explain_a_profile_and_a_zero_reservation() {
    let v = json(&["explain", "--profile", "very-heavy"], 0);
    assert_eq!(v["capacity"]["gunicorn_workers"], 8);
    usage_error(
        &[
            "explain",
            "--instance",
            "t3.small",
            "--container-memory-reservation",
            "0",
        ],
        "terraform plan",
    );
    // The profile is the base config; a flag overrides it.
    let v = json(
        &[
            "explain",
            "--profile",
            "heavy",
            "--container-memory",
            "1024",
        ],
        0,
    );
    assert_eq!(v["inputs"]["asg_instance_type"], "c6a.xlarge");
    assert_eq!(v["inputs"]["container_memory"], 1024);
    usage_error(&["explain", "--profile", "hevy"], "`heavy`");
}

#[test]
fn advise_turns_metrics_into_actions() {
    let v = json(
        &[
            "advise",
            "--profile",
            "heavy",
            "--cpu-utilization",
            "85",
            "--memory-utilization",
            "93",
        ],
        0,
    );
    let actions: Vec<&str> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["scale_up_instance_type", "raise_container_memory"]
    );
    let up = &v["actions"][0];
    assert_eq!(up["proposed"]["inputs"]["asg_instance_type"], "c6a.2xlarge");
    // EC2 and two root volumes 16 GB larger.
    assert_eq!(up["cost_difference"]["at_asg_min_size"], 225.94);
    let mem = &v["actions"][1];
    assert_eq!(mem["proposed"]["inputs"]["container_memory"], 1024);
}

#[test]
fn advise_burst_latency_and_flag_errors() {
    let v = json(
        &[
            "advise",
            "--instance",
            "c6a.xlarge",
            "--asg-min-size",
            "2",
            "--p95-latency",
            "14",
            "--load",
            "burst",
        ],
        0,
    );
    assert_eq!(v["actions"].as_array().unwrap().len(), 0);
    let seen = &v["observations"][0];
    assert!(seen["message"].as_str().unwrap().contains("expects"));
    assert_eq!(seen["code"], "burst_not_sustained");
    assert_eq!(seen["severity"], "info");
    usage_error(&["advise", "--profile", "heavy"], "--cpu-utilization");
    usage_error(
        &["advise", "--profile", "heavy", "--cpu-utilization", "150"],
        "--cpu-utilization",
    );
    let v = json(
        &[
            "advise",
            "--profile",
            "heavy",
            "--instance",
            "c6a.2xlarge",
            "--tasks-at-max",
        ],
        0,
    );
    assert_eq!(v["current"]["inputs"]["asg_instance_type"], "c6a.2xlarge");
    assert_eq!(v["current"]["inputs"]["asg_min_size"], 2, "the profile's");
}

#[test]
fn advise_proposes_only_what_runs() {
    // Down from t3.small the container no longer fits: nothing to propose.
    let v = json(
        &[
            "advise",
            "--profile",
            "light",
            "--cpu-utilization",
            "30",
            "--memory-utilization",
            "20",
        ],
        0,
    );
    let down = &v["actions"][0];
    assert_eq!(down["action"], "scale_down_instance_type");
    assert_eq!(down["proposed"], Value::Null);
    assert!(down["note"].as_str().unwrap().contains("no smaller t3"));
    // The downgrade test needs memory too.
    let v = json(
        &["advise", "--profile", "light", "--cpu-utilization", "30"],
        0,
    );
    assert_eq!(v["actions"].as_array().unwrap().len(), 0);
    // More memory that would not fit is not proposed.
    let v = json(
        &[
            "advise",
            "--instance",
            "t3.micro",
            "--container-memory",
            "256",
            "--memory-utilization",
            "95",
        ],
        0,
    );
    assert_eq!(v["actions"][0]["proposed"], Value::Null);
}

#[test]
fn advise_scales_out_to_a_maximum_that_places_every_task() {
    let v = json(&["advise", "--profile", "heavy", "--tasks-at-max"], 0);
    let p = &v["actions"][0]["proposed"];
    assert_eq!(p["inputs"]["asg_min_size"], 3);
    assert_eq!(p["capacity"]["task_max_count"], 36);
    assert_eq!(p["inputs"]["asg_max_size"], 6, "36 tasks at 6 per instance");
    assert!(p["warnings"].as_array().unwrap().is_empty());
    // A given task_max_count is the cap: it rises by an instance's tasks.
    let v = json(
        &[
            "advise",
            "--instance",
            "c6a.xlarge",
            "--asg-min-size",
            "2",
            "--asg-max-size",
            "4",
            "--task-max-count",
            "12",
            "--tasks-at-max",
        ],
        0,
    );
    assert_eq!(v["actions"][0]["proposed"]["inputs"]["task_max_count"], 18);
    // More instances than the ECS module accepts: an error naming the flag.
    let out = pypi_size()
        .args(["advise", "--instance", "c6a.xlarge", "--tasks-at-max"])
        .args([
            "--asg-min-size",
            "18446744073709551615",
            "--task-min-count",
            "1",
        ])
        .args(["--task-max-count", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--asg-min-size"));
}

#[test]
fn advise_scales_up_beyond_the_family_when_it_must() {
    let v = json(
        &[
            "advise",
            "--instance",
            "c6i.2xlarge",
            "--cpu-utilization",
            "95",
        ],
        0,
    );
    let p = &v["actions"][0]["proposed"];
    assert!(p["instance"]["vcpus"].as_u64().unwrap() > 8, "{p}");
}
