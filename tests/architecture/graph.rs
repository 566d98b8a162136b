//! Paths and the file graph: the `crate::`, `super::` and `pypi_size::`
//! paths of a file made absolute, the edges between files, their cycles,
//! and the lengths of functions.

use std::collections::{BTreeMap, BTreeSet};

use super::reading::{Source, closing_brace, is_ident, test_modules};

/// The paths a use tree names, from `s` on (just after `crate::` or
/// `super::`): `a::{b, c::{self, D}}` names a::b, a::c and a::c::D.
pub fn use_tree(s: &[u8], i: &mut usize, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
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
pub enum Crate {
    Lib,
    Bin,
}

/// A reference from one file: the crate it points into, the absolute module
/// path, and whether it was written with `super::`.
pub struct Reference {
    pub krate: Crate,
    pub path: Vec<String>,
    pub via_super: bool,
}

/// The modules of the binary: the `mod` items of src/main.rs.
pub fn binary_modules(sources: &[Source]) -> BTreeSet<String> {
    // A library crate (crates/tf-eval) has no binary.
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
pub fn module_of(path: &str, bin: &BTreeSet<String>) -> (Crate, Vec<String>) {
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
pub fn references(code: &str, krate: Crate, module: &[String]) -> Vec<Reference> {
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
/// (the longest module prefix that is a file), its test modules' paths
/// included. A file's own paths, and `super::` paths up to its own
/// ancestors, are not edges.
pub fn graph(sources: &[Source]) -> BTreeMap<String, BTreeSet<String>> {
    let bin = binary_modules(sources);
    let files: BTreeMap<(Crate, Vec<String>), &str> = sources
        .iter()
        .map(|s| (module_of(&s.path, &bin), s.path.as_str()))
        .collect();
    let mut graph = BTreeMap::new();
    for s in sources {
        let (krate, module) = module_of(&s.path, &bin);
        let edges: &mut BTreeSet<String> = graph.entry(s.path.clone()).or_default();
        // A test module's paths: `super::` there is the file's own module.
        let in_tests = test_modules(&s.full).into_iter().map(|(name, range)| {
            let mut inner = module.clone();
            inner.push(name);
            references(&s.full[range], krate, &inner)
        });
        let all = references(&s.code, krate, &module).into_iter();
        for r in all.chain(in_tests.flatten()) {
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
pub fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
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
pub fn function_lengths(code: &str) -> Vec<(String, usize)> {
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
pub fn against_exceptions(found: &BTreeSet<String>, known: &[String]) -> Vec<String> {
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
