//! `check --plan`: the pypiserver module instances of a `terraform show
//! -json` plan, sized like `check` sizes a block of Terraform source. Each
//! instance's inputs come from the configuration's constants and, where the
//! configuration shows only references, from what Terraform planned
//! (`figures.rs`); `cross.rs` compares pypi-size's arithmetic of those inputs
//! with every figure the plan holds. Where they differ the plan's figures
//! stand (it is what Terraform deploys), with a finding naming both.
//! Nothing here reads a file: the app layer streams the plan in.

mod cross;
pub mod figures;

use std::collections::BTreeMap;

use tf_eval::{Argument, Copies, Location, ModuleBlock, Resolved, Source, Wanted};
use tf_plan::{Expression, ModuleCall, Plan};

use crate::answers::check::{self, CheckOptions, CheckReport, Finding, ModuleCheck, PlanInfo};
use crate::answers::warnings::Severity;
use crate::data::Tables;
use crate::module::variables;

pub use figures::Side;

/// The arguments only the bill reads, besides the sizing variables.
const BILL_ARGUMENTS: [&str; 3] = [
    "load_balancer_subnets",
    "enable_efs_backup",
    "enable_cloudwatch_dashboard",
];

/// The arguments whose constant gives way to the plan's figure when that
/// is known only after apply: the module computes the resource's value
/// from more than the argument (the task counts from the instance type's
/// data source), so the constant does not say what is deployed.
const UNKNOWN_STANDS: [&str; 5] = [
    "asg_instance_type",
    "asg_min_size",
    "asg_max_size",
    "task_min_count",
    "task_max_count",
];

/// One pypiserver module instance of the plan.
struct Instance {
    /// Its call; for an instance whose call is gone from the configuration
    /// (the plan destroys it), one standing for it.
    call: ModuleCall,
    git: Option<(bool, Option<String>)>,
    address: String,
    /// Whether any of its resources exists before / after the change.
    before: bool,
    after: bool,
}

/// The plan's module instances judged as `check` judges blocks, on one side.
pub fn check_plan(
    tables: &Tables,
    plan: &Plan,
    wanted: &Wanted,
    options: &CheckOptions,
    file: &str,
    side: Side,
    keep_destroyed: bool,
) -> CheckReport {
    let mut modules = Vec::new();
    for instance in instances(plan, wanted, &tables.plan.launch_template) {
        let exists = match side {
            Side::Before => instance.before,
            Side::After => instance.after,
        };
        // Created by this plan: not in the base; destroyed: reported as
        // removed by `check`, absent from `diff`'s HEAD (which then says removed).
        if !exists && (side == Side::Before || !keep_destroyed) {
            continue;
        }
        modules.push(check_instance(
            tables, plan, &instance, options, file, side, exists,
        ));
    }
    let mut report = check::summarise(tables, modules);
    report.plan = Some(PlanInfo {
        file: file.to_string(),
        format_version: plan.format_version.clone(),
        terraform_version: plan.terraform_version.clone(),
        side: match side {
            Side::Before => "before",
            Side::After => "after",
        },
    });
    report
}

fn check_instance(
    tables: &Tables,
    plan: &Plan,
    instance: &Instance,
    options: &CheckOptions,
    file: &str,
    side: Side,
    exists: bool,
) -> ModuleCheck {
    let planned = figures::figures(&tables.plan, plan, &instance.address, side);
    let location = Location {
        file: file.to_string(),
        line: 0,
        column: 0,
    };
    let mut block = block(instance, &location);
    if !exists {
        // Destroyed by this plan: no copy after it.
        block.copies = Copies::Known {
            meta: instance.call.repetition.unwrap_or("count"),
            n: 0,
        };
    }
    let from_plan = match side {
        // The prior state's configuration is not in the plan: what the
        // resources hold stands for each argument the call sets (all of
        // them for a call gone from the configuration).
        Side::Before if instance.call.expressions.is_empty() => FromPlan::All,
        Side::Before => FromPlan::Set,
        Side::After => FromPlan::Unknown,
    };
    block.arguments = arguments(&instance.call, &planned, &location, from_plan);
    let configured = check::check_module(tables, block.clone(), options);
    let mut result = if exists {
        cross::stand_by_plan(tables, &block, configured, &planned, options)
    } else {
        removed(configured, instance)
    };
    if exists {
        unreadable(&mut result, &planned);
        ecs_version(tables, plan, &instance.call, &mut result);
    }
    if instance.call.repetition.is_some() {
        // The plan names each instance: no finding about copies.
        result.findings.retain(|f| f.code != "copies");
    }
    for f in &mut result.findings {
        plan_wording(f);
    }
    result.planned = Some(
        planned
            .into_iter()
            .map(|(name, f)| (name, f.value))
            .collect(),
    );
    result
}

