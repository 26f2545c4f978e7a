//! Decision trees (`content/checks/*.toml`): the types of a [`Tree`] of nodes and answers with
//! positions, parsed (`parse`, with `vars`, `checklist` and `cases`), the states a reader can be
//! in (`state`) and the expansion into pages (`expand`). Everything here reads the tree file
//! alone; what needs the rest of the site (safety rules, running the cases, exports, the safety
//! diff) is in the `clinical` module, one floor up.

pub mod cases;
pub mod checklist;
pub mod expand;
pub mod graph;
pub mod names;
mod parse;
pub(crate) use parse::keys;
pub mod state;
pub mod translation;
pub mod vars;

use crate::markdown;
use std::collections::BTreeMap;
use std::path::PathBuf;
use time::Date;

pub use parse::load_all;
pub use vars::{Choice, Set, Variable};

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
    /// The red-flag screen every path passes before anything is recorded or an end below
    /// urgent care is reached: the node id, the offset of its name and whether `screen` named
    /// it (else it is the start node).
    pub screen: (String, usize, bool),
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
    /// Declared variables (`[variables]`), by name order.
    pub variables: Vec<Variable>,
    /// `version`: the version its FHIR export carries (else a hash of the export).
    pub version: Option<String>,
    /// `status`: the publication status of its FHIR export (one of [`STATUSES`]; else `active`).
    pub status: Option<String>,
    /// Whether "Your answers" can list finished checklists' signs within a page limit, once
    /// worked out (see `expand::expand_within`): `(limit, fits)`. A cache of a pure function of
    /// the tree, so the tree stays as loaded.
    pub signs_fit: std::sync::OnceLock<(usize, bool)>,
    /// The coverage of the tree by its cases, once worked out (see `cases::summary`); a cache
    /// of a pure function of the tree.
    pub coverage: std::sync::OnceLock<cases::Coverage>,
    /// For a translation (`checks/back.cy.toml`): its language, file and how far it is behind
    /// the source tree, whose structure (and `source`, `text`, positions) it shares.
    pub translation: Option<Box<translation::TreeLang>>,
}

/// The values `status` may take (FHIR's publication status).
pub const STATUSES: [&str; 4] = ["draft", "active", "retired", "unknown"];

/// One question, or a checklist of signs asked one per page.
#[derive(Debug, Clone)]
pub struct Node {
    /// The node's id (its key under `[nodes]`).
    pub id: String,
    /// Offset of the node's table header.
    pub offset: usize,
    /// The question, shown as the page's `<h1>`; a checklist's title (its signs are the
    /// questions).
    pub question: String,
    /// A line of text shown under the question, possibly chosen by a variable.
    pub line: Option<Choice<String>>,
    /// The signs and rules, for a checklist; its answers are then its exits (one per rule,
    /// then `otherwise`).
    pub checklist: Option<checklist::Checklist>,
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
    /// Where the answer leads, possibly chosen by a variable.
    pub to: Choice<Target>,
    /// Offset of the `to` value (of the answer, when it has none).
    pub to_offset: usize,
    /// Cause articles named as likely on the outcome this answer leads to.
    pub causes: Vec<(PathBuf, usize)>,
    /// A finding this answer records (a page with a care level), possibly chosen by a variable,
    /// with the offset of the `record` value.
    pub record: Option<(Choice<PathBuf>, usize)>,
    /// Variables this answer sets.
    pub set: Vec<Set>,
}

impl Answer {
    /// Every target the answer may lead to (one, or one per value of a variable).
    pub fn targets(&self) -> Vec<&Target> {
        self.to.all()
    }

    /// The nodes the answer may lead to.
    pub fn next_nodes(&self) -> impl Iterator<Item = &str> {
        self.targets().into_iter().filter_map(|t| match t {
            Target::Node(id) => Some(id.as_str()),
            _ => None,
        })
    }

    /// The pages the answer may end on.
    pub fn end_pages(&self) -> impl Iterator<Item = &PathBuf> {
        self.targets().into_iter().filter_map(|t| match t {
            Target::Page(p) => Some(p),
            _ => None,
        })
    }

    /// Every finding the answer may record (one, or one per value of a variable).
    pub fn records(&self) -> Vec<&PathBuf> {
        self.record.as_ref().map_or_else(Vec::new, |(r, _)| r.all())
    }

    /// True when some choice of the answer ends the path.
    pub fn ends(&self) -> bool {
        self.targets().iter().any(|t| !matches!(t, Target::Node(_)))
    }
}

/// Where an answer leads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// Another node of the same tree.
    Node(String),
    /// A page, by source path relative to `content/`.
    Page(PathBuf),
    /// No `to`: the path ends here, on the findings recorded on the way.
    Finish,
}

impl Target {
    /// `to = "…"` as written: a page when it ends in `.md`, else a node id.
    pub fn of(to: &str) -> Target {
        if to.ends_with(".md") {
            Target::Page(PathBuf::from(to))
        } else {
            Target::Node(to.to_string())
        }
    }
}

impl Tree {
    /// The tree's slug: its file name without `.toml`.
    pub fn slug(&self) -> String {
        self.source
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Output folder of the tree's pages, relative to the output root (`checks/<slug>`, and
    /// `cy/checks/<slug>` for its translation into `cy`).
    pub fn output_dir(&self) -> PathBuf {
        let dir = self.source.with_extension("");
        match &self.translation {
            Some(t) => PathBuf::from(&t.lang).join(dir),
            None => dir,
        }
    }

    /// The language it is written in, when it is a translation.
    pub fn lang(&self) -> Option<&str> {
        self.translation.as_ref().map(|t| t.lang.as_str())
    }

    /// True when the tree uses none of findings, checklists and variables: it then expands one
    /// page per path, as it always did.
    pub fn is_plain(&self) -> bool {
        self.variables.is_empty()
            && self.nodes.values().all(|n| {
                n.checklist.is_none()
                    && n.line.is_none()
                    && n.answers.iter().all(|a| {
                        a.record.is_none()
                            && a.set.is_empty()
                            && matches!(a.to, Choice::One(Target::Node(_) | Target::Page(_)))
                    })
            })
    }

    /// The file's path as shown in diagnostics and its text.
    pub fn located(&self) -> (PathBuf, &str) {
        (crate::paths::display_path(&self.source), &self.text)
    }
}
