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
    /// gunicorn workers across all tasks at task_min_count: requests served
    /// at once without queuing.
    pub total_workers: u64,
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
    pub fn as_str(self) -> &'static str {
        match self {
            BindingConstraint::Ram => "ram",
            BindingConstraint::Cpu => "cpu",
            BindingConstraint::RamAndCpu => "ram_and_cpu",
        }
    }
}

/// module-spec.md steps 1-11 for one instance type.
pub fn compute(
    module: &ModuleConstants,
    instance: &Instance,
    inputs: &SizingInputs,
) -> Result<Capacity, SizingError> {
    // Step 1.
    let gunicorn_workers = match inputs.gunicorn_workers {
        Some(w) => w,
        None => (inputs.container_memory / module.worker_memory_mb.get()).clamp(
            module.min_gunicorn_workers.get(),
            module.max_gunicorn_workers.get(),
        ),
    };
    // Step 2.
    let container_cpu = match inputs.container_cpu {
        Some(c) => c,
        None => gunicorn_workers
            .checked_mul(module.cpu_units_per_worker)
            .and_then(|c| c.checked_add(module.cpu_units_base))
            .ok_or_else(|| overflow("container_cpu", "gunicorn_workers x cpu_units_per_worker"))?,
    };
    // Step 3. The product is exact in f64 for any container_memory the module
    // accepts; the cast saturates rather than wraps for absurd data.
    let container_memory_reservation = match inputs.container_memory_reservation {
        Some(r) => r,
        None => {
            (inputs.container_memory as f64 * module.memory_reservation_ratio.get()).floor() as u64
        }
    };
    // Step 4.
    let available_ram_mb = signed(instance.memory_mib.get(), "instance memory_mib")?
        .checked_sub(signed(
            module
                .system_overhead_mb
                .saturating_add(module.page_cache_mb),
            "system_overhead_mb + page_cache_mb",
        )?)
        .ok_or_else(|| overflow("available_ram_mb", "instance memory minus overheads"))?;
    // Step 5.
    let available_cpu_units = instance
        .vcpus
        .get()
        .checked_mul(module.cpu_units_per_vcpu.get())
        .ok_or_else(|| overflow("available_cpu_units", "vcpus x cpu_units_per_vcpu"))
        .and_then(|units| signed(units, "vcpus x cpu_units_per_vcpu"))?
        .checked_sub(signed(module.system_cpu_units, "system_cpu_units")?)
        .ok_or_else(|| overflow("available_cpu_units", "CPU units minus system overhead"))?;
    // Step 6. A reservation of 0 makes Terraform divide by zero: +infinity
    // (no RAM bound) when RAM is left, -infinity (clamped to 1) on an
    // instance smaller than the overheads, and an error for 0 / 0.
    let tasks_per_instance_ram = match (container_memory_reservation, available_ram_mb) {
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
        (reservation, ram) => Some(floor_div_at_least_one(
            ram,
            signed(reservation, "container_memory_reservation")?,
        )),
    };
    // Step 7. container_cpu is at least the module's 128 or the computed
    // workers x 150 + 40, but a user's data could make it 0.
    let tasks_per_instance_cpu = if container_cpu == 0 {
        return Err(SizingError::OutOfRange {
            variable: "container_cpu",
            value: "0".into(),
            accepted: "a CPU share above 0".into(),
        });
    } else {
        floor_div_at_least_one(available_cpu_units, signed(container_cpu, "container_cpu")?)
    };
    // Step 8.
    let (tasks_per_instance, binding_constraint) = match tasks_per_instance_ram {
        None => (tasks_per_instance_cpu, BindingConstraint::Cpu),
        Some(ram) if ram < tasks_per_instance_cpu => (ram, BindingConstraint::Ram),
        Some(ram) if ram > tasks_per_instance_cpu => {
            (tasks_per_instance_cpu, BindingConstraint::Cpu)
        }
        Some(ram) => (ram, BindingConstraint::RamAndCpu),
    };
    // Step 9.
    let asg_instance_count = inputs.asg_min_size.unwrap_or(inputs.subnets);
    // Step 10.
    let task_min_count = match inputs.task_min_count {
        Some(n) => n,
        None => tasks_per_instance
            .checked_mul(asg_instance_count)
            .ok_or_else(|| overflow("task_min_count", "tasks_per_instance x asg_instance_count"))?,
    };
    // Step 11.
    let task_max_count = match inputs.task_max_count {
        Some(n) => n,
        None => task_min_count
            .checked_mul(module.task_max_multiplier)
            .ok_or_else(|| overflow("task_max_count", "task_min_count x task_max_multiplier"))?,
    };
    let total_workers = task_min_count
        .checked_mul(gunicorn_workers)
        .ok_or_else(|| overflow("total_workers", "task_min_count x gunicorn_workers"))?;

    Ok(Capacity {
        gunicorn_workers,
        container_cpu,
        container_memory_reservation,
        available_ram_mb,
        available_cpu_units,
        tasks_per_instance_ram,
        tasks_per_instance_cpu,
        tasks_per_instance,
        asg_instance_count,
        task_min_count,
        task_max_count,
        binding_constraint,
        total_workers,
    })
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
    use crate::module::placement::runnable_tasks_per_instance;

    fn size(instance: &str, tweak: impl FnOnce(&mut SizingInputs)) -> Capacity {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, instance);
        inputs.asg_min_size = Some(2);
        tweak(&mut inputs);
        inputs.validate(&t.module.limits).unwrap();
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
    fn runnable_tasks_are_what_ecs_can_place() {
        let runnable = |c: &Capacity, memory| runnable_tasks_per_instance(c, memory);
        assert_eq!(runnable(&size("c6a.xlarge", |_| {}), 512), 6);
        // The clamp: the module says 1, ECS places none.
        let c = size("t3.micro", |i| i.container_memory = 2048);
        assert_eq!((c.tasks_per_instance, runnable(&c, 2048)), (1, 0));
        // Reservation 0: ECS reserves the 512 MB hard limit; 1248 / 512 = 2.
        let c = size("t3.small", |i| i.container_memory_reservation = Some(0));
        assert_eq!((c.tasks_per_instance, runnable(&c, 512)), (3, 2));
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
        let e = inputs.validate(&t.module.limits).unwrap_err();
        assert_eq!(
            e.to_string(),
            "container_memory = 64 is outside what the module accepts: 128 to 30720"
        );
        inputs.container_memory = 512;
        inputs.asg_min_size = Some(3);
        inputs.asg_max_size = Some(2);
        let e = inputs.validate(&t.module.limits).unwrap_err();
        assert_eq!(e.variables(), ["asg_min_size", "asg_max_size"]);
        inputs.asg_max_size = Some(0);
        inputs.asg_min_size = None;
        assert!(inputs.validate(&t.module.limits).is_err());
    }
}
