//! The `instances` and `profiles` listings: the tables themselves, with what
//! a reader wants next to each row (monthly price; a profile's capacity).

use serde::Serialize;

use crate::answers::sizing::{self, InstanceInfo, ModuleInfo, PricingInfo, SizingReport};
use crate::data::error::SizingError;
use crate::data::{Arch, Tables, family_of};

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct InstanceList {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    pub hours_per_month: f64,
    pub instances: Vec<InstanceRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct InstanceRow {
    #[serde(flatten)]
    pub instance: InstanceInfo,
    pub family: String,
    /// One instance for a month, on demand.
    pub monthly: f64,
}

#[derive(Debug, Clone, Default)]
pub struct InstanceFilter {
    /// Instance families (`c6a`), any of which may match; empty = all.
    pub families: Vec<String>,
    pub arch: Option<Arch>,
}

/// The catalog, filtered, ordered by family then size. A filter that matches
/// nothing is an error naming what the catalog has.
pub fn instances(tables: &Tables, filter: &InstanceFilter) -> Result<InstanceList, SizingError> {
    let hours = tables.pricing.hours_per_month.get();
    let mut rows: Vec<InstanceRow> = tables
        .instances
        .iter()
        .map(|(name, i)| {
            let monthly = (i.hourly.get() * hours * 100.0).round() / 100.0;
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
                monthly,
            })
        })
        .collect::<Result<_, _>>()?;
    let mut families: Vec<String> = rows.iter().map(|r| r.family.clone()).collect();
    families.dedup();
    rows.retain(|r| {
        (filter.families.is_empty() || filter.families.contains(&r.family))
            && filter.arch.is_none_or(|a| a == r.instance.arch)
    });
    if rows.is_empty() {
        families.sort();
        families.dedup();
        return Err(SizingError::Inconsistent {
            variables: &["family", "arch"],
            message: format!(
                "no instance type matches the filter; the catalog's families are: {}",
                families.join(", ")
            ),
        });
    }
    rows.sort_by(|a, b| {
        (&a.family, a.instance.vcpus, a.instance.memory_mib).cmp(&(
            &b.family,
            b.instance.vcpus,
            b.instance.memory_mib,
        ))
    });
    Ok(InstanceList {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        hours_per_month: hours,
        instances: rows,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ProfileList {
    pub module: ModuleInfo,
    pub pricing: PricingInfo,
    /// Each profile sized as `recommend --profile NAME` would.
    pub profiles: Vec<SizingReport>,
}

pub fn profiles(tables: &Tables) -> Result<ProfileList, SizingError> {
    Ok(ProfileList {
        module: ModuleInfo::of(tables),
        pricing: PricingInfo::of(tables),
        profiles: tables
            .profiles
            .iter()
            .map(|p| sizing::recommend_profile(tables, &p.name, |c| c, None))
            .collect::<Result<_, _>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_by_family_and_arch() {
        let t = Tables::embedded();
        let c6a = instances(
            &t,
            &InstanceFilter {
                families: vec!["c6a".into()],
                arch: None,
            },
        )
        .unwrap();
        let names: Vec<_> = c6a
            .instances
            .iter()
            .map(|r| r.instance.asg_instance_type.as_str())
            .collect();
        assert_eq!(
            names,
            ["c6a.large", "c6a.xlarge", "c6a.2xlarge", "c6a.4xlarge"]
        );
        let arm = instances(
            &t,
            &InstanceFilter {
                families: vec![],
                arch: Some(Arch::Arm64),
            },
        )
        .unwrap();
        assert!(arm.instances.iter().all(|r| r.instance.arch == Arch::Arm64));
        assert!(arm.instances.iter().any(|r| r.family == "c7g"));
    }

    #[test]
    fn an_empty_filter_result_is_an_error() {
        let t = Tables::embedded();
        let e = instances(
            &t,
            &InstanceFilter {
                families: vec!["x9z".into()],
                arch: None,
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("c6a"), "{e}");
    }

    #[test]
    fn monthly_price_of_one_instance() {
        let t = Tables::embedded();
        let all = instances(&t, &InstanceFilter::default()).unwrap();
        let c6a = all
            .instances
            .iter()
            .find(|r| r.instance.asg_instance_type == "c6a.xlarge")
            .unwrap();
        assert_eq!(c6a.monthly, 111.69);
    }
}
