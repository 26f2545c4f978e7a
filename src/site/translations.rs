//! Translations of articles: `causes/sciatica.cy.md` beside `causes/sciatica.md`, written to
//! `cy/causes/sciatica.html`. A translation gives only its words (title, summary, body); what
//! the page advises (care level, service, sources, review dates) is its source's. It records
//! which version of its source it translates, block by block (`[translation]`, written by
//! `carepath translate mark`), so that a change to the source is reported at the translation.

use super::{Page, PageResult, Unloaded, body_problems, read_text};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Located};
use crate::front_matter::translation::{self, Record};
use crate::markdown::{self, Block, BlockKind, LangLinks, Links};
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What makes a page a translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// The language's tag (`cy`).
    pub lang: String,
    /// The source page, relative to `content/` (`causes/sciatica.md`).
    pub of: PathBuf,
    /// Which version of the source it translates, when recorded.
    pub record: Option<Record>,
    /// Byte offset of `[translation]` in the file, for the warning.
    pub record_offset: usize,
    /// How far it is behind its source, when it is.
    pub stale: Option<Stale>,
}

/// How a translation differs from the source it says it translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The source's blocks now.
    pub total: usize,
    /// The blocks of the source that are new or changed since, each with its line in the
    /// source file (none recorded: every block).
    pub changed: Vec<(Block, usize)>,
    /// How many blocks the translation was made from are no longer in the source.
    pub removed: usize,
}

/// A translation found among the articles, before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The translation file, relative to `content/`.
    pub(crate) rel: PathBuf,
    /// Its language.
    pub(crate) lang: String,
    /// Its source page, relative to `content/`.
    pub(crate) of: PathBuf,
}

/// Splits the articles (or the trees) into sources and translations (`NAME.TAG.md` or
/// `NAME.TAG.toml` where `TAG` is one of the site's other languages). A site with one language
/// has no translations.
pub(crate) fn split(config: &SiteConfig, rels: Vec<PathBuf>) -> (Vec<PathBuf>, Vec<Found>) {
    if !config.is_multilingual() {
        return (rels, Vec::new());
    }
    let tags: BTreeSet<&str> = config.translated_languages().collect();
    let mut sources = Vec::with_capacity(rels.len());
    let mut found = Vec::new();
    for rel in rels {
        let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        match stem.rsplit_once('.') {
            Some((name, tag)) if tags.contains(tag) && !name.is_empty() => found.push(Found {
                of: rel.with_file_name(format!("{name}.{}", ext(&rel))),
                lang: tag.to_string(),
                rel,
            }),
            _ => sources.push(rel),
        }
    }
    (sources, found)
}

/// A file's extension (`md`, `toml`).
fn ext(rel: &Path) -> String {
    rel.extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// For each language, where its pages' links lead.
pub(crate) fn lang_links(found: &[Found]) -> BTreeMap<String, LangLinks> {
    let mut translated: BTreeMap<&str, BTreeSet<PathBuf>> = BTreeMap::new();
    // A section's landing page is written in the source language only (for now): links to it
    // lead there.
    let landing = |f: &&Found| {
        f.of.file_name()
            .is_some_and(|n| n == crate::paths::INDEX_FILE)
    };
    for f in found.iter().filter(|f| !landing(f)) {
        translated.entry(&f.lang).or_default().insert(f.of.clone());
    }
    (translated.into_iter())
        .map(|(lang, set)| {
            let links = LangLinks {
                prefix: PathBuf::from(lang),
                translated: Arc::new(set),
            };
            (lang.to_string(), links)
        })
        .collect()
}

/// What loading a translation needs from the site loaded so far.
pub(crate) struct Context<'a> {
    pub(crate) root: &'a Path,
    pub(crate) snippets: &'a markdown::Snippets,
    pub(crate) links: &'a crate::links::LinkMap,
    pub(crate) lang_links: &'a BTreeMap<String, LangLinks>,
    pub(crate) keep_target: bool,
}

