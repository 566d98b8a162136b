//! The flags' value parsers: core enums by name in any case, whole numbers
//! in the module's ranges, catalog and guide names with the nearest one
//! offered, amounts and percentages.

use clap::builder::{PossibleValue, TypedValueParser};
use pypi_size::data::{Amount, Choice, Usd};
use pypi_size::module::variables::VARIABLES;
use tf_eval::suggest::nearest;

/// A flag parser for a core enum: its names are the possible values, as
/// clap's `ValueEnum` would show them, without the core depending on clap.
/// Names match whatever their case; a wrong one gets the module variable it
/// sets, what is accepted, and the nearest name.
pub(super) fn choice<T: Choice>() -> ChoiceParser<T> {
    ChoiceParser(std::marker::PhantomData)
}

#[derive(Clone)]
pub(super) struct ChoiceParser<T>(std::marker::PhantomData<T>);

impl<T: Choice> TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        if let Some(v) = T::from_name(&text) {
            return Ok(v);
        }
        let flag = arg
            .and_then(|a| a.get_long())
            .map_or_else(String::new, |l| format!("--{l}"));
        let names: Vec<&str> = T::ALL.iter().map(|n| n.name).collect();
        let whose = VARIABLES
            .iter()
            .find(|v| v.flag == Some(flag.as_str()))
            .map_or_else(
                || "it accepts".to_string(),
                |v| format!("the module's {} accepts", v.name),
            );
        let hint = match nearest(&text, names.iter().copied()).first() {
            Some(near) => format!("; did you mean `{near}`?"),
            None => String::new(),
        };
        let message = format!(
            "invalid value '{text}' for {flag}: {whose} {}{hint}\n",
            names.join(", ")
        );
        Err(clap::Error::raw(clap::error::ErrorKind::InvalidValue, message).with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(T::ALL.iter().map(|n| {
            let value = PossibleValue::new(n.name).aliases(n.aliases.iter().copied());
            if n.help.is_empty() {
                value
            } else {
                value.help(n.help)
            }
        })))
    }
}

/// A flag parser for whole numbers whose error names the flag, what it
/// expects and, for a module variable, what the module accepts (app/help.rs
/// gives each module flag that text from the loaded data).
pub fn whole() -> WholeNumber {
    WholeNumber { accepted: None }
}

#[derive(Clone)]
pub struct WholeNumber {
    /// "the module's container_memory accepts 128 to 30720".
    pub accepted: Option<String>,
}

impl TypedValueParser for WholeNumber {
    type Value = u64;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<u64, clap::Error> {
        let text = value.to_string_lossy();
        if let Ok(n) = text.trim().parse::<u64>() {
            return Ok(n);
        }
        let flag = arg
            .and_then(|a| a.get_long())
            .map_or_else(String::new, |l| format!("--{l}"));
        let unit = match arg
            .and_then(|a| a.get_value_names())
            .and_then(|n| n.first())
        {
            Some(n) if n.as_str() == "MB" => " of MB",
            Some(n) if n.as_str() == "UNITS" => " of CPU units",
            Some(n) if n.as_str() == "MIBPS" => " of MiB/s",
            _ => "",
        };
        let accepted = self
            .accepted
            .as_ref()
            .map_or_else(String::new, |a| format!("; {a}"));
        let message =
            format!("invalid value '{text}' for {flag}: expected a whole number{unit}{accepted}\n");
        Err(clap::Error::raw(clap::error::ErrorKind::InvalidValue, message).with_cmd(cmd))
    }
}

/// A flag parser for a name of the loaded catalog or guide (instance type,
/// family, profile): any case matches (`C6A.XLARGE` is `c6a.xlarge`); a name
/// that matches none passes through, for the core's error and suggestions.
/// Its names are the possible values shell completions offer.
#[derive(Clone)]
pub struct NameParser {
    /// Shared by every flag that takes these names: cloned per flag, so a
    /// reference count, not 600 strings.
    pub names: std::sync::Arc<[String]>,
}

impl TypedValueParser for NameParser {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let text = value.to_string_lossy();
        let known = self
            .names
            .iter()
            .find(|n| n.as_str() == text)
            .or_else(|| self.names.iter().find(|n| n.eq_ignore_ascii_case(&text)));
        Ok(known.map_or_else(|| text.into_owned(), Clone::clone))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            self.names.iter().map(|n| PossibleValue::new(n.clone())),
        ))
    }
}

pub(super) fn var_assignment(s: &str) -> Result<String, String> {
    match s.split_once('=') {
        Some((name, _)) if !name.trim().is_empty() => Ok(s.to_string()),
        _ => Err("expected NAME=VALUE".into()),
    }
}

/// A figure in the unit its flag names (GB, LCUs).
pub(super) fn amount(s: &str) -> Result<Amount, String> {
    non_negative(s).and_then(Amount::try_from)
}

/// Money in the pricing currency.
pub(super) fn money(s: &str) -> Result<Usd, String> {
    non_negative(s).and_then(Usd::try_from)
}

// `-0` passes `>= 0.0` as IEEE negative zero; `abs` makes it 0, so that JSON
// never shows `-0.0`.
pub(super) fn non_negative(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v.abs()),
        _ => Err("expected a finite number of 0 or more".into()),
    }
}

pub(super) fn percent(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v.abs()),
        _ => Err("expected a percentage from 0 to 100".into()),
    }
}

/// A share from 0 (left out) to 1.
pub(super) fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 1.0 => Ok(v),
        _ => Err("expected a share above 0 and at most 1".into()),
    }
}

/// The client timeouts `--timeout` accepts, seconds: a tenth of a second
/// (below any request's CPU under load) to an hour (a burst's clients have
/// long given up by then; pip's default is 15 s).
pub const TIMEOUT_S: (f64, f64) = (0.1, 3600.0);

/// A client timeout, seconds, within [`TIMEOUT_S`].
pub(super) fn timeout(s: &str) -> Result<f64, String> {
    let (low, high) = TIMEOUT_S;
    match s.parse::<f64>() {
        Ok(v) if (low..=high).contains(&v) => Ok(v),
        _ => Err(format!("expected seconds from {low} to {high}")),
    }
}

/// Seconds above 0.
pub(super) fn seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err("expected seconds above 0".into()),
    }
}
