//! `advise`: the guide's "When to Scale Up" as rules over what CloudWatch
//! shows. Each action that applies comes with the guide's reason and the
//! concrete next config, sized, with its monthly cost difference.

use serde::Serialize;

use crate::answers::sizing::{self, ModuleInfo, PricingInfo, SizingReport, SizingRequest};
use crate::data::EfsThroughputMode;
use crate::data::error::{SizingError, overflow};
use crate::data::{Choice, Named, Profile, Tables};

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
    pub observations: Vec<String>,
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
    pub at_asg_max_size: Option<f64>,
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

pub fn advise(
    tables: &Tables,
    request: &SizingRequest,
    profile: Option<&Profile>,
    metrics: &Metrics,
) -> Result<Advice, SizingError> {
    metrics.validate()?;
    let current = sizing::size(tables, request, profile, None)?;
    let a = &tables.advice;
    let normal = metrics.load == Load::Normal;
    let mut observations = Vec::new();
    let mut reasons: Vec<(ActionKind, String)> = Vec::new();

    if let Some(cpu) = metrics.cpu_utilization_pct {
        if normal && cpu > a.scale_up_cpu_pct.get() {
            reasons.push((
                ActionKind::ScaleUpInstanceType,
                format!(
                    "CPU utilization {cpu}% is above {}% sustained under normal load",
                    a.scale_up_cpu_pct.get()
                ),
            ));
        } else if !normal && cpu > a.scale_up_cpu_pct.get() {
            observations.push(format!(
                "CPU {cpu}% during a burst: the guide scales up on sustained load, not bursts"
            ));
        }
    }
    if let Some(err) = metrics.error_rate_pct {
        let limit = if normal {
            a.scale_up_error_rate_pct.get()
        } else {
            a.burst_error_rate_pct.get()
        };
        if err > limit {
            reasons.push((
                ActionKind::ScaleUpInstanceType,
                format!(
                    "error rate {err}% is above {limit}% {}",
                    if normal {
                        "during normal traffic"
                    } else {
                        "under burst load (the guide's target)"
                    }
                ),
            ));
        } else {
            observations.push(format!("error rate {err}% is within the guide's {limit}%"));
        }
    }
    if let Some(p95) = metrics.p95_latency_s {
        let limit = if normal {
            a.scale_up_p95_latency_s.get()
        } else {
            a.burst_p95_latency_s.get()
        };
        if p95 > limit {
            reasons.push((
                ActionKind::ScaleUpInstanceType,
                format!(
                    "P95 latency {p95} s is above {limit} s {}",
                    if normal {
                        "during normal traffic"
                    } else {
                        "even for a burst (the guide expects 10-20 s)"
                    }
                ),
            ));
        } else if !normal {
            observations.push(format!(
                "P95 latency {p95} s during a burst is what the guide expects (up to {limit} s): \
                 HTTP keep-alive pins a burst to few instances"
            ));
        } else {
            observations.push(format!(
                "P95 latency {p95} s is within the guide's {limit} s"
            ));
        }
    }
    if let Some(mem) = metrics.memory_utilization_pct
        && mem > a.memory_pressure_pct.get()
    {
        reasons.push((
            ActionKind::RaiseContainerMemory,
            format!(
                "memory utilization {mem}% is above {}%: increase container_memory or the \
                 instance type",
                a.memory_pressure_pct.get()
            ),
        ));
    }
    if let Some(io) = metrics.efs_percent_io_limit_pct
        && io > a.efs_percent_io_limit_pct.get()
    {
        reasons.push((
            ActionKind::ChangeEfsThroughputMode,
            format!(
                "EFS PercentIOLimit {io}% is above {}% sustained",
                a.efs_percent_io_limit_pct.get()
            ),
        ));
    }
    if metrics.tasks_at_max {
        reasons.push((
            ActionKind::ScaleOutInstanceCount,
            format!(
                "the service sits at task_max_count ({})",
                current.capacity.task_max_count
            ),
        ));
    }
    let quiet = normal
        && reasons.is_empty()
        && metrics
            .cpu_utilization_pct
            .is_some_and(|c| c < a.downgrade_cpu_pct.get())
        // The guide's test needs both: CPU and memory low.
        && metrics
            .memory_utilization_pct
            .is_some_and(|m| m < a.downgrade_memory_pct.get());
    if quiet {
        reasons.push((
            ActionKind::ScaleDownInstanceType,
            format!(
                "CPU below {}% and memory below {}% sustained: the guide's downgrade test \
                 (try it in a test environment first, one size at a time)",
                a.downgrade_cpu_pct.get(),
                a.downgrade_memory_pct.get()
            ),
        ));
    }

    let mut kinds: Vec<ActionKind> = reasons.iter().map(|(k, _)| *k).collect();
    kinds.sort();
    kinds.dedup();
    let actions = kinds
        .into_iter()
        .map(|kind| {
            let why = reasons
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, r)| r.clone())
                .collect();
            action(tables, request, &current, kind, why)
        })
        .collect::<Result<_, _>>()?;
    Ok(Advice {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        metrics: metrics.clone(),
        current,
        actions,
        observations,
    })
}

