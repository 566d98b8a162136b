//! The whole bill (module-stack.md "The whole bill"): every line AWS charges
//! for the stack, at asg_min_size and at asg_max_size, each rounded once and
//! added into the total; and every command that prices a config prices it to
//! the same cent.

use crate::common;

use crate::common::{Scratch, fails, json, json_with_code};
use serde_json::Value;

/// The lines of a monthly cost object, which the total adds.
const LINES: [&str; 18] = [
    "ec2",
    "root_volumes",
    "efs_storage",
    "efs_ia_storage",
    "efs_reads",
    "efs_writes",
    "efs_provisioned_throughput",
    "efs_backup",
    "alb",
    "alb_lcu",
    "alb_public_ipv4",
    "secret",
    "dashboard",
    "alarms",
    "container_insights",
    "logs_ingested",
    "logs_stored",
    "access_logs",
];

fn cents(v: &Value) -> i64 {
    (v.as_f64().unwrap() * 100.0).round() as i64
}

fn assert_adds_up(m: &Value) {
    let sum: i64 = LINES.iter().map(|l| cents(&m[l])).sum();
    assert_eq!(sum, cents(&m["total"]), "{m}");
}

#[test]
fn heavy_is_billed_line_by_line_at_two_and_four_instances() {
    let v = json(&[
        "capacity",
        "--instance",
        "c6a.xlarge",
        "--asg-min-size",
        "2",
        "--asg-max-size",
        "4",
    ]);
    assert_eq!(v["schema_version"], 4);
    let (min, max) = (&v["cost"]["at_asg_min_size"], &v["cost"]["at_asg_max_size"]);
    // 46 GB (30 + 2 × 8 GiB) of gp3 at 0.08 per instance.
    assert_eq!(v["cost"]["root_volume_gb"], 46.0);
    assert_eq!(
        (&min["root_volumes"], &max["root_volumes"]),
        (&7.36.into(), &14.72.into())
    );
    for (line, want) in [
        ("alb", 16.43),
        ("alb_public_ipv4", 7.3),
        ("secret", 0.4),
        ("dashboard", 3.0),
        ("alarms", 1.3),
        ("container_insights", 16.5),
        ("efs_backup", 0.05),
    ] {
        assert_eq!(min[line], want, "{line}");
        assert_eq!(max[line], want, "{line}");
    }
    assert_eq!(min["total"], 277.9);
    assert_eq!(max["total"], 508.64);
    assert_adds_up(min);
    assert_adds_up(max);
    // Each estimate and free tier is stated, by the line it concerns.
    let said: Vec<(String, String)> = v["cost"]["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["line"].as_str().unwrap().into(),
                a["assumption"].as_str().unwrap().into(),
            )
        })
        .collect();
    let about = |line: &str, words: &str| said.iter().any(|(l, a)| l == line && a.contains(words));
    assert!(about("alarms", "13 alarm metrics, estimated"), "{said:?}");
    assert!(about("alarms", "first 10 are free, not taken off"));
    assert!(about("container_insights", "55 metrics, estimated"));
    assert!(about("dashboard", "first 3 are free"));
    assert!(about("logs_ingested", "first 5 GB are free"));
    assert!(about("alb", "720 h"));
    assert!(about("root_volumes", "30 + 2 × 8192 / 1024 = 46 GB"));
}

#[test]
fn usage_figures_and_estimates_are_flags() {
    let v = json(&[
        "capacity",
        "--instance",
        "c6a.xlarge",
        "--asg-min-size",
        "2",
        "--efs-read-gb",
        "100",
        "--efs-write-gb",
        "50",
        "--efs-ia-gb",
        "40",
        "--backup-storage-gb",
        "20",
        "--logs-ingested-gb",
        "4",
        "--access-logs-gb",
        "100",
        "--alarm-metrics",
        "20",
        "--container-insights-metrics",
        "50",
        "--load-balancer-subnets",
        "3",
    ]);
    let m = &v["cost"]["at_asg_min_size"];
    for (line, want) in [
        ("efs_reads", 3.0),
        ("efs_writes", 3.0),
        ("efs_ia_storage", 1.0),
        ("efs_backup", 1.0),
        ("logs_ingested", 2.0),
        // 4 GB × 12 months kept × 0.03.
        ("logs_stored", 1.44),
        ("access_logs", 2.3),
        ("alarms", 2.0),
        ("container_insights", 15.0),
        ("alb_public_ipv4", 10.95),
    ] {
        assert_eq!(m[line], want, "{line}");
    }
    assert_adds_up(m);
    let internal = json(&["capacity", "--internal-alb"]);
    assert_eq!(internal["cost"]["at_asg_min_size"]["alb_public_ipv4"], 0.0);
    assert_eq!(internal["cost"]["figures"]["public_ipv4_addresses"], 0);
}

