//! Tree pages: one page per question and end per path (from `tree::expand`), each with the
//! "Your answers" trail, plus the printable numbered steps and the SVG drawing.

use super::views::SiteView;
use super::{Held, OutputFile, Sink};
use crate::paths::{display_path, url_of};
use crate::progress::Progress;
use crate::site::Site;
use crate::templates::Theme;
use crate::tree::Tree;
use crate::tree::expand::{self, TreePage, Visit};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

mod cases;
mod pages;
mod paging;
mod signoff;

pub(crate) use pages::shows_advice_of;
use pages::{TreeContext, outcome_advice};

/// What one tree expanded to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeStats {
    /// The tree's title.
    pub title: String,
    /// Question and end pages written for it (one per path).
    pub pages: usize,
    /// Distinct paths from the start to an end (end pages, in a tree with findings).
    pub paths: usize,
    /// Distinct states the pages stand for (node or end, variables, findings, checklist tally).
    pub states: usize,
    /// True for a tree with findings, checklists or variables, whose equal pages are written
    /// once.
    pub compact: bool,
    /// How much of the tree its clinical cases exercise.
    pub coverage: crate::tree::cases::Coverage,
    /// True when "Your answers" shows finished checklists by their finding alone, as listing
    /// their signs would need more pages than the budget.
    pub signs_unlisted: bool,
}

/// File name of a tree's printable steps page.
pub(crate) const STEPS_PAGE: &str = "steps.html";
/// File name of a tree's disposition table (every path → care level, for sign-off).
pub(crate) const CASES_PAGE: &str = "cases.html";
/// File name of a tree's drawing.
pub(crate) const DRAWING: &str = "drawing.svg";

/// The files every tree writes in its folder besides its question and end pages, each with
/// what it is, in words.
pub(crate) const SIGNOFF_FILES: [(&str, &str); 3] = [
    (STEPS_PAGE, "the printable steps"),
    (CASES_PAGE, "the table of every path and its result"),
    (DRAWING, "the drawing"),
];

/// The tree whose sign-off pages would be written at `out` when they are split over several
/// pages (`checks/t/steps-2.html`, `checks/t/cases-2.html`, …), and which of its pages, in
/// words. How many pages there are is known only once they are rendered, so every such name
/// in a tree's folder is kept for it. Names are compared ignoring case.
pub(crate) fn later_signoff_page<'s>(
    site: &'s Site,
    out: &str,
) -> Option<(&'s Tree, &'static str)> {
    let lower = out.to_lowercase();
    let (dir, name) = lower.rsplit_once('/')?;
    let (_, what) = SIGNOFF_FILES
        .iter()
        .find(|(first, _)| paging::is_later_page(first, name))?;
    let tree = (site.trees.iter()).find(|t| url_of(&t.output_dir()).to_lowercase() == dir)?;
    Some((tree, what))
}

/// Question and end pages rendered (in parallel) and handed on at a time, so that memory holds
/// one batch of a tree's pages, never all of them.
const BATCH: usize = 64;

/// A tree of at least this many pages is announced before it is expanded, with its page count.
pub(crate) const ANNOUNCED_PAGES: usize = 10_000;

/// The tree's pages, expanded within the site's budget. A large tree is announced first with
/// the pages it will write (a plain tree's count is worked out without expanding it; a tree
/// with findings or checklists is counted by its expansion, which the budget bounds), and a
/// long expansion reports its progress.
fn expand_announced<'t>(site: &Site, tree: &'t Tree) -> expand::Expansion<'t> {
    let shown = display_path(&tree.source);
    let budget = site.config.tree_page_budget;
    let estimate = tree.is_plain().then(|| expand::count_pages(tree));
    if let Some(pages) = estimate.filter(|n| *n >= ANNOUNCED_PAGES) {
        announce(&shown, pages);
    }
    let mut progress = Progress::new(format!("`{}`: expanding", shown.display()), estimate);
    let expansion = expand::expand_watched(tree, budget, &mut |n| progress.tick(n));
    if estimate.is_none() && expansion.pages.len() >= ANNOUNCED_PAGES {
        announce(&shown, expansion.pages.len());
    }
    expansion
}

/// Says on standard error how many pages a large tree will write, before it writes them.
fn announce(shown: &std::path::Path, pages: usize) {
    eprintln!(
        "`{}`: this tree has {} pages; a line every few seconds shows how far the build has come",
        shown.display(),
        crate::progress::grouped(pages)
    );
}

/// Renders one tree's pages, steps page, cases page, drawing and redirects.
pub(super) fn render_tree(
    site: &Site,
    theme: &Theme,
    sv: &SiteView<'_>,
    tree: &Tree,
    sink: Sink<'_>,
) -> Result<TreeStats> {
    let expansion = expand_announced(site, tree);
    let pages = &expansion.pages;
    unique_names(tree, pages)?;
    let tv = TreeView::new(tree);
    let ctx = TreeContext {
        site,
        tree,
        view: &tv,
        expansion: &expansion,
        pages,
        compact: !tree.is_plain(),
        advice: outcome_advice(site, &tree.output_dir(), tree.lang())?,
        // A sign-off approves the source tree's words; a translation's are not yet approved.
        signed_off: match tree.translation {
            Some(_) => None,
            None => crate::render::views::SignedOff::of(site, &tree.source, sv.strings),
        },
        strings: sv.strings,
        languages: languages(site, tree),
    };
    let what = format!("`{}`: rendering", display_path(&tree.source).display());
    let mut rendering = Progress::new(what, Some(pages.len()));
    for start in (0..pages.len()).step_by(BATCH) {
        let end = (start + BATCH).min(pages.len());
        let mut batch: Vec<OutputFile> = (start..end)
            .into_par_iter()
            .map(|i| ctx.render_page(theme, sv, i))
            .collect::<Result<_>>()?;
        batch
            .iter_mut()
            .for_each(|f| f.source = Some(tree.source.clone()));
        sink(batch)?;
        rendering.at(end);
    }
    let mut last = ctx.render_signoff(theme, sv)?;
    last.extend(node_redirects(site, tree, pages));
    sink(last)?;
    Ok(TreeStats {
        title: tree.title.clone(),
        pages: pages.len(),
        paths: expansion.ends(),
        states: expansion.states,
        compact: !tree.is_plain(),
        coverage: crate::tree::cases::summary(tree),
        signs_unlisted: expansion.signs_unlisted,
    })
}

