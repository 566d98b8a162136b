//! `optimize --burst-clients N --p95 S`: of the configurations that meet
//! the other requirements, cheapest first, those whose predicted P95 band
//! (its upper edge, not its centre) is at or under the target. A type whose
//! speed is unknown is never offered: its P95 cannot be shown to meet it.

use std::collections::HashMap;

use serde::Serialize;

use super::Candidate;
use crate::answers::predict::bands::Band;
use crate::answers::predict::{self, Burst, BurstError, Deployment, Placement};
use crate::data::Tables;
use crate::data::error::SizingError;

/// The burst a configuration must hold, and the P95 it must keep.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LatencyTarget {
    pub burst_clients: u64,
    pub packages_per_client: u64,
    pub requests_per_package: u64,
    pub packages: Option<u64>,
    pub busiest_share: Option<f64>,
    /// The predicted P95 band's upper edge must be at or under this.
    pub p95_s: f64,
}

impl LatencyTarget {
    pub fn burst(&self) -> Burst {
        Burst {
            clients: self.burst_clients,
            packages_per_client: self.packages_per_client,
            requests_per_package: self.requests_per_package,
            packages: self.packages,
            busiest_share: self.busiest_share,
            timeouts_s: Vec::new(),
        }
    }
}

/// Instances with tasks a busiest share needs: the busiest of `n` takes at
/// least an even spread, 1/n, so a share below 1/2 fits only from
/// ceil(1/share) instances (one instance takes the whole burst, any share).
pub fn instances_for_share(share: f64) -> u64 {
    // 1/3 as a float is a hair above 0.333…: the tolerance predict allows.
    (1.0 / share - 1e-9).ceil().max(1.0) as u64
}

/// `--busiest-share` against the instance counts the search walks (each
/// candidate places a task on every instance): a share no count from
/// `min_instances` (2 or more) up can take is a usage error that says which
/// `--min-instances` it needs, before any search.
pub fn validate_share(
    t: &LatencyTarget,
    min_instances: u64,
    max_instances: u64,
) -> Result<(), SizingError> {
    let Some(share) = t.busiest_share else {
        return Ok(());
    };
    let needed = instances_for_share(share);
    let from = min_instances.max(2);
    if max_instances < 2 || from >= needed {
        return Ok(());
    }
    Err(SizingError::OutOfRange {
        variable: "busiest_share",
        value: share.to_string(),
        accepted: format!(
            "a share the busiest of the instances can take: at least 1/N on N instances \
             (an even spread); from {from} instances (--min-instances), a share from 1/{from} \
             to 1; {share} needs --min-instances {needed} or more"
        ),
    })
}

/// What the latency filter examined.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LatencySearch {
    /// Configurations predicted, cheapest first, until enough met the target.
    pub predicted: u64,
    /// Of those, distinct deployments simulated: configurations the model
    /// cannot tell apart (the same type, instances, tasks and workers at
    /// another container_memory) are simulated once and share the band.
    pub simulated: u64,
    /// Of those, predicted with a P95 band above the target.
    pub above_target: u64,
    /// Of those, of a type whose speed is unknown (no sustained clock).
    pub unknown_speed: u64,
    /// The lowest upper edge of a P95 band seen, when none met the target.
    pub best_p95_high_s: Option<f64>,
    /// The filter stopped at its budget with configurations left
    /// unpredicted: when none met the target the search is incomplete, not
    /// a verdict that none can.
    pub budget_reached: bool,
    /// The budget: requests the filter may simulate in all
    /// (`[predict] optimize_budget_requests`).
    pub budget_requests: u64,
}

/// What the model reads of a deployment: two candidates with equal keys
/// predict the same band.
/// (container_memory, and tasks_per_instance past the placement, are not
/// read: another container_memory with the same tasks and workers is the
/// same deployment to the burst.)
type Key = (String, u64, bool, Option<u64>, Placement, u64);

fn key(d: &Deployment) -> Key {
    (
        d.asg_instance_type.clone(),
        d.vcpus,
        d.burstable,
        d.baseline_cpu_pct.map(f64::to_bits),
        Placement::of(d),
        d.gunicorn_workers,
    )
}

