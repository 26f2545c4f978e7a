//! The entries of a page's "Your answers" trail: an answer, a checklist sign, or a finished part
//! of the protocol with what the reader gave in it (the signs present, or the answer that
//! recorded its finding), and how a finished part is summed up when it closes.

use super::super::{Answer, Node};
use std::path::PathBuf;

/// One entry of a page's "Your answers".
#[derive(Debug, Clone)]
pub enum Given<'t> {
    /// An answer to a question.
    Answer(&'t Node, &'t Answer),
    /// A checklist sign: present or not.
    Sign(&'t Node, usize, bool),
    /// A finished part of the protocol: the node that closed it, the finding it recorded and
    /// what the reader gave at that node.
    Part(&'t Node, Option<&'t PathBuf>, Closed<'t>),
}

/// What the reader gave at the node that closed a part.
#[derive(Debug, Clone)]
pub enum Closed<'t> {
    /// A checklist: the indices of the signs answered yes, in the order asked.
    Signs(Vec<usize>),
    /// A question whose answer recorded the finding.
    Answer(&'t Answer),
    /// A checklist whose signs are not listed: the tree would need more pages than its budget
    /// to list them on every later page (see [`super::expand_within`]).
    Unlisted,
}

impl<'t> Given<'t> {
    /// The question as the trail shows it (a checklist part: the checklist's title).
    pub fn question(&self) -> &'t str {
        match *self {
            Given::Answer(node, _) | Given::Part(node, ..) => &node.question,
            Given::Sign(node, sign, _) => node
                .checklist
                .as_ref()
                .and_then(|c| c.signs.get(sign))
                .map_or("", |s| s.question.as_str()),
        }
    }

    /// The answer's words (none for a part: see [`Given::closed_words`]).
    pub fn label(&self) -> Option<&'t str> {
        match *self {
            Given::Answer(_, answer) => Some(&answer.label),
            Given::Sign(node, sign, yes) => node.checklist.as_ref().map(|c| c.label(sign, yes)),
            Given::Part(..) => None,
        }
    }

    /// The node it belongs to.
    pub fn node(&self) -> &'t Node {
        match *self {
            Given::Answer(node, _) | Given::Sign(node, _, _) | Given::Part(node, ..) => node,
        }
    }

    /// For a finished part, what the reader gave at its last node, in words: "signs: my child
    /// breathes fast; the skin pulls in", "no signs present", or the answer's label.
    pub fn closed_words(&self) -> Option<String> {
        let Given::Part(node, _, closed) = self else {
            return None;
        };
        Some(match closed {
            Closed::Unlisted => return None,
            Closed::Answer(answer) => answer.label.clone(),
            Closed::Signs(signs) if signs.is_empty() => NO_SIGNS.to_string(),
            Closed::Signs(signs) => {
                let words: Vec<&str> = signs.iter().map(|s| sign_words(node, *s)).collect();
                format!("signs: {}", words.join("; "))
            }
        })
    }
}

/// A finished checklist where no sign was present, as the trail shows it.
pub const NO_SIGNS: &str = "no signs present";

/// A sign present, in short words: its `yes` label without the leading "Yes" ("Yes, the skin
/// pulls in" → "the skin pulls in"); the whole label when it does not start so.
pub fn sign_words(node: &Node, sign: usize) -> &str {
    let yes = node
        .checklist
        .as_ref()
        .and_then(|c| c.signs.get(sign))
        .map_or("", |s| s.yes.trim());
    let rest = yes
        .get(..3)
        .filter(|head| head.eq_ignore_ascii_case("yes"))
        .map(|_| yes[3..].trim_start_matches([',', ':', ';', '.', ' ', '-', '—']));
    match rest {
        Some(rest) if !rest.is_empty() => rest,
        _ => yes,
    }
}

/// One entry of the trail, with the page where it can be changed.
#[derive(Debug, Clone)]
pub struct Step<'t> {
    /// What was given.
    pub given: Given<'t>,
    /// Index of the page where it was asked on this path (a checklist: its first sign's page).
    pub page: usize,
}

/// The trail entries a finished part leaves, first to last, from its steps as given: every
/// answer to a question stays as it was given (each with its own page); the node that closed
/// the part becomes one entry with the finding it recorded and what the reader gave there (a
/// checklist's signs present unless `list_signs` is false, asked from its first sign's page on
/// this path).
pub(super) fn sum_up<'t>(
    part: Vec<Step<'t>>,
    (node, finding, part_page): (&'t Node, Option<&'t PathBuf>, usize),
    list_signs: bool,
) -> Vec<Step<'t>> {
    let mut out = Vec::with_capacity(part.len());
    let mut signs = Vec::new();
    let mut first_sign = None;
    let mut closing_answer = None;
    let last = part.len().saturating_sub(1);
    for (i, step) in part.into_iter().enumerate() {
        match step.given {
            Given::Sign(n, sign, yes) if std::ptr::eq(n, node) => {
                first_sign.get_or_insert(step.page);
                if yes {
                    signs.push(sign);
                }
            }
            Given::Answer(n, a)
                if i == last && std::ptr::eq(n, node) && node.checklist.is_none() =>
            {
                closing_answer = Some((a, step.page));
            }
            _ => out.push(step),
        }
    }
    let (closed, page) = match closing_answer {
        Some((answer, page)) => (Closed::Answer(answer), page),
        None if list_signs => (Closed::Signs(signs), first_sign.unwrap_or(part_page)),
        None => (Closed::Unlisted, first_sign.unwrap_or(part_page)),
    };
    out.push(Step {
        given: Given::Part(node, finding, closed),
        page,
    });
    out
}
