//! `compare` and `optimize` as tables.

use std::fmt::Write as _;

use pypi_size::answers::compare::Comparison;
use pypi_size::answers::optimize::Optimization;

use super::{Out, usd};

pub(super) fn compare(out: &mut Out, c: &Comparison) {
    let i = &c.inputs;
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
    let mut t = out.style.table(
        &[
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
        ],
        1,
    );
    let opt = |v: Option<f64>| v.map_or("-".to_string(), usd);
    for r in &c.rows {
        t.add_row(vec![
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
    let _ = writeln!(out, "{}", out.style.fit(t));
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

pub(super) fn optimize(out: &mut Out, o: &Optimization) {
    let r = &o.requirements;
    let mut needs = vec![format!("at least {} workers", r.min_workers)];
    if let Some(t) = r.min_tasks {
        needs.push(format!("{t} tasks"));
    }
    if let Some(max) = r.max_monthly_cost {
        needs.push(format!("at most {} a month", usd(max)));
    }
    let _ = writeln!(
        out,
        "Cheapest configurations with {}, {} to {} instances\n",
        needs.join(", "),
        r.min_instances,
        r.max_instances
    );
    if o.configurations.is_empty() {
        let _ = writeln!(out, "No configuration meets the requirements.");
        for x in &o.relax {
            let _ = writeln!(out, "  {}: {}", x.requirement, x.message);
        }
    } else {
        let mut t = out.style.table(
            &[
                "#",
                "config",
                "container_memory",
                "tasks/instance",
                "tasks",
                "workers",
                "$/month",
                "why above the next",
            ],
            2,
        );
        if let Some(col) = t.column_mut(7) {
            col.set_cell_alignment(comfy_table::CellAlignment::Left);
        }
        for c in &o.configurations {
            let x = &c.config;
            t.add_row(vec![
                c.rank.to_string(),
                format!(
                    "{} × {}{}",
                    x.asg_min_size,
                    x.instance.asg_instance_type,
                    if x.instance.burstable {
                        " (burstable)"
                    } else {
                        ""
                    }
                ),
                x.container_memory.to_string(),
                format!(
                    "{} ({})",
                    x.tasks_per_instance,
                    x.binding_constraint.as_str()
                ),
                format!("{}–{}", x.task_min_count, x.task_max_count),
                format!("{} ({} per task)", x.total_workers, x.gunicorn_workers),
                usd(x.monthly_cost),
                c.beats_next.clone(),
            ]);
        }
        let _ = writeln!(out, "{}", out.style.fit(t));
    }
    let _ = writeln!(
        out,
        "Searched {} combinations of instance type × container_memory × count; {} configurations \
         meet the requirements. {}",
        o.searched,
        o.feasible,
        crate::render::summary::WHOLE_BILL
    );
    for note in &o.notes {
        let _ = writeln!(out, "{note}");
    }
}
