//! Monthly cost of a deployment: every line AWS bills for the stack
//! (module-stack.md "The whole bill"): EC2 and each instance's root volume,
//! EFS storage, throughput and backup, the ALB, its LCUs and public IPv4
//! addresses, the secret, and CloudWatch (dashboard, alarms, Container
//! Insights, logs) and the access-log bucket. Prices come from `[pricing]`,
//! the stack's figures from `[module.stack]`; `bill.rs` puts the lines at
//! both ends of the group beside what they assume.
//!
//! One rounding rule: every line item is computed from exact decimal values
//! (the prices and figures as written, not their binary approximations) and
//! rounded once to the cent, half away from zero. The savings-plan discount
//! is taken from the exact EC2 amount, and `ec2` is the exact amount less
//! the exact discount, rounded once. The total is the sum of the rounded
//! line items it is made of (every field between `ec2` and `total`), so a
//! printed bill adds up.

use serde::Serialize;

use crate::data::error::{SizingError, overflow};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::data::{CostAssumptions, EfsThroughputMode, Instance, ModuleArguments, Tables};
use crate::module::stack;

/// Everything the bill depends on besides the instance type and count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CostInputs {
    pub assumptions: CostAssumptions,
    pub efs_throughput_mode: EfsThroughputMode,
    pub efs_provisioned_throughput_in_mibps: Option<u64>,
    /// Share taken off EC2 by a Savings Plan or Reserved Instances, 0-100.
    pub savings_plan_pct: f64,
    /// The module's efs_lifecycle_policy: Infrequent Access is billed only
    /// when it is set.
    pub efs_lifecycle_policy: Option<u64>,
    /// The module's enable_efs_backup and enable_cloudwatch_dashboard.
    pub enable_efs_backup: bool,
    pub enable_cloudwatch_dashboard: bool,
    /// Whether the ALB is internet-facing: its load-balancer subnets assign
    /// public IPs (the module's example); one public IPv4 address each.
    pub internet_facing_alb: bool,
    /// How many subnets load_balancer_subnets lists.
    pub load_balancer_subnets: u64,
    /// Given instead of `[module.stack]`'s estimates.
    pub alarm_metrics: Option<u64>,
    pub container_insights_metrics: Option<u64>,
    /// The root volume Terraform planned (GiB, `check --plan`): it stands
    /// for the launch template's formula, which the plan has already applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_root_volume_gb: Option<f64>,
}

impl CostInputs {
    /// These inputs with the EFS arguments `set` sets in place of theirs.
    pub fn with(self, set: &ModuleArguments) -> CostInputs {
        CostInputs {
            efs_throughput_mode: set.efs_throughput_mode.unwrap_or(self.efs_throughput_mode),
            efs_provisioned_throughput_in_mibps: set
                .efs_provisioned_throughput_in_mibps
                .or(self.efs_provisioned_throughput_in_mibps),
            efs_lifecycle_policy: set.efs_lifecycle_policy.or(self.efs_lifecycle_policy),
            ..self
        }
    }
}

/// One month's bill at a given instance count, per line.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MonthlyCost {
    pub instances: u64,
    pub ec2_on_demand: f64,
    pub savings_plan_discount: f64,
    pub ec2: f64,
    /// The instances' root EBS volumes (gp3).
    pub root_volumes: f64,
    pub efs_storage: f64,
    pub efs_ia_storage: f64,
    /// Elastic throughput: reads and writes.
    pub efs_reads: f64,
    pub efs_writes: f64,
    pub efs_provisioned_throughput: f64,
    pub efs_backup: f64,
    /// The ALB's hours.
    pub alb: f64,
    pub alb_lcu: f64,
    pub alb_public_ipv4: f64,
    pub secret: f64,
    pub dashboard: f64,
    pub alarms: f64,
    pub container_insights: f64,
    pub logs_ingested: f64,
    pub logs_stored: f64,
    pub access_logs: f64,
    pub total: f64,
}

