//! One config's flags, as `capacity` and `explain` take them: the instance
//! type, the module's sizing variables and the cost figures, groups that
//! `advise`, `compare` and `optimize` share.

use clap::Args;
use pypi_size::data::EfsThroughputMode;
use pypi_size::data::{Amount, ModuleArguments, Usd};
use pypi_size::module::variables::{VARIABLES, Variable};

use super::values::{amount, choice, money, percent, whole};

/// A config: a guide profile or the module's defaults, with the flags over it.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// A profile of the guide as the base config (its instance type, sizes
    /// and cost figures); the flags override it
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    #[command(flatten)]
    pub capacity: CapacityArgs,
}

#[derive(Debug, Args)]
pub struct CapacityArgs {
    /// The module's asg_instance_type; app/help.rs sets the full text from data
    #[arg(long, visible_alias = "asg-instance-type", value_name = "TYPE")]
    pub instance: Option<String>,

    #[command(flatten)]
    pub module: ModuleArgs,

    #[command(flatten)]
    pub cost: CostArgs,

    /// CI builds a day: warns when a burstable instance faces continuous CI load.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub ci_builds: Option<u64>,
}

/// The module's sizing variables; what is left out takes the module's
/// default. One flag for each row of `VARIABLES` with a `value_name`, made
/// from the table (clap's derive would list them again); app/help.rs sets
/// their help texts from the data.
#[derive(Debug, Clone, Default)]
pub struct ModuleArgs {
    /// What the flags set.
    pub set: ModuleArguments,
}

/// The variables whose flag this group makes, and their flags' clap ids.
fn module_flags() -> impl Iterator<Item = (&'static Variable, &'static str, &'static str)> {
    VARIABLES.iter().filter_map(|v| {
        let (flag, value_name) = (v.flag?, v.value_name?);
        Some((v, flag.trim_start_matches('-'), value_name))
    })
}

/// Whether the flag takes text (ami_id) rather than a whole number (a
/// count, or asg_subnets' number of subnets).
fn takes_text(v: &Variable) -> bool {
    v.terraform_type == "string"
}

impl clap::Args for ModuleArgs {
    fn augment_args(command: clap::Command) -> clap::Command {
        let command = command.next_help_heading("Module variables");
        module_flags().fold(command, |command, (v, long, value_name)| {
            let arg = clap::Arg::new(long.replace('-', "_"))
                .long(long)
                .value_name(value_name)
                .action(clap::ArgAction::Set)
                .help(format!(
                    "The module's {}; app/help.rs sets the full text from data",
                    v.name
                ));
            command.arg(if takes_text(v) {
                arg.value_parser(clap::value_parser!(String))
            } else {
                arg.allow_negative_numbers(true).value_parser(whole())
            })
        })
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Self::augment_args(command)
    }
}

impl clap::FromArgMatches for ModuleArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut values = serde_json::Map::new();
        for (v, long, _) in module_flags() {
            let id = long.replace('-', "_");
            let value = if takes_text(v) {
                matches.get_one::<String>(&id).cloned().map(Into::into)
            } else {
                matches.get_one::<u64>(&id).copied().map(Into::into)
            };
            if let Some(value) = value {
                values.insert(v.name.to_string(), value);
            }
        }
        ModuleArguments::from_values(values)
            .map(|set| ModuleArgs { set })
            .map_err(|e| clap::Error::raw(clap::error::ErrorKind::InvalidValue, e))
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

/// What the monthly bill depends on besides the instances.
#[derive(Debug, Args)]
#[command(next_help_heading = "Cost")]
pub struct CostArgs {
    /// Share of EC2 saved by a Savings Plan or Reserved Instances, 0 to 100
    #[arg(long, value_name = "PCT", allow_negative_numbers = true, value_parser = percent)]
    pub savings_plan: Option<f64>,

    /// Packages stored on EFS, GB [default: the profile's, or 1]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub efs_storage_gb: Option<Amount>,

    /// GB read from EFS a month, billed in elastic mode [default: the profile's, or 0]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub efs_read_gb: Option<Amount>,

    /// GB written to EFS a month, billed in elastic mode [default: the profile's, or 0]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub efs_write_gb: Option<Amount>,

    /// GB in EFS Infrequent Access, billed unless efs_lifecycle_policy is null [default: 0]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub efs_ia_gb: Option<Amount>,

    /// GB AWS Backup keeps of EFS [default: the EFS storage]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub backup_storage_gb: Option<Amount>,

    /// The module's efs_throughput_mode; app/help.rs sets the full text from data
    #[arg(long, value_parser = choice::<EfsThroughputMode>(), value_name = "MODE")]
    pub efs_throughput_mode: Option<EfsThroughputMode>,

    /// The module's efs_provisioned_throughput_in_mibps; app/help.rs sets the full text
    #[arg(long, value_name = "MIBPS", allow_negative_numbers = true, value_parser = whole())]
    pub efs_provisioned_throughput_in_mibps: Option<u64>,

    /// ALB capacity units, USD a month [default: the profile's, or 1]
    #[arg(long, value_name = "USD", allow_negative_numbers = true, value_parser = money, conflicts_with = "alb_lcus")]
    pub alb_lcu_month: Option<Usd>,

    /// ALB capacity units, as the average LCUs in use (priced per LCU-hour)
    #[arg(long, value_name = "LCUS", allow_negative_numbers = true, value_parser = amount)]
    pub alb_lcus: Option<Amount>,

    /// The ALB is internal: its load-balancer subnets assign no public IPs [default: internet-facing]
    #[arg(long)]
    pub internal_alb: bool,

    /// How many subnets load_balancer_subnets lists, one public IPv4 each; for
    /// `check` and `diff`, where a block's list is unknown [default: the module default subnet
    /// count]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub load_balancer_subnets: Option<u64>,

    /// GB of CloudWatch logs ingested a month [default: the profile's, or 1]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub logs_ingested_gb: Option<Amount>,

    /// GB of CloudWatch logs stored [default: the ingestion × the retention in months]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub logs_stored_gb: Option<Amount>,

    /// GB in the ALB's access-log bucket [default: the profile's, or 1]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub access_logs_gb: Option<Amount>,

    /// CloudWatch alarm metrics [default: the stack's estimate]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub alarm_metrics: Option<u64>,

    /// Container Insights metrics [default: the stack's estimate]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub container_insights_metrics: Option<u64>,
}
