//! `optimize`: the cheapest configurations that meet a workload's needs,
//! searched exhaustively over instance type × container_memory × instance
//! count.
//!
//! A configuration is an instance type and a count; for each, the
//! container_memory that serves the most workers (the smallest on a tie) is
//! the one shown, since memories that only trade RAM for nothing at the same
//! price are not different answers. Ranking: monthly cost, then more
//! workers, fewer instances, smaller container_memory, instance type name.
//!
//! Per instance, the module's arithmetic does not depend on the count
//! (task_min_count = tasks_per_instance × count), so each type × memory is
//! computed once and the counts are multiples of it.
//!
//! This file holds the requirements and the answer; search.rs searches,
//! relaxation.rs says what to relax when nothing is feasible, arch.rs which
//! architecture is searched.

use serde::Serialize;

use crate::answers::sizing::{InstanceInfo, ModuleInfo, PricingInfo};
use crate::data::error::SizingError;
use crate::data::family_of;
use crate::data::{Arch, Instance, Tables};
use crate::module::bill::MonthlyBudget;
use crate::module::capacity::BindingConstraint;
use crate::module::cost::{self, CostInputs};

mod arch;
pub mod latency;
mod relaxation;
mod search;

use relaxation::relaxations;
pub use search::rank;
use search::{beats, search};

/// A search bound: no Auto Scaling group of pypiservers is larger.
pub const MAX_INSTANCES: u64 = 10_000;

/// The most configurations `optimize` lists.
pub const MAX_TOP: usize = 1_000;

/// The most steps one search may take, counted up front as admitted instance
/// types × (container_memories + counts): the embedded catalog with
/// `--max-instances 10000` takes about 553,000. Past it, the search is
/// refused and asks to be narrowed; a relaxation past it is not tried.
pub const SEARCH_BUDGET: u64 = 1_000_000;

/// The most instances a searched group may have: the ECS module's
/// asg_min_size limit, within pypi-size's own bound.
fn max_group_size(tables: &Tables) -> u64 {
    MAX_INSTANCES.min(tables.module.ecs.limits.asg_min_size.high)
}

/// What the configurations must meet, and where to search.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Requirements {
    /// gevent worker processes at task_min_count: how many requests can use a
    /// CPU at once (each worker serves many connections).
    pub min_workers: u64,
    pub min_tasks: Option<u64>,
    /// `None` with no ami_id: the ECS module's default AMI's architecture,
    /// the only one it launches. Required with an ami_id.
    pub arch: Option<Arch>,
    /// The module's ami_id: with `None`, only types of the default AMI's
    /// architecture are searched.
    pub ami_id: Option<String>,
    pub families: Vec<String>,
    /// No burstable (T) types: the default unless CI load is known to be
    /// below continuous (see [`guide_excludes_burstable`]), or asked for.
    pub no_burstable: bool,
    /// Whether `no_burstable` was asked for (`--no-burstable`), not the
    /// guide's default under continuous or unknown CI: what to relax is
    /// then to drop the flag, not to add `--burstable`, which conflicts.
    #[serde(skip)]
    #[schemars(skip)]
    pub no_burstable_asked: bool,
    /// CI builds a day, when known.
    pub ci_builds_per_day: Option<u64>,
    // `--max-monthly-cost`: the most the whole bill at the configuration's
    // instance count may be (the JSON Schema keeps its description-less
    // number).
    #[serde(rename = "max_monthly_cost")]
    #[schemars(rename = "max_monthly_cost", with = "Option<f64>")]
    pub budget: Option<MonthlyBudget>,
    pub min_instances: u64,
    pub max_instances: u64,
    /// `None`: the module's range in 128 MB steps.
    pub container_memories: Option<Vec<u64>>,
    pub top: usize,
    /// `--burst-clients` with `--p95`: the burst a configuration must hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency: Option<latency::LatencyTarget>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Optimization {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    pub requirements: Requirements,
    /// Instance type × container_memory × count combinations evaluated.
    pub searched: u64,
    /// Configurations that meet the requirements, in all.
    pub feasible: u64,
    pub configurations: Vec<Ranked>,
    /// Feasible configurations not listed: `optimize` is a ranking, and
    /// lists the `--top` (default 5) cheapest, each sized whole; `--top`
    /// lists more. `null` with `--p95`, whose search stops once it has
    /// enough (`latency` says what it predicted).
    pub left_out: Option<u64>,
    /// When nothing meets the requirements: what to relax.
    pub relax: Vec<Relaxation>,
    /// What the search left out and why (burstable types by the guide).
    pub notes: Vec<String>,
    /// With `--p95`: what the latency filter predicted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency: Option<latency::LatencySearch>,
    /// `--p95`'s prediction budget ran out before any configuration met
    /// the target: cheaper ones may meet it unpredicted. Not a verdict that
    /// none does (exit 1, not 3).
    pub search_incomplete: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Ranked {
    pub rank: usize,
    #[serde(flatten)]
    pub config: Candidate,
    /// Why it ranks above the next configuration.
    pub beats_next: String,
    /// With `--p95`: its predicted P95 band, in seconds (its upper edge at
    /// or under the target).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicted_p95_s: Option<crate::answers::predict::bands::Band>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Candidate {
    pub instance: InstanceInfo,
    pub asg_min_size: u64,
    pub container_memory: u64,
    pub gunicorn_workers: u64,
    pub tasks_per_instance: u64,
    pub binding_constraint: BindingConstraint,
    pub task_min_count: u64,
    pub task_max_count: u64,
    pub total_workers: u64,
    pub ec2: f64,
    pub monthly_cost: f64,
    /// The whole bill at asg_min_size (this count), line by line, as
    /// `capacity` prices it; `monthly_cost` is its total.
    pub bill: cost::MonthlyCost,
}

