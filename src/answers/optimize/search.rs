//! The exhaustive search: each admitted instance type × container_memory
//! computed once per instance, its counts priced as multiples, the best
//! configurations kept and ranked (monthly cost, then more workers, fewer
//! instances, smaller container_memory, type name).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use crate::answers::sizing::InstanceInfo;
use crate::data::error::SizingError;
use crate::data::{Instance, Tables};
use crate::module::bill::{BudgetedBill, MonthlyBudget};
use crate::module::capacity::{self, BindingConstraint, TaskSize};
use crate::module::cost::{self, CostInputs};
use crate::module::variables::SizingInputs;

use super::{Candidate, Requirements, SEARCH_BUDGET};

/// The best `keep` feasible configurations (instance type × count, each
/// with its best container_memory), ranked; how many are feasible in all;
/// and how many combinations were evaluated.
///
/// A container_memory `m` serving `W` workers and `T` tasks per instance is
/// feasible from the count `ceil(max(min_workers / W, min_tasks / T))` on, so
/// sweeping the counts upwards only ever adds memories: the best one at each
/// count is a running maximum, and the sweep is linear in the counts.
///
/// The module's arithmetic per instance depends on its vCPUs and memory
/// alone, so each shape is computed once for the types that share it (622
/// types have about 100 shapes), and only the memories that raise the
/// running maximum are kept for the sweep.
pub(super) fn search(
    tables: &Tables,
    req: &Requirements,
    costs: &CostInputs,
    keep: usize,
) -> Result<(Vec<Candidate>, u64, u64), SizingError> {
    let work = req.work(tables);
    if work > SEARCH_BUDGET {
        return Err(SizingError::Inconsistent {
            variables: &[],
            message: format!(
                "this search would take {work} steps (instance types × (container_memory \
                 values + instance counts)), more than the {SEARCH_BUDGET} one run allows: \
                 narrow it with --family, --arch, --container-memory or --max-instances"
            ),
        });
    }
    let memories = req.memories(tables);
    let counts = req.max_instances - req.min_instances + 1;
    let estimate = Estimate::new(tables, costs)?;
    let sizes = task_sizes(tables, &memories)?;
    // Each admitted type with its shape's memories that serve.
    let mut shapes: BTreeMap<(u64, u64), usize> = BTreeMap::new();
    let mut chains: Vec<Vec<(u64, AtMemory)>> = Vec::new();
    let mut types: Vec<(&str, &Instance, usize, f64)> = Vec::new();
    for (name, instance) in tables.instances.iter() {
        if !req.admits(tables, name, instance) {
            continue;
        }
        let shape = (instance.vcpus.get(), instance.memory_mib.get());
        let chain = match shapes.entry(shape) {
            Entry::Occupied(e) => *e.get(),
            Entry::Vacant(e) => {
                chains.push(running_best(tables, req, (name, instance), &sizes)?);
                *e.insert(chains.len() - 1)
            }
        };
        types.push((name, instance, chain, estimate.per_instance(instance)));
    }
    let searched = (types.len() as u64)
        .saturating_mul(counts)
        .saturating_mul(memories.len() as u64);
    let sweep = Sweep {
        req,
        estimate: &estimate,
        types: &types,
        chains: &chains,
    };
    // First: how many are feasible, and the cheapest estimates.
    let mut feasible = 0u64;
    let mut cheapest: Vec<f64> = Vec::new();
    let mut widest = 0.0f64;
    sweep.sweep(&mut |_, _, _, bill| {
        feasible += 1;
        if let Some(margin) = bill.margin {
            widest = widest.max(margin);
            if cheapest.len() < keep || cheapest.last().is_some_and(|l| bill.value < *l) {
                let at = cheapest.partition_point(|c| *c <= bill.value);
                cheapest.insert(at, bill.value);
                cheapest.truncate(keep);
            }
        }
        Ok(())
    })?;
    let limit = match cheapest.get(keep.wrapping_sub(1)) {
        Some(last) => last + 2.0 * widest,
        None => f64::INFINITY,
    };
    // Then the exact bills of those whose estimate can rank.
    let mut best = Best::new(keep);
    sweep.sweep(&mut |(name, instance), k, p, bill| {
        if bill.margin.is_some() && bill.value > limit {
            return Ok(());
        }
        let exact = estimate.exact(instance, k)?;
        offer(tables, &mut best, (name, instance, k), p, &exact);
        Ok(())
    })?;
    Ok((best.into_sorted(), feasible, searched))
}

