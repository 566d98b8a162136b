//! Terraform files as hcl-edit bodies, with positions: native `.tf` files as
//! they are, JSON `.tf.json` files turned into the equivalent native text
//! (with a map back to their own lines), and override files told apart.
//!
//! A configuration file is parsed a chunk of top-level blocks at a time
//! (hcl-edit's tree takes some 50 bytes per byte of text, so a large file
//! parsed whole would take hundreds of MB); each chunk's declarations are
//! taken out before the next is parsed.

use std::ops::Range;

use hcl::edit::structure::Body;
use serde_json::Value;

use crate::text::line_column;
use crate::{Location, TfError, TfFile};

/// The size of the chunks a configuration file is parsed in.
const CHUNK_BYTES: usize = 64 * 1024;

/// A configuration or variables file, with what positions need.
pub(crate) struct Parsed {
    pub path: String,
    /// The native-syntax text the body was parsed from.
    text: String,
    /// For a `.tf.json`: its own text, to quote in errors.
    json: Option<String>,
    /// For a `.tf.json`: the JSON line of each line of `text`.
    line_map: Option<Vec<usize>>,
    /// Byte offset where each line of `text` starts, for positions in
    /// O(log n) however many are asked for.
    line_starts: Vec<usize>,
    pub body: Body,
    /// `override.tf` and `*_override.tf` (and their `.tf.json` forms): merged
    /// over the other files, after them.
    pub is_override: bool,
}

impl Parsed {
    /// A file parsed whole.
    #[cfg(test)]
    pub fn new(file: &TfFile) -> Result<Parsed, TfError> {
        let mut parsed = Parsed::config(file)?;
        let mut bodies = Vec::new();
        parsed.for_each_chunk(|_, body| {
            bodies.push(body);
            Ok(())
        })?;
        parsed.body = bodies.into_iter().flatten().collect::<Vec<_>>().into();
        Ok(parsed)
    }

    /// A configuration file (its JSON syntax turned native), to be parsed
    /// with [`Parsed::for_each_chunk`].
    pub fn config(file: &TfFile) -> Result<Parsed, TfError> {
        let name = file.path.rsplit(['/', '\\']).next().unwrap_or(&file.path);
        let stem = name
            .strip_suffix(".tf.json")
            .or_else(|| name.strip_suffix(".tf"))
            .unwrap_or(name);
        let is_override = stem == "override" || stem.ends_with("_override");
        let (text, line_map) = if name.ends_with(".json") {
            let (text, map) = json_to_native(&file.text).map_err(|(line, message)| TfError {
                location: Location {
                    file: file.path.clone(),
                    line,
                    column: 1,
                },
                message,
            })?;
            (text, Some(map))
        } else {
            (file.text.clone(), None)
        };
        Ok(Parsed {
            path: file.path.clone(),
            json: line_map.is_some().then(|| file.text.clone()),
            line_starts: line_starts(&text),
            text,
            line_map,
            body: Body::new(),
            is_override,
        })
    }

    /// Parses the text a chunk of top-level blocks at a time, handing each
    /// chunk's byte offset and body to `f`. A chunk cut where it should not
    /// be (inside a heredoc) does not parse: the rest is then parsed whole,
    /// and a syntax error is reported where it is in the file.
    pub fn for_each_chunk<E: From<TfError>>(
        &self,
        mut f: impl FnMut(usize, Body) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut start = 0;
        for end in chunk_ends(&self.text) {
            match hcl::edit::parser::parse_body(&self.text[start..end]) {
                Ok(body) => {
                    f(start, body)?;
                    start = end;
                }
                Err(_) => {
                    let body = hcl::edit::parser::parse_body(&self.text[start..])
                        .map_err(|e| self.syntax_error(&e, start))?;
                    return f(start, body);
                }
            }
        }
        Ok(())
    }

    /// A syntax error at its place in the file (in a `.tf.json`, the JSON
    /// line, quoted).
    fn syntax_error(&self, e: &hcl::edit::parser::Error, base: usize) -> TfError {
        let lines_before = self.line_starts.partition_point(|&s| s <= base) - 1;
        let line = lines_before + e.location().line();
        match (&self.line_map, &self.json) {
            (Some(map), Some(json)) => {
                let line = map.get(line - 1).copied().unwrap_or(1);
                let json_line = json.lines().nth(line - 1).unwrap_or_default();
                TfError {
                    location: Location {
                        file: self.path.clone(),
                        line,
                        column: 1,
                    },
                    message: format!(
                        "HCL syntax error in an expression: {}\n  {line} | {}",
                        e.message(),
                        json_line.trim()
                    ),
                }
            }
            _ => TfError {
                location: Location {
                    file: self.path.clone(),
                    line,
                    column: e.location().column(),
                },
                message: format!(
                    "HCL syntax error: {}\n  {line} | {}",
                    e.message(),
                    e.line().trim_end()
                ),
            },
        }
    }

    /// A native `.tfvars` file, parsed whole.
    pub fn tfvars(path: &str, text: &str) -> Result<Parsed, TfError> {
        let mut parsed = Parsed::text_only(path, text);
        parsed.body =
            hcl::edit::parser::parse_body(text).map_err(|e| parsed.syntax_error(&e, 0))?;
        Ok(parsed)
    }

