//! `predict`'s flags: a config (as `capacity` takes it) and a burst.

use clap::Args;

use super::config::ConfigArgs;
use super::values::{seconds, share, whole};

#[derive(Debug, Args)]
pub struct PredictArgs {
    #[command(flatten)]
    pub config: ConfigArgs,

    #[command(flatten)]
    pub burst: BurstArgs,
}

/// A burst of pip installs, all clients starting at once.
#[derive(Debug, Args)]
#[command(next_help_heading = "Burst")]
pub struct BurstArgs {
    /// Clients starting a pip install at the same moment (the module's
    /// stress test: 510)
    #[arg(long, value_name = "N", required = true, allow_negative_numbers = true, value_parser = whole())]
    pub burst_clients: u64,

    /// Packages each client installs, one after the other
    #[arg(long, value_name = "K", default_value_t = 1, allow_negative_numbers = true, value_parser = whole())]
    pub packages_per_client: u64,

    /// Requests per package: the stress test's 4 are the redirect /<pkg>/
    /// (followed, one operation with the next), the index twice, the download
    #[arg(long, value_name = "N", default_value_t = 4, allow_negative_numbers = true, value_parser = whole())]
    pub requests_per_package: u64,

    /// Package files in the index directory (simple-dir lists it on every
    /// authenticated request) [default: the measurement's 300, from profiles.toml]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub packages: Option<u64>,

    /// The share of the burst the busiest instance takes (HTTP keep-alive
    /// behind the ALB) [default: 0.85, observed in the module's published
    /// run, from profiles.toml]
    #[arg(long, value_name = "F", allow_negative_numbers = true, value_parser = share)]
    pub busiest_share: Option<f64>,

    /// Client timeouts to report the share of operations past (repeat, or
    /// separate with commas) [default: pip's 15 s and the stress test's 30 s]
    #[arg(long, value_name = "S", value_delimiter = ',', allow_negative_numbers = true, value_parser = seconds)]
    pub timeout: Vec<f64>,
}