/// A requirement whose relaxation alone yields configurations.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Relaxation {
    /// The flag to change.
    pub requirement: String,
    pub message: String,
}

/// The guide's advice: no burstable type under continuous CI load, which
/// runs it out of CPU credits. Unknown load counts as continuous, so only a
/// CI load known to be below the guide's line admits them.
pub fn guide_excludes_burstable(tables: &Tables, ci_builds_per_day: Option<u64>) -> bool {
    ci_builds_per_day.is_none_or(|b| b >= tables.advice.continuous_ci_builds_per_day)
}

/// Why burstable types were left out, for the answer's notes.
fn burstable_note(tables: &Tables, req: &Requirements) -> Option<String> {
    let admitted = Requirements {
        no_burstable: false,
        no_burstable_asked: false,
        ..req.clone()
    };
    let any_left_out = tables
        .instances
        .iter()
        .any(|(name, i)| i.burstable() && admitted.admits(tables, name, i));
    if !req.no_burstable || !any_left_out {
        return None;
    }
    let line = tables.advice.continuous_ci_builds_per_day;
    let why = match req.ci_builds_per_day {
        _ if req.no_burstable_asked => "as asked (--no-burstable)".to_string(),
        None => format!(
            "the CI load is unknown (--ci-builds), and the guide advises against them under \
             continuous CI ({line} builds a day or more), which runs them out of CPU credits"
        ),
        Some(b) if b >= line => format!(
            "{b} CI builds a day is continuous load (the guide draws the line at {line}), \
             which runs them out of CPU credits"
        ),
        Some(_) => "as asked (--no-burstable)".to_string(),
    };
    let how = if req.no_burstable_asked {
        "Without --no-burstable, --ci-builds below the guide's line or --burstable includes them"
    } else {
        "--burstable includes them"
    };
    Some(format!("Burstable (T) types left out: {why}. {how}."))
}

impl Requirements {
    /// At least `min_workers` workers on `min_instances` to `max_instances`
    /// instances, and nothing else asked: every family and container_memory,
    /// burstable types too, the default AMI's architecture, no budget and no
    /// latency target, the top 5. A caller sets what else it asks with
    /// struct update syntax.
    pub fn workers_on(min_workers: u64, min_instances: u64, max_instances: u64) -> Requirements {
        Requirements {
            min_workers,
            min_tasks: None,
            arch: None,
            ami_id: None,
            families: Vec::new(),
            no_burstable: false,
            no_burstable_asked: false,
            ci_builds_per_day: None,
            budget: None,
            min_instances,
            max_instances,
            container_memories: None,
            top: 5,
            latency: None,
        }
    }

    pub fn validate(&self, tables: &Tables) -> Result<(), SizingError> {
        let out_of_range = |variable, value: String, accepted: &str| SizingError::OutOfRange {
            variable,
            value,
            accepted: accepted.to_string(),
        };
        if self.min_workers == 0 {
            return Err(out_of_range(
                "min_workers",
                "0".into(),
                "a whole number above 0",
            ));
        }
        if self.top == 0 || self.top > MAX_TOP {
            return Err(out_of_range(
                "top",
                self.top.to_string(),
                &format!("1 to {MAX_TOP}"),
            ));
        }
        if self.min_instances == 0 {
            return Err(out_of_range(
                "min_instances",
                "0".into(),
                "a whole number above 0",
            ));
        }
        let ecs = tables.module.ecs.limits.asg_min_size.high;
        let cap = max_group_size(tables);
        if self.max_instances > cap {
            return Err(out_of_range(
                "max_instances",
                self.max_instances.to_string(),
                &format!(
                    "at most {cap} (the ECS module {} {} accepts an asg_min_size of at most {ecs})",
                    tables.module.ecs.source, tables.module.ecs.version
                ),
            ));
        }
        if self.min_instances > self.max_instances {
            return Err(SizingError::Inconsistent {
                variables: &["min_instances", "max_instances"],
                message: format!(
                    "min_instances ({}) is above max_instances ({})",
                    self.min_instances, self.max_instances
                ),
            });
        }
        if let Some(unknown) = self
            .families
            .iter()
            .find(|f| !tables.instance_names().any(|n| family_of(n) == f.as_str()))
        {
            return Err(SizingError::Inconsistent {
                variables: &["family"],
                message: tables.missing_family(unknown),
            });
        }
        arch::validate(self, tables)?;
        if let Some(t) = &self.latency {
            latency::validate_share(t, self.min_instances, self.max_instances)?;
        }
        let bounds = tables.module.limits.container_memory;
        if let Some(bad) = self
            .container_memories
            .iter()
            .flatten()
            .find(|m| !bounds.contains(**m))
        {
            return Err(out_of_range(
                "container_memory",
                bad.to_string(),
                &bounds.to_string(),
            ));
        }
        Ok(())
    }

