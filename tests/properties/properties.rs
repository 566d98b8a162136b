//! Property tests: the arithmetic equals module-spec.md's formulas for every
//! valid input, its invariants hold, and nothing panics on any data.

use crate::common;

use proptest::prelude::*;
use pypi_size::Tables;
use pypi_size::answers::sizing::default_costs;
use pypi_size::data::{Amount, Arch, Instance, Positive, Usd};
use pypi_size::data::{CostAssumptions, EfsThroughputMode};
use pypi_size::module::capacity::compute;
use pypi_size::module::cost::{CostInputs, monthly_cost};
use pypi_size::module::variables::SizingInputs;

/// Parsed once: the cases only read it.
static TABLES: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(Tables::embedded);

fn instance(vcpus: u64, memory_mib: u64) -> Instance {
    Instance {
        vcpus: Positive::try_from(vcpus as i64).unwrap(),
        memory_mib: Positive::try_from(memory_mib as i64).unwrap(),
        hourly: Usd::try_from(0.1).unwrap(),
        arch: Arch::X86_64,
        baseline_cpu_pct: None,
        burstable: false,
        clock_ghz: None,
        threads_per_core: None,
    }
}

/// The module's arithmetic, or `None` for the inputs Terraform itself cannot
/// compute: a reservation of 0 on an instance with exactly 0 MB left, or the
/// ECS module's maximum on an instance of exactly its overheads.
fn sized(
    vcpus: u64,
    memory_mib: u64,
    inputs: &SizingInputs,
) -> Option<pypi_size::module::capacity::Capacity> {
    match compute(&TABLES.module, &instance(vcpus, memory_mib), inputs) {
        Ok(c) => Some(c),
        // 0 / 0 in pypiserver's RAM bound, or the ECS module's division by
        // zero on an instance of exactly its overheads.
        Err(e) if memory_mib == 1280 && inputs.asg_max_size.is_none() => {
            assert!(e.to_string().contains("+infinity"), "{e}");
            None
        }
        Err(e) => {
            assert_eq!(memory_mib, 800, "{e}");
            assert_eq!(inputs.container_memory_reservation, Some(0), "{e}");
            None
        }
    }
}

/// Every input the module's validations accept (and then some counts).
fn valid_inputs() -> impl Strategy<Value = SizingInputs> {
    (
        (
            prop::option::of(0u64..=50),
            1u64..=6,
            128u64..=30720,
            prop::option::of(0u64..=30720),
        ),
        (
            prop::option::of(128u64..=4096),
            prop::option::of(1u64..=16),
            prop::option::of(0u64..=500),
            prop::option::of(1u64..=1000),
        ),
    )
        .prop_map(
            |(
                (asg_min_size, subnets, container_memory, reservation),
                (cpu, workers, tmin, tmax),
            )| {
                SizingInputs {
                    asg_min_size,
                    subnets,
                    container_memory,
                    container_memory_reservation: reservation,
                    container_cpu: cpu,
                    gunicorn_workers: workers,
                    task_min_count: tmin,
                    task_max_count: tmax,
                    ..SizingInputs::defaults(&TABLES.module, "x1.test")
                }
            },
        )
}

/// module-spec.md steps 1-11 transcribed as Terraform evaluates them: real
/// division, then floor; a reservation of 0 divides to +infinity.
fn reference(vcpus: u64, memory_mib: u64, i: &SizingInputs) -> [f64; 11] {
    let floor = |x: f64| x.floor();
    let workers = i.gunicorn_workers.map_or_else(
        || 2f64.max(8f64.min(floor(i.container_memory as f64 / 128.0))),
        |w| w as f64,
    );
    let cpu = i.container_cpu.map_or(workers * 150.0 + 40.0, |c| c as f64);
    let reservation = i
        .container_memory_reservation
        .map_or_else(|| floor(i.container_memory as f64 * 0.75), |r| r as f64);
    let ram = memory_mib as f64 - 800.0;
    let cpu_units = vcpus as f64 * 1024.0 - 128.0;
    // +inf when reservation is 0 (-inf below the overheads, NaN for 0 / 0).
    let quotient = floor(ram / reservation);
    let by_ram = if quotient.is_nan() {
        f64::NAN
    } else {
        1f64.max(quotient)
    };
    let by_cpu = 1f64.max(floor(cpu_units / cpu));
    let per_instance = if by_ram.is_nan() {
        f64::NAN
    } else {
        by_ram.min(by_cpu)
    };
    let count = i.asg_min_size.unwrap_or(i.subnets) as f64;
    let task_min = i.task_min_count.map_or(per_instance * count, |t| t as f64);
    let task_max = i.task_max_count.map_or(task_min * 2.0, |t| t as f64);
    [
        workers,
        cpu,
        reservation,
        ram,
        cpu_units,
        by_ram,
        by_cpu,
        per_instance,
        count,
        task_min,
        task_max,
    ]
}

