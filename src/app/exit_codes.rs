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
/// `advise --detailed-exitcode` recommends a change, as `terraform plan
/// -detailed-exitcode` exits 2 on changes (stdout then holds the advice; a
/// usage error leaves it empty).
pub const CHANGES: u8 = 2;
/// `check` found something at or above `--fail-on`, or a module costs more
/// than `--max-monthly-cost`; `diff`'s gate failed.
pub const FINDINGS: u8 = 3;
/// `optimize` found no configuration that meets the requirements.
pub const NO_SOLUTION: u8 = 4;

/// Every exit code and its meaning, for the top-level `--help`.
pub const HELP: &str = "\
Exit codes:
  0  success (advise --detailed-exitcode: no change recommended)
  1  failure: an unreadable file, an invalid data file, a Terraform syntax error, a figure
     too large to compute with
  2  usage error: an unknown flag, an out-of-range value, an unknown instance type or
     profile (stdout empty); advise --detailed-exitcode: a change is recommended
  3  check: a finding at or above --fail-on, or a module over --max-monthly-cost;
     diff: the gate failed (a delta above --fail-above(-percent) or unknown, a new finding)
  4  optimize: no configuration meets the requirements (the output says what to relax)";

/// Ends the process with `code` at once: what is left (the command line's
/// definition, the tables) is not worth freeing one by one on the way out.
/// Standard output must be flushed first.
pub fn exit(code: u8) -> ExitCode {
    std::process::exit(code.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_names_every_code() {
        for code in [SUCCESS, FAILURE, USAGE, CHANGES, FINDINGS, NO_SOLUTION] {
            assert!(HELP.contains(&format!("\n  {code}  ")), "{code}");
        }
    }
}
