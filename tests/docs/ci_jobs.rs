//! The CI jobs of docs/pull-requests.md work as written: the GitHub
//! Actions step that runs `diff` and the GitLab script (with its git
//! worktree of the merge base) are taken from the page and run with bash on
//! fixture trees, with the built binary on PATH. What reaches the network
//! (`gh`, GitLab's API) is a stand-in that records what it would send.

use std::path::Path;
use std::process::Command;

use crate::common::{self, Scratch};

fn page() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/pull-requests.md"
    ))
    .unwrap()
}

/// The lines of the block scalar that starts after `opener` (a line ending
/// in `|`), dedented, with a final newline (a script as a file holds it).
fn block_after(lines: &[&str], opener: usize) -> String {
    common::block_scalar(lines, opener) + "\n"
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

/// Writes an executable stand-in called `name` into `dir`.
fn stand_in(dir: &Path, name: &str, script: &str) {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// `gh api`, as far as the job uses it: a GET answers the ids the test
/// left in `$WORK/comment_ids` (as `--jq` would print them); a PATCH or
/// POST is logged in `$WORK/api.log` and its body kept in `$WORK/body.md`.
const GH: &str = r#"#!/usr/bin/env bash
method=GET; path=; body=
while [ $# -gt 0 ]; do
  case "$1" in
    api|--paginate) ;;
    --method) shift; method=$1 ;;
    --jq) shift ;;
    -F) shift; body=${1#body=@} ;;
    *) path=$1 ;;
  esac
  shift
done
if [ "$method" = GET ]; then cat "$WORK/comment_ids"; exit 0; fi
echo "$method $path" >> "$WORK/api.log"
cp "$body" "$WORK/body.md"
"#;

/// GitLab's notes API through `curl`: a GET answers the notes the test left
/// in `$WORK/notes.json`; a PUT or POST is logged and its body kept.
const CURL: &str = r#"#!/usr/bin/env bash
method=GET; url=; body=
while [ $# -gt 0 ]; do
  case "$1" in
    --request) shift; method=$1 ;;
    --header) shift; echo "header $1" >> "$WORK/headers" ;;
    --form) shift; body=${1#body=<} ;;
    http*) url=$1 ;;
  esac
  shift
done
if [ "$method" = GET ]; then cat "$WORK/notes.json"; exit 0; fi
echo "$method $url" >> "$WORK/api.log"
cp "$body" "$WORK/body.md"
"#;

/// A checkout as actions/checkout leaves one with `fetch-depth: 2`: the
/// merge commit (HEAD's tree) whose first parent is BASE's; `None` leaves
/// `infra` out of that side.
fn github_checkout(work: &Path, base: Option<&str>, head: Option<&str>) {
    let repo = work.join("head");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "--quiet"]);
    std::fs::write(repo.join("README"), "infra\n").unwrap();
    for (tree, message) in [(base, "base"), (head, "merge")] {
        let _ = std::fs::remove_dir_all(repo.join("infra"));
        if let Some(tree) = tree {
            copy_tree(tree, &repo.join("infra"));
        }
        git(&repo, &["add", "--all", "."]);
        git(
            &repo,
            &["commit", "--quiet", "--allow-empty", "-m", message],
        );
    }
}