fn action(
    tables: &Tables,
    request: &SizingRequest,
    current: &SizingReport,
    kind: ActionKind,
    reasons: Vec<String>,
) -> Result<Action, SizingError> {
    let (candidates, none_note) = candidates(tables, request, current, kind)?;
    // The first candidate ECS can run; a scale-out must also reach its maximum.
    for (next, change) in candidates {
        let proposed = sizing::size(tables, &next, None, None)?;
        let runs = !proposed
            .warnings
            .iter()
            .any(|w| w.severity == crate::answers::warnings::Severity::Error);
        let reaches_max = kind != ActionKind::ScaleOutInstanceCount
            || !proposed
                .warnings
                .iter()
                .any(|w| w.code == crate::answers::warnings::WarningCode::TaskMaxExceedsPlacement);
        if !(runs && reaches_max) {
            continue;
        }
        let diff = CostDifference {
            at_asg_min_size: round(
                proposed.cost.at_asg_min_size.total - current.cost.at_asg_min_size.total,
            ),
            at_asg_max_size: match (
                &proposed.cost.at_asg_max_size,
                &current.cost.at_asg_max_size,
            ) {
                (Some(p), Some(c)) => Some(round(p.total - c.total)),
                _ => None,
            },
        };
        let note = (proposed.capacity.tasks_per_instance < current.capacity.tasks_per_instance)
            .then(|| {
                format!(
                    "fewer tasks per instance ({} → {}): each task gets more, the service runs \
                     fewer",
                    current.capacity.tasks_per_instance, proposed.capacity.tasks_per_instance
                )
            });
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
        note: Some(none_note),
    })
}

