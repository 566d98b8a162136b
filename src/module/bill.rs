//! The bill of a config: its lines (`cost.rs`) at asg_min_size and at
//! asg_max_size, and what it assumes, stated line by line: the figures
//! behind each usage line, the stack's estimates and the account's free
//! tiers (stated, never taken off). Every command that prices a config
//! states the same ones.

use serde::Serialize;

use crate::data::error::{SizingError, number};
use crate::data::{EfsThroughputMode, Instance, Tables, Usd};
use crate::module::cost::{self, BillFigures, CostInputs, MonthlyCost, money};
use crate::module::stack;

/// The bill a monthly budget caps. `--max-monthly-cost` caps a different
/// one in each command that takes it, so a budget names its bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetedBill {
    /// The whole bill at the instance count a configuration runs
    /// (`optimize`: the count it proposes as asg_min_size).
    AtInstanceCount,
    /// The whole bill at the deployed asg_max_size, for every copy of a
    /// module block: the most the group can cost (`check`'s gate).
    AtAsgMaxSize,
}

/// The most a month's bill may cost, and which bill. In JSON, the limit
/// alone (a number): each command's documentation says which bill.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(into = "f64")]
pub struct MonthlyBudget {
    pub limit: Usd,
    pub bill: BudgetedBill,
}

impl MonthlyBudget {
    pub fn at_instance_count(limit: Usd) -> MonthlyBudget {
        MonthlyBudget {
            limit,
            bill: BudgetedBill::AtInstanceCount,
        }
    }

    pub fn at_asg_max_size(limit: Usd) -> MonthlyBudget {
        MonthlyBudget {
            limit,
            bill: BudgetedBill::AtAsgMaxSize,
        }
    }

    /// The limit in dollars.
    pub fn usd(self) -> f64 {
        self.limit.get()
    }

    /// Whether a bill of `total` dollars (its bill) is over the budget.
    pub fn exceeded_by(self, total: f64) -> bool {
        total > self.usd()
    }
}

impl From<MonthlyBudget> for f64 {
    fn from(b: MonthlyBudget) -> f64 {
        b.usd()
    }
}

/// The bill at asg_min_size and, where it is known, at asg_max_size.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CostRange {
    pub currency: String,
    pub hours_per_month: f64,
    /// Each instance's root volume, GB (website-pod's formula, exact).
    pub root_volume_gb: f64,
    /// The figures the lines are priced from, as resolved.
    pub figures: BillFigures,
    /// What the bill assumes, line by line, free tiers included.
    pub assumptions: Vec<Assumption>,
    pub at_asg_min_size: MonthlyCost,
    /// At the deployed asg_max_size: set, or derived by the ECS module.
    pub at_asg_max_size: MonthlyCost,
}

pub fn cost_range(
    tables: &Tables,
    instance: &Instance,
    min_instances: u64,
    max_instances: u64,
    inputs: &CostInputs,
) -> Result<CostRange, SizingError> {
    let at = |n| cost::monthly_cost(tables, instance, n, inputs);
    let root = cost::root_volume_gb(tables, instance, inputs)?;
    let hours = cost::exact(tables.pricing.hours_per_month.get(), "hours_per_month")?;
    let figures = BillFigures {
        public_ipv4_addresses: cost::public_ipv4_addresses(inputs),
        backup_storage_gb: money(cost::backup_storage_gb(inputs)?),
        alarm_metrics: cost::alarm_metrics(tables, inputs),
        container_insights_metrics: cost::container_insights_metrics(tables, inputs),
        logs_stored_gb: money(cost::logs_stored_gb(tables, inputs, hours)?),
    };
    Ok(CostRange {
        currency: tables.pricing.currency.clone(),
        hours_per_month: tables.pricing.hours_per_month.get(),
        root_volume_gb: money(root),
        assumptions: assumptions(tables, instance, inputs, &figures),
        figures,
        at_asg_min_size: at(min_instances)?,
        at_asg_max_size: at(max_instances)?,
    })
}

