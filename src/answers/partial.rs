//! What `check` still knows of a module block some of whose inputs are
//! unknown before `plan`: each figure of the capacity arithmetic that does
//! not depend on an unknown input, and for each other one the input it
//! waits for. An unknown `asg_subnets` leaves gunicorn workers, CPU,
//! reservation and tasks per instance known; an unknown instance type
//! leaves the container's own figures.

use std::collections::{BTreeMap, BTreeSet};

use crate::data::Tables;
use crate::module::capacity;
use crate::module::variables::SizingInputs;
use tf_eval::{ModuleBlock, Resolved};

/// The capacity figures, each known or unknown with the reason. `inputs`
/// are the known inputs (defaults where the block does not set them);
/// `unknown` the arguments unknown before plan.
pub fn figures(
    tables: &Tables,
    block: &ModuleBlock,
    inputs: &SizingInputs,
    unknown: &BTreeSet<&str>,
) -> Option<BTreeMap<String, Resolved>> {
    let instance_known = !unknown.contains("asg_instance_type");
    let instance = if instance_known {
        tables.find_instance(&inputs.asg_instance_type).ok()?
    } else {
        tables
            .find_instance(tables.module.defaults.asg_instance_type.get_ref())
            .ok()?
    };
    let c = capacity::compute(&tables.module, instance, inputs).ok()?;
    let values = serde_json::to_value(&c).ok()?;
    let deps = dependencies(block);
    let mut out = BTreeMap::new();
    for (name, needs) in deps {
        let waiting: Vec<&str> = needs
            .iter()
            .copied()
            .filter(|n| unknown.contains(n))
            .collect();
        let figure = match waiting.first() {
            None => Resolved::Known {
                value: values.get(name).cloned().unwrap_or(serde_json::Value::Null),
            },
            Some(input) => Resolved::Unknown {
                reason: format!("depends on {input}, {}", why(block, input)),
            },
        };
        out.insert(name.to_string(), figure);
    }
    Some(out)
}

/// Why an argument is unknown, from the block.
fn why(block: &ModuleBlock, name: &str) -> String {
    match block.arguments.get(name).map(|a| &a.value) {
        Some(Resolved::Unknown { reason }) => format!("which is unknown: {reason}"),
        _ => "which is unknown".to_string(),
    }
}

/// Which inputs each figure of module-spec.md's steps depends on, for this
/// block (an input set in the block replaces its derivation).
fn dependencies(block: &ModuleBlock) -> Vec<(&'static str, BTreeSet<&'static str>)> {
    let set = |name: &str| block.arguments.contains_key(name);
    let one = |n: &'static str| BTreeSet::from([n]);
    let union = |a: &BTreeSet<&'static str>,
                 b: &BTreeSet<&'static str>|
     -> BTreeSet<&'static str> { a.union(b).copied().collect() };
    let workers = if set("gunicorn_workers") {
        one("gunicorn_workers")
    } else {
        one("container_memory")
    };
    let cpu = if set("container_cpu") {
        one("container_cpu")
    } else {
        workers.clone()
    };
    let reservation = if set("container_memory_reservation") {
        one("container_memory_reservation")
    } else {
        one("container_memory")
    };
    let instance = one("asg_instance_type");
    let by_ram = union(&instance, &reservation);
    let by_cpu = union(&instance, &cpu);
    let per_instance = union(&by_ram, &by_cpu);
    let count = if set("asg_min_size") {
        one("asg_min_size")
    } else {
        one("asg_subnets")
    };
    let task_min = if set("task_min_count") {
        one("task_min_count")
    } else {
        union(&per_instance, &count)
    };
    let task_max = if set("task_max_count") {
        one("task_max_count")
    } else {
        task_min.clone()
    };
    let total = union(&task_min, &workers);
    // Set, or the ECS module's derivation from task_max_count, both bounds
    // per instance and asg_min_size.
    let asg_max = if set("asg_max_size") {
        one("asg_max_size")
    } else {
        union(&union(&task_max, &per_instance), &count)
    };
    vec![
        ("gunicorn_workers", workers),
        ("container_cpu", cpu),
        ("container_memory_reservation", reservation),
        ("available_ram_mb", instance.clone()),
        ("available_cpu_units", instance),
        ("tasks_per_instance_ram", by_ram),
        ("tasks_per_instance_cpu", by_cpu),
        ("tasks_per_instance", per_instance),
        ("asg_instance_count", count),
        ("task_min_count", task_min),
        ("task_max_count", task_max),
        ("asg_max_size", asg_max),
        ("total_workers", total),
    ]
}
