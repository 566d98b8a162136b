//! `compare`: one container config on several instance types, side by side,
//! with what each leaves unused and what each worker costs. This is where the
//! guide's "fewer, beefier instances" becomes a number.

use serde::Serialize;

use crate::answers::sizing::{self, InstanceInfo, ModuleInfo, PricingInfo, SizingRequest};
use crate::answers::warnings::Warning;
use crate::data::error::SizingError;
use crate::data::{Choice, Named, Tables};
use crate::module::capacity::BindingConstraint;
use crate::module::cost::CostInputs;
use crate::module::placement::runnable_tasks_per_instance;
use crate::module::variables::SizingInputs;

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Comparison {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    /// The settings every row shares.
    pub inputs: SharedInputs,
    pub sort: SortKey,
    pub rows: Vec<ComparisonRow>,
    /// What was left out and why (types the AMI cannot launch).
    pub notes: Vec<String>,
}

/// The module variables `compare` applies to every instance type: the
/// request's inputs, written without the instance type each row has its own
/// of (the same keys in the same order, so no second list of them).
#[derive(Debug, Clone, PartialEq)]
pub struct SharedInputs(pub SizingInputs);

/// The one key a row sets for itself.
const ROW_KEY: &str = "asg_instance_type";

impl Serialize for SharedInputs {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut value = serde_json::to_value(&self.0).map_err(serde::ser::Error::custom)?;
        if let Some(keys) = value.as_object_mut() {
            // `retain` keeps the order (serde_json's `preserve_order`).
            keys.retain(|k, _| k != ROW_KEY);
        }
        value.serialize(serializer)
    }
}

impl schemars::JsonSchema for SharedInputs {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SharedInputs".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = SizingInputs::json_schema(generator);
        if let Some(properties) = schema
            .get_mut("properties")
            .and_then(serde_json::Value::as_object_mut)
        {
            properties.retain(|k, _| k != ROW_KEY);
        }
        if let Some(required) = schema
            .get_mut("required")
            .and_then(serde_json::Value::as_array_mut)
        {
            required.retain(|k| k != ROW_KEY);
        }
        schema.insert(
            "description".into(),
            "The module variables `compare` applies to every instance type.".into(),
        );
        schema
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ComparisonRow {
    pub instance: InstanceInfo,
    pub gunicorn_workers: u64,
    pub tasks_per_instance_ram: Option<u64>,
    pub tasks_per_instance_cpu: u64,
    pub binding_constraint: BindingConstraint,
    /// The module's count (what Terraform asks ECS for).
    pub tasks_per_instance: u64,
    /// What ECS can place of it: 0 where the container does not fit (the
    /// module's clamp), fewer with a reservation of 0 (the hard limit).
    pub runnable_tasks_per_instance: u64,
    pub workers_per_instance: u64,
    /// MB of an instance's available RAM that no running task reserves.
    pub stranded_ram_mb: i64,
    /// CPU units no running task reserves.
    pub stranded_cpu_units: i64,
    pub instances: u64,
    pub task_min_count: u64,
    /// Workers of the tasks that run, at `instances`.
    pub total_workers: u64,
    /// The group's monthly bill at `instances` (EC2 and the fixed costs).
    pub monthly_cost: f64,
    /// The deployed asg_max_size on this type: set, or derived by the ECS
    /// module from this type's capacity.
    pub asg_max_size: u64,
    /// At asg_max_size.
    pub monthly_cost_at_max: f64,
    /// The whole bill at asg_min_size and at the deployed asg_max_size, line
    /// by line, as `capacity` prices them; the two totals above are theirs.
    pub bill: crate::module::cost::MonthlyCost,
    pub bill_at_max: crate::module::cost::MonthlyCost,
    /// `null` when no task runs.
    pub cost_per_task: Option<f64>,
    pub cost_per_worker: Option<f64>,
    /// Every task the module asks for can run.
    pub fits: bool,
    /// The `capacity` warning codes of this type.
    pub warnings: Vec<Warning>,
}

/// How `compare` orders its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SortKey {
    /// Cheapest group first
    Cost,
    /// Most workers first
    Workers,
    /// Cheapest worker first
    CostPerWorker,
}

impl Choice for SortKey {
    const ALL: &'static [Named<Self>] = &[
        Named {
            value: Self::Cost,
            name: "cost",
            aliases: &[],
            help: "Cheapest group first",
        },
        Named {
            value: Self::Workers,
            name: "workers",
            aliases: &[],
            help: "Most workers first",
        },
        Named {
            value: Self::CostPerWorker,
            name: "cost-per-worker",
            aliases: &[],
            help: "Cheapest worker first",
        },
    ];
}

