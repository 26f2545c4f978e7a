//! Files for translators: `carepath translate export` writes the text a language still needs
//! (XLIFF 2.0 or gettext PO, the formats translation tools and agencies read) and
//! `carepath translate import` writes what comes back into the translations, with the hashes
//! of the source blocks the translator worked from.
//!
//! Everything here works on [`Segment`]s grouped in [`Unit`]s (one per source file), so that
//! another kind of source (a tree's strings) needs only its own reader and writer beside
//! `pages`; the file formats (`po`, `xliff`) know nothing of pages.

mod import;
mod pages;
mod po;
mod xliff;

use crate::diagnostics::{Diagnostic, Located};
use crate::site::Site;
use anyhow::Result;
use std::path::Path;

pub use import::Imported;

/// A file format for translators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// XLIFF 2.0 (OASIS), the default.
    Xliff,
    /// gettext PO.
    Po,
}

impl std::str::FromStr for Format {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "xliff" | "xlf" => Ok(Format::Xliff),
            "po" => Ok(Format::Po),
            _ => anyhow::bail!("`{s}` is not a format for translators: write `xliff` or `po`"),
        }
    }
}

/// One piece of text to translate: a block of a page (its title, summary, a heading, a
/// paragraph, a list item, a table row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segment {
    /// Where it goes in its unit, stable while the source text is the same: the block's hash,
    /// with `-2`, `-3`… for a second and third block of the same words.
    pub(crate) key: String,
    /// The source text, as Markdown.
    pub(crate) source: String,
    /// The translation, when there is one.
    pub(crate) target: Option<String>,
    /// The target was made for an older source text and must be checked (PO `#, fuzzy`);
    /// such a target is not imported.
    pub(crate) fuzzy: bool,
    /// What the block is, in words (`the heading "What it is"`).
    pub(crate) what: String,
    /// The source file as shown and the block's line in it.
    pub(crate) location: Option<(String, usize)>,
    /// Context for the translator (the current translation of a changed block).
    pub(crate) note: Option<String>,
    /// Byte offset in the file it was read from (0 when made by export).
    pub(crate) at: usize,
}

impl Segment {
    /// The hash of the source block it translates (its key without a `-N` suffix).
    pub(crate) fn hash(&self) -> &str {
        self.key.split('-').next().unwrap_or_default()
    }
}

/// The segments of one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    /// The source file, relative to `content/`, with `/` between folders.
    pub(crate) file: String,
    /// Its segments, in the source's order.
    pub(crate) segments: Vec<Segment>,
    /// Byte offset in the file it was read from.
    pub(crate) at: usize,
}

/// A file for translators: the text of one target language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Catalogue {
    /// The site's title (PO `Project-Id-Version`).
    pub(crate) project: String,
    /// The source language's tag.
    pub(crate) source_lang: String,
    /// The target language's tag.
    pub(crate) target_lang: String,
    /// One unit per source file.
    pub(crate) units: Vec<Unit>,
    /// Byte offset of the target language's tag in the file it was read from.
    pub(crate) lang_at: usize,
    /// The day it was written.
    pub(crate) date: Option<time::Date>,
}

/// What to export.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExportRequest<'a> {
    /// The target language's tag.
    pub(crate) lang: &'a str,
    /// Every block of every page (with the translation where there is one), not only what is
    /// missing or out of date.
    pub(crate) all: bool,
    /// The format.
    pub(crate) format: Format,
    /// The day it is written (PO `PO-Revision-Date`).
    pub(crate) date: time::Date,
}

/// The file for translators of `req.lang` (`None`: there is nothing to translate), with
/// warnings (translations whose blocks cannot be matched with their source's).
pub(crate) fn export(
    site: &Site,
    req: ExportRequest<'_>,
) -> Result<(Option<String>, Vec<Diagnostic>)> {
    let config = &site.config;
    if !config.translated_languages().any(|l| l == req.lang) {
        let known: Vec<&str> = config.translated_languages().collect();
        anyhow::bail!(
            "`{}` is not one of the site's other languages ({}): list it in `[languages]` in content/site.toml",
            req.lang,
            match known.is_empty() {
                true => "it has none".to_string(),
                false => known.join(", "),
            }
        );
    }
    let mut units = Vec::new();
    let mut warnings = Vec::new();
    for page in site.pages.iter().filter(|p| pages::translatable(p)) {
        let (unit, mut said) = pages::export(site, page, req.lang, req.all)?;
        warnings.append(&mut said);
        units.extend(unit.filter(|u| !u.segments.is_empty()));
    }
    let catalogue = Catalogue {
        project: config.title.clone(),
        source_lang: config.language.clone(),
        target_lang: req.lang.to_string(),
        units,
        lang_at: 0,
        date: Some(req.date),
    };
    if catalogue.units.is_empty() {
        return Ok((None, warnings));
    }
    let text = match req.format {
        Format::Xliff => xliff::write(&catalogue),
        Format::Po => po::write(&catalogue),
    };
    Ok((Some(text), warnings))
}

/// Reads a file for translators (`shown` is its path as the user gave it): XLIFF when it
/// starts with `<` (after any byte-order mark and spaces), else PO.
pub(crate) fn read(shown: &Path, text: &str) -> Result<Catalogue, Vec<Diagnostic>> {
    let src = Located { path: shown, text };
    match text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        true => xliff::read(src),
        false => po::read(src),
    }
}

/// Writes the translations of the file `shown` (text `text`) into the site, dating each
/// record `date`: `Ok(Err(problems))` when anything is wrong with it, and then nothing is
/// written.
pub(crate) fn import(
    site: &Site,
    shown: &Path,
    text: &str,
    date: time::Date,
) -> Result<Result<Imported, Vec<Diagnostic>>> {
    let catalogue = match read(shown, text) {
        Ok(c) => c,
        Err(problems) => return Ok(Err(problems)),
    };
    import::apply(site, Located { path: shown, text }, &catalogue, date)
}

/// `text` with `"`, `\`, line ends and tabs escaped with a backslash, as TOML basic strings
/// and PO strings (the gettext manual: C escapes) write them; other control characters as
/// `\uXXXX` (TOML; gettext tools read no such character).
fn backslashed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}
