//! The command line. The `///` docs here are the `--help` text.

use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use pypi_size::answers::advise::Load;
use pypi_size::answers::compare::SortKey;
use pypi_size::answers::listing::InstanceSort;
use pypi_size::data::EfsThroughputMode;
use pypi_size::data::{Arch, Choice, Usd};
use pypi_size::module::variables::VARIABLES;
use tf_eval::suggest::nearest;

use crate::render::Format;

/// Sizes the Terraform module infrahouse/pypiserver/aws: how many ECS tasks and
/// gunicorn workers Terraform will create, which config fits a workload, and
/// what it costs a month. Offline; the module's constants and the prices are
/// data in profiles.toml.
#[derive(Debug, Parser)]
#[command(name = "pypi-size", about, long_about = None)]
#[command(version = concat!(
    env!("CARGO_PKG_VERSION"),
    " (models ", env!("PYPI_SIZE_MODULE"),
    "; ", env!("PYPI_SIZE_PRICES_REGION"), " prices as of ", env!("PYPI_SIZE_PRICES_AS_OF"), ")"
))]
#[command(after_help = crate::app::exit_codes::HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// A profiles.toml to use instead of the embedded one.
    #[arg(long, global = true, value_name = "FILE", env = "PYPI_SIZE_PROFILES")]
    pub profiles: Option<PathBuf>,

    /// An instance catalog (written by `catalog import`) to use instead of
    /// the embedded one: its types, prices, region and date
    #[arg(long, global = true, value_name = "FILE", env = "PYPI_SIZE_CATALOG")]
    pub catalog: Option<PathBuf>,

    /// Output format: a table for people, JSON for scripts; `capacity` and
    /// `recommend` also write Terraform (hcl, tfvars, tfvars-json), and with
    /// `check` and `diff` Markdown for a pull-request comment.
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// With --format tfvars or tfvars-json, also write marked placeholders for
    /// the required asg_subnets (left out by default: saved as *.auto.tfvars,
    /// they would override the real subnets); --format hcl always writes them
    #[arg(long, global = true)]
    pub placeholders: bool,

    /// Module source for --format hcl [default: infrahouse/pypiserver/aws];
    /// for `check`, a local path that also counts as the module (repeatable)
    #[arg(long, global = true, value_name = "SOURCE")]
    pub module_source: Vec<String>,

    /// Module version for --format hcl [default: the version the arithmetic models]
    #[arg(long, global = true, value_name = "VERSION")]
    pub module_version: Option<String>,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// What Terraform computes for one config: workers, tasks, instances, cost.
    Capacity(ConfigArgs),
    /// The guide's config for a profile, or the smallest profile covering a workload.
    #[command(group(
        ArgGroup::new("what")
            .required(true)
            .multiple(true)
            .args(["profile", "packages", "users", "ci_builds", "burst"])
    ))]
    Recommend(RecommendArgs),
    /// The instance catalog, with vCPUs, memory and prices.
    Instances(InstancesArgs),
    /// The guide's workload profiles, each sized.
    Profiles,
    /// Reads Terraform and checks every pypiserver module block: its config,
    /// capacity, cost and findings.
    #[command(
        after_help = "Exit codes: 0 clean, 1 the tool failed or Terraform would refuse the \
                            files (unreadable file, syntax error, a name declared twice), 2 \
                            usage error, 3 findings at or above --fail-on, a module over \
                            --max-monthly-cost or whose cost cannot be computed with it, or no \
                            pypiserver module found (unless --allow-none)."
    )]
    Check(CheckArgs),
    /// Compares two Terraform trees, BASE (before a pull request) and HEAD
    /// (after it), module block by module block: what is added, removed or
    /// changed, each sizing input that changed, what Terraform computes
    /// before and after, the monthly cost and its delta, and the findings
    /// that appear or disappear.
    #[command(
        after_help = "Exit codes: 0 the gate passed (identical trees say nothing changed), 1 the \
                            tool failed or Terraform would refuse the files, 2 usage error, 3 the \
                            gate failed: the monthly delta above --fail-above or \
                            --fail-above-percent or unknown under either, a new finding at or \
                            above --fail-on, or no pypiserver module in either tree (unless \
                            --allow-none)."
    )]
    Diff(DiffArgs),
    /// One container config on several instance types, side by side: tasks,
    /// workers, unused capacity, cost per worker.
    #[command(group(
        ArgGroup::new("which")
            .required(true)
            .multiple(true)
            .args(["instances", "family", "all", "profile"])
    ))]
    Compare(CompareArgs),
    /// The cheapest configurations that serve a number of workers, searched
    /// over every instance type, container_memory and instance count.
    #[command(
        after_help = "Exit code 4: no configuration meets the requirements (the output \
                            says which requirement to relax)."
    )]
    Optimize(OptimizeArgs),
    /// The module's derivation for a config, step by step, and what would change it.
    Explain(ConfigArgs),
    /// What to change, from what CloudWatch shows: the guide's "When to Scale Up".
    Advise(AdviseArgs),
    /// Shell completions, instance types and profile names included:
    /// `pypi-size completions bash > ~/.local/share/bash-completion/completions/pypi-size`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Manual pages: `pypi-size man > ~/.local/share/man/man1/pypi-size.1`,
    /// `pypi-size man capacity` for one subcommand's, or all of them with
    /// `pypi-size man --dir ~/.local/share/man/man1`
    Man {
        /// The subcommand whose page to print; app/help.rs lists them
        #[arg(value_name = "COMMAND", conflicts_with = "dir")]
        command: Option<String>,

        /// Write every page (pypi-size.1 and pypi-size-COMMAND.1) into this
        /// directory, and list them
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// The instance catalog: `catalog import` builds one for any region from
    /// what the AWS CLI prints, for --catalog.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// The JSON Schema of `--format json` output, for every command or one
    Schema {
        /// capacity, recommend, instances, profiles, check, diff, compare, optimize, explain or
        /// advise
        #[arg(
            value_name = "COMMAND",
            value_parser = clap::builder::PossibleValuesParser::new(
                pypi_size::answers::schema::COMMANDS
            ),
            hide_possible_values = true
        )]
        command: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Writes a catalog file for one region from `aws ec2
    /// describe-instance-types --output json` and the region's prices
    /// (`aws pricing get-products --service-code AmazonEC2` output, or an AWS
    /// bulk price-list offer file, read as a stream): every type the module
    /// accepts that has a Linux, shared-tenancy, on-demand price.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// `aws ec2 describe-instance-types --output json` output (pages may be
    /// concatenated); `-` reads standard input
    #[arg(long, value_name = "FILE", required = true)]
    pub instance_types: PathBuf,

    /// `aws pricing get-products` output (pages may be concatenated) or a
    /// price-list offer file; `-` reads standard input
    #[arg(long, value_name = "FILE", required = true)]
    pub prices: PathBuf,

    /// The region to keep, where the prices hold several (e.g. eu-west-1)
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Write the catalog here instead of standard output (-o is --format)
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

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
pub struct CompareArgs {
    /// Instance types to compare (repeat, or separate with commas)
    #[arg(
        long = "instance",
        value_name = "TYPE",
        value_delimiter = ',',
        conflicts_with_all = ["family", "all"]
    )]
    pub instances: Vec<String>,

    /// Every size of one family (c6a, t3, ...) [default with --profile: the profile's]
    #[arg(long, value_name = "FAMILY", conflicts_with = "all")]
    pub family: Option<String>,

    /// Every instance type of the catalog
    #[arg(long)]
    pub all: bool,

    /// A profile of the guide as the base config (its sizes and cost
    /// figures); the flags override it
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Row order
    #[arg(long, value_parser = choice::<SortKey>(), default_value = "cost")]
    pub sort: SortKey,

    #[command(flatten)]
    pub module: ModuleArgs,

    #[command(flatten)]
    pub cost: CostArgs,
}

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// gevent worker processes needed at task_min_count (CPU-parallel
    /// processes, each serving many connections) [default with --profile:
    /// the profile's]
    #[arg(
        long,
        value_name = "N",
        required_unless_present = "profile",
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
    #[arg(long, value_name = "USD", allow_negative_numbers = true, value_parser = non_negative)]
    pub max_monthly_cost: Option<f64>,

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

    #[command(flatten)]
    pub cost: CostArgs,
}

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

    /// Exit with 2 when a change is recommended, 0 when none is (as
    /// `terraform plan -detailed-exitcode`)
    #[arg(long)]
    pub detailed_exitcode: bool,

    #[command(flatten)]
    pub config: ConfigArgs,
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
    pub efs_storage_gb: Option<Usd>,

    /// GB read from EFS a month, billed in elastic mode [default: the profile's, or 0]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub efs_read_gb: Option<Usd>,

    /// GB written to EFS a month, billed in elastic mode [default: the profile's, or 0]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub efs_write_gb: Option<Usd>,

    /// GB in EFS Infrequent Access, billed unless efs_lifecycle_policy is null [default: 0]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub efs_ia_gb: Option<Usd>,

    /// GB AWS Backup keeps of EFS [default: the EFS storage]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub backup_storage_gb: Option<Usd>,

    /// The module's efs_throughput_mode; app/help.rs sets the full text from data
    #[arg(long, value_parser = choice::<EfsThroughputMode>(), value_name = "MODE")]
    pub efs_throughput_mode: Option<EfsThroughputMode>,

    /// The module's efs_provisioned_throughput_in_mibps; app/help.rs sets the full text
    #[arg(long, value_name = "MIBPS", allow_negative_numbers = true, value_parser = whole())]
    pub efs_provisioned_throughput_in_mibps: Option<u64>,

    /// ALB capacity units, USD a month [default: the profile's, or 1]
    #[arg(long, value_name = "USD", allow_negative_numbers = true, value_parser = amount, conflicts_with = "alb_lcus")]
    pub alb_lcu_month: Option<Usd>,

    /// ALB capacity units, as the average LCUs in use (priced per LCU-hour)
    #[arg(long, value_name = "LCUS", allow_negative_numbers = true, value_parser = amount)]
    pub alb_lcus: Option<Usd>,

    /// The ALB is internal: its load-balancer subnets assign no public IPs [default: internet-facing]
    #[arg(long)]
    pub internal_alb: bool,

    /// How many subnets load_balancer_subnets lists, one public IPv4 each [default: the module default subnet count]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub load_balancer_subnets: Option<u64>,

    /// GB of CloudWatch logs ingested a month [default: the profile's, or 1]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub logs_ingested_gb: Option<Usd>,

    /// GB of CloudWatch logs stored [default: the ingestion × the retention in months]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub logs_stored_gb: Option<Usd>,

    /// GB in the ALB's access-log bucket [default: the profile's, or 1]
    #[arg(long, value_name = "GB", allow_negative_numbers = true, value_parser = amount)]
    pub access_logs_gb: Option<Usd>,

    /// CloudWatch alarm metrics [default: the stack's estimate]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub alarm_metrics: Option<u64>,

    /// Container Insights metrics [default: the stack's estimate]
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub container_insights_metrics: Option<u64>,
}

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

    /// Simultaneous requests at the peak burst
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub burst: Option<u64>,

    #[command(flatten)]
    pub cost: CostArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// .tf, .tfvars and .tfvars.json files, or directories (a directory means
    /// its .tf files, terraform.tfvars and *.auto.tfvars, as Terraform reads
    /// them; each directory is its own root, and the local modules it calls
    /// are followed); `-` reads a .tf from stdin [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<std::path::PathBuf>,

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
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<std::path::PathBuf>,

    /// Also check that each config serves at least what this guide profile does
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// CI builds a day: flags burstable instances under continuous CI load
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole())]
    pub ci_builds: Option<u64>,

    /// Exit with 3 when a finding is at or above this severity
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Exit with 3 when a module costs more than this a month at asg_max_size
    #[arg(long, value_name = "USD", allow_negative_numbers = true, value_parser = non_negative)]
    pub max_monthly_cost: Option<f64>,

    #[command(flatten)]
    pub cost: CostArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The tree before the change: a directory (its .tf files,
    /// terraform.tfvars and *.auto.tfvars, as Terraform reads them) or a .tf
    /// file, as `check` takes it; `-` reads a .tf from stdin
    #[arg(value_name = "BASE")]
    pub base: PathBuf,

    /// The tree after the change, taken the same way
    #[arg(value_name = "HEAD")]
    pub head: PathBuf,

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

#[derive(Debug, Args)]
pub struct InstancesArgs {
    /// Only these families (c6a, t3, ...); repeat or separate with commas
    #[arg(long, value_name = "FAMILY", value_delimiter = ',')]
    pub family: Vec<String>,

    /// Only this architecture
    #[arg(long, value_parser = choice::<Arch>())]
    pub arch: Option<Arch>,

    /// Only types with at least this many vCPUs
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub min_vcpus: Option<u64>,

    /// Only types with at least this much memory, MiB
    #[arg(long, value_name = "MIB", allow_negative_numbers = true)]
    pub min_memory: Option<u64>,

    /// Only types costing at most this an hour
    #[arg(long, value_name = "USD", allow_negative_numbers = true, value_parser = non_negative)]
    pub max_hourly: Option<f64>,

    /// Only burstable (T) types
    #[arg(long, conflicts_with = "no_burstable")]
    pub burstable: bool,

    /// No burstable (T) types
    #[arg(long)]
    pub no_burstable: bool,

    /// Only types the ECS module's default AMI (ami_id null) can launch: its
    /// architecture's
    #[arg(long)]
    pub default_ami: bool,

    /// Row order
    #[arg(long, value_parser = choice::<InstanceSort>(), default_value = "family")]
    pub sort: InstanceSort,

    /// Every matching type (by default a long list stops after the first 25)
    #[arg(long)]
    pub all: bool,
}

/// A flag parser for a core enum: its names are the possible values, as
/// clap's `ValueEnum` would show them, without the core depending on clap.
/// Names match whatever their case; a wrong one gets the module variable it
/// sets, what is accepted, and the nearest name.
fn choice<T: Choice>() -> ChoiceParser<T> {
    ChoiceParser(std::marker::PhantomData)
}

#[derive(Clone)]
struct ChoiceParser<T>(std::marker::PhantomData<T>);

impl<T: Choice> TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        if let Some(v) = T::from_name(&text) {
            return Ok(v);
        }
        let flag = arg
            .and_then(|a| a.get_long())
            .map_or_else(String::new, |l| format!("--{l}"));
        let names: Vec<&str> = T::ALL.iter().map(|n| n.name).collect();
        let whose = VARIABLES
            .iter()
            .find(|v| v.flag == Some(flag.as_str()))
            .map_or_else(
                || "it accepts".to_string(),
                |v| format!("the module's {} accepts", v.name),
            );
        let hint = match nearest(&text, names.iter().copied()).first() {
            Some(near) => format!("; did you mean `{near}`?"),
            None => String::new(),
        };
        let message = format!(
            "invalid value '{text}' for {flag}: {whose} {}{hint}\n",
            names.join(", ")
        );
        Err(clap::Error::raw(clap::error::ErrorKind::InvalidValue, message).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(T::ALL.iter().map(|n| {
            let value = PossibleValue::new(n.name).aliases(n.aliases.iter().copied());
            if n.help.is_empty() {
                value
            } else {
                value.help(n.help)
            }
        })))
    }
}

