//! The instance catalog: every instance type the module accepts, with its
//! vCPUs, memory and on-demand price in one region on one date, and the EC2
//! names the module's validation rejects (so an error can say why).
//!
//! The embedded catalog (catalog.toml) is turned into static data by build.rs:
//! start-up does not read or allocate it, however many types it holds. A
//! catalog file (`--catalog`, written by `pypi-size catalog import`) is the
//! same TOML, read at run time.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::data::choice::{Choice, Named};
use crate::data::error::DataError;
use crate::data::error::located_error;
use crate::data::values::{Amount, Pattern, Percent, Positive, Usd};

/// One enum for the TOML key and the `--arch` flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Arch {
    X86_64,
    Arm64,
}

impl Arch {
    pub fn as_str(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64",
            Arch::Arm64 => "arm64",
        }
    }
}

/// One EC2 instance type of the catalog.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub vcpus: Positive,
    pub memory_mib: Positive,
    /// On-demand price per hour, in the pricing currency.
    pub hourly: Usd,
    pub arch: Arch,
    /// Set only for burstable (T) types: the CPU share a vCPU may use
    /// without spending credits.
    pub baseline_cpu_pct: Option<Percent>,
    /// A burstable type whose baseline is not published (t1.micro); a
    /// baseline implies burstable without it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub burstable: bool,
    /// The sustained all-core clock, GHz (EC2's
    /// `ProcessorInfo.SustainedClockSpeedInGhz`); `None` where EC2 states
    /// none: `predict` then says the type's speed is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_ghz: Option<Amount>,
    /// Threads per core (EC2's `VCpuInfo.DefaultThreadsPerCore`): two
    /// threads of a core share it when both are busy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads_per_core: Option<Positive>,
}

impl Instance {
    pub fn burstable(&self) -> bool {
        self.burstable || self.baseline_cpu_pct.is_some()
    }
}

impl Choice for Arch {
    const ALL: &'static [Named<Self>] = &[
        Named {
            value: Self::X86_64,
            name: "x86_64",
            aliases: &["amd64"],
            help: "",
        },
        Named {
            value: Self::Arm64,
            name: "arm64",
            aliases: &["aarch64"],
            help: "",
        },
    ];
}

/// Where a catalog's prices are from and when.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CatalogMeta {
    pub region: Cow<'static, str>,
    pub currency: Cow<'static, str>,
    /// The date of the prices (YYYY-MM-DD).
    pub as_of: Cow<'static, str>,
    pub source: Cow<'static, str>,
    /// The region's gp3 price a GB-month, where the import found it; the
    /// root volumes are priced at `[pricing]`'s without it.
    pub ebs_gp3_gb_month: Option<f64>,
}

/// Names in name order: the embedded ones as one text and where each ends
/// (static data without pointers, so the loader relocates none of it and
/// only the pages a search touches are read), or owned.
#[derive(Debug, Clone)]
enum Names {
    Static {
        text: &'static str,
        ends: &'static [u32],
    },
    Owned(Vec<String>),
}

impl Default for Names {
    fn default() -> Names {
        Names::Owned(Vec::new())
    }
}

impl Names {
    fn len(&self) -> usize {
        match self {
            Names::Static { ends, .. } => ends.len(),
            Names::Owned(v) => v.len(),
        }
    }

