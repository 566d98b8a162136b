//! `advise` proposes only what relieves its trigger: every proposal, fed
//! back to `capacity` as a request, sizes without error and does what the
//! action is for (more CPU, more memory, room past task_max_count, ...).

use crate::common;

use proptest::prelude::*;
use pypi_size::Tables;
use pypi_size::answers::advise::{ActionKind, Load, Metrics, advise};
use pypi_size::answers::sizing::SizingReport;
use pypi_size::answers::sizing::{self, SizingRequest, default_costs};
use pypi_size::answers::warnings::Severity;
use pypi_size::module::variables::SizingInputs;

static TABLES: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(Tables::embedded);

fn request(
    instance: &str,
    memory_index: u64,
    asg_min: Option<u64>,
    asg_extra: Option<u64>,
    task_min: Option<u64>,
    task_max_extra: Option<u64>,
) -> SizingRequest {
    let t = &*TABLES;
    let mut inputs = SizingInputs::defaults(&t.module, instance);
    inputs.container_memory = 128 * memory_index;
    inputs.asg_min_size = asg_min;
    inputs.asg_max_size = asg_extra.map(|e| asg_min.unwrap_or(inputs.subnets) + e);
    inputs.task_min_count = task_min;
    inputs.task_max_count = task_max_extra.map(|e| task_min.unwrap_or(1) + e);
    SizingRequest {
        inputs,
        costs: default_costs(t),
        ci_builds_per_day: None,
    }
}

/// What each action is for, written here independently of `advise`.
fn relieved(kind: ActionKind, p: &SizingReport, c: &SizingReport) -> bool {
    // CPU an instance may use all the time: all of it, or a burstable
    // type's baseline (none for sure where none is published: t1.micro).
    let cpu = |r: &SizingReport| match r.instance.burstable {
        false => r.instance.vcpus as f64 * 100.0,
        true => r.instance.vcpus as f64 * r.instance.baseline_cpu_pct.unwrap_or(0.0),
    };
    let size = |r: &SizingReport| (r.instance.vcpus, r.instance.memory_mib);
    match kind {
        // More CPU, and no fewer tasks.
        ActionKind::ScaleUpInstanceType => {
            cpu(p) > cpu(c)
                && p.capacity.tasks_per_instance >= c.capacity.tasks_per_instance
                && p.capacity.task_min_count >= c.capacity.task_min_count
        }
        // Cheaper, on a strictly smaller size.
        ActionKind::ScaleDownInstanceType => {
            let ((pv, pm), (cv, cm)) = (size(p), size(c));
            p.cost.at_asg_min_size.total < c.cost.at_asg_min_size.total
                && pv <= cv
                && pm <= cm
                && (pv, pm) != (cv, cm)
        }
        // Room past today's cap, and the tasks of the new cap fit the
        // deployed maximum by the module's own count.
        ActionKind::ScaleOutInstanceCount => {
            p.capacity.task_max_count > c.capacity.task_max_count
                && p.capacity.tasks_per_instance * p.capacity.asg_max_size
                    >= p.capacity.task_max_count
        }
        ActionKind::RaiseContainerMemory => {
            let per_worker = |r: &SizingReport| {
                r.inputs.module.container_memory as f64 / r.capacity.gunicorn_workers.max(1) as f64
            };
            per_worker(p) > per_worker(c)
        }
        ActionKind::ChangeEfsThroughputMode => {
            p.inputs.costs.efs_throughput_mode != c.inputs.costs.efs_throughput_mode
                || p.inputs.costs.efs_provisioned_throughput_in_mibps
                    > c.inputs.costs.efs_provisioned_throughput_in_mibps
        }
    }
}

fn metrics() -> impl Strategy<Value = Metrics> {
    (
        prop::option::of(0.0f64..=100.0),
        prop::option::of(0.0f64..=100.0),
        prop::option::of(0.0f64..=20.0),
        prop::option::of(0.0f64..=40.0),
        prop::option::of(0.0f64..=100.0),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(cpu, memory, errors, p95, io, tasks_at_max, burst)| Metrics {
                cpu_utilization_pct: cpu,
                memory_utilization_pct: memory,
                error_rate_pct: errors,
                p95_latency_s: p95,
                efs_percent_io_limit_pct: io,
                tasks_at_max,
                load: if burst { Load::Burst } else { Load::Normal },
            },
        )
}

proptest! {
    #![proptest_config(common::proptest_cases(300))]

    #[test]
    fn every_proposal_relieves_its_trigger(
        instance in prop::sample::select(TABLES.instance_names().map(String::from).collect::<Vec<_>>()),
        memory_index in 1u64..=24,
        asg_min in prop::option::of(1u64..=6),
        asg_extra in prop::option::of(0u64..=4),
        task_min in prop::option::of(1u64..=40),
        task_max_extra in prop::option::of(0u64..=40),
        m in metrics(),
    ) {
        let t = &*TABLES;
        let req = request(&instance, memory_index, asg_min, asg_extra, task_min, task_max_extra);
        // Only configs the stack accepts are advised on.
        let Ok(current) = sizing::size(t, &req, None, None) else { return Ok(()) };
        // No metric at all is a usage error of its own.
        let Ok(advice) = advise(t, &req, None, &m) else {
            prop_assert!(m.validate().is_err());
            return Ok(());
        };
        for action in &advice.actions {
            let Some(proposed) = &action.proposed else { continue };
            let again = SizingRequest {
                inputs: proposed.inputs.module.clone(),
                costs: proposed.inputs.costs,
                ci_builds_per_day: None,
            };
            let fed_back = sizing::size(t, &again, None, None);
            prop_assert!(fed_back.is_ok(), "{:?}: {:?}", action.change, fed_back.err());
            let fed_back = fed_back.unwrap();
            prop_assert!(
                !fed_back.warnings.iter().any(|w| w.severity == Severity::Error),
                "{}: {:?}", action.change, fed_back.warnings
            );
            prop_assert!(
                relieved(action.action, &fed_back, &current),
                "{:?} `{}` does not relieve its trigger", action.action, action.change
            );
        }
    }
}

#[test]
fn scaling_out_under_a_pinned_task_min_count_raises_the_cap() {
    // The case: task_min_count 12 pins task_max_count at 24; one more
    // instance must come with a higher task_max_count and room for it.
    let t = &*TABLES;
    let mut req = request("c6a.xlarge", 4, None, None, Some(12), None);
    req.inputs.asg_max_size = Some(4);
    let metrics = Metrics {
        cpu_utilization_pct: None,
        memory_utilization_pct: None,
        error_rate_pct: None,
        p95_latency_s: None,
        efs_percent_io_limit_pct: None,
        tasks_at_max: true,
        load: Load::Normal,
    };
    let a = advise(t, &req, None, &metrics).unwrap();
    let p = a.actions[0].proposed.as_ref().unwrap();
    assert!(p.capacity.task_max_count > 24, "{}", a.actions[0].change);
    assert!(p.capacity.asg_max_size * 6 >= p.capacity.task_max_count);
    assert!(
        a.actions[0].change.contains("task_max_count"),
        "{}",
        a.actions[0].change
    );
}
