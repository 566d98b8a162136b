//! Input variable values, with Terraform's precedence: the declared default,
//! then (each overriding the one before) `TF_VAR_` environment variables,
//! `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` in
//! lexical order, and `-var` / `-var-file` in command-line order. The caller
//! passes the settings in that order.

use std::collections::BTreeMap;

use hcl::edit::Span;
use hcl::edit::expr::Expression;
use hcl::edit::structure::Body;
use hcl::eval::Context;

use super::{Location, TfError, TfFile, location, parse_file};

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
    parsed: &[(&TfFile, Body)],
    settings: &[VarSetting],
) -> Result<BTreeMap<String, VariableValue>, TfError> {
    let constants = Context::new();
    let mut vars = BTreeMap::new();
    for (file, body) in parsed {
        for block in body.get_blocks("variable") {
            let Some(name) = block.labels.first().map(|l| l.as_str().to_string()) else {
                continue;
            };
            let default = block.body.get_attribute("default");
            let value = match default {
                None => None,
                Some(attr) => {
                    Some(
                        constant(&attr.value, &constants).map_err(|message| TfError {
                            location: location(file, attr.span()),
                            message: format!("default of variable `{name}`: {message}"),
                        })?,
                    )
                }
            };
            let string_typed = block.body.get_attribute("type").is_some_and(
                |t| matches!(&t.value, Expression::Variable(v) if v.as_str() == "string"),
            );
            vars.insert(
                name,
                VariableValue {
                    set_by: if value.is_some() {
                        format!("default at {}", location(file, block.ident.span()))
                    } else {
                        "no default".to_string()
                    },
                    value,
                    string_typed,
                },
            );
        }
    }
    for setting in settings {
        match setting {
            VarSetting::File { path, text } if path.ends_with(".json") => {
                apply_json_file(&mut vars, path, text)?;
            }
            VarSetting::File { path, text } => {
                let file = TfFile {
                    path: path.clone(),
                    text: text.clone(),
                };
                let body = parse_file(path, text)?;
                for attr in body.attributes() {
                    let at = location(&file, attr.span());
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
