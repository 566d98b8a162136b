//! The comment lines the Terraform formats carry above the arguments: what
//! Terraform will compute and what it costs, the cost assumptions `check`
//! needs to price the block the same, why a guide profile is kept as
//! published when `check` finds something in it, the findings, and what is
//! left to fill in.

use pypi_size::Tables;
use pypi_size::answers::sizing::SizingReport;
use pypi_size::answers::warnings::{Warning, WarningCode};
use pypi_size::data::EfsThroughputMode;
use pypi_size::module::capacity::Capacity;
use pypi_size::module::cost::MonthlyCost;

/// What Terraform will compute and what it costs, as comment lines.
pub fn summary(r: &SizingReport, tables: &Tables) -> Vec<String> {
    let c = &r.capacity;
    let bound = binding(c);
    let mut lines = vec![format!(
        "pypi-size {}: {} {}, {} prices as of {}.",
        env!("CARGO_PKG_VERSION"),
        r.module.source,
        r.module.version,
        r.pricing.region,
        r.pricing.as_of
    )];
    if let Some(p) = &r.profile {
        lines.extend(wrap(&format!(
            "The sizing guide's `{}` profile.{}",
            p.name,
            kept_as_published(r).map_or(String::new(), |k| format!(" {k}"))
        )));
    }
    lines.push(format!(
        "Terraform computes: {} {} per instance ({bound}),",
        c.tasks_per_instance,
        if c.tasks_per_instance == 1 {
            "task"
        } else {
            "tasks"
        }
    ));
    lines.push(format!(
        "task_min_count = {}, task_max_count = {}, {} gunicorn workers per task ({} in all).",
        c.task_min_count, c.task_max_count, c.gunicorn_workers, c.total_workers
    ));
    lines.push(format!("Monthly cost: {}.", monthly_cost(r)));
    lines.extend(cost_assumptions(r, tables).iter().flat_map(|a| wrap(a)));
    for w in &r.warnings {
        lines.extend(wrap(&format!(
            "{} [{}]: {}. Fix: {}.",
            w.severity.as_str(),
            w.code.as_str(),
            w.message.trim_end_matches('.'),
            w.fix.trim_end_matches('.')
        )));
    }
    lines
}

/// Which bound sets tasks_per_instance: "CPU binds: 6 by CPU, 19 by RAM".
/// What a `$/month` figure is, for answers that print totals only: the
/// whole bill, itemized with its estimates by `capacity` and in the JSON.
pub const WHOLE_BILL: &str = "$/month is the whole bill of the stack at asg_min_size (EC2, root \
     volumes, EFS and its backup, the ALB with its LCUs and public IPv4 addresses, the secret, \
     CloudWatch dashboard, alarms, Container Insights and logs), line by line in the JSON's \
     `bill` and in `capacity`, which states its estimates; no free tier is taken off.";

pub fn binding(c: &Capacity) -> String {
    match c.tasks_per_instance_ram {
        Some(ram) => format!(
            "{} binds: {} by CPU, {ram} by RAM",
            match c.binding_constraint.as_str() {
                "ram" => "RAM",
                "cpu" => "CPU",
                _ => "RAM and CPU",
            },
            c.tasks_per_instance_cpu
        ),
        None => "CPU alone: reservation 0".to_string(),
    }
}

/// "$82.97 (2 instances: asg_min_size = asg_max_size)", or the range from
/// asg_min_size to asg_max_size.
fn monthly_cost(r: &SizingReport) -> String {
    let min = &r.cost.at_asg_min_size;
    let max = &r.cost.at_asg_max_size;
    if min.instances == max.instances {
        format!(
            "${:.2} ({}: asg_min_size = asg_max_size)",
            min.total,
            super::instances(min.instances)
        )
    } else {
        format!(
            "${:.2} at asg_min_size ({}) to ${:.2} at asg_max_size ({})",
            min.total,
            super::instances(min.instances),
            max.total,
            max.instances
        )
    }
}

/// A line of the monthly bill: its label, and its amount in a [`MonthlyCost`].
pub type CostLine = (String, fn(&MonthlyCost) -> f64);