#[test]
fn an_alb_in_one_subnet_is_refused_and_the_old_transfer_flag_is_gone() {
    fails(
        &["capacity", "--load-balancer-subnets", "1"],
        2,
        &["--load-balancer-subnets", "two Availability Zones"],
    );
    fails(
        &["capacity", "--efs-transfer-gb", "5"],
        2,
        &["--efs-transfer-gb"],
    );
    // One subnet per Availability Zone: no region has more than six.
    fails(
        &["capacity", "--load-balancer-subnets", "7"],
        2,
        &[
            "--load-balancer-subnets",
            "2 to 6",
            "no region has more than six",
        ],
    );
}

/// A module block of the config, with the bill's own module variables.
fn block(extra: &str) -> String {
    format!(
        "module \"pypiserver\" {{\n  source = \"registry.infrahouse.com/infrahouse/pypiserver/aws\"\n  \
         version = \"2.3.0\"\n  asg_instance_type = \"c6a.xlarge\"\n  asg_min_size = 2\n  \
         asg_max_size = 4\n  asg_subnets = [\"subnet-a\", \"subnet-b\"]\n  \
         load_balancer_subnets = [\"subnet-c\", \"subnet-d\"]\n  zone_id = \"Z1\"\n  \
         alarm_emails = [\"ops@example.com\"]\n{extra}}}\n"
    )
}

/// `check` of a tree holding `hcl`: its JSON, with the exit code `code`.
fn check(hcl: &str, flags: &[&str], code: i32) -> Value {
    let dir = Scratch::new("bill-check");
    dir.write("main.tf", hcl);
    json_with_code(&[&["check", dir.path()], flags].concat(), code)
}

fn check_cost(hcl: &str, flags: &[&str]) -> Value {
    check(hcl, flags, 0)["modules"][0]["cost"].clone()
}

/// The same config and usage figures, priced by capacity, compare, check
/// and optimize: the same total to the cent.
#[test]
fn every_command_prices_the_same_config_to_the_same_cent() {
    let usage = [
        "--efs-storage-gb",
        "10",
        "--efs-read-gb",
        "30",
        "--efs-write-gb",
        "7",
        "--logs-ingested-gb",
        "3",
        "--alarm-metrics",
        "15",
        "--savings-plan",
        "20",
    ];
    let config = [
        "--instance",
        "c6a.xlarge",
        "--asg-min-size",
        "2",
        "--asg-max-size",
        "4",
    ];
    let with = |cmd: &[&str], rest: &[&str]| json(&[cmd, &config[..], rest, &usage[..]].concat());
    let capacity = with(&["capacity"], &[]);
    let (min, max) = (
        capacity["cost"]["at_asg_min_size"]["total"].clone(),
        capacity["cost"]["at_asg_max_size"]["total"].clone(),
    );
    assert_adds_up(&capacity["cost"]["at_asg_min_size"]);
    let compare = with(&["compare"], &[]);
    assert_eq!(compare["rows"][0]["monthly_cost"], min);
    assert_eq!(compare["rows"][0]["monthly_cost_at_max"], max);
    let checked = check_cost(&block(""), &usage);
    assert_eq!(checked["at_asg_min_size"]["total"], min);
    assert_eq!(checked["at_asg_max_size"]["total"], max);
    let optimize = json(
        &[
            &[
                "optimize",
                "--min-workers",
                "48",
                "--family",
                "c6a",
                "--container-memory",
                "512",
            ][..],
            &["--min-instances", "2", "--max-instances", "2"],
            &usage[..],
        ]
        .concat(),
    );
    let best = &optimize["configurations"][0];
    assert_eq!(best["instance"]["asg_instance_type"], "c6a.xlarge");
    assert_eq!(best["monthly_cost"], min);
}

