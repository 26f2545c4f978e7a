//! Articles as segments: a source page's blocks (title, summary, then the body's blocks, see
//! `markdown::blocks`) and where each one's translation sits in a translation file.
//!
//! A translation that records the source version it translates (`[translation]`) and has as
//! many blocks as that version is read block for block: its block `i` translates recorded
//! block `i`. A diff of the recorded hashes with the source's hashes now then says, for each
//! source block, which translation block holds it (unchanged or changed) or that it is new.

use super::Segment;
use crate::diagnostics::{Diagnostic, Located};
use crate::front_matter::translation::Record;
use crate::markdown::{self, Block};
use crate::site::{Page, PageKind, Site};
use anyhow::Result;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Whether `page` is a source page whose text can be translated (a section's landing page is
/// not published in other languages yet).
pub(super) fn translatable(page: &Page) -> bool {
    page.kind != PageKind::Section && page.translation.is_none()
}

/// One block of a source page.
pub(super) struct SourceBlock {
    /// Its key in its unit ([`Segment::key`]).
    pub(super) key: String,
    /// The block, for its hash and to describe it.
    pub(super) block: Block,
    /// Its line in the source file.
    pub(super) line: usize,
    /// Its Markdown.
    pub(super) text: String,
}

/// A source page read as blocks.
pub(super) struct SourcePage {
    /// The title, the summary, then the body's blocks.
    pub(super) blocks: Vec<SourceBlock>,
    /// The body's text (body blocks' offsets are in it).
    pub(super) body: String,
    /// The file as shown (`content/causes/x.md`).
    pub(super) shown: String,
}

impl SourcePage {
    /// Index of the block with `key`.
    pub(super) fn find(&self, key: &str) -> Option<usize> {
        self.blocks.iter().position(|b| b.key == key)
    }

    /// The text between body block `j - 1` (or the start of the body) and body block `j`.
    pub(super) fn gap_before(&self, j: usize) -> &str {
        let start = match j {
            0..=2 => 0,
            _ => self.blocks[j - 1].block.end,
        };
        (self.body.get(start..self.blocks[j].block.offset)).unwrap_or("\n\n")
    }

    /// The text between body block `j` and the next one (or `\n\n` after the last).
    pub(super) fn gap_after(&self, j: usize) -> &str {
        match self.blocks.get(j + 1) {
            Some(next) => {
                (self.body.get(self.blocks[j].block.end..next.block.offset)).unwrap_or("\n\n")
            }
            None => "\n\n",
        }
    }
}

/// Reads the source page `page` as blocks.
pub(super) fn source(site: &Site, page: &Page) -> Result<SourcePage> {
    let (shown, text) = page.located(&site.root);
    let body = text.get(page.body_offset..).unwrap_or_default().to_string();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let blocks = (crate::site::translations::source_blocks(&site.root, page)?.into_iter())
        .enumerate()
        .map(|(j, (block, line))| {
            let text = match j {
                0 => page.front.title.clone(),
                1 => page.front.summary.clone(),
                _ => body
                    .get(block.offset..block.end)
                    .unwrap_or_default()
                    .to_string(),
            };
            let n = seen.entry(block.hash.clone()).or_default();
            *n += 1;
            let key = match *n {
                1 => block.hash.clone(),
                n => format!("{}-{n}", block.hash),
            };
            SourceBlock {
                key,
                block,
                line,
                text,
            }
        })
        .collect();
    Ok(SourcePage {
        blocks,
        body,
        shown: slashed(&shown),
    })
}

/// `path` with `/` between folders.
pub(super) fn slashed(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// A place in a translation file that holds one block's translation.
pub(super) struct Slot {
    /// Its bytes in the file: a TOML string (title, summary) or a body block's Markdown.
    pub(super) range: Range<usize>,
    /// The translated text it holds.
    pub(super) text: String,
}

/// A translation file read as slots.
pub(super) struct TranslationFile {
    /// The file, relative to the site (`content/causes/x.cy.md`).
    pub(super) shown: PathBuf,
    /// Its text.
    pub(super) text: String,
    /// Where its body starts.
    pub(super) body_offset: usize,
    /// The title, the summary, then the body's blocks.
    pub(super) slots: Vec<Slot>,
    /// The source version it records.
    pub(super) record: Option<Record>,
    /// Where its `[translation]` record is.
    pub(super) record_offset: usize,
}

/// The translation of `source` into `lang`, as loaded.
pub(super) fn translation_of<'a>(site: &'a Site, source: &Page, lang: &str) -> Option<&'a Page> {
    site.translation(&source.source, lang)
}