/// Reads one translation of `source` (already loaded): its own words and the source's facts.
pub(crate) fn load(cx: &Context<'_>, found: &Found, source: &Page) -> Result<PageResult> {
    let shown = crate::paths::display_path(&found.rel);
    let text = match crate::fs::source_text(cx.root, &shown)? {
        Ok(text) => text,
        Err(problem) => return Ok(Err(Unloaded::problems(vec![problem]))),
    };
    let src = Located {
        path: &shown,
        text: &text,
    };
    let dir = found
        .rel
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let rebase = markdown::Rebase {
        page_dir: Path::new(&found.lang).join(&dir),
        source_dir: dir,
        snippets: cx.snippets.clone(),
        links: cx.links.clone(),
        keep_target: cx.keep_target,
        lang: cx.lang_links.get(&found.lang).cloned(),
    };
    let (front, body_offset) = match translation::parse(src) {
        Ok(parsed) => parsed,
        Err(problems) => return Ok(Err(Unloaded::problems(problems))),
    };
    let body = markdown::render_for(&text[body_offset..], &rebase);
    let (errors, warnings) = body_problems(src, body_offset, &body);
    if !errors.is_empty() {
        let links = Links::from(body.links);
        return Ok(Err(Unloaded {
            problems: errors.into_iter().chain(warnings).collect(),
            links: Some((found.rel.clone(), body_offset, links)),
        }));
    }
    let stale = staleness(cx.root, source, front.record.as_ref())?;
    let mut facts = source.front.clone();
    facts.title = front.title;
    facts.summary = front.summary;
    facts.also_called = front.also_called;
    // The source's old addresses lead to the source; its leaflet is the source's.
    facts.aliases.clear();
    facts.print = Some(false);
    let page = Page {
        source: found.rel.clone(),
        kind: source.kind,
        front: facts,
        html: None,
        body_offset,
        fingerprint: None,
        shows_signoff: markdown::shows_signoff(&text[body_offset..]),
        body: body.into(),
        translation: Some(Box::new(Translated {
            lang: found.lang.clone(),
            of: found
                .rel
                .with_file_name(source.source.file_name().unwrap_or_default()),
            record: front.record,
            record_offset: front.record_offset,
            stale,
        })),
    };
    Ok(Ok((page, warnings)))
}

/// The blocks of the source page `source` now, each with its line in the file: the title, the
/// summary, then its body's.
pub(crate) fn source_blocks(root: &Path, source: &Page) -> Result<Vec<(Block, usize)>> {
    let shown = crate::paths::display_path(&source.source);
    let text = read_text(&root.join(&shown))?;
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let key_line = |key: &str| line_of(crate::tomlpos::key_offset(&text, key));
    let mut out = vec![
        (
            front_block(BlockKind::Title, &source.front.title),
            key_line("title"),
        ),
        (
            front_block(BlockKind::Summary, &source.front.summary),
            key_line("summary"),
        ),
    ];
    let body = text.get(source.body_offset..).unwrap_or_default();
    for block in markdown::blocks(body) {
        let line = line_of(source.body_offset + block.offset);
        out.push((block, line));
    }
    Ok(out)
}

fn front_block(kind: BlockKind, text: &str) -> Block {
    Block {
        kind,
        offset: 0,
        hash: markdown::block_hash(text),
        under: None,
    }
}

/// How far a translation that records `record` is behind `source`; `None` when it is up to
/// date.
fn staleness(root: &Path, source: &Page, record: Option<&Record>) -> Result<Option<Stale>> {
    let blocks = source_blocks(root, source)?;
    let total = blocks.len();
    let Some(record) = record else {
        return Ok(Some(Stale {
            total,
            changed: blocks,
            removed: 0,
        }));
    };
    let known: HashSet<&str> = record.blocks.iter().map(String::as_str).collect();
    let now: HashSet<&str> = blocks.iter().map(|(b, _)| b.hash.as_str()).collect();
    let gone = known.iter().filter(|h| !now.contains(*h)).count();
    let changed: Vec<(Block, usize)> = (blocks.into_iter())
        .filter(|(b, _)| !known.contains(b.hash.as_str()))
        .collect();
    // A changed block is one gone and one new: only what is gone beyond those was removed.
    let removed = gone.saturating_sub(changed.len());
    Ok((!changed.is_empty() || removed > 0).then_some(Stale {
        total,
        changed,
        removed,
    }))
}

/// Most changed blocks (or texts) a staleness message names; it counts the rest.
const NAMED_BLOCKS: usize = 3;

/// The warnings (errors, with `require_current_translations`) of the translations behind
/// their sources, each at the translation's `[translation]` table.
pub(crate) fn check(site: &super::Site) -> Vec<Diagnostic> {
    let config = &site.config;
    let language = config.language_name(&config.language);
    let mut out = Vec::new();
    for page in &site.translations {
        let Some(t) = page.translation.as_deref() else {
            continue;
        };
        if page.kind == super::PageKind::Section {
            let shown = crate::paths::display_path(&page.source);
            out.push(crate::diagnostics::file_warning(
                &shown,
                "a section's landing page is not published in other languages yet: its readers (and links to it) get the source language's landing page",
            ));
            continue;
        }
        let Some(stale) = &t.stale else {
            continue;
        };
        let (shown, text) = page.located(&site.root);
        let source = crate::paths::display_path(&t.of);
        let mark = format!("carepath translate mark {}", shown.display());
        let message = match &t.record {
            None => format!(
                "not marked as translated from the {language} page `{}`: once it says all that page says, run `{mark}`",
                source.display()
            ),
            Some(record) => format!(
                "out of date: the {language} page `{}` changed after this translation was brought up to date on {}: {}. Update the translation, then run `{mark}`",
                source.display(),
                record.date,
                what_changed(stale)
            ),
        };
        let src = Located {
            path: &shown,
            text: &text,
        };
        out.push(match config.require_current_translations {
            true => src.error(t.record_offset, message),
            false => src.warning(t.record_offset, message),
        });
    }
    out
}

