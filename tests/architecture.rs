//! The workspace's layout rules, checked on the source files read as text:
//!
//! - the library's layers import only downward, data → module → answers,
//!   and the binary's render never reaches into app;
//! - the library does not use clap;
//! - no import cycles between files, in pypi-size and in each crate under
//!   crates/;
//! - src/main.rs only wires (at most 40 lines); in every crate no function
//!   is longer than 120 lines, no file longer than 900, and every file
//!   starts with a `//!` doc;
//! - no fuzz harness in src/, no stray files at the repository root.
//!
//! The Terraform evaluator (crates/tf-eval) needs no text-scanning rule for
//! its boundary: it is its own crate, which cannot name pypi-size (cargo
//! refuses a dependency back, a cycle) nor clap (not in its Cargo.toml).
//!
//! Known exceptions are listed by name: such a test passes on them and fails
//! on any new offender, and on an exception that is gone (so the list only
//! shrinks).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const MAIN_MAX_LINES: usize = 40;
const FN_MAX_LINES: usize = 120;
const FILE_MAX_LINES: usize = 900;

/// Functions longer than [`FN_MAX_LINES`], as `file::name`: none. A new one
/// fails the test; split it into named steps.
const LONG_FUNCTIONS: &[&str] = &[];

/// Files longer than [`FILE_MAX_LINES`], from the workspace root: being
/// split (issue 21). A new one fails the test.
const LONG_FILES: &[&str] = &[
    "src/answers/check.rs",
    "src/answers/optimize.rs",
    "src/app/cli.rs",
];

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

// ---------------------------------------------------------------------------
// Reading the sources.

/// One file under a crate's src/: its path from the crate root, its code
/// with comments, string and char literals and `#[cfg(test)]` modules
/// blanked out (line breaks kept, so line numbers stay right), and its text.
struct Source {
    path: String,
    code: String,
    text: String,
}

/// The workspace root, which is pypi-size's crate root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// pypi-size's sources.
fn sources() -> Vec<Source> {
    crate_sources(root())
}

/// The crates under crates/, each as its directory from the workspace root
/// and its sources.
fn member_crates() -> Vec<(String, Vec<Source>)> {
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no crate under crates/");
    dirs.into_iter()
        .map(|d| {
            let name = d.strip_prefix(root()).unwrap().to_string_lossy();
            (name.replace('\\', "/"), crate_sources(&d))
        })
        .collect()
}

/// Every crate of the workspace: its directory from the root (`""` for
/// pypi-size) and its sources.
fn all_crates() -> Vec<(String, Vec<Source>)> {
    let mut all = vec![(String::new(), sources())];
    all.extend(member_crates());
    all
}

/// A crate's file as named from the workspace root.
fn in_workspace(dir: &str, path: &str) -> String {
    if dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    }
}

