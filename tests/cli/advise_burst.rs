//! `advise` with a burst: `--load burst --burst-clients N` typed in, or the
//! largest burst `--metrics` shows (its RequestCount / 4 as clients),
//! predicted on the current config and each proposal, with the guide's
//! burst P95 target.

use crate::common;

use crate::common::metrics::{self as m, Printing};
use crate::common::{Scratch, fails, json_with_code, output};
use serde_json::Value;

const DAYS: i64 = 14;

/// Weekday mornings saturated (so proposals exist), and a 20-minute burst
/// of `peak` requests a period at 14:00 every day.
fn bursty_file(name: &str, peak: f64) -> (Scratch, String) {
    let shape = move |id: &str, t: i64| {
        let minute = (t - m::MONDAY).rem_euclid(86_400) / 60;
        let in_burst = (840..860).contains(&minute);
        match id {
            "cpu_utilization" if in_burst => Some(95.0),
            "request_count" if in_burst => Some(peak),
            _ => m::weekday_mornings(id, t),
        }
    };
    let doc = m::results(&m::query_file(&[]), DAYS, &shape, Printing::default());
    let dir = Scratch::new(name);
    let path = dir.write("m.json", &doc.to_string());
    (dir, path)
}

fn p95(r: &Value) -> &Value {
    &r["predicted_burst"]["prediction"]["latency"]["p95_s"]
}

#[test]
fn typed_burst_is_predicted_on_the_current_config() {
    let args = [
        "advise",
        "--instance",
        "t3.small",
        "--cpu-utilization",
        "95",
        "--load",
        "burst",
        "--burst-clients",
        "300",
    ];
    let v = json_with_code(&args, 0);
    assert_eq!(v["burst"]["source"], "flags");
    assert_eq!(v["burst"]["clients"], 300);
    assert_eq!(v["burst"]["target_p95_s"], 20.0);
    // The same as `predict` on the same config.
    let p = json_with_code(
        &[
            "predict",
            "--instance",
            "t3.small",
            "--burst-clients",
            "300",
        ],
        0,
    );
    assert_eq!(*p95(&v["current"]), p["prediction"]["latency"]["p95_s"]);
    let over = p95(&v["current"])["high"].as_f64().unwrap() > 20.0;
    assert_eq!(v["burst"]["current_over_target"], over);
    let said = v["observations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["code"] == "predicted_burst_over_target");
    assert_eq!(said, over);
    // A bigger instance: within the target, nothing said.
    let v = json_with_code(
        &[
            "advise",
            "--instance",
            "c6a.2xlarge",
            "--cpu-utilization",
            "95",
            "--load",
            "burst",
            "--burst-clients",
            "100",
        ],
        0,
    );
    assert_eq!(v["burst"]["current_over_target"], false);
    assert!(
        !v["observations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["code"] == "predicted_burst_over_target")
    );
}

#[test]
fn burst_flags_need_a_burst() {
    fails(
        &[
            "advise",
            "--instance",
            "t3.small",
            "--cpu-utilization",
            "95",
            "--burst-clients",
            "300",
        ],
        2,
        &["--burst-clients", "--load burst"],
    );
}

#[test]
fn metrics_bursts_become_clients_and_every_proposal_is_predicted() {
    for (peak, clients) in [(15_000.0, 3750), (9_001.0, 2251)] {
        let (_d, path) = bursty_file(&format!("advise-burst-{clients}"), peak);
        let (out, code) = output(&[
            "advise",
            "--profile",
            "heavy",
            "--metrics",
            &path,
            "--format",
            "json",
        ]);
        assert_eq!(code, 0);
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["measured"]["largest_burst"]["request_count"], peak);
        let b = &v["burst"];
        assert_eq!(b["source"], "metrics");
        assert_eq!(b["clients"], clients, "ceil({peak} / 4)");
        assert!(
            b["assumption"]
                .as_str()
                .unwrap()
                .contains("4 HTTP requests")
        );
        let current = p95(&v["current"])["central"].as_f64().unwrap();
        let proposals: Vec<&Value> = v["actions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a["proposed"].as_object().map(|_| &a["proposed"]))
            .collect();
        assert!(!proposals.is_empty());
        for p in proposals {
            let proposed = p95(p)["central"].as_f64().unwrap();
            // Scaling out or up never predicts a slower burst.
            assert!(proposed <= current + 1e-9, "{proposed} > {current}");
        }
    }
    // --burst-clients replaces the derived burst.
    let (_d, path) = bursty_file("advise-burst-override", 15_000.0);
    let v = json_with_code(
        &[
            "advise",
            "--profile",
            "heavy",
            "--metrics",
            &path,
            "--burst-clients",
            "50",
        ],
        0,
    );
    assert_eq!(v["burst"]["source"], "flags");
    assert_eq!(v["burst"]["clients"], 50);
}

#[test]
fn without_bursts_nothing_is_predicted() {
    let doc = m::results(&m::query_file(&[]), DAYS, &m::quiet, Printing::default());
    let dir = Scratch::new("advise-burst-none");
    let path = dir.write("m.json", &doc.to_string());
    let v = json_with_code(&["advise", "--profile", "heavy", "--metrics", &path], 0);
    assert!(v.get("burst").is_none());
    assert!(v["current"].get("predicted_burst").is_none());
}

#[test]
fn schema_and_snapshots() {
    let schema: Value = serde_json::from_str(&common::stdout(&["schema", "advise"])).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (_d, path) = bursty_file("advise-burst-snap", 15_000.0);
    for format in ["table", "json", "markdown"] {
        let (out, code) = output(&[
            "advise",
            "--profile",
            "heavy",
            "--metrics",
            &path,
            "--format",
            format,
        ]);
        assert_eq!(code, 0);
        let text = String::from_utf8(out).unwrap().replace(&path, "M.JSON");
        if format == "json" {
            let v: Value = serde_json::from_str(&text).unwrap();
            let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{errors:?}");
        }
        insta::with_settings!({
            snapshot_suffix => format,
            omit_expression => true,
            snapshot_path => crate::common::SNAPSHOTS,
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(
                crate::common::snapshot_name(module_path!(), "advise_metrics_burst"),
                text
            );
        });
    }
}
