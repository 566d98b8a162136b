//! The catalog file `--catalog` names, and `catalog import`.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};
use pypi_size::Tables;
use pypi_size::data::Catalog;
use pypi_size::data::import::{self, Imported, describe, prices};

use crate::app::cli::ImportArgs;

/// A catalog file larger than this is not one (all of EC2 is ~100 KiB).
const MAX_CATALOG_BYTES: u64 = 16 * 1024 * 1024;
/// describe-instance-types for every type is a few MB.
const MAX_DESCRIBE_BYTES: u64 = 256 * 1024 * 1024;

/// The tables over the catalog file named, if one is.
pub fn apply(tables: Tables, path: Option<&Path>) -> Result<Tables> {
    let Some(path) = path else {
        return Ok(tables);
    };
    let (origin, text) = crate::app::input::read_own_file(path, MAX_CATALOG_BYTES)
        .context("cannot load the catalog file")?;
    let catalog = Catalog::from_toml(&text, &origin, &tables.module.limits.asg_instance_type)?;
    Ok(tables.with_catalog(catalog, &origin)?)
}

/// `catalog import`: the catalog's TOML for stdout, or "" when written to
/// --output. What was left out, and why, goes to stderr.
/// `catalog import` writes one format, a catalog's TOML: `-o` is
/// `--format` in every command, never the output file, so a format asked
/// for here is a usage error that names `--output`.
pub fn no_format(format: crate::render::Format) -> Result<()> {
    if format == crate::render::Format::Table {
        return Ok(());
    }
    Err(crate::app::usage::UsageError(
        "catalog import writes a catalog's TOML only: --format (-o) does not apply; \
         --output FILE writes it to a file"
            .to_string(),
    )
    .into())
}

pub fn exec(tables: &Tables, args: &ImportArgs) -> Result<String> {
    let (types_origin, types_text) =
        crate::app::input::read_own_file(&args.instance_types, MAX_DESCRIBE_BYTES)
            .context("cannot read --instance-types")?;
    let described = describe::read_described(types_text.as_bytes())
        .map_err(|e| anyhow::anyhow!("{types_origin}: {e}"))?;
    drop(types_text);
    let (prices_origin, reader) = open_stream(&args.prices)?;
    let currency = tables.pricing.currency.as_str();
    let prices = prices::read_prices(reader, currency, args.region.as_deref())
        .map_err(|e| anyhow::anyhow!("{prices_origin}: {e}"))?;
    let imported = import::import(
        described,
        prices,
        &tables.module.limits.asg_instance_type,
        &tables.instances,
        currency,
    );
    if imported.catalog.is_empty() {
        bail!(
            "no instance type of {types_origin} has a Linux on-demand price in {prices_origin}{}",
            region_note(&imported)
        );
    }
    report(&imported);
    report_bill_prices(tables, &imported);
    let header = format!(
        "An instance catalog for pypi-size, written by `pypi-size catalog import`\n\
         from {types_origin} and {prices_origin}: {} instance types the module accepts,\n\
         {} {} prices as of {}. `pypi-size --catalog FILE` uses it.",
        imported.catalog.len(),
        imported.catalog.meta.region,
        imported.catalog.meta.currency,
        imported.catalog.meta.as_of
    );
    let text = imported.catalog.to_toml(&header);
    match &args.output {
        Some(path) => {
            std::fs::write(path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(String::new())
        }
        None => Ok(text),
    }
}

fn region_note(imported: &Imported) -> String {
    match imported.catalog.meta.region.as_ref() {
        "" => String::new(),
        region => format!(" for region {region}"),
    }
}

/// A file (or standard input) to stream: never read whole.
fn open_stream(path: &Path) -> Result<(String, Box<dyn Read>)> {
    if path == Path::new("-") {
        return Ok(("<stdin>".into(), Box::new(std::io::stdin())));
    }
    let origin = path.display().to_string();
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {origin}"))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        bail!("cannot read {origin}: it is a directory");
    }
    Ok((origin, Box::new(file)))
}

/// Which lines of the bill the import prices for its region, and which stay
/// at `[pricing]`'s, on stderr.
fn report_bill_prices(tables: &Tables, i: &Imported) {
    let p = &tables.pricing;
    let others = "the ALB, its LCUs and public IPv4 addresses, EFS and its backup, the \
                  Secrets Manager secret, CloudWatch and the access-log bucket";
    match i.catalog.meta.ebs_gp3_gb_month {
        Some(gp3) => {
            eprintln!("EBS gp3 (the root volumes): {gp3} a GB-month, from the price list");
            eprintln!("{others} stay at {} prices ([pricing])", p.region);
        }
        None => eprintln!(
            "no EBS gp3 price in the price list: the root volumes, {others} stay at {} \
             prices ([pricing])",
            p.region
        ),
    }
}

/// What went in and what was left out, on stderr.
fn report(i: &Imported) {
    let c = &i.catalog;
    eprintln!(
        "imported {} instance types for {}, prices as of {}",
        c.len(),
        c.meta.region,
        c.meta.as_of
    );
    let list = |names: &[String]| {
        let shown: Vec<&str> = names.iter().take(8).map(String::as_str).collect();
        let more = names.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!(", and {more} more")
        } else {
            String::new()
        };
        format!("{}{tail}", shown.join(", "))
    };
    if !i.unpriced.is_empty() {
        eprintln!(
            "left out {} the module accepts without a Linux on-demand price: {}",
            i.unpriced.len(),
            list(&i.unpriced)
        );
    }
    if !i.unsupported.is_empty() {
        eprintln!(
            "left out {} without usable figures: {}",
            i.unsupported.len(),
            list(&i.unsupported)
        );
    }
    if !i.rejected.is_empty() {
        eprintln!(
            "listed as rejected {}, which the module's validation rejects by name: {}",
            i.rejected.len(),
            list(&i.rejected)
        );
    }
    if !i.unknown_baseline.is_empty() {
        eprintln!(
            "burstable without a known CPU baseline (no credit warnings for them): {}",
            list(&i.unknown_baseline)
        );
    }
    if i.undescribed > 0 {
        eprintln!(
            "ignored prices of {} types describe-instance-types did not list",
            i.undescribed
        );
    }
    if !i.conflicts.is_empty() {
        eprintln!("two prices, the lower kept: {}", list(&i.conflicts));
    }
    eprintln!("price-list products skipped: {}", i.skipped);
}
