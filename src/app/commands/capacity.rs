//! `capacity`: what Terraform computes for one config.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::sizing;

use crate::app::cli::ConfigArgs;
use crate::app::requests;
use crate::app::usage::{in_flag_terms, in_profile_terms};
use crate::render::Document;

pub fn exec(tables: &Tables, args: &ConfigArgs) -> Result<Document> {
    let (request, profile) = requests::config_request(tables, args)?;
    Ok(Document::Capacity(
        sizing::size(tables, &request, profile, None).map_err(|e| in_terms(tables, args, e))?,
    ))
}

/// The error in the flags' terms; where a profile's own instance type is
/// the trouble (no --instance given), in the profile's.
pub fn in_terms(tables: &Tables, args: &ConfigArgs, e: pypi_size::SizingError) -> anyhow::Error {
    match (&args.profile, &args.capacity.instance) {
        (Some(name), None) => in_profile_terms(tables, name, e),
        _ => in_flag_terms(e),
    }
}
