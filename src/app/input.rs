//! Reading the files pypi-size is given: regular files only, bounded in size
//! per file and per run, UTF-8 checked, `-` for standard input, and every
//! failure naming the file.
//!
//! A named pipe, a device or a socket is refused from its `stat`, before it
//! is opened: opening a FIFO for reading waits for a writer, and a device
//! never ends. The file is then opened without blocking (`O_NONBLOCK`) and
//! checked again through the open handle, so a file swapped for a FIFO in
//! between is refused too instead of hanging the run.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result, bail};

/// Every file and standard input read in one run, together: the file that
/// would take the total past this is refused. docs/robustness.md gives the
/// reasons for the figure.
pub const RUN_BUDGET_BYTES: u64 = 8 * 1024 * 1024;

/// The files one run reads at most (a checked directory of empty files
/// costs no bytes, but each is opened).
pub const RUN_BUDGET_FILES: u64 = 10_000;

static BYTES_READ: AtomicU64 = AtomicU64::new(0);
static FILES_READ: AtomicU64 = AtomicU64::new(0);

/// What to do with a byte order mark (U+FEFF) at the start of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bom {
    /// Skip one, as Terraform does for native syntax (`.tf`, `.tfvars`) and
    /// the TOML parser for profiles.toml.
    Skip,
    /// Refuse it, as Terraform does for JSON syntax (`.tf.json`,
    /// `.tfvars.json`): "Invalid start of value".
    Refuse,
}

const BOM: char = '\u{feff}';

/// A file the user hands a command of their own (`catalog import`'s AWS CLI
/// output, a `--catalog`): its own limit, outside the run's budget, which
/// bounds what `check` reads of a pull request.
pub fn read_own_file(path: &Path, limit: u64) -> Result<(String, String)> {
    let before = BYTES_READ.load(Ordering::Relaxed);
    let result = read_text_within(path, limit, Bom::Skip, u64::MAX);
    BYTES_READ.store(before, Ordering::Relaxed);
    result
}

/// A file's text and the name to show for it (`<stdin>` for `-`). A file
/// larger than `limit` bytes, or than what is left of the run's budget, is
/// refused before it is read whole.
pub fn read_text(path: &Path, limit: u64, bom: Bom) -> Result<(String, String)> {
    read_text_within(path, limit, bom, RUN_BUDGET_BYTES)
}

fn read_text_within(path: &Path, limit: u64, bom: Bom, budget: u64) -> Result<(String, String)> {
    let stdin = path == Path::new("-");
    let origin = if stdin {
        "<stdin>".to_string()
    } else {
        display_path(path)
    };
    if FILES_READ.fetch_add(1, Ordering::Relaxed) >= RUN_BUDGET_FILES {
        bail!(
            "{origin}: one run reads at most {RUN_BUDGET_FILES} files; check fewer \
             directories at a time"
        );
    }
    let mut reader: Box<dyn Read> = if stdin {
        Box::new(std::io::stdin())
    } else {
        Box::new(open_regular(path, &origin)?)
    };
    let left = budget.saturating_sub(BYTES_READ.load(Ordering::Relaxed));
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(limit.min(left).saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {origin}"))?;
    let read = bytes.len() as u64;
    BYTES_READ.fetch_add(read, Ordering::Relaxed);
    if read > limit {
        bail!(
            "{origin}: larger than {} KiB, which is more than such a file ever needs",
            limit / 1024
        );
    }
    if read > left {
        bail!(
            "{origin}: reading it would take the files of this run past {} MiB in all, \
             the budget of one run",
            RUN_BUDGET_BYTES >> 20
        );
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{origin}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let text = strip_bom(text, bom, &origin)?;
    Ok((origin, text))
}

fn strip_bom(text: String, bom: Bom, origin: &str) -> Result<String> {
    match (text.strip_prefix(BOM), bom) {
        (None, _) => Ok(text),
        (Some(rest), Bom::Skip) => Ok(rest.to_string()),
        (Some(_), Bom::Refuse) => bail!(
            "{origin}:1:1: starts with a byte order mark (U+FEFF), which Terraform does \
             not accept in a JSON file; save it as UTF-8 without BOM"
        ),
    }
}

/// A stream of the file at `path` (standard input for `-`) and the name to
/// show for it, for what is read as a stream under its own budget (a plan).
pub fn open_stream(path: &Path) -> Result<(String, Box<dyn Read>)> {
    if path == Path::new("-") {
        return Ok(("<stdin>".into(), Box::new(std::io::stdin().lock())));
    }
    let origin = display_path(path);
    let file = open_regular(path, &origin)?;
    Ok((origin, Box::new(file)))
}

/// A path as it is shown: as written where it is UTF-8, with each byte that
/// is not shown as `\xNN`, so that two names differing only there stay
/// different (`to_string_lossy` would make both `�`).
pub fn display_path(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// The file at `path`, opened for reading if it is a regular file.
fn open_regular(path: &Path, origin: &str) -> Result<File> {
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {origin}"))?;
    refuse_unless_regular(&meta, origin)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .with_context(|| format!("cannot read {origin}"))?;
    // What was opened may not be what was looked at.
    let meta = file
        .metadata()
        .with_context(|| format!("cannot read {origin}"))?;
    refuse_unless_regular(&meta, origin)?;
    Ok(file)
}

fn refuse_unless_regular(meta: &Metadata, origin: &str) -> Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    let kind = file_kind(meta);
    if meta.is_dir() {
        bail!("cannot read {origin}: it is {kind}");
    }
    // A pipe from another command comes in through `-`.
    let hint = if kind.contains("pipe") || kind.contains("character") {
        "; give `-` to read standard input"
    } else {
        ""
    };
    bail!("cannot read {origin}: it is {kind}, not a regular file{hint}");
}

/// What a file that is not a regular file is, in words.
fn file_kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_show_bytes_that_are_not_utf8() {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let p = Path::new(std::ffi::OsStr::from_bytes(b"dir/a\xff\xfe.tf"));
            assert_eq!(display_path(p), "dir/a\\xff\\xfe.tf");
        }
        assert_eq!(display_path(Path::new("dir/main.tf")), "dir/main.tf");
    }

    #[test]
    fn a_bom_is_skipped_or_refused() {
        let with = format!("{BOM}x = 1\n");
        assert_eq!(strip_bom(with.clone(), Bom::Skip, "a").unwrap(), "x = 1\n");
        let e = strip_bom(with, Bom::Refuse, "a.tf.json").unwrap_err();
        assert!(e.to_string().contains("byte order mark"), "{e}");
        // Only one, at the start: a second is the file's own text.
        let twice = format!("{BOM}{BOM}x");
        assert_eq!(strip_bom(twice, Bom::Skip, "a").unwrap(), format!("{BOM}x"));
    }
}
