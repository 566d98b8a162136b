//! `diff` as text: the change in one line, one row per module that changed,
//! then each change in detail, and the gate's verdict.

use std::fmt::Write as _;

use pypi_size::answers::check::Finding;
use pypi_size::answers::diff::{ChangeKind, DiffReport, ModuleDiff, Presence};

use super::Out;
use crate::render::changes::{
    copies_note, figure_change, module_label, money_change, money_delta, moved_note, text_change,
    value,
};

pub(super) fn diff(out: &mut Out, report: &DiffReport) {
    let _ = writeln!(out, "{}", headline(report));
    for args in report
        .terraform_cli_args
        .iter()
        .filter(|a| !a.applied.is_empty())
    {
        let _ = writeln!(
            out,
            "Variables also from {} on both sides: {}.",
            args.variable,
            args.applied.join(" ")
        );
    }
    if let Some(why) = &report.total.at_asg_max_size.unknown {
        let _ = writeln!(out, "The monthly delta is unknown: {why}.");
    }
    let changed: Vec<&ModuleDiff> = report
        .modules
        .iter()
        .filter(|m| m.change != ChangeKind::Unchanged)
        .collect();
    if !changed.is_empty() {
        let header = [
            "module",
            "change",
            "instance type",
            "instances",
            "tasks",
            "workers",
            "a month at min",
            "delta at min",
            "delta at max",
        ];
        let mut rows = Vec::new();
        for m in &changed {
            let (b, a) = crate::render::changes::deploys_nothing(m);
            let f = &m.figures;
            rows.push(vec![
                module_label(report, m) + &copies_note(m) + &moved_note(m),
                m.change.as_str().to_string(),
                text_change(&f.asg_instance_type, b, a),
                figure_change(&f.asg_instance_count, b, a),
                figure_change(&f.task_min_count, b, a),
                figure_change(&f.total_workers, b, a),
                m.cost
                    .at_asg_min_size
                    .after
                    .map_or("unknown".into(), crate::render::changes::dollars),
                money_delta(&m.cost.at_asg_min_size),
                money_delta(&m.cost.at_asg_max_size),
            ]);
        }
        // Narrow: what each module's details below repeat goes first; the
        // module, its instance type, workers and the delta at min stay.
        let table = out
            .style
            .side_by_side(&header, 3, rows, &[8, 4, 3, 1, 6], &[0, 2]);
        let _ = writeln!(out, "{table}");
        for m in changed {
            details(out, report, m);
        }
    }
    if !report.findings.is_empty() {
        let _ = writeln!(out);
    }
    for f in &report.findings {
        finding(out, "new", f);
    }
    gate(out, report);
}

/// What changed, and the monthly total before and after, in one line.
fn headline(report: &DiffReport) -> String {
    let s = &report.summary;
    let total = &report.total;
    if !s.anything_changed {
        return format!(
            "No change: {} module block(s), the same in {} and {}; {} a month at asg_min_size, \
             {} at asg_max_size.",
            report.modules.len(),
            report.base.path,
            report.head.path,
            money_change(&total.at_asg_min_size),
            money_change(&total.at_asg_max_size),
        );
    }
    format!(
        "{} → {}: {} changed, {} added, {} removed, {} unchanged; {} new finding(s), {} gone.\n\
         Monthly total at asg_min_size: {}\n\
         Monthly total at asg_max_size: {}",
        report.base.path,
        report.head.path,
        s.changed,
        s.added,
        s.removed,
        s.unchanged,
        s.findings_appeared.total(),
        s.findings_disappeared.total(),
        money_change(&total.at_asg_min_size),
        money_change(&total.at_asg_max_size),
    )
}

fn details(out: &mut Out, report: &DiffReport, m: &ModuleDiff) {
    let where_ = m
        .location
        .after
        .as_ref()
        .or(m.location.before.as_ref())
        .map_or(String::new(), |l| format!(" at {}", l.file_line()));
    let _ = writeln!(
        out,
        "\n{} ({}){where_}",
        module_label(report, m),
        m.change.as_str()
    );
    for i in &m.inputs {
        let _ = writeln!(
            out,
            "  {}: {} → {}",
            i.variable,
            value(i.before.as_ref()),
            value(i.after.as_ref())
        );
    }
    if !m.other_arguments.is_empty() {
        let _ = writeln!(out, "  also changed: {}", m.other_arguments.join(", "));
    }
    for (side, presence) in [("BASE", m.base), ("HEAD", m.head)] {
        if presence == Presence::NotSized {
            let _ = writeln!(out, "  not sized in {side}: see its findings");
        }
        if presence == Presence::NotDeployed {
            let _ = writeln!(out, "  no copy in {side}: count or for_each makes none");
        }
    }
    let (b, a) = crate::render::changes::deploys_nothing(m);
    let f = &m.figures;
    let figures = f.counts();
    let shown: Vec<String> = figures
        .iter()
        .filter(|(_, c)| c.before != c.after)
        .map(|(name, c)| format!("{name} {}", figure_change(c, b, a)))
        .collect();
    if !shown.is_empty() {
        let _ = writeln!(out, "  {}", shown.join(", "));
    }
    let _ = writeln!(
        out,
        "  a month: {} at asg_min_size, {} at asg_max_size",
        money_change(&m.cost.at_asg_min_size),
        money_change(&m.cost.at_asg_max_size)
    );
    if let Some(why) = &m.cost.at_asg_min_size.unknown {
        let _ = writeln!(out, "  unknown: {why}");
    }
    for (label, findings) in [
        ("new", &m.findings.appeared),
        ("gone", &m.findings.disappeared),
    ] {
        for f in findings {
            finding(out, &format!("  {label}"), f);
        }
    }
}

/// `new warning file:line [code] message`, one line.
fn finding(out: &mut Out, label: &str, f: &Finding) {
    let _ = writeln!(
        out,
        "{label} {} {} [{}] {}",
        out.style.severity(f.severity),
        f.location.file_line(),
        f.code,
        f.message
    );
}

fn gate(out: &mut Out, report: &DiffReport) {
    let g = &report.gate;
    let rules = crate::render::changes::gate_rules(g);
    let _ = writeln!(out);
    if g.passed {
        let _ = writeln!(out, "Gate passed ({rules}).");
    } else {
        let _ = writeln!(out, "Gate failed (it requires {rules}):");
        for f in &g.failures {
            let _ = writeln!(out, "  {}", f.message);
        }
    }
}
