//! What a rebuild does with files in the output that it did not write: those matching `keep` in
//! `site.toml` (a host's `CNAME`, a `downloads/` folder) are carried into the new output; any
//! other is removed with the old output, and the build says which, so nothing goes unnoticed.
//! The marker file lists what the last build wrote, which tells the two apart.

use crate::paths::MARKER;
use anyhow::Result;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
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

/// Files in `out` (relative to it), hidden ones included, the marker left out: read one entry
/// at a time, in the order the folders list them (an output may hold a hundred thousand files,
/// so they are not gathered, nor sorted).
fn files_in(out: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(move |e| e.path().strip_prefix(out).ok().map(Path::to_path_buf))
        .filter(|p| p != Path::new(MARKER))
}

/// Of `unwritten` (files of `out` this build did not write), those the last build did not write
/// either, by the marker in `out`: none for an older marker, which does not say. The marker is
/// read line by line, so only the few candidates are held, never the whole list.
fn unmade(out: &Path, unwritten: BTreeSet<PathBuf>) -> Vec<PathBuf> {
    if unwritten.is_empty() {
        return Vec::new();
    }
    let Ok(marker) = std::fs::File::open(out.join(MARKER)) else {
        return Vec::new();
    };
    let mut candidates = unwritten;
    let mut lists_writes = false;
    for line in BufReader::new(marker).lines().map_while(Result::ok) {
        if let Some(path) = line.strip_prefix("wrote ") {
            lists_writes = true;
            candidates.remove(Path::new(path));
        }
    }
    if lists_writes {
        candidates.into_iter().collect()
    } else {
        Vec::new()
    }
}

/// The marker's text: what it is, and every file this build wrote.
pub fn marker_text(intro: &str, written: &BTreeSet<PathBuf>) -> String {
    let mut text = intro.to_string();
    for path in written {
        text.push_str(&format!("wrote {}\n", crate::paths::url_of(path)));
    }
    text
}

/// Copies from `old` into `new` every file matching `keep` that this build did not write, and
/// returns the files of `old` that neither the last build nor this one wrote and `keep` does not
/// match, sorted: what swapping in the new output removes without having made.
pub fn carry_over(
    old: &Path,
    new: &Path,
    keep: &GlobSet,
    written: &BTreeSet<PathBuf>,
) -> Result<Vec<PathBuf>> {
    let mut unwritten = BTreeSet::new();
    for rel in files_in(old).filter(|r| !written.contains(r)) {
        if !keep.is_match(&rel) {
            unwritten.insert(rel);
            continue;
        }
        crate::fs::create_dir_all(new.join(&rel).parent().unwrap_or(new))?;
        std::fs::copy(old.join(&rel), new.join(&rel))
            .map_err(|e| anyhow::anyhow!("failed to keep `{}`: {e}", old.join(&rel).display()))?;
    }
    Ok(unmade(old, unwritten))
}
