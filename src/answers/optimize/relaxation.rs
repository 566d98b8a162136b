//! When nothing meets the requirements: which one requirement, relaxed,
//! would let a configuration through, each suggestion tried with a search of
//! its own.

use crate::data::error::SizingError;
use crate::data::{Arch, Tables};
use crate::module::cost::CostInputs;

use super::search::search;
use super::{Candidate, Relaxation, Requirements, SEARCH_BUDGET, max_group_size};

/// When nothing meets the requirements: each requirement whose relaxation
/// alone changes that, with the cheapest configuration it then allows.
pub(super) fn relaxations(
    tables: &Tables,
    req: &Requirements,
    costs: &CostInputs,
) -> Result<Vec<Relaxation>, SizingError> {
    let mut out = Vec::new();
    limit_relaxations(tables, req, costs, &mut out)?;
    filter_relaxations(tables, req, costs, &mut out)?;
    other_arch(tables, req, costs, &mut out)?;
    if out.is_empty() {
        out.push(Relaxation {
            requirement: "--min-workers".into(),
            message: format!(
                "no single relaxation is enough: lower --min-workers from {}, or relax \
                 several requirements at once",
                req.min_workers
            ),
        });
    }
    Ok(out)
}

/// Searches with one requirement relaxed; notes what it then allows.
fn attempt(
    tables: &Tables,
    costs: &CostInputs,
    out: &mut Vec<Relaxation>,
    requirement: &str,
    relaxed: Requirements,
    what: &dyn Fn(&Candidate) -> String,
) -> Result<(), SizingError> {
    // A suggestion is not worth more than the search asked for.
    if relaxed.work(tables) > SEARCH_BUDGET {
        return Ok(());
    }
    let (found, _, _) = search(tables, &relaxed, costs, 1)?;
    if let Some(best) = found.first() {
        out.push(Relaxation {
            requirement: requirement.to_string(),
            message: what(best),
        });
    }
    Ok(())
}

fn describe(c: &Candidate) -> String {
    format!(
        "{} × {} with container_memory {} ({} workers, {:.2} a month)",
        c.asg_min_size,
        c.instance.asg_instance_type,
        c.container_memory,
        c.total_workers,
        c.monthly_cost
    )
}

/// The numeric limits: cost, and the instance count either way.
fn limit_relaxations(
    tables: &Tables,
    req: &Requirements,
    costs: &CostInputs,
    out: &mut Vec<Relaxation>,
) -> Result<(), SizingError> {
    if let Some(budget) = req.budget {
        let limit = budget.usd();
        let relaxed = Requirements {
            budget: None,
            ..req.clone()
        };
        attempt(tables, costs, out, "--max-monthly-cost", relaxed, &|c| {
            format!(
                "raise --max-monthly-cost from {limit:.2} to {:.2}: {}",
                c.monthly_cost,
                describe(c)
            )
        })?;
    }
    if req.min_instances > 1 {
        let relaxed = Requirements {
            min_instances: 1,
            ..req.clone()
        };
        attempt(tables, costs, out, "--min-instances", relaxed, &|c| {
            format!(
                "lower --min-instances from {} to {} (below the guide's {} for \
                 availability): {}",
                req.min_instances,
                c.asg_min_size,
                tables.advice.min_instances_for_ha,
                describe(c)
            )
        })?;
    }
    let relaxed = Requirements {
        max_instances: 1000.max(req.max_instances).min(max_group_size(tables)),
        ..req.clone()
    };
    attempt(tables, costs, out, "--max-instances", relaxed, &|c| {
        format!(
            "raise --max-instances from {} to {}: {}",
            req.max_instances,
            c.asg_min_size,
            describe(c)
        )
    })
}

/// The filters on what is searched: each dropped alone.
fn filter_relaxations(
    tables: &Tables,
    req: &Requirements,
    costs: &CostInputs,
    out: &mut Vec<Relaxation>,
) -> Result<(), SizingError> {
    let dropped = [
        (
            "--family",
            Requirements {
                families: Vec::new(),
                ..req.clone()
            },
        ),
        (
            // --no-burstable and --burstable conflict: drop the one given.
            if req.no_burstable_asked {
                "--no-burstable"
            } else {
                "--burstable"
            },
            Requirements {
                no_burstable: false,
                no_burstable_asked: false,
                ..req.clone()
            },
        ),
        (
            "--min-tasks",
            Requirements {
                min_tasks: None,
                ..req.clone()
            },
        ),
        (
            "--container-memory",
            Requirements {
                container_memories: None,
                ..req.clone()
            },
        ),
    ];
    for (flag, relaxed) in dropped {
        if relaxed != *req {
            attempt(tables, costs, out, flag, relaxed, &|c| match flag {
                "--no-burstable" => format!(
                    "drop --no-burstable (if CI load is not continuous: burstable types run \
                     out of CPU credits under it): {}",
                    describe(c)
                ),
                "--burstable" => format!(
                    "add --burstable (if CI load is not continuous: burstable types run out \
                     of CPU credits under it): {}",
                    describe(c)
                ),
                _ => format!("drop {flag}: {}", describe(c)),
            })?;
        }
    }
    Ok(())
}

/// With an ami_id, nothing of its architecture meets the requirements: the
/// other architecture, with an AMI of it.
pub(super) fn other_arch(
    tables: &Tables,
    req: &Requirements,
    costs: &CostInputs,
    out: &mut Vec<Relaxation>,
) -> Result<(), SizingError> {
    let (Some(_), Some(arch)) = (&req.ami_id, req.arch) else {
        return Ok(());
    };
    let other = match arch {
        Arch::X86_64 => Arch::Arm64,
        Arch::Arm64 => Arch::X86_64,
    };
    let relaxed = Requirements {
        arch: Some(other),
        ..req.clone()
    };
    attempt(tables, costs, out, "--arch", relaxed, &|c| {
        format!(
            "use --arch {} with an {} ECS-optimized AMI in --ami-id: {}",
            other.as_str(),
            other.as_str(),
            describe(c)
        )
    })
}
