//! pypi-size's core: the capacity arithmetic of the Terraform module
//! `infrahouse/pypiserver/aws`, its monthly cost, and the sizing guide's
//! workload profiles.
//!
//! The core is pure: it reads no file and prints nothing. It takes the data
//! tables (see [`tables`]) and a request, and returns plain serde structs that
//! the binary's renderers turn into text.

pub mod advise;
pub mod capacity;
pub mod check;
pub mod compare;
pub mod cost;
pub mod error;
pub mod explain;
pub mod listing;
pub mod optimize;
pub mod recommend;
pub mod report;
pub mod schema;
pub mod suggest;
pub mod tables;
pub mod terraform;
mod text;
pub mod warnings;

pub use error::{DataError, SizingError};
pub use tables::Tables;

/// The `profiles.toml` shipped with pypi-size, embedded in the binary.
pub const EMBEDDED_PROFILES: &str = include_str!("../profiles.toml");

/// The version of the JSON documents pypi-size prints. Bumped only when a key
/// is removed or changes meaning; new keys may appear within a version.
pub const SCHEMA_VERSION: u32 = 1;
