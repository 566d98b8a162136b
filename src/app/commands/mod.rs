//! One file per subcommand, each with the function that executes it
//! (`exec`): its arguments to the core's answer, as a document to render,
//! and the exit code the answer calls for. This file only dispatches.

pub mod advise;
pub mod capacity;
pub mod catalog;
pub mod check;
pub mod compare;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod instances;
pub mod man;
pub mod optimize;
pub mod predict;
pub mod profiles;
pub mod recommend;
pub mod schema;

use anyhow::Result;
use pypi_size::Tables;

use crate::app::cli::{Cli, Command};
use crate::app::exit_codes;
use crate::render::Document;

/// The commands that print without needing the data tables: completions,
/// the manual pages, the JSON Schema. Completions and pages take the names
/// and ranges of the data file where it loads, else of the embedded data.
pub fn standalone(cli: &Cli, parsed: Option<&clap::Command>) -> Result<Option<String>> {
    let parsed =
        || parsed.ok_or_else(|| anyhow::anyhow!("no command line kept for {:?}", cli.command));
    let text = match &cli.command {
        Command::Completions { shell } => completions::exec(parsed()?, *shell)?,
        Command::Man { command, dir } => man::exec(parsed()?, command.as_deref(), dir.as_deref())?,
        Command::Schema { command } => {
            schema::only_json(cli.format)?;
            schema::exec(command.as_deref())?
        }
        _ => return Ok(None),
    };
    Ok(Some(text))
}

/// The commands over the data tables, each to its document and exit code.
pub fn run(cli: &Cli, matches: &clap::ArgMatches, tables: &Tables) -> Result<(Document, u8)> {
    let done = |doc| (doc, exit_codes::SUCCESS);
    Ok(match &cli.command {
        Command::Completions { .. }
        | Command::Man { .. }
        | Command::Schema { .. }
        | Command::Catalog(_) => {
            anyhow::bail!("{:?} needs no tables", cli.command)
        }
        Command::Capacity(args) => verdict(capacity::exec(tables, args)?),
        Command::Recommend(args) => verdict(recommend::exec(tables, args)?),
        Command::Instances(args) => done(instances::exec(tables, args, cli.format)?),
        Command::Profiles => verdict(profiles::exec(tables)?),
        Command::Check(args) => check::exec(tables, cli, args, subcommand(matches, "check")?)?,
        Command::Diff(args) => diff::exec(tables, cli, args, subcommand(matches, "diff")?)?,
        Command::Compare(args) => done(compare::exec(tables, args)?),
        Command::Optimize(args) => optimize::exec(tables, args)?,
        Command::Explain(args) => verdict(explain::exec(tables, args)?),
        Command::Advise(args) => advise::exec(tables, args)?,
        Command::Predict(args) => {
            predict::exec(tables, cli, args, subcommand(matches, "predict")?)?
        }
    })
}

/// A report and its exit code: a verdict where it holds an error finding
/// (the report is printed all the same), one rule for every command that
/// sizes a config: capacity, recommend, explain, and profiles (a custom
/// --profiles may hold a profile with one).
fn verdict(doc: Document) -> (Document, u8) {
    use pypi_size::answers::warnings::{Severity, Warning};
    let any_error = |ws: &[Warning]| ws.iter().any(|w| w.severity == Severity::Error);
    let error = match &doc {
        Document::Capacity(r) | Document::Recommend(r) => any_error(&r.warnings),
        Document::Explain(e) => any_error(&e.warnings),
        Document::Profiles(l) => l.profiles.iter().any(|r| any_error(&r.warnings)),
        _ => false,
    };
    let code = if error {
        exit_codes::FINDINGS
    } else {
        exit_codes::SUCCESS
    };
    (doc, code)
}

/// The subcommand's own matches: `check` and `diff` read the order in
/// which -var and -var-file were given, as Terraform does.
fn subcommand<'a>(matches: &'a clap::ArgMatches, name: &str) -> Result<&'a clap::ArgMatches> {
    matches
        .subcommand_matches(name)
        .ok_or_else(|| anyhow::anyhow!("clap lost the {name} subcommand"))
}
