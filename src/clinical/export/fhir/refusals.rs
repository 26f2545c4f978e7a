//! What the export refuses, with the construct's position and why, rather than print a form
//! that looks right and behaves differently. Every other construct of a tree is exported and
//! walked on every path (`tests/fhir/check.mjs`, `browser/tests/lhc-forms.test.js`); the guide's
//! FHIR page lists them all.
//!
//! - a variable set again on a path where it was already set: a response holds one value per
//!   variable, so a choice made between the two `set`s would read the later one;
//!
//! Two answers of one question with the same code (labels whose slugs agree in their first 40
//! characters, with no `id`) never reach the export: the tree's own check refuses them, as
//! their pages would share a name.
//! - two nodes, two signs, two variables or two pages whose FHIRPath names agree (`high-fever`
//!   and `high_fever` both give `HighFever`): one variable would stand for both.

use super::logic::ident;
use crate::diagnostics::{Diagnostic, Located};
use crate::tree::{Node, Target, Tree};
use std::collections::{BTreeMap, BTreeSet};

/// Every refusal of the tree, in file order.
pub(super) fn all(tree: &Tree, nodes: &[&Node]) -> Vec<Diagnostic> {
    let (path, text) = tree.located();
    let src = Located { path: &path, text };
    let mut out = variables_set_twice(&src, nodes);
    out.extend(same_names(&src, tree, nodes));
    out.sort_by_key(|d| (d.line, d.col));
    out
}

/// Things whose FHIRPath names agree: `(name, position, what)` by kind, the second refused.
fn same_names(src: &Located<'_>, tree: &Tree, nodes: &[&Node]) -> Vec<Diagnostic> {
    let mut kinds: [Vec<(String, usize, String)>; 4] = Default::default();
    for var in &tree.variables {
        kinds[0].push((
            ident(&var.name),
            var.offset,
            format!("variable `{}`", var.name),
        ));
    }
    for node in nodes {
        kinds[1].push((ident(&node.id), node.offset, format!("node `{}`", node.id)));
        for sign in node.checklist.iter().flat_map(|l| &l.signs) {
            let link = format!("{}:{}", node.id, sign.id);
            kinds[2].push((ident(&link), sign.offset, format!("sign `{link}`")));
        }
        for answer in &node.answers {
            let records = answer
                .record
                .iter()
                .flat_map(|(r, at)| r.all().into_iter().map(move |p| (p, *at)));
            let ends = answer.to.all().into_iter().filter_map(|t| match t {
                Target::Page(p) => Some((p, answer.to_offset)),
                _ => None,
            });
            for (page, at) in records.chain(ends) {
                let code = page.with_extension("").display().to_string();
                kinds[3].push((ident(&code), at, format!("page `{}`", page.display())));
            }
        }
    }
    let mut out = Vec::new();
    for kind in kinds {
        let mut first: BTreeMap<&str, &str> = BTreeMap::new();
        for (name, at, what) in &kind {
            match first.get(name.as_str()) {
                Some(other) if other != what => out.push(src.error(*at, format!(
                    "cannot export to FHIR: the {what} and the {other} have the same FHIRPath name `{name}`, so one variable would stand for both; rename one"
                ))),
                Some(_) => {}
                None => {
                    first.insert(name, what);
                }
            }
        }
    }
    out
}

/// A variable set again on a path where it was already set.
fn variables_set_twice(src: &Located<'_>, nodes: &[&Node]) -> Vec<Diagnostic> {
    let below = descendants(nodes);
    let mut setters: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for node in nodes {
        for answer in &node.answers {
            for set in &answer.set {
                setters
                    .entry(set.var.as_str())
                    .or_default()
                    .push((node.id.as_str(), set.var_offset));
            }
        }
    }
    let mut out = Vec::new();
    for (var, sets) in &setters {
        for (later, at) in sets {
            let earlier = sets
                .iter()
                .find(|(first, _)| below.get(first).is_some_and(|b| b.contains(later)));
            if let Some((first, _)) = earlier {
                out.push(src.error(*at, format!(
                    "cannot export to FHIR: `{var}` is set here, in `{later}`, after `{first}` set it on the same path; a QuestionnaireResponse holds one value per variable, so a choice made between the two would read the wrong one. Set `{var}` once on each path, or use two variables"
                )));
            }
        }
    }
    out
}

/// For each node, every node below it.
fn descendants<'t>(nodes: &[&'t Node]) -> BTreeMap<&'t str, BTreeSet<&'t str>> {
    let mut below: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for node in nodes.iter().rev() {
        let mut set = BTreeSet::new();
        for next in node.answers.iter().flat_map(|a| a.next_nodes()) {
            set.insert(next);
            if let Some(more) = below.get(next) {
                set.extend(more.iter().copied());
            }
        }
        below.insert(node.id.as_str(), set);
    }
    below
}
