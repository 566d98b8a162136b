//! `check`: gathers the variable settings in Terraform's order, reads the
//! roots (every root below a directory with --recursive) and the local
//! modules they call, and decides whether the findings fail the run. It
//! never passes silently: no pypiserver module found is a failure unless
//! --allow-none says otherwise.

use std::path::PathBuf;

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::check::{CheckOptions, CheckReport};
use pypi_size::data::Usd;
use pypi_size::module::bill::MonthlyBudget;
use tf_eval::{ModuleBlock, Request, UnreadCall, Wanted};

use crate::app::check_tree::{self, FsTree};
use crate::app::cli::{CheckArgs, Cli, FailOn};
use crate::app::exit_codes;
use crate::app::requests::cost_inputs;
use crate::app::usage::{UsageError, in_flag_terms};
use crate::app::workspace::{self, CliSetting};
use crate::render::Document;

/// The module sources `check` recognises: the registry forms, and the local
/// paths given with --module-source (the git forms come from the data).
pub fn module_sources(tables: &Tables, cli: &Cli) -> Vec<String> {
    let m = &tables.module;
    let mut sources = vec![m.source.clone(), m.registry_source.clone()];
    sources.extend(cli.module_source.iter().cloned());
    sources
}

/// The module sources a plan's calls are matched against.
pub fn wanted(tables: &Tables, cli: &Cli) -> tf_eval::Wanted {
    tf_eval::Wanted {
        sources: module_sources(tables, cli),
        repository: tables.module.interface.repository.clone(),
        every_instance: true,
    }
}

/// `check`: the report, and the exit code it calls for.
pub fn exec(
    tables: &Tables,
    cli: &Cli,
    args: &CheckArgs,
    matches: &clap::ArgMatches,
) -> Result<(Document, u8)> {
    let (report, why_none) = match &args.plan {
        Some(path) => run_plan(tables, cli, args, path)?,
        None => (run(tables, cli, args, matches)?, Vec::new()),
    };
    let mut code = if fails(&report, args.fail_on) {
        exit_codes::FINDINGS
    } else {
        exit_codes::SUCCESS
    };
    if report.modules.is_empty() {
        for why in &why_none {
            crate::app::streams::message(&format!("note: {why}"));
        }
        let what = format!(
            "no pypiserver module block found in {} (source {}, or a git source of {})",
            match &report.plan {
                Some(plan) => format!("the plan {}", plan.file),
                None => paths(args)
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            },
            module_sources(tables, cli).join(" or "),
            tables.module.interface.repository
        );
        if args.allow_none {
            crate::app::streams::message(&format!("note: {what}"));
        } else {
            crate::app::streams::message(&format!(
                "error: {what}: nothing was checked (--allow-none accepts this)"
            ));
            code = exit_codes::FINDINGS;
        }
    }
    Ok((Document::Check(report), code))
}

/// The paths to read: the current directory when none is given.
fn paths(args: &CheckArgs) -> Vec<PathBuf> {
    if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    }
}

/// -var and -var-file in the order given, as in Terraform: `vars` and
/// `files` name clap ids and their values.
pub fn cli_settings(
    matches: &clap::ArgMatches,
    vars: &[(&str, &[String])],
    files: &[(&str, &[PathBuf])],
) -> Vec<CliSetting> {
    let mut settings: Vec<(usize, CliSetting)> = Vec::new();
    let indices = |id: &str| -> Vec<usize> {
        matches
            .indices_of(id)
            .map(|i| i.collect())
            .unwrap_or_default()
    };
    for (id, values) in vars {
        settings.extend(
            indices(id)
                .into_iter()
                .zip(values.iter())
                .map(|(i, v)| (i, CliSetting::Var(v.clone()))),
        );
    }
    for (id, values) in files {
        settings.extend(
            indices(id)
                .into_iter()
                .zip(values.iter())
                .map(|(i, f)| (i, CliSetting::VarFile(f.clone()))),
        );
    }
    settings.sort_by_key(|(i, _)| *i);
    settings.into_iter().map(|(_, s)| s).collect()
}

/// `check`: reads the trees, resolves each module block and judges it.
pub fn run(
    tables: &Tables,
    cli: &Cli,
    args: &CheckArgs,
    matches: &clap::ArgMatches,
) -> Result<CheckReport> {
    let settings = cli_settings(
        matches,
        &[("vars", &args.vars)],
        &[("var_files", &args.var_files)],
    );
    let options = Judged::of(args).options(tables)?;
    let reading = Reading {
        paths: &paths(args),
        recursive: args.recursive,
        settings: &settings,
        every_instance: false,
    };
    judge_tree(tables, cli, &reading, &options)
}

/// The trees `reading` names, each module block judged with `options`, and
/// the TF_CLI_ARGS variables that were applied (`check`, `predict --check`).
pub fn judge_tree(
    tables: &Tables,
    cli: &Cli,
    reading: &Reading<'_>,
    options: &CheckOptions,
) -> Result<CheckReport> {
    let blocks = read_blocks(tables, cli, reading)?
        .blocks
        .into_iter()
        .map(|(_, block)| block)
        .collect();
    let mut report = pypi_size::answers::check::check(tables, blocks, options);
    report.terraform_cli_args = crate::app::tf_cli_args::from_env()?.set;
    Ok(report)
}