/// One assumption of the bill: the line it concerns (a key of the monthly
/// cost) and what it assumes.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "BillAssumption")]
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
    let gp3 = cost::ebs_gp3_gb_month(tables);
    let gp3_from = match tables.instances.meta.ebs_gp3_gb_month {
        Some(_) => format!("the catalog's {} price", tables.instances.meta.region),
        None => format!("{} price", p.region),
    };
    let addresses = if inputs.internet_facing_alb {
        format!(
            "internet-facing (as in the module's example): a public IPv4 address in each \
             of {} load-balancer subnets at ${} an hour",
            inputs.load_balancer_subnets,
            number(p.public_ipv4_hour.get())
        )
    } else {
        "an internal ALB: no public IPv4 address".to_string()
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
    let root = match inputs.planned_root_volume_gb {
        Some(gb) => format!(
            "{} GB per instance as Terraform planned it (the launch template's volume_size)",
            number(gb)
        ),
        None => format!(
            "{} + {} × {memory} / 1024 = {} GB per instance (website-pod's launch template)",
            s.root_volume_size_gb,
            s.root_volume_gb_per_memory_gib,
            stack::root_volume_gb(s, memory).map_or_else(
                |_| "(too large)".to_string(),
                |gb| gb.normalize().to_string()
            ),
        ),
    };
    out.extend([
        say(
            "root_volumes",
            format!(
                "{root}, gp3 at ${}/GB-month ({gp3_from}; gp3 is the AL2023 ECS AMI's, not \
                 verified on a launch)",
                number(gp3)
            ),
        ),
        say(
            "alb",
            format!(
                "{} h at ${} an hour (the guide's ${:.2} is 720 h)",
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
                "{} GB moved to Infrequent Access after efs_lifecycle_policy = {days} days",
                number(a.efs_ia_storage_gb.get())
            ),
            None if a.efs_ia_storage_gb.get() > 0.0 => format!(
                "efs_lifecycle_policy = null: nothing moves to Infrequent Access, so the {} GB \
                 given as such stay in Standard storage",
                number(a.efs_ia_storage_gb.get())
            ),
            None => "efs_lifecycle_policy = null: nothing moves to Infrequent Access".into(),
        },
    )];
    if inputs.efs_throughput_mode == EfsThroughputMode::Elastic {
        out.push(say(
            "efs_reads",
            format!(
                "elastic throughput: {} GB read, {} GB written a month",
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
                Some(gb) => format!("AWS Backup keeps {} GB (given)", number(gb.get())),
                None => format!(
                    "AWS Backup keeps {} GB, the EFS storage (--backup-storage-gb)",
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
            "{} alarm metrics, estimated from the stack's alarms{}",
            figures.alarm_metrics,
            match inputs.efs_throughput_mode {
                EfsThroughputMode::Bursting => ", with the EFS burst-credit alarm",
                _ => "",
            }
        ),
    };
    let insights = match inputs.container_insights_metrics {
        Some(n) => format!("{n} metrics (given)"),
        None => format!(
            "{} metrics, estimated (about 50-55); its logs count as logs ingested",
            s.container_insights_metrics
        ),
    };
    let stored = match a.logs_stored_gb {
        Some(gb) => format!("{} GB (given)", number(gb.get())),
        None => format!(
            "{} GB, the steady state of {}-day retention",
            number(figures.logs_stored_gb),
            s.log_retention_days
        ),
    };
    vec![
        say(
            "dashboard",
            match inputs.enable_cloudwatch_dashboard {
                true => format!(
                    "1 dashboard; the account's first {} are free, not taken off",
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
                "{} GB a month; the account's first {} GB are free, not taken off",
                number(a.logs_ingested_gb_month.get()),
                free.logs_gb
            ),
        ),
        say("logs_stored", stored),
        say(
            "access_logs",
            format!(
                "{} GB on S3 Standard (no lifecycle rule: it grows)",
                number(a.access_logs_stored_gb.get())
            ),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Amount;

    fn inputs(t: &Tables) -> CostInputs {
        crate::module::cost::default_costs(t)
    }

    fn sum_of_lines(m: &MonthlyCost) -> f64 {
        (m.lines().iter().map(|l| (l * 100.0).round()).sum::<f64>()).round() / 100.0
    }

    #[test]
    fn the_whole_bill_of_heavy_at_two_and_four() {
        // module-stack.md "The whole bill": 2 x c6a.xlarge, up to 4.
        let t = Tables::embedded();
        let i = inputs(&t);
        let r = cost_range(&t, t.instance("c6a.xlarge").unwrap(), 2, 4, &i).unwrap();
        let (min, max) = (&r.at_asg_min_size, &r.at_asg_max_size);
        assert_eq!(r.root_volume_gb, 46.0);
        assert_eq!((min.root_volumes, max.root_volumes), (7.36, 14.72));
        assert_eq!(min.alb, 16.43);
        assert_eq!(min.alb_public_ipv4, 7.3);
        assert_eq!(min.secret, 0.4);
        assert_eq!(min.dashboard, 3.0);
        assert_eq!(min.alarms, 1.3);
        assert_eq!(min.container_insights, 16.5);
        assert_eq!(min.efs_backup, 0.05);
        // 1 GB ingested, 12 months kept at 365-day retention.
        assert_eq!((min.logs_ingested, min.logs_stored), (0.5, 0.36));
        assert_eq!(min.access_logs, 0.02);
        assert_eq!(min.total, 277.9);
        assert_eq!(max.total, 508.64);
        assert_eq!(sum_of_lines(min), min.total);
        assert_eq!(sum_of_lines(max), max.total);
    }

    #[test]
    fn a_fractional_root_volume_is_billed_exactly() {
        // c4.large: 3840 MiB gives 37.5 GB; 3 x 37.5 x 0.08 = 9.00.
        let t = Tables::embedded();
        let c4 = t.instance("c4.large").unwrap();
        let r = cost_range(&t, c4, 3, 3, &inputs(&t)).unwrap();
        assert_eq!(r.root_volume_gb, 37.5);
        assert_eq!(r.at_asg_min_size.root_volumes, 9.0);
    }

    #[test]
    fn estimates_and_usage_can_be_given() {
        let t = Tables::embedded();
        let mut i = inputs(&t);
        i.alarm_metrics = Some(20);
        i.container_insights_metrics = Some(50);
        i.load_balancer_subnets = 3;
        i.assumptions.backup_storage_gb = Some(Amount::try_from(30.0).unwrap());
        i.assumptions.logs_stored_gb = Some(Amount::try_from(2.0).unwrap());
        let ty = t.instance("t3.small").unwrap();
        let r = cost_range(&t, ty, 2, 2, &i).unwrap();
        let m = &r.at_asg_min_size;
        assert_eq!((m.alarms, m.container_insights), (2.0, 15.0));
        assert_eq!(
            (m.alb_public_ipv4, m.efs_backup, m.logs_stored),
            (10.95, 1.5, 0.06)
        );
        assert_eq!(r.figures.public_ipv4_addresses, 3);
        assert!(
            r.assumptions
                .iter()
                .any(|a| a.line == "alarms" && a.assumption.contains("given"))
        );
    }
}