/// Sizes `inputs` on each of `instance_types`, as `capacity` would.
pub fn compare(
    tables: &Tables,
    inputs: &SizingInputs,
    costs: &CostInputs,
    instance_types: &[String],
    sort: SortKey,
) -> Result<Comparison, SizingError> {
    let (launchable, mut left_out) = launchable_types(tables, inputs, instance_types)?;
    let refused_from = left_out.len();
    let mut rows = Vec::with_capacity(launchable.len());
    for name in launchable {
        let request = SizingRequest {
            inputs: SizingInputs {
                asg_instance_type: name.clone(),
                ..inputs.clone()
            },
            costs: *costs,
            ci_builds_per_day: None,
        };
        // One type the plan or the apply refuses with the shared inputs (a
        // task_max_count below its task_min_count) is left out, said why; a
        // name or a value no type takes, or a figure too large to compute
        // with, stops the answer.
        let r = match sizing::size(tables, &request, None, None) {
            Ok(r) => r,
            Err(
                e @ (SizingError::Overflow { .. }
                | SizingError::UnknownInstance { .. }
                | SizingError::OutOfRange { .. }),
            ) => {
                return Err(e);
            }
            Err(e) => {
                left_out.push((name, e));
                continue;
            }
        };
        let c = &r.capacity;
        let runnable = runnable_tasks_per_instance(c, inputs.container_memory);
        // ECS reserves the soft limit, or the hard limit when there is none.
        let per_task_mb = match c.container_memory_reservation {
            0 => inputs.container_memory,
            r => r,
        };
        let running = runnable as i64;
        // A given task_min_count is what runs, as far as it fits.
        let placeable = runnable.saturating_mul(c.asg_instance_count);
        let running_tasks = inputs
            .task_min_count
            .map_or(placeable, |pinned| pinned.min(placeable));
        let total_workers = running_tasks.saturating_mul(c.gunicorn_workers);
        let total = r.cost.at_asg_min_size.total;
        let per = |count: u64| (count > 0).then(|| round_cents(total / count as f64));
        rows.push(ComparisonRow {
            instance: r.instance.clone(),
            gunicorn_workers: c.gunicorn_workers,
            tasks_per_instance_ram: c.tasks_per_instance_ram,
            tasks_per_instance_cpu: c.tasks_per_instance_cpu,
            binding_constraint: c.binding_constraint,
            tasks_per_instance: c.tasks_per_instance,
            runnable_tasks_per_instance: runnable,
            workers_per_instance: runnable.saturating_mul(c.gunicorn_workers),
            // What no running task reserves: never below 0 (an instance
            // smaller than the overheads has nothing to strand).
            stranded_ram_mb: (c.available_ram_mb - running.saturating_mul(per_task_mb as i64))
                .max(0),
            stranded_cpu_units: (c.available_cpu_units
                - running.saturating_mul(c.container_cpu as i64))
            .max(0),
            instances: c.asg_instance_count,
            task_min_count: c.task_min_count,
            total_workers,
            monthly_cost: total,
            asg_max_size: r.capacity.asg_max_size,
            monthly_cost_at_max: r.cost.at_asg_max_size.total,
            bill: r.cost.at_asg_min_size.clone(),
            bill_at_max: r.cost.at_asg_max_size.clone(),
            cost_per_task: per(running_tasks),
            cost_per_worker: per(total_workers),
            fits: runnable == c.tasks_per_instance,
            warnings: r.warnings.clone(),
        });
    }
    if rows.is_empty()
        && let Some((_, e)) = left_out.get(refused_from)
    {
        return Err(naming_the_types(e.clone(), &left_out[refused_from..]));
    }
    sort_rows(&mut rows, sort);
    Ok(Comparison {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        inputs: SharedInputs(inputs.clone()),
        sort,
        rows,
        notes: left_out_notes(tables, &left_out)
            .into_iter()
            .chain(inputs.ami_id.as_ref().map(|id| {
                format!(
                    "ami_id = \"{id}\": every row launches from it, so it must be of the \
                     type's architecture, which pypi-size cannot check offline \
                     (ami_architecture_unverified)."
                )
            }))
            .collect(),
    })
}

/// Every type refused with the shared inputs: the refusal names the types,
/// as a comparison of several would otherwise not say whose it is.
fn naming_the_types(e: SizingError, refused: &[(&String, SizingError)]) -> SizingError {
    let names: Vec<&str> = refused.iter().map(|(n, _)| n.as_str()).collect();
    let on = format!("on {}", names.join(", "));
    match e {
        SizingError::Rejected {
            variable,
            value,
            accepted,
            by,
        } => SizingError::Rejected {
            variable,
            value,
            accepted,
            by: format!("{by} ({on})"),
        },
        SizingError::Inconsistent { variables, message } => SizingError::Inconsistent {
            variables,
            message: format!("{message} ({on})"),
        },
        other => other,
    }
}