/// `2 of 14 blocks (the "Get help now" list, line 41; the title, line 2)`.
fn what_changed(stale: &Stale) -> String {
    let named =
        (stale.changed.iter()).map(|(block, line)| format!("{}, line {line}", block.describe()));
    changes_in_words(
        named,
        stale.changed.len(),
        stale.total,
        stale.removed,
        ("block", "blocks"),
    )
}

/// `2 of 14 blocks new or changed (…; …; and 3 more), and 1 block it translates was removed`:
/// what changed in a source since its translation, for `changed` parts named by `named`, of
/// `total` now, with `removed` gone, each a `unit` (singular, plural).
pub(crate) fn changes_in_words(
    named: impl Iterator<Item = String>,
    changed: usize,
    total: usize,
    removed: usize,
    (one, many): (&str, &str),
) -> String {
    let mut named: Vec<String> = named.take(NAMED_BLOCKS).collect();
    if changed > NAMED_BLOCKS {
        named.push(format!("and {} more", changed - NAMED_BLOCKS));
    }
    let mut said = match changed {
        0 => String::new(),
        n => format!(
            "{n} of {total} {} new or changed ({})",
            if total == 1 { one } else { many },
            named.join("; ")
        ),
    };
    if removed > 0 {
        if !said.is_empty() {
            said.push_str(", and ");
        }
        said.push_str(&match removed {
            1 => format!("1 {one} it translates was removed"),
            n => format!("{n} {many} it translates were removed"),
        });
    }
    said
}

/// Records in the translation `rel` (relative to `content/`) that it translates its source as
/// the source is now, dated `date`: its `[translation]` table is written again, with a hash of
/// each of the source's blocks (a comment names each block). Returns what was done, in words.
pub(crate) fn mark(site: &super::Site, rel: &Path, date: time::Date) -> Result<String> {
    let shown = crate::paths::display_path(rel);
    let Some(page) = site.translations.iter().find(|p| p.source == rel) else {
        let why = match site.config.is_multilingual() {
            true => {
                "a translation that loads without errors (`NAME.TAG.md` beside `NAME.md`, TAG one of `[languages]` in content/site.toml; fix its errors first)"
            }
            false => {
                "a translation, and the site has one language: list its languages in `[languages]` in content/site.toml"
            }
        };
        anyhow::bail!("`{}` is not {why}", shown.display());
    };
    let Some(t) = page.translation.as_deref() else {
        anyhow::bail!("`{}` is not a translation", shown.display());
    };
    let source = site
        .page(&t.of)
        .ok_or_else(|| anyhow::anyhow!("the source page of `{}` is gone", shown.display()))?;
    let blocks = source_blocks(&site.root, source)?;
    let (_, text) = page.located(&site.root);
    let file = site.root.join(&shown);
    crate::fs::write_atomically(&file, &with_record(&text, date, &blocks)?)?;
    Ok(format!(
        "marked {} as translating all {} blocks of {} as it is now ({date})",
        shown.display(),
        blocks.len(),
        crate::paths::display_path(&t.of).display()
    ))
}

/// `text` (a translation) with its `[translation]` table replaced by one for `blocks`: the
/// table is the last thing in the front matter, so everything from its header to the closing
/// `+++` is replaced.
fn with_record(text: &str, date: time::Date, blocks: &[(Block, usize)]) -> Result<String> {
    let src = Located {
        path: Path::new(""),
        text,
    };
    let body = crate::front_matter::body_offset(src)
        .ok_or_else(|| anyhow::anyhow!("its front matter is not closed"))?;
    let front = &text[..body];
    let close = front.trim_end().rfind('\n').map_or(0, |i| i + 1);
    let keep = match front.find("\n[translation]") {
        Some(i) => &front[..i + 1],
        None => &front[..close],
    };
    let mut out = keep.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("[translation]\ndate = {date}\nblocks = [\n"));
    for (block, line) in blocks {
        let what = block.describe().replace('\n', " ");
        out.push_str(&format!("  \"{}\", # {what}, line {line}\n", block.hash));
    }
    out.push_str("]\n");
    out.push_str(&front[close..]);
    out.push_str(&text[body..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marking_replaces_the_record_and_keeps_the_rest() {
        let date = time::macros::date!(2026 - 12 - 07);
        let blocks = vec![(
            Block {
                kind: BlockKind::Title,
                offset: 0,
                hash: "0123456789ab".into(),
                under: None,
            },
            2,
        )];
        let first = with_record("+++\ntitle = \"T\"\n+++\nBody\n", date, &blocks).unwrap();
        assert_eq!(
            first,
            "+++\ntitle = \"T\"\n[translation]\ndate = 2026-12-07\nblocks = [\n  \"0123456789ab\", # the title, line 2\n]\n+++\nBody\n"
        );
        assert_eq!(with_record(&first, date, &blocks).unwrap(), first);
    }
}
