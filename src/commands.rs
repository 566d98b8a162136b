//! Each subcommand: its arguments to the core's answer, as a document to
//! render, and the exit code the answer calls for.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::listing::{self, InstanceFilter};
use pypi_size::recommend::select_profile;
use pypi_size::{advise, compare, explain, optimize, report};

use crate::cli::{Cli, Command};
use crate::config::{self, in_flag_terms};
use crate::exit_codes;
use crate::render::Document;

pub fn run(cli: &Cli, matches: &clap::ArgMatches, tables: &Tables) -> Result<(Document, u8)> {
    let mut code = exit_codes::SUCCESS;
    let doc = match &cli.command {
        Command::Capacity(args) => {
            let request = config::capacity_request(tables, args);
            Document::Capacity(report::size(tables, &request, None, None).map_err(in_flag_terms)?)
        }
        Command::Recommend(args) => {
            let costs = |base| config::cost_inputs(tables, base, &args.cost);
            let report = match &args.profile {
                Some(name) => report::recommend_profile(tables, name, costs, None),
                None => {
                    let figures = config::workload(args);
                    let selection = select_profile(tables, &figures).map_err(in_flag_terms)?;
                    let name = selection.profile.clone();
                    report::recommend_profile(tables, &name, costs, Some((&figures, selection)))
                }
            };
            Document::Recommend(report.map_err(in_flag_terms)?)
        }
        Command::Instances(args) => {
            let filter = InstanceFilter {
                families: args.family.clone(),
                arch: args.arch,
            };
            Document::Instances(listing::instances(tables, &filter).map_err(in_flag_terms)?)
        }
        Command::Profiles => Document::Profiles(listing::profiles(tables).map_err(in_flag_terms)?),
        Command::Check(args) => {
            let check_matches = matches
                .subcommand_matches("check")
                .ok_or_else(|| anyhow::anyhow!("clap lost the check subcommand"))?;
            let report = crate::check_command::run(tables, cli, args, check_matches)?;
            if crate::check_command::fails(&report, args.fail_on) {
                code = exit_codes::FINDINGS;
            }
            if report.modules.is_empty() {
                eprintln!(
                    "note: no module block with source {} found",
                    crate::check_command::module_sources(tables, cli).join(" or ")
                );
            }
            Document::Check(report)
        }
        Command::Compare(args) => {
            let types = config::compared_types(tables, args)?;
            let default_type = tables.module.defaults.asg_instance_type.get_ref();
            let inputs = config::module_inputs(tables, default_type, &args.module);
            let costs = config::cost_inputs(tables, report::default_costs(tables), &args.cost);
            Document::Compare(
                compare::compare(tables, &inputs, &costs, &types, args.sort)
                    .map_err(in_flag_terms)?,
            )
        }
        Command::Optimize(args) => {
            let costs = config::cost_inputs(tables, report::default_costs(tables), &args.cost);
            let result = optimize::optimize(tables, &config::requirements(args), &costs)
                .map_err(in_flag_terms)?;
            if result.configurations.is_empty() {
                code = exit_codes::NO_SOLUTION;
            }
            Document::Optimize(result)
        }
        Command::Explain(args) => {
            let (request, _) = config::config_request(tables, args)?;
            Document::Explain(
                explain::explain(tables, &request.inputs, &request.costs).map_err(in_flag_terms)?,
            )
        }
        Command::Advise(args) => {
            let (request, profile) = config::config_request(tables, &args.config)?;
            let metrics = config::metrics(args);
            Document::Advise(
                advise::advise(tables, &request, profile, &metrics).map_err(in_flag_terms)?,
            )
        }
    };
    Ok((doc, code))
}
