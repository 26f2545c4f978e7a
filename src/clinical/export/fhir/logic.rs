//! The tree's logic as the FHIR export states it: which answer of which item leads where (under
//! which value of a variable), and the FHIRPath expressions (SDC `variable`,
//! `calculatedExpression`) for what `enableWhen` cannot say: a variable's value, a node reached
//! by an answer under a variable, a checklist's signs asked while its result is open and the
//! rule that decides, the findings recorded and the care level of the end.
//!
//! Every expression reads only the `QuestionnaireResponse` (`%resource`), in which a form keeps
//! only the answers of items it shows, so an answer to a question that a later change hid no
//! longer counts.

use super::Codes;
use crate::tree::checklist::Checklist;
use crate::tree::{Answer, Choice, Node, Target, Tree};

/// Where an answer (or a checklist's exit) is read in a response: the item and the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Source {
    /// `linkId` of the item whose answer it is (a question, or a checklist's result).
    pub(super) link: String,
    /// The answer's code.
    pub(super) code: String,
    /// For a checklist's exit: the variable that holds the code of its result, read instead
    /// of the calculated item so that one pass of a form's calculations settles it.
    pub(super) result: Option<String>,
}

/// One way an answer leads on: the answer, and the value a variable must have for it.
#[derive(Debug, Clone)]
pub(super) struct Edge<'t> {
    /// The answer taken.
    pub(super) from: Source,
    /// `(variable, value)` when the target is chosen by a variable.
    pub(super) when: Option<(&'t str, &'t str)>,
}

impl Edge<'_> {
    /// The edge as a FHIRPath condition.
    pub(super) fn expr(&self) -> String {
        let taken = answered(&self.from);
        match self.when {
            None => taken,
            Some((var, value)) => format!("({taken} and %{} = {})", var_name(var), quote(value)),
        }
    }
}

/// The item whose answer an answer of `node` is: the question, or the checklist's result.
pub(super) fn answer_link(node: &Node) -> String {
    if node.checklist.is_some() {
        format!("{}:result", node.id)
    } else {
        node.id.clone()
    }
}

/// The answer `answer` of `node` as a [`Source`].
pub(super) fn source(codes: &Codes, node: &Node, answer: &Answer) -> Source {
    Source {
        link: answer_link(node),
        code: codes.answer(node, answer),
        result: node.checklist.as_ref().map(|_| result_name(node)),
    }
}

/// The name of the variable that holds the code of a checklist's result.
pub(super) fn result_name(node: &Node) -> String {
    format!("result{}", ident(&node.id))
}

/// Each alternative of a choice with the `(variable, value)` that picks it.
pub(super) fn alternatives<T>(choice: &Choice<T>) -> Vec<(Option<(&str, &str)>, &T)> {
    match choice {
        Choice::One(t) => vec![(None, t)],
        Choice::By { var, options, .. } => options
            .iter()
            .map(|(value, _, t)| (Some((var.as_str(), value.as_str())), t))
            .collect(),
    }
}

/// The answers that lead to `id`.
pub(super) fn incoming<'t>(codes: &Codes, nodes: &[&'t Node], id: &str) -> Vec<Edge<'t>> {
    let mut edges = Vec::new();
    for node in nodes {
        for answer in &node.answers {
            for (when, target) in alternatives(&answer.to) {
                if *target == Target::Node(id.to_string()) {
                    edges.push(Edge {
                        from: source(codes, node, answer),
                        when,
                    });
                }
            }
        }
    }
    edges
}

/// FHIRPath: the item `link` in the response. Every item the logic reads is at the top level
/// of the form, so `item` is enough: `repeat(item)` would walk the whole response for each read,
/// on every pass of a form's calculations.
pub(super) fn item(link: &str) -> String {
    format!("%resource.item.where(linkId={})", quote(link))
}

/// FHIRPath: the answer `source` was given (a checklist's exit: its result variable holds the
/// code; `in` is false, never empty, while the result is undecided).
pub(super) fn answered(source: &Source) -> String {
    match &source.result {
        Some(var) => format!("({} in %{var})", quote(&source.code)),
        None => format!(
            "{}.answer.value.where(code={}).exists()",
            item(&source.link),
            quote(&source.code)
        ),
    }
}

