//! The planning commands propose only what runs: what ECS places, what the
//! apply accepts, what the catalog calls burstable, found as regressions.

use super::*;

#[test]
fn explain_counts_what_ecs_runs() {
    // A pinned task_min_count: more per instance is room, not tasks.
    let v = json(
        &[
            "explain",
            "--instance",
            "c6a.xlarge",
            "--asg-min-size",
            "2",
            "--task-min-count",
            "4",
        ],
        0,
    );
    assert!(
        v["notes"][0]
            .as_str()
            .unwrap()
            .contains("task_min_count = 4")
    );
    // Fewer workers per task would run 4 tasks of 3 workers, 12 instead of
    // 16: not proposed; a larger type keeps the 16.
    let changes = v["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    for c in changes {
        assert!(c["total_workers"].as_u64().unwrap() >= 16, "{c}");
    }
    // A container that does not fit: the module counts 1, ECS runs none
    // (an error finding: a verdict, 3).
    let v = json(
        &[
            "explain",
            "--instance",
            "t3.micro",
            "--container-memory",
            "2048",
        ],
        3,
    );
    assert_eq!(v["capacity"]["tasks_per_instance"], 1);
    assert_eq!(v["runnable_tasks_per_instance"], 0);
    // A given container_cpu is the lever: 992 units fit 4 tasks in 3968.
    let v = json(
        &[
            "explain",
            "--instance",
            "c6a.xlarge",
            "--container-cpu",
            "1000",
        ],
        0,
    );
    let cpu = &v["changes"][0];
    assert_eq!(
        (cpu["variable"].as_str(), cpu["to"].as_u64()),
        (Some("container_cpu"), Some(992))
    );
    // The warnings capacity gives are there too.
    let v = json(
        &["explain", "--instance", "t3.small", "--ci-builds", "80"],
        0,
    );
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"burstable_continuous_ci"), "{codes:?}");
}

#[test]
fn optimize_names_min_instances_as_a_relaxation() {
    let v = json(
        &[
            "optimize",
            "--min-workers",
            "4",
            "--min-instances",
            "6",
            "--max-monthly-cost",
            // Above the bill of one instance (the stack's fixed lines are
            // about $47), below that of six.
            "80",
            "--burstable",
        ],
        3,
    );
    let relax: Vec<&str> = v["relax"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["requirement"].as_str().unwrap())
        .collect();
    assert!(relax.contains(&"--min-instances"), "{relax:?}");
    // pypi-size's own inputs are not called the module's.
    usage_error(
        &["optimize", "--min-workers", "0"],
        "--min-workers: it accepts",
    );
}

#[test]
fn recommend_at_the_guides_top_end() {
    let v = json(&["recommend", "--burst", "1000"], 0);
    assert_eq!(v["profile"]["name"], "very-heavy");
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["code"] != "beyond_guide")
    );
    let v = json(&["recommend", "--packages", "5000"], 0);
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    // Very heavy is "500+" packages, so 5000 is covered, with the FAQ's caution.
    assert_eq!(v["profile"]["name"], "very-heavy");
    assert!(codes.contains(&"packages_beyond_tested"), "{codes:?}");
    assert!(!codes.contains(&"beyond_guide"), "{codes:?}");
}

#[test]
fn compare_counts_what_runs_under_a_pinned_task_min_count() {
    // A soft limit above the hard one: ECS rejects the task definition.
    usage_error(
        &[
            "compare",
            "--instance",
            "c6a.large",
            "--container-memory-reservation",
            "1024",
        ],
        "terraform apply",
    );
    let v = json(
        &[
            "compare",
            "--instance",
            "c6a.xlarge",
            "--asg-min-size",
            "2",
            "--task-min-count",
            "1",
        ],
        0,
    );
    assert_eq!(v["rows"][0]["total_workers"], 4);
}

