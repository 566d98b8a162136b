//! The module's sizing variables: their names, the request that carries
//! them, and the module's own validations of them.

use serde::Serialize;

use crate::data::error::SizingError;
use crate::data::{
    Arch, Choice, EfsThroughputMode, Instance, ModuleArguments, ModuleConstants, Profile,
};

/// What the module does with a variable left null (or unset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenNull {
    /// Required: the module has no default.
    Required,
    /// The default in `[module.defaults]`.
    DataDefault,
    /// The module derives it: the step of the arithmetic that does.
    Step(u8),
    /// The ECS module under pypiserver derives it.
    EcsDerived,
    /// The ECS module looks up its default AMI (`[module.ecs.default_ami]`).
    EcsDefaultAmi,
    /// Unused unless another variable asks for it.
    Unused,
}

/// One of the module's variables that sizing reads (module-spec.md's inputs
/// table). The CLI's flags and help, a profile's config, `check`'s argument
/// reading (all into `ModuleArguments`, by these names), the validations,
/// the Terraform writers and the error messages derive from [`VARIABLES`];
/// docs/development.md's "Add a variable" lists the few places that name a
/// variable besides its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Variable {
    pub name: &'static str,
    /// The pypi-size flag that sets it (its clap id is the flag without
    /// dashes, in snake case); `None` where no flag does.
    pub flag: Option<&'static str>,
    /// Its value's name in `--help` where its flag is one of the "Module
    /// variables" that app/cli/config.rs makes from this table; `None` where
    /// no flag sets it or its flag is declared by hand with its own group
    /// (`--instance` takes the catalog's names; the EFS flags sit among the
    /// bill's).
    pub value_name: Option<&'static str>,
    /// The Terraform type the module declares.
    pub terraform_type: &'static str,
    /// One line for help texts, without range or default.
    pub what: &'static str,
    pub when_null: WhenNull,
}

/// The module's sizing variables, in the order the module declares them.
pub const VARIABLES: &[Variable] = &[
    Variable {
        name: "ami_id",
        flag: Some("--ami-id"),
        value_name: Some("AMI"),
        terraform_type: "string",
        what: "AMI of the instances; its architecture must be the instance type's",
        when_null: WhenNull::EcsDefaultAmi,
    },
    Variable {
        name: "asg_instance_type",
        flag: Some("--instance"),
        value_name: None,
        terraform_type: "string",
        what: "EC2 instance type (the module's asg_instance_type)",
        when_null: WhenNull::DataDefault,
    },
    Variable {
        name: "asg_min_size",
        flag: Some("--asg-min-size"),
        value_name: Some("N"),
        terraform_type: "number",
        what: "Instances the group starts with",
        when_null: WhenNull::Step(9),
    },
    Variable {
        name: "asg_max_size",
        flag: Some("--asg-max-size"),
        value_name: Some("N"),
        terraform_type: "number",
        what: "Instances the group may scale to, at least asg_min_size",
        when_null: WhenNull::EcsDerived,
    },
    Variable {
        name: "asg_subnets",
        flag: Some("--subnets"),
        value_name: Some("N"),
        terraform_type: "list(string)",
        what: "Subnets in asg_subnets: the instance count when asg_min_size is not set",
        when_null: WhenNull::Required,
    },
    Variable {
        name: "container_memory",
        flag: Some("--container-memory"),
        value_name: Some("MB"),
        terraform_type: "number",
        what: "Hard memory limit of a task, MB",
        when_null: WhenNull::DataDefault,
    },
    Variable {
        name: "container_memory_reservation",
        flag: Some("--container-memory-reservation"),
        value_name: Some("MB"),
        terraform_type: "number",
        what: "Soft memory limit of a task, MB, below container_memory",
        when_null: WhenNull::Step(3),
    },
    Variable {
        name: "container_cpu",
        flag: Some("--container-cpu"),
        value_name: Some("UNITS"),
        terraform_type: "number",
        what: "CPU units of a task",
        when_null: WhenNull::Step(2),
    },
    Variable {
        name: "gunicorn_workers",
        flag: Some("--gunicorn-workers"),
        value_name: Some("N"),
        terraform_type: "number",
        what: "gunicorn (gevent) worker processes per task",
        when_null: WhenNull::Step(1),
    },
    Variable {
        name: "task_min_count",
        flag: Some("--task-min-count"),
        value_name: Some("N"),
        terraform_type: "number",
        what: "ECS tasks at minimum",
        when_null: WhenNull::Step(10),
    },
    Variable {
        name: "task_max_count",
        flag: Some("--task-max-count"),
        value_name: Some("N"),
        terraform_type: "number",
        what: "ECS tasks at maximum",
        when_null: WhenNull::Step(11),
    },
    Variable {
        name: "efs_throughput_mode",
        flag: Some("--efs-throughput-mode"),
        value_name: None,
        terraform_type: "string",
        what: "The module's efs_throughput_mode",
        when_null: WhenNull::DataDefault,
    },
    Variable {
        name: "efs_provisioned_throughput_in_mibps",
        flag: Some("--efs-provisioned-throughput-in-mibps"),
        value_name: None,
        terraform_type: "number",
        what: "The module's efs_provisioned_throughput_in_mibps, for provisioned mode",
        when_null: WhenNull::Unused,
    },
    Variable {
        name: "efs_lifecycle_policy",
        flag: None,
        value_name: None,
        terraform_type: "number",
        what: "Days before a file moves to EFS Infrequent Access",
        when_null: WhenNull::DataDefault,
    },
];