impl MonthlyCost {
    /// The lines the total adds, each rounded to the cent (the savings
    /// plan's two figures are folded into `ec2`).
    pub fn lines(&self) -> [f64; 18] {
        [
            self.ec2,
            self.root_volumes,
            self.efs_storage,
            self.efs_ia_storage,
            self.efs_reads,
            self.efs_writes,
            self.efs_provisioned_throughput,
            self.efs_backup,
            self.alb,
            self.alb_lcu,
            self.alb_public_ipv4,
            self.secret,
            self.dashboard,
            self.alarms,
            self.container_insights,
            self.logs_ingested,
            self.logs_stored,
            self.access_logs,
        ]
    }
}

/// The figures behind the lines that follow from others or from estimates,
/// as the bill uses them.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct BillFigures {
    pub public_ipv4_addresses: u64,
    pub backup_storage_gb: f64,
    pub alarm_metrics: u64,
    pub container_insights_metrics: u64,
    pub logs_stored_gb: f64,
}

/// The gp3 price of the root volumes: the catalog's region's, where its
/// import found one, else `[pricing]`'s.
pub fn ebs_gp3_gb_month(tables: &Tables) -> f64 {
    tables
        .instances
        .meta
        .ebs_gp3_gb_month
        .unwrap_or(tables.pricing.ebs_gp3_gb_month.get())
}

pub fn monthly_cost(
    tables: &Tables,
    instance: &Instance,
    instances: u64,
    inputs: &CostInputs,
) -> Result<MonthlyCost, SizingError> {
    let pricing = &tables.pricing;
    let hours = exact(pricing.hours_per_month.get(), "hours_per_month")?;
    let count = Decimal::from(instances);
    let hourly = exact(instance.hourly.get(), "the hourly price")?;
    let on_demand = product(&[count, hourly, hours], "EC2 cost", || {
        format!(
            "{instances} instances x {}/h x {hours} h",
            crate::data::error::number(instance.hourly.get())
        )
    })?;
    let share = exact(inputs.savings_plan_pct, "the savings plan share")? / Decimal::ONE_HUNDRED;
    let discount = product(&[on_demand, share], "savings plan discount", || {
        format!("{}% of {on_demand}", inputs.savings_plan_pct)
    })?;
    let root = root_volume_gb(tables, instance, inputs)?;
    let root_volumes = product(
        &[
            count,
            root,
            exact(ebs_gp3_gb_month(tables), "ebs_gp3_gb_month")?,
        ],
        "root volume cost",
        || format!("{instances} instances x {root} GB"),
    )?;
    let efs = efs_lines(tables, inputs)?;
    let other = other_lines(tables, inputs, hours)?;
    let ec2 = cents(on_demand - discount);
    let mut lines = vec![ec2, cents(root_volumes)];
    lines.extend(efs.iter().chain(other.iter()).map(|l| cents(*l)));
    let total = lines
        .iter()
        .try_fold(Decimal::ZERO, |sum, line| sum.checked_add(*line))
        .ok_or_else(|| overflow("total monthly cost", "the sum of its components"))?;
    // JSON numbers are binary: beyond 2^53 cents a cent is lost, and the
    // printed lines would no longer add up to the printed total.
    if total.abs() > Decimal::from(MAX_EXACT_CENTS) / Decimal::ONE_HUNDRED {
        return Err(overflow(
            "total monthly cost",
            format!("{total} is beyond what a JSON number holds to the cent"),
        ));
    }
    let l = |i: usize| money(lines[i]);
    Ok(MonthlyCost {
        instances,
        ec2_on_demand: money(cents(on_demand)),
        savings_plan_discount: money(cents(discount)),
        ec2: l(0),
        root_volumes: l(1),
        efs_storage: l(2),
        efs_ia_storage: l(3),
        efs_reads: l(4),
        efs_writes: l(5),
        efs_provisioned_throughput: l(6),
        efs_backup: l(7),
        alb: l(8),
        alb_lcu: l(9),
        alb_public_ipv4: l(10),
        secret: l(11),
        dashboard: l(12),
        alarms: l(13),
        container_insights: l(14),
        logs_ingested: l(15),
        logs_stored: l(16),
        access_logs: l(17),
        total: money(total),
    })
}

/// One address per load-balancer subnet of an internet-facing ALB.
pub fn public_ipv4_addresses(inputs: &CostInputs) -> u64 {
    match inputs.internet_facing_alb {
        true => inputs.load_balancer_subnets,
        false => 0,
    }
}