/// Runs the GitHub steps on a checkout, twice (the second push edits the
/// first comment): the step's output `status`, and the report it posts.
fn github_run(base: Option<&str>, head: Option<&str>) -> (String, String) {
    let work = Scratch::new("ci-github");
    github_checkout(&work.0, base, head);
    let checkout = bash(&github_step("Check out its base"), &work.0, &[]);
    assert!(
        checkout.status.success(),
        "{}",
        String::from_utf8_lossy(&checkout.stderr)
    );
    let bin = work.0.join("bin");
    stand_in(&bin, "gh", GH);
    let output_file = work.file("github_output");
    let env = [
        ("PATH", path_with(&[&bin])),
        ("GITHUB_OUTPUT", output_file.clone()),
        ("GITHUB_REPOSITORY", "acme/infra".to_string()),
        (
            "COMMENTS",
            "repos/acme/infra/issues/12/comments".to_string(),
        ),
        ("WORK", work.path().to_string()),
    ];
    let mut status = String::new();
    for (push, existing) in [(1, ""), (2, "41\n77\n")] {
        std::fs::write(work.file("comment_ids"), existing).unwrap();
        let _ = std::fs::remove_file(&output_file);
        let out = bash(&github_step("Size the change"), &work.0, &env);
        assert!(
            out.status.success(),
            "the step itself must not fail: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let outputs = std::fs::read_to_string(&output_file).unwrap();
        status = outputs
            .lines()
            .find_map(|l| l.strip_prefix("status="))
            .unwrap()
            .to_string();
        let posted = bash(&github_step("Post the report"), &work.0, &env);
        assert!(posted.status.success(), "push {push}");
        // The Gate step exits with that status.
        let gate = github_run_line("Gate").replace("${{ steps.diff.outputs.status }}", &status);
        let gated = bash(&gate, &work.0, &[]);
        assert_eq!(gated.status.code().unwrap().to_string(), status);
    }
    let log = std::fs::read_to_string(work.file("api.log")).unwrap();
    assert_eq!(
        log,
        "POST repos/acme/infra/issues/12/comments\n\
         PATCH repos/acme/infra/issues/comments/77\n",
        "one comment, edited by the next push"
    );
    let body = std::fs::read_to_string(work.file("body.md")).unwrap();
    assert!(body.ends_with("<!-- pypi-size diff -->\n"), "{body}");
    (status, body)
}

const FIXTURES: &str = "tests/fixtures/diff";

#[test]
fn github_steps_report_post_and_gate() {
    let fixture = |case: &str, side: &str| format!("{FIXTURES}/{case}/{side}");
    // +$112.97 a month: above --fail-above 100.
    let (base, head) = (
        fixture("instance_type", "base"),
        fixture("instance_type", "head"),
    );
    let (status, report) = github_run(Some(&base), Some(&head));
    assert_eq!(status, "3");
    assert!(report.starts_with("**pypi-size diff**"), "{report}");
    assert!(report.contains("module.pypiserver"), "{report}");
    assert!(report.contains("\\+\\$112.97"), "{report}");

    let same = fixture("unchanged", "base");
    let (status, report) = github_run(Some(&same), Some(&same));
    assert_eq!(status, "0");
    assert!(
        report.starts_with("**pypi-size diff**: no change"),
        "{report}"
    );

    // A pull request that adds the Terraform directory: all of it is new.
    let (status, report) = github_run(None, Some(&same));
    assert_eq!(status, "3", "+$277.90 is above --fail-above 100");
    assert!(report.contains("1 added"), "{report}");

    // One that removes it: pypi-size cannot read HEAD, and says why.
    let (status, report) = github_run(Some(&same), None);
    assert_eq!(status, "1");
    assert!(report.starts_with("**pypi-size diff** could not run:"));
    assert!(report.contains("head/infra"), "{report}");
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
fn gitlab_script_reports_posts_and_gates_run_after_run() {
    let jq = Command::new("jq").arg("--version").output();
    assert!(
        jq.is_ok_and(|o| o.status.success()),
        "the GitLab job reads its notes with jq: install it (apt-get install jq), as .ci/run does"
    );
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

    let bin = work.0.join("bin");
    stand_in(&bin, "curl", CURL);
    let env = [
        ("PATH", path_with(&[&bin])),
        ("CI_PROJECT_DIR", repo.display().to_string()),
        ("CI_MERGE_REQUEST_DIFF_BASE_SHA", base_sha),
        ("CI_API_V4_URL", "https://gitlab.example.com/api/v4".into()),
        ("CI_PROJECT_ID", "7".into()),
        ("CI_MERGE_REQUEST_IID", "42".into()),
        ("PYPI_SIZE_TOKEN", "glpat-secret".into()),
        ("WORK", work.path().to_string()),
    ];
    let notes = [
        "[]",
        r#"[{"id": 3, "body": "LGTM"}, {"id": 5, "body": "old\n<!-- pypi-size diff -->\n"}]"#,
    ];
    for (run, listed) in notes.iter().enumerate() {
        std::fs::write(work.file("notes.json"), listed).unwrap();
        // As a runner that keeps its builds directory between jobs.
        let out = bash(&gitlab_script(), &repo, &env);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // The gate: +$112.97 a month is above --fail-above 100.
        assert_eq!(out.status.code(), Some(3), "run {run}: {stderr}");
        assert!(stderr.contains("above --fail-above $100.00"), "{stderr}");
    }
    let report = std::fs::read_to_string(repo.join("pypi-size.md")).unwrap();
    let note = std::fs::read_to_string(work.file("body.md")).unwrap();
    assert_eq!(note, report);
    assert!(report.contains("\\+\\$112.97"), "{report}");
    let log = std::fs::read_to_string(work.file("api.log")).unwrap();
    let notes_url = "https://gitlab.example.com/api/v4/projects/7/merge_requests/42/notes";
    assert_eq!(
        log,
        format!("POST {notes_url}\nPUT {notes_url}/5\n"),
        "one note, edited by the next push"
    );
    let headers = std::fs::read_to_string(work.file("headers")).unwrap();
    assert!(headers.contains("PRIVATE-TOKEN: glpat-secret"), "{headers}");
}

/// The `--jq` program of the "Post the report" step, as written.
fn github_jq() -> String {
    let step = github_step("Post the report");
    let start = step.find("--jq '").unwrap() + "--jq '".len();
    let end = start + step[start..].find('\'').unwrap();
    step[start..end].to_string()
}

fn jq(program: &str, input: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("jq")
        .args(["-r", program])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("jq (apt-get install jq, as .ci/run does)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "jq {program}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_github_step_edits_only_the_bots_marked_comment() {
    // A person quoting the report, another bot, and the report itself.
    let comments = r#"[
      {"id": 1, "user": {"login": "alice"}, "body": "> <!-- pypi-size diff --> why?"},
      {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "coverage 91%"},
      {"id": 3, "user": {"login": "github-actions[bot]"}, "body": "x\n<!-- pypi-size diff -->\n"}
    ]"#;
    assert_eq!(jq(&github_jq(), comments), "3\n");
    assert_eq!(jq(&github_jq(), "[]"), "");
}
