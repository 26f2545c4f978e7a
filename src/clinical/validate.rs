//! Tree validation, run at build and by `carepath check`: targets exist, every node is reachable
//! and has two or more distinct, self-explanatory answers, there are no cycles, every path ends on
//! a page with a care level, the red-flag rules hold on every path (`screen`), checklist rules
//! put the more urgent first (`order`), no path asks more questions than `max_path_questions`,
//! and the tree expands to no more pages than the budget. Findings, checklists and variables add
//! their own checks (`findings`, `checklist`, `vars`). All problems are reported, each
//! positioned.

use super::{cases, findings, order, screen, unreached};
use crate::care::CareLevel;
use crate::diagnostics::{Diagnostic, Located};
use crate::paths::normalise;
use crate::site::{PageKind, Site};
use crate::tree::graph::Graph;
use crate::tree::names::bare_label;
use crate::tree::{
    Answer, Node, Target, Tree, cases as tree_cases, checklist, expand, names, vars,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Validates every tree and runs its clinical cases (ends no case reaches are warnings, errors
/// when `strict`), then warns about cause articles nothing leads to.
pub fn all(site: &Site, strict: bool) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for tree in &site.trees {
        let problems = one(site, tree);
        if problems.is_empty() {
            diags.extend(cases(site, tree));
            diags.extend(tree_cases::coverage_problems(tree, strict));
            diags.extend(super::cases::urgent_coverage(site, tree));
        }
        diags.extend(problems);
    }
    diags.extend(unreached::causes(site));
    diags
}

/// Labels that mean nothing read alone (WCAG 2.4.4, link purpose).
/// Validates one tree's structure (its clinical cases run separately, see [`cases`]).
pub fn one(site: &Site, tree: &Tree) -> Vec<Diagnostic> {
    let (shown, text) = tree.located();
    let src = Located { path: &shown, text };
    let mut diags = Vec::new();
    if !tree.nodes.contains_key(&tree.start) {
        diags.push(src.error(
            tree.start_offset,
            format!("start node `{}` does not exist", tree.start),
        ));
        return diags;
    }
    diags.extend(vars::check(tree, src));
    for node in tree.nodes.values() {
        if let Some(list) = &node.checklist {
            checklist::check(src, node, list, &mut diags);
        }
        if node.question.trim().is_empty() {
            diags.push(src.error(
                node.offset,
                format!("node `{}` has an empty question", node.id),
            ));
        }
        check_answers(site, tree, src, node, &mut diags);
    }
    for id in unreachable(tree) {
        let node = &tree.nodes[id];
        diags.push(src.error(
            node.offset,
            format!(
                "node `{id}` cannot be reached from the start node `{}`",
                tree.start
            ),
        ));
    }
    let cycles = cycles(src, tree);
    let acyclic = cycles.is_empty();
    diags.extend(cycles);
    diags.extend(order::check(site, tree, src));
    // Paths can be followed once every target exists and nothing loops.
    let followable = acyclic && diags.is_empty();
    if let Some(d) = missing_emergency_page(site, src) {
        diags.push(d);
    }
    if followable {
        let graph = Graph::of(tree);
        diags.extend(findings::check_paths(site, tree, &graph, src));
        diags.extend(screen::check(site, tree, &graph, src));
    }
    if acyclic && diags.is_empty() {
        diags.extend(size(site, src, tree));
    }
    diags
}

/// The tree's size against the site's limits: the longest path first (a long path makes every
/// page on it heavy), then the pages it expands to. Each message names the real choices.
fn size(site: &Site, src: Located<'_>, tree: &Tree) -> Option<Diagnostic> {
    let longest = expand::longest_path(tree);
    let limit = site.config.max_path_questions;
    if longest.len() > limit {
        return Some(src.error(
            tree.start_offset,
            format!(
                "the longest path asks {} questions, more than the limit of {limit} (`max_path_questions` in content/site.toml): {}. Every page lists the answers given so far, so each question on a path adds to every page after it. Shorten the path (end it on an outcome once the answer is clear), split the tree into separate checks, or raise the limit",
                longest.len(),
                path_names(&longest)
            ),
        ));
    }
    let budget = site.config.tree_page_budget;
    if !tree.is_plain() {
        // Pages that are the same are written once, so only the expansion itself can count.
        let what = format!("`{}`: counting pages", src.path.display());
        let mut progress = crate::progress::Progress::new(what, None);
        let expansion = expand::expand_watched(tree, budget, &mut |n| progress.tick(n));
        return expansion.over.then(|| src.error(tree.start_offset, format!(
            "this tree expands to more than {budget} pages, the budget (`tree_page_budget` in content/site.toml). A page is written once for each distinct trail and state a reader can be in. Choices: end parts of the protocol by recording a finding (their answers then fold into one line), ask fewer signs, split the tree into separate checks, or raise `tree_page_budget`"
        )));
    }
    let pages = expand::count_pages(tree);
    if pages <= budget {
        return None;
    }
    let copies = expand::copies(tree);
    let most = copies
        .iter()
        .max_by_key(|(_, n)| **n)
        .filter(|(_, n)| **n > 1);
    let hint = most.map_or(String::new(), |(id, n)| {
        format!(" `{id}` alone is written {n} times.")
    });
    Some(src.error(
        tree.start_offset,
        format!(
            "this tree expands to {pages} pages, more than the budget of {budget} (`tree_page_budget` in content/site.toml). A question reached by several paths is written once per path, so that each page can list the answers given.{hint} Choices: share fewer nodes between branches (end a branch on an outcome once its answer is known), split the tree into separate checks, or raise `tree_page_budget` if {pages} pages are acceptable"
        ),
    ))
}

/// `a` → `b` → `c`, shortened in the middle when long.
fn path_names(ids: &[&str]) -> String {
    let quoted = |ids: &[&str]| {
        ids.iter()
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(" → ")
    };
    if ids.len() <= 8 {
        return quoted(ids);
    }
    let (head, tail) = (&ids[..4], &ids[ids.len() - 3..]);
    format!(
        "{} → … {} more … → {}",
        quoted(head),
        ids.len() - 7,
        quoted(tail)
    )
}

fn check_answers(
    site: &Site,
    tree: &Tree,
    src: Located<'_>,
    node: &Node,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(list) = &node.checklist {
        // A checklist's exits are its rules, labelled by the build: only where they lead is
        // the author's.
        for answer in &node.answers {
            check_target(site, tree, src, answer, diags);
            check_causes(site, src, answer, diags);
            findings::check_record(site, src, answer, diags);
        }
        let _ = list;
        return;
    }
    if node.answers.len() < 2 {
        let n = node.answers.len();
        diags.push(src.error(
            node.answers_offset,
            format!(
                "question `{}` has only {n} answer{}; it needs at least two",
                node.id,
                if n == 1 { "" } else { "s" }
            ),
        ));
    }
    let mut seen = BTreeSet::new();
    let mut keys = BTreeSet::new();
    for answer in &node.answers {
        let label = answer.label.trim().to_lowercase();
        if let Some(msg) = bare_label(&answer.label) {
            diags.push(src.error(answer.label_offset, msg));
        }
        let new_label = seen.insert(label);
        // Two answers with one label already have an error; their keys say nothing new.
        check_key(src, node, answer, new_label.then_some(&mut keys), diags);
        if !new_label {
            diags.push(src.error(
                answer.label_offset,
                format!(
                    "question `{}` has two answers labelled `{}`",
                    node.id, answer.label
                ),
            ));
        }
        check_target(site, tree, src, answer, diags);
        check_causes(site, src, answer, diags);
        findings::check_record(site, src, answer, diags);
    }
}

/// An answer's key names its pages: an `id` must be usable in a URL, and no two answers of one
/// question may share a key.
fn check_key<'n>(
    src: Located<'_>,
    node: &Node,
    answer: &'n Answer,
    keys: Option<&mut BTreeSet<&'n str>>,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(at) = answer.id_offset
        && !names::valid_id(&answer.key)
    {
        let msg = format!(
            "answer id `{}` must be lower-case letters, digits and hyphens, such as `no-signs`: it is part of the page's address",
            answer.key
        );
        diags.push(src.error(at, msg));
    } else if answer.key.is_empty() {
        let msg = format!(
            "answer `{}` has no letters or digits to name its page by: give it an `id`, such as `id = \"none\"`",
            answer.label
        );
        diags.push(src.error(answer.label_offset, msg));
    } else if keys.is_some_and(|k| !k.insert(&answer.key)) {
        let at = answer.id_offset.unwrap_or(answer.label_offset);
        let msg = format!(
            "two answers of question `{}` would name their pages `{}`: give one of them another `id`",
            node.id, answer.key
        );
        diags.push(src.error(at, msg));
    }
}

