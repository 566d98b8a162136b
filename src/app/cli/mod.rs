//! The command line. The `///` docs here are the `--help` text.
//!
//! This file holds the command and the global flags; each subcommand's
//! flags are in the file of its name (config.rs: `capacity` and `explain`,
//! and the groups others share), their value parsers in values.rs.

mod advise;
mod catalog;
mod check;
mod compare;
mod config;
mod diff;
mod instances;
mod optimize;
mod predict;
mod recommend;
mod values;

pub use advise::AdviseArgs;
pub use catalog::{CatalogCommand, ImportArgs};
pub use check::{CheckArgs, FailOn};
pub use compare::CompareArgs;
pub use config::{ConfigArgs, CostArgs, ModuleArgs};
pub use diff::DiffArgs;
pub use instances::InstancesArgs;
pub use optimize::OptimizeArgs;
pub use predict::{BurstArgs, PredictArgs};
pub use recommend::RecommendArgs;
pub use values::{NameParser, WholeNumber};

use std::path::PathBuf;

use clap::{ArgGroup, Parser, Subcommand, ValueEnum};

use crate::render::Format;

/// Sizes the Terraform module infrahouse/pypiserver/aws: how many ECS tasks and
/// gunicorn workers Terraform will create, which config fits a workload, and
/// what it costs a month. Offline; the module's constants and the prices are
/// data in profiles.toml.
#[derive(Debug, Parser)]
#[command(name = "pypi-size", about, long_about = None)]
#[command(version = concat!(
    env!("CARGO_PKG_VERSION"),
    " (models ", env!("PYPI_SIZE_MODULE"),
    "; ", env!("PYPI_SIZE_PRICES_REGION"), " prices as of ", env!("PYPI_SIZE_PRICES_AS_OF"), ")"
))]
#[command(after_help = crate::app::exit_codes::HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// A profiles.toml to use instead of the embedded one.
    #[arg(long, global = true, value_name = "FILE", env = "PYPI_SIZE_PROFILES")]
    pub profiles: Option<PathBuf>,

    /// An instance catalog (written by `catalog import`) to use instead of
    /// the embedded one: its types, prices, region and date
    #[arg(long, global = true, value_name = "FILE", env = "PYPI_SIZE_CATALOG")]
    pub catalog: Option<PathBuf>,

    /// Output format: a table for people, JSON for scripts (every command);
    /// `capacity` and `recommend` also write Terraform (hcl, tfvars,
    /// tfvars-json); `capacity`, `recommend`, `check`, `diff`, `advise` and
    /// `predict` also Markdown for a pull-request comment.
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// With --format tfvars or tfvars-json, also write marked placeholders for
    /// the required asg_subnets (left out by default: saved as *.auto.tfvars,
    /// they would override the real subnets); --format hcl always writes them
    #[arg(long, global = true)]
    pub placeholders: bool,

    /// Module source for --format hcl [default: infrahouse/pypiserver/aws];
    /// for `check`, a local path that also counts as the module (repeatable)
    #[arg(long, global = true, value_name = "SOURCE")]
    pub module_source: Vec<String>,

    /// Module version for --format hcl [default: the version the arithmetic models]
    #[arg(long, global = true, value_name = "VERSION")]
    pub module_version: Option<String>,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

