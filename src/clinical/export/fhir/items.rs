//! The items of a node: a question (`choice`, radio buttons) or a checklist (one `boolean` item
//! per sign, in its own words, asked while the result is open, and the rule that decides as a
//! read-only calculated `choice`), with their help text and `line`, and the hidden items that
//! hold what `enableWhen` cannot say (a node reached under a variable, a sign still asked, a
//! variable's value).

use super::Codes;
use super::logic::{self, Signs};
use crate::tree::{Choice, Node, Tree};
use serde_json::{Value, json};

const HIDDEN: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden";
const ITEM_CONTROL: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
const MARKDOWN: &str = "http://hl7.org/fhir/StructureDefinition/rendering-markdown";
const XHTML: &str = "http://hl7.org/fhir/StructureDefinition/rendering-xhtml";

/// A hidden, read-only boolean item whose value is `expression`.
pub(super) fn hidden_boolean(link: &str, expression: &str) -> Value {
    json!({
        "linkId": link,
        "type": "boolean",
        "readOnly": true,
        "extension": [hidden(), super::calculated(expression)],
    })
}

fn hidden() -> Value {
    json!({"url": HIDDEN, "valueBoolean": true})
}

/// An SDC `itemControl` extension (`radio-button`: a read-only choice shown as radio buttons
/// also keeps LHC-Forms from re-running every calculation when its value changes).
pub(super) fn control(code: &str) -> Value {
    json!({"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [{
        "system": "http://hl7.org/fhir/questionnaire-item-control", "code": code}]}})
}

/// `enableWhen` on a hidden boolean item being true.
fn when_true(link: &str) -> Value {
    json!([{"question": link, "operator": "=", "answerBoolean": true}])
}

/// The items of every node, in form order, after the hidden items of the variables; and the
/// Questionnaire-level variables they read (a checklist reached, its signs and its result),
/// in the order a form works them out.
pub(super) fn all(tree: &Tree, codes: &Codes, nodes: &[&Node]) -> (Vec<Value>, Vec<Value>) {
    let mut vars = Vec::new();
    let mut items: Vec<Value> = tree
        .variables
        .iter()
        .map(|var| variable_item(codes, &var.name, &var.values))
        .collect();
    for node in nodes {
        let edges = logic::incoming(codes, nodes, &node.id);
        let mut reached = logic::any_of(&edges);
        if node.checklist.is_some() {
            let name = format!("reached{}", logic::ident(&node.id));
            vars.push(super::variable(&name, &reached));
            reached = format!("%{name}");
        }
        // Plain `enableWhen` says "one of these answers"; a node reached only under a variable
        // gets a hidden item that works it out.
        let enable = if edges.iter().any(|e| e.when.is_some()) {
            let link = format!("{}:reached", node.id);
            items.push(hidden_boolean(&link, &reached));
            Some(when_true(&link))
        } else if edges.is_empty() {
            None
        } else {
            let conditions: Vec<Value> = edges.iter().map(|e| codes.condition(&e.from)).collect();
            Some(Value::Array(conditions))
        };
        match &node.checklist {
            None => items.push(question(codes, node, enable)),
            Some(list) => {
                let signs = Signs {
                    node,
                    list,
                    reached,
                };
                for (name, expression) in signs.variables(codes) {
                    vars.push(super::variable(&name, &expression));
                }
                items.extend(checklist(codes, node, &signs, enable));
            }
        }
    }
    (vars, items)
}

fn with_enable(mut item: Value, enable: Option<&Value>) -> Value {
    if let Some(conditions) = enable {
        if conditions.as_array().is_some_and(|c| c.len() > 1) {
            item["enableBehavior"] = json!("any");
        }
        item["enableWhen"] = conditions.clone();
    }
    item
}

fn question(codes: &Codes, node: &Node, enable: Option<Value>) -> Value {
    let options: Vec<Value> = node
        .answers
        .iter()
        .map(|a| json!({"valueCoding": {"system": codes.answers, "code": codes.answer(node, a), "display": a.label}}))
        .collect();
    let mut item = json!({
        "linkId": node.id,
        "text": node.question,
        "type": "choice",
        "required": true,
        "answerOption": options,
        "extension": [control("radio-button")],
    });
    let children = texts(codes, node, None);
    if !children.is_empty() {
        item["item"] = Value::Array(children);
    }
    with_enable(item, enable.as_ref())
}

