//! One test per class of bad input: each gets its exit code, an empty stdout
//! and a message that names the flag, field or file and what is wrong.

mod common;

use common::{Scratch, fails_cmd as fails, fixture, pypi_size};
use serde_json::Value;

/// catalog.toml with c6a.xlarge's entry edited, for --catalog.
fn with_catalog(edit: &str, replacement: &str) -> (Scratch, String) {
    let dir = Scratch::new("catalog");
    let path = dir.file("catalog.toml");
    let entry = "\"c6a.xlarge\" = { vcpus = 4, memory_mib = 8192, hourly = 0.153,";
    let edited = entry.replacen(edit, replacement, 1);
    assert!(pypi_size::EMBEDDED_CATALOG.contains(entry) && edited != entry);
    std::fs::write(
        &path,
        pypi_size::EMBEDDED_CATALOG.replacen(entry, &edited, 1),
    )
    .unwrap();
    (dir, path)
}

// ---------------------------------------------------------------------------
// Numbers too large for the arithmetic.

#[test]
fn a_price_of_1e308_is_an_error_naming_the_cost() {
    let (_dir, path) = with_catalog("hourly = 0.153", "hourly = 1e308");
    for cmd in [
        vec!["capacity", "--instance", "c6a.xlarge"],
        vec!["instances"],
        vec!["compare", "--family", "c6a"],
        vec!["optimize", "--min-workers", "8", "--family", "c6a"],
    ] {
        fails(
            pypi_size().args(["--catalog", &path]).args(&cmd),
            1,
            &["too large to compute with", "1e308"],
        );
    }
}

