//! The audit's defects in `predict` and `optimize --p95` (issue 23): an
//! exhausted prediction budget is an incomplete search (it fails closed, 3), not "none meets"; the
//! throughput ceiling is bounded by workers and by the instances with tasks;
//! the clients split over the instances sums to the burst.

use crate::common;

#[test]
fn an_exhausted_budget_is_incomplete_not_none_meets() {
    // A budget of 25 predictions of 510 clients (the data's 8,000,000 is
    // about 490, seconds of a debug build): the same verdict, sooner.
    let profiles = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/profiles.toml"))
        .unwrap()
        .replace(
            "optimize_budget_requests = 8000000",
            "optimize_budget_requests = 400000",
        );
    let dir = common::Scratch::new("small-budget");
    let file = dir.write("profiles.toml", &profiles);
    let search = |format: &'static str| {
        [
            "--profiles",
            file.as_str(),
            "optimize",
            "--burst-clients",
            "510",
            "--p95",
            "5",
            "--format",
            format,
        ]
    };
    let (out, code) = common::output(&search("table"));
    let text = String::from_utf8(out).unwrap();
    assert_eq!(code, 3, "{text}");
    assert!(text.contains("Search incomplete:"), "{text}");
    assert!(!text.contains("No configuration meets"), "{text}");
    assert!(!text.contains("raise --p95"), "{text}");
    assert!(
        text.contains("the budget is 400000 simulated requests"),
        "{text}"
    );
    let (out, code) = common::output(&search("json"));
    assert_eq!(code, 3);
    let v = common::one_document(&out);
    assert_eq!(v["search_incomplete"], true);
    assert_eq!(v["latency"]["budget_requests"], 400_000);
    assert_eq!(v["latency"]["predicted"], 25, "{}", v["latency"]);
    assert_eq!(v["relax"].as_array().unwrap().len(), 0);
    assert!(
        v["latency"]["simulated"].as_u64().unwrap() <= v["latency"]["predicted"].as_u64().unwrap()
    );
    // predict finds 2 × c7a.4xlarge under 5 s: the search did not show none can.
    let p = common::json(&[
        "predict",
        "--instance",
        "c7a.4xlarge",
        "--asg-min-size",
        "2",
        "--burst-clients",
        "510",
    ]);
    assert!(
        p["prediction"]["latency"]["p95_s"]["high"]
            .as_f64()
            .unwrap()
            <= 5.0,
        "{p}"
    );
}

fn predict(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["predict", "--instance", "c6a.4xlarge"];
    all.extend_from_slice(args);
    common::json(&all)
}

#[test]
fn the_ceiling_is_bounded_by_workers_and_instances_with_tasks() {
    let v = predict(&[
        "--asg-min-size",
        "2",
        "--task-min-count",
        "2",
        "--burst-clients",
        "510",
    ]);
    let workers = v["config"]["gunicorn_workers"].as_f64().unwrap() * 2.0;
    let ceiling = v["prediction"]["throughput_ceiling_installs_per_s"]["central"]
        .as_f64()
        .unwrap();
    let cpu = v["prediction"]["cpu_per_package_ms"]["central"]
        .as_f64()
        .unwrap();
    let speed = v["config"]["vcpu_speed"].as_f64().unwrap();
    // Each worker runs on one vCPU at most.
    assert!(
        (ceiling - workers * speed * 1000.0 / cpu).abs() < 1e-6,
        "{ceiling}"
    );
    assert!(ceiling < 60.0, "{ceiling}");
    let one = predict(&[
        "--asg-min-size",
        "2",
        "--task-min-count",
        "1",
        "--burst-clients",
        "510",
    ]);
    assert_eq!(one["config"]["instances_with_tasks"], 1);
    assert_eq!(one["burst"]["clients_on_busiest"], 510);
    assert_eq!(one["burst"]["busiest_share"], 1.0);
    let c1 = one["prediction"]["throughput_ceiling_installs_per_s"]["central"]
        .as_f64()
        .unwrap();
    assert!((c1 * 2.0 - ceiling).abs() < 1e-6, "{c1} {ceiling}");
}

