//! One sizing answer: a config, what Terraform computes for it, what it costs
//! and what to watch out for. `capacity` and `recommend` both produce it.

use serde::Serialize;

use crate::answers::recommend::{Selection, WorkloadFigures};
use crate::answers::warnings::{self, Warning};
use crate::data::EfsThroughputMode;
use crate::data::error::SizingError;
use crate::data::{Arch, Instance, Performance, Profile, Tables};
use crate::module::bill::{self, CostRange};
use crate::module::capacity::{self, Capacity, Step};
use crate::module::cost::{self, CostInputs};
// Where callers have always found it; the module layer owns it.
pub use crate::module::cost::default_costs;
use crate::module::placement::placement;
use crate::module::stack;
use crate::module::variables::SizingInputs;

/// What to size.
#[derive(Debug, Clone, PartialEq)]
pub struct SizingRequest {
    pub inputs: SizingInputs,
    pub costs: CostInputs,
    /// CI builds a day, when known: decides whether a burstable type is at risk.
    pub ci_builds_per_day: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SizingReport {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    /// The guide's profile, for `recommend`.
    pub profile: Option<ProfileInfo>,
    /// Why that profile, for `recommend` by workload.
    pub selection: Option<Selection>,
    pub inputs: ResolvedInputs,
    pub instance: InstanceInfo,
    pub capacity: Capacity,
    /// How each capacity figure was computed, for the table's "how" column.
    #[serde(skip)]
    #[schemars(skip)]
    pub derivation: Vec<Step>,
    pub cost: CostRange,
    pub warnings: Vec<Warning>,
    /// `recommend --burst N`: the burst predicted on the choice (see `predict`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicted_burst: Option<crate::answers::predict::BurstSummary>,
}

impl SizingReport {
    /// The config as a burst meets it.
    pub fn deployment(&self) -> crate::answers::predict::Deployment {
        crate::answers::predict::Deployment {
            asg_instance_type: self.instance.asg_instance_type.clone(),
            vcpus: self.instance.vcpus,
            burstable: self.instance.burstable,
            baseline_cpu_pct: self.instance.baseline_cpu_pct,
            instances: self.capacity.asg_instance_count,
            task_min_count: self.capacity.task_min_count,
            tasks_per_instance: self.capacity.tasks_per_instance,
            gunicorn_workers: self.capacity.gunicorn_workers,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ModuleInfo {
    pub source: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PricingInfo {
    pub region: String,
    pub source: String,
    pub as_of: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ProfileInfo {
    pub name: String,
    pub summary: String,
    pub workload: crate::data::Workload,
    pub performance: Performance,
}

/// The inputs as resolved: what the user gave over the module's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ResolvedInputs {
    #[serde(flatten)]
    pub module: SizingInputs,
    #[serde(flatten)]
    pub costs: CostInputs,
    pub ci_builds_per_day: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct InstanceInfo {
    pub asg_instance_type: String,
    pub vcpus: u64,
    pub memory_mib: u64,
    pub hourly: f64,
    pub arch: Arch,
    pub burstable: bool,
    pub baseline_cpu_pct: Option<f64>,
}

impl ModuleInfo {
    pub fn of(tables: &Tables) -> ModuleInfo {
        ModuleInfo {
            source: tables.module.source.clone(),
            version: tables.module.version.clone(),
        }
    }
}

impl PricingInfo {
    /// The instance prices: the catalog's region, source and date.
    pub fn of(tables: &Tables) -> PricingInfo {
        let meta = &tables.instances.meta;
        PricingInfo {
            region: meta.region.to_string(),
            source: meta.source.to_string(),
            as_of: meta.as_of.to_string(),
        }
    }
}

impl InstanceInfo {
    pub fn of(name: &str, i: &crate::data::Instance) -> InstanceInfo {
        InstanceInfo {
            asg_instance_type: name.to_string(),
            vcpus: i.vcpus.get(),
            memory_mib: i.memory_mib.get(),
            hourly: i.hourly.get(),
            arch: i.arch,
            burstable: i.burstable(),
            baseline_cpu_pct: i.baseline_cpu_pct.map(|p| p.get()),
        }
    }
}

impl CostInputs {
    /// Checks the cost inputs against the module's variable validations.
    pub fn validate(&self, tables: &Tables) -> Result<(), SizingError> {
        if !(0.0..=100.0).contains(&self.savings_plan_pct) {
            return Err(SizingError::OutOfRange {
                variable: "savings_plan_pct",
                value: self.savings_plan_pct.to_string(),
                accepted: "a percentage from 0 to 100".into(),
            });
        }
        self.validate_load_balancer_subnets(tables)?;
        let bounds = tables.module.limits.efs_provisioned_throughput_in_mibps;
        match (
            self.efs_throughput_mode,
            self.efs_provisioned_throughput_in_mibps,
        ) {
            (EfsThroughputMode::Provisioned, None) => Err(SizingError::Inconsistent {
                variables: &["efs_throughput_mode", "efs_provisioned_throughput_in_mibps"],
                message: "efs_throughput_mode \"provisioned\" needs \
                          efs_provisioned_throughput_in_mibps"
                    .into(),
            }),
            (_, Some(v)) if !bounds.contains(v) => Err(SizingError::OutOfRange {
                variable: "efs_provisioned_throughput_in_mibps",
                value: v.to_string(),
                accepted: format!("{bounds}"),
            }),
            _ => Ok(()),
        }
    }
}

impl CostInputs {
    /// The ALB's subnets, as AWS accepts them: `check` asks it of the flag
    /// alone, whatever the blocks say.
    pub fn validate_load_balancer_subnets(&self, tables: &Tables) -> Result<(), SizingError> {
        let subnets = tables.module.limits.load_balancer_subnets;
        if subnets.contains(self.load_balancer_subnets) {
            return Ok(());
        }
        Err(SizingError::Rejected {
            variable: "load_balancer_subnets",
            value: self.load_balancer_subnets.to_string(),
            accepted: format!("{subnets}"),
            by: "`terraform apply` fails at AWS: an Application Load Balancer needs subnets in \
                 at least two Availability Zones, and takes one subnet per Availability Zone \
                 (no region has more than six)"
                .to_string(),
        })
    }
}

/// The cost inputs a profile implies: its assumptions, the module's default
/// throughput mode, no savings plan.
pub fn profile_costs(tables: &Tables, profile: &Profile) -> CostInputs {
    CostInputs {
        assumptions: profile.assumptions,
        ..default_costs(tables)
    }
    .with(&profile.config)
}

/// A profile's config and cost inputs, as a request.
pub fn profile_request(tables: &Tables, profile: &Profile) -> SizingRequest {
    SizingRequest {
        inputs: SizingInputs::from_profile(&tables.module, profile),
        costs: profile_costs(tables, profile),
        ci_builds_per_day: None,
    }
}

/// What the plan and the apply check of a request, in the order Terraform
/// and AWS meet them, with the module's arithmetic: the instance and its
/// capacity, or the first check that fails. Every config pypi-size sizes or
/// proposes passes here: a config given by flags through [`size`], and each
/// change `explain` and `advise` propose before it is proposed.
pub fn accept<'t>(
    tables: &'t Tables,
    request: &SizingRequest,
) -> Result<(&'t Instance, Capacity), SizingError> {
    let inputs = &request.inputs;
    // The module's first validation, said with why for a type EC2 has.
    if let Some(e) = tables.rejected_name(&inputs.asg_instance_type) {
        return Err(e);
    }
    // In the order Terraform and AWS meet them: everything the plan checks,
    // then what only the apply finds.
    inputs.validate_plan(&tables.module)?;
    request.costs.validate(tables)?;
    // The plan reads the type (aws_ec2_instance_type) and writes the launch
    // template's root volume from its memory.
    let instance = tables.find_instance(&inputs.asg_instance_type)?;
    let memory_mib = instance.memory_mib.get();
    let stack = &tables.module.stack;
    if let Some(e) = stack::root_volume_problem(stack, &inputs.asg_instance_type, memory_mib) {
        return Err(e);
    }
    inputs.validate_apply(&tables.module)?;
    if let Some(e) = inputs.architecture_problem(&tables.module, instance.arch) {
        return Err(e);
    }
    let capacity = capacity::compute(&tables.module, instance, inputs)?;
    // Application Auto Scaling refuses a scalable target whose maximum is
    // below its minimum: the apply fails, whichever of them was derived.
    if capacity.task_max_count < capacity.task_min_count {
        return Err(SizingError::Rejected {
            variable: "task_max_count",
            value: capacity.task_max_count.to_string(),
            accepted: format!("at least task_min_count ({})", capacity.task_min_count),
            by: "`terraform apply` fails at AWS: the service's autoscaling target would \
                 have a maximum below its minimum"
                .to_string(),
        });
    }
    Ok((instance, capacity))
}

/// Sizes a request: checks it ([`accept`]), runs the module's arithmetic,
/// prices it and assesses it. `profile` and `selection` say where it came
/// from, if from the guide.
pub fn size(
    tables: &Tables,
    request: &SizingRequest,
    profile: Option<&Profile>,
    selection: Option<Selection>,
) -> Result<SizingReport, SizingError> {
    let inputs = &request.inputs;
    let (instance, _) = accept(tables, request)?;
    // The same arithmetic, with each step recorded for the "how" column.
    let (capacity, derivation) = capacity::derive(&tables.module, instance, inputs)?;
    let cost = bill::cost_range(
        tables,
        instance,
        capacity.asg_instance_count,
        capacity.asg_max_size,
        &request.costs,
    )?;
    let warnings = warnings::assess(&warnings::Subject {
        tables,
        inputs,
        instance,
        capacity: &capacity,
        placement: placement(&tables.module, instance, &capacity, inputs.container_memory),
        cost: &cost,
        ci_builds_per_day: request.ci_builds_per_day,
        provisioned_throughput_ignored: request.costs.efs_provisioned_throughput_in_mibps.is_some()
            && request.costs.efs_throughput_mode != EfsThroughputMode::Provisioned,
        profile,
        profile_cost: match profile {
            Some(p) => Some(cost::monthly_cost(
                tables,
                instance,
                capacity.asg_instance_count,
                &profile_costs(tables, p),
            )?),
            None => None,
        },
        selection: selection.as_ref(),
    });
    Ok(SizingReport {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        profile: profile.map(|p| ProfileInfo {
            name: p.name.clone(),
            summary: p.summary.clone(),
            workload: p.workload.clone(),
            performance: p.performance.clone(),
        }),
        selection,
        inputs: ResolvedInputs {
            module: inputs.clone(),
            costs: request.costs,
            ci_builds_per_day: request.ci_builds_per_day,
        },
        instance: InstanceInfo::of(&inputs.asg_instance_type, instance),
        capacity,
        derivation,
        cost,
        warnings,
        predicted_burst: None,
    })
}

/// `recommend --profile NAME`: the profile's config, sized. `costs` adjusts
/// the profile's cost inputs (savings plan, EFS figures).
pub fn recommend_profile(
    tables: &Tables,
    name: &str,
    costs: impl FnOnce(CostInputs) -> CostInputs,
    figures: Option<(&WorkloadFigures, Selection)>,
) -> Result<SizingReport, SizingError> {
    let profile = tables.find_profile(name)?;
    let base = profile_request(tables, profile);
    let request = SizingRequest {
        costs: costs(base.costs),
        ci_builds_per_day: figures.as_ref().and_then(|(f, _)| f.ci_builds_per_day),
        ..base
    };
    size(tables, &request, Some(profile), figures.map(|(_, s)| s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::warnings::{Severity, WarningCode};

    fn codes(r: &SizingReport) -> Vec<&'static str> {
        r.warnings.iter().map(|w| w.code.as_str()).collect()
    }

    #[test]
    fn heavy_profile_matches_the_guide() {
        let t = Tables::embedded();
        let r = recommend_profile(&t, "heavy", |c| c, None).unwrap();
        assert_eq!(r.capacity.task_min_count, 12);
        assert_eq!(r.capacity.task_max_count, 24);
        assert_eq!(r.cost.at_asg_min_size.ec2, 223.38);
        assert_eq!(r.cost.at_asg_min_size.total, 283.05);
        assert_eq!(r.cost.at_asg_max_size.ec2, 446.76);
        // Only the guide slips: its total (the whole bill, the ALB at 720
        // hours), its ALB targets, its worker formula and its "48
        // simultaneous pip installs".
        assert!(
            r.warnings
                .iter()
                .all(|w| w.code == WarningCode::GuideDiffers)
        );
        let said = |words: &str| r.warnings.iter().any(|w| w.message.contains(words));
        assert!(said("6 ALB targets") && said("12 tasks"));
        assert!(said("raised to its minimum of 4"));
        assert!(said("48 simultaneous pip installs") && said("gevent"));
        assert!(said("~$245") && said("720 hours ($16.20, not $16.43)"));
    }

    #[test]
    fn very_heavy_names_the_efs_line_as_the_cause() {
        let t = Tables::embedded();
        let r = recommend_profile(&t, "very-heavy", |c| c, None).unwrap();
        let w = r
            .warnings
            .iter()
            .find(|w| w.code == WarningCode::GuideDiffers)
            .unwrap();
        assert!(
            w.message.contains("EFS line is ~$10") && w.message.contains("$15.00"),
            "{}",
            w.message
        );
    }

    #[test]
    fn medium_profile_points_out_the_guides_task_max_slip() {
        let t = Tables::embedded();
        let r = recommend_profile(&t, "medium", |c| c, None).unwrap();
        assert_eq!(r.capacity.task_max_count, 12);
        let slip = r
            .warnings
            .iter()
            .find(|w| w.code == WarningCode::GuideDiffers)
            .unwrap();
        assert!(
            slip.message.contains("task_max_count = 24"),
            "{}",
            slip.message
        );
    }

    #[test]
    fn light_profile_cannot_place_its_task_max() {
        let t = Tables::embedded();
        let r = recommend_profile(&t, "light", |c| c, None).unwrap();
        // By pypiserver's count 6 tasks fit 2 instances; by the ECS module's
        // overheads 4 (information); either way not the 12 of task_max_count.
        // The guide's ~$48 leaves out most of the stack's bill.
        assert_eq!(
            codes(&r),
            [
                "task_min_exceeds_placement",
                "task_max_exceeds_placement",
                "guide_differs"
            ]
        );
        assert_eq!(r.warnings[0].severity, Severity::Info);
        assert_eq!(r.warnings[1].severity, Severity::Warning);
        assert!(
            r.warnings[0]
                .message
                .contains("pypiserver's arithmetic counts 3")
        );
    }

    #[test]
    fn very_heavy_profile_points_out_the_guides_efs_sum() {
        let t = Tables::embedded();
        let r = recommend_profile(&t, "very-heavy", |c| c, None).unwrap();
        assert_eq!(r.cost.at_asg_min_size.total, 524.99);
        assert_eq!(codes(&r), ["guide_differs"]);
    }

    #[test]
    fn unknown_instance_suggests() {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, "c6a.xlarg");
        inputs.asg_min_size = Some(2);
        let request = SizingRequest {
            inputs,
            costs: profile_costs(&t, &t.profiles[0]),
            ci_builds_per_day: None,
        };
        match size(&t, &request, None, None).unwrap_err() {
            SizingError::UnknownInstance { suggestions, .. } => {
                assert_eq!(suggestions[0], "c6a.xlarge")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_arm64_type_needs_an_ami_id_and_gets_an_info_finding_with_one() {
        let t = Tables::embedded();
        let request = |ami_id: Option<&str>| SizingRequest {
            inputs: SizingInputs {
                ami_id: ami_id.map(String::from),
                ..SizingInputs::defaults(&t.module, "c7g.xlarge")
            },
            costs: default_costs(&t),
            ci_builds_per_day: None,
        };
        match size(&t, &request(None), None, None).unwrap_err() {
            SizingError::NotLaunchable { arch, ami_arch, .. } => {
                assert_eq!((arch, ami_arch), (Arch::Arm64, Arch::X86_64))
            }
            other => panic!("{other:?}"),
        }
        let r = size(&t, &request(Some("ami-12345678")), None, None).unwrap();
        assert_eq!(r.capacity.task_min_count, 12);
        assert_eq!(codes(&r), ["ami_architecture_unverified"]);
        assert_eq!(r.warnings[0].severity, Severity::Info);
        assert_eq!(r.warnings[0].variable, Some("ami_id"));
    }

    #[test]
    fn provisioned_mode_needs_throughput() {
        let t = Tables::embedded();
        let mut costs = profile_costs(&t, &t.profiles[0]);
        costs.efs_throughput_mode = EfsThroughputMode::Provisioned;
        assert!(costs.validate(&t).is_err());
        costs.efs_provisioned_throughput_in_mibps = Some(3415);
        assert!(costs.validate(&t).is_err());
        costs.efs_provisioned_throughput_in_mibps = Some(100);
        assert!(costs.validate(&t).is_ok());
    }

    /// t1.micro is burstable by the catalog though it publishes no
    /// baseline: continuous CI load on it is warned of like on t3.small
    /// (at 1024 MiB: its real 627 MiB gives a root volume the plan refuses).
    #[test]
    fn continuous_ci_on_a_burstable_type_without_a_published_baseline() {
        let t = Tables::embedded_with_a_whole_t1_micro();
        for (ty, said) in [
            ("t1.micro", "no published CPU baseline"),
            ("t3.small", "20% CPU baseline"),
        ] {
            let request = SizingRequest {
                inputs: SizingInputs::defaults(&t.module, ty),
                costs: default_costs(&t),
                ci_builds_per_day: Some(80),
            };
            let r = size(&t, &request, None, None).unwrap();
            let w = r
                .warnings
                .iter()
                .find(|w| w.code == WarningCode::BurstableContinuousCi)
                .unwrap_or_else(|| panic!("{ty}: {:?}", codes(&r)));
            assert!(w.message.contains(said), "{}", w.message);
        }
    }

    /// A type whose root volume comes out fractional is refused by the
    /// plan, before the AMI's architecture counts.
    #[test]
    fn a_fractional_root_volume_is_refused() {
        let t = Tables::embedded();
        for ty in ["t1.micro", "c4.large", "m1.small"] {
            let request = SizingRequest {
                inputs: SizingInputs::defaults(&t.module, ty),
                costs: default_costs(&t),
                ci_builds_per_day: None,
            };
            match size(&t, &request, None, None).unwrap_err() {
                SizingError::Rejected { variable, by, .. } => {
                    assert_eq!(variable, "asg_instance_type");
                    assert!(
                        by.contains("terraform plan") && by.contains("whole number"),
                        "{by}"
                    );
                }
                other => panic!("{ty}: {other:?}"),
            }
        }
    }

    /// The apply's check of the autoscaling target is part of [`accept`],
    /// which every proposal passes.
    #[test]
    fn accept_refuses_a_task_max_below_task_min() {
        let t = Tables::embedded();
        let mut inputs = SizingInputs::defaults(&t.module, "c6a.xlarge");
        inputs.task_max_count = Some(11);
        let request = SizingRequest {
            inputs,
            costs: default_costs(&t),
            ci_builds_per_day: None,
        };
        match accept(&t, &request).unwrap_err() {
            SizingError::Rejected { variable, .. } => assert_eq!(variable, "task_max_count"),
            other => panic!("{other:?}"),
        }
    }
}