// One Command exists per process: boxing the large variants would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// What Terraform computes for one config: workers, tasks, instances, cost.
    #[command(
        after_help = "Exit code 3 (a verdict): the report holds an error finding (the \
                            stack rejects the config or cannot run it); the report is printed."
    )]
    Capacity(ConfigArgs),
    /// The guide's config for a profile, or the smallest profile covering a workload.
    #[command(
        after_help = "Exit code 3 (a verdict): the report holds an error finding; the \
                            report is printed."
    )]
    #[command(group(
        ArgGroup::new("what")
            .required(true)
            .multiple(true)
            .args(["profile", "packages", "users", "ci_builds", "burst"])
    ))]
    // clap writes the required group on one line; wrapped to fit 80 columns.
    #[command(
        override_usage = "pypi-size recommend [OPTIONS] <--profile <NAME>|--packages <N>|\n       \
                                --users <N>|--ci-builds <N>|--burst <N>>"
    )]
    Recommend(RecommendArgs),
    /// The instance catalog, with vCPUs, memory and prices.
    Instances(InstancesArgs),
    /// The guide's workload profiles, each sized.
    Profiles,
    /// Reads Terraform and checks every pypiserver module block: its config,
    /// capacity, cost and findings.
    #[command(
        after_help = "Exit codes: 0 clean, 1 the tool failed or Terraform would refuse the \
                            files (unreadable file, syntax error, a name declared twice), 2 \
                            usage error, 3 findings at or above --fail-on, a module over \
                            --max-monthly-cost or whose cost cannot be computed with it, or no \
                            pypiserver module found (unless --allow-none)."
    )]
    Check(CheckArgs),
    /// Compares two Terraform trees, BASE (before a pull request) and HEAD
    /// (after it), module block by module block: what is added, removed or
    /// changed, each sizing input that changed, what Terraform computes
    /// before and after, the monthly cost and its delta, and the findings
    /// that appear or disappear.
    #[command(
        after_help = "Exit codes: 0 the gate passed (identical trees say nothing changed), 1 the \
                            tool failed or Terraform would refuse the files, 2 usage error, 3 the \
                            gate failed: the monthly delta above --fail-above or \
                            --fail-above-percent or unknown under either, a new finding at or \
                            above --fail-on, or no pypiserver module in either tree (unless \
                            --allow-none)."
    )]
    Diff(DiffArgs),
    /// One container config on several instance types, side by side: tasks,
    /// workers, unused capacity, cost per worker.
    #[command(group(
        ArgGroup::new("which")
            .required(true)
            .multiple(true)
            .args(["instances", "family", "all", "profile"])
    ))]
    #[command(
        override_usage = "pypi-size compare [OPTIONS] <--instance <TYPE>|--family <FAMILY>|\n       \
                                --all|--profile <NAME>>"
    )]
    Compare(CompareArgs),
    /// The cheapest configurations that serve a number of workers, searched
    /// over every instance type, container_memory and instance count.
    #[command(
        after_help = "Exit code 3 (a verdict): no configuration meets the requirements (the \
                            output says which requirement to relax)."
    )]
    Optimize(OptimizeArgs),
    /// The module's derivation for a config, step by step, and what would change it.
    Explain(ConfigArgs),
    /// What to change, from what CloudWatch shows: the guide's "When to Scale Up". Needs
    /// the deployed config: --profile, or --instance with the variables you set.
    #[command(
        override_usage = "pypi-size advise [OPTIONS] <--cpu-utilization <PCT>|\n       \
                                --memory-utilization <PCT>|--error-rate <PCT>|--p95-latency <SEC>|\n       \
                                --efs-percent-io-limit <PCT>|--tasks-at-max|--metrics <FILE>|\n       \
                                --metrics-query>"
    )]
    Advise(AdviseArgs),
    /// How long a burst of pip installs takes on a config: the throughput
    /// ceiling, the burst's drain time, P50/P95/P99 with their bands and the
    /// share of timeouts, from the measured CPU of each request.
    #[command(
        after_help = "Exit codes: 0 predicted (and within --max-p95), 1 unreadable input, 2 usage \
                            error, 3 a prediction unknown (a figure the model needs is missing, \
                            or Terraform leaves the config unknown before plan), a band above \
                            --max-p95, or no pypiserver module found by --check/--plan."
    )]
    Predict(PredictArgs),
    /// Shell completions, instance types and profile names included:
    /// `pypi-size completions bash > ~/.local/share/bash-completion/completions/pypi-size`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Manual pages: `pypi-size man > ~/.local/share/man/man1/pypi-size.1`,
    /// `pypi-size man capacity` for one subcommand's, or all of them with
    /// `pypi-size man --dir ~/.local/share/man/man1`
    Man {
        /// The subcommand whose page to print; app/help.rs lists them
        #[arg(value_name = "COMMAND", conflicts_with = "dir")]
        command: Option<String>,

        /// Write every page (pypi-size.1 and pypi-size-COMMAND.1) into this
        /// directory, and list them
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// The instance catalog: `catalog import` builds one for any region from
    /// what the AWS CLI prints, for --catalog.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// The JSON Schema of `--format json` output, for every command or one
    Schema {
        /// capacity, recommend, instances, profiles, check, diff, compare, optimize, explain,
        /// advise or predict
        #[arg(
            value_name = "COMMAND",
            value_parser = clap::builder::PossibleValuesParser::new(
                pypi_size::answers::schema::COMMANDS
            ),
            hide_possible_values = true
        )]
        command: Option<String>,
    },
}

