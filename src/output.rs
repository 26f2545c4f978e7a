//! Writing: puts the rendered files into a fresh folder beside the output folder, then swaps
//! it in, so a failed build leaves the previous site exactly as it was. Writes nowhere else.

use crate::fs;
use crate::render::{MARKER, OutputFile};
use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const MARKER_TEXT: &str = "This folder was written by carepath and is replaced on every build.\n";

/// Refuses output folders that would overwrite the site's own sources or a folder carepath
/// did not make.
pub fn check_target(site: &Path, out: &Path) -> Result<()> {
    let site = absolute(site)?;
    let out = absolute(out)?;
    for protected in ["content", "themes"] {
        let dir = site.join(protected);
        if out.starts_with(&dir) || dir.starts_with(&out) {
            bail!(
                "refusing to write the site into `{}`: it would replace the site's `{protected}/` folder",
                out.display()
            );
        }
    }
    if out.is_file() {
        bail!("output `{}` is a file, not a folder", out.display());
    }
    if out.is_dir() && !out.join(MARKER).is_file() && !is_empty_dir(&out)? {
        bail!(
            "refusing to replace `{}`: it is not empty and was not written by carepath (no `{MARKER}` file); choose another --out or empty it",
            out.display()
        );
    }
    Ok(())
}

/// Writes `files` into `out`, replacing its previous contents in one swap.
pub fn publish(out: &Path, files: &[OutputFile]) -> Result<()> {
    let out = absolute(out)?;
    let parent = out
        .parent()
        .context("the output folder has no parent folder")?;
    fs::create_dir_all(parent)?;
    let staging = tempfile::Builder::new()
        .prefix(".carepath-new-")
        .tempdir_in(parent)
        .with_context(|| {
            format!(
                "failed to create a temporary folder in `{}`",
                parent.display()
            )
        })?;
    // Folders first, once each; then the files one after another: parallel writes into one
    // folder contend on its lock in the kernel and were slower (measured on ext4, 2 cores).
    let folders: BTreeSet<&Path> = files.iter().filter_map(|f| f.path.parent()).collect();
    for folder in folders {
        fs::create_dir_all(&staging.path().join(folder))?;
    }
    for f in files {
        fs::write_file(&staging.path().join(&f.path), &f.bytes)?;
    }
    fs::write(&staging.path().join(MARKER), MARKER_TEXT.as_bytes())?;
    swap(&staging.keep(), &out)
}

/// Moves `new` to `out`; the old folder is moved aside first and put back if the move fails.
fn swap(new: &Path, out: &Path) -> Result<()> {
    if !out.exists() {
        return fs::rename(new, out);
    }
    let old = aside_name(out);
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(new, out) {
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(new);
        return Err(e);
    }
    fs::remove_dir_all(&old)
}

fn aside_name(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!(".{name}.carepath-old-{}", std::process::id()))
}

/// The path with symlinks and `..` resolved as far as it exists, so comparisons are sound.
fn absolute(path: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(path)
        .with_context(|| format!("failed to resolve `{}`", path.display()))?;
    if let Ok(real) = abs.canonicalize() {
        return Ok(real);
    }
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => Ok(absolute(parent)?.join(name)),
        _ => Ok(abs),
    }
}

fn is_empty_dir(dir: &Path) -> Result<bool> {
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("failed to read folder `{}`", dir.display()))?;
    Ok(entries.next().is_none())
}
