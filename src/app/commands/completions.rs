//! `completions`: a shell's completion script, instance types and profile
//! names included. Needs no data file: the names are the data file's where
//! it loads, else the embedded data's.

use anyhow::Result;

use crate::app::cli::Cli;
use crate::app::help::data_command;

pub fn exec(cli: &Cli, shell: clap_complete::Shell) -> Result<String> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut data_command(cli), "pypi-size", &mut buf);
    Ok(String::from_utf8(buf)?)
}
