//! `check` as a pull-request comment: the verdict in one bold line, a row
//! per module block, and the findings grouped by block, collapsed. Over
//! GitHub's limit, the findings go first, then the rows of the blocks with
//! the least severe findings.

use pypi_size::answers::check::{CheckReport, Finding, ModuleCheck};
use pypi_size::answers::warnings::Severity;

use super::{
    Align, COMMENT_LIMIT, Column, CommentBudget, code, code_in_prose, count, footer, money, prose,
    prose_cell, table_head, table_row,
};

const COLUMNS: [Column; 8] = [
    ("module", Align::Left),
    ("file:line", Align::Left),
    ("instance type", Align::Left),
    ("instances", Align::Right),
    ("tasks", Align::Right),
    ("workers", Align::Right),
    ("monthly cost", Align::Right),
    ("findings", Align::Left),
];

/// The whole comment.
pub(super) fn check(report: &CheckReport) -> String {
    let mut budget = CommentBudget::new(COMMENT_LIMIT);
    let head = headline(report);
    let foot = footer(&report.module, &report.pricing);
    let columns = table_head(&COLUMNS);
    // The parts, and the line between each two.
    for part in [&head, &foot, &columns, &"\n".repeat(3)] {
        budget.take(part);
    }
    let rows: Vec<(u8, String)> = report
        .modules
        .iter()
        .map(|m| (rank(m), table_row(&COLUMNS, &row(m))))
        .collect();
    let (rows, rows_left_out) = budget.take_fitting(&rows, |n| {
        format!(
            "\n… {} not shown, nor the findings (the table keeps the blocks with the most \
             severe findings; the JSON output has all of them)\n",
            count(n, "more module block")
        )
    });
    let table = if report.modules.is_empty() {
        String::new()
    } else {
        format!("{columns}{rows}")
    };
    // Every row before any detail.
    let findings = if rows_left_out > 0 {
        String::new()
    } else {
        findings(report, &mut budget)
    };
    [head, table, findings, foot]
        .iter()
        .filter(|p| !p.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The verdict: how many blocks, findings by severity, the highest cost.
fn headline(report: &CheckReport) -> String {
    let s = &report.summary;
    if report.modules.is_empty() {
        return "**pypi-size check**: no pypiserver module block found\n".to_string();
    }
    let mut line = format!(
        "**pypi-size check**: {}, {}",
        count(s.modules, "module block"),
        tally_counts(s.errors, s.warnings, s.infos)
    );
    if s.not_sized > 0 {
        line.push_str(&format!("; {} not sized", s.not_sized));
    }
    if let Some(max) = s.highest_monthly_cost {
        line.push_str(&format!("; highest monthly cost {}", money(max)));
    }
    if s.over_budget {
        line.push_str("; over --max-monthly-cost");
    }
    if let Some(plan) = &report.plan {
        line.push_str(&format!(
            "; from the plan {} (Terraform {})",
            code_in_prose(&plan.file),
            plan.terraform_version
                .as_deref()
                .unwrap_or("of unknown version")
        ));
    }
    for args in report
        .terraform_cli_args
        .iter()
        .filter(|a| !a.applied.is_empty())
    {
        line.push_str(&format!(
            "; variables also from {}: {}",
            code_in_prose(&args.variable),
            code_in_prose(&args.applied.join(" "))
        ));
    }
    line.push('\n');
    line
}

/// Which rows a cut keeps first: the blocks with errors, then warnings,
/// then infos, then none.
fn rank(m: &ModuleCheck) -> u8 {
    m.findings
        .iter()
        .map(|f| f.severity as u8)
        .min()
        .unwrap_or(Severity::Info as u8 + 1)
}

/// A block's row: where it is, what it sizes to, what it costs, its findings.
fn row(m: &ModuleCheck) -> Vec<String> {
    let mut module = code(&m.address);
    match m.copies {
        Some(1) => {}
        Some(n) => module.push_str(&format!(" ({n} copies)")),
        None => module.push_str(" (copies unknown)"),
    }
    let place = code(&m.location.file_line());
    let findings = tally(&m.findings);
    let (Some(i), Some(c), Some(cost)) = (&m.instance, &m.capacity, &m.cost) else {
        let why = reason(m).map_or(String::new(), |f| format!(": {}", prose_cell(&f.message)));
        let empty = String::new;
        return vec![
            module,
            place,
            format!("not sized{why}"),
            empty(),
            empty(),
            empty(),
            empty(),
            findings,
        ];
    };
    let range = |min: u64, max: u64| {
        if min == max {
            min.to_string()
        } else {
            format!("{min}–{max}")
        }
    };
    // The cost of every copy, as the summary's highest cost counts it.
    let copies = m.copies.unwrap_or(1) as f64;
    let all = |total: f64| money((total * copies * 100.0).round() / 100.0);
    let (min, max) = (&cost.at_asg_min_size, &cost.at_asg_max_size);
    let bill = if min.instances == max.instances {
        all(min.total)
    } else {
        format!("{}–{}", all(min.total), all(max.total))
    };
    vec![
        module,
        place,
        code(&i.asg_instance_type),
        range(c.asg_instance_count, c.asg_max_size),
        range(c.task_min_count, c.task_max_count),
        range(
            c.task_min_count * c.gunicorn_workers,
            c.task_max_count * c.gunicorn_workers,
        ),
        bill,
        findings,
    ]
}

/// Why a block has no figures: its first error, else what is unknown.
fn reason(m: &ModuleCheck) -> Option<&Finding> {
    m.findings.iter().find(|f| {
        f.severity == Severity::Error || matches!(f.code, "not_deployed" | "unresolved" | "partial")
    })
}

/// "1 error, 2 warnings", or "none".
fn tally(findings: &[Finding]) -> String {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut parts = Vec::new();
    for (s, noun) in [(Severity::Error, "error"), (Severity::Warning, "warning")] {
        if n(s) > 0 {
            parts.push(count(n(s), noun));
        }
    }
    if n(Severity::Info) > 0 {
        parts.push(format!("{} info", n(Severity::Info)));
    }
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

/// The findings of each block that has some, collapsed, as many as fit.
fn findings(report: &CheckReport, budget: &mut CommentBudget) -> String {
    let groups: Vec<(u8, String)> = report
        .modules
        .iter()
        .filter(|m| !m.findings.is_empty())
        .map(|m| (rank(m), group(m)))
        .collect();
    if groups.is_empty() {
        return String::new();
    }
    let s = &report.summary;
    let summary = format!(
        "Findings: {} in {}",
        tally_counts(s.errors, s.warnings, s.infos),
        count(groups.len(), "module block")
    );
    budget
        .details_fitting(&summary, &groups, |n| {
            format!(
                "… the findings of {} are not shown (the JSON output has them)\n",
                count(n, "more module block")
            )
        })
        .or_else(|| {
            budget.take_if_fits(
                "The findings are left out to stay under GitHub's comment limit (the JSON \
                 output has them).\n"
                    .to_string(),
            )
        })
        .unwrap_or_default()
}

fn tally_counts(errors: usize, warnings: usize, infos: usize) -> String {
    format!(
        "{}, {}, {infos} info",
        count(errors, "error"),
        count(warnings, "warning")
    )
}

/// One block's findings: a line naming it, then one item per finding.
fn group(m: &ModuleCheck) -> String {
    let mut out = format!(
        "**{}** ({})\n\n",
        code_in_prose(&m.address),
        code_in_prose(&m.location.file_line())
    );
    for f in &m.findings {
        out.push_str(&format!(
            "- **{}** {} {}: {}<br>fix: {}\n",
            f.severity.as_str(),
            code_in_prose(&f.location.to_string()),
            code_in_prose(f.code),
            prose(&f.message),
            prose(&f.fix)
        ));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_name_each_severity_present() {
        assert_eq!(tally(&[]), "none");
        assert_eq!(tally_counts(1, 2, 0), "1 error, 2 warnings, 0 info");
    }
}
