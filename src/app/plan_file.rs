//! `--plan`: streams the JSON of `terraform show -json` from a file or
//! standard input through tf-plan, keeping the resources pypi-size reads,
//! and checks its pypiserver module instances on one side of the change.

use std::path::Path;

use anyhow::{Result, anyhow};
use pypi_size::Tables;
use pypi_size::answers::check::{CheckOptions, CheckReport};
use pypi_size::answers::plan::{self, Side};

use crate::app::input::open_stream;

/// A plan read from `path` (`-`: standard input), and the name to show for it.
pub fn read(tables: &Tables, path: &Path) -> Result<(String, tf_plan::Plan)> {
    let (origin, reader) = open_stream(path)?;
    let wanted = tf_plan::Wanted {
        resource_types: plan::figures::resource_types(&tables.plan),
    };
    let plan = tf_plan::read_plan(reader, &wanted, &tf_plan::Limits::default())
        .map_err(|e| anyhow!("{origin}: {e}"))?;
    Ok((origin, plan))
}

/// The `check` report of one side of a plan, of the module sources `wanted`.
pub fn report(
    tables: &Tables,
    wanted: &tf_eval::Wanted,
    plan: &tf_plan::Plan,
    origin: &str,
    options: &CheckOptions,
    side: Side,
    keep_destroyed: bool,
) -> CheckReport {
    plan::check_plan(tables, plan, wanted, options, origin, side, keep_destroyed)
}
