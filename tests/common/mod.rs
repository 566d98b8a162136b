//! What the integration tests share: the binary with a clean environment,
//! and scratch directories that remove themselves.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use assert_cmd::Command;

/// `pypi-size`, without the environment that would change its answers: a
/// data file, a terminal width, Terraform variables of the machine.
pub fn pypi_size() -> Command {
    let mut cmd = Command::cargo_bin("pypi-size").unwrap();
    cmd.env_remove("PYPI_SIZE_PROFILES")
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR");
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("TF_VAR_")) {
        cmd.env_remove(k);
    }
    cmd
}

/// `args` with `--format json`: the exit code must be `code`; the one JSON
/// document on stdout.
pub fn json_with_code(args: &[&str], code: i32) -> serde_json::Value {
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
    serde_json::from_slice(&out.stdout).unwrap()
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
