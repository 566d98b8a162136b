//! The workspace's layout rules, checked on the source files read as text:
//!
//! - the library's layers import only downward, data → module → answers,
//!   and the binary's render never reaches into app;
//! - the library does not use clap;
//! - in every crate (pypi-size and those under crates/), no import cycles
//!   between files, test modules included, no source file longer than 900
//!   lines, no function longer than 120, a `//!` doc atop every file;
//! - src/lib.rs only declares modules and re-exports (no layer reaches up to
//!   the crate root for an item);
//! - src/main.rs only wires (at most 40 lines);
//! - ARCHITECTURE.md's table names every folder and source file, and only
//!   real ones;
//! - no fuzz harness in src/, no stray files at the repository root.
//!
//! The Terraform evaluator (crates/tf-eval) needs no text-scanning rule for
//! its boundary: it is its own crate, which cannot name pypi-size (cargo
//! refuses a dependency back) nor clap (not in its Cargo.toml).
//!
//! Known exceptions are listed by name: such a test passes on them and fails
//! on any new offender, and on an exception that is gone (so the list only
//! shrinks).

use std::collections::{BTreeMap, BTreeSet};

const MAIN_MAX_LINES: usize = 40;
const FN_MAX_LINES: usize = 120;
const FILE_MAX_LINES: usize = 900;

/// Source files longer than [`FILE_MAX_LINES`], from the workspace root:
/// none. A new one fails the test; split it by what it holds.
const LONG_FILES: &[&str] = &[];

/// Functions longer than [`FN_MAX_LINES`], as `file::name`: none. A new one
/// fails the test; split it into named steps.
const LONG_FUNCTIONS: &[&str] = &[];

/// Import cycles between files, each as its sorted files. None today; the
/// list is here for a cycle that cannot be broken at once.
const KNOWN_CYCLES: &[&[&str]] = &[];

/// What may sit at the repository root.
const ROOT_ENTRIES: &[&str] = &[
    ".ci",
    "ARCHITECTURE.md",
    ".git",
    ".gitignore",
    "Cargo.lock",
    "Cargo.toml",
    "LICENSE",
    "README.md",
    "bench",
    "build.rs",
    "docs",
    "catalog.toml",
    "crates",
    "profiles.toml",
    "scripts",
    "src",
    "target",
    "tests",
];

mod reading;

mod graph;

use graph::{
    Crate, against_exceptions, binary_modules, cycles, function_lengths, graph, module_of,
    references,
};
use reading::{
    Source, all_crates, blank_comments_and_literals, blank_test_modules, in_workspace, is_ident,
    member_crates, root, sources, test_files,
};

// ---------------------------------------------------------------------------
// The rules.

/// References whose first segment is one of `forbidden`, from the files
/// under `dir`.
fn references_into(dir: &str, krate: Crate, forbidden: &[&str]) -> Vec<String> {
    let sources = sources();
    let bin = binary_modules(&sources);
    let mut bad = Vec::new();
    for s in sources.iter().filter(|s| s.path.starts_with(dir)) {
        let (k, module) = module_of(&s.path, &bin);
        assert_eq!(k, krate, "{}", s.path);
        for r in references(&s.code, k, &module) {
            if r.krate == krate
                && r.path
                    .first()
                    .is_some_and(|f| forbidden.contains(&f.as_str()))
            {
                bad.push(format!("{}: {}", s.path, r.path.join("::")));
            }
        }
    }
    bad
}

