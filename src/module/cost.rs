//! Monthly cost of a deployment: EC2 for the instances, EFS storage and
//! throughput, the ALB and its LCUs. Prices come from `[pricing]`.
//!
//! One rounding rule: every line item is computed from exact decimal values
//! (the prices and figures as written, not their binary approximations) and
//! rounded once to the cent, half away from zero. The savings-plan discount
//! is taken from the exact EC2 amount, and `ec2` is the exact amount less
//! the exact discount, rounded once. The total is the sum of the rounded
//! line items it is made of (`ec2`, the EFS lines, the ALB lines), so a
//! printed bill adds up.

use serde::Serialize;

use crate::data::error::{SizingError, overflow};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::data::{CostAssumptions, EfsThroughputMode, Instance, Pricing};

/// Everything the bill depends on besides the instance type and count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CostInputs {
    pub assumptions: CostAssumptions,
    pub efs_throughput_mode: EfsThroughputMode,
    pub efs_provisioned_throughput_in_mibps: Option<u64>,
    /// Share taken off EC2 by a Savings Plan or Reserved Instances, 0-100.
    pub savings_plan_pct: f64,
}

/// One month's bill at a given instance count, per component.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MonthlyCost {
    pub instances: u64,
    pub ec2_on_demand: f64,
    pub savings_plan_discount: f64,
    pub ec2: f64,
    pub efs_storage: f64,
    pub efs_throughput: f64,
    pub alb: f64,
    pub alb_lcu: f64,
    pub total: f64,
}

/// The bill at asg_min_size and, where it is known, at asg_max_size.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CostRange {
    pub currency: String,
    pub hours_per_month: f64,
    pub at_asg_min_size: MonthlyCost,
    /// At the deployed asg_max_size: set, or derived by the ECS module.
    pub at_asg_max_size: MonthlyCost,
}

pub fn cost_range(
    pricing: &Pricing,
    instance: &Instance,
    min_instances: u64,
    max_instances: u64,
    inputs: &CostInputs,
) -> Result<CostRange, SizingError> {
    let at = |n| monthly_cost(pricing, instance, n, inputs);
    Ok(CostRange {
        currency: pricing.currency.clone(),
        hours_per_month: pricing.hours_per_month.get(),
        at_asg_min_size: at(min_instances)?,
        at_asg_max_size: at(max_instances)?,
    })
}

pub fn monthly_cost(
    pricing: &Pricing,
    instance: &Instance,
    instances: u64,
    inputs: &CostInputs,
) -> Result<MonthlyCost, SizingError> {
    let hours = exact(pricing.hours_per_month.get(), "hours_per_month")?;
    let a = &inputs.assumptions;
    let hourly = exact(instance.hourly.get(), "the hourly price")?;
    let on_demand = product(
        &[Decimal::from(instances), hourly, hours],
        "EC2 cost",
        || {
            format!(
                "{instances} instances x {}/h x {hours} h",
                crate::data::error::number(instance.hourly.get())
            )
        },
    )?;
    let share = exact(inputs.savings_plan_pct, "the savings plan share")? / Decimal::ONE_HUNDRED;
    let discount = product(&[on_demand, share], "savings plan discount", || {
        format!("{}% of {on_demand}", inputs.savings_plan_pct)
    })?;
    let efs_storage = product(
        &[
            exact(a.efs_storage_gb.get(), "efs_storage_gb")?,
            exact(pricing.efs_storage_gb_month.get(), "efs_storage_gb_month")?,
        ],
        "EFS storage cost",
        || format!("{} GB", crate::data::error::number(a.efs_storage_gb.get())),
    )?;
    let efs_throughput = efs_throughput(pricing, inputs)?;
    let alb = exact(pricing.alb_month.get(), "[pricing] alb_month")?;
    let alb_lcu = exact(a.alb_lcu_month.get(), "the LCU assumption")?;
    let ec2 = cents(on_demand - discount);
    let lines = [
        ec2,
        cents(efs_storage),
        cents(efs_throughput),
        cents(alb),
        cents(alb_lcu),
    ];
    let total = lines
        .iter()
        .try_fold(Decimal::ZERO, |sum, line| sum.checked_add(*line))
        .ok_or_else(|| overflow("total monthly cost", "the sum of its components"))?;
    Ok(MonthlyCost {
        instances,
        ec2_on_demand: money(cents(on_demand)),
        savings_plan_discount: money(cents(discount)),
        ec2: money(ec2),
        efs_storage: money(lines[1]),
        efs_throughput: money(lines[2]),
        alb: money(lines[3]),
        alb_lcu: money(lines[4]),
        total: money(total),
    })
}

fn efs_throughput(pricing: &Pricing, inputs: &CostInputs) -> Result<Decimal, SizingError> {
    let a = &inputs.assumptions;
    let what = "EFS throughput cost";
    let from = || format!("{:?} mode", inputs.efs_throughput_mode);
    match inputs.efs_throughput_mode {
        EfsThroughputMode::Bursting => Ok(Decimal::ZERO),
        EfsThroughputMode::Elastic => product(
            &[
                exact(a.efs_elastic_transfer_gb_month.get(), "efs_transfer_gb")?,
                exact(
                    pricing.efs_elastic_transfer_gb.get(),
                    "efs_elastic_transfer_gb",
                )?,
            ],
            what,
            from,
        ),
        EfsThroughputMode::Provisioned => product(
            &[
                Decimal::from(inputs.efs_provisioned_throughput_in_mibps.unwrap_or(0)),
                exact(
                    pricing.efs_provisioned_mibps_month.get(),
                    "efs_provisioned_mibps_month",
                )?,
            ],
            what,
            from,
        ),
    }
}

