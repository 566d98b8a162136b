//! What `check` finds, as findings pointing at the argument to change: the
//! reader's problems, the copies `count`/`for_each` make, the module's
//! rejections, and the judgments beyond the module's own (profile, fewer
//! larger instances, budget).

use crate::answers::sizing::{self, SizingReport, SizingRequest};
use crate::answers::warnings::Severity;
use crate::data::error::SizingError;
use crate::data::family_of;
use crate::data::{Instance, Tables};
use crate::module::bill::{BudgetedBill, MonthlyBudget};
use crate::module::variables::SizingInputs;
use tf_eval::{Location, ModuleBlock};

use super::{CheckOptions, Finding};

/// What the Terraform reader found Terraform refuses: an error.
pub(super) fn problem(p: &tf_eval::Problem) -> Finding {
    Finding {
        severity: Severity::Error,
        code: p.code,
        message: p.message.clone(),
        fix: p.fix.clone(),
        argument: p.argument.clone(),
        location: p.location.clone(),
    }
}

/// --max-monthly-cost cannot be verified for a block that cannot be sized:
/// an error, never a silent pass.
pub(super) fn cost_unknown(block: &ModuleBlock, findings: &[Finding]) -> Finding {
    let cause = findings
        .iter()
        .find(|f| matches!(f.severity, Severity::Error) || f.code == "unresolved")
        .map(|f| f.message.clone())
        .unwrap_or_else(|| "its number of copies is unknown before `terraform plan`".into());
    Finding {
        severity: Severity::Error,
        code: "cost_unknown",
        message: format!(
            "the monthly cost cannot be computed, so --max-monthly-cost cannot be verified: \
             {cause}"
        ),
        fix: "give the unknown values with -var or -var-file, or fix the errors".into(),
        argument: None,
        location: block.location.clone(),
    }
}

/// What to say about the copies: unknown, none, or more than one.
pub(super) fn copies_finding(block: &ModuleBlock, name: &str, n: Option<u64>) -> Option<Finding> {
    match n {
        None => Some(finding(
            block,
            Severity::Warning,
            "unresolved",
            name,
            format!(
                "{name} cannot be resolved before `terraform plan`: how many copies of the \
                 module Terraform creates is unknown; the sizing is of one copy"
            ),
            format!("give what {name} depends on with -var or -var-file"),
        )),
        Some(0) => Some(finding(
            block,
            Severity::Info,
            "not_deployed",
            name,
            format!("{name} makes no copy of the module: Terraform creates nothing here"),
            "none, unless the module should exist".into(),
        )),
        Some(1) => None,
        Some(n) => Some(finding(
            block,
            Severity::Info,
            "copies",
            name,
            format!(
                "{name} makes {n} copies of the module: each is sized below, and the \
                 cost limit and summary count all {n}"
            ),
            "none".into(),
        )),
    }
}

/// Where a finding about `argument` points: the argument, or the block.
fn at(block: &ModuleBlock, argument: &str) -> Location {
    block
        .arguments
        .get(argument)
        .map_or_else(|| block.location.clone(), |a| a.location.clone())
}

pub(super) fn finding(
    block: &ModuleBlock,
    severity: Severity,
    code: &'static str,
    argument: &str,
    message: String,
    fix: String,
) -> Finding {
    Finding {
        severity,
        code,
        message,
        fix,
        argument: Some(argument.to_string()),
        location: at(block, argument),
    }
}

/// Sizes the request; the module's rejections become findings.
pub(super) fn size(
    tables: &Tables,
    block: &ModuleBlock,
    request: &SizingRequest,
    findings: &mut Vec<Finding>,
) -> Option<SizingReport> {
    let problems = request.inputs.problems(&tables.module);
    let cost_problem = request.costs.validate(tables).err();
    let (instance_problem, launch_problem) =
        match tables.find_instance(&request.inputs.asg_instance_type) {
            Ok(i) => (None, request.inputs.launch_problem(&tables.module, i)),
            Err(e) => (Some(e), None),
        };
    let all: Vec<SizingError> = problems
        .into_iter()
        .chain(cost_problem)
        .chain(instance_problem)
        .chain(launch_problem)
        .collect();
    if all.is_empty() {
        return match sizing::size(tables, request, None, None) {
            Ok(r) => Some(r),
            Err(e) => {
                findings.push(rejection(block, &e));
                None
            }
        };
    }
    // An out-of-range type is also unknown to the catalog: say it once.
    let mut seen = Vec::new();
    for e in &all {
        let f = rejection(block, e);
        if !seen.contains(&f.argument) {
            seen.push(f.argument.clone());
            findings.push(f);
        }
    }
    None
}

