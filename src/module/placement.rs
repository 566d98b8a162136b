//! Placement as ECS sees it: how many of the module's tasks an instance can
//! really hold.

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
