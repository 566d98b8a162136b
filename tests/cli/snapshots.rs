//! Snapshots of every command in every format: a change to what users see is
//! a reviewed change to these files.

use crate::common::{assert_markdown_tables, output, pypi_size, stdout};

snapshot!(
    capacity_table,
    "capacity",
    "--instance",
    "c6a.xlarge",
    "--asg-min-size",
    "2",
    "--asg-max-size",
    "4"
);
snapshot!(
    capacity_json,
    "capacity",
    "--instance",
    "c6a.xlarge",
    "--asg-min-size",
    "2",
    "--asg-max-size",
    "4",
    "--format",
    "json"
);
snapshot!(
    predict_published_run_table,
    "predict",
    "--instance",
    "c6a.xlarge",
    "--asg-min-size",
    "2",
    "--burst-clients",
    "510",
    "--busiest-share",
    "0.85"
);
snapshot!(
    predict_published_run_json,
    "predict",
    "--instance",
    "c6a.xlarge",
    "--asg-min-size",
    "2",
    "--burst-clients",
    "510",
    "--busiest-share",
    "0.85",
    "--format",
    "json"
);
snapshot!(
    predict_t3_markdown,
    "predict",
    "--instance",
    "t3.small",
    "--asg-min-size",
    "4",
    "--burst-clients",
    "510",
    "--format",
    "markdown"
);
// The type's clock is unknown: no prediction, and exit 3 (fails closed).
snapshot!(
    predict_unknown_speed_table,
    exit 3,
    "predict",
    "--instance",
    "c1.xlarge",
    "--burst-clients",
    "10"
);
snapshot!(
    optimize_p95_table,
    "optimize",
    "--burst-clients",
    "510",
    "--p95",
    "15",
    "--family",
    "c6a,c7a,m7a",
    "--top",
    "3"
);
snapshot!(
    capacity_warnings_table,
    "capacity",
    "--instance",
    "t3.small",
    "--container-memory-reservation",
    "64",
    "--asg-max-size",
    "2",
    "--task-max-count",
    "30",
    "--ci-builds",
    "80",
    "--savings-plan",
    "30"
);
snapshot!(
    capacity_warnings_json,
    "capacity",
    "--instance",
    "t3.small",
    "--container-memory-reservation",
    "64",
    "--asg-max-size",
    "2",
    "--task-max-count",
    "30",
    "--ci-builds",
    "80",
    "--format",
    "json"
);
snapshot!(recommend_profile_table, "recommend", "--profile", "heavy");
snapshot!(
    recommend_profile_json,
    "recommend",
    "--profile",
    "heavy",
    "--format",
    "json"
);
snapshot!(
    recommend_workload_table,
    "recommend",
    "--packages",
    "30",
    "--users",
    "12",
    "--ci-builds",
    "60",
    "--burst",
    "150"
);
snapshot!(
    recommend_workload_json,
    "recommend",
    "--packages",
    "30",
    "--users",
    "12",
    "--ci-builds",
    "60",
    "--burst",
    "150",
    "--format",
    "json"
);
snapshot!(instances_table, "instances");
snapshot!(
    instances_json,
    "instances",
    "--family",
    "c6a",
    "--format",
    "json"
);
snapshot!(profiles_table, "profiles");
snapshot!(profiles_json, "profiles", "--format", "json");
snapshot!(
    recommend_hcl,
    "recommend",
    "--profile",
    "heavy",
    "--format",
    "hcl"
);
snapshot!(
    capacity_hcl_overrides,
    "capacity",
    "--instance",
    "c6a.2xlarge",
    "--container-memory",
    "1024",
    "--gunicorn-workers",
    "6",
    "--subnets",
    "3",
    "--format",
    "hcl"
);
snapshot!(
    recommend_tfvars,
    "recommend",
    "--profile",
    "light",
    "--format",
    "tfvars"
);
snapshot!(
    recommend_tfvars_json,
    "recommend",
    "--profile",
    "medium",
    "--format",
    "tfvars-json"
);
snapshot!(
    check_table,
    "check",
    "tests/fixtures/check/several",
    "tests/fixtures/check/unresolved",
    "--profile",
    "heavy"
);
snapshot!(
    check_json,
    "check",
    "tests/fixtures/check/registry",
    "--var",
    "instances=3",
    "--format",
    "json"
);
snapshot!(
    compare_table,
    "compare",
    "--family",
    "c6a",
    "--asg-min-size",
    "2"
);
snapshot!(
    compare_json,
    "compare",
    "--instance",
    "c6a.xlarge,c7g.xlarge",
    "--asg-min-size",
    "2",
    "--format",
    "json"
);
snapshot!(
    optimize_table,
    "optimize",
    "--min-workers",
    "96",
    "--no-burstable",
    "--max-instances",
    "6"
);
snapshot!(
    optimize_json,
    "optimize",
    "--min-workers",
    "48",
    "--family",
    "c6a",
    "--top",
    "3",
    "--format",
    "json"
);
snapshot!(
    explain_table,
    "explain",
    "--instance",
    "c6a.xlarge",
    "--asg-min-size",
    "2"
);
snapshot!(
    explain_json,
    "explain",
    "--profile",
    "light",
    "--format",
    "json"
);
snapshot!(
    advise_table,
    "advise",
    "--profile",
    "heavy",
    "--cpu-utilization",
    "85",
    "--efs-percent-io-limit",
    "90",
    "--tasks-at-max"
);
snapshot!(
    advise_json,
    "advise",
    "--profile",
    "medium",
    "--error-rate",
    "2.5",
    "--format",
    "json"
);

