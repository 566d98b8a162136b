//! The figures a plan holds for one module instance, before or after the
//! change: each read from the resource and attribute profiles.toml's
//! `[plan]` names, known, or unknown with the reason (unknown after apply,
//! the resource absent or destroyed). Keyed by the module variable each
//! stands for, plus `root_volume_size` (the launch template's GiB).

use std::collections::BTreeMap;

use serde_json::Value;
use tf_eval::Resolved;
use tf_plan::{Action, Plan, ResourceChange};

use crate::data::tables::PlanPlaces;

/// Which state of the resources to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The prior state (`before`).
    Before,
    /// What Terraform planned (`after`).
    After,
}

/// One figure of the plan, and where it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: Resolved,
    /// `ADDRESS ATTRIBUTE`.
    pub origin: String,
    /// The plan holds the attribute but it cannot be read as the module
    /// writes it (container_definitions not JSON, GUNICORN_WORKERS not a
    /// number): what Terraform or ECS would refuse, said as a finding.
    pub problem: Option<String>,
}

/// The resource types `check --plan` reads.
pub fn resource_types(places: &PlanPlaces) -> Vec<String> {
    let mut types: Vec<String> = addresses(places)
        .iter()
        .chain([&places.instance_type_data.as_str()])
        .filter_map(|a| a.rsplit('.').nth(1).map(str::to_string))
        .collect();
    types.sort();
    types.dedup();
    types
}

fn addresses(p: &PlanPlaces) -> [&str; 6] {
    [
        &p.launch_template,
        &p.autoscaling_group,
        &p.autoscaling_target,
        &p.task_definition,
        &p.efs_file_system,
        &p.load_balancer,
    ]
}

/// A path into a resource's attributes.
enum Step {
    Key(&'static str),
    Index(usize),
}
use Step::{Index, Key};

/// Every figure of the module instance at `instance`.
pub fn figures(
    places: &PlanPlaces,
    plan: &Plan,
    instance: &str,
    side: Side,
) -> BTreeMap<String, Figure> {
    let find = |relative: &str| {
        let address = format!("{instance}.{relative}");
        let change = plan
            .changes
            .iter()
            .find(|c| !c.data && c.address == address);
        (address, change)
    };
    let mut out = BTreeMap::new();
    let simple: [(&str, &str, &[Step]); 11] = [
        (
            "asg_instance_type",
            &places.launch_template,
            &[Key("instance_type")],
        ),
        ("ami_id", &places.launch_template, &[Key("image_id")]),
        (
            "root_volume_size",
            &places.launch_template,
            &[
                Key("block_device_mappings"),
                Index(0),
                Key("ebs"),
                Index(0),
                Key("volume_size"),
            ],
        ),
        (
            "asg_min_size",
            &places.autoscaling_group,
            &[Key("min_size")],
        ),
        (
            "asg_max_size",
            &places.autoscaling_group,
            &[Key("max_size")],
        ),
        (
            "asg_subnets",
            &places.autoscaling_group,
            &[Key("vpc_zone_identifier")],
        ),
        (
            "task_min_count",
            &places.autoscaling_target,
            &[Key("min_capacity")],
        ),
        (
            "task_max_count",
            &places.autoscaling_target,
            &[Key("max_capacity")],
        ),
        (
            "efs_throughput_mode",
            &places.efs_file_system,
            &[Key("throughput_mode")],
        ),
        (
            "efs_provisioned_throughput_in_mibps",
            &places.efs_file_system,
            &[Key("provisioned_throughput_in_mibps")],
        ),
        (
            "load_balancer_subnets",
            &places.load_balancer,
            &[Key("subnets")],
        ),
    ];
    for (name, relative, path) in simple {
        let (address, change) = find(relative);
        let attribute = describe(path);
        out.insert(
            name.to_string(),
            Figure {
                value: read(change, side, path, &address, &attribute),
                origin: format!("{address} {attribute}"),
                problem: None,
            },
        );
    }
    let (address, change) = find(&places.efs_file_system);
    out.insert(
        "efs_lifecycle_policy".into(),
        lifecycle(
            read(
                change,
                side,
                &[Key("lifecycle_policy")],
                &address,
                "lifecycle_policy",
            ),
            &address,
        ),
    );
    let (address, change) = find(&places.task_definition);
    let definitions = read(
        change,
        side,
        &[Key("container_definitions")],
        &address,
        "container_definitions",
    );
    out.extend(container(places, definitions, &address));
    if side == Side::After {
        out.extend(instance_data(places, plan, instance));
    }
    out
}

/// The instance type's vCPUs and memory as AWS answered the data source
/// during plan (`prior_state`); unknown when it is read during apply. The
/// prior state holds this plan's reads, so only the planned side has them.
fn instance_data(places: &PlanPlaces, plan: &Plan, instance: &str) -> Vec<(String, Figure)> {
    let address = format!("{instance}.{}", places.instance_type_data);
    let origin = |attr: &str| format!("{address} {attr}");
    let values = plan
        .data
        .iter()
        .find(|d| d.address == address)
        .map(|d| &d.values);
    // Read during apply, and why (`read_because_config_unknown`).
    let deferred = plan
        .changes
        .iter()
        .find(|c| c.data && c.address == address && c.action == Action::Read)
        .map(|c| match &c.action_reason {
            Some(why) => format!(" ({why})"),
            None => String::new(),
        });
    [
        ("instance_vcpus", "default_vcpus"),
        ("instance_memory_mib", "memory_size"),
    ]
    .into_iter()
    .filter_map(|(name, attr)| {
        let value = match (values.and_then(|v| v.get(attr)), &deferred) {
            (Some(v), _) => Resolved::Known { value: v.clone() },
            (None, Some(why)) => Resolved::Unknown {
                reason: format!("{address} is read during apply{why}"),
            },
            (None, None) => return None,
        };
        Some((
            name.to_string(),
            Figure {
                value,
                origin: origin(attr),
                problem: None,
            },
        ))
    })
    .collect()
}

fn describe(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Key(k) if text.is_empty() => text.push_str(k),
            Key(k) => {
                text.push('.');
                text.push_str(k);
            }
            Index(i) => text.push_str(&format!("[{i}]")),
        }
    }
    text
}

