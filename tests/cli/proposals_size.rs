//! Every configuration `optimize` ranks and every change `explain` proposes
//! is one `capacity` sizes when given by flags, to the same numbers: the
//! plan and the apply accept it, and it is what it claims.

use proptest::prelude::*;
use pypi_size::Tables;
use pypi_size::answers::explain::{Change, explain};
use pypi_size::answers::optimize::{Candidate, Requirements, optimize};
use pypi_size::answers::sizing::{self, SizingRequest, default_costs};
use pypi_size::answers::warnings::Severity;
use pypi_size::data::Arch;
use pypi_size::module::variables::SizingInputs;

use crate::common;

static TABLES: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(Tables::embedded);

fn requirements(min_workers: u64, min_instances: u64, max_instances: u64) -> Requirements {
    Requirements {
        arch: Some(Arch::X86_64),
        ..Requirements::workers_on(min_workers, min_instances, max_instances)
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

/// The config `explain` would have after one of its changes.
fn changed(inputs: &SizingInputs, c: &Change) -> SizingInputs {
    let mut next = inputs.clone();
    match c.variable {
        "asg_instance_type" => next.asg_instance_type = c.to.as_str().unwrap().to_string(),
        "container_memory" => next.container_memory = c.to.as_u64().unwrap(),
        "gunicorn_workers" => next.gunicorn_workers = c.to.as_u64(),
        "container_cpu" => next.container_cpu = c.to.as_u64(),
        other => panic!("{other}"),
    }
    next
}

proptest! {
    #![proptest_config(common::proptest_cases(60))]

    /// Each change `explain` proposes, given as flags, is sized without an
    /// error, runs the tasks per instance it says and costs what it says.
    #[test]
    fn every_explain_change_sizes_as_proposed(
        instance in prop::sample::select(TABLES.instance_names().map(String::from).collect::<Vec<_>>()),
        memory_index in 1u64..=24,
        workers in prop::option::of(1u64..=8),
        task_max in prop::option::of(1u64..=60),
    ) {
        let t = &*TABLES;
        let mut inputs = SizingInputs::defaults(&t.module, &instance);
        inputs.container_memory = 128 * memory_index;
        inputs.gunicorn_workers = workers;
        inputs.task_max_count = task_max;
        let request = SizingRequest { inputs, costs: default_costs(t), ci_builds_per_day: None };
        let Ok(e) = explain(t, &request) else { return Ok(()) };
        for c in &e.changes {
            let next = SizingRequest { inputs: changed(&e.inputs, c), ..request.clone() };
            let sized = sizing::size(t, &next, None, None);
            prop_assert!(sized.is_ok(), "{c:?}: {:?}", sized.err());
            let r = sized.unwrap();
            prop_assert_eq!(r.capacity.tasks_per_instance, c.tasks_per_instance);
            prop_assert_eq!(r.cost.at_asg_min_size.total, c.monthly_cost);
        }
    }
}
