//! `check`: gathers the variable settings in Terraform's order, reads the
//! roots, and decides whether the findings fail the run.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::check::{CheckOptions, CheckReport};
use pypi_size::answers::warnings::Severity;

use crate::app::cli::{CheckArgs, Cli, FailOn};
use crate::app::requests::cost_inputs;
use crate::app::usage::in_flag_terms;
use crate::app::workspace::{self, CliSetting};

/// The module sources `check` recognises: the registry forms, and the local
/// paths given with --module-source.
pub fn module_sources(tables: &Tables, cli: &Cli) -> Vec<String> {
    let m = &tables.module;
    let mut sources = vec![m.source.clone(), m.registry_source.clone()];
    sources.extend(cli.module_source.iter().cloned());
    sources
}

/// `check`: reads the trees, resolves each module block and judges it.
pub fn run(
    tables: &Tables,
    cli: &Cli,
    args: &CheckArgs,
    matches: &clap::ArgMatches,
) -> Result<CheckReport> {
    // -var and -var-file apply in the order given, as in Terraform.
    let mut settings: Vec<(usize, CliSetting)> = Vec::new();
    let indices = |id: &str| -> Vec<usize> {
        matches
            .indices_of(id)
            .map(|i| i.collect())
            .unwrap_or_default()
    };
    settings.extend(
        indices("vars")
            .into_iter()
            .zip(&args.vars)
            .map(|(i, v)| (i, CliSetting::Var(v.clone()))),
    );
    settings.extend(
        indices("var_files")
            .into_iter()
            .zip(&args.var_files)
            .map(|(i, f)| (i, CliSetting::VarFile(f.clone()))),
    );
    settings.sort_by_key(|(i, _)| *i);
    let settings: Vec<CliSetting> = settings.into_iter().map(|(_, s)| s).collect();

    if let Some(name) = &args.profile {
        tables.find_profile(name).map_err(in_flag_terms)?;
    }
    let sources = module_sources(tables, cli);
    let mut blocks = Vec::new();
    for root in workspace::roots(&args.paths, &settings)? {
        let modules = pypi_size::terraform::read_modules(&root, &sources)?;
        blocks.extend(modules.blocks);
        for (location, source) in modules.lookalikes {
            crate::app::streams::message(&format!(
                "note: {location}: module source \"{source}\" is not checked; if it is the \
                 pypiserver module, name it with --module-source"
            ));
        }
    }
    let base = pypi_size::answers::sizing::default_costs(tables);
    let options = CheckOptions {
        profile: args.profile.clone(),
        ci_builds_per_day: args.ci_builds,
        max_monthly_cost: args.max_monthly_cost,
        costs: cost_inputs(tables, base, &args.cost)?,
    };
    Ok(pypi_size::answers::check::check(tables, blocks, &options))
}

/// Whether the findings call for the FINDINGS exit code.
pub fn fails(report: &CheckReport, fail_on: FailOn) -> bool {
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    report.summary.over_budget
        || threshold.is_some_and(|t| {
            report
                .modules
                .iter()
                .flat_map(|m| &m.findings)
                .any(|f| f.severity <= t)
        })
}
