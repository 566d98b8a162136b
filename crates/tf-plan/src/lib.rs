//! tf-plan: reads the JSON document `terraform show -json PLANFILE` prints
//! (plan format 1.x) from any reader, as a stream, and keeps only what the
//! caller asks for: every module call of the configuration (source, version
//! constraint, argument expressions), the resource changes and prior-state
//! data sources of the resource types asked for (each with its actions,
//! before, after and what is unknown after apply), and the root variables.
//! Everything else (other resources, `planned_values`, `checks`) is skipped
//! without being kept, so a plan of hundreds of megabytes is read in little
//! memory. It knows nothing of any particular module.
//!
//! `reader.rs` holds the streaming visitors, `budget.rs` the limits on what
//! a plan may make it read or keep, `address.rs` module addresses.

mod address;
mod budget;
mod reader;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

pub use address::{call_path, split_module_address};
pub use budget::Limits;

/// Which resources to keep: resource types (managed and data alike).
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    pub resource_types: Vec<String>,
}

impl Wanted {
    fn wants(&self, resource_type: &str) -> bool {
        self.resource_types.iter().any(|t| t == resource_type)
    }
}

/// What a plan holds, of what was asked for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// `format_version`, "1.2" for Terraform 1.9.
    pub format_version: String,
    pub terraform_version: Option<String>,
    /// The root module's variables, as planned (`variables.NAME.value`).
    pub variables: BTreeMap<String, Value>,
    /// Every module call of the configuration, at any depth.
    pub calls: Vec<ModuleCall>,
    /// The resource changes (managed resources and data sources read during
    /// apply) of the types asked for.
    pub changes: Vec<ResourceChange>,
    /// The data sources `prior_state` holds (read during plan), of the
    /// types asked for.
    pub data: Vec<DataSource>,
}

/// A `module` block of the configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModuleCall {
    /// The call names from the root: `["platform", "pypiserver"]` for
    /// `module.platform.module.pypiserver` (instance keys are not part of
    /// a call: they are in the addresses of what it plans).
    pub path: Vec<String>,
    pub source: String,
    pub version_constraint: Option<String>,
    pub expressions: BTreeMap<String, Expression>,
    /// `count` or `for_each`, if the call has one.
    pub repetition: Option<&'static str>,
}

/// A module argument as the configuration shows it: a constant, or the
/// references its expression makes (the value is not shown).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Expression {
    /// `constant_value` (`null` included).
    Constant(Value),
    /// `references`, in order of appearance (Terraform keeps duplicates).
    References(Vec<String>),
    /// Anything else (a nested block's expressions).
    Other,
}

/// What Terraform plans to do with one resource instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    NoOp,
    Create,
    Read,
    Update,
    Delete,
    /// `["delete", "create"]` or `["create", "delete"]`.
    Replace,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::NoOp => "no-op",
            Action::Create => "create",
            Action::Read => "read",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Replace => "replace",
        }
    }

    /// Whether the resource exists after apply.
    pub fn exists_after(self) -> bool {
        self != Action::Delete
    }
}

/// One resource instance of `resource_changes`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceChange {
    pub address: String,
    /// The module instance it is in (`module.a["x"].module.b`), `None` in the root.
    pub module_address: Option<String>,
    /// `true` for a data source.
    pub data: bool,
    pub resource_type: String,
    pub action: Action,
    /// `null` for a create or a read.
    pub before: Value,
    /// `null` for a delete; the attributes unknown after apply are absent.
    pub after: Value,
    /// Mirrors `after`: `true` where the value is known only after apply.
    pub after_unknown: Value,
    /// Why a data source is read during apply, or a resource replaced.
    pub action_reason: Option<String>,
}

/// A data source `prior_state` holds.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSource {
    pub address: String,
    pub resource_type: String,
    pub values: Value,
}

/// Why a document could not be read as a plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("not JSON (at line {line}, column {column}): {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the document ends early (at line {line}, column {column}): a truncated plan")]
    Truncated { line: usize, column: usize },
    #[error("{0}")]
    Shape(String),
    #[error(
        "plan format_version \"{0}\" is not supported: pypi-size reads format 1.x (terraform show -json of Terraform 1.1 and later)"
    )]
    Version(String),
    #[error(
        "this is the JSON of a state, not of a plan (it has `values` but no `planned_values`, `resource_changes` or `configuration`): run `terraform plan -out=tfplan` and `terraform show -json tfplan`"
    )]
    State,
    #[error(
        "this is a state file (terraform.tfstate), not a plan: run `terraform plan -out=tfplan` and `terraform show -json tfplan`"
    )]
    StateFile,
    #[error(
        "the plan has no `configuration`: module calls and their sources cannot be found (terraform show -json of a saved plan file prints it)"
    )]
    NoConfiguration,
    #[error("{0}")]
    Budget(String),
    #[error("reading failed: {0}")]
    Io(String),
}

/// Reads a plan document from `reader`, keeping what `wanted` asks for.
pub fn read_plan(
    reader: impl std::io::Read,
    wanted: &Wanted,
    limits: &Limits,
) -> Result<Plan, PlanError> {
    reader::read(reader, wanted, limits)
}
