//! Clinical cases: `[[cases]]` in a tree file name the answers a reader gives (a checklist's
//! signs by their yes or no words) and the care level (and optionally the findings and causes)
//! that must come out. Every build walks each case through the validated tree with the same
//! moves as the expansion; a case that fails or names an answer the tree does not have is an
//! error at the case, and the coverage of ends and answers is reported.

use super::graph::Graph;
use super::state::{After, End, Move, State, step};
use super::{Answer, Node, Tree};
use crate::care::CareLevel;
use crate::diagnostics::{Diagnostic, Located};
use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// One clinical case.
#[derive(Debug, Clone)]
pub struct Case {
    /// What the case is about ("P01: chest pain goes to 999").
    pub name: String,
    /// Offset of the case's `name` value.
    pub offset: usize,
    /// Answer labels in order, each with its offset.
    pub answers: Vec<(String, usize)>,
    /// The care level the path must end on.
    pub care: CareLevel,
    /// When given, exactly the causes the end page must show (sources relative to `content/`).
    pub causes: Option<Vec<PathBuf>>,
    /// When given, exactly the findings the end page must show, recorded ones and the end page
    /// named by `to` alike (sources relative to `content/`).
    pub findings: Option<Vec<PathBuf>>,
}

/// A case as written in TOML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCase {
    name: Spanned<String>,
    answers: Vec<Spanned<String>>,
    care: CareLevel,
    causes: Option<Vec<String>>,
    findings: Option<Vec<String>>,
}

impl From<RawCase> for Case {
    fn from(raw: RawCase) -> Case {
        Case {
            offset: raw.name.span().start,
            name: raw.name.into_inner(),
            answers: raw
                .answers
                .into_iter()
                .map(|a| {
                    let at = a.span().start;
                    (a.into_inner(), at)
                })
                .collect(),
            care: raw.care,
            causes: raw
                .causes
                .map(|c| c.into_iter().map(PathBuf::from).collect()),
            findings: raw
                .findings
                .map(|c| c.into_iter().map(PathBuf::from).collect()),
        }
    }
}

/// Where a walk of a case's answers ended.
#[derive(Debug, Clone)]
pub struct Walked<'t> {
    /// Each node left: the node and the answer (or checklist exit) taken.
    pub steps: Vec<(&'t Node, &'t Answer)>,
    /// The end reached.
    pub end: End<'t>,
}

/// Why a case's answers do not make a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkError {
    /// Answer `index` (0-based) is not an answer of the question asked at that point.
    NoSuchAnswer {
        /// Index in the case's answers.
        index: usize,
        /// The question asked.
        node: String,
    },
    /// The path ended before all answers were used.
    EndedEarly {
        /// How many answers were used.
        used: usize,
    },
    /// The answers ran out at a question.
    Unfinished {
        /// The question still waiting for an answer.
        node: String,
    },
}

/// True when `given` names `answer`: the label, ignoring case and surrounding space.
pub fn names(given: &str, answer: &Answer) -> bool {
    given.trim().eq_ignore_ascii_case(answer.label.trim())
}

/// The words of a move, as a case names it.
fn move_label<'t>(node: &'t Node, mv: &Move<'t>) -> &'t str {
    match mv {
        Move::Answer(a) => &a.label,
        Move::Sign { sign, yes } => node.checklist.as_ref().map_or("", |c| c.label(*sign, *yes)),
    }
}

/// `case` with its answers in the words of `translated`, a translation of `source` (the same
/// nodes, answers and signs): each label is matched in `source`, and the same move's words in
/// `translated` replace it. `None` when the case does not walk in `source`.
pub fn in_words_of<'c>(
    source: &Tree,
    translated: &Tree,
    case: &'c Case,
) -> Option<(&'c Case, Case)> {
    let mut state = State::start(source)?;
    let mut answers = Vec::with_capacity(case.answers.len());
    for (label, at) in &case.answers {
        let node = state.node(source)?;
        let mv = (state.moves(source).into_iter()).find(|m| {
            label
                .trim()
                .eq_ignore_ascii_case(move_label(node, m).trim())
        })?;
        let there = translated.nodes.get(&node.id)?;
        let words = match &mv {
            Move::Answer(a) => there.answers.iter().find(|b| b.key == a.key)?.label.clone(),
            Move::Sign { sign, yes } => there.checklist.as_ref()?.label(*sign, *yes).to_string(),
        };
        answers.push((words, *at));
        match step(source, &state, mv)?.after {
            After::At(next) => state = next,
            After::End(_) => break,
        }
    }
    let words = Case {
        answers,
        ..case.clone()
    };
    Some((case, words))
}

