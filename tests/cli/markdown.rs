//! `--format markdown`, a pull-request comment: whatever a Terraform tree
//! holds cannot add markup, links, HTML or table columns; a tree of 1,000
//! module blocks still fits GitHub's 65,536-character limit on a comment;
//! and `check` exits as it does in the other formats.

use crate::common::{Scratch, assert_markdown_tables, fixture, output};

/// GitHub's limit on a comment, in characters.
const GITHUB_LIMIT: usize = 65_536;

/// A module block of `name` on `instance_type`, with the required inputs.
fn block(name: &str, instance_type: &str, extra: &str) -> String {
    format!(
        "module \"{name}\" {{\n  source                = \"infrahouse/pypiserver/aws\"\n{extra}  \
         asg_instance_type     = \"{instance_type}\"\n  asg_min_size          = 2\n  \
         asg_subnets           = [\"a\", \"b\"]\n  zone_id               = \"Z\"\n  \
         load_balancer_subnets = [\"a\", \"b\"]\n  alarm_emails          = \
         [\"ops@example.com\"]\n}}\n\n"
    )
}

/// `check DIR --format markdown`: the text and the exit code.
fn check_markdown(args: &[&str]) -> (String, i32) {
    let (out, code) = output(&[&["check"], args, &["--format", "markdown"]].concat());
    (String::from_utf8(out).unwrap(), code)
}

/// `blocks` module blocks over ten files; the blocks numbered in `typos`
/// name an instance type that does not exist (an error), every seventh a
/// t3.small (an info), the others a c6a.xlarge.
fn tree(dir: &Scratch, blocks: usize, typos: &[usize]) {
    let per_file = blocks.div_ceil(10);
    for f in 0..10 {
        let text: String = (f * per_file..((f + 1) * per_file).min(blocks))
            .map(|i| {
                let instance = match i {
                    _ if typos.contains(&i) => "c6a.xlarg",
                    _ if i % 7 == 0 => "t3.small",
                    _ => "c6a.xlarge",
                };
                block(&format!("pypi_{i}"), instance, "")
            })
            .collect();
        dir.write(&format!("m{f}.tf"), &text);
    }
}

/// The number in "… 365 more module blocks not shown".
fn not_shown(text: &str, what: &str) -> Option<usize> {
    let at = text.find(&format!("more {what}"))?;
    let before = text[..at].trim_end();
    let digits = before.rsplit(' ').next()?;
    digits.parse().ok()
}

/// The rows of the one table (not the header and separator).
fn rows(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("| `")).collect()
}

#[test]
fn check_of_1000_module_blocks_stays_under_the_comment_limit() {
    let dir = Scratch::new("markdown-1000");
    tree(&dir, 1000, &[5, 500, 997]);
    let (text, code) = check_markdown(&[dir.path()]);
    assert_eq!(code, 3, "the typos are errors");
    let chars = text.chars().count();
    assert!(chars < GITHUB_LIMIT, "{chars} characters");
    assert!(
        text.starts_with("**pypi-size check**: 1000 module blocks, 3 errors"),
        "{}",
        &text[..200]
    );
    assert_eq!(assert_markdown_tables(&text), 1);
    let shown = rows(&text).len();
    let left_out = not_shown(&text, "module blocks not shown").expect("a note on the rest");
    assert!(left_out > 0 && shown > 100, "{shown} shown, {left_out} not");
    assert_eq!(shown + left_out, 1000);
    assert!(text.contains("the JSON output has all of them"));
    // The rows with errors are kept, wherever they are in the tree; the
    // details go before any row.
    for i in [5, 500, 997] {
        assert!(text.contains(&format!("| `module.pypi_{i}` |")), "pypi_{i}");
    }
    assert!(!text.contains("<details>"));
    assert!(text.trim_end().ends_with("</sub>"), "the footer stays");
}

#[test]
fn findings_are_cut_before_any_row() {
    let dir = Scratch::new("markdown-300");
    // Every block with a finding, so that their details do not all fit.
    let text: String = (0..300)
        .map(|i| block(&format!("small_{i}"), "t3.small", ""))
        .collect();
    dir.write("main.tf", &text);
    let (text, code) = check_markdown(&[dir.path()]);
    assert_eq!(code, 0, "infos only");
    assert!(text.chars().count() < GITHUB_LIMIT);
    assert_eq!(rows(&text).len(), 300, "every row");
    assert!(not_shown(&text, "module blocks not shown").is_none());
    let left_out = not_shown(&text, "module blocks are not shown").expect("a note");
    let groups = text.matches("\n**`module.small_").count();
    assert_eq!(groups + left_out, 300);
    assert!(groups > 0);
    assert!(text.contains("</details>"), "the section is closed");
}

