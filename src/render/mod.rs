//! Renderers turn the core's answers into text, one file per format. Only
//! `main` writes what they return to stdout.

mod json;
mod table;

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::listing::{InstanceList, ProfileList};
use pypi_size::report::SizingReport;

use crate::cli::Format;

/// One answer of a command, ready to render.
pub enum Document {
    Capacity(SizingReport),
    Recommend(SizingReport),
    Instances(InstanceList),
    Profiles(ProfileList),
}

impl Document {
    /// The command's name, as JSON's `command` key.
    pub fn command(&self) -> &'static str {
        match self {
            Document::Capacity(_) => "capacity",
            Document::Recommend(_) => "recommend",
            Document::Instances(_) => "instances",
            Document::Profiles(_) => "profiles",
        }
    }
}

pub trait Renderer {
    /// `tables` gives the module constants a derivation shows.
    fn render(&self, doc: &Document, tables: &Tables) -> Result<String>;
}

pub fn renderer(format: Format) -> Box<dyn Renderer> {
    match format {
        Format::Table => Box::new(table::TableRenderer),
        Format::Json => Box::new(json::JsonRenderer),
    }
}
