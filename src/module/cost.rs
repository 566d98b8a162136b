//! Monthly cost of a deployment: EC2 for the instances, EFS storage and
//! throughput, the ALB and its LCUs. Prices come from `[pricing]`.
//!
//! Each component is rounded to the cent and the total is the sum of the
//! rounded components, so a printed bill always adds up.

use serde::Serialize;

use crate::data::error::{SizingError, overflow};
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
    let hours = pricing.hours_per_month.get();
    let a = &inputs.assumptions;
    let hourly = instance.hourly.get();
    let ec2_on_demand = cents(instances as f64 * hourly * hours, "EC2 cost", || {
        format!(
            "{instances} instances x {}/h x {hours} h",
            crate::data::error::number(hourly)
        )
    })?;
    let savings_plan_discount = cents(
        ec2_on_demand * inputs.savings_plan_pct / 100.0,
        "savings plan discount",
        || format!("{}% of {ec2_on_demand}", inputs.savings_plan_pct),
    )?;
    let ec2 = cents(ec2_on_demand - savings_plan_discount, "EC2 cost", || {
        format!("{ec2_on_demand} less {savings_plan_discount}")
    })?;
    let efs_storage = cents(
        a.efs_storage_gb.get() * pricing.efs_storage_gb_month.get(),
        "EFS storage cost",
        || {
            format!(
                "{} GB x {} a GB-month",
                crate::data::error::number(a.efs_storage_gb.get()),
                crate::data::error::number(pricing.efs_storage_gb_month.get())
            )
        },
    )?;
    let efs_throughput = cents(
        match inputs.efs_throughput_mode {
            EfsThroughputMode::Bursting => 0.0,
            EfsThroughputMode::Elastic => {
                a.efs_elastic_transfer_gb_month.get() * pricing.efs_elastic_transfer_gb.get()
            }
            EfsThroughputMode::Provisioned => {
                inputs.efs_provisioned_throughput_in_mibps.unwrap_or(0) as f64
                    * pricing.efs_provisioned_mibps_month.get()
            }
        },
        "EFS throughput cost",
        || format!("{:?} mode", inputs.efs_throughput_mode),
    )?;
    let alb = cents(pricing.alb_month.get(), "ALB cost", || {
        "[pricing] alb_month".into()
    })?;
    let alb_lcu = cents(a.alb_lcu_month.get(), "ALB LCU cost", || {
        "the LCU assumption".into()
    })?;
    let total = cents(
        ec2 + efs_storage + efs_throughput + alb + alb_lcu,
        "total monthly cost",
        || "the sum of its components".into(),
    )?;
    Ok(MonthlyCost {
        instances,
        ec2_on_demand,
        savings_plan_discount,
        ec2,
        efs_storage,
        efs_throughput,
        alb,
        alb_lcu,
        total,
    })
}

/// Rounds to the cent; an amount too large to be a finite number is an error
/// that names it and what it was computed from, rather than an `inf` in the
/// output.
fn cents(
    amount: f64,
    what: &'static str,
    from: impl FnOnce() -> String,
) -> Result<f64, SizingError> {
    let rounded = (amount * 100.0).round() / 100.0;
    if rounded.is_finite() {
        Ok(rounded)
    } else {
        Err(overflow(what, format!("{} is not a finite amount", from())))
    }
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
