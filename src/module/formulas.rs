//! The formulas of the module's arithmetic, in its own terms, with the
//! constants of `[module]` put in. The derivation of every answer and the
//! help texts of null variables both read them here.

use crate::data::ModuleConstants;

/// The formula of a step in the module's terms, with the constants of
/// `[module]` put in. Help texts take a null variable's meaning from here.
pub fn formula(step: u8, m: &ModuleConstants) -> String {
    match step {
        1 => format!(
            "max({}, min({}, floor(container_memory / {})))",
            m.min_gunicorn_workers.get(),
            m.max_gunicorn_workers.get(),
            m.worker_memory_mb.get()
        ),
        2 => format!(
            "gunicorn_workers × {} + {}",
            m.cpu_units_per_worker, m.cpu_units_base
        ),
        3 => format!(
            "floor(container_memory × {})",
            m.memory_reservation_ratio.get()
        ),
        4 => format!(
            "instance memory − {} system − {} page cache",
            m.system_overhead_mb, m.page_cache_mb
        ),
        5 => format!(
            "vCPUs × {} − {}",
            m.cpu_units_per_vcpu.get(),
            m.system_cpu_units
        ),
        6 => "max(1, floor(available_ram_mb / container_memory_reservation))".into(),
        7 => "max(1, floor(available_cpu_units / container_cpu))".into(),
        8 => "min(tasks_per_instance_ram, tasks_per_instance_cpu)".into(),
        9 => "asg_min_size, or the number of subnets when it is null".into(),
        10 => "tasks_per_instance × asg_instance_count".into(),
        11 => format!("task_min_count × {}", m.task_max_multiplier),
        12 => format!(
            "asg_max_size, or (the ECS module) max(ceil(task_max_count / ((memory − {} − {}) / \
             container_memory_reservation)), ceil(task_max_count / ((vCPUs × {} − {}) / \
             container_cpu)), asg_min_size + {})",
            m.ecs.host_memory_reserve_mb,
            m.ecs.daemon_memory_mb,
            m.cpu_units_per_vcpu.get(),
            m.ecs.daemon_cpu_units,
            m.ecs.asg_max_size_headroom
        ),
        _ => String::new(),
    }
}
