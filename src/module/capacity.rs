//! The module's capacity arithmetic, module-spec.md steps 1 to 11, in its own
//! names. Every constant comes from `[module]` in profiles.toml.
//!
//! Integers are whole MB, ECS CPU units and counts. "floor of an exact
//! division" is integer division here; `available_ram_mb` can be negative (an
//! instance smaller than the overheads), so its division rounds towards minus
//! infinity as Terraform's `floor` does. Every operation is checked: numbers
//! from a user's catalog cannot overflow silently.

use serde::Serialize;

use crate::data::error::{SizingError, overflow};
use crate::data::{Instance, ModuleConstants};
use crate::module::ecs;
use crate::module::formulas::formula;
use crate::module::variables::SizingInputs;

/// What Terraform computes from the inputs. The keys are the module's names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Capacity {
    pub gunicorn_workers: u64,
    pub container_cpu: u64,
    pub container_memory_reservation: u64,
    pub available_ram_mb: i64,
    pub available_cpu_units: i64,
    /// `None` when the reservation is 0: Terraform divides by zero, gets
    /// +infinity, and only the CPU bound counts.
    pub tasks_per_instance_ram: Option<u64>,
    pub tasks_per_instance_cpu: u64,
    pub tasks_per_instance: u64,
    pub asg_instance_count: u64,
    pub task_min_count: u64,
    pub task_max_count: u64,
    pub binding_constraint: BindingConstraint,
    /// The group's maximum as deployed: asg_max_size when set, else what
    /// the ECS module under pypiserver derives.
    pub asg_max_size: u64,
    pub asg_max_size_source: AsgMaxSizeSource,
    /// gevent worker processes across all tasks at task_min_count: how many
    /// requests can use a CPU at once, not how many are served at once (each
    /// worker multiplexes many connections).
    pub total_workers: u64,
}

/// Where the deployed asg_max_size comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AsgMaxSizeSource {
    /// The asg_max_size variable.
    Set,
    /// Left null: the ECS module's derivation.
    EcsModuleDefault,
}

/// Which bound decides `tasks_per_instance` (step 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BindingConstraint {
    Ram,
    Cpu,
    /// Both bounds give the same count.
    RamAndCpu,
}

impl BindingConstraint {
    /// What a derivation step of `figure` says of the bound: `binds` for
    /// the one that decides tasks_per_instance, `binds (tie)` for both when
    /// they give the same count.
    pub fn note_on(self, figure: &str) -> Option<&'static str> {
        match (self, figure) {
            (BindingConstraint::RamAndCpu, "tasks_per_instance_ram" | "tasks_per_instance_cpu") => {
                Some("binds (tie)")
            }
            (BindingConstraint::Ram, "tasks_per_instance_ram")
            | (BindingConstraint::Cpu, "tasks_per_instance_cpu") => Some("binds"),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BindingConstraint::Ram => "ram",
            BindingConstraint::Cpu => "cpu",
            BindingConstraint::RamAndCpu => "ram_and_cpu",
        }
    }
}

/// One step of the derivation: the formula in the module's terms, the same
/// with the numbers put in, and the value. `explain`, the table's "how"
/// column and the help texts show these; none restates a formula.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Step {
    pub step: u8,
    pub name: &'static str,
    /// In the module's terms.
    pub formula: String,
    /// The same with the numbers put in; `given` where the input set it.
    pub with_values: String,
    /// `null` for +infinity (a reservation of 0).
    pub value: Option<i64>,
    /// `input` (given) or `computed`.
    pub source: &'static str,
    pub note: Option<String>,
}

/// Where a derivation goes: nowhere on the fast path (`optimize` computes
/// millions of configs), into a list for `explain` and the tables.
trait Trace {
    fn record(&mut self, step: impl FnOnce() -> Step);
}

struct NoTrace;

impl Trace for NoTrace {
    fn record(&mut self, _: impl FnOnce() -> Step) {}
}

impl Trace for Vec<Step> {
    fn record(&mut self, step: impl FnOnce() -> Step) {
        self.push(step());
    }
}