/// `check --plan`: what Terraform planned, judged as a tree is.
fn run_plan(
    tables: &Tables,
    cli: &Cli,
    args: &CheckArgs,
    path: &std::path::Path,
) -> Result<(CheckReport, Vec<String>)> {
    let options = Judged::of(args).options(tables)?;
    let (origin, plan) = crate::app::plan_file::read(tables, path)?;
    let wanted = wanted(tables, cli);
    let report = crate::app::plan_file::report(
        tables,
        &wanted,
        &plan,
        &origin,
        &options,
        pypi_size::answers::plan::Side::After,
        true,
    );
    Ok((report, pypi_size::answers::plan::none_found(&plan, &wanted)))
}

/// What a module block is judged against, from the flags.
pub struct Judged<'a> {
    pub profile: Option<String>,
    pub ci_builds: Option<u64>,
    /// `--max-monthly-cost`: caps the bill at asg_max_size.
    pub budget: Option<Usd>,
    pub cost: &'a crate::app::cli::CostArgs,
}

impl<'a> Judged<'a> {
    /// What `check`'s own flags say.
    pub fn of(args: &'a CheckArgs) -> Self {
        Judged {
            profile: args.profile.clone(),
            ci_builds: args.ci_builds,
            budget: args.max_monthly_cost,
            cost: &args.cost,
        }
    }

    pub fn options(&self, tables: &Tables) -> Result<CheckOptions> {
        // With a profile, its cost figures (EFS, logs, LCUs) are the
        // defaults the flags override, as the cost flags' help says.
        let base = match &self.profile {
            Some(name) => {
                let profile = tables.find_profile(name).map_err(in_flag_terms)?;
                pypi_size::answers::sizing::profile_costs(tables, profile)
            }
            None => pypi_size::answers::sizing::default_costs(tables),
        };
        Ok(CheckOptions {
            profile: self.profile.clone(),
            ci_builds_per_day: self.ci_builds,
            budget: self.budget.map(MonthlyBudget::at_asg_max_size),
            costs: cost_inputs(tables, base, self.cost)?,
        })
    }
}

/// What the trees hold: each pypiserver module block, and each module call
/// not read into, with the directory of the root it was found in.
#[derive(Default)]
pub struct FoundBlocks {
    pub blocks: Vec<(String, ModuleBlock)>,
    pub unread: Vec<(String, UnreadCall)>,
    /// `moved` blocks between module addresses: root, from, to.
    pub moved: Vec<(String, String, String)>,
}

/// How to read the trees.
pub struct Reading<'a> {
    pub paths: &'a [PathBuf],
    /// Every root below the paths.
    pub recursive: bool,
    pub settings: &'a [CliSetting],
    /// One block per instance of every known `count` and `for_each`.
    pub every_instance: bool,
}

/// Every pypiserver module block of the trees (with `recursive`, of every
/// root below them). A directory another root calls as a local module is
/// read from its caller only.
pub fn read_blocks(tables: &Tables, cli: &Cli, reading: &Reading<'_>) -> Result<FoundBlocks> {
    let mut paths = reading.paths.to_vec();
    if reading.recursive {
        if paths.iter().any(|p| !p.is_dir()) {
            return Err(UsageError("--recursive takes directories".into()).into());
        }
        paths = check_tree::roots_below(&paths)?;
    }
    let tree = FsTree::default();
    let request = Request {
        wanted: Wanted {
            every_instance: reading.every_instance,
            sources: module_sources(tables, cli),
            repository: tables.module.interface.repository.clone(),
        },
        interface: &tables.module.interface,
        tree: &tree,
    };
    let mut roots = Vec::new();
    for root in workspace::roots(&paths, reading.settings)? {
        let modules = tf_eval::read_modules(&root, &request)?;
        for (location, source) in &modules.lookalikes {
            crate::app::streams::message(&format!(
                "note: {location}: module source \"{source}\" is not checked; if it is the \
                 pypiserver module, name it with --module-source"
            ));
        }
        roots.push((root.dir, modules));
    }
    let mut found = FoundBlocks::default();
    for (dir, modules) in roots {
        if reading.recursive && tree.was_called(std::path::Path::new(&dir)) {
            continue;
        }
        found
            .blocks
            .extend(modules.blocks.into_iter().map(|b| (dir.clone(), b)));
        found
            .unread
            .extend(modules.unread.into_iter().map(|u| (dir.clone(), u)));
        found.moved.extend(
            modules
                .moved
                .into_iter()
                .map(|(from, to)| (dir.clone(), from, to)),
        );
    }
    Ok(found)
}

/// Whether the findings call for the FINDINGS exit code.
pub fn fails(report: &CheckReport, fail_on: FailOn) -> bool {
    let threshold = fail_on.threshold();
    // Over budget, or a cost that could not be verified against the limit.
    let budget = report
        .modules
        .iter()
        .flat_map(|m| &m.findings)
        .any(|f| f.code == "over_budget" || f.code == "cost_unknown");
    report.summary.over_budget
        || budget
        || threshold.is_some_and(|t| {
            report
                .modules
                .iter()
                .flat_map(|m| &m.findings)
                .any(|f| f.severity <= t)
        })
}
