//! `capacity` and `recommend` as tables: the config, the module's arithmetic
//! with its derivation, the monthly cost and the warnings.

use std::fmt::Write as _;

use comfy_table::{CellAlignment, Table};
use pypi_size::Tables;
use pypi_size::answers::sizing::SizingReport;
use pypi_size::data::Performance;
use pypi_size::module::capacity::{AsgMaxSizeSource, Capacity};
use pypi_size::module::cost::MonthlyCost;

use super::{Out, usd};
use crate::render::Style;

/// The headline, the config, the capacity with its derivation, the cost and
/// the warnings.
pub(super) fn sizing(out: &mut Out, r: &SizingReport, _tables: &Tables) {
    let i = &r.inputs.module;
    let inst = &r.instance;
    let c = &r.capacity;
    let scaling = match c.asg_max_size_source {
        _ if c.asg_max_size == c.asg_instance_count => String::new(),
        AsgMaxSizeSource::Set => format!(", scaling to {}", c.asg_max_size),
        AsgMaxSizeSource::EcsModuleDefault => {
            format!(", scaling to {} (the ECS module's default)", c.asg_max_size)
        }
    };
    let burst = match (inst.baseline_cpu_pct, inst.burstable) {
        (Some(b), _) => format!(", burstable {b}%"),
        (None, true) => ", burstable".to_string(),
        (None, false) => String::new(),
    };
    let _ = writeln!(
        out,
        "{} × {} ({} vCPU, {} MiB, {}{burst}, ${}/h){scaling}",
        c.asg_instance_count,
        inst.asg_instance_type,
        inst.vcpus,
        inst.memory_mib,
        inst.arch.as_str(),
        inst.hourly
    );
    let _ = writeln!(
        out,
        "{} {} · {} prices as of {}\n",
        r.module.source, r.module.version, r.pricing.region, r.pricing.as_of
    );

    let mut config = out.style.table(&["module variable", "value"], 2);
    if let Some(id) = &i.ami_id {
        config.add_row(vec!["ami_id".to_string(), format!("\"{id}\"")]);
    }
    config.add_row(vec![
        "asg_instance_type".to_string(),
        format!("\"{}\"", i.asg_instance_type),
    ]);
    config.add_row(vec![
        "asg_min_size".to_string(),
        match i.asg_min_size {
            Some(v) => v.to_string(),
            None => format!("null (= {} subnets)", i.subnets),
        },
    ]);
    config.add_row(vec![
        "asg_max_size".to_string(),
        match i.asg_max_size {
            Some(max) => max.to_string(),
            None => format!("null (= {}, by the ECS module)", c.asg_max_size),
        },
    ]);
    config.add_row(vec![
        "container_memory".to_string(),
        i.container_memory.to_string(),
    ]);
    for (name, value) in i.overrides() {
        if let Some(v) = value {
            config.add_row(vec![name.to_string(), v.to_string()]);
        }
    }
    let _ = writeln!(out, "{}\n", out.style.fit(config));
    let capacity = capacity_table(&out.style, r, c);
    let cost = cost_table(&out.style, r);
    let _ = writeln!(out, "{}\n", out.style.fit(capacity));
    let _ = writeln!(out, "{}", out.style.fit(cost));
    bill_assumptions(out, r);
    warnings(out, r);
}

/// What the bill assumes, line by line: estimates and free tiers said;
/// each wrapped to the terminal's width, its later lines indented.
pub(super) fn bill_assumptions(out: &mut Out, r: &SizingReport) {
    let width = out.style.width.map(usize::from);
    let _ = writeln!(out, "The bill assumes:");
    for a in &r.cost.assumptions {
        let text = format!("{}: {}", a.line, a.assumption);
        for line in super::fit::hanging(&text, width, "  ", "      ") {
            let _ = writeln!(out, "{line}");
        }
    }
}

pub(super) fn capacity_table(style: &Style, r: &SizingReport, c: &Capacity) -> Table {
    let mut t = style.table(&["Terraform computes", "value", "how"], 1);
    if let Some(col) = t.column_mut(2) {
        col.set_cell_alignment(CellAlignment::Left);
    }
    let binds = |name: &str| {
        c.binding_constraint
            .note_on(name)
            .map_or(String::new(), |n| format!("  ← {n}"))
    };
    for s in &r.derivation {
        let value = s.value.map_or("∞".to_string(), |v| v.to_string());
        let how = format!("{}{}", s.with_values, binds(s.name));
        t.add_row(vec![s.name.to_string(), value, how]);
    }
    t.add_row(vec![
        "total_workers".to_string(),
        c.total_workers.to_string(),
        format!(
            "{} tasks × {} gevent worker processes",
            c.task_min_count, c.gunicorn_workers
        ),
    ]);
    t
}

