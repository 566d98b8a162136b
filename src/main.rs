//! pypi-size: wires the command line to the core and the renderers. The
//! rendered answer is written to stdout here and nowhere else; on an error
//! stdout stays empty and the message goes to stderr.

mod check_command;
mod cli;
mod config;
mod exit_codes;
mod input;
mod render;
mod workspace;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches};
use pypi_size::listing::{self, InstanceFilter};
use pypi_size::recommend::select_profile;
use pypi_size::report;

use cli::{Cli, Command};
use config::in_flag_terms;
use render::Document;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches_from(cli::terraform_spelling(std::env::args_os()));
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match run(&cli, &matches) {
        Ok((text, code)) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush());
            exit_codes::exit(code)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            exit_codes::exit(exit_code_of(&e))
        }
    }
}

/// The rendered answer and the exit code it calls for.
fn run(cli: &Cli, matches: &clap::ArgMatches) -> Result<(String, u8)> {
    let tables = config::load_tables(cli.profiles.as_deref())?;
    let mut code = exit_codes::SUCCESS;
    let doc = match &cli.command {
        Command::Capacity(args) => {
            let request = config::capacity_request(&tables, args);
            Document::Capacity(report::size(&tables, &request, None, None).map_err(in_flag_terms)?)
        }
        Command::Recommend(args) => {
            let costs = |base| config::cost_inputs(&tables, base, &args.cost);
            let report = match &args.profile {
                Some(name) => report::recommend_profile(&tables, name, costs, None),
                None => {
                    let figures = config::workload(args);
                    let selection = select_profile(&tables, &figures).map_err(in_flag_terms)?;
                    let name = selection.profile.clone();
                    report::recommend_profile(&tables, &name, costs, Some((&figures, selection)))
                }
            };
            Document::Recommend(report.map_err(in_flag_terms)?)
        }
        Command::Instances(args) => {
            let filter = InstanceFilter {
                families: args.family.clone(),
                arch: args.arch,
            };
            Document::Instances(listing::instances(&tables, &filter).map_err(in_flag_terms)?)
        }
        Command::Profiles => Document::Profiles(listing::profiles(&tables).map_err(in_flag_terms)?),
        Command::Check(args) => {
            let check_matches = matches
                .subcommand_matches("check")
                .expect("clap parsed the check subcommand");
            let report = check_command::run(&tables, cli, args, check_matches)?;
            if check_command::fails(&report, args.fail_on) {
                code = exit_codes::FINDINGS;
            }
            if report.modules.is_empty() {
                eprintln!(
                    "note: no module block with source {} found",
                    check_command::module_sources(&tables, cli).join(" or ")
                );
            }
            Document::Check(report)
        }
    };
    let text = render::renderer(cli.format, module_ref(cli, &tables)).render(&doc, &tables)?;
    Ok((text, code))
}

/// The module source and version a `module` block names. A local path takes
/// no version in Terraform.
fn module_ref(cli: &Cli, tables: &pypi_size::Tables) -> render::ModuleRef {
    let source = cli
        .module_source
        .first()
        .cloned()
        .unwrap_or_else(|| tables.module.source.clone());
    let local = source.starts_with("./") || source.starts_with("../") || source.starts_with('/');
    render::ModuleRef {
        version: if local {
            None
        } else {
            Some(
                cli.module_version
                    .clone()
                    .unwrap_or_else(|| tables.module.version.clone()),
            )
        },
        source,
    }
}

fn exit_code_of(e: &anyhow::Error) -> u8 {
    if e.downcast_ref::<config::UsageError>().is_some() {
        exit_codes::USAGE
    } else {
        exit_codes::FAILURE
    }
}
