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

pub use answers::schema::SCHEMA_VERSION;
pub use data::Tables;
pub use data::embedded::{EMBEDDED_CATALOG, EMBEDDED_PROFILES, EMBEDDED_PROFILES_JSON};
pub use data::error::{DataError, SizingError};
