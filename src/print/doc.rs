//! The leaflet as data: the rendered body (see [`super::html`]) turned into blocks and inline
//! runs that the fixed Typst template reads with `json(..)`. Every piece of text stays a string
//! value, so nothing an author writes is ever parsed as Typst.

use super::html::{Element, Node, text_of};
use serde::Serialize;

/// Deepest nesting of blocks (lists in lists, quotes) kept as structure; deeper content is
/// kept as plain paragraphs. Typst limits the depth of calls, and a leaflet needs no more.
const MAX_BLOCK_DEPTH: usize = 8;
/// Deepest nesting of inline styles kept; deeper text is kept plain.
const MAX_INLINE_DEPTH: usize = 6;

/// One block of the leaflet.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "k", rename_all = "lowercase")]
pub(crate) enum Block {
    /// A heading; level 2 and below (the title is level 1), never skipping a level.
    H { level: u8, c: Vec<Inline> },
    /// A paragraph.
    P { c: Vec<Inline> },
    /// A bulleted list; each item is blocks.
    Ul { items: Vec<Vec<Block>> },
    /// A numbered list starting at `start`.
    Ol { start: u64, items: Vec<Vec<Block>> },
    /// A table: header cells and rows of cells, every row as wide as the widest.
    Table {
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// An image: its file in the leaflet's world and its alternative text.
    Img { src: String, alt: String },
    /// A quotation or an aside.
    Quote { c: Vec<Block> },
    /// Preformatted text, printed exactly.
    Code { text: String },
    /// A thematic break.
    Hr,
}

/// One run of inline content: plain text, or a styled run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum Inline {
    /// Text as the reader sees it.
    Text(String),
    /// A styled run.
    Styled(Styled),
}

/// Styled inline content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "k", rename_all = "lowercase")]
pub(crate) enum Styled {
    /// Emphasis.
    Em { c: Vec<Inline> },
    /// Strong importance.
    Strong { c: Vec<Inline> },
    /// Struck out.
    Del { c: Vec<Inline> },
    /// Code, printed exactly.
    Code { text: String },
    /// A link; `url` is absent where the target has no address on paper.
    Link { url: Option<String>, c: Vec<Inline> },
    /// A line break.
    Br,
}

/// How the converter turns addresses into what a leaflet can use.
pub(crate) trait Resolve {
    /// The absolute address of a link's `href`, if it has one on paper.
    fn link(&mut self, href: &str) -> Option<String>;
    /// The leaflet's file name for an image's `src`, if the image can be printed.
    fn image(&mut self, src: &str) -> Option<String>;
}

/// The blocks of a body given as HTML.
pub(crate) fn blocks_of_html(html: &str, resolve: &mut dyn Resolve) -> Vec<Block> {
    let nodes = super::html::parse(html);
    let mut conv = Converter { resolve };
    let mut blocks = conv.blocks(&nodes, 0);
    normalise_headings(&mut blocks);
    blocks
}

/// Makes headings start at level 2 and never skip a level (PDF/UA readers navigate by them).
fn normalise_headings(blocks: &mut [Block]) {
    let mut last = 1;
    for block in blocks {
        if let Block::H { level, .. } = block {
            *level = (*level).clamp(2, last + 1);
            last = *level;
        }
    }
}

struct Converter<'r> {
    resolve: &'r mut dyn Resolve,
}

/// What kind of content an element makes.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "ul"
            | "ol"
            | "li"
            | "table"
            | "blockquote"
            | "pre"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "section"
            | "aside"
            | "dl"
            | "dt"
            | "dd"
            | "img"
            | "thead"
            | "tbody"
            | "tr"
    )
}

