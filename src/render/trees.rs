//! Tree pages: one page per question and end per path (from `tree::expand`), each with the
//! "Your answers" trail, plus the printable numbered steps and the SVG drawing.

use super::views::{CareView, SiteView, human_date};
use super::{OutputFile, Sink, render_with, url_of};
use crate::markdown::{self, Rebase};
use crate::site::{Page, PageKind, Site};
use crate::templates::Theme;
use crate::tree::expand::{self, TreePage, Visit};
use crate::tree::state::End;
use crate::tree::{Tree, export};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

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
}

/// File name of a tree's printable steps page.
pub const STEPS_PAGE: &str = "steps.html";
/// File name of a tree's disposition table (every path → care level, for sign-off).
pub const CASES_PAGE: &str = "cases.html";
/// File name of a tree's drawing.
pub const DRAWING: &str = "drawing.svg";

/// Question and end pages rendered (in parallel) and handed on at a time, so that memory holds
/// one batch of a tree's pages, never all of them.
const BATCH: usize = 64;

/// Renders one tree's pages, steps page, cases page, drawing and redirects.
pub(super) fn render_tree(
    site: &Site,
    theme: &Theme,
    sv: &SiteView<'_>,
    tree: &Tree,
    sink: Sink<'_>,
) -> Result<TreeStats> {
    let expansion = expand::expand(tree);
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
        advice: outcome_advice(site, &tree.output_dir())?,
    };
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
    }
    let mut steps = ctx.render_steps(theme, sv)?;
    steps.source = Some(tree.source.clone());
    let drawing = OutputFile {
        path: tree.output_dir().join(DRAWING),
        bytes: crate::tree::export::drawing::svg(site, tree).into_bytes(),
        is_page: false,
        source: None,
    };
    let mut last = vec![steps, ctx.render_cases(theme, sv)?, drawing];
    last.extend(node_redirects(site, tree, pages));
    sink(last)?;
    Ok(TreeStats {
        title: tree.title.clone(),
        pages: pages.len(),
        paths: expansion.ends(),
        states: expansion.states,
        compact: !tree.is_plain(),
        coverage: crate::tree::cases::coverage(tree).0,
    })
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
            crate::source::display_path(&tree.source).display(),
            page.file
        ),
        None => Ok(()),
    }
}

/// What the base template needs as `page` on a tree page.
#[derive(Debug, Serialize)]
struct TreePageView<'a> {
    title: &'a str,
    summary: &'a str,
    reviewed: String,
    next_review: String,
}

/// An answer already given (or a finished part of the protocol and its finding). `url` is
/// relative to the site root (use it after `root`); `href` is the same page relative to this
/// one, which is shorter, as every page of a tree shares one folder.
#[derive(Debug, Serialize)]
struct TrailStep<'a> {
    question: &'a str,
    answer: &'a str,
    url: String,
    href: &'a str,
}

/// An answer to choose, with `url` and `href` as in [`TrailStep`].
#[derive(Debug, Serialize)]
struct AnswerLink<'a> {
    label: &'a str,
    url: String,
    href: &'a str,
}

/// What a question or sign page asks.
struct QuestionView<'a> {
    question: &'a str,
    line: Option<&'a str>,
    checklist: Option<ChecklistView<'a>>,
    answers: Vec<&'a str>,
}

/// Where a sign page stands in its checklist ("Breathing: sign 2 of 4").
#[derive(Debug, Serialize)]
struct ChecklistView<'a> {
    title: &'a str,
    number: usize,
    count: usize,
}

/// A care card on an end page.
#[derive(Debug, Serialize)]
struct Card<'a> {
    care: CareView,
    advice: Option<String>,
    summary: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct CauseLink<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
}

struct TreeContext<'a> {
    site: &'a Site,
    tree: &'a Tree,
    view: &'a TreeView<'a>,
    expansion: &'a expand::Expansion<'a>,
    pages: &'a [TreePage<'a>],
    /// True for a tree with findings, checklists or variables.
    compact: bool,
    /// Each outcome page's advice, rendered once with links rebased to the tree's folder.
    advice: BTreeMap<&'a Path, String>,
}

