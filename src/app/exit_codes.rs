//! The exit codes pypi-size returns: one rule for every command, in one
//! place. README.md and docs/json.md document it; `--help` prints `HELP`.
//!
//! 0 done, 1 input that cannot be read, 2 a usage error, 3 a verdict. A
//! verdict is an answer the caller may gate on, and stdout holds it: an
//! error finding printed, a failed gate, a change recommended under
//! `--detailed-exitcode`, or no configuration meeting `optimize`'s
//! requirements. A usage error leaves stdout empty, so 2 and 3 never mix.

use std::process::ExitCode;

/// Everything went as asked, and the answer calls for nothing.
pub const SUCCESS: u8 = 0;
/// pypi-size could not do its work: an unreadable or invalid data file, a
/// Terraform syntax error, a figure too large to compute with, or a catalog
/// without the type of the profile a workload maps to.
pub const FAILURE: u8 = 1;
/// The command line asked for something the module or the tables do not
/// accept: an unknown flag, an out-of-range value, an unknown instance or
/// profile. (clap's own usage errors exit with 2 as well.)
pub const USAGE: u8 = 2;
/// A verdict, printed on stdout: an error finding, a failed gate, a change
/// recommended, no configuration that meets the requirements.
pub const VERDICT: u8 = 3;
/// `advise --detailed-exitcode` recommends a change, or (`--metrics`) could
/// not judge a rule (a verdict, not a usage error: `terraform plan
/// -detailed-exitcode`'s 2 would collide with ours).
pub const CHANGES: u8 = VERDICT;
/// `check` found something at or above `--fail-on`, or a module costs more
/// than `--max-monthly-cost`; `diff`'s gate failed; `capacity`, `recommend`,
/// `explain` or `profiles` printed an error finding.
pub const FINDINGS: u8 = VERDICT;
/// `optimize` found no configuration that meets the requirements: the
/// answer (what to relax) is printed, so it is a verdict.
pub const NO_SOLUTION: u8 = VERDICT;

/// `optimize --p95` ran out of its prediction budget before any
/// configuration met the target: it cannot establish what was asked, so it
/// fails closed, as an unknown cost under a gate does (the printed answer
/// says the search is incomplete, not that none meets the target).
pub const INCOMPLETE: u8 = VERDICT;

/// Every exit code and its meaning, for the top-level `--help`.
pub const HELP: &str = "\
Exit codes (every command):
  0  done: the answer is printed and calls for nothing
  1  input that cannot be read: an unreadable file, an invalid data file, a Terraform
     syntax error, a figure too large to compute with, a catalog without the type of
     the profile a workload maps to
  2  usage error: an unknown flag, an out-of-range value, an unknown instance type or
     profile, a config the plan would reject (stdout empty)
  3  a verdict, printed on stdout: an error finding (capacity, recommend, explain,
     profiles, check), a failed gate (check --fail-on/--max-monthly-cost, diff,
     predict --max-p95), a change recommended or a rule not judged (advise
     --detailed-exitcode), no configuration meeting the requirements or a search
     that ran out of its budget first (optimize)";

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
        for code in [SUCCESS, FAILURE, USAGE, VERDICT] {
            assert!(HELP.contains(&format!("\n  {code}  ")), "{code}");
        }
    }

    #[test]
    fn every_verdict_is_one_code_apart_from_usage() {
        for code in [CHANGES, FINDINGS, NO_SOLUTION] {
            assert_eq!(code, VERDICT);
            assert_ne!(code, USAGE);
        }
    }
}
