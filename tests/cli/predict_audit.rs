//! The second audit of `predict` (issue 23): `--max-p95` on a config given
//! by flags shows its verdict in every format; no module found is a verdict
//! (exit 3, with an answer), as in `check`; `--timeout` is bounded and
//! merged; Markdown has the table's CPU-per-package row; `optimize`'s and
//! `recommend`'s burst words agree with what is predicted.

use crate::common;
use crate::exit_codes;

const CONFIG: [&str; 7] = [
    "predict",
    "--instance",
    "c6a.xlarge",
    "--asg-min-size",
    "2",
    "--burst-clients",
    "510",
];

fn with(args: &[&str], more: &[&str]) -> Vec<String> {
    args.iter().chain(more).map(|s| s.to_string()).collect()
}

fn run(args: &[String]) -> (String, i32) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, code) = common::output(&args);
    (String::from_utf8(out).unwrap(), code)
}

fn json(args: &[String], code: i32) -> serde_json::Value {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    common::json_with_code(&args, code)
}

#[test]
fn max_p95_on_flags_shows_its_verdict_in_every_format() {
    let plain = common::json(&CONFIG);
    let high = plain["prediction"]["latency"]["p95_s"]["high"]
        .as_f64()
        .unwrap();
    // Just under the band's upper edge: the gate fails (exit 3).
    let max = format!("{:.2}", high - 0.01);
    let gated = with(&CONFIG, &["--max-p95", &max]);
    let verdict = i32::from(exit_codes::VERDICT);
    for format in ["table", "markdown"] {
        let (text, code) = run(&with(
            &gated.iter().map(String::as_str).collect::<Vec<_>>(),
            &["--format", format],
        ));
        assert_eq!(code, verdict, "{text}");
        let (ungated, _) = run(&with(&CONFIG, &["--format", format]));
        assert_ne!(text, ungated, "{format}: the gate is not shown");
        assert!(
            text.contains(&format!("--max-p95 {max}")),
            "{format}: {text}"
        );
        assert!(text.contains("FAILS"), "{format}: {text}");
        assert!(!ungated.contains("max-p95"), "{format}: {ungated}");
    }
    let v = json(&gated, verdict);
    assert_eq!(v["max_p95_s"].as_f64(), max.parse::<f64>().ok());
    assert_eq!(v["over_max_p95"], true);
    // At the upper edge or above: within, exit 0, and the verdict says so.
    let within = with(&CONFIG, &["--max-p95", "600"]);
    assert_eq!(json(&within, 0)["over_max_p95"], false);
    let (text, code) = run(&within);
    assert_eq!(code, 0);
    assert!(text.contains("--max-p95 600 s: within"), "{text}");
    // Without the gate, the keys are absent: the output is as before.
    assert!(plain.get("max_p95_s").is_none() && plain.get("over_max_p95").is_none());
}

#[test]
fn markdown_has_the_tables_cpu_per_package_row() {
    let v = common::json(&CONFIG);
    let cpu = &v["prediction"]["cpu_per_package_ms"];
    let f = |k: &str| format!("{:.1}", cpu[k].as_f64().unwrap());
    let row = format!(
        "| CPU per package (ms, measuring core) | {} | {} | {} |",
        f("low"),
        f("central"),
        f("high")
    );
    let (text, _) = run(&with(&CONFIG, &["--format", "markdown"]));
    assert!(text.contains(&row), "{row}\n{text}");
}