#[test]
fn advise_scales_out_when_min_equals_max() {
    let v = json(
        &[
            "advise",
            "--instance",
            "c6a.xlarge",
            "--asg-min-size",
            "2",
            "--asg-max-size",
            "2",
            "--tasks-at-max",
        ],
        0,
    );
    let p = &v["actions"][0]["proposed"]["inputs"];
    assert_eq!(
        (p["asg_min_size"].as_u64(), p["asg_max_size"].as_u64()),
        (Some(3), Some(6))
    );
}

#[test]
fn advise_blames_only_what_the_user_gave() {
    // The user's reservation is above their container_memory: the error is
    // theirs, with their value, never one the tool made up (32000).
    let out = pypi_size()
        .args([
            "advise",
            "--instance",
            "c6a.xlarge",
            "--container-memory",
            "1024",
        ])
        .args([
            "--container-memory-reservation",
            "16000",
            "--memory-utilization",
            "95",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("16000") && !stderr.contains("32000"),
        "{stderr}"
    );
    // A valid config with a given reservation: the proposal keeps its share.
    let v = json(
        &[
            "advise",
            "--instance",
            "c6a.xlarge",
            "--container-memory",
            "1024",
            "--container-memory-reservation",
            "700",
            "--memory-utilization",
            "95",
        ],
        0,
    );
    let p = &v["actions"][0]["proposed"]["inputs"];
    assert_eq!(p["container_memory"], 2048);
    assert_eq!(p["container_memory_reservation"], 1400);
}

#[test]
fn advise_names_the_configs_own_error_first() {
    // 3 subnets and asg_max_size 2: the group's minimum is above its maximum,
    // which AWS rejects; that is the answer, not "no instance type runs it".
    let out = pypi_size()
        .args(["advise", "--instance", "c6a.large", "--subnets", "3"])
        .args(["--asg-max-size", "2", "--cpu-utilization", "90"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--asg-max-size") && stderr.contains("3 subnets"),
        "{stderr}"
    );
}

#[test]
fn optimize_follows_the_guide_on_burstable_types() {
    let burstable = |args: &[&str]| -> Vec<bool> {
        let mut all = vec!["optimize", "--min-workers", "48"];
        all.extend(args);
        let v = common::json(&all);
        v["configurations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["instance"]["burstable"].as_bool().unwrap())
            .collect()
    };
    // Unknown or continuous CI load: none, as the guide advises.
    assert!(burstable(&[]).iter().all(|b| !b));
    assert!(burstable(&["--ci-builds", "50"]).iter().all(|b| !b));
    // Asked for, or CI load known to be light: the cheapest are burstable.
    assert!(burstable(&["--burstable"])[0]);
    assert!(burstable(&["--ci-builds", "10"])[0]);
    assert!(
        burstable(&["--ci-builds", "10", "--no-burstable"])
            .iter()
            .all(|b| !b)
    );
    let text = common::stdout(&["optimize", "--min-workers", "48"]);
    assert!(text.contains("--burstable includes them"), "{text}");
}

/// What `explain` proposes, as (variable, to) pairs.
fn proposed_changes(v: &Value) -> Vec<(String, Value)> {
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["variable"].as_str().unwrap().to_string(), c["to"].clone()))
        .collect()
}

/// Each of 384 MB, 3 workers and c6a.2xlarge would raise task_min_count
/// past task_max_count 13, which AWS refuses at apply: none is proposed,
/// each is noted with why; and what it would propose, given as flags,
/// `capacity` sizes.
#[test]
fn explain_proposes_only_what_the_apply_accepts() {
    let args = ["explain", "--instance", "c6a.xlarge", "--task-max-count"];
    let v = json(&[&args[..], &["13"]].concat(), 0);
    assert_eq!(proposed_changes(&v), []);
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    for change in ["container_memory 384", "gunicorn_workers 3", "c6a.2xlarge"] {
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with(change) && n.contains("terraform apply")),
            "{change}: {notes:?}"
        );
    }
    let v = json(&[&args[..], &["16"]].concat(), 0);
    let changes = proposed_changes(&v);
    assert_eq!(changes.len(), 2, "{changes:?}");
    for (variable, to) in changes {
        let flag = format!("--{}", variable.replace('_', "-"));
        let to = to.to_string();
        let out = pypi_size()
            .args([
                "capacity",
                "--instance",
                "c6a.xlarge",
                "--task-max-count",
                "16",
            ])
            .args([flag.as_str(), to.as_str()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{flag} {to}");
    }
}

/// c6a.metal has c6a.48xlarge's vCPUs, memory and price: not a size up.
#[test]
fn explain_the_next_size_up_is_strictly_larger() {
    let v = json(&["explain", "--instance", "c6a.48xlarge"], 0);
    assert!(
        proposed_changes(&v)
            .iter()
            .all(|(variable, _)| variable != "asg_instance_type"),
        "{}",
        v["changes"]
    );
}

/// With gunicorn_workers set, memory sets only the reservation: 493 MB is
/// the largest that adds a task (floor(7392 / 369) = 20).
#[test]
fn explain_searches_memory_by_the_megabyte_when_workers_are_set() {
    let v = json(
        &[
            "explain",
            "--instance",
            "c6a.xlarge",
            "--gunicorn-workers",
            "1",
        ],
        0,
    );
    assert_eq!(
        proposed_changes(&v)[0],
        ("container_memory".into(), 493.into())
    );
}

/// t1.micro publishes no CPU baseline but is burstable. Its real 627 MiB
/// gives a root volume of 31.22 GB, which `terraform plan` refuses, so the
/// rule is tried on a catalog where it has 1024 MiB.
#[test]
fn burstable_is_the_catalogs_word_not_a_published_baseline() {
    common::fails(
        &["capacity", "--instance", "t1.micro"],
        2,
        &["--instance", "31.224609375", "whole number"],
    );
    let scratch = common::Scratch::new("t1-micro");
    let embedded =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog.toml")).unwrap();
    let real = "\"t1.micro\" = { vcpus = 1, memory_mib = 627,";
    assert!(
        embedded.contains(real),
        "catalog.toml's t1.micro line moved"
    );
    let catalog = scratch.write(
        "catalog.toml",
        &embedded.replace(real, "\"t1.micro\" = { vcpus = 1, memory_mib = 1024,"),
    );
    let with = |args: &[&str]| -> Vec<String> {
        [&["--catalog", catalog.as_str()], args]
            .concat()
            .iter()
            .map(|a| a.to_string())
            .collect()
    };
    let args = with(&["capacity", "--instance", "t1.micro", "--ci-builds", "80"]);
    // 1024 MiB leaves a task no room: an error finding, so a verdict (3).
    let v = json(&args.iter().map(String::as_str).collect::<Vec<_>>(), 3);
    let codes: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"burstable_continuous_ci"), "{codes:?}");
    let args = with(&[
        "advise",
        "--instance",
        "t1.micro",
        "--container-memory",
        "128",
        "--cpu-utilization",
        "90",
    ]);
    let v = json(&args.iter().map(String::as_str).collect::<Vec<_>>(), 0);
    let p = &v["actions"][0]["proposed"]["instance"];
    assert_eq!(p["burstable"], false);
    // Not a type whose root volume the plan refuses (m1.small, 1740 MiB).
    assert_ne!(p["asg_instance_type"], "m1.small");
}

/// x1e.32xlarge runs 105 tasks of 30720 MB per instance; a scale-up runs
/// no fewer (c6a.48xlarge runs 17).
#[test]
fn advise_scaling_up_runs_no_fewer_tasks() {
    let v = json(
        &[
            "advise",
            "--instance",
            "x1e.32xlarge",
            "--container-memory",
            "30720",
            "--cpu-utilization",
            "90",
        ],
        0,
    );
    assert_eq!(v["current"]["capacity"]["tasks_per_instance"], 105);
    let p = &v["actions"][0]["proposed"];
    assert_ne!(p["instance"]["asg_instance_type"], "c6a.48xlarge");
    assert!(
        p["capacity"]["tasks_per_instance"].as_u64().unwrap() >= 105,
        "{p}"
    );
}