/// The alarm metrics billed: given, or the stack's estimate.
pub fn alarm_metrics(tables: &Tables, inputs: &CostInputs) -> u64 {
    inputs.alarm_metrics.unwrap_or_else(|| {
        stack::estimated_alarm_metrics(&tables.module.stack, inputs.efs_throughput_mode)
    })
}

/// The Container Insights metrics billed: given, or the stack's estimate.
pub fn container_insights_metrics(tables: &Tables, inputs: &CostInputs) -> u64 {
    inputs
        .container_insights_metrics
        .unwrap_or(tables.module.stack.container_insights_metrics)
}

/// GB in each storage class, (Standard, Infrequent Access): the figures
/// as given with a lifecycle policy; without one nothing moves, and the GB
/// given as Infrequent Access stay in Standard.
fn efs_classes_gb(inputs: &CostInputs) -> Result<(Decimal, Decimal), SizingError> {
    let a = &inputs.assumptions;
    let standard = exact(a.efs_storage_gb.get(), "efs_storage_gb")?;
    let ia = exact(a.efs_ia_storage_gb.get(), "efs_ia_storage_gb")?;
    match inputs.efs_lifecycle_policy {
        Some(_) => Ok((standard, ia)),
        None => standard
            .checked_add(ia)
            .map(|all| (all, Decimal::ZERO))
            .ok_or_else(|| overflow("EFS storage", format!("{standard} + {ia} GB"))),
    }
}

/// GB AWS Backup keeps: given, or the file system's (Standard and IA); none
/// without the backup plan.
pub(crate) fn backup_storage_gb(inputs: &CostInputs) -> Result<Decimal, SizingError> {
    let a = &inputs.assumptions;
    if !inputs.enable_efs_backup {
        return Ok(Decimal::ZERO);
    }
    match a.backup_storage_gb {
        Some(v) => exact(v.get(), "backup_storage_gb"),
        None => {
            let (standard, ia) = efs_classes_gb(inputs)?;
            standard
                .checked_add(ia)
                .ok_or_else(|| overflow("backup storage", format!("{standard} + {ia} GB")))
        }
    }
}

/// GB of logs stored: given, or the steady state of the retention.
pub(crate) fn logs_stored_gb(
    tables: &Tables,
    inputs: &CostInputs,
    hours: Decimal,
) -> Result<Decimal, SizingError> {
    let a = &inputs.assumptions;
    match a.logs_stored_gb {
        Some(v) => exact(v.get(), "logs_stored_gb"),
        None => {
            let ingested = exact(a.logs_ingested_gb_month.get(), "logs_ingested_gb_month")?;
            let months = stack::log_retention_months(&tables.module.stack, hours)
                .ok_or_else(|| overflow("log storage", "no hours in a month"))?;
            product(&[ingested, months], "log storage", || {
                format!("{ingested} GB")
            })
        }
    }
}

/// The EFS lines, exact: storage, Infrequent Access, reads, writes,
/// provisioned throughput, backup.
fn efs_lines(tables: &Tables, inputs: &CostInputs) -> Result<[Decimal; 6], SizingError> {
    let p = &tables.pricing;
    let a = &inputs.assumptions;
    let gb = |v: f64, what| exact(v, what);
    let (storage_gb, ia_gb) = efs_classes_gb(inputs)?;
    let times = |x: Decimal, price: f64, what: &'static str| -> Result<Decimal, SizingError> {
        product(&[x, exact(price, what)?], what, || format!("{x} GB"))
    };
    let elastic = inputs.efs_throughput_mode == EfsThroughputMode::Elastic;
    let (reads, writes) = if elastic {
        (
            times(
                gb(a.efs_read_gb_month.get(), "efs_read_gb_month")?,
                p.efs_elastic_read_gb.get(),
                "efs_elastic_read_gb",
            )?,
            times(
                gb(a.efs_write_gb_month.get(), "efs_write_gb_month")?,
                p.efs_elastic_write_gb.get(),
                "efs_elastic_write_gb",
            )?,
        )
    } else {
        (Decimal::ZERO, Decimal::ZERO)
    };
    let provisioned = match inputs.efs_throughput_mode {
        EfsThroughputMode::Provisioned => times(
            Decimal::from(inputs.efs_provisioned_throughput_in_mibps.unwrap_or(0)),
            p.efs_provisioned_mibps_month.get(),
            "efs_provisioned_mibps_month",
        )?,
        _ => Decimal::ZERO,
    };
    let backup = times(
        backup_storage_gb(inputs)?,
        p.backup_warm_gb_month.get(),
        "backup_warm_gb_month",
    )?;
    Ok([
        times(
            storage_gb,
            p.efs_storage_gb_month.get(),
            "efs_storage_gb_month",
        )?,
        times(
            ia_gb,
            p.efs_ia_storage_gb_month.get(),
            "efs_ia_storage_gb_month",
        )?,
        reads,
        writes,
        provisioned,
        backup,
    ])
}

