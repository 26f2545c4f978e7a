//! What an edit touches: which changed files can be handled by re-reading single articles
//! ([`classify`]), and which rendered parts show something of an article that changed
//! ([`reload`]). When in doubt the answer is "rebuild everything": a stale page is worse than
//! a slow one.

use crate::Prepared;
use crate::diagnostics::Diagnostic;
use crate::front_matter::FrontMatter;
use crate::paths::CONTENT_DIR;
use crate::paths::INDEX_FILE;
use crate::render::Part;
use crate::site::sections::Sections;
use crate::site::{self, Page, PageKind};
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// An article whose file changed: its path relative to `content/` and its index in the site's
/// pages (or, for a translation, in its translations).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Change {
    rel: PathBuf,
    index: usize,
    translation: bool,
}

/// The articles among `paths` that changed in place, or `None` when anything else changed (a
/// template, the settings, a tree, a snippet, a copied file, a file added or removed), which
/// needs a full rebuild. Editors' swap and backup files are ignored.
pub(super) fn classify(root: &Path, prepared: &Prepared, paths: &[PathBuf]) -> Option<Vec<Change>> {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let root = root.canonicalize().unwrap_or(root);
    let mut changes = BTreeSet::new();
    for path in paths {
        let rel = path.strip_prefix(&root).unwrap_or(path);
        if is_scratch(rel) {
            continue;
        }
        let rel = rel.strip_prefix(CONTENT_DIR).ok()?;
        let article = rel.extension().is_some_and(|e| e == "md")
            && !rel.starts_with("snippets")
            && rel.file_name().is_some_and(|n| n != INDEX_FILE);
        let site = &prepared.site;
        let (index, translation) = match site.translation_index(rel) {
            Some(j) => (j, true),
            None => (site.index_of(rel).filter(|_| article)?, false),
        };
        if !root.join(CONTENT_DIR).join(rel).is_file() {
            return None;
        }
        changes.insert(Change {
            rel: rel.to_path_buf(),
            index,
            translation,
        });
    }
    Some(changes.into_iter().collect())
}

/// Files editors write beside the one being edited (`.x.swp`, `x~`, `.#x`, vim's `4913`).
fn is_scratch(rel: &Path) -> bool {
    let Some(name) = rel.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let in_static = rel.starts_with(crate::paths::STATIC_DIR);
    !in_static
        && (name.starts_with(".#")
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name == "4913"
            || (name.starts_with('.') && name != ".carepath"))
}

/// What re-reading the changed articles found.
#[derive(Debug, Default)]
pub(super) struct Reloaded {
    /// The parts to render again.
    pub(super) parts: BTreeSet<Part>,
    /// The articles re-read (index in the site's pages).
    pub(super) pages: Vec<usize>,
    /// The translations re-read, edited or judged again against an edited source (index in
    /// the site's translations).
    pub(super) translations: Vec<usize>,
    /// Whether any changed article's headings ids changed (other pages' anchors may break).
    pub(super) ids_changed: bool,
    /// Whether any changed article's front matter changed as other pages see it.
    pub(super) faces_changed: bool,
}

/// Reads the changed articles again and puts them into the site; returns what changed, or
/// `None` when the change needs a full rebuild (an article grew past the size limit, its old
/// addresses changed, or the files it links to change what is published). An article that no
/// longer parses keeps its last good version in the site; its problems are reported.
pub(super) fn reload(prepared: &mut Prepared, changes: &[Change]) -> Result<Option<Reloaded>> {
    let mut found = Reloaded::default();
    let mut links_changed = false;
    let mut translations = BTreeSet::new();
    for change in changes {
        if change.translation {
            translations.insert(change.index);
            continue;
        }
        let site = &prepared.site;
        let shown = crate::paths::display_path(&change.rel);
        let len = std::fs::metadata(site.root.join(&shown)).map_or(0, |m| m.len());
        if len > site.config.max_file_bytes {
            return Ok(None);
        }
        let loaded = site::load_page(
            &site.root,
            &change.rel,
            (
                &site.snippets,
                &site.links,
                &site.bodies,
                site.config.html.target == crate::config::TargetPolicy::Keep,
            ),
            site.signoffs.is_some(),
        )?;
        prepared.loaded.retain(|d| d.path != shown);
        found.pages.push(change.index);
        let page = match loaded {
            Ok((page, warnings)) => {
                prepared.loaded.extend(warnings);
                page
            }
            Err(unloaded) => {
                prepared.loaded.extend(unloaded.problems);
                found.parts.insert(Part::Page(change.index));
                continue;
            }
        };
        let old = &prepared.site.pages[change.index];
        let Some(shown_in) = parts_showing(&prepared.site, change.index, old, &page) else {
            return Ok(None);
        };
        found.faces_changed |= face(&old.front) != face(&page.front);
        found.ids_changed |= old.body.ids != page.body.ids;
        links_changed |= old.body.links.iter().map(|l| l.dest).ne(page
            .body
            .links
            .iter()
            .map(|l| l.dest));
        found.parts.extend(shown_in);
        prepared.site.pages[change.index] = page;
        // Its translations are judged against it, and show its facts (care, sources, dates).
        let source = &prepared.site.pages[change.index].source;
        translations.extend(
            (prepared.site.translations.iter().enumerate())
                .filter(|(_, p)| p.translation.as_ref().is_some_and(|t| &t.of == source))
                .map(|(j, _)| j),
        );
    }
    for j in translations {
        if !reload_translation(prepared, j, &mut found)? {
            return Ok(None);
        }
    }
    if found.faces_changed {
        prepared.site.sections = Sections::new(&prepared.site.pages);
    }
    if links_changed && published_files_changed(prepared) {
        return Ok(None);
    }
    prepared.loaded.sort();
    Ok(Some(found))
}

