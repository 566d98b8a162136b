//! Tables for people: what Terraform will compute and what it costs, readable
//! at a glance, with each number's derivation beside it.

mod advise;
mod check;
mod explain;
mod listing;
mod planning;
mod sizing;

use anyhow::Result;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};
use pypi_size::Tables;

use super::{Document, Renderer};

pub struct TableRenderer;

impl Renderer for TableRenderer {
    fn render(&self, doc: &Document, tables: &Tables) -> Result<String> {
        let mut out = String::new();
        match doc {
            Document::Capacity(r) => sizing::sizing(&mut out, r, tables),
            Document::Recommend(r) => {
                sizing::recommendation(&mut out, r);
                sizing::sizing(&mut out, r, tables);
            }
            Document::Instances(l) => listing::instances(&mut out, l),
            Document::Profiles(l) => listing::profiles(&mut out, l),
            Document::Check(c) => check::check(&mut out, c),
            Document::Compare(c) => planning::compare(&mut out, c),
            Document::Optimize(o) => planning::optimize(&mut out, o),
            Document::Explain(e) => explain::explain(&mut out, e),
            Document::Advise(a) => advise::advise(&mut out, a),
        }
        Ok(out)
    }
}

pub(super) fn new_table(header: &[&str], right_aligned_from: usize) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED.with_rounded_corners())
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    for i in right_aligned_from..header.len() {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

pub(super) fn usd(amount: f64) -> String {
    format!("{amount:.2}")
}

pub(super) fn or_null(v: Option<u64>) -> String {
    v.map_or_else(|| "null".to_string(), |v| v.to_string())
}
