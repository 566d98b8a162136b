//! Which architecture `optimize` searches: the AMI launches one. With
//! ami_id null that is the ECS module's default AMI's (x86_64), and the
//! answer says how many cheaper configurations of the other an ami_id would
//! open up; with an ami_id, the one `--arch` names.

use super::{Candidate, Relaxation, Requirements, SEARCH_BUDGET, attempt, describe, search};
use crate::data::error::SizingError;
use crate::data::{Arch, Tables};
use crate::module::cost::CostInputs;
use crate::module::variables::ami_id_problem;

/// The architecture searched (validated requirements).
pub(super) fn searched(req: &Requirements, tables: &Tables) -> Arch {
    req.arch
        .unwrap_or(tables.module.ecs.default_ami.architecture)
}

/// An ami_id has one architecture, which pypi-size cannot read: `--arch`
/// says it. Without one, only the default AMI's architecture launches.
pub(super) fn validate(req: &Requirements, tables: &Tables) -> Result<(), SizingError> {
    let ami = &tables.module.ecs.default_ami;
    match (&req.ami_id, req.arch) {
        (Some(id), _) if let Some(e) = ami_id_problem(id) => Err(e),
        (Some(_), None) => Err(SizingError::Inconsistent {
            variables: &["ami_id", "arch"],
            message: "an AMI has one architecture, which pypi-size cannot read offline: say \
                      which with --arch (x86_64 or arm64), and only types of it are searched"
                .into(),
        }),
        (None, Some(arch)) if arch != ami.architecture => Err(SizingError::Inconsistent {
            variables: &["arch", "ami_id"],
            message: format!(
                "--arch {} needs ami_id: with ami_id null the ECS module {} {} launches its {}, \
                 from which no {} instance can start; give --ami-id with an {} ECS-optimized \
                 AMI",
                arch.as_str(),
                tables.module.ecs.source,
                tables.module.ecs.version,
                ami.describe(),
                arch.as_str(),
                arch.as_str()
            ),
        }),
        _ => Ok(()),
    }
}

/// With an ami_id, that its architecture is unchecked. Otherwise, the
/// types the default AMI cannot launch: how many of their configurations
/// cost less than the best shown (all that meet the requirements when none
/// is shown).
pub(super) fn note(
    tables: &Tables,
    req: &Requirements,
    costs: &CostInputs,
    best: Option<&Candidate>,
) -> Result<Option<String>, SizingError> {
    let ami = &tables.module.ecs.default_ami;
    if let Some(id) = &req.ami_id {
        return Ok(Some(format!(
            "ami_id = \"{id}\": every configuration launches from it, so it must be an {} \
             ECS-optimized AMI, which pypi-size cannot check offline \
             (ami_architecture_unverified).",
            searched(req, tables).as_str()
        )));
    }
    let mut notes = Vec::new();
    for other in [Arch::X86_64, Arch::Arm64] {
        if other == ami.architecture {
            continue;
        }
        // Strictly cheaper, to the cent, than the best shown.
        let cap = best.map(|b| b.monthly_cost - 0.005);
        let opened = Requirements {
            arch: Some(other),
            ami_id: Some(String::new()),
            max_monthly_cost: match (req.max_monthly_cost, cap) {
                (Some(m), Some(c)) => Some(m.min(c)),
                (m, c) => m.or(c),
            },
            ..req.clone()
        };
        if opened.work(tables) > SEARCH_BUDGET {
            continue;
        }
        let (found, count, _) = search(tables, &opened, costs, 1)?;
        let Some(cheapest) = found.first() else {
            continue;
        };
        let than = match best {
            Some(_) => "cost less than the best shown",
            None => "meet the requirements",
        };
        notes.push(format!(
            "{count} {arch} configuration(s) {than}, from {} × {} at {:.2} a month, but cannot \
             launch from the ECS module's default AMI ({}, ami_id null): --ami-id with an \
             {arch} ECS-optimized AMI and --arch {arch} searches them.",
            cheapest.asg_min_size,
            cheapest.instance.asg_instance_type,
            cheapest.monthly_cost,
            ami.architecture.as_str(),
            arch = other.as_str(),
        ));
    }
    Ok((!notes.is_empty()).then(|| notes.join(" ")))
}

/// With an ami_id, nothing of its architecture meets the requirements: the
/// other architecture, with an AMI of it.
pub(super) fn relaxation(
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
