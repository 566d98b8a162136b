//! Text made safe for a terminal. A file name, a module label, a flag value
//! echoed in an error or a string of profiles.toml may carry escape
//! sequences that move the cursor over earlier lines, set the window title,
//! write the clipboard (OSC 52) or hide text. Every control character but
//! newline and tab is shown escaped instead: `\x1b` for C0 and DEL, `\u{9b}`
//! for C1; so are the bidirectional overrides that reorder what is shown.
//! With colour on, only the few SGR sequences pypi-size and clap emit pass.

/// Reset, bold, underline, red, green, yellow, blue: all the colour tables,
/// findings and clap's help use.
const SGR_KEPT: &[&str] = &[
    "\x1b[0m", "\x1b[1m", "\x1b[4m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[34m",
];

/// `text` with every character a terminal would act on escaped; with
/// `colour`, the sequences of [`SGR_KEPT`] are kept.
pub fn terminal_safe(text: &str, colour: bool) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if colour
            && c == '\x1b'
            && let Some(sgr) = SGR_KEPT.iter().find(|s| rest.starts_with(**s))
        {
            out.push_str(sgr);
            rest = &rest[sgr.len()..];
            continue;
        }
        if !needs_escape(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_lines_kept() {
        assert_eq!(terminal_safe("a\tb\nc", false), "a\tb\nc");
        assert_eq!(
            terminal_safe("x\x1b]52;c;aGk=\x07y\r\x7f", false),
            "x\\x1b]52;c;aGk=\\x07y\\x0d\\x7f"
        );
        assert_eq!(
            terminal_safe("\u{9b}2J \u{202e}", false),
            "\\u{9b}2J \\u{202e}"
        );
        assert_eq!(terminal_safe("naïve — ✓", false), "naïve — ✓");
    }

    #[test]
    fn only_known_colours_pass_and_only_with_colour() {
        let red = "\x1b[31merror\x1b[0m";
        assert_eq!(terminal_safe(red, true), red);
        assert_eq!(terminal_safe(red, false), "\\x1b[31merror\\x1b[0m");
        // Conceal, cursor movement, a title: escaped even with colour.
        assert_eq!(terminal_safe("\x1b[8m\x1b[2A", true), "\\x1b[8m\\x1b[2A");
    }
}
