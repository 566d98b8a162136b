//! A Terraform evaluator: reads a root's files as Terraform 1.0.3 reads them
//! and answers, for the `module` blocks whose `source` is asked for (in the
//! root and in the local modules it calls), each argument evaluated as
//! Terraform would evaluate it before `plan` and converted to the called
//! module's type, or marked unknown with the reason. It knows no particular
//! module: the module's interface is data the caller passes in
//! ([`ModuleInterface`]).
//!
//! Pure: it takes file texts, not paths, and asks a [`SourceTree`] for the
//! files of a local module; it prints nothing. hcl-edit parses (keeping byte
//! spans for line numbers); the evaluation is this crate's own, with
//! Terraform's numbers ([`number`]), types and functions.
//!
//! This file holds the public types; the work is in the files below, each
//! using only those listed before it: `text` and `suggest` (positions and
//! "did you mean"), `number` (Terraform's 512-bit numbers), `interface` (a
//! module's variables, as data), `value` (values and the evaluation budget),
//! `types` (type constraints and conversion), `format` and
//! `functions` (the built-in functions), `references`, `parse` (files),
//! `eval` (expressions), `config` (a module's declarations), `sources` (what
//! a `source` names), `variables` (a root's settings), `scope` (names,
//! lazily), `modules` (the blocks asked for), and `version`.

mod config;
mod eval;
mod format;
mod functions;
mod interface;
mod modules;
pub mod number;
mod parse;
mod references;
mod scope;
mod sources;
pub mod suggest;
#[cfg(test)]
mod test_support;
pub mod text;
mod types;
mod value;
mod variables;
pub mod version;

use std::collections::BTreeMap;

use serde::Serialize;

pub use functions::NAMES as FUNCTIONS;
pub use interface::{InterfaceVariable, ModuleInterface};
pub use modules::{MAX_BLOCKS, Request, module_blocks, read_modules};
pub use scope::MAX_INSTANCES;
pub use sources::{Source, Wanted, classify, is_registry_source};
pub use value::{MAX_TOTAL_WORK, MAX_VALUE_SIZE, MAX_WORK};
pub use variables::VarSetting;

/// A `.tf` file.
#[derive(Debug, Clone)]
pub struct TfFile {
    pub path: String,
    pub text: String,
}

/// One Terraform root: its directory, its `.tf` files and the variable
/// values that apply, in Terraform's precedence order (lowest first).
#[derive(Debug, Clone, Default)]
pub struct Root {
    /// The directory local module sources are relative to (`.` if empty).
    pub dir: String,
    pub tf_files: Vec<TfFile>,
    pub settings: Vec<VarSetting>,
}

/// Where the files of local modules come from.
pub trait SourceTree {
    /// The `.tf` and `.tf.json` files of the module in `dir`, or why not.
    fn module_files(&self, dir: &str) -> Result<Vec<TfFile>, String>;
}

/// A tree without local modules.
pub struct NoModules;

impl SourceTree for NoModules {
    fn module_files(&self, dir: &str) -> Result<Vec<TfFile>, String> {
        Err(format!("{dir}: local modules are not read here"))
    }
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
        if self.line == 0 {
            // No line: a place in a document without lines to point at (a plan).
            return write!(f, "{}", self.file);
        }
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl Location {
    /// `file:line`, or the file alone where there is no line (line 0).
    pub fn file_line(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}", self.file, self.line)
        }
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

/// How many copies of a module block `count` or `for_each` make.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Copies {
    /// Neither is set, or this block is one instance of them.
    #[default]
    One,
    Known {
        meta: &'static str,
        n: u64,
    },
    Unknown {
        meta: &'static str,
        reason: String,
    },
    /// Terraform refuses the value.
    Invalid {
        meta: &'static str,
        message: String,
    },
}

/// Something in a module block Terraform refuses: an argument the module
/// does not have, a required one missing, a value of the wrong type, an
/// expression Terraform cannot evaluate, or one past pypi-size's budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `unsupported_argument`, `missing_required`, `invalid_value`,
    /// `evaluation_budget`, `version_not_allowed`.
    pub code: &'static str,
    pub argument: Option<String>,
    pub message: String,
    pub fix: String,
    pub location: Location,
}

/// A `module` block that uses the pypiserver module (one instance of it when
/// its arguments use `count.index` or `each.*`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModuleBlock {
    pub name: String,
    /// Its address from the root: `module.pypiserver`,
    /// `module.platform[0].module.pypiserver["eu"]`.
    pub address: String,
    pub source: String,
    /// The `version` constraint, or the git `ref`, if the block has one, and where.
    #[serde(skip)]
    pub version: Option<(String, Location)>,
    /// From git: whether a `ref` pins the version.
    #[serde(skip)]
    pub git: Option<bool>,
    pub location: Location,
    pub arguments: BTreeMap<String, Argument>,
    #[serde(skip)]
    pub copies: Copies,
    #[serde(skip)]
    pub problems: Vec<Problem>,
}

/// A module call pypi-size does not read into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadCall {
    /// `module.platform`, `module.a.module.b`.
    pub address: String,
    /// The source, with the `version` it asks for after a space.
    pub source: String,
    pub location: Location,
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
    /// Every module call whose contents are not read (a registry, git or
    /// other remote source, the look-alikes among them): a pypiserver block
    /// inside one is not seen.
    pub unread: Vec<UnreadCall>,
    /// The `moved` blocks between module addresses, as from the root:
    /// (from, to).
    pub moved: Vec<(String, String)>,
    /// The directories of the local modules followed.
    pub followed: Vec<String>,
}