/// module-spec.md steps 1-11 for one instance type.
pub fn compute(
    module: &ModuleConstants,
    instance: &Instance,
    inputs: &SizingInputs,
) -> Result<Capacity, SizingError> {
    compute_traced(module, instance, inputs, &mut NoTrace)
}

/// Steps 1-3 alone: one task's workers, CPU and memory reservation, which do
/// not depend on the instance type.
pub fn task_of(module: &ModuleConstants, inputs: &SizingInputs) -> Result<TaskSize, SizingError> {
    task_size(module, inputs, &mut NoTrace)
}

/// Steps 4-8 for a task of `task_of`: how many such tasks one instance
/// holds, without the counts and the ECS module's asg_max_size (Terraform's
/// 512-bit arithmetic). What a search over many instance types needs.
pub fn tasks_on(
    module: &ModuleConstants,
    instance: &Instance,
    inputs: &SizingInputs,
    task: &TaskSize,
) -> Result<InstanceTasks, SizingError> {
    let per = per_instance(module, instance, inputs, task, &mut NoTrace)?;
    Ok(InstanceTasks {
        gunicorn_workers: task.gunicorn_workers,
        container_cpu: task.container_cpu,
        container_memory_reservation: task.reservation,
        available_ram_mb: per.available_ram_mb,
        available_cpu_units: per.available_cpu_units,
        tasks_per_instance: per.tasks_per_instance,
        binding_constraint: per.binding_constraint,
    })
}

/// What `per_instance_tasks` computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceTasks {
    pub gunicorn_workers: u64,
    pub container_cpu: u64,
    pub container_memory_reservation: u64,
    pub available_ram_mb: i64,
    pub available_cpu_units: i64,
    pub tasks_per_instance: u64,
    pub binding_constraint: BindingConstraint,
}

/// The same arithmetic, with each step's formula and numbers.
pub fn derive(
    module: &ModuleConstants,
    instance: &Instance,
    inputs: &SizingInputs,
) -> Result<(Capacity, Vec<Step>), SizingError> {
    let mut steps = Vec::with_capacity(12);
    let capacity = compute_traced(module, instance, inputs, &mut steps)?;
    Ok((capacity, steps))
}

/// A step's record; `given` marks a value the input set.
fn step(
    m: &ModuleConstants,
    n: u8,
    name: &'static str,
    given: bool,
    with_values: impl FnOnce() -> String,
    value: Option<i64>,
    note: Option<String>,
) -> Step {
    Step {
        step: n,
        name,
        formula: formula(n, m),
        with_values: if given { "given".into() } else { with_values() },
        value,
        source: if given { "input" } else { "computed" },
        note,
    }
}

/// The note on a bound that the module's `max(1, …)` lifted.
fn clamp_note(raw: i64) -> Option<String> {
    (raw < 1).then(|| {
        format!(
            "clamped from {raw} to 1: the container does not fit, and ECS cannot place the task"
        )
    })
}

fn compute_traced(
    m: &ModuleConstants,
    instance: &Instance,
    inputs: &SizingInputs,
    trace: &mut impl Trace,
) -> Result<Capacity, SizingError> {
    let task = task_size(m, inputs, trace)?;
    let per = per_instance(m, instance, inputs, &task, trace)?;
    let (asg_instance_count, task_min_count, task_max_count) =
        counts(m, inputs, per.tasks_per_instance, trace)?;
    let (asg_max_size, asg_max_size_source) = asg_max(
        m,
        instance,
        inputs,
        &task,
        asg_instance_count,
        task_max_count,
        trace,
    )?;
    let total_workers = task_min_count
        .checked_mul(task.gunicorn_workers)
        .ok_or_else(|| overflow("total_workers", "task_min_count x gunicorn_workers"))?;
    Ok(Capacity {
        gunicorn_workers: task.gunicorn_workers,
        container_cpu: task.container_cpu,
        container_memory_reservation: task.reservation,
        available_ram_mb: per.available_ram_mb,
        available_cpu_units: per.available_cpu_units,
        tasks_per_instance_ram: per.tasks_per_instance_ram,
        tasks_per_instance_cpu: per.tasks_per_instance_cpu,
        tasks_per_instance: per.tasks_per_instance,
        asg_instance_count,
        task_min_count,
        task_max_count,
        binding_constraint: per.binding_constraint,
        asg_max_size,
        asg_max_size_source,
        total_workers,
    })
}

