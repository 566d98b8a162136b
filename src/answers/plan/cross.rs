//! The cross-check: pypi-size's arithmetic of the module's inputs against
//! every figure Terraform planned. Where one differs (another module
//! version, a fork, an override) the finding names both values, and the
//! instance is sized again from the plan's own figures, which stand: they
//! are what Terraform deploys.

use std::collections::BTreeMap;

use serde_json::Value;
use tf_eval::{Argument, ModuleBlock, Resolved};

use super::figures::Figure;
use crate::answers::check::{self, CheckOptions, Finding, ModuleCheck};
use crate::answers::warnings::Severity;
use crate::data::Tables;

/// The figures compared: the module variables that set them, the root
/// volume, and the instance type's figures AWS gave the data source.
const COMPARED: [&str; 12] = [
    "asg_instance_type",
    "asg_min_size",
    "asg_max_size",
    "task_min_count",
    "task_max_count",
    "container_memory",
    "container_memory_reservation",
    "container_cpu",
    "gunicorn_workers",
    "root_volume_size",
    "instance_vcpus",
    "instance_memory_mib",
];

/// The compared figures that are not module arguments.
const NOT_ARGUMENTS: [&str; 3] = ["root_volume_size", "instance_vcpus", "instance_memory_mib"];

/// The report of the instance: `configured` when the plan agrees with the
/// arithmetic, else sized from the plan's figures with a finding for each
/// difference.
pub(super) fn stand_by_plan(
    tables: &Tables,
    block: &ModuleBlock,
    configured: ModuleCheck,
    planned: &BTreeMap<String, Figure>,
    options: &CheckOptions,
) -> ModuleCheck {
    let differences = differences(tables, &configured, planned);
    if differences.is_empty() {
        return configured;
    }
    let findings: Vec<Finding> = differences
        .iter()
        .map(|(name, plan, ours)| differs(tables, block, name, plan, ours, &planned[*name]))
        .collect();
    let mut from_plan = block.clone();
    for name in COMPARED.iter().filter(|n| !NOT_ARGUMENTS.contains(n)) {
        if let Some(Figure {
            value: value @ Resolved::Known { .. },
            origin,
            ..
        }) = planned.get(*name)
        {
            from_plan.arguments.insert(
                name.to_string(),
                Argument {
                    value: value.clone(),
                    origin: format!("planned: {origin}"),
                    location: block.location.clone(),
                },
            );
        }
    }
    // The plan's figures stand, also where they are what AWS or the plan
    // refuses: then the findings are theirs and there is no number.
    let mut options = options.clone();
    if let Some(Figure {
        value: Resolved::Known { value },
        ..
    }) = planned.get("root_volume_size")
    {
        options.costs.planned_root_volume_gb = value.as_f64();
    }
    let answered = answered_tables(tables, planned);
    let mut result = check::check_module(answered.as_ref().unwrap_or(tables), from_plan, &options);
    result.findings.extend(findings);
    result
}

/// The planned type's figure in pypi-size's catalog.
fn catalog_figure(tables: &Tables, planned: &BTreeMap<String, Figure>, name: &str) -> Option<u64> {
    let Resolved::Known { value } = &planned.get("asg_instance_type")?.value else {
        return None;
    };
    let i = tables.instance(value.as_str()?)?;
    match name {
        "instance_vcpus" => Some(i.vcpus.get()),
        "instance_memory_mib" => Some(i.memory_mib.get()),
        _ => None,
    }
}

