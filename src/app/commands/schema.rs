//! `schema`: the JSON Schema of `--format json` output, for every command
//! or one. Needs no data file.

use anyhow::Result;

use crate::app::usage::UsageError;

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
