//! Fitting a table to the width without breaking a word or a number.
//!
//! comfy-table splits a cell mid-token when its column is narrower than the
//! token (`131.39–243.08` becomes `131.39–2` over `43.08`). Here each column
//! is kept at least as wide as its longest whitespace-separated token, so a
//! narrower width wraps cells only between words; where even that grid is
//! wider than the width, the table is written as one record per row instead,
//! each value on its own line. A side-by-side table leaves out its
//! secondary columns first (`columns`), so that each item stays one row;
//! and prose is folded to the width between words (`fold`).

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
            // A column already held wider (a side-by-side cell kept on one
            // line) stays so.
            let held = match column.constraint() {
                Some(ColumnConstraint::LowerBoundary(Width::Fixed(w))) => usize::from(*w),
                _ => 0,
            };
            let least = u16::try_from((token + pad).max(held)).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(least)));
        }
    }
    table.to_string()
}

/// `text` in lines of at most `width` characters (where a word allows),
/// broken between words: the first led by `first`, the rest by `rest`.
pub(super) fn hanging(text: &str, width: Option<usize>, first: &str, rest: &str) -> Vec<String> {
    let mut lines = vec![first.to_string()];
    let mut fresh = true;
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        let len = line.chars().count();
        if !fresh && width.is_some_and(|w| len + 1 + word.chars().count() > w) {
            lines.push(format!("{rest}{word}"));
            continue;
        }
        if !fresh {
            line.push(' ');
        }
        line.push_str(word);
        fresh = false;
    }
    lines
}