/// An AMI has one architecture, which pypi-size cannot read offline: with
/// an ami_id, the types compared must share one, or half the table could
/// not launch.
fn one_architecture(tables: &Tables, instance_types: &[String]) -> Result<(), SizingError> {
    let mut archs = instance_types
        .iter()
        .filter_map(|name| tables.instance(name).map(|i| (i.arch, name)));
    let Some((first, first_name)) = archs.next() else {
        return Ok(());
    };
    match archs.find(|(arch, _)| *arch != first) {
        Some((other, other_name)) => Err(SizingError::Inconsistent {
            variables: &["ami_id", "asg_instance_type"],
            message: format!(
                "ami_id names one AMI, of one architecture, but the types compared are of \
                 two ({first_name} is {}, {other_name} is {}): compare types of the AMI's \
                 architecture only (--family, or --instance with types of one)",
                first.as_str(),
                other.as_str()
            ),
        }),
        None => Ok(()),
    }
}

/// Types left out of a comparison, each with why.
type LeftOut<'n> = Vec<(&'n String, SizingError)>;

/// The types the stack can launch, and those it cannot, each with why: a
/// root volume the plan refuses, or (ami_id null) an architecture the ECS
/// module's default AMI does not have. An error when none is left. Unknown
/// names stay, for sizing's error.
fn launchable_types<'n>(
    tables: &Tables,
    inputs: &SizingInputs,
    instance_types: &'n [String],
) -> Result<(Vec<&'n String>, LeftOut<'n>), SizingError> {
    if inputs.ami_id.is_some() {
        one_architecture(tables, instance_types)?;
    }
    // A name the module rejects is the user's to correct, not a row to skip.
    if let Some(e) = instance_types.iter().find_map(|n| tables.rejected_name(n)) {
        return Err(e);
    }
    let (mut kept, mut left_out) = (Vec::new(), Vec::new());
    for name in instance_types {
        let one = SizingInputs {
            asg_instance_type: name.to_string(),
            ..inputs.clone()
        };
        match tables
            .instance(name)
            .and_then(|i| one.launch_problem(&tables.module, i))
        {
            Some(e) => left_out.push((name, e)),
            None => kept.push(name),
        }
    }
    if kept.is_empty()
        && let Some((_, e)) = left_out.first()
    {
        return Err(e.clone());
    }
    Ok((kept, left_out))
}

/// Says which types were left out and why: those the default AMI cannot
/// launch in one line, each whose root volume the plan refuses in its own.
fn left_out_notes(tables: &Tables, left_out: &[(&String, SizingError)]) -> Vec<String> {
    let (by_arch, by_plan): (Vec<_>, Vec<_>) = left_out
        .iter()
        .partition(|(_, e)| matches!(e, SizingError::NotLaunchable { .. }));
    let by_arch: Vec<&String> = by_arch.into_iter().map(|(name, _)| *name).collect();
    architecture_note(tables, &by_arch)
        .into_iter()
        .chain(
            by_plan
                .into_iter()
                .map(|(name, e)| format!("Left out {name}: {e}.")),
        )
        .collect()
}

/// Says which types were left out because the default AMI cannot launch them.
fn architecture_note(tables: &Tables, left_out: &[&String]) -> Option<String> {
    let ami = &tables.module.ecs.default_ami;
    let first = tables.instance(left_out.first()?)?;
    let names: Vec<&str> = left_out.iter().map(|n| n.as_str()).collect();
    let listed = match names.len() {
        n if n <= 6 => names.join(", "),
        n => format!("{}, and {} more", names[..5].join(", "), n - 5),
    };
    Some(format!(
        "Left out {} {} type(s) the ECS module's default AMI ({}) cannot launch with ami_id \
         null: {listed}. --ami-id with an {} ECS-optimized AMI sizes them.",
        names.len(),
        first.arch.as_str(),
        ami.architecture.as_str(),
        first.arch.as_str()
    ))
}