/// `check` bills what the block deploys: its backup and dashboard
/// switches, its load-balancer subnets and its lifecycle policy.
#[test]
fn check_reads_the_bill_from_the_block() {
    let off = check_cost(
        &block(
            "  enable_efs_backup = false\n  enable_cloudwatch_dashboard = false\n  \
             efs_lifecycle_policy = null\n",
        )
        .replace(
            "[\"subnet-c\", \"subnet-d\"]",
            "[\"subnet-c\", \"subnet-d\", \"subnet-e\"]",
        ),
        &["--efs-ia-gb", "40"],
    );
    let m = &off["at_asg_min_size"];
    assert_eq!(
        (&m["efs_backup"], &m["dashboard"]),
        (&0.0.into(), &0.0.into())
    );
    // Three subnets: three addresses; no lifecycle: no Infrequent Access.
    assert_eq!(m["alb_public_ipv4"], 10.95);
    assert_eq!(m["efs_ia_storage"], 0.0);
    assert_adds_up(m);
    let on = check_cost(&block(""), &["--efs-ia-gb", "40"]);
    let m = &on["at_asg_min_size"];
    assert_eq!(
        (&m["efs_backup"], &m["dashboard"]),
        (&2.05.into(), &3.0.into())
    );
    assert_eq!(m["efs_ia_storage"], 1.0);
    // One load-balancer subnet: AWS refuses the ALB, an error finding.
    let one = block("").replace("[\"subnet-c\", \"subnet-d\"]", "[\"subnet-c\"]");
    let v = check(&one, &[], 3);
    let findings = v["modules"][0]["findings"].to_string();
    assert!(
        findings.contains("load_balancer_subnets") && findings.contains("\"error\""),
        "{findings}"
    );
}

/// A bill argument read from the provider is unknown offline: the cost
/// assumes the module's default (or the flag) and says so.
#[test]
fn an_unknown_bill_argument_is_assumed_and_said() {
    let data = "data \"aws_subnets\" \"public\" {}\n\
                data \"aws_ssm_parameter\" \"backup\" {\n  name = \"backup\"\n}\n";
    let hcl = block("  enable_efs_backup = data.aws_ssm_parameter.backup.value == \"on\"\n")
        .replace(
            "[\"subnet-c\", \"subnet-d\"]",
            "data.aws_subnets.public.ids",
        );
    let v = check(
        &format!("{data}{hcl}"),
        &["--load-balancer-subnets", "3"],
        0,
    );
    let m = &v["modules"][0];
    assert_eq!(m["cost"]["at_asg_min_size"]["alb_public_ipv4"], 10.95);
    assert_eq!(m["cost"]["at_asg_min_size"]["efs_backup"], 0.05);
    let assumed: Vec<String> = m["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "bill_assumed")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(assumed.len(), 2, "{assumed:?}");
    assert!(
        assumed
            .iter()
            .any(|a| a.contains("3 load-balancer subnets"))
    );
    assert!(
        assumed
            .iter()
            .any(|a| a.contains("enable_efs_backup = true"))
    );
}

/// The module block `--format hcl` writes is priced by `check` as the
/// command priced it: its load-balancer subnets are as many as the bill's
/// public IPv4 addresses.
#[test]
fn a_written_block_is_checked_at_the_same_bill() {
    let flags = ["--load-balancer-subnets", "3", "--logs-ingested-gb", "2"];
    let sized = json(&[&["capacity", "--instance", "c6a.large"][..], &flags].concat());
    let out = common::pypi_size()
        .args(["capacity", "--instance", "c6a.large", "--format", "hcl"])
        .args(flags)
        .output()
        .unwrap();
    let hcl = String::from_utf8(out.stdout).unwrap();
    assert!(hcl.contains("2 GB of logs ingested a month"), "{hcl}");
    let checked = check_cost(&hcl, &["--logs-ingested-gb", "2"]);
    assert_eq!(checked["figures"]["public_ipv4_addresses"], 3);
    assert_eq!(
        checked["at_asg_min_size"]["total"],
        sized["cost"]["at_asg_min_size"]["total"]
    );
}