/// Step 12, in the ECS module: the group's maximum.
fn asg_max(
    m: &ModuleConstants,
    instance: &Instance,
    inputs: &SizingInputs,
    task: &TaskSize,
    asg_min_size: u64,
    task_max_count: u64,
    trace: &mut impl Trace,
) -> Result<(u64, AsgMaxSizeSource), SizingError> {
    if let Some(max) = inputs.asg_max_size {
        trace.record(|| {
            let with = || format!("asg_max_size = {max}");
            let mut s = step(m, 12, "asg_max_size", false, with, Some(max as i64), None);
            s.source = "input";
            s
        });
        return Ok((max, AsgMaxSizeSource::Set));
    }
    let d = ecs::derived_asg_max_size(
        m,
        instance,
        task_max_count,
        task.reservation,
        task.container_cpu,
        asg_min_size,
    )?;
    trace.record(|| {
        let e = &m.ecs;
        let term =
            |t: &ecs::Term| format!("ceil({task_max_count} / ({} / {}))", t.capacity, t.per_task);
        let value = |t: &ecs::Term| t.value.map_or("−".to_string(), |v| v.to_string());
        let with = || {
            format!(
                "max({}, {}, {asg_min_size} + {}) = max({}, {}, {})",
                term(&d.by_memory),
                term(&d.by_cpu),
                e.asg_max_size_headroom,
                value(&d.by_memory),
                value(&d.by_cpu),
                d.floor
            )
        };
        let differs = [d.by_memory, d.by_cpu]
            .into_iter()
            .find_map(|t| t.exact_differs.zip(t.value));
        let note = Some(match differs {
            Some((exact, terraform)) => format!(
                "derived by {} {}; Terraform's 512-bit binary arithmetic gives {terraform} \
                 where exact arithmetic gives {exact}",
                e.source, e.version
            ),
            None => format!(
                "derived by {} {} (asg_max_size is null)",
                e.source, e.version
            ),
        });
        step(
            m,
            12,
            "asg_max_size",
            false,
            with,
            Some(d.value as i64),
            note,
        )
    });
    Ok((d.value, AsgMaxSizeSource::EcsModuleDefault))
}

/// Steps 1-3: one task's workers, CPU and memory reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskSize {
    pub gunicorn_workers: u64,
    pub container_cpu: u64,
    pub reservation: u64,
}

fn task_size(
    m: &ModuleConstants,
    inputs: &SizingInputs,
    trace: &mut impl Trace,
) -> Result<TaskSize, SizingError> {
    let memory = inputs.container_memory;
    // Step 1.
    let gunicorn_workers = match inputs.gunicorn_workers {
        Some(w) => w,
        None => (memory / m.worker_memory_mb.get())
            .clamp(m.min_gunicorn_workers.get(), m.max_gunicorn_workers.get()),
    };
    trace.record(|| {
        let with = || {
            format!(
                "max({}, min({}, floor({memory} / {})))",
                m.min_gunicorn_workers.get(),
                m.max_gunicorn_workers.get(),
                m.worker_memory_mb.get()
            )
        };
        let given = inputs.gunicorn_workers.is_some();
        step(
            m,
            1,
            "gunicorn_workers",
            given,
            with,
            Some(gunicorn_workers as i64),
            None,
        )
    });
    // Step 2.
    let container_cpu = match inputs.container_cpu {
        Some(c) => c,
        None => gunicorn_workers
            .checked_mul(m.cpu_units_per_worker)
            .and_then(|c| c.checked_add(m.cpu_units_base))
            .ok_or_else(|| overflow("container_cpu", "gunicorn_workers x cpu_units_per_worker"))?,
    };
    trace.record(|| {
        let with = || {
            format!(
                "{gunicorn_workers} × {} + {}",
                m.cpu_units_per_worker, m.cpu_units_base
            )
        };
        let given = inputs.container_cpu.is_some();
        step(
            m,
            2,
            "container_cpu",
            given,
            with,
            Some(container_cpu as i64),
            None,
        )
    });
    // Step 3.
    let reservation = inputs.reservation(m);
    trace.record(|| {
        let with = || format!("floor({memory} × {})", m.memory_reservation_ratio.get());
        let given = inputs.container_memory_reservation.is_some();
        let note = (reservation == 0).then(|| "0 disables the soft limit".to_string());
        let name = "container_memory_reservation";
        step(m, 3, name, given, with, Some(reservation as i64), note)
    });
    Ok(TaskSize {
        gunicorn_workers,
        container_cpu,
        reservation,
    })
}

