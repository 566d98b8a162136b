//! `advise`'s flags: the deployed config and what CloudWatch shows.

use clap::{ArgGroup, Args};
use pypi_size::answers::advise::Load;

use super::config::ConfigArgs;
use super::values::{choice, non_negative, percent};

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("metric").required(true).multiple(true).args([
        "cpu_utilization", "memory_utilization", "error_rate", "p95_latency",
        "efs_percent_io_limit", "tasks_at_max",
    ])
))]
pub struct AdviseArgs {
    /// ECS CPU utilization, %
    #[arg(long, value_name = "PCT", allow_negative_numbers = true, value_parser = percent)]
    pub cpu_utilization: Option<f64>,

    /// ECS memory utilization, %
    #[arg(long, value_name = "PCT", allow_negative_numbers = true, value_parser = percent)]
    pub memory_utilization: Option<f64>,

    /// Share of requests failing (ALB 5xx), %
    #[arg(long, value_name = "PCT", allow_negative_numbers = true, value_parser = percent)]
    pub error_rate: Option<f64>,

    /// ALB TargetResponseTime P95, seconds
    #[arg(long, value_name = "SEC", allow_negative_numbers = true, value_parser = non_negative)]
    pub p95_latency: Option<f64>,

    /// EFS PercentIOLimit, %
    #[arg(long, value_name = "PCT", allow_negative_numbers = true, value_parser = percent)]
    pub efs_percent_io_limit: Option<f64>,

    /// The ECS service sits at task_max_count
    #[arg(long)]
    pub tasks_at_max: bool,

    /// Whether the metrics are from normal traffic or a burst
    #[arg(long, value_parser = choice::<Load>(), default_value = "normal")]
    pub load: Load,

    /// Exit with 3 (a verdict) when a change is recommended, 0 when none is
    /// (as `terraform plan -detailed-exitcode`, whose 2 is our usage error)
    #[arg(long)]
    pub detailed_exitcode: bool,

    #[command(flatten)]
    pub config: ConfigArgs,
}