/// The ALB, secret, CloudWatch and access-log lines, exact: ALB hours, LCUs,
/// public IPv4, secret, dashboard, alarms, Container Insights, logs
/// ingested, logs stored, access logs.
fn other_lines(
    tables: &Tables,
    inputs: &CostInputs,
    hours: Decimal,
) -> Result<[Decimal; 10], SizingError> {
    let p = &tables.pricing;
    let a = &inputs.assumptions;
    let price = |v: f64, what| exact(v, what);
    let times = |x: Decimal, v: f64, what: &'static str| -> Result<Decimal, SizingError> {
        product(&[x, price(v, what)?], what, || format!("{x}"))
    };
    let addresses = Decimal::from(public_ipv4_addresses(inputs));
    let alarms = Decimal::from(alarm_metrics(tables, inputs));
    let insights = Decimal::from(container_insights_metrics(tables, inputs));
    let ingested = price(a.logs_ingested_gb_month.get(), "logs_ingested_gb_month")?;
    let stored = logs_stored_gb(tables, inputs, hours)?;
    Ok([
        times(hours, p.alb_hour.get(), "alb_hour")?,
        price(a.alb_lcu_month.get(), "the LCU assumption")?,
        product(
            &[
                addresses,
                hours,
                price(p.public_ipv4_hour.get(), "public_ipv4_hour")?,
            ],
            "public IPv4 cost",
            || format!("{addresses} addresses"),
        )?,
        price(p.secret_month.get(), "secret_month")?,
        match inputs.enable_cloudwatch_dashboard {
            true => price(p.dashboard_month.get(), "dashboard_month")?,
            false => Decimal::ZERO,
        },
        times(alarms, p.alarm_metric_month.get(), "alarm_metric_month")?,
        times(insights, p.custom_metric_month.get(), "custom_metric_month")?,
        times(ingested, p.logs_ingested_gb.get(), "logs_ingested_gb")?,
        times(stored, p.logs_stored_gb_month.get(), "logs_stored_gb_month")?,
        times(
            price(a.access_logs_stored_gb.get(), "access_logs_stored_gb")?,
            p.s3_standard_gb_month.get(),
            "s3_standard_gb_month",
        )?,
    ])
}

/// A figure as it was written: the shortest decimal that reads back as the
/// same binary number (0.0208, not 0.020799999...).
pub(crate) fn exact(x: f64, what: &'static str) -> Result<Decimal, SizingError> {
    if !x.is_finite() {
        return Err(overflow(what, format!("{x} is not a finite amount")));
    }
    // Normalise -0 so no amount prints as -0.00.
    let x = if x == 0.0 { 0.0 } else { x };
    Decimal::from_str_exact(&x.to_string())
        .or_else(|_| Decimal::from_scientific(&format!("{x:e}")))
        .map_err(|_| {
            overflow(
                what,
                format!(
                    "{} is too large for an amount",
                    crate::data::error::number(x)
                ),
            )
        })
}

/// The exact product, or an error naming the amount when it overflows.
fn product(
    factors: &[Decimal],
    what: &'static str,
    from: impl FnOnce() -> String,
) -> Result<Decimal, SizingError> {
    factors
        .iter()
        .try_fold(Decimal::ONE, |p, f| p.checked_mul(*f))
        .ok_or_else(|| overflow(what, format!("{} is not a finite amount", from())))
}

/// The most cents a binary (JSON) number holds exactly: 2^53.
const MAX_EXACT_CENTS: i64 = 1 << 53;

