//! Translations of trees (`checks/back.cy.toml` beside `checks/back.toml`, see
//! `tree::translation`): read against their source tree, checked for staleness text by text,
//! and marked up to date by `carepath translate mark` (their source's cases run in their words
//! in `clinical::cases`).

use super::translations::Found;
use crate::diagnostics::{Diagnostic, Located};
use crate::markdown::{self, LangLinks};
use crate::tree::Tree;
use crate::tree::translation::{self, Source};
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What reading the translations of trees needs from the site loaded so far.
pub(crate) struct Context<'a> {
    pub(crate) root: &'a Path,
    pub(crate) config: &'a crate::config::SiteConfig,
    pub(crate) snippets: &'a markdown::Snippets,
    pub(crate) links: &'a crate::links::LinkMap,
    pub(crate) lang_links: &'a BTreeMap<String, LangLinks>,
}

/// Reads the translations `found` of the trees `trees` (loaded); a translation of a tree that
/// is not in the site is an error, of one that failed to load is skipped (its problems were
/// reported). Sorted by file.
pub(crate) fn load(
    cx: &Context<'_>,
    found: &[Found],
    trees: &[Tree],
    unparsed: &[PathBuf],
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<Tree>> {
    let mut out = Vec::new();
    for f in found {
        let shown = crate::paths::display_path(&f.rel);
        let Some(tree) = trees.iter().find(|t| t.source == f.of) else {
            if !unparsed.contains(&f.of) {
                diags.push(crate::diagnostics::file_error(
                    &shown,
                    format!(
                        "a translation into `{}` of `{}`, which is not a tree of the site: name a tree's translation after it (`NAME.{}.toml` beside `NAME.toml`)",
                        f.lang,
                        crate::paths::display_path(&f.of).display(),
                        f.lang
                    ),
                ));
            }
            continue;
        };
        let text = match crate::fs::source_text(cx.root, &shown)? {
            Ok(text) => text,
            Err(problem) => {
                diags.push(problem);
                continue;
            }
        };
        let dir = f.rel.parent().map(Path::to_path_buf).unwrap_or_default();
        let rebase = markdown::Rebase {
            source_dir: dir,
            page_dir: Path::new(&f.lang).join(f.of.with_extension("")),
            snippets: cx.snippets.clone(),
            links: cx.links.clone(),
            keep_target: cx.config.html.target == crate::config::TargetPolicy::Keep,
            lang: Some(
                cx.lang_links
                    .get(&f.lang)
                    .cloned()
                    .unwrap_or_else(|| LangLinks {
                        prefix: PathBuf::from(&f.lang),
                        translated: Default::default(),
                    }),
            ),
        };
        let src = Source {
            file: &f.rel,
            text: &text,
            lang: &f.lang,
            lang_name: cx.config.language_name(&f.lang),
        };
        match translation::translate(tree, &src, &rebase) {
            Ok(translated) => out.push(translated),
            Err(problems) => diags.extend(problems),
        }
    }
    Ok(out)
}

/// The warnings (errors, with `require_current_translations`) of the tree translations behind
/// their source trees, each at the translation's `[translation]` table.
pub(crate) fn check(site: &super::Site) -> Vec<Diagnostic> {
    let config = &site.config;
    let language = config.language_name(&config.language);
    let mut out = Vec::new();
    for tree in &site.tree_translations {
        let Some(t) = tree.translation.as_deref() else {
            continue;
        };
        if t.changed.is_empty() && t.removed == 0 && t.record.is_some() {
            continue;
        }
        let shown = crate::paths::display_path(&t.file);
        let source = crate::paths::display_path(&tree.source);
        let mark = format!("carepath translate mark {}", shown.display());
        let message = match &t.record {
            None => format!(
                "not marked as translated from the {language} tree `{}`: once it says all that tree says, run `{mark}`",
                source.display()
            ),
            Some(record) => format!(
                "out of date: the {language} tree `{}` changed after this translation was brought up to date on {}: {}. Update the translation, then run `{mark}`",
                source.display(),
                record.date,
                what_changed(tree, t)
            ),
        };
        let src = Located {
            path: &shown,
            text: &t.text,
        };
        out.push(match config.require_current_translations {
            true => src.error(t.record_offset, message),
            false => src.warning(t.record_offset, message),
        });
    }
    out
}

/// `2 of 14 texts new or changed (`nodes.start.question`, line 12; …)`.
fn what_changed(tree: &Tree, t: &translation::TreeLang) -> String {
    let line = |offset: usize| crate::diagnostics::line_col(&tree.text, offset).0;
    let named = (t.changed.iter()).map(|(key, at)| format!("`{key}`, line {}", line(*at)));
    let unit = ("text", "texts");
    super::translations::changes_in_words(named, t.changed.len(), t.total, t.removed, unit)
}

/// Records in the tree translation `rel` (relative to `content/`) that it translates its
/// source tree as it is now, dated `date`. Returns what was done, in words.
pub(crate) fn mark(site: &super::Site, rel: &Path, date: time::Date) -> Result<String> {
    let shown = crate::paths::display_path(rel);
    let Some(tree) = (site.tree_translations.iter())
        .find(|t| t.translation.as_ref().is_some_and(|t| t.file == rel))
    else {
        anyhow::bail!(
            "`{}` is not a tree translation that loads without errors (`NAME.TAG.toml` beside `NAME.toml`, TAG one of `[languages]` in content/site.toml; fix its errors first)",
            shown.display()
        );
    };
    let source = (site.trees.iter())
        .find(|t| t.source == tree.source)
        .ok_or_else(|| anyhow::anyhow!("the source tree of `{}` is gone", shown.display()))?;
    let texts = translation::texts(source);
    let current = tree.translation.as_ref().map_or("", |t| t.text.as_str());
    let file = site.root.join(&shown);
    crate::fs::write_atomically(&file, &translation::with_record(current, date, &texts))?;
    Ok(format!(
        "marked {} as translating all {} texts of {} as it is now ({date})",
        shown.display(),
        texts.len(),
        crate::paths::display_path(&tree.source).display()
    ))
}
