//! `predict` as Markdown: the figures with their bands, the findings with
//! their evidence, the assumptions in a `<details>`.

use pypi_size::answers::predict::PredictReport;
use pypi_size::answers::predict::bands::Band;
use pypi_size::answers::predict::modules::ModulesReport;

use super::{Align, cell, code, details, table};
use crate::render::{max_p95_verdict, seconds};

pub(super) fn predict(r: &PredictReport) -> String {
    let (c, b) = (&r.config, &r.burst);
    let mut out = format!(
        "### pypi-size predict: {} clients on {} × {}\n\n",
        b.clients,
        c.instances,
        code(&c.asg_instance_type)
    );
    out += &format!(
        "The busiest instance takes {} clients (share {}: {}); {} tasks × {} workers on {} \
         vCPUs.\n\n",
        b.clients_on_busiest,
        b.busiest_share,
        cell(&b.busiest_share_source),
        c.tasks_on_busiest,
        c.gunicorn_workers,
        c.vcpus
    );
    match &r.prediction {
        None => out += &format!("No prediction: {}.\n", cell(&r.unknown.join("; "))),
        Some(p) => {
            let f = |x: f64| format!("{x:.1}");
            let row = |name: &str, b: Band| vec![cell(name), f(b.low), f(b.central), f(b.high)];
            let mut rows = vec![
                row("CPU per package (ms, measuring core)", p.cpu_per_package_ms),
                row(
                    "throughput ceiling (pip installs/s)",
                    p.throughput_ceiling_installs_per_s,
                ),
                row("burst drain (s)", p.burst_drain_s),
                row("P50 latency (s)", p.latency.p50_s),
                row("P95 latency (s)", p.latency.p95_s),
                row("P99 latency (s)", p.latency.p99_s),
            ];
            for s in &p.timeouts {
                let pct = Band {
                    low: s.share.low * 100.0,
                    central: s.share.central * 100.0,
                    high: s.share.high * 100.0,
                };
                rows.push(row(
                    &format!("past {} s, {} (%)", seconds(s.timeout_s), s.name),
                    pct,
                ));
            }
            let columns = [
                ("predicted", Align::Left),
                ("low", Align::Right),
                ("central", Align::Right),
                ("high", Align::Right),
            ];
            out += &table(&columns, &rows);
        }
    }
    if let (Some(max), Some(over)) = (r.max_p95_s, r.over_max_p95) {
        let verdict = max_p95_verdict(over, r.prediction.is_some());
        let verdict = if over {
            format!("**{verdict}**")
        } else {
            verdict.to_string()
        };
        let edge = r.prediction.as_ref().map_or(String::new(), |p| {
            format!(
                " (the P95 band's upper edge is {:.2} s)",
                p.latency.p95_s.high
            )
        });
        out += &format!("\n`--max-p95 {}`: {verdict}{edge}.\n", seconds(max));
    }
    for f in &r.findings {
        out += &format!(
            "\n- **{}**: {} (evidence: {})",
            f.severity.as_str(),
            cell(&f.message),
            cell(&f.evidence)
        );
    }
    if !r.findings.is_empty() {
        out += "\n";
    }
    let assumptions: Vec<String> = r
        .assumptions
        .iter()
        .map(|a| {
            let value = match &a.value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("- {}: {} ({})", code(&a.key), cell(&value), cell(&a.source))
        })
        .collect();
    out += "\n";
    out += &details("Assumptions", &(assumptions.join("\n") + "\n"));
    out
}

/// `predict --check` / `--plan`: a section per module instance, and the
/// gate's verdict.
pub(super) fn modules(r: &ModulesReport) -> String {
    let mut out = format!(
        "**pypi-size predict**: {} pypiserver module instance(s) read from {} {}\n",
        r.modules.len(),
        if r.read_from == "plan" {
            "the plan"
        } else {
            "the Terraform"
        },
        code(&r.origin)
    );
    if r.modules.is_empty() {
        out += "\nNo pypiserver module block found: nothing to predict.\n";
    }
    if let Some(max) = r.max_p95_s {
        out += &format!(
            "\n`--max-p95 {}`: {} of {} fail ({} unknown, which fail closed).\n",
            seconds(max),
            r.over_max_p95,
            r.modules.len(),
            r.unknown
        );
    }
    for m in &r.modules {
        out += &format!("\n#### {} ({})\n\n", code(&m.address), code(&m.location));
        if m.over_max_p95 == Some(true) {
            out += "**Fails `--max-p95`.**\n\n";
        }
        match &m.predict {
            Some(p) => out += &predict(p),
            None => {
                out += "No prediction: the module's figures are unknown:\n\n";
                for u in &m.unknown {
                    out += &format!("- {}\n", cell(u));
                }
            }
        }
    }
    out
}