/// Rounded once to the cent, half away from zero.
pub(crate) fn cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// An amount for the JSON: two decimals fit an f64 exactly enough to print
/// back as written.
pub(crate) fn money(amount: Decimal) -> f64 {
    let v = amount.to_f64().unwrap_or(f64::MAX);
    if v == 0.0 { 0.0 } else { v }
}

/// Each instance's root volume, GiB: as planned, else the launch
/// template's formula.
pub fn root_volume_gb(
    tables: &Tables,
    instance: &Instance,
    inputs: &CostInputs,
) -> Result<Decimal, SizingError> {
    match inputs.planned_root_volume_gb {
        Some(gb) => exact(gb, "the planned root volume"),
        None => stack::root_volume_gb(&tables.module.stack, instance.memory_mib.get()),
    }
}

/// The cost inputs `[cost_defaults]` and the module's defaults imply.
pub fn default_costs(tables: &Tables) -> CostInputs {
    let d = &tables.module.defaults;
    CostInputs {
        assumptions: tables.cost_defaults,
        efs_throughput_mode: d.efs_throughput_mode,
        efs_provisioned_throughput_in_mibps: None,
        savings_plan_pct: 0.0,
        efs_lifecycle_policy: d.efs_lifecycle_policy,
        enable_efs_backup: d.enable_efs_backup,
        enable_cloudwatch_dashboard: d.enable_cloudwatch_dashboard,
        internet_facing_alb: tables.module.stack.alb_internet_facing,
        load_balancer_subnets: d.subnets.get(),
        alarm_metrics: None,
        container_insights_metrics: None,
        planned_root_volume_gb: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Amount, Usd};

    fn inputs(t: &Tables) -> CostInputs {
        default_costs(t)
    }

    fn sum_of_lines(m: &MonthlyCost) -> f64 {
        (m.lines().iter().map(|l| (l * 100.0).round()).sum::<f64>()).round() / 100.0
    }

    #[test]
    fn guide_ec2_figures() {
        let t = Tables::embedded();
        let i = inputs(&t);
        let ec2 = |ty: &str| {
            monthly_cost(&t, t.instance(ty).unwrap(), 2, &i)
                .unwrap()
                .ec2
        };
        assert_eq!(ec2("c6a.xlarge"), 223.38);
        assert_eq!(ec2("t3.small"), 30.37);
        assert_eq!(ec2("c6a.2xlarge"), 446.76);
    }

    #[test]
    fn a_half_cent_rounds_up_from_the_exact_amount() {
        // 0.0765 × 730 = 55.845 exactly; in binary floating point it is
        // 55.844999..., which would round down to 55.84.
        let t = Tables::embedded();
        let m = monthly_cost(&t, t.instance("c6a.large").unwrap(), 1, &inputs(&t)).unwrap();
        assert_eq!(m.ec2_on_demand, 55.85);
    }

    #[test]
    fn the_discount_is_taken_from_the_exact_ec2_amount() {
        // 0.0208 × 730 = 15.184; 30% of it is 4.5552 → 4.56. Taken from
        // the rounded 15.18 it would be 4.554 → 4.55.
        let t = Tables::embedded();
        let mut i = inputs(&t);
        i.savings_plan_pct = 30.0;
        let m = monthly_cost(&t, t.instance("t3.small").unwrap(), 1, &i).unwrap();
        assert_eq!(m.ec2_on_demand, 15.18);
        assert_eq!(m.savings_plan_discount, 4.56);
        // 15.184 − 4.5552 = 10.6288 → 10.63, rounded once.
        assert_eq!(m.ec2, 10.63);
        assert_eq!(sum_of_lines(&m), m.total);
    }

    #[test]
    fn components_add_up_to_the_total() {
        let t = Tables::embedded();
        let mut i = inputs(&t);
        i.assumptions.efs_storage_gb = Amount::try_from(10.0).unwrap();
        i.assumptions.alb_lcu_month = Usd::try_from(3.0).unwrap();
        let c = monthly_cost(&t, t.instance("c6a.xlarge").unwrap(), 2, &i).unwrap();
        assert_eq!(c.efs_storage, 3.0);
        // The backup keeps the EFS storage: 10 GB at 0.05.
        assert_eq!(c.efs_backup, 0.5);
        assert_eq!(c.alb, 16.43);
        assert_eq!(sum_of_lines(&c), c.total);
        assert_eq!(c.total, 283.05);
    }

    #[test]
    fn savings_plan_comes_off_ec2_only() {
        let t = Tables::embedded();
        let mut i = inputs(&t);
        i.savings_plan_pct = 30.0;
        let c = monthly_cost(&t, t.instance("c6a.xlarge").unwrap(), 2, &i).unwrap();
        assert_eq!(c.ec2_on_demand, 223.38);
        assert_eq!(c.savings_plan_discount, 67.01);
        assert_eq!(c.ec2, 156.37);
        assert_eq!(c.root_volumes, 7.36);
        assert_eq!(c.alb, 16.43);
    }

    #[test]
    fn throughput_modes() {
        let t = Tables::embedded();
        let mut i = inputs(&t);
        let ty = t.instance("t3.small").unwrap();
        i.efs_throughput_mode = EfsThroughputMode::Provisioned;
        i.efs_provisioned_throughput_in_mibps = Some(100);
        let m = monthly_cost(&t, ty, 2, &i).unwrap();
        assert_eq!(m.efs_provisioned_throughput, 600.0);
        i.efs_throughput_mode = EfsThroughputMode::Elastic;
        i.assumptions.efs_read_gb_month = Amount::try_from(250.0).unwrap();
        i.assumptions.efs_write_gb_month = Amount::try_from(100.0).unwrap();
        let m = monthly_cost(&t, ty, 2, &i).unwrap();
        assert_eq!((m.efs_reads, m.efs_writes), (7.5, 6.0));
        assert_eq!(m.efs_provisioned_throughput, 0.0);
        i.efs_throughput_mode = EfsThroughputMode::Bursting;
        let m = monthly_cost(&t, ty, 2, &i).unwrap();
        assert_eq!(
            (m.efs_reads, m.efs_writes, m.efs_provisioned_throughput),
            (0.0, 0.0, 0.0)
        );
        // Bursting adds the burst-credit alarm: 14 metrics.
        assert_eq!(m.alarms, 1.4);
    }

    #[test]
    fn module_variables_and_flags_remove_lines() {
        let t = Tables::embedded();
        let mut i = inputs(&t);
        i.enable_efs_backup = false;
        i.enable_cloudwatch_dashboard = false;
        i.internet_facing_alb = false;
        i.assumptions.efs_ia_storage_gb = Amount::try_from(40.0).unwrap();
        let ty = t.instance("t3.small").unwrap();
        let m = monthly_cost(&t, ty, 2, &i).unwrap();
        assert_eq!(
            (m.efs_backup, m.dashboard, m.alb_public_ipv4),
            (0.0, 0.0, 0.0)
        );
        assert_eq!(m.efs_ia_storage, 1.0);
        // No lifecycle policy: nothing is in Infrequent Access; its 40 GB
        // stay in Standard (1 + 40 GB at $0.30), and are backed up.
        i.efs_lifecycle_policy = None;
        i.enable_efs_backup = true;
        let m = monthly_cost(&t, ty, 2, &i).unwrap();
        assert_eq!((m.efs_ia_storage, m.efs_storage), (0.0, 12.3));
        assert_eq!(m.efs_backup, 2.05);
    }

    #[test]
    fn a_total_beyond_a_json_numbers_cents_is_an_error() {
        let t = Tables::embedded();
        let mut i = inputs(&t);
        i.assumptions.efs_storage_gb = Amount::try_from(1e15).unwrap();
        let e = monthly_cost(&t, t.instance("t3.small").unwrap(), 2, &i).unwrap_err();
        assert!(e.to_string().contains("to the cent"), "{e}");
        i.assumptions.efs_storage_gb = Amount::try_from(1e12).unwrap();
        let m = monthly_cost(&t, t.instance("t3.small").unwrap(), 2, &i).unwrap();
        assert_eq!(sum_of_lines(&m), m.total);
    }

    #[test]
    fn zero_instances_cost_no_ec2_and_no_volumes() {
        let t = Tables::embedded();
        let c = monthly_cost(&t, t.instance("c6a.xlarge").unwrap(), 0, &inputs(&t)).unwrap();
        assert_eq!((c.ec2, c.root_volumes), (0.0, 0.0));
        assert_eq!(sum_of_lines(&c), c.total);
    }
}
