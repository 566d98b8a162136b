//! `optimize`: the cheapest configurations that meet a workload's needs,
//! searched exhaustively over instance type × container_memory × instance
//! count.
//!
//! A configuration is an instance type and a count; for each, the
//! container_memory that serves the most workers (the smallest on a tie) is
//! the one shown, since memories that only trade RAM for nothing at the same
//! price are not different answers. Ranking: monthly cost, then more
//! workers, fewer instances, smaller container_memory, instance type name.
//!
//! Per instance, the module's arithmetic does not depend on the count
//! (task_min_count = tasks_per_instance × count), so each type × memory is
//! computed once and the counts are multiples of it.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use serde::Serialize;

use crate::answers::sizing::{InstanceInfo, ModuleInfo, PricingInfo};
use crate::data::error::SizingError;
use crate::data::family_of;
use crate::data::{Arch, Instance, Tables};
use crate::module::capacity::{self, BindingConstraint, TaskSize};
use crate::module::cost::{self, CostInputs};
use crate::module::variables::SizingInputs;

mod arch;

/// A search bound: no Auto Scaling group of pypiservers is larger.
pub const MAX_INSTANCES: u64 = 10_000;

/// The most configurations `optimize` lists.
pub const MAX_TOP: usize = 1_000;

/// The most steps one search may take, counted up front as admitted instance
/// types × (container_memories + counts): the embedded catalog with
/// `--max-instances 10000` takes about 553,000. Past it, the search is
/// refused and asks to be narrowed; a relaxation past it is not tried.
pub const SEARCH_BUDGET: u64 = 1_000_000;

/// The most instances a searched group may have: the ECS module's
/// asg_min_size limit, within pypi-size's own bound.
fn max_group_size(tables: &Tables) -> u64 {
    MAX_INSTANCES.min(tables.module.ecs.limits.asg_min_size.high)
}

/// What the configurations must meet, and where to search.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Requirements {
    /// gevent worker processes at task_min_count: how many requests can use a
    /// CPU at once (each worker serves many connections).
    pub min_workers: u64,
    pub min_tasks: Option<u64>,
    /// `None` with no ami_id: the ECS module's default AMI's architecture,
    /// the only one it launches. Required with an ami_id.
    pub arch: Option<Arch>,
    /// The module's ami_id: with `None`, only types of the default AMI's
    /// architecture are searched.
    pub ami_id: Option<String>,
    pub families: Vec<String>,
    /// No burstable (T) types: the default unless CI load is known to be
    /// below continuous (see [`guide_excludes_burstable`]), or asked for.
    pub no_burstable: bool,
    /// CI builds a day, when known.
    pub ci_builds_per_day: Option<u64>,
    pub max_monthly_cost: Option<f64>,
    pub min_instances: u64,
    pub max_instances: u64,
    /// `None`: the module's range in 128 MB steps.
    pub container_memories: Option<Vec<u64>>,
    pub top: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Optimization {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    pub requirements: Requirements,
    /// Instance type × container_memory × count combinations evaluated.
    pub searched: u64,
    /// Configurations that meet the requirements, in all.
    pub feasible: u64,
    pub configurations: Vec<Ranked>,
    /// When nothing meets the requirements: what to relax.
    pub relax: Vec<Relaxation>,
    /// What the search left out and why (burstable types by the guide).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Ranked {
    pub rank: usize,
    #[serde(flatten)]
    pub config: Candidate,
    /// Why it ranks above the next configuration.
    pub beats_next: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Candidate {
    pub instance: InstanceInfo,
    pub asg_min_size: u64,
    pub container_memory: u64,
    pub gunicorn_workers: u64,
    pub tasks_per_instance: u64,
    pub binding_constraint: BindingConstraint,
    pub task_min_count: u64,
    pub task_max_count: u64,
    pub total_workers: u64,
    pub ec2: f64,
    pub monthly_cost: f64,
    /// The whole bill at asg_min_size (this count), line by line, as
    /// `capacity` prices it; `monthly_cost` is its total.
    pub bill: cost::MonthlyCost,
}

/// A requirement whose relaxation alone yields configurations.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Relaxation {
    /// The flag to change.
    pub requirement: String,
    pub message: String,
}

/// The guide's advice: no burstable type under continuous CI load, which
/// runs it out of CPU credits. Unknown load counts as continuous, so only a
/// CI load known to be below the guide's line admits them.
pub fn guide_excludes_burstable(tables: &Tables, ci_builds_per_day: Option<u64>) -> bool {
    ci_builds_per_day.is_none_or(|b| b >= tables.advice.continuous_ci_builds_per_day)
}

