//! What the command line takes from the loaded data: help texts that carry
//! the module's numbers (clap's derive docs in cli/ are static; ranges and
//! defaults come from the loaded profiles.toml, so a changed data file
//! changes `--help` too), number errors that say what the module accepts,
//! and the names of the catalog and the guide, matched in any case and
//! offered by shell completions.

use clap::Command;
use pypi_size::Tables;
use pypi_size::module::variables::VARIABLES;

use crate::app::cli::{NameParser, WholeNumber};

/// The same for one run: only the subcommand the arguments name is fitted
/// with the data (clap needs no parser for a subcommand it does not parse),
/// unless help, completions or pages, which show them all, may be printed.
pub fn for_run(command: Command, tables: &Tables, args: &[std::ffi::OsString]) -> Command {
    let texts = wants_help(args);
    let only = if texts {
        None
    } else {
        args.iter().skip(1).find_map(|a| {
            let a = a.to_str()?;
            command
                .get_subcommands()
                .find(|s| s.get_name() == a || s.get_all_aliases().any(|x| x == a))
                .map(|s| s.get_name().to_string())
        })
    };
    with_data_help_for(command, tables, texts, only.as_deref())
}

fn with_data_help_for(
    command: Command,
    tables: &Tables,
    texts: bool,
    only: Option<&str>,
) -> Command {
    let m = &tables.module;
    let optimize_memory = format!(
        "container_memory values to try [default: {} to {} in steps of {}]",
        m.limits.container_memory.low,
        m.limits.container_memory.high,
        m.worker_memory_mb.get()
    );
    let names = FlagNames::of(tables);
    let mut command = command;
    for sub in command.get_subcommands_mut() {
        let name = sub.get_name().to_string();
        if only.is_some_and(|o| o != name) {
            continue;
        }
        let owned = std::mem::take(sub);
        // One pass over the subcommand's flags (`mut_args`): a clap
        // `Command` moves by value, and one `mut_arg` per flag copied it
        // dozens of times on every start-up.
        *sub = owned.mut_args(|a| {
            let id = a.get_id().as_str().to_string();
            // A name flag (`--instance`) takes the data's names, and its
            // help below as any other module variable's.
            let a = match names.for_flag(&id) {
                Some(names) => a
                    .value_parser(NameParser { names })
                    .hide_possible_values(true),
                None => a,
            };
            let Some(v) = VARIABLES.iter().find(|v| v.has_flag_id(&id)) else {
                return if texts {
                    burst_default(a, &name, &id, tables)
                } else {
                    a
                };
            };
            // Help texts only where help may be printed: formatting them all
            // is a good part of a start-up that prints none.
            let a = match (texts, name == "optimize" && id == "container_memory") {
                (false, _) => a,
                (true, true) => a.help(optimize_memory.clone()),
                (true, false) => a.help(help_in(&name, v, m)),
            };
            if names.for_flag(&id).is_some() {
                a
            } else if v.terraform_type == "number" || v.name == "asg_subnets" {
                let accepted = v
                    .flag_range(m)
                    .map(|r| format!("the module's {} accepts {r}", v.name));
                a.value_parser(WholeNumber { accepted })
            } else {
                a
            }
        });
    }
    if only.is_some_and(|o| o != "man") {
        return command;
    }
    // `man COMMAND` takes the pages' names: every subcommand, nested ones
    // joined by `-` (`catalog-import`), as the files `man --dir` writes.
    let pages = page_names(&command);
    let listed = format!("The subcommand whose page to print: {}", pages.join(", "));
    command.mut_subcommand("man", |man| {
        man.mut_arg("command", |a| {
            let a = a
                .value_parser(clap::builder::PossibleValuesParser::new(pages))
                .hide_possible_values(true);
            if texts { a.help(listed) } else { a }
        })
    })
}

