//! Every example in README.md is what the tool prints: each ```console block
//! starting with `$ pypi-size ...` is run and its output compared (stdout,
//! or stderr for an error, which leaves stdout empty).

mod common;

use common::pypi_size;

struct Example {
    line: usize,
    args: Vec<String>,
    expected: String,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut lines = readme.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if line != "```console" {
            continue;
        }
        let Some((_, command)) = lines.next() else {
            break;
        };
        let Some(args) = command.strip_prefix("$ pypi-size ") else {
            continue;
        };
        let body: Vec<&str> = lines
            .by_ref()
            .map(|(_, l)| l)
            .take_while(|l| *l != "```")
            .collect();
        out.push(Example {
            line: i + 1,
            args: args.split_whitespace().map(String::from).collect(),
            expected: body.join("\n"),
        });
    }
    out
}

#[test]
fn readme_examples_are_true() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let examples = examples(&readme);
    assert!(
        examples.len() >= 8,
        "found only {} examples",
        examples.len()
    );
    for ex in examples {
        let out = pypi_size().args(&ex.args).output().unwrap();
        let text = if out.stdout.is_empty() {
            out.stderr
        } else {
            out.stdout
        };
        let actual = String::from_utf8(text).unwrap();
        assert_eq!(
            actual.trim_end(),
            ex.expected.trim_end(),
            "README.md line {}: `pypi-size {}` prints something else",
            ex.line,
            ex.args.join(" ")
        );
    }
}