impl TreeContext<'_> {
    fn url(&self, index: usize) -> String {
        url_of(&self.tree.output_dir().join(&self.pages[index].file))
    }

    fn page_view<'p>(&'p self, title: &'p str) -> TreePageView<'p> {
        TreePageView {
            title,
            summary: &self.tree.summary,
            reviewed: human_date(self.tree.reviewed),
            next_review: human_date(self.tree.next_review),
        }
    }

    fn render_page(&self, theme: &Theme, sv: &SiteView<'_>, index: usize) -> Result<OutputFile> {
        let page = &self.pages[index];
        let path = self.tree.output_dir().join(&page.file);
        let trail: Vec<TrailStep<'_>> = self
            .expansion
            .trail(index)
            .iter()
            .map(|s| TrailStep {
                question: s.given.question(),
                answer: s
                    .given
                    .label()
                    .unwrap_or_else(|| export::table::part_words(self.site, &s.given)),
                url: self.url(s.page),
                href: &self.pages[s.page].file,
            })
            .collect();
        match &page.visit {
            Visit::Question(node) => {
                let question = QuestionView {
                    question: &node.question,
                    line: node
                        .line
                        .as_ref()
                        .and_then(|l| l.pick(&page.vars))
                        .map(String::as_str),
                    checklist: None,
                    answers: node.answers.iter().map(|a| a.label.as_str()).collect(),
                };
                self.render_question(theme, sv, (&path, page, trail), (node, question))
            }
            Visit::Sign(node, sign) => {
                let Some(list) = &node.checklist else {
                    anyhow::bail!("`{}` is not a checklist", node.id);
                };
                let question = QuestionView {
                    question: list.signs.get(*sign).map_or("", |s| s.question.as_str()),
                    line: node
                        .line
                        .as_ref()
                        .and_then(|l| l.pick(&page.vars))
                        .map(String::as_str),
                    checklist: Some(ChecklistView {
                        title: &node.question,
                        number: sign + 1,
                        count: list.signs.len(),
                    }),
                    answers: vec![list.label(*sign, true), list.label(*sign, false)],
                };
                self.render_question(theme, sv, (&path, page, trail), (node, question))
            }
            Visit::End(end) => self.render_end(theme, sv, &path, end, trail),
        }
    }

    fn render_question(
        &self,
        theme: &Theme,
        sv: &SiteView<'_>,
        (path, page, trail): (&Path, &TreePage<'_>, Vec<TrailStep<'_>>),
        (node, question): (&crate::tree::Node, QuestionView<'_>),
    ) -> Result<OutputFile> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            page: TreePageView<'a>,
            tree: &'a TreeView<'a>,
            node: NodeView<'a>,
            trail: Vec<TrailStep<'a>>,
            step: usize,
        }
        #[derive(Serialize)]
        struct NodeView<'a> {
            question: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            line: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            checklist: Option<ChecklistView<'a>>,
            help: &'a str,
            red_flag: bool,
            answers: Vec<AnswerLink<'a>>,
        }
        let answers = question
            .answers
            .iter()
            .zip(&page.answer_pages)
            .map(|(label, i)| AnswerLink {
                label,
                url: self.url(*i),
                href: &self.pages[*i].file,
            })
            .collect();
        let node_view = NodeView {
            question: question.question,
            line: question.line,
            checklist: question.checklist,
            help: &node.help,
            red_flag: node.red_flag,
            answers,
        };
        let ctx = Ctx {
            page: self.page_view(question.question),
            tree: self.view,
            node: node_view,
            // A compact tree folds finished parts into one line each, so the trail's length
            // is no question number there.
            step: if self.compact { 0 } else { trail.len() + 1 },
            trail,
        };
        render_with(theme, sv, "question.html", path, &ctx)
    }

    fn render_end(
        &self,
        theme: &Theme,
        sv: &SiteView<'_>,
        path: &Path,
        end: &End<'_>,
        trail: Vec<TrailStep<'_>>,
    ) -> Result<OutputFile> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            page: TreePageView<'a>,
            tree: &'a TreeView<'a>,
            care: CareView,
            advice: Option<String>,
            summary: Option<&'a str>,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            more: Vec<Card<'a>>,
            causes: Vec<CauseLink<'a>>,
            trail: Vec<TrailStep<'a>>,
        }
        // Every card comes from a page this path names (a finding recorded on the way or the
        // page its last answer leads to), never from another page that merely shares its care
        // level; the most urgent comes first and heads the page.
        let mut cards = crate::tree::findings::by_urgency(self.site, &end.pages())
            .into_iter()
            .map(|(page, care)| self.card(page, care));
        let Some(first) = cards.next() else {
            anyhow::bail!("`{}` leads to a page without a care level", end.exit.label);
        };
        let causes = causes(self.site, end);
        let ctx = Ctx {
            page: self.page_view(&first.care.action),
            tree: self.view,
            care: first.care.clone(),
            advice: first.advice,
            summary: first.summary,
            more: cards.collect(),
            causes,
            trail,
        };
        render_with(theme, sv, "result.html", path, &ctx)
    }

    /// One care card of an end page: the page's title, care level and advice.
    fn card<'p>(&self, end: &'p Page, care: crate::care::CareLevel) -> Card<'p> {
        let care = CareView {
            key: care.key(),
            label: self.site.config.care_label(care).to_string(),
            action: end.front.title.clone(),
            url: Some(url_of(&end.output())),
        };
        let (advice, summary) = match self.advice.get(end.source.as_path()) {
            Some(advice) => (Some(advice.clone()), None),
            None => (None, Some(end.front.summary.as_str())),
        };
        Card {
            care,
            advice,
            summary,
        }
    }

    fn render_steps(&self, theme: &Theme, sv: &SiteView<'_>) -> Result<OutputFile> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            page: TreePageView<'a>,
            tree: &'a TreeView<'a>,
            steps: Vec<StepView<'a>>,
        }
        #[derive(Serialize)]
        struct StepView<'a> {
            number: usize,
            question: &'a str,
            help: &'a str,
            red_flag: bool,
            answers: Vec<StepAnswer<'a>>,
        }
        #[derive(Serialize)]
        struct StepAnswer<'a> {
            label: &'a str,
            destination: String,
            causes: Vec<&'a str>,
        }
        let numbers = export::step_numbers(self.tree);
        let steps = export::steps(self.tree)
            .into_iter()
            .map(|(number, node)| StepView {
                number,
                question: &node.question,
                help: &node.help,
                red_flag: node.red_flag,
                answers: node
                    .answers
                    .iter()
                    .map(|a| StepAnswer {
                        label: &a.label,
                        destination: export::destination(self.site, &numbers, a),
                        causes: export::cause_titles(self.site, a),
                    })
                    .collect(),
            })
            .collect();
        let title = format!("{}: all steps", self.tree.title);
        let ctx = Ctx {
            page: self.page_view(&title),
            tree: self.view,
            steps,
        };
        render_with(
            theme,
            sv,
            "steps.html",
            &self.tree.output_dir().join(STEPS_PAGE),
            &ctx,
        )
    }
}

