//! Tables for people: what Terraform will compute and what it costs, readable
//! at a glance, with each number's derivation beside it.

pub(crate) mod advise;
mod check;
mod compare;
mod diff;
mod explain;
mod fit;
mod listing;
pub(crate) mod metrics;
mod optimize;
mod predict;
mod sizing;

use anyhow::Result;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, ContentArrangement, Table};
use pypi_size::Tables;
use pypi_size::answers::warnings::Severity;

use super::{Document, Renderer, Style};

pub struct TableRenderer {
    pub style: Style,
}

/// The text being written, and how: colour and width.
pub(super) struct Out {
    text: String,
    style: Style,
}

impl std::fmt::Write for Out {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

impl Style {
    /// A table: rounded UTF-8 borders, bold headers in colour, numbers
    /// right-aligned from `right_aligned_from`, fitted to the width.
    pub(super) fn table(&self, header: &[&str], right_aligned_from: usize) -> Table {
        let mut t = Table::new();
        t.load_style(UTF8_FULL_CONDENSED.with_rounded_corners())
            .set_content_arrangement(ContentArrangement::Dynamic);
        if self.color {
            t.enforce_styling();
            t.set_header(
                header
                    .iter()
                    .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
            );
        } else {
            t.set_header(header.to_vec());
        }
        // `None`: no terminal and no COLUMNS, so no bound.
        if let Some(width) = self.width {
            t.set_width(width);
        }
        for i in right_aligned_from..header.len() {
            if let Some(c) = t.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        t
    }

    /// A table, its rows added, as it is written: see [`fit::fit`].
    pub(super) fn fit(&self, table: Table) -> String {
        fit::fit(table, self.width)
    }

    /// A side-by-side table that stays one row per item: the columns of
    /// `dropped_first` are left out, in that order, until each row fits the
    /// width, and a line below says which (`--format json` has them all).
    /// Numbers are right-aligned from `right_aligned_from`; the cells of
    /// `wrapping` are prose, left-aligned, which may wrap.
    pub(super) fn side_by_side(
        &self,
        header: &[&str],
        right_aligned_from: usize,
        rows: Vec<Vec<String>>,
        dropped_first: &[usize],
        wrapping: &[usize],
    ) -> String {
        let mut cells = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
        cells.extend(rows);
        let (kept, fits) = fit::columns(&cells, self.width, dropped_first, wrapping);
        let shown: Vec<&str> = kept.iter().map(|&i| header[i]).collect();
        let right = kept.iter().filter(|&&i| i < right_aligned_from).count();
        let mut t = self.table(&shown, right);
        // Prose reads from the left.
        for (n, i) in kept.iter().enumerate() {
            if let (true, Some(c)) = (wrapping.contains(i), t.column_mut(n)) {
                c.set_cell_alignment(CellAlignment::Left);
            }
        }
        // Where they fit, each column is held at the width its cells need on
        // one line (prose: its widest part), and comfy-table shares out the rest.
        for (n, w) in fits.unwrap_or_default().into_iter().enumerate() {
            if let Some(c) = t.column_mut(n) {
                let w = u16::try_from(w + 2).unwrap_or(u16::MAX);
                c.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                    comfy_table::Width::Fixed(w),
                ));
            }
        }
        for row in &cells[1..] {
            t.add_row(
                kept.iter()
                    .map(|&i| row.get(i).cloned().unwrap_or_default()),
            );
        }
        let mut text = self.fit(t);
        let left_out: Vec<&str> = (0..header.len())
            .filter(|i| !kept.contains(i))
            .map(|i| header[i])
            .collect();
        if let (false, Some(w)) = (left_out.is_empty(), self.width) {
            text.push_str(&format!(
                "\nNot shown at {w} columns: {} (a wider terminal or --format json shows them).",
                left_out.join(", ")
            ));
        }
        text
    }

    /// `error`, `warning`, `info`: red, yellow, blue in colour.
    pub(super) fn severity(&self, severity: Severity) -> String {
        use anstyle::AnsiColor;
        let label = severity.as_str();
        if !self.color {
            return label.to_string();
        }
        let color = match severity {
            Severity::Error => AnsiColor::Red,
            Severity::Warning => AnsiColor::Yellow,
            Severity::Info => AnsiColor::Blue,
        };
        let style = anstyle::Style::new().fg_color(Some(color.into())).bold();
        format!("{style}{label}{style:#}")
    }
}

impl Renderer for TableRenderer {
    fn render(&self, doc: &Document, tables: &Tables) -> Result<String> {
        let mut out = Out {
            text: String::new(),
            style: self.style,
        };
        match doc {
            Document::Capacity(r) => sizing::sizing(&mut out, r, tables),
            Document::Recommend(r) => {
                sizing::recommendation(&mut out, r);
                sizing::sizing(&mut out, r, tables);
            }
            Document::Instances(l) => listing::instances(&mut out, l),
            Document::Profiles(l) => listing::profiles(&mut out, l),
            Document::Check(c) => check::check(&mut out, c),
            Document::Diff(d) => diff::diff(&mut out, d),
            Document::Compare(c) => compare::compare(&mut out, c),
            Document::Optimize(o) => optimize::optimize(&mut out, o),
            Document::Explain(e) => explain::explain(&mut out, e),
            Document::Advise(a) => advise::advise(&mut out, a),
            Document::Predict(p) => predict::predict(&mut out, p),
            Document::PredictModules(r) => predict::modules(&mut out, r),
        }
        // Prose folded to the width, as the tables are fitted to it.
        Ok(fit::fold(&out.text, self.style.width))
    }
}

/// A profile's exclusive bound as the guide words it: "burst < 500", and
/// "burst ≤ 1000" where the guide's own figure is the one below the bound.
pub(super) fn below(name: &str, bound: u64) -> String {
    match bound.checked_sub(1) {
        Some(top) if top > 0 && top % 10 == 0 => format!("{name} ≤ {top}"),
        _ => format!("{name} < {bound}"),
    }
}

/// Two decimals; a negative zero (a discount of nothing, or a figure that
/// rounds to nothing) shows as `0.00`.
pub(super) fn usd(amount: f64) -> String {
    match format!("{amount:.2}") {
        z if z == "-0.00" => "0.00".to_string(),
        s => s,
    }
}

pub(super) fn or_null(v: Option<u64>) -> String {
    v.map_or_else(|| "null".to_string(), |v| v.to_string())
}
