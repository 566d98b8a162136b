//! The data layer: the types of profiles.toml and their checked values. It
//! knows nothing of the module's arithmetic; every layer above reads it.

pub mod arguments;
pub mod catalog;
pub mod choice;
pub mod embedded;
pub mod error;
pub mod import;
pub mod load;
pub mod sanity;
pub mod tables;
pub mod values;

pub use arguments::ModuleArguments;
pub use catalog::{Arch, Catalog, CatalogMeta, Instance};
pub use choice::{Choice, Named};
pub use load::{family_of, is_module_instance_type};
pub use tables::*;
pub use values::{Amount, Bounds, Pattern, Percent, Positive, Ratio, Usd};
