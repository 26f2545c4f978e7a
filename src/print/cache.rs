//! Typeset leaflets kept by the hash of everything that went into them: in memory (what
//! `serve` keeps between rebuilds) and, for `build`, in a folder beside the output
//! (`.<output>.carepath-leaflets/`, one `<hash>-<pages>.pdf` per leaflet), so an unchanged
//! leaflet is not typeset again by the next build. A build removes the files it did not use.

use super::{Typeset, hex};
use anyhow::Result;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

type Key = [u8; 32];

/// Typeset leaflets by content hash.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    memory: Mutex<HashMap<Key, Arc<Typeset>>>,
    /// The folder the cache is kept in across builds, with the pages of each file in it.
    disk: Option<Disk>,
    /// The keys asked for since the last [`Cache::prune`].
    used: Mutex<HashSet<Key>>,
    /// How many leaflets were typeset (not found).
    typeset: AtomicUsize,
}

#[derive(Debug)]
struct Disk {
    dir: PathBuf,
    /// Whether new leaflets are written there (not by `check`).
    write: bool,
    /// What the folder held when it was opened: the pages of each leaflet.
    found: HashMap<Key, usize>,
}

impl Cache {
    /// A cache in memory only.
    pub(crate) fn in_memory() -> Cache {
        Cache::default()
    }

    /// A cache kept beside the output folder `out`; written to only when `write`.
    pub(crate) fn beside(out: &Path, write: bool) -> Cache {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = out
            .parent()
            .unwrap_or(Path::new("."))
            .join(format!(".{name}.carepath-leaflets"));
        let found = std::fs::read_dir(&dir)
            .map(|entries| {
                (entries.flatten())
                    .filter_map(|e| parse_name(&e.file_name().to_string_lossy()))
                    .collect()
            })
            .unwrap_or_default();
        Cache {
            disk: Some(Disk { dir, write, found }),
            ..Cache::default()
        }
    }

    /// The leaflet for `key`, typeset with `make` when neither memory nor disk has it.
    pub(crate) fn get_or_make(
        &self,
        key: Key,
        make: impl FnOnce() -> Result<Typeset>,
    ) -> Result<Arc<Typeset>> {
        lock(&self.used).insert(key);
        if let Some(done) = lock(&self.memory).get(&key) {
            return Ok(done.clone());
        }
        if let Some(done) = self.read(&key) {
            let done = Arc::new(done);
            lock(&self.memory).insert(key, done.clone());
            return Ok(done);
        }
        let done = Arc::new(make()?);
        self.typeset.fetch_add(1, Ordering::Relaxed);
        self.write(&key, &done);
        lock(&self.memory).insert(key, done.clone());
        Ok(done)
    }

    /// How many leaflets were typeset rather than found.
    pub(crate) fn typeset_count(&self) -> usize {
        self.typeset.load(Ordering::Relaxed)
    }

    fn read(&self, key: &Key) -> Option<Typeset> {
        let disk = self.disk.as_ref()?;
        let pages = *disk.found.get(key)?;
        let pdf = std::fs::read(disk.dir.join(file_name(key, pages))).ok()?;
        Some(Typeset { pdf, pages })
    }

    /// Keeps `done` on disk; a cache that cannot be written only costs time next build.
    fn write(&self, key: &Key, done: &Typeset) {
        let Some(disk) = self.disk.as_ref().filter(|d| d.write) else {
            return;
        };
        let path = disk.dir.join(file_name(key, done.pages));
        let _ = std::fs::create_dir_all(&disk.dir).and_then(|()| {
            let tmp = path.with_extension("tmp");
            std::fs::write(&tmp, &done.pdf)?;
            std::fs::rename(&tmp, &path)
        });
    }

    /// Forgets what was not asked for since the last prune, in memory and on disk (so the
    /// cache holds the leaflets of the current site only).
    pub(crate) fn prune(&self) {
        let used = std::mem::take(&mut *lock(&self.used));
        lock(&self.memory).retain(|k, _| used.contains(k));
        let Some(disk) = self.disk.as_ref().filter(|d| d.write) else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(&disk.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if parse_name(&name).is_none_or(|(k, _)| !used.contains(&k)) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn file_name(key: &Key, pages: usize) -> String {
    format!("{}-{pages}.pdf", hex(key))
}

/// The key and pages of a cache file's name (`<64 hex>-<pages>.pdf`).
fn parse_name(name: &str) -> Option<(Key, usize)> {
    let (hash, pages) = name.strip_suffix(".pdf")?.split_once('-')?;
    let mut key = [0u8; 32];
    if hash.len() != 64 {
        return None;
    }
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hash.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some((key, pages.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaflet(pages: usize) -> Typeset {
        Typeset {
            pdf: b"%PDF-1.7 test".to_vec(),
            pages,
        }
    }

    #[test]
    fn a_leaflet_is_typeset_once_per_key() {
        let cache = Cache::in_memory();
        for _ in 0..3 {
            let got = cache.get_or_make([1; 32], || Ok(leaflet(2))).unwrap();
            assert_eq!(got.pages, 2);
        }
        cache.get_or_make([2; 32], || Ok(leaflet(1))).unwrap();
        assert_eq!(cache.typeset_count(), 2);
    }

    #[test]
    fn the_next_build_finds_it_on_disk_and_prunes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Cache::beside(&out, true);
        first.get_or_make([7; 32], || Ok(leaflet(3))).unwrap();
        first.get_or_make([8; 32], || Ok(leaflet(1))).unwrap();
        first.prune();
        let second = Cache::beside(&out, true);
        let got = second
            .get_or_make([7; 32], || panic!("typeset again"))
            .unwrap();
        assert_eq!((got.pages, second.typeset_count()), (3, 0));
        second.prune();
        let left: Vec<_> = std::fs::read_dir(dir.path().join(".public.carepath-leaflets"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, [format!("{}-3.pdf", hex(&[7; 32]))]);
    }

    #[test]
    fn check_reads_the_cache_but_never_writes_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        Cache::beside(&out, false)
            .get_or_make([9; 32], || Ok(leaflet(1)))
            .unwrap();
        assert!(!dir.path().join(".public.carepath-leaflets").exists());
    }
}
