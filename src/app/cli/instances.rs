//! `instances`' flags: the catalog's filters and order.

use clap::Args;
use pypi_size::answers::listing::InstanceSort;
use pypi_size::data::Arch;

use super::values::{choice, non_negative};

#[derive(Debug, Args)]
pub struct InstancesArgs {
    /// Only these families (c6a, t3, ...); repeat or separate with commas
    #[arg(long, value_name = "FAMILY", value_delimiter = ',')]
    pub family: Vec<String>,

    /// Only this architecture
    #[arg(long, value_parser = choice::<Arch>())]
    pub arch: Option<Arch>,

    /// Only types with at least this many vCPUs
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub min_vcpus: Option<u64>,

    /// Only types with at least this much memory, MiB
    #[arg(long, value_name = "MIB", allow_negative_numbers = true)]
    pub min_memory: Option<u64>,

    /// Only types costing at most this an hour
    #[arg(long, value_name = "USD", allow_negative_numbers = true, value_parser = non_negative)]
    pub max_hourly: Option<f64>,

    /// Only burstable (T) types
    #[arg(long, conflicts_with = "no_burstable")]
    pub burstable: bool,

    /// No burstable (T) types
    #[arg(long)]
    pub no_burstable: bool,

    /// Only types the ECS module's default AMI (ami_id null) can launch: its
    /// architecture's
    #[arg(long)]
    pub default_ami: bool,

    /// Row order
    #[arg(long, value_parser = choice::<InstanceSort>(), default_value = "family")]
    pub sort: InstanceSort,

    /// Every matching type in the table, which otherwise stops after the
    /// first 25 and says how many more match (--format json always lists
    /// them all)
    #[arg(long)]
    pub all: bool,
}
