//! Damaging a text one edit at a time, for the fuzzers: the Terraform
//! reader's (this crate's tests/fuzz.rs) and pypi-size's loader and `check`
//! (its tests/fuzz/fuzz.rs, which includes this file by path).

/// One edit of a text: drop, double or replace a line, append junk to it, or
/// put `extreme` in place of the value of the first `key = value` line from
/// that line on.
pub fn damage(text: &str, line: usize, how: u8, junk: &str, extreme: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    if lines.is_empty() {
        return junk.to_string();
    }
    let i = line % lines.len();
    match how % 5 {
        0 => {
            lines.remove(i);
        }
        1 => {
            let l = lines[i].clone();
            lines.insert(i, l);
        }
        2 => lines[i].push_str(junk),
        3 => lines[i] = junk.to_string(),
        _ => {
            if let Some(j) = (i..lines.len())
                .chain(0..i)
                .find(|&j| lines[j].contains(" = "))
            {
                let key = lines[j].split(" = ").next().unwrap_or_default().to_string();
                lines[j] = format!("{key} = {extreme}");
            }
        }
    }
    lines.join("\n")
}
