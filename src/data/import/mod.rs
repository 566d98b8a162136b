//! A catalog from what AWS publishes: the instance types of
//! `aws ec2 describe-instance-types` priced from the AWS Price List
//! (`aws pricing get-products`, or a bulk offer file, streamed). The
//! library reads what it is handed; the binary opens the files.

pub mod describe;
pub mod prices;

use std::borrow::Cow;

use crate::data::catalog::{Catalog, CatalogMeta, Instance};
use crate::data::values::{Amount, Pattern, Positive, Usd};
use describe::Described;
use prices::{Prices, Skipped};

/// The catalog and what was left out of it, and why.
#[derive(Debug, Clone)]
pub struct Imported {
    pub catalog: Catalog,
    /// Types the module accepts that have no Linux on-demand price: left out.
    pub unpriced: Vec<String>,
    /// Types described with no usable figures (an architecture such as
    /// x86_64_mac, zero vCPUs or memory): left out.
    pub unsupported: Vec<String>,
    /// Described types whose names the module's validation rejects.
    pub rejected: Vec<String>,
    /// Burstable types whose baseline pypi-size does not know.
    pub unknown_baseline: Vec<String>,
    /// Priced types that describe-instance-types did not list.
    pub undescribed: usize,
    pub skipped: Skipped,
    pub conflicts: Vec<String>,
}

/// The instance types the module accepts, each with its price; baselines of
/// burstable types come from `known` (EC2 does not describe them).
pub fn import(
    described: Vec<Described>,
    prices: Prices,
    pattern: &Pattern,
    known: &Catalog,
    currency: &str,
) -> Imported {
    let mut out = Imported {
        catalog: Catalog::default(),
        unpriced: Vec::new(),
        unsupported: Vec::new(),
        rejected: Vec::new(),
        unknown_baseline: Vec::new(),
        undescribed: prices
            .hourly
            .keys()
            .filter(|n| described.binary_search_by(|d| d.name.cmp(n)).is_err())
            .count(),
        skipped: prices.skipped.clone(),
        conflicts: prices.conflicts.clone(),
    };
    let mut instances = Vec::new();
    for d in described {
        if !pattern.is_match(&d.name) {
            out.rejected.push(d.name);
            continue;
        }
        let Some(&hourly) = prices.hourly.get(&d.name) else {
            out.unpriced.push(d.name);
            continue;
        };
        let (Some(arch), Ok(vcpus), Ok(memory_mib), Ok(hourly)) = (
            d.arch,
            Positive::try_from(d.vcpus as i64),
            Positive::try_from(d.memory_mib as i64),
            Usd::try_from(hourly),
        ) else {
            out.unsupported.push(d.name);
            continue;
        };
        let known = known.get(&d.name);
        let baseline_cpu_pct = known.and_then(|k| k.baseline_cpu_pct);
        let burstable = d.burstable || known.is_some_and(Instance::burstable);
        if burstable && baseline_cpu_pct.is_none() {
            out.unknown_baseline.push(d.name.clone());
        }
        let instance = Instance {
            vcpus,
            memory_mib,
            hourly,
            arch,
            baseline_cpu_pct,
            burstable: burstable && baseline_cpu_pct.is_none(),
            clock_ghz: d
                .clock_ghz
                .and_then(|c| Amount::try_from(c).ok())
                .filter(|c| c.get() > 0.0),
            threads_per_core: d
                .threads_per_core
                .and_then(|t| Positive::try_from(t as i64).ok()),
        };
        instances.push((d.name, instance));
    }
    let meta = CatalogMeta {
        region: Cow::Owned(prices.region.clone()),
        currency: Cow::Owned(currency.to_string()),
        as_of: Cow::Owned(prices.as_of.clone().unwrap_or_else(|| "undated".into())),
        source: Cow::Owned(format!(
            "EC2 DescribeInstanceTypes and the AWS Price List ({}, Linux, shared \
             tenancy, on-demand, no pre-installed software, no license), imported \
             by pypi-size catalog import",
            prices.region
        )),
        ebs_gp3_gb_month: prices.ebs_gp3_gb_month,
    };
    // A name the module rejects stays one whatever the region offers.
    let rejected = out.rejected.iter().map(String::as_str);
    let rejected = rejected.chain(known.rejected_names()).map(String::from);
    out.catalog = Catalog::new(meta, instances, rejected.collect::<Vec<_>>());
    out
}
