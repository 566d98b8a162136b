//! Tables at any width keep every number and word whole: at COLUMNS=80, and
//! at the width a terminal that reports 0 columns falls back to (100; the
//! fallback itself is tested in src/app/terminal.rs), each word of the
//! output is one the unbounded output has too, so none was split; no line
//! of any command is wider than the width; side-by-side tables stay one
//! row per item.

use std::collections::BTreeSet;

use crate::common::pypi_size;

const COMMANDS: &[&[&str]] = &[
    &["profiles"],
    &["instances"],
    &["capacity"],
    &[
        "capacity",
        "--instance",
        "c6a.2xlarge",
        "--container-memory",
        "1024",
    ],
    &["recommend", "--profile", "heavy"],
    &["compare", "--family", "c6a"],
    &["optimize", "--min-workers", "48"],
    &["explain"],
    &["advise", "--profile", "heavy", "--cpu-utilization", "90"],
    &["check", "tests/fixtures/check/findings"],
    &["capacity", "--instance", "t3.micro"],
    &["recommend", "--users", "25"],
    &["compare", "--all"],
    &[
        "optimize",
        "--min-workers",
        "500",
        "--max-monthly-cost",
        "300",
    ],
    &[
        "diff",
        "tests/fixtures/diff/instance_type/base",
        "tests/fixtures/diff/instance_type/head",
    ],
];

fn run(args: &[&str], columns: Option<u16>) -> String {
    let mut cmd = pypi_size();
    cmd.args(args);
    if let Some(c) = columns {
        cmd.env("COLUMNS", c.to_string());
    }
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The words of the output, table borders dropped.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| c.is_whitespace() || "│┆╭╮╰╯─┬┴┼├┤═╪╞╡".contains(c))
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// The text without the notes that say which columns a narrow table left
/// out (words the unbounded output has no need of).
fn without_left_out_note(text: &str) -> String {
    let mut out = text.to_string();
    while let Some(start) = out.find("Not shown at ") {
        let end = out[start..]
            .find("shows them).")
            .map_or(out.len(), |e| start + e + "shows them).".len());
        out.replace_range(start..end, "");
    }
    out
}

fn is_table_line(line: &str) -> bool {
    line.starts_with(['│', '╭', '╰', '╞', '├'])
}

#[test]
fn no_word_or_number_is_split_at_80_or_the_fallback_width() {
    for args in COMMANDS {
        let whole = words(&run(args, None));
        assert!(!whole.is_empty(), "{args:?} printed nothing");
        for width in [80u16, 100] {
            let text = run(args, Some(width));
            let broken: Vec<String> = words(&without_left_out_note(&text))
                .difference(&whole)
                .cloned()
                .collect();
            assert!(
                broken.is_empty(),
                "{args:?} at {width} columns split {broken:?}:\n{text}"
            );
            for line in text.lines() {
                // A word longer than the width stays whole on its own line.
                let one_word = line.split_whitespace().count() == 1 && !is_table_line(line);
                assert!(
                    one_word || line.chars().count() <= usize::from(width),
                    "{args:?}: a line wider than {width}:\n{line}\n{text}"
                );
            }
        }
    }
}

#[test]
fn profiles_at_80_columns_keep_the_cost_ranges() {
    let text = run(&["profiles"], Some(80));
    for range in ["82.97–82.97", "167.33–285.10", "283.05–513.79"] {
        assert!(words(&text).contains(range), "{range} split:\n{text}");
    }
}

/// The table rows of `text` (not the header, not the borders).
fn rows(text: &str) -> Vec<&str> {
    let body = text.split_once('╞').map_or(text, |(_, b)| b);
    body.lines()
        .filter(|l| l.starts_with('│'))
        .collect::<Vec<_>>()
}

#[test]
fn compare_at_120_columns_is_one_row_per_type() {
    let text = run(&["compare", "--family", "c6a"], Some(120));
    let types = [
        "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
        "32xlarge", "48xlarge", "metal",
    ];
    let rows = rows(&text);
    assert_eq!(rows.len(), types.len(), "{text}");
    for (row, t) in rows.iter().zip(types) {
        assert!(row.contains(&format!("c6a.{t} ")), "{row}\n{text}");
        // The figures a reader compares stay, at 120 and at 80.
        assert!(row.contains("(cpu)"), "{row}");
    }
    assert!(text.lines().all(|l| l.chars().count() <= 120), "{text}");
    let narrow = run(&["compare", "--family", "c6a"], Some(80));
    assert_eq!(self::rows(&narrow).len(), types.len(), "{narrow}");
    assert!(
        narrow.contains("Not shown at 80 columns: vCPU, MiB"),
        "{narrow}"
    );
    assert!(narrow.contains("$/worker"), "{narrow}");
    // Unbounded (a pipe), every column.
    assert!(run(&["compare", "--family", "c6a"], None).contains("by RAM"));
}

#[test]
fn checks_argument_table_is_one_row_per_argument() {
    for width in [80u16, 120] {
        let text = run(&["check", "tests/fixtures/check/findings"], Some(width));
        let first = text.split("\n\n").next().unwrap();
        assert_eq!(rows(first).len(), 6, "at {width}:\n{first}");
        assert!(rows(first)[0].contains("alarm_emails"), "{first}");
    }
}

#[test]
fn profiles_at_80_columns_is_one_row_per_profile() {
    let text = run(&["profiles"], Some(80));
    let titles: Vec<&str> = rows(&text)
        .iter()
        .filter_map(|r| r.trim_start_matches('│').split('┆').next())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(titles, ["light", "medium", "heavy", "very-heavy"], "{text}");
}

/// The first cells of the table rows: one per item, a wrapped cell's
/// continuation lines left out.
fn titles(text: &str) -> Vec<String> {
    rows(text)
        .iter()
        .filter_map(|r| r.trim_start_matches('│').split('┆').next())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn every_listing_at_80_columns_stays_a_table_of_one_row_per_item() {
    for (args, items) in [
        (&["instances"][..], 25),
        (&["optimize", "--min-workers", "48"][..], 5),
        (
            &[
                "diff",
                "tests/fixtures/diff/instance_type/base",
                "tests/fixtures/diff/instance_type/head",
            ][..],
            1,
        ),
        (&["compare", "--family", "c6a"][..], 11),
        (&["profiles"][..], 4),
    ] {
        let text = run(args, Some(80));
        assert!(text.contains('╞'), "{args:?} is no table at 80:\n{text}");
        assert_eq!(titles(&text).len(), items, "{args:?}:\n{text}");
    }
}

/// Help fits 80 columns too: clap wraps the options to COLUMNS but writes a
/// required group's usage on one line, so the long ones are wrapped by hand.
#[test]
fn every_help_fits_80_columns() {
    for command in [
        &["capacity"][..],
        &["recommend"],
        &["instances"],
        &["profiles"],
        &["check"],
        &["diff"],
        &["compare"],
        &["optimize"],
        &["explain"],
        &["advise"],
        &["predict"],
        &["catalog", "import"],
        &["schema"],
        &["man"],
        &["completions"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let text = run(&args, Some(80));
        for line in text.lines() {
            assert!(
                line.chars().count() <= 80,
                "{command:?} --help at 80 columns: {} wide:\n{line}",
                line.chars().count()
            );
        }
    }
}
