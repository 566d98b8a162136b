//! The module arguments a sizing answer sets, shared by the Terraform formats
//! (HCL module block, .tfvars, .tfvars.json).

use pypi_size::Tables;
use pypi_size::answers::sizing::SizingReport;
use pypi_size::data::Choice;
use pypi_size::module::variables::VARIABLES;

use super::Unsupported;
use super::summary::wrap;

/// A value of a module argument.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(u64),
    List(Vec<String>),
}

/// One argument, and the comment lines to put above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    pub name: std::borrow::Cow<'static, str>,
    pub value: Value,
    pub comment: Vec<String>,
    /// Starts a new group (a blank line before it).
    pub new_group: bool,
}

/// Where the module comes from, for the `module` block.
#[derive(Debug, Clone)]
pub struct ModuleRef {
    pub source: String,
    /// `None` for a local path, where Terraform allows no version.
    pub version: Option<String>,
}

/// The most `asg_subnets` placeholders written: far above the six
/// availability zones of the largest region, and a bound on the output.
const MAX_SUBNET_PLACEHOLDERS: u64 = 64;

/// The sizing arguments: those every answer sets and every override the
/// user gave; with `placeholders`, the required `asg_subnets` too, as marked
/// placeholders. (Saved as `*.auto.tfvars`, a placeholder would override the
/// real value, so the variable files write it only when asked.)
pub fn sizing_arguments(
    r: &SizingReport,
    tables: &Tables,
    placeholders: bool,
) -> anyhow::Result<Vec<Argument>> {
    let i = &r.inputs.module;
    if placeholders && i.subnets > MAX_SUBNET_PLACEHOLDERS {
        return Err(Unsupported(format!(
            "--subnets {}: more subnet placeholders than pypi-size writes into Terraform \
             (at most {MAX_SUBNET_PLACEHOLDERS}); set --asg-min-size instead",
            i.subnets
        ))
        .into());
    }
    let c = &r.inputs.costs;
    let arg = |name, value| Argument {
        name,
        value,
        comment: Vec::new(),
        new_group: false,
    };
    let defaults = &tables.module.defaults;
    let mut args = Vec::new();
    for v in VARIABLES {
        let value = match v.name {
            "asg_instance_type" => Some(Value::Str(i.asg_instance_type.clone())),
            // Null: the ECS module's default AMI, which needs no argument.
            "ami_id" => i.ami_id.clone().map(Value::Str),
            // The subnets are a placeholder group of their own, written last;
            // the lifecycle policy is not a sizing answer.
            "asg_subnets" | "efs_lifecycle_policy" => None,
            // The module's default mode needs no argument.
            "efs_throughput_mode" => (c.efs_throughput_mode != defaults.efs_throughput_mode)
                .then(|| Value::Str(c.efs_throughput_mode.name().to_string())),
            "efs_provisioned_throughput_in_mibps" => {
                c.efs_provisioned_throughput_in_mibps.map(Value::Int)
            }
            name => i.number(name).map(Value::Int),
        };
        if let Some(value) = value {
            args.push(Argument {
                new_group: args.is_empty(),
                ..arg(v.name.into(), value)
            });
        }
    }
    if !placeholders {
        return Ok(args);
    }
    let count_note = if i.asg_min_size.is_none() {
        "; with asg_min_size null, their number is the instance count"
    } else {
        ""
    };
    args.push(Argument {
        name: "asg_subnets".into(),
        value: Value::List(
            (1..=i.subnets)
                .map(|n| format!("subnet-FILL-ME-{n}"))
                .collect(),
        ),
        comment: wrap(&format!(
            "FILL IN: replace the placeholders with one private subnet ID per availability \
             zone{count_note}."
        )),
        new_group: true,
    });
    Ok(args)
}

/// Marked placeholders for the module's required inputs that sizing does not
/// set (from the module's interface in the data): a module block with them
/// is one Terraform accepts once they are filled in.
pub fn required_placeholders(
    tables: &Tables,
    load_balancer_subnets: u64,
) -> anyhow::Result<Vec<Argument>> {
    if load_balancer_subnets > MAX_SUBNET_PLACEHOLDERS {
        return Err(Unsupported(format!(
            "--load-balancer-subnets {load_balancer_subnets}: more subnet placeholders than \
             pypi-size writes into Terraform (at most {MAX_SUBNET_PLACEHOLDERS})"
        ))
        .into());
    }
    Ok(tables
        .module
        .interface
        .variables
        .iter()
        .filter(|v| v.required && v.name != "asg_subnets")
        .map(|v| {
            let value = if v.type_.starts_with("list") {
                let n = if v.name == "load_balancer_subnets" {
                    load_balancer_subnets
                } else {
                    1
                };
                Value::List(
                    (1..=n.min(MAX_SUBNET_PLACEHOLDERS))
                        .map(|k| format!("FILL-ME-{}-{k}", v.name))
                        .collect(),
                )
            } else {
                Value::Str(format!("FILL-ME-{}", v.name))
            };
            Argument {
                name: v.name.clone().into(),
                value,
                comment: Vec::new(),
                new_group: false,
            }
        })
        .collect())
}