/// Every line of `text` wider than `width` folded between words, its
/// continuation lines indented two more than the line; table lines (already
/// fitted) and lines that fit are kept as they are.
pub(super) fn fold(text: &str, width: Option<u16>) -> String {
    let Some(width) = width.map(usize::from) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let table = body.starts_with(['│', '╭', '╰', '╞', '├', '┆']);
        if table || body.chars().count() <= width {
            out.push_str(line);
            continue;
        }
        out.push_str(&fold_line(body, width));
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// One line folded between words to `width`, the spaces between words on
/// a line kept as they were (a padded label stays padded), each
/// continuation indented two more than the line.
fn fold_line(line: &str, width: usize) -> String {
    let body = line.trim_start();
    let lead = &line[..line.len() - body.len()];
    let mut out = lead.to_string();
    let mut len = lead.chars().count();
    let mut fresh = true;
    let mut rest = body;
    while !rest.is_empty() {
        let gap = rest.len() - rest.trim_start().len();
        let spaces = &rest[..gap];
        let word_end = rest[gap..]
            .find(char::is_whitespace)
            .map_or(rest.len(), |e| gap + e);
        let word = &rest[gap..word_end];
        rest = &rest[word_end..];
        if word.is_empty() {
            break;
        }
        let word_len = word.chars().count();
        if !fresh && len + spaces.chars().count() + word_len > width {
            out.push('\n');
            out.push_str(lead);
            out.push_str("  ");
            len = lead.chars().count() + 2;
        } else {
            out.push_str(spaces);
            len += spaces.chars().count();
        }
        out.push_str(word);
        len += word_len;
        fresh = false;
    }
    out
}

/// Which columns of a side-by-side table to show at `width`: every one
/// where each row fits on one line, else without the columns of
/// `dropped_first`, in that order, until it does (or none is left to drop).
/// `cells` are the header and the rows; the cells of `wrapping` (prose)
/// may wrap (see [`prose_width`]), the others stay on one line. With the columns,
/// the width each needs where they all fit (`None` where they do not).
pub(super) fn columns(
    cells: &[Vec<String>],
    width: Option<u16>,
    dropped_first: &[usize],
    wrapping: &[usize],
) -> (Vec<usize>, Option<Vec<usize>>) {
    let count = cells.first().map_or(0, Vec::len);
    let mut widest = vec![0usize; count];
    for (r, row) in cells.iter().enumerate() {
        for (i, cell) in row.iter().enumerate().take(count) {
            // A header may wrap between its words, a prose cell between its
            // comma-separated parts (`users < 20,`); another cell may not.
            let w = if r == 0 {
                cell.split_whitespace()
                    .map(|t| t.chars().count())
                    .max()
                    .unwrap_or(0)
            } else if wrapping.contains(&i) {
                prose_width(cell)
            } else {
                cell.lines().map(|l| l.chars().count()).max().unwrap_or(0)
            };
            widest[i] = widest[i].max(w);
        }
    }
    let mut kept: Vec<usize> = (0..count).collect();
    let needed = |kept: &[usize]| kept.iter().map(|&i| widest[i] + 3).sum::<usize>() + 1;
    let Some(width) = width.map(usize::from) else {
        return (kept, None);
    };
    for drop in dropped_first {
        if needed(&kept) <= width {
            break;
        }
        kept.retain(|i| i != drop);
    }
    let fits = (needed(&kept) <= width).then(|| kept.iter().map(|&i| widest[i]).collect());
    (kept, fits)
}

/// The width a prose cell wants at least: its widest comma-separated part
/// (`users < 20,`) where that is narrow enough, else its longest word, or
/// 16 columns where the words are short, so it wraps in a few lines.
fn prose_width(cell: &str) -> usize {
    const ENOUGH: usize = 16;
    let part = cell
        .split(", ")
        .map(|t| t.chars().count() + 1)
        .max()
        .unwrap_or(0);
    let word = cell
        .split_whitespace()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0);
    part.min(word.max(ENOUGH))
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
    fn secondary_columns_go_first_until_each_row_fits() {
        let cells: Vec<Vec<String>> = [
            ["type", "vCPU", "by RAM", "$/month"],
            ["c6a.xlarge", "4", "16", "277.90"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        // Every column (a header by its longest word): 10+4+3+7, plus 3 a
        // column, plus 1 = 37.
        assert_eq!(columns(&cells, Some(37), &[2, 1], &[]).0, [0, 1, 2, 3]);
        assert_eq!(columns(&cells, None, &[2, 1], &[]).0, [0, 1, 2, 3]);
        assert_eq!(columns(&cells, Some(36), &[2, 1], &[]).0, [0, 1, 3]);
        assert_eq!(
            columns(&cells, Some(37), &[2, 1], &[]).1,
            Some(vec![10, 4, 3, 7])
        );
        assert_eq!(columns(&cells, Some(30), &[2, 1], &[]).0, [0, 3]);
        // Nothing left to drop: the rest is the grid's or the records' to fit.
        assert_eq!(columns(&cells, Some(10), &[2, 1], &[]).0, [0, 3]);
    }

    #[test]
    fn prose_folds_between_words_and_tables_stay() {
        let text = "  a bb ccc dddd\n│ a very long table line │\nshort\nerror   x yy\n";
        assert_eq!(
            fold(text, Some(9)),
            "  a bb\n    ccc\n    dddd\n│ a very long table line │\nshort\nerror   x\n  yy\n"
        );
        assert_eq!(fold(text, None), text);
    }

    #[test]
    fn wrap_keeps_words_whole() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdef", 3), ["abcdef"]);
    }

    #[test]
    fn assumptions_wrap_between_words_with_a_hanging_indent() {
        let text = "alb: 730 h at $0.0225 an hour (the guide's $16.20 is 720 h)";
        assert_eq!(hanging(text, None, "  ", "    "), [format!("  {text}")]);
        let lines = hanging(text, Some(30), "  ", "    ");
        assert_eq!(
            lines,
            [
                "  alb: 730 h at $0.0225 an",
                "    hour (the guide's $16.20",
                "    is 720 h)"
            ]
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 30));
        // A word longer than the width stands alone, unbroken.
        assert_eq!(
            hanging("a 1234567890", Some(5), "", " "),
            ["a", " 1234567890"]
        );
    }
}