/// Why burstable types were left out, for the answer's notes.
fn burstable_note(tables: &Tables, req: &Requirements) -> Option<String> {
    let admitted = Requirements {
        no_burstable: false,
        ..req.clone()
    };
    let any_left_out = tables
        .instances
        .iter()
        .any(|(name, i)| i.burstable() && admitted.admits(tables, name, i));
    if !req.no_burstable || !any_left_out {
        return None;
    }
    let line = tables.advice.continuous_ci_builds_per_day;
    let why = match req.ci_builds_per_day {
        None => format!(
            "the CI load is unknown (--ci-builds), and the guide advises against them under \
             continuous CI ({line} builds a day or more), which runs them out of CPU credits"
        ),
        Some(b) if b >= line => format!(
            "{b} CI builds a day is continuous load (the guide draws the line at {line}), \
             which runs them out of CPU credits"
        ),
        Some(_) => "as asked (--no-burstable)".to_string(),
    };
    Some(format!(
        "Burstable (T) types left out: {why}. --burstable includes them."
    ))
}

impl Requirements {
    pub fn validate(&self, tables: &Tables) -> Result<(), SizingError> {
        let out_of_range = |variable, value: String, accepted: &str| SizingError::OutOfRange {
            variable,
            value,
            accepted: accepted.to_string(),
        };
        if self.min_workers == 0 {
            return Err(out_of_range(
                "min_workers",
                "0".into(),
                "a whole number above 0",
            ));
        }
        if self.top == 0 || self.top > MAX_TOP {
            return Err(out_of_range(
                "top",
                self.top.to_string(),
                &format!("1 to {MAX_TOP}"),
            ));
        }
        if self.min_instances == 0 {
            return Err(out_of_range(
                "min_instances",
                "0".into(),
                "a whole number above 0",
            ));
        }
        let ecs = tables.module.ecs.limits.asg_min_size.high;
        let cap = max_group_size(tables);
        if self.max_instances > cap {
            return Err(out_of_range(
                "max_instances",
                self.max_instances.to_string(),
                &format!(
                    "at most {cap} (the ECS module {} {} accepts an asg_min_size of at most {ecs})",
                    tables.module.ecs.source, tables.module.ecs.version
                ),
            ));
        }
        if self.min_instances > self.max_instances {
            return Err(SizingError::Inconsistent {
                variables: &["min_instances", "max_instances"],
                message: format!(
                    "min_instances ({}) is above max_instances ({})",
                    self.min_instances, self.max_instances
                ),
            });
        }
        if let Some(unknown) = self
            .families
            .iter()
            .find(|f| !tables.instance_names().any(|n| family_of(n) == f.as_str()))
        {
            return Err(SizingError::Inconsistent {
                variables: &["family"],
                message: tables.missing_family(unknown),
            });
        }
        arch::validate(self, tables)?;
        let bounds = tables.module.limits.container_memory;
        if let Some(bad) = self
            .container_memories
            .iter()
            .flatten()
            .find(|m| !bounds.contains(**m))
        {
            return Err(out_of_range(
                "container_memory",
                bad.to_string(),
                &bounds.to_string(),
            ));
        }
        Ok(())
    }

    /// The steps a search takes, counted without making it: each admitted
    /// instance type computes every container_memory once, then walks the
    /// counts.
    fn work(&self, tables: &Tables) -> u64 {
        let memories = match &self.container_memories {
            Some(list) => list.len() as u64,
            None => {
                let b = tables.module.limits.container_memory;
                let step = tables.module.worker_memory_mb.get();
                let first = b.low.div_ceil(step).saturating_mul(step);
                b.high.checked_sub(first).map_or(0, |span| span / step + 1)
            }
        };
        let counts = self.max_instances.saturating_sub(self.min_instances) + 1;
        let admitted = tables
            .instances
            .iter()
            .filter(|(name, instance)| self.admits(tables, name, instance))
            .count() as u64;
        admitted.saturating_mul(memories.saturating_add(counts))
    }

    fn memories(&self, tables: &Tables) -> Vec<u64> {
        match &self.container_memories {
            Some(list) => {
                let mut list = list.clone();
                list.sort_unstable();
                list.dedup();
                list
            }
            None => {
                let b = tables.module.limits.container_memory;
                let step = tables.module.worker_memory_mb.get();
                let first = b.low.div_ceil(step) * step;
                (first..=b.high).step_by(step as usize).collect()
            }
        }
    }

