//! What a bill assumes, stated line by line: the figures behind each usage
//! line, the stack's estimates and the account's free tiers (stated, never
//! taken off). Every command that prices a config states the same ones.

use serde::Serialize;

use crate::data::error::number;
use crate::data::{EfsThroughputMode, Instance, Tables};
use crate::module::cost::{BillFigures, CostInputs};
use crate::module::stack;

/// One assumption of the bill: the line it concerns (a key of the monthly
/// cost) and what it assumes.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Assumption {
    pub line: &'static str,
    pub assumption: String,
}

/// Every assumption behind the bill of `instance` under `inputs`.
pub fn assumptions(
    tables: &Tables,
    instance: &Instance,
    inputs: &CostInputs,
    figures: &BillFigures,
) -> Vec<Assumption> {
    let mut out = fixed(tables, instance, inputs);
    out.extend(efs(inputs, figures));
    out.extend(cloudwatch(tables, inputs, figures));
    out
}

fn say(line: &'static str, assumption: String) -> Assumption {
    Assumption { line, assumption }
}

/// The root volumes, the ALB and its addresses.
fn fixed(tables: &Tables, instance: &Instance, inputs: &CostInputs) -> Vec<Assumption> {
    let s = &tables.module.stack;
    let p = &tables.pricing;
    let memory = instance.memory_mib.get();
    let gp3 = crate::module::cost::ebs_gp3_gb_month(tables);
    let gp3_from = match tables.instances.meta.ebs_gp3_gb_month {
        Some(_) => format!("the catalog's {} price", tables.instances.meta.region),
        None => format!("{} price", p.region),
    };
    let addresses = if inputs.internet_facing_alb {
        format!(
            "the ALB is internet-facing (its load-balancer subnets assign public IPs, as in the \
             module's example): one public IPv4 address in each of its {} load-balancer \
             subnets, at ${} an hour",
            inputs.load_balancer_subnets,
            number(p.public_ipv4_hour.get())
        )
    } else {
        "the ALB is internal: no public IPv4 address".to_string()
    };
    let mut out = Vec::new();
    let region = &tables.instances.meta.region;
    if region != p.region.as_str() {
        out.push(say(
            "total",
            format!(
                "the instances are priced for {region}, every other line{} at {} prices \
                 ([pricing])",
                match tables.instances.meta.ebs_gp3_gb_month {
                    Some(_) => " but the root volumes",
                    None => "",
                },
                p.region
            ),
        ));
    }
    out.extend([
        say(
            "root_volumes",
            format!(
                "each instance's root volume is {} + {} × {memory} / 1024 = {} GB \
                 (website-pod's launch template), gp3 at ${}/GB-month ({gp3_from}), the AL2023 \
                 ECS AMI's volume type (not verified on a launch)",
                s.root_volume_size_gb,
                s.root_volume_gb_per_memory_gib,
                stack::root_volume_gb(s, memory).normalize(),
                number(gp3)
            ),
        ),
        say(
            "alb",
            format!(
                "the ALB runs {} hours a month at ${} an hour (the sizing guide prices it at \
                 720 hours, ${:.2})",
                number(p.hours_per_month.get()),
                number(p.alb_hour.get()),
                p.guide_alb_month.get()
            ),
        ),
        say("alb_public_ipv4", addresses),
    ]);
    out
}

/// The EFS usage lines and the backup.
fn efs(inputs: &CostInputs, figures: &BillFigures) -> Vec<Assumption> {
    let a = &inputs.assumptions;
    let mut out = vec![say(
        "efs_ia_storage",
        match inputs.efs_lifecycle_policy {
            Some(days) => format!(
                "{} GB in EFS Infrequent Access (files move there after efs_lifecycle_policy \
                 = {days} days)",
                number(a.efs_ia_storage_gb.get())
            ),
            None => "efs_lifecycle_policy = null: nothing moves to Infrequent Access".into(),
        },
    )];
    if inputs.efs_throughput_mode == EfsThroughputMode::Elastic {
        out.push(say(
            "efs_reads",
            format!(
                "elastic throughput: {} GB read and {} GB written a month",
                number(a.efs_read_gb_month.get()),
                number(a.efs_write_gb_month.get())
            ),
        ));
    }
    out.push(say(
        "efs_backup",
        if !inputs.enable_efs_backup {
            "enable_efs_backup = false: no AWS Backup plan".to_string()
        } else {
            match a.backup_storage_gb {
                Some(gb) => format!(
                    "AWS Backup keeps {} GB in warm storage (given)",
                    number(gb.get())
                ),
                None => format!(
                    "AWS Backup keeps {} GB in warm storage: the EFS storage (daily backups \
                     of unchanged files add little; give the changed GB with \
                     --backup-storage-gb)",
                    number(figures.backup_storage_gb)
                ),
            }
        },
    ));
    out
}

/// The CloudWatch lines and the access-log bucket.
fn cloudwatch(tables: &Tables, inputs: &CostInputs, figures: &BillFigures) -> Vec<Assumption> {
    let s = &tables.module.stack;
    let free = &tables.pricing.free_tier;
    let a = &inputs.assumptions;
    let alarms = match inputs.alarm_metrics {
        Some(n) => format!("{n} alarm metrics (given)"),
        None => format!(
            "{} alarm metrics, an estimate: website-pod's and pypiserver's alarms and 2 for \
             each target-tracking policy{}",
            figures.alarm_metrics,
            match inputs.efs_throughput_mode {
                EfsThroughputMode::Bursting => ", with the EFS burst-credit alarm",
                _ => "",
            }
        ),
    };
    let insights = match inputs.container_insights_metrics {
        Some(n) => format!("{n} Container Insights metrics (given)"),
        None => format!(
            "{} Container Insights metrics, an estimate (about 50-55 for one cluster, two \
             services and their task families); its performance logs count with the logs \
             ingested",
            s.container_insights_metrics
        ),
    };
    let stored = match a.logs_stored_gb {
        Some(gb) => format!("{} GB of logs stored (given)", number(gb.get())),
        None => format!(
            "{} GB of logs stored: the steady state of the log groups' {}-day retention (the \
             GB ingested a month × the months kept)",
            number(figures.logs_stored_gb),
            s.log_retention_days
        ),
    };
    vec![
        say(
            "dashboard",
            match inputs.enable_cloudwatch_dashboard {
                true => format!(
                    "one CloudWatch dashboard; the account's first {} are free, not taken off",
                    free.dashboards
                ),
                false => "enable_cloudwatch_dashboard = false: no dashboard".into(),
            },
        ),
        say(
            "alarms",
            format!(
                "{alarms}; the account's first {} are free, not taken off",
                free.alarm_metrics
            ),
        ),
        say(
            "container_insights",
            format!(
                "{insights}; the account's first {} custom metrics are free, not taken off",
                free.custom_metrics
            ),
        ),
        say(
            "logs_ingested",
            format!(
                "{} GB of logs ingested a month; the account's first {} GB are free, not \
                 taken off",
                number(a.logs_ingested_gb_month.get()),
                free.logs_gb
            ),
        ),
        say("logs_stored", stored),
        say(
            "access_logs",
            format!(
                "{} GB in the ALB's access-log bucket (S3 Standard; it has no lifecycle \
                 rule, so it grows)",
                number(a.access_logs_stored_gb.get())
            ),
        ),
    ]
}