    fn get(&self, i: usize) -> &str {
        match self {
            Names::Static { text, ends } => {
                let start = i.checked_sub(1).map_or(0, |j| ends[j] as usize);
                &text[start..ends[i] as usize]
            }
            Names::Owned(v) => &v[i],
        }
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    fn find(&self, name: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = (low + high) / 2;
            match self.get(mid).cmp(name) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// An instance of the embedded catalog, checked by build.rs.
const fn embedded(
    vcpus: u64,
    memory_mib: u64,
    hourly: f64,
    arch: Arch,
    baseline_cpu_pct: Option<f64>,
    burstable: bool,
    // The sustained clock (GHz) and threads per core, for `predict`.
    (clock_ghz, threads_per_core): (Option<f64>, Option<u64>),
) -> Instance {
    Instance {
        vcpus: Positive::checked(vcpus),
        memory_mib: Positive::checked(memory_mib),
        hourly: Usd::checked(hourly),
        arch,
        baseline_cpu_pct: match baseline_cpu_pct {
            Some(p) => Some(Percent::checked(p)),
            None => None,
        },
        burstable,
        clock_ghz: match clock_ghz {
            Some(c) => Some(Amount::checked(c)),
            None => None,
        },
        threads_per_core: match threads_per_core {
            Some(t) => Some(Positive::checked(t)),
            None => None,
        },
    }
}

// EMBEDDED_META, EMBEDDED_NAMES, EMBEDDED_NAME_ENDS, EMBEDDED_INSTANCES,
// EMBEDDED_REJECTED and EMBEDDED_REJECTED_ENDS, from catalog.toml.
include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// The instance types, sorted by name, and the names the module rejects.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub meta: CatalogMeta,
    names: Names,
    /// In the order of `names`.
    instances: Cow<'static, [Instance]>,
    rejected: Names,
}

impl Catalog {
    /// The catalog built into the binary: no parsing, no allocation, nothing
    /// for the loader to relocate.
    pub fn embedded() -> Catalog {
        Catalog {
            meta: EMBEDDED_META,
            names: Names::Static {
                text: EMBEDDED_NAMES,
                ends: &EMBEDDED_NAME_ENDS,
            },
            instances: Cow::Borrowed(&EMBEDDED_INSTANCES),
            rejected: Names::Static {
                text: EMBEDDED_REJECTED,
                ends: &EMBEDDED_REJECTED_ENDS,
            },
        }
    }

    /// A catalog of these types (a later duplicate name replaces an earlier
    /// one) and rejected names.
    pub fn new(
        meta: CatalogMeta,
        instances: impl IntoIterator<Item = (String, Instance)>,
        rejected: impl IntoIterator<Item = String>,
    ) -> Catalog {
        let map: BTreeMap<String, Instance> = instances.into_iter().collect();
        let mut rejected: Vec<String> = rejected.into_iter().collect();
        rejected.sort();
        rejected.dedup();
        let (names, instances): (Vec<String>, Vec<Instance>) = map.into_iter().unzip();
        Catalog {
            meta,
            names: Names::Owned(names),
            instances: Cow::Owned(instances),
            rejected: Names::Owned(rejected),
        }
    }

    /// The same catalog with other instance types: its dates, source and
    /// rejected names kept.
    pub fn with_instances(&self, instances: impl IntoIterator<Item = (String, Instance)>) -> Self {
        let rejected = self.rejected_names().map(String::from);
        Catalog::new(self.meta.clone(), instances, rejected.collect::<Vec<_>>())
    }

    pub fn get(&self, name: &str) -> Option<&Instance> {
        self.names.find(name).map(|i| &self.instances[i])
    }

    /// Every instance type, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Instance)> {
        self.names.iter().zip(self.instances.iter())
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter()
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.len() == 0
    }

    /// An EC2 instance type the module's validation rejects by name.
    pub fn is_rejected(&self, name: &str) -> bool {
        self.rejected.find(name).is_some()
    }

    pub fn rejected_names(&self) -> impl Iterator<Item = &str> {
        self.rejected.iter()
    }

    /// Reads a catalog file. Every instance name must pass the module's
    /// validation (`pattern`); the error names the line of one that does not.
    pub fn from_toml(src: &str, origin: &str, pattern: &Pattern) -> Result<Catalog, DataError> {
        let error = |span, message| located_error(src, origin, span, message);
        let file: CatalogFile =
            toml::from_str(src).map_err(|e| error(e.span(), e.message().trim_end().to_string()))?;
        let meta = CatalogMeta {
            region: file.catalog.region.into(),
            currency: file.catalog.currency.into(),
            as_of: file.catalog.as_of.into(),
            source: file.catalog.source.into(),
            ebs_gp3_gb_month: file.catalog.ebs_gp3_gb_month.map(|u| u.get()),
        };
        let instances = checked_names(file.instances, pattern).map_err(|(s, m)| error(s, m))?;
        if instances.is_empty() {
            return Err(error(None, "[instances] lists no instance type".into()));
        }
        Ok(Catalog::new(meta, instances, file.catalog.rejected))
    }

    /// The catalog as a catalog file: what `from_toml` reads back.
    pub fn to_toml(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out += &format!("# {line}\n").replace("# \n", "#\n");
        }
        let m = &self.meta;
        out += &format!(
            "\n[catalog]\nregion = {}\ncurrency = {}\nas_of = {}\nsource = {}\n",
            quoted(&m.region),
            quoted(&m.currency),
            quoted(&m.as_of),
            quoted(&m.source)
        );
        if let Some(p) = m.ebs_gp3_gb_month {
            out += &format!(
                "# The region's EBS gp3 price, a GB-month (the root volumes).\nebs_gp3_gb_month = {p}\n"
            );
        }
        out += "# EC2 instance types the module's validation rejects by name.\nrejected = [\n";
        for name in self.rejected_names() {
            out += &format!("  {},\n", quoted(name));
        }
        out += "]\n\n[instances]\n";
        for (name, i) in self.iter() {
            out += &format!(
                "{} = {{ vcpus = {}, memory_mib = {}, hourly = {}, arch = \"{}\"",
                quoted(name),
                i.vcpus.get(),
                i.memory_mib.get(),
                i.hourly.get(),
                i.arch.as_str()
            );
            match i.baseline_cpu_pct {
                Some(p) => out += &format!(", baseline_cpu_pct = {}", p.get()),
                None if i.burstable => out += ", burstable = true",
                None => {}
            }
            if let Some(c) = i.clock_ghz {
                out += &format!(", clock_ghz = {}", c.get());
            }
            if let Some(t) = i.threads_per_core {
                out += &format!(", threads_per_core = {}", t.get());
            }
            out += " }\n";
        }
        out
    }
}