/// A flag parser for whole numbers whose error names the flag, what it
/// expects and, for a module variable, what the module accepts (app/help.rs
/// gives each module flag that text from the loaded data).
pub fn whole() -> WholeNumber {
    WholeNumber { accepted: None }
}

#[derive(Clone)]
pub struct WholeNumber {
    /// "the module's container_memory accepts 128 to 30720".
    pub accepted: Option<String>,
}

impl TypedValueParser for WholeNumber {
    type Value = u64;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<u64, clap::Error> {
        let text = value.to_string_lossy();
        if let Ok(n) = text.trim().parse::<u64>() {
            return Ok(n);
        }
        let flag = arg
            .and_then(|a| a.get_long())
            .map_or_else(String::new, |l| format!("--{l}"));
        let unit = match arg
            .and_then(|a| a.get_value_names())
            .and_then(|n| n.first())
        {
            Some(n) if n.as_str() == "MB" => " of MB",
            Some(n) if n.as_str() == "UNITS" => " of CPU units",
            Some(n) if n.as_str() == "MIBPS" => " of MiB/s",
            _ => "",
        };
        let accepted = self
            .accepted
            .as_ref()
            .map_or_else(String::new, |a| format!("; {a}"));
        let message =
            format!("invalid value '{text}' for {flag}: expected a whole number{unit}{accepted}\n");
        Err(clap::Error::raw(clap::error::ErrorKind::InvalidValue, message).with_cmd(cmd))
    }
}

