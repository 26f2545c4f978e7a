//! The cache of resized images, beside the output folder (`.<name>.carepath-cache/images/`,
//! next to the staging folders and the lock of the same output), so it outlives every swap of
//! the output. An entry is named by a hash of the original's bytes and of the settings, and
//! holds one file per width plus `meta.json` (the sizes). Entries are written under a temporary
//! name and renamed, so a build that is killed never leaves half an entry; a damaged entry is
//! made again.

use super::resize::{Copy, Kind, Settings};
use crate::fs;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One cached image: the size of each copy, narrowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// `(width, height, bytes)` of each copy.
    pub(crate) copies: Vec<(u32, u32, u64)>,
}

/// The cache folder of one output folder.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
}

/// Temporary entries made by this process, for unique names.
static MADE: AtomicUsize = AtomicUsize::new(0);

impl Cache {
    /// The cache of the output folder `out`.
    pub(crate) fn beside(out: &Path) -> Cache {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parent = out.parent().unwrap_or(Path::new("."));
        Cache {
            dir: parent
                .join(format!(".{name}.carepath-cache"))
                .join("images"),
        }
    }

    /// The key of an original's bytes under `settings`.
    pub(crate) fn key(bytes: &[u8], settings: &Settings) -> String {
        let mut hasher = SipHasher13::new();
        hasher.write(settings.fingerprint().as_bytes());
        hasher.write_u8(0);
        hasher.write(bytes);
        format!("{:032x}", hasher.finish128().as_u128())
    }

    /// The file of the copy `width` pixels wide in the entry `key`.
    pub(crate) fn file(&self, key: &str, width: u32, kind: Kind) -> PathBuf {
        self.dir
            .join(key)
            .join(format!("{width}.{}", extension(kind)))
    }

    /// The entry `key`, if it is whole (every copy there, at its size).
    pub(crate) fn get(&self, key: &str, kind: Kind) -> Option<Entry> {
        let meta = std::fs::read(self.dir.join(key).join("meta.json")).ok()?;
        let entry: Entry = serde_json::from_slice(&meta).ok()?;
        let whole = entry.copies.iter().all(|&(w, _, len)| {
            std::fs::metadata(self.file(key, w, kind)).is_ok_and(|m| m.len() == len)
        });
        (whole && !entry.copies.is_empty()).then_some(entry)
    }

    /// Stores `copies` as the entry `key`.
    pub(crate) fn put(&self, key: &str, kind: Kind, copies: &[Copy]) -> Result<Entry> {
        let entry = Entry {
            copies: (copies.iter())
                .map(|c| (c.width, c.height, c.bytes.len() as u64))
                .collect(),
        };
        let n = MADE.fetch_add(1, Ordering::Relaxed);
        let temp = self
            .dir
            .join(format!("{key}.tmp-{}-{n}", std::process::id()));
        fs::create_dir_all(&temp)?;
        for copy in copies {
            let name = format!("{}.{}", copy.width, extension(kind));
            fs::write_file(&temp.join(name), &copy.bytes)?;
        }
        let meta = serde_json::to_vec(&entry)?;
        fs::write_file(&temp.join("meta.json"), &meta)?;
        let done = self.dir.join(key);
        // A damaged entry of the same name is replaced; one another build just made is kept.
        if done.exists() && self.get(key, kind).is_none() {
            let _ = std::fs::remove_dir_all(&done);
        }
        if std::fs::rename(&temp, &done).is_err() {
            let _ = std::fs::remove_dir_all(&temp);
        }
        Ok(entry)
    }
}

fn extension(kind: Kind) -> &'static str {
    match kind {
        Kind::Jpeg => "jpg",
        Kind::Png => "png",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_comes_back_whole_or_not_at_all() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = Cache::beside(&dir.path().join("public"));
        let settings = Settings {
            widths: vec![2, 4],
            quality: 80,
        };
        let key = Cache::key(b"photo", &settings);
        assert_ne!(key, Cache::key(b"photo2", &settings));
        assert_eq!(cache.get(&key, Kind::Jpeg), None);
        let copies = [
            Copy {
                width: 2,
                height: 1,
                bytes: vec![1, 2],
            },
            Copy {
                width: 4,
                height: 2,
                bytes: vec![1, 2, 3],
            },
        ];
        let entry = cache.put(&key, Kind::Jpeg, &copies).expect("stored");
        assert_eq!(entry.copies, [(2, 1, 2), (4, 2, 3)]);
        assert_eq!(cache.get(&key, Kind::Jpeg), Some(entry));
        assert!(
            (dir.path().join(".public.carepath-cache/images").join(&key)).is_dir(),
            "beside the output"
        );
        std::fs::write(cache.file(&key, 4, Kind::Jpeg), b"x").expect("damaged");
        assert_eq!(
            cache.get(&key, Kind::Jpeg),
            None,
            "a damaged entry is not used"
        );
    }
}
