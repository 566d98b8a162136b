//! `explain` as text: module-spec.md's steps with the numbers put in.

use std::fmt::Write as _;

use pypi_size::answers::explain::Explanation;

use super::{Out, usd};

pub(super) fn explain(out: &mut Out, e: &Explanation) {
    let i = &e.instance;
    let _ = writeln!(
        out,
        "{} ({} vCPU, {} MiB), container_memory {} · {} {}\n",
        i.asg_instance_type,
        i.vcpus,
        i.memory_mib,
        e.inputs.container_memory,
        e.module.source,
        e.module.version
    );
    for s in &e.steps {
        let value = s.value.map_or("+∞".to_string(), |v| v.to_string());
        let pad = " ".repeat(s.name.len() + 1);
        let _ = writeln!(out, "{:>2}. {} = {}", s.step, s.name, s.formula);
        if s.with_values == "given" {
            let _ = writeln!(out, "    {pad}= {value} (given)");
        } else {
            let _ = writeln!(out, "    {pad}= {}", s.with_values);
            let _ = writeln!(out, "    {pad}= {value}");
        }
        if let Some(note) = &s.note {
            let _ = writeln!(out, "    {pad}  {note}");
        }
    }
    let b = &e.binding;
    let _ = writeln!(out);
    let by_ram = b
        .tasks_by_ram
        .map_or("no limit".to_string(), |v| v.to_string());
    let _ = writeln!(
        out,
        "{} binds: {} tasks by CPU, {} by RAM{}.",
        match b.constraint.as_str() {
            "ram" => "RAM",
            "cpu" => "CPU",
            _ => "RAM and CPU both",
        },
        b.tasks_by_cpu,
        by_ram,
        b.slack_tasks
            .filter(|s| *s > 0)
            .map_or(String::new(), |s| format!(" ({s} apart)"))
    );
    let next = e.capacity.tasks_per_instance + 1;
    if let Some(units) = b.cpu_short_units {
        let _ = writeln!(
            out,
            "A task more per instance ({next}) needs {units} more CPU units: {next} × {} > {}.",
            e.capacity.container_cpu, e.capacity.available_cpu_units
        );
    }
    if let Some(mb) = b.ram_short_mb {
        let _ = writeln!(
            out,
            "A task more per instance ({next}) needs {mb} MB more RAM: {next} × {} > {}.",
            e.capacity.container_memory_reservation, e.capacity.available_ram_mb
        );
    }
    for note in &e.notes {
        let _ = writeln!(out, "Note: {note}.");
    }
    for w in &e.warnings {
        let label = out.style.severity(w.severity);
        let _ = writeln!(out, "{label} [{}]: {}", w.code.as_str(), w.message);
    }
    if !e.changes.is_empty() {
        let _ = writeln!(out, "\nWhat would change the answer:");
        for c in &e.changes {
            let _ = writeln!(
                out,
                "  - {}: {} {} per instance run, {} workers per instance, {} in all, {} a month",
                c.description,
                c.runnable_tasks_per_instance,
                if c.runnable_tasks_per_instance == 1 {
                    "task"
                } else {
                    "tasks"
                },
                c.workers_per_instance,
                c.total_workers,
                usd(c.monthly_cost)
            );
        }
    }
}
