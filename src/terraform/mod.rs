//! Reading the Terraform users already have: the `module` blocks that use the
//! pypiserver module, with each sizing argument resolved as Terraform would
//! resolve it before `plan`, or marked unknown with the reason.
//!
//! Pure like the rest of the core: it takes file texts, not paths. hcl-edit
//! parses (keeping byte spans for line numbers); hcl-rs evaluates expressions
//! against the variables and locals this module resolves.
//!
//! This file holds the public types; the work is in the files below, each
//! using only those listed before it: `value` (one bounded evaluation),
//! `functions`, `references`, `parse`, `variables`, `evaluate` (the scope of
//! `var.*` and `local.*`), `modules` (the blocks asked for), and `version`.

mod evaluate;
mod functions;
mod modules;
mod parse;
mod references;
#[cfg(test)]
mod test_support;
mod value;
mod variables;
pub mod version;

use std::collections::BTreeMap;

use serde::Serialize;

pub use modules::{is_registry_source, module_blocks, read_modules};
pub use variables::{VarSetting, VariableValue};

/// A `.tf` file.
#[derive(Debug, Clone)]
pub struct TfFile {
    pub path: String,
    pub text: String,
}

/// One Terraform root: its `.tf` files and the variable values that apply, in
/// Terraform's precedence order (lowest first).
#[derive(Debug, Clone, Default)]
pub struct Root {
    pub tf_files: Vec<TfFile>,
    pub settings: Vec<VarSetting>,
}

/// Where something stands in a file (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A value as far as it can be known before `terraform plan`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Resolved {
    Known { value: serde_json::Value },
    Unknown { reason: String },
}

/// One argument of a module block.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Argument {
    #[serde(flatten)]
    pub value: Resolved,
    /// How the value was found: `literal`, `var.NAME (from ...)`, `expression`.
    pub origin: String,
    pub location: Location,
}

/// A `module` block that uses the pypiserver module.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModuleBlock {
    pub name: String,
    pub source: String,
    /// The `version` constraint, if the block has one, and where.
    #[serde(skip)]
    pub version: Option<(String, Location)>,
    pub location: Location,
    pub arguments: BTreeMap<String, Argument>,
}

/// A file Terraform itself would refuse: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct TfError {
    pub location: Location,
    pub message: String,
}

/// What a root's module blocks are, once read.
#[derive(Debug, Clone, PartialEq)]
pub struct Modules {
    /// The blocks whose `source` is one of the sources asked for.
    pub blocks: Vec<ModuleBlock>,
    /// Other blocks whose source mentions pypiserver: where, and the source.
    pub lookalikes: Vec<(Location, String)>,
}