#[test]
fn no_module_found_is_a_verdict_with_an_answer_as_in_check() {
    let dir = common::fixture("recursive");
    let verdict = i32::from(exit_codes::VERDICT);
    let args = ["predict", "--check", &dir, "--burst-clients", "10"];
    // `check` of the same tree: no module found fails closed.
    let (_, code) = common::output(&["check", &dir]);
    assert_eq!(code, verdict);
    let v = common::json_with_code(&args, verdict);
    assert_eq!(v["modules"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(v["read_from"], "check");
    for format in ["table", "markdown"] {
        let (text, code) = run(&with(&args, &["--format", format]));
        assert_eq!(code, verdict, "{text}");
        assert!(
            text.contains("No pypiserver module block found: nothing to predict."),
            "{format}: {text}"
        );
    }
    let out = common::pypi_size().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: no pypiserver module block found in"),
        "{stderr}"
    );
}

#[test]
fn optimize_names_busiest_share_and_the_min_instances_it_needs() {
    let args = ["optimize", "--burst-clients", "510", "--p95", "30"];
    common::fails(
        &with(&args, &["--busiest-share", "0.4"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        i32::from(exit_codes::USAGE),
        &[
            "error: invalid value 0.4 for --busiest-share",
            "0.4 needs --min-instances 3 or more",
        ],
    );
    let v = common::json(
        &with(
            &args,
            &[
                "--busiest-share",
                "0.4",
                "--min-instances",
                "3",
                "--top",
                "1",
            ],
        )
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    );
    assert_eq!(v["configurations"][0]["asg_min_size"], 3, "{v}");
}

#[test]
fn recommend_burst_says_how_its_requests_become_clients() {
    let text = common::stdout(&["recommend", "--burst", "300"]);
    assert!(text.contains("Decided by burst_requests = 300"), "{text}");
    assert!(
        text.contains(
            "Predicted for burst_requests = 300 taken as 300 clients each starting one pip \
             install (4 HTTP requests) at once"
        ),
        "{text}"
    );
    assert!(!text.contains("a burst of 300 clients"), "{text}");
    let v = common::json(&["recommend", "--burst", "300"]);
    assert_eq!(v["predicted_burst"]["burst"]["clients"], 300);
    let help = common::stdout(&["recommend", "--help"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(help.contains("concurrent pip installs"), "{help}");
    assert!(help.contains("predicted for N clients"), "{help}");
}

#[test]
fn timeouts_are_bounded_and_each_reported_once() {
    let base = [
        "predict",
        "--instance",
        "c6a.xlarge",
        "--burst-clients",
        "10",
    ];
    for bad in ["1e308", "1e-320", "0.05", "3601", "nan", "inf"] {
        common::fails(
            &with(&base, &["--timeout", bad])
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            i32::from(exit_codes::USAGE),
            &["--timeout", "expected seconds from 0.1 to 3600"],
        );
    }
    let args = with(&base, &["--timeout", "15,15.0", "--timeout", "0.1,3600,15"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let v = common::json(&args);
    let shown: Vec<f64> = v["prediction"]["timeouts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["timeout_s"].as_f64().unwrap())
        .collect();
    assert_eq!(shown, [15.0, 0.1, 3600.0]);
    let text = common::stdout(&args);
    assert_eq!(text.matches("past 15 s").count(), 1, "{text}");
    assert!(
        text.contains("past 0.1 s") && text.contains("past 3600 s"),
        "{text}"
    );
}

// The gate on a config by flags, in each format (exit 3: it fails).
snapshot!(
    max_p95_table,
    exit 3,
    "predict",
    "--instance",
    "c6a.xlarge",
    "--asg-min-size",
    "2",
    "--burst-clients",
    "510",
    "--max-p95",
    "17.07"
);
snapshot!(
    max_p95_markdown,
    exit 3,
    "predict",
    "--instance",
    "c6a.xlarge",
    "--asg-min-size",
    "2",
    "--burst-clients",
    "510",
    "--max-p95",
    "17.07",
    "--format",
    "markdown"
);
snapshot!(
    max_p95_json,
    exit 3,
    "predict",
    "--instance",
    "c6a.xlarge",
    "--asg-min-size",
    "2",
    "--burst-clients",
    "510",
    "--max-p95",
    "17.07",
    "--format",
    "json"
);
// No module found: an answer, exit 3.
snapshot!(
    no_module_table,
    exit 3,
    "predict",
    "--check",
    "tests/fixtures/check/recursive",
    "--burst-clients",
    "10"
);
snapshot!(
    no_module_markdown,
    exit 3,
    "predict",
    "--check",
    "tests/fixtures/check/recursive",
    "--burst-clients",
    "10",
    "--format",
    "markdown"
);

#[test]
fn recommend_burst_beyond_what_predict_simulates_names_its_own_flag() {
    let out = common::pypi_size()
        .args(["recommend", "--burst", "62501"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(exit_codes::USAGE.into()),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains("for --burst ") && stderr.contains("250000"),
        "{stderr}"
    );
    assert!(!stderr.contains("--burst-clients"), "{stderr}");
}
