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
    /// Declared `type = string`: a `-var` value is then taken literally.
    string_typed: bool,
}

pub(super) fn resolve(
    parsed: &[Parsed],
    settings: &[VarSetting],
) -> Result<BTreeMap<String, VariableValue>, TfError> {
    let constants = Context::new();
    let mut vars = BTreeMap::new();
    for file in parsed {
        for block in file.body.get_blocks("variable") {
            let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
                continue;
            };
            let default = match block.body.get_attribute("default") {
                None => None,
                Some(attr) => {
                    Some(
                        constant(&attr.value, &constants).map_err(|message| TfError {
                            location: file.location(attr.span()),
                            message: format!("default of variable `{name}`: {message}"),
                        })?,
                    )
                }
            };
            let string_typed = block
                .body
                .get_attribute("type")
                .map(|t| matches!(&t.value, Expression::Variable(v) if v.as_str() == "string"));
            let declared_at = file.location(block.ident.span());
            let entry = vars.entry(name).or_insert_with(|| VariableValue {
                value: None,
                set_by: "no default".to_string(),
                string_typed: false,
            });
            // An override file changes only what it sets.
            if let Some(value) = default {
                entry.value = Some(value);
                entry.set_by = format!("default at {declared_at}");
            }
            if let Some(string_typed) = string_typed {
                entry.string_typed = string_typed;
            }
        }
    }
    for setting in settings {
        match setting {
            VarSetting::File { path, text } if path.ends_with(".json") => {
                apply_json_file(&mut vars, path, text)?;
            }
            VarSetting::File { path, text } => {
                let file = Parsed::tfvars(path, text)?;
                for attr in file.body.attributes() {
                    let at = file.location(attr.span());
                    let value = constant(&attr.value, &constants).map_err(|message| TfError {
                        location: at.clone(),
                        message: format!("`{}`: {message}", attr.key.as_str()),
                    })?;
                    set(&mut vars, attr.key.as_str(), value, at.to_string());
                }
            }
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
                set(&mut vars, name, value, format!("-var {name}"));
            }
            VarSetting::Environment { name, value } => {
                let parsed = command_line_value(vars.get(name.as_str()), value);
                set(&mut vars, name, parsed, format!("TF_VAR_{name}"));
            }
        }
    }
    Ok(vars)
}

/// Only declared variables take values, as in Terraform.
fn set(vars: &mut BTreeMap<String, VariableValue>, name: &str, value: hcl::Value, by: String) {
    if let Some(v) = vars.get_mut(name) {
        v.value = Some(value);
        v.set_by = by;
    }
}

/// A value given as text on the command line or in the environment: literal
/// for a string variable, else parsed as HCL (numbers, lists), else a string.
fn command_line_value(declared: Option<&VariableValue>, raw: &str) -> hcl::Value {
    if declared.is_some_and(|v| v.string_typed) {
        return hcl::Value::String(raw.to_string());
    }
    hcl::edit::parser::parse_expr(raw)
        .ok()
        .and_then(|e| constant(&e, &Context::new()).ok())
        .unwrap_or_else(|| hcl::Value::String(raw.to_string()))
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
    super::evaluate(expr, ctx).map_err(|e| format!("must be a constant value: {e}"))
}
