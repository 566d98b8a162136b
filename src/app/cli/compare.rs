//! `compare`'s flags: which instance types, and one container config.

use clap::Args;
use pypi_size::answers::compare::SortKey;

use super::config::{CostArgs, ModuleArgs};
use super::values::choice;

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Instance types to compare (repeat, or separate with commas)
    #[arg(
        long = "instance",
        value_name = "TYPE",
        value_delimiter = ',',
        conflicts_with_all = ["family", "all"]
    )]
    pub instances: Vec<String>,

    /// Every size of one family (c6a, t3, ...) [default with --profile: the profile's]
    #[arg(long, value_name = "FAMILY", conflicts_with = "all")]
    pub family: Option<String>,

    /// Every instance type of the catalog
    #[arg(long)]
    pub all: bool,

    /// A profile of the guide as the base config (its sizes and cost
    /// figures); the flags override it
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Row order
    #[arg(long, value_parser = choice::<SortKey>(), default_value = "cost")]
    pub sort: SortKey,

    #[command(flatten)]
    pub module: ModuleArgs,

    #[command(flatten)]
    pub cost: CostArgs,
}