/// The names of [`VARIABLES`].
pub fn names() -> impl Iterator<Item = &'static str> {
    VARIABLES.iter().map(|v| v.name)
}

/// The variable of that name.
pub fn variable(name: &str) -> Option<&'static Variable> {
    VARIABLES.iter().find(|v| v.name == name)
}

impl Variable {
    /// Whether clap's id `id` is this variable's flag: the flag without its
    /// dashes, in snake case (`--asg-min-size` is `asg_min_size`). Compared
    /// without allocating: start-up asks it of every flag.
    pub fn has_flag_id(&self, id: &str) -> bool {
        self.flag.is_some_and(|f| {
            let f = f.trim_start_matches('-').bytes();
            f.map(|b| if b == b'-' { b'_' } else { b }).eq(id.bytes())
        })
    }

    /// What the pypiserver module's own validation accepts, from the data.
    pub fn accepted(&self, m: &ModuleConstants) -> Option<String> {
        let l = &m.limits;
        let text = match self.name {
            "asg_instance_type" => format!(
                "an instance type name like \"c6a.xlarge\" ({})",
                l.asg_instance_type.as_str()
            ),
            "efs_throughput_mode" => EfsThroughputMode::ALL
                .iter()
                .map(|n| format!("\"{}\"", n.name))
                .collect::<Vec<_>>()
                .join(", "),
            "efs_lifecycle_policy" => std::iter::once("null".to_string())
                .chain(l.efs_lifecycle_policy.iter().map(u64::to_string))
                .collect::<Vec<_>>()
                .join(", "),
            "asg_subnets" => format!("a list of subnet IDs, {} of them", l.asg_subnets),
            name => l.range(name)?.to_string(),
        };
        Some(text)
    }

    /// What the module makes of the variable left null, with the data's
    /// numbers: the default, or the formula that derives it.
    pub fn null_meaning(&self, m: &ModuleConstants) -> String {
        let d = &m.defaults;
        match self.when_null {
            WhenNull::Required => "required".into(),
            WhenNull::Unused => "null".into(),
            WhenNull::EcsDerived => format!(
                "derived from task_max_count by the ECS module {} {}",
                m.ecs.source, m.ecs.version
            ),
            WhenNull::EcsDefaultAmi => format!("the ECS module's {}", m.ecs.default_ami.describe()),
            WhenNull::Step(9) => "the number of subnets".into(),
            WhenNull::Step(n) => crate::module::formulas::formula(n, m),
            WhenNull::DataDefault => match self.name {
                "asg_instance_type" => d.asg_instance_type.get_ref().clone(),
                "container_memory" => d.container_memory.to_string(),
                "efs_throughput_mode" => d.efs_throughput_mode.name().to_string(),
                "efs_lifecycle_policy" => d
                    .efs_lifecycle_policy
                    .map_or("null".into(), |p| p.to_string()),
                _ => "null".into(),
            },
        }
    }

    /// The value the module takes when the variable is not set: the data's
    /// default, or `null` where the module derives it (or requires it).
    pub fn default_value(&self, m: &ModuleConstants) -> serde_json::Value {
        let d = &m.defaults;
        match (self.when_null, self.name) {
            (WhenNull::DataDefault, "asg_instance_type") => {
                d.asg_instance_type.get_ref().clone().into()
            }
            (WhenNull::DataDefault, "container_memory") => d.container_memory.into(),
            (WhenNull::DataDefault, "efs_throughput_mode") => d.efs_throughput_mode.name().into(),
            (WhenNull::DataDefault, "efs_lifecycle_policy") => d
                .efs_lifecycle_policy
                .map_or(serde_json::Value::Null, serde_json::Value::from),
            _ => serde_json::Value::Null,
        }
    }

