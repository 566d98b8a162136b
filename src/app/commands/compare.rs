//! `compare`: one container config on several instance types.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::compare;

use crate::app::cli::CompareArgs;
use crate::app::requests;
use crate::app::usage::in_flag_terms;
use crate::render::Document;

pub fn exec(tables: &Tables, args: &CompareArgs) -> Result<Document> {
    let types = requests::compared_types(tables, args)?;
    let (inputs, costs) = requests::compared_config(tables, args)?;
    Ok(Document::Compare(
        compare::compare(tables, &inputs, &costs, &types, args.sort).map_err(in_flag_terms)?,
    ))
}
