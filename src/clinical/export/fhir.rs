//! HL7 FHIR R4 (4.0.1) `Questionnaire` export, so health-IT systems can import the same logic.
//!
//! Mapping (documented in the guide, `docs/guide/content/checkers/fhir.md`):
//! - each question is a `choice` item (`linkId` = node id) whose `answerOption`s are
//!   `valueCoding`s in the system `urn:carepath:<slug>:answer`, code `<node id>:<answer number>`,
//!   display = the answer's label; help text is a nested `display` item;
//! - a question asked after another has `enableWhen` on the answer(s) that lead to it
//!   (`enableBehavior = any` when several do), so a form shows exactly the tree's order;
//!   items come in an order where every question follows the questions it depends on;
//! - every answer that ends a path adds a `display` item (`linkId` = `end:<node id>:<n>`) enabled
//!   by that answer, whose text is the end page's title and whose extension
//!   [`CARE_LEVEL_EXTENSION`] carries the care level as a `valueCoding` in [`CARE_LEVEL_SYSTEM`].

use super::step_numbers;
use crate::paths::normalise;
use crate::site::Site;
use crate::tree::{Node, Tree};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Extension URL on end items that carries the care level.
pub const CARE_LEVEL_EXTENSION: &str = "urn:carepath:extension:care-level";
/// Code system of care levels (`emergency`, `urgent`, `gp`, `pharmacy`, `self-care`).
pub const CARE_LEVEL_SYSTEM: &str = "urn:carepath:care-level";

/// The tree as a FHIR R4 Questionnaire resource, pretty-printed JSON.
pub fn questionnaire(site: &Site, tree: &Tree) -> String {
    let slug = tree.slug();
    let system = format!("urn:carepath:{slug}:answer");
    let parents = parents(tree);
    let mut items = Vec::new();
    for node in ordered(tree) {
        items.push(question_item(node, &system, parents.get(node.id.as_str())));
        for (i, answer) in node.answers.iter().enumerate() {
            for page in answer.records() {
                items.push(end_item(site, (node, i), ("finding", page), &system));
            }
            for page in answer.end_pages() {
                items.push(end_item(site, (node, i), ("end", page), &system));
            }
        }
    }
    let resource = json!({
        "resourceType": "Questionnaire",
        "id": fhir_id(&slug),
        "name": computable_name(&slug),
        "title": tree.title,
        "status": "active",
        "date": tree.reviewed.to_string(),
        "lastReviewDate": tree.reviewed.to_string(),
        "description": tree.summary,
        "item": items,
    });
    let mut text = serde_json::to_string_pretty(&resource).unwrap_or_default();
    text.push('\n');
    text
}

fn code(node: &Node, index: usize) -> String {
    format!("{}:{}", node.id, index + 1)
}

fn question_item(node: &Node, system: &str, parents: Option<&Vec<(&Node, usize)>>) -> Value {
    let options: Vec<Value> = node
        .answers
        .iter()
        .enumerate()
        .map(|(i, a)| json!({"valueCoding": {"system": system, "code": code(node, i), "display": a.label}}))
        .collect();
    let mut item = json!({
        "linkId": node.id,
        "text": node.question,
        "type": "choice",
        "required": true,
        "answerOption": options,
    });
    let mut help = node.help_source.trim().to_string();
    if let Some(list) = &node.checklist {
        // A form cannot count answers in `enableWhen`, so a checklist is one question whose
        // options are its rules; its signs are listed for the person filling it in.
        let signs: Vec<String> = list
            .signs
            .iter()
            .map(|s| format!("- {}", s.question))
            .collect();
        help = format!("{help}\n\nSigns:\n{}", signs.join("\n"))
            .trim()
            .to_string();
    }
    if !help.is_empty() {
        item["item"] = json!([{
            "linkId": format!("{}:help", node.id),
            "text": help,
            "type": "display",
        }]);
    }
    if let Some(parents) = parents {
        add_enable_when(&mut item, system, parents);
    }
    item
}

fn add_enable_when(item: &mut Value, system: &str, on: &[(&Node, usize)]) {
    let conditions: Vec<Value> = on
        .iter()
        .map(|(node, i)| {
            json!({
                "question": node.id,
                "operator": "=",
                "answerCoding": {"system": system, "code": code(node, *i)},
            })
        })
        .collect();
    if conditions.len() > 1 {
        item["enableBehavior"] = json!("any");
    }
    item["enableWhen"] = Value::Array(conditions);
}

fn end_item(
    site: &Site,
    (node, index): (&Node, usize),
    (kind, page): (&str, &std::path::Path),
    system: &str,
) -> Value {
    let end = normalise(page).and_then(|p| site.page(&p));
    let title = end.map_or_else(|| page.display().to_string(), |p| p.front.title.clone());
    let mut item = json!({
        "linkId": format!("{kind}:{}", code(node, index)),
        "text": title,
        "type": "display",
    });
    if let Some(care) = end.and_then(|p| p.front.care) {
        item["extension"] = json!([{
            "url": CARE_LEVEL_EXTENSION,
            "valueCoding": {"system": CARE_LEVEL_SYSTEM, "code": care.key(), "display": site.config.care_label(care)},
        }]);
    }
    add_enable_when(&mut item, system, &[(node, index)]);
    item
}

/// For each node, the answers (node, index) that lead to it.
fn parents(tree: &Tree) -> BTreeMap<&str, Vec<(&Node, usize)>> {
    let mut parents: BTreeMap<&str, Vec<(&Node, usize)>> = BTreeMap::new();
    for node in ordered(tree) {
        for (i, answer) in node.answers.iter().enumerate() {
            for next in answer.next_nodes() {
                parents.entry(next).or_default().push((node, i));
            }
        }
    }
    parents
}

/// Nodes reachable from the start, each after every node that leads to it (topological order;
/// ties broken by step number so the form reads like the printed steps).
fn ordered(tree: &Tree) -> Vec<&Node> {
    let numbers = step_numbers(tree);
    let mut incoming: BTreeMap<&str, usize> = numbers.keys().map(|id| (*id, 0)).collect();
    for id in numbers.keys() {
        for next in tree.nodes[*id].answers.iter().flat_map(|a| a.next_nodes()) {
            if let Some(n) = incoming.get_mut(next) {
                *n += 1;
            }
        }
    }
    let mut ready: BTreeSet<(usize, &str)> = incoming
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(id, _)| (numbers[id], *id))
        .collect();
    let mut out = Vec::new();
    while let Some(first) = ready.pop_first() {
        let node = &tree.nodes[first.1];
        out.push(node);
        for next in node.answers.iter().flat_map(|a| a.next_nodes()) {
            if let Some(n) = incoming.get_mut(next) {
                *n -= 1;
                if *n == 0 {
                    ready.insert((numbers[next], next));
                }
            }
        }
    }
    out
}

/// A FHIR `id`: letters, digits, `-` and `.`, at most 64 characters.
fn fhir_id(slug: &str) -> String {
    let id: String = slug
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    if id.is_empty() { "tree".into() } else { id }
}

/// A computable `name`: starts with a capital letter, then letters, digits and `_`.
fn computable_name(slug: &str) -> String {
    let mut name = String::new();
    for word in slug.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    match name.chars().next() {
        Some(c) if c.is_ascii_uppercase() => name,
        _ => format!("Tree{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_fhir_rules() {
        assert_eq!(
            computable_name("back-pain-after-sleeping"),
            "BackPainAfterSleeping"
        );
        assert_eq!(computable_name("2-step"), "Tree2Step");
        assert_eq!(fhir_id("back pain_x"), "back-pain-x");
    }
}
