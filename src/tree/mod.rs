//! Decision trees (`content/checks/*.toml`): parsing into a [`Tree`] of nodes and answers with
//! positions; validation (`validate`), expansion into one page per path (`expand`) and the
//! sign-off exports (`export`) sit beside it in the pipeline.

pub mod cases;
pub mod diff;
pub mod expand;
pub mod export;
pub mod names;
pub mod validate;

use crate::diagnostics::{Diagnostic, Located};
use crate::front_matter;
use crate::fs;
use crate::markdown;
use crate::source;
use crate::tomlpos;
use anyhow::Result;
use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use time::Date;

/// One decision tree.
#[derive(Debug, Clone)]
pub struct Tree {
    /// Source path relative to `content/` (`checks/x.toml`).
    pub source: PathBuf,
    /// The file's text, for positions.
    pub text: String,
    /// Title, e.g. "Check your back pain after sleeping".
    pub title: String,
    /// One sentence shown on the home page.
    pub summary: String,
    /// Id of the first question.
    pub start: String,
    /// Offset of the `start` value.
    pub start_offset: usize,
    /// When the tree was last reviewed.
    pub reviewed: Date,
    /// When it is next due for review.
    pub next_review: Date,
    /// Offset of the `next_review` value.
    pub next_review_offset: usize,
    /// Nodes by id.
    pub nodes: BTreeMap<String, Node>,
    /// Clinical cases that every build runs.
    pub cases: Vec<cases::Case>,
}

/// One question.
#[derive(Debug, Clone)]
pub struct Node {
    /// The node's id (its key under `[nodes]`).
    pub id: String,
    /// Offset of the node's table header.
    pub offset: usize,
    /// The question, shown as the page's `<h1>`.
    pub question: String,
    /// Help text, rendered from Markdown.
    pub help: String,
    /// The help text's Markdown source (for the text export).
    pub help_source: String,
    /// The help text's links, written relative to the tree file and positioned in it; checked
    /// like an article's links and rewritten for the tree's pages.
    pub help_links: Vec<markdown::Link>,
    /// Whether this node screens for red flags (emergency signs).
    pub red_flag: bool,
    /// Answers in the order written.
    pub answers: Vec<Answer>,
    /// Offset of the `answers` value.
    pub answers_offset: usize,
    /// Old addresses (output paths) that lead to this question's first page, with offsets.
    pub aliases: Vec<(PathBuf, usize)>,
}

/// One answer to a question.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Link text; makes sense read alone.
    pub label: String,
    /// The answer's key in page names: its `id`, else the slug of its label (see [`names`]).
    pub key: String,
    /// Offset of the `id` value, if one was given.
    pub id_offset: Option<usize>,
    /// Offset of the label.
    pub label_offset: usize,
    /// Where the answer leads.
    pub target: Target,
    /// Offset of the `to` value.
    pub to_offset: usize,
    /// Cause articles named as likely on the outcome this answer leads to.
    pub causes: Vec<(PathBuf, usize)>,
}

/// Where an answer leads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// Another node of the same tree.
    Node(String),
    /// A page, by source path relative to `content/`.
    Page(PathBuf),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTree {
    title: String,
    summary: String,
    start: Spanned<String>,
    reviewed: Option<Spanned<toml::Value>>,
    next_review: Option<Spanned<toml::Value>>,
    nodes: BTreeMap<Spanned<String>, Spanned<RawNode>>,
    #[serde(default)]
    cases: Vec<cases::RawCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    question: String,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    help: Option<Spanned<String>>,
    #[serde(default)]
    red_flag: bool,
    answers: Spanned<Vec<RawAnswer>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    label: Spanned<String>,
    id: Option<Spanned<String>>,
    to: Spanned<String>,
    #[serde(default)]
    causes: Vec<Spanned<String>>,
}

impl Tree {
    /// Parses a tree file; every problem found is returned, positioned in the file.
    pub fn parse(
        source: &Path,
        src: Located<'_>,
        snippets: &markdown::Snippets,
    ) -> Result<Tree, Vec<Diagnostic>> {
        Tree::parse_with(source, src, snippets, &crate::links::LinkMap::default())
    }

    /// [`Tree::parse`] for a site whose old addresses `links` maps (`[links]` in `site.toml`):
    /// root-absolute links in help text are rewritten like an article's.
    pub fn parse_with(
        source: &Path,
        src: Located<'_>,
        snippets: &markdown::Snippets,
        links: &crate::links::LinkMap,
    ) -> Result<Tree, Vec<Diagnostic>> {
        let raw: RawTree = tomlpos::from_str(src, 0, src.text).map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        let reviewed = front_matter::date(src, 0, raw.reviewed.as_ref(), "reviewed", &mut problems);
        let next_review = front_matter::date(
            src,
            0,
            raw.next_review.as_ref(),
            "next_review",
            &mut problems,
        );
        let nodes = raw
            .nodes
            .into_iter()
            .map(|(id, node)| {
                let offset = node.span().start;
                let raw = node.into_inner();
                let rebase = markdown::Rebase {
                    source_dir: source.parent().unwrap_or(Path::new("")).to_path_buf(),
                    page_dir: source.with_extension(""),
                    snippets: snippets.clone(),
                    links: links.clone(),
                };
                let help = render_help(src, raw.help.as_ref(), &rebase, &mut problems);
                let aliases = node_aliases(src, &raw.aliases, &mut problems);
                let mut node = Node::from_raw(id.into_inner(), offset, raw, help);
                node.aliases = aliases;
                (node.id.clone(), node)
            })
            .collect();
        let (Some(reviewed), Some(next_review), true) =
            (reviewed, next_review, problems.is_empty())
        else {
            return Err(problems);
        };
        Ok(Tree {
            source: source.to_path_buf(),
            text: src.text.to_string(),
            title: raw.title,
            summary: raw.summary,
            start_offset: raw.start.span().start,
            start: raw.start.into_inner(),
            reviewed,
            next_review,
            next_review_offset: raw.next_review.map_or(0, |v| v.span().start),
            nodes,
            cases: raw.cases.into_iter().map(cases::Case::from).collect(),
        })
    }