/// The lines of the monthly bill; the savings plan and the net EC2 line
/// only with a plan.
pub fn cost_lines(r: &SizingReport) -> Vec<CostLine> {
    let cost = &r.cost;
    let costs = &r.inputs.costs;
    let a = &costs.assumptions;
    let mut lines: Vec<CostLine> = vec![(
        format!(
            "EC2 on demand (${}/h × {} h)",
            r.instance.hourly, cost.hours_per_month
        ),
        |m| m.ec2_on_demand,
    )];
    if costs.savings_plan_pct > 0.0 {
        lines.push((
            format!("savings plan (−{}%)", costs.savings_plan_pct),
            |m| -m.savings_plan_discount,
        ));
        // Each line is rounded once from exact amounts, so the net EC2 line
        // is shown: it, not the two above, is what the total adds.
        lines.push(("EC2 after the savings plan".to_string(), |m| m.ec2));
    }
    let f = &cost.figures;
    lines.push((
        format!("root EBS volumes ({} GB gp3 each)", cost.root_volume_gb),
        |m| m.root_volumes,
    ));
    lines.push((
        // Without a lifecycle policy the GB given as Infrequent Access stay
        // in Standard, and are billed there.
        format!(
            "EFS storage ({} GB)",
            match costs.efs_lifecycle_policy {
                Some(_) => a.efs_storage_gb.get(),
                None => a.efs_storage_gb.get() + a.efs_ia_storage_gb.get(),
            }
        ),
        |m| m.efs_storage,
    ));
    if costs.efs_lifecycle_policy.is_some() {
        lines.push((
            format!("EFS Infrequent Access ({} GB)", a.efs_ia_storage_gb.get()),
            |m| m.efs_ia_storage,
        ));
    }
    match costs.efs_throughput_mode {
        EfsThroughputMode::Elastic => {
            lines.push((
                format!("EFS reads (elastic, {} GB)", a.efs_read_gb_month.get()),
                |m| m.efs_reads,
            ));
            lines.push((
                format!("EFS writes (elastic, {} GB)", a.efs_write_gb_month.get()),
                |m| m.efs_writes,
            ));
        }
        EfsThroughputMode::Provisioned => lines.push((
            format!(
                "EFS throughput (provisioned, {} MiB/s)",
                costs.efs_provisioned_throughput_in_mibps.unwrap_or(0)
            ),
            |m| m.efs_provisioned_throughput,
        )),
        EfsThroughputMode::Bursting => lines
            .push(("EFS throughput (bursting, free)".to_string(), |m| {
                m.efs_provisioned_throughput
            })),
    }
    if costs.enable_efs_backup {
        lines.push((
            format!("EFS backup ({} GB warm)", f.backup_storage_gb),
            |m| m.efs_backup,
        ));
    }
    lines.push((format!("ALB ({} h)", cost.hours_per_month), |m| m.alb));
    lines.push(("ALB LCUs".to_string(), |m| m.alb_lcu));
    lines.push((
        match f.public_ipv4_addresses {
            1 => "ALB public IPv4 (1 address)".to_string(),
            n => format!("ALB public IPv4 ({n} addresses)"),
        },
        |m| m.alb_public_ipv4,
    ));
    lines.push(("Secrets Manager secret".to_string(), |m| m.secret));
    if costs.enable_cloudwatch_dashboard {
        lines.push(("CloudWatch dashboard".to_string(), |m| m.dashboard));
    }
    lines.push((
        format!("CloudWatch alarms ({} metrics)", f.alarm_metrics),
        |m| m.alarms,
    ));
    lines.push((
        format!(
            "Container Insights ({} metrics)",
            f.container_insights_metrics
        ),
        |m| m.container_insights,
    ));
    lines.push((
        format!(
            "CloudWatch logs ingested ({} GB)",
            a.logs_ingested_gb_month.get()
        ),
        |m| m.logs_ingested,
    ));
    lines.push((
        format!("CloudWatch logs stored ({} GB)", f.logs_stored_gb),
        |m| m.logs_stored,
    ));
    lines.push((
        format!(
            "ALB access logs ({} GB on S3)",
            a.access_logs_stored_gb.get()
        ),
        |m| m.access_logs,
    ));
    lines.push(("total".to_string(), |m| m.total));
    lines
}

/// A finding `check` reports on the block itself, not a note on the guide's
/// text or on the workload figures (which a block does not carry).
pub fn about_the_block(w: &Warning) -> bool {
    !matches!(
        w.code,
        WarningCode::GuideDiffers | WarningCode::BeyondGuide | WarningCode::PackagesBeyondTested
    )
}

/// Why a guide profile with findings is written as the guide publishes it
/// (its expected performance is stated for that config), and what `check`
/// will say of it; `None` when there is nothing to explain.
pub fn kept_as_published(r: &SizingReport) -> Option<String> {
    r.profile.as_ref()?;
    let codes: Vec<&str> = r
        .warnings
        .iter()
        .filter(|w| about_the_block(w))
        .map(|w| w.code.as_str())
        .collect();
    if codes.is_empty() {
        return None;
    }
    Some(format!(
        "Kept as the guide publishes it, since the guide states its expected performance \
         for this config, though `pypi-size check` reports {} on it ({}, below): apply \
         their fixes for a config that `check` passes clean, at its own capacity and cost.",
        match codes.len() {
            1 => "a finding".to_string(),
            n => format!("{n} findings"),
        },
        codes.join(", ")
    ))
}

