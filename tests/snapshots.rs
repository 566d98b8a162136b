//! Snapshots of every command in every format: a change to what users see is
//! a reviewed change to these files.

use assert_cmd::Command;

fn stdout(args: &[&str]) -> String {
    let out = Command::cargo_bin("pypi-size")
        .unwrap()
        .env_remove("PYPI_SIZE_PROFILES")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

macro_rules! snapshot {
    ($name:ident, $($arg:expr),+) => {
        #[test]
        fn $name() {
            let args = [$($arg),+];
            insta::with_settings!({ description => args.join(" "), omit_expression => true }, {
                insta::assert_snapshot!(stdout(&args));
            });
        }
    };
}

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
    capacity_warnings_table,
    "capacity",
    "--instance",
    "t3.small",
    "--container-memory-reservation",
    "0",
    "--task-max-count",
    "3",
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
    "0",
    "--task-max-count",
    "3",
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
