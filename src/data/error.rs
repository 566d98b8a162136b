//! The core's typed errors. Each says what was wrong and what is accepted, so
//! the binary can print it as it is and choose the exit code by its kind.

use std::fmt;
use std::ops::Range;

use tf_eval::text::line_column;

/// A `profiles.toml` that cannot be used: where (origin, line, column) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DataError {
    /// The file the data came from, or `<embedded profiles.toml>`.
    pub origin: String,
    /// 1-based line and column, where the problem has a place in the file.
    pub location: Option<(usize, usize)>,
    pub message: String,
    /// The text of the line at `location`, to show beside the message.
    pub line_text: Option<String>,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some((line, column)) => {
                write!(f, "{}:{}:{}: {}", self.origin, line, column, self.message)?
            }
            None => write!(f, "{}: {}", self.origin, self.message)?,
        }
        match (self.location, &self.line_text) {
            (Some((line, _)), Some(text)) => write!(f, "\n  {line} | {text}"),
            _ => Ok(()),
        }
    }
}

/// A `DataError` at a byte range of the file: line, column and the line's text.
pub fn located_error(
    src: &str,
    origin: &str,
    span: Option<Range<usize>>,
    message: String,
) -> DataError {
    let location = span.map(|s| line_column(src, s.start));
    DataError {
        origin: origin.to_string(),
        location,
        message,
        line_text: location
            .and_then(|(line, _)| src.lines().nth(line - 1))
            .map(|l| l.trim_end().to_string()),
    }
}

/// A request the module (or the tables) cannot size.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SizingError {
    #[error("unknown instance type `{name}`{}", did_you_mean(suggestions))]
    UnknownInstance {
        name: String,
        suggestions: Vec<String>,
    },

    #[error("unknown profile `{name}`{} (the profiles are: {})", did_you_mean(suggestions), known.join(", "))]
    UnknownProfile {
        name: String,
        known: Vec<String>,
        suggestions: Vec<String>,
    },

    /// A module variable outside the range the module's validation accepts.
    #[error("{variable} = {value} is outside what the module accepts: {accepted}")]
    OutOfRange {
        variable: &'static str,
        value: String,
        accepted: String,
    },

    /// A value pypiserver's own validation lets through but the stack under
    /// it rejects: the ECS module at plan, or AWS at apply.
    #[error("{variable} = {value}: {by}; it accepts {accepted}")]
    Rejected {
        variable: &'static str,
        value: String,
        accepted: String,
        /// Who rejects it and when, e.g. "`terraform plan` fails in ...".
        by: String,
    },

    /// An instance type that cannot launch from the AMI the stack uses:
    /// `terraform plan` succeeds, the Auto Scaling group records failed
    /// launches and `terraform apply` times out waiting for capacity.
    #[error(
        "asg_instance_type = \"{instance}\" is {}, but with ami_id null the ECS module {ecs} \
         launches its {ami}: EC2 cannot start an {} instance from it, and `terraform apply` times \
         out waiting for capacity; set ami_id to an {} ECS-optimized AMI, or pick an {} \
         instance type",
        arch.as_str(), arch.as_str(), arch.as_str(), ami_arch.as_str()
    )]
    NotLaunchable {
        instance: String,
        arch: crate::data::Arch,
        /// The architecture of the AMI the ECS module picks.
        ami_arch: crate::data::Arch,
        /// The ECS module, source and version.
        ecs: String,
        /// The ECS module's AMI filter, in words.
        ami: String,
    },

    /// Inputs that are each valid but that the module rejects together.
    #[error("{message}")]
    Inconsistent {
        variables: &'static [&'static str],
        message: String,
    },

    /// A figure too large to compute with (from a catalog or a flag).
    #[error("{what} is too large to compute with ({detail})")]
    Overflow { what: &'static str, detail: String },
}

impl SizingError {
    /// The module variables (or pypi-size inputs) the error is about, so the
    /// CLI can name its flags and `check` its file lines.
    pub fn variables(&self) -> &[&'static str] {
        match self {
            SizingError::UnknownInstance { .. } => &["asg_instance_type"],
            SizingError::OutOfRange { variable, .. } | SizingError::Rejected { variable, .. } => {
                std::slice::from_ref(variable)
            }
            SizingError::Inconsistent { variables, .. } => variables,
            SizingError::NotLaunchable { .. } => &["ami_id", "asg_instance_type"],
            SizingError::UnknownProfile { .. } | SizingError::Overflow { .. } => &[],
        }
    }
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!("; did you mean `{one}`?"),
        many => format!(
            "; did you mean one of: {}?",
            many.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub(crate) fn overflow(what: &'static str, detail: impl Into<String>) -> SizingError {
    SizingError::Overflow {
        what,
        detail: detail.into(),
    }
}

/// A number as a person reads it: plain when ordinary, in scientific notation
/// when huge.
pub fn number(x: f64) -> String {
    if x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}