/// One attribute of one side of a change.
fn read(
    change: Option<&ResourceChange>,
    side: Side,
    path: &[Step],
    address: &str,
    attribute: &str,
) -> Resolved {
    let unknown = |reason: String| Resolved::Unknown { reason };
    let Some(change) = change else {
        return unknown(format!("the plan has no {address}"));
    };
    let (value, mut unknowns) = match side {
        Side::Before if matches!(change.action, Action::Create | Action::Read) => {
            return unknown(format!(
                "{address} does not exist before this plan (it is created)"
            ));
        }
        Side::After if change.action == Action::Delete => {
            return unknown(format!("{address} is destroyed by this plan"));
        }
        Side::Before => (&change.before, &NULL),
        Side::After => (&change.after, &change.after_unknown),
    };
    let mut value = Some(value);
    for step in path {
        if unknowns == &Value::Bool(true) {
            break;
        }
        // Terraform writes every attribute, null or not, except those
        // unknown: one missing and not marked unknown is not a value.
        if let (Key(k), Some(Value::Object(o))) = (step, value)
            && !o.contains_key(*k)
            && get(unknowns, step) != Some(&Value::Bool(true))
        {
            return unknown(format!("the plan shows no {attribute} for {address}"));
        }
        value = value.and_then(|v| get(v, step));
        unknowns = get(unknowns, step).unwrap_or(&NULL);
    }
    if unknowns == &Value::Bool(true) {
        let why = change
            .action_reason
            .as_deref()
            .map(|r| format!(", {r}"))
            .unwrap_or_default();
        return unknown(format!(
            "{address} {attribute} is known only after apply (after_unknown{why})"
        ));
    }
    Resolved::Known {
        value: value.cloned().unwrap_or(Value::Null),
    }
}

static NULL: Value = Value::Null;

/// Whether the figure is unknown because Terraform knows it only after
/// apply (`after_unknown`), not because the plan lacks the resource.
pub fn after_apply(value: &Resolved) -> bool {
    matches!(value, Resolved::Unknown { reason } if reason.contains("(after_unknown"))
}

fn get<'a>(v: &'a Value, step: &Step) -> Option<&'a Value> {
    match step {
        Key(k) => v.get(*k),
        Index(i) => v.get(*i),
    }
}