/// The cost figures behind the monthly cost that the block does not carry
/// (the usage figures, the metric counts, an internal ALB, a savings plan), where they differ
/// from what `check` assumes, with the flags that make `check` price the
/// block the same.
pub fn cost_assumptions(r: &SizingReport, tables: &Tables) -> Option<String> {
    let c = &r.inputs.costs;
    let d = &tables.cost_defaults;
    let mut said = Vec::new();
    let mut flags = Vec::new();
    let mut differs = |what: String, flag: &str, value: f64, default: f64| {
        if value != default {
            said.push(what);
            flags.push(format!("{flag} {value}"));
        }
    };
    let a = &c.assumptions;
    differs(
        format!("{} GB stored on EFS", a.efs_storage_gb.get()),
        "--efs-storage-gb",
        a.efs_storage_gb.get(),
        d.efs_storage_gb.get(),
    );
    let usage = [
        (
            "GB read from EFS a month",
            "--efs-read-gb",
            a.efs_read_gb_month,
            d.efs_read_gb_month,
        ),
        (
            "GB written to EFS a month",
            "--efs-write-gb",
            a.efs_write_gb_month,
            d.efs_write_gb_month,
        ),
        (
            "GB in EFS Infrequent Access",
            "--efs-ia-gb",
            a.efs_ia_storage_gb,
            d.efs_ia_storage_gb,
        ),
        (
            "GB of logs ingested a month",
            "--logs-ingested-gb",
            a.logs_ingested_gb_month,
            d.logs_ingested_gb_month,
        ),
        (
            "GB of ALB access logs",
            "--access-logs-gb",
            a.access_logs_stored_gb,
            d.access_logs_stored_gb,
        ),
    ];
    for (what, flag, value, default) in usage {
        differs(
            format!("{} {what}", value.get()),
            flag,
            value.get(),
            default.get(),
        );
    }
    differs(
        format!("${:.2} of ALB LCUs a month", a.alb_lcu_month.get()),
        "--alb-lcu-month",
        a.alb_lcu_month.get(),
        d.alb_lcu_month.get(),
    );
    differs(
        format!("a {}% savings plan", c.savings_plan_pct),
        "--savings-plan",
        c.savings_plan_pct,
        0.0,
    );
    let given = [
        (
            "GB kept by AWS Backup",
            "--backup-storage-gb",
            a.backup_storage_gb,
        ),
        ("GB of logs stored", "--logs-stored-gb", a.logs_stored_gb),
    ];
    for (what, flag, value) in given {
        if let Some(v) = value {
            said.push(format!("{} {what}", v.get()));
            flags.push(format!("{flag} {}", v.get()));
        }
    }
    let counts = [
        ("alarm metrics", "--alarm-metrics", c.alarm_metrics),
        (
            "Container Insights metrics",
            "--container-insights-metrics",
            c.container_insights_metrics,
        ),
    ];
    for (what, flag, value) in counts {
        if let Some(n) = value {
            said.push(format!("{n} {what}"));
            flags.push(format!("{flag} {n}"));
        }
    }
    if !c.internet_facing_alb {
        said.push("an internal ALB".to_string());
        flags.push("--internal-alb".to_string());
    }
    if said.is_empty() {
        return None;
    }
    let whose = match &r.profile {
        Some(p) => format!(" (the `{}` profile's)", p.name),
        None => String::new(),
    };
    Some(format!(
        "The cost assumes {}{whose}; `pypi-size check PATH {}` prices this block the same.",
        said.join(", "),
        flags.join(" ")
    ))
}

/// What the user must add before `terraform apply`, said plainly: the
/// placeholder lines when written, else what the file leaves out.
pub fn fill_in(r: &SizingReport, tables: &Tables, fill: Fill) -> Vec<String> {
    let others: Vec<&str> = tables
        .module
        .interface
        .variables
        .iter()
        .filter(|v| v.required && v.name != "asg_subnets")
        .map(|v| v.name.as_str())
        .collect();
    let others = format!("the module's other required inputs ({})", others.join(", "));
    let i = &r.inputs.module;
    let text = match fill {
        Fill::Block => format!(
            "To fill in before `terraform apply`: every FILL-ME placeholder below (asg_subnets, \
             {others}) and the providers block (the aws and aws.dns provider configurations), \
             none of which changes sizing."
        ),
        Fill::Placeholders => format!(
            "To fill in before `terraform apply`: every FILL-ME placeholder below (asg_subnets, \
             {others}); the module block sets its aws and aws.dns providers. None of these \
             changes sizing."
        ),
        Fill::Elsewhere => {
            let count = match i.asg_min_size {
                None => format!(
                    " With asg_min_size null, the instance count is the number of subnets you \
                     set ({} assumed here).",
                    i.subnets
                ),
                Some(_) => String::new(),
            };
            format!(
                "This file sets only the sizing variables; set asg_subnets and {others} \
                 elsewhere, and the module block's aws and aws.dns providers (--placeholders \
                 writes marked placeholders for asg_subnets).{count}"
            )
        }
    };
    wrap(&text)
}

/// What a Terraform output leaves to fill in, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// A module block: placeholders for the inputs, a providers block.
    Block,
    /// Variable assignments with placeholders (`--placeholders`).
    Placeholders,
    /// Variable assignments of the sizing variables only.
    Elsewhere,
}

/// Comment text folded at word boundaries to lines of at most 88 characters.
pub fn wrap(text: &str) -> Vec<String> {
    const WIDTH: usize = 88;
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_folds_at_words() {
        let text = "word ".repeat(40);
        let lines = wrap(&text);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.len() <= 88 && !l.ends_with(' ')));
        assert_eq!(lines.join(" "), text.trim_end());
    }
}
