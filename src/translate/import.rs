//! Writing a translator's file back: for each page, a new translation file, or the blocks the
//! file carries replaced in place in the existing one (every other byte kept). Everything is
//! checked first; only then is anything written, each file atomically.

use super::pages::{self, Place, SourcePage, TranslationFile};
use super::{Catalogue, Segment, Unit};
use crate::diagnostics::{Diagnostic, Located};
use crate::site::Site;
use crate::site::translations::{record_comment, with_record_lines};
use anyhow::Result;
use std::path::{Path, PathBuf};

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The files written, relative to the site (`content/causes/x.cy.md`).
    pub written: Vec<PathBuf>,
    /// What was done, a line each.
    pub said: Vec<String>,
}

/// A file to write.
struct Plan {
    shown: PathBuf,
    text: Option<String>,
    said: String,
    untranslated: usize,
}

/// Checks `catalogue` (read from `file`) against the site, then writes its translations.
pub(super) fn apply(
    site: &Site,
    file: Located<'_>,
    catalogue: &Catalogue,
    date: time::Date,
) -> Result<Result<Imported, Vec<Diagnostic>>> {
    let config = &site.config;
    let lang = catalogue.target_lang.as_str();
    if !config.translated_languages().any(|l| l == lang) {
        let problem = file.error(catalogue.lang_at, format!("the target language is `{lang}`, which is not one of the site's other languages: list it in `[languages]` in content/site.toml"));
        return Ok(Err(vec![problem]));
    }
    if !catalogue.source_lang.is_empty() && catalogue.source_lang != config.language {
        let problem = file.error(catalogue.lang_at, format!("the source language is `{}` but the site's is `{}`: this file was not exported from this site", catalogue.source_lang, config.language));
        return Ok(Err(vec![problem]));
    }
    let mut problems = Vec::new();
    let mut plans = Vec::new();
    for unit in merged(&catalogue.units) {
        let page = site
            .page(Path::new(&unit.file))
            .filter(|p| pages::translatable(p));
        let Some(page) = page else {
            problems.push(file.error(unit.at, format!("`{}` is not a page of this site that can be translated (a file under content/, as exported; a section's landing page and a translation cannot be)", unit.file)));
            continue;
        };
        match plan(site, file, &unit, page, lang, date)? {
            Ok(plan) => plans.push(plan),
            Err(mut said) => problems.append(&mut said),
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let mut imported = Imported {
        written: Vec::new(),
        said: Vec::new(),
    };
    let untranslated: usize = plans.iter().map(|p| p.untranslated).sum();
    for plan in plans {
        if let Some(text) = &plan.text {
            crate::fs::write_atomically(&site.root.join(&plan.shown), text)?;
            imported.written.push(plan.shown);
        }
        if !plan.said.is_empty() {
            imported.said.push(plan.said);
        }
    }
    if imported.written.is_empty() {
        imported
            .said
            .push("no translation changed: every translated segment is already in its file".into());
    }
    if untranslated > 0 {
        imported.said.push(match untranslated {
            1 => "1 segment left untranslated (empty or marked fuzzy): not imported".to_string(),
            n => format!("{n} segments left untranslated (empty or marked fuzzy): not imported"),
        });
    }
    Ok(Ok(imported))
}

/// The units, one per page (a tool may have split a page's segments).
fn merged(units: &[Unit]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for unit in units {
        match out.iter_mut().find(|u| u.file == unit.file) {
            Some(first) => first.segments.extend(unit.segments.iter().cloned()),
            None => out.push(unit.clone()),
        }
    }
    out
}

/// For each source block, the translated text the file gives it (`None`: none usable), and
/// how many of the unit's segments are untranslated; or the problems of its segments.
fn targets(
    file: Located<'_>,
    unit: &Unit,
    source: &SourcePage,
) -> Result<(Vec<Option<String>>, usize), Vec<Diagnostic>> {
    let mut out: Vec<Option<String>> = vec![None; source.blocks.len()];
    let mut seen = vec![false; source.blocks.len()];
    let (mut problems, mut untranslated) = (Vec::new(), 0);
    for segment in &unit.segments {
        let Some(j) = source.find(&segment.key) else {
            problems.push(file.error(segment.at, format!("`{}` has no block `{}` now: its words changed or it was removed after the export. Export again (`carepath translate export`) and carry this translation over", unit.file, segment.key)));
            continue;
        };
        if std::mem::replace(&mut seen[j], true) {
            problems.push(file.error(
                segment.at,
                format!(
                    "block `{}` of `{}` is in the file twice",
                    segment.key, unit.file
                ),
            ));
            continue;
        }
        match usable(segment) {
            Some(text) => {
                if let Err(problem) = one_block(file, segment, j, text) {
                    problems.push(problem);
                }
                out[j] = Some(text.to_string());
            }
            None => untranslated += 1,
        }
    }
    match problems.is_empty() {
        true => Ok((out, untranslated)),
        false => Err(problems),
    }
}

/// The translation of `segment`, unless it is empty or fuzzy.
fn usable(segment: &Segment) -> Option<&str> {
    (segment.target.as_deref()).filter(|t| !segment.fuzzy && !t.trim().is_empty())
}

/// A body block's translation must be one block, so the translation keeps following its
/// source block for block.
fn one_block(file: Located<'_>, segment: &Segment, j: usize, text: &str) -> Result<(), Diagnostic> {
    let n = crate::markdown::blocks(text).len();
    match j < 2 || n == 1 {
        true => Ok(()),
        false => Err(file.error(segment.at, format!("the translation of block `{}` is {n} blocks of Markdown (paragraphs, list items…), not one: a blank line splits a paragraph in two. Keep it to one block, as its source", segment.key))),
    }
}

/// What to write for one page.
fn plan(
    site: &Site,
    file: Located<'_>,
    unit: &Unit,
    page: &crate::site::Page,
    lang: &str,
    date: time::Date,
) -> Result<Result<Plan, Vec<Diagnostic>>> {
    let source = pages::source(site, page)?;
    let (targets, untranslated) = match targets(file, unit, &source) {
        Ok(found) => found,
        Err(problems) => return Ok(Err(problems)),
    };
    let rel = pages::translation_path(page, lang);
    let shown = crate::paths::display_path(&rel);
    let translation =
        pages::translation_of(site, page, lang).and_then(|t| pages::translation(site, t));
    let plan = match translation {
        Some(t) => update(&t, &source, &targets, date).map_err(|problems| {
            (problems.into_iter())
                .map(|mut d| {
                    d.path = site.root.join(&d.path);
                    d
                })
                .collect()
        }),
        None if site.root.join(&shown).exists() => Err(vec![file.error(unit.at, format!("`{}` exists but could not be read as a translation: fix its errors (`carepath check`) and import again", shown.display()))]),
        None => create(&source, &targets, date, shown.clone()),
    };
    Ok(plan.map(|mut plan| {
        plan.untranslated = untranslated;
        plan
    }))
}

/// A new translation of `source`, if the file translates all of it.
fn create(
    source: &SourcePage,
    targets: &[Option<String>],
    date: time::Date,
    shown: PathBuf,
) -> Result<Plan, Vec<Diagnostic>> {
    let missing = targets.iter().filter(|t| t.is_none()).count();
    if missing > 0 || targets.len() < 2 {
        let said = match missing == targets.len() {
            true => String::new(),
            false => format!(
                "not created {}: {missing} of its {} blocks are not translated yet",
                shown.display(),
                targets.len()
            ),
        };
        return Ok(Plan {
            said,
            shown,
            text: None,
            untranslated: 0,
        });
    }
    let mut body = source.body.clone();
    for (block, text) in source.blocks.iter().zip(targets).skip(2).rev() {
        body.replace_range(
            block.block.offset..block.block.end,
            text.as_deref().unwrap_or_default(),
        );
    }
    let title = targets[0].as_deref().unwrap_or_default();
    let summary = targets[1].as_deref().unwrap_or_default();
    let text = format!(
        "+++\ntitle = {}\nsummary = {}\n+++\n{body}",
        pages::toml_string(title),
        pages::toml_string(summary)
    );
    let lines: Vec<(String, String)> = (source.blocks.iter())
        .map(|b| (b.block.hash.clone(), record_comment(&b.block, b.line)))
        .collect();
    let text = with_record_lines(&text, date, &lines)
        .map_err(|e| vec![crate::diagnostics::file_error(&shown, format!("{e:#}"))])?;
    Ok(Plan {
        said: format!("created {} ({} blocks)", shown.display(), targets.len()),
        shown,
        text: Some(text),
        untranslated: 0,
    })
}

/// An edit of a translation: bytes `range` become `text`.
struct Edit {
    range: std::ops::Range<usize>,
    text: String,
}

/// The edits that put the file's translations into `t`, and its record after them.
struct Changes {
    /// Replacements, and insertions (one per place, texts in source order).
    edits: Vec<Edit>,
    /// For each slot of `t`, its hash, then those of blocks inserted after it.
    record: Vec<Vec<String>>,
    /// How many blocks change (in words or in the record).
    changed: usize,
}

/// The existing translation `t` with the blocks the file translates replaced or added.
fn update(
    t: &TranslationFile,
    source: &SourcePage,
    targets: &[Option<String>],
    date: time::Date,
) -> Result<Plan, Vec<Diagnostic>> {
    let mut plan = Plan {
        said: String::new(),
        shown: t.shown.clone(),
        text: None,
        untranslated: 0,
    };
    if targets.iter().all(Option::is_none) {
        return Ok(plan);
    }
    let places = pages::places(t, source).map_err(|d| vec![d])?;
    let changes = changes(t, source, &places, targets);
    if changes.changed == 0 {
        return Ok(plan);
    }
    let lines: Vec<(String, String)> = (changes.record.into_iter().flatten())
        .map(|hash| {
            let comment = match source.blocks.iter().find(|b| b.block.hash == hash) {
                Some(b) => record_comment(&b.block, b.line),
                None => "no longer in the source".to_string(),
            };
            (hash, comment)
        })
        .collect();
    let text = with_record_lines(&edited(&t.text, changes.edits), date, &lines)
        .map_err(|e| vec![crate::diagnostics::file_error(&t.shown, format!("{e:#}"))])?;
    plan.said = format!(
        "updated {}: {} of its blocks",
        t.shown.display(),
        changes.changed
    );
    plan.text = (text != t.text).then_some(text);
    Ok(plan)
}

/// What changes in `t` for the file's `targets`, each source block at its place.
fn changes(
    t: &TranslationFile,
    source: &SourcePage,
    places: &[Place],
    targets: &[Option<String>],
) -> Changes {
    let mut record: Vec<Vec<String>> = (t.record.iter().flat_map(|r| r.blocks.iter()))
        .map(|h| vec![h.clone()])
        .collect();
    let mut edits = Vec::new();
    let mut inserts: std::collections::BTreeMap<usize, String> = Default::default();
    let mut changed = 0;
    for (j, (place, target)) in places.iter().zip(targets).enumerate() {
        let Some(text) = target else { continue };
        let hash = source.blocks[j].block.hash.clone();
        match *place {
            Place::Same(i) | Place::Changed(i) => {
                let slot = &t.slots[i];
                if slot.text != *text {
                    let text = match i < 2 {
                        true => pages::toml_string(text),
                        false => text.clone(),
                    };
                    let range = slot.range.clone();
                    edits.push(Edit { range, text });
                }
                changed += usize::from(slot.text != *text || record[i][0] != hash);
                record[i][0] = hash;
            }
            Place::New(after) => {
                let (at, text) = match after {
                    0 | 1 => (
                        t.body_offset + leading_space(&t.text[t.body_offset..]),
                        format!("{text}{}", source.gap_after(j)),
                    ),
                    i => (
                        t.slots[i].range.end,
                        format!("{}{text}", source.gap_before(j)),
                    ),
                };
                inserts.entry(at).or_default().push_str(&text);
                record[after.max(1)].push(hash);
                changed += 1;
            }
        }
    }
    edits.extend(inserts.into_iter().map(|(at, text)| Edit {
        range: at..at,
        text,
    }));
    Changes {
        edits,
        record,
        changed,
    }
}

/// `text` with `edits` made (none overlap): the last first, so earlier offsets stay true.
fn edited(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
    let mut out = text.to_string();
    for edit in edits {
        out.replace_range(edit.range, &edit.text);
    }
    out
}

/// Bytes of blank lines and spaces at the start of `text`.
fn leading_space(text: &str) -> usize {
    text.len() - text.trim_start().len()
}
