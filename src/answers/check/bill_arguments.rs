//! The arguments of a module block that only the bill reads: whether the
//! module creates the EFS backup plan and the dashboard, how many
//! load-balancer subnets (one public IPv4 address each) and whether files
//! move to EFS Infrequent Access. `check` prices what the block deploys;
//! where one is unknown, the module's default (or the flag) is assumed and
//! said.

use crate::module::cost::CostInputs;
use tf_eval::{ModuleBlock, Resolved};

/// The cost inputs over the block's own bill arguments, and for each
/// unknown one, its name and what the bill assumes instead.
pub(super) fn bill_inputs(
    block: &ModuleBlock,
    mut costs: CostInputs,
) -> (CostInputs, Vec<(&'static str, String)>) {
    let mut unknown = Vec::new();
    for (name, flag) in [
        ("enable_efs_backup", &mut costs.enable_efs_backup),
        (
            "enable_cloudwatch_dashboard",
            &mut costs.enable_cloudwatch_dashboard,
        ),
    ] {
        match block.arguments.get(name).map(|a| &a.value) {
            Some(Resolved::Known { value }) => {
                if let Some(b) = value.as_bool() {
                    *flag = b;
                }
            }
            Some(Resolved::Unknown { .. }) => unknown.push(name),
            None => {}
        }
    }
    match block
        .arguments
        .get("load_balancer_subnets")
        .map(|a| &a.value)
    {
        Some(Resolved::Known { value }) => {
            if let Some(list) = value.as_array() {
                costs.load_balancer_subnets = list.len() as u64;
            }
        }
        Some(Resolved::Unknown { .. }) => unknown.push("load_balancer_subnets"),
        None => {}
    }
    match block
        .arguments
        .get("efs_lifecycle_policy")
        .map(|a| &a.value)
    {
        // null turns the lifecycle off: nothing moves to Infrequent Access.
        Some(Resolved::Known { value }) if value.is_null() => costs.efs_lifecycle_policy = None,
        Some(Resolved::Known { value }) => {
            if let Some(days) = value.as_u64() {
                costs.efs_lifecycle_policy = Some(days);
            }
        }
        Some(Resolved::Unknown { .. }) => unknown.push("efs_lifecycle_policy"),
        None => {}
    }
    let said = unknown
        .into_iter()
        .map(|name| (name, assumed(name, &costs)))
        .collect();
    (costs, said)
}

fn assumed(name: &str, c: &CostInputs) -> String {
    match name {
        "enable_efs_backup" => format!("enable_efs_backup = {}", c.enable_efs_backup),
        "enable_cloudwatch_dashboard" => format!(
            "enable_cloudwatch_dashboard = {}",
            c.enable_cloudwatch_dashboard
        ),
        "load_balancer_subnets" => format!(
            "{} load-balancer subnets (--load-balancer-subnets)",
            c.load_balancer_subnets
        ),
        _ => match c.efs_lifecycle_policy {
            Some(days) => format!("efs_lifecycle_policy = {days}"),
            None => "efs_lifecycle_policy = null".into(),
        },
    }
}