/// Where the translation of `source` into `lang` is, relative to `content/`.
pub(super) fn translation_path(source: &Page, lang: &str) -> PathBuf {
    let stem = source.source.file_stem().unwrap_or_default();
    let name = format!("{}.{lang}.md", stem.to_string_lossy());
    source.source.with_file_name(name)
}

/// Reads the translation `page` as slots.
pub(super) fn translation(site: &Site, page: &Page) -> Option<TranslationFile> {
    let t = page.translation.as_deref()?;
    let (shown, text) = page.located(&site.root);
    let front = text.get(..page.body_offset)?;
    let mut slots = Vec::new();
    for (key, value) in [
        ("title", &page.front.title),
        ("summary", &page.front.summary),
    ] {
        let at = crate::tomlpos::key_offset(front, key);
        slots.push(Slot {
            range: toml_string_at(front, at)?,
            text: value.clone(),
        });
    }
    let body = text.get(page.body_offset..)?;
    for block in markdown::blocks(body) {
        let range = page.body_offset + block.offset..page.body_offset + block.end;
        slots.push(Slot {
            text: text.get(range.clone())?.to_string(),
            range,
        });
    }
    Some(TranslationFile {
        shown,
        body_offset: page.body_offset,
        slots,
        record: t.record.clone(),
        record_offset: t.record_offset,
        text,
    })
}

/// The bytes of the TOML string value of the `key = …` line at `at` in `front`.
fn toml_string_at(front: &str, at: usize) -> Option<Range<usize>> {
    let line = front.get(at..)?;
    let start = at + line.find('=')? + 1;
    let rest = front.get(start..)?;
    let start = start + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let rest = front.get(start..)?;
    let len = if let Some(delim) = ["\"\"\"", "'''"].into_iter().find(|d| rest.starts_with(d)) {
        3 + rest[3..].find(delim)? + 3
    } else if let Some(inner) = rest.strip_prefix('\'') {
        1 + inner.find('\'')? + 1
    } else if let Some(inner) = rest.strip_prefix('"') {
        let mut escaped = false;
        let close = inner.char_indices().find(|&(_, c)| {
            let end = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            end
        })?;
        1 + close.0 + 1
    } else {
        return None;
    };
    Some(start..start + len)
}

/// `text` as a TOML basic string.
pub(super) fn toml_string(text: &str) -> String {
    format!("\"{}\"", super::backslashed(text))
}

/// Where a source block's translation is in an aligned translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// In this slot, made for the source block as it is.
    Same(usize),
    /// In this slot, made for an older version of the source block.
    Changed(usize),
    /// Nowhere yet: a new block, to go after this slot (1, the summary: first in the body).
    New(usize),
}

/// For each source block of `source`, where `t` holds its translation; an error at `t` when
/// its blocks cannot be matched with its source's.
pub(super) fn places(t: &TranslationFile, source: &SourcePage) -> Result<Vec<Place>, Diagnostic> {
    let src = Located {
        path: &t.shown,
        text: &t.text,
    };
    let shown = t.shown.display();
    let Some(record) = &t.record else {
        return Err(src.error(
            t.record_offset,
            format!("`{shown}` has no `[translation]` record, so which of its blocks translates which block of its source is not known: once it says all its source says, run `carepath translate mark {shown}`, then export again"),
        ));
    };
    if record.blocks.len() != t.slots.len() || t.slots.len() < 2 {
        return Err(src.error(
            t.record_offset,
            format!(
                "this translation has {} blocks (title, summary, headings, paragraphs, list items and table rows) but the version of its source it records has {}, so its blocks cannot be matched with its source's one for one: split or join its blocks to follow the source as it was, or bring it up to date by hand and run `carepath translate mark {shown}`",
                t.slots.len(),
                record.blocks.len()
            ),
        ));
    }
    let now: Vec<&str> = (source.blocks.iter())
        .map(|b| b.block.hash.as_str())
        .collect();
    Ok(align(&record.blocks, &now))
}

