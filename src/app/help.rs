//! What the command line takes from the module's variable table: help texts
//! that carry the module's numbers (clap's derive docs in cli.rs are static;
//! ranges and defaults come from the loaded profiles.toml, so a changed data
//! file changes `--help` too), and which flags a profile excludes.

use std::ffi::OsString;

use clap::Command;
use pypi_size::data::ModuleConstants;
use pypi_size::module::variables::VARIABLES;

/// The command line for these arguments: with the data's help texts where
/// help may be shown; otherwise only what parsing needs (a profile's
/// conflicts), since putting every variable's help into every subcommand is
/// a good part of a start-up that prints none of it.
pub fn command_for(args: &[OsString], command: Command, m: &ModuleConstants) -> Command {
    with_data_help(command, m, wants_help(args))
}

/// Whether the command line may print help: `-h`, `--help` or `help`
/// anywhere (a short-flag cluster too). A false yes only costs time.
fn wants_help(args: &[OsString]) -> bool {
    args.iter().skip(1).any(|a| {
        let a = a.to_string_lossy();
        a == "help"
            || a.starts_with("--help")
            || (a.starts_with('-') && !a.starts_with("--") && a.contains('h'))
    })
}

/// The command line with every module variable's help taken from the data
/// (with `texts`), and a profile's conflicts with the flags of what it sets.
/// Each subcommand is rebuilt once (`mut_args`), not once per flag: a clap
/// `Command` moves by value, and start-up should not copy it hundreds of
/// times.
pub fn with_data_help(command: Command, m: &ModuleConstants, texts: bool) -> Command {
    let optimize_memory = format!(
        "container_memory values to try [default: {} to {} in steps of {}]",
        m.limits.container_memory.low,
        m.limits.container_memory.high,
        m.worker_memory_mb.get()
    );
    let mut command = command;
    for sub in command.get_subcommands_mut() {
        let name = sub.get_name().to_string();
        let owned = std::mem::take(sub);
        let has = |id: &str| owned.get_arguments().any(|a| a.get_id() == id);
        // Each flag of a module variable this subcommand has, with its help.
        let helps: Vec<(String, String)> = VARIABLES
            .iter()
            .filter(|_| texts)
            .filter_map(|v| {
                let id = v.flag?.trim_start_matches('-').replace('-', "_");
                let help = if name == "optimize" && id == "container_memory" {
                    optimize_memory.clone()
                } else {
                    v.help(m)
                };
                has(&id).then_some((id, help))
            })
            .collect();
        // A profile is a whole config: no flag of what it sets goes with it
        // (the EFS settings are costs a profile leaves to the flags).
        let module_flags: Vec<clap::Id> = VARIABLES
            .iter()
            .filter(|v| !v.name.starts_with("efs_"))
            .filter_map(|v| v.flag)
            .map(|f| f.trim_start_matches('-').replace('-', "_"))
            .filter_map(|id| {
                owned
                    .get_arguments()
                    .find(|a| a.get_id() == id.as_str())
                    .map(|a| a.get_id().clone())
            })
            .collect();
        let profile_conflicts = has("profile") && !module_flags.is_empty();
        if helps.is_empty() && !profile_conflicts {
            *sub = owned;
            continue;
        }
        *sub = owned.mut_args(|arg| {
            let mut arg = arg;
            if profile_conflicts && arg.get_id() == "profile" {
                arg = arg.conflicts_with_all(module_flags.clone());
            }
            match helps.iter().find(|(id, _)| arg.get_id() == id.as_str()) {
                Some((_, help)) => arg.help(help.clone()),
                None => arg,
            }
        });
    }
    command
}
