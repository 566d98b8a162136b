//! Each subcommand: its arguments to the core's answer, as a document to
//! render, and the exit code the answer calls for.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::listing::{self, InstanceFilter, InstanceView};
use pypi_size::answers::recommend::select_profile;
use pypi_size::answers::{advise, compare, explain, optimize, sizing};

use crate::app::cli::{Cli, Command};
use crate::app::exit_codes;
use crate::app::requests;
use crate::app::usage::in_flag_terms;
use crate::render::Document;

/// How many instance types `instances` lists without --all: a screenful.
const INSTANCES_SHOWN: usize = 25;

/// The commands that print without needing the data tables: completions,
/// the manual pages, the JSON Schema. Completions and pages take the names
/// and ranges of the data file where it loads, else of the embedded data.
pub fn standalone(cli: &Cli) -> Result<Option<String>> {
    let text = match &cli.command {
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut data_command(cli), "pypi-size", &mut buf);
            String::from_utf8(buf)?
        }
        Command::Man { command, dir } => man(cli, command.as_deref(), dir.as_deref())?,
        Command::Schema { command } => {
            let schema =
                pypi_size::answers::schema::schema(command.as_deref()).ok_or_else(|| {
                    crate::app::usage::UsageError(format!(
                        "schema: no command `{}` with JSON output; one of: {}",
                        command.as_deref().unwrap_or_default(),
                        pypi_size::answers::schema::COMMANDS.join(", ")
                    ))
                })?;
            serde_json::to_string_pretty(&schema)? + "\n"
        }
        _ => return Ok(None),
    };
    Ok(Some(text))
}

/// The command line as `main` parses it: help, ranges and names from the
/// data file, or from the embedded data where it does not load.
fn data_command(cli: &Cli) -> clap::Command {
    use clap::CommandFactory;
    let tables = crate::app::data_file::load_tables(cli.profiles.as_deref())
        .unwrap_or_else(|_| Tables::embedded());
    crate::app::help::with_data_help(Cli::command(), &tables, true)
}

/// The top-level page, one subcommand's, or every page written into `dir`
/// (the text then lists the files).
fn man(cli: &Cli, command: Option<&str>, dir: Option<&std::path::Path>) -> Result<String> {
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
        written.push_str(&format!("{}\n", path.display()));
    }
    Ok(written)
}

pub fn run(cli: &Cli, matches: &clap::ArgMatches, tables: &Tables) -> Result<(Document, u8)> {
    let mut code = exit_codes::SUCCESS;
    let doc = match &cli.command {
        Command::Completions { .. }
        | Command::Man { .. }
        | Command::Schema { .. }
        | Command::Catalog(_) => {
            anyhow::bail!("{:?} needs no tables", cli.command)
        }
        Command::Capacity(args) => {
            let (request, profile) = requests::config_request(tables, args)?;
            Document::Capacity(
                sizing::size(tables, &request, profile, None).map_err(in_flag_terms)?,
            )
        }
        Command::Recommend(args) => {
            // Checked once up front, so the closure below cannot fail.
            requests::cost_inputs(tables, sizing::default_costs(tables), &args.cost)?;
            let costs = |base| requests::cost_inputs(tables, base, &args.cost).unwrap_or(base);
            let report = match &args.profile {
                Some(name) => sizing::recommend_profile(tables, name, costs, None),
                None => {
                    let figures = requests::workload(args);
                    let selection = select_profile(tables, &figures).map_err(in_flag_terms)?;
                    let name = selection.profile.clone();
                    sizing::recommend_profile(tables, &name, costs, Some((&figures, selection)))
                }
            };
            Document::Recommend(report.map_err(in_flag_terms)?)
        }
        Command::Instances(args) => {
            let filter = InstanceFilter {
                families: args.family.clone(),
                arch: args.arch,
                min_vcpus: args.min_vcpus,
                min_memory_mib: args.min_memory,
                max_hourly: args.max_hourly,
                burstable: (args.burstable || args.no_burstable).then_some(args.burstable),
                default_ami: args.default_ami,
            };
            let view = InstanceView {
                sort: args.sort,
                limit: (!args.all).then_some(INSTANCES_SHOWN),
            };
            Document::Instances(listing::instances(tables, &filter, view).map_err(in_flag_terms)?)
        }
        Command::Profiles => Document::Profiles(listing::profiles(tables).map_err(in_flag_terms)?),
        Command::Check(args) => {
            let check_matches = matches
                .subcommand_matches("check")
                .ok_or_else(|| anyhow::anyhow!("clap lost the check subcommand"))?;
            let (doc, check_code) =
                crate::app::check_command::command(tables, cli, args, check_matches)?;
            code = check_code;
            doc
        }
        Command::Diff(args) => {
            let diff_matches = matches
                .subcommand_matches("diff")
                .ok_or_else(|| anyhow::anyhow!("clap lost the diff subcommand"))?;
            let (doc, diff_code) =
                crate::app::diff_command::command(tables, cli, args, diff_matches)?;
            code = diff_code;
            doc
        }
        Command::Compare(args) => {
            let types = requests::compared_types(tables, args)?;
            let (inputs, costs) = requests::compared_config(tables, args)?;
            Document::Compare(
                compare::compare(tables, &inputs, &costs, &types, args.sort)
                    .map_err(in_flag_terms)?,
            )
        }
        Command::Optimize(args) => {
            let (requirements, costs) = requests::requirements(tables, args)?;
            let result =
                optimize::optimize(tables, &requirements, &costs).map_err(in_flag_terms)?;
            if result.configurations.is_empty() {
                code = exit_codes::NO_SOLUTION;
            }
            Document::Optimize(result)
        }
        Command::Explain(args) => {
            let (request, _) = requests::config_request(tables, args)?;
            Document::Explain(explain::explain(tables, &request).map_err(in_flag_terms)?)
        }
        Command::Advise(args) => {
            let (request, profile) = requests::config_request(tables, &args.config)?;
            let metrics = requests::metrics(args);
            let advice =
                advise::advise(tables, &request, profile, &metrics).map_err(in_flag_terms)?;
            if args.detailed_exitcode && advice.actions.iter().any(|a| a.proposed.is_some()) {
                code = exit_codes::CHANGES;
            }
            Document::Advise(advice)
        }
    };
    Ok((doc, code))
}