/// A Markdown snapshot, whose tables must also be GitHub tables.
macro_rules! markdown_snapshot {
    ($name:ident, $($arg:expr),+) => {
        #[test]
        fn $name() {
            let args = [$($arg),+, "--format", "markdown"];
            let text = stdout(&args);
            assert!(assert_markdown_tables(&text) >= 1, "{text}");
            insta::with_settings!({
                description => args.join(" "),
                omit_expression => true,
                snapshot_path => $crate::common::SNAPSHOTS,
                prepend_module_to_snapshot => false,
            }, {
                insta::assert_snapshot!(
                    $crate::common::snapshot_name(module_path!(), stringify!($name)),
                    text
                );
            });
        }
    };
}

markdown_snapshot!(
    capacity_markdown,
    "capacity",
    "--instance",
    "c6a.xlarge",
    "--asg-min-size",
    "2",
    "--asg-max-size",
    "4"
);
markdown_snapshot!(
    capacity_warnings_markdown,
    "capacity",
    "--instance",
    "t3.small",
    "--container-memory-reservation",
    "64",
    "--asg-max-size",
    "2",
    "--task-max-count",
    "30",
    "--ci-builds",
    "80",
    "--savings-plan",
    "30"
);
markdown_snapshot!(
    recommend_profile_markdown,
    "recommend",
    "--profile",
    "heavy"
);
markdown_snapshot!(
    recommend_workload_markdown,
    "recommend",
    "--packages",
    "30",
    "--users",
    "12",
    "--ci-builds",
    "60",
    "--burst",
    "150"
);

/// `check` with error findings exits 3, and still prints its Markdown.
#[test]
fn check_markdown() {
    let args = [
        "check",
        "tests/fixtures/check/findings",
        "tests/fixtures/check/unresolved",
        "--format",
        "markdown",
    ];
    let (out, code) = output(&args);
    assert_eq!(code, 3);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(assert_markdown_tables(&text), 1, "{text}");
    insta::with_settings!({
        description => args.join(" "),
        omit_expression => true,
        snapshot_path => crate::common::SNAPSHOTS,
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!("snapshots__check_markdown", text);
    });
}

/// `optimize` with nothing to offer exits 3 (a verdict); its table says what to relax.
#[test]
fn optimize_no_solution_table() {
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
    insta::with_settings!({ snapshot_path => crate::common::SNAPSHOTS, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(
            "snapshots__optimize_no_solution_table",
            String::from_utf8(out.stdout).unwrap()
        );
    });
}
snapshot!(
    diff_table,
    "diff",
    "tests/fixtures/diff/instance_type/base",
    "tests/fixtures/diff/instance_type/head",
    "--fail-above",
    "500"
);
snapshot!(
    diff_added_table,
    "diff",
    "tests/fixtures/diff/added/base",
    "tests/fixtures/diff/added/head"
);
snapshot!(
    diff_unknown_table,
    "diff",
    "tests/fixtures/diff/unknown/base",
    "tests/fixtures/diff/unknown/head"
);
snapshot!(
    diff_json,
    "diff",
    "tests/fixtures/diff/for_each_key/base",
    "tests/fixtures/diff/for_each_key/head",
    "--fail-above-percent",
    "50",
    "--format",
    "json"
);
markdown_snapshot!(
    diff_markdown,
    "diff",
    "tests/fixtures/diff/instance_type/base",
    "tests/fixtures/diff/instance_type/head",
    "--fail-above",
    "500"
);
markdown_snapshot!(
    diff_added_markdown,
    "diff",
    "tests/fixtures/diff/added/base",
    "tests/fixtures/diff/added/head"
);
markdown_snapshot!(
    diff_unknown_markdown,
    "diff",
    "tests/fixtures/diff/unknown/base",
    "tests/fixtures/diff/unknown/head"
);
