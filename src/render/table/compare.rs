//! `compare` as a table: the config, then one row per instance type side
//! by side.

use std::fmt::Write as _;

use pypi_size::answers::compare::Comparison;

use super::{Out, usd};

/// The columns left out first where the width calls for it, by index:
/// what `tasks/instance` already sums up (by RAM, by CPU), the unused
/// capacity, the instance's size, $/task, workers per instance. The type,
/// its tasks, the workers and the cost stay.
const SECONDARY: &[usize] = &[4, 5, 8, 7, 2, 1, 11, 6];

pub(super) fn compare(out: &mut Out, c: &Comparison) {
    let i = &c.inputs.0;
    let _ = writeln!(
        out,
        "container_memory {}{}, {} per group · {} {} · {} prices as of {}\n",
        i.container_memory,
        i.gunicorn_workers
            .map_or(String::new(), |w| format!(", gunicorn_workers {w}")),
        match i.asg_min_size {
            Some(n) => format!("{n} instances"),
            None => format!("{} instances (subnets)", i.subnets),
        },
        c.module.source,
        c.module.version,
        c.pricing.region,
        c.pricing.as_of
    );
    let header = [
        "instance type",
        "vCPU",
        "MiB",
        "tasks/instance",
        "by RAM",
        "by CPU",
        "workers/instance",
        "unused MB",
        "unused CPU",
        "workers",
        "$/month",
        "$/task",
        "$/worker",
    ];
    let opt = |v: Option<f64>| v.map_or("-".to_string(), usd);
    let mut rows = Vec::new();
    for r in &c.rows {
        rows.push(vec![
            match (r.fits, r.runnable_tasks_per_instance) {
                (true, _) => r.instance.asg_instance_type.clone(),
                (false, 0) => format!("{} (no task fits)", r.instance.asg_instance_type),
                (false, n) => format!("{} (only {n} run)", r.instance.asg_instance_type),
            },
            r.instance.vcpus.to_string(),
            r.instance.memory_mib.to_string(),
            format!(
                "{} ({})",
                r.tasks_per_instance,
                r.binding_constraint.as_str()
            ),
            r.tasks_per_instance_ram
                .map_or("∞".to_string(), |v| v.to_string()),
            r.tasks_per_instance_cpu.to_string(),
            r.workers_per_instance.to_string(),
            r.stranded_ram_mb.to_string(),
            r.stranded_cpu_units.to_string(),
            r.total_workers.to_string(),
            usd(r.monthly_cost),
            opt(r.cost_per_task),
            opt(r.cost_per_worker),
        ]);
    }
    let _ = writeln!(
        out,
        "{}",
        out.style.side_by_side(&header, 1, rows, SECONDARY, &[])
    );
    // The AMI's note is the same on every row: said once, in the notes.
    let said_once = |w: &&pypi_size::answers::warnings::Warning| {
        w.code != pypi_size::answers::warnings::WarningCode::AmiArchitectureUnverified
    };
    for r in &c.rows {
        let codes: Vec<&str> = r
            .warnings
            .iter()
            .filter(said_once)
            .map(|w| w.code.as_str())
            .collect();
        if codes.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{}: {} (`pypi-size capacity` with these flags and --instance {} says why)",
            r.instance.asg_instance_type,
            codes.join(", "),
            r.instance.asg_instance_type
        );
    }
    let _ = writeln!(
        out,
        "unused: RAM (MB) and CPU (units) of each instance that no running task reserves; \
         workers and $/worker count the tasks that run. Sorted by {}. {}",
        match c.sort {
            pypi_size::answers::compare::SortKey::Cost => "monthly cost",
            pypi_size::answers::compare::SortKey::Workers => "workers",
            pypi_size::answers::compare::SortKey::CostPerWorker => "cost per worker",
        },
        crate::render::summary::WHOLE_BILL
    );
    for note in &c.notes {
        let _ = writeln!(out, "{note}");
    }
}
