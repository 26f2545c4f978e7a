//! Red-flag rules, judged by what every path does rather than by how the file is laid out.
//!
//! - **The screen comes first.** A tree names its red-flag screen (`screen = "node"` at the
//!   top; without it, the start node is the screen). No path may record a finding, or end below
//!   urgent care, before it has left the screen by one of its answers.
//! - **A screen's warning answers lead to help.** On a node marked `red_flag`, every answer that
//!   reports a sign (it records a finding, names a page, or ends on the findings; on a
//!   checklist, every rule) must lead to emergency or urgent care on every path through it, and
//!   there must be at least one such answer.
//!
//! Both are checked on the graph of states ([`Graph`]); each message names one shortest path in
//! words and what the reader would be told.

use super::findings::{care_of, end_care, shown};
use crate::care::CareLevel;
use crate::diagnostics::{Diagnostic, Located};
use crate::site::Site;
use crate::tree::graph::{Graph, Next, quoted, words};
use crate::tree::state::Move;
use crate::tree::{Answer, Node, Target, Tree};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// Every red-flag problem of a tree whose structure is valid and acyclic.
pub(super) fn check(
    site: &Site,
    tree: &Tree,
    graph: &Graph<'_>,
    src: Located<'_>,
) -> Vec<Diagnostic> {
    let mut found: BTreeMap<usize, String> = BTreeMap::new();
    let (screen, screen_at, named) = &tree.screen;
    match tree.nodes.get(screen) {
        None => {
            found.insert(*screen_at, format!("`screen` names `{screen}`, but the tree has no node with that id: name the question that asks about emergency signs"));
        }
        Some(node) if !node.red_flag && *named => {
            found.insert(node.offset, format!("`{screen}` is the tree's red-flag screen (`screen`), so mark it `red_flag = true`"));
        }
        Some(node) if !node.red_flag => {
            found.insert(node.offset, format!("the first question `{screen}` is not a red-flag screen: every path must start by asking about emergency signs, so put that question first and mark it `red_flag = true` (or name the screen with `screen = \"…\"` at the top of the file)"));
            // With one red-flag node, say which paths come to something before it.
            let mut flagged = tree.nodes.values().filter(|n| n.red_flag);
            if let (Some(only), None) = (flagged.next(), flagged.next()) {
                screen_first(site, tree, graph, (&only.id, usize::MAX), &mut found);
            }
        }
        Some(node) => {
            let real = node.answers.iter().enumerate().any(|a| reports(node, a));
            // A screen that reports nothing screens nothing: show the first path that comes to
            // something without one.
            let (screen, limit) = if real {
                (node.id.as_str(), usize::MAX)
            } else {
                ("", 1)
            };
            screen_first(site, tree, graph, (screen, limit), &mut found);
        }
    }
    warning_answers(site, tree, graph, &mut found);
    found
        .into_iter()
        .map(|(at, msg)| src.error(at, msg))
        .collect()
}

