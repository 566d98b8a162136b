//! Which architecture `optimize` searches: the AMI launches one. With
//! ami_id null that is the ECS module's default AMI's (x86_64), and the
//! answer says how many cheaper configurations of the other an ami_id would
//! open up; with an ami_id, the one `--arch` names.

use super::search::search;
use super::{Candidate, Requirements, SEARCH_BUDGET};
use crate::data::error::SizingError;
use crate::data::{Arch, Tables, Usd};
use crate::module::bill::MonthlyBudget;
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
        let cap = best.and_then(|b| Usd::try_from((b.monthly_cost - 0.005).max(0.0)).ok());
        let opened = Requirements {
            arch: Some(other),
            ami_id: Some(String::new()),
            budget: match (req.budget.map(|b| b.limit), cap) {
                (Some(m), Some(c)) => Some(if m <= c { m } else { c }),
                (m, c) => m.or(c),
            }
            .map(MonthlyBudget::at_instance_count),
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

#[cfg(test)]
mod tests {
    use super::super::optimize;
    use super::super::relaxation::other_arch;
    use super::*;
    use crate::answers::sizing::default_costs;

    fn req(min_workers: u64) -> Requirements {
        Requirements {
            no_burstable: true,
            top: 3,
            ..Requirements::workers_on(min_workers, 2, 10)
        }
    }

    #[test]
    fn without_ami_id_only_x86_64_is_searched_and_cheaper_arm64_is_counted() {
        let t = Tables::embedded();
        let o = optimize(&t, &req(96), &default_costs(&t)).unwrap();
        assert!(
            o.configurations
                .iter()
                .all(|c| c.config.instance.arch == Arch::X86_64)
        );
        let best = o.configurations[0].config.monthly_cost;
        let note = o.notes.iter().find(|n| n.contains("arm64")).unwrap();
        // The count is the arm64 search's, capped just below the best shown.
        let opened = Requirements {
            arch: Some(Arch::Arm64),
            ami_id: Some("ami-12345678".into()),
            budget: Some(MonthlyBudget::at_instance_count(
                Usd::try_from(best - 0.005).unwrap(),
            )),
            ..req(96)
        };
        let (_, count, _) = search(&t, &opened, &default_costs(&t), 1).unwrap();
        assert!(count > 0);
        assert!(
            note.starts_with(&format!("{count} arm64 configuration(s) cost less")),
            "{note}"
        );
    }

    #[test]
    fn an_ami_id_needs_an_arch_and_arm64_needs_an_ami_id() {
        let t = Tables::embedded();
        let arm = Requirements {
            arch: Some(Arch::Arm64),
            ..req(48)
        };
        let e = validate(&arm, &t).unwrap_err();
        assert!(e.variables().contains(&"ami_id"), "{e}");
        let ami = Requirements {
            ami_id: Some("ami-12345678".into()),
            ..req(48)
        };
        assert!(
            validate(&ami, &t)
                .unwrap_err()
                .to_string()
                .contains("--arch")
        );
        let both = Requirements {
            arch: Some(Arch::Arm64),
            ..ami
        };
        assert!(validate(&both, &t).is_ok());
        let o = optimize(&t, &both, &default_costs(&t)).unwrap();
        assert!(
            o.configurations
                .iter()
                .all(|c| c.config.instance.arch == Arch::Arm64)
        );
        assert!(
            o.notes
                .iter()
                .any(|n| n.contains("ami_architecture_unverified"))
        );
        // x86_64 with no ami_id is what the default AMI launches anyway.
        let x86 = Requirements {
            arch: Some(Arch::X86_64),
            ..req(48)
        };
        assert!(validate(&x86, &t).is_ok());
    }

    #[test]
    fn with_an_ami_id_the_other_architecture_is_a_relaxation() {
        let t = Tables::embedded();
        // c6a is x86_64: nothing of it is arm64.
        let r = Requirements {
            arch: Some(Arch::Arm64),
            ami_id: Some("ami-12345678".into()),
            families: vec!["c6a".into()],
            ..req(48)
        };
        let o = optimize(&t, &r, &default_costs(&t)).unwrap();
        assert!(o.configurations.is_empty());
        let arch = o.relax.iter().find(|x| x.requirement == "--arch").unwrap();
        assert!(
            arch.message.starts_with("use --arch x86_64 with an x86_64")
                && arch.message.contains("c6a."),
            "{}",
            arch.message
        );
        // Without an ami_id there is no --arch to relax: the default AMI's it is.
        let mut out = Vec::new();
        other_arch(&t, &req(48), &default_costs(&t), &mut out).unwrap();
        assert!(out.is_empty());
    }
}
