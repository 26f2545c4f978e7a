//! One build per output folder at a time: an exclusive lock on `.<name>.carepath-lock` beside
//! the output folder, held from before staging until after the swap. The operating system
//! releases it when the process ends, however it ends. Taken under the lock, the leftovers of a
//! build that was killed (staging folders, a previous site moved aside) are tidied away.

use crate::fs;
use anyhow::{Context, Result};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write as _;
use std::path::{Path, PathBuf};

const LOCK_TEXT: &str = "carepath locks this file while it builds the folder beside it, so that two builds never write one output at once. It is safe to delete when no build is running.\n";

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
    /// `.<name>.carepath-lock`.
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

impl OutputLock {
    /// Locks the absolute output folder `out`, waiting (with a message on stderr) while another
    /// build holds it, then removes what a killed build of `out` left behind.
    pub fn acquire(out: &Path) -> Result<OutputLock> {
        let parent = out
            .parent()
            .context("the output folder has no parent folder")?;
        fs::create_dir_all(parent)?;
        let path = parent.join(Names::of(out).lock);
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("failed to open the lock file `{}`", path.display()))?;
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
        if file.metadata().map(|m| m.len() == 0).unwrap_or(false) {
            let _ = file.write_all(LOCK_TEXT.as_bytes());
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
