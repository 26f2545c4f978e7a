//! Parsing a tree file into a [`Tree`]: strict TOML with positions (plain questions, checklists,
//! variables, findings), help text rendered from Markdown, and every problem collected.

use super::checklist::{self, RawSign};
use super::vars::{self, RawChoice};
use super::{Answer, Choice, Node, Target, Tree, cases, names};
use crate::diagnostics::{Diagnostic, Located};
use crate::front_matter;
use crate::fs;
use crate::markdown;
use crate::tomlpos;
use anyhow::Result;
use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTree {
    title: String,
    summary: String,
    start: Spanned<String>,
    screen: Option<Spanned<String>>,
    reviewed: Option<Spanned<toml::Value>>,
    next_review: Option<Spanned<toml::Value>>,
    nodes: BTreeMap<Spanned<String>, Spanned<RawNode>>,
    #[serde(default)]
    cases: Vec<cases::RawCase>,
    #[serde(default)]
    variables: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    version: Option<String>,
    status: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNode {
    question: Option<String>,
    title: Option<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    help: Option<Spanned<String>>,
    line: Option<Spanned<RawChoice>>,
    #[serde(default)]
    red_flag: bool,
    answers: Option<Spanned<Vec<Spanned<RawAnswer>>>>,
    signs: Option<Spanned<Vec<RawSign>>>,
    #[serde(default)]
    rules: Vec<Spanned<RawAnswer>>,
    otherwise: Option<Spanned<RawAnswer>>,
    precedence: Option<Spanned<String>>,
}

/// An answer, a checklist's rule or its `otherwise`, as written (each takes its own keys; the
/// rest are problems).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAnswer {
    pub(super) label: Option<Spanned<String>>,
    pub(super) id: Option<Spanned<String>>,
    pub(super) at_least: Option<Spanned<usize>>,
    pub(super) of: Option<Vec<Spanned<String>>>,
    to: Option<Spanned<RawChoice>>,
    record: Option<Spanned<RawChoice>>,
    #[serde(default)]
    set: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    causes: Vec<Spanned<String>>,
}

/// The keys a tree file accepts: at its top level, in a node, in an answer (or a checklist's
/// rule or `otherwise`), in a checklist's sign and in a case (read from the serde models that
/// refuse any other key).
pub(crate) fn keys() -> [&'static [&'static str]; 5] {
    use tomlpos::fields::of;
    [
        of::<RawTree>(),
        of::<RawNode>(),
        of::<RawAnswer>(),
        of::<RawSign>(),
        of::<cases::RawCase>(),
    ]
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
                    ..Default::default()
                };
                let help = render_help(src, raw.help.as_ref(), &rebase, &mut problems);
                let aliases = node_aliases(src, &raw.aliases, &mut problems);
                let mut node =
                    Node::from_raw(src, (id.into_inner(), offset), raw, help, &mut problems);
                node.aliases = aliases;
                (node.id.clone(), node)
            })
            .collect();
        if let Some(status) = &raw.status
            && !super::STATUSES.contains(&status.get_ref().as_str())
        {
            problems.push(src.error(
                status.span().start,
                format!(
                    "`status` is one of {}, not `{}`",
                    vars::quoted(&super::STATUSES),
                    status.get_ref()
                ),
            ));
        }
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
            screen: raw.screen.as_ref().map_or_else(
                || (raw.start.get_ref().clone(), raw.start.span().start, false),
                |s| (s.get_ref().clone(), s.span().start, true),
            ),
            start: raw.start.into_inner(),
            reviewed,
            next_review,
            next_review_offset: raw.next_review.map_or(0, |v| v.span().start),
            nodes,
            cases: raw.cases.into_iter().map(cases::Case::from).collect(),
            variables: vars::declared(raw.variables),
            version: raw.version,
            status: raw.status.map(Spanned::into_inner),
            signs_fit: std::sync::OnceLock::new(),
            coverage: std::sync::OnceLock::new(),
            translation: None,
        })
    }
}