fn check_target(
    site: &Site,
    tree: &Tree,
    src: Located<'_>,
    answer: &Answer,
    diags: &mut Vec<Diagnostic>,
) {
    let unknown = |name: &str| {
        format!("unknown target `{name}`: no node with that id and no page `content/{name}`")
    };
    for target in answer.targets() {
        match target {
            Target::Node(id) if !tree.nodes.contains_key(id) => diags.push(src.error(answer.to_offset, unknown(id))),
            Target::Node(_) | Target::Finish => {}
            Target::Page(path) if has_errors_already(site, path) => {}
            Target::Page(path) => match page_care(site, path) {
                None => diags.push(src.error(answer.to_offset, unknown(&path.display().to_string()))),
                Some(None) => diags.push(src.error(
                    answer.to_offset,
                    format!("`content/{}` has no `care` level, so this path would end without saying where to get help", path.display()),
                )),
                Some(Some(_)) => {}
            }}
    }
}

fn check_causes(site: &Site, src: Located<'_>, answer: &Answer, diags: &mut Vec<Diagnostic>) {
    for (cause, offset) in &answer.causes {
        let shown = cause.display();
        match normalise(cause)
            .and_then(|p| site.page(&p))
            .map(|pg| pg.kind)
        {
            Some(PageKind::Cause) => {}
            None if has_errors_already(site, cause) => {}
            Some(_) => diags.push(src.error(
                *offset,
                format!("`{shown}` is not a cause article (those live in content/causes/)"),
            )),
            None => diags.push(src.error(
                *offset,
                format!("unknown cause `{shown}`: no page `content/{shown}`"),
            )),
        }
    }
}

