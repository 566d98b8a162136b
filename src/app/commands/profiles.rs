//! `profiles`: the guide's workload profiles, each sized.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::listing;

use crate::app::usage::in_flag_terms;
use crate::render::Document;

pub fn exec(tables: &Tables) -> Result<Document> {
    Ok(Document::Profiles(
        listing::profiles(tables).map_err(in_flag_terms)?,
    ))
}