/// A flag parser for a name of the loaded catalog or guide (instance type,
/// family, profile): any case matches (`C6A.XLARGE` is `c6a.xlarge`); a name
/// that matches none passes through, for the core's error and suggestions.
/// Its names are the possible values shell completions offer.
#[derive(Clone)]
pub struct NameParser {
    /// Shared by every flag that takes these names: cloned per flag, so a
    /// reference count, not 600 strings.
    pub names: std::sync::Arc<[String]>,
}

impl TypedValueParser for NameParser {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let text = value.to_string_lossy();
        let known = self
            .names
            .iter()
            .find(|n| n.as_str() == text)
            .or_else(|| self.names.iter().find(|n| n.eq_ignore_ascii_case(&text)));
        Ok(known.map_or_else(|| text.into_owned(), Clone::clone))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            self.names.iter().map(|n| PossibleValue::new(n.clone())),
        ))
    }
}

/// Flags people reach for from other tools, and the ones meant.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("--output", &["--format", "-o"]),
    ("--out", &["--format", "-o"]),
    ("--json", &["--format json", "-o json"]),
    ("--instance-type", &["--instance"]),
    ("--type", &["--instance"]),
    ("--memory", &["--container-memory"]),
    ("--cpu", &["--container-cpu"]),
    ("--workers", &["--gunicorn-workers", "--min-workers"]),
    ("--min-size", &["--asg-min-size"]),
    ("--max-size", &["--asg-max-size"]),
];