/// What the plan holds but cannot be read as the module writes it: an
/// error each (naming the variable where only one figure comes from it),
/// and no number, since Terraform or ECS would refuse it.
fn unreadable(result: &mut ModuleCheck, planned: &BTreeMap<String, figures::Figure>) {
    let mut problems: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, f) in planned {
        if let Some(p) = &f.problem {
            problems.entry(p).or_default().push(name);
        }
    }
    for (problem, names) in &problems {
        result.findings.push(Finding {
            code: "plan_unreadable",
            severity: Severity::Error,
            argument: match names.as_slice() {
                [one] => Some(one.to_string()),
                _ => None,
            },
            message: format!("the plan cannot be read as the module writes it: {problem}"),
            fix: "look at what sets the task definition's container_definitions (a fork or an \
                  override of the module); Terraform or ECS would refuse it"
                .into(),
            location: result.location.clone(),
        });
    }
    if !problems.is_empty() {
        result.capacity = None;
        result.cost = None;
    }
}

/// The ECS module the instance's call calls, where the plan's configuration
/// shows it with a version constraint that does not allow the one pypiserver
/// 2.3.0 pins: a finding naming it, and the findings that name the ECS
/// module's version say the plan's.
fn ecs_version(tables: &Tables, plan: &Plan, call: &ModuleCall, result: &mut ModuleCheck) {
    let ecs = &tables.module.ecs;
    let nested = plan.calls.iter().find(|c| {
        c.path.len() == call.path.len() + 1
            && c.path.starts_with(&call.path)
            && c.source.trim_start_matches("registry.terraform.io/") == ecs.source.as_str()
    });
    let Some(constraint) = nested.and_then(|c| c.version_constraint.as_deref()) else {
        return;
    };
    if tf_eval::version::allows(constraint, &ecs.version) != Some(false) {
        return;
    }
    let modelled = format!("{} {}", ecs.source, ecs.version);
    let planned = format!("{} {constraint}", ecs.source);
    for f in &mut result.findings {
        f.message = f.message.replace(&modelled, &planned);
        f.fix = f.fix.replace(&modelled, &planned);
    }
    result.findings.push(Finding {
        code: "module_version_differs",
        severity: Severity::Warning,
        argument: Some("version".into()),
        message: format!(
            "the plan's configuration calls the ECS module {} with version {constraint}, which \
             does not allow {}, the version pypiserver {} pins and pypi-size's arithmetic \
             models: the plan's figures stand, the arithmetic may differ",
            ecs.source, ecs.version, tables.module.version
        ),
        fix: format!(
            "if the pypiserver module is a fork, check with a profiles.toml written for it \
             (--profiles); otherwise pin the ECS module at {}",
            ecs.version
        ),
        location: result.location.clone(),
    });
}

/// A module instance every resource of which this plan destroys.
fn removed(mut result: ModuleCheck, instance: &Instance) -> ModuleCheck {
    result.findings.retain(|f| f.code != "not_deployed");
    result.findings.push(Finding {
        code: "removed",
        severity: Severity::Info,
        argument: None,
        message: format!(
            "this plan destroys {}: every resource of it is deleted",
            instance.address
        ),
        fix: "nothing to size: the module instance is removed".into(),
        location: result.location.clone(),
    });
    result
}

/// Fixes worded for source mode, said for a plan: there is no -var to give
/// it, the value is the configuration's or known after apply.
fn plan_wording(f: &mut Finding) {
    if matches!(
        f.code,
        "unresolved" | "partial" | "bill_assumed" | "cost_unknown"
    ) {
        f.fix = f
            .fix
            .replace(
                "give the value with -var or -var-file, or check after `terraform plan`",
                "the value is known only after apply: set it in the configuration (a constant, \
                 or a variable known at plan), or check the next plan",
            )
            .replace(
                " with -var or -var-file",
                " in the configuration (known at plan)",
            );
    }
}

/// Why a plan shows no pypiserver module instance, where it can tell: each
/// pypiserver call of its configuration whose resources no resource change
/// holds, and each local module call (which may be the module, unnamed).
pub fn none_found(plan: &Plan, wanted: &Wanted) -> Vec<String> {
    let mut out = Vec::new();
    for call in &plan.calls {
        let address: String = call
            .path
            .iter()
            .map(|n| format!("module.{n}"))
            .collect::<Vec<_>>()
            .join(".");
        match tf_eval::classify(&call.source, wanted) {
            Source::Pypiserver { .. } if instances_of(plan, &call.path).is_empty() => {
                out.push(format!(
                    "the plan's configuration calls the pypiserver module as {address}, but its \
                     resource_changes hold none of its resources (a -target plan, or a \
                     document cut short): nothing of it was planned to size"
                ));
            }
            Source::Local(source) => out.push(format!(
                "{address} calls the local module \"{source}\", which is not checked; if it \
                 is the pypiserver module, name it with --module-source {source}"
            )),
            _ => {}
        }
    }
    out
}

