//! `predict`: a burst of pip installs on one config.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::predict::{self, Burst};
use pypi_size::answers::sizing;

use crate::app::cli::{BurstArgs, PredictArgs};
use crate::app::requests;
use crate::app::usage::{UsageError, in_flag_terms};
use crate::render::Document;

/// The burst flags as the core takes them.
pub fn burst(args: &BurstArgs) -> Burst {
    Burst {
        clients: args.burst_clients,
        packages_per_client: args.packages_per_client,
        requests_per_package: args.requests_per_package,
        packages: args.packages,
        busiest_share: args.busiest_share,
        timeouts_s: args.timeout.clone(),
    }
}

pub fn exec(tables: &Tables, args: &PredictArgs) -> Result<Document> {
    let (request, profile) = requests::config_request(tables, &args.config)?;
    let sized = sizing::size(tables, &request, profile, None).map_err(in_flag_terms)?;
    let report = predict::predict(tables, &sized.deployment(), &burst(&args.burst))
        .map_err(|e| UsageError(e.to_string()))?;
    Ok(Document::Predict(report))
}