#[test]
fn the_clients_sum_to_the_burst_and_the_busiest_gets_some() {
    let v = predict(&[
        "--asg-min-size",
        "4",
        "--task-min-count",
        "4",
        "--burst-clients",
        "10",
        "--busiest-share",
        "0.25",
    ]);
    let b = &v["burst"];
    let sum = b["clients_on_busiest"].as_u64().unwrap()
        + 3 * b["clients_on_each_other"].as_u64().unwrap()
        + b["others_with_one_more"].as_u64().unwrap();
    assert_eq!(sum, 10, "{b}");
    // 10 on 4: the busiest takes 3 (an even spread, rounded up), the others
    // 2, one of them 3.
    assert_eq!(b["clients_on_busiest"], 3, "{b}");
    assert_eq!(b["clients_on_each_other"], 2, "{b}");
    assert_eq!(b["others_with_one_more"], 1, "{b}");
    let one = predict(&[
        "--asg-min-size",
        "4",
        "--task-min-count",
        "4",
        "--burst-clients",
        "1",
        "--busiest-share",
        "0.25",
    ]);
    assert_eq!(one["burst"]["clients_on_busiest"], 1);
}

#[test]
fn inputs_outside_the_measurement_are_refused_or_flagged() {
    let max = u64::MAX.to_string();
    let base = [
        "predict",
        "--instance",
        "c6a.xlarge",
        "--burst-clients",
        "10",
    ];
    fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
        [base, extra].concat()
    }
    common::fails(
        &with(&base, &["--packages", &max]),
        2,
        &["--packages", "from 1 to 1000000"],
    );
    common::fails(&with(&base, &["--packages", "0"]), 2, &["--packages"]);
    common::fails(
        &with(&base, &["--packages-per-client", &max]),
        2,
        &["--packages-per-client", "250000 requests"],
    );
    let (out, code) = common::output(&with(
        &base,
        &["--asg-min-size", "2", "--busiest-share", "1e-300"],
    ));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    common::fails(
        &with(&base, &["--asg-min-size", "2", "--busiest-share", "1e-300"]),
        2,
        &["invalid value 1e-300 for --busiest-share"],
    );
    let v = common::json(&with(&base, &["--packages", "5000"]));
    let codes = v["findings"].to_string();
    assert!(codes.contains("packages_extrapolated"), "{codes}");
    let v = common::json(&with(&base, &["--packages", "1002"]));
    assert!(!v["findings"].to_string().contains("packages_extrapolated"));
}

#[test]
fn recommend_burst_gives_predicts_findings_and_the_profiles_target() {
    let v = common::json(&[
        "recommend",
        "--packages",
        "100",
        "--users",
        "20",
        "--burst",
        "3000",
    ]);
    let findings = v["predicted_burst"]["findings"].to_string();
    assert!(findings.contains("timeouts_expected"), "{findings}");
    assert!(findings.contains("p95_above_profile_target"), "{findings}");
    let v = common::json(&[
        "recommend",
        "--packages",
        "100",
        "--users",
        "20",
        "--burst",
        "510",
    ]);
    let findings = v["predicted_burst"]["findings"].to_string();
    assert!(!findings.contains("p95_above_profile_target"), "{findings}");
    // No burst: nothing to predict, as documented.
    let v = common::json(&[
        "recommend",
        "--packages",
        "100",
        "--users",
        "20",
        "--burst",
        "0",
    ]);
    assert!(v["predicted_burst"].is_null(), "{}", v["predicted_burst"]);
}

#[test]
fn one_instance_with_a_share_says_the_share_becomes_one() {
    let v = predict(&[
        "--asg-min-size",
        "1",
        "--burst-clients",
        "10",
        "--busiest-share",
        "0.6",
    ]);
    assert_eq!(v["burst"]["busiest_share"], 1.0);
    let source = v["burst"]["busiest_share_source"].as_str().unwrap();
    assert!(
        source.contains("--busiest-share 0.6 does not apply"),
        "{source}"
    );
    assert!(source.contains("share 1.0"), "{source}");
}