/// A node's help text (Markdown, with the rendered HTML as XHTML, so a list shows as a list)
/// and its `line` (one item per value of the variable that chooses it).
fn texts(codes: &Codes, node: &Node, enable: Option<&Value>) -> Vec<Value> {
    let mut out = Vec::new();
    let help = node.help_source.trim();
    if !help.is_empty() {
        let xhtml = format!(
            "<div xmlns=\"http://www.w3.org/1999/xhtml\">{}</div>",
            node.help.trim()
        );
        let item = json!({
            "linkId": format!("{}:help", node.id),
            "text": help,
            "_text": {"extension": [
                {"url": MARKDOWN, "valueMarkdown": help},
                {"url": XHTML, "valueString": xhtml},
            ]},
            "type": "display",
        });
        out.push(with_enable(item, enable));
    }
    match &node.line {
        None => {}
        Some(Choice::One(text)) => {
            let item =
                json!({"linkId": format!("{}:line", node.id), "text": text, "type": "display"});
            out.push(with_enable(item, enable));
        }
        Some(Choice::By { var, options, .. }) => {
            for (value, _, text) in options {
                let mut conditions = vec![json!({
                    "question": format!("var:{var}"),
                    "operator": "=",
                    "answerCoding": {"system": codes.variables, "code": format!("{var}:{value}")},
                })];
                if let Some(Value::Array(more)) = enable {
                    conditions.extend(more.iter().cloned());
                }
                let mut item = json!({
                    "linkId": format!("{}:line:{value}", node.id),
                    "text": text,
                    "type": "display",
                    "enableWhen": conditions,
                });
                if conditions_len(&item) > 1 {
                    item["enableBehavior"] = json!("all");
                }
                out.push(item);
            }
        }
    }
    out
}

fn conditions_len(item: &Value) -> usize {
    item["enableWhen"].as_array().map_or(0, Vec::len)
}

/// A checklist: its title, help and line, each sign as a yes/no question asked while the
/// result is open, and the result.
fn checklist(codes: &Codes, node: &Node, signs: &Signs<'_>, enable: Option<Value>) -> Vec<Value> {
    let title = json!({"linkId": node.id, "text": node.question, "type": "display"});
    let mut items = vec![with_enable(title, enable.as_ref())];
    items.extend(texts(codes, node, enable.as_ref()));
    for (k, sign) in signs.list.signs.iter().enumerate() {
        let link = signs.link(k);
        let mut item = json!({
            "linkId": link,
            "text": sign.question,
            "type": "boolean",
            "required": true,
        });
        // A sign asked whenever the signs before it have their answers needs no calculation:
        // the first is asked when the node is, the next once the one before it is answered.
        if signs.always_asked(k) {
            item = match k {
                0 => with_enable(item, enable.as_ref()),
                _ => {
                    let before = signs.link(k - 1);
                    let answered = json!([
                        {"question": before, "operator": "=", "answerBoolean": true},
                        {"question": before, "operator": "=", "answerBoolean": false},
                    ]);
                    with_enable(item, Some(&answered))
                }
            };
        } else {
            let ask = format!("{link}:ask");
            items.push(hidden_boolean(&ask, &format!("%{}", signs.ask_name(k))));
            item["enableWhen"] = when_true(&ask);
        }
        items.push(item);
    }
    items.push(result(codes, node, signs, enable));
    items
}

/// The checklist's result: the rule that decides, worked out from the signs.
fn result(codes: &Codes, node: &Node, signs: &Signs<'_>, enable: Option<Value>) -> Value {
    let options: Vec<Value> = node
        .answers
        .iter()
        .map(|a| json!({"valueCoding": {"system": codes.answers, "code": codes.answer(node, a), "display": codes.exit_words(node, a)}}))
        .collect();
    let order = json!({
        "linkId": format!("{}:rules", node.id),
        "text": super::super::rule_order(signs.list),
        "type": "display",
    });
    let item = json!({
        "linkId": logic::answer_link(node),
        "text": node.question,
        "type": "choice",
        "readOnly": true,
        "answerOption": options,
        "extension": [
            control("radio-button"),
            super::calculated(&logic::own_option(&format!("%{}", logic::result_name(node)))),
        ],
        "item": [order],
    });
    with_enable(item, enable.as_ref())
}

/// A variable's value as a hidden item, so that a `line` can be shown by plain `enableWhen`
/// and the response records it.
fn variable_item(codes: &Codes, name: &str, values: &[(String, usize)]) -> Value {
    let link = format!("var:{name}");
    let options: Vec<Value> = values
        .iter()
        .map(|(v, _)| json!({"valueCoding": {"system": codes.variables, "code": format!("{name}:{v}"), "display": v}}))
        .collect();
    let prefix = logic::quote(&format!("{name}:"));
    let expression = logic::own_option(&format!("{prefix} + %{}", logic::var_name(name)));
    json!({
        "linkId": link,
        "text": name,
        "type": "choice",
        "readOnly": true,
        "answerOption": options,
        "extension": [hidden(), super::calculated(&expression)],
    })
}
