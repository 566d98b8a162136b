//! Reading the files pypi-size is given: bounded in size, UTF-8 checked, `-`
//! for standard input, and every failure naming the file.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result, bail};

/// A file's text and the name to show for it (`<stdin>` for `-`). A file
/// larger than `limit` bytes is refused before it is read whole.
pub fn read_text(path: &Path, limit: u64) -> Result<(String, String)> {
    let mut bytes = Vec::new();
    let origin = if path == Path::new("-") {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        "<stdin>".to_string()
    } else {
        let origin = path.display().to_string();
        let meta = std::fs::metadata(path).with_context(|| format!("cannot read {origin}"))?;
        if meta.is_dir() {
            bail!("cannot read {origin}: it is a directory");
        }
        std::fs::File::open(path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {origin}"))?;
        origin
    };
    if bytes.len() as u64 > limit {
        bail!(
            "{origin}: larger than {} KiB, which is more than such a file ever needs",
            limit / 1024
        );
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{origin}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok((origin, text))
}