    /// Text that is not parsed as a body (a `-var` value), for positions.
    pub fn text_only(path: &str, text: &str) -> Parsed {
        Parsed {
            path: path.to_string(),
            text: text.to_string(),
            json: None,
            line_map: None,
            line_starts: line_starts(text),
            body: Body::new(),
            is_override: false,
        }
    }

    /// Where a span of a chunk parsed from `base` stands.
    pub fn location_at(&self, base: usize, span: Option<Range<usize>>) -> Location {
        self.location(span.map(|s| s.start + base..s.end + base))
    }

    pub fn location(&self, span: Option<Range<usize>>) -> Location {
        let (line, column) = span.map_or((1, 1), |s| {
            let offset = s.start.min(self.text.len());
            // The last line starting at or before the offset.
            let index = self.line_starts.partition_point(|&start| start <= offset) - 1;
            let start = self.line_starts[index];
            let column = line_column(&self.text[start..], offset - start).1;
            (index + 1, column)
        });
        match &self.line_map {
            None => Location {
                file: self.path.clone(),
                line,
                column,
            },
            Some(map) => Location {
                file: self.path.clone(),
                line: map.get(line - 1).copied().unwrap_or(1),
                column: 1,
            },
        }
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Where the text may be cut between top-level blocks: the start of a line
/// that begins a name, after a line that is a lone `}`, once a chunk holds
/// [`CHUNK_BYTES`]; and the end of the text.
fn chunk_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut chunk_start = 0;
    let mut after_close = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let starts_name = line.starts_with(|c: char| c.is_ascii_alphabetic());
        if after_close && starts_name && offset - chunk_start >= CHUNK_BYTES {
            ends.push(offset);
            chunk_start = offset;
        }
        after_close = line.trim_end() == "}";
        offset += line.len();
    }
    ends.push(text.len());
    ends
}

/// The native-syntax equivalent of a `.tf.json` file's `variable`, `locals`,
/// `module`, `output`, `resource` and `data` blocks (what sizing reads; of a
/// resource only `count` and `for_each`), and for each line of it the JSON
/// line it came from. JSON strings are templates in Terraform's JSON syntax,
/// so they become quoted native strings, and a string that is a single
/// `${...}` becomes the expression inside it. A `"//"` key is a comment, as
/// Terraform reads it, at any level.
fn json_to_native(json: &str) -> Result<(String, Vec<usize>), (usize, String)> {
    let root: Value = serde_json::from_str(json)
        .map_err(|e| (e.line(), format!("not valid Terraform JSON: {e}")))?;
    let Value::Object(root) = root else {
        return Err((1, "a Terraform JSON file is one object".into()));
    };
    let mut out = Writer {
        json,
        cursor: 0,
        line: 1,
        text: String::new(),
        lines: Vec::new(),
    };
    for (kind, blocks) in &root {
        if !matches!(
            kind.as_str(),
            "variable" | "locals" | "module" | "output" | "resource" | "data"
        ) {
            continue;
        }
        out.seek(kind);
        for object in as_objects(blocks) {
            match kind.as_str() {
                "locals" => {
                    out.line("locals {");
                    for (name, value) in commented(object) {
                        out.seek(name);
                        out.attribute(name, value, false);
                    }
                    out.line("}");
                }
                "resource" | "data" => resources(&mut out, kind, object),
                _ => {
                    for (label, body) in commented(object) {
                        out.seek(label);
                        out.line(&format!("{kind} {} {{", quote(label)));
                        block_body(&mut out, kind, body, |_| true);
                        out.line("}");
                    }
                }
            }
        }
    }
    Ok((out.text, out.lines))
}

/// A JSON object's entries but its `"//"` comments.
fn commented(object: &serde_json::Map<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    object.iter().filter(|(k, _)| k.as_str() != "//")
}

/// The attributes of a block body (an object, or an array of them) that
/// `keep` keeps.
fn block_body(out: &mut Writer<'_>, kind: &str, body: &Value, keep: impl Fn(&str) -> bool) {
    for inner in as_objects(body) {
        for (name, value) in commented(inner).filter(|(n, _)| keep(n)) {
            out.seek(name);
            let bare_type = kind == "variable" && name == "type";
            out.attribute(name, value, bare_type);
        }
    }
}

/// `resource` and `data` blocks: `{"TYPE": {"NAME": {...}}}`, with their
/// `count` and `for_each`.
fn resources(out: &mut Writer<'_>, kind: &str, object: &serde_json::Map<String, Value>) {
    for (type_name, named) in commented(object) {
        out.seek(type_name);
        for by_name in as_objects(named) {
            for (name, body) in commented(by_name) {
                out.seek(name);
                out.line(&format!("{kind} {} {} {{", quote(type_name), quote(name)));
                block_body(out, kind, body, |n| matches!(n, "count" | "for_each"));
                out.line("}");
            }
        }
    }
}

