//! The data shipped inside the binary: profiles.toml (as written, and as
//! build.rs turned it into JSON) and catalog.toml. Here, in the data layer
//! that reads them, so that no layer reaches up to the crate root for them;
//! lib.rs re-exports them as `pypi_size::EMBEDDED_*`.

/// The `profiles.toml` shipped with pypi-size, embedded in the binary.
pub const EMBEDDED_PROFILES: &str = include_str!("../../profiles.toml");

/// The same, as build.rs turned it into JSON: what the binary loads.
pub const EMBEDDED_PROFILES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/profiles.json"));

/// The instance catalog shipped with pypi-size (catalog.toml). The binary
/// uses the static data build.rs makes of it (`data::Catalog::embedded`).
pub const EMBEDDED_CATALOG: &str = include_str!("../../catalog.toml");
