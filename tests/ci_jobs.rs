//! The CI jobs of docs/pull-requests.md work as written: the GitHub
//! Actions step that runs `diff` and the GitLab script (with its git
//! worktree of the merge base) are taken from the page and run with bash on
//! fixture trees, with the built binary on PATH. What reaches the network
//! (`gh`, GitLab's API) is a stand-in that records what it would send.

mod common;

use std::path::Path;
use std::process::Command;

use common::Scratch;

fn page() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/pull-requests.md"
    ))
    .unwrap()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The lines of the block scalar that starts after `opener` (a line ending
/// in `|`), dedented: those indented deeper than the opener.
fn block_after(lines: &[&str], opener: usize) -> String {
    let base = indent(lines[opener]);
    let body: Vec<&str> = lines[opener + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || indent(l) > base)
        .copied()
        .collect();
    let cut = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap();
    body.iter()
        .map(|l| l.get(cut..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The `run: |` script of the GitHub Actions step called `name`.
fn github_step(name: &str) -> String {
    let text = page();
    let lines: Vec<&str> = text.lines().collect();
    let step = lines
        .iter()
        .position(|l| l.trim() == format!("- name: {name}"))
        .unwrap_or_else(|| panic!("no step {name:?} in docs/pull-requests.md"));
    let run = (step..lines.len())
        .find(|&i| lines[i].trim_start().starts_with("run: |"))
        .unwrap();
    block_after(&lines, run)
}

/// The one-line `run:` of the GitHub Actions step called `name`.
fn github_run_line(name: &str) -> String {
    let text = page();
    let lines: Vec<&str> = text.lines().collect();
    let step = lines
        .iter()
        .position(|l| l.trim() == format!("- name: {name}"))
        .unwrap();
    lines[step + 1]
        .trim()
        .strip_prefix("run: ")
        .unwrap()
        .to_string()
}

/// The `- |` script of the GitLab job.
fn gitlab_script() -> String {
    let text = page();
    let lines: Vec<&str> = text.lines().collect();
    let script = lines.iter().position(|l| l.trim() == "script:").unwrap();
    let block = (script..lines.len())
        .find(|&i| lines[i].trim() == "- |")
        .unwrap();
    block_after(&lines, block)
}

/// PATH with `dirs` first, then the built binary's directory.
fn path_with(dirs: &[&Path]) -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_pypi-size")).parent().unwrap();
    let mut parts: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    parts.push(bin.display().to_string());
    parts.push(std::env::var("PATH").unwrap_or_default());
    parts.join(":")
}

fn copy_tree(from: &str, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn bash(script: &str, dir: &Path, env: &[(&str, String)]) -> std::process::Output {
    let mut cmd = Command::new("bash");
    // As both runners do: errexit and pipefail.
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env_remove("PYPI_SIZE_PROFILES")
        .env_remove("PYPI_SIZE_CATALOG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Runs the GitHub step on BASE and HEAD of a fixture case: the step's
/// output `status`, and the report it leaves for the next step to post.
fn github_run(case: Option<&str>) -> (String, String) {
    let work = Scratch::new("ci-github");
    if let Some(case) = case {
        copy_tree(
            &format!("tests/fixtures/diff/{case}/base"),
            &work.0.join("base/infra"),
        );
        copy_tree(
            &format!("tests/fixtures/diff/{case}/head"),
            &work.0.join("head/infra"),
        );
    }
    let output_file = work.file("github_output");
    let out = bash(
        &github_step("Size the change"),
        &work.0,
        &[
            ("PATH", path_with(&[])),
            ("GITHUB_OUTPUT", output_file.clone()),
        ],
    );
    assert!(
        out.status.success(),
        "the step itself must not fail: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outputs = std::fs::read_to_string(&output_file).unwrap();
    let status = outputs
        .lines()
        .find_map(|l| l.strip_prefix("status="))
        .unwrap()
        .to_string();
    let report = std::fs::read_to_string(work.file("pypi-size.md")).unwrap();
    // The Gate step exits with that status.
    let gate = github_run_line("Gate").replace("${{ steps.diff.outputs.status }}", &status);
    let gated = bash(&gate, &work.0, &[]);
    assert_eq!(gated.status.code().unwrap().to_string(), status);
    (status, report)
}

#[test]
fn github_step_reports_and_gates() {
    // +$111.69 a month: above --fail-above 100.
    let (status, report) = github_run(Some("instance_type"));
    assert_eq!(status, "3");
    assert!(report.starts_with("**pypi-size diff**"), "{report}");
    assert!(report.contains("module.pypiserver"), "{report}");
    assert!(report.contains("\\+\\$111.69"), "{report}");

    let (status, report) = github_run(Some("unchanged"));
    assert_eq!(status, "0");
    assert!(
        report.starts_with("**pypi-size diff**: no change"),
        "{report}"
    );

    // No tree at all: pypi-size cannot run, and the comment says why.
    let (status, report) = github_run(None);
    assert_eq!(status, "1");
    assert!(report.starts_with("**pypi-size diff** could not run:"));
    assert!(report.contains("base/infra"), "{report}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=ci", "-c", "user.email=ci@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn gitlab_script_reports_posts_and_gates() {
    let work = Scratch::new("ci-gitlab");
    let repo = work.0.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    copy_tree(
        "tests/fixtures/diff/instance_type/base",
        &repo.join("infra"),
    );
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "base"]);
    let base_sha = git(&repo, &["rev-parse", "HEAD"]);
    copy_tree(
        "tests/fixtures/diff/instance_type/head",
        &repo.join("infra"),
    );
    git(&repo, &["commit", "--quiet", "-am", "bigger instances"]);

    // A stand-in curl: records its arguments and the note's body.
    let bin = work.0.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let curl = bin.join("curl");
    std::fs::write(
        &curl,
        format!(
            "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > {0}/curl.args\n\
             for a in \"$@\"; do case \"$a\" in body=\\<*) cp \"${{a#body=<}}\" {0}/note.md;; \
             esac; done\n",
            work.path()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&curl, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = bash(
        &gitlab_script(),
        &repo,
        &[
            ("PATH", path_with(&[&bin])),
            ("CI_MERGE_REQUEST_DIFF_BASE_SHA", base_sha),
            ("CI_API_V4_URL", "https://gitlab.example.com/api/v4".into()),
            ("CI_PROJECT_ID", "7".into()),
            ("CI_MERGE_REQUEST_IID", "42".into()),
            ("PYPI_SIZE_TOKEN", "glpat-secret".into()),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The gate: +$111.69 a month is above --fail-above 100.
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("above --fail-above $100.00"), "{stderr}");
    let report = std::fs::read_to_string(repo.join("pypi-size.md")).unwrap();
    let note = std::fs::read_to_string(work.file("note.md")).unwrap();
    assert_eq!(note, report);
    assert!(report.contains("\\+\\$111.69"), "{report}");
    let args = std::fs::read_to_string(work.file("curl.args")).unwrap();
    assert!(args.contains("PRIVATE-TOKEN: glpat-secret"), "{args}");
    assert!(
        args.contains("https://gitlab.example.com/api/v4/projects/7/merge_requests/42/notes"),
        "{args}"
    );
}
