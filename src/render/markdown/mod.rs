//! GitHub-flavoured Markdown, for a pull-request comment: `capacity` and
//! `recommend` (`sizing.rs`), `check` (`check.rs`), `diff` (`diff.rs`),
//! `advise` (`advise.rs`).
//!
//! The helpers here are the only way text reaches the document: [`cell`]
//! escapes anything read from a Terraform file, a flag or the data so that it
//! can add no markup, link, HTML or table column; [`code`] makes a code span
//! of anything; [`table`] and [`details`] build the blocks; [`CommentBudget`] keeps
//! the document under GitHub's limit on a comment.

mod advise;
mod check;
mod diff;
mod predict;
mod sizing;

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::sizing::{ModuleInfo, PricingInfo};

use super::{Document, Renderer, Unsupported};

/// The commands `--format markdown` renders.
const COMMANDS: &str = "`capacity`, `recommend`, `check`, `diff`, `advise` and `predict`";

/// What a document's [`CommentBudget`] starts with, and the length it is cut to
/// at the last: under GitHub's limit on a comment (65,536 characters), with
/// room for the lines that join its parts and for what a CI step adds
/// around the document.
pub(crate) const COMMENT_LIMIT: usize = 65_000;

/// `--format markdown`.
pub struct MarkdownRenderer;

impl Renderer for MarkdownRenderer {
    fn render(&self, doc: &Document, tables: &Tables) -> Result<String> {
        let text = match doc {
            Document::Capacity(r) => sizing::sizing("capacity", r, tables),
            Document::Recommend(r) => sizing::sizing("recommend", r, tables),
            Document::Check(c) => check::check(c),
            Document::Diff(d) => diff::diff(d),
            Document::Advise(a) => advise::advise(a),
            Document::Predict(p) => predict::predict(p),
            Document::PredictModules(r) => predict::modules(r),
            _ => {
                return Err(Unsupported(format!(
                    "--format markdown applies to {COMMANDS}, not `{}`",
                    doc.command()
                ))
                .into());
            }
        };
        Ok(within_limit(text, COMMENT_LIMIT))
    }
}

// ---------------------------------------------------------------------------
// Escaping.

/// `text` as literal Markdown text, safe in a table cell, a list item or a
/// paragraph: `|` is `\|` (no extra column), a line break is a space (no new
/// row or block), `<`, `>` and `&` are entities (no HTML, no comment), the
/// characters that make emphasis, code, links, strikethrough and math
/// (`\ * _ ` [ ] ~ $`) are backslash-escaped, and so is a `#`, `-` or `+`
/// at the start, or a `1.` followed by a space, that would make a heading
/// or a list, and the `:` of `://` and the `.` of `www.` that GitHub would
/// make a link of. A zero-width space follows an `@` and precedes a `#`
/// (not at the start) before a letter or digit, so that a value from a Terraform file
/// mentions nobody (`@team`) and links no issue (`org/repo#1`). Control
/// characters and bidirectional overrides are shown escaped (`\x1b`,
/// `\u{202e}`), as the text formats show them.
pub(crate) fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '*' | '_' | '`' | '[' | ']' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            // GitHub makes a link of a bare `https://…` or `www.…`.
            ':' if chars.clone().take(2).eq("//".chars()) => out.push_str("\\:"),
            '.' if out.ends_with("www") => out.push_str("\\."),
            '#' | '-' | '+' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '@' if chars.peek().is_some_and(|n| n.is_alphanumeric()) => out.push_str("@\u{200B}"),
            '#' if chars.peek().is_some_and(|n| n.is_alphanumeric()) => out.push_str("\u{200B}#"),
            '0'..='9' if at_start => {
                // `1. ` or `1) ` would start an ordered list.
                out.push(c);
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    out.push(d);
                }
                let mut after = chars.clone();
                if matches!(after.next(), Some('.' | ')'))
                    && after.next().is_none_or(char::is_whitespace)
                    && let Some(p) = chars.next()
                {
                    out.push('\\');
                    out.push(p);
                }
            }
            c if unsafe_char(c) => out.push_str(&escaped_char(c)),
            c => out.push(c),
        }
        at_start = at_start && c.is_whitespace();
    }
    out
}

