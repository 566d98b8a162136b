//! JSON: the contract for CI. One document, `schema_version` first, the
//! command's name, then the answer's fields; numbers as numbers.

use anyhow::Result;
use serde::Serialize;

use super::{Document, Renderer};

pub struct JsonRenderer;

#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    schema_version: u32,
    command: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

impl Renderer for JsonRenderer {
    fn render(&self, doc: &Document, _tables: &pypi_size::Tables) -> Result<String> {
        let command = doc.command();
        let text = match doc {
            Document::Capacity(r) | Document::Recommend(r) => envelope(command, r),
            Document::Instances(l) => envelope(command, l),
            Document::Profiles(l) => envelope(command, l),
            Document::Check(c) => envelope(command, c),
            Document::Compare(c) => envelope(command, c),
            Document::Optimize(o) => envelope(command, o),
            Document::Explain(e) => envelope(command, e),
            Document::Advise(a) => envelope(command, a),
        }?;
        Ok(text + "\n")
    }
}

fn envelope<T: Serialize>(command: &'static str, body: &T) -> Result<String> {
    Ok(serde_json::to_string_pretty(&Envelope {
        schema_version: pypi_size::SCHEMA_VERSION,
        command,
        body,
    })?)
}
