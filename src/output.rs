//! Writing: takes the output's lock (`lock`), puts the rendered files into a fresh staging
//! folder beside the output folder as they are rendered (`staging`), then swaps it in, so a
//! failed or interrupted build leaves the previous site exactly as it was. Writes nowhere else.

pub mod keep;
mod lock;
mod staging;

use crate::fs;
use crate::paths::MARKER;
use crate::render::OutputFile;
use anyhow::{Context, Result, bail};
pub use lock::OutputLock;
pub use staging::{Staging, remove_on_signal};
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

/// Opens the output for writing: waits for its lock (one build per output folder at a time),
/// tidies what a killed build left, checks the target and creates an empty staging folder.
pub fn prepare(site: &Path, out: &Path) -> Result<Staging> {
    let out = absolute(out)?;
    // Checked before the lock so a refused target creates nothing, and again under it, as
    // another build may have changed the folder meanwhile.
    check_target(site, &out)?;
    let lock = OutputLock::acquire(&out)?;
    check_target(site, lock.out())?;
    Staging::create(lock)
}

/// Writes `files` into `out` at once, replacing its previous contents in one swap.
pub fn publish(site: &Path, out: &Path, files: &[OutputFile]) -> Result<()> {
    let mut staging = prepare(site, out)?;
    staging.write(files)?;
    staging.publish()
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
    let prefix = lock::Names::of(out).aside;
    out.with_file_name(format!("{prefix}{}", std::process::id()))
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