impl TreeContext<'_> {
    /// The disposition table page. It is for clinical sign-off, so it is not held to the
    /// reading-age and weight budgets of pages for patients (no source is recorded for it).
    fn render_cases(&self, theme: &Theme, sv: &SiteView<'_>) -> Result<OutputFile> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            page: TreePageView<'a>,
            tree: &'a TreeView<'a>,
            rows: Vec<RowView<'a>>,
            coverage: crate::tree::cases::Coverage,
        }
        #[derive(Serialize)]
        struct RowView<'a> {
            care: CareView,
            given: Vec<(usize, &'a str)>,
            end: String,
            causes: Vec<&'a str>,
            cases: Vec<&'a str>,
            url: String,
        }
        let dir = self.tree.output_dir();
        let rows = export::table::rows(self.site, self.tree)
            .into_iter()
            .map(|r| RowView {
                care: CareView {
                    key: r.care.key(),
                    label: self.site.config.care_label(r.care).to_string(),
                    action: String::new(),
                    url: None,
                },
                given: r.given.iter().map(|g| (g.step, g.answer)).collect(),
                end: r.end,
                causes: r.causes,
                cases: r.cases,
                url: url_of(&dir.join(&r.page)),
            })
            .collect();
        let title = format!("{}: every path and its result", self.tree.title);
        let ctx = Ctx {
            page: self.page_view(&title),
            tree: self.view,
            rows,
            coverage: crate::tree::cases::coverage(self.tree).0,
        };
        render_with(theme, sv, "cases.html", &dir.join(CASES_PAGE), &ctx)
    }
}

/// Every article's source, sorted (as the site holds them).
fn page_sources(site: &Site) -> Vec<std::path::PathBuf> {
    site.pages.iter().map(|p| p.source.clone()).collect()
}

/// Whether checker end pages show this page's body as advice: outcome pages, and findings
/// (other pages with a care level).
pub fn shows_advice_of(page: &crate::site::Page) -> bool {
    page.kind == PageKind::Outcome || (page.kind == PageKind::Other && page.front.care.is_some())
}

/// The body of every outcome page, and of every other page with a care level that is no cause
/// article (findings), rendered for pages in `page_dir` (read again: pages are not held).
fn outcome_advice<'s>(site: &'s Site, page_dir: &Path) -> Result<BTreeMap<&'s Path, String>> {
    let links = crate::links::LinkMap::new(&site.config.links, &page_sources(site));
    site.pages
        .iter()
        .filter(|p| shows_advice_of(p))
        .map(|o| {
            let rebase = Rebase {
                source_dir: o.source.parent().map(Path::to_path_buf).unwrap_or_default(),
                page_dir: page_dir.to_path_buf(),
                snippets: site.snippets.clone(),
                links: links.clone(),
            };
            let text = site.body_text(o)?;
            let html = markdown::render_for(&text, &rebase).html;
            Ok((o.source.as_path(), html))
        })
        .collect()
}

/// Likely causes an end shows, as links.
fn causes<'s>(site: &'s Site, end: &End<'_>) -> Vec<CauseLink<'s>> {
    export::end_causes(site, end)
        .into_iter()
        .map(|page| CauseLink {
            title: &page.front.title,
            summary: &page.front.summary,
            url: url_of(&page.output()),
        })
        .collect()
}