/// `lifecycle_policy[*].transition_to_ia` "AFTER_30_DAYS" as the module's
/// efs_lifecycle_policy (days); `null` without one.
fn lifecycle(value: Resolved, address: &str) -> Figure {
    let origin = format!("{address} lifecycle_policy[*].transition_to_ia");
    let value = match value {
        Resolved::Known { value } => {
            let days = value.as_array().into_iter().flatten().find_map(|p| {
                p.get("transition_to_ia")?
                    .as_str()?
                    .strip_prefix("AFTER_")?
                    .strip_suffix("_DAYS")?
                    .parse::<u64>()
                    .ok()
            });
            Resolved::Known {
                value: days.map_or(Value::Null, Value::from),
            }
        }
        unknown => unknown,
    };
    Figure {
        value,
        origin,
        problem: None,
    }
}

/// The pypiserver container's cpu, memory, memoryReservation and workers,
/// from the task definition's container_definitions (a JSON string).
fn container(places: &PlanPlaces, definitions: Resolved, address: &str) -> Vec<(String, Figure)> {
    let keys = [
        ("container_cpu", "cpu"),
        ("container_memory", "memory"),
        ("container_memory_reservation", "memoryReservation"),
        ("gunicorn_workers", "environment"),
    ];
    let origin = |key: &str| {
        let what = if key == "environment" {
            format!("environment[{}]", places.workers_environment)
        } else {
            key.to_string()
        };
        format!("{address} container_definitions[*].{what}")
    };
    // A reason the figures are unknown, and whether it is the plan's
    // document itself that cannot be read (a problem, not an unknown).
    let parsed: Result<Value, (String, bool)> = match definitions {
        Resolved::Known { value } => match value.as_str() {
            Some(text) => serde_json::from_str::<Value>(text)
                .map_err(|e| {
                    (
                        format!("{address} container_definitions is not JSON ECS reads: {e}"),
                        true,
                    )
                })
                .and_then(|all| {
                    pypiserver_container(all, &places.workers_environment, address)
                        .map_err(|e| (e, false))
                }),
            None => Err((
                format!("{address} container_definitions is not a string of JSON: {value}"),
                true,
            )),
        },
        Resolved::Unknown { reason } => Err((reason, false)),
    };
    keys.iter()
        .map(|(name, key)| {
            let (value, problem) = match &parsed {
                Err((reason, problem)) => (
                    Resolved::Unknown {
                        reason: reason.clone(),
                    },
                    problem.then(|| reason.clone()),
                ),
                Ok(c) if *key == "environment" => {
                    workers(c, &places.workers_environment, &origin(key))
                }
                // ECS leaves out what is null (memoryReservation when not set).
                Ok(c) => (
                    Resolved::Known {
                        value: c.get(*key).cloned().unwrap_or(Value::Null),
                    },
                    None,
                ),
            };
            (
                name.to_string(),
                Figure {
                    value,
                    origin: origin(key),
                    problem,
                },
            )
        })
        .collect()
}

/// The container with the workers' environment variable, or the only one.
fn pypiserver_container(all: Value, workers: &str, address: &str) -> Result<Value, String> {
    let containers = all.as_array().cloned().unwrap_or_default();
    let with_workers = containers.iter().find(|c| {
        c["environment"]
            .as_array()
            .is_some_and(|e| e.iter().any(|v| v["name"] == workers))
    });
    match (with_workers, containers.as_slice()) {
        (Some(c), _) | (None, [c]) => Ok(c.clone()),
        (None, _) => Err(format!(
            "{address} container_definitions has {} containers, none with {workers} in its \
             environment",
            containers.len()
        )),
    }
}