/// Runs the clinical cases of a structurally valid tree. They need every page the tree ends
/// on; a page that failed to load is reported already, so the cases wait for it.
pub fn cases(site: &Site, tree: &Tree) -> Vec<Diagnostic> {
    // A case through a page that failed to load would fail for that reason alone: the page's
    // own problems are reported, so the cases wait until it loads.
    let ends_loaded = tree.nodes.values().flat_map(|n| &n.answers).all(|a| {
        !a.end_pages().any(|p| has_errors_already(site, p))
            && !a.records().iter().any(|p| has_errors_already(site, p))
            && !a.causes.iter().any(|(c, _)| has_errors_already(site, c))
    });
    if ends_loaded {
        let translations = (site.tree_translations.iter()).filter(|t| t.source == tree.source);
        let mut out = cases::run(site, tree);
        for translated in translations {
            out.extend(cases::run_translated(site, translated, tree));
        }
        out
    } else {
        Vec::new()
    }
}

/// True when `path` names a page that exists but could not be loaded: its own problems are
/// already reported, so naming it here is not a second problem.
fn has_errors_already(site: &Site, path: &Path) -> bool {
    normalise(path).is_some_and(|p| site.unparsed.contains(&p))
}

/// `None` if the page does not exist, else its care level (if any).
fn page_care(site: &Site, path: &Path) -> Option<Option<CareLevel>> {
    normalise(path)
        .and_then(|p| site.page(&p))
        .map(|p| p.front.care)
}

/// Node ids not reachable from the start, in id order.
fn unreachable(tree: &Tree) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![tree.start.as_str()];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for answer in tree.nodes.get(id).map_or(&[][..], |n| &n.answers[..]) {
            stack.extend(answer.next_nodes());
        }
    }
    tree.nodes
        .keys()
        .map(String::as_str)
        .filter(|id| !seen.contains(id))
        .collect()
}

/// Every answer that closes a cycle, with the loop spelled out.
fn cycles(src: Located<'_>, tree: &Tree) -> Vec<Diagnostic> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit<'t>(
        tree: &'t Tree,
        id: &'t str,
        marks: &mut BTreeMap<&'t str, Mark>,
        stack: &mut Vec<&'t str>,
        out: &mut Vec<(usize, String)>,
    ) {
        marks.insert(id, Mark::Open);
        stack.push(id);
        for answer in tree.nodes.get(id).map_or(&[][..], |n| &n.answers[..]) {
            for next in answer.next_nodes() {
                match marks.get(next) {
                    Some(Mark::Open) => {
                        let from = stack.iter().position(|s| *s == next).unwrap_or(0);
                        let mut lp: Vec<&str> = stack[from..].to_vec();
                        lp.push(next);
                        out.push((answer.to_offset, lp.join(" → ")));
                    }
                    Some(Mark::Done) => {}
                    None if tree.nodes.contains_key(next) => visit(tree, next, marks, stack, out),
                    None => {}
                }
            }
        }
        stack.pop();
        marks.insert(id, Mark::Done);
    }
    let mut marks = BTreeMap::new();
    let mut found = Vec::new();
    for id in std::iter::once(tree.start.as_str()).chain(tree.nodes.keys().map(String::as_str)) {
        if !marks.contains_key(id) && tree.nodes.contains_key(id) {
            visit(tree, id, &mut marks, &mut Vec::new(), &mut found);
        }
    }
    found
        .into_iter()
        .map(|(at, lp)| {
            src.error(
                at,
                format!("this answer makes a loop: {lp}; a reader could go round for ever"),
            )
        })
        .collect()
}

/// A site with a symptom checker must have a page that says what to do in an emergency.
fn missing_emergency_page(site: &Site, src: Located<'_>) -> Option<Diagnostic> {
    // An outcome page that failed to load may be the emergency page: its problems come first.
    let unloaded_outcome = site.unparsed.iter().any(|p| p.starts_with("outcomes"));
    (site.outcome(CareLevel::Emergency).is_none() && !unloaded_outcome).then(|| {
        src.error(0, "this checker's site has no emergency page: add `content/outcomes/emergency.md` with `care = \"emergency\"`, the page every red-flag screen and the banner on every page lead to")
    })
}
