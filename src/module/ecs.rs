//! What the ECS module under pypiserver (infrahouse/ecs/aws 7.12.0) adds to
//! pypiserver's numbers: the Auto Scaling Group's maximum when asg_max_size
//! is null (module-stack.md). Its constants come from `[module.ecs]`.
//!
//! Terraform computes with 512-bit binary floats. A quotient that exact
//! arithmetic makes a whole number can come out a hair above it, and `ceil`
//! then lands one higher (t3.small, container_memory 3200, asg_min_size 4:
//! 26, not 25). Elsewhere a 512-bit rounding error cannot cross a whole
//! number: the exact quotient has a denominator below 2^64, so it is at least
//! 2^-64 from any whole number, while the rounding moves it by under 2^-500
//! of itself. So the exact answer is used, and [`TfNumber`] only where the
//! exact quotient is whole.

use crate::data::error::{SizingError, overflow};
use crate::data::{Instance, ModuleConstants};
use tf_eval::number::TfNumber;

/// One `ceil(task_max_count / (capacity / per_task))` term of the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Memory (MB) or CPU units an instance has for tasks, by the ECS
    /// module's overheads; may be 0 or negative on a small instance.
    pub capacity: i64,
    /// The task's memory reservation or CPU units.
    pub per_task: u64,
    /// The term's value; `None` where it is not a finite whole number a
    /// maximum can use (a negative or zero capacity).
    pub value: Option<i128>,
    /// What exact arithmetic gives, where Terraform's differs.
    pub exact_differs: Option<i128>,
    /// +infinity: the capacity is exactly 0 (Terraform divides by zero).
    pub infinite: bool,
}

/// The ECS module's derived maximum and its three terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DerivedMax {
    pub by_memory: Term,
    pub by_cpu: Term,
    /// asg_min_size + headroom.
    pub floor: u64,
    pub value: u64,
}

/// What an instance has for tasks by the ECS module's overheads: memory
/// less its host reserve and daemon, CPU units less its daemon. Either may
/// be 0 or negative on a small instance.
pub fn task_capacity(m: &ModuleConstants, instance: &Instance) -> (i128, i128) {
    let ecs = &m.ecs;
    let memory = i128::from(instance.memory_mib.get())
        - i128::from(ecs.host_memory_reserve_mb)
        - i128::from(ecs.daemon_memory_mb);
    let cpu = i128::from(instance.vcpus.get()) * i128::from(m.cpu_units_per_vcpu.get())
        - i128::from(ecs.daemon_cpu_units);
    (memory, cpu)
}

/// max(ceil(task_max / ((memory − host reserve − daemon memory) /
/// reservation)), ceil(task_max / ((vCPUs × 1024 − daemon CPU) /
/// container_cpu)), asg_min_size + headroom).
pub fn derived_asg_max_size(
    m: &ModuleConstants,
    instance: &Instance,
    task_max_count: u64,
    reservation: u64,
    container_cpu: u64,
    asg_min_size: u64,
) -> Result<DerivedMax, SizingError> {
    let ecs = &m.ecs;
    let (memory, cpu) = task_capacity(m, instance);
    let by_memory = term(task_max_count, memory, reservation)?;
    let by_cpu = term(task_max_count, cpu, container_cpu)?;
    let floor = asg_min_size
        .checked_add(ecs.asg_max_size_headroom)
        .ok_or_else(|| overflow("asg_max_size", "asg_min_size + 1"))?;
    if by_memory.infinite || by_cpu.infinite {
        return Err(SizingError::Inconsistent {
            variables: &["asg_max_size", "asg_instance_type"],
            message: format!(
                "the ECS module {} {} divides by zero: the instance has exactly its overheads \
                 ({} MB, {} CPU units) and nothing for tasks, so the derived asg_max_size is \
                 +infinity and no Auto Scaling Group can be created; set asg_max_size or pick \
                 another instance type",
                ecs.source,
                ecs.version,
                ecs.host_memory_reserve_mb + ecs.daemon_memory_mb,
                ecs.daemon_cpu_units
            ),
        });
    }
    let biggest = [by_memory.value, by_cpu.value, Some(i128::from(floor))]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(i128::from(floor));
    let value = u64::try_from(biggest)
        .map_err(|_| overflow("asg_max_size", "the ECS module's derived maximum"))?;
    Ok(DerivedMax {
        by_memory,
        by_cpu,
        floor,
        value,
    })
}

