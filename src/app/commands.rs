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

/// The commands that print without the data tables: completions, the manual
/// page, the JSON Schema.
pub fn standalone(cli: &Cli) -> Result<Option<String>> {
    use clap::CommandFactory;
    let text = match &cli.command {
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "pypi-size", &mut buf);
            String::from_utf8(buf)?
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
            String::from_utf8(buf)?
        }
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

pub fn run(cli: &Cli, matches: &clap::ArgMatches, tables: &Tables) -> Result<(Document, u8)> {
    let mut code = exit_codes::SUCCESS;
    let doc = match &cli.command {
        Command::Completions { .. }
        | Command::Man
        | Command::Schema { .. }
        | Command::Catalog(_) => {
            anyhow::bail!("{:?} needs no tables", cli.command)
        }
        Command::Capacity(args) => {
            let request = requests::capacity_request(tables, args)?;
            Document::Capacity(sizing::size(tables, &request, None, None).map_err(in_flag_terms)?)
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
            let report = crate::app::check_command::run(tables, cli, args, check_matches)?;
            if crate::app::check_command::fails(&report, args.fail_on) {
                code = exit_codes::FINDINGS;
            }
            if report.modules.is_empty() {
                eprintln!(
                    "note: no module block with source {} found",
                    crate::app::check_command::module_sources(tables, cli).join(" or ")
                );
            }
            Document::Check(report)
        }
        Command::Compare(args) => {
            let types = requests::compared_types(tables, args)?;
            let default_type = tables.module.defaults.asg_instance_type.get_ref();
            let inputs = requests::module_inputs(tables, default_type, &args.module);
            let costs = requests::cost_inputs(tables, sizing::default_costs(tables), &args.cost)?;
            Document::Compare(
                compare::compare(tables, &inputs, &costs, &types, args.sort)
                    .map_err(in_flag_terms)?,
            )
        }
        Command::Optimize(args) => {
            let costs = requests::cost_inputs(tables, sizing::default_costs(tables), &args.cost)?;
            let result = optimize::optimize(tables, &requests::requirements(args), &costs)
                .map_err(in_flag_terms)?;
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
            Document::Advise(
                advise::advise(tables, &request, profile, &metrics).map_err(in_flag_terms)?,
            )
        }
    };
    Ok((doc, code))
}
