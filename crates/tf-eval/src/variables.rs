//! Where each root variable's value comes from, with Terraform's
//! precedence: the declared default, then (each overriding the one before)
//! `TF_VAR_` environment variables, `terraform.tfvars`,
//! `terraform.tfvars.json`, `*.auto.tfvars(.json)` in lexical order, and
//! `-var` / `-var-file` in command-line order. The caller passes the
//! settings in that order. Files are parsed here (a syntax error is
//! Terraform's too); values are evaluated only when used.

use std::collections::HashMap;

use hcl::edit::Span;
use hcl::edit::expr::Expression;

use crate::parse::Parsed;
use crate::{Location, TfError};

/// One place a variable value can come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarSetting {
    /// A `.tfvars` or `.tfvars.json` file (told apart by the path's ending).
    File { path: String, text: String },
    /// `-var NAME=VALUE`.
    Assignment { text: String },
    /// `-var NAME=VALUE` given in an environment variable (`TF_CLI_ARGS_plan`),
    /// which the report names.
    EnvAssignment { text: String, env: String },
    /// `TF_VAR_NAME=VALUE` from the environment.
    Environment { name: String, value: String },
}

/// The setting that decides a variable's value.
pub(crate) enum Winner {
    /// An attribute of a native `.tfvars` file.
    Expr {
        file: usize,
        expr: Expression,
        at: Location,
    },
    /// A value of a `.tfvars.json` file.
    Json {
        value: serde_json::Value,
        path: String,
    },
    /// `-var` or `TF_VAR_` text, read as Terraform reads it for the type.
    Text { raw: String, by: String },
}

impl Winner {
    /// How the value was set, for the report.
    pub fn describe(&self) -> String {
        match self {
            Winner::Expr { at, .. } => at.to_string(),
            Winner::Json { path, .. } => path.clone(),
            Winner::Text { by, .. } => by.clone(),
        }
    }
}

/// The root variables' settings, after every file and flag.
#[derive(Default)]
pub(crate) struct Settings {
    /// The native `.tfvars` files, for positions.
    pub files: Vec<Parsed>,
    pub winners: HashMap<String, Winner>,
}

impl Settings {
    /// Reads the settings in order; `declared` tells whether a variable is
    /// declared (a `-var` for one that is not is Terraform's error).
    pub fn read(
        settings: &[VarSetting],
        declared: &dyn Fn(&str) -> bool,
    ) -> Result<Settings, TfError> {
        let mut out = Settings::default();
        for setting in settings {
            match setting {
                VarSetting::File { path, text } if path.ends_with(".json") => {
                    out.json_file(path, text)?;
                }
                VarSetting::File { path, text } => out.tfvars_file(path, text)?,
                VarSetting::Assignment { text } => out.assignment(text, None, declared)?,
                VarSetting::EnvAssignment { text, env } => {
                    out.assignment(text, Some(env), declared)?;
                }
                VarSetting::Environment { name, value } => {
                    out.winners.insert(
                        name.clone(),
                        Winner::Text {
                            raw: value.clone(),
                            by: format!("TF_VAR_{name}"),
                        },
                    );
                }
            }
        }
        Ok(out)
    }

    /// `-var NAME=VALUE`, from the command line or from `env`.
    fn assignment(
        &mut self,
        text: &str,
        env: Option<&str>,
        declared: &dyn Fn(&str) -> bool,
    ) -> Result<(), TfError> {
        let Some((name, raw)) = text.split_once('=') else {
            return Err(flag_error(text, env, format!("`{text}` is not NAME=VALUE")));
        };
        let name = name.trim();
        if !declared(name) {
            return Err(flag_error(
                text,
                env,
                format!(
                    "no variable `{name}` is declared in the configuration; \
                     Terraform refuses a value for an undeclared variable"
                ),
            ));
        }
        self.winners.insert(
            name.to_string(),
            Winner::Text {
                raw: raw.to_string(),
                by: match env {
                    Some(env) => format!("-var {name} in {env}"),
                    None => format!("-var {name}"),
                },
            },
        );
        Ok(())
    }

    fn tfvars_file(&mut self, path: &str, text: &str) -> Result<(), TfError> {
        let mut file = Parsed::tfvars(path, text)?;
        let index = self.files.len();
        let body = std::mem::take(&mut file.body);
        for attr in body.into_attributes() {
            let at = file.location(attr.span());
            self.winners.insert(
                attr.key.as_str().to_string(),
                Winner::Expr {
                    file: index,
                    expr: attr.value,
                    at,
                },
            );
        }
        self.files.push(file);
        Ok(())
    }

    fn json_file(&mut self, path: &str, text: &str) -> Result<(), TfError> {
        let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
            .map_err(|e| TfError {
                location: Location {
                    file: path.to_string(),
                    line: e.line(),
                    column: e.column(),
                },
                message: format!("not a JSON object of variable values: {e}"),
            })?;
        for (name, value) in object {
            self.winners.insert(
                name,
                Winner::Json {
                    value,
                    path: path.to_string(),
                },
            );
        }
        Ok(())
    }
}

/// The error of a `-var`, placed at the flag (and the environment variable
/// that gave it): a flag has no line to point at.
fn flag_error(text: &str, env: Option<&str>, message: String) -> TfError {
    let file = match env {
        Some(env) => format!("-var {text} in {env}"),
        None => format!("-var {text}"),
    };
    TfError {
        location: Location {
            file,
            line: 0,
            column: 0,
        },
        message,
    }
}
