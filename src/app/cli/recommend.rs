//! `recommend`'s flags: a guide profile, or the workload to cover.

use clap::Args;

use super::config::CostArgs;
use super::values::whole;

#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// A profile of the guide (light, medium, heavy, very-heavy)
    #[arg(long, value_name = "NAME", conflicts_with_all = ["packages", "users", "ci_builds", "burst"])]
    pub profile: Option<String>,

    /// Python packages the index holds
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub packages: Option<u64>,

    /// Developers using the index
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub users: Option<u64>,

    /// CI builds a day that install from the index
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub ci_builds: Option<u64>,

    /// Simultaneous requests at the peak burst, as the sizing guide counts
    /// them: concurrent pip installs (its stress test's 510 clients are its
    /// "510 concurrent requests"). Picks the profile, and its P95 is
    /// predicted for N clients each installing one package (4 HTTP requests)
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub burst: Option<u64>,

    #[command(flatten)]
    pub cost: CostArgs,
}
