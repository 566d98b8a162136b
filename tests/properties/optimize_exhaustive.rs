//! `optimize` is exhaustive: on small random catalogs (ties included) its
//! answer equals a brute-force enumeration of every instance type ×
//! container_memory × count, sized one by one with the module's arithmetic.

use std::collections::BTreeMap;

use crate::common;

use proptest::prelude::*;
use pypi_size::Tables;
use pypi_size::answers::optimize::{Candidate, Requirements, optimize, rank};
use pypi_size::answers::sizing::{InstanceInfo, default_costs};
use pypi_size::data::{Arch, Instance, Percent, Positive, Usd};
use pypi_size::module::bill::MonthlyBudget;
use pypi_size::module::capacity::compute;
use pypi_size::module::cost::monthly_cost;
use pypi_size::module::variables::SizingInputs;

/// A catalog entry: (vCPUs, memory MiB, price in tenths of a cent, arm?, burstable?).
type Spec = (u64, u64, u64, bool, bool);

fn tables_with(specs: &[Spec]) -> Tables {
    let mut t = Tables::embedded();
    t.instances = specs
        .iter()
        .enumerate()
        .map(|(i, &(vcpus, memory, price, arm, burstable))| {
            let name = format!("{}{}.s{i}", if arm { "g" } else { "x" }, i % 3 + 1);
            let instance = Instance {
                vcpus: Positive::try_from(vcpus as i64).unwrap(),
                memory_mib: Positive::try_from(memory as i64).unwrap(),
                hourly: Usd::try_from(price as f64 / 1000.0).unwrap(),
                arch: if arm { Arch::Arm64 } else { Arch::X86_64 },
                baseline_cpu_pct: burstable.then(|| Percent::try_from(20.0).unwrap()),
                burstable: false,
                clock_ghz: None,
                threads_per_core: None,
            };
            (name, instance)
        })
        .collect();
    t
}

/// Every combination, sized on its own; per instance type and count the
/// best container_memory (most workers, then the smallest); ranked.
fn brute_force(t: &Tables, req: &Requirements) -> Vec<Candidate> {
    let costs = default_costs(t);
    let memories: Vec<u64> = match &req.container_memories {
        Some(list) => list.clone(),
        None => (128..=30720).step_by(128).collect(),
    };
    let mut best: BTreeMap<(String, u64), Candidate> = BTreeMap::new();
    for (name, instance) in t.instances.iter() {
        let family = name.split('.').next().unwrap();
        if !req.families.is_empty() && !req.families.iter().any(|f| f == family) {
            continue;
        }
        // Without ami_id only the ECS module's default AMI's architecture
        // launches.
        if req.arch.unwrap_or(t.module.ecs.default_ami.architecture) != instance.arch
            || (req.no_burstable && instance.burstable())
        {
            continue;
        }
        for &m in &memories {
            for k in req.min_instances..=req.max_instances {
                let inputs = SizingInputs {
                    container_memory: m,
                    asg_min_size: Some(k),
                    ..SizingInputs::defaults(&t.module, name)
                };
                let c = compute(&t.module, instance, &inputs).unwrap();
                let fits = c.available_ram_mb >= c.container_memory_reservation as i64
                    && c.available_cpu_units >= c.container_cpu as i64;
                let bill = monthly_cost(t, instance, k, &costs).unwrap();
                let ok = fits
                    && c.total_workers >= req.min_workers
                    && req.min_tasks.is_none_or(|n| c.task_min_count >= n)
                    && req.budget.is_none_or(|b| !b.exceeded_by(bill.total));
                if !ok {
                    continue;
                }
                let candidate = Candidate {
                    instance: InstanceInfo::of(name, instance),
                    asg_min_size: k,
                    container_memory: m,
                    gunicorn_workers: c.gunicorn_workers,
                    tasks_per_instance: c.tasks_per_instance,
                    binding_constraint: c.binding_constraint,
                    task_min_count: c.task_min_count,
                    task_max_count: c.task_max_count,
                    total_workers: c.total_workers,
                    ec2: bill.ec2,
                    monthly_cost: bill.total,
                    bill: bill.clone(),
                };
                let key = (name.to_string(), k);
                let better = best.get(&key).is_none_or(|b| {
                    (candidate.total_workers, std::cmp::Reverse(m))
                        > (b.total_workers, std::cmp::Reverse(b.container_memory))
                });
                if better {
                    best.insert(key, candidate);
                }
            }
        }
    }
    let mut all: Vec<Candidate> = best.into_values().collect();
    all.sort_by(rank);
    all
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(vec![1u64, 2, 4, 8]),
        prop::sample::select(vec![1024u64, 2048, 4096, 8192]),
        // Few prices, so equal costs (ties) are common.
        prop::sample::select(vec![20u64, 40, 80]),
        any::<bool>(),
        any::<bool>(),
    )
}

proptest! {
    #![proptest_config(common::proptest_cases(128))]

    #[test]
    fn optimize_equals_brute_force(
        specs in prop::collection::vec(spec(), 1..5),
        min_workers in 1u64..200,
        min_tasks in prop::option::of(1u64..40),
        max_cost in prop::option::of(20.0f64..400.0),
        max_instances in 2u64..6,
        arm_only in any::<bool>(),
        no_burstable in any::<bool>(),
        memories in prop::option::of(prop::collection::vec(
            prop::sample::select(vec![128u64, 256, 384, 512, 700, 1024, 2048, 4096]), 1..5)),
        top in 1usize..8,
    ) {
        let t = tables_with(&specs);
        let req = Requirements {
            min_tasks,
            arch: arm_only.then_some(Arch::Arm64),
            ami_id: arm_only.then(|| "ami-0123456789abcdef0".to_string()),
            no_burstable,
            budget: max_cost.map(|c| MonthlyBudget::at_instance_count(Usd::try_from(c).unwrap())),
            container_memories: memories,
            top,
            ..Requirements::workers_on(min_workers, 2, max_instances)
        };
        let got = optimize(&t, &req, &default_costs(&t)).unwrap();
        let expected = brute_force(&t, &req);
        prop_assert_eq!(got.feasible as usize, expected.len());
        let got: Vec<&Candidate> = got.configurations.iter().map(|r| &r.config).collect();
        let expected: Vec<&Candidate> = expected.iter().take(top).collect();
        prop_assert_eq!(got, expected);
    }
}

/// A hand-made tie: two types with the same price and capacity rank by name.
#[test]
fn exact_ties_rank_by_name() {
    let t = tables_with(&[(2, 4096, 80, false, false), (2, 4096, 80, false, false)]);
    let req = Requirements {
        container_memories: Some(vec![512]),
        ..Requirements::workers_on(24, 2, 2)
    };
    let got = optimize(&t, &req, &default_costs(&t)).unwrap();
    let names: Vec<&str> = got
        .configurations
        .iter()
        .map(|r| r.config.instance.asg_instance_type.as_str())
        .collect();
    assert_eq!(names, ["x1.s0", "x2.s1"]);
    assert!(got.configurations[0].beats_next.contains("ties with"));
    assert_eq!(got, optimize(&t, &req, &default_costs(&t)).unwrap());
    let expected: Vec<Candidate> = brute_force(&t, &req);
    assert_eq!(got.configurations.len(), expected.len());
}
