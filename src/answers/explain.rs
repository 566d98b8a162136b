//! `explain`: the module's derivation for one config, step by step as
//! module-spec.md's worked example reads, which bound binds and by how much,
//! and the smallest changes that would add a task per instance.

use serde::Serialize;

use crate::answers::sizing::{self, InstanceInfo, ModuleInfo, PricingInfo, SizingRequest};
use crate::data::Tables;
use crate::data::error::SizingError;
use crate::module::capacity::{self, BindingConstraint, Capacity, Step};
use crate::module::variables::SizingInputs;

/// The most values below the current one each lever is searched for a
/// change that adds a task: twice the module's whole container_memory range
/// (128 to 30720). Only a data file with wider ranges reaches it; the search
/// then stops there and a note says so.
pub const MAX_SCAN: u64 = 65_536;

/// The values below `from`, down to `low` or [`MAX_SCAN`] of them.
fn below(low: u64, from: u64) -> std::ops::Range<u64> {
    low.max(from.saturating_sub(MAX_SCAN))..from
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Explanation {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    pub inputs: SizingInputs,
    pub instance: InstanceInfo,
    pub steps: Vec<Step>,
    pub binding: Binding,
    pub capacity: Capacity,
    /// Tasks per instance ECS can run of the module's count (fewer where a
    /// container does not fit, or with a reservation of 0).
    pub runnable_tasks_per_instance: u64,
    /// What would change the answer: each the smallest such change.
    pub changes: Vec<Change>,
    /// What bounds the answer beyond the arithmetic.
    pub notes: Vec<String>,
    /// What `capacity` warns of for the same config.
    pub warnings: Vec<crate::answers::warnings::Warning>,
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
    /// `container_memory`, `gunicorn_workers`, `container_cpu` or
    /// `asg_instance_type`.
    pub variable: &'static str,
    pub from: serde_json::Value,
    pub to: serde_json::Value,
    /// The module's tasks per instance after the change.
    pub tasks_per_instance: u64,
    /// Of which ECS can run.
    pub runnable_tasks_per_instance: u64,
    pub workers_per_instance: u64,
    pub total_workers: u64,
    pub monthly_cost: f64,
    pub description: String,
}

pub fn explain(tables: &Tables, request: &SizingRequest) -> Result<Explanation, SizingError> {
    let report = crate::answers::sizing::size(tables, request, None, None)?;
    let inputs = &request.inputs;
    let instance = tables.find_instance(&inputs.asg_instance_type)?;
    let (c, steps) = capacity::derive(&tables.module, instance, inputs)?;
    let binding = binding(&c);
    let runnable =
        crate::module::placement::runnable_tasks_per_instance(&c, inputs.container_memory);
    let (changes, refused) = changes(tables, request, runnable, report.cost.at_asg_min_size.total)?;
    let mut notes = Vec::new();
    if runnable < c.tasks_per_instance {
        let why = if c.container_memory_reservation > inputs.container_memory {
            "ECS rejects a soft limit above the hard limit"
        } else if c.available_cpu_units < c.container_cpu as i64 {
            "the container's CPU share does not fit the instance"
        } else if c.container_memory_reservation == 0 {
            "with no soft limit ECS reserves the whole container_memory for each"
        } else {
            "the container's memory does not fit the instance"
        };
        notes.push(format!(
            "ECS can run {runnable} of the module's {} {} per instance: {why}",
            c.tasks_per_instance,
            if c.tasks_per_instance == 1 {
                "task"
            } else {
                "tasks"
            }
        ));
    }
    let limits = &tables.module.limits;
    for (variable, low, from) in [
        (
            "container_memory",
            limits.container_memory.low,
            inputs.container_memory,
        ),
        (
            "container_cpu",
            limits.container_cpu.low,
            inputs.container_cpu.unwrap_or(0),
        ),
    ] {
        if from.saturating_sub(low) > MAX_SCAN {
            notes.push(format!(
                "{variable}: only the {MAX_SCAN} values below {from} were searched for a \
                 change that adds a task"
            ));
        }
    }
    if let Some(pinned) = inputs.task_min_count {
        notes.push(format!(
            "task_min_count = {pinned} is set: the service runs {pinned} tasks whatever fits, so \
             more tasks per instance add room, not tasks; {} fit on {} instance(s) now",
            runnable.saturating_mul(c.asg_instance_count),
            c.asg_instance_count
        ));
    }
    notes.extend(refused);
    Ok(Explanation {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        inputs: inputs.clone(),
        instance: InstanceInfo::of(&inputs.asg_instance_type, instance),
        steps,
        binding,
        runnable_tasks_per_instance: runnable,
        capacity: c,
        changes,
        notes,
        warnings: report.warnings,
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

/// The smallest changes that add a task ECS can run per instance without
/// losing a worker in all: of container_memory, of gunicorn_workers (or of
/// container_cpu where it is given), and of the instance size. Each passes
/// the plan and apply checks of a config given by flags
/// ([`sizing::accept`]); one the arithmetic favours but the stack refuses is
/// not proposed, and the second list says why.
fn changes(
    tables: &Tables,
    request: &SizingRequest,
    runnable_now: u64,
    cost_now: f64,
) -> Result<(Vec<Change>, Vec<String>), SizingError> {
    let mut search = Search {
        tables,
        request,
        runnable_now,
        workers_now: 0,
        cost_now,
        out: Vec::new(),
        refused: Vec::new(),
    };
    search.workers_now = search
        .arithmetic(&request.inputs)
        .map_or(0, |(c, n)| search.workers(&c, n));
    search.memory()?;
    search.cpu()?;
    search.instance_type()?;
    Ok((search.out, search.refused))
}

/// An amount in whole cents, as bills are compared.
fn cents(usd: f64) -> i64 {
    (usd * 100.0).round() as i64
}

/// The search for the smallest changes that add a task ECS can run.
struct Search<'a> {
    tables: &'a Tables,
    request: &'a SizingRequest,
    runnable_now: u64,
    /// The workers the service runs now, in all.
    workers_now: u64,
    /// The monthly bill now, at asg_min_size.
    cost_now: f64,
    out: Vec<Change>,
    /// Changes that would add a task but that the plan or the apply refuses.
    refused: Vec<String>,
}

impl Search<'_> {
    fn inputs(&self) -> &SizingInputs {
        &self.request.inputs
    }

    /// What ECS can run of a config by the module's arithmetic alone, where
    /// its variables are in range: the quick test of the search.
    fn arithmetic(&self, candidate: &SizingInputs) -> Option<(Capacity, u64)> {
        let t = self.tables;
        if !candidate.problems(&t.module).is_empty() {
            return None;
        }
        let instance = t.instance(&candidate.asg_instance_type)?;
        let c = capacity::compute(&t.module, instance, candidate).ok()?;
        let n =
            crate::module::placement::runnable_tasks_per_instance(&c, candidate.container_memory);
        Some((c, n))
    }

    /// The config as a request: the current one with other variables.
    fn request(&self, candidate: &SizingInputs) -> SizingRequest {
        SizingRequest {
            inputs: candidate.clone(),
            ..self.request.clone()
        }
    }

    /// The workers a config runs in all: its running tasks (task_min_count
    /// where it is set, else what ECS can run on the instances) × workers.
    fn workers(&self, c: &Capacity, runnable: u64) -> u64 {
        let placed = runnable.saturating_mul(c.asg_instance_count);
        let running = self
            .inputs()
            .task_min_count
            .map_or(placed, |p| p.min(placed));
        running.saturating_mul(c.gunicorn_workers)
    }

    /// A change worth proposing by the arithmetic: ECS runs another task
    /// per instance, and the service keeps at least the workers it has (a
    /// task more of fewer workers that serves less is no gain).
    fn adds_task(&self, candidate: &SizingInputs) -> bool {
        self.arithmetic(candidate)
            .is_some_and(|(c, n)| n > self.runnable_now && self.workers(&c, n) >= self.workers_now)
    }

    /// The first of `values` that adds a task and that the stack accepts.
    /// The first that adds a task but is refused is noted, with why.
    fn first_accepted(
        &mut self,
        variable: &str,
        values: impl Iterator<Item = u64>,
        with: impl Fn(u64) -> SizingInputs,
    ) -> Option<u64> {
        let mut noted = false;
        for v in values {
            let candidate = with(v);
            if !self.adds_task(&candidate) {
                continue;
            }
            match sizing::accept(self.tables, &self.request(&candidate)) {
                Ok(_) => return Some(v),
                Err(e) if !noted => {
                    noted = true;
                    self.refuse(format!("{variable} {v}"), &e);
                }
                Err(_) => {}
            }
        }
        None
    }

    fn refuse(&mut self, change: String, why: &SizingError) {
        self.refused.push(format!(
            "{change} would run another task per instance, but is not proposed: {why}"
        ));
    }

    /// Proposes a change, sized as `capacity` sizes it.
    fn push(
        &mut self,
        variable: &'static str,
        from: serde_json::Value,
        to: serde_json::Value,
        changed: &SizingInputs,
        description: String,
    ) -> Result<(), SizingError> {
        let report = sizing::size(self.tables, &self.request(changed), None, None)?;
        let c = &report.capacity;
        let n = crate::module::placement::runnable_tasks_per_instance(c, changed.container_memory);
        let total_workers = self.workers(c, n);
        let cost = report.cost.at_asg_min_size.total;
        // The same workers for the same money: say so, lest it read as a gain.
        let same = total_workers == self.workers_now && cents(cost) == cents(self.cost_now);
        let description = if same {
            format!(
                "{description}; the same {total_workers} workers in all at the same cost, \
                 split into more, smaller tasks"
            )
        } else {
            description
        };
        self.out.push(Change {
            variable,
            from,
            to,
            tasks_per_instance: c.tasks_per_instance,
            runnable_tasks_per_instance: n,
            workers_per_instance: n.saturating_mul(c.gunicorn_workers),
            total_workers,
            monthly_cost: cost,
            description,
        });
        Ok(())
    }

    /// Less memory can only add tasks: it lowers the reservation and, where
    /// the workers follow it, the CPU share. Where they do (gunicorn_workers
    /// null), whole-worker steps (multiples of the memory per worker) are
    /// tried first: a value between two steps has the workers of the step
    /// below and a larger reservation, so it never adds a task that step
    /// does not; then, within the highest step's band, 1 MB at a time. With
    /// gunicorn_workers set, memory sets only the reservation: every value
    /// is tried, 1 MB at a time. Either way the largest value that adds a
    /// task, the smallest change, is proposed.
    fn memory(&mut self) -> Result<(), SizingError> {
        let inputs = self.inputs().clone();
        let low = self.tables.module.limits.container_memory.low;
        let with_memory = |m| SizingInputs {
            container_memory: m,
            ..inputs.clone()
        };
        let now = inputs.container_memory;
        let found = if inputs.gunicorn_workers.is_some() {
            self.first_accepted("container_memory", below(low, now).rev(), with_memory)
        } else {
            let step = self.tables.module.worker_memory_mb.get();
            let top = now.saturating_sub(1) / step * step;
            let steps = (1..=top / step)
                .rev()
                .map(|k| k * step)
                .take_while(|&m| m >= low);
            // The highest step that adds a task, then the largest value of
            // its band (same workers, a larger reservation) that still does:
            // the smallest change.
            self.first_accepted("container_memory", steps, with_memory)
                .map(|m| {
                    let band = (m + 1..=now.saturating_sub(1).min(m + step - 1)).rev();
                    self.first_accepted("container_memory", band, with_memory)
                        .unwrap_or(m)
                })
        };
        let Some(m) = found else {
            return Ok(());
        };
        let what = "the largest value";
        self.push(
            "container_memory",
            now.into(),
            m.into(),
            &with_memory(m),
            format!(
                "container_memory {m} (−{} MB) is {what} that runs another task per instance \
                 without losing a worker",
                now - m
            ),
        )
    }

    /// Fewer workers lower the derived container_cpu; a given container_cpu
    /// is the lever itself.
    fn cpu(&mut self) -> Result<(), SizingError> {
        let inputs = self.inputs().clone();
        let limits = &self.tables.module.limits;
        match inputs.container_cpu {
            None => {
                let workers = self
                    .arithmetic(&inputs)
                    .map_or(0, |(c, _)| c.gunicorn_workers);
                let with_workers = |w| SizingInputs {
                    gunicorn_workers: Some(w),
                    ..inputs.clone()
                };
                let low = limits.gunicorn_workers.low;
                let Some(w) = self.first_accepted(
                    "gunicorn_workers",
                    below(low, workers).rev(),
                    with_workers,
                ) else {
                    return Ok(());
                };
                self.push(
                    "gunicorn_workers",
                    workers.into(),
                    w.into(),
                    &with_workers(w),
                    format!(
                        "gunicorn_workers = {w} ({} fewer) lowers container_cpu enough for \
                         another task per instance without losing a worker in all",
                        workers - w
                    ),
                )
            }
            Some(cpu) => {
                let with_cpu = |u| SizingInputs {
                    container_cpu: Some(u),
                    ..inputs.clone()
                };
                let low = limits.container_cpu.low;
                let Some(u) = self.first_accepted("container_cpu", below(low, cpu).rev(), with_cpu)
                else {
                    return Ok(());
                };
                self.push(
                    "container_cpu",
                    cpu.into(),
                    u.into(),
                    &with_cpu(u),
                    format!(
                        "container_cpu {u} (−{} units) is the largest that runs another task \
                         per instance",
                        cpu - u
                    ),
                )
            }
        }
    }

    /// The next size up (strictly larger: c6a.metal is no step from
    /// c6a.48xlarge), and if that adds no task or is refused, the first
    /// larger one that adds a task and is accepted.
    fn instance_type(&mut self) -> Result<(), SizingError> {
        let inputs = self.inputs().clone();
        let larger = crate::answers::compare::larger_sizes(self.tables, &inputs.asg_instance_type);
        let with_type = |t: &str| SizingInputs {
            asg_instance_type: t.to_string(),
            ..inputs.clone()
        };
        let Some(next) = larger.first() else {
            return Ok(());
        };
        let from: serde_json::Value = inputs.asg_instance_type.clone().into();
        let adds = self.adds_task(&with_type(next));
        match sizing::accept(self.tables, &self.request(&with_type(next))) {
            Err(e) if adds => self.refuse(format!("{next}, the next size up,"), &e),
            // Not proposed, and it adds no task: nothing to say.
            Err(_) => {}
            // Where no task runs now, a size that runs none either is no
            // change of the answer: only one that runs a task is.
            Ok(_) if !adds && self.runnable_now == 0 => {}
            Ok(_) => {
                let description = if adds {
                    format!("{next}, the next size up in the family")
                } else {
                    format!(
                        "{next}, the next size up in the family, runs no more tasks per \
                         instance ({})",
                        self.runnable_now
                    )
                };
                self.push(
                    "asg_instance_type",
                    from.clone(),
                    next.to_string().into(),
                    &with_type(next),
                    description,
                )?;
                if adds {
                    return Ok(());
                }
            }
        }
        let first = larger.iter().skip(1).find(|t| {
            let candidate = with_type(t);
            self.adds_task(&candidate)
                && sizing::accept(self.tables, &self.request(&candidate)).is_ok()
        });
        if let Some(first) = first {
            self.push(
                "asg_instance_type",
                from,
                first.to_string().into(),
                &with_type(first),
                format!("{first}, the smallest size up in the family that runs another task"),
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::sizing::profile_costs;

    fn explain_heavy() -> Explanation {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, "c6a.xlarge");
        inputs.asg_min_size = Some(2);
        let request = SizingRequest {
            inputs,
            costs: profile_costs(&t, &t.profiles[2]),
            ci_builds_per_day: None,
        };
        explain(&t, &request).unwrap()
    }

    #[test]
    fn steps_read_like_the_worked_example() {
        let e = explain_heavy();
        let values: Vec<Option<i64>> = e.steps.iter().map(|s| s.value).collect();
        // Step 12 is the ECS module's asg_max_size: max(2, 4, 2 + 1).
        let expected = [4, 640, 384, 7392, 3968, 19, 6, 6, 2, 12, 24, 4].map(Some);
        assert_eq!(values, expected);
        assert_eq!(e.steps[11].source, "computed");
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
        // 511 MB: 3 workers (as at the 384 MB step), container_cpu 490, 8
        // tasks by CPU; 16 tasks × 3 = the 48 workers of 12 × 4, none lost.
        // The largest value that does, so the smallest change.
        assert_eq!(memory.to, 511);
        assert_eq!(memory.tasks_per_instance, 8);
        assert_eq!(memory.total_workers, 48);
        assert!(
            e.changes
                .iter()
                .all(|c| c.total_workers >= e.capacity.total_workers)
        );
        let workers = e
            .changes
            .iter()
            .find(|c| c.variable == "gunicorn_workers")
            .unwrap();
        // 3 workers: container_cpu 490, floor(3968 / 490) = 8.
        assert_eq!(workers.to, 3);
        assert_eq!(workers.tasks_per_instance, 8);
        let bigger = e
            .changes
            .iter()
            .find(|c| c.variable == "asg_instance_type")
            .unwrap();
        assert_eq!(bigger.to, "c6a.2xlarge");
        assert_eq!(bigger.runnable_tasks_per_instance, 12);
        assert_eq!(bigger.tasks_per_instance, 12);
    }

    /// t3.small at 512 MB runs 3 tasks of 4 workers per instance: 383 MB
    /// runs a fourth task but of 2 workers, 16 in all instead of 24. No
    /// change that loses workers is proposed.
    #[test]
    fn no_change_that_loses_workers() {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, "t3.small");
        inputs.asg_min_size = Some(2);
        let request = SizingRequest {
            inputs,
            costs: profile_costs(&t, &t.profiles[0]),
            ci_builds_per_day: None,
        };
        let e = explain(&t, &request).unwrap();
        assert!(
            e.changes.iter().all(|c| c.variable != "container_memory"),
            "{:?}",
            e.changes
        );
        for c in &e.changes {
            assert!(c.total_workers >= e.capacity.total_workers, "{c:?}");
        }
    }

    fn explain_c6a(ty: &str, edit: impl FnOnce(&mut SizingInputs)) -> Explanation {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, ty);
        edit(&mut inputs);
        let request = SizingRequest {
            inputs,
            costs: profile_costs(&t, &t.profiles[2]),
            ci_builds_per_day: None,
        };
        explain(&t, &request).unwrap()
    }

    /// Every proposed change, given by flags, is a config `capacity` sizes.
    fn assert_each_change_sizes(e: &Explanation) {
        let t = Tables::embedded();
        for c in &e.changes {
            let mut inputs = e.inputs.clone();
            match (c.variable, &c.to) {
                ("asg_instance_type", serde_json::Value::String(s)) => {
                    inputs.asg_instance_type = s.clone()
                }
                ("container_memory", v) => inputs.container_memory = v.as_u64().unwrap(),
                ("gunicorn_workers", v) => inputs.gunicorn_workers = v.as_u64(),
                ("container_cpu", v) => inputs.container_cpu = v.as_u64(),
                other => panic!("{other:?}"),
            }
            let request = SizingRequest {
                inputs,
                costs: profile_costs(&t, &t.profiles[2]),
                ci_builds_per_day: None,
            };
            let sized = sizing::size(&t, &request, None, None);
            assert!(sized.is_ok(), "{c:?}: {sized:?}");
        }
    }

    /// task_max_count 13 on c6a.xlarge: 384 MB, 3 workers and c6a.2xlarge
    /// each run another task, but task_min_count then passes 13 and AWS
    /// refuses the autoscaling target at apply. None is proposed; each is
    /// noted with why.
    #[test]
    fn no_change_the_apply_refuses() {
        let e = explain_c6a("c6a.xlarge", |i| i.task_max_count = Some(13));
        assert!(e.changes.is_empty(), "{:?}", e.changes);
        let refused: Vec<&String> = e
            .notes
            .iter()
            .filter(|n| n.contains("is not proposed") && n.contains("task_min_count (1"))
            .collect();
        assert_eq!(refused.len(), 2, "{:?}", e.notes);
        assert!(refused[0].starts_with("container_memory 384 "));
        assert!(refused[1].starts_with("gunicorn_workers 3 "));
        assert!(
            e.notes
                .iter()
                .any(|n| n.starts_with("c6a.2xlarge, the next size up,")
                    && n.contains("task_min_count (24)"))
        );
    }

    /// A task_max_count with room leaves the changes as they were.
    #[test]
    fn changes_within_task_max_count_are_proposed() {
        let e = explain_c6a("c6a.xlarge", |i| i.task_max_count = Some(16));
        let to: Vec<(&str, &serde_json::Value)> =
            e.changes.iter().map(|c| (c.variable, &c.to)).collect();
        assert_eq!(to.len(), 2, "{to:?}");
        assert_eq!(to[0], ("container_memory", &511.into()));
        assert_eq!(to[1], ("gunicorn_workers", &3.into()));
        assert_each_change_sizes(&e);
    }

    /// c6a.metal has c6a.48xlarge's vCPUs, memory and price: no size up.
    #[test]
    fn the_next_size_up_is_strictly_larger() {
        let e = explain_c6a("c6a.48xlarge", |_| {});
        assert!(
            e.changes.iter().all(|c| c.variable != "asg_instance_type"),
            "{:?}",
            e.changes
        );
        let e = explain_c6a("c6a.24xlarge", |_| {});
        let up: Vec<&serde_json::Value> = e
            .changes
            .iter()
            .filter(|c| c.variable == "asg_instance_type")
            .map(|c| &c.to)
            .collect();
        assert_eq!(up, [&serde_json::Value::from("c6a.32xlarge")]);
    }

    /// With gunicorn_workers set, memory sets only the reservation: 493 MB
    /// reserves 369, floor(7392 / 369) = 20 tasks where 512 MB runs 19.
    #[test]
    fn with_workers_set_memory_is_searched_by_the_megabyte() {
        let e = explain_c6a("c6a.xlarge", |i| i.gunicorn_workers = Some(1));
        assert_eq!(e.runnable_tasks_per_instance, 19);
        let memory = e
            .changes
            .iter()
            .find(|c| c.variable == "container_memory")
            .unwrap();
        assert_eq!(memory.to, 493);
        assert_eq!(memory.runnable_tasks_per_instance, 20);
        assert!(memory.description.contains("the largest value"));
        assert_each_change_sizes(&e);
    }

    /// m5.large cannot place a 30720 MB container (reservation 23040 MB);
    /// m5.xlarge cannot either, so it is not listed: m5.2xlarge, the first
    /// that runs a task, is.
    #[test]
    fn a_size_that_runs_no_task_either_is_not_listed() {
        let e = explain_c6a("m5.large", |i| i.container_memory = 30720);
        assert_eq!(e.runnable_tasks_per_instance, 0);
        let up: Vec<&serde_json::Value> = e
            .changes
            .iter()
            .filter(|c| c.variable == "asg_instance_type")
            .map(|c| &c.to)
            .collect();
        assert_eq!(up, [&serde_json::Value::from("m5.2xlarge")]);
    }
}