pub(super) fn cost_table(style: &Style, r: &SizingReport) -> Table {
    let cost = &r.cost;
    let min = &cost.at_asg_min_size;
    let mut header = vec![
        format!("monthly cost ({})", cost.currency),
        format!("at asg_min_size ({})", min.instances),
    ];
    header.push(format!(
        "at asg_max_size ({})",
        cost.at_asg_max_size.instances
    ));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = style.table(&header_refs, 1);
    let columns: Vec<&MonthlyCost> = vec![min, &cost.at_asg_max_size];
    for (label, pick) in crate::render::summary::cost_lines(r) {
        let mut cells = vec![label];
        cells.extend(columns.iter().map(|m| usd(pick(m))));
        t.add_row(cells);
    }
    t
}

pub(super) fn warnings(out: &mut Out, r: &SizingReport) {
    if r.warnings.is_empty() {
        return;
    }
    let _ = writeln!(out);
    for w in &r.warnings {
        let label = out.style.severity(w.severity);
        let _ = writeln!(
            out,
            "{} [{}]: {}\n  fix: {}",
            label,
            w.code.as_str(),
            w.message,
            w.fix
        );
    }
}

/// For `recommend`: which profile, why, and what the guide expects of it.
pub(super) fn recommendation(out: &mut Out, r: &SizingReport) {
    let Some(p) = &r.profile else { return };
    let _ = writeln!(out, "Profile `{}`: {}", p.name, p.summary);
    if let Some(s) = &r.selection {
        let decided = s.decided();
        let others: Vec<String> = s
            .figures
            .iter()
            .filter(|f| !s.decided_by.contains(&f.figure))
            .map(|f| {
                format!(
                    "{} = {} fits `{}`",
                    f.figure,
                    f.value,
                    f.smallest_profile.as_deref().unwrap_or("none")
                )
            })
            .collect();
        let _ = write!(out, "Decided by {}", decided.join(" and "));
        if !others.is_empty() {
            let _ = write!(out, " ({})", others.join("; "));
        }
        let _ = writeln!(out);
    }
    let covers: Vec<String> = [
        ("packages", p.workload.packages_below),
        ("users", p.workload.users_below),
        ("CI builds a day", p.workload.ci_builds_per_day_below),
        ("burst requests", p.workload.burst_requests_below),
    ]
    .iter()
    .filter_map(|(name, below)| below.map(|b| super::below(name, b)))
    .collect();
    if !covers.is_empty() {
        let _ = writeln!(out, "Covers {}", covers.join(", "));
    }
    let _ = writeln!(out, "Expected: {}", performance(&p.performance));
    if let Some(b) = &r.predicted_burst {
        let _ = match &b.prediction {
            Some(x) => writeln!(
                out,
                "Predicted for {} (`predict`): P95 {:.1} s (band {:.1}–{:.1} s), drained in {:.1} s",
                crate::render::burst_requests_as_clients(&b.burst),
                x.latency.p95_s.central,
                x.latency.p95_s.low,
                x.latency.p95_s.high,
                x.burst_drain_s.central
            ),
            None => writeln!(
                out,
                "Predicted for {}: unknown ({})",
                crate::render::burst_requests_as_clients(&b.burst),
                b.unknown.join("; ")
            ),
        };
        for f in &b.findings {
            let _ = writeln!(out, "  {}: {}", f.severity.as_str(), f.message);
        }
    }
    if let Some(kept) = crate::render::summary::kept_as_published(r) {
        let _ = writeln!(out, "{kept}");
    }
    let _ = writeln!(out);
}

fn performance(p: &Performance) -> String {
    let mut parts = Vec::new();
    if let Some(v) = p.p95_latency_normal_s {
        parts.push(format!("P95 < {} s normal", v.get()));
    }
    if let Some(v) = p.p95_latency_burst_s {
        parts.push(format!("P95 ≤ {} s in bursts", v.get()));
    }
    if let Some(v) = p.p99_latency_burst_s {
        parts.push(format!("P99 ≤ {} s in bursts", v.get()));
    }
    if let Some(v) = p.error_rate_normal_pct {
        parts.push(format!("errors < {}% normal", v.get()));
    }
    if let Some(v) = p.error_rate_burst_pct {
        parts.push(format!("≤ {}% in bursts", v.get()));
    }
    if let Some(v) = p.burst_requests_handled {
        parts.push(format!("bursts up to {v} requests"));
    }
    if p.validated {
        parts.push("stress-tested".to_string());
    }
    if parts.is_empty() {
        "the guide states no figures".to_string()
    } else {
        parts.join(", ")
    }
}
