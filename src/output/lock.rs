//! One build per output folder at a time: an exclusive lock, held from before staging until
//! after the swap, on the folder that holds the output (on Unix; so builds into one parent
//! folder take turns, and nothing is written outside the output) or, elsewhere, on a file
//! `.<name>.carepath-lock` beside the output. The operating system releases it when the process
//! ends, however it ends. Under the lock, the leftovers of a build that was killed (staging
//! folders, a previous site moved aside) are tidied away.

use crate::fs;
use anyhow::{Context, Result};
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// The held lock on one output folder; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
    out: PathBuf,
}

/// Names of the files and folders beside `out` that belong to builds of `out`.
pub(super) struct Names {
    /// `.<name>.carepath-new-`: prefix of a staging folder.
    pub(super) staging: String,
    /// `.<name>.carepath-old-`: prefix of the previous site, moved aside during the swap.
    pub(super) aside: String,
    /// `.<name>.carepath-lock`, where folders cannot be locked.
    #[cfg_attr(unix, allow(dead_code))]
    pub(super) lock: String,
}

impl Names {
    pub(super) fn of(out: &Path) -> Names {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Names {
            staging: format!(".{name}.carepath-new-"),
            aside: format!(".{name}.carepath-old-"),
            lock: format!(".{name}.carepath-lock"),
        }
    }
}

/// The file to lock for `out`: its parent folder itself on Unix.
#[cfg(unix)]
fn lock_target(parent: &Path, _out: &Path) -> Result<(File, PathBuf)> {
    let file = File::open(parent)
        .with_context(|| format!("failed to open folder `{}`", parent.display()))?;
    Ok((file, parent.to_path_buf()))
}

/// The file to lock for `out`: `.<name>.carepath-lock` beside it, kept (removing a lock file
/// races with a build waiting on it).
#[cfg(not(unix))]
fn lock_target(parent: &Path, out: &Path) -> Result<(File, PathBuf)> {
    let path = parent.join(Names::of(out).lock);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("failed to open the lock file `{}`", path.display()))?;
    Ok((file, path))
}

impl OutputLock {
    /// Locks the absolute output folder `out`, waiting (with a message on stderr) while another
    /// build holds it, then removes what a killed build of `out` left behind.
    pub fn acquire(out: &Path) -> Result<OutputLock> {
        let parent = out
            .parent()
            .context("the output folder has no parent folder")?;
        fs::create_dir_all(parent)?;
        let (file, path) = lock_target(parent, out)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                eprintln!(
                    "waiting for another carepath build of `{}` to finish…",
                    out.display()
                );
                file.lock()
                    .with_context(|| format!("failed to lock `{}`", path.display()))?;
            }
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("failed to lock `{}`", path.display()));
            }
        }
        let lock = OutputLock {
            _file: file,
            out: out.to_path_buf(),
        };
        lock.tidy()?;
        Ok(lock)
    }

    /// The locked output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Removes staging folders of killed builds of this output; puts back a previous site that
    /// a killed build had moved aside and not replaced, and removes any other one.
    fn tidy(&self) -> Result<()> {
        let Some(parent) = self.out.parent() else {
            return Ok(());
        };
        let names = Names::of(&self.out);
        let entries = std::fs::read_dir(parent)
            .with_context(|| format!("failed to read folder `{}`", parent.display()))?;
        for entry in entries {
            let entry =
                entry.with_context(|| format!("failed to read folder `{}`", parent.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with(&names.staging) {
                fs::remove_dir_all(&path)?;
            } else if name.starts_with(&names.aside) {
                if self.out.exists() {
                    fs::remove_dir_all(&path)?;
                } else {
                    fs::rename(&path, &self.out)?;
                }
            }
        }
        Ok(())
    }
}