    /// The tree's slug: its file name without `.toml`.
    pub fn slug(&self) -> String {
        self.source
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Output folder of the tree's pages, relative to the output root (`checks/<slug>`).
    pub fn output_dir(&self) -> PathBuf {
        self.source.with_extension("")
    }

    /// The file's path as shown in diagnostics and its text.
    pub fn located(&self) -> (PathBuf, &str) {
        (source::display_path(&self.source), &self.text)
    }
}

impl Node {
    fn from_raw(id: String, offset: usize, raw: RawNode, help: Help) -> Node {
        let answers_offset = raw.answers.span().start;
        let answers = raw
            .answers
            .into_inner()
            .into_iter()
            .map(Answer::from_raw)
            .collect();
        Node {
            id,
            offset,
            help: help.html,
            help_source: help.source,
            help_links: help.links,
            question: raw.question,
            red_flag: raw.red_flag,
            answers,
            answers_offset,
            aliases: Vec::new(),
        }
    }
}

impl Answer {
    fn from_raw(raw: RawAnswer) -> Answer {
        let to = raw.to.get_ref();
        let target = if to.ends_with(".md") {
            Target::Page(PathBuf::from(to))
        } else {
            Target::Node(to.clone())
        };
        Answer {
            key: names::answer_key(
                raw.id.as_ref().map(|i| i.get_ref().as_str()),
                raw.label.get_ref(),
            ),
            id_offset: raw.id.as_ref().map(|i| i.span().start),
            label_offset: raw.label.span().start,
            label: raw.label.into_inner(),
            to_offset: raw.to.span().start,
            target,
            causes: raw
                .causes
                .into_iter()
                .map(|c| (PathBuf::from(c.get_ref()), c.span().start))
                .collect(),
        }
    }
}

/// A node's `aliases` as output paths; a bad one is a problem at its position.
fn node_aliases(
    src: Located<'_>,
    raw: &[Spanned<String>],
    problems: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, usize)> {
    raw.iter()
        .filter_map(|a| match crate::aliases::output_path(a.get_ref()) {
            Ok(path) => Some((path, a.span().start)),
            Err(message) => {
                problems.push(src.error(a.span().start, message));
                None
            }
        })
        .collect()
}

/// A node's help text: HTML for the tree's pages, its Markdown source and its links.
struct Help {
    html: String,
    source: String,
    links: Vec<markdown::Link>,
}

/// Renders a node's help text for the tree's pages, with its links rewritten from the tree
/// file's folder to theirs; its problems and links are positioned in the tree file, counting
/// from the start of the string's text (exact unless the text uses escapes).
fn render_help(
    src: Located<'_>,
    help: Option<&Spanned<String>>,
    rebase: &markdown::Rebase,
    problems: &mut Vec<Diagnostic>,
) -> Help {
    let Some(help) = help else {
        return Help {
            html: String::new(),
            source: String::new(),
            links: Vec::new(),
        };
    };
    let rendered = markdown::render_for(help.get_ref(), rebase);
    let start = help.span().start;
    let quoted = &src.text[start..help.span().end.min(src.text.len())];
    let opening = match quoted.get(..3) {
        Some("\"\"\"" | "'''") => 3 + usize::from(quoted[3..].starts_with('\n')),
        _ => 1,
    };
    for p in rendered.problems.iter().filter(|p| p.is_error) {
        problems.push(src.error(start + opening + p.offset, p.message.clone()));
    }
    Help {
        html: rendered.html,
        source: markdown::expand_source(help.get_ref(), &rebase.snippets),
        links: rendered
            .links
            .into_iter()
            .map(|l| markdown::Link {
                offset: start + opening + l.offset,
                ..l
            })
            .collect(),
    }
}

/// Reads and parses every tree file; I/O failures are fatal, content problems are collected.
pub fn load_all(
    root: &Path,
    sources: &[PathBuf],
    snippets: &markdown::Snippets,
    links: &crate::links::LinkMap,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<Tree>> {
    let mut trees = Vec::new();
    for rel in sources {
        let shown = source::display_path(rel);
        let bytes = fs::read(&root.join(&shown))?;
        let Ok(text) = crate::fs::utf8_text(bytes) else {
            diags.push(crate::diagnostics::file_error(
                &shown,
                "file is not valid UTF-8: save it with UTF-8 encoding",
            ));
            continue;
        };
        match Tree::parse_with(
            rel,
            Located {
                path: &shown,
                text: &text,
            },
            snippets,
            links,
        ) {
            Ok(tree) => trees.push(tree),
            Err(problems) => diags.extend(problems),
        }
    }
    Ok(trees)
}

#[cfg(test)]
mod tests;
