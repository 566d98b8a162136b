//! `advise`: the guide's "When to Scale Up" as rules over what CloudWatch
//! shows. Each action that applies comes with the guide's reason and the
//! concrete next config, sized, with its monthly cost difference.

use serde::Serialize;

use crate::answers::sizing::{self, ModuleInfo, PricingInfo, SizingReport, SizingRequest};
use crate::answers::warnings::{Severity, Warning, WarningCode};
use crate::data::error::SizingError;
use crate::data::{AdviceRules as Thresholds, Choice, Named, Profile, Tables};

pub mod burst;
mod candidates;
pub mod metrics;

use self::metrics::Measured;

/// What the dashboards show. Percentages are 0-100.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Metrics {
    pub cpu_utilization_pct: Option<f64>,
    pub memory_utilization_pct: Option<f64>,
    pub error_rate_pct: Option<f64>,
    pub p95_latency_s: Option<f64>,
    pub efs_percent_io_limit_pct: Option<f64>,
    /// The ECS service sits at task_max_count.
    pub tasks_at_max: bool,
    pub load: Load,
}

/// Whether the metrics were read under normal traffic or during a burst.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Load {
    #[default]
    Normal,
    Burst,
}

impl Choice for Load {
    const ALL: &'static [Named<Self>] = &[
        Named {
            value: Self::Normal,
            name: "normal",
            aliases: &[],
            help: "",
        },
        Named {
            value: Self::Burst,
            name: "burst",
            aliases: &[],
            help: "",
        },
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Advice {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    pub metrics: Metrics,
    pub current: SizingReport,
    pub actions: Vec<Action>,
    /// Metrics within the guide's expectations, said so.
    /// What the metrics show that calls for no action.
    pub observations: Vec<Warning>,
    /// With `--metrics`: each rule's verdict over the series, their
    /// statistics, and what could not be judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<Measured>,
    /// `--burst-clients`, or a burst the metrics show: the burst predicted
    /// on the current config and each proposal (their `predicted_burst`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub burst: Option<burst::AdviceBurst>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Action {
    pub action: ActionKind,
    /// The guide's reasons that apply, with the metric that triggered each.
    pub reasons: Vec<String>,
    /// The change, in the module's variables.
    pub change: String,
    /// The next config, sized; `null` when the catalog has no next step.
    pub proposed: Option<SizingReport>,
    pub cost_difference: Option<CostDifference>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    ScaleUpInstanceType,
    ScaleOutInstanceCount,
    ChangeEfsThroughputMode,
    RaiseContainerMemory,
    ScaleDownInstanceType,
}

/// Proposed minus current, a month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CostDifference {
    pub at_asg_min_size: f64,
    pub at_asg_max_size: f64,
}

impl Metrics {
    pub fn validate(&self) -> Result<(), SizingError> {
        let any = [
            self.cpu_utilization_pct,
            self.memory_utilization_pct,
            self.error_rate_pct,
            self.p95_latency_s,
            self.efs_percent_io_limit_pct,
        ]
        .iter()
        .any(Option::is_some);
        if any || self.tasks_at_max {
            Ok(())
        } else {
            Err(SizingError::Inconsistent {
                variables: &[],
                message: "give at least one metric: --cpu-utilization, --memory-utilization, \
                          --error-rate, --p95-latency, --efs-percent-io-limit or --tasks-at-max"
                    .into(),
            })
        }
    }
}

/// What the rules look at.
struct Reading<'a> {
    limits: &'a Thresholds,
    metrics: &'a Metrics,
    current: &'a SizingReport,
    /// The metrics were read under normal traffic, not during a burst.
    normal: bool,
}

/// What the rules conclude: the reasons for actions, and the metrics that
/// are within the guide's expectations.
#[derive(Default)]
struct Conclusions {
    reasons: Vec<(ActionKind, String)>,
    observations: Vec<Warning>,
}

