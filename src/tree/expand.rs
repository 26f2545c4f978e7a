//! Expansion: a tree becomes one page per path to each question and each end, as a gamebook
//! does, because a static page cannot know how the reader reached it. Page names are the answer
//! numbers taken (`index.html` for the start, `2-1.html` after answers 2 then 1).

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
    numbers: &mut Vec<usize>,
    trail: &mut Vec<Step<'t>>,
    pages: &mut Vec<TreePage<'t>>,
) {
    let here = pages.len();
    pages.push(TreePage {
        file: file_name(numbers, pages.len()),
        visit: Visit::Question(node),
        trail: trail.clone(),
        answer_pages: Vec::new(),
    });
    let mut answer_pages = Vec::with_capacity(node.answers.len());
    for (i, answer) in node.answers.iter().enumerate() {
        numbers.push(i + 1);
        trail.push(Step {
            node,
            answer,
            page: here,
        });
        answer_pages.push(pages.len());
        match &answer.target {
            Target::Node(id) => match tree.nodes.get(id) {
                Some(next) => visit(tree, next, numbers, trail, pages),
                None => push_end(numbers, trail, answer, pages),
            },
            Target::Page(_) => push_end(numbers, trail, answer, pages),
        }
        trail.pop();
        numbers.pop();
    }
    pages[here].answer_pages = answer_pages;
}

/// Pushes the end page of a path.
fn push_end<'t>(
    numbers: &[usize],
    trail: &[Step<'t>],
    answer: &'t Answer,
    pages: &mut Vec<TreePage<'t>>,
) {
    pages.push(TreePage {
        file: file_name(numbers, pages.len()),
        visit: Visit::End(answer),
        trail: trail.to_vec(),
        answer_pages: Vec::new(),
    });
}

/// Longest page name made of answer numbers; deeper paths are named by page number instead, as
/// most file systems cap a name at 255 bytes.
const MAX_NAME: usize = 120;

fn file_name(numbers: &[usize], index: usize) -> String {
    if numbers.is_empty() {
        return "index.html".into();
    }
    let parts: Vec<String> = numbers.iter().map(usize::to_string).collect();
    let name = parts.join("-");
    if name.len() > MAX_NAME {
        format!("p{index}.html")
    } else {
        format!("{name}.html")
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
