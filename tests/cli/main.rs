//! The command-line tests, one test binary (linking one binary per file was
//! most of `cargo test`'s time): each module is one theme, run alone with
//! `cargo test --test cli -- planning::`. The commands' answers, flags and
//! errors, snapshots of every output format, bad input, and data changes.

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

/// The exit codes, named as the binary names them (one copy for every module).
#[path = "../../src/app/exit_codes.rs"]
#[allow(dead_code)]
mod exit_codes;

mod advise_burst;
mod bill;
mod catalog;
mod cli;
mod daily_use;
mod data_driven;
mod hardening;
mod launch;
mod markdown;
mod metrics;
mod metrics_audit;
mod planning;
mod predict_audit;
mod predictfix;
mod proposals_size;
mod schema;
mod snapshots;
mod terminal_width;
mod throwaway_variable;
mod variables;
mod verdicts_audit;
