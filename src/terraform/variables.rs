//! Input variable values, with Terraform's precedence: the declared default,
//! then (each overriding the one before) `TF_VAR_` environment variables,
//! `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` in
//! lexical order, and `-var` / `-var-file` in command-line order. The caller
//! passes the settings in that order.

use std::collections::BTreeMap;

use hcl::edit::Span;
use hcl::edit::expr::Expression;
use hcl::eval::Context;

use super::parse::Parsed;
use super::value::{self, too_large};
use super::{Location, TfError};

/// One place a variable value can come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarSetting {
    /// A `.tfvars` or `.tfvars.json` file (told apart by the path's ending).
    File { path: String, text: String },
    /// `-var NAME=VALUE`.
    Assignment { text: String },
    /// `TF_VAR_NAME=VALUE` from the environment.
    Environment { name: String, value: String },
}

/// A variable's value and where it was set; `None` when it has neither a
/// default nor a value.
#[derive(Debug, Clone, PartialEq)]
pub struct VariableValue {
    pub value: Option<hcl::Value>,
    pub set_by: String,
    /// How Terraform reads a `-var` or `TF_VAR_` value for it.
    parsing: Parsing,
}

/// Terraform's parsing mode for values from the command line and the
/// environment: literal text for no type or a primitive type (converted to a
/// number or bool as the type says), HCL syntax for any other type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parsing {
    Literal,
    Number,
    Bool,
    Hcl,
}

impl Parsing {
    fn of(type_expr: &Expression) -> Parsing {
        match type_expr {
            Expression::Variable(v) => match v.as_str() {
                "string" => Parsing::Literal,
                "number" => Parsing::Number,
                "bool" => Parsing::Bool,
                _ => Parsing::Hcl,
            },
            _ => Parsing::Hcl,
        }
    }
}

/// Every declared variable's value after `settings` (lowest precedence first).
pub(super) fn resolve(
    parsed: &[Parsed],
    settings: &[VarSetting],
) -> Result<BTreeMap<String, VariableValue>, TfError> {
    let mut vars = declared(parsed)?;
    for setting in settings {
        apply(&mut vars, setting)?;
    }
    Ok(vars)
}

/// The declared variables with their defaults and types; an override file
/// changes only what it sets. A value too large to evaluate makes its
/// variable unknown rather than the whole run fail: it matters only if sizing
/// refers to it.
fn declared(parsed: &[Parsed]) -> Result<BTreeMap<String, VariableValue>, TfError> {
    let constants = Context::new();
    let mut vars = BTreeMap::new();
    for file in parsed {
        for block in file.body.get_blocks("variable") {
            let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
                continue;
            };
            let default = match block.body.get_attribute("default") {
                None => None,
                Some(attr) => match constant(&attr.value, &constants) {
                    Ok(value) => Some(Some(value)),
                    Err(message) if too_large(&message) => Some(None),
                    Err(message) => {
                        return Err(TfError {
                            location: file.location(attr.span()),
                            message: format!("default of variable `{name}`: {message}"),
                        });
                    }
                },
            };
            let parsing = block
                .body
                .get_attribute("type")
                .map(|t| Parsing::of(&t.value));
            let declared_at = file.location(block.ident.span());
            let entry = vars.entry(name).or_insert_with(|| VariableValue {
                value: None,
                set_by: "no default".to_string(),
                parsing: Parsing::Literal,
            });
            // An override file changes only what it sets.
            match default {
                Some(Some(value)) => {
                    entry.value = Some(value);
                    entry.set_by = format!("default at {declared_at}");
                }
                Some(None) => {
                    entry.value = None;
                    entry.set_by = format!("default at {declared_at}, too large to evaluate");
                }
                None => {}
            }
            if let Some(parsing) = parsing {
                entry.parsing = parsing;
            }
        }
    }
    Ok(vars)
}

/// One setting applied over the values so far.
fn apply(vars: &mut BTreeMap<String, VariableValue>, setting: &VarSetting) -> Result<(), TfError> {
    match setting {
        VarSetting::File { path, text } if path.ends_with(".json") => {
            apply_json_file(vars, path, text)?;
        }
        VarSetting::File { path, text } => apply_tfvars_file(vars, path, text)?,
        VarSetting::Assignment { text } => {
            let Some((name, raw)) = text.split_once('=') else {
                return Err(TfError {
                    location: Location {
                        file: "-var".into(),
                        line: 1,
                        column: 1,
                    },
                    message: format!("`{text}` is not NAME=VALUE"),
                });
            };
            let name = name.trim();
            if !vars.contains_key(name) {
                // Terraform stops here too: a -var must name a declared variable.
                return Err(TfError {
                    location: Location {
                        file: format!("-var {text}"),
                        line: 1,
                        column: 1,
                    },
                    message: format!(
                        "no variable `{name}` is declared in the configuration; Terraform \
                         refuses a value for an undeclared variable"
                    ),
                });
            }
            let value = command_line_value(vars.get(name), raw);
            set(vars, name, value, format!("-var {name}"));
        }
        VarSetting::Environment { name, value } => {
            let parsed = command_line_value(vars.get(name.as_str()), value);
            set(vars, name, parsed, format!("TF_VAR_{name}"));
        }
    }
    Ok(())
}

