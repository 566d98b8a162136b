//! `catalog`'s subcommands: `catalog import`'s flags.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Writes a catalog file for one region from `aws ec2
    /// describe-instance-types --output json` and the region's prices
    /// (`aws pricing get-products --service-code AmazonEC2` output, or an AWS
    /// bulk price-list offer file, read as a stream): every type the module
    /// accepts that has a Linux, shared-tenancy, on-demand price.
    #[command(
        override_usage = "pypi-size catalog import [OPTIONS] --instance-types <FILE>\n       \
                                --prices <FILE>"
    )]
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

    /// Write the catalog here instead of standard output (`-o` is
    /// `--format` in every command; catalog import takes no format)
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}
