//! The `instances` and `profiles` listings: the tables themselves, with what
//! a reader wants next to each row (monthly price; a profile's capacity).

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use crate::answers::sizing::{self, InstanceInfo, ModuleInfo, PricingInfo, SizingReport};
use crate::data::error::SizingError;
use crate::data::{Arch, Choice, Named, Tables, family_of};

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct InstanceList {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    pub hours_per_month: f64,
    pub sort: InstanceSort,
    /// Instance types the filter matches; `instances` lists the first of
    /// them unless all were asked for.
    pub matched: usize,
    /// Matching types not listed (0 with `--all`).
    pub omitted: usize,
    /// The catalog's instance types in all.
    pub catalog_size: usize,
    pub instances: Vec<InstanceRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct InstanceRow {
    #[serde(flatten)]
    pub instance: InstanceInfo,
    pub family: String,
    /// Whether the stack launches it with ami_id null: its architecture is
    /// the ECS module's default AMI's (otherwise only with ami_id set to an
    /// AMI of the type's architecture), and its root volume is whole (else
    /// `terraform plan` fails, whatever the AMI).
    pub launches_with_default_ami: bool,
    /// The root volume website-pod gives it, GB: `30 + 2 × memory / 1024`.
    pub root_volume_gb: f64,
    /// Whether `terraform plan` accepts that volume (a whole number of GB).
    pub root_volume_planned: bool,
    /// One instance for a month, on demand.
    pub monthly: f64,
}

#[derive(Debug, Clone, Default)]
pub struct InstanceFilter {
    /// Instance families (`c6a`), any of which may match; empty = all.
    pub families: Vec<String>,
    pub arch: Option<Arch>,
    pub min_vcpus: Option<u64>,
    pub min_memory_mib: Option<u64>,
    pub max_hourly: Option<f64>,
    /// Only burstable types (`Some(true)`) or none (`Some(false)`).
    pub burstable: Option<bool>,
    /// Only the types the ECS module's default AMI can launch.
    pub default_ami: bool,
}

impl InstanceFilter {
    fn admits(&self, row: &InstanceRow) -> bool {
        let i = &row.instance;
        (self.families.is_empty() || self.families.contains(&row.family))
            && self.arch.is_none_or(|a| a == i.arch)
            && self.min_vcpus.is_none_or(|v| i.vcpus >= v)
            && self.min_memory_mib.is_none_or(|m| i.memory_mib >= m)
            && self.max_hourly.is_none_or(|h| i.hourly <= h)
            && self.burstable.is_none_or(|b| b == i.burstable)
            && (!self.default_ami || row.launches_with_default_ami)
    }
}

/// How `instances` orders its rows; ties go in family and size order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum InstanceSort {
    /// By family, then size
    #[default]
    Family,
    /// Cheapest first
    Price,
    /// Cheapest vCPU first
    PricePerVcpu,
    /// Most vCPUs first
    Vcpus,
    /// Most memory first
    Memory,
}

impl Choice for InstanceSort {
    const ALL: &'static [Named<Self>] = &[
        Named {
            value: Self::Family,
            name: "family",
            aliases: &["name"],
            help: "By family, then size",
        },
        Named {
            value: Self::Price,
            name: "price",
            aliases: &["cost"],
            help: "Cheapest first",
        },
        Named {
            value: Self::PricePerVcpu,
            name: "price-per-vcpu",
            aliases: &[],
            help: "Cheapest vCPU first",
        },
        Named {
            value: Self::Vcpus,
            name: "vcpus",
            aliases: &[],
            help: "Most vCPUs first",
        },
        Named {
            value: Self::Memory,
            name: "memory",
            aliases: &[],
            help: "Most memory first",
        },
    ];
}

/// What `instances` lists: how many rows at most (`None`: all).
#[derive(Debug, Clone, Copy, Default)]
pub struct InstanceView {
    pub sort: InstanceSort,
    pub limit: Option<usize>,
}

/// The catalog, filtered and sorted; the first `view.limit` rows. A filter
/// that matches nothing is an error saying what the catalog has.
pub fn instances(
    tables: &Tables,
    filter: &InstanceFilter,
    view: InstanceView,
) -> Result<InstanceList, SizingError> {
    let hours = tables.pricing.hours_per_month.get();
    let mut rows: Vec<InstanceRow> = tables
        .instances
        .iter()
        .map(|(name, i)| {
            let monthly = (i.hourly.get() * hours * 100.0).round() / 100.0;
            let stack = &tables.module.stack;
            let volume = crate::module::stack::root_volume_gb(stack, i.memory_mib.get())?;
            let planned =
                crate::module::stack::root_volume_problem(stack, name, i.memory_mib.get())
                    .is_none();
            if !monthly.is_finite() {
                return Err(crate::data::error::overflow(
                    "a month of an instance",
                    format!(
                        "{name}: hourly {} x {hours} hours",
                        crate::data::error::number(i.hourly.get())
                    ),
                ));
            }
            Ok(InstanceRow {
                instance: InstanceInfo::of(name, i),
                family: family_of(name).to_string(),
                launches_with_default_ami: planned
                    && i.arch == tables.module.ecs.default_ami.architecture,
                root_volume_gb: volume.to_f64().unwrap_or(f64::MAX),
                root_volume_planned: planned,
                monthly,
            })
        })
        .collect::<Result<_, _>>()?;
    let catalog_size = rows.len();
    rows.retain(|r| filter.admits(r));
    if rows.is_empty() {
        return Err(no_match(tables, filter));
    }
    sort_rows(&mut rows, view.sort);
    let matched = rows.len();
    rows.truncate(view.limit.unwrap_or(usize::MAX));
    Ok(InstanceList {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        hours_per_month: hours,
        sort: view.sort,
        matched,
        omitted: matched - rows.len(),
        catalog_size,
        instances: rows,
    })
}

