//! The staging folder a build writes into (`.<name>.carepath-new-XXXXXX` beside the output),
//! under the output's lock. It is removed on every way out: an error or a panic (drop), Ctrl-C
//! or SIGTERM (the handler installed by [`remove_on_signal`]), or, after a kill that no handler
//! sees, by the next build of the same output (see `lock`).

use super::lock::{Names, OutputLock};
use crate::fs;
use crate::render::OutputFile;
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

/// Staging folders in use by this process, for the signal handler. A global because a signal
/// handler can reach nothing else; the swap holds it too, so a signal never interrupts a swap.
static IN_USE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn in_use() -> MutexGuard<'static, Vec<PathBuf>> {
    IN_USE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Installs (once per process) a Ctrl-C / SIGTERM handler that removes this process's staging
/// folders and exits with status 130. The command line calls it; a library user may too.
pub fn remove_on_signal() -> Result<()> {
    static INSTALL: Once = Once::new();
    let mut result = Ok(());
    INSTALL.call_once(|| {
        result = ctrlc::set_handler(|| {
            let dirs = in_use();
            for dir in dirs.iter() {
                let _ = std::fs::remove_dir_all(dir);
            }
            match dirs.is_empty() {
                true => eprintln!("interrupted"),
                false => eprintln!("interrupted: nothing written"),
            }
            std::process::exit(130);
        })
        .context("failed to install the Ctrl-C handler");
    });
    result
}

/// A staging folder being filled; dropped without [`Staging::publish`], it is removed.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    lock: OutputLock,
    folders: BTreeSet<PathBuf>,
    written: BTreeSet<PathBuf>,
}

impl Staging {
    /// Creates an empty staging folder beside the locked output.
    pub fn create(lock: OutputLock) -> Result<Staging> {
        let out = lock.out();
        let parent = out
            .parent()
            .context("the output folder has no parent folder")?;
        let mut guard = in_use();
        let dir = tempfile::Builder::new()
            .prefix(&Names::of(out).staging)
            .tempdir_in(parent)
            .with_context(|| {
                format!(
                    "failed to create a temporary folder in `{}`",
                    parent.display()
                )
            })?
            .keep();
        guard.push(dir.clone());
        Ok(Staging {
            dir,
            lock,
            folders: BTreeSet::new(),
            written: BTreeSet::new(),
        })
    }

    /// Writes `files` into the staging folder.
    pub fn write(&mut self, files: &[OutputFile]) -> Result<()> {
        // Folders first, once each; then the files one after another: parallel writes into one
        // folder contend on its lock in the kernel and were slower (measured on ext4, 2 cores).
        for folder in files.iter().filter_map(|f| f.path.parent()) {
            if !self.folders.contains(folder) {
                fs::create_dir_all(&self.dir.join(folder))?;
                self.folders.insert(folder.to_path_buf());
            }
        }
        for f in files {
            fs::write_file(&self.dir.join(&f.path), &f.bytes)?;
            self.written.insert(f.path.clone());
        }
        Ok(())
    }

    /// Carries the files of the current output that match `keep` into the new one, and returns
    /// the files of the current output that publishing will remove although no build wrote them.
    pub fn keep(&mut self, keep: &[String]) -> Result<Vec<PathBuf>> {
        let old = self.lock.out();
        if !old.is_dir() {
            return Ok(Vec::new());
        }
        let keep = super::keep::matcher(keep);
        super::keep::carry_over(old, &self.dir, &keep, &self.written)
    }

    /// Writes the marker and swaps the staging folder in as the output.
    pub fn publish(self) -> Result<()> {
        fs::write(
            &self.dir.join(crate::paths::MARKER),
            super::keep::marker_text(super::MARKER_TEXT, &self.written).as_bytes(),
        )?;
        let mut guard = in_use();
        let result = super::swap(&self.dir, self.lock.out());
        guard.retain(|d| d != &self.dir);
        drop(guard);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        result
    }

    /// The staging folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let mut guard = in_use();
        if let Some(i) = guard.iter().position(|d| d == &self.dir) {
            guard.remove(i);
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
