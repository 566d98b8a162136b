//! Placement as ECS sees it: how many of the module's tasks an instance can
//! really hold.

use crate::data::{Instance, ModuleConstants};
use crate::module::capacity::Capacity;

/// The tasks per instance ECS can actually place: the module's count, less
/// what an instance cannot hold by the memory ECS reserves for a task (the
/// soft limit, or the hard limit when the soft one is 0) or by its CPU. 0
/// where the module's clamp placed a task that does not fit, or where ECS
/// rejects the task definition (a soft limit above the hard one).
pub fn runnable_tasks_per_instance(c: &Capacity, container_memory: u64) -> u64 {
    // ECS rejects a task definition whose soft limit exceeds its hard limit.
    if c.container_memory_reservation > container_memory {
        return 0;
    }
    let per_task_mb = match c.container_memory_reservation {
        0 => container_memory,
        r => r,
    };
    let by_ram = c.available_ram_mb.max(0) as u64 / per_task_mb.max(1);
    let by_cpu = c.available_cpu_units.max(0) as u64 / c.container_cpu.max(1);
    c.tasks_per_instance.min(by_ram).min(by_cpu)
}

/// Tasks one instance holds by each module's overheads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// By pypiserver's overheads (steps 4-5), as [`runnable_tasks_per_instance`].
    pub by_pypiserver: u64,
    /// By the ECS module's: memory less its host reserve and daemon, CPU
    /// less its daemon. It sizes the group's maximum with these.
    pub by_ecs_module: u64,
    /// The fewer of the two: what an instance is sure to hold.
    pub per_instance: u64,
}

/// Placement of the module's tasks on `instance`, counted both ways.
pub fn placement(
    m: &ModuleConstants,
    instance: &Instance,
    c: &Capacity,
    container_memory: u64,
) -> Placement {
    let by_pypiserver = runnable_tasks_per_instance(c, container_memory);
    // Nothing left is no room, not negative room.
    let (memory, cpu) = crate::module::ecs::task_capacity(m, instance);
    let memory = u64::try_from(memory.max(0)).unwrap_or(u64::MAX);
    let cpu = u64::try_from(cpu.max(0)).unwrap_or(u64::MAX);
    let per_task_mb = match c.container_memory_reservation {
        0 => container_memory,
        r => r,
    };
    let by_ecs_module = if c.container_memory_reservation > container_memory {
        0
    } else {
        (memory / per_task_mb.max(1))
            .min(cpu / c.container_cpu.max(1))
            .min(c.tasks_per_instance)
    };
    Placement {
        by_pypiserver,
        by_ecs_module,
        per_instance: by_pypiserver.min(by_ecs_module),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Tables;
    use crate::module::capacity::compute;
    use crate::module::variables::SizingInputs;

    fn placed(instance: &str, memory: u64) -> Placement {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, instance);
        inputs.container_memory = memory;
        let i = t.instance(instance).unwrap();
        let c = compute(&t.module, i, &inputs).unwrap();
        placement(&t.module, i, &c, memory)
    }

    /// The module's capacity for the instance, at asg_min_size 2.
    fn capacity(instance: &str, tweak: impl FnOnce(&mut SizingInputs)) -> Capacity {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, instance);
        inputs.asg_min_size = Some(2);
        tweak(&mut inputs);
        compute(&t.module, t.instance(instance).unwrap(), &inputs).unwrap()
    }

    #[test]
    fn runnable_tasks_are_what_ecs_can_place() {
        let runnable = |c: &Capacity, memory| runnable_tasks_per_instance(c, memory);
        assert_eq!(runnable(&capacity("c6a.xlarge", |_| {}), 512), 6);
        // The clamp: the module says 1, ECS places none.
        let c = capacity("t3.micro", |i| i.container_memory = 2048);
        assert_eq!((c.tasks_per_instance, runnable(&c, 2048)), (1, 0));
        // Reservation 0: ECS reserves the 512 MB hard limit; 1248 / 512 = 2.
        let c = capacity("t3.small", |i| i.container_memory_reservation = Some(0));
        assert_eq!((c.tasks_per_instance, runnable(&c, 512)), (3, 2));
    }

    #[test]
    fn the_ecs_modules_overheads_can_hold_fewer() {
        // t3.small, 1024 MB (reservation 768): pypiserver leaves 1248 MB for
        // tasks (1), the ECS module 768 (1). At 512 MB (384): 3 by CPU, and
        // 768 / 384 = 2 by the ECS module's memory.
        assert_eq!(placed("t3.small", 1024).per_instance, 1);
        let p = placed("t3.small", 512);
        assert_eq!(
            (p.by_pypiserver, p.by_ecs_module, p.per_instance),
            (3, 2, 2)
        );
    }

    #[test]
    fn below_the_ecs_modules_overheads_nothing_fits() {
        let p = placed("t3.micro", 512);
        assert_eq!(p.by_ecs_module, 0);
        assert_eq!(p.per_instance, 0);
    }
}
