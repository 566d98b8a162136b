//! `explain`: the module's derivation for one config, step by step as
//! module-spec.md's worked example reads, which bound binds and by how much,
//! and the smallest changes that would add a task per instance.

use serde::Serialize;

use crate::capacity::{self, BindingConstraint, Capacity, SizingInputs};
use crate::cost::{self, CostInputs};
use crate::error::SizingError;
use crate::report::{InstanceInfo, ModuleInfo, PricingInfo};
use crate::tables::Tables;

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Explanation {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    pub inputs: SizingInputs,
    pub instance: InstanceInfo,
    pub steps: Vec<Step>,
    pub binding: Binding,
    pub capacity: Capacity,
    /// What would change the answer: each the smallest such change.
    pub changes: Vec<Change>,
}

/// One step of module-spec.md.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Step {
    pub step: u8,
    pub name: &'static str,
    /// In the module's terms.
    pub formula: String,
    /// The same with the numbers put in.
    pub with_values: String,
    /// `null` for +infinity (a reservation of 0).
    pub value: Option<i64>,
    /// `input` (given), `default`, or `computed`.
    pub source: &'static str,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Binding {
    pub constraint: BindingConstraint,
    pub tasks_by_ram: Option<u64>,
    pub tasks_by_cpu: u64,
    /// How many more tasks the other bound would allow (`null`: unbounded).
    pub slack_tasks: Option<u64>,
    /// For one more task per instance: the RAM (MB) the instance lacks, or
    /// `null` when RAM is not what stops it.
    pub ram_short_mb: Option<u64>,
    /// Likewise, CPU units.
    pub cpu_short_units: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Change {
    /// `container_memory`, `gunicorn_workers` or `asg_instance_type`.
    pub variable: &'static str,
    pub from: String,
    pub to: String,
    pub tasks_per_instance: u64,
    pub workers_per_instance: u64,
    pub total_workers: u64,
    pub monthly_cost: f64,
    pub description: String,
}

