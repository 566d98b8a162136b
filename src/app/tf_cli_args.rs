//! Terraform's own arguments from the environment: `TF_CLI_ARGS` and
//! `TF_CLI_ARGS_plan`, which CI jobs use to pass variable files. Terraform
//! (main.go, mergeEnvArgs) splits each as a shell would (go-shellwords) and
//! inserts it right after the subcommand: first TF_CLI_ARGS, then
//! TF_CLI_ARGS_plan before it, so `plan` sees TF_CLI_ARGS_plan's arguments,
//! then TF_CLI_ARGS's, then the command line's; of several -var and
//! -var-file, the later wins (checked with Terraform 1.0.3). pypi-size
//! applies -var and -var-file the same way; a relative -var-file is taken
//! from the root's directory, where Terraform runs. Any other argument that
//! could change what Terraform plans is named in a warning.

use std::path::PathBuf;

use anyhow::Result;
use pypi_size::answers::check::CliArgs;

use crate::app::usage::UsageError;

/// The environment variables, in the order their arguments reach `plan`.
pub const VARIABLES: [&str; 2] = ["TF_CLI_ARGS_plan", "TF_CLI_ARGS"];

/// One -var or -var-file, with the environment variable that gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvSetting {
    Var { text: String, env: &'static str },
    VarFile { path: PathBuf, env: &'static str },
}

/// What the environment adds to `terraform plan`'s command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvArgs {
    /// Each variable set, with its value as given, for the report.
    pub set: Vec<CliArgs>,
    /// The -var and -var-file applied, in Terraform's order.
    pub settings: Vec<EnvSetting>,
    /// Arguments not applied that could change what Terraform plans.
    pub warnings: Vec<String>,
}

/// Flags of `terraform plan` that take a value and cannot change the values
/// pypi-size sizes (or change nothing it reads).
const HARMLESS_VALUED: [&str; 3] = ["lock-timeout", "parallelism", "out"];
/// Boolean flags of `terraform plan` that change nothing pypi-size reads.
const HARMLESS_BOOL: [&str; 7] = [
    "input",
    "no-color",
    "lock",
    "compact-warnings",
    "detailed-exitcode",
    "refresh",
    "json",
];
/// Flags that take a value and change what is planned.
const VALUED: [&str; 5] = ["target", "replace", "state", "state-out", "backup"];

/// The environment's arguments, read from the process environment.
pub fn from_env() -> Result<EnvArgs> {
    let values: Vec<(&'static str, String)> = VARIABLES
        .iter()
        .filter_map(|v| std::env::var(v).ok().map(|value| (*v, value)))
        .filter(|(_, value)| !value.is_empty())
        .collect();
    parse(&values)
}

/// The arguments of each (variable, value), in that order.
pub fn parse(values: &[(&'static str, String)]) -> Result<EnvArgs> {
    let mut out = EnvArgs::default();
    for (env, value) in values {
        let words = split(value).map_err(|e| {
            UsageError(format!(
                "{env}: {e}; Terraform refuses it too (\"Error parsing extra CLI args from {env}\")"
            ))
        })?;
        let mut applied = Vec::new();
        let before = out.warnings.len();
        flags(env, &words, &mut out, &mut applied)?;
        out.set.push(CliArgs {
            variable: env.to_string(),
            value: value.clone(),
            applied,
            warnings: out.warnings[before..].to_vec(),
        });
    }
    Ok(out)
}

/// Boolean flags of `terraform plan` that change what is planned, or
/// print help instead.
const CHANGING_BOOL: [&str; 4] = ["destroy", "refresh-only", "help", "h"];

/// Reads the words as Go's flag package reads `plan`'s flags: a flag `plan`
/// does not define (-chdir is a global option, before the subcommand) and a
/// -var that is not NAME=VALUE are refused, as Terraform 1.0.3 refuses them.
fn flags(
    env: &'static str,
    words: &[String],
    out: &mut EnvArgs,
    applied: &mut Vec<String>,
) -> Result<()> {
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" || !word.starts_with('-') || word == "-" {
            out.warnings.push(format!(
                "{env}: `{}` is not a flag: Terraform takes it and what follows as arguments, \
                 not flags, and pypi-size does not apply them",
                words[i - 1..].join(" ")
            ));
            return Ok(());
        }
        let body = word.trim_start_matches('-');
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (body, None),
        };
        let defined = matches!(name, "var" | "var-file")
            || VALUED.contains(&name)
            || HARMLESS_VALUED.contains(&name)
            || HARMLESS_BOOL.contains(&name)
            || CHANGING_BOOL.contains(&name);
        if !defined {
            return Err(UsageError(format!(
                "{env}: -{name} is not a flag of `terraform plan`; Terraform refuses it (\"flag \
                 provided but not defined: -{name}\"){}",
                if name == "chdir" {
                    ": -chdir is a global option, given before the subcommand, not in this variable"
                } else {
                    ""
                }
            ))
            .into());
        }
        let valued = matches!(name, "var" | "var-file")
            || VALUED.contains(&name)
            || HARMLESS_VALUED.contains(&name);
        let value = match (&inline, valued) {
            (Some(v), _) => Some(v.clone()),
            (None, true) if i < words.len() => {
                i += 1;
                Some(words[i - 1].clone())
            }
            (None, true) => None,
            (None, false) => None,
        };
        match (name, value) {
            ("var", Some(v)) if v.contains('=') => {
                applied.push(format!("-var={v}"));
                out.settings.push(EnvSetting::Var { text: v, env });
            }
            ("var", v) => {
                return Err(UsageError(format!(
                    "{env}: -var {} is not NAME=VALUE; Terraform refuses it (\"Invalid -var \
                     option\"): write -var=NAME=VALUE",
                    v.unwrap_or_default()
                ))
                .into());
            }
            ("var-file", Some(f)) => {
                applied.push(format!("-var-file={f}"));
                out.settings.push(EnvSetting::VarFile {
                    path: PathBuf::from(f),
                    env,
                });
            }
            ("var-file", None) => out.warnings.push(format!(
                "{env}: -var-file without a file: Terraform refuses it"
            )),
            (n, _) if HARMLESS_VALUED.contains(&n) || HARMLESS_BOOL.contains(&n) => {}
            (n, v) => out.warnings.push(format!(
                "{env}: -{n}{} may change what Terraform plans; pypi-size does not apply it",
                v.map(|v| format!("={v}")).unwrap_or_default(),
            )),
        }
    }
    Ok(())
}

