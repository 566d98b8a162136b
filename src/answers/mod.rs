//! The answers layer: one file per command's answer, each a plain serde
//! struct built from the module layer. Nothing here prints or reads a file.

pub mod advise;
pub mod check;
pub mod compare;
pub mod diff;
pub mod explain;
pub mod listing;
pub mod optimize;
pub mod partial;
pub mod plan;
pub mod predict;
pub mod recommend;
pub mod schema;
pub mod sizing;
pub mod warnings;
