//! `diff` as a pull-request comment: the change and the gate in one bold
//! line, a row per module block that changed, then each change in detail,
//! collapsed. Over GitHub's limit the details go first, then the rows of the
//! blocks with the least severe new findings.

use pypi_size::answers::check::Finding;
use pypi_size::answers::diff::{ChangeKind, DiffReport, ModuleDiff, Presence};
use pypi_size::answers::warnings::Severity;

use super::{
    Align, COMMENT_LIMIT, Column, CommentBudget, cell, code, code_in_prose, count, footer, money,
    prose, shorten, table_head, table_row,
};
use crate::render::changes::{
    copies_note, figure_change, money_change, money_delta, text_change, value,
};

/// The most of a reason or a gate's message the parts that always show
/// quote: a Terraform value can be any length.
const REASON_CHARS: usize = 600;

const COLUMNS: [Column; 9] = [
    ("module", Align::Left),
    ("change", Align::Left),
    ("instance type", Align::Left),
    ("instances", Align::Right),
    ("tasks", Align::Right),
    ("workers", Align::Right),
    ("a month at min", Align::Right),
    ("delta at min", Align::Right),
    ("delta at max", Align::Right),
];

/// The whole comment.
pub(super) fn diff(report: &DiffReport) -> String {
    let mut budget = CommentBudget::new(COMMENT_LIMIT);
    let head = headline(report);
    let mut gate = gate(report);
    if let Some(why) = &report.total.at_asg_max_size.unknown {
        gate.push_str(&format!(
            "\nThe monthly delta is unknown: {}.\n",
            prose(&shorten(why, REASON_CHARS))
        ));
    }
    let foot = format!(
        "{} → {} · {}",
        code_in_prose(&report.base.path),
        code_in_prose(&report.head.path),
        footer(&report.module, &report.pricing)
    );
    let columns = table_head(&COLUMNS);
    for part in [&head, &gate, &foot, &columns, &"\n".repeat(4)] {
        budget.take(part);
    }
    let changed: Vec<&ModuleDiff> = report
        .modules
        .iter()
        .filter(|m| m.change != ChangeKind::Unchanged)
        .collect();
    let rows: Vec<(u8, String)> = changed
        .iter()
        .map(|m| (rank(m), table_row(&COLUMNS, &row(report, m))))
        .collect();
    let (rows, rows_left_out) = budget.take_fitting(&rows, |n| {
        format!(
            "\n… {} not shown, nor the details (the table keeps the blocks with the most \
             severe new findings; the JSON output has all of them)\n",
            count(n, "more changed module block")
        )
    });
    let table = if changed.is_empty() {
        String::new()
    } else {
        format!("{columns}{rows}")
    };
    // What concerns the trees (a module call not read) before any detail.
    let trees = report
        .findings
        .iter()
        .map(|f| format!("- {}\n", finding("new", f, REASON_CHARS)))
        .collect::<String>();
    let trees = budget.take_if_fits(trees).unwrap_or_else(|| {
        format!(
            "{} about the trees are left out (the JSON output has them).\n",
            count(report.findings.len(), "new finding")
        )
    });
    let details = if rows_left_out > 0 || changed.is_empty() {
        String::new()
    } else {
        details(report, &changed, &mut budget)
    };
    [head, gate, table, trees, details, foot]
        .iter()
        .filter(|p| !p.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

/// What changed and what it costs, in one line.
fn headline(report: &DiffReport) -> String {
    let s = &report.summary;
    let t = &report.total;
    if !s.anything_changed {
        return format!(
            "**pypi-size diff**: no change: {}, the same before and after; {} a month at \
             asg_min_size, {} at asg_max_size\n",
            count(report.modules.len(), "module block"),
            cell(&money_change(&t.at_asg_min_size)),
            cell(&money_change(&t.at_asg_max_size)),
        );
    }
    let mut parts = Vec::new();
    for (n, what) in [
        (s.changed, "changed"),
        (s.added, "added"),
        (s.removed, "removed"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    let new = &s.findings_appeared;
    if new.total() > 0 {
        parts.push(format!(
            "new findings: {}, {}, {} info",
            count(new.errors, "error"),
            count(new.warnings, "warning"),
            new.infos
        ));
    }
    let gone = s.findings_disappeared.total();
    if gone > 0 {
        parts.push(format!("{} gone", count(gone, "finding")));
    }
    format!(
        "**pypi-size diff**: {}; a month at asg_min_size **{}**, at asg_max_size {}\n",
        parts.join(", "),
        cell(&money_change(&t.at_asg_min_size)),
        cell(&money_change(&t.at_asg_max_size)),
    )
}

/// The gate's verdict, with each failure.
fn gate(report: &DiffReport) -> String {
    let g = &report.gate;
    if g.passed {
        return format!(
            "Gate: passed ({}).\n",
            cell(&crate::render::changes::gate_rules(g))
        );
    }
    let mut out = "Gate: **failed**\n\n".to_string();
    for f in &g.failures {
        out.push_str(&format!(
            "- {}\n",
            prose(&shorten(&f.message, REASON_CHARS))
        ));
    }
    out
}

/// `new **warning** `code` `file:line`: message`, the message cut to
/// `chars` characters.
fn finding(label: &str, f: &Finding, chars: usize) -> String {
    format!(
        "{label} **{}** {} {}: {}",
        f.severity.as_str(),
        code_in_prose(f.code),
        code_in_prose(&f.location.file_line()),
        prose(&shorten(&f.message, chars))
    )
}

/// Which rows a cut keeps first: blocks with new errors, then new warnings,
/// then new infos, then the rest.
fn rank(m: &ModuleDiff) -> u8 {
    m.findings
        .appeared
        .iter()
        .map(|f| f.severity as u8)
        .min()
        .unwrap_or(Severity::Info as u8 + 1)
}

/// ` (moved from `module.a`)`.
fn moved(m: &ModuleDiff) -> String {
    m.moved_from.as_ref().map_or(String::new(), |from| {
        format!(" (moved from {})", code(from))
    })
}

fn label(report: &DiffReport, m: &ModuleDiff) -> String {
    crate::render::changes::module_label(report, m)
}

fn row(report: &DiffReport, m: &ModuleDiff) -> Vec<String> {
    let (b, a) = crate::render::changes::deploys_nothing(m);
    let f = &m.figures;
    let min = &m.cost.at_asg_min_size;
    vec![
        code(&label(report, m)) + &cell(&copies_note(m)) + &moved(m),
        m.change.as_str().to_string(),
        cell(&text_change(&f.asg_instance_type, b, a)),
        cell(&figure_change(&f.asg_instance_count, b, a)),
        cell(&figure_change(&f.task_min_count, b, a)),
        cell(&figure_change(&f.total_workers, b, a)),
        min.after.map_or_else(|| "unknown".to_string(), money),
        cell(&money_delta(min)),
        cell(&money_delta(&m.cost.at_asg_max_size)),
    ]
}

/// Each changed block in detail, collapsed, as many as fit.
fn details(report: &DiffReport, changed: &[&ModuleDiff], budget: &mut CommentBudget) -> String {
    let items: Vec<(u8, String)> = changed
        .iter()
        .map(|m| (rank(m), detail(report, m)))
        .collect();
    let summary = format!(
        "Details: inputs, figures and findings of {}",
        count(changed.len(), "changed module block")
    );
    budget
        .details_fitting(&summary, &items, |n| {
            format!(
                "… the details of {} are not shown (the JSON output has them)\n",
                count(n, "more module block")
            )
        })
        .or_else(|| {
            budget.take_if_fits(
                "The details are left out to stay under GitHub's comment limit (the JSON \
                 output has them).\n"
                    .to_string(),
            )
        })
        .unwrap_or_default()
}

const DETAIL_COLUMNS: [Column; 3] = [
    ("", Align::Left),
    ("before", Align::Right),
    ("after", Align::Right),
];

/// One block: where it is, a table of what changed, the findings.
fn detail(report: &DiffReport, m: &ModuleDiff) -> String {
    let place = m
        .location
        .after
        .as_ref()
        .or(m.location.before.as_ref())
        .map_or(String::new(), |l| {
            format!(" at {}", code_in_prose(&format!("{}:{}", l.file, l.line)))
        });
    let mut out = format!(
        "**{}** ({}){place}\n\n",
        code_in_prose(&label(report, m)),
        m.change.as_str()
    );
    let mut rows = Vec::new();
    for i in &m.inputs {
        rows.push(vec![
            code(&i.variable),
            code(&value(i.before.as_ref())),
            code(&value(i.after.as_ref())),
        ]);
    }
    let f = &m.figures;
    let side = |x: Option<u64>, presence: Presence| match (x, presence) {
        (Some(v), _) => v.to_string(),
        (None, p) if p.deploys_nothing() => "–".to_string(),
        (None, _) => "unknown".to_string(),
    };
    for (name, c) in f.counts() {
        if c.before != c.after {
            rows.push(vec![
                format!("{} (computed)", code(name)),
                side(c.before, m.base),
                side(c.after, m.head),
            ]);
        }
    }
    for (name, c) in [
        ("asg_min_size", &m.cost.at_asg_min_size),
        ("asg_max_size", &m.cost.at_asg_max_size),
    ] {
        let amount = |x: Option<f64>| x.map_or_else(|| "unknown".to_string(), money);
        rows.push(vec![
            format!("a month at {}", code(name)),
            amount(c.before),
            amount(c.after),
        ]);
    }
    out.push_str(&table_head(&DETAIL_COLUMNS));
    for r in &rows {
        out.push_str(&table_row(&DETAIL_COLUMNS, r));
    }
    out.push('\n');
    let mut notes = Vec::new();
    if !m.other_arguments.is_empty() {
        let names: Vec<String> = m.other_arguments.iter().map(|n| code_in_prose(n)).collect();
        notes.push(format!("also changed: {}", names.join(", ")));
    }
    if let Some(why) = &m.cost.at_asg_min_size.unknown {
        notes.push(format!("unknown: {}", prose(why)));
    }
    for (label, findings) in [
        ("new", &m.findings.appeared),
        ("gone", &m.findings.disappeared),
    ] {
        // In the details, which the budget drops whole, every word.
        notes.extend(findings.iter().map(|f| finding(label, f, usize::MAX)));
    }
    for n in notes {
        out.push_str(&format!("- {n}\n"));
    }
    out.push('\n');
    out
}