proptest! {
    #![proptest_config(common::proptest_cases(2000))]

    #[test]
    fn equals_the_spec_for_every_valid_input(
        vcpus in 1u64..=192,
        memory_mib in 256u64..=1_572_864,
        inputs in valid_inputs(),
    ) {
        let t = &*TABLES;
        let result = compute(&t.module, &instance(vcpus, memory_mib), &inputs);
        let r = reference(vcpus, memory_mib, &inputs);
        // 0 / 0 is an error in Terraform, and NaN here.
        if r[5].is_nan() {
            prop_assert!(result.is_err());
            return Ok(());
        }
        // The ECS module divides by zero on an instance of exactly its
        // overheads (1024 + 256 MB): no group can be created, an error.
        if memory_mib == 1280 && inputs.asg_max_size.is_none() {
            prop_assert!(result.is_err());
            return Ok(());
        }
        let c = result.unwrap();
        // The deployed maximum: as set, or at least asg_min_size + 1 and
        // enough for task_max_count by the ECS module's real division.
        match inputs.asg_max_size {
            Some(max) => prop_assert_eq!(c.asg_max_size, max),
            None => {
                prop_assert!(c.asg_max_size > c.asg_instance_count);
                let reservation = c.container_memory_reservation as f64;
                let capacity = memory_mib as f64 - 1280.0;
                if capacity > 0.0 && reservation > 0.0 {
                    let per_instance = capacity / reservation;
                    prop_assert!(
                        c.asg_max_size as f64 * per_instance >= c.task_max_count as f64 * (1.0 - 1e-12)
                    );
                }
            }
        }
        let got = [
            c.gunicorn_workers as f64,
            c.container_cpu as f64,
            c.container_memory_reservation as f64,
            c.available_ram_mb as f64,
            c.available_cpu_units as f64,
            c.tasks_per_instance_ram.map_or(f64::INFINITY, |v| v as f64),
            c.tasks_per_instance_cpu as f64,
            c.tasks_per_instance as f64,
            c.asg_instance_count as f64,
            c.task_min_count as f64,
            c.task_max_count as f64,
        ];
        prop_assert_eq!(got, r);
    }

    #[test]
    fn more_memory_never_lowers_tasks_by_ram(
        vcpus in 1u64..=64,
        memory_mib in 256u64..=262_144,
        extra in 0u64..=262_144,
        inputs in valid_inputs(),
    ) {
        let (Some(small), Some(large)) =
            (sized(vcpus, memory_mib, &inputs), sized(vcpus, memory_mib + extra, &inputs))
        else {
            return Ok(());
        };
        let ram = |v: Option<u64>| v.unwrap_or(u64::MAX);
        prop_assert!(ram(large.tasks_per_instance_ram) >= ram(small.tasks_per_instance_ram));
        prop_assert!(large.tasks_per_instance >= small.tasks_per_instance);
    }

    #[test]
    fn more_vcpus_never_lower_tasks_by_cpu(
        vcpus in 1u64..=64,
        extra in 0u64..=64,
        memory_mib in 256u64..=262_144,
        inputs in valid_inputs(),
    ) {
        let (Some(few), Some(many)) =
            (sized(vcpus, memory_mib, &inputs), sized(vcpus + extra, memory_mib, &inputs))
        else {
            return Ok(());
        };
        prop_assert!(many.tasks_per_instance_cpu >= few.tasks_per_instance_cpu);
    }

    #[test]
    fn task_max_is_twice_task_min_unless_overridden(
        vcpus in 1u64..=64,
        memory_mib in 256u64..=262_144,
        inputs in valid_inputs(),
    ) {
        let Some(c) = sized(vcpus, memory_mib, &inputs) else { return Ok(()) };
        match inputs.task_max_count {
            None => prop_assert_eq!(c.task_max_count, 2 * c.task_min_count),
            Some(n) => prop_assert_eq!(c.task_max_count, n),
        }
    }

    #[test]
    fn counts_never_below_the_modules_floor(
        vcpus in 1u64..=64,
        memory_mib in 1u64..=262_144,
        inputs in valid_inputs(),
    ) {
        let Some(c) = sized(vcpus, memory_mib, &inputs) else { return Ok(()) };
        prop_assert!(c.tasks_per_instance_cpu >= 1);
        prop_assert!(c.tasks_per_instance_ram.is_none_or(|v| v >= 1));
        prop_assert!(c.tasks_per_instance >= 1);
        prop_assert!((2..=8).contains(&c.gunicorn_workers) || inputs.gunicorn_workers.is_some());
        if inputs.task_min_count.is_none() {
            prop_assert!(c.task_min_count >= c.asg_instance_count);
            prop_assert_eq!(c.task_min_count, c.tasks_per_instance * c.asg_instance_count);
        }
        prop_assert_eq!(c.total_workers, c.task_min_count * c.gunicorn_workers);
    }

    /// Absurd catalogs and counts give a number or an Overflow error, never a
    /// panic or a wrapped value.
    #[test]
    fn any_figures_compute_or_overflow(
        vcpus in 1i64..=i64::MAX,
        memory_mib in 1i64..=i64::MAX,
        asg_min_size in prop::option::of(any::<u64>()),
        subnets in 1u64..=u64::MAX,
        task_min in prop::option::of(any::<u64>()),
    ) {
        let t = &*TABLES;
        let inputs = SizingInputs {
            asg_min_size,
            subnets,
            task_min_count: task_min,
            ..SizingInputs::defaults(&t.module, "x1.test")
        };
        match compute(&t.module, &instance(vcpus as u64, memory_mib as u64), &inputs) {
            Ok(c) => {
                prop_assert!(c.tasks_per_instance >= 1);
                prop_assert!(c.task_max_count >= c.task_min_count);
            }
            Err(e) => prop_assert!(e.to_string().contains("too large"), "{}", e),
        }
    }

    /// Any price gives finite costs whose components add up, or an error
    /// naming the amount.
    #[test]
    fn costs_are_finite_and_add_up(
        hourly in 0f64..1e306,
        instances in 0u64..=1_000_000,
        storage in 0f64..1e6,
        lcu in 0f64..1e4,
        savings in 0f64..=100.0,
    ) {
        let t = &*TABLES;
        let mut inst = instance(2, 4096);
        inst.hourly = Usd::try_from(hourly).unwrap();
        let base = default_costs(t);
        let inputs = CostInputs {
            assumptions: CostAssumptions {
                efs_storage_gb: Amount::try_from(storage).unwrap(),
                efs_read_gb_month: Amount::try_from(storage).unwrap(),
                efs_write_gb_month: Amount::try_from(lcu).unwrap(),
                alb_lcu_month: Usd::try_from(lcu).unwrap(),
                logs_ingested_gb_month: Amount::try_from(lcu).unwrap(),
                ..base.assumptions
            },
            efs_throughput_mode: EfsThroughputMode::Elastic,
            savings_plan_pct: savings,
            ..base
        };
        match monthly_cost(t, &inst, instances, &inputs) {
            Ok(c) => {
                prop_assert!(c.total.is_finite());
                prop_assert!(c.ec2 >= 0.0 && c.ec2 <= c.ec2_on_demand);
                let lines = [
                    c.ec2, c.root_volumes, c.efs_storage, c.efs_ia_storage, c.efs_reads,
                    c.efs_writes, c.efs_provisioned_throughput, c.efs_backup, c.alb,
                    c.alb_lcu, c.alb_public_ipv4, c.secret, c.dashboard, c.alarms,
                    c.container_insights, c.logs_ingested, c.logs_stored, c.access_logs,
                ];
                let sum: f64 = lines.iter().sum();
                prop_assert!((sum - c.total).abs() <= 0.01 + sum * 1e-12);
            }
            Err(e) => prop_assert!(e.to_string().contains("too large"), "{}", e),
        }
    }
}