/// Steps 4-5: the RAM and CPU an instance has for tasks.
fn available(
    m: &ModuleConstants,
    instance: &Instance,
    trace: &mut impl Trace,
) -> Result<(i64, i64), SizingError> {
    // Step 4.
    let available_ram_mb = signed(instance.memory_mib.get(), "instance memory_mib")?
        .checked_sub(signed(
            m.system_overhead_mb.saturating_add(m.page_cache_mb),
            "system_overhead_mb + page_cache_mb",
        )?)
        .ok_or_else(|| overflow("available_ram_mb", "instance memory minus overheads"))?;
    trace.record(|| {
        let with = || {
            format!(
                "{} − {} − {}",
                instance.memory_mib.get(),
                m.system_overhead_mb,
                m.page_cache_mb
            )
        };
        step(
            m,
            4,
            "available_ram_mb",
            false,
            with,
            Some(available_ram_mb),
            None,
        )
    });
    // Step 5.
    let available_cpu_units = instance
        .vcpus
        .get()
        .checked_mul(m.cpu_units_per_vcpu.get())
        .ok_or_else(|| overflow("available_cpu_units", "vcpus x cpu_units_per_vcpu"))
        .and_then(|units| signed(units, "vcpus x cpu_units_per_vcpu"))?
        .checked_sub(signed(m.system_cpu_units, "system_cpu_units")?)
        .ok_or_else(|| overflow("available_cpu_units", "CPU units minus system overhead"))?;
    trace.record(|| {
        let with = || {
            format!(
                "{} × {} − {}",
                instance.vcpus.get(),
                m.cpu_units_per_vcpu.get(),
                m.system_cpu_units
            )
        };
        let value = Some(available_cpu_units);
        step(m, 5, "available_cpu_units", false, with, value, None)
    });
    Ok((available_ram_mb, available_cpu_units))
}

/// Steps 4-8: what one instance holds.
struct PerInstance {
    available_ram_mb: i64,
    available_cpu_units: i64,
    tasks_per_instance_ram: Option<u64>,
    tasks_per_instance_cpu: u64,
    tasks_per_instance: u64,
    binding_constraint: BindingConstraint,
}