/// A FHIRPath string literal: `text` in single quotes, with `\\` and `'` escaped, so no id,
/// code or value can end the string early.
pub(super) fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// FHIRPath for a calculated `choice` item: the Coding of its own options with code `code`
/// (an expression), read from `%qitem`, the item's own definition (SDC).
pub(super) fn own_option(code: &str) -> String {
    format!("%qitem.answerOption.valueCoding.where(code = {code})")
}

/// FHIRPath: one of `edges` was taken (`true` for the start node).
pub(super) fn any_of(edges: &[Edge<'_>]) -> String {
    if edges.is_empty() {
        return "true".into();
    }
    let parts: Vec<String> = edges.iter().map(Edge::expr).collect();
    format!("({})", parts.join(" or "))
}

/// The name of a tree variable in FHIRPath (`%varBand`), apart from the export's own names.
pub(super) fn var_name(var: &str) -> String {
    format!("var{}", ident(var))
}

/// Letters and digits only, each word capitalised (`findings/high-fever` → `FindingsHighFever`):
/// a FHIR `id` and a FHIRPath name at once.
pub(super) fn ident(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// FHIRPath: the value of variable `var`, from the last answer on the path that sets it (the
/// nodes come in form order, so the last one present is the latest on the path).
pub(super) fn var_value(codes: &Codes, nodes: &[&Node], var: &str) -> String {
    let mut expr = "{}".to_string();
    for node in nodes {
        for answer in &node.answers {
            for set in answer.set.iter().filter(|s| s.var == var) {
                let taken = answered(&source(codes, node, answer));
                expr = format!("iif({taken}, {}, {expr})", quote(&set.value));
            }
        }
    }
    expr
}

/// A checklist's FHIRPath, sign by sign: sign `k` is asked while the rules are open on the
/// signs before it, as the tree's pages ask it (see `tree::checklist`). Each step is a
/// Questionnaire-level variable that reads only answers and the variables before it, so a form
/// works the whole checklist out in one pass of its calculations.
pub(super) struct Signs<'a> {
    /// The checklist node.
    pub(super) node: &'a Node,
    /// Its signs and rules.
    pub(super) list: &'a Checklist,
    /// FHIRPath: the node is reached.
    pub(super) reached: String,
}

/// Above this many signs, "asked whatever the answers before it" is not worked out: each
/// such sign gets a calculated item.
const ALWAYS_ASKED_UP_TO: usize = 12;

impl Signs<'_> {
    /// `linkId` of sign `k`.
    pub(super) fn link(&self, k: usize) -> String {
        format!("{}:{}", self.node.id, self.list.signs[k].id)
    }

    fn name(&self, what: &str, k: usize) -> String {
        format!("{what}{}", ident(&self.link(k)))
    }

    /// The name of the variable that says sign `k` is asked.
    pub(super) fn ask_name(&self, k: usize) -> String {
        self.name("ask", k)
    }

    /// The checklist's variables `(name, FHIRPath)`, in the order a form works them out:
    /// whether each sign is asked, then the code of the result. (Each variable costs a form a
    /// comparison on every pass of its calculations, so what is read once is written inline.)
    pub(super) fn variables(&self, codes: &Codes) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = (0..self.list.signs.len())
            .map(|k| (self.ask_name(k), self.ask(k)))
            .collect();
        out.push((result_name(self.node), self.result(codes)));
        out
    }

    /// FHIRPath: sign `k` was asked and answered yes.
    fn yes(&self, k: usize) -> String {
        format!(
            "(%{} and {}.answer.where(value = true).exists())",
            self.ask_name(k),
            item(&self.link(k))
        )
    }

    /// FHIRPath: every sign before `k` that is asked has its answer.
    fn done(&self, k: usize) -> Option<String> {
        let parts: Vec<String> = (0..k)
            .map(|j| {
                format!(
                    "(%{}.not() or {}.answer.exists())",
                    self.ask_name(j),
                    item(&self.link(j))
                )
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(" and "))
    }

    /// FHIRPath: how many signs of rule `r` before sign `k` were answered yes.
    fn count(&self, r: usize, k: usize) -> String {
        let yes: Vec<String> = self.list.rules[r]
            .of
            .iter()
            .filter(|s| **s < k)
            .map(|s| format!("iif({}, 1, 0)", self.yes(*s)))
            .collect();
        if yes.is_empty() {
            return "0".into();
        }
        format!("({})", yes.join(" + "))
    }

    /// FHIRPath: rule `r` is met on the signs before `k`.
    fn met(&self, r: usize, k: usize) -> String {
        format!("({} >= {})", self.count(r, k), self.list.rules[r].at_least)
    }

    /// FHIRPath: sign `k` is asked: the node is reached, every sign asked before it has its
    /// answer, and some rule that counts it is still open (not met, and not out of reach with
    /// the signs left) with no rule before it met.
    fn ask(&self, k: usize) -> String {
        let mut open = Vec::new();
        for (r, rule) in self.list.rules.iter().enumerate() {
            if !rule.of.contains(&k) {
                continue;
            }
            let left = rule.of.iter().filter(|s| **s >= k).count();
            let count = self.count(r, k);
            let mut parts = vec![
                format!("({count} < {})", rule.at_least),
                format!("({count} + {left} >= {})", rule.at_least),
            ];
            parts.extend((0..r).map(|before| format!("{}.not()", self.met(before, k))));
            open.push(format!("({})", parts.join(" and ")));
        }
        if open.is_empty() {
            return "false".into();
        }
        let mut parts = vec![self.reached.clone()];
        parts.extend(self.done(k));
        // Left out where some rule is open whatever the signs before say.
        if !(k < ALWAYS_ASKED_UP_TO && (0u32..1 << k).all(|yes| self.open(k, yes))) {
            parts.push(format!("({})", open.join(" or ")));
        }
        format!("({})", parts.join(" and "))
    }

    /// Whether sign `k`, and every sign before it, is asked as soon as the signs before it
    /// have their answers, whatever those answers are: then plain `enableWhen` says when it is
    /// asked (the node reached, or the sign before it answered), with no calculated item.
    pub(super) fn always_asked(&self, k: usize) -> bool {
        k < ALWAYS_ASKED_UP_TO && (0..=k).all(|j| (0u32..1 << j).all(|yes| self.open(j, yes)))
    }

    /// Whether a rule that counts sign `k` is open when the signs before it are answered yes
    /// as the bits of `yes` say.
    fn open(&self, k: usize, yes: u32) -> bool {
        let rules = &self.list.rules;
        let count = |r: usize| {
            rules[r]
                .of
                .iter()
                .filter(|s| **s < k && yes >> **s & 1 == 1)
                .count()
        };
        rules.iter().enumerate().any(|(r, rule)| {
            let left = rule.of.iter().filter(|s| **s >= k).count();
            rule.of.contains(&k)
                && count(r) < rule.at_least
                && count(r) + left >= rule.at_least
                && (0..r).all(|before| count(before) < rules[before].at_least)
        })
    }

    /// FHIRPath: the code of the result, once decided: the first rule met on every sign (a
    /// sign not asked counts as absent), else `otherwise`; empty while signs are still asked.
    fn result(&self, codes: &Codes) -> String {
        let n = self.list.signs.len();
        let code = |answer: &Answer| quote(&codes.answer(self.node, answer));
        let mut expr = self
            .node
            .answers
            .get(self.list.rules.len())
            .map_or_else(|| "{}".to_string(), code);
        for (r, answer) in self
            .node
            .answers
            .iter()
            .enumerate()
            .take(self.list.rules.len())
            .rev()
        {
            expr = format!("iif({}, {}, {expr})", self.met(r, n), code(answer));
        }
        let mut when = vec![self.reached.clone()];
        when.extend(self.done(n));
        format!("iif({}, {expr}, {{}})", when.join(" and "))
    }
}

/// Nodes reachable from the start, each after every node that leads to it (topological order;
/// ties broken by step number so the form reads like the printed steps).
pub(super) fn ordered(tree: &Tree) -> Vec<&Node> {
    let numbers = super::super::step_numbers(tree);
    let mut incoming: std::collections::BTreeMap<&str, usize> =
        numbers.keys().map(|id| (*id, 0)).collect();
    for id in numbers.keys() {
        for next in tree.nodes[*id].answers.iter().flat_map(|a| a.next_nodes()) {
            if let Some(n) = incoming.get_mut(next) {
                *n += 1;
            }
        }
    }
    let mut ready: std::collections::BTreeSet<(usize, &str)> = incoming
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
