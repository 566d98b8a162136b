//! Reading the sources for the layout rules: each file under src/ with its
//! comments, string and char literals blanked out (line breaks kept), with
//! and without its `#[cfg(test)]` modules.

use std::path::Path;

/// One file under a crate's src/: its path from the crate root, its code with
/// comments, string and char literals and `#[cfg(test)]` modules blanked out
/// (line breaks kept, so line numbers stay right), the same with the test
/// modules kept, and its length in lines.
pub struct Source {
    pub path: String,
    pub code: String,
    pub full: String,
    pub lines: usize,
    /// Whether the file starts with a `//!` doc.
    pub documented: bool,
}

impl Source {
    pub fn new(path: &str, text: &str) -> Source {
        let full = blank_comments_and_literals(text);
        Source {
            path: path.into(),
            code: blank_test_modules(&full),
            lines: text.lines().count(),
            documented: text.starts_with("//!"),
            full,
        }
    }
}

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// pypi-size's sources (the workspace root is its crate root).
pub fn sources() -> Vec<Source> {
    crate_sources(root())
}

/// The crates under crates/, each as its directory from the workspace root
/// and its sources (paths from its own root: `src/lib.rs`).
pub fn member_crates() -> Vec<(String, Vec<Source>)> {
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

/// Every crate of the workspace: its directory (`""` for pypi-size) and
/// its sources.
pub fn all_crates() -> Vec<(String, Vec<Source>)> {
    let mut all = vec![(String::new(), sources())];
    all.extend(member_crates());
    all
}

/// A crate's file as named from the workspace root.
pub fn in_workspace(dir: &str, path: &str) -> String {
    if dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    }
}

/// The `.rs` files under `dir`, at any depth.
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

/// Every crate's integration tests (`tests/`, at any depth: the test
/// binaries, their modules and shared helpers), each as its path from the
/// workspace root and its number of lines.
pub fn test_files() -> Vec<(String, usize)> {
    let mut files = Vec::new();
    walk(&root().join("tests"), &mut files);
    for (dir, _) in member_crates() {
        let tests = root().join(dir).join("tests");
        if tests.is_dir() {
            walk(&tests, &mut files);
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let path = p.strip_prefix(root()).unwrap().to_str().unwrap();
            let lines = std::fs::read_to_string(&p).unwrap().lines().count();
            (path.replace('\\', "/"), lines)
        })
        .collect()
}

fn crate_sources(crate_root: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    walk(&crate_root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let path = p.strip_prefix(crate_root).unwrap().to_str().unwrap();
            Source::new(
                &path.replace('\\', "/"),
                &std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

pub fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// `text` with comments and the insides of string and char literals turned
/// into spaces; line breaks stay.
pub fn blank_comments_and_literals(text: &str) -> String {
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
pub fn raw_string_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
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
pub fn closing_brace(code: &[u8], open: usize) -> usize {
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

/// The `#[cfg(test)] mod name { ... }` of `code` (already blanked): each
/// module's name, and the byte range from the attribute to the closing brace.
pub fn test_modules(code: &str) -> Vec<(String, std::ops::RangeInclusive<usize>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(n) = code[from..].find("#[cfg(test)]") {
        let at = from + n;
        let rest = code[at + "#[cfg(test)]".len()..].trim_start();
        let name = rest
            .strip_prefix("pub ")
            .unwrap_or(rest)
            .strip_prefix("mod ");
        match (name, code[at..].find(['{', ';']).map(|o| at + o)) {
            (Some(name), Some(open)) if code.as_bytes()[open] == b'{' => {
                let close = closing_brace(code.as_bytes(), open);
                let name = name.split(|c: char| !is_ident(c as u8)).next();
                out.push((name.unwrap_or_default().to_string(), at..=close));
                from = close;
            }
            _ => from = at + 1,
        }
    }
    out
}

/// `code` (already blanked) without its `#[cfg(test)] mod name { ... }`.
pub fn blank_test_modules(code: &str) -> String {
    let mut out = code.as_bytes().to_vec();
    for (_, range) in test_modules(code) {
        for c in &mut out[range] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    }
    String::from_utf8(out).unwrap()
}