/// No finding recorded and no end below urgent before the screen has been left by an answer.
fn screen_first(
    site: &Site,
    tree: &Tree,
    graph: &Graph<'_>,
    (screen, limit): (&str, usize),
    found: &mut BTreeMap<usize, String>,
) {
    let before = found.len();
    let passed = if screen.is_empty() {
        "without passing a red-flag screen (the tree has none that reports a warning sign)"
            .to_string()
    } else {
        format!("before the red-flag screen `{screen}` has been passed")
    };
    // Breadth first over the states reached without leaving the screen, with their own
    // parents, so each example is a shortest path that really skips the screen.
    let mut came: HashMap<usize, (usize, Move<'_>)> = HashMap::new();
    let mut queue = VecDeque::from([0]);
    let mut seen = vec![false; graph.states.len()];
    if let Some(first) = seen.first_mut() {
        *first = true;
    }
    while let Some(at) = queue.pop_front() {
        if found.len() - before >= limit {
            return;
        }
        let at_screen = graph.states[at].node == screen;
        for edge in &graph.edges[at] {
            if at_screen && edge.exit.is_some() {
                continue; // the screen answered: what follows is screened
            }
            let path = || {
                let mut moves = vec![edge.mv];
                let mut back = at;
                while let Some(&(prev, mv)) = came.get(&back) {
                    moves.push(mv);
                    back = prev;
                }
                moves.reverse();
                quoted(&words(tree, &moves))
            };
            if let (Some(page), Some(exit)) = (edge.recorded, edge.exit) {
                let care = care_words(site, care_of(site, page));
                let at = exit.record.as_ref().map_or(exit.to_offset, |(_, at)| *at);
                found.entry(at).or_insert_with(|| format!("the answers {} record `{}` ({care}) {passed}; ask about emergency signs first, so that nothing is recorded before the screen", path(), page.display()));
            }
            match edge.next {
                Next::End(end) => {
                    // An end without a care level is reported where it is written.
                    let care = end_care(site, &graph.ends[end]);
                    if care.is_some_and(|c| c > CareLevel::Urgent)
                        && let Some(exit) = edge.exit
                    {
                        let told = told(site, &graph.ends[end]);
                        found.entry(exit.to_offset).or_insert_with(|| format!("the answers {} end on {told} {passed}; ask about emergency signs first", path()));
                    }
                }
                Next::State(next) if !seen[next] => {
                    seen[next] = true;
                    came.insert(next, (at, edge.mv));
                    queue.push_back(next);
                }
                _ => {}
            }
        }
    }
}

/// On every red-flag node, the answers that report a sign lead to emergency or urgent care on
/// every path, and there is at least one of them.
fn warning_answers(
    site: &Site,
    tree: &Tree,
    graph: &Graph<'_>,
    found: &mut BTreeMap<usize, String>,
) {
    let worst = worst_care(site, graph);
    for node in tree.nodes.values().filter(|n| n.red_flag) {
        if !node.answers.iter().enumerate().any(|a| reports(node, a)) {
            found.entry(node.offset).or_insert_with(|| format!("`{}` is marked `red_flag = true`, but none of its answers reports a warning sign (records a finding or leads to a page): a red-flag screen needs an answer that sends the reader for emergency or urgent help; if this is not a screen, remove `red_flag`", node.id));
        }
    }
    for (at, state) in graph.states.iter().enumerate() {
        let Some(node) = tree.nodes.get(state.node).filter(|n| n.red_flag) else {
            continue;
        };
        for (e, edge) in graph.edges[at].iter().enumerate() {
            let Some(exit) = edge.exit else { continue };
            let index = node.answers.iter().position(|a| std::ptr::eq(a, exit));
            if !index.is_some_and(|i| reports(node, (i, exit))) {
                continue;
            }
            let too_low = |end: usize| {
                end_care(site, &graph.ends[end]).is_some_and(|c| c > CareLevel::Urgent)
            };
            let bad = match edge.next {
                Next::End(end) => too_low(end),
                Next::State(next) => worst[next].is_some_and(|c| c > CareLevel::Urgent),
                Next::Nowhere => false,
            };
            if !bad {
                continue;
            }
            let offset = exit.record.as_ref().map_or(exit.to_offset, |(_, at)| *at);
            if found.contains_key(&offset) {
                continue;
            }
            let Some((moves, end)) = graph.path_through((at, e), &too_low) else {
                continue;
            };
            let told = told(site, &graph.ends[end]);
            found.insert(offset, format!("\"{}\" reports a warning sign on the red-flag screen `{}`, but the answers {} end on {told}; an answer that reports warning signs must lead to emergency or urgent care on every path through it", exit.label, node.id, quoted(&words(tree, &moves))));
        }
    }
}

/// True when answer `i` of a red-flag node reports a sign: a checklist's rule (not
/// `otherwise`), or an answer that records a finding, names a page or ends the path.
fn reports(node: &Node, (i, answer): (usize, &Answer)) -> bool {
    match &node.checklist {
        Some(list) => i < list.rules.len(),
        None => {
            answer.record.is_some()
                || answer
                    .targets()
                    .iter()
                    .any(|t| matches!(t, Target::Page(_) | Target::Finish))
        }
    }
}

/// The least urgent care level of any end reachable from each state (ends without a care level
/// are reported elsewhere and left out; `None` when no end has one), by a depth-first walk of
/// the acyclic graph.
fn worst_care(site: &Site, graph: &Graph<'_>) -> Vec<Option<CareLevel>> {
    const UNSEEN: Option<Option<CareLevel>> = None;
    let mut memo = vec![UNSEEN; graph.states.len()];
    let ends: Vec<Option<CareLevel>> = graph.ends.iter().map(|e| end_care(site, e)).collect();
    for root in 0..graph.states.len() {
        let mut stack = vec![(root, false)];
        while let Some((at, done)) = stack.pop() {
            if memo[at].is_some() {
                continue;
            }
            if !done {
                stack.push((at, true));
                for edge in &graph.edges[at] {
                    if let Next::State(n) = edge.next
                        && memo[n].is_none()
                    {
                        stack.push((n, false));
                    }
                }
                continue;
            }
            let worst = (graph.edges[at].iter())
                .filter_map(|edge| match edge.next {
                    Next::End(end) => ends[end],
                    Next::State(n) => memo[n].flatten(),
                    Next::Nowhere => None,
                })
                .max();
            memo[at] = Some(worst);
        }
    }
    memo.into_iter().map(Option::flatten).collect()
}

/// What an end tells the reader: `"Title" (care)`, most urgent first.
fn told(site: &Site, end: &crate::tree::state::End<'_>) -> String {
    let pages = shown(site, end);
    match pages.first() {
        None => "no care level".into(),
        Some((_, care)) => format!(
            "{} ({})",
            pages
                .iter()
                .map(|(p, _)| format!("\"{}\"", p.front.title))
                .collect::<Vec<_>>()
                .join(" + "),
            site.config.care_label(*care)
        ),
    }
}

fn care_words(site: &Site, care: Option<CareLevel>) -> String {
    care.map_or_else(
        || "no care level".into(),
        |c| site.config.care_label(c).to_string(),
    )
}