/// A clap error with the flag meant where a familiar one was mistyped
/// (`--output json`: `--format`, `-o`), which clap's spelling distance
/// does not find.
pub fn with_hints(mut e: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::UnknownArgument {
        return e;
    }
    let typed = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(s)) => s.split('=').next().unwrap_or_default().to_string(),
        _ => return e,
    };
    if let Some((_, meant)) = SYNONYMS.iter().find(|(s, _)| *s == typed) {
        e.insert(
            ContextKind::SuggestedArg,
            ContextValue::Strings(meant.iter().map(|m| m.to_string()).collect()),
        );
    }
    e
}

fn var_assignment(s: &str) -> Result<String, String> {
    match s.split_once('=') {
        Some((name, _)) if !name.trim().is_empty() => Ok(s.to_string()),
        _ => Err("expected NAME=VALUE".into()),
    }
}

fn amount(s: &str) -> Result<Usd, String> {
    non_negative(s).and_then(Usd::try_from)
}

// `-0` passes `>= 0.0` as IEEE negative zero; `abs` makes it 0, so that JSON
// never shows `-0.0`.
fn non_negative(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v.abs()),
        _ => Err("expected a finite number of 0 or more".into()),
    }
}

fn percent(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v.abs()),
        _ => Err("expected a percentage from 0 to 100".into()),
    }
}

/// Terraform spells its flags with one dash (`-var`, `-var-file`,
/// `-detailed-exitcode`); accept that spelling too.
pub fn terraform_spelling(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    args.into_iter()
        .map(|arg| match arg.to_str() {
            Some(s) if s == "-var" || s == "-var-file" || s == "-detailed-exitcode" => {
                format!("-{s}").into()
            }
            Some(s) if s.starts_with("-var=") || s.starts_with("-var-file=") => {
                format!("-{s}").into()
            }
            _ => arg,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn terraform_spelling_of_var_flags() {
        let args = [
            "pypi-size",
            "check",
            "-var",
            "a=1",
            "-var-file=x.tfvars",
            "-v",
        ]
        .map(std::ffi::OsString::from);
        let out: Vec<_> = terraform_spelling(args)
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        assert_eq!(
            out,
            [
                "pypi-size",
                "check",
                "--var",
                "a=1",
                "--var-file=x.tfvars",
                "-v"
            ]
        );
    }
}
