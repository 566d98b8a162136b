//! `predict`: a burst of pip installs on one config, given by flags or read
//! from Terraform (`--check`, `--plan`) with `check`'s own reading; and the
//! exit code: 3 when a prediction is unknown (what was asked cannot be
//! established), over `--max-p95`, or when `--check`/`--plan` finds no
//! pypiserver module (nothing predicted fails closed, as in `check`).

use std::path::Path;

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::check::CheckReport;
use pypi_size::answers::predict::modules::{self, Selection};
use pypi_size::answers::predict::{self, Burst};
use pypi_size::answers::sizing;

use crate::app::cli::{BurstArgs, Cli, PredictArgs};
use crate::app::commands::check::{self, Judged, Reading};
use crate::app::exit_codes;
use crate::app::requests;
use crate::app::usage::{UsageError, in_flag_terms};
use crate::render::Document;

/// The burst flags as the core takes them.
pub fn burst(args: &BurstArgs) -> Burst {
    Burst {
        clients: args.burst_clients,
        packages_per_client: args.packages_per_client,
        requests_per_package: args.requests_per_package,
        packages: args.packages,
        busiest_share: args.busiest_share,
        timeouts_s: distinct(&args.timeout),
    }
}

/// `--timeout`'s values, each once, in the order first given: a repeated
/// timeout would be the same row twice.
fn distinct(timeouts: &[f64]) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::with_capacity(timeouts.len());
    for t in timeouts {
        if !out.contains(t) {
            out.push(*t);
        }
    }
    out
}

/// The exit code a verdict calls for.
fn gate(failed: bool) -> u8 {
    if failed {
        exit_codes::VERDICT
    } else {
        exit_codes::SUCCESS
    }
}

pub fn exec(
    tables: &Tables,
    cli: &Cli,
    args: &PredictArgs,
    matches: &clap::ArgMatches,
) -> Result<(Document, u8)> {
    let t = &args.terraform;
    if t.check.is_some() || t.plan.is_some() {
        return from_terraform(tables, cli, args, matches);
    }
    if t.module.is_some() {
        return Err(UsageError("--module needs --check PATH or --plan FILE".into()).into());
    }
    if !t.vars.is_empty() || !t.var_files.is_empty() {
        return Err(UsageError("--var and --var-file need --check PATH".into()).into());
    }
    let (request, profile) = requests::config_request(tables, &args.config)?;
    let sized = sizing::size(tables, &request, profile, None).map_err(in_flag_terms)?;
    let report = predict::predict(tables, &sized.deployment(), &burst(&args.burst))
        .map_err(|e| UsageError(e.to_string()))?;
    let report = modules::gate(report, args.max_p95);
    let code = gate(report.prediction.is_none() || report.over_max_p95 == Some(true));
    Ok((Document::Predict(report), code))
}

/// `--check` / `--plan`: `check`'s report of the modules, and the burst on each.
fn from_terraform(
    tables: &Tables,
    cli: &Cli,
    args: &PredictArgs,
    matches: &clap::ArgMatches,
) -> Result<(Document, u8)> {
    let t = &args.terraform;
    if t.plan.is_some() && (!t.vars.is_empty() || !t.var_files.is_empty()) {
        return Err(UsageError(
            "--var and --var-file need --check PATH: a plan holds the values Terraform used".into(),
        )
        .into());
    }
    // The cost figures do not change a prediction; check's defaults serve.
    let options = Judged {
        profile: None,
        ci_builds: None,
        budget: None,
        cost: &args.config.capacity.cost,
    }
    .options(tables)?;
    let (read_from, origin, report): (&str, String, CheckReport) = match (&t.check, &t.plan) {
        (_, Some(path)) => {
            let (origin, plan) = crate::app::plan_file::read(tables, path)?;
            let report = crate::app::plan_file::report(
                tables,
                &check::wanted(tables, cli),
                &plan,
                &origin,
                &options,
                pypi_size::answers::plan::Side::After,
                false,
            );
            ("plan", origin, report)
        }
        (Some(path), None) => (
            "check",
            path.display().to_string(),
            tree(tables, cli, args, matches, path, &options)?,
        ),
        (None, None) => unreachable_usage()?,
    };
    let sel = Selection {
        read_from,
        origin: &origin,
        module: t.module.as_deref(),
        max_p95_s: args.max_p95,
    };
    let answer = modules::predict_modules(tables, &report, &burst(&args.burst), &sel)
        .map_err(|e| UsageError(e.to_string()))?;
    let none = answer.modules.is_empty();
    if none {
        crate::app::streams::message(&format!(
            "error: no pypiserver module block found in {}{origin} (source {}, or a git \
             source of {}): nothing to predict",
            if read_from == "plan" { "the plan " } else { "" },
            check::module_sources(tables, cli).join(" or "),
            tables.module.interface.repository
        ));
    }
    let code = gate(none || answer.unknown > 0 || answer.over_max_p95 > 0);
    Ok((Document::PredictModules(answer), code))
}

/// Neither --check nor --plan: the caller only comes here with one.
fn unreachable_usage<T>() -> Result<T> {
    Err(UsageError("--check PATH or --plan FILE".into()).into())
}

/// The tree's module blocks, one per instance, as `check` reads them.
fn tree(
    tables: &Tables,
    cli: &Cli,
    args: &PredictArgs,
    matches: &clap::ArgMatches,
    path: &Path,
    options: &pypi_size::answers::check::CheckOptions,
) -> Result<CheckReport> {
    let t = &args.terraform;
    let settings = check::cli_settings(
        matches,
        &[("vars", &t.vars)],
        &[("var_files", &t.var_files)],
    );
    let reading = Reading {
        paths: &[path.to_path_buf()],
        recursive: false,
        settings: &settings,
        every_instance: true,
    };
    check::judge_tree(tables, cli, &reading, options)
}