/// One of the guide's rules, over one metric.
type Rule = fn(&Reading<'_>, &mut Conclusions);

/// The rules. Their order is the order of an action's reasons and of the
/// observations; the size-down test is last because it applies only when no
/// other rule gave a reason.
const RULES: [Rule; 7] = [
    high_cpu,
    high_error_rate,
    high_p95_latency,
    memory_pressure,
    efs_io_limit,
    tasks_at_max,
    quiet,
];

pub fn advise(
    tables: &Tables,
    request: &SizingRequest,
    profile: Option<&Profile>,
    metrics: &Metrics,
) -> Result<Advice, SizingError> {
    metrics.validate()?;
    let current = sizing::size(tables, request, profile, None)?;
    let reading = Reading {
        limits: &tables.advice,
        metrics,
        current: &current,
        normal: metrics.load == Load::Normal,
    };
    let mut found = Conclusions::default();
    for rule in RULES {
        rule(&reading, &mut found);
    }
    let actions = actions(tables, request, &current, &found.reasons)?;
    Ok(Advice {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        metrics: metrics.clone(),
        current,
        actions,
        observations: found.observations,
        measured: None,
        burst: None,
    })
}

/// `advise --metrics`: the rules over the series the AWS CLI printed, and
/// the same proposals, each sized through the stack and billed whole.
pub fn advise_measured(
    tables: &Tables,
    request: &SizingRequest,
    profile: Option<&Profile>,
    readings: &metrics::results::Readings,
    service_name: &str,
) -> Result<Advice, SizingError> {
    let current = sizing::size(tables, request, profile, None)?;
    let setting = metrics::Setting {
        service_name,
        task_max_count: current.capacity.task_max_count,
        bursting: request.costs.efs_throughput_mode == crate::data::EfsThroughputMode::Bursting,
    };
    let mut measured = metrics::measure(tables, readings, &setting);
    let reasons = metrics::reasons(&measured);
    let mut actions = actions(tables, request, &current, &reasons)?;
    no_smaller_size(&mut measured, &mut actions);
    Ok(Advice {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        metrics: summary(&measured),
        current,
        actions,
        observations: Vec::new(),
        measured: Some(measured),
        burst: None,
    })
}

/// A quiet service already on the smallest size the stack can run: the
/// downgrade test has nothing to propose, so its rule is `within` (saying
/// why) and no action is listed; a verdict of `action` always comes with a
/// change, so the exit code agrees with it.
fn no_smaller_size(measured: &mut Measured, actions: &mut Vec<Action>) {
    let down = ActionKind::ScaleDownInstanceType;
    let Some(at) = actions
        .iter()
        .position(|a| a.action == down && a.proposed.is_none())
    else {
        return;
    };
    let none = actions.remove(at);
    for v in measured.rules.iter_mut().filter(|v| v.action == Some(down)) {
        v.verdict = metrics::rules::Verdict::Within;
        v.action = None;
        v.observed = format!(
            "{}; no smaller size to propose: {}",
            v.observed,
            none.note.clone().unwrap_or_default()
        );
    }
}

/// The measured series in `--cpu-utilization` terms: each one's 95th
/// percentile, and whether the task-count rule found the service at its
/// maximum.
fn summary(m: &Measured) -> Metrics {
    use metrics::query::SeriesId;
    let p95 = |id: SeriesId| m.series.iter().find(|s| s.id == id).and_then(|s| s.p95);
    let at_max = m
        .rules
        .iter()
        .any(|r| r.action == Some(ActionKind::ScaleOutInstanceCount));
    Metrics {
        cpu_utilization_pct: p95(SeriesId::CpuUtilization),
        memory_utilization_pct: p95(SeriesId::MemoryUtilization),
        error_rate_pct: None,
        p95_latency_s: p95(SeriesId::ResponseTimeP95),
        efs_percent_io_limit_pct: p95(SeriesId::EfsPercentIoLimit),
        tasks_at_max: at_max,
        load: Load::Normal,
    }
}

fn high_cpu(r: &Reading<'_>, out: &mut Conclusions) {
    let Some(cpu) = r.metrics.cpu_utilization_pct else {
        return;
    };
    let limit = r.limits.scale_up_cpu_pct.get();
    if r.normal && cpu > limit {
        out.reasons.push((
            ActionKind::ScaleUpInstanceType,
            format!("CPU utilization {cpu}% is above {limit}% sustained under normal load"),
        ));
    } else if !r.normal && cpu > limit {
        out.observations.push(observation(
            WarningCode::BurstNotSustained,
            format!("CPU {cpu}% during a burst: the guide scales up on sustained load, not bursts"),
        ));
    }
}

/// A reading that calls for no action, in the shape of every other note.
fn observation(code: WarningCode, message: String) -> Warning {
    Warning::new(
        code,
        Severity::Info,
        None,
        message,
        "none needed".to_string(),
    )
}

fn high_error_rate(r: &Reading<'_>, out: &mut Conclusions) {
    let Some(err) = r.metrics.error_rate_pct else {
        return;
    };
    let limit = if r.normal {
        r.limits.scale_up_error_rate_pct.get()
    } else {
        r.limits.burst_error_rate_pct.get()
    };
    if err > limit {
        out.reasons.push((
            ActionKind::ScaleUpInstanceType,
            format!(
                "error rate {err}% is above {limit}% {}",
                if r.normal {
                    "during normal traffic"
                } else {
                    "under burst load (the guide's target)"
                }
            ),
        ));
    } else {
        out.observations.push(observation(
            WarningCode::MetricWithinGuide,
            format!("error rate {err}% is within the guide's {limit}%"),
        ));
    }
}

fn high_p95_latency(r: &Reading<'_>, out: &mut Conclusions) {
    let Some(p95) = r.metrics.p95_latency_s else {
        return;
    };
    let limit = if r.normal {
        r.limits.scale_up_p95_latency_s.get()
    } else {
        r.limits.burst_p95_latency_s.get()
    };
    if p95 > limit {
        out.reasons.push((
            ActionKind::ScaleUpInstanceType,
            format!(
                "P95 latency {p95} s is above {limit} s {}",
                if r.normal {
                    "during normal traffic"
                } else {
                    "even for a burst, the most the guide expects"
                }
            ),
        ));
    } else if !r.normal {
        out.observations.push(observation(
            WarningCode::BurstNotSustained,
            format!(
                "P95 latency {p95} s during a burst is what the guide expects (up to {limit} s): \
                 HTTP keep-alive pins a burst to few instances"
            ),
        ));
    } else {
        out.observations.push(observation(
            WarningCode::MetricWithinGuide,
            format!("P95 latency {p95} s is within the guide's {limit} s"),
        ));
    }
}

fn memory_pressure(r: &Reading<'_>, out: &mut Conclusions) {
    let limit = r.limits.memory_pressure_pct.get();
    if let Some(mem) = r.metrics.memory_utilization_pct
        && mem > limit
    {
        out.reasons.push((
            ActionKind::RaiseContainerMemory,
            format!(
                "memory utilization {mem}% is above {limit}%: increase container_memory or the \
                 instance type"
            ),
        ));
    }
}

fn efs_io_limit(r: &Reading<'_>, out: &mut Conclusions) {
    let limit = r.limits.efs_percent_io_limit_pct.get();
    if let Some(io) = r.metrics.efs_percent_io_limit_pct
        && io > limit
    {
        out.reasons.push((
            ActionKind::ChangeEfsThroughputMode,
            format!("EFS PercentIOLimit {io}% is above {limit}% sustained"),
        ));
    }
}

fn tasks_at_max(r: &Reading<'_>, out: &mut Conclusions) {
    if r.metrics.tasks_at_max {
        out.reasons.push((
            ActionKind::ScaleOutInstanceCount,
            format!(
                "the service sits at task_max_count ({})",
                r.current.capacity.task_max_count
            ),
        ));
    }
}

/// The guide's downgrade test, when nothing else calls for an action.
fn quiet(r: &Reading<'_>, out: &mut Conclusions) {
    let (cpu_limit, memory_limit) = (
        r.limits.downgrade_cpu_pct.get(),
        r.limits.downgrade_memory_pct.get(),
    );
    let quiet = r.normal
        && out.reasons.is_empty()
        && r.metrics.cpu_utilization_pct.is_some_and(|c| c < cpu_limit)
        // The guide's test needs both: CPU and memory low.
        && r.metrics.memory_utilization_pct.is_some_and(|m| m < memory_limit);
    if quiet {
        out.reasons.push((
            ActionKind::ScaleDownInstanceType,
            format!(
                "CPU below {cpu_limit}% and memory below {memory_limit}% sustained: the guide's \
                 downgrade test (try it in a test environment first, one size at a time)"
            ),
        ));
    }
}

/// One action per kind with a reason, in the kinds' order, each with all
/// its reasons.
fn actions(
    tables: &Tables,
    request: &SizingRequest,
    current: &SizingReport,
    reasons: &[(ActionKind, String)],
) -> Result<Vec<Action>, SizingError> {
    let mut kinds: Vec<ActionKind> = reasons.iter().map(|(k, _)| *k).collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|kind| {
            let why = reasons
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, r)| r.clone())
                .collect();
            action(tables, request, current, kind, why)
        })
        .collect()
}

