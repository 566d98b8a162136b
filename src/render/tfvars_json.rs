//! `--format tfvars-json`: the sizing arguments as a `.tfvars.json` document,
//! in the same order as the HCL forms. JSON has no comments, so the summary
//! stays out, and so do placeholders unless asked for: saved as
//! `*.auto.tfvars.json`, `subnet-FILL-ME-1` would override the real subnets.

use anyhow::Result;
use pypi_size::Tables;
use serde::ser::{SerializeMap, Serializer};

use super::arguments::{self, Value};
use super::{Document, Renderer};

pub struct TfvarsJsonRenderer {
    pub placeholders: bool,
}

impl Renderer for TfvarsJsonRenderer {
    fn render(&self, doc: &Document, tables: &Tables) -> Result<String> {
        let r = doc.sizing_report("tfvars-json")?;
        let args = arguments::sizing_arguments(r, tables, self.placeholders)?;
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::pretty(&mut out);
        let mut map = ser.serialize_map(Some(args.len()))?;
        for a in &args {
            match &a.value {
                Value::Str(s) => map.serialize_entry(&a.name, s)?,
                Value::Int(n) => map.serialize_entry(&a.name, n)?,
                Value::List(items) => map.serialize_entry(&a.name, items)?,
            }
        }
        map.end()?;
        Ok(String::from_utf8(out)? + "\n")
    }
}
