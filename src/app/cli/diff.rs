//! `diff`'s flags: BASE and HEAD, each side's variable settings, and the
//! gate.

use std::path::PathBuf;

use clap::Args;

use super::check::FailOn;
use super::config::CostArgs;
use super::values::{non_negative, var_assignment, whole};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The tree before the change: a directory (its .tf files,
    /// terraform.tfvars and *.auto.tfvars, as Terraform reads them) or a .tf
    /// file, as `check` takes it; `-` reads a .tf from stdin
    #[arg(value_name = "BASE", required_unless_present = "plan")]
    pub base: Option<PathBuf>,

    /// The tree after the change, taken the same way
    #[arg(value_name = "HEAD", required_unless_present = "plan")]
    pub head: Option<PathBuf>,

    /// Compare what Terraform planned instead: one `terraform show -json`
    /// plan (its prior state against its planned values: what the change
    /// creates, updates, replaces or deletes), or two plans, BASE then HEAD
    /// (`-` for stdin, once)
    #[arg(long, value_name = "PLAN", num_args = 1..=2, conflicts_with_all = ["base", "head", "recursive", "vars", "var_files", "base_vars", "base_var_files", "head_vars", "head_var_files"])]
    pub plan: Vec<PathBuf>,

    /// Compare every root below BASE and HEAD, paired by their path below
    /// each (envs/prod with envs/prod)
    #[arg(long)]
    pub recursive: bool,

    /// Exit with 0 when neither tree has a pypiserver module block (by
    /// default that is exit code 3: nothing was compared)
    #[arg(long)]
    pub allow_none: bool,

    /// Set a variable on both sides, as Terraform's -var; later ones win
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = var_assignment)]
    pub vars: Vec<String>,

    /// Read variable values on both sides from a .tfvars or .tfvars.json file
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,

    /// Set a variable in BASE only; between it and --var, the later one wins
    #[arg(long = "base-var", value_name = "NAME=VALUE", value_parser = var_assignment)]
    pub base_vars: Vec<String>,

    /// Read variable values in BASE only, e.g. BASE's own prod.tfvars
    #[arg(long = "base-var-file", value_name = "FILE")]
    pub base_var_files: Vec<PathBuf>,

    /// Set a variable in HEAD only; between it and --var, the later one wins
    #[arg(long = "head-var", value_name = "NAME=VALUE", value_parser = var_assignment)]
    pub head_vars: Vec<String>,

    /// Read variable values in HEAD only
    #[arg(long = "head-var-file", value_name = "FILE")]
    pub head_var_files: Vec<PathBuf>,

    /// Fail (exit 3) when the monthly total grows by more than this many
    /// dollars, or cannot be computed
    #[arg(long, value_name = "USD", allow_negative_numbers = true, value_parser = non_negative)]
    pub fail_above: Option<f64>,

    /// Fail (exit 3) when the monthly total grows by more than this percentage
    /// of BASE's (any growth from $0 is more), or cannot be computed
    #[arg(long, value_name = "PCT", allow_negative_numbers = true, value_parser = non_negative)]
    pub fail_above_percent: Option<f64>,

    /// Judge --fail-above and --fail-above-percent at the deployed
    /// asg_max_size (the worst month) rather than at asg_min_size
    #[arg(long)]
    pub at_max_size: bool,

    /// Fail (exit 3) when a finding at or above this severity appears in HEAD
    /// (findings BASE has too do not fail)
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Also check that each config serves at least what this guide profile does
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// CI builds a day: flags burstable instances under continuous CI load
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub ci_builds: Option<u64>,

    #[command(flatten)]
    pub cost: CostArgs,
}
