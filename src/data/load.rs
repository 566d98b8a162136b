//! Loading profiles.toml: parsing, the checks that span more than one value,
//! and look-ups by name.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::data::catalog::Instance;
use crate::data::catalog::{Catalog, CatalogMeta, checked_names};
use crate::data::error::{DataError, SizingError, located_error};
use crate::data::tables::{Profile, Tables};

impl Tables {
    /// Parses a `profiles.toml` and checks what the data alone can tell.
    /// The module layer's `Tables::from_toml` adds the checks of profiles
    /// as module variables; use that one.
    pub fn parse_data(src: &str, origin: &str) -> Result<Tables, DataError> {
        let error = |span, message| located_error(src, origin, span, message);
        let mut tables: Tables =
            toml::from_str(src).map_err(|e| error(e.span(), e.message().trim_end().to_string()))?;
        // Bounds first: a file too large to be sane is refused for that.
        tables
            .check_sanity(src)
            .and_then(|()| tables.attach_catalog())
            .and_then(|()| tables.check())
            .map_err(|(span, message)| error(span, message))?;
        Ok(tables)
    }

    /// The embedded profiles.toml (as build.rs wrote it in JSON) over the
    /// embedded catalog. The module layer's `Tables::embedded` adds its checks.
    pub fn parse_embedded() -> Result<Tables, DataError> {
        let origin = "<embedded profiles.toml>";
        let error = |message: String| DataError {
            origin: origin.to_string(),
            location: None,
            message,
            line_text: None,
        };
        let mut tables: Tables =
            serde_json::from_str(crate::data::embedded::EMBEDDED_PROFILES_JSON)
                .map_err(|e| error(e.to_string()))?;
        tables.instances = Catalog::embedded();
        tables.check().map_err(|(_, message)| error(message))?;
        Ok(tables)
    }

    /// The same tables over another catalog (`--catalog`); `origin` names
    /// the catalog in errors. A region need not offer every type the
    /// profiles name: a profile on a type the catalog lacks fails when it
    /// is used, saying so, and the rest of the catalog serves.
    pub fn with_catalog(mut self, catalog: Catalog, origin: &str) -> Result<Tables, DataError> {
        if catalog.meta.currency != self.pricing.currency.as_str() {
            return Err(DataError {
                origin: origin.to_string(),
                location: None,
                message: format!(
                    "[catalog] currency is {}, but [pricing] currency is {}",
                    catalog.meta.currency, self.pricing.currency
                ),
                line_text: None,
            });
        }
        self.instances = catalog;
        Ok(self)
    }

    /// A profiles file's own [instances] become the catalog, priced as its
    /// [pricing]; without them, the embedded catalog.
    fn attach_catalog(&mut self) -> Result<(), (Option<Range<usize>>, String)> {
        let Some(instances) = self.file_instances.take() else {
            self.instances = Catalog::embedded();
            return Ok(());
        };
        let instances = checked_names(instances, &self.module.limits.asg_instance_type)?;
        if instances.is_empty() {
            return Err((None, "[instances] lists no instance type".to_string()));
        }
        let p = &self.pricing;
        let meta = CatalogMeta {
            region: p.region.clone().into(),
            currency: p.currency.clone().into(),
            as_of: p.as_of.clone().into(),
            source: p.source.clone().into(),
            ebs_gp3_gb_month: None,
        };
        let embedded = Catalog::embedded();
        let rejected = embedded.rejected_names().map(String::from);
        self.instances = Catalog::new(meta, instances, rejected);
        Ok(())
    }

    /// The embedded tables with t1.micro at 1024 MiB, for tests of a
    /// burstable type with no published baseline: its real 627 MiB gives a
    /// 31.22 GB root volume, which `terraform plan` refuses.
    #[cfg(test)]
    pub(crate) fn embedded_with_a_whole_t1_micro() -> Tables {
        let mut t = Tables::embedded();
        let instances: Vec<(String, Instance)> = t
            .instances
            .iter()
            .map(|(name, i)| {
                let mut i = i.clone();
                if name == "t1.micro" {
                    i.memory_mib = crate::data::values::Positive::checked(1024);
                }
                (name.to_string(), i)
            })
            .collect();
        t.instances = t.instances.with_instances(instances);
        t
    }