/// `line` without its code spans (which show their text literally), as
/// CommonMark finds them: a run of backticks up to the next run of the same
/// length. A backslash escape is kept whole.
fn outside_code_spans(line: &str) -> String {
    let c: Vec<char> = line.chars().collect();
    let run = |i: usize| c[i..].iter().take_while(|&&x| x == '`').count();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if c[i] == '\\' && i + 1 < c.len() {
            out.extend(&c[i..i + 2]);
            i += 2;
        } else if c[i] == '`' {
            let n = run(i);
            let mut j = i + n;
            let close = loop {
                match c.get(j) {
                    None => break None,
                    Some('`') if run(j) == n => break Some(j),
                    Some('`') => j += run(j),
                    Some(_) => j += 1,
                }
            };
            match close {
                Some(j) => {
                    out.push_str("CODE");
                    i = j + n;
                }
                None => {
                    out.extend(&c[i..i + n]);
                    i += n;
                }
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn terraform_values_cannot_inject_markup() {
    let dir = Scratch::new("markdown-hostile");
    let keys = [
        "a|b",
        "<script>alert(1)</script>",
        "c`d``e",
        "[x](https://evil.example)",
        "# head",
        "**b** ~~s~~ $x$",
        "x\\n| injected | row |",
        "esc\\u001b]52;c;eA==\\u0007",
    ];
    let keys_hcl: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
    // An argument that uses each.key makes each instance a row of its own.
    let mut text = format!(
        "module \"pypi\" {{\n  source = \"infrahouse/pypiserver/aws\"\n  for_each = \
         toset([{}])\n  asg_instance_type = \"c6a.xlarge\"\n  asg_subnets = [\"a\", \"b\"]\n  \
         zone_id = each.key\n  load_balancer_subnets = [\"a\", \"b\"]\n  alarm_emails = [\"a@b.c\"]\n}}\n\n",
        keys_hcl.join(", ")
    );
    text.push_str(&block("bad", "<img src=x onerror=alert(1)>|`x", ""));
    text.push_str(&block(
        "typo",
        "[c6a](https://evil.example) www.evil.example",
        "",
    ));
    let file = dir.write("we|rd <b>*x*.tf", &text);
    let (text, code) = check_markdown(&[&file]);
    assert_eq!(code, 3, "{text}");
    assert_eq!(assert_markdown_tables(&text), 1, "{text}");
    assert_eq!(rows(&text).len(), keys.len() + 2, "{text}");
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text}");
    const OURS: [&str; 7] = [
        "<details>",
        "</details>",
        "<summary>",
        "</summary>",
        "<br>",
        "<sub>",
        "</sub>",
    ];
    for line in text.lines() {
        let mut plain = outside_code_spans(line);
        for tag in OURS {
            plain = plain.replace(tag, "");
        }
        assert!(!plain.contains('<'), "HTML: {line}");
        let unescaped = |s: &str| plain.replace(&format!("\\{s}"), "").contains(s);
        assert!(
            !unescaped("://") && !plain.contains("www."),
            "a bare link: {line}"
        );
        for (i, c) in plain.char_indices() {
            let escaped = plain[..i].ends_with('\\');
            if matches!(c, '[' | ']' | '~' | '$' | '_') {
                assert!(escaped, "an unescaped {c}: {line}");
            }
        }
        // Bold is ours: `**error**`, `**pypi-size check**`, `**`module...`**`.
        let stars = plain.replace("\\*", "");
        assert!(
            stars.matches('*').count().is_multiple_of(4),
            "a stray *: {line}"
        );
    }
}

#[test]
fn check_exits_as_in_the_other_formats() {
    let empty = Scratch::new("markdown-empty");
    let several = fixture("several");
    let findings = fixture("findings");
    let cases: Vec<Vec<&str>> = vec![
        vec![&several],
        vec![&several, "--fail-on", "warning", "--ci-builds", "80"],
        vec![&findings],
        vec![&findings, "--fail-on", "never"],
        vec![&several, "--max-monthly-cost", "100"],
        vec![empty.path()],
        vec![empty.path(), "--allow-none"],
    ];
    for args in cases {
        let (text, code) = check_markdown(&args);
        for format in ["json", "table"] {
            let (_, other) = output(&[&["check"], &args[..], &["--format", format]].concat());
            assert_eq!(code, other, "{args:?}: markdown {code}, {format} {other}");
        }
        assert!(text.starts_with("**pypi-size check**"), "{args:?}: {text}");
    }
}

/// `diff` of 1,000 blocks that all change: the comment fits, the rows of
/// the blocks with new errors are kept, and the rest is counted.
#[test]
fn diff_of_1000_changed_module_blocks_stays_under_the_comment_limit() {
    let base = Scratch::new("markdown-diff-base");
    let head = Scratch::new("markdown-diff-head");
    let write = |dir: &Scratch, instance: &str, typos: &[usize]| {
        for f in 0..10 {
            let text: String = (f * 100..(f + 1) * 100)
                .map(|i| {
                    let t = if typos.contains(&i) {
                        "c6a.xlarg"
                    } else {
                        instance
                    };
                    block(&format!("pypi_{i}"), t, "")
                })
                .collect();
            dir.write(&format!("m{f}.tf"), &text);
        }
    };
    write(&base, "c6a.large", &[]);
    write(&head, "c6a.xlarge", &[3, 444, 998]);
    let (out, code) = output(&["diff", base.path(), head.path(), "--format", "markdown"]);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(code, 3, "three new errors fail the default gate");
    let chars = text.chars().count();
    assert!(chars < GITHUB_LIMIT, "{chars} characters");
    assert!(
        text.starts_with("**pypi-size diff**: 1000 changed, new findings: 3 errors"),
        "{}",
        &text[..300]
    );
    assert_eq!(assert_markdown_tables(&text), 1);
    let shown = rows(&text).len();
    let left_out = not_shown(&text, "changed module blocks not shown").expect("a note on the rest");
    assert_eq!(shown + left_out, 1000, "{shown} shown, {left_out} not");
    assert!(shown > 100, "{shown} shown");
    for i in [3, 444, 998] {
        assert!(text.contains(&format!("| `module.pypi_{i}` |")), "pypi_{i}");
    }
    assert!(!text.contains("<details>"), "details go before any row");
    assert!(text.trim_end().ends_with("</sub>"), "the footer stays");
}

/// A hostile address or value in either tree adds no markup to the diff.
#[test]
fn diff_values_cannot_inject_markup() {
    let base = Scratch::new("markdown-diff-hostile-base");
    let head = Scratch::new("markdown-diff-hostile-head");
    let hostile = "  environment = \"<img src=x onerror=alert(1)> | [x](https://evil) `\"\n";
    base.write("main.tf", &block("pypi", "c6a.large", ""));
    head.write("main.tf", &block("pypi", "c6a.xlarge", hostile));
    let (out, code) = output(&["diff", base.path(), head.path(), "--format", "markdown"]);
    assert_eq!(code, 0);
    let text = String::from_utf8(out).unwrap();
    assert!(assert_markdown_tables(&text) >= 2, "{text}");
    for line in text.lines() {
        let outside = outside_code_spans(line);
        assert!(!outside.contains("<img"), "{line}");
        assert!(!outside.contains("](https"), "{line}");
    }
    assert!(text.contains("`environment`"), "{text}");
}

/// A Terraform value of any length cannot push the gate's verdict out of
/// the comment, nor the comment over the limit with what CI adds.
#[test]
fn a_huge_value_keeps_the_verdict_and_the_limit() {
    let base = Scratch::new("markdown-huge-base");
    let head = Scratch::new("markdown-huge-head");
    let key = "k".repeat(21_500);
    base.write("main.tf", &block("pypi", "c6a.large", ""));
    head.write(
        "main.tf",
        &format!(
            "variable \"t\" {{\n  type = string\n}}\n{}",
            block(
                "pypi",
                "c6a.large",
                &format!("  for_each = toset([\"{key}\"])\n")
            )
            .replace("\"c6a.large\"", "var.t")
        ),
    );
    let (out, code) = output(&[
        "diff",
        base.path(),
        head.path(),
        "--fail-above",
        "10",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 3);
    let text = String::from_utf8(out).unwrap();
    let chars = text.chars().count();
    assert!(chars <= 65_000, "{chars} characters");
    assert!(text.contains("Gate: **failed**"), "{}", &text[..500]);
}
