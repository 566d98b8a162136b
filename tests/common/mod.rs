//! What the integration tests share, each helper once: the binary with a
//! clean environment, the usual ways of running it (succeeds and prints,
//! fails with a code and a message, prints one JSON document), the fixture
//! paths, proptest's case count, and scratch directories that remove
//! themselves.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub mod metrics;

use assert_cmd::Command;
use serde_json::Value;

/// A test of one command's standard output against its reviewed insta
/// snapshot, described by the command line (`#[macro_use] mod common;` at
/// the binary's root), in the file named by [`snapshot_name`].
#[allow(unused_macros)]
macro_rules! snapshot {
    // A verdict (exit 3) still prints its report: that is the snapshot.
    ($name:ident, exit $code:literal, $($arg:expr),+) => {
        #[test]
        fn $name() {
            let args = [$($arg),+];
            insta::with_settings!({
                description => args.join(" "),
                omit_expression => true,
                snapshot_path => $crate::common::SNAPSHOTS,
                prepend_module_to_snapshot => false,
            }, {
                insta::assert_snapshot!(
                    $crate::common::snapshot_name(module_path!(), stringify!($name)),
                    $crate::common::stdout_with_code(&args, $code)
                );
            });
        }
    };
    ($name:ident, $($arg:expr),+) => {
        snapshot!($name, exit 0, $($arg),+);
    };
}

/// Where the reviewed snapshots are, whichever test binary asserts them.
pub const SNAPSHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots");

/// A snapshot's file name (without `.snap`) as it was when each test file
/// was its own binary: `<file>__<name>`, the file being the module's last
/// path segment (`cli::launch` → `launch__capacity_ami_id_hcl`). insta
/// would otherwise prefix the whole module path, binary included; asserted
/// with `prepend_module_to_snapshot => false` and `snapshot_path =>`
/// [`SNAPSHOTS`], the reviewed files keep their names.
pub fn snapshot_name(module_path: &str, name: &str) -> String {
    let file = module_path.rsplit("::").next().unwrap_or(module_path);
    format!("{file}__{name}")
}

/// The Terraform trees `check` is tested on, relative to the crate root
/// (where `cargo test` runs the tests).
pub const FIXTURES: &str = "tests/fixtures/check";

/// The path of one fixture tree or file under [`FIXTURES`].
pub fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// The number of proptest cases: `PROPTEST_CASES` when set (for a long run),
/// else `default`, which keeps `cargo test` quick.
pub fn proptest_cases(default: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    proptest::test_runner::Config::with_cases(cases)
}

/// `pypi-size`, without the environment that would change its answers: a
/// data file, a terminal width, Terraform variables of the machine.
pub fn pypi_size() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pypi-size"));
    cmd.env_remove("PYPI_SIZE_PROFILES")
        .env_remove("PYPI_SIZE_CATALOG")
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR");
    for (k, _) in
        std::env::vars().filter(|(k, _)| k.starts_with("TF_VAR_") || k.starts_with("TF_CLI_ARGS"))
    {
        cmd.env_remove(k);
    }
    cmd
}

/// Runs `args`: stdout and the exit code, whatever they are.
pub fn output(args: &[&str]) -> (Vec<u8>, i32) {
    let out = pypi_size().args(args).output().unwrap();
    (
        out.stdout,
        out.status.code().expect("an exit code, not a signal"),
    )
}

/// Runs `args`, which must succeed: its stdout.
pub fn stdout(args: &[&str]) -> String {
    stdout_with_code(args, 0)
}

/// Runs `args`, which must exit with `code` (a verdict still prints its
/// report): its stdout.
pub fn stdout_with_code(args: &[&str], code: i32) -> String {
    let out = pypi_size().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must fail: checks the exit code, that stdout is empty
/// and that stderr says each of `words`.
pub fn fails_cmd(cmd: &mut Command, code: i32, words: &[&str]) {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{cmd:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{cmd:?} wrote to stdout");
    for w in words {
        assert!(stderr.contains(w), "{cmd:?}: stderr lacks {w:?}:\n{stderr}");
    }
}

/// [`fails_cmd`] for `pypi-size args`.
pub fn fails(args: &[&str], code: i32, words: &[&str]) {
    fails_cmd(pypi_size().args(args), code, words);
}

/// Exactly one JSON document, nothing after it. Numbers in serde_json are
/// finite by construction, so this also rejects `NaN` and `Infinity`.
pub fn one_document(bytes: &[u8]) -> Value {
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Value>();
    let first = stream.next().expect("a document").expect("valid JSON");
    assert!(stream.next().is_none(), "more than one JSON document");
    first
}

/// `args` with `--format json`, which must succeed: the one JSON document on
/// stdout.
pub fn json(args: &[&str]) -> Value {
    json_with_code(args, 0)
}

/// `args` with `--format json`: the exit code must be `code`; the one JSON
/// document on stdout.
pub fn json_with_code(args: &[&str], code: i32) -> Value {
    let out = pypi_size()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    one_document(&out.stdout)
}

/// A directory under the target directory, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// Writes `text` to `file` in the directory; returns its path.
    pub fn write(&self, file: &str, text: &str) -> String {
        let path = self.file(file);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The path of `file` in the directory.
    pub fn file(&self, file: &str) -> String {
        self.0.join(file).to_str().unwrap().to_string()
    }

    pub fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every GitHub table in `markdown` (a run of lines starting with `|`) is
/// well formed: its second line is the separator (`---` or `---:` per
/// column), and every row has as many cells as the header, split where
/// GitHub splits them: at a `|` not right after a backslash. The number of
/// tables.
pub fn assert_markdown_tables(markdown: &str) -> usize {
    let mut tables = 0;
    let lines: Vec<&str> = markdown.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with('|') {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && lines[i].starts_with('|') {
            i += 1;
        }
        let rows: Vec<Vec<String>> = lines[start..i].iter().map(|l| cells(l)).collect();
        assert!(
            rows.len() >= 2,
            "a table without a separator: {}",
            lines[start]
        );
        assert!(
            rows[1].iter().all(|c| c == "---" || c == "---:"),
            "not a separator row: {}",
            lines[start + 1]
        );
        for (n, row) in rows.iter().enumerate() {
            assert_eq!(
                row.len(),
                rows[0].len(),
                "row {n} of the table at line {}: {}",
                start + 1,
                lines[start + n]
            );
        }
        tables += 1;
    }
    tables
}

/// The cells of a table row, trimmed.
fn cells(line: &str) -> Vec<String> {
    let inner = line
        .strip_prefix('|')
        .and_then(|l| l.strip_suffix('|'))
        .unwrap_or_else(|| panic!("a row must start and end with `|`: {line}"));
    let mut cells = vec![String::new()];
    let mut before = ' ';
    for c in inner.chars() {
        if c == '|' && before != '\\' {
            cells.push(String::new());
        } else {
            cells.last_mut().unwrap().push(c);
        }
        before = c;
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}

/// The YAML block scalar after line `opener` (a line ending in `|`) of a
/// page's CI job, dedented: the lines indented deeper than the opener,
/// without a final newline. The docs' CI jobs are run as written.
pub fn block_scalar(lines: &[&str], opener: usize) -> String {
    let indent = |line: &str| line.len() - line.trim_start().len();
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
}