/// A native `.tfvars` file's values; one too large to evaluate makes its
/// variable unknown, as a default does.
fn apply_tfvars_file(
    vars: &mut BTreeMap<String, VariableValue>,
    path: &str,
    text: &str,
) -> Result<(), TfError> {
    let constants = Context::new();
    let file = Parsed::tfvars(path, text)?;
    for attr in file.body.attributes() {
        let at = file.location(attr.span());
        match constant(&attr.value, &constants) {
            Ok(value) => set(vars, attr.key.as_str(), value, at.to_string()),
            Err(message) if too_large(&message) => {
                if let Some(v) = vars.get_mut(attr.key.as_str()) {
                    v.value = None;
                    v.set_by = format!("{at}, too large to evaluate");
                }
            }
            Err(message) => {
                return Err(TfError {
                    location: at,
                    message: format!("`{}`: {message}", attr.key.as_str()),
                });
            }
        }
    }
    Ok(())
}

/// Only declared variables take values, as in Terraform.
fn set(vars: &mut BTreeMap<String, VariableValue>, name: &str, value: hcl::Value, by: String) {
    if let Some(v) = vars.get_mut(name) {
        v.value = Some(value);
        v.set_by = by;
    }
}

/// A value given as text on the command line or in the environment, read as
/// Terraform reads it for the variable's type (see [`Parsing`]). A value the
/// type cannot take stays text, and sizing reports it as not a number.
fn command_line_value(declared: Option<&VariableValue>, raw: &str) -> hcl::Value {
    let text = || hcl::Value::String(raw.to_string());
    match declared.map_or(Parsing::Literal, |v| v.parsing) {
        Parsing::Literal => text(),
        Parsing::Number => raw
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(hcl::Number::from_f64)
            .map_or_else(text, hcl::Value::Number),
        Parsing::Bool => match raw.trim() {
            "true" => hcl::Value::Bool(true),
            "false" => hcl::Value::Bool(false),
            _ => text(),
        },
        Parsing::Hcl => hcl::edit::parser::parse_expr(raw)
            .ok()
            .and_then(|e| constant(&e, &Context::new()).ok())
            .unwrap_or_else(text),
    }
}

fn apply_json_file(
    vars: &mut BTreeMap<String, VariableValue>,
    path: &str,
    text: &str,
) -> Result<(), TfError> {
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(text).map_err(|e| TfError {
            location: Location {
                file: path.to_string(),
                line: e.line(),
                column: e.column(),
            },
            message: format!("not a JSON object of variable values: {e}"),
        })?;
    for (name, json) in object {
        let value = hcl::to_value(&json).unwrap_or(hcl::Value::Null);
        set(vars, &name, value, path.to_string());
    }
    Ok(())
}

/// Evaluates an expression that may refer to nothing (a default, a tfvars
/// value).
fn constant(expr: &Expression, ctx: &Context<'_>) -> Result<hcl::Value, String> {
    value::evaluate(expr, ctx).map_err(|e| format!("must be a constant value: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::test_support::{MAIN, known, root};
    use crate::terraform::{Resolved, module_blocks};

    #[test]
    fn precedence_default_env_tfvars_var() {
        let tfvars = VarSetting::File {
            path: "terraform.tfvars".into(),
            text: "instances = 3\ninstance_type = \"c6a.xlarge\"\n".into(),
        };
        let env = VarSetting::Environment {
            name: "instances".into(),
            value: "5".into(),
        };
        let cli = VarSetting::Assignment {
            text: "instance_type=c7a.xlarge".into(),
        };
        let json = VarSetting::File {
            path: "x.tfvars.json".into(),
            text: r#"{"subnets": ["a", "b", "c"]}"#.into(),
        };
        let r = root(&[("main.tf", MAIN)], vec![env, tfvars, json, cli]);
        let b = &module_blocks(
            &r,
            &["registry.infrahouse.com/infrahouse/pypiserver/aws".into()],
        )
        .unwrap()[0];
        assert_eq!(known(b, "asg_min_size"), 3);
        assert!(
            b.arguments["asg_min_size"]
                .origin
                .contains("terraform.tfvars:1")
        );
        assert_eq!(known(b, "asg_instance_type"), "c7a.xlarge");
        assert_eq!(known(b, "asg_subnets"), serde_json::json!(["a", "b", "c"]));
    }

    #[test]
    fn command_line_values_are_read_by_the_variables_type() {
        let main = "variable \"untyped\" {}\nvariable \"n\" {\n  type = number\n}\nvariable \"l\" {\n  type = list(string)\n}\nmodule \"p\" {\n  source = \"s\"\n  asg_subnets = var.untyped\n  asg_min_size = var.n\n  asg_max_size = length(var.l)\n}\n";
        let settings = vec![
            VarSetting::Assignment {
                text: "untyped=[\"a\",\"b\"]".into(),
            },
            VarSetting::Assignment { text: "n=3".into() },
            VarSetting::Assignment {
                text: "l=[\"a\",\"b\"]".into(),
            },
        ];
        let b = &module_blocks(&root(&[("main.tf", main)], settings), &["s".into()]).unwrap()[0];
        let known = |n: &str| match &b.arguments[n].value {
            Resolved::Known { value } => value.clone(),
            other => panic!("{n}: {other:?}"),
        };
        // No type: the text as it is, as Terraform takes it.
        assert_eq!(known("asg_subnets"), "[\"a\",\"b\"]");
        assert_eq!(known("asg_min_size"), 3);
        assert_eq!(known("asg_max_size"), 2);
    }
}