/// The admitted types and their shapes' memories, to sweep.
struct Sweep<'a> {
    req: &'a Requirements,
    estimate: &'a Estimate<'a>,
    /// Each admitted type, its shape's chain and what an instance adds.
    types: &'a [(&'a str, &'a Instance, usize, f64)],
    chains: &'a [Vec<(u64, AtMemory)>],
}

type Visit<'v> = dyn FnMut((&str, &Instance), u64, &AtMemory, Bill) -> Result<(), SizingError> + 'v;

impl Sweep<'_> {
    /// Every feasible configuration: each admitted type at each count from
    /// which one of its memories serves, with that count's best memory,
    /// within the cost limit.
    fn sweep(&self, visit: &mut Visit) -> Result<(), SizingError> {
        let req = self.req;
        for &(name, instance, chain, per_instance) in self.types {
            let mut joined = self.chains[chain].iter().peekable();
            let mut running: Option<&AtMemory> = None;
            for k in req.min_instances..=req.max_instances {
                while let Some((_, p)) = joined.next_if(|(from, _)| *from <= k) {
                    running = Some(p);
                }
                let Some(p) = running else { continue };
                let bill = self.estimate.bill(per_instance, k);
                if let Some(budget) = req.budget
                    && self.estimate.over(bill, instance, k, budget)?
                {
                    break; // costs only grow with the count
                }
                visit((name, instance), k, p, bill)?;
            }
        }
        Ok(())
    }
}

/// A configuration with its exact bill, to the best kept.
fn offer(
    tables: &Tables,
    best: &mut Best,
    (name, instance, count): (&str, &Instance, u64),
    p: &AtMemory,
    bill: &cost::MonthlyCost,
) {
    let total_workers = p.workers.saturating_mul(count);
    let key = RankKey {
        monthly_cost: bill.total,
        total_workers,
        asg_min_size: count,
        container_memory: p.container_memory,
        name,
    };
    if !best.would_keep(&key) {
        return;
    }
    let task_min_count = p.tasks.saturating_mul(count);
    best.offer(Candidate {
        instance: InstanceInfo::of(name, instance),
        asg_min_size: count,
        container_memory: p.container_memory,
        gunicorn_workers: p.gunicorn_workers,
        tasks_per_instance: p.tasks,
        binding_constraint: p.binding,
        task_min_count,
        task_max_count: task_min_count.saturating_mul(tables.module.task_max_multiplier),
        total_workers,
        ec2: bill.ec2,
        monthly_cost: bill.total,
        bill: bill.clone(),
    });
}

/// A group's monthly bill without the exact money arithmetic (decimal, in
/// cents), which is the search's dearest step: the bill is the costs that do
/// not depend on the instances plus the instances' share, so a float estimate
/// within a cent or so decides most comparisons; the exact bill is computed
/// where it could decide otherwise, and always for an absurd figure (whose
/// error it reports).
struct Estimate<'a> {
    tables: &'a Tables,
    costs: &'a CostInputs,
    /// The exact bill of no instances: every line but EC2 and the root
    /// volumes.
    fixed: f64,
    /// Hours a month after the savings plan.
    hours: f64,
    /// The root volumes' price a GB-month.
    gp3: f64,
}

/// One configuration's estimated bill, and how far the exact one may be
/// from it (`None`: too large to trust a float; compute it exactly).
#[derive(Clone, Copy)]
struct Bill {
    value: f64,
    margin: Option<f64>,
}

