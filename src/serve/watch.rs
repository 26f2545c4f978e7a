//! What `serve` watches: the site's `content/`, `themes/` and `static/` folders, recursively,
//! and the site folder itself (not recursively), so that a `themes/` or `static/` folder made
//! while serving is noticed and watched too. Files elsewhere in the site folder (a README, the
//! output of a `carepath build`) are not the site's sources and are ignored.

use anyhow::{Context as _, Result};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// Quiet time after the last file event before rebuilding: an editor's save is several events.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// The folders whose changes change the site.
const SOURCE_DIRS: [&str; 3] = [
    crate::paths::CONTENT_DIR,
    "themes",
    crate::paths::STATIC_DIR,
];

/// The site's watcher; watching stops when it is dropped.
pub(super) struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl Watch {
    /// Starts watching the site at `site`, sending bursts of events to `tx`.
    pub(super) fn start(site: &Path, tx: Sender<DebounceEventResult>) -> Result<Watch> {
        let debouncer = new_debouncer(DEBOUNCE, None, tx).context("cannot watch the site")?;
        let root = std::path::absolute(site).context("cannot resolve the site folder")?;
        let root = root.canonicalize().unwrap_or(root);
        let mut watch = Watch {
            debouncer,
            root,
            watched: BTreeSet::new(),
        };
        let root = watch.root.clone();
        watch
            .debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch `{}`", root.display()))?;
        watch.watch_new_folders()?;
        Ok(watch)
    }

    /// Watches each source folder that exists and is not watched yet.
    fn watch_new_folders(&mut self) -> Result<()> {
        for dir in SOURCE_DIRS.map(|d| self.root.join(d)) {
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.debouncer
                    .watch(&dir, RecursiveMode::Recursive)
                    .with_context(|| format!("cannot watch `{}`", dir.display()))?;
                self.watched.insert(dir);
            }
        }
        self.watched.retain(|dir| dir.is_dir());
        Ok(())
    }

    /// Something that, called from any thread, sends `tx` a made-up change of
    /// `content/site.toml`, which rebuilds the whole site: for when images resized in the
    /// background are ready to be shown.
    pub(super) fn rebuild_all(
        &self,
        tx: Sender<DebounceEventResult>,
    ) -> std::sync::Arc<dyn Fn() + Send + Sync> {
        let path = (self.root.join(crate::paths::CONTENT_DIR)).join(crate::paths::CONFIG_FILE);
        std::sync::Arc::new(move || {
            let event = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any));
            let event = notify_debouncer_full::DebouncedEvent::new(
                event.add_path(path.clone()),
                std::time::Instant::now(),
            );
            let _ = tx.send(Ok(vec![event]));
        })
    }

    /// The site's source files (or source folders) that a burst of events touched; reads are
    /// not changes, and anything outside the source folders is ignored. A source folder made
    /// since is watched from now on.
    pub(super) fn changed(&mut self, events: DebounceEventResult) -> Vec<PathBuf> {
        let events = match events {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching the site: {e}");
                }
                return Vec::new();
            }
        };
        let paths: Vec<PathBuf> = (events.into_iter())
            .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths.clone())
            .filter(|p| SOURCE_DIRS.iter().any(|d| p.starts_with(self.root.join(d))))
            .collect();
        if paths
            .iter()
            .any(|p| p.parent() == Some(self.root.as_path()))
            && let Err(e) = self.watch_new_folders()
        {
            eprintln!("warning: {e:#}");
        }
        paths
    }
}
