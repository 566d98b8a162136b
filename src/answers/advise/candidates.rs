//! The configs an `advise` action could move to, one function per kind of
//! action.

use super::ActionKind;
use crate::answers::compare::{family_members, smaller_sizes};
use crate::answers::sizing::{self, SizingReport, SizingRequest};
use crate::data::error::{SizingError, overflow};
use crate::data::{EfsThroughputMode, Instance, Tables, family_of};
use crate::module::placement::placement;

pub(super) struct Candidates {
    /// The configs, best first, with the change each makes.
    pub(super) options: Vec<(SizingRequest, String)>,
    /// What to say when none of them can run.
    pub(super) none_note: String,
}

pub(super) fn candidates(
    tables: &Tables,
    request: &SizingRequest,
    current: &SizingReport,
    kind: ActionKind,
) -> Result<Candidates, SizingError> {
    Ok(match kind {
        ActionKind::ScaleUpInstanceType => scale_up(tables, request),
        ActionKind::ScaleDownInstanceType => scale_down(tables, request),
        ActionKind::ScaleOutInstanceCount => scale_out(tables, request, current)?,
        ActionKind::ChangeEfsThroughputMode => efs_throughput(tables, request),
        ActionKind::RaiseContainerMemory => container_memory(tables, request, current),
    })
}

/// The request with one edit made.
fn edited(request: &SizingRequest, edit: impl FnOnce(&mut SizingRequest)) -> SizingRequest {
    let mut next = request.clone();
    edit(&mut next);
    next
}

/// The request on another instance type, and that change.
fn to_type(request: &SizingRequest, t: &str) -> (SizingRequest, String) {
    (
        edited(request, |n| n.inputs.asg_instance_type = t.to_string()),
        format!(
            "asg_instance_type \"{}\" → \"{t}\"",
            request.inputs.asg_instance_type
        ),
    )
}

fn scale_up(tables: &Tables, request: &SizingRequest) -> Candidates {
    let ty = &request.inputs.asg_instance_type;
    Candidates {
        options: scale_up_targets(tables, ty)
            .iter()
            .map(|t| to_type(request, t))
            .collect(),
        none_note: format!(
            "no instance type in the catalog gives {ty}'s config more CPU and still runs it"
        ),
    }
}

/// The strictly smaller sizes of the family, the next smaller first.
fn scale_down(tables: &Tables, request: &SizingRequest) -> Candidates {
    let ty = &request.inputs.asg_instance_type;
    Candidates {
        options: smaller_sizes(tables, ty)
            .iter()
            .map(|t| to_type(request, t))
            .collect(),
        none_note: format!("no smaller {} type runs this config", family_of(ty)),
    }
}

/// One more instance, with room at the maximum for every task.
fn scale_out(
    tables: &Tables,
    request: &SizingRequest,
    current: &SizingReport,
) -> Result<Candidates, SizingError> {
    let i = &request.inputs;
    let n = current.capacity.asg_instance_count;
    let grown = n
        .checked_add(1)
        .ok_or_else(|| overflow("asg_min_size", "one more instance"))?;
    // What an instance holds by both modules' overheads.
    let instance = tables.find_instance(&i.asg_instance_type)?;
    let per = placement(
        &tables.module,
        instance,
        &current.capacity,
        i.container_memory,
    )
    .per_instance
    .max(1);
    // The cap the service sits at is task_max_count: the proposal must raise
    // it. A given one rises by what one more instance holds; one derived from
    // a pinned task_min_count does not grow with instances, so it is set.
    let raised = current
        .capacity
        .task_max_count
        .checked_add(per)
        .ok_or_else(|| overflow("task_max_count", "one instance more of tasks"))?;
    let task_max = match (i.task_max_count, i.task_min_count) {
        (Some(t), _) => Some(
            t.checked_add(per)
                .ok_or_else(|| overflow("task_max_count", "one instance more of tasks"))?,
        ),
        (None, Some(_)) => Some(raised),
        (None, None) => None,
    };
    let probe = edited(request, |next| {
        next.inputs.asg_min_size = Some(grown);
        next.inputs.asg_max_size = i.asg_max_size.map(|m| m.max(grown));
        next.inputs.task_max_count = task_max;
    });
    let Ok(sized) = sizing::size(tables, &probe, None, None) else {
        return Ok(Candidates {
            options: Vec::new(),
            none_note: "one more instance is a config the module stack rejects".into(),
        });
    };
    // Room at the maximum for every task of task_max_count, by the fewer
    // tasks per instance of the two modules' counts.
    let needed = sized.capacity.task_max_count.div_ceil(per);
    let max = match i.asg_max_size {
        Some(m) => Some(m.max(grown).max(needed)),
        // The ECS module derives the maximum; set it only where its own
        // count falls short.
        None => (sized.capacity.asg_max_size < needed).then_some(needed),
    };
    let next = edited(request, |next| {
        next.inputs.asg_min_size = Some(grown);
        next.inputs.asg_max_size = max;
        next.inputs.task_max_count = task_max;
    });
    let mut change = format!("asg_min_size {n} → {grown}");
    match (i.asg_max_size, max) {
        (Some(a), Some(b)) if a != b => change.push_str(&format!(", asg_max_size {a} → {b}")),
        (None, Some(b)) => change.push_str(&format!(", asg_max_size null → {b}")),
        _ => {}
    }
    if let Some(b) = task_max {
        let a = i
            .task_max_count
            .map_or_else(|| "null".to_string(), |a| a.to_string());
        change.push_str(&format!(", task_max_count {a} → {b}"));
    }
    Ok(Candidates {
        options: vec![(next, change)],
        none_note: "one more instance does not give the service room".into(),
    })
}