fn action(
    tables: &Tables,
    request: &SizingRequest,
    current: &SizingReport,
    kind: ActionKind,
    reasons: Vec<String>,
) -> Result<Action, SizingError> {
    let found = candidates::candidates(tables, request, current, kind)?;
    // The first refused candidate, to say why when none is proposed.
    let mut refused: Option<(String, SizingError)> = None;
    // The first candidate ECS can run; a scale-out must also reach its maximum.
    for (next, change) in found.options {
        // A candidate the stack rejects is not proposed; the user's own
        // flags were checked when `current` was sized.
        let proposed = match sizing::size(tables, &next, None, None) {
            Ok(proposed) => proposed,
            Err(e) => {
                refused.get_or_insert((change, e));
                continue;
            }
        };
        if !acceptable(kind, &proposed) || !relieves(kind, &proposed, current) {
            continue;
        }
        let diff = cost_difference(&proposed, current);
        let note = match kind {
            ActionKind::ChangeEfsThroughputMode => Some(EFS_IO_LIMIT_NOTE.to_string()),
            _ => fewer_tasks_note(&proposed, current),
        };
        return Ok(Action {
            action: kind,
            reasons,
            change,
            proposed: Some(proposed),
            cost_difference: Some(diff),
            note,
        });
    }
    Ok(Action {
        action: kind,
        reasons,
        change: "no change to propose".into(),
        proposed: None,
        cost_difference: None,
        note: Some(match refused {
            Some((change, e)) => format!("{}; {change} is refused: {e}", found.none_note),
            None => found.none_note,
        }),
    })
}

