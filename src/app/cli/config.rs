//! One config's flags, as `capacity` and `explain` take them: the instance
//! type, the module's sizing variables and the cost figures, groups that
//! `advise`, `compare` and `optimize` share.

use clap::Args;
use pypi_size::data::EfsThroughputMode;
use pypi_size::data::{Amount, Usd};

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

/// The module's sizing variables; what is left out takes the module's default.
#[derive(Debug, Args)]
#[command(next_help_heading = "Module variables")]
pub struct ModuleArgs {
    /// The module's ami_id; app/help.rs sets the full text from data
    #[arg(long, value_name = "AMI")]
    pub ami_id: Option<String>,

    /// The module's asg_min_size; app/help.rs sets the full text from data
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub asg_min_size: Option<u64>,

    /// The module's asg_max_size; app/help.rs sets the full text from data
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub asg_max_size: Option<u64>,

    /// The module's subnets; app/help.rs sets the full text from data
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub subnets: Option<u64>,

    /// The module's container_memory; app/help.rs sets the full text from data
    #[arg(long, value_name = "MB", allow_negative_numbers = true, value_parser = whole())]
    pub container_memory: Option<u64>,

    /// The module's container_memory_reservation; app/help.rs sets the full text from data
    #[arg(long, value_name = "MB", allow_negative_numbers = true, value_parser = whole())]
    pub container_memory_reservation: Option<u64>,

    /// The module's container_cpu; app/help.rs sets the full text from data
    #[arg(long, value_name = "UNITS", allow_negative_numbers = true, value_parser = whole())]
    pub container_cpu: Option<u64>,

    /// The module's gunicorn_workers; app/help.rs sets the full text from data
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub gunicorn_workers: Option<u64>,

    /// The module's task_min_count; app/help.rs sets the full text from data
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub task_min_count: Option<u64>,

    /// The module's task_max_count; app/help.rs sets the full text from data
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub task_max_count: Option<u64>,
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
