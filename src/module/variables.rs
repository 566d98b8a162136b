//! The module's sizing variables: their names, the request that carries
//! them, and the module's own validations of them.

use serde::Serialize;

use crate::data::error::SizingError;
use crate::data::{Limits, ModuleConstants, Profile, is_module_instance_type};

/// The module's variables that sizing reads (module-spec.md's inputs table).
pub const MODULE_VARIABLES: [&str; 13] = [
    "asg_instance_type",
    "asg_min_size",
    "asg_max_size",
    "asg_subnets",
    "container_memory",
    "container_memory_reservation",
    "container_cpu",
    "gunicorn_workers",
    "task_min_count",
    "task_max_count",
    "efs_throughput_mode",
    "efs_provisioned_throughput_in_mibps",
    "efs_lifecycle_policy",
];

/// The module's sizing variables. `None` is Terraform's `null`: the module
/// derives the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SizingInputs {
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
        let c = &profile.config;
        SizingInputs {
            asg_min_size: c.asg_min_size,
            asg_max_size: c.asg_max_size,
            container_memory: c
                .container_memory
                .unwrap_or(module.defaults.container_memory),
            container_memory_reservation: c.container_memory_reservation,
            container_cpu: c.container_cpu,
            gunicorn_workers: c.gunicorn_workers,
            task_min_count: c.task_min_count,
            task_max_count: c.task_max_count,
            ..SizingInputs::defaults(module, c.asg_instance_type.get_ref())
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

    /// The module's variable validations (module-spec.md, inputs table): the
    /// first problem.
    pub fn validate(&self, limits: &Limits) -> Result<(), SizingError> {
        match self.problems(limits).into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Every input the module's validations reject, in the variables' order.
    pub fn problems(&self, limits: &Limits) -> Vec<SizingError> {
        let mut problems = Vec::new();
        let mut reject = |variable: &'static str, value: String, accepted: String| {
            problems.push(SizingError::OutOfRange {
                variable,
                value,
                accepted,
            })
        };
        if !is_module_instance_type(&self.asg_instance_type) {
            reject(
                "asg_instance_type",
                format!("\"{}\"", self.asg_instance_type),
                "an instance type name like \"c6a.xlarge\" (^[a-z][0-9][a-z]?\\.[a-z0-9]+$)".into(),
            );
        }
        for (variable, value, bounds) in [
            (
                "container_memory",
                Some(self.container_memory),
                limits.container_memory,
            ),
            (
                "container_memory_reservation",
                self.container_memory_reservation,
                limits.container_memory_reservation,
            ),
            ("container_cpu", self.container_cpu, limits.container_cpu),
            (
                "gunicorn_workers",
                self.gunicorn_workers,
                limits.gunicorn_workers,
            ),
        ] {
            if let Some(v) = value.filter(|v| !bounds.contains(*v)) {
                reject(variable, v.to_string(), bounds.to_string());
            }
        }
        for (variable, value) in [
            ("asg_max_size", self.asg_max_size),
            ("task_max_count", self.task_max_count),
            ("subnets", Some(self.subnets)),
        ] {
            if value == Some(0) {
                reject(variable, "0".into(), "a whole number above 0".into());
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
}