/// Splits a value into words as go-shellwords does by default: blanks
/// separate, single quotes keep everything, double quotes keep all but a
/// backslash before `"`, `\`, `$` or `` ` ``, a backslash outside quotes
/// keeps the next character.
pub fn split(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut started = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            '\\' => {
                started = true;
                match chars.next() {
                    Some(n) => word.push(n),
                    None => return Err("a backslash ends the value".into()),
                }
            }
            '\'' => {
                started = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(n) => word.push(n),
                        None => return Err("a single quote is not closed".into()),
                    }
                }
            }
            '"' => {
                started = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') if matches!(chars.peek(), Some('"' | '\\' | '$' | '`')) => {
                            word.push(chars.next().unwrap_or('\\'));
                        }
                        Some(n) => word.push(n),
                        None => return Err("a double quote is not closed".into()),
                    }
                }
            }
            c => {
                started = true;
                word.push(c);
            }
        }
    }
    if started {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_as_a_shell() {
        assert_eq!(
            split(r#"-var 'x=with space' -var="y=a\"b" z\ w"#).unwrap(),
            ["-var", "x=with space", "-var=y=a\"b", "z w"]
        );
        assert!(split("-var 'x").is_err());
        assert!(split("").unwrap().is_empty());
    }

    #[test]
    fn applies_var_and_var_file_in_terraforms_order() {
        let parsed = parse(&[
            (
                "TF_CLI_ARGS_plan",
                "-var-file=prod.tfvars -input=false".into(),
            ),
            (
                "TF_CLI_ARGS",
                "--var x=1 -no-color -var-file b.tfvars".into(),
            ),
        ])
        .unwrap();
        assert_eq!(
            parsed.settings,
            [
                EnvSetting::VarFile {
                    path: "prod.tfvars".into(),
                    env: "TF_CLI_ARGS_plan"
                },
                EnvSetting::Var {
                    text: "x=1".into(),
                    env: "TF_CLI_ARGS"
                },
                EnvSetting::VarFile {
                    path: "b.tfvars".into(),
                    env: "TF_CLI_ARGS"
                },
            ]
        );
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn names_what_it_does_not_apply() {
        let parsed = parse(&[("TF_CLI_ARGS_plan", "-target=module.a -destroy".into())]).unwrap();
        let w = parsed.warnings.join("\n");
        for what in ["-target=module.a", "-destroy"] {
            assert!(w.contains(what), "{what}: {w}");
        }
        assert!(parsed.settings.is_empty());
        let positional = parse(&[("TF_CLI_ARGS", "infra -var x=1".into())]).unwrap();
        assert!(positional.warnings[0].contains("`infra -var x=1` is not a flag"));
        assert!(positional.settings.is_empty());
    }

    /// Terraform 1.0.3 refuses these (`TF_CLI_ARGS_plan=... terraform plan`):
    /// "Invalid -var option", "flag provided but not defined: -chdir".
    #[test]
    fn refuses_what_terraform_refuses() {
        for (value, words) in [
            ("-var=min", "-var min is not NAME=VALUE"),
            ("-var min", "-var min is not NAME=VALUE"),
            ("-chdir=/tmp", "flag provided but not defined: -chdir"),
            ("-nosuchflag", "flag provided but not defined: -nosuchflag"),
        ] {
            let e = parse(&[("TF_CLI_ARGS_plan", value.into())]).unwrap_err();
            assert!(e.downcast_ref::<UsageError>().is_some(), "{value}");
            let text = e.to_string();
            assert!(text.starts_with("TF_CLI_ARGS_plan: "), "{text}");
            assert!(text.contains(words), "{text}");
        }
    }
}
