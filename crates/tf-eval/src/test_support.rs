//! What the crate's unit tests share: the pypiserver module's interface, a
//! root from file texts, the known value of an argument, and a sample
//! `main.tf`.

use std::sync::LazyLock;

use crate::{ModuleBlock, ModuleInterface, Resolved, Root, TfFile, VarSetting};

/// The interface of the module the tests call: infrahouse/pypiserver/aws
/// 2.3.0, as pypi-size's profiles.toml gives it (a pypi-size test checks the
/// copy in tests/pypiserver-interface.json is the same).
pub(super) fn interface() -> &'static ModuleInterface {
    static INTERFACE: LazyLock<ModuleInterface> = LazyLock::new(|| {
        serde_json::from_str(include_str!("../tests/pypiserver-interface.json")).unwrap()
    });
    &INTERFACE
}

pub(super) const SOURCE: &str = "infrahouse/pypiserver/aws";

pub(super) fn root(files: &[(&str, &str)], settings: Vec<VarSetting>) -> Root {
    Root {
        dir: ".".into(),
        tf_files: files
            .iter()
            .map(|(path, text)| TfFile {
                path: path.to_string(),
                text: text.to_string(),
            })
            .collect(),
        settings,
    }
}

pub(super) fn known(block: &ModuleBlock, name: &str) -> serde_json::Value {
    match &block.arguments[name].value {
        Resolved::Known { value } => value.clone(),
        other => panic!("{name}: {other:?}"),
    }
}

/// Why an argument is unknown.
pub(super) fn unknown(block: &ModuleBlock, name: &str) -> String {
    match &block.arguments[name].value {
        Resolved::Unknown { reason } => reason.clone(),
        other => panic!("{name}: {other:?}"),
    }
}

pub(super) const MAIN: &str = r#"
variable "instance_type" {
  type    = string
  default = "c6a.large"
}

variable "instances" {
  default = 2
}

variable "subnets" {}

data "aws_route53_zone" "main" {
  name = "example.com"
}

locals {
  memory = local.base * 2
  base   = 256
}

module "pypiserver" {
  source            = "registry.infrahouse.com/infrahouse/pypiserver/aws"
  version           = "2.3.0"
  asg_instance_type = var.instance_type
  asg_min_size      = var.instances
  asg_max_size      = var.instances * 2
  container_memory  = local.memory
  asg_subnets       = var.subnets
  zone_id           = data.aws_route53_zone.main.zone_id
}

module "other" {
  source = "terraform-aws-modules/vpc/aws"
}
"#;
