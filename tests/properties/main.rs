//! The property tests, one test binary: the arithmetic's invariants
//! (`properties`), `advise`'s proposals fed back to `capacity`, `predict`'s
//! simulation, and `optimize` against an exhaustive search. Longer runs take
//! `PROPTEST_CASES`; one module alone: `cargo test --test properties -- predict_properties::`.

#[path = "../common/mod.rs"]
mod common;

mod advise_properties;
mod optimize_exhaustive;
mod predict_properties;
mod properties;