/// The configs an action could move to, best first, with the change each
/// makes; and what to say when none of them can run.
fn candidates(
    tables: &Tables,
    request: &SizingRequest,
    current: &SizingReport,
    kind: ActionKind,
) -> Result<(Vec<(SizingRequest, String)>, String), SizingError> {
    let i = &request.inputs;
    let ty = &i.asg_instance_type;
    let with = |edit: &dyn Fn(&mut SizingRequest)| {
        let mut next = request.clone();
        edit(&mut next);
        next
    };
    let to_type = |t: &str| {
        (
            with(&|n| n.inputs.asg_instance_type = t.to_string()),
            format!("asg_instance_type \"{ty}\" → \"{t}\""),
        )
    };
    Ok(match kind {
        ActionKind::ScaleUpInstanceType => (
            scale_up_targets(tables, ty)
                .iter()
                .map(|t| to_type(t))
                .collect(),
            format!(
                "no instance type in the catalog gives {ty}'s config more CPU and still runs it"
            ),
        ),
        ActionKind::ScaleDownInstanceType => {
            let family = crate::data::family_of(ty);
            let mut smaller: Vec<String> = crate::answers::compare::family_members(tables, family)
                .into_iter()
                .take_while(|m| m != ty)
                .collect();
            smaller.reverse();
            (
                smaller.iter().map(|t| to_type(t)).collect(),
                format!("no smaller {family} type runs this config"),
            )
        }
        ActionKind::ScaleOutInstanceCount => {
            let n = current.capacity.asg_instance_count;
            let grown = n
                .checked_add(1)
                .ok_or_else(|| overflow("asg_min_size", "one more instance"))?;
            let tpi = current.capacity.tasks_per_instance.max(1);
            // A given task_max_count is the cap the service sits at: raise it
            // by what one more instance holds.
            let task_max = match i.task_max_count {
                Some(t) => Some(
                    t.checked_add(tpi)
                        .ok_or_else(|| overflow("task_max_count", "one instance more of tasks"))?,
                ),
                None => None,
            };
            let probe = with(&|n| {
                n.inputs.asg_min_size = Some(grown);
                n.inputs.asg_max_size = i.asg_max_size.map(|m| m.max(grown));
                n.inputs.task_max_count = task_max;
            });
            let sized = sizing::size(tables, &probe, None, None)?;
            // Room at the maximum for every task of task_max_count.
            let needed = sized.capacity.task_max_count.div_ceil(tpi);
            let max = i.asg_max_size.map(|m| m.max(grown).max(needed));
            let next = with(&|n| {
                n.inputs.asg_min_size = Some(grown);
                n.inputs.asg_max_size = max;
                n.inputs.task_max_count = task_max;
            });
            let mut change = format!("asg_min_size {n} → {grown}");
            if let (Some(a), Some(b)) = (i.asg_max_size, max)
                && a != b
            {
                change.push_str(&format!(", asg_max_size {a} → {b}"));
            }
            if let (Some(a), Some(b)) = (i.task_max_count, task_max) {
                change.push_str(&format!(", task_max_count {a} → {b}"));
            }
            (
                vec![(next, change)],
                "one more instance does not give the service room".into(),
            )
        }
        ActionKind::ChangeEfsThroughputMode => {
            let c = &request.costs;
            match c.efs_throughput_mode {
                EfsThroughputMode::Bursting => (
                    vec![(
                        with(&|n| n.costs.efs_throughput_mode = EfsThroughputMode::Elastic),
                        "efs_throughput_mode \"bursting\" → \"elastic\" (the module's default: \
                         no burst credits to deplete)"
                            .to_string(),
                    )],
                    String::new(),
                ),
                EfsThroughputMode::Elastic => {
                    let mibps = tables.advice.efs_provisioned_mibps;
                    (
                        vec![(
                            with(&|n| {
                                n.costs.efs_throughput_mode = EfsThroughputMode::Provisioned;
                                n.costs.efs_provisioned_throughput_in_mibps = Some(mibps);
                            }),
                            format!(
                                "efs_throughput_mode \"elastic\" → \"provisioned\", \
                                 efs_provisioned_throughput_in_mibps = {mibps} (for very heavy, \
                                 predictable workloads)"
                            ),
                        )],
                        String::new(),
                    )
                }
                EfsThroughputMode::Provisioned => {
                    let now = c.efs_provisioned_throughput_in_mibps.unwrap_or(0);
                    let max = tables
                        .module
                        .limits
                        .efs_provisioned_throughput_in_mibps
                        .high;
                    let more = now.saturating_mul(2).clamp(1, max);
                    let options = if more > now {
                        vec![(
                            with(&|n| n.costs.efs_provisioned_throughput_in_mibps = Some(more)),
                            format!("efs_provisioned_throughput_in_mibps {now} → {more}"),
                        )]
                    } else {
                        Vec::new()
                    };
                    (
                        options,
                        format!(
                            "efs_provisioned_throughput_in_mibps is at the module's maximum, {max}"
                        ),
                    )
                }
            }
        }
        ActionKind::RaiseContainerMemory => {
            let step = tables.module.worker_memory_mb.get();
            let max = tables.module.limits.container_memory.high;
            let now = i.container_memory;
            let round_up = |m: u64| (m.div_ceil(step) * step).min(max);
            // Double it if the instance holds that, else the most it does.
            let mut sizes: Vec<u64> = [
                now.saturating_mul(2),
                now.saturating_mul(3) / 2,
                now + 2 * step,
                now + step,
            ]
            .into_iter()
            .map(round_up)
            .filter(|m| *m > now)
            .collect();
            sizes.dedup();
            let options = sizes
                .into_iter()
                .map(|m| {
                    (
                        with(&|n| {
                            n.inputs.container_memory = m;
                            // A given reservation keeps its share of the limit.
                            n.inputs.container_memory_reservation = i
                                .container_memory_reservation
                                .map(|r| r.saturating_mul(m) / now.max(1));
                        }),
                        format!("container_memory {now} → {m}"),
                    )
                })
                .collect();
            (
                options,
                if now >= max {
                    format!(
                        "container_memory is at the module's maximum, {max}: scale the instance \
                         type up"
                    )
                } else {
                    format!(
                        "a larger container_memory does not fit {ty}: scale the instance type up"
                    )
                },
            )
        }
    })
}

/// Types to scale up to for more CPU, best first: from a burstable type, the
/// cheapest of the same architecture with a 100% baseline and at least its
/// vCPUs and memory (the guide moves t3.small to c6a); otherwise the larger
/// sizes of its family, then the cheapest larger types of other families.
fn scale_up_targets(tables: &Tables, name: &str) -> Vec<String> {
    let Some(current) = tables.instance(name) else {
        return Vec::new();
    };
    let mut by_price: Vec<(&str, &crate::data::Instance)> = tables
        .instances
        .iter()
        .map(|(n, i)| (n.get_ref().as_str(), i))
        .filter(|(n, i)| *n != name && !i.burstable() && i.arch == current.arch)
        .collect();
    by_price.sort_by(|a, b| {
        a.1.hourly
            .get()
            .total_cmp(&b.1.hourly.get())
            .then(a.0.cmp(b.0))
    });
    if current.burstable() {
        return by_price
            .iter()
            .filter(|(_, i)| i.vcpus >= current.vcpus && i.memory_mib >= current.memory_mib)
            .map(|(n, _)| n.to_string())
            .collect();
    }
    let family = crate::data::family_of(name);
    let mut out: Vec<String> = crate::answers::compare::family_members(tables, family)
        .into_iter()
        .filter(|m| tables.instance(m).is_some_and(|i| i.vcpus > current.vcpus))
        .collect();
    out.extend(
        by_price
            .iter()
            .filter(|(n, i)| crate::data::family_of(n) != family && i.vcpus > current.vcpus)
            .map(|(n, _)| n.to_string()),
    );
    out
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
        // 2 more x 0.153 x 730 at 2 instances.
        assert_eq!(up.cost_difference.unwrap().at_asg_min_size, 223.38);
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
}
