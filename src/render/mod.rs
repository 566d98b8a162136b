//! Renderers turn the core's answers into text, one file per format. Only
//! the app layer writes what they return to stdout.

mod arguments;
mod changes;
mod hcl;
mod json;
mod markdown;
mod safe_text;
mod summary;
mod table;
mod tfvars_json;

pub use arguments::ModuleRef;
pub use safe_text::terminal_safe;

use anyhow::Result;
use pypi_size::Tables;
use pypi_size::answers::advise::Advice;
use pypi_size::answers::check::CheckReport;
use pypi_size::answers::compare::Comparison;
use pypi_size::answers::diff::DiffReport;
use pypi_size::answers::explain::Explanation;
use pypi_size::answers::listing::{InstanceList, ProfileList};
use pypi_size::answers::optimize::Optimization;
use pypi_size::answers::predict::PredictReport;
use pypi_size::answers::sizing::SizingReport;

/// The output formats; the same enum is the `--format` flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for people
    Table,
    /// One JSON document, versioned by `schema_version`
    Json,
    /// A `module "pypiserver"` block
    Hcl,
    /// Variable assignments for a .tfvars file
    Tfvars,
    /// A .tfvars.json document
    TfvarsJson,
    /// GitHub-flavoured Markdown, for a pull-request comment
    Markdown,
}

/// A format asked of an answer it cannot render: a usage error.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Unsupported(pub String);

/// One answer of a command, ready to render.
// One Document exists per process: boxing the large variants would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Document {
    Capacity(SizingReport),
    Recommend(SizingReport),
    Instances(InstanceList),
    Profiles(ProfileList),
    Check(CheckReport),
    Diff(DiffReport),
    Compare(Comparison),
    Optimize(Optimization),
    Explain(Explanation),
    Advise(Advice),
    Predict(PredictReport),
    /// `predict --check` / `--plan`.
    PredictModules(pypi_size::answers::predict::modules::ModulesReport),
}

impl Document {
    /// The command's name, as JSON's `command` key.
    pub fn command(&self) -> &'static str {
        match self {
            Document::Capacity(_) => "capacity",
            Document::Recommend(_) => "recommend",
            Document::Instances(_) => "instances",
            Document::Profiles(_) => "profiles",
            Document::Check(_) => "check",
            Document::Diff(_) => "diff",
            Document::Compare(_) => "compare",
            Document::Optimize(_) => "optimize",
            Document::Explain(_) => "explain",
            Document::Advise(_) => "advise",
            Document::Predict(_) | Document::PredictModules(_) => "predict",
        }
    }
}

impl Document {
    /// The sizing answer a Terraform format needs; other answers have none.
    fn sizing_report(&self, format: &str) -> Result<&SizingReport> {
        match self {
            Document::Capacity(r) | Document::Recommend(r) => Ok(r),
            _ => Err(Unsupported(format!(
                "--format {format} applies to `capacity` and `recommend`, not `{}`",
                self.command()
            ))
            .into()),
        }
    }
}

/// "1 instance", "2 instances".
pub fn instances(n: u64) -> String {
    if n == 1 {
        "1 instance".to_string()
    } else {
        format!("{n} instances")
    }
}

/// Seconds as given, compactly: `17.07`, `15`; far outside a burst's
/// scale, in exponent form (`1e308`), never hundreds of digits.
pub fn seconds(s: f64) -> String {
    if s == 0.0 || (1e-3..1e6).contains(&s.abs()) {
        s.to_string()
    } else {
        format!("{s:e}")
    }
}

/// `recommend --burst N`'s burst in words: the guide's "burst requests"
/// are concurrent pip installs (its stress test's 510 clients are its "510
/// concurrent requests"), so N is predicted as N clients, and said so.
pub fn burst_requests_as_clients(b: &pypi_size::answers::predict::BurstInfo) -> String {
    format!(
        "burst_requests = {n} taken as {n} clients each starting one pip install ({} HTTP \
         requests) at once, as the guide counts its stress test's 510 clients as 510 \
         concurrent requests",
        b.requests_per_package,
        n = b.clients
    )
}

/// The `--max-p95` gate's verdict on one prediction.
pub fn max_p95_verdict(over: bool, known: bool) -> &'static str {
    match (over, known) {
        (false, _) => "within",
        (true, true) => "FAILS",
        (true, false) => "FAILS (unknown fails closed)",
    }
}

pub trait Renderer {
    /// `tables` gives the module constants a derivation shows.
    fn render(&self, doc: &Document, tables: &Tables) -> Result<String>;
}

/// How text output looks: colour, and the width tables must fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    /// `None`: the terminal's width if there is one, else unbounded.
    pub width: Option<u16>,
}

/// The renderer of a format. `placeholders`: the variable files also write
/// marked placeholders for the required inputs (the module block always does).
pub fn renderer(
    format: Format,
    module: ModuleRef,
    style: Style,
    placeholders: bool,
) -> Box<dyn Renderer> {
    let text = |inner: Box<dyn Renderer>, colour| -> Box<dyn Renderer> {
        Box::new(TerminalSafe { inner, colour })
    };
    match format {
        Format::Table => text(Box::new(table::TableRenderer { style }), style.color),
        Format::Json => Box::new(json::JsonRenderer),
        Format::Hcl => text(Box::new(hcl::HclRenderer { module }), false),
        Format::Tfvars => text(Box::new(hcl::TfvarsRenderer { placeholders }), false),
        Format::TfvarsJson => Box::new(tfvars_json::TfvarsJsonRenderer { placeholders }),
        Format::Markdown => text(Box::new(markdown::MarkdownRenderer), false),
    }
}

/// The text formats, made safe for a terminal in this one place: whatever a
/// file name, label or data string holds, no control character reaches the
/// terminal raw (HCL strings escape their own; this covers comments and
/// tables; Markdown escapes its own too). JSON escapes every control
/// character itself.
struct TerminalSafe {
    inner: Box<dyn Renderer>,
    colour: bool,
}

impl Renderer for TerminalSafe {
    fn render(&self, doc: &Document, tables: &Tables) -> Result<String> {
        Ok(terminal_safe(&self.inner.render(doc, tables)?, self.colour))
    }
}

#[cfg(test)]
mod tests {
    use super::seconds;

    #[test]
    fn seconds_are_compact_at_any_scale() {
        assert_eq!(seconds(17.07), "17.07");
        assert_eq!(seconds(15.0), "15");
        assert_eq!(seconds(0.1), "0.1");
        assert_eq!(seconds(3600.0), "3600");
        assert_eq!(seconds(1e308), "1e308");
        assert_eq!(seconds(1e-320), "1e-320");
    }
}