impl FromIterator<(String, Instance)> for Catalog {
    /// These types, dated and sourced as the embedded catalog.
    fn from_iter<I: IntoIterator<Item = (String, Instance)>>(iter: I) -> Catalog {
        Catalog::embedded().with_instances(iter)
    }
}

/// A TOML string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A problem at a place in a file: its byte range, and what is wrong.
pub(crate) type Located = (Option<std::ops::Range<usize>>, String);

/// The instances of a file, each name checked against the module's pattern.
pub(crate) fn checked_names(
    instances: BTreeMap<Spanned<String>, Instance>,
    pattern: &Pattern,
) -> Result<Vec<(String, Instance)>, Located> {
    instances
        .into_iter()
        .map(|(name, instance)| {
            if pattern.is_match(name.get_ref()) {
                Ok((name.into_inner(), instance))
            } else {
                Err((
                    Some(name.span()),
                    format!(
                        "instance type `{}` is not a name the module accepts \
                         (it must match {})",
                        name.get_ref(),
                        pattern.as_str()
                    ),
                ))
            }
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    catalog: FileMeta,
    instances: BTreeMap<Spanned<String>, Instance>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileMeta {
    region: String,
    currency: String,
    as_of: String,
    source: String,
    #[serde(default)]
    ebs_gp3_gb_month: Option<crate::data::Usd>,
    #[serde(default)]
    rejected: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern() -> Pattern {
        Pattern::try_from(r"^[a-z][0-9][a-z]?\.[a-z0-9]+$".to_string()).unwrap()
    }

    #[test]
    fn the_embedded_catalog_is_catalog_toml() {
        let parsed = Catalog::from_toml(
            crate::data::embedded::EMBEDDED_CATALOG,
            "catalog.toml",
            &pattern(),
        )
        .unwrap();
        let embedded = Catalog::embedded();
        assert_eq!(parsed.meta, embedded.meta);
        assert!(parsed.iter().eq(embedded.iter()));
        assert!(parsed.rejected_names().eq(embedded.rejected_names()));
        assert_eq!(embedded.len(), 622);
        assert!(embedded.is_rejected("c6gn.large"));
        assert!(!embedded.is_rejected("c6a.large"));
    }

    #[test]
    fn a_catalog_reads_back_what_it_writes() {
        let c = Catalog::embedded();
        let text = c.to_toml("A test.\n\nTwo paragraphs.");
        let back = Catalog::from_toml(&text, "written", &pattern()).unwrap();
        assert_eq!(back.meta, c.meta);
        assert!(back.iter().eq(c.iter()));
        assert!(back.rejected_names().eq(c.rejected_names()));
    }

    #[test]
    fn a_rejected_name_in_instances_names_its_line() {
        let src = "[catalog]\nregion = \"r\"\ncurrency = \"USD\"\nas_of = \"d\"\nsource = \"s\"\n\
                   [instances]\n\"c6gn.large\" = { vcpus = 2, memory_mib = 4096, hourly = 0.1, arch = \"arm64\" }\n";
        let e = Catalog::from_toml(src, "f", &pattern()).unwrap_err();
        assert_eq!(e.location.map(|l| l.0), Some(7));
        assert!(e.message.contains("c6gn.large"), "{e}");
    }
}