/// A block's value: an object, or (JSON syntax allows it) an array of them.
fn as_objects(value: &Value) -> Vec<&serde_json::Map<String, Value>> {
    match value {
        Value::Object(o) => vec![o],
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

struct Writer<'a> {
    json: &'a str,
    /// How far the JSON has been matched, to find each key's line in order.
    cursor: usize,
    /// The line of `cursor`, counted as it moves (not from the start each time).
    line: usize,
    text: String,
    lines: Vec<usize>,
}

impl Writer<'_> {
    /// Moves past the next occurrence of `"key"` in the JSON text.
    fn seek(&mut self, key: &str) {
        let needle = format!("\"{key}\"");
        if let Some(i) = self.json[self.cursor..].find(&needle) {
            let end = self.cursor + i + needle.len();
            self.line += self.json[self.cursor..end].matches('\n').count();
            self.cursor = end;
        }
    }

    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
        self.lines.push(self.line);
    }

    fn attribute(&mut self, name: &str, value: &Value, bare: bool) {
        let key = if is_identifier(name) {
            name.to_string()
        } else {
            quote(name)
        };
        let expr = match value {
            // A variable's type is an expression written as a string.
            Value::String(s) if bare => s.clone(),
            v => native(v),
        };
        self.line(&format!("  {key} = {expr}"));
    }
}

fn native(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match single_interpolation(s) {
            Some(expr) => format!("({expr})"),
            None => quote(s),
        },
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(native).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .map(|(k, v)| format!("{} = {}", quote(k), native(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `inner` of a string that is exactly `${inner}`.
fn single_interpolation(s: &str) -> Option<&str> {
    let inner = s.strip_prefix("${")?.strip_suffix('}')?;
    (!inner.contains("${") && !inner.contains('}') && !inner.contains('\n')).then_some(inner)
}

/// A native quoted string: JSON's escapes suit it, and `${` stays a template.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::module_blocks;
    use crate::test_support::{SOURCE, interface, root};

    #[test]
    fn syntax_errors_have_a_line() {
        let r = root(&[("bad.tf", "module \"p\" {\n  source = \n}\n")], vec![]);
        let e = module_blocks(&r, &[SOURCE.into()], interface()).unwrap_err();
        assert_eq!(e.location.file, "bad.tf");
        assert_eq!(e.location.line, 2, "{e}");
    }

    #[test]
    fn json_arguments_keep_their_own_lines_in_any_key_order() {
        let json = "{\n  \"module\": {\n    \"p\": {\n      \"source\": \"s\",\n      \"container_memory\": 64,\n      \"asg_subnets\": [\"a\"],\n      \"asg_min_size\": 2,\n      \"asg_instance_type\": \"c6a.large\"\n    }\n  }\n}\n";
        let r = root(&[("main.tf.json", json)], vec![]);
        let b = &module_blocks(&r, &["s".into()], interface()).unwrap()[0];
        let line = |n: &str| b.arguments[n].location.line;
        assert_eq!(
            [
                line("container_memory"),
                line("asg_subnets"),
                line("asg_min_size"),
                line("asg_instance_type")
            ],
            [5, 6, 7, 8]
        );
    }

    #[test]
    fn json_expression_errors_quote_the_json() {
        let json = "{\n  \"module\": {\n    \"p\": {\n      \"source\": \"s\",\n      \"asg_min_size\": \"${1 +}\"\n    }\n  }\n}\n";
        let e = module_blocks(
            &root(&[("main.tf.json", json)], vec![]),
            &["s".into()],
            interface(),
        )
        .unwrap_err();
        assert_eq!(e.location.line, 5);
        assert!(
            e.message.contains("\"asg_min_size\": \"${1 +}\""),
            "{}",
            e.message
        );
    }

    #[test]
    fn json_syntax_becomes_native_with_its_lines() {
        let json = r#"{
  "variable": {
    "size": { "type": "string", "default": "c6a.xlarge" }
  },
  "module": {
    "pypi": {
      "source": "infrahouse/pypiserver/aws",
      "asg_instance_type": "${var.size}",
      "asg_min_size": 2,
      "asg_subnets": ["a", "b"]
    }
  }
}"#;
        let (text, lines) = json_to_native(json).unwrap();
        assert!(text.contains("module \"pypi\" {"), "{text}");
        assert!(text.contains("asg_instance_type = (var.size)"), "{text}");
        assert!(text.contains("type = string"), "{text}");
        let body = hcl::edit::parser::parse_body(&text).unwrap();
        assert_eq!(body.get_blocks("module").count(), 1);
        let min_line = text
            .lines()
            .position(|l| l.contains("asg_min_size"))
            .unwrap();
        assert_eq!(lines[min_line], 9);
    }

    #[test]
    fn override_files_are_told_apart() {
        let parsed = |path: &str| {
            let text = if path.ends_with(".json") { "{}" } else { "" };
            Parsed::new(&TfFile {
                path: path.into(),
                text: text.into(),
            })
            .unwrap()
            .is_override
        };
        assert!(parsed("dir/override.tf"));
        assert!(parsed("dir/prod_override.tf"));
        assert!(parsed("override.tf.json"));
        assert!(!parsed("dir/main.tf"));
        assert!(!parsed("dir/overrides.tf"));
    }
}
