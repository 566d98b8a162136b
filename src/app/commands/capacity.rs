//! `capacity`: what Terraform computes for one config.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::sizing;

use crate::app::cli::ConfigArgs;
use crate::app::requests;
use crate::app::usage::in_flag_terms;
use crate::render::Document;

pub fn exec(tables: &Tables, args: &ConfigArgs) -> Result<Document> {
    let (request, profile) = requests::config_request(tables, args)?;
    Ok(Document::Capacity(
        sizing::size(tables, &request, profile, None).map_err(in_flag_terms)?,
    ))
}
