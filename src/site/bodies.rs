//! Article bodies rendered once, when they are loaded, and kept outside memory until their page
//! is written: in one unnamed temporary file (deleted by the system when carepath exits, however
//! it exits), each body at its own place. A build then renders each article's Markdown once
//! instead of twice, holds no article's HTML longer than it takes to write its page, and writes
//! exactly the body it checked, even if the file is edited meanwhile.
//!
//! Where no temporary file can be made (or on a system without positioned reads), bodies are not
//! kept and each is rendered again from its Markdown when its page is written, as before.

use anyhow::{Context as _, Result};
use std::fs::File;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where one body is held: its byte range in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    offset: u64,
    len: u32,
}

/// The store of rendered bodies; any thread may add to it or read from it.
#[derive(Debug, Default)]
pub struct Bodies {
    file: Option<File>,
    end: AtomicU64,
}

impl Bodies {
    /// A new, empty store in the system's temporary folder; one that keeps nothing if no
    /// temporary file can be made there.
    pub fn new() -> Bodies {
        Bodies {
            file: positioned::SUPPORTED
                .then(tempfile::tempfile)
                .and_then(std::result::Result::ok),
            end: AtomicU64::new(0),
        }
    }

    /// Adds `html`, and says where it is; `None` when it is not kept (no store, a body over
    /// 4 GiB, or the write failed), and the body must be rendered again when it is needed.
    pub fn put(&self, html: &str) -> Option<Held> {
        let file = self.file.as_ref()?;
        let len = u32::try_from(html.len()).ok()?;
        let offset = self.end.fetch_add(u64::from(len), Ordering::Relaxed);
        positioned::write_all_at(file, html.as_bytes(), offset).ok()?;
        Some(Held { offset, len })
    }

    /// The body held at `at`.
    pub fn get(&self, at: Held) -> Result<String> {
        let file = self
            .file
            .as_ref()
            .context("a rendered body was asked of a store that keeps none")?;
        let mut bytes = vec![0; at.len as usize];
        positioned::read_exact_at(file, &mut bytes, at.offset)
            .context("could not read a rendered page body back from carepath's temporary file")?;
        String::from_utf8(bytes).context("a rendered page body read back is not UTF-8")
    }
}

#[cfg(unix)]
mod positioned {
    use std::fs::File;
    use std::os::unix::fs::FileExt;

    pub(super) const SUPPORTED: bool = true;

    pub(super) fn write_all_at(file: &File, bytes: &[u8], offset: u64) -> std::io::Result<()> {
        file.write_all_at(bytes, offset)
    }

    pub(super) fn read_exact_at(file: &File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
        file.read_exact_at(bytes, offset)
    }
}

#[cfg(not(unix))]
mod positioned {
    use std::fs::File;

    pub(super) const SUPPORTED: bool = false;

    pub(super) fn write_all_at(_: &File, _: &[u8], _: u64) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }

    pub(super) fn read_exact_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

#[cfg(test)]
mod tests {
    use super::Bodies;

    #[test]
    fn bodies_come_back_as_they_were_put_from_any_thread() {
        let bodies = Bodies::new();
        let texts: Vec<String> = (0..200)
            .map(|i| format!("<p>Body {i}: {}</p>\n", "é".repeat(i)))
            .collect();
        let held: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = texts
                .chunks(50)
                .map(|chunk| s.spawn(|| chunk.iter().map(|t| bodies.put(t)).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a writer thread"))
                .collect()
        });
        for (text, at) in texts.iter().zip(held) {
            let at = at.expect("a temporary file can be made here");
            assert_eq!(&bodies.get(at).expect("read back"), text);
        }
        let empty = bodies.put("").expect("an empty body is kept too");
        assert_eq!(bodies.get(empty).expect("read back"), "");
    }

    #[test]
    fn a_store_without_a_file_keeps_nothing() {
        let bodies = Bodies::default();
        assert_eq!(bodies.put("<p>x</p>"), None);
    }
}