fn sort_rows(rows: &mut [ComparisonRow], sort: SortKey) {
    let missing_last = |v: Option<f64>| v.unwrap_or(f64::INFINITY);
    rows.sort_by(|a, b| {
        let primary = match sort {
            SortKey::Cost => a.monthly_cost.total_cmp(&b.monthly_cost),
            SortKey::Workers => b.total_workers.cmp(&a.total_workers),
            SortKey::CostPerWorker => {
                missing_last(a.cost_per_worker).total_cmp(&missing_last(b.cost_per_worker))
            }
        };
        primary.then_with(|| {
            a.instance
                .asg_instance_type
                .cmp(&b.instance.asg_instance_type)
        })
    });
}

fn round_cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The catalog's instance types of a family (`c6a`), smallest first.
pub fn family_members(tables: &Tables, family: &str) -> Vec<String> {
    let mut names: Vec<(u64, u64, String)> = tables
        .instances
        .iter()
        .filter(|(name, _)| crate::data::family_of(name) == family)
        .map(|(name, i)| (i.vcpus.get(), i.memory_mib.get(), name.to_string()))
        .collect();
    names.sort();
    names.into_iter().map(|(_, _, n)| n).collect()
}

/// "; did you mean `c6a`?" for a family the catalog lacks, or nothing.
pub fn nearest_family(tables: &Tables, family: &str) -> String {
    let mut families: Vec<&str> = tables
        .instance_names()
        .map(crate::data::family_of)
        .collect();
    families.sort_unstable();
    families.dedup();
    match tf_eval::suggest::nearest(family, families).first() {
        Some(near) => format!("; did you mean `{near}`?"),
        None => String::new(),
    }
}

/// The sizes of `instance_type`'s family strictly larger than it (at least
/// its vCPUs and memory, and more of one), smallest first: c6a.metal, of
/// c6a.48xlarge's vCPUs and memory, is no size up from it.
pub fn larger_sizes(tables: &Tables, instance_type: &str) -> Vec<String> {
    sizes_beside(tables, instance_type, |m, here| m > here)
}

/// Likewise strictly smaller (at most its vCPUs and memory, and less of
/// one), largest first.
pub fn smaller_sizes(tables: &Tables, instance_type: &str) -> Vec<String> {
    let mut out = sizes_beside(tables, instance_type, |m, here| m < here);
    out.reverse();
    out
}

/// The family's sizes that compare to `instance_type` as `keep` says, by
/// (vCPUs, memory) in both at once, smallest first.
fn sizes_beside(tables: &Tables, instance_type: &str, keep: fn(Size, Size) -> bool) -> Vec<String> {
    let size = |name: &str| {
        tables
            .instance(name)
            .map(|i| Size(i.vcpus.get(), i.memory_mib.get()))
    };
    let Some(here) = size(instance_type) else {
        return Vec::new();
    };
    family_members(tables, crate::data::family_of(instance_type))
        .into_iter()
        .filter(|m| size(m).is_some_and(|s| keep(s, here)))
        .collect()
}

/// An instance's vCPUs and memory, ordered only where both agree: one size
/// is larger than another when it has at least as much of each and is not
/// the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Size(u64, u64);

impl PartialOrd for Size {
    fn partial_cmp(&self, other: &Size) -> Option<std::cmp::Ordering> {
        use std::cmp::Ordering::*;
        match (self.0.cmp(&other.0), self.1.cmp(&other.1)) {
            (a, b) if a == b => Some(a),
            (Equal, b) => Some(b),
            (a, Equal) => Some(a),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::sizing::profile_costs;

    fn compare_c6a(sort: SortKey) -> Comparison {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, "c6a.large");
        inputs.asg_min_size = Some(2);
        let costs = profile_costs(&t, &t.profiles[0]);
        compare(&t, &inputs, &costs, &family_members(&t, "c6a"), sort).unwrap()
    }

    #[test]
    fn types_the_default_ami_cannot_launch_are_left_out_with_a_note() {
        let t = Tables::embedded();
        let inputs = SizingInputs::defaults(&t.module, "c6a.large");
        let costs = profile_costs(&t, &t.profiles[0]);
        let types = ["c7g.large".to_string(), "c6a.large".to_string()];
        let c = compare(&t, &inputs, &costs, &types, SortKey::Cost).unwrap();
        assert_eq!(c.rows.len(), 1);
        assert!(
            c.notes[0].contains("Left out 1 arm64 type(s)") && c.notes[0].contains("c7g.large")
        );
        // Nothing left: the sizing error, naming ami_id.
        let e = compare(&t, &inputs, &costs, &types[..1], SortKey::Cost).unwrap_err();
        assert!(matches!(e, SizingError::NotLaunchable { .. }), "{e}");
        // With an ami_id the types must share its one architecture; those
        // of one are sized, and the note says what the AMI must be.
        let with_ami = SizingInputs {
            ami_id: Some("ami-12345678".into()),
            ..inputs
        };
        let e = compare(&t, &with_ami, &costs, &types, SortKey::Cost).unwrap_err();
        assert!(
            e.to_string()
                .contains("c7g.large is arm64, c6a.large is x86_64"),
            "{e}"
        );
        let arm = ["c7g.large".to_string(), "c7g.xlarge".to_string()];
        let c = compare(&t, &with_ami, &costs, &arm, SortKey::Cost).unwrap();
        assert_eq!(c.rows.len(), 2);
        assert!(c.notes[0].contains("ami_architecture_unverified"));
    }

    /// A type the apply refuses with the shared inputs is left out, named;
    /// none left is the refusal itself.
    #[test]
    fn a_type_the_apply_refuses_is_left_out_named() {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, "c6a.large");
        inputs.task_max_count = Some(10);
        let costs = profile_costs(&t, &t.profiles[0]);
        // c6a.large runs 6 tasks on 2 instances, c6a.xlarge 12 (> 10).
        let types = ["c6a.large".to_string(), "c6a.xlarge".to_string()];
        let c = compare(&t, &inputs, &costs, &types, SortKey::Cost).unwrap();
        assert_eq!(c.rows.len(), 1);
        assert!(
            c.notes[0].starts_with("Left out c6a.xlarge: task_max_count = 10"),
            "{:?}",
            c.notes
        );
        let e = compare(&t, &inputs, &costs, &types[1..], SortKey::Cost).unwrap_err();
        assert!(matches!(
            e,
            SizingError::Rejected {
                variable: "task_max_count",
                ..
            }
        ));
    }

