//! Walking a folder of the site (`content/`, a theme's `templates/` or `static/`), sorted, hidden
//! names skipped. Symbolic links are followed while they stay inside the site; a link that
//! leads out of the site, points at nothing or loops back (to a folder holding it, to itself, or
//! round a circle of links) is a content problem at its path, and the walk goes on.

use crate::diagnostics::{Diagnostic, file_error};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One regular file found (through links that stay inside the site).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Path relative to the walked folder.
    pub rel: PathBuf,
    /// Size in bytes.
    pub len: u64,
}

/// What a walk found: the files, sorted by path, and the links it refused.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    /// Regular files.
    pub files: Vec<Found>,
    /// Links that leave the site, dangle or loop, each at its path relative to the site.
    pub problems: Vec<Diagnostic>,
}

/// Walks `site/rel`, hidden names skipped; an I/O failure other than a bad link is an error.
pub(crate) fn walk(site: &Path, rel: &Path) -> Result<Walked> {
    walk_with(site, rel, false)
}

/// Walks `site/rel` with hidden names too (`.htaccess`, `.well-known/`), for the host's files.
pub(crate) fn walk_all(site: &Path, rel: &Path) -> Result<Walked> {
    walk_with(site, rel, true)
}

fn walk_with(site: &Path, rel: &Path, hidden: bool) -> Result<Walked> {
    let dir = site.join(rel);
    let root = site
        .canonicalize()
        .with_context(|| format!("failed to resolve `{}`", site.display()))?;
    let shown = |p: &Path| match p.strip_prefix(&dir) {
        Ok(inner) if inner.as_os_str().is_empty() => rel.to_path_buf(),
        Ok(inner) => rel.join(inner),
        Err(_) => p.to_path_buf(),
    };
    let mut walked = Walked::default();
    let mut entries = WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |e| {
            hidden || e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
        });
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                walked.problems.push(link_problem(&e, &shown)?);
                continue;
            }
        };
        if entry.depth() > 0 && entry.path_is_symlink() {
            let real = entry
                .path()
                .canonicalize()
                .with_context(|| format!("failed to resolve `{}`", entry.path().display()))?;
            if !real.starts_with(&root) {
                walked.problems.push(file_error(
                    &shown(entry.path()),
                    format!(
                        "symbolic link to `{}`, outside the site: carepath follows links only within the site folder; copy the file or folder into the site instead",
                        real.display()
                    ),
                ));
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file() {
            let len = entry
                .metadata()
                .with_context(|| format!("failed to read `{}`", entry.path().display()))?
                .len();
            let rel = entry.path().strip_prefix(&dir)?.to_path_buf();
            walked.files.push(Found { rel, len });
        }
    }
    Ok(walked)
}

/// Whether `io` says a path's links go round in a circle (`ELOOP`, "too many levels of symbolic
/// links"; on Windows "the name of the file cannot be resolved"): std has no stable
/// `ErrorKind` for it yet.
fn is_link_loop(io: &std::io::Error) -> bool {
    const ELOOP: i32 = if cfg!(any(target_os = "linux", target_os = "android")) {
        40
    } else if cfg!(windows) {
        1921
    } else {
        62 // macOS and the BSDs
    };
    io.raw_os_error() == Some(ELOOP)
}

/// A loop or a dangling link as a diagnostic; any other walk error is returned as an error.
fn link_problem(e: &walkdir::Error, shown: &dyn Fn(&Path) -> PathBuf) -> Result<Diagnostic> {
    let path = e.path().map(shown).unwrap_or_default();
    if let Some(ancestor) = e.loop_ancestor() {
        return Ok(file_error(
            &path,
            format!(
                "symbolic link loops back to `{}`, which contains it",
                shown(ancestor).display()
            ),
        ));
    }
    let link = e.path().is_some_and(|p| p.is_symlink());
    match e.io_error() {
        Some(io) if link && io.kind() == std::io::ErrorKind::NotFound => {
            return Ok(file_error(
                &path,
                "symbolic link to a file or folder that does not exist",
            ));
        }
        Some(io) if link && is_link_loop(io) => {
            return Ok(file_error(
                &path,
                "symbolic link that leads back to itself (directly, or through other links), so it points at no file: remove it, or make it point at the file it stands for",
            ));
        }
        Some(io) if link => {
            return Ok(file_error(
                &path,
                format!("symbolic link that cannot be followed: {io}"),
            ));
        }
        _ => {}
    }
    Err(anyhow::anyhow!("{e}")).with_context(|| format!("failed to read `{}`", path.display()))
}
