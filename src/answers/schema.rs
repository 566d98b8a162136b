//! The JSON Schema of every JSON document pypi-size prints, generated from
//! the same Rust types that serialize them, so it cannot drift.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Value, json};

/// The version of the JSON documents pypi-size prints. Bumped only when a key
/// is removed or changes meaning; new keys may appear within a version.
pub const SCHEMA_VERSION: u32 = 4;

/// The commands with JSON output.
pub const COMMANDS: [&str; 11] = [
    "capacity",
    "recommend",
    "instances",
    "profiles",
    "check",
    "diff",
    "compare",
    "optimize",
    "explain",
    "advise",
    "predict",
];

/// The schema of one command's document, or of any (`None`): a `oneOf` keyed
/// by `command`.
pub fn schema(command: Option<&str>) -> Option<Value> {
    let mut generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let documents: Vec<(&str, Value)> = COMMANDS
        .iter()
        .filter(|&&c| command.is_none_or(|wanted| wanted == c))
        .map(|&c| (c, document(&mut generator, c)))
        .collect();
    if documents.is_empty() {
        return None;
    }
    let defs = generator.take_definitions(true);
    let mut root = if documents.len() == 1 {
        documents[0].1.clone()
    } else {
        json!({ "oneOf": documents.iter().map(|(_, d)| d.clone()).collect::<Vec<_>>() })
    };
    let title = match command {
        Some(c) => format!("pypi-size {c} --format json"),
        None => "pypi-size --format json".to_string(),
    };
    if let Value::Object(map) = &mut root {
        map.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        map.insert("title".into(), json!(title));
        map.insert("$defs".into(), Value::Object(defs));
    }
    Some(root)
}

/// `{schema_version, command}` and the answer's own fields.
fn document(generator: &mut SchemaGenerator, command: &str) -> Value {
    let body = match command {
        "capacity" | "recommend" => sub::<crate::answers::sizing::SizingReport>(generator),
        "instances" => sub::<crate::answers::listing::InstanceList>(generator),
        "profiles" => sub::<crate::answers::listing::ProfileList>(generator),
        "check" => sub::<crate::answers::check::CheckReport>(generator),
        "diff" => sub::<crate::answers::diff::DiffReport>(generator),
        "compare" => sub::<crate::answers::compare::Comparison>(generator),
        "optimize" => sub::<crate::answers::optimize::Optimization>(generator),
        "explain" => sub::<crate::answers::explain::Explanation>(generator),
        "advise" => sub::<crate::answers::advise::Advice>(generator),
        "predict" => sub::<crate::answers::predict::modules::PredictOutput>(generator),
        _ => json!(false),
    };
    json!({
        "allOf": [
            {
                "type": "object",
                "properties": {
                    "schema_version": { "const": SCHEMA_VERSION },
                    "command": { "const": command },
                },
                "required": ["schema_version", "command"],
            },
            body,
        ]
    })
}

fn sub<T: JsonSchema>(generator: &mut SchemaGenerator) -> Value {
    generator.subschema_for::<T>().to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_schema_per_command_and_one_for_all() {
        let all = schema(None).unwrap();
        assert_eq!(all["oneOf"].as_array().unwrap().len(), COMMANDS.len());
        assert!(all["$defs"]["Capacity"].is_object());
        let capacity = schema(Some("capacity")).unwrap();
        assert_eq!(
            capacity["allOf"][0]["properties"]["command"]["const"],
            "capacity"
        );
        assert!(schema(Some("nope")).is_none());
    }
}