#[test]
fn imports_go_only_downward() {
    let mut bad = Vec::new();
    bad.extend(references_into(
        "src/data/",
        Crate::Lib,
        &["module", "answers"],
    ));
    bad.extend(references_into("src/module/", Crate::Lib, &["answers"]));
    bad.extend(references_into(
        "src/answers/",
        Crate::Lib,
        &["app", "render"],
    ));
    bad.extend(references_into("src/render/", Crate::Bin, &["app"]));
    assert!(
        bad.is_empty(),
        "imports going up a layer:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_library_does_not_use_clap() {
    let bad: Vec<String> = sources()
        .into_iter()
        .filter(|s| {
            s.path == "src/lib.rs"
                || ["src/data/", "src/module/", "src/answers/"]
                    .iter()
                    .any(|d| s.path.starts_with(d))
        })
        .flat_map(|s| {
            s.code
                .lines()
                .enumerate()
                .filter(|(_, l)| {
                    l.match_indices("clap").any(|(i, _)| {
                        let b = l.as_bytes();
                        (i == 0 || !is_ident(b[i - 1]))
                            && b.get(i + 4).is_none_or(|&c| !is_ident(c))
                    })
                })
                .map(|(n, l)| format!("{}:{}: {}", s.path, n + 1, l.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(bad.is_empty(), "clap in the library:\n{}", bad.join("\n"));
}

#[test]
fn no_import_cycles_between_files() {
    let found: BTreeSet<String> = all_crates()
        .iter()
        .flat_map(|(dir, sources)| {
            cycles(&graph(sources)).into_iter().map(move |c| {
                let files: Vec<String> = c.iter().map(|f| in_workspace(dir, f)).collect();
                files.join(" ")
            })
        })
        .collect();
    let known: Vec<String> = KNOWN_CYCLES.iter().map(|c| c.join(" ")).collect();
    let problems = against_exceptions(&found, &known);
    assert!(
        problems.is_empty(),
        "import cycles:\n{}",
        problems.join("\n")
    );
}

#[test]
fn main_only_wires() {
    let main = std::fs::read_to_string(root().join("src/main.rs")).unwrap();
    let lines = main.lines().count();
    assert!(
        lines <= MAIN_MAX_LINES,
        "src/main.rs has {lines} lines, at most {MAIN_MAX_LINES}: move the work to src/app/"
    );
}

#[test]
fn no_function_is_longer_than_120_lines() {
    let found: BTreeSet<String> = all_crates()
        .iter()
        .flat_map(|(dir, sources)| {
            sources.iter().flat_map(move |s| {
                function_lengths(&s.code)
                    .into_iter()
                    .filter(|(_, lines)| *lines > FN_MAX_LINES)
                    .map(move |(name, _)| format!("{}::{name}", in_workspace(dir, &s.path)))
            })
        })
        .collect();
    let known: Vec<String> = LONG_FUNCTIONS.iter().map(|f| f.to_string()).collect();
    let problems = against_exceptions(&found, &known);
    assert!(
        problems.is_empty(),
        "functions over {FN_MAX_LINES} lines:\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_source_file_is_longer_than_900_lines() {
    let found: BTreeSet<String> = all_crates()
        .iter()
        .flat_map(|(dir, sources)| {
            sources
                .iter()
                .filter(|s| s.lines > FILE_MAX_LINES)
                .map(move |s| in_workspace(dir, &s.path))
        })
        .collect();
    let known: Vec<String> = LONG_FILES.iter().map(|f| f.to_string()).collect();
    let problems = against_exceptions(&found, &known);
    assert!(
        problems.is_empty(),
        "source files over {FILE_MAX_LINES} lines (split them by what they hold):\n{}",
        problems.join("\n")
    );
}

/// Test files are held to the same rule: a test binary gathers its modules
/// (tests/cli/main.rs and its files), it does not grow one long file.
#[test]
fn no_test_file_is_longer_than_900_lines() {
    let found: BTreeSet<String> = test_files()
        .into_iter()
        .filter(|(_, lines)| *lines > FILE_MAX_LINES)
        .map(|(path, _)| path)
        .collect();
    let known: Vec<String> = LONG_FILES.iter().map(|f| f.to_string()).collect();
    let problems = against_exceptions(&found, &known);
    assert!(
        problems.is_empty(),
        "test files over {FILE_MAX_LINES} lines (split them into modules by theme):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_test_file_rule_sees_every_test_binary() {
    let files: Vec<String> = test_files().into_iter().map(|(path, _)| path).collect();
    for f in [
        "tests/architecture/main.rs",
        "tests/cli/main.rs",
        "tests/common/mod.rs",
    ] {
        assert!(files.iter().any(|p| p == f), "{f}: {files:?}");
    }
    assert!(files.iter().any(|p| p.starts_with("crates/")), "{files:?}");
}

#[test]
fn every_file_says_what_it_is_for() {
    let bad: Vec<String> = all_crates()
        .iter()
        .flat_map(|(dir, sources)| {
            sources
                .iter()
                .filter(|s| !s.documented)
                .map(move |s| in_workspace(dir, &s.path))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "files without a `//!` doc at the top:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_rules_see_the_evaluator_crate() {
    let members = member_crates();
    let eval = members
        .iter()
        .find(|(dir, _)| dir == "crates/tf-eval")
        .expect("crates/tf-eval");
    assert!(eval.1.iter().any(|s| s.path == "src/lib.rs"));
    assert!(eval.1.len() >= 10, "{} files", eval.1.len());
    // Its `crate::` paths are edges of its own file graph.
    let g = graph(&eval.1);
    assert!(g["src/modules.rs"].contains("src/scope.rs"), "{g:?}");
    // Its files are not also read as pypi-size's.
    assert!(sources().iter().all(|s| !s.path.contains("tf-eval")));
}

#[test]
fn lib_rs_only_declares_modules_and_reexports() {
    let lib = sources()
        .into_iter()
        .find(|s| s.path == "src/lib.rs")
        .unwrap();
    let items: Vec<&str> = lib
        .code
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("#["))
        .filter(|l| !(l.starts_with("pub mod ") || l.starts_with("pub use ")))
        .collect();
    assert!(
        items.is_empty(),
        "src/lib.rs holds items, which the layers below would import from the \
         crate root, upwards; put them in their layer and re-export them: {items:?}"
    );
}

#[test]
fn no_fuzz_harness_in_src() {
    let fuzz: Vec<String> = sources()
        .into_iter()
        .map(|s| s.path)
        .filter(|p| p.rsplit('/').next() == Some("fuzz.rs"))
        .collect();
    assert!(fuzz.is_empty(), "the CLI fuzzer lives in tests/: {fuzz:?}");
}

#[test]
fn no_stray_files_at_the_root() {
    let stray: Vec<String> = std::fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !ROOT_ENTRIES.contains(&name.as_str()))
        .collect();
    assert!(
        stray.is_empty(),
        "stray files at the repository root (or add them to ROOT_ENTRIES): {stray:?}"
    );
}

// ---------------------------------------------------------------------------
// The checkers themselves can fail.

fn synthetic(edges: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in edges {
        g.entry(a.to_string()).or_default().insert(b.to_string());
        g.entry(b.to_string()).or_default();
    }
    g
}

#[test]
fn the_cycle_detector_finds_a_cycle() {
    let g = synthetic(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e")]);
    assert_eq!(cycles(&g), vec![vec!["a", "b", "c"]]);
    let g = synthetic(&[("x", "y"), ("y", "x"), ("a", "b"), ("b", "a")]);
    assert_eq!(cycles(&g), vec![vec!["a", "b"], vec!["x", "y"]]);
    let g = synthetic(&[("a", "b"), ("b", "c"), ("a", "c")]);
    assert!(cycles(&g).is_empty());
}

#[test]
fn paths_are_read_through_use_trees_comments_and_strings() {
    let code = blank_comments_and_literals(
        "use crate::{a::{self, b::C}, d};\n\
         // crate::commented::Out\n\
         let s = \"crate::in_a_string\"; let c = '{';\n\
         fn f<'a>(x: &'a str) { crate::e::f(x) }\n\
         use super::g::H;\n",
    );
    let paths: Vec<String> = references(&code, Crate::Lib, &["m".into(), "n".into()])
        .into_iter()
        .map(|r| r.path.join("::"))
        .collect();
    assert_eq!(paths, ["a", "a::b::C", "d", "e::f", "m::g::H"]);
}

#[test]
fn the_file_graph_sees_a_cycle_and_skips_super_to_the_parent() {
    let source = Source::new;
    let sources = vec![
        source("src/main.rs", "mod app;\n"),
        source("src/lib.rs", "pub mod data;\n"),
        source("src/data/mod.rs", "mod x;\nuse crate::data::x::X;\n"),
        source("src/data/x.rs", "use super::Y;\nuse crate::data::z::Z;\n"),
        source("src/data/z.rs", "pub fn z() { crate::data::x::X }\n"),
        source(
            "src/app/mod.rs",
            "use pypi_size::data::Y;\n#[cfg(test)]\nmod tests { use crate::app::t; }\n",
        ),
    ];
    let g = graph(&sources);
    assert_eq!(g["src/data/x.rs"], BTreeSet::from(["src/data/z.rs".into()]));
    assert_eq!(
        g["src/app/mod.rs"],
        BTreeSet::from(["src/data/mod.rs".into()])
    );
    assert_eq!(cycles(&g), vec![vec!["src/data/x.rs", "src/data/z.rs"]]);
    // A test module's paths are edges too; its `super::` is its file.
    let sources = vec![
        source("src/main.rs", "mod app;\n"),
        source("src/lib.rs", "pub mod data;\n"),
        source("src/data/a.rs", "use crate::data::b::B;\n"),
        source(
            "src/data/b.rs",
            "#[cfg(test)]\nmod tests {\n use super::*; use crate::data::a::A;\n}\n",
        ),
    ];
    let g = graph(&sources);
    assert_eq!(g["src/data/b.rs"], BTreeSet::from(["src/data/a.rs".into()]));
    assert_eq!(cycles(&g), vec![vec!["src/data/a.rs", "src/data/b.rs"]]);
}

#[test]
fn long_functions_are_measured_without_test_modules() {
    let body = "    let s = \"}}}\";\n".repeat(5);
    let code = format!(
        "fn short() {{}}\nfn long() {{\n{body}}}\ntrait T {{ fn decl(&self); }}\n\
         #[cfg(test)]\nmod tests {{\n    fn in_tests() {{\n{body}    }}\n}}\n"
    );
    let code = blank_test_modules(&blank_comments_and_literals(&code));
    assert_eq!(
        function_lengths(&code),
        [("short".to_string(), 1), ("long".to_string(), 7)]
    );
    let found = BTreeSet::from(["a::long".to_string(), "a::new".to_string()]);
    let known = ["a::long".to_string(), "a::gone".to_string()];
    assert_eq!(
        against_exceptions(&found, &known),
        ["new: a::new", "gone, remove it from the list: a::gone"]
    );
}

/// The files and folders ARCHITECTURE.md's table names under src/: a row's
/// first cell is a folder (or a file), and each `name.rs` or `name/` in its
/// text is in that folder, or in the `name/` named last before it. A name
/// that is neither is returned as an error.
fn named_in_architecture_md(doc: &str) -> (BTreeSet<String>, Vec<String>) {
    let (mut named, mut errors) = (BTreeSet::new(), Vec::new());
    for line in doc.lines() {
        let Some((folder, text)) = line.strip_prefix("| `").and_then(|l| l.split_once("` |"))
        else {
            continue;
        };
        if !folder.starts_with("src/") || !folder.ends_with('/') {
            named.insert(folder.to_string());
            continue;
        }
        named.insert(format!("{folder}mod.rs"));
        let mut sub = String::new();
        for word in text.split('`').skip(1).step_by(2) {
            let is_dir = word.ends_with('/');
            if !(is_dir || word.ends_with(".rs")) || word.contains(' ') {
                continue;
            }
            let here = format!("{folder}{word}");
            let path = if root().join(&here).exists() || is_dir {
                here
            } else {
                format!("{folder}{sub}{word}")
            };
            if !root().join(&path).exists() {
                errors.push(format!("{folder}: `{word}` is not a file there"));
            } else if is_dir {
                named.insert(format!("{path}mod.rs"));
                sub = word.to_string();
            } else {
                named.insert(path);
            }
        }
    }
    (named, errors)
}

#[test]
fn architecture_md_names_every_source_file_and_only_real_ones() {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let (mut named, mut problems) = named_in_architecture_md(&doc);
    // Every `src/...` path it names exists, and counts as named.
    for word in doc.split('`').filter(|w| w.starts_with("src/")) {
        if !root().join(word).exists() {
            problems.push(format!("names {word}, which is gone"));
        }
        named.insert(word.to_string());
    }
    for s in sources() {
        if !named.contains(&s.path) {
            problems.push(format!("does not name {}", s.path));
        }
    }
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_table_reader_resolves_names_in_subfolders() {
    let doc =
        "| `src/answers/` | `sizing.rs`, `check/` (`findings.rs`), `listing.rs`, `gone.rs` |\n";
    let (named, errors) = named_in_architecture_md(doc);
    for f in [
        "mod.rs",
        "sizing.rs",
        "check/mod.rs",
        "check/findings.rs",
        "listing.rs",
    ] {
        assert!(
            named.contains(&format!("src/answers/{f}")),
            "{f}: {named:?}"
        );
    }
    assert_eq!(errors, ["src/answers/: `gone.rs` is not a file there"]);
}
