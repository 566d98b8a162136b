//! What a config sets of the module's sizing variables: a profile's
//! `[profiles.config]`, the flags, a module block's arguments. One
//! all-optional struct, filled by name from `module::variables::VARIABLES`
//! (its fields are that table's names), so each reader is driven by the
//! table and none lists the variables again.

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The module's `efs_throughput_mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EfsThroughputMode {
    Bursting,
    Elastic,
    Provisioned,
}

/// The module's sizing variables a config sets; `None`: left to the base
/// config (a profile, or the module's default). Each field is named as the
/// variable in `VARIABLES`; `tests/cli/variables.rs` and this file's tests
/// hold them to the table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleArguments {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ami_id: Option<String>,
    /// Spanned: profiles.toml's checks name its line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asg_instance_type: Option<Spanned<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asg_min_size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asg_max_size: Option<u64>,
    /// How many subnets asg_subnets lists: sizing needs only their number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asg_subnets: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_memory: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_memory_reservation: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_cpu: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gunicorn_workers: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_min_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_max_count: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efs_throughput_mode: Option<EfsThroughputMode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efs_provisioned_throughput_in_mibps: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efs_lifecycle_policy: Option<u64>,
}

impl ModuleArguments {
    /// The arguments from values by variable name (a number as a JSON
    /// number, a string or mode as a string; asg_subnets as its count).
    /// An unknown name or a value of the wrong kind is an error naming it.
    pub fn from_values(
        mut values: serde_json::Map<String, serde_json::Value>,
    ) -> Result<ModuleArguments, String> {
        // toml's `Spanned` deserializes only from TOML (or its own private
        // form): a name given here is taken out and spanned nowhere.
        let instance_type = match values.remove("asg_instance_type") {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(name)) => Some(Spanned::new(0..0, name)),
            Some(other) => return Err(format!("asg_instance_type: a string, found {other}")),
        };
        let mut arguments: ModuleArguments =
            serde_json::from_value(serde_json::Value::Object(values)).map_err(|e| e.to_string())?;
        arguments.asg_instance_type = instance_type;
        Ok(arguments)
    }

    /// The arguments by variable name, the unset ones left out.
    pub fn values(&self) -> serde_json::Map<String, serde_json::Value> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        }
    }

    /// The instance type, where set.
    pub fn instance_type(&self) -> Option<&str> {
        self.asg_instance_type
            .as_ref()
            .map(|t| t.get_ref().as_str())
    }

    /// Whether an argument that changes the sizing is set: any but ami_id
    /// (which sizes nothing) and the EFS ones (which only the bill reads).
    pub fn change_sizing(&self) -> bool {
        self.values()
            .keys()
            .any(|k| k != "ami_id" && !k.starts_with("efs_"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_by_name_and_read_back() {
        let values = serde_json::json!({"asg_min_size": 2, "efs_throughput_mode": "provisioned"});
        let serde_json::Value::Object(values) = values else {
            unreachable!()
        };
        let a = ModuleArguments::from_values(values.clone()).unwrap();
        assert_eq!(a.asg_min_size, Some(2));
        assert_eq!(a.efs_throughput_mode, Some(EfsThroughputMode::Provisioned));
        assert_eq!(a.values(), values);
        let typed = serde_json::json!({"asg_instance_type": "c6a.large"});
        let serde_json::Value::Object(typed) = typed else {
            unreachable!()
        };
        let a = ModuleArguments::from_values(typed).unwrap();
        assert_eq!(a.instance_type(), Some("c6a.large"));
    }

    #[test]
    fn an_unknown_name_or_kind_is_refused_by_name() {
        let bad = serde_json::json!({"asg_min_sise": 2});
        let serde_json::Value::Object(bad) = bad else {
            unreachable!()
        };
        assert!(
            ModuleArguments::from_values(bad)
                .unwrap_err()
                .contains("asg_min_sise")
        );
        let bad = serde_json::json!({"asg_min_size": "two"});
        let serde_json::Value::Object(bad) = bad else {
            unreachable!()
        };
        assert!(ModuleArguments::from_values(bad).is_err());
    }
}
