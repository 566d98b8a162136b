//! What the command line takes from the module's variable table: help texts
//! that carry the module's numbers (clap's derive docs in cli.rs are static;
//! ranges and defaults come from the loaded profiles.toml, so a changed data
//! file changes `--help` too), and which flags a profile excludes.

use clap::Command;
use pypi_size::data::ModuleConstants;
use pypi_size::module::variables::VARIABLES;

/// The command line with every module variable's help taken from the data.
/// Each subcommand is rebuilt once (`mut_args`), not once per flag: a clap
/// `Command` moves by value, and start-up should not copy it hundreds of
/// times.
pub fn with_data_help(command: Command, m: &ModuleConstants) -> Command {
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
