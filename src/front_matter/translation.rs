//! The front matter of a translation (`sciatica.cy.md` beside `sciatica.md`): only its words.
//! Everything else (care level, service, sources, review dates, aliases) comes from the source
//! page, so a translation can never change what a page advises.

use super::{date, required_text, split};
use crate::diagnostics::{Diagnostic, Located};
use crate::tomlpos;
use serde::Deserialize;
use serde_spanned::Spanned;
use time::Date;

/// The validated front matter of a translation.
#[derive(Debug, Clone, PartialEq)]
pub struct TranslationFront {
    /// The title in the translation's language.
    pub title: String,
    /// The summary in the translation's language.
    pub summary: String,
    /// Other names, in the translation's language, for its A–Z.
    pub also_called: Vec<String>,
    /// Which version of its source it translates (`[translation]`), when recorded.
    pub record: Option<Record>,
    /// Byte offset of the `[translation]` table (or of the front matter) in the file.
    pub record_offset: usize,
}

/// `[translation]`: the source's blocks as they were when the translation was last brought up
/// to date with it, written by `carepath translate mark`, never by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The day it was brought up to date.
    pub date: Date,
    /// A hash of each block of the source it translates (title, summary, then the body's
    /// headings, paragraphs, list items and table rows).
    pub blocks: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranslationFront {
    title: Option<Spanned<String>>,
    summary: Option<Spanned<String>>,
    #[serde(default)]
    also_called: Vec<String>,
    translation: Option<Spanned<RawRecord>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecord {
    date: Option<Spanned<toml::Value>>,
    #[serde(default)]
    blocks: Vec<Spanned<String>>,
}

/// The keys a translation's front matter accepts, then those of its `[translation]` table.
pub(crate) fn keys() -> [&'static [&'static str]; 2] {
    [
        tomlpos::fields::of::<RawTranslationFront>(),
        tomlpos::fields::of::<RawRecord>(),
    ]
}

/// Splits and validates a translation; returns its front matter and the body's offset.
pub fn parse(src: Located<'_>) -> Result<(TranslationFront, usize), Vec<Diagnostic>> {
    let (block, base, body_offset) = split(src).map_err(|d| vec![d])?;
    let raw: RawTranslationFront = tomlpos::from_str(src, base, block).map_err(|mut d| {
        let [page_keys, _] = super::keys();
        let source_key = (d.message.strip_prefix("unknown key `"))
            .and_then(|rest| rest.split('`').next())
            .filter(|key| page_keys.contains(key));
        if let Some(key) = source_key {
            d.message = format!("`{key}` comes from the source page and cannot differ in a translation: a translation gives only `title`, `summary`, `also_called` and its `[translation]` record");
        }
        vec![d]
    })?;
    let mut problems = Vec::new();
    const WHY: &str = ": a translation gives the page's title and summary in its language";
    let title = required_text(src, base, raw.title, ("title", WHY), &mut problems);
    let summary = required_text(src, base, raw.summary, ("summary", WHY), &mut problems);
    let record_offset = block.find("[translation]").map_or(0, |i| base + i);
    let record = raw.translation.and_then(|table| {
        let table = table.into_inner();
        let date = date(src, base, table.date.as_ref(), "date", &mut problems)?;
        let mut blocks = Vec::with_capacity(table.blocks.len());
        for hash in table.blocks {
            if hash.get_ref().len() != crate::markdown::HASH_CHARS
                || !hash.get_ref().bytes().all(|b| b.is_ascii_hexdigit())
            {
                problems.push(src.error(
                    base + hash.span().start,
                    "`blocks` holds what `carepath translate mark` wrote: do not edit it by hand (run the command again once the translation matches its source)",
                ));
            }
            blocks.push(hash.into_inner());
        }
        Some(Record { date, blocks })
    });
    match problems.is_empty() {
        true => Ok((
            TranslationFront {
                title,
                summary,
                also_called: raw.also_called,
                record,
                record_offset,
            },
            body_offset,
        )),
        false => Err(problems),
    }
}
