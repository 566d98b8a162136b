//! `instances`: the instance catalog, filtered and sorted.

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::listing::{self, InstanceFilter, InstanceView};

use crate::app::cli::InstancesArgs;
use crate::app::usage::in_flag_terms;
use crate::render::{Document, Format};

/// How many instance types the table lists without --all: a screenful.
/// Every other format (JSON for scripts) lists every matching type.
const INSTANCES_SHOWN: usize = 25;

pub fn exec(tables: &Tables, args: &InstancesArgs, format: Format) -> Result<Document> {
    let filter = InstanceFilter {
        families: args.family.clone(),
        arch: args.arch,
        min_vcpus: args.min_vcpus,
        min_memory_mib: args.min_memory,
        max_hourly: args.max_hourly,
        burstable: (args.burstable || args.no_burstable).then_some(args.burstable),
        default_ami: args.default_ami,
    };
    let view = InstanceView {
        sort: args.sort,
        limit: (!args.all && format == Format::Table).then_some(INSTANCES_SHOWN),
    };
    Ok(Document::Instances(
        listing::instances(tables, &filter, view).map_err(in_flag_terms)?,
    ))
}
