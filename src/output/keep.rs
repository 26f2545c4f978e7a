//! What a rebuild does with files in the output that it did not write: those matching `keep` in
//! `site.toml` (a host's `CNAME`, a `downloads/` folder) are carried into the new output; any
//! other is removed with the old output, and the build says which, so nothing goes unnoticed.
//! The marker file lists what the last build wrote, which tells the two apart.

use crate::render::MARKER;
use anyhow::Result;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The `keep` patterns as a matcher; `downloads/` keeps everything under `downloads`.
pub fn matcher(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let pattern = match pattern.strip_suffix('/') {
            Some(dir) => format!("{dir}/**"),
            None => pattern.clone(),
        };
        if let Ok(glob) = Glob::new(&pattern) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Files in `out` (relative to it), hidden ones included, the marker left out.
pub fn files_in(out: &Path) -> Vec<PathBuf> {
    WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(out).ok().map(Path::to_path_buf))
        .filter(|p| p != Path::new(MARKER))
        .collect()
}

/// What the last build wrote into `out`, from its marker (empty for an older marker).
pub fn last_written(out: &Path) -> BTreeSet<PathBuf> {
    let text = std::fs::read_to_string(out.join(MARKER)).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(PathBuf::from)
        .collect()
}

/// The marker's text: what it is, and every file this build wrote.
pub fn marker_text(intro: &str, written: &BTreeSet<PathBuf>) -> String {
    let mut text = intro.to_string();
    for path in written {
        text.push_str(&format!("wrote {}\n", crate::render::url_of(path)));
    }
    text
}

/// Copies from `old` (whose files are `old_files`) into `new` every file matching `keep` that
/// this build did not write.
pub fn carry_over(
    old: &Path,
    old_files: &[PathBuf],
    new: &Path,
    keep: &GlobSet,
    written: &BTreeSet<PathBuf>,
) -> Result<()> {
    for rel in old_files
        .iter()
        .filter(|r| keep.is_match(r) && !written.contains(*r))
    {
        crate::fs::create_dir_all(new.join(rel).parent().unwrap_or(new))?;
        std::fs::copy(old.join(rel), new.join(rel))
            .map_err(|e| anyhow::anyhow!("failed to keep `{}`: {e}", old.join(rel).display()))?;
    }
    Ok(())
}

/// Files of `old` (`old_files`) that neither the last build nor this one wrote and `keep` does
/// not match: what swapping in the new output removes without having made.
pub fn foreign(
    old: &Path,
    old_files: &[PathBuf],
    keep: &GlobSet,
    written: &BTreeSet<PathBuf>,
) -> Vec<PathBuf> {
    let last = last_written(old);
    if last.is_empty() {
        return Vec::new(); // an older carepath's marker: what it wrote is not known
    }
    old_files
        .iter()
        .filter(|rel| !keep.is_match(rel) && !written.contains(*rel) && !last.contains(*rel))
        .cloned()
        .collect()
}
