//! What the command line takes from the loaded data: help texts that carry
//! the module's numbers (clap's derive docs in cli.rs are static; ranges and
//! defaults come from the loaded profiles.toml, so a changed data file
//! changes `--help` too), number errors that say what the module accepts,
//! and the names of the catalog and the guide, matched in any case and
//! offered by shell completions.

use clap::{Arg, Command};
use pypi_size::Tables;
use pypi_size::module::variables::VARIABLES;

use crate::app::cli::{NameParser, WholeNumber};

/// The command line with every module variable's help and number parser
/// taken from the data, and the name flags knowing the data's names.
pub fn with_data_help(command: Command, tables: &Tables) -> Command {
    let m = &tables.module;
    let optimize_memory = format!(
        "container_memory values to try [default: {} to {} in steps of {}]",
        m.limits.container_memory.low,
        m.limits.container_memory.high,
        m.worker_memory_mb.get()
    );
    let names = Names::of(tables);
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
                let accepted = v
                    .flag_range(m)
                    .map(|r| format!("the module's {} accepts {r}", v.name));
                owned = owned.mut_arg(id, |a| {
                    let a = a.help(help);
                    if v.terraform_type == "number" || v.name == "asg_subnets" {
                        a.value_parser(WholeNumber { accepted })
                    } else {
                        a
                    }
                });
            }
        }
        *sub = names.apply(owned);
    }
    // `man COMMAND` takes the subcommands' names.
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    command.mut_subcommand("man", |man| {
        man.mut_arg("command", |a| {
            a.value_parser(clap::builder::PossibleValuesParser::new(subcommands))
                .hide_possible_values(true)
        })
    })
}

/// The names a flag may take from the data.
struct Names {
    instances: Vec<String>,
    families: Vec<String>,
    profiles: Vec<String>,
}

impl Names {
    fn of(tables: &Tables) -> Names {
        let instances: Vec<String> = tables.instance_names().map(String::from).collect();
        let mut families: Vec<String> = instances
            .iter()
            .map(|n| pypi_size::data::family_of(n).to_string())
            .collect();
        families.sort();
        families.dedup();
        // Names go into shell scripts and help: only plain ones (a data
        // file may name a profile anything).
        let plain = |names: Vec<String>| -> Vec<String> {
            names
                .into_iter()
                .filter(|n| {
                    !n.is_empty()
                        && n.chars()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                })
                .collect()
        };
        Names {
            instances: plain(instances),
            families: plain(families),
            profiles: plain(tables.profile_names()),
        }
    }

    /// `--instance`, `--family` and `--profile` of a subcommand, wherever it
    /// has them.
    fn apply(&self, mut sub: Command) -> Command {
        for (id, names) in [
            ("instance", &self.instances),
            ("instances", &self.instances),
            ("family", &self.families),
            ("profile", &self.profiles),
        ] {
            if sub.get_arguments().any(|a| a.get_id() == id) {
                sub = sub.mut_arg(id, |a: Arg| {
                    a.value_parser(NameParser {
                        names: names.clone(),
                    })
                    .hide_possible_values(true)
                });
            }
        }
        sub
    }
}