/// ceil(task_max / (capacity / per_task)) as Terraform computes it.
fn term(task_max: u64, capacity: i128, per_task: u64) -> Result<Term, SizingError> {
    let capacity_i64 =
        i64::try_from(capacity).map_err(|_| overflow("asg_max_size", "the instance's capacity"))?;
    let mut t = Term {
        capacity: capacity_i64,
        per_task,
        value: None,
        exact_differs: None,
        infinite: false,
    };
    if per_task == 0 {
        // capacity / 0 is ±infinity and task_max / ±infinity is 0: the term
        // adds nothing (the ECS module rejects a reservation of 0 anyway).
        if capacity == 0 {
            return Err(SizingError::Inconsistent {
                variables: &["container_memory_reservation", "asg_instance_type"],
                message: "the ECS module's asg_max_size divides zero by zero".into(),
            });
        }
        t.value = Some(0);
        return Ok(t);
    }
    if capacity == 0 {
        // capacity / per_task is 0; task_max / 0 is +infinity (task_max is
        // at least 1: the ECS module rejects task_min_count 0).
        t.infinite = task_max > 0;
        return Ok(t);
    }
    // Exact: ceil(task_max × per_task / capacity); negative capacities give
    // a negative term that the maximum never picks.
    let numerator = i128::from(task_max) * i128::from(per_task);
    let exact = div_ceil(numerator, capacity);
    let whole = numerator % capacity == 0;
    let value = if whole {
        terraform_ceil(task_max, capacity, per_task)?
    } else {
        exact
    };
    t.value = (capacity > 0).then_some(value);
    if value != exact {
        t.exact_differs = Some(exact);
    }
    Ok(t)
}

fn div_ceil(n: i128, d: i128) -> i128 {
    let q = n.div_euclid(d);
    if n.rem_euclid(d) == 0 { q } else { q + 1 }
}

/// The term with Terraform's 512-bit rounding, for the quotients where it
/// can matter.
fn terraform_ceil(task_max: u64, capacity: i128, per_task: u64) -> Result<i128, SizingError> {
    let number = |v: i128| TfNumber::parse(&v.to_string());
    let fail = |e| overflow("asg_max_size", format!("Terraform arithmetic: {e}"));
    let per_instance = number(capacity)
        .and_then(|c| c.div(&number(i128::from(per_task))?))
        .map_err(fail)?;
    let quotient = number(i128::from(task_max))
        .and_then(|t| t.div(&per_instance))
        .map_err(fail)?;
    let ceil = quotient.ceil();
    ceil.to_i64()
        .map(i128::from)
        .map_err(|e| overflow("asg_max_size", format!("Terraform arithmetic: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Tables;

    fn derived(instance: &str, task_max: u64, reservation: u64, cpu: u64, min: u64) -> DerivedMax {
        let t = Tables::embedded();
        derived_asg_max_size(
            &t.module,
            t.instance(instance).unwrap(),
            task_max,
            reservation,
            cpu,
            min,
        )
        .unwrap()
    }

    #[test]
    fn the_issue_example_c6a_xlarge_defaults() {
        // max(ceil(24 / (6912 / 384)), ceil(24 / (3968 / 640)), 2 + 1) = max(2, 4, 3).
        let d = derived("c6a.xlarge", 24, 384, 640, 2);
        assert_eq!(d.by_memory.value, Some(2));
        assert_eq!(d.by_cpu.value, Some(4));
        assert_eq!(d.value, 4);
    }

    #[test]
    fn terraform_rounding_lands_one_higher_than_exact() {
        // t3.small, container_memory 3200 (reservation 2400, 8 workers, 1240
        // units), asg_min_size 4: 4 tasks at minimum, 8 at maximum.
        let d = derived("t3.small", 8, 2400, 1240, 4);
        assert_eq!(d.by_memory.value, Some(26));
        assert_eq!(d.by_memory.exact_differs, Some(25));
        assert_eq!(d.value, 26);
    }

    #[test]
    fn a_whole_quotient_that_rounds_down_keeps_the_exact_answer() {
        // 6912 / 384 = 18 exactly: 36 / 18 = 2 with no rounding at all.
        let d = derived("c6a.xlarge", 36, 384, 640, 1);
        assert_eq!(d.by_memory.value, Some(2));
        assert_eq!(d.by_memory.exact_differs, None);
    }

    #[test]
    fn an_instance_below_the_overheads_leaves_the_other_terms() {
        // t3.micro: 1024 MiB − 1280 < 0: the memory term is negative.
        let d = derived("t3.micro", 2, 384, 640, 1);
        assert_eq!(d.by_memory.value, None);
        assert_eq!(d.value, 2);
    }

    #[test]
    fn exactly_the_overheads_is_an_error_not_infinity() {
        let mut t = Tables::embedded();
        let mut i = t.instance("t3.small").unwrap().clone();
        t.module.ecs.host_memory_reserve_mb = 2048 - 256;
        i.vcpus = t.instance("t3.small").unwrap().vcpus;
        let e = derived_asg_max_size(&t.module, &i, 6, 384, 640, 2).unwrap_err();
        assert!(e.to_string().contains("+infinity"), "{e}");
    }

    #[test]
    fn the_floor_is_asg_min_size_plus_one() {
        let d = derived("c6a.2xlarge", 1, 384, 640, 7);
        assert_eq!(d.floor, 8);
        assert_eq!(d.value, 8);
    }
}
