//! `optimize`'s flags: the workload's needs and where to search.

use clap::Args;
use pypi_size::data::{Arch, Usd};

use super::config::CostArgs;
use super::values::{choice, money, seconds, share, whole};

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// gevent worker processes needed at task_min_count (CPU-parallel
    /// processes, each serving many connections) [default with --profile:
    /// the profile's]
    #[arg(
        long,
        value_name = "N",
        required_unless_present_any = ["profile", "burst_clients"],
        allow_negative_numbers = true,
        value_parser = whole()
    )]
    pub min_workers: Option<u64>,

    /// A profile of the guide as the base: at least its workers, its cost
    /// figures and CI load; the flags override it
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// ECS tasks needed at task_min_count
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub min_tasks: Option<u64>,

    /// Only this architecture [default: that of the ECS module's default
    /// AMI (see --ami-id); required with --ami-id]
    #[arg(long, value_parser = choice::<Arch>())]
    pub arch: Option<Arch>,

    /// The module's ami_id: arm64 types (with --arch arm64) are searched
    /// only with it; app/help.rs sets the full text from data
    #[arg(long, value_name = "AMI")]
    pub ami_id: Option<String>,

    /// Only these families (repeat, or separate with commas)
    #[arg(long, value_name = "FAMILY", value_delimiter = ',')]
    pub family: Vec<String>,

    /// Include burstable (T) instance types. Left out by default, as the guide
    /// advises under continuous CI load, unless --ci-builds says it is lighter
    #[arg(long, conflicts_with = "no_burstable")]
    pub burstable: bool,

    /// No burstable (T) instance types, whatever the CI load
    #[arg(long)]
    pub no_burstable: bool,

    /// CI builds a day: below the guide's continuous load, burstable types are searched too
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub ci_builds: Option<u64>,

    /// At most this a month (the whole bill at the instance count)
    #[arg(long, value_name = "USD", allow_negative_numbers = true, value_parser = money)]
    pub max_monthly_cost: Option<Usd>,

    /// Fewest instances [default: the guide's minimum for availability, from
    /// profiles.toml]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub min_instances: Option<u64>,

    /// Most instances
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10,
        allow_negative_numbers = true,
        value_parser = whole()
    )]
    pub max_instances: u64,

    /// container_memory values to try; app/help.rs sets the full text from data
    #[arg(
        long,
        value_name = "MB",
        value_delimiter = ',',
        allow_negative_numbers = true,
        value_parser = whole()
    )]
    pub container_memory: Vec<u64>,

    /// How many configurations to list
    #[arg(
        long,
        value_name = "K",
        default_value_t = 5,
        allow_negative_numbers = true,
        value_parser = whole()
    )]
    pub top: u64,

    /// With --p95: clients starting a pip install at once; only the
    /// configurations whose predicted P95 band (its upper edge) holds --p95
    /// are listed (see `predict`)
    #[arg(long, value_name = "N", requires = "p95", allow_negative_numbers = true, value_parser = whole())]
    pub burst_clients: Option<u64>,

    /// With --burst-clients: the P95 latency, in seconds, the burst must keep
    #[arg(long, value_name = "S", requires = "burst_clients", allow_negative_numbers = true, value_parser = seconds)]
    pub p95: Option<f64>,

    /// With --burst-clients: packages each client installs
    #[arg(long, value_name = "K", default_value_t = 1, allow_negative_numbers = true, value_parser = whole())]
    pub packages_per_client: u64,

    /// With --burst-clients: HTTP requests per package (4: the stress test's 3 plus the index its redirect's 303 leads to)
    #[arg(long, value_name = "N", default_value_t = 4, allow_negative_numbers = true, value_parser = whole())]
    pub requests_per_package: u64,

    /// With --burst-clients: package files in the index [default: profiles.toml's]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub packages: Option<u64>,

    /// With --burst-clients: the busiest instance's share of the burst; the
    /// busiest of N takes at least 1/N, so a share below 1/2 needs
    /// --min-instances 1/F or more (0.4: 3) [default: profiles.toml's]
    #[arg(long, value_name = "F", allow_negative_numbers = true, value_parser = share)]
    pub busiest_share: Option<f64>,

    #[command(flatten)]
    pub cost: CostArgs,
}
