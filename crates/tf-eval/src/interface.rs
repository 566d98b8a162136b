//! A called module's whole interface, as data: every variable with its
//! Terraform type and whether it is required, its meta-arguments, and the
//! git repository it is published from. The reader refuses an argument that
//! is not in it and a required one that is missing, as Terraform does, and
//! converts each value to its type. pypi-size loads it from profiles.toml's
//! `[module.interface]`, so a new module version is a change of that table.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleInterface {
    /// `host/owner/name` of the module's git repository: its git and GitHub
    /// sources name it.
    pub repository: String,
    /// The arguments Terraform itself takes in a module block.
    pub meta_arguments: Vec<String>,
    pub variables: Vec<InterfaceVariable>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InterfaceVariable {
    pub name: String,
    /// A Terraform type constraint (`number`, `list(string)`); `object`
    /// stands for any object.
    #[serde(rename = "type")]
    pub type_: String,
    pub required: bool,
}

impl ModuleInterface {
    pub fn variable(&self, name: &str) -> Option<&InterfaceVariable> {
        self.variables.iter().find(|v| v.name == name)
    }
}