/// The candidate as the burst meets it.
fn deployment(c: &Candidate) -> Deployment {
    Deployment {
        asg_instance_type: c.instance.asg_instance_type.clone(),
        vcpus: c.instance.vcpus,
        burstable: c.instance.burstable,
        baseline_cpu_pct: c.instance.baseline_cpu_pct,
        instances: c.asg_min_size,
        task_min_count: c.task_min_count,
        tasks_per_instance: c.tasks_per_instance,
        gunicorn_workers: c.gunicorn_workers,
    }
}

/// The predicted P95 band of `c`, `None` when its speed is unknown.
pub fn p95(
    tables: &Tables,
    c: &Candidate,
    target: &LatencyTarget,
) -> Result<Option<Band>, BurstError> {
    let report = predict::predict(tables, &deployment(c), &target.burst())?;
    Ok(report.prediction.map(|p| p.latency.p95_s))
}

/// The candidates that met the target so far, with their bands, and what
/// was examined.
#[derive(Debug, Clone, Default)]
pub struct Filtered {
    pub met: Vec<(Candidate, Band)>,
    pub search: LatencySearch,
    /// Each distinct deployment's band (`None`: unknown speed).
    seen: HashMap<Key, Option<Band>>,
}

impl Filtered {
    /// Predicts `ranked` (the next candidates, cheapest first) until `keep`
    /// have met the target.
    pub fn extend(
        &mut self,
        tables: &Tables,
        target: &LatencyTarget,
        ranked: &[Candidate],
        keep: usize,
    ) -> Result<(), BurstError> {
        let search = &mut self.search;
        search.budget_requests = tables.predict.optimize_budget_requests.get();
        let per_prediction = target
            .burst_clients
            .saturating_mul(target.packages_per_client)
            .saturating_mul(target.requests_per_package)
            .saturating_mul(2 * tables.predict.replications.get());
        for c in ranked {
            if self.met.len() >= keep {
                break;
            }
            let d = deployment(c);
            let k = key(&d);
            let band = match self.seen.get(&k) {
                Some(band) => *band,
                None => {
                    if search.simulated.saturating_mul(per_prediction) >= search.budget_requests {
                        search.budget_reached = true;
                        break;
                    }
                    search.simulated += 1;
                    let report = predict::predict(tables, &d, &target.burst())?;
                    let band = report.prediction.map(|p| p.latency.p95_s);
                    self.seen.insert(k, band);
                    band
                }
            };
            search.predicted += 1;
            match band {
                None => search.unknown_speed += 1,
                Some(band) if band.high <= target.p95_s => self.met.push((c.clone(), band)),
                Some(band) => {
                    search.above_target += 1;
                    let best = search
                        .best_p95_high_s
                        .map_or(band.high, |b| b.min(band.high));
                    search.best_p95_high_s = Some(best);
                }
            }
        }
        if !self.met.is_empty() {
            search.best_p95_high_s = None;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(share: Option<f64>) -> LatencyTarget {
        LatencyTarget {
            burst_clients: 510,
            packages_per_client: 1,
            requests_per_package: 4,
            packages: None,
            busiest_share: share,
            p95_s: 30.0,
        }
    }

    #[test]
    fn a_share_needs_as_many_instances_as_its_even_spread() {
        assert_eq!(instances_for_share(1.0), 1);
        assert_eq!(instances_for_share(0.5), 2);
        assert_eq!(instances_for_share(0.4), 3);
        assert_eq!(instances_for_share(1.0 / 3.0), 3);
        assert_eq!(instances_for_share(0.25), 4);
    }

    #[test]
    fn a_share_below_the_searched_spread_names_the_min_instances_it_needs() {
        let e = validate_share(&target(Some(0.4)), 2, 10).unwrap_err();
        assert_eq!(e.variables(), ["busiest_share"]);
        assert!(e.to_string().contains("--min-instances 3 or more"), "{e}");
        // One instance takes the whole burst: the search from 1 walks 2 too.
        assert!(validate_share(&target(Some(0.4)), 1, 10).is_err());
        assert!(validate_share(&target(Some(0.4)), 3, 10).is_ok());
        assert!(validate_share(&target(Some(0.4)), 1, 1).is_ok());
        assert!(validate_share(&target(Some(0.5)), 2, 10).is_ok());
        assert!(validate_share(&target(None), 2, 10).is_ok());
    }
}