/// `text` in an inline code span, for a table cell: the fence is one
/// backtick longer than the longest run inside, padded with a space where
/// the text starts or ends with a backtick or a space; `|` is `\|`, which a
/// GitHub table turns back into `|` even inside code. Line breaks become
/// spaces; control characters are shown escaped.
pub(crate) fn code(text: &str) -> String {
    span(&code_text(text).replace('|', "\\|"))
}

/// [`code`] outside a table (a list item, a paragraph), where `\|` would
/// show its backslash.
pub(crate) fn code_in_prose(text: &str) -> String {
    span(&code_text(text))
}

/// A code span's text: one line, no control character.
fn code_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if unsafe_char(c) => out.push_str(&escaped_char(c)),
            c => out.push(c),
        }
    }
    out
}

/// pypi-size's own wording, where `` `…` `` marks code (a command, a
/// value): [`cell`] text with those parts as [`code_in_prose`] spans. A
/// value inside may hold backticks of its own; then the parts pair up
/// differently, and every part is still escaped.
pub(crate) fn prose(text: &str) -> String {
    marked(text, code_in_prose)
}

/// [`prose`] for a table cell.
pub(crate) fn prose_cell(text: &str) -> String {
    marked(text, code)
}

fn marked(text: &str, code: fn(&str) -> String) -> String {
    if text.matches('`').count() % 2 == 1 {
        return cell(text);
    }
    text.split('`')
        .enumerate()
        .map(|(i, part)| match (i % 2, part.is_empty()) {
            (0, _) => cell(part),
            (_, true) => cell("``"),
            _ => code(part),
        })
        .collect()
}

/// `text` fenced as a code span that shows it exactly.
fn span(text: &str) -> String {
    if text.is_empty() {
        return "` `".to_string();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space from each end when both are spaces; a
    // text of spaces only is kept as it is.
    let pad = if text.chars().all(|c| c == ' ') {
        ""
    } else if text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` for the inside of an HTML element (a `<summary>`): entities for
/// `<`, `>`, `&` and `"`, one line, control characters shown escaped.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c if unsafe_char(c) => out.push_str(&escaped_char(c)),
            c => out.push(c),
        }
    }
    out
}

/// What `safe_text` escapes for a terminal: control characters and the
/// bidirectional overrides that reorder what is shown.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escaped_char(c: char) -> String {
    if (c as u32) < 0x80 {
        format!("\\x{:02x}", c as u32)
    } else {
        format!("\\u{{{:x}}}", c as u32)
    }
}

/// An amount of money as Markdown: `\$1,234.56`, two decimals, thousands
/// grouped, `-\$5.00` below zero. The `$` is escaped: GitHub reads a pair
/// of dollar signs on a line as a math expression.
pub(crate) fn money(amount: f64) -> String {
    super::changes::dollars(amount).replace('$', "\\$")
}

/// The closing line: which pypi-size, which module version its arithmetic
/// models, and the date of the prices.
pub(crate) fn footer(module: &ModuleInfo, pricing: &PricingInfo) -> String {
    format!(
        "<sub>pypi-size {} · {} {} · {} prices as of {}</sub>\n",
        env!("CARGO_PKG_VERSION"),
        cell(&module.source),
        cell(&module.version),
        cell(&pricing.region),
        cell(&pricing.as_of)
    )
}

/// "1 error", "2 errors": `n` and the noun, plural with an `s`.
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

// ---------------------------------------------------------------------------
// Blocks.

/// How a table column lines its cells up: text left, numbers right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A table column: its title (plain text, escaped here) and alignment.
pub(crate) type Column<'a> = (&'a str, Align);

/// A GitHub table: the header, the separator (`---:` for a right-aligned
/// column) and one line per row. The cells are Markdown already (made with
/// [`cell`], [`code`], [`money`]); every row gets exactly one cell per
/// column.
pub(crate) fn table(columns: &[Column], rows: &[Vec<String>]) -> String {
    let mut out = table_head(columns);
    for row in rows {
        out.push_str(&table_row(columns, row));
    }
    out
}

/// The header and separator lines of a [`table`], for a caller that adds
/// the rows one by one (to fit a [`CommentBudget`]).
pub(crate) fn table_head(columns: &[Column]) -> String {
    let titles: Vec<String> = columns.iter().map(|(t, _)| cell(t)).collect();
    let rule: Vec<&str> = columns
        .iter()
        .map(|(_, a)| match a {
            Align::Left => "---",
            Align::Right => "---:",
        })
        .collect();
    format!("| {} |\n| {} |\n", titles.join(" | "), rule.join(" | "))
}

