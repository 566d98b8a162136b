//! `diff`: reads BASE and HEAD as `check` reads a tree, each with its own
//! variable settings, checks both, and hands the two reports to the core
//! to pair and judge. The exit code is the gate's.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use pypi_size::Tables;
use pypi_size::answers::diff::{self, CostPoint, DiffReport, Gate, Side};

use super::check::{Judged, Reading, cli_settings, read_blocks};
use crate::app::check_tree::canonical;
use crate::app::cli::{Cli, DiffArgs};
use crate::app::exit_codes;
use crate::app::workspace::CliSetting;
use crate::render::Document;

pub fn exec(
    tables: &Tables,
    cli: &Cli,
    args: &DiffArgs,
    matches: &clap::ArgMatches,
) -> Result<(Document, u8)> {
    let judged = Judged {
        profile: args.profile.clone(),
        ci_builds: args.ci_builds,
        budget: None,
        cost: &args.cost,
    };
    let options = judged.options(tables)?;
    if !args.plan.is_empty() {
        let (base, head) = plan_sides(tables, cli, &args.plan, &options)?;
        return Ok(judge(tables, &base, &head, args));
    }
    // Each side: the shared settings and its own, in command-line order.
    let side = |name: &str, path: &Path, vars: (&str, &[String]), files: (&str, &[PathBuf])| {
        let settings: Vec<CliSetting> = cli_settings(
            matches,
            &[("vars", &args.vars), vars],
            &[("var_files", &args.var_files), files],
        );
        let reading = Reading {
            paths: &[path.to_path_buf()],
            recursive: args.recursive,
            settings: &settings,
            // Pairs instances by address, as Terraform plans them.
            every_instance: true,
        };
        let found = read_blocks(tables, cli, &reading)
            .with_context(|| format!("{name} {}", path.display()))?;
        let mut labels = RootLabels::new(path);
        let roots = found
            .blocks
            .iter()
            .map(|(dir, _)| labels.label(dir))
            .collect();
        let unread = found
            .unread
            .into_iter()
            .map(|(dir, call)| (labels.label(&dir), call))
            .collect();
        let moved = found
            .moved
            .into_iter()
            .map(|(dir, from, to)| (labels.label(&dir), from, to))
            .collect();
        let blocks = found.blocks.into_iter().map(|(_, b)| b).collect();
        let mut report = pypi_size::answers::check::check(tables, blocks, &options);
        report.terraform_cli_args = crate::app::tf_cli_args::from_env()?.set;
        anyhow::Ok(Side {
            path: path.display().to_string(),
            report,
            roots,
            unread,
            moved,
        })
    };
    let (Some(base_path), Some(head_path)) = (&args.base, &args.head) else {
        unreachable!("clap requires BASE and HEAD without --plan");
    };
    let base = side(
        "BASE",
        base_path,
        ("base_vars", &args.base_vars),
        ("base_var_files", &args.base_var_files),
    )?;
    let head = side(
        "HEAD",
        head_path,
        ("head_vars", &args.head_vars),
        ("head_var_files", &args.head_var_files),
    )?;
    Ok(judge(tables, &base, &head, args))
}

/// The two sides paired, and the gate's exit code.
fn judge(tables: &Tables, base: &Side, head: &Side, args: &DiffArgs) -> (Document, u8) {
    let gate = Gate {
        fail_above: args.fail_above,
        fail_above_percent: args.fail_above_percent,
        at: if args.at_max_size {
            CostPoint::AsgMaxSize
        } else {
            CostPoint::AsgMinSize
        },
        fail_on: args.fail_on.threshold(),
        allow_none: args.allow_none,
    };
    let report = diff::diff(tables, base, head, &gate);
    let code = exit_code(&report);
    (Document::Diff(report), code)
}

/// `diff --plan`: one plan's prior state against its planned values, or
/// two plans' planned values.
fn plan_sides(
    tables: &Tables,
    cli: &Cli,
    plans: &[PathBuf],
    options: &pypi_size::answers::check::CheckOptions,
) -> Result<(Side, Side)> {
    use pypi_size::answers::plan::Side as PlanSide;
    let wanted = super::check::wanted(tables, cli);
    let side = |path: &Path, which: PlanSide, name: &str| -> Result<Side> {
        let (origin, plan) =
            crate::app::plan_file::read(tables, path).with_context(|| name.to_string())?;
        let report =
            crate::app::plan_file::report(tables, &wanted, &plan, &origin, options, which, false);
        Ok(Side {
            path: origin,
            roots: vec![".".into(); report.modules.len()],
            report,
            unread: Vec::new(),
            moved: Vec::new(),
        })
    };
    match plans {
        [one] => {
            let (origin, plan) = crate::app::plan_file::read(tables, one)?;
            let report = |which| {
                crate::app::plan_file::report(
                    tables, &wanted, &plan, &origin, options, which, false,
                )
            };
            let side = |report: pypi_size::answers::check::CheckReport| Side {
                path: origin.clone(),
                roots: vec![".".into(); report.modules.len()],
                report,
                unread: Vec::new(),
                moved: Vec::new(),
            };
            Ok((
                side(report(PlanSide::Before)),
                side(report(PlanSide::After)),
            ))
        }
        [base, head] => Ok((
            side(base, PlanSide::After, "BASE")?,
            side(head, PlanSide::After, "HEAD")?,
        )),
        _ => unreachable!("clap takes one or two plans"),
    }
}

/// The gate's verdict (no module in either tree fails it, as in `check`),
/// each failure also said on stderr.
fn exit_code(report: &DiffReport) -> u8 {
    for failure in &report.gate.failures {
        crate::app::streams::message(&format!("gate failed: {}", failure.message));
    }
    if report.gate.passed {
        exit_codes::SUCCESS
    } else {
        exit_codes::FINDINGS
    }
}

/// The roots blocks were found in, named relative to the path given: `.`
/// for the path itself, `envs/prod` for a root below it with --recursive.
/// Each directory is resolved once, however many blocks it holds.
struct RootLabels {
    /// The path given, resolved; `None` for a file (its one root is `.`).
    given: Option<PathBuf>,
    known: std::collections::HashMap<String, String>,
}

impl RootLabels {
    fn new(given: &Path) -> RootLabels {
        RootLabels {
            given: given.is_dir().then(|| canonical(given)),
            known: Default::default(),
        }
    }

    fn label(&mut self, dir: &str) -> String {
        let Some(given) = &self.given else {
            return ".".into();
        };
        self.known
            .entry(dir.to_string())
            .or_insert_with(|| match canonical(Path::new(dir)).strip_prefix(given) {
                Ok(rel) if rel.as_os_str().is_empty() => ".".into(),
                Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
                Err(_) => dir.to_string(),
            })
            .clone()
    }
}