fn per_instance(
    m: &ModuleConstants,
    instance: &Instance,
    inputs: &SizingInputs,
    task: &TaskSize,
    trace: &mut impl Trace,
) -> Result<PerInstance, SizingError> {
    let TaskSize {
        container_cpu,
        reservation,
        ..
    } = *task;
    let (available_ram_mb, available_cpu_units) = available(m, instance, trace)?;
    // Step 6. A reservation of 0 makes Terraform divide by zero: +infinity
    // (no RAM bound) when RAM is left, -infinity (clamped to 1) on an
    // instance smaller than the overheads, and an error for 0 / 0.
    let tasks_per_instance_ram = match (reservation, available_ram_mb) {
        (0, ram) if ram > 0 => None,
        (0, ram) if ram < 0 => Some(1),
        (0, _) => {
            return Err(SizingError::Inconsistent {
                variables: &["container_memory_reservation", "asg_instance_type"],
                message: format!(
                    "{} leaves 0 MB for tasks and container_memory_reservation is 0: \
                     Terraform cannot divide zero by zero in the module's RAM bound",
                    inputs.asg_instance_type
                ),
            });
        }
        (r, ram) => Some(floor_div_at_least_one(
            ram,
            signed(r, "container_memory_reservation")?,
        )),
    };
    trace.record(|| {
        let ram = available_ram_mb;
        let with = || match tasks_per_instance_ram {
            None => format!("max(1, floor({ram} / 0)) = +∞"),
            Some(_) => format!("max(1, floor({ram} / {reservation}))"),
        };
        let note = match (reservation, tasks_per_instance_ram) {
            (0, None) => Some("a reservation of 0 removes the RAM bound".into()),
            (0, Some(_)) => Some(format!(
                "{ram} / 0 is -infinity in Terraform, clamped to 1: the instance has no RAM \
                 left for tasks"
            )),
            (r, _) => clamp_note(ram.div_euclid(r as i64)),
        };
        let value = tasks_per_instance_ram.map(|v| v as i64);
        step(m, 6, "tasks_per_instance_ram", false, with, value, note)
    });
    // Step 7. container_cpu is at least the module's 128 or the computed
    // workers x 150 + 40, but a user's data could make it 0.
    if container_cpu == 0 {
        return Err(SizingError::OutOfRange {
            variable: "container_cpu",
            value: "0".into(),
            accepted: "a CPU share above 0".into(),
        });
    }
    let cpu = signed(container_cpu, "container_cpu")?;
    let tasks_per_instance_cpu = floor_div_at_least_one(available_cpu_units, cpu);
    trace.record(|| {
        let with = || format!("max(1, floor({available_cpu_units} / {container_cpu}))");
        let note = clamp_note(available_cpu_units.div_euclid(cpu));
        let value = Some(tasks_per_instance_cpu as i64);
        step(m, 7, "tasks_per_instance_cpu", false, with, value, note)
    });
    // Step 8.
    let (tasks_per_instance, binding_constraint) = match tasks_per_instance_ram {
        None => (tasks_per_instance_cpu, BindingConstraint::Cpu),
        Some(ram) if ram < tasks_per_instance_cpu => (ram, BindingConstraint::Ram),
        Some(ram) if ram > tasks_per_instance_cpu => {
            (tasks_per_instance_cpu, BindingConstraint::Cpu)
        }
        Some(ram) => (ram, BindingConstraint::RamAndCpu),
    };
    trace.record(|| {
        let by_ram = tasks_per_instance_ram.map_or("+∞".to_string(), |v| v.to_string());
        let with = || format!("min({by_ram}, {tasks_per_instance_cpu})");
        let note = Some(format!("{} binds", binding_constraint.as_str()));
        let value = Some(tasks_per_instance as i64);
        step(m, 8, "tasks_per_instance", false, with, value, note)
    });
    Ok(PerInstance {
        available_ram_mb,
        available_cpu_units,
        tasks_per_instance_ram,
        tasks_per_instance_cpu,
        tasks_per_instance,
        binding_constraint,
    })
}

/// Steps 9-11: instances and tasks at minimum and maximum.
fn counts(
    m: &ModuleConstants,
    inputs: &SizingInputs,
    tasks_per_instance: u64,
    trace: &mut impl Trace,
) -> Result<(u64, u64, u64), SizingError> {
    // Step 9.
    let asg_instance_count = inputs.asg_min_size.unwrap_or(inputs.subnets);
    trace.record(|| {
        let with = || match inputs.asg_min_size {
            Some(n) => format!("asg_min_size = {n}"),
            None => format!("{} subnets", inputs.subnets),
        };
        let value = Some(asg_instance_count as i64);
        let mut s = step(m, 9, "asg_instance_count", false, with, value, None);
        s.source = if inputs.asg_min_size.is_some() {
            "input"
        } else {
            "computed"
        };
        s
    });
    // Step 10.
    let task_min_count = match inputs.task_min_count {
        Some(n) => n,
        None => tasks_per_instance
            .checked_mul(asg_instance_count)
            .ok_or_else(|| overflow("task_min_count", "tasks_per_instance x asg_instance_count"))?,
    };
    trace.record(|| {
        let with = || format!("{tasks_per_instance} × {asg_instance_count}");
        let given = inputs.task_min_count.is_some();
        step(
            m,
            10,
            "task_min_count",
            given,
            with,
            Some(task_min_count as i64),
            None,
        )
    });
    // Step 11.
    let task_max_count = match inputs.task_max_count {
        Some(n) => n,
        None => task_min_count
            .checked_mul(m.task_max_multiplier)
            .ok_or_else(|| overflow("task_max_count", "task_min_count x task_max_multiplier"))?,
    };
    trace.record(|| {
        let with = || format!("{task_min_count} × {}", m.task_max_multiplier);
        let given = inputs.task_max_count.is_some();
        step(
            m,
            11,
            "task_max_count",
            given,
            with,
            Some(task_max_count as i64),
            None,
        )
    });
    Ok((asg_instance_count, task_min_count, task_max_count))
}

