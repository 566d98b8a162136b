//! `schema`: the JSON Schema of `--format json` output, for every command
//! or one. Needs no data file.

use anyhow::Result;

use crate::app::usage::UsageError;

/// The schema is JSON whatever is asked: the default format or `json`;
/// another (hcl, markdown…) would be silently ignored, so it is refused.
pub fn only_json(format: crate::render::Format) -> Result<()> {
    use crate::render::Format;
    if matches!(format, Format::Table | Format::Json) {
        return Ok(());
    }
    Err(UsageError(
        "schema prints a JSON Schema only: --format (-o) takes json (or nothing) here".to_string(),
    )
    .into())
}

pub fn exec(command: Option<&str>) -> Result<String> {
    let schema = pypi_size::answers::schema::schema(command).ok_or_else(|| {
        UsageError(format!(
            "schema: no command `{}` with JSON output; one of: {}",
            command.unwrap_or_default(),
            pypi_size::answers::schema::COMMANDS.join(", ")
        ))
    })?;
    Ok(serde_json::to_string_pretty(&schema)? + "\n")
}