/// Walks labels through the tree from its start.
pub fn walk<'t>(tree: &'t Tree, labels: &[&str]) -> Result<Walked<'t>, WalkError> {
    let mut steps = Vec::new();
    let mut state = State::start(tree).ok_or_else(|| WalkError::Unfinished {
        node: tree.start.clone(),
    })?;
    for (index, label) in labels.iter().enumerate() {
        let no_answer = || WalkError::NoSuchAnswer {
            index,
            node: state.node.to_string(),
        };
        let node = state.node(tree).ok_or_else(no_answer)?;
        let mv = state
            .moves(tree)
            .into_iter()
            .find(|m| {
                label
                    .trim()
                    .eq_ignore_ascii_case(move_label(node, m).trim())
            })
            .ok_or_else(no_answer)?;
        let stepped = step(tree, &state, mv).ok_or_else(no_answer)?;
        steps.extend(stepped.exit.map(|exit| (node, exit)));
        match stepped.after {
            After::At(next) => state = next,
            After::End(end) if index + 1 == labels.len() => return Ok(Walked { steps, end }),
            After::End(_) => return Err(WalkError::EndedEarly { used: index + 1 }),
        }
    }
    Err(WalkError::Unfinished {
        node: state.node.to_string(),
    })
}

pub(crate) fn walk_problem(tree: &Tree, case: &Case, err: WalkError) -> (usize, String) {
    match err {
        WalkError::NoSuchAnswer { index, node } => {
            let (label, at) = &case.answers[index];
            let options: Vec<String> = options(tree, case, index)
                .iter()
                .map(|l| format!("\"{l}\""))
                .collect();
            (
                *at,
                format!(
                    "case `{}`: question `{node}` has no answer \"{label}\"; its answers are {}",
                    case.name,
                    options.join(", ")
                ),
            )
        }
        WalkError::EndedEarly { used } => (
            case.answers.get(used).map_or(case.offset, |(_, at)| *at),
            format!(
                "case `{}`: the path ends after {used} answer{}, but the case gives {}",
                case.name,
                if used == 1 { "" } else { "s" },
                case.answers.len()
            ),
        ),
        WalkError::Unfinished { node } => (
            case.offset,
            format!(
                "case `{}`: the answers run out at question `{node}`; add the answer given there",
                case.name
            ),
        ),
    }
}

/// The answers offered where a case's answer `index` was not found.
fn options<'t>(tree: &'t Tree, case: &Case, index: usize) -> Vec<&'t str> {
    let labels: Vec<&str> = case.answers[..index]
        .iter()
        .map(|(l, _)| l.as_str())
        .collect();
    let expansion = super::expand::expand(tree);
    expansion
        .follow(&labels)
        .map(|page| expansion.answer_labels(page))
        .unwrap_or_default()
}

/// How much of a tree its cases exercise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// Cases in the tree.
    pub cases: usize,
    /// Distinct end states (the exit taken, the findings recorded, the page named) reached by
    /// at least one case.
    pub end_states_covered: usize,
    /// Distinct end states a reader can reach.
    pub end_states: usize,
    /// Pages that some end names (findings and outcome pages) named by an end a case reaches.
    pub end_pages_covered: usize,
    /// Pages that some end names.
    pub end_pages: usize,
    /// Answers that end a path (lead to a page) reached by at least one case.
    pub ends_covered: usize,
    /// Answers that end a path.
    pub ends: usize,
    /// Answers taken by at least one case.
    pub answers_covered: usize,
    /// All answers.
    pub answers: usize,
}