/// The tables with the planned type's vCPUs and memory as AWS answered the
/// data source, where that differs from the catalog: the modules compute
/// with the data source's figures. `None` where they agree.
fn answered_tables(tables: &Tables, planned: &BTreeMap<String, Figure>) -> Option<Tables> {
    let Resolved::Known { value } = &planned.get("asg_instance_type")?.value else {
        return None;
    };
    let name = value.as_str()?;
    let mut instance = tables.instance(name)?.clone();
    let answer = |figure: &str| -> Option<crate::data::Positive> {
        let Resolved::Known { value } = &planned.get(figure)?.value else {
            return None;
        };
        crate::data::Positive::try_from(i64::try_from(value.as_u64()?).ok()?).ok()
    };
    let before = (instance.vcpus, instance.memory_mib);
    if let Some(v) = answer("instance_vcpus") {
        instance.vcpus = v;
    }
    if let Some(m) = answer("instance_memory_mib") {
        instance.memory_mib = m;
    }
    if (instance.vcpus, instance.memory_mib) == before {
        return None;
    }
    let mut out = tables.clone();
    out.instances = tables
        .instances
        .with_instances(tables.instances.iter().map(|(n, i)| {
            (
                n.to_string(),
                if n == name {
                    instance.clone()
                } else {
                    i.clone()
                },
            )
        }));
    Some(out)
}

/// Each figure the plan knows that the arithmetic puts otherwise: name,
/// the plan's value, the arithmetic's.
fn differences(
    tables: &Tables,
    configured: &ModuleCheck,
    planned: &BTreeMap<String, Figure>,
) -> Vec<(&'static str, Value, Value)> {
    let (Some(c), Some(i), Some(inputs)) = (
        &configured.capacity,
        &configured.instance,
        &configured.inputs,
    ) else {
        return Vec::new();
    };
    let root = configured.cost.as_ref().map(|cost| cost.root_volume_gb);
    let ours = |name: &str| -> Option<Value> {
        Some(match name {
            "asg_instance_type" => Value::from(i.asg_instance_type.clone()),
            "asg_min_size" => c.asg_instance_count.into(),
            "asg_max_size" => c.asg_max_size.into(),
            "task_min_count" => c.task_min_count.into(),
            "task_max_count" => c.task_max_count.into(),
            "container_memory" => inputs.module.container_memory.into(),
            "container_memory_reservation" => c.container_memory_reservation.into(),
            "container_cpu" => c.container_cpu.into(),
            "gunicorn_workers" => c.gunicorn_workers.into(),
            "root_volume_size" => root?.into(),
            // The catalog's figure of the type Terraform planned.
            "instance_vcpus" | "instance_memory_mib" => {
                catalog_figure(tables, planned, name).unwrap_or(match name {
                    "instance_vcpus" => i.vcpus,
                    _ => i.memory_mib,
                })
            }
            .into(),
            _ => return None,
        })
    };
    COMPARED
        .iter()
        .filter_map(|name| {
            let Resolved::Known { value: plan } = &planned.get(*name)?.value else {
                return None;
            };
            let ours = ours(name)?;
            (!same(plan, &ours)).then(|| (*name, plan.clone(), ours))
        })
        .collect()
}

/// Numbers compared as numbers (46 and 46.0 are the same size).
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn differs(
    tables: &Tables,
    block: &ModuleBlock,
    name: &str,
    plan: &Value,
    ours: &Value,
    figure: &Figure,
) -> Finding {
    let version = &tables.module.version;
    if name.starts_with("instance_") {
        return Finding {
            code: "plan_differs",
            severity: Severity::Warning,
            argument: Some("asg_instance_type".into()),
            message: format!(
                "AWS answered Terraform's {} with {name} = {plan}, but pypi-size's instance \
                 catalog has {ours}: the sizing uses AWS's figure, which the modules compute \
                 with (the plan's figures stand)",
                figure.origin
            ),
            fix: "import a current catalog (pypi-size catalog import) and check with it \
                  (--catalog)"
                .into(),
            location: block.location.clone(),
        };
    }
    Finding {
        code: "plan_differs",
        severity: Severity::Warning,
        argument: Some(name.to_string()),
        message: format!(
            "Terraform planned {name} = {plan} ({}), but the arithmetic of pypiserver {version} \
             gives {ours} from the module's inputs: another module version, a fork or an \
             override; the plan's figures stand",
            figure.origin
        ),
        fix: format!(
            "if the module is not pypiserver {version}, check with a profiles.toml written for \
             it (--profiles); otherwise look for what overrides {name}"
        ),
        location: block.location.clone(),
    }
}
