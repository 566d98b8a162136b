//! Fuzzing the command line in-process: any argument list either parses and
//! runs to an answer, or fails with a message and a usage or failure exit
//! code; nothing panics, and JSON output is one valid document.
//!
//!     PROPTEST_CASES=20000 cargo test fuzz

use clap::{CommandFactory, FromArgMatches};
use proptest::prelude::*;

use crate::cli::Cli;
use crate::exit_codes;

const FLAGS: &[&str] = &[
    "--instance",
    "--asg-min-size",
    "--asg-max-size",
    "--subnets",
    "--container-memory",
    "--container-memory-reservation",
    "--container-cpu",
    "--gunicorn-workers",
    "--task-min-count",
    "--task-max-count",
    "--savings-plan",
    "--efs-storage-gb",
    "--efs-transfer-gb",
    "--efs-throughput-mode",
    "--efs-provisioned-throughput-in-mibps",
    "--alb-lcu-month",
    "--alb-lcus",
    "--ci-builds",
    "--profile",
    "--packages",
    "--users",
    "--burst",
    "--family",
    "--arch",
    "--all",
    "--sort",
    "--min-workers",
    "--min-tasks",
    "--no-burstable",
    "--max-monthly-cost",
    "--min-instances",
    "--max-instances",
    "--top",
    "--cpu-utilization",
    "--memory-utilization",
    "--error-rate",
    "--p95-latency",
    "--efs-percent-io-limit",
    "--tasks-at-max",
    "--load",
    "--var",
    "-var",
    "--var-file",
    "--fail-on",
    "--module-source",
    "--module-version",
    "--color",
    "--profiles",
];

const VALUES: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "17",
    "128",
    "512",
    "1024",
    "30720",
    "100000",
    "4294967295",
    "18446744073709551615",
    "18446744073709551616",
    "-1",
    "1e308",
    "NaN",
    "inf",
    "",
    "abc",
    "c6a.xlarge",
    "c6a.xlarg",
    "t3.nano",
    "C6A.XL",
    "heavy",
    "hevy",
    "very-heavy",
    "c6a",
    "arm64",
    "x86_64",
    "provisioned",
    "bursting",
    "elastic",
    "burst",
    "normal",
    "warning",
    "never",
    "always",
    "cost",
    "workers",
    "cost-per-worker",
    "a=1",
    "instances=3",
    "json",
    "table",
    "hcl",
    "tfvars",
    "tfvars-json",
    "bash",
    "zsh",
    "fish",
    "powershell",
    "tests/fixtures/check/findings",
    "tests/fixtures/check/syntax",
    "tests/fixtures/check/registry",
    "tests/fixtures/check/registry/more-instances.tfvars",
    "profiles.toml",
    "/nonexistent",
    "./modules/pypiserver",
];

/// Ordinary values, which most flags accept: so that most argument lists get
/// past the parser and into the arithmetic.
const ORDINARY: &[&str] = &[
    "1", "2", "3", "4", "8", "12", "50", "96", "300", "512", "768",
];

/// The long flags a subcommand accepts (its own and the global ones), read
/// from clap so the fuzzer follows the command line as it grows.
fn flags_of(sub: &str) -> Vec<String> {
    let cmd = Cli::command();
    let own = cmd
        .find_subcommand(sub)
        .map(|c| c.get_arguments().cloned().collect::<Vec<_>>());
    own.unwrap_or_default()
        .iter()
        .chain(cmd.get_arguments())
        .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
        .collect()
}

/// A flag with its value (or alone, or the value alone, or noise): mostly
/// the subcommand's own flags, sometimes any.
fn unit(own: Vec<String>) -> impl Strategy<Value = Vec<String>> {
    let value = prop_oneof![
        3 => prop::sample::select(ORDINARY).prop_map(String::from),
        2 => prop::sample::select(VALUES).prop_map(String::from),
        1 => "[ -~]{0,10}",
    ];
    let flag = prop_oneof![
        5 => prop::sample::select(own),
        1 => prop::sample::select(FLAGS).prop_map(String::from),
    ];
    prop_oneof![
        6 => (flag.clone(), value.clone()).prop_map(|(f, v)| vec![f, v]),
        1 => flag.clone().prop_map(|f| vec![f]),
        1 => value.prop_map(|v| vec![v]),
        1 => (flag, prop::sample::select(VALUES)).prop_map(|(f, v)| vec![format!("{f}={v}")]),
    ]
}

/// What a subcommand requires, so that most lists get past the parser.
fn required(sub: &str) -> &'static [&'static str] {
    match sub {
        "recommend" => &["--profile", "heavy"],
        "check" => &["tests/fixtures/check/findings"],
        "compare" => &["--family", "c6a"],
        "optimize" => &["--min-workers", "48"],
        "advise" => &["--cpu-utilization", "85"],
        "completions" => &["bash"],
        _ => &[],
    }
}

/// Every subcommand, from clap.
fn subcommands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

fn argv() -> impl Strategy<Value = Vec<String>> {
    prop::sample::select(subcommands())
        .prop_flat_map(|sub| {
            let flags = flags_of(&sub);
            (
                Just(sub),
                prop::bool::weighted(0.8),
                prop::collection::vec(unit(flags), 0..5),
                prop::sample::select(&["table", "json", "hcl"][..]),
            )
        })
        .prop_map(|(sub, with_required, units, format)| {
            let mut args = vec!["pypi-size".to_string(), sub.clone()];
            if with_required {
                args.extend(required(&sub).iter().map(|a| a.to_string()));
            }
            args.extend(units.into_iter().flatten());
            args.extend(["--format".to_string(), format.to_string()]);
            args
        })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn fuzz_command_line(args in argv()) {
        // Never read standard input here.
        prop_assume!(!args.iter().any(|a| a == "-" || a.ends_with("=-")));
        // Bound the search a fuzzed `optimize` may ask for.
        prop_assume!(!(args.iter().any(|a| a == "optimize")
            && args.iter().any(|a| a == "100000" || a == "4294967295" || a.contains("1024"))));
        let args = crate::cli::terraform_spelling(args.into_iter().map(Into::into));
        let matches = match Cli::command().try_get_matches_from(args) {
            Ok(m) => m,
            Err(e) => {
                // clap's own usage errors exit 2; --help and --version exit 0.
                prop_assert!([0, 2].contains(&e.exit_code()), "{e}");
                return Ok(());
            }
        };
        let cli = Cli::from_arg_matches(&matches).unwrap();
        match crate::run(&cli, &matches) {
            Ok((text, code)) => {
                prop_assert!([
                    exit_codes::SUCCESS,
                    exit_codes::FINDINGS,
                    exit_codes::NO_SOLUTION
                ]
                .contains(&code));
                if cli.format == crate::cli::Format::Json
                    && !matches!(cli.command, crate::cli::Command::Completions { .. } | crate::cli::Command::Man)
                {
                    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                    prop_assert!(v.is_object());
                }
            }
            Err(e) => {
                let code = crate::exit_code_of(&e);
                prop_assert!([exit_codes::FAILURE, exit_codes::USAGE].contains(&code));
                let message = format!("{e:#}");
                prop_assert!(!message.is_empty());
            }
        }
    }
}
