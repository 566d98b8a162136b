//! The directories `check` reads besides the roots it is given: the local
//! modules a root calls (read when the reader follows them, and
//! remembered), and with `--recursive` every root below a directory.

use std::cell::RefCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use tf_eval::{SourceTree, TfFile};

use crate::app::workspace;

/// The most directories `--recursive` walks.
const MAX_DIRECTORIES: usize = 100_000;

/// Local modules, read from the file system; the directories read are kept.
#[derive(Default)]
pub struct FsTree {
    read: RefCell<HashSet<PathBuf>>,
}

impl FsTree {
    /// Whether a directory was read as a local module.
    pub fn was_called(&self, dir: &Path) -> bool {
        self.read.borrow().contains(&canonical(dir))
    }
}

impl SourceTree for FsTree {
    fn module_files(&self, dir: &str) -> Result<Vec<TfFile>, String> {
        let path = Path::new(dir);
        if !path.is_dir() {
            return Err("no such directory".into());
        }
        let (root, _) = workspace::directory(path).map_err(|e| format!("{e:#}"))?;
        self.read.borrow_mut().insert(canonical(path));
        Ok(root.tf_files)
    }
}

pub fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Every directory below `dirs` (themselves included) that holds a `.tf` or
/// `.tf.json` file, in name order; hidden directories (`.terraform`, `.git`)
/// and symbolic links to directories are not entered.
pub fn roots_below(dirs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut walked = 0;
    for top in dirs {
        let mut stack = vec![top.clone()];
        while let Some(dir) = stack.pop() {
            walked += 1;
            if walked > MAX_DIRECTORIES {
                anyhow::bail!(
                    "--recursive: more than {MAX_DIRECTORIES} directories below {}",
                    top.display()
                );
            }
            let mut entries: Vec<(String, bool)> = std::fs::read_dir(&dir)
                .map_err(|e| anyhow::anyhow!("cannot read directory {}: {e}", dir.display()))?
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let is_dir = e.file_type().ok()?.is_dir();
                    Some((e.file_name().into_string().ok()?, is_dir))
                })
                .collect();
            entries.sort();
            let has_config = entries.iter().any(|(name, is_dir)| {
                !is_dir
                    && workspace::is_configuration(std::ffi::OsStr::new(name))
                    && !workspace::ignored_by_terraform(std::ffi::OsStr::new(name))
            });
            if has_config {
                out.push(dir.clone());
            }
            for (name, _) in entries
                .iter()
                .rev()
                .filter(|(n, d)| *d && !n.starts_with('.'))
            {
                stack.push(dir.join(name));
            }
        }
    }
    Ok(out)
}
