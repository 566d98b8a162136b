//! `advise`: what to change, from what CloudWatch shows; with
//! --detailed-exitcode, exit code 3 (a verdict) when a change is proposed.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::advise;

use crate::app::cli::AdviseArgs;
use crate::app::exit_codes;
use crate::app::requests;
use crate::app::usage::UsageError;
use crate::render::Document;

pub fn exec(tables: &Tables, args: &AdviseArgs) -> Result<(Document, u8)> {
    deployed_config_given(args)?;
    let (request, profile) = requests::config_request(tables, &args.config)?;
    let metrics = requests::metrics(args);
    let advice = advise::advise(tables, &request, profile, &metrics)
        .map_err(|e| super::capacity::in_terms(tables, &args.config, e))?;
    let code = if args.detailed_exitcode && advice.actions.iter().any(|a| a.proposed.is_some()) {
        exit_codes::CHANGES
    } else {
        exit_codes::SUCCESS
    };
    Ok((Document::Advise(advice), code))
}

/// Advice compares with what is deployed: without `--profile` or
/// `--instance` it would compare with the module's defaults, a guess (2 ×
/// t3.small), and recommend changes for the same workers. A usage error
/// that says how to give it.
fn deployed_config_given(args: &AdviseArgs) -> Result<()> {
    let c = &args.config;
    if c.profile.is_some() || c.capacity.instance.is_some() {
        return Ok(());
    }
    Err(UsageError(
        "advise needs the config the metrics come from: --profile NAME (a guide profile), or \
         --instance TYPE with the module variables you set (--container-memory, \
         --asg-min-size, ...); `pypi-size check DIR` shows them for a Terraform tree"
            .to_string(),
    )
    .into())
}
