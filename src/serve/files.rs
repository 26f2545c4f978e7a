//! The files `serve` holds: every file of the last good build, compressed (LZ4, `lz4_flex`),
//! so that a running server needs little more memory than a build, and decompressed when one
//! is sent (well under a millisecond for a page).

use std::collections::BTreeMap;
use std::sync::Arc;

/// Files by URL (`/`-separated, relative to the site root), each held compressed.
#[derive(Debug, Clone, Default)]
pub struct Files {
    by_url: BTreeMap<String, Arc<[u8]>>,
}

impl Files {
    /// Holds `bytes` as the file at `url`, replacing any file there.
    pub fn insert(&mut self, url: String, bytes: &[u8]) {
        let packed = lz4_flex::compress_prepend_size(bytes);
        self.by_url.insert(url, Arc::from(packed));
    }

    /// Drops every file whose URL starts with `prefix`; returns their URLs.
    pub fn remove_under(&mut self, prefix: &str) -> Vec<String> {
        let gone: Vec<String> = (self.by_url.keys())
            .filter(|url| url.starts_with(prefix))
            .cloned()
            .collect();
        for url in &gone {
            self.by_url.remove(url);
        }
        gone
    }

    /// The file at `url`, as it was built.
    pub fn get(&self, url: &str) -> Option<Vec<u8>> {
        lz4_flex::decompress_size_prepended(self.by_url.get(url)?).ok()
    }

    /// Whether there is a file at `url`.
    pub fn contains(&self, url: &str) -> bool {
        self.by_url.contains_key(url)
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.by_url.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_url.is_empty()
    }

    /// Every URL, sorted.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.by_url.keys().map(String::as_str)
    }

    /// Every file with its bytes, sorted by URL (each decompressed as it comes).
    pub fn iter(&self) -> impl Iterator<Item = (&str, Vec<u8>)> + '_ {
        self.urls()
            .filter_map(|url| self.get(url).map(|bytes| (url, bytes)))
    }

    /// Bytes held, compressed.
    pub fn held_bytes(&self) -> usize {
        self.by_url.values().map(|b| b.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_back_byte_for_byte() {
        let mut files = Files::default();
        let page = "<p>Rest, then move gently.</p>\n".repeat(200);
        files.insert("a.html".into(), page.as_bytes());
        files.insert("empty.txt".into(), b"");
        assert_eq!(files.get("a.html").as_deref(), Some(page.as_bytes()));
        assert_eq!(files.get("empty.txt").as_deref(), Some(&b""[..]));
        assert_eq!(files.get("missing.html"), None);
        assert!(files.held_bytes() < page.len() / 4, "a page compresses");
        assert_eq!(files.urls().collect::<Vec<_>>(), ["a.html", "empty.txt"]);
    }
}
