//! html5ever's HTML5 tokenizer run over one string, with the byte offset of every tag and
//! attribute, so the policy judges values exactly as a browser decodes them and still reports
//! them at their place in the source.
//!
//! The input is fed in chunks that end just after each `>`: a tag is emitted when its `>` is
//! read, so the chunk that emitted it tells where it ends, and its start is the first `<` that
//! can open a tag after the previous token. Like html5ever's tree builder, the sink switches the
//! tokenizer into raw-text states after `<script>`, `<style>`, `<textarea>` and the like, so what
//! follows them is split as a browser splits it.

use html5ever::LocalName;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::{Cell, RefCell};
use std::ops::Range;

/// One attribute: name (lower case) and value as the browser decodes them, and where they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceAttr {
    /// Name, lower case.
    pub(crate) name: LocalName,
    /// Value with character references decoded.
    pub(crate) value: StrTendril,
    /// Byte offset of the name.
    pub(crate) offset: usize,
    /// Byte range of the value as written, quotes included, if it has one.
    pub(crate) value_span: Option<Range<usize>>,
}

/// One start or end tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceTag {
    /// Element name, lower case.
    pub(crate) name: LocalName,
    /// True for `</name>`.
    pub(crate) end: bool,
    /// Attributes in source order (duplicates dropped, as a browser does).
    pub(crate) attrs: Vec<SourceAttr>,
    /// Byte offset of the `<`.
    pub(crate) offset: usize,
}

/// Everything the policy looks at in one piece of HTML.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    /// Tags in source order.
    pub(crate) tags: Vec<SourceTag>,
    /// Offset of a tag or comment left open at the end, if any.
    pub(crate) unfinished: Option<usize>,
}

#[derive(Default)]
struct Sink {
    tags: RefCell<Vec<html5ever::tokenizer::Tag>>,
    comments: Cell<usize>,
    eof_error: Cell<bool>,
    foreign_depth: Cell<usize>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let result = self.switch_for(&tag);
                self.tags.borrow_mut().push(tag);
                return result;
            }
            Token::CommentToken(_) | Token::DoctypeToken(_) => {
                self.comments.set(self.comments.get() + 1);
            }
            Token::ParseError(e) if e.contains("EOF") => self.eof_error.set(true),
            _ => {}
        }
        TokenSinkResult::Continue
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.foreign_depth.get() > 0
    }
}

impl Sink {
    /// The tokenizer state html5ever's tree builder would pick after this tag.
    fn switch_for(&self, tag: &html5ever::tokenizer::Tag) -> TokenSinkResult<()> {
        let mut depth = self.foreign_depth.get();
        let after = raw_after(
            &tag.name,
            tag.kind == TagKind::EndTag,
            tag.self_closing,
            &mut depth,
        );
        self.foreign_depth.set(depth);
        match after {
            None => TokenSinkResult::Continue,
            Some(Raw::Rcdata) => TokenSinkResult::RawData(RawKind::Rcdata),
            Some(Raw::Rawtext) => TokenSinkResult::RawData(RawKind::Rawtext),
            Some(Raw::Script) => TokenSinkResult::RawData(RawKind::ScriptData),
            Some(Raw::Plaintext) => TokenSinkResult::Plaintext,
        }
    }
}

/// A state in which the tokenizer reads text that is not markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Raw {
    /// Text with character references, up to its end tag (`<title>`, `<textarea>`).
    Rcdata,
    /// Text as it is, up to its end tag (`<style>`, `<noscript>`, …).
    Rawtext,
    /// Script, with its odd rules for `<!--`.
    Script,
    /// Everything to the end (`<plaintext>`).
    Plaintext,
}

/// The state a browser's tree builder switches its tokenizer to after the tag `name` (start
/// or end, `<x/>` or not), `depth` deep in `<svg>` and `<math>`; updates `depth`. Inside those
/// nothing switches, as there every element is foreign.
pub(super) fn raw_after(
    name: &str,
    end: bool,
    self_closing: bool,
    depth: &mut usize,
) -> Option<Raw> {
    let outer = *depth;
    if matches!(name, "svg" | "math") && !self_closing {
        *depth = if end {
            outer.saturating_sub(1)
        } else {
            outer + 1
        };
    }
    if end || outer > 0 {
        return None;
    }
    match name {
        "title" | "textarea" => Some(Raw::Rcdata),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => Some(Raw::Rawtext),
        "script" => Some(Raw::Script),
        "plaintext" => Some(Raw::Plaintext),
        _ => None,
    }
}