/// The module block the instance stands for, its arguments still to fill.
fn block(instance: &Instance, location: &Location) -> ModuleBlock {
    let call = &instance.call;
    let (git, version) = match &instance.git {
        Some((true, git_ref)) => (Some(git_ref.is_some()), git_ref.clone()),
        _ => (None, call.version_constraint.clone()),
    };
    ModuleBlock {
        name: call.path.last().cloned().unwrap_or_default(),
        address: instance.address.clone(),
        source: call.source.clone(),
        version: version.map(|v| (v, location.clone())),
        git,
        location: location.clone(),
        arguments: BTreeMap::new(),
        copies: Copies::One,
        problems: Vec::new(),
    }
}

/// Which arguments take the plan's figure.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FromPlan {
    /// Those the configuration shows only the references of.
    Unknown,
    /// Every argument the call sets.
    Set,
    /// Every argument with a figure but the AMI (whose default the image
    /// id does not tell).
    All,
}

/// The sizing and bill arguments: a constant as written; where the
/// configuration shows only references (a variable, a data source, an
/// expression), the value Terraform planned into the resource it sets.
fn arguments(
    call: &ModuleCall,
    planned: &BTreeMap<String, figures::Figure>,
    location: &Location,
    from_plan: FromPlan,
) -> BTreeMap<String, Argument> {
    let mut out = BTreeMap::new();
    for name in variables::names().chain(BILL_ARGUMENTS) {
        let figure = planned.get(name);
        let expression = match call.expressions.get(name) {
            None if from_plan == FromPlan::All && name != "ami_id" => Some(&Expression::Other),
            e => e,
        };
        let (value, origin) = match (expression, figure) {
            (Some(_), Some(f)) if from_plan != FromPlan::Unknown => {
                (f.value.clone(), format!("planned: {}", f.origin))
            }
            (None, _) => continue,
            (Some(Expression::Constant(_)), Some(f))
                if UNKNOWN_STANDS.contains(&name) && figures::after_apply(&f.value) =>
            {
                (f.value.clone(), format!("planned: {}", f.origin))
            }
            (Some(Expression::Constant(v)), _) => {
                (Resolved::Known { value: v.clone() }, "literal".to_string())
            }
            (Some(_), Some(f)) => (f.value.clone(), format!("planned: {}", f.origin)),
            (Some(Expression::References(refs)), None) => (
                Resolved::Unknown {
                    reason: format!(
                        "the plan shows only the references of its expression ({}), and no \
                         resource it sets",
                        refs.join(", ")
                    ),
                },
                "expression".to_string(),
            ),
            (Some(Expression::Other), None) => continue,
        };
        out.insert(
            name.to_string(),
            Argument {
                value,
                origin,
                location: location.clone(),
            },
        );
    }
    out
}

/// Every instance of every call whose source is the pypiserver module, as
/// the addresses of its resources show them, and every instance this plan
/// destroys whose call is gone (found by its launch template, `launch_template`
/// under its address), in address order.
fn instances(plan: &Plan, wanted: &Wanted, launch_template: &str) -> Vec<Instance> {
    let mut out: Vec<Instance> = Vec::new();
    for call in &plan.calls {
        let git = match tf_eval::classify(&call.source, wanted) {
            Source::Pypiserver { git, git_ref } => Some((git, git_ref)),
            _ => continue,
        };
        out.extend(
            instances_of(plan, &call.path)
                .into_iter()
                .map(|(address, (before, after))| Instance {
                    call: call.clone(),
                    git: git.clone(),
                    address,
                    before,
                    after,
                }),
        );
    }
    let suffix = format!(".{launch_template}");
    for change in plan
        .changes
        .iter()
        .filter(|c| c.action == tf_plan::Action::Delete)
    {
        let Some(address) = change.address.strip_suffix(&suffix) else {
            continue;
        };
        if out.iter().any(|i| i.address == address) {
            continue;
        }
        let Some(path) = tf_plan::call_path(address) else {
            continue;
        };
        out.push(Instance {
            call: ModuleCall {
                path,
                source: "removed from the configuration".into(),
                version_constraint: None,
                expressions: BTreeMap::new(),
                repetition: None,
            },
            git: None,
            address: address.to_string(),
            before: true,
            after: false,
        });
    }
    out.sort_by(|a, b| a.address.cmp(&b.address));
    out
}

/// The instances of the call at `path` its resources' addresses name, each
/// with whether it exists before and after the change.
fn instances_of(plan: &Plan, path: &[String]) -> BTreeMap<String, (bool, bool)> {
    let mut found: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    for change in plan.changes.iter().filter(|c| !c.data) {
        let Some(steps) = change
            .module_address
            .as_deref()
            .and_then(tf_plan::split_module_address)
        else {
            continue;
        };
        if steps.len() < path.len() || steps.iter().zip(path).any(|((n, _), p)| n != p) {
            continue;
        }
        let instance: String = steps[..path.len()]
            .iter()
            .map(|(n, k)| format!("module.{n}{k}"))
            .collect::<Vec<_>>()
            .join(".");
        let entry = found.entry(instance).or_default();
        entry.0 |= !matches!(change.action, tf_plan::Action::Create);
        entry.1 |= change.action.exists_after();
    }
    found
}
