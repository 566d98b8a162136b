//! `advise` as text: the actions with the guide's reasons, and each next
//! config side by side with the current one.

use std::fmt::Write as _;

use pypi_size::answers::advise::burst::BurstSource;
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
    burst(out, a);
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
    if let Some(b) = &a.burst {
        t.add_row(row(
            &format!("predicted P95, {} clients (s)", b.clients),
            &|r| predicted_p95(r),
        ));
    }
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

/// A config's predicted P95 under the advised burst, `central (low–high)`.
pub(crate) fn predicted_p95(r: &SizingReport) -> String {
    match r
        .predicted_burst
        .as_ref()
        .and_then(|b| b.prediction.as_ref())
    {
        Some(p) => {
            let b = p.latency.p95_s;
            format!("{:.1} ({:.1}–{:.1})", b.central, b.low, b.high)
        }
        None => "unknown".into(),
    }
}

/// Where the advised burst came from, and the current config's P95 against
/// the guide's target.
pub(crate) fn burst_summary(a: &Advice) -> Option<String> {
    let b = a.burst.as_ref()?;
    let from = match (b.source, b.request_count, &b.assumption) {
        (BurstSource::Metrics, Some(r), Some(why)) => {
            format!("derived from the metrics' largest burst ({r:.0} requests in a period: {why})")
        }
        _ => "--burst-clients".to_string(),
    };
    let verdict = match b.current_over_target {
        Some(true) => "reaches above",
        Some(false) => "is within",
        None => "is unknown against",
    };
    Some(format!(
        "Burst of {} clients, {from}: the current config's predicted P95 {} s {verdict} the \
         guide's {} s under bursts (`predict`).",
        b.clients,
        predicted_p95(&a.current),
        b.target_p95_s
    ))
}

fn burst(out: &mut Out, a: &Advice) {
    if let Some(line) = burst_summary(a) {
        let _ = writeln!(out, "{line}");
    }
}
