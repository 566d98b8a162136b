//! The application layer: the command line, turning flags into requests,
//! reading files and standard input, and exit codes. The rendered answer is
//! written to stdout here and nowhere else; on an error stdout stays empty
//! and the message goes to stderr.

mod check_tree;
pub mod cli;
mod commands;
mod data_file;
mod exit_codes;
mod help;
mod input;
mod plan_file;
mod requests;
mod streams;
mod terminal;
mod tf_cli_args;
mod usage;
mod workspace;

use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, FromArgMatches};
use cli::Cli;

use crate::render;

pub fn main() -> ExitCode {
    let args = cli::terraform_spelling(std::env::args_os());
    // The data file is read before the flags are parsed, so that --help
    // shows its ranges and defaults. A file that does not load is reported
    // after parsing, by the command that needs it; help then falls back to
    // the embedded data.
    let loaded = data_file::early_path(&args).map(|p| data_file::load_tables(p.as_deref()));
    let embedded;
    let help_tables = match &loaded {
        Some(Ok(t)) => t,
        _ => {
            embedded = pypi_size::Tables::embedded();
            &embedded
        }
    };
    // Kept to the end of the process, which exits without dropping it: a
    // tenth of a start-up went into freeing the command line's definition.
    let command: &'static mut clap::Command =
        Box::leak(Box::new(help::for_run(Cli::command(), help_tables, &args)));
    // Pages and completions are made from this same command, as it was
    // before parsing built it (parsing adds clap's `help` subcommands).
    let pristine = help::makes_pages(&args).then(|| command.clone());
    let parsed = command
        .try_get_matches_from_mut(args)
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let code = match parsed {
        // Help, the version, or a usage error: clap's text, written here.
        Err(e) => streams::clap_output(&cli::with_hints(e)),
        Ok((cli, matches)) => match run(&cli, &matches, loaded, pristine.as_ref()) {
            Ok((text, code)) => streams::answer(&text, code),
            Err(e) => {
                streams::message(&format!("error: {e:#}"));
                exit_code_of(&e)
            }
        },
    };
    exit_codes::exit(streams::settle(code))
}

/// The rendered answer and the exit code it calls for.
fn run(
    cli: &Cli,
    matches: &clap::ArgMatches,
    loaded: Option<Result<pypi_size::Tables>>,
    command: Option<&clap::Command>,
) -> Result<(String, u8)> {
    // Completions, the manual and the schema need no data file; the first
    // two are made from the very command line just parsed, help texts and
    // names from the data included, so they say what `--help` says.
    if let Some(text) = commands::standalone(cli, command)? {
        return Ok((text, exit_codes::SUCCESS));
    }
    data_file::stdin_read_once(cli)?;
    let tables = match loaded {
        Some(tables) => tables?,
        None => data_file::load_tables(cli.profiles.as_deref())?,
    };
    let tables = commands::catalog::apply(tables, cli.catalog.as_deref())?;
    if let cli::Command::Catalog(cli::CatalogCommand::Import(args)) = &cli.command {
        commands::catalog::no_format(cli.format)?;
        return Ok((commands::catalog::exec(&tables, args)?, exit_codes::SUCCESS));
    }
    if let cli::Command::Advise(args) = &cli.command
        && args.metrics_query
    {
        return Ok((commands::advise::query(&tables, args)?, exit_codes::SUCCESS));
    }
    let (doc, code) = commands::run(cli, matches, &tables)?;
    let style = terminal::style(cli.color);
    let text = render::renderer(
        cli.format,
        module_ref(cli, &tables),
        style,
        cli.placeholders,
    )
    .render(&doc, &tables)?;
    Ok((text, code))
}

/// The module source and version a `module` block names. Terraform allows
/// `version` only for registry sources.
fn module_ref(cli: &Cli, tables: &pypi_size::Tables) -> render::ModuleRef {
    let source = cli
        .module_source
        .first()
        .cloned()
        .unwrap_or_else(|| tables.module.source.clone());
    render::ModuleRef {
        version: tf_eval::is_registry_source(&source).then(|| {
            cli.module_version
                .clone()
                .unwrap_or_else(|| tables.module.version.clone())
        }),
        source,
    }
}

fn exit_code_of(e: &anyhow::Error) -> u8 {
    if e.downcast_ref::<usage::UsageError>().is_some()
        || e.downcast_ref::<render::Unsupported>().is_some()
    {
        exit_codes::USAGE
    } else {
        exit_codes::FAILURE
    }
}