/// The environment variable's value, a number in a string ("4"); one that
/// is not a whole number is a problem: gunicorn cannot start with it.
fn workers(container: &Value, name: &str, origin: &str) -> (Resolved, Option<String>) {
    let value = container["environment"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["name"] == name)
        .map(|e| &e["value"]);
    match value {
        None | Some(Value::Null) => (Resolved::Known { value: Value::Null }, None),
        Some(v) => match v.as_str().and_then(|t| t.parse::<u64>().ok()) {
            Some(n) => (Resolved::Known { value: n.into() }, None),
            None => {
                let reason =
                    format!("{origin} = {v} is not a whole number: gunicorn cannot start with it");
                (
                    Resolved::Unknown {
                        reason: reason.clone(),
                    },
                    Some(reason),
                )
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(action: Action, before: Value, after: Value, unknown: Value) -> ResourceChange {
        ResourceChange {
            address: "module.p.aws_launch_template.website".into(),
            module_address: Some("module.p".into()),
            data: false,
            resource_type: "aws_launch_template".into(),
            action,
            before,
            after,
            after_unknown: unknown,
            action_reason: None,
        }
    }

    const VOLUME: [Step; 5] = [
        Key("block_device_mappings"),
        Index(0),
        Key("ebs"),
        Index(0),
        Key("volume_size"),
    ];

    fn at(c: &ResourceChange, side: Side, path: &[Step]) -> Resolved {
        read(Some(c), side, path, &c.address, "x")
    }

    #[test]
    fn reads_known_unknown_and_absent_attributes() {
        let after = json!({"instance_type": "c6a.xlarge",
            "block_device_mappings": [{"ebs": [{"volume_size": 46}]}]});
        let c = change(Action::Create, Value::Null, after, json!({"arn": true}));
        let known = |v: Value| Resolved::Known { value: v };
        assert_eq!(
            at(&c, Side::After, &[Key("instance_type")]),
            known("c6a.xlarge".into())
        );
        assert_eq!(at(&c, Side::After, &VOLUME), known(46.into()));
        assert!(
            matches!(at(&c, Side::After, &[Key("arn")]), Resolved::Unknown { reason } if reason.contains("after apply"))
        );
        assert!(
            matches!(at(&c, Side::After, &[Key("image_id")]), Resolved::Unknown { reason } if reason.contains("shows no"))
        );
        assert!(
            matches!(at(&c, Side::Before, &[Key("instance_type")]), Resolved::Unknown { reason } if reason.contains("created"))
        );
        assert!(
            matches!(read(None, Side::After, &VOLUME, "a.b", "x"), Resolved::Unknown { reason } if reason.contains("no a.b"))
        );
    }

    #[test]
    fn an_unknown_block_makes_what_is_inside_unknown() {
        let after = json!({"block_device_mappings": [{"ebs": [{}]}]});
        let unknown = json!({"block_device_mappings": [{"ebs": true}]});
        let c = change(
            Action::Update,
            json!({"instance_type": "c6a.large"}),
            after,
            unknown,
        );
        assert!(matches!(
            at(&c, Side::After, &VOLUME),
            Resolved::Unknown { .. }
        ));
        assert_eq!(
            at(&c, Side::Before, &[Key("instance_type")]),
            Resolved::Known {
                value: "c6a.large".into()
            }
        );
        let deleted = change(
            Action::Delete,
            json!({"instance_type": "t3.small"}),
            Value::Null,
            Value::Null,
        );
        assert!(
            matches!(at(&deleted, Side::After, &[Key("instance_type")]), Resolved::Unknown { reason } if reason.contains("destroyed"))
        );
    }

    #[test]
    fn lifecycle_and_workers_as_the_module_takes_them() {
        let days = lifecycle(
            Resolved::Known {
                value: json!([{"transition_to_ia": "AFTER_90_DAYS"}]),
            },
            "efs",
        );
        assert_eq!(days.value, Resolved::Known { value: 90.into() });
        let none = lifecycle(Resolved::Known { value: json!([]) }, "efs");
        assert_eq!(none.value, Resolved::Known { value: Value::Null });
        let c = json!({"environment": [{"name": "GUNICORN_WORKERS", "value": "6"}]});
        assert_eq!(
            workers(&c, "GUNICORN_WORKERS", "o").0,
            Resolved::Known { value: 6.into() }
        );
        let four = json!({"environment": [{"name": "GUNICORN_WORKERS", "value": "four"}]});
        let (value, problem) = workers(&four, "GUNICORN_WORKERS", "o");
        assert!(matches!(value, Resolved::Unknown { .. }));
        assert!(
            problem
                .unwrap()
                .contains("o = \"four\" is not a whole number")
        );
        let two = json!([{"name": "a"}, {"name": "b", "environment": [{"name": "GUNICORN_WORKERS", "value": "2"}]}]);
        assert_eq!(
            pypiserver_container(two, "GUNICORN_WORKERS", "x").unwrap()["name"],
            "b"
        );
        let neither = json!([{"name": "a"}, {"name": "b"}]);
        assert!(pypiserver_container(neither, "GUNICORN_WORKERS", "x").is_err());
    }
}
