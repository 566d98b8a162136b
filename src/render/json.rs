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
            Document::Diff(d) => envelope(command, d),
            Document::Compare(c) => envelope(command, c),
            Document::Optimize(o) => envelope(command, o),
            Document::Explain(e) => envelope(command, e),
            Document::Advise(a) => envelope(command, a),
            Document::Predict(p) => envelope(command, p),
            Document::PredictModules(p) => envelope(command, p),
        }?;
        Ok(text + "\n")
    }
}

fn envelope<T: Serialize>(command: &'static str, body: &T) -> Result<String> {
    let mut value = serde_json::to_value(Envelope {
        schema_version: pypi_size::SCHEMA_VERSION,
        command,
        body,
    })?;
    positive_zero(&mut value);
    Ok(serde_json::to_string_pretty(&value)?)
}

/// Every `-0.0` made `0.0`, wherever in the document it is: IEEE negative
/// zero comes out of a negated or scaled zero (a discount of 0, a price of
/// `-0.0` in a data file), and a CI script comparing with `== 0` or
/// printing the figure should not see it.
fn positive_zero(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.as_f64().is_some_and(|x| x == 0.0 && x.is_sign_negative()) => {
            if let Some(zero) = serde_json::Number::from_f64(0.0) {
                *n = zero;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(positive_zero),
        Value::Object(map) => map.values_mut().for_each(positive_zero),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_zero_becomes_zero_everywhere() {
        let mut v = serde_json::json!({"a": -0.0, "b": [1, -0.0, {"c": -0.0}], "d": -0.5});
        positive_zero(&mut v);
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"a":0.0,"b":[1,0.0,{"c":0.0}],"d":-0.5}"#
        );
    }
}
