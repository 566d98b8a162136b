//! Every example in README.md is what the tool prints: each ```console block
//! starting with `$ pypi-size ...` is run and its output compared (stdout,
//! or stderr for an error, which leaves stdout empty).

use crate::common::pypi_size;

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

/// Runs every example of one Markdown file; returns how many there were.
fn check_examples(path: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let examples = examples(&text);
    for ex in &examples {
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
            "{path} line {}: `pypi-size {}` prints something else \
             (python3 scripts/update_examples.py rewrites them)",
            ex.line,
            ex.args.join(" ")
        );
    }
    examples.len()
}

#[test]
fn readme_examples_are_true() {
    let root = env!("CARGO_MANIFEST_DIR");
    assert_eq!(check_examples(&format!("{root}/README.md")), 5);
}

#[test]
fn docs_examples_are_true() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut pages: Vec<_> = std::fs::read_dir(format!("{root}/docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    let total: usize = pages
        .iter()
        .map(|p| check_examples(p.to_str().unwrap()))
        .sum();
    assert!(total >= 10, "only {total} examples in docs/");
}

#[test]
fn readme_fits_a_newcomers_five_minutes() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    // 15 KiB before the whole bill; its lines and stated assumptions add
    // about 2 KB to the first example's output.
    assert!(
        readme.len() < 18 * 1024,
        "README.md is {} bytes",
        readme.len()
    );
    // The first screen holds the two set-up commands, as CI runs them.
    let first_screen: Vec<&str> = readme.lines().take(24).collect();
    assert!(
        first_screen
            .contains(&"cargo install --locked --path . && pypi-size recommend --profile heavy")
    );
    assert!(first_screen.contains(&"cargo test"));
    let ci = std::fs::read_to_string(format!("{root}/.ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run runs README's test command"
    );
}