/// Reads the translation `j` again (after an edit of it or of its source); false when that
/// needs a full rebuild: what other pages show of it changed (its title, summary, links or
/// heading ids: the A–Z, the checker's ends, other translations' anchors).
fn reload_translation(prepared: &mut Prepared, j: usize, found: &mut Reloaded) -> Result<bool> {
    let site = &prepared.site;
    let old = &site.translations[j];
    let shown = crate::paths::display_path(&old.source);
    let len = std::fs::metadata(site.root.join(&shown)).map_or(0, |m| m.len());
    if len > site.config.max_file_bytes {
        return Ok(false);
    }
    let (page, warnings) = match site.reload_translation(j)? {
        Ok(loaded) => loaded,
        Err(unloaded) => {
            prepared.loaded.retain(|d| d.path != shown);
            prepared.loaded.extend(unloaded.problems);
            found.parts.insert(Part::Translation(j));
            return Ok(true);
        }
    };
    let same_links = old.body.links.iter().map(|l| l.dest).eq(page
        .body
        .links
        .iter()
        .map(|l| l.dest));
    if face(&old.front) != face(&page.front) || old.body.ids != page.body.ids || !same_links {
        return Ok(false);
    }
    if crate::render::shows_advice_of(&page) {
        // Translated checkers' ends show translated outcomes' and findings' advice.
        found.parts.extend((0..site.trees.len()).map(Part::Tree));
    }
    prepared.loaded.retain(|d| d.path != shown);
    prepared.loaded.extend(warnings);
    found.parts.insert(Part::Translation(j));
    found.translations.push(j);
    prepared.site.translations[j] = page;
    Ok(true)
}

/// What other pages show of an article: everything in its front matter but positions.
fn face(front: &FrontMatter) -> impl PartialEq + '_ {
    let aliases: Vec<&PathBuf> = front.aliases.iter().map(|(path, _)| path).collect();
    (
        (
            &front.title,
            &front.summary,
            front.reviewed,
            front.next_review,
        ),
        (front.care, &front.also_called, &front.sources, aliases),
        front.weight,
    )
}

/// The parts that show something of the article at `index`, which changes from `old` to
/// `new`: the page itself; for an outcome or finding page, every tree (checker ends show its
/// advice); when its front matter changed, the trees that name it, the A–Z, sitemap, section
/// pages and its neighbours in its folder (their "next" and "previous" links carry its title). Outcome and
/// home pages are shown across the site (care cards, checker ends), so a change to their front
/// matter renders everything. `None` when its old addresses changed: redirect pages are added
/// or removed, which needs a full rebuild.
fn parts_showing(
    site: &crate::site::Site,
    index: usize,
    old: &Page,
    new: &Page,
) -> Option<BTreeSet<Part>> {
    let mut parts = BTreeSet::from([Part::Page(index)]);
    let trees = 0..site.trees.len();
    if crate::render::shows_advice_of(old) || crate::render::shows_advice_of(new) {
        // Checker ends show outcome pages' and findings' advice (their bodies).
        parts.extend(trees.clone().map(Part::Tree));
    }
    if face(&old.front) == face(&new.front) {
        return Some(parts);
    }
    // Trees show the titles and summaries of the pages they name. Generous on purpose: a tree
    // that merely mentions the file's name is rendered again.
    let name = old
        .source
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    parts.extend(
        trees
            .filter(|&t| site.trees[t].text.contains(name))
            .map(Part::Tree),
    );
    if old.front.aliases.len() != new.front.aliases.len()
        || (old.front.aliases.iter().zip(&new.front.aliases)).any(|(a, b)| a.0 != b.0)
    {
        return None;
    }
    if matches!(old.kind, PageKind::Outcome | PageKind::Home) {
        return Some(Part::all(site));
    }
    parts.extend([Part::Sections, Part::Listings]);
    let folder = old.source.parent();
    parts.extend(
        (site.pages.iter().enumerate())
            .filter(|(_, p)| p.source.parent() == folder)
            .map(|(i, _)| Part::Page(i)),
    );
    Some(parts)
}

/// Whether the files published besides the pages would change: pages' links decide which files
/// of other kinds are copied.
fn published_files_changed(prepared: &Prepared) -> bool {
    let site = &prepared.site;
    let mut ignored: Vec<Diagnostic> = Vec::new();
    let mut assets = prepared.sources.assets.clone();
    assets.extend(crate::site::publish::others(
        &site.config,
        &site.pages,
        &prepared.sources.others,
        &mut ignored,
    ));
    assets.sort();
    assets != site.assets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_scratch_files_are_ignored_outside_static() {
        for name in [
            "content/.gp.md.swp",
            "content/gp.md~",
            "content/.#gp.md",
            "content/4913",
        ] {
            assert!(is_scratch(Path::new(name)), "{name}");
        }
        assert!(!is_scratch(Path::new("content/gp.md")));
        assert!(!is_scratch(Path::new("static/.well-known")));
    }
}
