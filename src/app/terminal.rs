//! What the terminal can show: colour and width.

use crate::app::cli::ColorChoice;
use crate::render::Style;

/// The narrowest width taken from a terminal or COLUMNS; below it, the
/// report is treated as no report.
const MIN_WIDTH: u16 = 20;

/// The width used on a terminal that reports no usable size (0×0 under some
/// CI runners and `docker run -t`).
pub const FALLBACK_WIDTH: u16 = 100;

/// Colour and width for text output. Colour follows --color, else the
/// terminal and NO_COLOR (any non-empty value turns it off); width is
/// [`width`]'s.
pub fn style(choice: ColorChoice) -> Style {
    use std::io::IsTerminal;
    let tty = std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && !no_color,
    };
    // comfy-table measures the terminal stdout is (None when it is none).
    let measured = if tty {
        comfy_table::Table::new().width()
    } else {
        None
    };
    let columns = std::env::var("COLUMNS").ok();
    Style {
        color,
        width: width(tty, measured, columns.as_deref()),
    }
}

/// The width tables must fit: on a terminal, its columns, else COLUMNS, else
/// [`FALLBACK_WIDTH`] (a terminal that reports 0 columns must not get a
/// table of one character per cell); off a terminal, COLUMNS or no bound.
pub fn width(tty: bool, measured: Option<u16>, columns: Option<&str>) -> Option<u16> {
    let usable = |w: u16| (w >= MIN_WIDTH).then_some(w);
    let from_env = columns
        .and_then(|c| c.trim().parse::<u16>().ok())
        .and_then(usable);
    if tty {
        Some(
            measured
                .and_then(usable)
                .or(from_env)
                .unwrap_or(FALLBACK_WIDTH),
        )
    } else {
        from_env
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_column_terminal_gets_the_fallback() {
        assert_eq!(width(true, Some(0), None), Some(FALLBACK_WIDTH));
        assert_eq!(width(true, None, None), Some(FALLBACK_WIDTH));
        assert_eq!(width(true, Some(0), Some("0")), Some(FALLBACK_WIDTH));
        assert_eq!(width(true, Some(0), Some("132")), Some(132));
    }

    #[test]
    fn a_measured_terminal_wins_over_columns() {
        assert_eq!(width(true, Some(90), Some("200")), Some(90));
    }

    #[test]
    fn off_a_terminal_only_columns_bounds() {
        assert_eq!(width(false, None, None), None);
        assert_eq!(width(false, None, Some("80")), Some(80));
        assert_eq!(width(false, None, Some("5")), None);
        assert_eq!(width(false, None, Some("wide")), None);
    }
}
