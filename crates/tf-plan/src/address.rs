//! Module addresses as Terraform writes them: `module.a["x"].module.b[0]`.
//! Instance keys are quoted strings (with JSON-style escapes) or numbers,
//! so a `.` or `]` inside a key does not split the address.

/// Splits a module instance address into its steps: each call name with its
/// instance key as written (`["x"]`, `[0]`, or empty). `None` when the text
/// is not a module address.
pub fn split_module_address(address: &str) -> Option<Vec<(String, String)>> {
    let mut steps = Vec::new();
    let mut rest = address;
    while !rest.is_empty() {
        rest = rest.strip_prefix("module.")?;
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let name = &rest[..end];
        if name.is_empty() {
            return None;
        }
        rest = &rest[end..];
        let key_len = if rest.starts_with('[') {
            key_length(rest)?
        } else {
            0
        };
        steps.push((name.to_string(), rest[..key_len].to_string()));
        rest = &rest[key_len..];
        if !rest.is_empty() {
            rest = rest.strip_prefix('.')?;
            if rest.is_empty() {
                return None;
            }
        }
    }
    Some(steps)
}

/// The length of the `[...]` key at the start of `text`, quotes respected.
fn key_length(text: &str) -> Option<usize> {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ']' if !quoted => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The call path of a module instance address: its names without keys.
pub fn call_path(address: &str) -> Option<Vec<String>> {
    split_module_address(address).map(|steps| steps.into_iter().map(|(n, _)| n).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_keys_with_dots_and_brackets() {
        let steps = split_module_address(r#"module.a["x.y]"].module.b[0].module.c"#).unwrap();
        assert_eq!(
            steps,
            vec![
                ("a".to_string(), r#"["x.y]"]"#.to_string()),
                ("b".to_string(), "[0]".to_string()),
                ("c".to_string(), String::new()),
            ]
        );
        assert_eq!(call_path("module.p").unwrap(), vec!["p".to_string()]);
    }

    #[test]
    fn refuses_what_is_not_a_module_address() {
        for bad in [
            "aws_x.y",
            "module.",
            "module.a.",
            "module.a[\"x",
            "module.a.b",
        ] {
            assert_eq!(split_module_address(bad), None, "{bad}");
        }
    }
}
