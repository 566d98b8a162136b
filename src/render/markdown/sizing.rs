//! `capacity` and `recommend` as a pull-request comment: the answer in one
//! bold line, the key figures in the module's names, the warnings, and the
//! derivation with the cost breakdown collapsed.

use pypi_size::Tables;
use pypi_size::answers::sizing::SizingReport;
use pypi_size::module::capacity::AsgMaxSizeSource;
use pypi_size::module::cost::MonthlyCost;

use super::{
    Align, COMMENT_LIMIT, CommentBudget, cell, code, code_in_prose, details, footer, money, prose,
    table,
};
use crate::render::summary;

/// The whole comment for `command` (`capacity` or `recommend`).
pub(super) fn sizing(command: &str, r: &SizingReport, tables: &Tables) -> String {
    let mut budget = CommentBudget::new(COMMENT_LIMIT);
    let head = headline(command, r);
    let figures = figures(r);
    let foot = footer(&r.module, &r.pricing);
    // The parts, and the line between each two.
    for part in [&head, &figures, &foot, &"\n".repeat(4)] {
        budget.take(part);
    }
    let warnings: Vec<(u8, String)> = r
        .warnings
        .iter()
        .map(|w| {
            let text = format!(
                "- **{}** {}: {}. Fix: {}.\n",
                w.severity.as_str(),
                code_in_prose(w.code.as_str()),
                prose(w.message.trim_end_matches('.')),
                prose(w.fix.trim_end_matches('.'))
            );
            (w.severity as u8, text)
        })
        .collect();
    let (warnings, _) = budget.take_fitting(&warnings, |n| {
        format!(
            "- … {} not shown (the JSON output has all of them)\n",
            super::count(n, "more warning")
        )
    });
    let how = budget
        .take_if_fits(derivation(r, tables))
        .or_else(|| {
            budget.take_if_fits(
                "The derivation and the cost breakdown are left out to stay under GitHub's \
                 comment limit (the JSON output has them).\n"
                    .to_string(),
            )
        })
        .unwrap_or_default();
    [head, figures, warnings, how, foot]
        .iter()
        .filter(|p| !p.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The answer in one bold line; for `recommend`, the profile and why.
fn headline(command: &str, r: &SizingReport) -> String {
    let c = &r.capacity;
    let min = &r.cost.at_asg_min_size;
    let max = &r.cost.at_asg_max_size;
    let scaling = if c.asg_max_size == c.asg_instance_count {
        String::new()
    } else {
        format!(" (scaling to {})", c.asg_max_size)
    };
    let tasks = if c.task_max_count == c.task_min_count {
        format!("{} tasks", c.task_min_count)
    } else {
        format!("{} tasks (up to {})", c.task_min_count, c.task_max_count)
    };
    let bill = if min.instances == max.instances {
        money(min.total)
    } else {
        format!("{}–{}", money(min.total), money(max.total))
    };
    let profile = r.profile.as_ref().map_or(String::new(), |p| {
        format!("the {} profile, ", code_in_prose(&p.name))
    });
    let mut out = format!(
        "**pypi-size {command}**: {profile}{} × {}{scaling}, {tasks}, {} gevent workers, \
         {bill} a month\n",
        c.asg_instance_count,
        cell(&r.instance.asg_instance_type),
        c.total_workers,
    );
    if let Some(p) = &r.profile {
        out.push_str(&format!(
            "\nProfile {}: {}.",
            code_in_prose(&p.name),
            cell(p.summary.trim_end_matches('.'))
        ));
        if let Some(s) = &r.selection {
            let decided = s.decided();
            out.push_str(&format!(" Decided by {}.", cell(&decided.join(" and "))));
        }
        if let Some(kept) = summary::kept_as_published(r) {
            out.push_str(&format!(" {}", prose(&kept)));
        }
        out.push('\n');
    }
    if let Some(b) = &r.predicted_burst {
        out.push_str(&predicted_burst(b));
    }
    out
}

/// `recommend --burst`: the P95 its table and JSON show, in one line, and
/// the findings under it.
fn predicted_burst(b: &pypi_size::answers::predict::BurstSummary) -> String {
    let mut out = prediction_line(b);
    for f in &b.findings {
        out.push_str(&format!(
            "- **{}**: {}\n",
            f.severity.as_str(),
            cell(&f.message)
        ));
    }
    out
}

fn prediction_line(b: &pypi_size::answers::predict::BurstSummary) -> String {
    match &b.prediction {
        Some(x) => format!(
            "\nPredicted for {} (`predict`): P95 {:.1} s (band {:.1}–{:.1} s), drained in {:.1} \
             s.\n",
            cell(&crate::render::burst_requests_as_clients(&b.burst)),
            x.latency.p95_s.central,
            x.latency.p95_s.low,
            x.latency.p95_s.high,
            x.burst_drain_s.central
        ),
        None => format!(
            "\nPredicted for {}: unknown ({}).\n",
            cell(&crate::render::burst_requests_as_clients(&b.burst)),
            cell(&b.unknown.join("; "))
        ),
    }
}

/// The key figures, in the module's names, with the monthly cost.
fn figures(r: &SizingReport) -> String {
    let c = &r.capacity;
    let i = &r.inputs.module;
    let inst = &r.instance;
    let min = &r.cost.at_asg_min_size;
    let max = &r.cost.at_asg_max_size;
    let row = |name: &str, value: String, note: String| vec![code(name), value, note];
    let mut rows = vec![
        row(
            "asg_instance_type",
            code(&inst.asg_instance_type),
            cell(&format!(
                "{} vCPU, {} MiB, {}, ${}/h",
                inst.vcpus,
                inst.memory_mib,
                inst.arch.as_str(),
                inst.hourly
            )),
        ),
        row(
            "asg_instance_count",
            c.asg_instance_count.to_string(),
            match i.asg_min_size {
                Some(_) => code("asg_min_size"),
                None => format!(
                    "{} null: one per subnet ({})",
                    code("asg_min_size"),
                    i.subnets
                ),
            },
        ),
        row(
            "asg_max_size",
            c.asg_max_size.to_string(),
            cell(match c.asg_max_size_source {
                AsgMaxSizeSource::Set => "set",
                AsgMaxSizeSource::EcsModuleDefault => "null: the ECS module's default",
            }),
        ),
        row(
            "tasks_per_instance",
            c.tasks_per_instance.to_string(),
            cell(&summary::binding(c)),
        ),
        row(
            "binding_constraint",
            cell(c.binding_constraint.as_str()),
            String::new(),
        ),
        row(
            "task_min_count",
            c.task_min_count.to_string(),
            String::new(),
        ),
        row(
            "task_max_count",
            c.task_max_count.to_string(),
            String::new(),
        ),
        row(
            "gunicorn_workers",
            c.gunicorn_workers.to_string(),
            cell("gevent worker processes per task"),
        ),
        row(
            "total_workers",
            c.total_workers.to_string(),
            cell(&format!(
                "{} tasks × {}",
                c.task_min_count, c.gunicorn_workers
            )),
        ),
    ];
    let bill = |at: &str, m: &MonthlyCost| {
        vec![
            format!("monthly cost at {}", code(at)),
            money(m.total),
            cell(&crate::render::instances(m.instances)),
        ]
    };
    rows.push(bill("asg_min_size", min));
    if max.instances != min.instances {
        rows.push(bill("asg_max_size", max));
    }
    table(
        &[
            ("figure", Align::Left),
            ("value", Align::Right),
            ("how", Align::Left),
        ],
        &rows,
    )
}

/// The collapsed derivation, step by step, and the monthly bill line by line.
fn derivation(r: &SizingReport, tables: &Tables) -> String {
    let c = &r.capacity;
    let binds = |name: &str| {
        c.binding_constraint
            .note_on(name)
            .map_or(String::new(), |n| format!(" ← {n}"))
    };
    let mut steps: Vec<Vec<String>> = r
        .derivation
        .iter()
        .map(|s| {
            vec![
                s.step.to_string(),
                code(s.name),
                s.value.map_or("∞".to_string(), |v| v.to_string()),
                code(&s.formula),
                format!("{}{}", code(&s.with_values), cell(&binds(s.name))),
            ]
        })
        .collect();
    steps.push(vec![
        String::new(),
        code("total_workers"),
        c.total_workers.to_string(),
        code("task_min_count × gunicorn_workers"),
        code(&format!("{} × {}", c.task_min_count, c.gunicorn_workers)),
    ]);
    let steps = table(
        &[
            ("step", Align::Right),
            ("Terraform computes", Align::Left),
            ("value", Align::Right),
            ("formula", Align::Left),
            ("with the values", Align::Left),
        ],
        &steps,
    );
    let (min, max) = (&r.cost.at_asg_min_size, &r.cost.at_asg_max_size);
    let bill: Vec<Vec<String>> = summary::cost_lines(r)
        .into_iter()
        .map(|(label, pick)| vec![cell(&label), money(pick(min)), money(pick(max))])
        .collect();
    let bill = table(
        &[
            (&format!("monthly cost ({})", r.cost.currency), Align::Left),
            (
                &format!("at asg_min_size ({})", min.instances),
                Align::Right,
            ),
            (
                &format!("at asg_max_size ({})", max.instances),
                Align::Right,
            ),
        ],
        &bill,
    );
    let assumed: Vec<String> = r
        .cost
        .assumptions
        .iter()
        .map(|a| format!("- {}: {}", code(a.line), cell(&a.assumption)))
        .collect();
    let mut body = format!(
        "{steps}\n{bill}\nThe bill assumes:\n\n{}\n",
        assumed.join("\n")
    );
    if let Some(assumed) = summary::cost_assumptions(r, tables) {
        body.push_str(&format!("\n{}\n", prose(&assumed)));
    }
    details("How Terraform computes it, and the monthly cost", &body)
}
