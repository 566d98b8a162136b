//! A block's sizing arguments read as the module's inputs: each value
//! checked against what the module takes, unknown and null ones reported,
//! and the request built when every one is valid.

use std::collections::BTreeMap;

use crate::answers::sizing::SizingRequest;
use crate::answers::warnings::Severity;
use crate::data::Tables;
use crate::data::{Choice, EfsThroughputMode, ModuleArguments};
use crate::module::cost::CostInputs;
use crate::module::variables::{self, SizingInputs};
use tf_eval::{ModuleBlock, Resolved};

use super::findings::{finding, rejection};
use super::{CheckOptions, Finding};

/// The sizing arguments whose module default is not null: an explicit null
/// is then not the default.
const NON_NULL_DEFAULTS: [&str; 3] = [
    "asg_instance_type",
    "container_memory",
    "efs_throughput_mode",
];

/// The sizing arguments' values by name; `None` where there is none to check.
type Values = BTreeMap<&'static str, Option<serde_json::Value>>;

/// The block's arguments as the module's inputs; `None` (with findings) when
/// one is unknown or not a value the module takes.
pub(super) fn resolve_request(
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
    let read = read_each(tables, block, &raw, findings);
    let subnets_unknown = is_unknown(block, "asg_subnets");
    let count_unknown = subnets_unknown && matches!(read.get("asg_min_size"), Some(Ok(None)));
    if subnets_unknown && !count_unknown {
        subnets_not_needed(findings);
    }
    let request = valid_arguments(read).map(|set| request(tables, options, &set));
    let request = request.map(|mut r| {
        let (costs, assumed) = super::bill_arguments::bill_inputs(block, r.costs);
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

/// Each sizing argument as the module takes it, by name: `Ok(None)` where
/// the module's default applies, `Err` where it is invalid (and reported).
type Read = BTreeMap<&'static str, Result<Option<serde_json::Value>, ()>>;

/// The arguments with a reader of their own, in the order their findings
/// come (after the whole numbers, read in the table's order).
const OWN_READERS: [&str; 5] = [
    "asg_instance_type",
    "ami_id",
    "efs_throughput_mode",
    "efs_lifecycle_policy",
    "asg_subnets",
];

/// Reads every argument of `VARIABLES`, so that each invalid one is
/// reported: a `number` as a whole number of 0 or more, the others by their
/// own reader.
fn read_each(
    tables: &Tables,
    block: &ModuleBlock,
    raw: &Values,
    findings: &mut Vec<Finding>,
) -> Read {
    let mut read = Read::new();
    for v in variables::VARIABLES {
        if v.terraform_type == "number" && !OWN_READERS.contains(&v.name) {
            let value = whole_argument(block, raw, v.name, findings);
            read.insert(v.name, value.map(|n| n.map(Into::into)));
        }
    }
    for name in OWN_READERS {
        let value = match name {
            "asg_instance_type" => instance_type(block, raw, findings),
            "ami_id" => ami_id(block, raw, findings),
            "efs_throughput_mode" => throughput_mode(tables, block, raw, findings),
            "efs_lifecycle_policy" => lifecycle_policy(tables, block, raw, findings),
            _ => subnet_count(tables, block, raw, findings),
        };
        read.insert(name, value);
    }
    read
}

/// The arguments, if every one is valid.
fn valid_arguments(read: Read) -> Option<ModuleArguments> {
    let mut values = serde_json::Map::new();
    for (name, value) in read {
        if let Some(value) = value.ok()? {
            values.insert(name.to_string(), value);
        }
    }
    ModuleArguments::from_values(values).ok()
}

/// The request the arguments make over the module's defaults; the flags'
/// cost figures, with the EFS mode the block's or the module's.
fn request(tables: &Tables, options: &CheckOptions, set: &ModuleArguments) -> SizingRequest {
    let m = &tables.module;
    let costs = CostInputs {
        efs_throughput_mode: m.defaults.efs_throughput_mode,
        efs_provisioned_throughput_in_mibps: None,
        ..options.costs
    };
    SizingRequest {
        inputs: SizingInputs::defaults(m, m.defaults.asg_instance_type.get_ref()).with(set),
        costs: costs.with(set),
        ci_builds_per_day: options.ci_builds_per_day,
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
    block: &ModuleBlock,
    raw: &Values,
    findings: &mut Vec<Finding>,
) -> Result<Option<serde_json::Value>, ()> {
    match &raw["asg_instance_type"] {
        None => Ok(None),
        Some(s @ serde_json::Value::String(_)) => Ok(Some(s.clone())),
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
) -> Result<Option<serde_json::Value>, ()> {
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
            Ok(Some(variables::UNKNOWN_AMI_ID.into()))
        }
        None => Ok(None),
        Some(s @ serde_json::Value::String(_)) => Ok(Some(s.clone())),
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
) -> Result<Option<serde_json::Value>, ()> {
    match &raw["efs_throughput_mode"] {
        None => Ok(None),
        // Terraform compares strings exactly: no case folding here.
        Some(serde_json::Value::String(s))
            if let Some(n) = EfsThroughputMode::ALL.iter().find(|n| n.name == s) =>
        {
            Ok(Some(n.name.into()))
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
) -> Result<Option<serde_json::Value>, ()> {
    let Some(v) = &raw["efs_lifecycle_policy"] else {
        return Ok(None);
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
    Ok(Some(v.clone()))
}

/// How many subnets asg_subnets lists (the instance count without
/// asg_min_size).
fn subnet_count(
    tables: &Tables,
    block: &ModuleBlock,
    raw: &Values,
    findings: &mut Vec<Finding>,
) -> Result<Option<serde_json::Value>, ()> {
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
        (Some(serde_json::Value::Array(list)), _) => Ok(Some(list.len().into())),
        (Some(other), _) => {
            findings.push(invalid(block, "asg_subnets", other, "a list of subnet IDs"));
            Err(())
        }
        // Unknown: only needed when asg_min_size does not set the count.
        (None, Some(_)) => Ok(Some(tables.module.defaults.subnets.get().into())),
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
