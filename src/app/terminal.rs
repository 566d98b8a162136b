//! What the terminal can show: colour and width.

use crate::app::cli::ColorChoice;
use crate::render::Style;

/// Colour and width for text output. Colour follows --color, else the
/// terminal and NO_COLOR (any non-empty value turns it off); width is the
/// terminal's, or COLUMNS when stdout is not a terminal.
pub fn style(choice: ColorChoice) -> Style {
    use std::io::IsTerminal;
    let tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && !no_color,
    };
    let width = if tty {
        None
    } else {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|w| *w >= 20)
    };
    Style { color, width }
}
