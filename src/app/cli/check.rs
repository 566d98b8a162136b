//! `check`'s flags: the Terraform to read, its variable settings, and
//! what fails the run.

use clap::{Args, ValueEnum};
use pypi_size::data::Usd;

use super::config::CostArgs;
use super::values::{money, var_assignment, whole};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// .tf, .tfvars and .tfvars.json files, or directories (a directory means
    /// its .tf files, terraform.tfvars and *.auto.tfvars, as Terraform reads
    /// them; each directory is its own root, and the local modules it calls
    /// are followed); `-` reads a .tf from stdin [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<std::path::PathBuf>,

    /// Check what Terraform planned instead: the JSON of `terraform show
    /// -json PLANFILE` (`-` for stdin); the module inputs come from the
    /// plan, so PATH, --var and --var-file do not apply
    #[arg(long, value_name = "FILE", conflicts_with_all = ["paths", "recursive", "vars", "var_files"])]
    pub plan: Option<std::path::PathBuf>,

    /// Check every root below the directories given (a directory another
    /// one calls as a local module is checked from its caller)
    #[arg(long)]
    pub recursive: bool,

    /// Exit with 0 when no pypiserver module block is found (by default that
    /// is exit code 3: nothing was checked)
    #[arg(long)]
    pub allow_none: bool,

    /// Set a variable, as Terraform's -var (also spelled -var); later ones win
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = var_assignment)]
    pub vars: Vec<String>,

    /// Read variable values from a .tfvars or .tfvars.json file, as Terraform's -var-file
    /// (TF_CLI_ARGS_plan's and TF_CLI_ARGS's -var and -var-file come before these, as in
    /// Terraform; a relative one there is read from the root's directory)
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<std::path::PathBuf>,

    /// Also check that each config serves at least what this guide profile
    /// does; its cost figures (EFS, logs, ALB capacity) are then the
    /// defaults of the cost flags
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// CI builds a day: flags burstable instances under continuous CI load
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub ci_builds: Option<u64>,

    /// Exit with 3 when a finding is at or above this severity
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Exit with 3 when a module costs more than this a month at asg_max_size
    #[arg(long, value_name = "USD", allow_negative_numbers = true, value_parser = money)]
    pub max_monthly_cost: Option<Usd>,

    #[command(flatten)]
    pub cost: CostArgs,
}

/// The severity from which `check` fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    /// Findings never fail the run (a cost limit still does)
    Never,
}

impl FailOn {
    /// The least severe finding that fails; `None` for never.
    pub fn threshold(self) -> Option<pypi_size::answers::warnings::Severity> {
        use pypi_size::answers::warnings::Severity;
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}