/// Coverage of `tree` by its cases, and the answers that end a path but no case reaches.
pub fn coverage(tree: &Tree) -> (Coverage, Vec<&Answer>) {
    let mut taken: BTreeSet<*const Answer> = BTreeSet::new();
    for case in &tree.cases {
        let labels: Vec<&str> = case.answers.iter().map(|(l, _)| l.as_str()).collect();
        if let Ok(walked) = walk(tree, &labels) {
            taken.extend(walked.steps.iter().map(|(_, a)| std::ptr::from_ref(*a)));
        }
    }
    let all: Vec<&Answer> = tree.nodes.values().flat_map(|n| &n.answers).collect();
    let ends: Vec<&Answer> = all.iter().copied().filter(|a| a.ends()).collect();
    let missed: Vec<&Answer> = ends
        .iter()
        .copied()
        .filter(|a| !taken.contains(&std::ptr::from_ref(*a)))
        .collect();
    let graph = Graph::of(tree);
    let reached = reached_ends(tree, &graph);
    let pages = |ends: &mut dyn Iterator<Item = usize>| -> BTreeSet<&PathBuf> {
        ends.flat_map(|e| graph.ends[e].pages()).collect()
    };
    let cov = Coverage {
        cases: tree.cases.len(),
        end_states_covered: reached.len(),
        end_states: graph.ends.len(),
        end_pages_covered: pages(&mut reached.iter().copied()).len(),
        end_pages: pages(&mut (0..graph.ends.len())).len(),
        ends_covered: ends.len() - missed.len(),
        ends: ends.len(),
        answers_covered: all
            .iter()
            .filter(|a| taken.contains(&std::ptr::from_ref(**a)))
            .count(),
        answers: all.len(),
    };
    (cov, missed)
}

/// The coverage of `tree` by its cases, worked out once per tree (the summary line, the
/// sign-off page and the table all show it).
pub fn summary(tree: &Tree) -> Coverage {
    *tree.coverage.get_or_init(|| coverage(tree).0)
}

/// The end states of `graph` that some case of `tree` reaches.
pub(crate) fn reached_ends(tree: &Tree, graph: &Graph<'_>) -> BTreeSet<usize> {
    tree.cases
        .iter()
        .filter_map(|case| {
            let labels: Vec<&str> = case.answers.iter().map(|(l, _)| l.as_str()).collect();
            let walked = walk(tree, &labels).ok()?;
            graph.end_of(&walked.end)
        })
        .collect()
}

impl Coverage {
    /// The share of end states the cases reach, as the summary says it: whole percent, rounded
    /// down (so 99.6% is never "100%"), and "<1%" for a little above none.
    pub fn share(&self) -> String {
        percent(self.end_states_covered, self.end_states)
    }
}

/// `part` of `whole` in whole percent, rounded down; "<1%" for a little above none.
pub fn percent(part: usize, whole: usize) -> String {
    match (part * 100).checked_div(whole) {
        None => "100%".into(),
        Some(0) if part > 0 => "<1%".into(),
        Some(p) => format!("{p}%"),
    }
}

/// Warnings (errors when `strict`) for ends no case reaches; one warning when there are no cases.
pub fn coverage_problems(tree: &Tree, strict: bool) -> Vec<Diagnostic> {
    let (shown, text) = tree.located();
    let src = Located { path: &shown, text };
    let at = |offset, msg: String| {
        if strict {
            src.error(offset, msg)
        } else {
            src.warning(offset, msg)
        }
    };
    if tree.cases.is_empty() {
        return vec![at(
            tree.start_offset,
            "this tree has no clinical cases: add `[[cases]]` with the answers given and the care level that must come out, so every build proves the logic".into(),
        )];
    }
    let (summed, missed) = coverage(tree);
    // The summary line and the sign-off pages show the same figures: work them out once.
    let _ = tree.coverage.set(summed);
    missed
        .into_iter()
        .map(|a| {
            at(
                a.to_offset,
                format!(
                    "no clinical case reaches this end (\"{}\"): add a `[[cases]]` entry that takes it",
                    a.label
                ),
            )
        })
        .collect()
}