/// A figure as it was written: the shortest decimal that reads back as the
/// same binary number (0.0208, not 0.020799999...).
fn exact(x: f64, what: &'static str) -> Result<Decimal, SizingError> {
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

/// Rounded once to the cent, half away from zero.
fn cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// An amount for the JSON: two decimals fit an f64 exactly enough to print
/// back as written.
fn money(amount: Decimal) -> f64 {
    let v = amount.to_f64().unwrap_or(f64::MAX);
    if v == 0.0 { 0.0 } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Tables, Usd};

    fn inputs(t: &Tables) -> CostInputs {
        CostInputs {
            assumptions: t.cost_defaults,
            efs_throughput_mode: EfsThroughputMode::Elastic,
            efs_provisioned_throughput_in_mibps: None,
            savings_plan_pct: 0.0,
        }
    }

    #[test]
    fn guide_ec2_figures() {
        let t = Tables::embedded();
        let i = inputs(&t);
        let ec2 = |ty: &str| {
            monthly_cost(&t.pricing, t.instance(ty).unwrap(), 2, &i)
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
        let m = monthly_cost(&t.pricing, t.instance("c6a.large").unwrap(), 1, &inputs(&t)).unwrap();
        assert_eq!(m.ec2_on_demand, 55.85);
    }

    #[test]
    fn the_discount_is_taken_from_the_exact_ec2_amount() {
        // 0.0208 × 730 = 15.184; 30% of it is 4.5552 → 4.56. Taken from
        // the rounded 15.18 it would be 4.554 → 4.55.
        let t = Tables::embedded();
        let mut i = inputs(&t);
        i.savings_plan_pct = 30.0;
        let m = monthly_cost(&t.pricing, t.instance("t3.small").unwrap(), 1, &i).unwrap();
        assert_eq!(m.ec2_on_demand, 15.18);
        assert_eq!(m.savings_plan_discount, 4.56);
        // 15.184 − 4.5552 = 10.6288 → 10.63, rounded once.
        assert_eq!(m.ec2, 10.63);
        let lines = m.ec2 + m.efs_storage + m.efs_throughput + m.alb + m.alb_lcu;
        assert_eq!((lines * 100.0).round(), (m.total * 100.0).round());
    }

    #[test]
    fn components_add_up_to_the_total() {
        let t = Tables::embedded();
        let mut i = inputs(&t);
        i.assumptions.efs_storage_gb = Usd::try_from(10.0).unwrap();
        i.assumptions.alb_lcu_month = Usd::try_from(3.0).unwrap();
        let c = monthly_cost(&t.pricing, t.instance("c6a.xlarge").unwrap(), 2, &i).unwrap();
        assert_eq!(c.efs_storage, 3.0);
        assert_eq!(c.alb, 16.2);
        assert_eq!(c.total, 245.58);
    }

    #[test]
    fn savings_plan_comes_off_ec2_only() {
        let t = Tables::embedded();
        let mut i = inputs(&t);
        i.savings_plan_pct = 30.0;
        let c = monthly_cost(&t.pricing, t.instance("c6a.xlarge").unwrap(), 2, &i).unwrap();
        assert_eq!(c.ec2_on_demand, 223.38);
        assert_eq!(c.savings_plan_discount, 67.01);
        assert_eq!(c.ec2, 156.37);
        assert_eq!(c.alb, 16.2);
    }

    #[test]
    fn throughput_modes() {
        let t = Tables::embedded();
        let mut i = inputs(&t);
        let ty = t.instance("t3.small").unwrap();
        i.efs_throughput_mode = EfsThroughputMode::Provisioned;
        i.efs_provisioned_throughput_in_mibps = Some(100);
        assert_eq!(
            monthly_cost(&t.pricing, ty, 2, &i).unwrap().efs_throughput,
            600.0
        );
        i.efs_throughput_mode = EfsThroughputMode::Elastic;
        i.assumptions.efs_elastic_transfer_gb_month = Usd::try_from(250.0).unwrap();
        assert_eq!(
            monthly_cost(&t.pricing, ty, 2, &i).unwrap().efs_throughput,
            10.0
        );
        i.efs_throughput_mode = EfsThroughputMode::Bursting;
        assert_eq!(
            monthly_cost(&t.pricing, ty, 2, &i).unwrap().efs_throughput,
            0.0
        );
    }

    #[test]
    fn zero_instances_cost_no_ec2() {
        let t = Tables::embedded();
        let c = monthly_cost(
            &t.pricing,
            t.instance("c6a.xlarge").unwrap(),
            0,
            &inputs(&t),
        )
        .unwrap();
        assert_eq!(c.ec2, 0.0);
        assert_eq!(c.total, c.alb + c.alb_lcu + c.efs_storage);
    }
}
