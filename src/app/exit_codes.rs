//! The exit codes pypi-size returns, in one place. README.md documents them.

use std::process::ExitCode;

/// Everything went as asked.
pub const SUCCESS: u8 = 0;
/// pypi-size could not do its work: an unreadable or invalid data file, or a
/// figure too large to compute with.
pub const FAILURE: u8 = 1;
/// The command line asked for something the module or the tables do not
/// accept: an unknown flag, an out-of-range value, an unknown instance or
/// profile. (clap's own usage errors exit with 2 as well.)
pub const USAGE: u8 = 2;
/// `check` found something at or above `--fail-on`, or a module costs more
/// than `--max-monthly-cost`.
pub const FINDINGS: u8 = 3;
/// `optimize` found no configuration that meets the requirements.
pub const NO_SOLUTION: u8 = 4;

/// Ends the process with `code` at once: what is left (the command line's
/// definition, the tables) is not worth freeing one by one on the way out.
/// Standard output must be flushed first.
pub fn exit(code: u8) -> ExitCode {
    std::process::exit(code.into())
}
