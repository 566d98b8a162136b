//! `completions`: a shell's completion script, instance types and profile
//! names included, made from the command line `main` parsed with (the data
//! file's names where it loads, else the embedded data's). Bash's script is
//! mended for an upstream bug (`bash.rs`).

mod bash;

use anyhow::Result;

pub fn exec(parsed: &clap::Command, shell: clap_complete::Shell) -> Result<String> {
    let mut cmd = parsed.clone();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "pypi-size", &mut buf);
    let text = String::from_utf8(buf)?;
    Ok(match shell {
        clap_complete::Shell::Bash => bash::mended(&text),
        _ => text,
    })
}