    pub fn instance(&self, name: &str) -> Option<&Instance> {
        self.instances.get(name)
    }

    pub fn instance_names(&self) -> impl Iterator<Item = &str> {
        self.instances.names()
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// Why the module refuses an instance type by its name, if it does: its
    /// validation regex, and whether EC2 has such a type.
    pub fn rejected_name(&self, name: &str) -> Option<SizingError> {
        let pattern = &self.module.limits.asg_instance_type;
        if pattern.is_match(name) {
            return None;
        }
        let by = if self.instances.is_rejected(name) {
            format!(
                "{name} is an EC2 instance type, but the module's asg_instance_type \
                 validation rejects its name (`terraform plan` fails)"
            )
        } else {
            "the module's asg_instance_type validation rejects the name \
             (`terraform plan` fails)"
                .to_string()
        };
        let near = tf_eval::suggest::nearest(name, self.instance_names());
        let hint = match near.first() {
            Some(n) => format!("; did you mean `{n}`?"),
            None => String::new(),
        };
        Some(SizingError::Rejected {
            variable: "asg_instance_type",
            value: format!("\"{name}\""),
            accepted: format!("names matching {}{hint}", pattern.as_str()),
            by,
        })
    }

    /// Why a family has no type in the catalog: the module rejects its
    /// names (an EC2 family such as c6gn), or the catalog lacks it.
    pub fn missing_family(&self, family: &str) -> String {
        let known = self
            .instances
            .rejected_names()
            .any(|n| crate::data::family_of(n) == family);
        if known {
            format!(
                "family `{family}` is EC2's, but the module's asg_instance_type \
                 validation rejects its names ({}), so the catalog leaves it out",
                self.module.limits.asg_instance_type.as_str()
            )
        } else {
            let mut families: Vec<&str> =
                self.instance_names().map(crate::data::family_of).collect();
            families.sort_unstable();
            families.dedup();
            let near = tf_eval::suggest::nearest(family, families);
            let hint = match near.first() {
                Some(n) => format!("; did you mean `{n}`?"),
                None => String::new(),
            };
            format!(
                "no instance type of family `{family}` in the {} catalog{hint} \
                 (`pypi-size instances` lists them)",
                self.instances.meta.region
            )
        }
    }

    /// The instance, or an error: the module's validation rejects the name,
    /// or the catalog lacks it (suggesting the nearest names).
    pub fn find_instance(&self, name: &str) -> Result<&Instance, SizingError> {
        if let Some(e) = self.rejected_name(name) {
            return Err(e);
        }
        self.instance(name)
            .ok_or_else(|| SizingError::UnknownInstance {
                name: name.to_string(),
                suggestions: tf_eval::suggest::nearest(name, self.instance_names()),
            })
    }

    /// The profile, or an error listing them all.
    pub fn find_profile(&self, name: &str) -> Result<&Profile, SizingError> {
        self.profile(name)
            .ok_or_else(|| SizingError::UnknownProfile {
                name: name.to_string(),
                known: self.profile_names(),
                suggestions: tf_eval::suggest::nearest(
                    name,
                    self.profiles.iter().map(|p| p.name.as_str()),
                ),
            })
    }

    pub fn profile_names(&self) -> Vec<String> {
        self.profiles.iter().map(|p| p.name.clone()).collect()
    }

    /// The checks that span more than one value.
    fn check(&self) -> Result<(), (Option<Range<usize>>, String)> {
        let m = &self.module;
        if m.min_gunicorn_workers > m.max_gunicorn_workers {
            return Err((
                None,
                format!(
                    "[module] min_gunicorn_workers ({}) is above max_gunicorn_workers ({})",
                    m.min_gunicorn_workers.get(),
                    m.max_gunicorn_workers.get()
                ),
            ));
        }
        let default_type = &m.defaults.asg_instance_type;
        if self.instance(default_type.get_ref()).is_none() {
            return Err((
                Some(default_type.span()),
                format!(
                    "[module.defaults] asg_instance_type `{}` is not in the instance catalog",
                    default_type.get_ref()
                ),
            ));
        }
        if let Some(policy) = m.defaults.efs_lifecycle_policy
            && !m.limits.efs_lifecycle_policy.contains(&policy)
        {
            return Err((
                None,
                format!(
                    "[module.defaults] efs_lifecycle_policy = {policy} is not in \
                     [module.limits] efs_lifecycle_policy"
                ),
            ));
        }
        if self.profiles.is_empty() {
            return Err((
                None,
                "there are no [[profiles]]: at least one is needed".to_string(),
            ));
        }
        let mut seen = BTreeSet::new();
        for (index, profile) in self.profiles.iter().enumerate() {
            let what = format!("[[profiles]] `{}`", profile.name);
            if !seen.insert(profile.name.as_str()) {
                return Err((None, format!("{what} is listed twice")));
            }
            let Some(ty) = &profile.config.asg_instance_type else {
                return Err((None, format!("{what} sets no config.asg_instance_type")));
            };
            if self.instance(ty.get_ref()).is_none() {
                let near = tf_eval::suggest::nearest(ty.get_ref(), self.instance_names());
                let hint = if near.is_empty() {
                    String::new()
                } else {
                    format!("; did you mean `{}`?", near.join("`, `"))
                };
                return Err((
                    Some(ty.span()),
                    format!(
                        "{what} names instance type `{}`, which is not in [instances]{hint}",
                        ty.get_ref()
                    ),
                ));
            }
            if let Some(previous) = index.checked_sub(1).map(|i| &self.profiles[i])
                && let Some(field) = profile.workload.first_below(&previous.workload)
            {
                return Err((
                    None,
                    format!(
                        "{what} covers less {field} than `{}` before it: \
                             profiles must be listed smallest first",
                        previous.name
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The module's validation of `asg_instance_type`:
/// `^[a-z][0-9][a-z]?\.[a-z0-9]+$`.
pub fn is_module_instance_type(name: &str) -> bool {
    let Some((family, size)) = name.split_once('.') else {
        return false;
    };
    let f = family.as_bytes();
    let family_ok = match f {
        [a, d] => a.is_ascii_lowercase() && d.is_ascii_digit(),
        [a, d, b] => a.is_ascii_lowercase() && d.is_ascii_digit() && b.is_ascii_lowercase(),
        _ => false,
    };
    family_ok
        && !size.is_empty()
        && size
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

/// `c6a` of `c6a.xlarge`.
pub fn family_of(instance_type: &str) -> &str {
    instance_type
        .split_once('.')
        .map_or(instance_type, |(family, _)| family)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_parse() {
        let t = Tables::parse_data(crate::data::embedded::EMBEDDED_PROFILES, "embedded").unwrap();
        assert_eq!(t.module.version, "2.3.0");
        assert_eq!(
            t.profile_names(),
            ["light", "medium", "heavy", "very-heavy"]
        );
        assert_eq!(t.instance("c6a.xlarge").unwrap().memory_mib.get(), 8192);
    }

    #[test]
    fn module_instance_type_pattern() {
        for ok in ["t3.small", "c6a.xlarge", "c7g.2xlarge", "m5.large"] {
            assert!(is_module_instance_type(ok), "{ok}");
        }
        for bad in [
            "c7gn.large",
            "T3.small",
            "t3",
            "t3.",
            ".small",
            "3t.small",
            "t3.Small",
        ] {
            assert!(!is_module_instance_type(bad), "{bad}");
        }
    }
}