    /// What its flag accepts, as the whole stack validates it (pypiserver's
    /// range within the ECS module's), from the data; `None` for a flag that
    /// lists its choices itself.
    pub fn flag_range(&self, m: &ModuleConstants) -> Option<String> {
        match self.name {
            // The flag counts subnets; the module takes their IDs.
            "asg_subnets" => Some(m.limits.asg_subnets.to_string()),
            "efs_throughput_mode" => None,
            name => match (m.limits.range(name), m.ecs.limits.range(name)) {
                (Some(own), Some(ecs)) => Some(own.intersect(&ecs).to_string()),
                _ => self.accepted(m),
            },
        }
    }

    /// The `--help` line of its flag: what it is, what the whole stack
    /// accepts, and what null means, all from the loaded data.
    pub fn help(&self, m: &ModuleConstants) -> String {
        let range = self
            .flag_range(m)
            .map_or(String::new(), |r| format!(" ({r})"));
        let default = match self.name {
            "asg_subnets" => m.defaults.subnets.get().to_string(),
            _ => self.null_meaning(m),
        };
        format!("{}{range} [default: {default}]", self.what)
    }
}

/// The value `ami_id` stands for when it is set but unknown before
/// `terraform plan` (`check`): set, so not the ECS module's default AMI.
pub const UNKNOWN_AMI_ID: &str = "(unknown)";

