//! Tables at any width keep every number and word whole: at COLUMNS=80, and
//! at the width a terminal that reports 0 columns falls back to (100; the
//! fallback itself is tested in src/app/terminal.rs), each word of the
//! output is one the unbounded output has too, so none was split.

mod common;

use std::collections::BTreeSet;

use common::pypi_size;

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
            let broken: Vec<String> = words(&text).difference(&whole).cloned().collect();
            assert!(
                broken.is_empty(),
                "{args:?} at {width} columns split {broken:?}:\n{text}"
            );
            for line in text.lines().filter(|l| is_table_line(l)) {
                assert!(
                    line.chars().count() <= usize::from(width),
                    "{args:?}: a table line wider than {width}:\n{text}"
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
