//! Every configuration `optimize` ranks is one `capacity` sizes when given
//! by flags, without an error finding and to the same numbers: the plan and
//! the apply accept it, and it is what it claims.

use proptest::prelude::*;
use pypi_size::Tables;
use pypi_size::answers::optimize::{Candidate, Requirements, optimize};
use pypi_size::answers::sizing::{self, SizingRequest, default_costs};
use pypi_size::answers::warnings::Severity;
use pypi_size::data::Arch;
use pypi_size::module::variables::SizingInputs;

mod common;

static TABLES: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(Tables::embedded);

fn requirements(min_workers: u64, min_instances: u64, max_instances: u64) -> Requirements {
    Requirements {
        min_workers,
        min_tasks: None,
        arch: Some(Arch::X86_64),
        families: Vec::new(),
        no_burstable: false,
        ci_builds_per_day: None,
        max_monthly_cost: None,
        min_instances,
        max_instances,
        container_memories: None,
        top: 5,
    }
}

fn sizes_as_ranked(c: &Candidate) -> Result<(), String> {
    let t = &*TABLES;
    let mut inputs = SizingInputs::defaults(&t.module, &c.instance.asg_instance_type);
    inputs.asg_min_size = Some(c.asg_min_size);
    inputs.container_memory = c.container_memory;
    let request = SizingRequest {
        inputs,
        costs: default_costs(t),
        ci_builds_per_day: None,
    };
    let r = sizing::size(t, &request, None, None).map_err(|e| format!("{c:?}: {e}"))?;
    let errors: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(format!("{c:?}: {errors:?}"));
    }
    let same = (
        r.capacity.task_min_count,
        r.capacity.task_max_count,
        r.capacity.gunicorn_workers,
        r.cost.at_asg_min_size.total,
    ) == (
        c.task_min_count,
        c.task_max_count,
        c.gunicorn_workers,
        c.monthly_cost,
    );
    if !same {
        return Err(format!("{c:?}: capacity {:?} {:?}", r.capacity, r.cost));
    }
    Ok(())
}

proptest! {
    #![proptest_config(common::proptest_cases(40))]

    #[test]
    fn every_optimize_configuration_sizes_as_ranked(
        min_workers in 1u64..=4000,
        min_instances in 1u64..=4,
        extra in 0u64..=60,
    ) {
        let t = &*TABLES;
        let req = requirements(min_workers, min_instances, min_instances + extra);
        let o = optimize(t, &req, &default_costs(t)).unwrap();
        for r in &o.configurations {
            prop_assert!(sizes_as_ranked(&r.config).is_ok(), "{}", sizes_as_ranked(&r.config).unwrap_err());
        }
    }
}
