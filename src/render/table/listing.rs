//! `instances` and `profiles` as tables.

use std::fmt::Write as _;

use pypi_size::answers::listing::{InstanceList, ProfileList};
use pypi_size::answers::warnings::Severity;

use super::{Out, usd};

pub(super) fn instances(out: &mut Out, l: &InstanceList) {
    let header = [
        "instance type",
        "arch",
        "default AMI",
        "vCPU",
        "memory MiB",
        "CPU baseline",
        "$/hour",
        "$/month",
    ];
    let mut rows = Vec::new();
    for row in &l.instances {
        let i = &row.instance;
        rows.push(vec![
            i.asg_instance_type.clone(),
            i.arch.as_str().to_string(),
            // Which types the ECS module's default AMI (ami_id null) launches.
            if row.launches_with_default_ami {
                "launches".to_string()
            } else if !row.root_volume_planned {
                // website-pod's launch template: a fractional root volume.
                format!("plan fails ({} GB root)", row.root_volume_gb)
            } else {
                "needs ami_id".to_string()
            },
            i.vcpus.to_string(),
            i.memory_mib.to_string(),
            match (i.baseline_cpu_pct, i.burstable) {
                (Some(b), _) => format!("{b}% (burstable)"),
                (None, true) => "unpublished (burstable)".to_string(),
                (None, false) => "100%".to_string(),
            },
            i.hourly.to_string(),
            usd(row.monthly),
        ]);
    }
    // Narrow: the hourly price goes first (the month is 730 of it), then
    // the architecture (the default AMI column says what it means).
    let table = out.style.side_by_side(&header, 3, rows, &[6, 1], &[2, 5]);
    let _ = writeln!(out, "{table}");
    if l.omitted > 0 {
        let sort = pypi_size::data::Choice::name(l.sort);
        let _ = writeln!(
            out,
            "{} of {} matching instance types (sorted by {sort}); {} more: --all lists \
             them all, --sort price puts the cheapest first, and --family, --arch, \
             --min-vcpus, --min-memory, --max-hourly, --no-burstable or --default-ami narrow \
             the list.",
            l.instances.len(),
            l.matched,
            l.omitted
        );
    }
    let _ = writeln!(
        out,
        "Prices: {}, {}, as of {}; a month is {} hours.",
        l.pricing.region, l.pricing.source, l.pricing.as_of, l.hours_per_month
    );
}

pub(super) fn profiles(out: &mut Out, l: &ProfileList) {
    let header = [
        "profile",
        "covers",
        "config",
        "tasks/instance",
        "tasks min–max",
        "workers",
        "$/month min–max",
    ];
    let mut rows = Vec::new();
    for r in &l.profiles {
        let Some(p) = &r.profile else { continue };
        let w = &p.workload;
        let covers = [
            ("packages", w.packages_below),
            ("users", w.users_below),
            ("CI/day", w.ci_builds_per_day_below),
            ("burst", w.burst_requests_below),
        ]
        .iter()
        .filter_map(|(n, b)| b.map(|b| super::below(n, b)))
        .collect::<Vec<_>>()
        .join(", ");
        let c = &r.capacity;
        let i = &r.inputs.module;
        let max = &r.cost.at_asg_max_size;
        rows.push(vec![
            p.name.clone(),
            if covers.is_empty() {
                "anything larger".to_string()
            } else {
                covers
            },
            format!(
                "{}–{} × {}, {} MB",
                c.asg_instance_count, c.asg_max_size, i.asg_instance_type, i.container_memory
            ),
            format!(
                "{} ({})",
                c.tasks_per_instance,
                c.binding_constraint.as_str()
            ),
            format!("{}–{}", c.task_min_count, c.task_max_count),
            c.total_workers.to_string(),
            format!("{}–{}", usd(r.cost.at_asg_min_size.total), usd(max.total)),
        ]);
    }
    // Narrow: the task counts go first (`recommend --profile` has them); what
    // a profile covers wraps between its bounds, its config before the MB.
    let table = out.style.side_by_side(&header, 3, rows, &[4, 3], &[1, 2]);
    let _ = writeln!(out, "{table}");
    for u in &l.unavailable {
        let _ = writeln!(
            out,
            "Unavailable: `{}`: {}; `pypi-size capacity --profile {} --instance TYPE` sizes it \
             on a type the catalog has.",
            u.name, u.reason, u.name
        );
    }
    // An error finding (a custom --profiles can hold one) is shown, as
    // `recommend --profile NAME` shows it; the exit code is a verdict.
    for r in &l.profiles {
        let Some(p) = &r.profile else { continue };
        for w in r.warnings.iter().filter(|w| w.severity == Severity::Error) {
            let label = out.style.severity(w.severity);
            let _ = writeln!(
                out,
                "{label} [{}] in `{}`: {}\n  fix: {}",
                w.code.as_str(),
                p.name,
                w.message,
                w.fix
            );
        }
    }
    let _ = writeln!(
        out,
        "{} {} · {} prices as of {}. `pypi-size recommend --profile NAME` shows one in full.",
        l.module.source, l.module.version, l.pricing.region, l.pricing.as_of
    );
}