/// A burst flag's default, from `[predict]` (the `///` text says what the
/// flag is; the figure is the data's, so a changed profiles.toml changes it).
fn burst_default(a: clap::Arg, name: &str, id: &str, tables: &Tables) -> clap::Arg {
    let p = &tables.predict;
    let default = match (name, id) {
        ("predict" | "optimize" | "advise", "busiest_share") => format!(
            "{}, from profiles.toml; docs/predict.md says why",
            p.busiest_share.get()
        ),
        ("predict" | "optimize", "packages") => {
            format!("the measurement's {}, from profiles.toml", p.packages)
        }
        _ => return a,
    };
    let Some(help) = a.get_help().map(|h| h.to_string()) else {
        return a;
    };
    let what = help.split(" [default:").next().unwrap_or(&help).trim_end();
    a.help(format!("{what} [default: {default}]"))
}

/// A module variable's help in subcommand `name`. `advise` judges the
/// deployed config, so its instance type has no default: it is required
/// (or --profile's), as app/commands/advise.rs says when it is missing.
fn help_in(
    name: &str,
    v: &pypi_size::module::variables::Variable,
    m: &pypi_size::data::ModuleConstants,
) -> String {
    let text = v.help(m);
    if name != "advise" || v.name != "asg_instance_type" {
        return text;
    }
    match text.rsplit_once(" [default: ") {
        Some((what, _)) => format!("{what} [no default: the deployed type; or --profile]"),
        None => text,
    }
}

/// Every subcommand's page name, nested ones joined by `-` (`catalog-import`).
pub fn page_names(command: &Command) -> Vec<String> {
    fn walk(c: &Command, prefix: &str, out: &mut Vec<String>) {
        for s in c.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = format!("{prefix}{}", s.get_name());
            out.push(name.clone());
            walk(s, &format!("{name}-"), out);
        }
    }
    let mut out = Vec::new();
    walk(command, "", &mut out);
    out
}

/// Whether the command line may print help: `-h`, `--help` or `help`
/// anywhere (a short-flag cluster too), or completions and manual pages,
/// which carry the help texts. A false yes only costs time.
pub fn wants_help(args: &[std::ffi::OsString]) -> bool {
    args.iter().skip(1).any(|a| {
        let a = a.to_string_lossy();
        matches!(a.as_ref(), "help" | "completions" | "man")
            || a.starts_with("--help")
            || (a.starts_with('-') && !a.starts_with("--") && a.contains('h'))
    })
}

/// Whether the command line may ask for manual pages or completions,
/// which are made from the command line before parsing builds it. A false
/// yes only costs a copy.
pub fn makes_pages(args: &[std::ffi::OsString]) -> bool {
    args.iter()
        .skip(1)
        .any(|a| matches!(a.to_str(), Some("completions" | "man")))
}

/// The names a flag may take from the data, each list made when a flag
/// first asks for it (a run parses one subcommand's flags).
struct FlagNames<'t> {
    tables: &'t Tables,
    instances: std::cell::OnceCell<std::sync::Arc<[String]>>,
    families: std::cell::OnceCell<std::sync::Arc<[String]>>,
    profiles: std::cell::OnceCell<std::sync::Arc<[String]>>,
}

/// Names go into shell scripts and help: only plain ones (a data file may
/// name a profile anything).
fn plain(names: impl Iterator<Item = String>) -> std::sync::Arc<[String]> {
    names
        .filter(|n| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        })
        .collect::<Vec<_>>()
        .into()
}

impl<'t> FlagNames<'t> {
    fn of(tables: &'t Tables) -> FlagNames<'t> {
        FlagNames {
            tables,
            instances: std::cell::OnceCell::new(),
            families: std::cell::OnceCell::new(),
            profiles: std::cell::OnceCell::new(),
        }
    }

    /// The names `--instance`, `--family` or `--profile` take.
    fn for_flag(&self, id: &str) -> Option<std::sync::Arc<[String]>> {
        let t = self.tables;
        let list = match id {
            "instance" | "instances" => self
                .instances
                .get_or_init(|| plain(t.instance_names().map(String::from))),
            "family" => self.families.get_or_init(|| {
                let mut families: Vec<String> = t
                    .instance_names()
                    .map(|n| pypi_size::data::family_of(n).to_string())
                    .collect();
                families.sort();
                families.dedup();
                plain(families.into_iter())
            }),
            "profile" => self
                .profiles
                .get_or_init(|| plain(t.profile_names().into_iter())),
            _ => return None,
        };
        Some(list.clone())
    }
}