/// The next throughput mode up: bursting to elastic, elastic to
/// provisioned, provisioned to twice the throughput.
fn efs_throughput(tables: &Tables, request: &SizingRequest) -> Candidates {
    match request.costs.efs_throughput_mode {
        EfsThroughputMode::Bursting => Candidates {
            options: vec![(
                edited(request, |n| {
                    n.costs.efs_throughput_mode = EfsThroughputMode::Elastic
                }),
                format!(
                    "efs_throughput_mode \"bursting\" → \"elastic\" ({}no burst credits to \
                     deplete)",
                    if tables.module.defaults.efs_throughput_mode == EfsThroughputMode::Elastic {
                        "the module's default: "
                    } else {
                        ""
                    }
                ),
            )],
            none_note: String::new(),
        },
        EfsThroughputMode::Elastic => {
            let mibps = tables.advice.efs_provisioned_mibps;
            Candidates {
                options: vec![(
                    edited(request, |n| {
                        n.costs.efs_throughput_mode = EfsThroughputMode::Provisioned;
                        n.costs.efs_provisioned_throughput_in_mibps = Some(mibps);
                    }),
                    format!(
                        "efs_throughput_mode \"elastic\" → \"provisioned\", \
                         efs_provisioned_throughput_in_mibps = {mibps} (for very heavy, \
                         predictable workloads)"
                    ),
                )],
                none_note: String::new(),
            }
        }
        EfsThroughputMode::Provisioned => more_provisioned_throughput(tables, request),
    }
}

/// Twice the provisioned throughput, up to the module's maximum.
fn more_provisioned_throughput(tables: &Tables, request: &SizingRequest) -> Candidates {
    let now = request
        .costs
        .efs_provisioned_throughput_in_mibps
        .unwrap_or(0);
    let max = tables
        .module
        .limits
        .efs_provisioned_throughput_in_mibps
        .high;
    let more = now.saturating_mul(2).clamp(1, max);
    let options = if more > now {
        vec![(
            edited(request, |n| {
                n.costs.efs_provisioned_throughput_in_mibps = Some(more)
            }),
            format!("efs_provisioned_throughput_in_mibps {now} → {more}"),
        )]
    } else {
        Vec::new()
    };
    Candidates {
        options,
        none_note: format!("efs_provisioned_throughput_in_mibps is at the module's maximum, {max}"),
    }
}

/// Larger container_memory sizes; a given reservation keeps its share of
/// the limit.
fn container_memory(
    tables: &Tables,
    request: &SizingRequest,
    current: &SizingReport,
) -> Candidates {
    let i = &request.inputs;
    // More memory must mean more per worker: derived workers would grow with
    // it (container_memory / 128), so today's count is kept.
    let workers = current.capacity.gunicorn_workers;
    let max = tables.module.limits.container_memory.high;
    let now = i.container_memory;
    let options = larger_memory_sizes(tables, now)
        .into_iter()
        .map(|m| {
            (
                edited(request, |n| {
                    n.inputs.container_memory = m;
                    n.inputs.container_memory_reservation = i
                        .container_memory_reservation
                        .map(|r| r.saturating_mul(m) / now.max(1));
                    n.inputs.gunicorn_workers = Some(workers);
                }),
                match i.gunicorn_workers {
                    Some(_) => format!("container_memory {now} → {m}"),
                    None => format!(
                        "container_memory {now} → {m}, gunicorn_workers null → {workers} (kept, \
                         so each worker gets more memory)"
                    ),
                },
            )
        })
        .collect();
    let none_note = if now >= max {
        format!("container_memory is at the module's maximum, {max}: scale the instance type up")
    } else {
        format!(
            "a larger container_memory does not fit {}: scale the instance type up",
            i.asg_instance_type
        )
    };
    Candidates { options, none_note }
}

/// Sizes above `now`, in whole workers' memory and within the module's
/// maximum: double it if the instance holds that, else the most it does.
fn larger_memory_sizes(tables: &Tables, now: u64) -> Vec<u64> {
    let step = tables.module.worker_memory_mb.get();
    let max = tables.module.limits.container_memory.high;
    let round_up = |m: u64| (m.div_ceil(step) * step).min(max);
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
    sizes
}

/// Types to scale up to for more CPU, best first: from a burstable type, the
/// cheapest of the same architecture with a 100% baseline and at least its
/// vCPUs and memory (the guide moves t3.small to c6a); otherwise the larger
/// sizes of its family, then the cheapest larger types of other families.
fn scale_up_targets(tables: &Tables, name: &str) -> Vec<String> {
    let Some(current) = tables.instance(name) else {
        return Vec::new();
    };
    let mut by_price: Vec<(&str, &Instance)> = tables
        .instances
        .iter()
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
    let family = family_of(name);
    let mut out: Vec<String> = family_members(tables, family)
        .into_iter()
        .filter(|m| tables.instance(m).is_some_and(|i| i.vcpus > current.vcpus))
        .collect();
    out.extend(
        by_price
            .iter()
            .filter(|(n, i)| family_of(n) != family && i.vcpus > current.vcpus)
            .map(|(n, _)| n.to_string()),
    );
    out
}
