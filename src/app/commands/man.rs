//! `man`: the manual pages, the top-level one, one subcommand's (nested
//! ones by their page name, `catalog-import`), or all of them written into a
//! directory. Made from the command line `main` parsed with, so the pages
//! carry the same data-driven help as `--help`.

use anyhow::Result;

/// The top-level page, one subcommand's, or every page written into `dir`
/// (the text then lists the files).
pub fn exec(
    parsed: &clap::Command,
    command: Option<&str>,
    dir: Option<&std::path::Path>,
) -> Result<String> {
    let mut cmd = without_help_subcommands(parsed.clone());
    cmd.build();
    let source = format!("pypi-size {}", env!("CARGO_PKG_VERSION"));
    let page = |c: &clap::Command| clap_mangen::Man::new(c.clone()).source(source.clone());
    let pages = every_page(&cmd);
    let Some(dir) = dir else {
        let shown = match command {
            Some(name) => pages
                .iter()
                .find(|c| c.get_display_name() == Some(&format!("pypi-size-{name}")))
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
    for c in std::iter::once(&cmd).chain(pages) {
        let path = page(c).generate_to(dir).map_err(failed)?;
        // The directory is the user's text: a control character in it is
        // shown escaped, not sent to the terminal.
        let shown = crate::render::terminal_safe(&path.display().to_string(), false);
        written.push_str(&format!("{shown}\n"));
    }
    Ok(written)
}

/// Every subcommand, nested ones too (`catalog import`): each has a page,
/// so no page names one that is not written.
fn every_page(cmd: &clap::Command) -> Vec<&clap::Command> {
    let mut out = Vec::new();
    for s in cmd.get_subcommands() {
        out.push(s);
        out.extend(every_page(s));
    }
    out
}

/// The command without clap's `help` subcommands, at every level: `-h` is
/// on every page, and a page for `catalog help` would only repeat it.
fn without_help_subcommands(cmd: clap::Command) -> clap::Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names
        .iter()
        .fold(cmd.disable_help_subcommand(true), |c, n| {
            c.mut_subcommand(n, without_help_subcommands)
        })
}