    fn admits(&self, tables: &Tables, name: &str, instance: &Instance) -> bool {
        (self.families.is_empty() || self.families.iter().any(|f| f == family_of(name)))
            && arch::searched(self, tables) == instance.arch
            && !(self.no_burstable && instance.burstable())
            // website-pod's launch template refuses a fractional root volume.
            && crate::module::stack::root_volume_problem(
                &tables.module.stack,
                name,
                instance.memory_mib.get(),
            )
            .is_none()
    }
}

/// One container_memory on one instance type, per instance.
#[derive(Clone, Copy)]
struct PerInstance {
    container_memory: u64,
    gunicorn_workers: u64,
    tasks: u64,
    workers: u64,
    binding: BindingConstraint,
}

pub fn optimize(
    tables: &Tables,
    req: &Requirements,
    costs: &CostInputs,
) -> Result<Optimization, SizingError> {
    req.validate(tables)?;
    costs.validate(tables)?;
    // One more than shown: the last shown says why it beats the next.
    let (all, feasible, searched) = search(tables, req, costs, req.top.saturating_add(1))?;
    let configurations = all
        .iter()
        .take(req.top)
        .enumerate()
        .map(|(i, c)| Ranked {
            rank: i + 1,
            config: c.clone(),
            beats_next: beats(c, all.get(i + 1)),
        })
        .collect();
    let relax = if all.is_empty() {
        relaxations(tables, req, costs)?
    } else {
        Vec::new()
    };
    Ok(Optimization {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        requirements: req.clone(),
        searched,
        feasible,
        configurations,
        relax,
        notes: burstable_note(tables, req)
            .into_iter()
            .chain(arch::note(tables, req, costs, all.first())?)
            .collect(),
    })
}

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
fn search(
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
    let mut chains: Vec<Vec<(u64, PerInstance)>> = Vec::new();
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
    let found = Found {
        req,
        estimate: &estimate,
        types: &types,
        chains: &chains,
    };
    // First: how many are feasible, and the cheapest estimates.
    let mut feasible = 0u64;
    let mut cheapest: Vec<f64> = Vec::new();
    let mut widest = 0.0f64;
    found.sweep(&mut |_, _, _, bill| {
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
    found.sweep(&mut |(name, instance), k, p, bill| {
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
struct Found<'a> {
    req: &'a Requirements,
    estimate: &'a Estimate<'a>,
    /// Each admitted type, its shape's chain and what an instance adds.
    types: &'a [(&'a str, &'a Instance, usize, f64)],
    chains: &'a [Vec<(u64, PerInstance)>],
}

type Visit<'v> =
    dyn FnMut((&str, &Instance), u64, &PerInstance, Bill) -> Result<(), SizingError> + 'v;

impl Found<'_> {
    /// Every feasible configuration: each admitted type at each count from
    /// which one of its memories serves, with that count's best memory,
    /// within the cost limit.
    fn sweep(&self, visit: &mut Visit) -> Result<(), SizingError> {
        let req = self.req;
        for &(name, instance, chain, per_instance) in self.types {
            let mut joined = self.chains[chain].iter().peekable();
            let mut running: Option<&PerInstance> = None;
            for k in req.min_instances..=req.max_instances {
                while let Some((_, p)) = joined.next_if(|(from, _)| *from <= k) {
                    running = Some(p);
                }
                let Some(p) = running else { continue };
                let bill = self.estimate.bill(per_instance, k);
                if let Some(max) = req.max_monthly_cost
                    && self.estimate.over(bill, instance, k, max)?
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
    p: &PerInstance,
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
        max: f64,
    ) -> Result<bool, SizingError> {
        match bill.margin {
            Some(m) if bill.value > max + m => Ok(true),
            Some(m) if bill.value < max - m => Ok(false),
            _ => Ok(self.exact(instance, count)?.total > max),
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
) -> Result<Vec<(u64, PerInstance)>, SizingError> {
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
    let mut chain: Vec<(u64, PerInstance)> = Vec::new();
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
fn first_count(req: &Requirements, p: &PerInstance) -> u64 {
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

/// The module's arithmetic for one instance (steps 1-8); `None` when the
/// container does not fit (the module's clamp would place a task ECS cannot
/// run).
fn per_instance(
    tables: &Tables,
    instance: &Instance,
    inputs: &SizingInputs,
    task: &TaskSize,
) -> Result<Option<PerInstance>, SizingError> {
    let c = capacity::tasks_on(&tables.module, instance, inputs, task)?;
    let fits = c.available_ram_mb >= c.container_memory_reservation as i64
        && c.available_cpu_units >= c.container_cpu as i64;
    let workers = c
        .tasks_per_instance
        .checked_mul(c.gunicorn_workers)
        .ok_or_else(|| crate::data::error::overflow("total_workers", "tasks x gunicorn_workers"))?;
    Ok(fits.then_some(PerInstance {
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

fn beats(a: &Candidate, next: Option<&Candidate>) -> String {
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

/// When nothing meets the requirements: each requirement whose relaxation
/// alone changes that, with the cheapest configuration it then allows.
fn relaxations(
    tables: &Tables,
    req: &Requirements,
    costs: &CostInputs,
) -> Result<Vec<Relaxation>, SizingError> {
    let mut out = Vec::new();
    limit_relaxations(tables, req, costs, &mut out)?;
    filter_relaxations(tables, req, costs, &mut out)?;
    arch::relaxation(tables, req, costs, &mut out)?;
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
    if let Some(limit) = req.max_monthly_cost {
        let relaxed = Requirements {
            max_monthly_cost: None,
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
            "--burstable",
            Requirements {
                no_burstable: false,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::sizing::profile_costs;

    fn req(min_workers: u64) -> Requirements {
        Requirements {
            min_workers,
            min_tasks: None,
            arch: None,
            ami_id: None,
            families: vec![],
            no_burstable: false,
            ci_builds_per_day: None,
            max_monthly_cost: None,
            min_instances: 2,
            max_instances: 10,
            container_memories: None,
            top: 5,
        }
    }

    #[test]
    fn cheapest_for_48_workers() {
        let t = Tables::embedded();
        let costs = profile_costs(&t, &t.profiles[0]);
        let o = optimize(&t, &req(48), &costs).unwrap();
        assert_eq!(o.configurations.len(), 5);
        let best = &o.configurations[0].config;
        assert!(best.total_workers >= 48);
        let costs: Vec<f64> = o
            .configurations
            .iter()
            .map(|c| c.config.monthly_cost)
            .collect();
        assert!(costs.windows(2).all(|w| w[0] <= w[1]));
        assert!(o.relax.is_empty());
    }

    #[test]
    fn the_guide_leaves_burstable_types_out_unless_ci_load_is_light() {
        let t = Tables::embedded();
        let line = t.advice.continuous_ci_builds_per_day;
        assert!(guide_excludes_burstable(&t, None));
        assert!(guide_excludes_burstable(&t, Some(line)));
        assert!(!guide_excludes_burstable(&t, Some(line - 1)));
        let costs = profile_costs(&t, &t.profiles[0]);
        let mut r = req(48);
        r.no_burstable = true;
        let o = optimize(&t, &r, &costs).unwrap();
        assert!(
            o.configurations
                .iter()
                .all(|c| !c.config.instance.burstable)
        );
        assert!(o.notes[0].contains("--burstable"), "{:?}", o.notes);
    }

    #[test]
    fn filters_apply() {
        let t = Tables::embedded();
        let costs = profile_costs(&t, &t.profiles[0]);
        let mut r = req(48);
        r.arch = Some(Arch::Arm64);
        r.ami_id = Some("ami-0123456789abcdef0".into());
        r.no_burstable = true;
        let o = optimize(&t, &r, &costs).unwrap();
        assert!(
            o.configurations
                .iter()
                .all(|c| { c.config.instance.arch == Arch::Arm64 && !c.config.instance.burstable })
        );
    }

    #[test]
    fn nothing_feasible_says_what_to_relax() {
        let t = Tables::embedded();
        let costs = profile_costs(&t, &t.profiles[0]);
        let mut r = req(48);
        r.max_monthly_cost = Some(50.0);
        let o = optimize(&t, &r, &costs).unwrap();
        assert!(o.configurations.is_empty());
        assert_eq!(o.relax[0].requirement, "--max-monthly-cost");
        let mut r = req(100_000);
        r.max_instances = 3;
        let o = optimize(&t, &r, &costs).unwrap();
        assert!(o.relax.iter().any(|x| x.requirement == "--max-instances"));
    }
}