/// Tokenizes `html` in one pass without placing anything (every offset is 0): the same tags and
/// values as [`tokenize`] (html5ever's tokenizer reads input fed in pieces as it reads it whole).
/// The reference the quick reading (`super::quick`) is compared with.
pub(crate) fn tokenize_unplaced(html: &str) -> Tokens {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let tags = tokenizer.sink.tags.take();
    Tokens {
        tags: tags.into_iter().map(unplaced).collect(),
        unfinished: tokenizer.sink.eof_error.get().then_some(0),
    }
}

/// A tag with no position in the source.
fn unplaced(tag: html5ever::tokenizer::Tag) -> SourceTag {
    SourceTag {
        name: tag.name,
        end: tag.kind == TagKind::EndTag,
        attrs: tag
            .attrs
            .into_iter()
            .map(|a| SourceAttr {
                name: a.name.local,
                value: a.value,
                offset: 0,
                value_span: None,
            })
            .collect(),
        offset: 0,
    }
}

/// Tokenizes `html` and positions every tag and attribute in it.
pub(crate) fn tokenize(html: &str) -> Tokens {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    let mut out = Tokens::default();
    let mut after_last = 0; // end of the last tag or comment
    let mut start = 0;
    for (i, _) in html.match_indices('>').chain([(html.len(), "")]) {
        let end = (i + 1).min(html.len());
        if end <= start {
            continue;
        }
        queue.push_back(StrTendril::from_slice(&html[start..end]));
        let _ = tokenizer.feed(&queue);
        start = end;
        let comments = tokenizer.sink.comments.replace(0);
        let emitted: Vec<_> = tokenizer.sink.tags.borrow_mut().drain(..).collect();
        let any = comments > 0 || !emitted.is_empty();
        for tag in emitted {
            out.tags.push(position(html, after_last, end, tag));
        }
        if any {
            after_last = end;
        }
    }
    tokenizer.end();
    for tag in tokenizer.sink.tags.borrow_mut().drain(..) {
        out.tags.push(position(html, after_last, html.len(), tag));
    }
    if tokenizer.sink.eof_error.get() {
        out.unfinished = Some(
            html[after_last..]
                .find('<')
                .map_or(after_last, |i| after_last + i),
        );
    }
    out
}

/// Places a tag that ended at `end`: it starts at the first `<` after `from` that can open a tag
/// of its kind and name.
fn position(html: &str, from: usize, end: usize, tag: html5ever::tokenizer::Tag) -> SourceTag {
    let name = tag.name;
    let is_end = tag.kind == TagKind::EndTag;
    let region = &html[from..end];
    let offset = from + find_tag_start(region, &name, is_end).unwrap_or(0);
    let spans = super::attrs::spans(&html[offset..end]);
    let attrs = tag
        .attrs
        .into_iter()
        .map(|a| {
            let name = a.name.local;
            let span = spans.iter().find(|s| s.name.eq_ignore_ascii_case(&name));
            SourceAttr {
                offset: offset + span.map_or(0, |s| s.offset),
                value_span: span
                    .and_then(|s| s.value.clone())
                    .map(|v| offset + v.start..offset + v.end),
                value: a.value,
                name,
            }
        })
        .collect();
    SourceTag {
        name,
        end: is_end,
        attrs,
        offset,
    }
}

fn find_tag_start(region: &str, name: &str, is_end: bool) -> Option<usize> {
    let opener = if is_end { "</" } else { "<" };
    region.match_indices(opener).map(|(i, _)| i).find(|&i| {
        let rest = &region[i + opener.len()..];
        rest.get(..name.len())
            .is_some_and(|r| r.eq_ignore_ascii_case(name))
    })
}