pub(super) fn rejection(block: &ModuleBlock, e: &SizingError) -> Finding {
    let argument = e
        .variables()
        .first()
        .copied()
        .unwrap_or("asg_instance_type");
    let (code, fix) = match e {
        SizingError::OutOfRange { accepted, .. } => (
            "out_of_range",
            format!("use a value the module accepts: {accepted}"),
        ),
        SizingError::Rejected {
            variable, accepted, ..
        } => ("rejected_by_stack", format!("set {variable} to {accepted}")),
        SizingError::UnknownInstance { suggestions, .. } => (
            "unknown_instance_type",
            match suggestions.first() {
                Some(s) => format!("did you mean \"{s}\"? `pypi-size instances` lists the catalog"),
                None => "`pypi-size instances` lists the catalog".into(),
            },
        ),
        SizingError::Inconsistent { variables, .. } if variables.contains(&"asg_min_size") => (
            "asg_min_above_max",
            "make asg_min_size at most asg_max_size".into(),
        ),
        SizingError::Inconsistent { .. } => (
            "missing_required",
            "set efs_provisioned_throughput_in_mibps, or use another mode".into(),
        ),
        SizingError::NotLaunchable { arch, ami_arch, .. } => (
            "ami_architecture_mismatch",
            format!(
                "set ami_id to an {} ECS-optimized AMI, or pick an {} instance type",
                arch.as_str(),
                ami_arch.as_str()
            ),
        ),
        SizingError::UnknownProfile { .. } | SizingError::Overflow { .. } => {
            ("invalid_value", "use smaller values".into())
        }
    };
    let mut f = finding(block, Severity::Error, code, argument, e.to_string(), fix);
    // ami_id is usually not written at all: point at the type it cannot launch.
    if matches!(e, SizingError::NotLaunchable { .. }) && !block.arguments.contains_key("ami_id") {
        f.location = at(block, "asg_instance_type");
    }
    f
}

/// The judgments beyond the module's own: the profile, the guide's "fewer,
/// beefier instances", the budget.
pub(super) fn judge(
    tables: &Tables,
    block: &ModuleBlock,
    r: &SizingReport,
    copies: u64,
    options: &CheckOptions,
    findings: &mut Vec<Finding>,
) {
    for w in &r.warnings {
        let mut f = finding(
            block,
            w.severity,
            w.code.as_str(),
            w.variable.unwrap_or_default(),
            w.message.clone(),
            w.fix.clone(),
        );
        if w.variable.is_none() {
            f.argument = None;
        }
        findings.push(f);
    }
    if let Some(name) = &options.profile
        && let Some(f) = below_profile(tables, block, r, name)
    {
        findings.push(f);
    }
    if let Some(f) = fewer_larger_instances(tables, block, r) {
        findings.push(f);
    }
    if let Some(budget) = options.budget
        && let Some(f) = over_budget(block, r, copies, budget)
    {
        findings.push(f);
    }
}

/// The cost at the deployed asg_max_size, for all copies, above the limit.
fn over_budget(
    block: &ModuleBlock,
    r: &SizingReport,
    copies: u64,
    budget: MonthlyBudget,
) -> Option<Finding> {
    debug_assert_eq!(budget.bill, BudgetedBill::AtAsgMaxSize);
    let limit = budget.usd();
    let (bill, at) = (&r.cost.at_asg_max_size, "asg_max_size");
    let cost = bill.total * copies as f64;
    let copies_note = if copies > 1 {
        format!(" for its {copies} copies")
    } else {
        String::new()
    };
    budget.exceeded_by(cost).then(|| {
        finding(
            block,
            Severity::Error,
            "over_budget",
            at,
            format!(
                "${cost:.2} a month at {at} ({} instances){copies_note} is over the limit \
                 of ${limit:.2}",
                bill.instances
            ),
            format!("lower {at} or pick a cheaper instance type (`pypi-size compare`)"),
        )
    })
}

/// Workers a config serves at its minimum and at its maximum (task_max_count,
/// as far as asg_max_size instances can place it).
fn workers_range(r: &SizingReport) -> (u64, u64) {
    let c = &r.capacity;
    let max_instances = r.inputs.module.asg_max_size.unwrap_or(c.asg_instance_count);
    let placeable = c.tasks_per_instance.saturating_mul(max_instances);
    (
        c.total_workers,
        c.task_max_count
            .min(placeable)
            .saturating_mul(c.gunicorn_workers),
    )
}

