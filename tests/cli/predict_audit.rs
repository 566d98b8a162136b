//! The second audit of `predict` (issue 23): `--max-p95` on a config given
//! by flags shows its verdict in every format; no module found is a verdict
//! (exit 3, with an answer), as in `check`; `--timeout` is bounded and
//! merged; Markdown has the table's CPU-per-package row; `optimize`'s and
//! `recommend`'s burst words agree with what is predicted.

use crate::common;
use crate::exit_codes;

const GATED: [&str; 9] = [
    "predict",
    "--instance",
    "c6a.xlarge",
    "--asg-min-size",
    "2",
    "--burst-clients",
    "510",
    "--max-p95",
    "17.07",
];

fn with(args: &[&str], more: &[&str]) -> Vec<String> {
    args.iter().chain(more).map(|s| s.to_string()).collect()
}

fn run(args: &[String]) -> (String, i32) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (out, code) = common::output(&args);
    (String::from_utf8(out).unwrap(), code)
}

#[test]
fn max_p95_on_flags_shows_its_verdict_in_every_format() {
    let ungated = &GATED[..7];
    for format in ["table", "markdown"] {
        let (gated, code) = run(&with(&GATED, &["--format", format]));
        assert_eq!(code, i32::from(exit_codes::VERDICT), "{gated}");
        let (plain, _) = run(&with(ungated, &["--format", format]));
        assert_ne!(gated, plain, "{format}: the gate is not shown");
        assert!(gated.contains("--max-p95 17.07"), "{format}: {gated}");
        assert!(gated.contains("FAILS"), "{format}: {gated}");
        assert!(!plain.contains("max-p95"), "{format}: {plain}");
    }
    let v = common::json_with_code(&GATED, i32::from(exit_codes::VERDICT));
    assert_eq!(v["max_p95_s"], 17.07);
    assert_eq!(v["over_max_p95"], true);
    // Within the gate: 0, and the verdict says so.
    let mut within = GATED;
    within[8] = "60";
    let v = common::json(&within);
    assert_eq!(v["over_max_p95"], false);
    let text = common::stdout(&within);
    assert!(text.contains("--max-p95 60 s: within"), "{text}");
    // Without the gate, the keys are absent: the output is as before.
    let v = common::json(ungated);
    assert!(v.get("max_p95_s").is_none() && v.get("over_max_p95").is_none());
}

#[test]
fn markdown_has_the_tables_cpu_per_package_row() {
    let text = common::stdout(
        &with(&GATED[..7], &["--format", "markdown"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert!(
        text.contains("| CPU per package (ms, measuring core) | 164.8 | 164.8 | 174.2 |"),
        "{text}"
    );
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