    /// The steps a search takes, counted without making it: each admitted
    /// instance type computes every container_memory once, then walks the
    /// counts.
    fn work(&self, tables: &Tables) -> u64 {
        let memories = match &self.container_memories {
            Some(list) => list.len() as u64,
            None => {
                let b = tables.module.limits.container_memory;
                let step = tables.module.worker_memory_mb.get();
                let first = b.low.div_ceil(step).saturating_mul(step);
                b.high.checked_sub(first).map_or(0, |span| span / step + 1)
            }
        };
        let counts = self.max_instances.saturating_sub(self.min_instances) + 1;
        let admitted = tables
            .instances
            .iter()
            .filter(|(name, instance)| self.admits(tables, name, instance))
            .count() as u64;
        admitted.saturating_mul(memories.saturating_add(counts))
    }

    fn memories(&self, tables: &Tables) -> Vec<u64> {
        match &self.container_memories {
            Some(list) => {
                let mut list = list.clone();
                list.sort_unstable();
                list.dedup();
                list
            }
            None => {
                let b = tables.module.limits.container_memory;
                let step = tables.module.worker_memory_mb.get();
                let first = b.low.div_ceil(step) * step;
                (first..=b.high).step_by(step as usize).collect()
            }
        }
    }

    fn admits(&self, tables: &Tables, name: &str, instance: &Instance) -> bool {
        (self.families.is_empty() || self.families.iter().any(|f| f == family_of(name)))
            && arch::searched(self, tables) == instance.arch
            && !(self.no_burstable && instance.burstable())
            // website-pod's launch template refuses a fractional root volume.
            && crate::module::stack::root_volume_problem(
                &tables.module.stack,
                name,
                instance.memory_mib.get(),
            )
            .is_none()
    }
}

pub fn optimize(
    tables: &Tables,
    req: &Requirements,
    costs: &CostInputs,
) -> Result<Optimization, SizingError> {
    req.validate(tables)?;
    costs.validate(tables)?;
    // One more than shown: the last shown says why it beats the next.
    let (all, bands, feasible, searched, latency) = ranked(tables, req, costs)?;
    let configurations: Vec<Ranked> = all
        .iter()
        .take(req.top)
        .enumerate()
        .map(|(i, c)| Ranked {
            rank: i + 1,
            config: c.clone(),
            beats_next: beats(c, all.get(i + 1)),
            predicted_p95_s: bands.get(i).copied(),
        })
        .collect();
    let search_incomplete = all.is_empty() && latency.as_ref().is_some_and(|l| l.budget_reached);
    let relax = match &latency {
        _ if !all.is_empty() || search_incomplete => Vec::new(),
        Some(l) if feasible > 0 => vec![p95_relaxation(req, l)],
        _ => relaxations(tables, req, costs)?,
    };
    let left_out = latency
        .is_none()
        .then(|| feasible.saturating_sub(configurations.len() as u64));
    Ok(Optimization {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        requirements: req.clone(),
        searched,
        feasible,
        configurations,
        left_out,
        relax,
        notes: burstable_note(tables, req)
            .into_iter()
            .chain(arch::note(tables, req, costs, all.first())?)
            .collect(),
        latency,
        search_incomplete,
    })
}

/// What `optimize` found and predicted: the best configurations (one more
/// than shown), their P95 bands with `--p95`, how many were feasible and
/// searched, and what the latency filter examined. With `--p95` the search
/// keeps more candidates, cheapest first, until enough meet the target or
/// none is left.
type Found = (
    Vec<Candidate>,
    Vec<crate::answers::predict::bands::Band>,
    u64,
    u64,
    Option<latency::LatencySearch>,
);

