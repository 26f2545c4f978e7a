//! Typeset leaflets kept by the hash of everything that went into them, so an unchanged
//! leaflet is not typeset again. `serve` keeps them in memory between rebuilds. A build keeps
//! no bytes: it reads the previous build's PDFs from the output folder, through the index
//! beside the output's marker (`.carepath-leaflets`: one line per leaflet, its key, the SHA-256
//! of its PDF, its pages and its path), and writes the index of the leaflets it used.

use super::{Typeset, hex};
use anyhow::Result;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

type Key = [u8; 32];

/// Where the index of a build's leaflets is written, beside the output's marker.
pub(crate) const INDEX: &str = ".carepath-leaflets";

/// A leaflet as the index lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Its path in the output folder.
    path: PathBuf,
    /// The SHA-256 of its PDF (a file changed since is typeset again).
    sha: Key,
    pages: usize,
}

/// Typeset leaflets by content hash.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    /// Leaflets kept whole (`serve`); a build keeps none.
    memory: Option<Mutex<HashMap<Key, Arc<Typeset>>>>,
    /// The previous build's output and its index.
    previous: Option<(PathBuf, HashMap<Key, Entry>)>,
    /// The leaflets used since the last [`Cache::prune`], for the next index.
    used: Mutex<HashMap<Key, Entry>>,
    /// How many leaflets were typeset (not found).
    typeset: AtomicUsize,
    /// The leaflets that could not be made, as warnings at their articles.
    failed: Mutex<Vec<crate::diagnostics::Diagnostic>>,
}

impl Cache {
    /// A cache that keeps leaflets in memory (for `serve`).
    pub(crate) fn in_memory() -> Cache {
        Cache {
            memory: Some(Mutex::default()),
            ..Cache::default()
        }
    }

    /// A cache that finds the leaflets of the previous build in the output folder `out`.
    pub(crate) fn from_output(out: &Path) -> Cache {
        let index = std::fs::read_to_string(out.join(INDEX)).unwrap_or_default();
        let found = index.lines().filter_map(parse_line).collect();
        Cache {
            previous: Some((out.to_path_buf(), found)),
            ..Cache::default()
        }
    }

    /// The leaflet for `key`, written at `path`, typeset with `make` when neither memory nor
    /// the previous build has it.
    pub(crate) fn get_or_make(
        &self,
        key: Key,
        path: &Path,
        make: impl FnOnce() -> Result<Typeset>,
    ) -> Result<Arc<Typeset>> {
        let kept = (self.memory.as_ref()).and_then(|m| lock(m).get(&key).cloned());
        let done = match kept.or_else(|| self.previous(&key).map(Arc::new)) {
            Some(done) => done,
            None => {
                let done = Arc::new(make()?);
                self.typeset.fetch_add(1, Ordering::Relaxed);
                done
            }
        };
        if let Some(memory) = &self.memory {
            lock(memory).insert(key, done.clone());
        }
        let entry = Entry {
            path: path.to_path_buf(),
            sha: Sha256::digest(&done.pdf).into(),
            pages: done.pages,
        };
        lock(&self.used).insert(key, entry);
        Ok(done)
    }

    /// How many leaflets were typeset rather than found.
    /// Records that the leaflet of `source` (relative to `content/`) could not be made.
    pub(crate) fn fail(&self, source: &Path, why: &anyhow::Error) {
        let shown = crate::paths::display_path(source);
        lock(&self.failed).push(crate::diagnostics::file_warning(
            &shown,
            format!(
                "no printed leaflet: {why:#}; the page is published without one (take out what the leaflet cannot print, or set `print = false` in its front matter)"
            ),
        ));
    }

    /// Records that the theme's leaflet template `origin` (whose text is `template`) failed:
    /// an error at the place Typst points to (once, however many leaflets met it).
    pub(crate) fn fail_in_theme(&self, origin: &Path, template: &str, why: &anyhow::Error) {
        let located = crate::diagnostics::Located {
            path: origin,
            text: template,
        };
        let at = (why.downcast_ref::<super::Fault>()).and_then(|f| f.at);
        let problem = match at {
            Some(at) => located.error(at, format!("{why:#}")),
            None => crate::diagnostics::file_error(origin, format!("{why:#}")),
        };
        let mut failed = lock(&self.failed);
        if !failed.contains(&problem) {
            failed.push(problem);
        }
    }

    /// The leaflets that could not be made since the last call, as warnings (and errors in a
    /// theme's template).
    pub(crate) fn take_failures(&self) -> Vec<crate::diagnostics::Diagnostic> {
        std::mem::take(&mut *lock(&self.failed))
    }

    pub(crate) fn typeset_count(&self) -> usize {
        self.typeset.load(Ordering::Relaxed)
    }

