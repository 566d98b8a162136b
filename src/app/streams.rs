//! Standard output and standard error, each written here and nowhere else.
//!
//! - Messages on stderr (errors, notes, clap's usage errors) go through
//!   `render::terminal_safe`: control characters from file names, flag
//!   values or data are shown escaped.
//! - A failed write never panics (`eprintln!` does, which made
//!   `2>/dev/full` exit 101). Failing to write the answer to stdout is an
//!   error: a message on stderr and exit 1. Failing to write a note on
//!   stderr turns a success into exit 1.
//! - A closed pipe (`| head`) is the reader's choice, not a failure: the run
//!   ends quietly with the exit code the answer called for (0 on success),
//!   as it would have had the reader read to the end.

use std::io::{ErrorKind, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::app::exit_codes;
use crate::render::terminal_safe;

/// Whether writing to stderr failed other than on a closed pipe.
static STDERR_FAILED: AtomicBool = AtomicBool::new(false);

/// Writes the answer; returns the exit code the run then ends with.
pub fn answer(text: &str, code: u8) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => code,
        Err(e) if e.kind() == ErrorKind::BrokenPipe => code,
        Err(e) => {
            message(&format!(
                "error: cannot write the answer to standard output: {e}"
            ));
            exit_codes::FAILURE
        }
    }
}

/// An error or a note for stderr, one or more lines.
pub fn message(text: &str) {
    write_stderr(&terminal_safe(text.trim_end_matches('\n'), false), true);
}

fn write_stderr(text: &str, newline: bool) {
    let mut stderr = std::io::stderr().lock();
    let written = stderr
        .write_all(text.as_bytes())
        .and_then(|()| {
            if newline {
                stderr.write_all(b"\n")
            } else {
                Ok(())
            }
        })
        .and_then(|()| stderr.flush());
    if let Err(e) = written
        && e.kind() != ErrorKind::BrokenPipe
    {
        STDERR_FAILED.store(true, Ordering::Relaxed);
    }
}

/// clap's own output: help and the version on stdout, usage errors on
/// stderr, coloured only on a terminal. The exit code it calls for.
pub fn clap_output(e: &clap::Error) -> u8 {
    let code = u8::try_from(e.exit_code()).unwrap_or(exit_codes::USAGE);
    let on_terminal = if e.use_stderr() {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    let colour = on_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let rendered = e.render();
    let text = if colour {
        terminal_safe(&rendered.ansi().to_string(), true)
    } else {
        terminal_safe(&rendered.to_string(), false)
    };
    if e.use_stderr() {
        write_stderr(&text, false);
        code
    } else {
        answer(&text, code)
    }
}

/// The exit code, once the streams have had their say: a success whose
/// notes could not be written is not one.
pub fn settle(code: u8) -> u8 {
    if code == exit_codes::SUCCESS && STDERR_FAILED.load(Ordering::Relaxed) {
        exit_codes::FAILURE
    } else {
        code
    }
}
