//! `advise` as text: the actions with the guide's reasons, and each next
//! config side by side with the current one.

use std::fmt::Write as _;

use pypi_size::answers::advise::{ActionKind, Advice};
use pypi_size::answers::sizing::SizingReport;

use super::{Out, or_null, usd};

fn title(kind: ActionKind) -> &'static str {
    match kind {
        ActionKind::ScaleUpInstanceType => "scale the instance type up",
        ActionKind::ScaleOutInstanceCount => "scale the instance count out",
        ActionKind::ChangeEfsThroughputMode => "change the EFS throughput mode",
        ActionKind::RaiseContainerMemory => "raise container_memory",
        ActionKind::ScaleDownInstanceType => "scale the instance type down",
    }
}

pub(super) fn advise(out: &mut Out, a: &Advice) {
    let c = &a.current;
    let _ = writeln!(
        out,
        "Current: {} × {}, container_memory {} · {}\n",
        c.capacity.asg_instance_count,
        c.inputs.module.asg_instance_type,
        c.inputs.module.container_memory,
        match (&a.measured, a.metrics.load) {
            (Some(m), _) => super::metrics::window(m),
            (None, pypi_size::answers::advise::Load::Normal) => "normal load".into(),
            (None, pypi_size::answers::advise::Load::Burst) => "burst load".into(),
        }
    );
    if let Some(m) = &a.measured {
        super::metrics::measured(out, m);
    }
    let unjudged = a.measured.as_ref().map_or(0, |m| m.not_judged.len());
    if a.actions.is_empty() && unjudged > 0 {
        let _ = writeln!(
            out,
            "No change proposed, but not every rule could be judged: {unjudged} named above."
        );
    } else if a.actions.is_empty() {
        let _ = writeln!(
            out,
            "No action: the metrics are within the guide's thresholds."
        );
    }
    for (n, action) in a.actions.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. {}: {}",
            n + 1,
            title(action.action),
            action.change
        );
        for r in &action.reasons {
            let _ = writeln!(out, "   because {r}");
        }
        if let Some(note) = &action.note {
            let _ = writeln!(out, "   note: {note}");
        }
    }
    for o in &a.observations {
        let _ = writeln!(out, "Observed: {}.", o.message);
    }
    let proposals: Vec<(&str, &SizingReport)> = a
        .actions
        .iter()
        .filter_map(|x| x.proposed.as_ref().map(|p| (title(x.action), p)))
        .collect();
    if proposals.is_empty() {
        return;
    }
    let mut header = vec!["", "current"];
    header.extend(proposals.iter().map(|(t, _)| *t));
    let mut t = out.style.table(&header, 1);
    let all: Vec<&SizingReport> = std::iter::once(c)
        .chain(proposals.iter().map(|(_, p)| *p))
        .collect();
    let row = |label: &str, f: &dyn Fn(&SizingReport) -> String| {
        let mut cells = vec![label.to_string()];
        cells.extend(all.iter().map(|r| f(r)));
        cells
    };
    t.add_row(row("asg_instance_type", &|r| {
        r.inputs.module.asg_instance_type.clone()
    }));
    t.add_row(row("asg_min_size", &|r| {
        r.capacity.asg_instance_count.to_string()
    }));
    t.add_row(row("asg_max_size", &|r| {
        or_null(r.inputs.module.asg_max_size)
    }));
    t.add_row(row("container_memory", &|r| {
        r.inputs.module.container_memory.to_string()
    }));
    t.add_row(row("efs_throughput_mode", &|r| {
        format!("{:?}", r.inputs.costs.efs_throughput_mode).to_lowercase()
    }));
    t.add_row(row("tasks per instance", &|r| {
        r.capacity.tasks_per_instance.to_string()
    }));
    t.add_row(row("task_min_count–task_max_count", &|r| {
        format!(
            "{}–{}",
            r.capacity.task_min_count, r.capacity.task_max_count
        )
    }));
    t.add_row(row("workers", &|r| r.capacity.total_workers.to_string()));
    t.add_row(row("$/month at asg_min_size", &|r| {
        usd(r.cost.at_asg_min_size.total)
    }));
    t.add_row(row("$/month at asg_max_size", &|r| {
        usd(r.cost.at_asg_max_size.total)
    }));
    let mut diff = vec!["difference a month".to_string(), String::new()];
    diff.extend(a.actions.iter().filter_map(|x| {
        x.cost_difference
            .map(|d| format!("{:+.2} / {:+.2}", d.at_asg_min_size, d.at_asg_max_size))
    }));
    t.add_row(diff);
    let _ = writeln!(out, "\n{}", out.style.fit(t));
}
