//! The pages of a tree a reader walks: questions, checklist signs and ends, each with its
//! "Your answers" trail, and the advice and causes an end shows.

use super::TreeView;
use crate::clinical::export;
use crate::markdown::{self, Rebase};
use crate::paths::url_of;
use crate::render::views::{CareView, SignedOff, SiteView, TranslationNotice, Version};
use crate::render::{OutputFile, render_with};
use crate::site::{Page, PageKind, Site};
use crate::templates::Theme;
use crate::tree::Tree;
use crate::tree::expand::{self, TreePage, Visit};
use crate::tree::state::End;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// What the base template needs as `page` on a tree page.
#[derive(Debug, Serialize)]
pub(super) struct TreePageView<'a> {
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) reviewed: String,
    pub(super) next_review: String,
    /// The tree's clinical sign-off, while that still matches it.
    pub(super) signed_off: Option<SignedOff<'a>>,
    /// The same page in each language the tree is published in (none for one language).
    pub(super) versions: Vec<Version<'a>>,
    /// On a translation: where the source page is, and whether the translation is behind it.
    pub(super) translation: Option<TranslationNotice<'a>>,
}

/// An answer already given (or a finished part of the protocol and its finding). `url` is
/// relative to the site root (use it after `root`); `href` is the same page relative to this
/// one, which is shorter, as every page of a tree shares one folder.
#[derive(Debug, Serialize)]
struct TrailStep<'a> {
    question: &'a str,
    answer: String,
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
    /// The language of its words where it differs from the page's (a translated checker's
    /// end showing an outcome page that is not translated), so that it reads the right way.
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<TextLang<'a>>,
}

#[derive(Debug, Serialize)]
struct CauseLink<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
    /// As for [`Card::lang`].
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<TextLang<'a>>,
}

/// The language and direction of text in another language than its page's.
#[derive(Debug, Clone, Copy, Serialize)]
struct TextLang<'a> {
    lang: &'a str,
    dir: &'static str,
}

/// The language of `shown` on a page in `lang`, where they differ.
fn text_lang<'s>(site: &'s Site, shown: &'s Page, lang: Option<&str>) -> Option<TextLang<'s>> {
    let own = shown.lang(site);
    (lang.is_some_and(|l| l != own)).then(|| TextLang {
        lang: own,
        dir: site.config.dir_of(own).attr(),
    })
}

pub(super) struct TreeContext<'a> {
    pub(super) site: &'a Site,
    pub(super) tree: &'a Tree,
    pub(super) view: &'a TreeView<'a>,
    pub(super) expansion: &'a expand::Expansion<'a>,
    pub(super) pages: &'a [TreePage<'a>],
    /// True for a tree with findings, checklists or variables.
    pub(super) compact: bool,
    /// Each outcome page's advice, rendered once with links rebased to the tree's folder.
    pub(super) advice: BTreeMap<&'a Path, String>,
    /// The tree's clinical sign-off, while that still matches it (taken once per tree).
    pub(super) signed_off: Option<SignedOff<'a>>,
    /// The theme's words.
    pub(super) strings: &'a crate::templates::Strings,
    /// Every language version of the tree with its output folder, the source's first (none
    /// when it is published in one language).
    pub(super) languages: Vec<(&'a str, std::path::PathBuf)>,
}

