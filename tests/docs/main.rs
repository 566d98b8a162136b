//! The tests that hold the documentation to the program, one test binary:
//! every README and docs/ example byte for byte (`readme`), the texts
//! generated from the data (`generated_texts`), the minimum Rust version
//! (`rust_version`), and the CI jobs of docs/ run as written (`ci_jobs`).
//! One module alone: `cargo test --test docs -- readme::`.

#[path = "../common/mod.rs"]
mod common;

mod ci_jobs;
mod generated_texts;
mod readme;
mod rust_version;
