//! The clinical sign-off record, `content/signoff.toml`: who approved each page and tree (name,
//! role, date) and a fingerprint of what they approved, so an approval goes stale the moment
//! the text a reader sees changes. This module reads and writes the file and takes
//! fingerprints; `approval` judges a loaded site against it.
//!
//! What is hashed (SHA-256, line endings made `\n` first so a checkout on Windows changes
//! nothing): for a page or a tree, its whole file, front matter included (title, summary, care
//! level, sources; for a tree, its logic and wording); and, separately, the file of every
//! snippet the text includes (`{{ include snippets/x.md }}`), so an edit to a snippet names the
//! snippet on every page it un-approves.

use crate::diagnostics::{Diagnostic, Located};
use serde::Deserialize;
use serde_spanned::Spanned;
use sha2::{Digest as _, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use time::Date;

/// One approval: a page or tree, who approved it, when, and what it said then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The page or tree, relative to `content/` (`causes/sciatica.md`).
    pub page: PathBuf,
    /// Who approved it ("Dr A Name").
    pub by: String,
    /// Their role ("GP clinical lead"): what the page's footer shows.
    pub role: String,
    /// The day they approved it.
    pub date: Date,
    /// The hash of the file as approved (`sha256:…`).
    pub hash: String,
    /// The hash of every snippet it included then, by path relative to `content/`.
    pub snippets: BTreeMap<PathBuf, String>,
    /// Where the entry's `page` is in `signoff.toml`, for diagnostics.
    pub offset: usize,
}

/// Every approval in the site, in the order of the file.
#[derive(Debug, Clone, Default)]
pub struct SignOffs {
    /// The entries; a page named twice has its last entry used.
    pub entries: Vec<Entry>,
}

impl SignOffs {
    /// The approval of `source` (relative to `content/`), if any.
    pub fn get(&self, source: &Path) -> Option<&Entry> {
        self.entries.iter().rev().find(|e| e.page == source)
    }
}

/// What a page or tree says now: its own hash and the snippets it includes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// The hash of its file (`sha256:…`).
    pub hash: String,
    /// The snippets its text includes, sorted.
    pub snippets: Vec<PathBuf>,
}

/// The fingerprint of a page's or tree's file text.
pub fn fingerprint(text: &str) -> Fingerprint {
    Fingerprint {
        hash: hash(text),
        snippets: crate::markdown::includes(text),
    }
}

/// `sha256:` and the hex SHA-256 of `text` with `\r\n` read as `\n`.
pub fn hash(text: &str) -> String {
    let mut sha = Sha256::new();
    for (i, part) in text.split("\r\n").enumerate() {
        if i > 0 {
            sha.update(b"\n");
        }
        sha.update(part.as_bytes());
    }
    let mut out = String::from("sha256:");
    for byte in sha.finalize() {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    signoff: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    page: Spanned<String>,
    by: String,
    role: String,
    date: Spanned<toml::Value>,
    hash: String,
    #[serde(default)]
    snippets: BTreeMap<String, String>,
}

/// The keys of one `[[signoff]]` entry (read from the serde model that refuses any other key).
pub(crate) fn keys() -> &'static [&'static str] {
    crate::tomlpos::fields::of::<RawEntry>()
}

/// Reads `content/signoff.toml`; problems come back as diagnostics, and an entry with a problem
/// is left out (its page then counts as not approved).
pub fn parse(src: Located<'_>) -> (SignOffs, Vec<Diagnostic>) {
    let raw: RawFile = match crate::tomlpos::from_str(src, 0, src.text) {
        Ok(raw) => raw,
        Err(d) => return (SignOffs::default(), vec![d]),
    };
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    for e in raw.signoff {
        let offset = e.page.span().start;
        let before = problems.len();
        let date = crate::front_matter::date(src, 0, Some(&e.date), "date", &mut problems);
        let page = PathBuf::from(e.page.get_ref().trim_start_matches("content/"));
        for (key, value) in [("by", &e.by), ("role", &e.role)] {
            if value.trim().is_empty() {
                problems.push(src.error(
                    offset,
                    format!("`{key}` is empty: say who approved `{}`", page.display()),
                ));
            }
        }
        if let (Some(date), true) = (date, problems.len() == before) {
            let snippets = e.snippets.into_iter().map(|(k, v)| (PathBuf::from(k), v));
            entries.push(Entry {
                page,
                by: e.by,
                role: e.role,
                date,
                hash: e.hash,
                snippets: snippets.collect(),
                offset,
            });
        }
    }
    (SignOffs { entries }, problems)
}

