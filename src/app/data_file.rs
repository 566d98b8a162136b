//! Which profiles.toml a run uses, and standard input read at most once.

use std::path::Path;

use anyhow::{Context, Result};
use pypi_size::Tables;

use crate::app::cli::{Cli, Command};
use crate::app::usage::UsageError;

/// A data file larger than this is not a profiles.toml: refuse it rather than
/// read it all.
const MAX_PROFILES_BYTES: u64 = 4 * 1024 * 1024;

/// Standard input can be read once: not both as --profiles and as a file to
/// check. Checked before either is read.
pub fn stdin_read_once(cli: &Cli) -> Result<()> {
    let profiles = cli.profiles.as_deref() == Some(Path::new("-"));
    let checked = match &cli.command {
        Command::Check(args) => args.paths.iter().any(|p| p.as_os_str() == "-"),
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
    Ok(())
}

/// The tables: the file given (`-` for standard input), else the embedded copy.
pub fn load_tables(path: Option<&Path>) -> Result<Tables> {
    let Some(path) = path else {
        return Ok(Tables::from_toml(
            pypi_size::EMBEDDED_PROFILES,
            "<embedded profiles.toml>",
        )?);
    };
    let (origin, text) = crate::app::input::read_text(path, MAX_PROFILES_BYTES)
        .context("cannot load the profiles file")?;
    Ok(Tables::from_toml(&text, &origin)?)
}
