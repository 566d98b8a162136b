//! `predict`'s flags: a config (as `capacity` takes it) and a burst.

use clap::Args;

use super::config::ConfigArgs;
use super::values::{seconds, share, timeout, var_assignment, whole};

/// The flags that set a config by hand: with `--check` or `--plan` the
/// Terraform sets it instead.
const CONFIG_FLAGS: [&str; 12] = [
    "profile",
    "instance",
    "ami_id",
    "asg_min_size",
    "asg_max_size",
    "subnets",
    "container_memory",
    "container_memory_reservation",
    "container_cpu",
    "gunicorn_workers",
    "task_min_count",
    "task_max_count",
];

#[derive(Debug, Args)]
pub struct PredictArgs {
    #[command(flatten)]
    pub config: ConfigArgs,

    #[command(flatten)]
    pub burst: BurstArgs,

    #[command(flatten)]
    pub terraform: TerraformArgs,

    /// Fail (exit 3) when the predicted P95 band's upper edge exceeds S
    /// seconds, or when the prediction is unknown (a CI gate)
    #[arg(long, value_name = "S", allow_negative_numbers = true, value_parser = seconds)]
    pub max_p95: Option<f64>,
}

/// The config from Terraform, read as `check` reads it.
#[derive(Debug, Args)]
#[command(next_help_heading = "Config from Terraform")]
pub struct TerraformArgs {
    /// Predict for the pypiserver module blocks of a Terraform directory or
    /// file, read as `check` reads it (-var, -var-file, TF_CLI_ARGS)
    #[arg(long, value_name = "PATH", conflicts_with_all = CONFIG_FLAGS)]
    pub check: Option<std::path::PathBuf>,

    /// Predict for the pypiserver module instances of a plan (`terraform
    /// show -json`; `-` reads standard input), as `check --plan` reads it
    #[arg(long, value_name = "FILE", conflicts_with_all = CONFIG_FLAGS, conflicts_with = "check")]
    pub plan: Option<std::path::PathBuf>,

    /// The one module instance to predict for, as `check` prints its
    /// address (`module.pypi["prod"]`) [default: every one found]
    #[arg(long = "module", value_name = "ADDRESS")]
    pub module: Option<String>,

    /// Set a root module variable, as terraform -var (with --check)
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = var_assignment)]
    pub vars: Vec<String>,

    /// Read root module variables from a file, as terraform -var-file (with --check)
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<std::path::PathBuf>,
}

/// A burst of pip installs, all clients starting at once.
#[derive(Debug, Args)]
#[command(next_help_heading = "Burst")]
pub struct BurstArgs {
    /// Clients starting a pip install at the same moment (the module's
    /// stress test: 510). A burst is simulated up to 250,000 requests
    /// (clients × packages per client × requests per package); beyond, it is
    /// refused
    #[arg(long, value_name = "N", required = true, allow_negative_numbers = true, value_parser = whole())]
    pub burst_clients: u64,

    /// Packages each client installs, one after the other
    #[arg(long, value_name = "K", default_value_t = 1, allow_negative_numbers = true, value_parser = whole())]
    pub packages_per_client: u64,

    /// HTTP requests the server sees per package: 4, the module's stress
    /// test's 3 (redirect /<pkg>/, index, download) plus the index again when
    /// requests follows the redirect's 303 (one operation with it)
    #[arg(long, value_name = "N", default_value_t = 4, allow_negative_numbers = true, value_parser = whole())]
    pub requests_per_package: u64,

    /// Package files in the index directory (simple-dir lists it on every
    /// authenticated request) [default: profiles.toml's]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub packages: Option<u64>,

    /// The share of the burst the busiest instance takes (HTTP keep-alive
    /// behind the ALB); it does not fall with more instances [default:
    /// profiles.toml's]
    #[arg(long, value_name = "F", allow_negative_numbers = true, value_parser = share)]
    pub busiest_share: Option<f64>,

    /// Client timeouts to report the share of operations past, from 0.1 to
    /// 3600 s (repeat, or separate with commas; a repeated value is reported
    /// once) [default: pip's 15 s and the stress test's 30 s]
    #[arg(long, value_name = "S", value_delimiter = ',', allow_negative_numbers = true, value_parser = timeout)]
    pub timeout: Vec<f64>,
}