/// Matches the recorded hashes with the source's now: the title and summary by position, the
/// body's by their longest common sequence. In a run of changes, the first recorded blocks
/// that left pair with the first source blocks that came (a changed block); the rest are new.
pub(super) fn align(recorded: &[String], now: &[&str]) -> Vec<Place> {
    let front = |i: usize| match recorded.get(i).map(String::as_str) == now.get(i).copied() {
        true => Place::Same(i),
        false => Place::Changed(i),
    };
    let mut out: Vec<Place> = (0..now.len().min(2)).map(front).collect();
    let (old, new) = (
        recorded.get(2..).unwrap_or_default(),
        now.get(2..).unwrap_or_default(),
    );
    let pairs = common(old, new);
    let (mut i, mut j, mut last) = (0, 0, 1);
    for (pi, pj) in pairs.into_iter().chain([(old.len(), new.len())]) {
        while j < pj {
            out.push(match i < pi {
                true => {
                    i += 1;
                    last = i + 1;
                    Place::Changed(i + 1)
                }
                false => Place::New(last),
            });
            j += 1;
        }
        if pj < new.len() {
            out.push(Place::Same(pi + 2));
            last = pi + 2;
        }
        (i, j) = (pi + 1, pj + 1);
    }
    out
}

/// The index pairs of a longest common sequence of `a` and `b`.
fn common(a: &[String], b: &[&str]) -> Vec<(usize, usize)> {
    let mut len = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            len[i][j] = match a[i] == b[j] {
                true => len[i + 1][j + 1] + 1,
                false => len[i + 1][j].max(len[i][j + 1]),
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push((i, j));
            (i, j) = (i + 1, j + 1);
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The unit of `page` for `lang`: every block with no translation or an out-of-date one (with
/// `all`, every block), with the translation where it is known.
pub(super) fn export(
    site: &Site,
    page: &Page,
    lang: &str,
    all: bool,
) -> Result<(Option<super::Unit>, Vec<Diagnostic>)> {
    let source = source(site, page)?;
    let mut warnings = Vec::new();
    let aligned = translation_of(site, page, lang)
        .and_then(|t| translation(site, t))
        .and_then(|t| match places(&t, &source) {
            Ok(places) => Some((t, places)),
            Err(mut problem) => {
                problem.severity = crate::diagnostics::Severity::Warning;
                warnings.push(problem);
                None
            }
        });
    let mut segments = Vec::new();
    for (j, block) in source.blocks.iter().enumerate() {
        let (target, fuzzy, note) = match aligned.as_ref().map(|(t, places)| (t, places[j])) {
            Some((t, Place::Same(i))) => (Some(t.slots[i].text.clone()), false, None),
            Some((t, Place::Changed(i))) => (Some(t.slots[i].text.clone()), true, None),
            Some((t, Place::New(after))) => (None, false, Some(new_block_note(t, after))),
            None => (None, false, None),
        };
        if !all && target.is_some() && !fuzzy {
            continue;
        }
        segments.push(Segment {
            key: block.key.clone(),
            source: block.text.clone(),
            target,
            fuzzy,
            what: block.block.describe(),
            location: Some((source.shown.clone(), block.line)),
            note,
            at: 0,
        });
    }
    let unit = super::Unit {
        file: slashed(&page.source),
        segments,
        at: 0,
    };
    Ok((Some(unit), warnings))
}

/// The context a block new in the source gets: the translation it will follow.
fn new_block_note(t: &TranslationFile, after: usize) -> String {
    match t.slots.get(after).filter(|_| after >= 2) {
        Some(slot) => format!(
            "New in the source text. In the translation it goes after: {}",
            slot.text
        ),
        None => "New in the source text. In the translation it goes first in the body.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_changed_block_keeps_its_place_and_a_new_one_goes_after_its_neighbour() {
        let recorded = strings(&["t", "s", "a", "b", "c"]);
        assert_eq!(
            align(&recorded, &["t", "S", "a", "B", "c", "d"]),
            vec![
                Place::Same(0),
                Place::Changed(1),
                Place::Same(2),
                Place::Changed(3),
                Place::Same(4),
                Place::New(4),
            ]
        );
        assert_eq!(
            align(&recorded, &["t", "s", "x", "a", "c"]),
            vec![
                Place::Same(0),
                Place::Same(1),
                Place::New(1),
                Place::Same(2),
                Place::Same(4),
            ]
        );
    }

    #[test]
    fn a_toml_string_is_found_whatever_its_quotes() {
        let front = "+++\ntitle = \"A \\\"b\\\"\"\nsummary = 'c'\n";
        let at = crate::tomlpos::key_offset(front, "title");
        assert_eq!(
            &front[toml_string_at(front, at).unwrap()],
            "\"A \\\"b\\\"\""
        );
        let at = crate::tomlpos::key_offset(front, "summary");
        assert_eq!(&front[toml_string_at(front, at).unwrap()], "'c'");
        assert_eq!(toml_string("a \"b\"\n"), "\"a \\\"b\\\"\\n\"");
    }
}