/// Whether EC2 would take the text as an AMI ID: `ami-` and 8 or 17
/// lowercase hexadecimal digits.
fn well_formed_ami_id(id: &str) -> bool {
    id.strip_prefix("ami-").is_some_and(|hex| {
        matches!(hex.len(), 8 | 17) && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// A malformed ami_id: the plan passes it on, EC2 refuses it at apply.
pub fn ami_id_problem(id: &str) -> Option<SizingError> {
    if id == UNKNOWN_AMI_ID || well_formed_ami_id(id) {
        return None;
    }
    Some(SizingError::Rejected {
        variable: "ami_id",
        value: format!("\"{id}\""),
        accepted: "an AMI ID: \"ami-\" and 8 or 17 lowercase hexadecimal digits".into(),
        by: "`terraform apply` fails at AWS: EC2 refuses the launch template's malformed \
             image ID"
            .into(),
    })
}

/// The module's sizing variables. `None` is Terraform's `null`: the module
/// derives the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SizingInputs {
    /// The AMI the instances launch from; `None`: the ECS module's default
    /// AMI, whose architecture is `[module.ecs.default_ami]`'s. A value set
    /// but unknown before `terraform plan` is `"(unknown)"` (`check`).
    pub ami_id: Option<String>,
    pub asg_instance_type: String,
    pub asg_min_size: Option<u64>,
    pub asg_max_size: Option<u64>,
    /// The number of subnets in `asg_subnets`.
    pub subnets: u64,
    pub container_memory: u64,
    pub container_memory_reservation: Option<u64>,
    pub container_cpu: Option<u64>,
    pub gunicorn_workers: Option<u64>,
    pub task_min_count: Option<u64>,
    pub task_max_count: Option<u64>,
}

impl SizingInputs {
    /// The module's defaults for everything but the instance type.
    pub fn defaults(module: &ModuleConstants, asg_instance_type: &str) -> SizingInputs {
        SizingInputs {
            ami_id: None,
            asg_instance_type: asg_instance_type.to_string(),
            asg_min_size: None,
            asg_max_size: None,
            subnets: module.defaults.subnets.get(),
            container_memory: module.defaults.container_memory,
            container_memory_reservation: None,
            container_cpu: None,
            gunicorn_workers: None,
            task_min_count: None,
            task_max_count: None,
        }
    }

    /// A profile's config over the module's defaults.
    pub fn from_profile(module: &ModuleConstants, profile: &Profile) -> SizingInputs {
        SizingInputs::defaults(module, profile.instance_type()).with(&profile.config)
    }

    /// These inputs with each argument `set` sets in place of its value.
    pub fn with(self, set: &ModuleArguments) -> SizingInputs {
        SizingInputs {
            ami_id: set.ami_id.clone().or(self.ami_id),
            asg_instance_type: set
                .instance_type()
                .map_or(self.asg_instance_type, str::to_string),
            asg_min_size: set.asg_min_size.or(self.asg_min_size),
            asg_max_size: set.asg_max_size.or(self.asg_max_size),
            subnets: set.asg_subnets.unwrap_or(self.subnets),
            container_memory: set.container_memory.unwrap_or(self.container_memory),
            container_memory_reservation: set
                .container_memory_reservation
                .or(self.container_memory_reservation),
            container_cpu: set.container_cpu.or(self.container_cpu),
            gunicorn_workers: set.gunicorn_workers.or(self.gunicorn_workers),
            task_min_count: set.task_min_count.or(self.task_min_count),
            task_max_count: set.task_max_count.or(self.task_max_count),
        }
    }

    /// The inputs that override what the module would derive (steps 1, 2,
    /// 3, 10, 11), by name; `None` where the module derives it.
    pub fn overrides(&self) -> [(&'static str, Option<u64>); 5] {
        [
            (
                "container_memory_reservation",
                self.container_memory_reservation,
            ),
            ("container_cpu", self.container_cpu),
            ("gunicorn_workers", self.gunicorn_workers),
            ("task_min_count", self.task_min_count),
            ("task_max_count", self.task_max_count),
        ]
    }

    /// The reservation pypiserver passes on: the input, or step 3's
    /// floor(container_memory × ratio). The product is exact in f64 for any
    /// container_memory the module accepts; the cast saturates rather than
    /// wraps for absurd data.
    pub fn reservation(&self, m: &ModuleConstants) -> u64 {
        self.container_memory_reservation.unwrap_or_else(|| {
            (self.container_memory as f64 * m.memory_reservation_ratio.get()).floor() as u64
        })
    }

    /// A variable's value by name, for the whole-number variables.
    pub fn number(&self, name: &str) -> Option<u64> {
        match name {
            "asg_min_size" => self.asg_min_size,
            "asg_max_size" => self.asg_max_size,
            "asg_subnets" => Some(self.subnets),
            "container_memory" => Some(self.container_memory),
            "container_memory_reservation" => self.container_memory_reservation,
            "container_cpu" => self.container_cpu,
            "gunicorn_workers" => self.gunicorn_workers,
            "task_min_count" => self.task_min_count,
            "task_max_count" => self.task_max_count,
            _ => None,
        }
    }

    /// The validations of the whole stack: the first problem.
    pub fn validate(&self, m: &ModuleConstants) -> Result<(), SizingError> {
        first(self.problems(m))
    }

    /// What fails `terraform plan`: both modules' variable validations.
    pub fn validate_plan(&self, m: &ModuleConstants) -> Result<(), SizingError> {
        let mut problems = self.pypiserver_problems(m);
        problems.extend(self.ecs_problems(m));
        first(problems)
    }

    /// What fails `terraform apply` at AWS after a clean plan.
    pub fn validate_apply(&self, m: &ModuleConstants) -> Result<(), SizingError> {
        first(self.apply_problems(m))
    }

    /// Every input the stack rejects, in the order Terraform and AWS meet
    /// them: pypiserver's validations, then the ECS module's (the plan
    /// fails), then the ECS API's (the apply fails).
    pub fn problems(&self, m: &ModuleConstants) -> Vec<SizingError> {
        let mut problems = self.pypiserver_problems(m);
        problems.extend(self.ecs_problems(m));
        problems.extend(self.apply_problems(m));
        problems
    }

    /// What pypiserver's own variable validations refuse (the plan fails
    /// even where the module has no instance).
    pub fn pypiserver_problems(&self, m: &ModuleConstants) -> Vec<SizingError> {
        let mut problems = Vec::new();
        if !m.limits.asg_instance_type.is_match(&self.asg_instance_type) {
            problems.push(SizingError::OutOfRange {
                variable: "asg_instance_type",
                value: format!("\"{}\"", self.asg_instance_type),
                accepted: variable("asg_instance_type")
                    .and_then(|v| v.accepted(m))
                    .unwrap_or_default(),
            });
        }
        for v in VARIABLES {
            let bounds = match v.name {
                "asg_subnets" => Some(m.limits.asg_subnets),
                name => m.limits.range(name),
            };
            if let (Some(value), Some(bounds)) = (self.number(v.name), bounds)
                && !bounds.contains(value)
            {
                problems.push(SizingError::OutOfRange {
                    variable: v.name,
                    value: value.to_string(),
                    accepted: bounds.to_string(),
                });
            }
        }
        if let (Some(min), Some(max)) = (self.asg_min_size, self.asg_max_size)
            && min > max
        {
            problems.push(SizingError::Inconsistent {
                variables: &["asg_min_size", "asg_max_size"],
                message: format!(
                    "asg_min_size ({min}) is above asg_max_size ({max}); \
                     the module requires asg_min_size <= asg_max_size"
                ),
            });
        }
        problems
    }

    /// What pypiserver passes the ECS module, checked against its
    /// validations. pypiserver passes asg_min_size and asg_max_size as given
    /// (null stays null), the reservation and task_min_count as it derives
    /// them; a derived task_min_count is 0 only with asg_min_size 0, which
    /// the first check names.
    fn ecs_problems(&self, m: &ModuleConstants) -> Vec<SizingError> {
        let by = format!(
            "`terraform plan` fails in the ECS module {} {} that pypiserver calls",
            m.ecs.source, m.ecs.version
        );
        let passed = [
            ("asg_min_size", self.asg_min_size),
            ("asg_max_size", self.asg_max_size),
            (
                "container_memory_reservation",
                self.container_memory_reservation,
            ),
            (
                "task_min_count",
                self.task_min_count
                    .or((self.asg_min_size == Some(0)).then_some(0)),
            ),
        ];
        let mut problems = Vec::new();
        for (name, value) in passed {
            let Some(value) = value else { continue };
            let Some(bounds) = m.ecs.limits.range(name) else {
                continue;
            };
            if !bounds.contains(value) {
                let derived = name == "task_min_count" && self.task_min_count.is_none();
                problems.push(SizingError::Rejected {
                    variable: name,
                    value: if derived {
                        format!("{value} (derived from asg_min_size 0)")
                    } else {
                        value.to_string()
                    },
                    accepted: bounds.to_string(),
                    by: by.clone(),
                });
            }
        }
        problems
    }

    /// The ECS API refuses a task definition whose soft memory limit is not
    /// below its hard limit: `terraform apply` fails, not the plan.
    fn apply_problems(&self, m: &ModuleConstants) -> Vec<SizingError> {
        let mut problems = Vec::new();
        // With asg_min_size null the group's minimum is the subnet count;
        // AWS refuses a group whose minimum is above its maximum.
        if let (None, Some(max)) = (self.asg_min_size, self.asg_max_size)
            && self.subnets > max
        {
            problems.push(SizingError::Rejected {
                variable: "asg_max_size",
                value: max.to_string(),
                accepted: format!(
                    "at least the {} subnets, or an asg_min_size at most {max}",
                    self.subnets
                ),
                by: format!(
                    "`terraform apply` fails at AWS: with asg_min_size null the group's minimum \
                     is the {} subnets, above its maximum",
                    self.subnets
                ),
            });
        }
        problems.extend(self.ami_id.as_deref().and_then(ami_id_problem));
        problems.extend(self.memory_apply_problem(m));
        problems
    }

    /// Why the stack cannot launch its instance type, in the order Terraform
    /// and AWS meet it: a root volume the plan refuses (website-pod's
    /// launch template), then the AMI's architecture. With ami_id null, the
    /// ECS module launches its default AMI, of one architecture: an instance
    /// type of another cannot start from it, and `terraform apply` times
    /// out. A set ami_id cannot be checked offline.
    pub fn launch_problem(&self, m: &ModuleConstants, instance: &Instance) -> Option<SizingError> {
        crate::module::stack::root_volume_problem(
            &m.stack,
            &self.asg_instance_type,
            instance.memory_mib.get(),
        )
        .or_else(|| self.architecture_problem(m, instance.arch))
    }

    /// The AMI's half of [`SizingInputs::launch_problem`]: an apply-time
    /// failure, met after the plan's checks.
    pub fn architecture_problem(&self, m: &ModuleConstants, arch: Arch) -> Option<SizingError> {
        let ami = &m.ecs.default_ami;
        if self.ami_id.is_some() || arch == ami.architecture {
            return None;
        }
        Some(SizingError::NotLaunchable {
            instance: self.asg_instance_type.clone(),
            arch,
            ami_arch: ami.architecture,
            ecs: format!("{} {}", m.ecs.source, m.ecs.version),
            ami: ami.describe(),
        })
    }

    fn memory_apply_problem(&self, m: &ModuleConstants) -> Option<SizingError> {
        let reservation = self.reservation(m);
        if reservation < self.container_memory {
            return None;
        }
        Some(SizingError::Rejected {
            variable: "container_memory_reservation",
            value: reservation.to_string(),
            accepted: format!("a value below container_memory ({})", self.container_memory),
            by: "`terraform apply` fails at AWS: ECS requires a task's memory to be greater \
                 than its memoryReservation"
                .to_string(),
        })
    }
}

fn first(problems: Vec<SizingError>) -> Result<(), SizingError> {
    match problems.into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Tables;

    /// Every sizing input of the arithmetic is a variable of the interface;
    /// and the interface is the copy tf-eval's tests read, so their checks
    /// (every type parses, the reader converts as Terraform) cover this one.
    #[test]
    fn the_interface_covers_the_sizing_variables_and_is_tf_evals_copy() {
        let tables = Tables::embedded();
        let interface = &tables.module.interface;
        for name in names() {
            assert!(interface.variable(name).is_some(), "{name}");
        }
        let copy: serde_json::Value = serde_json::from_str(include_str!(
            "../../crates/tf-eval/tests/pypiserver-interface.json"
        ))
        .unwrap();
        assert_eq!(serde_json::to_value(interface).unwrap(), copy);
    }

    /// `ModuleArguments` (what a profile, the flags and a block set) has
    /// one field for each row of the table, named as it, and no other.
    #[test]
    fn the_arguments_struct_has_the_tables_names() {
        for name in names() {
            let mut values = serde_json::Map::new();
            values.insert(name.into(), serde_json::Value::Null);
            assert!(ModuleArguments::from_values(values).is_ok(), "{name}");
        }
        let mut unknown = serde_json::Map::new();
        unknown.insert("not_a_variable".into(), serde_json::Value::Null);
        let e = ModuleArguments::from_values(unknown).unwrap_err();
        let fields: Vec<&str> = e.split('`').skip(3).step_by(2).collect();
        assert_eq!(fields, names().collect::<Vec<_>>(), "{e}");
    }

    #[test]
    fn only_the_default_amis_architecture_launches_without_ami_id() {
        let t = Tables::embedded();
        let m = &t.module;
        assert_eq!(m.ecs.default_ami.architecture, Arch::X86_64);
        let mut inputs = SizingInputs::defaults(m, "c7g.xlarge");
        let c7g = t.instance("c7g.xlarge").unwrap();
        let x86 = Instance {
            arch: Arch::X86_64,
            ..c7g.clone()
        };
        assert!(inputs.launch_problem(m, &x86).is_none());
        let e = inputs.launch_problem(m, c7g).unwrap();
        assert_eq!(e.variables(), ["ami_id", "asg_instance_type"]);
        let text = e.to_string();
        for words in [
            "c7g.xlarge",
            "arm64",
            "ami_id null",
            "al2023-ami-ecs-hvm-*",
            "7.12.0",
        ] {
            assert!(text.contains(words), "{words}: {text}");
        }
        // Set, even unknown, the AMI is not the default one: no refusal.
        inputs.ami_id = Some(UNKNOWN_AMI_ID.into());
        assert!(inputs.launch_problem(m, c7g).is_none());
    }

    #[test]
    fn a_root_volume_the_plan_refuses_comes_before_the_ami() {
        let t = Tables::embedded();
        let m = &t.module;
        // c4.large: x86_64, 3840 MiB, a 37.5 GB root volume; an ami_id
        // does not help.
        let mut inputs = SizingInputs::defaults(m, "c4.large");
        inputs.ami_id = Some("ami-12345678".into());
        let e = inputs.launch_problem(m, t.instance("c4.large").unwrap());
        assert!(matches!(
            e,
            Some(SizingError::Rejected {
                variable: "asg_instance_type",
                ..
            })
        ));
    }

    #[test]
    fn an_ami_id_must_look_like_one() {
        for good in ["ami-12345678", "ami-0123456789abcdef0", UNKNOWN_AMI_ID] {
            assert!(ami_id_problem(good).is_none(), "{good}");
        }
        for bad in [
            "",
            "ami-",
            "ami-1234567",
            "ami-0123456789ABCDEF0",
            "img-12345678",
        ] {
            let e = ami_id_problem(bad).unwrap();
            assert_eq!(e.variables(), ["ami_id"], "{bad}");
        }
        // And sizing's validation meets it where AWS does: at apply.
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, "c6a.xlarge");
        inputs.ami_id = Some("ubuntu".into());
        assert!(inputs.validate_plan(&t.module).is_ok());
        assert!(inputs.validate_apply(&t.module).is_err());
    }
}
