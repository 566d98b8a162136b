//! `advise`: what to change, from what CloudWatch shows; with
//! --detailed-exitcode, exit code 3 (a verdict) when a change is proposed.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::advise;

use crate::app::cli::AdviseArgs;
use crate::app::exit_codes;
use crate::app::requests;
use crate::app::usage::in_flag_terms;
use crate::render::Document;

pub fn exec(tables: &Tables, args: &AdviseArgs) -> Result<(Document, u8)> {
    let (request, profile) = requests::config_request(tables, &args.config)?;
    let metrics = requests::metrics(args);
    let advice = advise::advise(tables, &request, profile, &metrics).map_err(in_flag_terms)?;
    let code = if args.detailed_exitcode && advice.actions.iter().any(|a| a.proposed.is_some()) {
        exit_codes::CHANGES
    } else {
        exit_codes::SUCCESS
    };
    Ok((Document::Advise(advice), code))
}