/// One row line of a [`table`]: missing cells are empty, extra ones are
/// dropped (a bug the debug build catches), a line break inside a cell is a
/// space.
pub(crate) fn table_row(columns: &[Column], cells: &[String]) -> String {
    debug_assert_eq!(cells.len(), columns.len(), "a row of {cells:?}");
    let cells: Vec<String> = (0..columns.len())
        .map(|i| {
            cells
                .get(i)
                .map_or(String::new(), |c| c.replace(['\n', '\r'], " "))
        })
        .collect();
    format!("| {} |\n", cells.join(" | "))
}

/// A collapsed section: `summary` is plain text (escaped here), `body`
/// Markdown. The blank lines let GitHub render the Markdown inside the
/// HTML block.
pub(crate) fn details(summary: &str, body: &str) -> String {
    format!(
        "<details><summary>{}</summary>\n\n{}\n\n</details>\n",
        html(summary),
        body.trim_matches('\n')
    )
}

// ---------------------------------------------------------------------------
// The character budget.

/// Characters as GitHub counts them for its limit (not bytes).
pub(crate) fn chars(text: &str) -> usize {
    text.chars().count()
}

/// The characters left for a document. What must be shown is taken first,
/// whatever it costs; then what can be cut, most important first (table
/// rows before detail sections), each part with a line saying what was
/// left out.
#[derive(Debug)]
pub(crate) struct CommentBudget {
    left: usize,
}

impl CommentBudget {
    pub(crate) fn new(limit: usize) -> CommentBudget {
        CommentBudget { left: limit }
    }

    pub(crate) fn left(&self) -> usize {
        self.left
    }

    /// Counts `text`, which is shown whatever it costs.
    pub(crate) fn take(&mut self, text: &str) {
        self.left = self.left.saturating_sub(chars(text));
    }

    /// `text` if it fits, counted; else `None`, and nothing counted.
    pub(crate) fn take_if_fits(&mut self, text: String) -> Option<String> {
        let n = chars(&text);
        (n <= self.left).then(|| {
            self.left -= n;
            text
        })
    }

    /// As many of `items` as fit, with room for `more(n)` on the `n` left
    /// out. Items of a lower rank are kept first (a table row with errors
    /// before one with none) and none is kept while one ranked before it is
    /// not; the kept ones stay in their order. The text, and `n`.
    pub(crate) fn take_fitting(
        &mut self,
        items: &[(u8, String)],
        more: impl Fn(usize) -> String,
    ) -> (String, usize) {
        let total: usize = items.iter().map(|(_, t)| chars(t)).sum();
        if total <= self.left {
            self.left -= total;
            return (items.iter().map(|(_, t)| t.as_str()).collect(), 0);
        }
        // The note on the most that could be left out is the longest.
        let room = self.left.saturating_sub(chars(&more(items.len())));
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| items[i].0);
        let mut kept = vec![false; items.len()];
        let mut used = 0;
        for i in order {
            let n = chars(&items[i].1);
            if used + n > room {
                break;
            }
            used += n;
            kept[i] = true;
        }
        let mut text: String = items
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|((_, t), _)| t.as_str())
            .collect();
        let left_out = kept.iter().filter(|k| !**k).count();
        text.push_str(&more(left_out));
        self.take(&text);
        (text, left_out)
    }

    /// A [`details`] section of as many of `items` as fit (as
    /// [`CommentBudget::take_fitting`]); `None` when not even the section with
    /// the note fits.
    pub(crate) fn details_fitting(
        &mut self,
        summary: &str,
        items: &[(u8, String)],
        more: impl Fn(usize) -> String,
    ) -> Option<String> {
        let frame = chars(&details(summary, "x")) - 1;
        if frame + chars(&more(items.len())) > self.left() {
            return None;
        }
        self.left -= frame;
        let (body, _) = self.take_fitting(items, more);
        Some(details(summary, &body))
    }
}