fn sort_rows(rows: &mut [InstanceRow], sort: InstanceSort) {
    let size = |r: &InstanceRow| (r.instance.vcpus, r.instance.memory_mib);
    let per_vcpu = |r: &InstanceRow| r.instance.hourly / r.instance.vcpus as f64;
    rows.sort_by(|a, b| {
        let order = match sort {
            InstanceSort::Family => std::cmp::Ordering::Equal,
            InstanceSort::Price => a.instance.hourly.total_cmp(&b.instance.hourly),
            InstanceSort::PricePerVcpu => per_vcpu(a).total_cmp(&per_vcpu(b)),
            InstanceSort::Vcpus => b.instance.vcpus.cmp(&a.instance.vcpus),
            InstanceSort::Memory => b.instance.memory_mib.cmp(&a.instance.memory_mib),
        };
        order
            .then_with(|| a.family.cmp(&b.family))
            .then_with(|| size(a).cmp(&size(b)))
            .then_with(|| {
                a.instance
                    .asg_instance_type
                    .cmp(&b.instance.asg_instance_type)
            })
    });
}

/// No type matches: a family the module rejects says so; otherwise the
/// catalog's families.
fn no_match(tables: &Tables, filter: &InstanceFilter) -> SizingError {
    let mut families: Vec<&str> = tables.instances.names().map(family_of).collect();
    families.dedup();
    let missing = filter
        .families
        .iter()
        .find(|f| !families.contains(&f.as_str()));
    match missing {
        Some(family) => SizingError::Inconsistent {
            variables: &["family"],
            message: format!(
                "{}; the catalog's families are: {}",
                tables.missing_family(family),
                families.join(", ")
            ),
        },
        None => SizingError::Inconsistent {
            variables: &[],
            message: format!(
                "no instance type matches the filters (the catalog has {} types); \
                 its families are: {}",
                tables.instances.len(),
                families.join(", ")
            ),
        },
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ProfileList {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    /// Each profile sized as `recommend --profile NAME` would.
    pub profiles: Vec<SizingReport>,
    /// The guide's profiles that cannot be sized with this catalog (a
    /// regional one without the profile's instance type), each with why;
    /// the others are listed all the same.
    pub unavailable: Vec<UnavailableProfile>,
}

/// A guide profile `profiles` cannot size, and why.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct UnavailableProfile {
    pub name: String,
    /// The profile's instance type.
    pub asg_instance_type: String,
    /// Why: e.g. the instance type is not in the catalog's region.
    pub reason: String,
}

/// Why a profile cannot be sized with this catalog, in the profile's
/// terms: its instance type missing from the catalog, or the error.
pub fn why_unavailable(tables: &Tables, instance: &str, e: &SizingError) -> String {
    match e {
        SizingError::UnknownInstance { .. } => format!(
            "its instance type {instance} is not in the catalog ({} prices as of {})",
            tables.instances.meta.region, tables.instances.meta.as_of
        ),
        other => other.to_string(),
    }
}

/// Every guide profile sized; one the catalog cannot size is listed as
/// unavailable, with why, and the others kept. (An error only where the
/// stack cannot compute at all: an overflow.)
pub fn profiles(tables: &Tables) -> Result<ProfileList, SizingError> {
    let mut sized = Vec::new();
    let mut unavailable = Vec::new();
    for p in &tables.profiles {
        match sizing::recommend_profile(tables, &p.name, |c| c, None) {
            Ok(r) => sized.push(r),
            Err(e @ SizingError::Overflow { .. }) => return Err(e),
            Err(e) => {
                let instance = p.instance_type().to_string();
                unavailable.push(UnavailableProfile {
                    name: p.name.clone(),
                    reason: why_unavailable(tables, &instance, &e),
                    asg_instance_type: instance,
                });
            }
        }
    }
    Ok(ProfileList {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        profiles: sized,
        unavailable,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: InstanceView = InstanceView {
        sort: InstanceSort::Family,
        limit: None,
    };

    fn names(l: &InstanceList) -> Vec<&str> {
        l.instances
            .iter()
            .map(|r| r.instance.asg_instance_type.as_str())
            .collect()
    }

    #[test]
    fn says_which_types_the_default_ami_launches() {
        let t = Tables::embedded();
        let filter = InstanceFilter {
            families: vec!["a1".into(), "c6a".into()],
            ..InstanceFilter::default()
        };
        let l = instances(&t, &filter, ALL).unwrap();
        assert!(
            l.instances
                .iter()
                .all(|r| r.launches_with_default_ami == (r.family == "c6a"))
        );
        let only = InstanceFilter {
            default_ami: true,
            ..filter
        };
        let l = instances(&t, &only, ALL).unwrap();
        assert!(!l.instances.is_empty() && l.instances.iter().all(|r| r.family == "c6a"));
    }

    #[test]
    fn filters_by_family_and_arch() {
        let t = Tables::embedded();
        let filter = InstanceFilter {
            families: vec!["c6a".into()],
            max_hourly: Some(0.7),
            ..InstanceFilter::default()
        };
        let c6a = instances(&t, &filter, ALL).unwrap();
        assert_eq!(
            names(&c6a),
            ["c6a.large", "c6a.xlarge", "c6a.2xlarge", "c6a.4xlarge"]
        );
        let filter = InstanceFilter {
            arch: Some(Arch::Arm64),
            ..InstanceFilter::default()
        };
        let arm = instances(&t, &filter, ALL).unwrap();
        assert!(arm.instances.iter().all(|r| r.instance.arch == Arch::Arm64));
        assert!(arm.instances.iter().any(|r| r.family == "c7g"));
    }

    #[test]
    fn filters_by_size_price_and_burstable() {
        let t = Tables::embedded();
        let filter = InstanceFilter {
            min_vcpus: Some(4),
            min_memory_mib: Some(16384),
            max_hourly: Some(0.2),
            burstable: Some(false),
            ..InstanceFilter::default()
        };
        let l = instances(&t, &filter, ALL).unwrap();
        assert!(!l.instances.is_empty());
        for r in &l.instances {
            let i = &r.instance;
            assert!(i.vcpus >= 4 && i.memory_mib >= 16384 && i.hourly <= 0.2 && !i.burstable);
        }
        let bursty = InstanceFilter {
            burstable: Some(true),
            ..InstanceFilter::default()
        };
        let l = instances(&t, &bursty, ALL).unwrap();
        // t1.micro and the 28 sizes of t2, t3, t3a and t4g.
        assert_eq!(l.matched, 29);
    }

    #[test]
    fn a_limited_view_says_how_many_it_leaves_out() {
        let t = Tables::embedded();
        let view = InstanceView {
            sort: InstanceSort::Price,
            limit: Some(10),
        };
        let l = instances(&t, &InstanceFilter::default(), view).unwrap();
        assert_eq!(l.instances.len(), 10);
        assert_eq!(l.matched, 622);
        assert_eq!(l.omitted, 612);
        assert_eq!(l.catalog_size, 622);
        let prices: Vec<f64> = l.instances.iter().map(|r| r.instance.hourly).collect();
        assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
        let all = instances(&t, &InstanceFilter::default(), ALL).unwrap();
        assert_eq!((all.instances.len(), all.omitted), (622, 0));
    }

    #[test]
    fn sorts_by_vcpus_memory_and_price_per_vcpu() {
        let t = Tables::embedded();
        for sort in [
            InstanceSort::Vcpus,
            InstanceSort::Memory,
            InstanceSort::PricePerVcpu,
        ] {
            let view = InstanceView { sort, limit: None };
            let l = instances(&t, &InstanceFilter::default(), view).unwrap();
            let ok = l.instances.windows(2).all(|w| {
                let (a, b) = (&w[0].instance, &w[1].instance);
                match sort {
                    InstanceSort::Vcpus => a.vcpus >= b.vcpus,
                    InstanceSort::Memory => a.memory_mib >= b.memory_mib,
                    _ => a.hourly / a.vcpus as f64 <= b.hourly / b.vcpus as f64,
                }
            });
            assert!(ok, "{sort:?}");
        }
    }

    #[test]
    fn an_empty_filter_result_is_an_error() {
        let t = Tables::embedded();
        let filter = InstanceFilter {
            families: vec!["x9z".into()],
            ..InstanceFilter::default()
        };
        let e = instances(&t, &filter, ALL).unwrap_err();
        assert!(e.to_string().contains("c6a"), "{e}");
        // A family EC2 has and the module rejects says so.
        let filter = InstanceFilter {
            families: vec!["c6gn".into()],
            ..InstanceFilter::default()
        };
        let e = instances(&t, &filter, ALL).unwrap_err().to_string();
        assert!(
            e.contains("validation rejects") && e.contains("^[a-z]"),
            "{e}"
        );
    }

    #[test]
    fn monthly_price_of_one_instance() {
        let t = Tables::embedded();
        let all = instances(&t, &InstanceFilter::default(), ALL).unwrap();
        let c6a = all
            .instances
            .iter()
            .find(|r| r.instance.asg_instance_type == "c6a.xlarge")
            .unwrap();
        assert_eq!(c6a.monthly, 111.69);
    }
}