impl<'a> Estimate<'a> {
    fn new(tables: &'a Tables, costs: &'a CostInputs) -> Result<Estimate<'a>, SizingError> {
        let any = tables.instances.iter().next().map(|(_, i)| i);
        let fixed = match any {
            Some(i) => cost::monthly_cost(tables, i, 0, costs)?.total,
            None => 0.0,
        };
        let hours = tables.pricing.hours_per_month.get() * (1.0 - costs.savings_plan_pct / 100.0);
        Ok(Estimate {
            tables,
            costs,
            fixed,
            hours,
            gp3: cost::ebs_gp3_gb_month(tables),
        })
    }

    /// What one more instance adds a month: its hours after the savings
    /// plan and its root volume, which grows with its memory. Once per type.
    fn per_instance(&self, instance: &Instance) -> f64 {
        let root = crate::module::stack::root_volume_gb(
            &self.tables.module.stack,
            instance.memory_mib.get(),
        );
        // Too large to compute with: no bound, and the exact bill says why.
        let root = root.map_or(f64::INFINITY, |gb| {
            rust_decimal::prelude::ToPrimitive::to_f64(&gb).unwrap_or(f64::INFINITY)
        });
        instance.hourly.get() * self.hours + root * self.gp3
    }

    fn bill(&self, per_instance: f64, count: u64) -> Bill {
        let value = count as f64 * per_instance + self.fixed;
        // Rounding to cents, and float error.
        let margin = (value.is_finite() && value.abs() < 1e12).then(|| 0.02 + value.abs() * 1e-9);
        Bill { value, margin }
    }

    fn exact(&self, instance: &Instance, count: u64) -> Result<cost::MonthlyCost, SizingError> {
        cost::monthly_cost(self.tables, instance, count, self.costs)
    }

    /// Whether the bill is over `max`.
    fn over(
        &self,
        bill: Bill,
        instance: &Instance,
        count: u64,
        budget: MonthlyBudget,
    ) -> Result<bool, SizingError> {
        debug_assert_eq!(budget.bill, BudgetedBill::AtInstanceCount);
        let max = budget.usd();
        match bill.margin {
            Some(m) if bill.value > max + m => Ok(true),
            Some(m) if bill.value < max - m => Ok(false),
            _ => Ok(budget.exceeded_by(self.exact(instance, count)?.total)),
        }
    }
}

/// The task of each container_memory searched, keeping only the smallest
/// memory of each task size (gunicorn_workers and container_cpu): within
/// one, a larger memory only raises the reservation, so it holds no more
/// tasks on any instance, fits no instance the smaller does not, and the
/// ranking prefers the smaller memory on a tie. Memories ascending.
fn task_sizes(
    tables: &Tables,
    memories: &[u64],
) -> Result<Vec<(SizingInputs, TaskSize)>, SizingError> {
    let m = &tables.module;
    let mut inputs = SizingInputs {
        asg_min_size: Some(1),
        ..SizingInputs::defaults(m, m.defaults.asg_instance_type.get_ref())
    };
    let mut sizes: Vec<(SizingInputs, TaskSize)> = Vec::new();
    for &memory in memories {
        inputs.container_memory = memory;
        let task = capacity::task_of(m, &inputs)?;
        let same = |t: &TaskSize| {
            (t.gunicorn_workers, t.container_cpu) == (task.gunicorn_workers, task.container_cpu)
        };
        if !sizes.last().is_some_and(|(_, t)| same(t)) {
            sizes.push((inputs.clone(), task));
        }
    }
    Ok(sizes)
}

/// One shape's memories that serve, in the order of the count from which
/// each meets the requirements, keeping only those that beat every earlier
/// one (most workers; on a tie, the smaller container_memory): the best
/// memory at a count is the last kept whose count has been reached.
fn running_best(
    tables: &Tables,
    req: &Requirements,
    (name, instance): (&str, &Instance),
    sizes: &[(SizingInputs, TaskSize)],
) -> Result<Vec<(u64, AtMemory)>, SizingError> {
    let mut per = Vec::new();
    for (inputs, task) in sizes {
        let found = per_instance(tables, instance, inputs, task).or_else(|_| {
            // Again under the type's own name, which the error gives.
            let inputs = SizingInputs {
                asg_instance_type: name.to_string(),
                ..inputs.clone()
            };
            per_instance(tables, instance, &inputs, task)
        })?;
        if let Some(p) = found {
            per.push((first_count(req, &p), p));
        }
    }
    per.sort_by_key(|(k, _)| *k);
    let mut chain: Vec<(u64, AtMemory)> = Vec::new();
    for (k, p) in per {
        let better = chain.last().is_none_or(|(_, r)| {
            (p.workers, std::cmp::Reverse(p.container_memory))
                > (r.workers, std::cmp::Reverse(r.container_memory))
        });
        if better && k != u64::MAX {
            chain.push((k, p));
        }
    }
    Ok(chain)
}

/// The smallest count at which a container_memory meets the requirements
/// (`u64::MAX` when none does: no workers or no tasks per instance).
fn first_count(req: &Requirements, p: &AtMemory) -> u64 {
    let need = |wanted: u64, per: u64| {
        if per == 0 {
            u64::MAX
        } else {
            wanted.div_ceil(per)
        }
    };
    need(req.min_workers, p.workers).max(need(req.min_tasks.unwrap_or(0), p.tasks))
}

