//! `check` as text: each module block with its resolved arguments, what it
//! sizes to, and its findings pointing at file and line.

use std::fmt::Write as _;

use pypi_size::answers::check::CheckReport;
use tf_eval::Resolved;

use super::{Out, usd};

pub(super) fn check(out: &mut Out, report: &CheckReport) {
    plan_and_cli_args(out, report);
    for m in &report.modules {
        if m.location.line == 0 {
            // From a plan: the instance's address says where it is.
            let _ = writeln!(out, "{}: {} ({})", m.location.file, m.address, m.source);
        } else {
            // A `count` or `for_each` instance by its Terraform address
            // (`module.pypi["prod"]`), a lone block by its label.
            let block = if m.name.contains('[') {
                format!("module.{}", m.name)
            } else {
                format!("module \"{}\"", m.name)
            };
            let _ = writeln!(
                out,
                "{}:{} {block} ({})",
                m.location.file, m.location.line, m.source
            );
        }
        let mut rows = Vec::new();
        for (name, arg) in &m.arguments {
            let value = match &arg.value {
                Resolved::Known { value } => value.to_string(),
                Resolved::Unknown { .. } => "(unknown)".to_string(),
            };
            // An override file's argument names its file.
            let line = if arg.location.line == 0 {
                "-".to_string()
            } else if arg.location.file == m.location.file {
                arg.location.line.to_string()
            } else {
                format!("{}:{}", arg.location.file, arg.location.line)
            };
            rows.push(vec![name.clone(), value, line, arg.origin.clone()]);
        }
        // Where the width calls for it, where a value came from goes first,
        // then its line: the argument and its value stay.
        let table = out.style.side_by_side(
            &["argument", "value", "line", "from"],
            4,
            rows,
            &[3, 2],
            &[],
        );
        let _ = writeln!(out, "{table}");
        match (&m.instance, &m.capacity, &m.cost) {
            (Some(i), Some(c), Some(cost)) => {
                let (min, max) = (&cost.at_asg_min_size, &cost.at_asg_max_size);
                // One figure when the group cannot scale: asg_min_size = asg_max_size.
                let bill = if min.instances == max.instances {
                    format!(
                        "{} {} a month at {}",
                        usd(min.total),
                        cost.currency,
                        crate::render::instances(min.instances)
                    )
                } else {
                    format!(
                        "{} {} a month at {}, {} {} at {}",
                        usd(min.total),
                        cost.currency,
                        crate::render::instances(min.instances),
                        usd(max.total),
                        cost.currency,
                        max.instances
                    )
                };
                let _ = writeln!(
                    out,
                    "Sizes to {} × {}: {} tasks per instance ({} binds), task_min_count {}, \
                     task_max_count {}, {} gunicorn workers; {bill}.",
                    c.asg_instance_count,
                    i.asg_instance_type,
                    c.tasks_per_instance,
                    c.binding_constraint.as_str(),
                    c.task_min_count,
                    c.task_max_count,
                    c.total_workers,
                );
            }
            _ => {
                let _ = writeln!(out, "Not sized: see the findings.");
            }
        }
        for f in &m.findings {
            // Pad by the plain label: colour codes have no width.
            let pad = " ".repeat(7 - f.severity.as_str().len());
            let label = out.style.severity(f.severity);
            let _ = writeln!(
                out,
                "{label}{pad} {} [{}] {}\n        fix: {}",
                f.location, f.code, f.message, f.fix
            );
        }
        let _ = writeln!(out);
    }
    let s = &report.summary;
    let _ = write!(
        out,
        "{} module block(s) checked: {} error(s), {} warning(s), {} info.",
        s.modules, s.errors, s.warnings, s.infos
    );
    if let Some(max) = s.highest_monthly_cost {
        let _ = write!(out, " Highest monthly cost: {}.", usd(max));
    }
    let _ = writeln!(out);
}

/// Where the figures come from when not only the files: the plan, or the
/// variables `TF_CLI_ARGS(_plan)` added.
fn plan_and_cli_args(out: &mut Out, report: &CheckReport) {
    if let Some(plan) = &report.plan {
        let _ = writeln!(
            out,
            "What Terraform {} planned ({}, plan format {}):\n",
            plan.terraform_version
                .as_deref()
                .unwrap_or("(version unknown)"),
            plan.file,
            plan.format_version
        );
    }
    for args in &report.terraform_cli_args {
        if !args.applied.is_empty() {
            let _ = writeln!(
                out,
                "Variables also from {}: {}.",
                args.variable,
                args.applied.join(" ")
            );
        }
    }
}
