//! `check`: each pypiserver module block of a Terraform tree, resolved to a
//! config, sized like `capacity` would, and judged. Every finding points at
//! the file and line of the argument to change.
//!
//! This file holds the report and the walk over the blocks; arguments.rs
//! reads a block's arguments as the module's inputs, findings.rs turns what
//! was found into findings, versions.rs judges the module's version, and
//! bill_arguments.rs reads the arguments only the bill needs.

mod arguments;
mod bill_arguments;
mod findings;
mod versions;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answers::sizing::{InstanceInfo, ModuleInfo, PricingInfo, ResolvedInputs};
use crate::answers::warnings::Severity;
use crate::data::Tables;
use crate::data::error::SizingError;
use crate::module::bill::{CostRange, MonthlyBudget};
use crate::module::capacity::Capacity;
use crate::module::cost::CostInputs;
use tf_eval::{Argument, Copies, Location, ModuleBlock, Resolved};

use arguments::resolve_request;
use findings::{copies_finding, cost_unknown, finding, judge, problem, rejection, size};
use versions::version_constraint;

/// What `check` judges against, beyond the module's own rules.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// A guide profile the config must at least match.
    pub profile: Option<String>,
    pub ci_builds_per_day: Option<u64>,
    /// `--max-monthly-cost`: the most a module block may cost a month at
    /// its deployed asg_max_size, every copy.
    pub budget: Option<MonthlyBudget>,
    /// Cost figures (EFS, LCUs, savings plan); the EFS mode comes from the block.
    pub costs: CostInputs,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CheckReport {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    pub modules: Vec<ModuleCheck>,
    pub summary: Summary,
    /// `check --plan`: the plan read (absent in source mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanInfo>,
    /// Source mode: `TF_CLI_ARGS_plan` and `TF_CLI_ARGS` as set, in the
    /// order Terraform applies them (absent when neither is set).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub terraform_cli_args: Vec<CliArgs>,
}

/// `check --plan`: the plan a report is of (`answers::plan` builds it).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PlanInfo {
    /// The file read, `<stdin>` for standard input.
    pub file: String,
    pub format_version: String,
    pub terraform_version: Option<String>,
    /// `before` (the prior state, `diff --plan FILE`'s base) or `after`.
    pub side: &'static str,
}

/// An environment variable of Terraform's own arguments, and what of it
/// pypi-size applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CliArgs {
    /// `TF_CLI_ARGS_plan` or `TF_CLI_ARGS`.
    pub variable: String,
    pub value: String,
    /// Its -var and -var-file arguments, applied as Terraform applies them.
    pub applied: Vec<String>,
    /// Its arguments not applied that could change what Terraform plans.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModuleCheck {
    pub name: String,
    /// The block's address from the root (`module.platform.module.pypi[0]`).
    pub address: String,
    pub source: String,
    /// The `version` constraint, or the `ref` of a git source; `null` without one.
    pub version: Option<String>,
    pub location: Location,
    /// Copies made by `count` or `for_each` (1 without them); `null` when
    /// that is not known before plan.
    pub copies: Option<u64>,
    pub arguments: BTreeMap<String, Argument>,
    /// `null` where an argument could not be resolved or is invalid.
    pub inputs: Option<ResolvedInputs>,
    pub instance: Option<InstanceInfo>,
    pub capacity: Option<Capacity>,
    /// When `capacity` is `null` because inputs are unknown before plan:
    /// each figure that is still known, and each other one with the input
    /// it waits for.
    pub partial: Option<BTreeMap<String, Resolved>>,
    pub cost: Option<CostRange>,
    pub findings: Vec<Finding>,
    /// `check --plan`: each figure as Terraform planned it, known or
    /// unknown with the reason, by the module variable that sets it (and
    /// `root_volume_size`, GiB). Absent in source mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<BTreeMap<String, Resolved>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
