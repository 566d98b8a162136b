//! pypi-size: wires the command line to the core and the renderers. The
//! rendered answer is written to stdout here and nowhere else; on an error
//! stdout stays empty and the message goes to stderr.

mod cli;
mod config;
mod exit_codes;
mod render;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;
use pypi_size::listing::{self, InstanceFilter};
use pypi_size::recommend::select_profile;
use pypi_size::report;

use cli::{Cli, Command};
use config::in_flag_terms;
use render::Document;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(text) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush());
            exit_codes::exit(exit_codes::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            exit_codes::exit(exit_code_of(&e))
        }
    }
}

fn run(cli: &Cli) -> Result<String> {
    let tables = config::load_tables(cli.profiles.as_deref())?;
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
    };
    render::renderer(cli.format).render(&doc, &tables)
}

fn exit_code_of(e: &anyhow::Error) -> u8 {
    if e.downcast_ref::<config::UsageError>().is_some() {
        exit_codes::USAGE
    } else {
        exit_codes::FAILURE
    }
}
