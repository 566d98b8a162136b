//! The CI jobs of docs/plans.md work as written: the GitHub Actions steps
//! "Plan" and "Gate on what Terraform planned" and the GitLab script are
//! taken from the page and run with bash (errexit and pipefail, as both
//! runners do), the built binary on PATH and a stand-in `terraform` whose
//! `show -json` prints a plan: one within the limit passes, one over it or
//! with a figure unknown at plan fails the job.

use std::path::Path;
use std::process::Command;

use crate::common::{self, Scratch};

fn page() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/plans.md")).unwrap()
}

/// The block scalar after the first line at or after `from` that ends in
/// `|`, dedented.
fn block_after(lines: &[&str], from: usize) -> String {
    let opener = (from..lines.len())
        .find(|&i| lines[i].trim_end().ends_with('|'))
        .expect("a block scalar");
    common::block_scalar(lines, opener)
}

fn github_step(page: &str, name: &str) -> String {
    let lines: Vec<&str> = page.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim() == format!("- name: {name}"))
        .unwrap_or_else(|| panic!("no step {name:?} in docs/plans.md"));
    block_after(&lines, at)
}

fn gitlab_script(page: &str) -> String {
    let lines: Vec<&str> = page.lines().collect();
    let at = lines.iter().position(|l| l.trim() == "script:").unwrap();
    block_after(&lines, at)
}

/// Runs `script` in `work/infra` with a stand-in terraform printing `plan`:
/// the exit code and the job summary.
fn run(script: &str, plan: &str, work: &Scratch) -> (i32, String) {
    let bin = work.file("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(work.file("infra")).unwrap();
    let terraform = Path::new(&bin).join("terraform");
    std::fs::write(
        &terraform,
        format!("#!/bin/sh\n[ \"$1\" = show ] && exec cat '{plan}'\nexit 0\n"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&terraform, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let binary = Path::new(env!("CARGO_BIN_EXE_pypi-size")).parent().unwrap();
    let summary = work.file("summary.md");
    let _ = std::fs::remove_file(&summary);
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(work.path())
        .env("PATH", format!("{bin}:{}:/usr/bin:/bin", binary.display()))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env_remove("PYPI_SIZE_PROFILES")
        .env_remove("PYPI_SIZE_CATALOG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        std::fs::read_to_string(&summary).unwrap_or_default(),
    )
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/plans/{name}", env!("CARGO_MANIFEST_DIR"));
    assert!(Path::new(&path).exists(), "{path}");
    path
}

#[test]
fn github_steps_gate_on_the_plan() {
    let page = page();
    // The job's default working directory is infra.
    let script = format!(
        "cd infra\n{}\n{}",
        github_step(&page, "Plan"),
        github_step(&page, "Gate on what Terraform planned")
    );
    let work = Scratch::new("plan-ci-github");
    // heavy: $508.64 a month at most, within $600.
    let (code, summary) = run(&script, &fixture("heavy.json"), &work);
    assert_eq!(code, 0, "{summary}");
    assert!(
        summary.contains("**pypi-size check**: 1 module block"),
        "{summary}"
    );
    // The same plan with the group's maximum at 8: the plan stands, over $600.
    let heavy = std::fs::read_to_string(fixture("heavy.json")).unwrap();
    let over = work.write(
        "over.json",
        &heavy.replace("\"max_size\":4", "\"max_size\":8"),
    );
    let (code, summary) = run(&script, &over, &work);
    assert_eq!(code, 3, "{summary}");
    assert!(summary.contains("over --max-monthly-cost"), "{summary}");
    // An instance type unknown at plan: the gate fails closed.
    let (code, _) = run(&script, &fixture("unknown.json"), &work);
    assert_eq!(code, 3);
}

#[test]
fn gitlab_script_gates_on_the_plan() {
    let script = gitlab_script(&page());
    let work = Scratch::new("plan-ci-gitlab");
    let (code, _) = run(&script, &fixture("heavy.json"), &work);
    assert_eq!(code, 0);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.file("infra/pypi-size.json")).unwrap())
            .unwrap();
    assert_eq!(report["summary"]["max_monthly_cost"], 508.64);
    let (code, _) = run(&script, &fixture("unknown.json"), &work);
    assert_eq!(code, 3);
    // A damaged plan: exit 1, the job fails.
    let broken = work.write("broken.json", "{\"format_version\":\"1.2\"");
    let (code, _) = run(&script, &broken, &work);
    assert_eq!(code, 1);
}
