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

/// Standard input can be read once: not both as --profiles and as a file to
/// check. Checked before either is read.
pub fn stdin_read_once(cli: &Cli) -> Result<()> {
    let stdin = Some(Path::new("-"));
    let profiles = cli.profiles.as_deref() == stdin;
    let catalog = cli.catalog.as_deref() == stdin;
    let checked = match &cli.command {
        Command::Check(args) => args.paths.iter().any(|p| p.as_os_str() == "-"),
        Command::Catalog(crate::app::cli::CatalogCommand::Import(args)) => {
            args.instance_types.as_os_str() == "-" || args.prices.as_os_str() == "-"
        }
        _ => false,
    };
    if profiles && checked {
        return Err(UsageError(
            "standard input can be read once: give --profiles a file, or check a file \
             instead of -"
                .into(),
        )
        .into());
    }
    if catalog && (profiles || checked) {
        return Err(
            UsageError("standard input can be read once: give --catalog a file".into()).into(),
        );
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