fn crate_sources(crate_root: &Path) -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&crate_root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            Source {
                path: p
                    .strip_prefix(crate_root)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .replace('\\', "/"),
                code: blank_test_modules(&blank_comments_and_literals(&text)),
                text,
            }
        })
        .collect()
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// `text` with comments and the insides of string and char literals turned
/// into spaces; line breaks stay.
fn blank_comments_and_literals(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            let end = b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |n| i + n);
            blank(&mut out, i, end);
            i = end;
        } else if b[i..].starts_with(b"/*") {
            let (mut depth, mut j) = (0usize, i);
            while j < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if let Some((start, hashes)) = raw_string_at(b, i) {
            // A raw string: r"..." or r#"..."#.
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let body = start + hashes + 1;
            let end = b[body..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(b.len(), |n| body + n + close.len());
            blank(&mut out, body, end - close.len());
            i = end;
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i + 1, j);
            i = j + 1;
        } else if b[i] == b'\'' {
            // A char literal ('x', '\n', '\u{1F600}', '{'), or a lifetime.
            let len = if b.get(i + 1) == Some(&b'\\') {
                b[i + 3..].iter().position(|&c| c == b'\'').map(|n| n + 4)
            } else {
                let ch = text[i + 1..].chars().next().map_or(1, char::len_utf8);
                (b.get(i + 1 + ch) == Some(&b'\'')).then_some(ch + 2)
            };
            match len {
                Some(len) => {
                    blank(&mut out, i + 1, i + len - 1);
                    i += len;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Where the body of a raw string (`r"`, `r#"`, `br"`...) starting at `i`
/// begins, and its number of `#`.
fn raw_string_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
    if i > 0 && is_ident(b[i - 1]) {
        return None;
    }
    let start = match b.get(i..i + 2) {
        Some(b"br") => i + 2,
        Some([b'r', _]) => i + 1,
        _ => return None,
    };
    let hashes = b[start..].iter().take_while(|&&c| c == b'#').count();
    (b.get(start + hashes) == Some(&b'"')).then_some((start, hashes))
}

/// The index of the `}` closing the `{` at `open`.
fn closing_brace(code: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    for (j, &c) in code.iter().enumerate().skip(open) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    code.len() - 1
}

/// `code` (already blanked) without its `#[cfg(test)] mod name { ... }`.
fn blank_test_modules(code: &str) -> String {
    let mut out = code.as_bytes().to_vec();
    let mut from = 0;
    while let Some(n) = code[from..].find("#[cfg(test)]") {
        let at = from + n;
        let rest = code[at + "#[cfg(test)]".len()..].trim_start();
        let is_mod = rest.starts_with("mod ") || rest.starts_with("pub mod ");
        if let Some(open) = code[at..].find(['{', ';']).map(|o| at + o)
            && is_mod
            && code.as_bytes()[open] == b'{'
        {
            let close = closing_brace(code.as_bytes(), open);
            for c in &mut out[at..=close] {
                if *c != b'\n' {
                    *c = b' ';
                }
            }
            from = close;
        } else {
            from = at + 1;
        }
    }
    String::from_utf8(out).unwrap()
}

// ---------------------------------------------------------------------------
// Paths and the file graph.

/// The paths a use tree names, from `s` on (just after `crate::` or
/// `super::`): `a::{b, c::{self, D}}` names a::b, a::c and a::c::D.
fn use_tree(s: &[u8], i: &mut usize, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let skip_ws = |i: &mut usize| {
        while *i < s.len() && s[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    loop {
        skip_ws(i);
        match s.get(*i) {
            Some(b'{') => {
                *i += 1;
                loop {
                    skip_ws(i);
                    match s.get(*i) {
                        None => return,
                        Some(b'}') => {
                            *i += 1;
                            return;
                        }
                        Some(b',') => *i += 1,
                        Some(_) => {
                            let before = *i;
                            use_tree(s, i, prefix.clone(), out);
                            if *i == before {
                                *i += 1;
                            }
                        }
                    }
                }
            }
            Some(b'*') => {
                *i += 1;
                out.push(prefix);
                return;
            }
            _ => {}
        }
        let start = *i;
        while *i < s.len() && is_ident(s[*i]) {
            *i += 1;
        }
        let ident = std::str::from_utf8(&s[start..*i]).unwrap();
        if ident.is_empty() {
            out.push(prefix);
            return;
        }
        if ident != "self" {
            prefix.push(ident.to_string());
        }
        skip_ws(i);
        if s[*i..].starts_with(b"::") {
            *i += 2;
        } else {
            out.push(prefix);
            return;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Crate {
    Lib,
    Bin,
}

/// A reference from one file: the crate it points into, the absolute module
/// path, and whether it was written with `super::`.
struct Reference {
    krate: Crate,
    path: Vec<String>,
    via_super: bool,
}

/// The modules of the binary: the `mod` items of src/main.rs (none in a
/// library crate).
fn binary_modules(sources: &[Source]) -> BTreeSet<String> {
    let Some(main) = sources.iter().find(|s| s.path == "src/main.rs") else {
        return BTreeSet::new();
    };
    main.code
        .lines()
        .filter_map(|l| {
            let l = l.trim().strip_prefix("pub ").unwrap_or(l.trim());
            l.strip_prefix("mod ")?.strip_suffix(';').map(String::from)
        })
        .collect()
}

/// The crate and module path of a file under src/.
fn module_of(path: &str, bin: &BTreeSet<String>) -> (Crate, Vec<String>) {
    let rel = path
        .strip_prefix("src/")
        .unwrap()
        .strip_suffix(".rs")
        .unwrap();
    let mut segments: Vec<String> = rel.split('/').map(String::from).collect();
    if matches!(rel, "lib" | "main") || segments.last().is_some_and(|s| s == "mod") {
        segments.pop();
    }
    let krate = if rel == "main" || segments.first().is_some_and(|s| bin.contains(s)) {
        Crate::Bin
    } else {
        Crate::Lib
    };
    (krate, segments)
}

/// Every `crate::`, `super::` and (from the binary) `pypi_size::` path in a
/// file's code, made absolute.
fn references(code: &str, krate: Crate, module: &[String]) -> Vec<Reference> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !(is_ident(b[i - 1]) || b[i - 1] == b'$' || b[i - 1] == b':');
        let starts = |word: &str| boundary && b[i..].starts_with(word.as_bytes());
        let (target, base, mut j, via_super) = if starts("crate::") {
            (krate, vec![], i + "crate::".len(), false)
        } else if starts("pypi_size::") && krate == Crate::Bin {
            (Crate::Lib, vec![], i + "pypi_size::".len(), false)
        } else if starts("super::") {
            // Each `super` is one module up from the file's (a mod.rs is
            // its directory's module).
            let mut base = module.to_vec();
            let mut j = i;
            while b[j..].starts_with(b"super::") {
                base.pop();
                j += "super::".len();
            }
            (krate, base, j, true)
        } else {
            i += 1;
            continue;
        };
        let mut paths = Vec::new();
        use_tree(b, &mut j, vec![], &mut paths);
        for p in paths {
            let mut path = base.clone();
            path.extend(p);
            out.push(Reference {
                krate: target,
                path,
                via_super,
            });
        }
        i = j.max(i + 1);
    }
    out
}

/// The file graph: an edge from each file to each file its paths resolve to
/// (the longest module prefix that is a file). A file's own paths, and
/// `super::` paths up to its own ancestors, are not edges.
fn graph(sources: &[Source]) -> BTreeMap<String, BTreeSet<String>> {
    let bin = binary_modules(sources);
    let files: BTreeMap<(Crate, Vec<String>), &str> = sources
        .iter()
        .map(|s| (module_of(&s.path, &bin), s.path.as_str()))
        .collect();
    let mut graph = BTreeMap::new();
    for s in sources {
        let (krate, module) = module_of(&s.path, &bin);
        let edges: &mut BTreeSet<String> = graph.entry(s.path.clone()).or_default();
        for r in references(&s.code, krate, &module) {
            let target = (0..=r.path.len())
                .rev()
                .find_map(|k| files.get(&(r.krate, r.path[..k].to_vec())))
                .copied();
            let Some(target) = target else { continue };
            let (_, target_module) = module_of(target, &bin);
            let ancestor = module.starts_with(&target_module);
            if target != s.path && !(r.via_super && ancestor) {
                edges.insert(target.to_string());
            }
        }
    }
    graph
}

/// The cycles of a graph: its strongly connected components of two or more
/// nodes, each sorted (Tarjan's algorithm).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.graph.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.on_stack.contains(w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.out.push(component);
                }
            }
        }
    }
    let mut t = Tarjan {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.out.sort();
    t.out
}

/// Each `fn` with a body in `code`: its name and its length in lines, from
/// the line of `fn` to the line of its closing brace.
fn function_lengths(code: &str) -> Vec<(String, usize)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(n) = code[from..].find("fn ") {
        let at = from + n;
        from = at + 3;
        if at > 0 && is_ident(b[at - 1]) {
            continue;
        }
        let name: String = code[at + 3..]
            .trim_start()
            .chars()
            .take_while(|&c| c.is_alphanumeric() || c == '_')
            .collect();
        if name.is_empty() {
            continue;
        }
        let Some(open) = code[at..].find(['{', ';']).map(|o| at + o) else {
            continue;
        };
        if b[open] == b';' {
            continue;
        }
        let close = closing_brace(b, open);
        let lines = code[at..=close].matches('\n').count() + 1;
        out.push((name, lines));
    }
    out
}

/// Offenders against a known-exceptions list: new ones, and listed ones that
/// are gone.
fn against_exceptions(found: &BTreeSet<String>, known: &[String]) -> Vec<String> {
    let known: BTreeSet<&String> = known.iter().collect();
    let mut problems: Vec<String> = found
        .iter()
        .filter(|f| !known.contains(f))
        .map(|f| format!("new: {f}"))
        .collect();
    problems.extend(
        known
            .iter()
            .filter(|k| !found.contains(**k))
            .map(|k| format!("gone, remove it from the list: {k}")),
    );
    problems
}

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
    // tf_eval, beneath every layer, is another crate: the compiler keeps
    // it from reaching up.
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
fn no_file_is_longer_than_900_lines() {
    let found: BTreeSet<String> = all_crates()
        .iter()
        .flat_map(|(dir, sources)| {
            sources
                .iter()
                .filter(|s| s.text.lines().count() > FILE_MAX_LINES)
                .map(move |s| in_workspace(dir, &s.path))
        })
        .collect();
    let known: Vec<String> = LONG_FILES.iter().map(|f| f.to_string()).collect();
    let problems = against_exceptions(&found, &known);
    assert!(
        problems.is_empty(),
        "files over {FILE_MAX_LINES} lines (split them by topic):\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_file_says_what_it_is_for() {
    let bad: Vec<String> = all_crates()
        .iter()
        .flat_map(|(dir, sources)| {
            sources
                .iter()
                .filter(|s| !s.text.starts_with("//!"))
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
    assert!(g["src/eval.rs"].contains("src/number/mod.rs"), "{g:?}");
    // Its files are not also read as pypi-size's.
    assert!(sources().iter().all(|s| s.path.starts_with("src/")));
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
    let source = |path: &str, text: &str| Source {
        path: path.into(),
        code: blank_test_modules(&blank_comments_and_literals(text)),
        text: text.into(),
    };
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

#[test]
fn architecture_md_names_every_folder_and_only_real_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let dirs: Vec<String> = std::fs::read_dir(root.join("src"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| format!("`src/{}/`", e.file_name().to_string_lossy()))
        .collect();
    for d in &dirs {
        assert!(
            doc.contains(d.as_str()),
            "ARCHITECTURE.md does not name {d}"
        );
    }
    for (dir, _) in member_crates() {
        let d = format!("`{dir}/`");
        assert!(doc.contains(&d), "ARCHITECTURE.md does not name {d}");
    }
    // Every `src/...` and `crates/...` path it names exists.
    for word in doc
        .split('`')
        .filter(|w| w.starts_with("src/") || w.starts_with("crates/"))
    {
        assert!(
            root.join(word).exists(),
            "ARCHITECTURE.md names {word}, which is gone"
        );
    }
}
