//! The module's numbers come from profiles.toml, not from code: a changed
//! data file changes the help, the errors, the arithmetic's derivation and
//! the Terraform the tool writes.

use crate::common::{Scratch, pypi_size};

/// A profiles.toml with `edits` applied (each `(from, to)` must match).
fn profiles(edits: &[(&str, &str)]) -> (Scratch, String) {
    let mut text = pypi_size::EMBEDDED_PROFILES.to_string();
    for (from, to) in edits {
        assert!(text.contains(from), "profiles.toml lacks {from:?}");
        text = text.replacen(from, to, 1);
    }
    let dir = Scratch::new("data-driven");
    let path = dir.write("profiles.toml", &text);
    (dir, path)
}

fn run(profiles: &str, args: &[&str]) -> (i32, String, String) {
    let out = pypi_size()
        .arg("--profiles")
        .arg(profiles)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn container_memory_limits_reach_help_and_errors() {
    let (_dir, p) = profiles(&[(
        "container_memory = [128, 30720]",
        "container_memory = [256, 30720]",
    )]);
    let (code, help, _) = run(&p, &["capacity", "--help"]);
    assert_eq!(code, 0);
    assert!(help.contains("(256 to 30720)"), "{help}");
    assert!(!help.contains("128 to 30720"), "{help}");
    let (code, out, err) = run(&p, &["capacity", "--container-memory", "200"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("256 to 30720"), "{err}");
    // The environment variable names the file as --profiles does.
    let out = pypi_size()
        .env("PYPI_SIZE_PROFILES", &p)
        .args(["capacity", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("(256 to 30720)"));
}

#[test]
fn the_default_throughput_mode_decides_what_tfvars_write() {
    let (_dir, p) = profiles(&[(
        "efs_throughput_mode = \"elastic\"",
        "efs_throughput_mode = \"bursting\"",
    )]);
    let (code, tfvars, _) = run(
        &p,
        &[
            "capacity",
            "--efs-throughput-mode",
            "elastic",
            "--format",
            "tfvars",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        tfvars.contains("efs_throughput_mode = \"elastic\""),
        "{tfvars}"
    );
    let (_, tfvars, _) = run(&p, &["capacity", "--format", "tfvars"]);
    assert!(!tfvars.contains("efs_throughput_mode"), "{tfvars}");
    let (_, help, _) = run(&p, &["capacity", "--help"]);
    assert!(help.contains("[default: bursting]"), "{help}");
}

#[test]
fn overheads_and_ratios_reach_the_derivation_and_help() {
    let (_dir, p) = profiles(&[
        ("system_overhead_mb = 300", "system_overhead_mb = 400"),
        (
            "memory_reservation_ratio = 0.75",
            "memory_reservation_ratio = 0.5",
        ),
        ("cpu_units_per_worker = 150", "cpu_units_per_worker = 100"),
    ]);
    let (code, out, _) = run(
        &p,
        &["capacity", "--instance", "c6a.xlarge", "--format", "json"],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["capacity"]["available_ram_mb"], 8192 - 400 - 500);
    assert_eq!(v["capacity"]["container_memory_reservation"], 256);
    assert_eq!(v["capacity"]["container_cpu"], 4 * 100 + 40);
    let (_, table, _) = run(&p, &["capacity", "--instance", "c6a.xlarge"]);
    assert!(table.contains("8192 − 400 − 500"), "{table}");
    assert!(table.contains("floor(512 × 0.5)"), "{table}");
    let (_, help, _) = run(&p, &["capacity", "--help"]);
    assert!(help.contains("floor(container_memory × 0.5)"), "{help}");
    assert!(help.contains("gunicorn_workers × 100 + 40"), "{help}");
    let (_, explain, _) = run(
        &p,
        &["explain", "--instance", "c6a.xlarge", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&explain).unwrap();
    assert_eq!(
        v["steps"][3]["formula"],
        "instance memory − 400 system − 500 page cache"
    );
}

#[test]
fn ecs_limits_are_data() {
    let (_dir, p) = profiles(&[("asg_min_size = [1, 1000]", "asg_min_size = [1, 50]")]);
    let (code, _, err) = run(&p, &["capacity", "--asg-min-size", "51"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("1 to 50") && err.contains("terraform plan"),
        "{err}"
    );
    let (_, help, _) = run(&p, &["capacity", "--help"]);
    assert!(help.contains("(1 to 50)"), "{help}");
}

#[test]
fn a_broken_data_file_still_gives_help_and_fails_the_command() {
    let dir = Scratch::new("broken");
    let p = dir.write("profiles.toml", "[module]\nsource = 1\n");
    let (code, help, _) = run(&p, &["capacity", "--help"]);
    assert_eq!(code, 0);
    assert!(
        help.contains("(128 to 30720)"),
        "falls back to the embedded data"
    );
    let (code, out, err) = run(&p, &["capacity"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("profiles.toml:"), "{err}");
}

#[test]
fn the_bursts_defaults_in_help_are_the_datas() {
    let (_dir, p) = profiles(&[
        ("busiest_share = 0.85", "busiest_share = 0.9"),
        ("\npackages = 300", "\npackages = 400"),
    ]);
    for command in ["predict", "optimize", "advise"] {
        let (code, help, _) = run(&p, &[command, "--help"]);
        assert_eq!(code, 0);
        let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("[default: 0.9, from profiles.toml"),
            "{command}: {flat}"
        );
        assert!(!flat.contains("0.85"), "{command}: {flat}");
        if command != "advise" {
            assert!(
                flat.contains("[default: the measurement's 400"),
                "{command}: {flat}"
            );
        }
    }
}

/// A profile's `[profiles.config]` takes any of the module's sizing
/// variables (the one all-optional struct the flags and `check` fill too),
/// by the table's names; it must name its instance type.
#[test]
fn a_profile_config_sets_any_variable_by_its_name() {
    let heavy = "asg_instance_type = \"c6a.xlarge\"\n";
    let (_dir, p) = profiles(&[(
        heavy,
        "asg_instance_type = \"c6a.xlarge\"\nami_id = \"ami-0123456789abcdef0\"\n\
         asg_subnets = 3\nefs_throughput_mode = \"bursting\"\n",
    )]);
    let (code, out, err) = run(&p, &["capacity", "--profile", "heavy", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["inputs"]["ami_id"], "ami-0123456789abcdef0");
    assert_eq!(json["inputs"]["subnets"], 3);
    assert_eq!(json["inputs"]["efs_throughput_mode"], "bursting", "{out}");

    let (_dir, p) = profiles(&[(heavy, "")]);
    let (code, _, err) = run(&p, &["profiles"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("`heavy` sets no config.asg_instance_type"),
        "{err}"
    );

    let (_dir, p) = profiles(&[(heavy, "asg_instance_type = \"c6a.xlarge\"\nsubnets = 3\n")]);
    let (code, _, err) = run(&p, &["profiles"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown field `subnets`"), "{err}");
}
