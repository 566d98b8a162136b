//! The tests of pypi-size on Terraform's own files, one test binary: `check`
//! on fixture trees and the HCL/tfvars round trip (`check`), `diff` on
//! fixture pairs, and Terraform plans (`plan`, `plan_ci`). One module alone:
//! `cargo test --test terraform -- diff::`.

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod check;
mod diff;
mod plan;
mod plan_ci;
mod plan_refusals;
mod predict_terraform;
mod tf_cli_args_refused;
