//! `optimize` as a table: the requirements, the configurations ranked, and
//! what to relax when none meets them.

use std::fmt::Write as _;

use pypi_size::answers::optimize::Optimization;

use super::{Out, usd};

pub(super) fn optimize(out: &mut Out, o: &Optimization) {
    let r = &o.requirements;
    let mut needs = vec![format!("at least {} workers", r.min_workers)];
    if let Some(t) = r.min_tasks {
        needs.push(format!("{t} tasks"));
    }
    if let Some(budget) = r.budget {
        needs.push(format!("at most {} a month", usd(budget.usd())));
    }
    if let Some(l) = &r.latency {
        needs.push(format!(
            "a predicted P95 band at or under {} s for a burst of {} clients",
            l.p95_s, l.burst_clients
        ));
    }
    let _ = writeln!(
        out,
        "Cheapest configurations with {}, {} to {} instances\n",
        needs.join(", "),
        r.min_instances,
        r.max_instances
    );
    if o.search_incomplete {
        let (predicted, budget) = o
            .latency
            .as_ref()
            .map_or((0, 0), |l| (l.predicted, l.budget_requests));
        let _ = writeln!(
            out,
            "Search incomplete: {predicted} of {} configurations predicted, none yet with a P95 \
             band at or under the target; the rest are unexamined (the budget is {} simulated \
             requests). Narrow the search with --family, --max-instances or \
             --max-monthly-cost.",
            o.feasible, budget
        );
    } else if o.configurations.is_empty() {
        let _ = writeln!(out, "No configuration meets the requirements.");
        for x in &o.relax {
            let _ = writeln!(out, "  {}: {}", x.requirement, x.message);
        }
    } else {
        let header = [
            "#",
            "config",
            "container_memory",
            "tasks/instance",
            "tasks",
            "workers",
            "$/month",
            "why above the next",
        ];
        let mut rows = Vec::new();
        for c in &o.configurations {
            let x = &c.config;
            rows.push(vec![
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
        // Narrow: the task counts go first, then why each ranks where it
        // does; the config, its memory, the workers and the cost stay.
        let table = out.style.side_by_side(&header, 2, rows, &[4, 3, 7], &[7]);
        let _ = writeln!(out, "{table}");
        let bands: Vec<String> = o
            .configurations
            .iter()
            .filter_map(|c| {
                c.predicted_p95_s.map(|b| {
                    format!(
                        "#{} {:.1} ({:.1}–{:.1}) s",
                        c.rank, b.central, b.low, b.high
                    )
                })
            })
            .collect();
        if !bands.is_empty() {
            let _ = writeln!(out, "Predicted P95 (band): {}.", bands.join(", "));
        }
    }
    if let Some(l) = &o.latency {
        let _ = writeln!(
            out,
            "Predicted {} configurations cheapest first ({} distinct deployments simulated): {} \
             above the P95 target, {} of unknown speed (see `predict`).",
            l.predicted, l.simulated, l.above_target, l.unknown_speed
        );
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