    /// The previous build's leaflet for `key`, if its PDF is still as that build wrote it.
    fn previous(&self, key: &Key) -> Option<Typeset> {
        let (out, found) = self.previous.as_ref()?;
        let entry = found.get(key)?;
        let pdf = std::fs::read(out.join(&entry.path)).ok()?;
        (<[u8; 32]>::from(Sha256::digest(&pdf)) == entry.sha).then_some(Typeset {
            pdf,
            pages: entry.pages,
        })
    }

    /// The index of the leaflets used since the last prune (sorted by path), for the output.
    pub(crate) fn index(&self) -> Vec<u8> {
        let used = lock(&self.used);
        let mut lines: Vec<(&Path, String)> = (used.iter())
            .map(|(key, e)| {
                let path = crate::paths::url_of(&e.path);
                let line = format!("{} {} {} {path}\n", hex(key), hex(&e.sha), e.pages);
                (e.path.as_path(), line)
            })
            .collect();
        lines.sort();
        lines
            .into_iter()
            .map(|(_, l)| l)
            .collect::<String>()
            .into_bytes()
    }

    /// Forgets what was not used since the last prune (so `serve` holds the leaflets of the
    /// current site only).
    pub(crate) fn prune(&self) {
        let used = std::mem::take(&mut *lock(&self.used));
        if let Some(memory) = &self.memory {
            lock(memory).retain(|k, _| used.contains_key(k));
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One line of the index: `<key> <sha> <pages> <path>`; `None` for a line that is not one.
fn parse_line(line: &str) -> Option<(Key, Entry)> {
    let mut parts = line.splitn(4, ' ');
    let key = unhex(parts.next()?)?;
    let sha = unhex(parts.next()?)?;
    let pages = parts.next()?.parse().ok()?;
    let path = crate::paths::normalise(Path::new(parts.next()?))?;
    Some((key, Entry { path, sha, pages }))
}

fn unhex(text: &str) -> Option<Key> {
    let mut key = [0u8; 32];
    if text.len() != 64 {
        return None;
    }
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaflet(pages: usize) -> Typeset {
        Typeset {
            pdf: format!("%PDF-1.7 {pages}").into_bytes(),
            pages,
        }
    }

    #[test]
    fn serve_typesets_a_leaflet_once_per_key() {
        let cache = Cache::in_memory();
        let at = Path::new("causes/x.pdf");
        for _ in 0..3 {
            let got = cache.get_or_make([1; 32], at, || Ok(leaflet(2))).unwrap();
            assert_eq!(got.pages, 2);
        }
        cache.get_or_make([2; 32], at, || Ok(leaflet(1))).unwrap();
        assert_eq!(cache.typeset_count(), 2);
        cache.prune();
        cache
            .get_or_make([2; 32], at, || panic!("typeset again"))
            .unwrap();
        cache.prune();
        cache.prune();
        cache.get_or_make([2; 32], at, || Ok(leaflet(1))).unwrap();
        assert_eq!(
            cache.typeset_count(),
            3,
            "forgotten once no rebuild used it"
        );
    }

    #[test]
    fn the_next_build_reads_the_previous_pdf_through_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let first = Cache::from_output(out);
        let made = first
            .get_or_make([7; 32], Path::new("causes/x.pdf"), || Ok(leaflet(3)))
            .unwrap();
        std::fs::create_dir_all(out.join("causes")).unwrap();
        std::fs::write(out.join("causes/x.pdf"), &made.pdf).unwrap();
        std::fs::write(out.join(INDEX), first.index()).unwrap();
        let second = Cache::from_output(out);
        let got = second
            .get_or_make([7; 32], Path::new("causes/x.pdf"), || {
                panic!("typeset again")
            })
            .unwrap();
        assert_eq!((got.pages, second.typeset_count()), (3, 0));
        assert_eq!(second.index(), first.index());
    }

    #[test]
    fn a_pdf_changed_since_is_typeset_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let first = Cache::from_output(out);
        first
            .get_or_make([7; 32], Path::new("x.pdf"), || Ok(leaflet(3)))
            .unwrap();
        std::fs::write(out.join("x.pdf"), b"edited by hand").unwrap();
        std::fs::write(out.join(INDEX), first.index()).unwrap();
        let second = Cache::from_output(out);
        let got = second
            .get_or_make([7; 32], Path::new("x.pdf"), || Ok(leaflet(3)))
            .unwrap();
        assert_eq!(
            (got.pdf.clone(), second.typeset_count()),
            (leaflet(3).pdf, 1)
        );
    }

    #[test]
    fn index_lines_that_are_not_entries_are_ignored() {
        let key = hex(&[1; 32]);
        assert!(parse_line(&format!("{key} {key} 2 causes/x.pdf")).is_some());
        assert!(parse_line(&format!("{key} {key} 2 ../x.pdf")).is_none());
        assert!(parse_line(&format!("{key} zz 2 x.pdf")).is_none());
        assert!(parse_line("garbage").is_none());
    }
}