fn below_profile(
    tables: &Tables,
    block: &ModuleBlock,
    r: &SizingReport,
    name: &str,
) -> Option<Finding> {
    let profile = sizing::recommend_profile(tables, name, |c| c, None).ok()?;
    let (min, max) = workers_range(r);
    let (need_min, need_max) = workers_range(&profile);
    if min >= need_min && max >= need_max {
        return None;
    }
    let p = &profile.inputs.module;
    Some(finding(
        block,
        Severity::Warning,
        "below_profile",
        "asg_instance_type",
        format!(
            "the `{name}` profile serves {need_min} workers ({need_max} scaled out) with {} × \
             {}; this config serves {min} ({max} scaled out)",
            profile.capacity.asg_instance_count, p.asg_instance_type
        ),
        format!("`pypi-size recommend --profile {name} --format hcl` prints the profile's config"),
    ))
}

/// The guide's principle made a number: the same workers on fewer, larger
/// instances of the family for the same money or less.
fn fewer_larger_instances(
    tables: &Tables,
    block: &ModuleBlock,
    r: &SizingReport,
) -> Option<Finding> {
    let i = &r.inputs.module;
    let n = r.capacity.asg_instance_count;
    let ha = tables.advice.min_instances_for_ha.max(1);
    // Explicit task counts do not scale with the instances: no like-for-like.
    if n <= ha || i.task_min_count.is_some() {
        return None;
    }
    let family = family_of(&i.asg_instance_type);
    let current = r.cost.at_asg_min_size.ec2;
    let mut best: Option<(u64, String, f64, u64)> = None;
    for name in tables.instance_names() {
        let Some(candidate) = tables.instance(name) else {
            continue;
        };
        if family_of(name) != family || candidate.vcpus.get() <= r.instance.vcpus {
            continue;
        }
        if let Some((k, cost, workers)) = fewest_instances(tables, r, name, candidate, ha..n) {
            let better = best
                .as_ref()
                .is_none_or(|(bk, _, bc, _)| (k, cost) < (*bk, *bc));
            if better {
                best = Some((k, name.to_string(), cost, workers));
            }
        }
    }
    let (k, name, cost, workers) = best?;
    Some(finding(
        block,
        Severity::Info,
        "fewer_larger_instances",
        "asg_instance_type",
        format!(
            "{k} × {name} serve {workers} workers, at least the {} of {n} × {} here, for \
             {} (the guide: fewer, beefier instances absorb bursts better)",
            r.capacity.total_workers,
            i.asg_instance_type,
            // Equal to the cent: the same money, not "$X instead of $X".
            if format!("{cost:.2}") == format!("{current:.2}") {
                format!("the same ${cost:.2} of EC2 a month")
            } else {
                format!("${cost:.2} of EC2 a month instead of ${current:.2}")
            }
        ),
        format!("asg_instance_type = \"{name}\" with asg_min_size = {k}"),
    ))
}

/// The fewest of `counts` instances of `name` that serve at least the
/// workers of `r` for no more EC2 money: the count, the EC2 cost a month and
/// the workers.
fn fewest_instances(
    tables: &Tables,
    r: &SizingReport,
    name: &str,
    candidate: &Instance,
    counts: std::ops::Range<u64>,
) -> Option<(u64, f64, u64)> {
    let i = &r.inputs.module;
    for k in counts {
        // The block with the fix applied, through the same plan and apply
        // checks as a config given by flags: a fix the apply refuses (a
        // task_max_count below the new task_min_count) is no fix.
        let request = crate::answers::sizing::SizingRequest {
            inputs: SizingInputs {
                asg_instance_type: name.to_string(),
                asg_min_size: Some(k),
                ..i.clone()
            },
            costs: r.inputs.costs,
            ci_builds_per_day: None,
        };
        let Ok((_, c)) = crate::answers::sizing::accept(tables, &request) else {
            continue;
        };
        let Ok(cost) = crate::module::cost::monthly_cost(tables, candidate, k, &r.inputs.costs)
        else {
            continue;
        };
        if c.total_workers >= r.capacity.total_workers && cost.ec2 <= r.cost.at_asg_min_size.ec2 {
            return Some((k, cost.ec2, c.total_workers));
        }
    }
    None
}