/// max(1, floor(numerator / denominator)) for a positive denominator: the
/// module's clamp of steps 6 and 7.
fn floor_div_at_least_one(numerator: i64, denominator: i64) -> u64 {
    debug_assert!(denominator > 0);
    numerator.div_euclid(denominator).max(1) as u64
}

fn signed(value: u64, what: &'static str) -> Result<i64, SizingError> {
    i64::try_from(value).map_err(|_| overflow(what, format!("{value} is above {}", i64::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Tables;

    fn size(instance: &str, tweak: impl FnOnce(&mut SizingInputs)) -> Capacity {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, instance);
        inputs.asg_min_size = Some(2);
        tweak(&mut inputs);
        // pypiserver's own validations; the arithmetic below them is what
        // these tests pin, also where the ECS module would then refuse.
        assert!(
            inputs
                .problems(&t.module)
                .iter()
                .all(|p| matches!(p, SizingError::Rejected { .. })),
            "{inputs:?}"
        );
        compute(&t.module, t.instance(instance).unwrap(), &inputs).unwrap()
    }

    #[test]
    fn worked_example_c6a_xlarge() {
        let c = size("c6a.xlarge", |_| {});
        assert_eq!(c.gunicorn_workers, 4);
        assert_eq!(c.container_cpu, 640);
        assert_eq!(c.container_memory_reservation, 384);
        assert_eq!(c.available_ram_mb, 7392);
        assert_eq!(c.available_cpu_units, 3968);
        assert_eq!(c.tasks_per_instance_ram, Some(19));
        assert_eq!(c.tasks_per_instance_cpu, 6);
        assert_eq!(c.tasks_per_instance, 6);
        assert_eq!(c.binding_constraint, BindingConstraint::Cpu);
        assert_eq!(c.task_min_count, 12);
        assert_eq!(c.task_max_count, 24);
        assert_eq!(c.total_workers, 48);
    }

    #[test]
    fn guide_light_t3_small() {
        let c = size("t3.small", |_| {});
        assert_eq!(c.tasks_per_instance_ram, Some(3));
        assert_eq!(c.tasks_per_instance_cpu, 3);
        assert_eq!(c.binding_constraint, BindingConstraint::RamAndCpu);
        assert_eq!(c.task_min_count, 6);
        assert_eq!(c.task_max_count, 12);
    }

    #[test]
    fn guide_very_heavy_c6a_2xlarge_1024() {
        let c = size("c6a.2xlarge", |i| i.container_memory = 1024);
        assert_eq!(c.gunicorn_workers, 8);
        assert_eq!(c.container_cpu, 1240);
        assert_eq!(c.container_memory_reservation, 768);
        assert_eq!(c.tasks_per_instance_ram, Some(20));
        assert_eq!(c.tasks_per_instance_cpu, 6);
        assert_eq!(c.tasks_per_instance, 6);
    }

    #[test]
    fn workers_clamp_between_two_and_eight() {
        assert_eq!(
            size("c6a.xlarge", |i| i.container_memory = 128).gunicorn_workers,
            2
        );
        assert_eq!(
            size("c6a.xlarge", |i| i.container_memory = 383).gunicorn_workers,
            2
        );
        assert_eq!(
            size("c6a.xlarge", |i| i.container_memory = 384).gunicorn_workers,
            3
        );
        assert_eq!(
            size("c6a.xlarge", |i| i.container_memory = 30720).gunicorn_workers,
            8
        );
    }

    #[test]
    fn reservation_floors_three_quarters() {
        let c = size("c6a.xlarge", |i| i.container_memory = 129);
        assert_eq!(c.container_memory_reservation, 96); // 96.75
    }

    #[test]
    fn explicit_workers_change_the_cpu_bound() {
        let c = size("c6a.xlarge", |i| i.gunicorn_workers = Some(2));
        assert_eq!(c.container_cpu, 340);
        assert_eq!(c.tasks_per_instance_cpu, 11); // 3968 / 340 = 11.67
    }

    #[test]
    fn explicit_container_cpu_wins_over_workers() {
        let c = size("c6a.xlarge", |i| {
            i.gunicorn_workers = Some(2);
            i.container_cpu = Some(1024);
        });
        assert_eq!(c.container_cpu, 1024);
        assert_eq!(c.tasks_per_instance_cpu, 3);
    }

    #[test]
    fn zero_reservation_removes_the_ram_bound() {
        let c = size("t3.small", |i| i.container_memory_reservation = Some(0));
        assert_eq!(c.tasks_per_instance_ram, None);
        assert_eq!(c.tasks_per_instance, c.tasks_per_instance_cpu);
        assert_eq!(c.binding_constraint, BindingConstraint::Cpu);
    }

    #[test]
    fn a_container_that_does_not_fit_still_yields_one_task() {
        // t3.small has 1248 MB available; a 4096 MB reservation does not fit.
        let c = size("t3.small", |i| {
            i.container_memory = 8192;
            i.container_memory_reservation = Some(4096);
        });
        assert_eq!(c.tasks_per_instance_ram, Some(1));
        assert_eq!(c.tasks_per_instance, 1);
        // CPU too: 1920 units available, 4096 asked.
        let c = size("t3.small", |i| i.container_cpu = Some(4096));
        assert_eq!(c.tasks_per_instance_cpu, 1);
    }

    #[test]
    fn zero_reservation_on_negative_ram_is_minus_infinity_clamped_to_one() {
        // -288 / 0 is -infinity in Terraform; max(1, floor(-inf)) = 1.
        let c = size("t3.nano", |i| i.container_memory_reservation = Some(0));
        assert_eq!(c.tasks_per_instance_ram, Some(1));
        assert_eq!(c.tasks_per_instance, 1);
        assert_eq!(c.binding_constraint, BindingConstraint::Ram);
    }

    #[test]
    fn negative_available_ram_clamps_to_one() {
        // t3.nano: 512 MiB - 800 = -288.
        let c = size("t3.nano", |_| {});
        assert_eq!(c.available_ram_mb, -288);
        assert_eq!(c.tasks_per_instance_ram, Some(1));
    }

    #[test]
    fn instance_count_from_subnets_when_min_is_null() {
        let c = size("c6a.xlarge", |i| {
            i.asg_min_size = None;
            i.subnets = 3;
        });
        assert_eq!(c.asg_instance_count, 3);
        assert_eq!(c.task_min_count, 18);
    }

    #[test]
    fn zero_instances_give_zero_tasks() {
        let c = size("c6a.xlarge", |i| i.asg_min_size = Some(0));
        assert_eq!(c.asg_instance_count, 0);
        assert_eq!(c.task_min_count, 0);
        assert_eq!(c.task_max_count, 0);
        assert_eq!(c.total_workers, 0);
    }

    #[test]
    fn explicit_task_counts_are_kept() {
        let c = size("c6a.xlarge", |i| {
            i.task_min_count = Some(8);
            i.task_max_count = None;
        });
        assert_eq!((c.task_min_count, c.task_max_count), (8, 16));
        let c = size("c6a.xlarge", |i| i.task_max_count = Some(5));
        assert_eq!((c.task_min_count, c.task_max_count), (12, 5));
    }

    #[test]
    fn validation_names_the_variable_and_range() {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, "c6a.xlarge");
        inputs.container_memory = 64;
        let e = inputs.validate(&t.module).unwrap_err();
        assert_eq!(
            e.to_string(),
            "container_memory = 64 is outside what the module accepts: 128 to 30720"
        );
        inputs.container_memory = 512;
        inputs.asg_min_size = Some(3);
        inputs.asg_max_size = Some(2);
        let e = inputs.validate(&t.module).unwrap_err();
        assert_eq!(e.variables(), ["asg_min_size", "asg_max_size"]);
        inputs.asg_max_size = Some(0);
        inputs.asg_min_size = None;
        assert!(inputs.validate(&t.module).is_err());
    }
}
