//! `recommend`: the guide's config for a profile, or for the smallest
//! profile that covers a workload.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::recommend::select_profile;
use pypi_size::answers::sizing;

use crate::app::cli::RecommendArgs;
use crate::app::requests;
use crate::app::usage::{UsageError, in_flag_terms, in_profile_terms, in_workload_terms};
use crate::render::Document;
use pypi_size::answers::predict::{self, Burst};

pub fn exec(tables: &Tables, args: &RecommendArgs) -> Result<Document> {
    // Checked once up front, so the closure below cannot fail.
    requests::cost_inputs(tables, sizing::default_costs(tables), &args.cost)?;
    let costs = |base| requests::cost_inputs(tables, base, &args.cost).unwrap_or(base);
    let mut report = match &args.profile {
        Some(name) => sizing::recommend_profile(tables, name, costs, None)
            .map_err(|e| in_profile_terms(tables, name, e))?,
        None => {
            let figures = requests::workload(args);
            let selection = select_profile(tables, &figures).map_err(in_flag_terms)?;
            let name = selection.profile.clone();
            sizing::recommend_profile(tables, &name, costs, Some((&figures, selection)))
                .map_err(|e| in_workload_terms(tables, &name, e))?
        }
    };
    // The workload's burst, predicted on the choice: the guide's burst
    // requests are concurrent pip installs (its stress test's 510 clients are
    // its "510 concurrent requests"), so N requests are N clients each
    // installing one package.
    if let Some(clients) = args.burst.filter(|b| *b > 0) {
        let burst = Burst {
            clients,
            packages_per_client: 1,
            requests_per_package: 4,
            packages: args.packages,
            busiest_share: None,
            timeouts_s: Vec::new(),
        };
        // The burst is recommend's --burst, whatever predict calls it.
        let predicted = predict::predict(tables, &report.deployment(), &burst).map_err(
            |predict::BurstError::Invalid {
                 value, accepted, ..
             }| {
                UsageError(format!(
                    "invalid value {value} for --burst (predicted as that many clients of one \
                     pip install, 4 requests each): {accepted}"
                ))
            },
        )?;
        let mut summary: predict::BurstSummary = predicted.into();
        let target = report
            .profile
            .as_ref()
            .and_then(|p| Some((p.name.clone(), p.performance.p95_latency_burst_s?.get())));
        if let (Some((profile, target)), Some(x)) = (target, &summary.prediction) {
            let p95 = x.latency.p95_s;
            summary
                .findings
                .extend(predict::findings::above_profile_target(
                    &profile,
                    target,
                    p95.central,
                    p95.high,
                ));
        }
        report.predicted_burst = Some(summary);
    }
    Ok(Document::Recommend(report))
}
