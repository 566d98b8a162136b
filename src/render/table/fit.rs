//! Fitting a table to the width without breaking a word or a number.
//!
//! comfy-table splits a cell mid-token when its column is narrower than the
//! token (`131.39–243.08` becomes `131.39–2` over `43.08`). Here each column
//! is kept at least as wide as its longest whitespace-separated token, so a
//! narrower width wraps cells only between words; where even that grid is
//! wider than the width, the table is written as one record per row instead,
//! each value on its own line.

use comfy_table::{ColumnConstraint, Table, Width};

/// The table as text fitted to `width` columns (`None`: no bound): a grid,
/// or records where no grid fits, without a final line break.
pub(super) fn fit(mut table: Table, width: Option<u16>) -> String {
    let tokens = longest_tokens(&table);
    let padding: Vec<usize> = (0..tokens.len())
        .map(|i| {
            table
                .column(i)
                .map_or(2, |c| usize::from(c.padding_width()))
        })
        .collect();
    // Each column's narrowest, and a border before each and after the last.
    let narrowest: usize = tokens
        .iter()
        .zip(&padding)
        .map(|(t, p)| t + p)
        .sum::<usize>()
        + tokens.len()
        + 1;
    if let Some(width) = width
        && narrowest > usize::from(width)
    {
        return records(&table, usize::from(width))
            .trim_end_matches('\n')
            .to_string();
    }
    for (i, (token, pad)) in tokens.iter().zip(&padding).enumerate() {
        if let Some(column) = table.column_mut(i) {
            let least = u16::try_from(token + pad).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(least)));
        }
    }
    table.to_string()
}

/// The width of the longest word of each column, header included.
fn longest_tokens(table: &Table) -> Vec<usize> {
    let mut longest: Vec<usize> = Vec::new();
    for row in table.header().into_iter().chain(table.row_iter()) {
        for (i, cell) in row.cell_iter().enumerate() {
            let token = cell
                .content()
                .split_whitespace()
                .map(|t| t.chars().count())
                .max()
                .unwrap_or(0);
            if longest.len() <= i {
                longest.resize(i + 1, 0);
            }
            longest[i] = longest[i].max(token);
        }
    }
    longest
}

/// Each row as a record: its first cell as a title, then each other cell
/// under its column's header, wrapped between words to `width`.
fn records(table: &Table, width: usize) -> String {
    let headers: Vec<String> = table
        .header()
        .map(|h| h.cell_iter().map(|c| c.content()).collect())
        .unwrap_or_default();
    let label_width = headers
        .iter()
        .skip(1)
        .map(|h| h.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for row in table.row_iter() {
        let cells: Vec<String> = row.cell_iter().map(|c| c.content()).collect();
        let Some((title, rest)) = cells.split_first() else {
            continue;
        };
        out.push_str(title);
        out.push('\n');
        for (i, value) in rest.iter().enumerate() {
            if value.trim().is_empty() {
                continue;
            }
            let label = headers.get(i + 1).map_or("", String::as_str);
            // A value beside its label where that leaves room; else below it.
            let beside = 2 + label_width + 2;
            let (first, indent) = if beside + 20 <= width {
                (format!("  {label:<label_width$}  "), beside)
            } else {
                (format!("  {label}\n    "), 4)
            };
            out.push_str(&first);
            let lines = wrap(value, width.saturating_sub(indent).max(1));
            out.push_str(&lines.join(&format!("\n{}", " ".repeat(indent))));
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Text folded between words to lines of at most `width` characters (a
/// longer word stays whole on its own line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let len = line.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use comfy_table::ContentArrangement;

    fn table(width: u16) -> Table {
        let mut t = Table::new();
        t.set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width)
            .set_header(vec!["profile", "covers", "$/month min–max"]);
        t.add_row(vec![
            "medium",
            "packages < 200, users < 20, CI/day < 50, burst < 200",
            "131.39–243.08",
        ]);
        t
    }

    /// Every whitespace-separated word of the output, borders dropped.
    fn words(text: &str) -> Vec<String> {
        text.split(|c: char| c.is_whitespace() || "│┆╭╮╰╯─┬┴┼├┤═╪╞╡".contains(c))
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    }

    #[test]
    fn narrow_grids_wrap_between_words() {
        let text = fit(table(50), Some(50));
        assert!(text.starts_with('╭') || text.starts_with('+'), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 50), "{text}");
        assert!(
            words(&text).contains(&"131.39–243.08".to_string()),
            "{text}"
        );
    }

    #[test]
    fn too_narrow_for_a_grid_gives_records() {
        let text = fit(table(30), Some(30));
        assert!(text.starts_with("medium\n"), "{text}");
        assert!(text.contains("131.39–243.08"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 30), "{text}");
    }

    #[test]
    fn wrap_keeps_words_whole() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdef", 3), ["abcdef"]);
    }
}