/// What the ranking reads of a candidate.
struct RankKey<'a> {
    monthly_cost: f64,
    total_workers: u64,
    asg_min_size: u64,
    container_memory: u64,
    name: &'a str,
}

impl RankKey<'_> {
    fn of(c: &Candidate) -> RankKey<'_> {
        RankKey {
            monthly_cost: c.monthly_cost,
            total_workers: c.total_workers,
            asg_min_size: c.asg_min_size,
            container_memory: c.container_memory,
            name: &c.instance.asg_instance_type,
        }
    }

    fn cmp(&self, b: &RankKey) -> Ordering {
        self.monthly_cost
            .total_cmp(&b.monthly_cost)
            .then(b.total_workers.cmp(&self.total_workers))
            .then(self.asg_min_size.cmp(&b.asg_min_size))
            .then(self.container_memory.cmp(&b.container_memory))
            .then_with(|| self.name.cmp(b.name))
    }
}

/// The best few candidates, kept sorted by rank as they are offered.
struct Best {
    keep: usize,
    sorted: Vec<Candidate>,
}

impl Best {
    fn new(keep: usize) -> Best {
        Best {
            keep,
            sorted: Vec::new(),
        }
    }

    /// Whether a candidate of this rank would be kept: checked before one
    /// is built.
    fn would_keep(&self, key: &RankKey) -> bool {
        self.sorted.len() < self.keep
            || self
                .sorted
                .last()
                .is_none_or(|last| key.cmp(&RankKey::of(last)).is_lt())
    }

    fn offer(&mut self, c: Candidate) {
        if !self.would_keep(&RankKey::of(&c)) {
            return;
        }
        let at = self.sorted.partition_point(|x| rank(x, &c).is_lt());
        self.sorted.insert(at, c);
        self.sorted.truncate(self.keep);
    }

    fn into_sorted(self) -> Vec<Candidate> {
        self.sorted
    }
}

/// One container_memory on one instance type, per instance.
#[derive(Clone, Copy)]
struct AtMemory {
    container_memory: u64,
    gunicorn_workers: u64,
    tasks: u64,
    workers: u64,
    binding: BindingConstraint,
}

/// The module's arithmetic for one instance (steps 1-8); `None` when the
/// container does not fit (the module's clamp would place a task ECS cannot
/// run).
fn per_instance(
    tables: &Tables,
    instance: &Instance,
    inputs: &SizingInputs,
    task: &TaskSize,
) -> Result<Option<AtMemory>, SizingError> {
    let c = capacity::tasks_on(&tables.module, instance, inputs, task)?;
    let fits = c.available_ram_mb >= c.container_memory_reservation as i64
        && c.available_cpu_units >= c.container_cpu as i64;
    let workers = c
        .tasks_per_instance
        .checked_mul(c.gunicorn_workers)
        .ok_or_else(|| crate::data::error::overflow("total_workers", "tasks x gunicorn_workers"))?;
    Ok(fits.then_some(AtMemory {
        container_memory: inputs.container_memory,
        gunicorn_workers: c.gunicorn_workers,
        tasks: c.tasks_per_instance,
        workers,
        binding: c.binding_constraint,
    }))
}

/// The ranking: cheaper, then more workers, fewer instances, smaller
/// container_memory, then the type's name.
pub fn rank(a: &Candidate, b: &Candidate) -> Ordering {
    RankKey::of(a).cmp(&RankKey::of(b))
}

pub(super) fn beats(a: &Candidate, next: Option<&Candidate>) -> String {
    let Some(b) = next else {
        return "the last configuration that meets the requirements".into();
    };
    let name = |c: &Candidate| format!("{} × {}", c.asg_min_size, c.instance.asg_instance_type);
    if a.monthly_cost < b.monthly_cost {
        format!(
            "{:.2} a month cheaper than {}",
            b.monthly_cost - a.monthly_cost,
            name(b)
        )
    } else if a.total_workers > b.total_workers {
        format!(
            "same cost as {}, {} more workers",
            name(b),
            a.total_workers - b.total_workers
        )
    } else if a.asg_min_size < b.asg_min_size {
        format!("same cost and workers as {}, on fewer instances", name(b))
    } else if a.container_memory < b.container_memory {
        format!(
            "same cost and workers as {}, with less container_memory",
            name(b)
        )
    } else {
        format!("ties with {}; listed first by name", name(b))
    }
}