/// A problem in the shape every command uses (docs/json.md), with the place
/// in the Terraform it concerns.
#[schemars(rename = "CheckFinding")]
pub struct Finding {
    /// Stable: `unsupported_argument`, `missing_required`, `invalid_value`,
    /// `evaluation_budget`, `out_of_range`, `unknown_instance_type`,
    /// `null_argument`, `unresolved`, `partial`, `cost_unknown`,
    /// `bill_assumed`, `not_deployed`, `copies`, `module_version_differs`,
    /// `module_version_unknown`, `below_profile`, `fewer_larger_instances`,
    /// `over_budget`, `rejected_by_stack`, `ami_architecture_mismatch`,
    /// `plan_differs`, `plan_unreadable` and `removed` (`check --plan`), or a `capacity` warning code.
    pub code: &'static str,
    pub severity: Severity,
    /// The module argument (the module's variable) it is about, if one.
    #[serde(rename = "variable")]
    pub argument: Option<String>,
    pub message: String,
    pub fix: String,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Summary {
    pub modules: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// The highest monthly cost at asg_max_size (or asg_min_size where the
    /// maximum is not set) among the modules that could be sized, for all
    /// copies of a module block.
    // A bill, not the budget (`CheckOptions::budget`); its JSON name stays.
    #[serde(rename = "max_monthly_cost")]
    #[schemars(rename = "max_monthly_cost")]
    pub highest_monthly_cost: Option<f64>,
    pub over_budget: bool,
    /// Module blocks with no capacity figures (unknown or invalid inputs).
    pub not_sized: usize,
}

pub fn check(tables: &Tables, blocks: Vec<ModuleBlock>, options: &CheckOptions) -> CheckReport {
    let modules: Vec<ModuleCheck> = blocks
        .into_iter()
        .map(|b| check_module(tables, b, options))
        .collect();
    summarise(tables, modules)
}

/// The report of the modules checked, with its summary.
pub fn summarise(tables: &Tables, modules: Vec<ModuleCheck>) -> CheckReport {
    let count = |s: Severity| {
        modules
            .iter()
            .flat_map(|m| &m.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    let highest_monthly_cost = modules
        .iter()
        .filter_map(|m| m.cost.as_ref().map(|c| (c, m.copies.unwrap_or(1))))
        .map(|(c, copies)| {
            let bill = &c.at_asg_max_size;
            (bill.total * copies as f64 * 100.0).round() / 100.0
        })
        .fold(None, |acc: Option<f64>, c| {
            Some(acc.map_or(c, |a| a.max(c)))
        });
    let summary = Summary {
        modules: modules.len(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        highest_monthly_cost,
        over_budget: modules
            .iter()
            .any(|m| m.findings.iter().any(|f| f.code == "over_budget")),
        not_sized: modules
            .iter()
            .filter(|m| m.capacity.is_none() && m.copies != Some(0))
            .count(),
    };
    CheckReport {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        modules,
        summary,
        plan: None,
        terraform_cli_args: Vec::new(),
    }
}

/// One module block (or instance) judged.
pub fn check_module(tables: &Tables, block: ModuleBlock, options: &CheckOptions) -> ModuleCheck {
    let mut findings: Vec<Finding> = block.problems.iter().map(problem).collect();
    let copies = copies(&block, &mut findings);
    version_constraint(tables, &block, &mut findings);
    let mut partial = None;
    let sized = if copies == Some(0) {
        undeployed_problems(tables, &block, options, &mut findings);
        None
    } else {
        resolve_request(tables, &block, options, &mut findings, &mut partial)
            .and_then(|request| size(tables, &block, &request, &mut findings))
    };
    if let Some(report) = &sized {
        judge(
            tables,
            &block,
            report,
            copies.unwrap_or(1),
            options,
            &mut findings,
        );
    }
    if options.budget.is_some() && copies != Some(0) && (sized.is_none() || copies.is_none()) {
        findings.push(cost_unknown(&block, &findings));
    }
    findings.sort_by_key(|f| (f.severity, f.location.line));
    let (inputs, instance, capacity, cost) = match sized {
        Some(r) => (
            Some(r.inputs),
            Some(r.instance),
            Some(r.capacity),
            Some(r.cost),
        ),
        None => (None, None, None, None),
    };
    ModuleCheck {
        version: block.version.as_ref().map(|(v, _)| v.clone()),
        name: block.name,
        address: block.address,
        source: block.source,
        location: block.location,
        copies,
        arguments: block.arguments,
        inputs,
        instance,
        capacity,
        partial,
        cost,
        findings,
        planned: None,
    }
}

/// A block with no copy: Terraform still validates each argument it can
/// evaluate against the variable's own validation in pypiserver (checks
/// across variables, and the ECS module, are inside the module, which has
/// no instance), so those errors stand; what waits for an instance
/// (`each.value`) is not a finding.
fn undeployed_problems(
    tables: &Tables,
    block: &ModuleBlock,
    options: &CheckOptions,
    findings: &mut Vec<Finding>,
) {
    let mut found = Vec::new();
    let mut partial = None;
    let request = resolve_request(tables, block, options, &mut found, &mut partial);
    // Each variable's own validation: a value of the wrong type or range.
    findings.extend(found.into_iter().filter(|f| {
        f.severity == Severity::Error && matches!(f.code, "invalid_value" | "out_of_range")
    }));
    if let Some(request) = request {
        // Checks across variables run inside the module, which has no instance.
        let mut own = request.inputs.pypiserver_problems(&tables.module);
        own.extend(request.costs.validate(tables).err());
        for e in own
            .iter()
            .filter(|e| matches!(e, SizingError::OutOfRange { .. }))
        {
            findings.push(rejection(block, e));
        }
    }
}

/// How many copies `count` or `for_each` make of the block: 1 without them,
/// `None` when that is not known before plan, 0 when Terraform refuses them.
fn copies(block: &ModuleBlock, findings: &mut Vec<Finding>) -> Option<u64> {
    let (name, n) = match &block.copies {
        Copies::One => return Some(1),
        Copies::Known { meta, n } => (*meta, Some(*n)),
        Copies::Unknown { meta, .. } => (*meta, None),
        Copies::Invalid { meta, message } => {
            findings.push(finding(
                block,
                Severity::Error,
                "invalid_value",
                meta,
                format!("{message}: Terraform refuses it"),
                format!(
                    "set {meta} to {}",
                    if *meta == "count" {
                        "a whole number of 0 or more"
                    } else {
                        "a map or a set of strings (toset(...) makes one of a list)"
                    }
                ),
            ));
            return Some(0);
        }
    };
    if let Some(f) = copies_finding(block, name, n) {
        findings.push(f);
    }
    n
}