/// `text` cut to `n` characters, with `…` where it was cut: for what must
/// show whatever its length (a headline's reason, a gate's message).
pub(crate) fn shorten(text: &str, n: usize) -> String {
    match text.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// The last guard: a document still over `limit` (only data strings of
/// absurd length make one) is cut at a line, with a note.
fn within_limit(text: String, limit: usize) -> String {
    if chars(&text) <= limit {
        return text;
    }
    const NOTE: &str =
        "\n\n… cut to stay under GitHub's comment limit (the JSON output has all of it)\n";
    let keep = limit.saturating_sub(chars(NOTE));
    let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
    let end = text[..end].rfind('\n').unwrap_or(0);
    format!("{}{NOTE}", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_escapes_table_html_and_markup() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(
            cell("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(cell("a & b"), "a &amp; b");
        assert_eq!(cell("`rm -rf`"), "\\`rm -rf\\`");
        assert_eq!(cell("one\ntwo\r\nthree"), "one two  three");
        assert_eq!(cell("[link](https://x)"), "\\[link\\](https\\://x)");
        assert_eq!(cell("![img](x)"), "!\\[img\\](x)");
        assert_eq!(cell("*b* _i_ ~s~ $x$"), "\\*b\\* \\_i\\_ \\~s\\~ \\$x\\$");
        assert_eq!(cell("a\\|b"), "a\\\\\\|b");
        assert_eq!(cell(r#"module.pypi["prod"]"#), r#"module.pypi\["prod"\]"#);
        assert_eq!(
            cell("see https://evil.example or www.evil.example"),
            "see https\\://evil.example or www\\.evil.example"
        );
        assert_eq!(cell("a: b, c:/d"), "a: b, c:/d");
        assert_eq!(
            cell("@octocat and @org/team"),
            "@\u{200B}octocat and @\u{200B}org/team"
        );
        assert_eq!(cell("see org/repo#1"), "see org/repo\u{200B}#1");
    }

    #[test]
    fn cell_escapes_block_starts_only_at_the_start() {
        assert_eq!(cell("# h"), "\\# h");
        assert_eq!(cell("  # h"), "  \\# h");
        assert_eq!(cell("a # b - c + d 1. e"), "a # b - c + d 1. e");
        assert_eq!(cell("- item"), "\\- item");
        assert_eq!(cell("+ item"), "\\+ item");
        assert_eq!(cell("12. item"), "12\\. item");
        assert_eq!(cell("3) item"), "3\\) item");
        assert_eq!(cell("2024 was"), "2024 was");
        assert_eq!(cell("2.3.0"), "2.3.0");
        assert_eq!(cell("1."), "1\\.");
    }

    #[test]
    fn cell_shows_control_characters_escaped() {
        assert_eq!(cell("a\x1b[2Jb\x07"), "a\\x1b\\[2Jb\\x07");
        assert_eq!(cell("x\u{202e}y\u{9b}"), "x\\u{202e}y\\u{9b}");
        assert_eq!(cell("naïve — ✓"), "naïve — ✓");
    }

    #[test]
    fn code_spans_hold_any_text() {
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("a``b`"), "``` a``b` ```");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code(" x"), "`  x `");
        assert_eq!(code("   "), "`   `");
        assert_eq!(code(""), "` `");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code_in_prose("a|b"), "`a|b`");
        assert_eq!(code("<b>&amp;\\"), "`<b>&amp;\\`");
        assert_eq!(code("x\ny\x1b"), "`x y\\x1b`");
    }

    #[test]
    fn prose_makes_its_marked_parts_code() {
        assert_eq!(prose("run `a | b` <now>"), "run `a | b` &lt;now&gt;");
        assert_eq!(prose_cell("run `a | b`"), "run `a \\| b`");
        assert_eq!(prose("odd ` count"), "odd \\` count");
        assert_eq!(prose("empty `` pair"), "empty \\`\\` pair");
        assert_eq!(prose("`x` *y*"), "`x` \\*y\\*");
    }

    #[test]
    fn details_escapes_its_summary_and_frames_the_body() {
        assert_eq!(
            details("a <b> & \"c\"\nd", "\nbody\n"),
            "<details><summary>a &lt;b&gt; &amp; &quot;c&quot; d</summary>\n\nbody\n\n</details>\n"
        );
    }

    /// Cells of a row line, split as GitHub splits them: at each `|` not
    /// right after a backslash (cmark-gfm's table scanner).
    fn split_row(line: &str) -> Vec<String> {
        let inner = line.strip_prefix("| ").unwrap().strip_suffix(" |").unwrap();
        let mut cells = vec![String::new()];
        let mut before = ' ';
        for c in inner.chars() {
            if c == '|' && before != '\\' {
                cells.push(String::new());
            } else {
                cells.last_mut().unwrap().push(c);
            }
            before = c;
        }
        cells
    }

    #[test]
    fn table_has_one_cell_per_column_in_every_row() {
        let columns = [("name", Align::Left), ("a|b", Align::Right)];
        let t = table(
            &columns,
            &[
                vec![cell("x|y\nz"), "1".into()],
                vec![code("p|q`"), "2".into()],
            ],
        );
        assert_eq!(
            t,
            "| name | a\\|b |\n| --- | ---: |\n| x\\|y z | 1 |\n| `` p\\|q` `` | 2 |\n"
        );
        for line in t.lines() {
            assert_eq!(split_row(line).len(), 2, "{line}");
        }
    }

    #[test]
    fn money_groups_thousands_and_escapes_the_dollar() {
        assert_eq!(money(1234.5), "\\$1,234.50");
        assert_eq!(money(1234567.891), "\\$1,234,567.89");
        assert_eq!(money(999.999), "\\$1,000.00");
        assert_eq!(money(0.0), "\\$0.00");
        assert_eq!(money(-0.0), "\\$0.00");
        assert_eq!(money(-67.01), "-\\$67.01");
    }

    fn items(n: usize, len: usize) -> Vec<(u8, String)> {
        (0..n)
            .map(|i| (0, format!("{:<w$}\n", i, w = len - 1)))
            .collect()
    }

    #[test]
    fn everything_is_kept_when_it_fits() {
        let mut b = CommentBudget::new(100);
        let (text, left_out) = b.take_fitting(&items(5, 20), |n| format!("{n} more\n"));
        assert_eq!((chars(&text), left_out, b.left()), (100, 0, 0));
    }

    #[test]
    fn items_are_cut_with_a_note_and_stay_under_the_budget() {
        let mut b = CommentBudget::new(1000);
        b.take(&"h".repeat(100));
        let note = |n| format!("… {n} more modules not shown\n");
        let (text, left_out) = b.take_fitting(&items(100, 50), note);
        assert!(chars(&text) <= 900);
        assert_eq!(left_out, 100 - 17);
        assert!(text.ends_with("… 83 more modules not shown\n"), "{text}");
        assert!(text.starts_with("0 "));
    }

    #[test]
    fn lower_ranks_are_kept_first_in_their_order() {
        let mut items = items(10, 10);
        for (i, item) in items.iter_mut().enumerate() {
            item.0 = if i == 3 || i == 7 { 0 } else { 1 };
        }
        // Room for three items and the longest note ("10 more").
        let mut b = CommentBudget::new(3 * 10 + 8);
        let (text, left_out) = b.take_fitting(&items, |n| format!("{n} more\n"));
        assert_eq!(left_out, 7);
        let kept: Vec<&str> = text.lines().map(str::trim).collect();
        assert_eq!(kept, ["0", "3", "7", "7 more"]);
    }

    #[test]
    fn details_are_left_out_when_nothing_fits() {
        let mut b = CommentBudget::new(30);
        assert!(
            b.details_fitting("s", &items(3, 10), |n| format!("{n} more\n"))
                .is_none()
        );
        assert_eq!(b.left(), 30);
        let mut b = CommentBudget::new(200);
        let d = b
            .details_fitting("s", &items(30, 10), |n| format!("{n} more\n"))
            .unwrap();
        assert!(d.starts_with("<details><summary>s</summary>\n\n0"));
        assert!(d.ends_with("more\n\n</details>\n"));
        assert!(chars(&d) <= 200, "{}", chars(&d));
    }

    #[test]
    fn the_last_guard_cuts_at_a_line() {
        let text = "line\n".repeat(100);
        let cut = within_limit(text.clone(), 200);
        assert!(chars(&cut) <= 200);
        assert!(cut.starts_with("line\nline\n"));
        assert!(cut.ends_with("(the JSON output has all of it)\n"));
        assert_eq!(within_limit(text.clone(), 500), text);
    }
}
