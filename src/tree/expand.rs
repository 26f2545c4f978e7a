//! Expansion: a tree becomes one page per path to each question and each end, as a gamebook
//! does, because a static page cannot know how the reader reached it. Page names come from the
//! answers given, not their positions (see [`super::names`]).

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
    /// Answers given so far, first to last.
    pub trail: Vec<Step<'t>>,
    /// Index of each answer's page, for questions (same order as the node's answers).
    pub answer_pages: Vec<usize>,
}

/// Expands a validated (acyclic, fully linked) tree; pages come in depth-first order, the
/// start first.
pub fn expand(tree: &Tree) -> Vec<TreePage<'_>> {
    let mut pages = Vec::new();
    if let Some(start) = tree.nodes.get(&tree.start) {
        visit(tree, start, &mut Vec::new(), &mut Vec::new(), &mut pages);
    }
    pages
}

fn visit<'t>(
    tree: &'t Tree,
    node: &'t Node,
    keys: &mut Vec<String>,
    trail: &mut Vec<Step<'t>>,
    pages: &mut Vec<TreePage<'t>>,
) {
    let here = pages.len();
    pages.push(TreePage {
        file: page_name(keys, &node.id),
        visit: Visit::Question(node),
        trail: trail.clone(),
        answer_pages: Vec::new(),
    });
    let mut answer_pages = Vec::with_capacity(node.answers.len());
    for answer in &node.answers {
        keys.push(answer.key.clone());
        trail.push(Step {
            node,
            answer,
            page: here,
        });
        answer_pages.push(pages.len());
        match &answer.target {
            Target::Node(id) => match tree.nodes.get(id) {
                Some(next) => visit(tree, next, keys, trail, pages),
                None => push_end(keys, trail, answer, pages),
            },
            Target::Page(_) => push_end(keys, trail, answer, pages),
        }
        trail.pop();
        keys.pop();
    }
    pages[here].answer_pages = answer_pages;
}

/// Pushes the end page of a path.
fn push_end<'t>(
    keys: &[String],
    trail: &[Step<'t>],
    answer: &'t Answer,
    pages: &mut Vec<TreePage<'t>>,
) {
    pages.push(TreePage {
        file: page_name(keys, &end_name(answer)),
        visit: Visit::End(answer),
        trail: trail.to_vec(),
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
