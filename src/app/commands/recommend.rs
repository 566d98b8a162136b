//! `recommend`: the guide's config for a profile, or for the smallest
//! profile that covers a workload.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::recommend::select_profile;
use pypi_size::answers::sizing;

use crate::app::cli::RecommendArgs;
use crate::app::requests;
use crate::app::usage::{in_flag_terms, in_profile_terms};
use crate::render::Document;

pub fn exec(tables: &Tables, args: &RecommendArgs) -> Result<Document> {
    // Checked once up front, so the closure below cannot fail.
    requests::cost_inputs(tables, sizing::default_costs(tables), &args.cost)?;
    let costs = |base| requests::cost_inputs(tables, base, &args.cost).unwrap_or(base);
    let (name, report) = match &args.profile {
        Some(name) => (
            name.clone(),
            sizing::recommend_profile(tables, name, costs, None),
        ),
        None => {
            let figures = requests::workload(args);
            let selection = select_profile(tables, &figures).map_err(in_flag_terms)?;
            let name = selection.profile.clone();
            let report =
                sizing::recommend_profile(tables, &name, costs, Some((&figures, selection)));
            (name, report)
        }
    };
    Ok(Document::Recommend(
        report.map_err(|e| in_profile_terms(tables, &name, e))?,
    ))
}