    #[test]
    fn c6a_family_numbers() {
        let c = compare_c6a(SortKey::Cost);
        let xl = c
            .rows
            .iter()
            .find(|r| r.instance.asg_instance_type == "c6a.xlarge")
            .unwrap();
        assert_eq!(xl.tasks_per_instance, 6);
        assert_eq!(xl.workers_per_instance, 24);
        // 7392 - 6 x 384 and 3968 - 6 x 640.
        assert_eq!(xl.stranded_ram_mb, 5088);
        assert_eq!(xl.stranded_cpu_units, 128);
        assert_eq!(xl.total_workers, 48);
        assert_eq!(xl.monthly_cost, 277.9);
        assert_eq!(xl.cost_per_worker, Some(5.79));
        assert!(xl.fits);
    }

    #[test]
    fn sorts() {
        let by_cost = compare_c6a(SortKey::Cost);
        let costs: Vec<f64> = by_cost.rows.iter().map(|r| r.monthly_cost).collect();
        assert!(costs.windows(2).all(|w| w[0] <= w[1]));
        let by_workers = compare_c6a(SortKey::Workers);
        // c6a.48xlarge and c6a.metal: 192 vCPUs each, the most of the family.
        assert_eq!(by_workers.rows[0].instance.vcpus, 192);
        let by_cpw = compare_c6a(SortKey::CostPerWorker);
        let cpw: Vec<f64> = by_cpw
            .rows
            .iter()
            .map(|r| r.cost_per_worker.unwrap())
            .collect();
        assert!(cpw.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn larger_and_smaller_sizes_are_strictly_so() {
        let t = Tables::embedded();
        let first = |v: Vec<String>| v.first().cloned();
        assert_eq!(
            first(larger_sizes(&t, "c6a.xlarge")).as_deref(),
            Some("c6a.2xlarge")
        );
        assert_eq!(
            first(smaller_sizes(&t, "c6a.xlarge")).as_deref(),
            Some("c6a.large")
        );
        assert_eq!(
            first(larger_sizes(&t, "c6a.4xlarge")).as_deref(),
            Some("c6a.8xlarge")
        );
        // c6a.metal has c6a.48xlarge's vCPUs and memory: no size up or down.
        assert!(larger_sizes(&t, "c6a.48xlarge").is_empty());
        assert_eq!(
            first(smaller_sizes(&t, "c6a.metal")).as_deref(),
            Some("c6a.32xlarge")
        );
        assert!(smaller_sizes(&t, "c6a.large").is_empty());
        assert_eq!(
            larger_sizes(&t, "c6a.24xlarge"),
            ["c6a.32xlarge", "c6a.48xlarge", "c6a.metal"]
        );
    }

    #[test]
    fn family_members_smallest_first() {
        let t = Tables::embedded();
        assert_eq!(
            family_members(&t, "t3"),
            [
                "t3.nano",
                "t3.micro",
                "t3.small",
                "t3.medium",
                "t3.large",
                "t3.xlarge",
                "t3.2xlarge"
            ]
        );
    }
}
