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
            Some((var, value)) => format!("({taken} and %{} = '{value}')", var_name(var)),
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
    }
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

/// FHIRPath: the item `link` in the response.
pub(super) fn item(link: &str) -> String {
    format!("%resource.repeat(item).where(linkId='{link}')")
}

/// FHIRPath: the answer `source` was given.
pub(super) fn answered(source: &Source) -> String {
    format!(
        "{}.answer.value.where(code='{}').exists()",
        item(&source.link),
        source.code
    )
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
                expr = format!("iif({taken}, '{}', {expr})", set.value);
            }
        }
    }
    expr
}

/// A checklist's FHIRPath, sign by sign: sign `k` is asked while the rules are open on the
/// signs before it, as the tree's pages ask it (see `tree::checklist`).
pub(super) struct Signs<'a> {
    /// The checklist node.
    pub(super) node: &'a Node,
    /// Its signs and rules.
    pub(super) list: &'a Checklist,
    /// FHIRPath: the node is reached.
    pub(super) reached: String,
}

impl Signs<'_> {
    /// `linkId` of sign `k`.
    pub(super) fn link(&self, k: usize) -> String {
        format!("{}:{}", self.node.id, self.list.signs[k].id)
    }

    /// The name of the variable that says sign `k` was answered yes.
    pub(super) fn yes_name(&self, k: usize) -> String {
        format!("yes{}", ident(&self.link(k)))
    }

    /// FHIRPath: sign `k` was answered yes (the variable's expression).
    pub(super) fn yes(&self, k: usize) -> String {
        format!(
            "{}.answer.where(value = true).exists()",
            item(&self.link(k))
        )
    }

    /// FHIRPath: how many signs of rule `r` before sign `k` were answered yes.
    fn count(&self, r: usize, k: usize) -> String {
        let yes: Vec<String> = self.list.rules[r]
            .of
            .iter()
            .filter(|s| **s < k)
            .map(|s| format!("iif(%{}, 1, 0)", self.yes_name(*s)))
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
    pub(super) fn ask(&self, k: usize) -> String {
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
        parts.extend((0..k).map(|j| self.answered_if_asked(j)));
        parts.push(format!("({})", open.join(" or ")));
        format!("({})", parts.join(" and "))
    }

    /// FHIRPath: sign `j` is not asked, or has its answer (read from the hidden item that says
    /// whether it is asked), so signs come one at a time, as on the tree's pages.
    fn answered_if_asked(&self, j: usize) -> String {
        let link = self.link(j);
        format!(
            "({}.answer.where(value = true).exists().not() or {}.answer.exists())",
            item(&format!("{link}:ask")),
            item(&link)
        )
    }

    /// FHIRPath: every sign asked has an answer, so the result is decided (read from the
    /// hidden items that say whether each sign is asked).
    fn done(&self) -> String {
        let parts: Vec<String> = (0..self.list.signs.len())
            .map(|k| self.answered_if_asked(k))
            .collect();
        format!("({} and {})", self.reached, parts.join(" and "))
    }

    /// FHIRPath: the result, once decided: the first rule met on every sign (a sign not asked
    /// counts as absent), else `otherwise`; a Coding taken from the result item's own options.
    pub(super) fn result(&self, codes: &Codes) -> String {
        let link = answer_link(self.node);
        let pick = |answer: &Answer| {
            format!(
                "%questionnaire.repeat(item).where(linkId='{link}').answerOption.valueCoding.where(code='{}')",
                codes.answer(self.node, answer)
            )
        };
        let n = self.list.signs.len();
        let mut expr = self
            .node
            .answers
            .get(self.list.rules.len())
            .map_or_else(|| "{}".to_string(), pick);
        for (r, answer) in self
            .node
            .answers
            .iter()
            .enumerate()
            .take(self.list.rules.len())
            .rev()
        {
            expr = format!("iif({}, {}, {expr})", self.met(r, n), pick(answer));
        }
        format!("iif({}, {expr}, {{}})", self.done())
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
