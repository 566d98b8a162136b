//! The module arguments a sizing answer sets, shared by the Terraform formats
//! (HCL module block, .tfvars, .tfvars.json), and the summary they carry as
//! comments.

use pypi_size::Tables;
use pypi_size::answers::sizing::SizingReport;
use pypi_size::data::Choice;
use pypi_size::module::variables::VARIABLES;

use super::Unsupported;

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
    pub name: &'static str,
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
                ..arg(v.name, value)
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
        name: "asg_subnets",
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

/// What Terraform will compute and what it costs, as comment lines.
pub fn summary(r: &SizingReport) -> Vec<String> {
    let c = &r.capacity;
    let bound = match c.tasks_per_instance_ram {
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
    };
    let min = &r.cost.at_asg_min_size;
    let max = &r.cost.at_asg_max_size;
    let cost = format!(
        "${:.2} at asg_min_size ({}) to ${:.2} at asg_max_size ({})",
        min.total,
        super::instances(min.instances),
        max.total,
        max.instances
    );
    let mut lines = vec![
        format!(
            "pypi-size {}: {} {}, {} prices as of {}.",
            env!("CARGO_PKG_VERSION"),
            r.module.source,
            r.module.version,
            r.pricing.region,
            r.pricing.as_of
        ),
        format!(
            "Terraform computes: {} tasks per instance ({bound}),",
            c.tasks_per_instance
        ),
        format!(
            "task_min_count = {}, task_max_count = {}, {} gunicorn workers per task ({} in all).",
            c.task_min_count, c.task_max_count, c.gunicorn_workers, c.total_workers
        ),
        format!("Monthly cost: {cost}."),
    ];
    if let Some(p) = &r.profile {
        lines.insert(1, format!("The sizing guide's `{}` profile.", p.name));
    }
    for w in &r.warnings {
        lines.extend(wrap(&format!(
            "{} [{}]: {} Fix: {}.",
            w.severity.as_str(),
            w.code.as_str(),
            w.message,
            w.fix
        )));
    }
    lines
}

/// What the user must add before `terraform apply`, said plainly: the
/// placeholder lines when written, else what the file leaves out.
pub fn fill_in(r: &SizingReport, placeholders: bool) -> Vec<String> {
    const OTHERS: &str = "the module's other required inputs (zone_id, dns_names, \
                          load_balancer_subnets, ...)";
    let i = &r.inputs.module;
    let text = if placeholders {
        format!(
            "To fill in before `terraform apply`: the asg_subnets line below (its \
             subnet-FILL-ME placeholders), and {OTHERS}, which do not change sizing."
        )
    } else {
        let count = match i.asg_min_size {
            None => format!(
                " With asg_min_size null, the instance count is the number of subnets you set \
                 ({} assumed here).",
                i.subnets
            ),
            Some(_) => String::new(),
        };
        format!(
            "This file sets only the sizing variables; set asg_subnets and {OTHERS} \
             elsewhere (--placeholders writes marked placeholders for asg_subnets).{count}"
        )
    };
    wrap(&text)
}

/// Comment text folded at word boundaries to lines of at most 88 characters.
fn wrap(text: &str) -> Vec<String> {
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
