//! `predict` as text: the config as the burst meets it, the figures with
//! their bands, the findings with their evidence, and every assumption.

use std::fmt::Write as _;

use pypi_size::answers::predict::bands::Band;
use pypi_size::answers::predict::modules::ModulesReport;
use pypi_size::answers::predict::{PredictReport, Prediction};

use super::Out;
use super::fit::hanging;
use crate::render::{max_p95_verdict, seconds};

pub(super) fn predict(out: &mut Out, r: &PredictReport) {
    let (c, b) = (&r.config, &r.burst);
    let _ = writeln!(
        out,
        "A burst of {} clients × {} package(s) ({} requests, {} operations each, {} files in \
         the index) on {} × {}.",
        b.clients,
        b.packages_per_client,
        b.requests_per_package,
        b.operations_per_package,
        b.packages,
        c.instances,
        c.asg_instance_type
    );
    let speed = c.vcpu_speed.map_or("of unknown speed".to_string(), |s| {
        format!("each {s:.2} of the measuring core")
    });
    let _ = writeln!(
        out,
        "Busiest instance: {} clients (share {}: {}); {} tasks × {} workers on {} vCPUs, \
         {speed} ({} GHz, {} thread(s) per core).",
        b.clients_on_busiest,
        b.busiest_share,
        b.busiest_share_source,
        c.tasks_on_busiest,
        c.gunicorn_workers,
        c.vcpus,
        c.clock_ghz.map_or("unknown".into(), |g| g.to_string()),
        c.threads_per_core
            .map_or("unknown".into(), |t| t.to_string()),
    );
    match &r.prediction {
        Some(p) => figures(out, p),
        None => {
            let _ = writeln!(out, "\nNo prediction: {}.", r.unknown.join("; "));
        }
    }
    if let (Some(max), Some(over)) = (r.max_p95_s, r.over_max_p95) {
        let verdict = max_p95_verdict(over, r.prediction.is_some());
        let edge = r.prediction.as_ref().map_or(String::new(), |p| {
            format!(
                " (the P95 band's upper edge is {:.2} s)",
                p.latency.p95_s.high
            )
        });
        let _ = writeln!(out, "\n--max-p95 {} s: {verdict}{edge}", seconds(max));
    }
    let width = out.style.width.map(usize::from);
    if !r.findings.is_empty() {
        let _ = writeln!(out, "\nFindings:");
    }
    for f in &r.findings {
        let label = out.style.severity(f.severity);
        for line in hanging(&format!("{label}: {}", f.message), width, "  ", "      ") {
            let _ = writeln!(out, "{line}");
        }
        for line in hanging(
            &format!("evidence: {}", f.evidence),
            width,
            "    ",
            "      ",
        ) {
            let _ = writeln!(out, "{line}");
        }
    }
    let _ = writeln!(out, "\nAssumptions:");
    for a in &r.assumptions {
        let value = match &a.value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let text = format!("{}: {value} ({})", a.key, a.source);
        for line in hanging(&text, width, "  ", "      ") {
            let _ = writeln!(out, "{line}");
        }
    }
}

fn figures(out: &mut Out, p: &Prediction) {
    let mut t = out.style.table(&["predicted", "low", "central", "high"], 1);
    let row = |t: &mut comfy_table::Table, name: &str, b: Band, digits: usize| {
        t.add_row(vec![
            name.to_string(),
            format!("{:.digits$}", b.low),
            format!("{:.digits$}", b.central),
            format!("{:.digits$}", b.high),
        ]);
    };
    row(
        &mut t,
        "CPU per package (ms, measuring core)",
        p.cpu_per_package_ms,
        1,
    );
    row(
        &mut t,
        "throughput ceiling (pip installs/s)",
        p.throughput_ceiling_installs_per_s,
        1,
    );
    row(&mut t, "burst drain (s)", p.burst_drain_s, 1);
    row(&mut t, "P50 latency (s)", p.latency.p50_s, 1);
    row(&mut t, "P95 latency (s)", p.latency.p95_s, 1);
    row(&mut t, "P99 latency (s)", p.latency.p99_s, 1);
    for s in &p.timeouts {
        let pct = |x: f64| x * 100.0;
        row(
            &mut t,
            &format!("past {} s, {} (%)", seconds(s.timeout_s), s.name),
            Band {
                low: pct(s.share.low),
                central: pct(s.share.central),
                high: pct(s.share.high),
            },
            1,
        );
    }
    let _ = write!(out, "\n{}", out.style.fit(t));
}

/// `predict --check` / `--plan`: each module instance's prediction under
/// its address, then the gate's verdict.
pub(super) fn modules(out: &mut Out, r: &ModulesReport) {
    let _ = writeln!(
        out,
        "Read from {} {}: {} pypiserver module instance(s).",
        if r.read_from == "plan" {
            "the plan"
        } else {
            "the Terraform"
        },
        r.origin,
        r.modules.len()
    );
    if r.modules.is_empty() {
        let _ = writeln!(out, "No pypiserver module block found: nothing to predict.");
    }
    for m in &r.modules {
        let _ = writeln!(out, "\n{} ({})", m.address, m.location);
        match &m.predict {
            Some(p) => predict(out, p),
            None => {
                let _ = writeln!(out, "No prediction: the module's figures are unknown:");
                for u in &m.unknown {
                    let _ = writeln!(out, "  - {u}");
                }
            }
        }
        if let (Some(max), Some(over)) = (r.max_p95_s, m.over_max_p95) {
            let known = m.predict.as_ref().is_some_and(|p| p.prediction.is_some());
            let verdict = max_p95_verdict(over, known);
            let _ = writeln!(out, "--max-p95 {} s: {verdict}", seconds(max));
        }
    }
    if let Some(max) = r.max_p95_s {
        let _ = writeln!(
            out,
            "\n{} of {} module instance(s) fail --max-p95 {} s ({} unknown).",
            r.over_max_p95,
            r.modules.len(),
            seconds(max),
            r.unknown
        );
    }
}
