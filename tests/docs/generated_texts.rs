//! What pypi-size generates about itself: every help text, manual page and
//! completion script is made from the one command line with the data's
//! text (no placeholder of the source's `///` docs reaches a user), every
//! page another names is written, and bash completes what help promises.

use crate::common::{Scratch, stdout};

/// Words of the `///` placeholders app/help.rs replaces with the data's
/// text; none may reach a user.
const PLACEHOLDERS: &[&str] = &["help.rs", "src/", "sets the full text"];

fn assert_no_placeholder(what: &str, text: &str) {
    for p in PLACEHOLDERS {
        assert!(
            !text.contains(p),
            "{what} holds the placeholder {p:?}:\n{text}"
        );
    }
}

/// Every subcommand's path (`catalog import` as two words).
fn subcommands() -> Vec<Vec<String>> {
    let pages = man_pages();
    let mut out: Vec<Vec<String>> = pages
        .iter()
        .filter_map(|p| p.strip_prefix("pypi-size-"))
        .map(|p| {
            p.trim_end_matches(".1")
                .split('-')
                .map(String::from)
                .collect()
        })
        .collect();
    out.retain(|words: &Vec<String>| !words.is_empty());
    out
}

fn man_pages() -> Vec<String> {
    let dir = Scratch::new("man-pages");
    let listed = stdout(&["man", "--dir", dir.path()]);
    let mut names: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(listed.lines().count(), names.len(), "{listed}");
    names
}

#[test]
fn no_help_text_holds_a_placeholder() {
    assert_no_placeholder("--help", &stdout(&["--help"]));
    for words in subcommands() {
        for flag in ["-h", "--help"] {
            let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
            args.push(flag);
            assert_no_placeholder(&args.join(" "), &stdout(&args));
        }
    }
}

#[test]
fn no_manual_page_holds_a_placeholder_or_names_a_page_not_written() {
    let dir = Scratch::new("man-texts");
    stdout(&["man", "--dir", dir.path()]);
    let pages = man_pages();
    assert!(
        pages.contains(&"pypi-size-catalog-import.1".to_string()),
        "{pages:?}"
    );
    for page in &pages {
        let text = std::fs::read_to_string(dir.0.join(page)).unwrap();
        assert_no_placeholder(page, &text);
        // Every `pypi-size-NAME(1)` a page points to is written.
        for (i, _) in text.match_indices("pypi\\-size\\-") {
            let rest = &text[i + "pypi\\-size\\-".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_lowercase() || c == '\\' || c == '-'))
                .unwrap_or(rest.len());
            if !rest[end..].starts_with("(1)") {
                continue;
            }
            let name = rest[..end].replace("\\-", "-");
            assert!(
                pages.contains(&format!("pypi-size-{name}.1")),
                "{page} names pypi-size-{name}(1), not written: {pages:?}"
            );
        }
    }
    // `man NAME` prints each page, nested ones by their page name.
    for name in ["capacity", "catalog", "catalog-import"] {
        assert_no_placeholder(name, &stdout(&["man", name]));
    }
}

#[test]
fn no_completion_script_holds_a_placeholder() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        assert_no_placeholder(shell, &stdout(&["completions", shell]));
    }
}

/// What bash completes for `words` (the last is the word being completed)
/// with the generated script, as readline would call it.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let dir = Scratch::new("bash-completion");
    let script = dir.write("pypi-size.bash", &stdout(&["completions", "bash"]));
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let prev = if cword > 0 { words[cword - 1] } else { "" };
    let program = format!(
        "source '{}'\n\
         f=$(complete -p pypi-size | sed -E 's/.*-F ([^ ]+).*/\\1/')\n\
         COMP_WORDS=({})\nCOMP_CWORD={cword}\n\
         \"$f\" pypi-size '{}' '{prev}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script,
        quoted.join(" "),
        words[cword],
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn bash_completes_instance_types_profiles_and_closed_sets() {
    assert_eq!(
        bash_completes(&["pypi-size", "capacity", "--instance", "c6a.x"]),
        ["c6a.xlarge"]
    );
    assert_eq!(
        bash_completes(&["pypi-size", "recommend", "--profile", "he"]),
        ["heavy"]
    );
    assert_eq!(
        bash_completes(&["pypi-size", "check", "--fail-on", "w"]),
        ["warning"]
    );
    assert_eq!(
        bash_completes(&["pypi-size", "advise", "--load", "b"]),
        ["burst"]
    );
    assert_eq!(
        bash_completes(&["pypi-size", "capacity", "--efs-throughput-mode", "el"]),
        ["elastic"]
    );
    assert_eq!(
        bash_completes(&["pypi-size", "catalog", "import", "--reg"]),
        ["--region"]
    );
    assert!(
        bash_completes(&["pypi-size", "compare", "--family", "c6"]).contains(&"c6a".to_string())
    );
    // The subcommand's flags, past the subcommand.
    assert_eq!(
        bash_completes(&["pypi-size", "capacity", "--container-me"]),
        ["--container-memory", "--container-memory-reservation"]
    );
}
