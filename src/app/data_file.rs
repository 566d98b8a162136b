//! Which profiles.toml a run uses, and standard input read at most once.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use pypi_size::Tables;

use crate::app::cli::{Cli, Command};
use crate::app::input::Bom;
use crate::app::usage::UsageError;

/// A data file larger than this is not a profiles.toml: refuse it rather than
/// read it all.
const MAX_PROFILES_BYTES: u64 = 4 * 1024 * 1024;

/// Standard input can be read once: `-` may stand for one file of the run,
/// whichever flag or argument names it. Checked before anything is read.
pub fn stdin_read_once(cli: &Cli) -> Result<()> {
    let stdin = |p: &Path| p.as_os_str() == "-";
    let mut readers: Vec<&str> = Vec::new();
    let mut read = |path: &Path, what| {
        if stdin(path) {
            readers.push(what);
        }
    };
    for (path, what) in [(&cli.profiles, "--profiles"), (&cli.catalog, "--catalog")] {
        if let Some(path) = path {
            read(path, what);
        }
    }
    match &cli.command {
        Command::Check(args) => {
            args.paths.iter().for_each(|p| read(p, "a path"));
            args.plan.iter().for_each(|p| read(p, "--plan"));
            args.var_files.iter().for_each(|p| read(p, "--var-file"));
        }
        Command::Diff(args) => {
            args.base.iter().for_each(|p| read(p, "BASE"));
            args.head.iter().for_each(|p| read(p, "HEAD"));
            args.plan.iter().for_each(|p| read(p, "--plan"));
            args.var_files.iter().for_each(|p| read(p, "--var-file"));
            args.base_var_files
                .iter()
                .for_each(|p| read(p, "--base-var-file"));
            args.head_var_files
                .iter()
                .for_each(|p| read(p, "--head-var-file"));
        }
        Command::Catalog(crate::app::cli::CatalogCommand::Import(args)) => {
            read(&args.instance_types, "--instance-types");
            read(&args.prices, "--prices");
        }
        Command::Advise(args) => {
            if let Some(path) = &args.metrics {
                read(path, "--metrics");
            }
        }
        _ => {}
    }
    if readers.len() > 1 {
        return Err(UsageError(format!(
            "standard input can be read once, and `-` is given {} times ({}): give all but \
             one a file",
            readers.len(),
            readers.join(", ")
        ))
        .into());
    }
    Ok(())
}

/// The tables: the file given (`-` for standard input), else the embedded copy.
pub fn load_tables(path: Option<&Path>) -> Result<Tables> {
    let Some(path) = path else {
        // Parsed at build time (build.rs): no TOML to read at start-up.
        return Ok(Tables::embedded());
    };
    // A BOM is skipped, as the TOML parser would: the same file loads the
    // same with or without one, and lines and columns count from after it.
    let (origin, text) = crate::app::input::read_text(path, MAX_PROFILES_BYTES, Bom::Skip)
        .context("cannot load the profiles file")?;
    Ok(Tables::from_toml(&text, &origin)?)
}

/// The data file the command line names, found before clap parses it:
/// `Some(None)` for the embedded copy, `Some(Some(path))` for a file, and
/// `None` for standard input, which must not be read before the flags are
/// checked.
pub fn early_path(args: &[OsString]) -> Option<Option<PathBuf>> {
    let mut named = std::env::var_os("PYPI_SIZE_PROFILES").map(PathBuf::from);
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        if arg == "--" {
            break;
        }
        if arg == "--profiles" {
            named = iter.next().map(PathBuf::from);
        } else if let Some(path) = arg.to_str().and_then(|s| s.strip_prefix("--profiles=")) {
            named = Some(PathBuf::from(path));
        }
    }
    match named {
        Some(p) if p.as_os_str() == "-" => None,
        // An empty value is clap's to reject, with its own message.
        Some(p) if p.as_os_str().is_empty() => None,
        other => Some(other),
    }
}