/// What the guide's EFS rule proposes against what AWS documents of the
/// metric that triggers it.
const EFS_IO_LIMIT_NOTE: &str = "the guide answers PercentIOLimit with a throughput change, \
but AWS documents PercentIOLimit as the share of General Purpose performance mode's I/O \
operations limit, not of throughput: a throughput mode may not lower it; if it stays high, \
fewer I/O operations (or another performance mode, which this module does not set) are what \
lowers it";

/// ECS can run it, and a scale-out has room for every task at its maximum.
fn acceptable(kind: ActionKind, proposed: &SizingReport) -> bool {
    let runs = !proposed
        .warnings
        .iter()
        .any(|w| w.severity == Severity::Error);
    let reaches_max = kind != ActionKind::ScaleOutInstanceCount
        || !proposed.warnings.iter().any(|w| {
            w.code == WarningCode::TaskMaxExceedsPlacement && w.severity == Severity::Warning
        });
    runs && reaches_max
}

/// The proposal, sized as `capacity` would, relieves what triggered it.
fn relieves(kind: ActionKind, proposed: &SizingReport, current: &SizingReport) -> bool {
    let (p, c) = (proposed, current);
    match kind {
        // More CPU to use all the time, for no fewer tasks: a step "up"
        // that runs fewer tasks serves less.
        ActionKind::ScaleUpInstanceType => {
            more_sustained_cpu(p, c)
                && p.capacity.tasks_per_instance >= c.capacity.tasks_per_instance
                && p.capacity.task_min_count >= c.capacity.task_min_count
        }
        ActionKind::ScaleDownInstanceType => {
            p.cost.at_asg_min_size.total < c.cost.at_asg_min_size.total
        }
        ActionKind::ScaleOutInstanceCount => {
            p.capacity.task_max_count > c.capacity.task_max_count
                && p.capacity.asg_max_size >= p.capacity.asg_instance_count
        }
        // More memory for each worker, not just more workers.
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

/// More CPU an instance may use all the time. A burstable type (by the
/// catalog's burstable information, baseline published or not: t1.micro
/// publishes none) has only its baseline for sure, so from one, only a type
/// with a full baseline and at least its vCPUs is more.
fn more_sustained_cpu(proposed: &SizingReport, current: &SizingReport) -> bool {
    let (p, c) = (&proposed.instance, &current.instance);
    if p.burstable {
        return false;
    }
    if c.burstable {
        return p.vcpus >= c.vcpus;
    }
    p.vcpus > c.vcpus
}

fn cost_difference(proposed: &SizingReport, current: &SizingReport) -> CostDifference {
    CostDifference {
        at_asg_min_size: round(
            proposed.cost.at_asg_min_size.total - current.cost.at_asg_min_size.total,
        ),
        at_asg_max_size: round(
            proposed.cost.at_asg_max_size.total - current.cost.at_asg_max_size.total,
        ),
    }
}

fn fewer_tasks_note(proposed: &SizingReport, current: &SizingReport) -> Option<String> {
    (proposed.capacity.tasks_per_instance < current.capacity.tasks_per_instance).then(|| {
        // Each task keeps its container_cpu and container_memory: only the
        // count of tasks, and so of workers, drops.
        let (c, p) = (&current.capacity, &proposed.capacity);
        format!(
            "fewer tasks per instance ({} → {}): each task keeps its {} CPU units and {} MB; \
             the service runs {}–{} tasks instead of {}–{}, {} gunicorn workers instead of {}",
            c.tasks_per_instance,
            p.tasks_per_instance,
            p.container_cpu,
            proposed.inputs.module.container_memory,
            p.task_min_count,
            p.task_max_count,
            c.task_min_count,
            c.task_max_count,
            p.total_workers,
            c.total_workers
        )
    })
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heavy(metrics: Metrics) -> Advice {
        let t = Tables::embedded();
        let p = t.find_profile("heavy").unwrap();
        advise(&t, &sizing::profile_request(&t, p), Some(p), &metrics).unwrap()
    }

    fn kinds(a: &Advice) -> Vec<ActionKind> {
        a.actions.iter().map(|x| x.action).collect()
    }

    #[test]
    fn sustained_cpu_scales_the_type_up() {
        let a = heavy(Metrics {
            cpu_utilization_pct: Some(85.0),
            ..Default::default()
        });
        assert_eq!(kinds(&a), [ActionKind::ScaleUpInstanceType]);
        let up = &a.actions[0];
        let p = up.proposed.as_ref().unwrap();
        assert_eq!(p.inputs.module.asg_instance_type, "c6a.2xlarge");
        // 2 more x 0.153 x 730 at 2 instances, and 2 root volumes 16 GB
        // larger (8 GiB more memory) at 0.08.
        assert_eq!(up.cost_difference.unwrap().at_asg_min_size, 225.94);
    }

    #[test]
    fn a_burstable_type_scales_up_to_a_full_baseline() {
        let t = Tables::embedded();
        let p = t.find_profile("light").unwrap();
        let a = advise(
            &t,
            &sizing::profile_request(&t, p),
            Some(p),
            &Metrics {
                cpu_utilization_pct: Some(85.0),
                ..Default::default()
            },
        )
        .unwrap();
        let proposed = a.actions[0].proposed.as_ref().unwrap();
        assert_eq!(proposed.inputs.module.asg_instance_type, "c6a.large");
        assert!(!proposed.instance.burstable);
    }

    #[test]
    fn burst_latency_is_expected() {
        let a = heavy(Metrics {
            p95_latency_s: Some(14.0),
            error_rate_pct: Some(0.05),
            load: Load::Burst,
            ..Default::default()
        });
        assert!(a.actions.is_empty());
        assert_eq!(a.observations.len(), 2);
    }

    #[test]
    fn every_rule() {
        let a = heavy(Metrics {
            cpu_utilization_pct: Some(90.0),
            memory_utilization_pct: Some(95.0),
            error_rate_pct: Some(2.0),
            p95_latency_s: Some(6.0),
            efs_percent_io_limit_pct: Some(85.0),
            tasks_at_max: true,
            load: Load::Normal,
        });
        assert_eq!(
            kinds(&a),
            [
                ActionKind::ScaleUpInstanceType,
                ActionKind::ScaleOutInstanceCount,
                ActionKind::ChangeEfsThroughputMode,
                ActionKind::RaiseContainerMemory,
            ]
        );
        assert_eq!(a.actions[0].reasons.len(), 3);
        let efs = &a.actions[2];
        assert_eq!(efs.cost_difference.unwrap().at_asg_min_size, 600.0);
        let out = &a.actions[1];
        assert_eq!(
            out.proposed.as_ref().unwrap().capacity.asg_instance_count,
            3
        );
    }

    #[test]
    fn quiet_metrics_suggest_a_size_down() {
        let a = heavy(Metrics {
            cpu_utilization_pct: Some(30.0),
            memory_utilization_pct: Some(40.0),
            ..Default::default()
        });
        assert_eq!(kinds(&a), [ActionKind::ScaleDownInstanceType]);
        assert!(a.actions[0].cost_difference.unwrap().at_asg_min_size < 0.0);
    }

    #[test]
    fn no_metric_is_an_error() {
        let t = Tables::embedded();
        let p = t.find_profile("heavy").unwrap();
        assert!(
            advise(
                &t,
                &sizing::profile_request(&t, p),
                Some(p),
                &Metrics::default()
            )
            .is_err()
        );
    }

    fn advise_on(instance: &str, memory: u64, metrics: Metrics) -> Advice {
        advise_with(&Tables::embedded(), instance, memory, metrics)
    }

    fn advise_with(t: &Tables, instance: &str, memory: u64, metrics: Metrics) -> Advice {
        let mut inputs = crate::module::variables::SizingInputs::defaults(&t.module, instance);
        inputs.container_memory = memory;
        let request = SizingRequest {
            inputs,
            costs: sizing::default_costs(t),
            ci_builds_per_day: None,
        };
        advise(t, &request, None, &metrics).unwrap()
    }

    fn high_cpu() -> Metrics {
        Metrics {
            cpu_utilization_pct: Some(90.0),
            ..Default::default()
        }
    }

    /// t1.micro publishes no baseline but is burstable: the scale-up is the
    /// cheapest type with a full baseline the stack can deploy, not the
    /// first with more vCPUs than its one. (At 1024 MiB: its real 627 MiB,
    /// like m1.small's 1740, gives a root volume the plan refuses.)
    #[test]
    fn a_burstable_type_without_a_published_baseline_scales_to_a_full_one() {
        let t = Tables::embedded_with_a_whole_t1_micro();
        let a = advise_with(&t, "t1.micro", 128, high_cpu());
        let p = a.actions[0].proposed.as_ref().unwrap();
        assert!(!p.instance.burstable);
        // The cheapest x86_64 type with a full baseline and a whole root
        // volume, found here without advise's code.
        let cheapest = t
            .instances
            .iter()
            .filter(|(_, i)| {
                !i.burstable()
                    && i.arch == crate::data::Arch::X86_64
                    && crate::module::stack::root_volume_problem(
                        &t.module.stack,
                        "",
                        i.memory_mib.get(),
                    )
                    .is_none()
            })
            .min_by(|a, b| {
                a.1.hourly
                    .get()
                    .total_cmp(&b.1.hourly.get())
                    .then(a.0.cmp(b.0))
            })
            .unwrap();
        assert_eq!(p.inputs.module.asg_instance_type, cheapest.0);
    }

    /// x1e.32xlarge runs 105 tasks of 30720 MB; c6a.48xlarge, with more
    /// vCPUs and a tenth of the memory, 17. A scale-up runs no fewer.
    #[test]
    fn scaling_up_runs_no_fewer_tasks() {
        let a = advise_on("x1e.32xlarge", 30720, high_cpu());
        let up = &a.actions[0];
        assert_eq!(up.action, ActionKind::ScaleUpInstanceType);
        let p = up.proposed.as_ref().unwrap();
        assert_ne!(p.inputs.module.asg_instance_type, "c6a.48xlarge");
        assert!(p.capacity.tasks_per_instance >= a.current.capacity.tasks_per_instance);
        assert!(p.instance.vcpus > a.current.instance.vcpus);
    }

    /// c6a.metal's size down is c6a.32xlarge, not c6a.48xlarge (the same
    /// size, and price).
    #[test]
    fn scaling_down_is_to_a_strictly_smaller_size() {
        let quiet = Metrics {
            cpu_utilization_pct: Some(5.0),
            memory_utilization_pct: Some(5.0),
            ..Default::default()
        };
        let a = advise_on("c6a.metal", 512, quiet);
        let p = a.actions[0].proposed.as_ref().unwrap();
        assert_eq!(p.inputs.module.asg_instance_type, "c6a.32xlarge");
    }

    /// With task_max_count 13, every larger type raises task_min_count past
    /// it, which AWS refuses at apply: nothing is proposed, and the note
    /// says why.
    #[test]
    fn a_scale_up_the_apply_refuses_is_not_proposed_and_said_why() {
        let t = Tables::embedded();
        let mut inputs = crate::module::variables::SizingInputs::defaults(&t.module, "c6a.xlarge");
        inputs.task_max_count = Some(13);
        let request = SizingRequest {
            inputs,
            costs: sizing::default_costs(&t),
            ci_builds_per_day: None,
        };
        let a = advise(&t, &request, None, &high_cpu()).unwrap();
        let up = &a.actions[0];
        assert!(up.proposed.is_none());
        let note = up.note.as_deref().unwrap();
        assert!(
            note.contains("\"c6a.xlarge\" → \"c6a.2xlarge\" is refused: task_max_count = 13"),
            "{note}"
        );
    }
}
