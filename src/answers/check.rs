//! `check`: each pypiserver module block of a Terraform tree, resolved to a
//! config, sized like `capacity` would, and judged. Every finding points at
//! the file and line of the argument to change.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answers::sizing::{
    self, InstanceInfo, ModuleInfo, PricingInfo, ResolvedInputs, SizingReport, SizingRequest,
};
use crate::answers::warnings::Severity;
use crate::data::error::SizingError;
use crate::data::family_of;
use crate::data::{Choice, EfsThroughputMode};
use crate::data::{Instance, Tables};
use crate::module::bill::CostRange;
use crate::module::capacity::Capacity;
use crate::module::cost::CostInputs;
use crate::module::variables::{self, SizingInputs};
use tf_eval::{Argument, Copies, Location, ModuleBlock, Resolved};

/// What `check` judges against, beyond the module's own rules.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// A guide profile the config must at least match.
    pub profile: Option<String>,
    pub ci_builds_per_day: Option<u64>,
    /// The most the config may cost a month, at asg_max_size.
    pub max_monthly_cost: Option<f64>,
    /// Cost figures (EFS, LCUs, savings plan); the EFS mode comes from the block.
    pub costs: CostInputs,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CheckReport {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    pub modules: Vec<ModuleCheck>,
    pub summary: Summary,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
/// A problem in the shape every command uses (docs/json.md), with the place
/// in the Terraform it concerns.
pub struct Finding {
    /// Stable: `unsupported_argument`, `missing_required`, `invalid_value`,
    /// `evaluation_budget`, `out_of_range`, `unknown_instance_type`,
    /// `null_argument`, `unresolved`, `partial`, `cost_unknown`,
    /// `bill_assumed`, `not_deployed`, `copies`, `module_version_differs`,
    /// `module_version_unknown`, `below_profile`, `fewer_larger_instances`,
    /// `over_budget`, `rejected_by_stack`, `ami_architecture_mismatch`, or a
    /// `capacity` warning code.
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
    pub max_monthly_cost: Option<f64>,
    pub over_budget: bool,
    /// Module blocks with no capacity figures (unknown or invalid inputs).
    pub not_sized: usize,
}

/// The sizing arguments whose module default is not null: an explicit null
/// is then not the default.
const NON_NULL_DEFAULTS: [&str; 3] = [
    "asg_instance_type",
    "container_memory",
    "efs_throughput_mode",
];

pub fn check(tables: &Tables, blocks: Vec<ModuleBlock>, options: &CheckOptions) -> CheckReport {
    let modules: Vec<ModuleCheck> = blocks
        .into_iter()
        .map(|b| check_module(tables, b, options))
        .collect();
    let count = |s: Severity| {
        modules
            .iter()
            .flat_map(|m| &m.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    let max_monthly_cost = modules
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
        max_monthly_cost,
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
    }
}

fn check_module(tables: &Tables, block: ModuleBlock, options: &CheckOptions) -> ModuleCheck {
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
    if options.max_monthly_cost.is_some()
        && copies != Some(0)
        && (sized.is_none() || copies.is_none())
    {
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

/// What the Terraform reader found Terraform refuses: an error.
fn problem(p: &tf_eval::Problem) -> Finding {
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
fn cost_unknown(block: &ModuleBlock, findings: &[Finding]) -> Finding {
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

/// What to say about the copies: unknown, none, or more than one.
fn copies_finding(block: &ModuleBlock, name: &str, n: Option<u64>) -> Option<Finding> {
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

/// A `version` constraint that does not allow the module version whose
/// arithmetic pypi-size models.
fn version_constraint(tables: &Tables, block: &ModuleBlock, findings: &mut Vec<Finding>) {
    let modelled = &tables.module.version;
    let Some((constraint, location)) = &block.version else {
        if block.git.is_some() {
            findings.push(unpinned_git(block, modelled, "has no ?ref="));
        }
        return;
    };
    let (what, fix_what) = if block.git.is_some() {
        (format!("?ref={constraint}"), format!("use ?ref={modelled}"))
    } else {
        (
            format!("version = \"{constraint}\""),
            format!("allow {modelled}"),
        )
    };
    match tf_eval::version::allows(constraint, modelled) {
        Some(false) => findings.push(Finding {
            severity: Severity::Warning,
            code: "module_version_differs",
            message: format!(
                "{what} does not allow {modelled}, the module version pypi-size's arithmetic \
                 models: another version may size differently"
            ),
            fix: format!(
                "{fix_what}, or check with a profiles.toml written for your version \
                 (--profiles)"
            ),
            argument: Some("version".into()),
            location: location.clone(),
        }),
        None if block.git.is_some() => {
            findings.push(unpinned_git(
                block,
                modelled,
                &format!("uses {what}, not a version tag,"),
            ));
        }
        _ => {}
    }
}

/// A git source that names no version: which one Terraform fetches is not known.
fn unpinned_git(block: &ModuleBlock, modelled: &str, how: &str) -> Finding {
    Finding {
        severity: Severity::Warning,
        code: "module_version_unknown",
        message: format!(
            "the git source {how} so the module version is not known; pypi-size's arithmetic \
             models {modelled}"
        ),
        fix: format!("pin the source with ?ref={modelled}"),
        argument: Some("source".into()),
        location: block.location.clone(),
    }
}

/// Where a finding about `argument` points: the argument, or the block.
fn at(block: &ModuleBlock, argument: &str) -> Location {
    block
        .arguments
        .get(argument)
        .map_or_else(|| block.location.clone(), |a| a.location.clone())
}

fn finding(
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

/// The sizing arguments' values by name; `None` where there is none to check.
type Values = BTreeMap<&'static str, Option<serde_json::Value>>;

/// The block's arguments as the module's inputs; `None` (with findings) when
/// one is unknown or not a value the module takes.
fn resolve_request(
    tables: &Tables,
    block: &ModuleBlock,
    options: &CheckOptions,
    findings: &mut Vec<Finding>,
    partial: &mut Option<BTreeMap<String, Resolved>>,
) -> Option<SizingRequest> {
    let before = findings.len();
    let raw = read_arguments(block, findings);
    let unresolved = findings[before..].iter().any(|f| f.code == "unresolved");
    let nulled = findings[before..].iter().any(|f| f.code == "null_argument");
    let arguments = Arguments::read(tables, block, &raw, findings);
    let subnets_unknown = is_unknown(block, "asg_subnets");
    let count_unknown = subnets_unknown && matches!(arguments.asg_min_size, Ok(None));
    if subnets_unknown && !count_unknown {
        subnets_not_needed(findings);
    }
    let request = arguments.request(tables, options).map(|mut r| {
        let (costs, assumed) = crate::answers::check_bill::bill_inputs(block, r.costs);
        r.costs = costs;
        findings.extend(assumed.into_iter().map(|(name, what)| {
            finding(
                block,
                Severity::Info,
                "bill_assumed",
                name,
                format!("{name} is unknown: the monthly cost assumes {what}"),
                "give the value with -var or -var-file for the bill the block deploys".into(),
            )
        }));
        r
    });
    if nulled || refused(block) {
        return None;
    }
    if unresolved && (count_unknown || sizing_argument_unknown(block)) {
        let unknown: std::collections::BTreeSet<&str> = variables::names()
            .filter(|n| is_unknown(block, n))
            .collect();
        *partial = request.as_ref().and_then(|r| {
            crate::answers::partial::figures(tables, block, &r.inputs.clone(), &unknown)
        });
        if let Some(f) = partial.as_ref().and_then(|p| partial_finding(block, p)) {
            findings.push(f);
        }
        // Whatever the unknowns, a known type the default AMI cannot launch
        // fails the apply.
        if let Some(r) = &request
            && !is_unknown(block, "asg_instance_type")
            && let Some(i) = tables.instance(&r.inputs.asg_instance_type)
            && let Some(e) = r.inputs.launch_problem(&tables.module, i)
        {
            findings.push(rejection(block, &e));
        }
        return None;
    }
    request
}

/// Whether the reader found a problem that makes sizing meaningless: an
/// argument the module does not have (perhaps a misspelled sizing input),
/// or an invalid sizing input.
fn refused(block: &ModuleBlock) -> bool {
    block.problems.iter().any(|p| {
        p.code == "unsupported_argument"
            || p.code != "missing_required"
                && p.argument
                    .as_deref()
                    .is_some_and(|a| variables::variable(a).is_some())
    })
}

/// The figures still known, said once.
fn partial_finding(block: &ModuleBlock, partial: &BTreeMap<String, Resolved>) -> Option<Finding> {
    let known: Vec<String> = partial
        .iter()
        .filter_map(|(name, r)| match r {
            Resolved::Known { value } => Some(format!("{name} {value}")),
            Resolved::Unknown { .. } => None,
        })
        .collect();
    if known.is_empty() {
        return None;
    }
    let unknown: Vec<&str> = partial
        .iter()
        .filter(|(_, r)| matches!(r, Resolved::Unknown { .. }))
        .map(|(n, _)| n.as_str())
        .collect();
    Some(Finding {
        severity: Severity::Info,
        code: "partial",
        message: format!(
            "known without the unknown inputs: {}; unknown until they are: {}",
            known.join(", "),
            unknown.join(", ")
        ),
        fix: "give the unknown inputs with -var or -var-file for the whole sizing".into(),
        argument: None,
        location: block.location.clone(),
    })
}

/// Each sizing argument's value; `None` where it is not set or stands for
/// the module's default, and where it is reported (a null the module cannot
/// take, or unknown). All are read first so every unknown one is reported.
fn read_arguments(block: &ModuleBlock, findings: &mut Vec<Finding>) -> Values {
    variables::names()
        .map(|n| (n, argument_value(block, n, findings).cloned()))
        .collect()
}

fn argument_value<'a>(
    block: &'a ModuleBlock,
    name: &str,
    findings: &mut Vec<Finding>,
) -> Option<&'a serde_json::Value> {
    let arg = block.arguments.get(name)?;
    // Already an error: Terraform refuses the value.
    if block
        .problems
        .iter()
        .any(|p| p.argument.as_deref() == Some(name))
    {
        return None;
    }
    match &arg.value {
        // null stands for the module's default only where that is null.
        Resolved::Known { value } if value.is_null() && !NON_NULL_DEFAULTS.contains(&name) => None,
        Resolved::Known { value } if value.is_null() => {
            findings.push(finding(
                block,
                Severity::Warning,
                "null_argument",
                name,
                format!(
                    "{name} = null: Terraform passes null to the module, not the module's \
                     default (unless the module declares the variable nullable = false), \
                     and the module cannot size with it"
                ),
                format!("remove {name} to get the module's default, or give a value"),
            ));
            None
        }
        Resolved::Known { value } => Some(value),
        Resolved::Unknown { reason } => {
            findings.push(finding(
                block,
                Severity::Warning,
                "unresolved",
                name,
                format!(
                    "{name} is unknown: {reason}; pypi-size does not assume the module default"
                ),
                "give the value with -var or -var-file, or check after `terraform plan`"
                    .to_string(),
            ));
            None
        }
    }
}

fn is_unknown(block: &ModuleBlock, name: &str) -> bool {
    matches!(
        block.arguments.get(name).map(|a| &a.value),
        Some(Resolved::Unknown { .. })
    )
}

/// An unknown argument other than asg_subnets, which only matters when it
/// sets the instance count.
fn sizing_argument_unknown(block: &ModuleBlock) -> bool {
    variables::names().any(|n| !matches!(n, "asg_subnets" | "ami_id") && is_unknown(block, n))
}

/// asg_min_size sets the count: the unknown subnets do not change sizing, so
/// their finding is only information.
fn subnets_not_needed(findings: &mut [Finding]) {
    for f in findings
        .iter_mut()
        .filter(|f| f.code == "unresolved" && f.argument.as_deref() == Some("asg_subnets"))
    {
        f.severity = Severity::Info;
        f.message
            .push_str(" (sizing does not need it: asg_min_size sets the instance count)");
    }
}

/// The sizing arguments as the module takes them: `Err` where one is
/// invalid (and reported), `Ok(None)` where the module's default applies.
struct Arguments {
    ami_id: Result<Option<String>, ()>,
    asg_instance_type: Result<String, ()>,
    asg_min_size: Result<Option<u64>, ()>,
    asg_max_size: Result<Option<u64>, ()>,
    subnets: Result<u64, ()>,
    container_memory: Result<Option<u64>, ()>,
    container_memory_reservation: Result<Option<u64>, ()>,
    container_cpu: Result<Option<u64>, ()>,
    gunicorn_workers: Result<Option<u64>, ()>,
    task_min_count: Result<Option<u64>, ()>,
    task_max_count: Result<Option<u64>, ()>,
    efs_throughput_mode: Result<EfsThroughputMode, ()>,
    efs_provisioned_throughput_in_mibps: Result<Option<u64>, ()>,
    /// The module refuses the plan for a value outside its list.
    efs_lifecycle_policy: Result<(), ()>,
}

impl Arguments {
    /// Checks every argument, so that each invalid one is reported.
    fn read(
        tables: &Tables,
        block: &ModuleBlock,
        raw: &Values,
        findings: &mut Vec<Finding>,
    ) -> Self {
        let mut number = |name: &str| whole_argument(block, raw, name, findings);
        let asg_min_size = number("asg_min_size");
        let asg_max_size = number("asg_max_size");
        let container_memory = number("container_memory");
        let container_memory_reservation = number("container_memory_reservation");
        let container_cpu = number("container_cpu");
        let gunicorn_workers = number("gunicorn_workers");
        let task_min_count = number("task_min_count");
        let task_max_count = number("task_max_count");
        let efs_provisioned_throughput_in_mibps = number("efs_provisioned_throughput_in_mibps");
        let asg_instance_type = instance_type(tables, block, raw, findings);
        let ami_id = ami_id(block, raw, findings);
        let efs_throughput_mode = throughput_mode(tables, block, raw, findings);
        let efs_lifecycle_policy = lifecycle_policy(tables, block, raw, findings);
        let subnets = subnet_count(tables, block, raw, findings);
        Arguments {
            ami_id,
            asg_instance_type,
            asg_min_size,
            asg_max_size,
            subnets,
            container_memory,
            container_memory_reservation,
            container_cpu,
            gunicorn_workers,
            task_min_count,
            task_max_count,
            efs_throughput_mode,
            efs_provisioned_throughput_in_mibps,
            efs_lifecycle_policy,
        }
    }

    /// The request, if every argument is valid.
    fn request(self, tables: &Tables, options: &CheckOptions) -> Option<SizingRequest> {
        self.efs_lifecycle_policy.ok()?;
        let inputs = SizingInputs {
            ami_id: self.ami_id.ok()?,
            asg_instance_type: self.asg_instance_type.ok()?,
            asg_min_size: self.asg_min_size.ok()?,
            asg_max_size: self.asg_max_size.ok()?,
            subnets: self.subnets.ok()?,
            container_memory: self
                .container_memory
                .ok()?
                .unwrap_or(tables.module.defaults.container_memory),
            container_memory_reservation: self.container_memory_reservation.ok()?,
            container_cpu: self.container_cpu.ok()?,
            gunicorn_workers: self.gunicorn_workers.ok()?,
            task_min_count: self.task_min_count.ok()?,
            task_max_count: self.task_max_count.ok()?,
        };
        Some(SizingRequest {
            inputs,
            costs: CostInputs {
                efs_throughput_mode: self.efs_throughput_mode.ok()?,
                efs_provisioned_throughput_in_mibps: self
                    .efs_provisioned_throughput_in_mibps
                    .ok()?,
                ..options.costs
            },
            ci_builds_per_day: options.ci_builds_per_day,
        })
    }
}

fn invalid(block: &ModuleBlock, name: &str, found: &serde_json::Value, expected: &str) -> Finding {
    finding(
        block,
        Severity::Error,
        "invalid_value",
        name,
        format!("{name} = {found} is not {expected}"),
        format!("set {name} to {expected}"),
    )
}

/// A `number` argument: unset, or a whole number of 0 or more.
fn whole_argument(
    block: &ModuleBlock,
    raw: &Values,
    name: &str,
    findings: &mut Vec<Finding>,
) -> Result<Option<u64>, ()> {
    match &raw[name] {
        None => Ok(None),
        Some(v) => match whole_number(v) {
            Some(n) => Ok(Some(n)),
            None => {
                findings.push(invalid(block, name, v, "a whole number of 0 or more"));
                Err(())
            }
        },
    }
}

fn instance_type(
    tables: &Tables,
    block: &ModuleBlock,
    raw: &Values,
    findings: &mut Vec<Finding>,
) -> Result<String, ()> {
    match &raw["asg_instance_type"] {
        None => Ok(tables.module.defaults.asg_instance_type.get_ref().clone()),
        Some(serde_json::Value::String(s)) => Ok(s.clone()),
        Some(other) => {
            findings.push(invalid(
                block,
                "asg_instance_type",
                other,
                "a string such as \"c6a.xlarge\"",
            ));
            Err(())
        }
    }
}

/// `ami_id`: unset (the ECS module's default AMI), a string, or set but
/// unknown, which is still not the default AMI; its architecture is checked
/// offline in no case but the default.
fn ami_id(
    block: &ModuleBlock,
    raw: &Values,
    findings: &mut Vec<Finding>,
) -> Result<Option<String>, ()> {
    match &raw["ami_id"] {
        None if is_unknown(block, "ami_id") => {
            for f in findings
                .iter_mut()
                .filter(|f| f.code == "unresolved" && f.argument.as_deref() == Some("ami_id"))
            {
                f.severity = Severity::Info;
                f.message.push_str(
                    " (sizing does not need it: it is set, so the ECS module's default AMI is \
                     not used)",
                );
            }
            Ok(Some(variables::UNKNOWN_AMI_ID.to_string()))
        }
        None => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => {
            findings.push(invalid(
                block,
                "ami_id",
                other,
                "a string such as \"ami-0123456789abcdef0\"",
            ));
            Err(())
        }
    }
}

fn throughput_mode(
    tables: &Tables,
    block: &ModuleBlock,
    raw: &Values,
    findings: &mut Vec<Finding>,
) -> Result<EfsThroughputMode, ()> {
    match &raw["efs_throughput_mode"] {
        None => Ok(tables.module.defaults.efs_throughput_mode),
        // Terraform compares strings exactly: no case folding here.
        Some(serde_json::Value::String(s))
            if let Some(n) = EfsThroughputMode::ALL.iter().find(|n| n.name == s) =>
        {
            Ok(n.value)
        }
        Some(other) => {
            let accepted = variables::variable("efs_throughput_mode")
                .and_then(|v| v.accepted(&tables.module))
                .unwrap_or_default();
            let default = tables.module.defaults.efs_throughput_mode.name();
            findings.push(finding(
                block,
                Severity::Error,
                "out_of_range",
                "efs_throughput_mode",
                format!(
                    "efs_throughput_mode = {other} is not a mode the module accepts: {accepted}"
                ),
                format!("use \"{default}\" (the module's default)"),
            ));
            Err(())
        }
    }
}

/// efs_lifecycle_policy does not size anything, but the module refuses
/// other values than its list.
/// `Err` (reported) where the module's validation refuses the value.
fn lifecycle_policy(
    tables: &Tables,
    block: &ModuleBlock,
    raw: &Values,
    findings: &mut Vec<Finding>,
) -> Result<(), ()> {
    let Some(v) = &raw["efs_lifecycle_policy"] else {
        return Ok(());
    };
    let allowed = &tables.module.limits.efs_lifecycle_policy;
    if !whole_number(v).is_some_and(|n| allowed.contains(&n)) {
        let list = allowed
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        findings.push(finding(
            block,
            Severity::Error,
            "out_of_range",
            "efs_lifecycle_policy",
            format!("efs_lifecycle_policy = {v} is not one the module accepts: null, {list}"),
            format!("use one of {list} (days), or null"),
        ));
        return Err(());
    }
    Ok(())
}

/// How many subnets asg_subnets lists (the instance count without
/// asg_min_size).
fn subnet_count(
    tables: &Tables,
    block: &ModuleBlock,
    raw: &Values,
    findings: &mut Vec<Finding>,
) -> Result<u64, ()> {
    match (&raw["asg_subnets"], block.arguments.get("asg_subnets")) {
        (Some(serde_json::Value::Array(list)), _) if list.is_empty() => {
            findings.push(finding(
                block,
                Severity::Error,
                "out_of_range",
                "asg_subnets",
                "asg_subnets is empty; the module needs at least one subnet".into(),
                "list one private subnet per availability zone".into(),
            ));
            Err(())
        }
        (Some(serde_json::Value::Array(list)), _) => Ok(list.len() as u64),
        (Some(other), _) => {
            findings.push(invalid(block, "asg_subnets", other, "a list of subnet IDs"));
            Err(())
        }
        // Unknown: only needed when asg_min_size does not set the count.
        (None, Some(_)) => Ok(tables.module.defaults.subnets.get()),
        // Missing: reported with the module's other required arguments.
        (None, None) => Err(()),
    }
}

/// A number (the reader has converted the argument to the module's type)
/// that is a whole number of 0 or more.
fn whole_number(v: &serde_json::Value) -> Option<u64> {
    match v {
        serde_json::Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Sizes the request; the module's rejections become findings.
fn size(
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

fn rejection(block: &ModuleBlock, e: &SizingError) -> Finding {
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
fn judge(
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
    if let Some(limit) = options.max_monthly_cost
        && let Some(f) = over_budget(block, r, copies, limit)
    {
        findings.push(f);
    }
}

/// The cost at the deployed asg_max_size, for all copies, above the limit.
fn over_budget(block: &ModuleBlock, r: &SizingReport, copies: u64, limit: f64) -> Option<Finding> {
    let (bill, at) = (&r.cost.at_asg_max_size, "asg_max_size");
    let cost = bill.total * copies as f64;
    let copies_note = if copies > 1 {
        format!(" for its {copies} copies")
    } else {
        String::new()
    };
    (cost > limit).then(|| {
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
             ${cost:.2} of EC2 a month instead of ${current:.2} (the guide: fewer, beefier \
             instances absorb bursts better)",
            r.capacity.total_workers, i.asg_instance_type
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
        let inputs = SizingInputs {
            asg_instance_type: name.to_string(),
            asg_min_size: Some(k),
            asg_max_size: None,
            ..i.clone()
        };
        let Ok(c) = crate::module::capacity::compute(&tables.module, candidate, &inputs) else {
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
