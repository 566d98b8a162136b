//! Help texts that carry the module's numbers. clap's derive docs in cli.rs
//! are static; ranges and defaults come from the loaded profiles.toml, so a
//! changed data file changes `--help` too.

use clap::Command;
use pypi_size::data::ModuleConstants;
use pypi_size::module::variables::VARIABLES;

/// The command line with every module variable's help taken from the data.
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
        let mut owned = std::mem::take(sub);
        for v in VARIABLES {
            let Some(flag) = v.flag else { continue };
            let id = flag.trim_start_matches('-').replace('-', "_");
            if owned.get_arguments().any(|a| a.get_id() == id.as_str()) {
                let help = if name == "optimize" && id == "container_memory" {
                    optimize_memory.clone()
                } else {
                    v.help(m)
                };
                owned = owned.mut_arg(id, |a| a.help(help));
            }
        }
        *sub = owned;
    }
    command
}
