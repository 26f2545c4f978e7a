//! Reads a page body's HTML (as rendered and judged by the policy) into a small tree of
//! elements and text, the input of [`super::doc`]. Character references are decoded by the
//! tokenizer, so the tree holds the characters a reader sees.

use html5gum::{Token, Tokenizer};
use std::collections::BTreeMap;

/// One node of the body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// An element with its attributes and children.
    Element(Element),
    /// Text, decoded.
    Text(String),
}

/// An element of the body.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Element {
    /// Lower-case tag name.
    pub(crate) name: String,
    /// Attributes by lower-case name.
    pub(crate) attrs: BTreeMap<String, String>,
    /// Children in order.
    pub(crate) children: Vec<Node>,
}

impl Element {
    /// The value of attribute `name`, if present.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
}

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose start closes an open `<p>` (as a browser does).
const CLOSES_P: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "table",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "figure",
    "details",
    "section",
    "aside",
    "dl",
];

/// Parses `html` into its top-level nodes. Never fails: unmatched end tags are ignored and
/// elements left open are closed at the end.
pub(crate) fn parse(html: &str) -> Vec<Node> {
    let mut stack: Vec<Element> = vec![Element::default()];
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name.0).to_ascii_lowercase();
                if CLOSES_P.contains(&name.as_str()) {
                    close_open(&mut stack, "p", &["li", "td", "th", "blockquote", "div"]);
                }
                if name == "li" {
                    close_open(&mut stack, "li", &["ul", "ol"]);
                }
                let attrs = (tag.attributes.iter())
                    .map(|(k, v)| {
                        let key = String::from_utf8_lossy(&k.0).to_ascii_lowercase();
                        (key, String::from_utf8_lossy(&v.value.0).into_owned())
                    })
                    .collect();
                let element = Element {
                    name,
                    attrs,
                    children: Vec::new(),
                };
                if VOID.contains(&element.name.as_str()) || tag.self_closing {
                    push(&mut stack, Node::Element(element));
                } else {
                    stack.push(element);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name.0).to_ascii_lowercase();
                if let Some(at) = stack.iter().skip(1).rposition(|e| e.name == name) {
                    while stack.len() > at + 1 {
                        pop(&mut stack);
                    }
                }
            }
            Token::String(text) => {
                let text = String::from_utf8_lossy(&text.value.0).into_owned();
                match stack.last_mut().and_then(|e| e.children.last_mut()) {
                    Some(Node::Text(before)) => before.push_str(&text),
                    _ => push(&mut stack, Node::Text(text)),
                }
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    while stack.len() > 1 {
        pop(&mut stack);
    }
    stack.pop().map(|root| root.children).unwrap_or_default()
}

/// Closes the innermost open `name`, unless one of `walls` is open inside it.
fn close_open(stack: &mut Vec<Element>, name: &str, walls: &[&str]) {
    for at in (1..stack.len()).rev() {
        if stack[at].name == name {
            while stack.len() > at {
                pop(stack);
            }
            return;
        }
        if walls.contains(&stack[at].name.as_str()) {
            return;
        }
    }
}

fn push(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn pop(stack: &mut Vec<Element>) {
    if stack.len() > 1
        && let Some(done) = stack.pop()
    {
        push(stack, Node::Element(done));
    }
}

/// The text of `nodes`, as a reader sees it (tags dropped).
pub(crate) fn text_of(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => out.push_str(&text_of(&e.children)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(nodes: &[Node]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| match n {
                Node::Element(e) => format!("{}[{}]", e.name, names(&e.children).join(",")),
                Node::Text(t) => format!("{t:?}"),
            })
            .collect()
    }

    #[test]
    fn builds_a_tree_and_decodes_references() {
        let nodes = parse("<h2 id=\"a\">A &amp; B</h2><p>x <em>y</em><br>z</p>");
        assert_eq!(
            names(&nodes),
            ["h2[\"A & B\"]", "p[\"x \",em[\"y\"],br[],\"z\"]"]
        );
    }

    #[test]
    fn closes_what_a_browser_closes() {
        let nodes = parse("<ul><li>a<li>b</ul><p>c<p>d</b>");
        assert_eq!(
            names(&nodes),
            ["ul[li[\"a\"],li[\"b\"]]", "p[\"c\"]", "p[\"d\"]"]
        );
    }
}
