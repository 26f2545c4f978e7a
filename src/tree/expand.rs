//! Expansion: a tree becomes one page per path to each question and each end, as a gamebook
//! does, because a static page cannot know how the reader reached it. Page names come from the
//! answers given, not their positions (see [`super::names`]). Each page keeps only the last
//! answer on its way; the rest of its trail is shared with the question page it came from
//! ([`trail`]), so the expansion takes memory in proportion to its pages, not to pages times
//! path length.

use super::names::page_name;
use super::{Answer, Node, Target, Tree};
use std::collections::BTreeMap;

/// One answer already given on the way to a page.
#[derive(Debug, Clone, Copy)]
pub struct Step<'t> {
    /// The question that was asked.
    pub node: &'t Node,
    /// The answer given.
    pub answer: &'t Answer,
    /// Index of that question's page in the expansion (where the answer can be changed).
    pub page: usize,
}

/// What a page of the expansion shows.
#[derive(Debug, Clone, Copy)]
pub enum Visit<'t> {
    /// A question.
    Question(&'t Node),
    /// The end of a path: the answer that led there.
    End(&'t Answer),
}

/// One page of the expansion.
#[derive(Debug, Clone)]
pub struct TreePage<'t> {
    /// File name inside the tree's folder.
    pub file: String,
    /// What the page shows.
    pub visit: Visit<'t>,
    /// The last answer given on the way here (none on the first page); the earlier ones are
    /// the trail of the page it links back to (see [`trail`]).
    pub from: Option<Step<'t>>,
    /// Index of each answer's page, for questions (same order as the node's answers).
    pub answer_pages: Vec<usize>,
}

/// Expands a validated (acyclic, fully linked) tree; pages come in depth-first order, the
/// start first.
pub fn expand(tree: &Tree) -> Vec<TreePage<'_>> {
    let mut pages = Vec::new();
    if let Some(start) = tree.nodes.get(&tree.start) {
        visit(tree, start, None, &mut Vec::new(), &mut pages);
    }
    pages
}

/// The answers given on the way to page `index`, first to last, followed back through the
/// pages each answer was given on.
pub fn trail<'t>(pages: &[TreePage<'t>], index: usize) -> Vec<Step<'t>> {
    let mut steps = Vec::new();
    let mut here = index;
    // A step always points back to an earlier page; the check keeps this finite regardless.
    while let Some(step) = pages.get(here).and_then(|p| p.from) {
        steps.push(step);
        if step.page >= here {
            break;
        }
        here = step.page;
    }
    steps.reverse();
    steps
}

fn visit<'t>(
    tree: &'t Tree,
    node: &'t Node,
    from: Option<Step<'t>>,
    keys: &mut Vec<String>,
    pages: &mut Vec<TreePage<'t>>,
) {
    let here = pages.len();
    pages.push(TreePage {
        file: page_name(keys, &node.id),
        visit: Visit::Question(node),
        from,
        answer_pages: Vec::new(),
    });
    let mut answer_pages = Vec::with_capacity(node.answers.len());
    for answer in &node.answers {
        keys.push(answer.key.clone());
        let step = Some(Step {
            node,
            answer,
            page: here,
        });
        answer_pages.push(pages.len());
        match &answer.target {
            Target::Node(id) => match tree.nodes.get(id) {
                Some(next) => visit(tree, next, step, keys, pages),
                None => push_end(keys, step, answer, pages),
            },
            Target::Page(_) => push_end(keys, step, answer, pages),
        }
        keys.pop();
    }
    pages[here].answer_pages = answer_pages;
}

/// Pushes the end page of a path.
fn push_end<'t>(
    keys: &[String],
    from: Option<Step<'t>>,
    answer: &'t Answer,
    pages: &mut Vec<TreePage<'t>>,
) {
    pages.push(TreePage {
        file: page_name(keys, &end_name(answer)),
        visit: Visit::End(answer),
        from,
        answer_pages: Vec::new(),
    });
}

/// What an end page is named after: the stem of the page it shows (`self-care`).
fn end_name(answer: &Answer) -> String {
    match &answer.target {
        Target::Page(path) => path
            .file_stem()
            .map_or_else(|| "end".to_string(), |s| s.to_string_lossy().into_owned()),
        Target::Node(id) => id.clone(),
    }
}

/// Pages the tree expands to (questions and ends, one per path), without building them;
/// saturates instead of overflowing, so a huge tree is caught cheaply.
pub fn count_pages(tree: &Tree) -> usize {
    fn pages(tree: &Tree, id: &str, memo: &mut BTreeMap<String, usize>) -> usize {
        if let Some(n) = memo.get(id) {
            return *n;
        }
        let mut total: usize = 1;
        for answer in tree.nodes.get(id).map_or(&[][..], |n| &n.answers[..]) {
            let below = match &answer.target {
                Target::Node(next) => pages(tree, next, memo),
                Target::Page(_) => 1,
            };
            total = total.saturating_add(below);
        }
        memo.insert(id.to_string(), total);
        total
    }
    pages(tree, &tree.start, &mut BTreeMap::new())
}

/// The ids of the questions on the longest path from the start (most questions asked), in
/// order; the first such path in answer order when several are as long.
pub fn longest_path(tree: &Tree) -> Vec<&str> {
    fn depth<'t>(tree: &'t Tree, id: &'t str, memo: &mut BTreeMap<&'t str, usize>) -> usize {
        if let Some(n) = memo.get(id) {
            return *n;
        }
        let below = tree.nodes.get(id).map_or(0, |node| {
            node.answers
                .iter()
                .filter_map(|a| match &a.target {
                    Target::Node(next) if tree.nodes.contains_key(next) => {
                        Some(depth(tree, next, memo))
                    }
                    _ => None,
                })
                .max()
                .unwrap_or(0)
        });
        memo.insert(id, below + 1);
        below + 1
    }
    let mut memo = BTreeMap::new();
    let mut path = Vec::new();
    let mut at = Some(tree.start.as_str()).filter(|id| tree.nodes.contains_key(*id));
    while let Some(id) = at {
        let left = depth(tree, id, &mut memo);
        path.push(id);
        at = tree.nodes[id].answers.iter().find_map(|a| match &a.target {
            Target::Node(next) if tree.nodes.contains_key(next) => {
                Some(next.as_str()).filter(|n| depth(tree, n, &mut memo) + 1 == left)
            }
            _ => None,
        });
    }
    path
}

/// How many times each question is written (once per path that reaches it); saturates.
pub fn copies(tree: &Tree) -> BTreeMap<&str, usize> {
    // Paths into a node: the sum over the answers that lead to it of the paths into the node
    // asking; a node's count is final once every node leading to it has been counted.
    let mut into: BTreeMap<&str, usize> = BTreeMap::new();
    let mut waiting: BTreeMap<&str, usize> = BTreeMap::new();
    for node in tree.nodes.values() {
        for a in &node.answers {
            if let Target::Node(next) = &a.target {
                *waiting.entry(next.as_str()).or_default() += 1;
            }
        }
    }
    let mut ready = vec![tree.start.as_str()];
    into.insert(tree.start.as_str(), 1);
    while let Some(id) = ready.pop() {
        let here = into.get(id).copied().unwrap_or(0);
        for a in tree.nodes.get(id).map_or(&[][..], |n| &n.answers[..]) {
            if let Target::Node(next) = &a.target {
                let count = into.entry(next.as_str()).or_default();
                *count = count.saturating_add(here);
                let left = waiting.entry(next.as_str()).or_default();
                *left = left.saturating_sub(1);
                if *left == 0 {
                    ready.push(next.as_str());
                }
            }
        }
    }
    into
}
