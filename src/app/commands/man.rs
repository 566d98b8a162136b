//! `man`: the manual pages, the top-level one, one subcommand's, or all of
//! them written into a directory. Needs no data file: ranges and names are
//! the data file's where it loads, else the embedded data's.

use anyhow::Result;

use crate::app::cli::Cli;
use crate::app::help::data_command;

/// The top-level page, one subcommand's, or every page written into `dir`
/// (the text then lists the files).
pub fn exec(cli: &Cli, command: Option<&str>, dir: Option<&std::path::Path>) -> Result<String> {
    let mut cmd = data_command(cli).disable_help_subcommand(true);
    cmd.build();
    let source = format!("pypi-size {}", env!("CARGO_PKG_VERSION"));
    let page = |c: &clap::Command| clap_mangen::Man::new(c.clone()).source(source.clone());
    let Some(dir) = dir else {
        let shown = match command {
            Some(name) => cmd
                .find_subcommand(name)
                .ok_or_else(|| anyhow::anyhow!("clap accepted an unknown subcommand `{name}`"))?,
            None => &cmd,
        };
        let mut buf = Vec::new();
        page(shown).render(&mut buf)?;
        return Ok(String::from_utf8(buf)?);
    };
    let failed = |e: std::io::Error| anyhow::anyhow!("--dir {}: {e}", dir.display());
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mut written = String::new();
    for c in std::iter::once(&cmd).chain(cmd.get_subcommands()) {
        let path = page(c).generate_to(dir).map_err(failed)?;
        // The directory is the user's text: a control character in it is
        // shown escaped, not sent to the terminal.
        let shown = crate::render::terminal_safe(&path.display().to_string(), false);
        written.push_str(&format!("{shown}\n"));
    }
    Ok(written)
}