impl Converter<'_> {
    /// Blocks of `nodes`: block elements become blocks, runs of inline content paragraphs.
    fn blocks(&mut self, nodes: &[Node], depth: usize) -> Vec<Block> {
        let mut out = Vec::new();
        let mut pending: Vec<Inline> = Vec::new();
        for node in nodes {
            match node {
                Node::Element(e) if is_block(&e.name) => {
                    flush(&mut pending, &mut out);
                    self.block(e, depth, &mut out);
                }
                _ => self.inline(node, 0, &mut pending),
            }
        }
        flush(&mut pending, &mut out);
        out
    }

    fn block(&mut self, e: &Element, depth: usize, out: &mut Vec<Block>) {
        if depth >= MAX_BLOCK_DEPTH && e.name != "img" {
            let text = text_of(&e.children);
            if !text.trim().is_empty() {
                out.push(Block::P {
                    c: vec![Inline::Text(collapse(&text))],
                });
            }
            return;
        }
        match e.name.as_str() {
            "p" | "dt" | "dd" | "figcaption" | "summary" | "li" | "tr" => {
                out.extend(self.blocks(&e.children, depth + 1))
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = e.name[1..].parse().unwrap_or(2);
                let c = self.inlines(&e.children, 0);
                if !c.is_empty() {
                    out.push(Block::H { level, c });
                }
            }
            "ul" | "ol" => out.push(self.list(e, depth)),
            "table" => out.extend(self.table(e)),
            "blockquote" | "aside" => out.push(Block::Quote {
                c: self.blocks(&e.children, depth + 1),
            }),
            "pre" => out.push(Block::Code {
                text: text_of(&e.children).trim_end_matches('\n').to_string(),
            }),
            "hr" => out.push(Block::Hr),
            "img" => out.extend(self.image(e)),
            _ => out.extend(self.blocks(&e.children, depth + 1)),
        }
    }

    fn list(&mut self, e: &Element, depth: usize) -> Block {
        let items = (e.children.iter())
            .filter_map(|n| match n {
                Node::Element(li) if li.name == "li" => Some(self.blocks(&li.children, depth + 1)),
                _ => None,
            })
            .collect();
        match e.name.as_str() {
            "ol" => Block::Ol {
                start: e.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1),
                items,
            },
            _ => Block::Ul { items },
        }
    }

    fn table(&mut self, e: &Element) -> Option<Block> {
        let mut rows: Vec<(bool, Vec<Vec<Inline>>)> = Vec::new();
        collect_rows(e, false, &mut |head, tr| {
            let cells = (tr.children.iter())
                .filter_map(|n| match n {
                    Node::Element(c) if c.name == "td" || c.name == "th" => Some(c),
                    _ => None,
                })
                .map(|c| (c.name == "th", c))
                .collect::<Vec<_>>();
            let all_th = !cells.is_empty() && cells.iter().all(|(th, _)| *th);
            let cells = cells
                .into_iter()
                .map(|(_, c)| self.inlines(&c.children, 0))
                .collect();
            rows.push((head || all_th, cells));
        });
        let width = rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
        if width == 0 {
            return None;
        }
        let mut head = Vec::new();
        let mut body = Vec::new();
        for (i, (is_head, mut cells)) in rows.into_iter().enumerate() {
            cells.resize(width, Vec::new());
            match is_head && i == 0 {
                true => head = cells,
                false => body.push(cells),
            }
        }
        Some(Block::Table { head, rows: body })
    }

    fn image(&mut self, e: &Element) -> Option<Block> {
        let alt = collapse(e.attr("alt").unwrap_or_default());
        if alt.is_empty() {
            return None; // decorative: nothing to print or to say
        }
        let src = e.attr("src").and_then(|s| self.resolve.image(s));
        Some(match src {
            Some(src) => Block::Img { src, alt },
            None => Block::P {
                c: vec![Inline::Styled(Styled::Em {
                    c: vec![Inline::Text(alt)],
                })],
            },
        })
    }

    /// Inline runs of `nodes` (block elements inside are read as inline text).
    fn inlines(&mut self, nodes: &[Node], depth: usize) -> Vec<Inline> {
        let mut out = Vec::new();
        for node in nodes {
            self.inline(node, depth, &mut out);
        }
        trim(&mut out);
        out
    }

    fn inline(&mut self, node: &Node, depth: usize, out: &mut Vec<Inline>) {
        let e = match node {
            Node::Text(t) => return push_text(out, &collapse_inner(t)),
            Node::Element(e) => e,
        };
        if depth >= MAX_INLINE_DEPTH {
            return push_text(out, &collapse_inner(&text_of(&e.children)));
        }
        let c = |s: &mut Self| {
            let mut inner = Vec::new();
            for n in &e.children {
                s.inline(n, depth + 1, &mut inner);
            }
            inner
        };
        let styled = match e.name.as_str() {
            "em" | "i" | "cite" | "dfn" => Styled::Em { c: c(self) },
            "strong" | "b" => Styled::Strong { c: c(self) },
            "del" | "s" => Styled::Del { c: c(self) },
            "code" | "kbd" | "samp" => Styled::Code {
                text: text_of(&e.children),
            },
            "br" => Styled::Br,
            "a" => Styled::Link {
                url: e.attr("href").and_then(|h| self.resolve.link(h)),
                c: c(self),
            },
            _ => {
                for n in &e.children {
                    self.inline(n, depth + 1, out);
                }
                return;
            }
        };
        out.push(Inline::Styled(styled));
    }
}

