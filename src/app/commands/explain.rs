//! `explain`: the module's derivation for a config, step by step.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::explain;

use crate::app::cli::ConfigArgs;
use crate::app::requests;
use crate::render::Document;

pub fn exec(tables: &Tables, args: &ConfigArgs) -> Result<Document> {
    let (request, _) = requests::config_request(tables, args)?;
    Ok(Document::Explain(
        explain::explain(tables, &request)
            .map_err(|e| super::capacity::in_terms(tables, args, e))?,
    ))
}