pub fn explain(
    tables: &Tables,
    inputs: &SizingInputs,
    costs: &CostInputs,
) -> Result<Explanation, SizingError> {
    inputs.validate(&tables.module.limits)?;
    costs.validate(tables)?;
    let instance = tables.find_instance(&inputs.asg_instance_type)?;
    let m = &tables.module;
    let c = capacity::compute(m, instance, inputs)?;
    let source = |given: bool| if given { "input" } else { "computed" };
    let clamp_note = |raw: i64| {
        (raw < 1).then(|| {
            format!(
                "clamped from {raw} to 1: the container does not fit, and ECS cannot place the task"
            )
        })
    };
    let reservation = c.container_memory_reservation;
    let raw_ram = (reservation > 0).then(|| c.available_ram_mb.div_euclid(reservation as i64));
    let raw_cpu = c
        .available_cpu_units
        .div_euclid(c.container_cpu.max(1) as i64);
    let steps = vec![
        Step {
            step: 1,
            name: "gunicorn_workers",
            formula: format!(
                "max({}, min({}, floor(container_memory / {})))",
                m.min_gunicorn_workers.get(),
                m.max_gunicorn_workers.get(),
                m.worker_memory_mb.get()
            ),
            with_values: if inputs.gunicorn_workers.is_some() {
                "given".into()
            } else {
                format!(
                    "max({}, min({}, floor({} / {})))",
                    m.min_gunicorn_workers.get(),
                    m.max_gunicorn_workers.get(),
                    inputs.container_memory,
                    m.worker_memory_mb.get()
                )
            },
            value: Some(c.gunicorn_workers as i64),
            source: source(inputs.gunicorn_workers.is_some()),
            note: None,
        },
        Step {
            step: 2,
            name: "container_cpu",
            formula: format!(
                "gunicorn_workers × {} + {}",
                m.cpu_units_per_worker, m.cpu_units_base
            ),
            with_values: if inputs.container_cpu.is_some() {
                "given".into()
            } else {
                format!(
                    "{} × {} + {}",
                    c.gunicorn_workers, m.cpu_units_per_worker, m.cpu_units_base
                )
            },
            value: Some(c.container_cpu as i64),
            source: source(inputs.container_cpu.is_some()),
            note: None,
        },
        Step {
            step: 3,
            name: "container_memory_reservation",
            formula: format!(
                "floor(container_memory × {})",
                m.memory_reservation_ratio.get()
            ),
            with_values: if inputs.container_memory_reservation.is_some() {
                "given".into()
            } else {
                format!(
                    "floor({} × {})",
                    inputs.container_memory,
                    m.memory_reservation_ratio.get()
                )
            },
            value: Some(reservation as i64),
            source: source(inputs.container_memory_reservation.is_some()),
            note: (reservation == 0).then(|| "0 disables the soft limit".to_string()),
        },
        Step {
            step: 4,
            name: "available_ram_mb",
            formula: format!(
                "instance memory − {} system − {} page cache",
                m.system_overhead_mb, m.page_cache_mb
            ),
            with_values: format!(
                "{} − {} − {}",
                instance.memory_mib.get(),
                m.system_overhead_mb,
                m.page_cache_mb
            ),
            value: Some(c.available_ram_mb),
            source: "computed",
            note: None,
        },
        Step {
            step: 5,
            name: "available_cpu_units",
            formula: format!(
                "vCPUs × {} − {}",
                m.cpu_units_per_vcpu.get(),
                m.system_cpu_units
            ),
            with_values: format!(
                "{} × {} − {}",
                instance.vcpus.get(),
                m.cpu_units_per_vcpu.get(),
                m.system_cpu_units
            ),
            value: Some(c.available_cpu_units),
            source: "computed",
            note: None,
        },
        Step {
            step: 6,
            name: "tasks_per_instance_ram",
            formula: "max(1, floor(available_ram_mb / container_memory_reservation))".into(),
            with_values: match c.tasks_per_instance_ram {
                None => format!("max(1, floor({} / 0)) = +∞", c.available_ram_mb),
                Some(_) => format!("max(1, floor({} / {reservation}))", c.available_ram_mb),
            },
            value: c.tasks_per_instance_ram.map(|v| v as i64),
            source: "computed",
            note: match (raw_ram, c.tasks_per_instance_ram) {
                (None, None) => Some("a reservation of 0 removes the RAM bound".into()),
                (None, Some(_)) => Some(format!(
                    "{} / 0 is -infinity in Terraform, clamped to 1: the instance has no RAM \
                     left for tasks",
                    c.available_ram_mb
                )),
                (Some(raw), _) => clamp_note(raw),
            },
        },
        Step {
            step: 7,
            name: "tasks_per_instance_cpu",
            formula: "max(1, floor(available_cpu_units / container_cpu))".into(),
            with_values: format!(
                "max(1, floor({} / {}))",
                c.available_cpu_units, c.container_cpu
            ),
            value: Some(c.tasks_per_instance_cpu as i64),
            source: "computed",
            note: clamp_note(raw_cpu),
        },
        Step {
            step: 8,
            name: "tasks_per_instance",
            formula: "min(tasks_per_instance_ram, tasks_per_instance_cpu)".into(),
            with_values: format!(
                "min({}, {})",
                c.tasks_per_instance_ram
                    .map_or("+∞".to_string(), |v| v.to_string()),
                c.tasks_per_instance_cpu
            ),
            value: Some(c.tasks_per_instance as i64),
            source: "computed",
            note: Some(format!("{} binds", c.binding_constraint.as_str())),
        },
        Step {
            step: 9,
            name: "asg_instance_count",
            formula: "asg_min_size, or the number of subnets when it is null".into(),
            with_values: match inputs.asg_min_size {
                Some(n) => format!("asg_min_size = {n}"),
                None => format!("{} subnets", inputs.subnets),
            },
            value: Some(c.asg_instance_count as i64),
            source: source(inputs.asg_min_size.is_some()),
            note: None,
        },
        Step {
            step: 10,
            name: "task_min_count",
            formula: "tasks_per_instance × asg_instance_count".into(),
            with_values: if inputs.task_min_count.is_some() {
                "given".into()
            } else {
                format!("{} × {}", c.tasks_per_instance, c.asg_instance_count)
            },
            value: Some(c.task_min_count as i64),
            source: source(inputs.task_min_count.is_some()),
            note: None,
        },
        Step {
            step: 11,
            name: "task_max_count",
            formula: format!("task_min_count × {}", m.task_max_multiplier),
            with_values: if inputs.task_max_count.is_some() {
                "given".into()
            } else {
                format!("{} × {}", c.task_min_count, m.task_max_multiplier)
            },
            value: Some(c.task_max_count as i64),
            source: source(inputs.task_max_count.is_some()),
            note: None,
        },
    ];
    let binding = binding(&c);
    let changes = changes(tables, inputs, &c, costs)?;
    Ok(Explanation {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        inputs: inputs.clone(),
        instance: InstanceInfo::of(&inputs.asg_instance_type, instance),
        steps,
        binding,
        capacity: c,
        changes,
    })
}