/// Calls `each` on every row of a table, saying whether it is in `<thead>`.
fn collect_rows(e: &Element, head: bool, each: &mut dyn FnMut(bool, &Element)) {
    for node in &e.children {
        if let Node::Element(child) = node {
            match child.name.as_str() {
                "tr" => each(head, child),
                "thead" => collect_rows(child, true, each),
                "tbody" | "tfoot" => collect_rows(child, false, each),
                _ => {}
            }
        }
    }
}

/// Ends a paragraph of pending inline content, if it has any.
fn flush(pending: &mut Vec<Inline>, out: &mut Vec<Block>) {
    trim(pending);
    if !pending.is_empty() {
        out.push(Block::P {
            c: std::mem::take(pending),
        });
    }
}

fn push_text(out: &mut Vec<Inline>, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Inline::Text(before)) => {
            if before.ends_with(' ') && text.starts_with(' ') {
                before.push_str(&text[1..]);
            } else {
                before.push_str(text);
            }
        }
        _ => out.push(Inline::Text(text.to_string())),
    }
}

/// Drops the spaces at both ends of a run (HTML's line breaks between tags).
fn trim(runs: &mut Vec<Inline>) {
    if let Some(Inline::Text(t)) = runs.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = runs.last_mut() {
        *t = t.trim_end().to_string();
    }
    runs.retain(|r| !matches!(r, Inline::Text(t) if t.is_empty()));
}

/// White space collapsed to single spaces, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// White space collapsed to single spaces, a space kept at either end where there was one.
fn collapse_inner(text: &str) -> String {
    let inner = collapse(text);
    if inner.is_empty() {
        return if text.is_empty() {
            String::new()
        } else {
            " ".into()
        };
    }
    let lead = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let tail = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!("{lead}{inner}{tail}")
}

/// Every character of text in `blocks`, in reading order, for tests and the fuzz target.
pub(crate) fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::H { c, .. } | Block::P { c } => inline_text(c, &mut out),
            Block::Ul { items } | Block::Ol { items, .. } => {
                items.iter().for_each(|i| out.push_str(&plain_text(i)))
            }
            Block::Table { head, rows } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    inline_text(cell, &mut out);
                }
            }
            Block::Img { alt, .. } => out.push_str(alt),
            Block::Quote { c } => out.push_str(&plain_text(c)),
            Block::Code { text } => out.push_str(text),
            Block::Hr => {}
        }
    }
    out
}

fn inline_text(runs: &[Inline], out: &mut String) {
    for r in runs {
        match r {
            Inline::Text(t) => out.push_str(t),
            Inline::Styled(Styled::Code { text }) => out.push_str(text),
            Inline::Styled(Styled::Br) => out.push(' '),
            Inline::Styled(
                Styled::Em { c }
                | Styled::Strong { c }
                | Styled::Del { c }
                | Styled::Link { c, .. },
            ) => inline_text(c, out),
        }
    }
}

#[cfg(test)]
mod tests;