impl TreeContext<'_> {
    fn url(&self, index: usize) -> String {
        url_of(&self.tree.output_dir().join(&self.pages[index].file))
    }

    /// `page` of a sign-off page: its other languages are those of the tree's first page, as
    /// sign-off pages are split by the length of their words.
    pub(super) fn page_view<'p>(&'p self, title: &'p str) -> TreePageView<'p> {
        self.page_view_at(title, "index.html")
    }

    /// `page` of the tree's page `file`, which each language version of the tree has.
    pub(super) fn page_view_at<'p>(&'p self, title: &'p str, file: &str) -> TreePageView<'p> {
        let here = self.tree.output_dir();
        let href = |dir: &Path| match self.site.config.base_url.as_deref() {
            Some(base) => format!("{}/{}", base.trim_end_matches('/'), url_of(&dir.join(file))),
            None => crate::paths::relative_url(&here, &dir.join(file)),
        };
        let lang = self.tree.lang().unwrap_or(&self.site.config.language);
        let versions = (self.languages.iter())
            .map(|(l, dir)| Version {
                lang: l,
                name: self.site.config.language_name(l),
                href: href(dir),
                current: *l == lang,
            })
            .collect();
        let source_lang = self.site.config.language.as_str();
        let translation = self.tree.translation.as_ref().map(|t| TranslationNotice {
            stale: t.record.is_none() || !t.changed.is_empty() || t.removed > 0,
            source_href: crate::paths::relative_url(
                &here,
                &self.tree.source.with_extension("").join(file),
            ),
            source_language: self.site.config.language_name(source_lang),
            source_lang,
        });
        TreePageView {
            title,
            summary: &self.tree.summary,
            reviewed: self.strings.date(self.tree.reviewed),
            next_review: self.strings.date(self.tree.next_review),
            signed_off: self.signed_off.clone(),
            versions,
            translation,
        }
    }

    pub(super) fn render_page(
        &self,
        theme: &Theme,
        sv: &SiteView<'_>,
        index: usize,
    ) -> Result<OutputFile> {
        let page = &self.pages[index];
        let path = self.tree.output_dir().join(&page.file);
        let trail: Vec<TrailStep<'_>> = self
            .expansion
            .trail(index)
            .iter()
            .map(|s| TrailStep {
                question: s.given.question(),
                answer: export::table::given_words(self.site, &s.given),
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
            page: self.page_view_at(question.question, &page.file),
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
            #[serde(skip_serializing_if = "Option::is_none")]
            care_lang: Option<TextLang<'a>>,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            more: Vec<Card<'a>>,
            causes: Vec<CauseLink<'a>>,
            trail: Vec<TrailStep<'a>>,
        }
        // Every card comes from a page this path names (a finding recorded on the way or the
        // page its last answer leads to, see `findings::shown`), never from another page that
        // merely shares its care level; the most urgent comes first and heads the page.
        let mut cards = crate::clinical::findings::shown(self.site, end)
            .into_iter()
            .map(|(page, care)| self.card(page, care));
        let Some(first) = cards.next() else {
            anyhow::bail!("`{}` leads to a page without a care level", end.exit.label);
        };
        let causes = causes(self.site, end, self.tree.lang());
        let end_file = (path.file_name()).map_or_else(String::new, |f| f.to_string_lossy().into());
        let ctx = Ctx {
            page: self.page_view_at(&first.care.action, &end_file),
            tree: self.view,
            care: first.care.clone(),
            advice: first.advice,
            summary: first.summary,
            care_lang: first.lang,
            more: cards.collect(),
            causes,
            trail,
        };
        render_with(theme, sv, "result.html", path, &ctx)
    }

    /// One care card of an end page: the page's title, care level (or the service it names)
    /// and advice.
    fn card<'p>(&'p self, end: &'p Page, care: crate::care::CareLevel) -> Card<'p> {
        let shown = in_lang(self.site, end, self.tree.lang());
        let lang = self.tree.lang().unwrap_or(&self.site.config.language);
        let label = crate::render::care_badge(self.site, self.strings, lang, end, care);
        let care = CareView {
            key: care.key(),
            label,
            action: shown.front.title.clone(),
            url: Some(url_of(&shown.output())),
        };
        let (advice, summary) = match self.advice.get(end.source.as_path()) {
            Some(advice) => (Some(advice.clone()), None),
            None => (None, Some(shown.front.summary.as_str())),
        };
        Card {
            care,
            advice,
            summary,
            lang: text_lang(self.site, shown, self.tree.lang()),
        }
    }
}

/// Every article's source, sorted (as the site holds them).
/// Whether checker end pages show this page's body as advice: outcome pages, and findings
/// (other pages with a care level).
pub(crate) fn shows_advice_of(page: &crate::site::Page) -> bool {
    page.kind == PageKind::Outcome || (page.kind == PageKind::Other && page.front.care.is_some())
}

/// The body of every outcome page, and of every other page with a care level that is no cause
/// article (findings), rendered for pages in `page_dir` (read again: pages are not held).
/// On the pages of a translation into `lang`: an outcome's translation where there is one,
/// and the source page where not (keyed by the source page).
pub(super) fn outcome_advice<'s>(
    site: &'s Site,
    page_dir: &Path,
    lang: Option<&str>,
) -> Result<BTreeMap<&'s Path, String>> {
    let links = site.links.clone();
    site.pages
        .iter()
        .filter(|p| shows_advice_of(p))
        .map(|o| {
            let shown = in_lang(site, o, lang);
            let rebase = Rebase {
                source_dir: shown
                    .source
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
                page_dir: page_dir.to_path_buf(),
                snippets: site.snippets.clone(),
                links: links.clone(),
                keep_target: site.config.html.target == crate::config::TargetPolicy::Keep,
                lang: lang.and_then(|l| site.lang_links(l)),
            };
            let text = site.body_text(shown)?;
            let html = markdown::render_for(&text, &rebase).html;
            Ok((o.source.as_path(), html))
        })
        .collect()
}

/// `page` in `lang` where it is translated, else `page`.
fn in_lang<'s>(site: &'s Site, page: &'s Page, lang: Option<&str>) -> &'s Page {
    lang.and_then(|l| site.translation(&page.source, l))
        .unwrap_or(page)
}

/// Likely causes an end shows, as links (in `lang` where they are translated).
fn causes<'s>(site: &'s Site, end: &End<'_>, lang: Option<&str>) -> Vec<CauseLink<'s>> {
    export::end_causes(site, end)
        .into_iter()
        .map(|page| in_lang(site, page, lang))
        .map(|page| CauseLink {
            title: &page.front.title,
            summary: &page.front.summary,
            url: url_of(&page.output()),
            lang: text_lang(site, page, lang),
        })
        .collect()
}
