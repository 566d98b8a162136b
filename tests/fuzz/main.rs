//! The fuzzers, one test binary: the loader and the Terraform reader in
//! process (`fuzz`), and the built binary on generated command lines and odd
//! files (`fuzz_cli`, Unix only, with `fuzz_support`'s process runner and
//! damaged inputs). A long run:
//! `PROPTEST_CASES=100000 cargo test --test fuzz -- fuzz_cli::fuzz_command_line --nocapture`.

#[path = "../common/mod.rs"]
mod common;

// The damage the reader's own fuzzer does, shared rather than copied.
#[path = "../../crates/tf-eval/tests/support/damage.rs"]
mod damage;
mod fuzz;
#[cfg(unix)]
mod fuzz_cli;
#[cfg(unix)]
mod fuzz_support;
