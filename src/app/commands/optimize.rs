//! `optimize`: the cheapest configurations that meet a workload's needs;
//! exit code 3 (a verdict) when none does; 1 when `--p95`'s prediction
//! budget ran out before any met the target (incomplete, not a verdict).

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::optimize;

use crate::app::cli::OptimizeArgs;
use crate::app::exit_codes;
use crate::app::requests;
use crate::app::usage::in_flag_terms;
use crate::render::Document;

pub fn exec(tables: &Tables, args: &OptimizeArgs) -> Result<(Document, u8)> {
    let (requirements, costs) = requests::requirements(tables, args)?;
    let result = optimize::optimize(tables, &requirements, &costs).map_err(in_flag_terms)?;
    let code = if result.search_incomplete {
        exit_codes::INCOMPLETE
    } else if result.configurations.is_empty() {
        exit_codes::NO_SOLUTION
    } else {
        exit_codes::SUCCESS
    };
    Ok((Document::Optimize(result), code))
}
