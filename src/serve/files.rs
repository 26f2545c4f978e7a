//! The files `serve` holds: every file of the last good build, compressed (deflate at level
//! 2, `flate2` on the pure-Rust `zlib-rs`), so that a running server needs little
//! more memory than a build, and decompressed when one is sent (tens of microseconds for a
//! page). Pages are compressed against the first page held, as a preset dictionary: the
//! theme's frame (head, banner, navigation, footer) is much of a short page, and each page then
//! costs little more than what is its own. On 10,000 leaflets this holds 77 MB of output in
//! 18 MB (LZ4, used before, held 37 MB even with the same dictionary; deflate at level 1, 23
//! MB). Compressing takes about 0.2 ms a page, so a batch is compressed on every core.

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Files by URL (`/`-separated, relative to the site root), each held compressed.
#[derive(Debug, Clone, Default)]
pub struct Files {
    by_url: BTreeMap<String, Held>,
    /// The first page held (its first [`DICTIONARY_BYTES`]); set once, as every page compressed
    /// against it needs it to be read back.
    dictionary: Option<Arc<[u8]>>,
}

/// One file, compressed alone or against the dictionary.
#[derive(Debug, Clone)]
struct Held {
    packed: Arc<[u8]>,
    /// Its size uncompressed.
    size: usize,
    with_dictionary: bool,
}

/// Most bytes of the first page kept as the dictionary (deflate looks back at most 32 KiB).
const DICTIONARY_BYTES: usize = 32 * 1024;

impl Files {
    /// Holds `bytes` as the file at `url`, replacing any file there.
    pub fn insert(&mut self, url: String, bytes: &[u8]) {
        self.insert_all(vec![(url, bytes)]);
    }

    /// Holds each file of `files` (URL, bytes), replacing any file there; they are compressed
    /// in parallel.
    pub fn insert_all(&mut self, files: Vec<(String, &[u8])>) {
        use rayon::prelude::*;
        if self.dictionary.is_none()
            && let Some((_, first)) = files.iter().find(|(url, _)| is_page(url))
        {
            self.dictionary = Some(Arc::from(&first[..first.len().min(DICTIONARY_BYTES)]));
        }
        let dictionary = self.dictionary.as_deref();
        let held: Vec<(String, Held)> = files
            .into_par_iter()
            .map(|(url, bytes)| {
                let dictionary = dictionary.filter(|_| is_page(&url));
                let held = Held {
                    packed: deflate(bytes, dictionary).into(),
                    size: bytes.len(),
                    with_dictionary: dictionary.is_some(),
                };
                (url, held)
            })
            .collect();
        self.by_url.extend(held);
    }

    /// Drops every file whose URL starts with `prefix`; returns their URLs.
    pub fn remove_under(&mut self, prefix: &str) -> Vec<String> {
        self.remove_where(|url| url.starts_with(prefix))
    }

    /// Drops every file whose URL `drop` picks; returns their URLs.
    pub fn remove_where(&mut self, drop: impl Fn(&str) -> bool) -> Vec<String> {
        let gone: Vec<String> = (self.by_url.keys())
            .filter(|url| drop(url))
            .cloned()
            .collect();
        for url in &gone {
            self.by_url.remove(url);
        }
        gone
    }

    /// The file at `url`, as it was built.
    pub fn get(&self, url: &str) -> Option<Vec<u8>> {
        let held = self.by_url.get(url)?;
        let dictionary = self.dictionary.as_deref().filter(|_| held.with_dictionary);
        inflate(&held.packed, held.size, dictionary)
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
        let dictionary = self.dictionary.as_deref().map_or(0, <[u8]>::len);
        dictionary + self.by_url.values().map(|h| h.packed.len()).sum::<usize>()
    }
}

/// Whether the file at `url` is a page (compressed against the dictionary).
fn is_page(url: &str) -> bool {
    url.ends_with(".html")
}

/// `bytes` as raw deflate at the fastest level, against `dictionary` when given.
fn deflate(bytes: &[u8], dictionary: Option<&[u8]>) -> Vec<u8> {
    let mut compress = Compress::new(Compression::new(2), false);
    if let Some(dictionary) = dictionary {
        // Only fails on a stream already started; this one is new.
        let _ = compress.set_dictionary(dictionary);
    }
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    loop {
        let done = compress.total_in() as usize;
        match compress.compress_vec(&bytes[done..], &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => break,
            Ok(_) => out.reserve(out.capacity().max(64)),
            // Cannot happen on a fresh stream fed whole; keep the bytes as they are then.
            Err(_) => return bytes.to_vec(),
        }
    }
    out.shrink_to_fit();
    out
}

/// The `size` bytes `packed` holds, compressed by [`deflate`] against `dictionary`.
fn inflate(packed: &[u8], size: usize, dictionary: Option<&[u8]>) -> Option<Vec<u8>> {
    let mut decompress = Decompress::new(false);
    if let Some(dictionary) = dictionary {
        decompress.set_dictionary(dictionary).ok()?;
    }
    // One byte more than the file, so that the end of the stream is read once it is full.
    let mut out = Vec::with_capacity(size + 1);
    match decompress.decompress_vec(packed, &mut out, FlushDecompress::Finish) {
        Ok(Status::StreamEnd) if out.len() == size => Some(out),
        _ => None,
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
        assert_eq!(files.urls().collect::<Vec<_>>(), ["a.html", "empty.txt"]);
    }

    #[test]
    fn pages_after_the_first_cost_little_more_than_their_own_text() {
        let frame = |body: &str| {
            format!(
                "<!DOCTYPE html><html lang=\"en-GB\"><head><title>{body}</title><link rel=\"stylesheet\" href=\"style.css\"></head><body><header>Call 999 or go to A&amp;E</header><nav>Home · Causes A to Z · Check your back pain</nav><main>{body}</main><footer>If you are worried, contact a pharmacist, a GP or 111.</footer></body></html>"
            )
        };
        let mut files = Files::default();
        files.insert("style.css".into(), b"body{margin:0}");
        files.insert(
            "first.html".into(),
            frame("Rest, then move gently.").as_bytes(),
        );
        let before = files.held_bytes();
        let second = frame("Keep moving: lying still for long makes it stiffer.");
        files.insert_all(vec![("second.html".into(), second.as_bytes())]);
        let added = files.held_bytes() - before;
        assert!(
            added < second.len() / 4,
            "the second page added {added} bytes of {}",
            second.len()
        );
        assert_eq!(files.get("second.html").as_deref(), Some(second.as_bytes()));
        assert_eq!(
            files.get("style.css").as_deref(),
            Some(&b"body{margin:0}"[..])
        );
    }
}
