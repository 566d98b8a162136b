//! `advise`'s flags: the deployed config and what CloudWatch shows, typed
//! in or read from `aws cloudwatch get-metric-data` (`--metrics`).

use std::path::PathBuf;

use clap::{ArgGroup, Args};
use pypi_size::answers::advise::Load;

use super::config::ConfigArgs;
use super::values::{choice, non_negative, percent, share, whole};

/// The flags of metrics typed in, which --metrics and --metrics-query replace.
const MEASURED_BY_HAND: [&str; 7] = [
    "cpu_utilization",
    "memory_utilization",
    "error_rate",
    "p95_latency",
    "efs_percent_io_limit",
    "tasks_at_max",
    "load",
];

/// The three commands from CloudWatch to advice, in `advise --help`.
pub const METRICS_RECIPE: &str = "\
From CloudWatch's own series (14 days, 5-minute periods):
  pypi-size advise --metrics-query --load-balancer app/NAME/ID --file-system-id fs-ID \\
      --asg-name NAME > q.json
  aws cloudwatch get-metric-data --metric-data-queries file://q.json \\
      --start-time \"$(date -u -d '14 days ago' +%Y-%m-%dT%H:%M:%SZ)\" \\
      --end-time \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" --output json > m.json
  pypi-size advise --instance c6a.xlarge --metrics m.json
The values: aws elbv2 describe-load-balancers --query 'LoadBalancers[].LoadBalancerArn'; aws efs \
describe-file-systems --query 'FileSystems[].[FileSystemId,Name]'; aws autoscaling \
describe-auto-scaling-groups --query 'AutoScalingGroups[].AutoScalingGroupName'. docs/metrics.md \
states every rule.";

#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("metric").required(true).multiple(true).args([
        "cpu_utilization", "memory_utilization", "error_rate", "p95_latency",
        "efs_percent_io_limit", "tasks_at_max", "metrics", "metrics_query",
    ])
))]
#[command(after_help = METRICS_RECIPE)]
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

    /// Print the `--metric-data-queries` JSON for `aws cloudwatch
    /// get-metric-data`: the series the guide's rules read, 5-minute periods
    /// (the aws command lines to run go to stderr)
    #[arg(long, conflicts_with_all = MEASURED_BY_HAND)]
    pub metrics_query: bool,

    /// Judge the series in FILE, what `aws cloudwatch get-metric-data`
    /// printed for --metrics-query's queries (`-`: standard input; several
    /// outputs concatenated are read as one). With --detailed-exitcode, a
    /// rule it could not judge exits 3 (a verdict), never 0
    #[arg(long, value_name = "FILE", conflicts_with_all = MEASURED_BY_HAND, conflicts_with = "metrics_query")]
    pub metrics: Option<PathBuf>,

    /// The ECS service (and, unless --cluster-name, cluster): the module's
    /// service_name
    #[arg(long, value_name = "NAME", default_value = "pypiserver")]
    pub service_name: String,

    /// The ECS cluster, when not named as the service
    #[arg(long, value_name = "NAME", requires = "metrics_query")]
    pub cluster_name: Option<String>,

    /// The ALB, as `app/NAME/ID` or its ARN (--metrics-query)
    #[arg(long, value_name = "app/NAME/ID", requires = "metrics_query")]
    pub load_balancer: Option<String>,

    /// The EFS file system, `fs-…` (--metrics-query)
    #[arg(long, value_name = "ID", requires = "metrics_query")]
    pub file_system_id: Option<String>,

    /// The Auto Scaling group of the ECS instances (--metrics-query)
    #[arg(long, value_name = "NAME", requires = "metrics_query")]
    pub asg_name: Option<String>,

    /// Days the aws command lines fetch (--metrics-query; default 14, at
    /// most 63, as long as CloudWatch keeps 5-minute data)
    #[arg(long, value_name = "N", requires = "metrics_query", allow_negative_numbers = true, value_parser = whole())]
    pub days: Option<u64>,

    /// Exit with 3 (a verdict) when a change is recommended or (--metrics) a
    /// rule could not be judged, 0 when neither (as `terraform plan
    /// -detailed-exitcode`, whose 2 is our usage error)
    #[arg(long)]
    pub detailed_exitcode: bool,

    /// With --load burst: the burst's clients (pip installs starting at
    /// once), predicted on the current config and each proposal (see
    /// `predict`); with --metrics it replaces the burst derived from the
    /// series
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub burst_clients: Option<u64>,

    /// The share of the burst the busiest instance takes (as `predict`)
    #[arg(long, value_name = "F", allow_negative_numbers = true, value_parser = share)]
    pub busiest_share: Option<f64>,

    #[command(flatten)]
    pub config: ConfigArgs,
}
