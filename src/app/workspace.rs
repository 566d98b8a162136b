//! Reads the Terraform files `check` is given into roots, as Terraform would:
//! a directory is a root of its `.tf` files with its `terraform.tfvars` and
//! `*.auto.tfvars` loaded automatically; loose files form one more root.
//! Never writes.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tf_eval::{Root, TfFile, VarSetting};

use crate::app::input::{Bom, display_path, read_text};
use crate::app::tf_cli_args::EnvSetting;
use crate::app::usage::UsageError;

/// A Terraform file larger than this is refused rather than read (and all
/// files of a run together are bounded by input::RUN_BUDGET_BYTES).
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A variable setting from the command line, in the order given.
pub enum CliSetting {
    Var(String),
    VarFile(PathBuf),
}

pub fn roots(paths: &[PathBuf], cli: &[CliSetting]) -> Result<Vec<Root>> {
    // TF_VAR_ values come first: every file and flag overrides them.
    let mut base: Vec<VarSetting> = std::env::vars()
        .filter_map(|(k, v)| {
            k.strip_prefix("TF_VAR_")
                .map(|name| VarSetting::Environment {
                    name: name.to_string(),
                    value: v,
                })
        })
        .collect();
    base.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));

    let mut command_line = Vec::new();
    for setting in cli {
        command_line.push(match setting {
            CliSetting::Var(text) => VarSetting::Assignment { text: text.clone() },
            CliSetting::VarFile(path) => var_file(path)?,
        });
    }

    let env = crate::app::tf_cli_args::from_env()?;
    warn_once(&env.warnings);

    let mut dirs = Vec::new();
    let mut loose = Root::default();
    let mut loose_vars = Vec::new();
    // The same directory or file named twice is read once.
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        if path != Path::new("-")
            && !seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
        {
            continue;
        }
        if path == Path::new("-") {
            loose.tf_files.push(tf_file(path)?);
            continue;
        }
        if loose.dir.is_empty() && !path.is_dir() {
            loose.dir = parent_dir(path);
        }
        let meta = std::fs::metadata(path)
            .with_context(|| format!("cannot read {}", display_path(path)))?;
        if meta.is_dir() {
            dirs.push(directory(path)?);
            continue;
        }
        let name = path.as_os_str();
        if is_configuration(name) {
            loose.tf_files.push(tf_file(path)?);
        } else if ends_with(name, ".tfvars") || ends_with(name, ".tfvars.json") {
            loose_vars.push(var_file(path)?);
        } else {
            return Err(UsageError(format!(
                "{}: not a .tf, .tf.json, .tfvars or .tfvars.json file, nor a directory",
                display_path(path)
            ))
            .into());
        }
    }
    if !loose.tf_files.is_empty() {
        dirs.push((loose, Vec::new()));
    }
    dirs.into_iter()
        .map(|(mut root, auto)| {
            let from_env = env_settings(&root.dir, &env.settings)?;
            root.settings = base
                .iter()
                .cloned()
                .chain(auto)
                .chain(loose_vars.iter().cloned())
                .chain(from_env)
                .chain(command_line.iter().cloned())
                .collect();
            Ok(root)
        })
        .collect()
}

/// TF_CLI_ARGS(_plan)'s -var and -var-file for the root in `dir`: a
/// relative -var-file is read from the root's directory, where Terraform
/// runs (in CI, `terraform plan` in the root).
fn env_settings(dir: &str, settings: &[EnvSetting]) -> Result<Vec<VarSetting>> {
    let dir = if dir.is_empty() { "." } else { dir };
    settings
        .iter()
        .map(|s| match s {
            EnvSetting::Var { text, env } => Ok(VarSetting::EnvAssignment {
                text: text.clone(),
                env: env.to_string(),
            }),
            EnvSetting::VarFile { path, env } => {
                let path = if path.is_absolute() {
                    path.clone()
                } else {
                    Path::new(dir).join(path)
                };
                var_file(&path).with_context(|| format!("-var-file in {env}"))
            }
        })
        .collect()
}

/// The warnings about TF_CLI_ARGS(_plan), said once however many trees
/// are read (diff reads two).
fn warn_once(warnings: &[String]) {
    static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if SAID.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    for w in warnings {
        crate::app::streams::message(&format!("warning: {w}"));
    }
}

/// The directory a file is in, as a root's directory (`.` for a bare name).
fn parent_dir(path: &Path) -> String {
    match path.parent().map(|p| p.display().to_string()) {
        Some(p) if !p.is_empty() => p,
        _ => ".".to_string(),
    }
}

/// A directory's `.tf` files and, in Terraform's order, the variable files it
/// loads by itself.
///
/// Names are taken as bytes, as Terraform takes them: a name that is not
/// UTF-8 is read like any other (and shown with `\xNN` for its odd bytes),
/// as it is when named on the command line.
pub fn directory(dir: &Path) -> Result<(Root, Vec<VarSetting>)> {
    let mut names: Vec<OsString> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", display_path(dir)))?
        .filter_map(|e| e.ok())
        // Links too, even broken or looping ones: reading them says why.
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()) && !e.path().is_dir())
        .map(|e| e.file_name())
        .collect();
    // Terraform skips hidden files among the configuration, but loads a
    // hidden `.x.auto.tfvars` (checked with Terraform 1.0.3).
    names.retain(|n| !ignored_by_terraform(n) || is_auto_tfvars(n));
    // Byte order, as Terraform lists a directory.
    names.sort_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
    let path_of = |name: &OsStr| dir.join(name);
    let mut root = Root {
        dir: display_path(dir),
        ..Root::default()
    };
    for name in names
        .iter()
        .filter(|n| is_configuration(n) && !ignored_by_terraform(n))
    {
        root.tf_files.push(tf_file(&path_of(name))?);
    }
    let mut auto = Vec::new();
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        if names.iter().any(|n| n == name) {
            auto.push(var_file(&path_of(OsStr::new(name)))?);
        }
    }
    for name in names.iter().filter(|n| is_auto_tfvars(n)) {
        auto.push(var_file(&path_of(name))?);
    }
    Ok((root, auto))
}

fn ends_with(name: &OsStr, suffix: &str) -> bool {
    name.as_encoded_bytes().ends_with(suffix.as_bytes())
}

fn is_auto_tfvars(name: &OsStr) -> bool {
    ends_with(name, ".auto.tfvars") || ends_with(name, ".auto.tfvars.json")
}

/// A configuration file, in native or JSON syntax.
pub fn is_configuration(name: &OsStr) -> bool {
    ends_with(name, ".tf") || ends_with(name, ".tf.json")
}

/// Files Terraform skips in a directory: hidden files, editor backups and
/// Emacs autosaves.
pub fn ignored_by_terraform(name: &OsStr) -> bool {
    let b = name.as_encoded_bytes();
    b.starts_with(b".") || b.ends_with(b"~") || (b.starts_with(b"#") && b.ends_with(b"#"))
}

/// Terraform skips a BOM in native syntax and refuses one in JSON.
fn bom_for(path: &Path) -> Bom {
    if ends_with(path.as_os_str(), ".json") {
        Bom::Refuse
    } else {
        Bom::Skip
    }
}

fn var_file(path: &Path) -> Result<VarSetting> {
    let (path, text) = read_text(path, MAX_FILE_BYTES, bom_for(path))?;
    Ok(VarSetting::File { path, text })
}

pub fn tf_file(path: &Path) -> Result<TfFile> {
    let (path, text) = read_text(path, MAX_FILE_BYTES, bom_for(path))?;
    Ok(TfFile { path, text })
}