/// Every language version of `tree` (the source tree's first) with its output folder, or none
/// when the tree is published in one language.
fn languages<'s>(site: &'s Site, tree: &'s Tree) -> Vec<(&'s str, std::path::PathBuf)> {
    let mut translations = site.translations_of_tree(&tree.source).peekable();
    if translations.peek().is_none() {
        return Vec::new();
    }
    let source = (
        site.config.language.as_str(),
        tree.source.with_extension(""),
    );
    std::iter::once(source)
        .chain(translations.map(|t| (t.lang().unwrap_or_default(), t.output_dir())))
        .collect()
}

/// The tree as templates see it (`tree`).
#[derive(Debug, Serialize)]
struct TreeView<'a> {
    title: &'a str,
    summary: &'a str,
    start_url: String,
    steps_url: String,
    cases_url: String,
    drawing_url: String,
}

impl<'a> TreeView<'a> {
    fn new(tree: &'a Tree) -> TreeView<'a> {
        let dir = tree.output_dir();
        TreeView {
            title: &tree.title,
            summary: &tree.summary,
            start_url: url_of(&dir.join("index.html")),
            steps_url: url_of(&dir.join(STEPS_PAGE)),
            cases_url: url_of(&dir.join(CASES_PAGE)),
            drawing_url: url_of(&dir.join(DRAWING)),
        }
    }
}

impl TreeContext<'_> {
    /// The sign-off pages (the printable steps and the disposition table, each one page or
    /// several) and the drawing.
    fn render_signoff(&self, theme: &Theme, sv: &SiteView<'_>) -> Result<Vec<OutputFile>> {
        let drawing = OutputFile {
            path: self.tree.output_dir().join(DRAWING),
            bytes: crate::clinical::export::drawing::svg(self.site, self.tree).into_bytes(),
            is_page: false,
            source: None,
            held: Held::Reading,
        };
        let weigh = signoff_weight(theme, &self.view.drawing_url, drawing.bytes.len());
        let budget = paging::Budget {
            bytes: self.site.config.steps_page_weight_budget,
            weigh: &weigh,
        };
        let mut files = self.render_steps(theme, sv, &budget)?;
        files.extend(self.render_cases(theme, sv, &budget)?);
        files.push(drawing);
        Ok(files)
    }
}

/// What a sign-off page weighs, as `quality` will count it: its HTML, the theme's stylesheets it
/// links and the drawing if it shows it (a site's own `static/` files are not counted here;
/// `quality` counts them and warns).
fn signoff_weight<'a>(
    theme: &Theme,
    drawing_url: &'a str,
    drawing_bytes: usize,
) -> impl Fn(&OutputFile) -> usize + Sync + 'a {
    let css: Vec<(String, usize)> = (theme.statics.iter())
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "css"))
        .map(|(path, bytes)| (format!("{}\"", url_of(path)), bytes.len()))
        .collect();
    move |file: &OutputFile| {
        let links = |needle: &str| memchr::memmem::find(&file.bytes, needle.as_bytes()).is_some();
        let css: usize = (css.iter().filter(|(url, _)| links(url)))
            .map(|(_, n)| n)
            .sum();
        let drawing = if links(drawing_url) { drawing_bytes } else { 0 };
        file.bytes.len() + css + drawing
    }
}

/// Redirect pages at the old addresses of questions (`aliases` on a node), each leading to the
/// question's first page (the first path that reaches it, in answer order).
fn node_redirects(site: &Site, tree: &Tree, pages: &[TreePage<'_>]) -> Vec<OutputFile> {
    let csp = site.config.content_security_policy();
    let mut out = Vec::new();
    for node in tree.nodes.values().filter(|n| !n.aliases.is_empty()) {
        let first = pages
            .iter()
            .find(|p| matches!(p.visit, Visit::Question(q) if q.id == node.id));
        if let Some(page) = first {
            let target = tree.output_dir().join(&page.file);
            for (alias, _) in &node.aliases {
                out.push(super::redirect(
                    site,
                    alias,
                    &target,
                    &node.question,
                    &csp,
                    &tree.source,
                ));
            }
        }
    }
    out
}

/// Page names carry a 32-bit hash of the answers given: should two pages of one question ever
/// share a name, the build stops and says how to tell them apart.
fn unique_names(tree: &Tree, pages: &[TreePage<'_>]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    match pages.iter().find(|p| !seen.insert(p.file.as_str())) {
        Some(page) => anyhow::bail!(
            "two pages of `{}` would both be named `{}`: give an answer on the way to it an `id` (any new one renames its pages)",
            crate::paths::display_path(&tree.source).display(),
            page.file
        ),
        None => Ok(()),
    }
}