fn binding(c: &Capacity) -> Binding {
    let next = c.tasks_per_instance + 1;
    let short = |available: i64, per_task: u64| -> Option<u64> {
        let need = (per_task as i64).saturating_mul(next as i64);
        (need > available).then(|| (need - available) as u64)
    };
    let ram_short_mb = match c.tasks_per_instance_ram {
        Some(ram) if ram <= c.tasks_per_instance => {
            short(c.available_ram_mb, c.container_memory_reservation)
        }
        _ => None,
    };
    let cpu_short_units = (c.tasks_per_instance_cpu <= c.tasks_per_instance)
        .then(|| short(c.available_cpu_units, c.container_cpu))
        .flatten();
    Binding {
        constraint: c.binding_constraint,
        tasks_by_ram: c.tasks_per_instance_ram,
        tasks_by_cpu: c.tasks_per_instance_cpu,
        slack_tasks: c
            .tasks_per_instance_ram
            .map(|ram| ram.abs_diff(c.tasks_per_instance_cpu)),
        ram_short_mb,
        cpu_short_units,
    }
}

/// The smallest container_memory decrease and gunicorn_workers change that
/// add a task per instance, and the next instance size up.
fn changes(
    tables: &Tables,
    inputs: &SizingInputs,
    c: &Capacity,
    costs: &CostInputs,
) -> Result<Vec<Change>, SizingError> {
    let instance = tables.find_instance(&inputs.asg_instance_type)?;
    let mut out = Vec::new();
    let change = |variable: &'static str,
                  from: String,
                  to: String,
                  changed: &SizingInputs,
                  description: String|
     -> Result<Option<Change>, SizingError> {
        let inst = tables.find_instance(&changed.asg_instance_type)?;
        let n = capacity::compute(&tables.module, inst, changed)?;
        let bill = cost::monthly_cost(&tables.pricing, inst, n.asg_instance_count, costs)?;
        Ok(Some(Change {
            variable,
            from,
            to,
            tasks_per_instance: n.tasks_per_instance,
            workers_per_instance: n.tasks_per_instance.saturating_mul(n.gunicorn_workers),
            total_workers: n.total_workers,
            monthly_cost: bill.total,
            description,
        }))
    };
    // A change counts only if the module accepts it, ECS can run it (no
    // clamp, soft limit within the hard one) and it adds a task.
    let more_tasks = |candidate: &SizingInputs| {
        candidate.problems(&tables.module.limits).is_empty()
            && candidate
                .container_memory_reservation
                .is_none_or(|r| r <= candidate.container_memory)
            && capacity::compute(&tables.module, instance, candidate).is_ok_and(|n| {
                n.tasks_per_instance > c.tasks_per_instance
                    && n.available_ram_mb >= n.container_memory_reservation as i64
                    && n.available_cpu_units >= n.container_cpu as i64
            })
    };
    // Less memory can only add tasks: it lowers the reservation and, through
    // the workers, the CPU share. Any whole MB is a value the module takes.
    let low = tables.module.limits.container_memory.low;
    if let Some(m) = (low..inputs.container_memory).rev().find(|&m| {
        more_tasks(&SizingInputs {
            container_memory: m,
            ..inputs.clone()
        })
    }) {
        let changed = SizingInputs {
            container_memory: m,
            ..inputs.clone()
        };
        if let Some(ch) = change(
            "container_memory",
            inputs.container_memory.to_string(),
            m.to_string(),
            &changed,
            format!(
                "container_memory {m} (−{} MB) is the largest that fits another task per \
                 instance",
                inputs.container_memory - m
            ),
        )? {
            out.push(ch);
        }
    }
    // Fewer workers lower container_cpu (unless it is given).
    if inputs.container_cpu.is_none() {
        let workers = c.gunicorn_workers;
        let limits = tables.module.limits.gunicorn_workers;
        if let Some(w) = (limits.low..workers).rev().find(|&w| {
            more_tasks(&SizingInputs {
                gunicorn_workers: Some(w),
                ..inputs.clone()
            })
        }) {
            let changed = SizingInputs {
                gunicorn_workers: Some(w),
                ..inputs.clone()
            };
            if let Some(ch) = change(
                "gunicorn_workers",
                workers.to_string(),
                w.to_string(),
                &changed,
                format!(
                    "gunicorn_workers = {w} ({} fewer) lowers container_cpu enough for another \
                     task per instance",
                    workers - w
                ),
            )? {
                out.push(ch);
            }
        }
    }
    // The next size up, and if that adds no task, the first larger one that does.
    let members = crate::compare::family_members(
        tables,
        crate::listing::family_of(&inputs.asg_instance_type),
    );
    let larger: Vec<&String> = members
        .iter()
        .skip_while(|m| **m != inputs.asg_instance_type)
        .skip(1)
        .collect();
    let with_type = |t: &str| SizingInputs {
        asg_instance_type: t.to_string(),
        ..inputs.clone()
    };
    let adds_task = |t: &str| {
        tables
            .instance(t)
            .and_then(|i| capacity::compute(&tables.module, i, &with_type(t)).ok())
            .is_some_and(|n| n.tasks_per_instance > c.tasks_per_instance)
    };
    if let Some(next) = larger.first() {
        let adds = adds_task(next);
        let description = if adds {
            format!("{next}, the next size up in the family")
        } else {
            let bound = tables
                .instance(next)
                .and_then(|i| capacity::compute(&tables.module, i, &with_type(next)).ok())
                .map_or("the same bound", |n| match n.binding_constraint {
                    capacity::BindingConstraint::Ram => "its RAM",
                    capacity::BindingConstraint::Cpu => "its CPU",
                    capacity::BindingConstraint::RamAndCpu => "its RAM and CPU",
                });
            format!(
                "{next}, the next size up in the family, adds no task ({bound} still allows \
                 {})",
                c.tasks_per_instance
            )
        };
        if let Some(ch) = change(
            "asg_instance_type",
            inputs.asg_instance_type.clone(),
            next.to_string(),
            &with_type(next),
            description,
        )? {
            out.push(ch);
        }
        if !adds
            && let Some(first) = larger.iter().find(|t| adds_task(t))
            && let Some(ch) = change(
                "asg_instance_type",
                inputs.asg_instance_type.clone(),
                first.to_string(),
                &with_type(first),
                format!("{first}, the smallest size up in the family that adds a task"),
            )?
        {
            out.push(ch);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::profile_costs;

    fn explain_heavy() -> Explanation {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, "c6a.xlarge");
        inputs.asg_min_size = Some(2);
        explain(&t, &inputs, &profile_costs(&t, &t.profiles[2])).unwrap()
    }

    #[test]
    fn steps_read_like_the_worked_example() {
        let e = explain_heavy();
        let values: Vec<Option<i64>> = e.steps.iter().map(|s| s.value).collect();
        let expected = [4, 640, 384, 7392, 3968, 19, 6, 6, 2, 12, 24].map(Some);
        assert_eq!(values, expected);
        assert_eq!(e.steps[5].with_values, "max(1, floor(7392 / 384))");
        assert_eq!(
            e.steps[0].formula,
            "max(2, min(8, floor(container_memory / 128)))"
        );
    }

    #[test]
    fn binding_margin() {
        let b = explain_heavy().binding;
        assert_eq!(b.constraint, BindingConstraint::Cpu);
        assert_eq!(b.slack_tasks, Some(13));
        // 7 tasks x 640 = 4480 units; 3968 available.
        assert_eq!(b.cpu_short_units, Some(512));
        assert_eq!(b.ram_short_mb, None);
    }

    #[test]
    fn smallest_changes_that_add_a_task() {
        let e = explain_heavy();
        let memory = e
            .changes
            .iter()
            .find(|c| c.variable == "container_memory")
            .unwrap();
        // 511 MB: floor(511 / 128) = 3 workers, container_cpu 490, 8 tasks by CPU.
        assert_eq!(memory.to, "511");
        assert_eq!(memory.tasks_per_instance, 8);
        let workers = e
            .changes
            .iter()
            .find(|c| c.variable == "gunicorn_workers")
            .unwrap();
        // 3 workers: container_cpu 490, floor(3968 / 490) = 8.
        assert_eq!(workers.to, "3");
        assert_eq!(workers.tasks_per_instance, 8);
        let bigger = e
            .changes
            .iter()
            .find(|c| c.variable == "asg_instance_type")
            .unwrap();
        assert_eq!(bigger.to, "c6a.2xlarge");
        assert_eq!(bigger.tasks_per_instance, 12);
    }
}