/// The text of `signoff.toml` with `entry` recorded: it replaces the entry for the same page
/// where that stood, or is added at the end. Other entries keep their order; comment lines
/// before the first entry are kept, anything else is written out again in the usual form.
pub fn with_entry(old: &str, entries: &[Entry], entry: Entry) -> String {
    let mut out: String = old
        .lines()
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    out.truncate(out.trim_end().len());
    out.push('\n');
    if out.trim().is_empty() {
        out = HEADER.to_string();
    }
    let mut placed = false;
    for e in entries {
        match e.page == entry.page {
            true if placed => continue,
            true => write_entry(&mut out, &entry),
            false => write_entry(&mut out, e),
        }
        placed |= e.page == entry.page;
    }
    if !placed {
        write_entry(&mut out, &entry);
    }
    out
}

const HEADER: &str = "# Clinical sign-off: who approved each page and tree, and a hash of what they approved.\n# Written by `carepath signoff`; see the carepath guide (\"Clinical sign-off\").\n";

fn write_entry(out: &mut String, e: &Entry) {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let page = e.page.display().to_string().replace('\\', "/");
    let _ = write!(
        out,
        "\n[[signoff]]\npage = {}\nby = {}\nrole = {}\ndate = {}\nhash = {}\n",
        quote(&page),
        quote(&e.by),
        quote(&e.role),
        e.date,
        quote(&e.hash)
    );
    if !e.snippets.is_empty() {
        let parts: Vec<String> = (e.snippets.iter())
            .map(|(k, v)| format!("{} = {}", quote(&k.display().to_string()), quote(v)))
            .collect();
        let _ = writeln!(out, "snippets = {{ {} }}", parts.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(page: &str, by: &str) -> Entry {
        Entry {
            page: PathBuf::from(page),
            by: by.into(),
            role: "GP \"lead\"".into(),
            date: time::macros::date!(2026 - 12 - 07),
            hash: hash("x"),
            snippets: [(PathBuf::from("snippets/a.md"), hash("a"))].into(),
            offset: 0,
        }
    }

    #[test]
    fn hashes_ignore_crlf() {
        assert_eq!(hash("a\r\nb\n"), hash("a\nb\n"));
        assert_ne!(hash("a\nb\n"), hash("a\nc\n"));
        assert!(hash("").starts_with("sha256:e3b0c442"));
    }

    #[test]
    fn writes_and_reads_back_keeping_order() {
        let text = with_entry("# mine\n", &[], entry("b.md", "One"));
        let text = with_entry(&text, &read(&text), entry("a.md", "Two"));
        let text = with_entry(&text, &read(&text), entry("b.md", "Three"));
        assert!(text.starts_with("# mine\n"), "{text}");
        let back = read(&text);
        let names: Vec<_> = back
            .iter()
            .map(|e| (e.page.clone(), e.by.clone()))
            .collect();
        assert_eq!(
            names,
            [
                ("b.md".into(), "Three".to_string()),
                ("a.md".into(), "Two".to_string())
            ]
        );
        assert_eq!(back[0].role, "GP \"lead\"");
        assert_eq!(back[0].snippets, entry("b.md", "").snippets);
    }

    fn read(text: &str) -> Vec<Entry> {
        let path = Path::new("content/signoff.toml");
        let (s, problems) = parse(Located { path, text });
        assert!(problems.is_empty(), "{problems:?}");
        s.entries
    }
}
