//! `advise` as a ticket or pull-request comment: the proposals in one list
//! with their reasons and monthly difference; with `--metrics`, a row per
//! rule and what could not be judged.

use pypi_size::answers::advise::Advice;
use pypi_size::answers::advise::metrics::Measured;

use super::{Align, Column, cell, code, footer, money, prose, table};
use crate::render::table::advise::{burst_summary, predicted_p95};
use crate::render::table::metrics::{rule_name, strip, verdict_name, window};

const COLUMNS: [Column; 5] = [
    ("rule", Align::Left),
    ("metric", Align::Left),
    ("threshold", Align::Left),
    ("observed", Align::Left),
    ("verdict", Align::Left),
];

pub(super) fn advise(a: &Advice) -> String {
    let c = &a.current;
    let mut out = format!(
        "### pypi-size advise: {} × {}\n\n",
        c.capacity.asg_instance_count,
        code(&c.inputs.module.asg_instance_type)
    );
    if let Some(m) = &a.measured {
        out.push_str(&measured(m));
    }
    if a.actions.is_empty() {
        let unjudged = a
            .measured
            .as_ref()
            .is_some_and(|m| !m.not_judged.is_empty());
        out.push_str(if unjudged {
            "**No change proposed, but not every rule could be judged.**\n\n"
        } else {
            "**No action:** the metrics are within the guide's thresholds.\n\n"
        });
    }
    for (n, action) in a.actions.iter().enumerate() {
        out.push_str(&format!("{}. **{}**", n + 1, cell(&action.change)));
        if let Some(d) = action.cost_difference {
            out.push_str(&format!(
                " ({} / {} a month {})",
                money(d.at_asg_min_size),
                money(d.at_asg_max_size),
                cell("at asg_min_size / asg_max_size")
            ));
        }
        out.push('\n');
        for r in &action.reasons {
            out.push_str(&format!("   - {}\n", cell(r)));
        }
        if let Some(note) = &action.note {
            out.push_str(&format!("   - note: {}\n", cell(note)));
        }
    }
    out.push('\n');
    out.push_str(&burst(a));
    out.push_str(&footer(&a.module, &a.pricing));
    out
}

fn measured(m: &Measured) -> String {
    let rows: Vec<Vec<String>> = m
        .rules
        .iter()
        .map(|r| {
            let series: Vec<String> = r.series.iter().map(|s| code(s.id())).collect();
            let observed = match &r.evidence {
                Some(e) => format!(
                    "{} {}",
                    cell(&r.observed),
                    code(&format!("{}|{}", strip(&e.by_hour), strip(&e.by_weekday)))
                ),
                None => cell(&r.observed),
            };
            vec![
                cell(rule_name(r.rule)),
                series.join(" / "),
                cell(&r.threshold),
                observed,
                cell(verdict_name(r.verdict)),
            ]
        })
        .collect();
    let mut out = format!("{}\n\n{}\n", cell(&window(m)), table(&COLUMNS, &rows));
    if !m.not_judged.is_empty() {
        out.push_str("**Not judged** (never read as fine):\n\n");
        for n in &m.not_judged {
            let what = n.series.map_or("the file", |s| s.id());
            out.push_str(&format!("- {}: {}\n", code(what), cell(&n.reason)));
        }
        out.push('\n');
    }
    if !m.messages.is_empty() {
        out.push_str("**CloudWatch's Messages**:\n\n");
        for text in &m.messages {
            out.push_str(&format!("- {}\n", cell(text)));
        }
        out.push('\n');
    }
    out
}

/// The advised burst: its source, and the predicted P95 of the current
/// config and of each proposal.
fn burst(a: &Advice) -> String {
    let Some(summary) = burst_summary(a) else {
        return String::new();
    };
    // A list, not a table: the comment keeps one table, the rules'.
    let mut out = format!(
        "{}\n\n- current: predicted P95 {} s\n",
        prose(&summary),
        predicted_p95(&a.current)
    );
    for x in &a.actions {
        if let Some(p) = &x.proposed {
            out.push_str(&format!(
                "- {}: predicted P95 {} s\n",
                cell(&x.change),
                predicted_p95(p)
            ));
        }
    }
    out.push('\n');
    for o in a
        .observations
        .iter()
        .filter(|o| o.code == pypi_size::answers::warnings::WarningCode::PredictedBurstOverTarget)
    {
        out.push_str(&format!("**{}.** {}.\n\n", cell(&o.message), prose(&o.fix)));
    }
    out
}