fn ranked(tables: &Tables, req: &Requirements, costs: &CostInputs) -> Result<Found, SizingError> {
    let keep = req.top.saturating_add(1);
    let Some(target) = &req.latency else {
        let (all, feasible, searched) = search(tables, req, costs, keep)?;
        return Ok((all, Vec::new(), feasible, searched, None));
    };
    let mut filtered = latency::Filtered::default();
    // A wider window ranks the same candidates first: only the new ones
    // are predicted.
    let mut done = 0;
    let mut window = keep.saturating_mul(8);
    loop {
        let (all, feasible, searched) = search(tables, req, costs, window)?;
        filtered
            .extend(tables, target, all.get(done..).unwrap_or_default(), keep)
            // The error names its own flag (--busiest-share, --packages, …).
            .map_err(|e| SizingError::Inconsistent {
                variables: &[],
                message: e.to_string(),
            })?;
        done = all.len();
        let exhausted = (all.len() as u64) >= feasible
            || window >= MAX_LATENCY_WINDOW
            || filtered.search.budget_reached;
        if filtered.met.len() >= keep || exhausted {
            let (all, bands) = filtered.met.into_iter().unzip();
            return Ok((all, bands, feasible, searched, Some(filtered.search)));
        }
        window = window.saturating_mul(8).min(MAX_LATENCY_WINDOW);
    }
}

/// The most configurations `--p95` predicts, cheapest first.
pub const MAX_LATENCY_WINDOW: usize = 50_000;

fn p95_relaxation(req: &Requirements, l: &latency::LatencySearch) -> Relaxation {
    let target = req.latency.as_ref().map_or(0.0, |t| t.p95_s);
    let best = l.best_p95_high_s.map_or(String::new(), |b| {
        format!("; the lowest upper edge predicted is {b:.1} s")
    });
    Relaxation {
        requirement: "--p95".into(),
        message: format!(
            "none of the {} configurations predicted holds the burst with a P95 band at or \
             under {target} s ({} above it, {} of unknown speed){best}: raise --p95, \
             --max-instances or --max-monthly-cost, or shrink the burst",
            l.predicted, l.above_target, l.unknown_speed
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::sizing::profile_costs;
    use crate::data::Usd;

    fn req(min_workers: u64) -> Requirements {
        Requirements::workers_on(min_workers, 2, 10)
    }

    #[test]
    fn cheapest_for_48_workers() {
        let t = Tables::embedded();
        let costs = profile_costs(&t, &t.profiles[0]);
        let o = optimize(&t, &req(48), &costs).unwrap();
        assert_eq!(o.configurations.len(), 5);
        let best = &o.configurations[0].config;
        assert!(best.total_workers >= 48);
        let costs: Vec<f64> = o
            .configurations
            .iter()
            .map(|c| c.config.monthly_cost)
            .collect();
        assert!(costs.windows(2).all(|w| w[0] <= w[1]));
        assert!(o.relax.is_empty());
    }

    #[test]
    fn the_guide_leaves_burstable_types_out_unless_ci_load_is_light() {
        let t = Tables::embedded();
        let line = t.advice.continuous_ci_builds_per_day;
        assert!(guide_excludes_burstable(&t, None));
        assert!(guide_excludes_burstable(&t, Some(line)));
        assert!(!guide_excludes_burstable(&t, Some(line - 1)));
        let costs = profile_costs(&t, &t.profiles[0]);
        let mut r = req(48);
        r.no_burstable = true;
        let o = optimize(&t, &r, &costs).unwrap();
        assert!(
            o.configurations
                .iter()
                .all(|c| !c.config.instance.burstable)
        );
        assert!(o.notes[0].contains("--burstable"), "{:?}", o.notes);
    }

    #[test]
    fn filters_apply() {
        let t = Tables::embedded();
        let costs = profile_costs(&t, &t.profiles[0]);
        let mut r = req(48);
        r.arch = Some(Arch::Arm64);
        r.ami_id = Some("ami-0123456789abcdef0".into());
        r.no_burstable = true;
        let o = optimize(&t, &r, &costs).unwrap();
        assert!(
            o.configurations
                .iter()
                .all(|c| { c.config.instance.arch == Arch::Arm64 && !c.config.instance.burstable })
        );
    }

    #[test]
    fn nothing_feasible_says_what_to_relax() {
        let t = Tables::embedded();
        let costs = profile_costs(&t, &t.profiles[0]);
        let mut r = req(48);
        r.budget = Some(MonthlyBudget::at_instance_count(
            Usd::try_from(50.0).unwrap(),
        ));
        let o = optimize(&t, &r, &costs).unwrap();
        assert!(o.configurations.is_empty());
        assert_eq!(o.relax[0].requirement, "--max-monthly-cost");
        let mut r = req(100_000);
        r.max_instances = 3;
        let o = optimize(&t, &r, &costs).unwrap();
        assert!(o.relax.iter().any(|x| x.requirement == "--max-instances"));
    }
}