#[test]
fn a_catalog_entry_of_2_pow_63_mib_still_computes() {
    let (_dir, path) = with_catalog("memory_mib = 8192", "memory_mib = 9223372036854775807");
    let out = pypi_size()
        .args(["--catalog", &path, "capacity", "--instance", "c6a.xlarge"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["capacity"]["tasks_per_instance"], 6);
    assert_eq!(
        v["capacity"]["available_ram_mb"],
        9_223_372_036_854_775_807i64 - 800
    );
}

#[test]
fn a_number_beyond_toml_integers_is_a_data_error_with_its_line() {
    let (_dir, path) = with_catalog("memory_mib = 8192", "memory_mib = 18446744073709551616");
    fails(
        pypi_size().args(["--catalog", &path, "profiles"]),
        1,
        &["catalog.toml:", "memory_mib"],
    );
}

#[test]
fn a_count_of_u64_max_is_an_error_naming_it() {
    fails(
        pypi_size().args(["capacity", "--task-min-count", "18446744073709551615"]),
        1,
        &["task_max_count is too large to compute with"],
    );
    // The ECS module caps asg_min_size at 1000: a plan error, not arithmetic.
    fails(
        pypi_size().args(["capacity", "--asg-min-size", "18446744073709551615"]),
        2,
        &["--asg-min-size", "1 to 1000"],
    );
    fails(
        pypi_size().args(["capacity", "--asg-min-size", "18446744073709551616"]),
        2,
        &["--asg-min-size"],
    );
}

#[test]
fn a_count_of_u32_max_gives_finite_costs() {
    let out = pypi_size()
        .args([
            "capacity",
            "--task-min-count",
            "4294967295",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["cost"]["at_asg_min_size"]["total"]
            .as_f64()
            .unwrap()
            .is_finite()
    );
    assert_eq!(v["capacity"]["task_max_count"], 2u64 * 4_294_967_295);
}

#[test]
fn an_lcu_count_too_large_is_a_usage_error() {
    fails(
        pypi_size().args(["capacity", "--alb-lcus", "1e308"]),
        2,
        &["--alb-lcus", "too large"],
    );
}

// ---------------------------------------------------------------------------
// Files.

#[test]
fn missing_files() {
    fails(
        pypi_size().args(["--profiles", "/nonexistent/p.toml", "profiles"]),
        1,
        &["/nonexistent/p.toml", "No such file"],
    );
    fails(
        pypi_size().args(["check", "/nonexistent/main.tf"]),
        1,
        &["/nonexistent/main.tf", "No such file"],
    );
    fails(
        pypi_size().args([
            "check",
            &fixture("clean"),
            "--var-file",
            "/nonexistent/x.tfvars",
        ]),
        1,
        &["/nonexistent/x.tfvars"],
    );
}

#[test]
fn a_directory_where_a_file_belongs() {
    let dir = Scratch::new("dir");
    fails(
        pypi_size().args(["--profiles", dir.0.to_str().unwrap(), "profiles"]),
        1,
        &["is a directory"],
    );
    fails(
        pypi_size().args([
            "check",
            &fixture("clean"),
            "--var-file",
            dir.0.to_str().unwrap(),
        ]),
        1,
        &["is a directory"],
    );
}

#[test]
fn files_that_are_not_utf8() {
    let dir = Scratch::new("utf8");
    let toml = dir.file("p.toml");
    let tf = dir.file("main.tf");
    std::fs::write(&toml, b"[module]\nsource = \"\xff\xfe\"\n").unwrap();
    std::fs::write(&tf, b"module \"x\" {\n  source = \"\xc3\x28\"\n}\n").unwrap();
    fails(
        pypi_size().args(["--profiles", &toml, "profiles"]),
        1,
        &["not UTF-8", "offset 19"],
    );
    fails(
        pypi_size().args(["check", &tf]),
        1,
        &["main.tf", "not UTF-8"],
    );
}

#[test]
fn empty_files() {
    let dir = Scratch::new("empty");
    let toml = dir.file("p.toml");
    let tf = dir.file("main.tf");
    std::fs::write(&toml, "").unwrap();
    std::fs::write(&tf, "").unwrap();
    fails(
        pypi_size().args(["--profiles", &toml, "profiles"]),
        1,
        &["p.toml", "missing field"],
    );
    // An empty .tf is valid Terraform with no module in it.
    let out = pypi_size().args(["check", &tf]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no module block"));
}

#[test]
fn huge_files_are_refused_before_they_are_read() {
    let dir = Scratch::new("huge");
    let toml = dir.file("p.toml");
    let tf = dir.file("main.tf");
    // Sparse files: the size is there, the disk is not used.
    std::fs::File::create(&toml)
        .unwrap()
        .set_len(5 << 20)
        .unwrap();
    std::fs::File::create(&tf)
        .unwrap()
        .set_len(17 << 20)
        .unwrap();
    fails(
        pypi_size().args(["--profiles", &toml, "profiles"]),
        1,
        &["p.toml", "larger than"],
    );
    fails(
        pypi_size().args(["check", &tf]),
        1,
        &["main.tf", "larger than"],
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops() {
    let dir = Scratch::new("loop");
    let a = dir.file("a.tf");
    let b = dir.file("b.tf");
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    fails(
        pypi_size().args(["--profiles", &a, "profiles"]),
        1,
        &["a.tf", "symbolic links"],
    );
    fails(
        pypi_size().args(["check", &a]),
        1,
        &["a.tf", "symbolic links"],
    );
    // In a directory, the looping link is still named.
    fails(
        pypi_size().args(["check", dir.0.to_str().unwrap()]),
        1,
        &["symbolic links"],
    );
}

#[test]
fn standard_input() {
    let out = pypi_size()
        .args(["--profiles", "-", "capacity", "--format", "json"])
        .write_stdin(pypi_size::EMBEDDED_PROFILES)
        .output()
        .unwrap();
    assert!(out.status.success());
    fails(
        pypi_size()
            .args(["--profiles", "-", "profiles"])
            .write_stdin("[module]\nversion = 3\n"),
        1,
        &["<stdin>:", "version"],
    );
}

// ---------------------------------------------------------------------------
// Shell integration.

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "_pypi__size()"),
        ("zsh", "#compdef pypi-size"),
        ("fish", "complete -c pypi-size"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = pypi_size().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains(marker),
            "{shell}: {}",
            &text[..200.min(text.len())]
        );
        assert!(
            text.contains("optimize") && text.contains("min-workers"),
            "{shell}"
        );
    }
    fails(pypi_size().args(["completions", "tcsh"]), 2, &["tcsh"]);
}

#[test]
fn man_page() {
    let out = pypi_size().arg("man").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(".TH pypi-size 1"));
    assert!(text.contains("capacity"));
}

/// Completions and the manual work even when the data file is broken.
#[test]
fn shell_integration_needs_no_data_file() {
    let out = pypi_size()
        .env("PYPI_SIZE_PROFILES", "/nonexistent.toml")
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn version_names_the_module_and_the_price_date() {
    let t = pypi_size::Tables::embedded();
    let out = pypi_size().arg("--version").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("{} {}", t.module.source, t.module.version)),
        "{text}"
    );
    let catalog = &t.instances.meta;
    assert!(text.contains(&*catalog.as_of), "{text}");
    assert!(text.contains(&*catalog.region), "{text}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    // A container too big for the instance: a warning, in colour.
    let args = [
        "capacity",
        "--instance",
        "t3.micro",
        "--container-memory",
        "1024",
    ];
    let esc = |out: &std::process::Output| out.stdout.contains(&0x1b);
    // Piped: no colour by default, even with a terminal-like TERM.
    let plain = pypi_size()
        .args(args)
        .env("TERM", "xterm-256color")
        .output()
        .unwrap();
    assert!(!esc(&plain));
    let always = pypi_size()
        .args(args)
        .args(["--color", "always"])
        .output()
        .unwrap();
    assert!(esc(&always));
    // --color always wins over NO_COLOR; --color never always holds.
    let both = pypi_size()
        .args(args)
        .args(["--color", "always"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(esc(&both));
    let never = pypi_size()
        .args(args)
        .args(["--color", "never"])
        .output()
        .unwrap();
    assert!(!esc(&never));
    // JSON never carries colour.
    let json = pypi_size()
        .args(args)
        .args(["--color", "always", "--format", "json"])
        .output()
        .unwrap();
    assert!(!esc(&json));
}

#[test]
fn tables_fit_the_width() {
    for cmd in [
        vec!["capacity", "--instance", "c6a.xlarge"],
        vec!["compare", "--family", "c6a"],
        vec!["instances"],
        vec!["profiles"],
        vec!["optimize", "--min-workers", "48"],
    ] {
        let out = pypi_size()
            .args(&cmd)
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text
            .lines()
            .filter(|l| l.starts_with(['╭', '│', '╞', '╰', '├']))
        {
            assert!(line.chars().count() <= 80, "{cmd:?}: {line}");
        }
    }
}

/// Found by the fuzzer: --subnets 4294967295 with --format hcl asked for four
/// billion placeholders. Output sizes are bounded now.
#[test]
fn outputs_stay_bounded_whatever_the_counts() {
    fails(
        pypi_size().args(["capacity", "--subnets", "4294967295", "--format", "hcl"]),
        2,
        &["--subnets", "at most 64"],
    );
    fails(
        pypi_size().args(["optimize", "--min-workers", "8", "--top", "1000000"]),
        2,
        &["--top", "1 to 1000"],
    );
    // The arithmetic itself takes the count.
    let out = pypi_size()
        .args(["capacity", "--subnets", "4294967295", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
}