impl Node {
    fn from_raw(
        src: Located<'_>,
        (id, offset): (String, usize),
        raw: RawNode,
        help: Help,
        problems: &mut Vec<Diagnostic>,
    ) -> Node {
        let (question, checklist, answers, answers_offset) = match (raw.signs, raw.answers) {
            (Some(signs), None) => {
                let at = signs.span().start;
                let (mut list, exits) =
                    checklist::build(src, signs, raw.rules, raw.otherwise, problems);
                list.in_order = in_order(src, &id, raw.precedence.as_ref(), problems);
                if raw.question.is_some() {
                    problems.push(src.error(offset, format!("checklist `{id}` asks each sign's `question`: give the checklist a `title` instead")));
                }
                let title = raw.title.unwrap_or_else(|| {
                    problems.push(src.error(offset, format!("checklist `{id}` needs a `title`, such as \"Breathing\", shown above each sign and in \"Your answers\"")));
                    String::new()
                });
                (title, Some(list), exits, at)
            }
            (None, Some(answers)) => {
                if raw.title.is_some()
                    || !raw.rules.is_empty()
                    || raw.otherwise.is_some()
                    || raw.precedence.is_some()
                {
                    problems.push(src.error(offset, format!("node `{id}` has answers, so it is a question: `title`, `rules`, `otherwise` and `precedence` belong to checklists (nodes with `signs`)")));
                }
                let question = raw.question.unwrap_or_else(|| {
                    problems.push(src.error(offset, format!("node `{id}` needs a `question`")));
                    String::new()
                });
                let at = answers.span().start;
                let answers = answers
                    .into_inner()
                    .into_iter()
                    .map(|a| Answer::from_raw(src, a, problems))
                    .collect();
                (question, None, answers, at)
            }
            (signs, _) => {
                let both = signs.is_some();
                let msg = if both {
                    format!(
                        "node `{id}` has both `answers` and `signs`: a node is a question (answers) or a checklist (signs)"
                    )
                } else {
                    format!("node `{id}` needs `answers` (a question) or `signs` (a checklist)")
                };
                problems.push(src.error(offset, msg));
                (raw.question.unwrap_or_default(), None, Vec::new(), offset)
            }
        };
        Node {
            id,
            offset,
            help: help.html,
            help_source: help.source,
            help_links: help.links,
            question,
            line: raw.line.map(|l| l.into_inner().into_choice(|s| s)),
            checklist,
            red_flag: raw.red_flag,
            answers,
            answers_offset,
            aliases: Vec::new(),
        }
    }
}

impl Answer {
    fn from_raw(
        src: Located<'_>,
        raw: Spanned<RawAnswer>,
        problems: &mut Vec<Diagnostic>,
    ) -> Answer {
        let at = raw.span().start;
        let raw = raw.into_inner();
        if raw.at_least.is_some() || raw.of.is_some() {
            problems.push(src.error(
                at,
                "`at_least` and `of` belong to a checklist's rules, not to an answer",
            ));
        }
        let label = raw.label.as_ref().map_or_else(
            || {
                problems.push(src.error(
                    at,
                    "an answer needs a `label`: the words the reader chooses",
                ));
                String::new()
            },
            |l| l.get_ref().clone(),
        );
        let key = names::answer_key(raw.id.as_ref().map(|i| i.get_ref().as_str()), &label);
        let label_offset = raw.label.as_ref().map_or(at, |l| l.span().start);
        let id_offset = raw.id.as_ref().map(|i| i.span().start);
        let mut answer = raw.answer(label, key, label_offset);
        answer.id_offset = id_offset;
        answer
    }
}

impl RawAnswer {
    /// The answer with this label and key (positioned at `at`) that leads this way; no `to`
    /// means the path ends there.
    pub(super) fn answer(self, label: String, key: String, at: usize) -> Answer {
        Answer {
            label,
            key,
            id_offset: None,
            label_offset: at,
            to_offset: self.to.as_ref().map_or(at, |t| t.span().start),
            to: self.to.map_or(Choice::One(Target::Finish), |t| {
                t.into_inner().into_choice(|s| Target::of(&s))
            }),
            causes: self
                .causes
                .into_iter()
                .map(|c| (PathBuf::from(c.get_ref()), c.span().start))
                .collect(),
            record: self.record.map(|r| {
                let at = r.span().start;
                (r.into_inner().into_choice(PathBuf::from), at)
            }),
            set: vars::sets(self.set),
        }
    }
}

/// A checklist's `precedence`: `"order"` says its rules are meant to be tried in the order
/// written even where an earlier one is less urgent than a later one it overlaps.
fn in_order(
    src: Located<'_>,
    id: &str,
    precedence: Option<&Spanned<String>>,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let Some(p) = precedence else {
        return false;
    };
    if p.get_ref() != "order" {
        problems.push(src.error(p.span().start, format!("checklist `{id}`: `precedence` can only be \"order\" (the rules are tried in the order written, even where an earlier rule is less urgent than a later one); leave it out to have carepath check that the more urgent rules come first")));
    }
    true
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
pub(super) struct Help {
    pub(super) html: String,
    pub(super) source: String,
    pub(super) links: Vec<markdown::Link>,
}

/// Renders a node's help text for the tree's pages, with its links rewritten from the tree
/// file's folder to theirs; its problems and links are positioned in the tree file, counting
/// from the start of the string's text (exact unless the text uses escapes).
pub(super) fn render_help(
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
        let shown = crate::paths::display_path(rel);
        let text = match fs::source_text(root, &shown)? {
            Ok(text) => text,
            Err(problem) => {
                diags.push(problem);
                continue;
            }
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