/// Flags people reach for from other tools, and the ones meant.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("--output", &["--format", "-o"]),
    ("--out", &["--format", "-o"]),
    ("--json", &["--format json", "-o json"]),
    ("--instance-type", &["--instance"]),
    ("--type", &["--instance"]),
    ("--memory", &["--container-memory"]),
    ("--cpu", &["--container-cpu"]),
    ("--workers", &["--gunicorn-workers", "--min-workers"]),
    ("--min-size", &["--asg-min-size"]),
    ("--max-size", &["--asg-max-size"]),
];

/// A clap error with the flag meant where a familiar one was mistyped
/// (`--output json`: `--format`, `-o`), which clap's spelling distance
/// does not find.
pub fn with_hints(mut e: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() == ErrorKind::InvalidValue {
        return with_output_hint(e);
    }
    if e.kind() != ErrorKind::UnknownArgument {
        return e;
    }
    let typed = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => s.split('=').next().unwrap_or_default().to_string(),
        _ => return e,
    };
    if let Some((_, meant)) = SYNONYMS.iter().find(|(s, _)| *s == typed) {
        e.insert(
            ContextKind::SuggestedArg,
            ContextValue::Strings(meant.iter().map(|m| m.to_string()).collect()),
        );
    }
    e
}

/// `-o x.toml`: `-o` is `--format` in every command; a value that looks
/// like a file gets a tip that says where a file is written.
fn with_output_hint(mut e: clap::Error) -> clap::Error {
    use clap::builder::StyledStr;
    use clap::error::{ContextKind, ContextValue};
    let on_format = matches!(e.get(ContextKind::InvalidArg),
        Some(ContextValue::String(a)) if a.starts_with("--format"));
    let file_like = matches!(e.get(ContextKind::InvalidValue),
        Some(ContextValue::String(v)) if v.contains(['.', '/']));
    if on_format && file_like {
        e.insert(
            ContextKind::Suggested,
            ContextValue::StyledStrs(vec![StyledStr::from(
                "-o is --format in every command; `catalog import --output FILE` writes a \
                 catalog to a file, and `> FILE` any output",
            )]),
        );
    }
    e
}

/// Terraform spells its flags with one dash (`-var`, `-var-file`,
/// `-detailed-exitcode`); accept that spelling too.
pub fn terraform_spelling(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    args.into_iter()
        .map(|arg| match arg.to_str() {
            Some(s) if s == "-var" || s == "-var-file" || s == "-detailed-exitcode" => {
                format!("-{s}").into()
            }
            Some(s) if s.starts_with("-var=") || s.starts_with("-var-file=") => {
                format!("-{s}").into()
            }
            _ => arg,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn terraform_spelling_of_var_flags() {
        let args = [
            "pypi-size",
            "check",
            "-var",
            "a=1",
            "-var-file=x.tfvars",
            "-v",
        ]
        .map(std::ffi::OsString::from);
        let out: Vec<_> = terraform_spelling(args)
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(
            out,
            [
                "pypi-size",
                "check",
                "--var",
                "a=1",
                "--var-file=x.tfvars",
                "-v"
            ]
        );
    }
}
