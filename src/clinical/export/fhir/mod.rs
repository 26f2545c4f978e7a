//! HL7 FHIR R4 (4.0.1) `Questionnaire` export with the SDC extensions a forms client runs
//! (`variable`, `calculatedExpression`, `itemControl`, `rendering-markdown`), so a health-IT
//! system asks the tree's questions in the tree's order and ends on the same care level and
//! findings, with the outcome in the `QuestionnaireResponse` as data.
//!
//! - identity ([`identity`]): `url` from `base_url` and the tree's path, `version` from the
//!   tree's `version` or a hash of the export, `status`, dates from the review dates, and
//!   `publisher`, `jurisdiction`, `copyright` from `[fhir]` in `site.toml`;
//! - codes come from ids, never from positions: an answer's code is `<node>:<answer id>` (the
//!   slug of its label when it has no `id`, with a warning), a sign's item is `<node>:<sign id>`,
//!   a checklist's rule is named by what it counts;
//! - the logic ([`logic`]), the items of each node ([`items`]) and the outcome ([`outcome`]);
//! - what cannot be said faithfully is refused with its position ([`refusals`]);
//! - the few words the export adds itself are in [`words`].

mod identity;
mod items;
mod logic;
mod outcome;
mod refusals;
mod words;

use crate::diagnostics::Diagnostic;
use crate::site::Site;
use crate::tree::checklist::{Checklist, Rule, Sign};
use crate::tree::{Answer, Node, Tree};
use serde_json::{Value, json};

/// SDC `variable` extension.
const VARIABLE: &str = "http://hl7.org/fhir/StructureDefinition/variable";
/// SDC `calculatedExpression` extension.
const CALCULATED: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";

/// The export, and what the reader should know about it (keys not set, derived codes).
#[derive(Debug)]
pub struct Export {
    /// The Questionnaire, pretty-printed JSON.
    pub text: String,
    /// Warnings: keys to set, codes derived from labels.
    pub warnings: Vec<Diagnostic>,
}

/// The code systems of one export and how codes are made.
struct Codes {
    /// Answers and checklist results of this tree.
    answers: String,
    /// Values of this tree's variables.
    variables: String,
    /// Care levels (the site's).
    care: String,
    /// Findings and end pages (the site's).
    pages: String,
}

/// The rule a checklist's exit stands for (`None` for `otherwise`), or `Err` for a question.
fn rule_of<'n>(node: &'n Node, answer: &Answer) -> Result<(&'n Checklist, Option<&'n Rule>), ()> {
    let list = node.checklist.as_ref().ok_or(())?;
    let index = node.answers.iter().position(|a| std::ptr::eq(a, answer));
    Ok((list, index.and_then(|i| list.rules.get(i))))
}

impl Codes {
    /// The code of an answer: `<node>:<answer id>`; a checklist's rule is named by what it
    /// counts (`2-of-4`, `1-of-fast-cough`), so neither depends on a position.
    fn answer(&self, node: &Node, answer: &Answer) -> String {
        let id = match rule_of(node, answer) {
            Err(()) => answer.key.clone(),
            Ok((_, None)) => "otherwise".into(),
            Ok((list, Some(rule))) if rule.of.len() == list.signs.len() => {
                format!("{}-of-{}", rule.at_least, list.signs.len())
            }
            Ok((list, Some(rule))) => {
                let ids: Vec<&str> = signs(list, rule).map(|s| s.id.as_str()).collect();
                format!("{}-of-{}", rule.at_least, ids.join("-"))
            }
        };
        format!("{}:{id}", node.id)
    }

    /// A checklist's rule in words: "At least 2 of the 4 signs", "At least 1 of: <questions>".
    fn exit_words(&self, node: &Node, answer: &Answer) -> String {
        match rule_of(node, answer) {
            Err(()) | Ok((_, None)) => answer.label.clone(),
            Ok((list, Some(rule))) if rule.of.len() == list.signs.len() => {
                words::at_least_of_all(rule.at_least, list.signs.len())
            }
            Ok((list, Some(rule))) => {
                let questions: Vec<&str> = signs(list, rule).map(|s| s.question.as_str()).collect();
                words::at_least_of(rule.at_least, &questions)
            }
        }
    }

    /// A plain `enableWhen` condition: the answer `source` was given.
    fn condition(&self, source: &logic::Source) -> Value {
        json!({
            "question": source.link,
            "operator": "=",
            "answerCoding": {"system": self.answers, "code": source.code},
        })
    }
}

/// The signs a rule counts.
fn signs<'l>(list: &'l Checklist, rule: &'l Rule) -> impl Iterator<Item = &'l Sign> {
    rule.of.iter().filter_map(|s| list.signs.get(*s))
}

/// An SDC `calculatedExpression` extension.
fn calculated(expression: &str) -> Value {
    json!({"url": CALCULATED, "valueExpression": {"language": "text/fhirpath", "expression": expression}})
}

/// An SDC `variable` extension (Questionnaire level).
fn variable(name: &str, expression: &str) -> Value {
    json!({
        "url": VARIABLE,
        "valueExpression": {"name": name, "language": "text/fhirpath", "expression": expression},
    })
}

/// The tree as a FHIR R4 Questionnaire, or the constructs it cannot export faithfully.
pub fn questionnaire(site: &Site, tree: &Tree) -> Result<Export, Vec<Diagnostic>> {
    let nodes = logic::ordered(tree);
    let names = identity::Names::of(site, tree);
    let codes = names.codes();
    let refused = refusals::all(tree, &nodes);
    if !refused.is_empty() {
        return Err(refused);
    }
    let mut variables: Vec<Value> = tree
        .variables
        .iter()
        .map(|var| {
            variable(
                &logic::var_name(&var.name),
                &logic::var_value(&codes, &nodes, &var.name),
            )
        })
        .collect();
    let (more, mut items) = items::all(tree, &codes, &nodes);
    variables.extend(more);
    let (more, outcome) = outcome::outcome(site, &codes, &nodes);
    variables.extend(more);
    items.extend(outcome);
    let resource = identity::resource(site, tree, &names, variables, items);
    let mut text = serde_json::to_string_pretty(&resource).unwrap_or_default();
    text.push('\n');
    Ok(Export {
        text,
        warnings: identity::warnings(site, tree),
    })
}
