//! pypi-size's core: the capacity arithmetic of the Terraform module
//! `infrahouse/pypiserver/aws`, its monthly cost, and the sizing guide's
//! workload profiles.
//!
//! The core is pure: it reads no file and prints nothing. Its layers import
//! only downward: [`data`] (profiles.toml) → [`module`] (the module's
//! variables and arithmetic) → [`answers`] (one per command). Beneath them
//! all is the workspace crate [`tf_eval`] (crates/tf-eval): the Terraform
//! reader, with Terraform's own number arithmetic, which knows nothing of
//! pypi-size. The binary adds the renderers and the command line on top.

pub mod answers;
pub mod data;
pub mod module;

pub use data::Tables;
pub use data::error::{DataError, SizingError};

/// The `profiles.toml` shipped with pypi-size, embedded in the binary.
pub const EMBEDDED_PROFILES: &str = include_str!("../profiles.toml");

/// The same, as build.rs turned it into JSON: what the binary loads.
pub const EMBEDDED_PROFILES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/profiles.json"));

/// The instance catalog shipped with pypi-size (catalog.toml). The binary
/// uses the static data build.rs makes of it (`data::Catalog::embedded`).
pub const EMBEDDED_CATALOG: &str = include_str!("../catalog.toml");

/// The version of the JSON documents pypi-size prints. Bumped only when a key
/// is removed or changes meaning; new keys may appear within a version.
pub const SCHEMA_VERSION: u32 = 3;
