//! The policy's fast reading of a page it expects to pass: html5gum's WHATWG tokenizer, each
//! tag judged as soon as it is read, with nothing placed (every offset is 0) and nothing kept.
//! It reads tags and attribute values as html5ever's tokenizer in [`super::tokens`] does (both
//! implement the same chapter of the HTML standard and pass html5lib's tokenizer tests; the
//! `policy_tokenizers` fuzz target and the tests below compare them), and switches into the
//! same raw-text states after the same tags. Anything it finds, and any input that may end
//! inside a tag or comment, sends the page to the placed reading in [`super::tokens`], which
//! reports.
//!
//! It asks the tokenizer for no parse errors, which spares it checking every character, and
//! tells an unfinished ending from what the tokenizer was doing when the input ran out
//! ([`Markup`]): it may take a finished page for an unfinished one (which only costs the
//! placed reading), never the reverse.

use super::tokens::{Raw, SourceAttr, SourceTag, raw_after};
use html5ever::LocalName;
use html5ever::tendril::StrTendril;
use html5gum::emitters::callback::{Callback, CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, State, Tokenizer};
use std::cell::Cell;

/// Reads `html`, handing every start and end tag to `each` as it is read (duplicate
/// attributes dropped, as a browser drops them); returns whether the input may end inside a
/// tag, comment or other markup.
pub(crate) fn scan(html: &str, each: &mut dyn FnMut(&SourceTag)) -> bool {
    let markup = Markup::default();
    let reader = Reader {
        tag: SourceTag {
            name: LocalName::from(""),
            end: false,
            attrs: Vec::new(),
            offset: 0,
        },
        duplicate: false,
        markup: &markup,
        next: None,
        each,
    };
    let tokenizer = Tokenizer::new_with_emitter(
        html,
        Switching {
            inner: CallbackEmitter::new(reader),
            markup: &markup,
        },
    );
    for _ in tokenizer {}
    markup.may_be_unfinished(html)
}

/// What the tokenizer was last doing, to tell whether the input ran out inside markup.
#[derive(Default)]
struct Markup {
    /// A tag, comment or doctype was begun and not yet emitted: input that ends here ends
    /// inside it.
    open: Cell<bool>,
    /// The last thing emitted, if it was a comment or doctype: those are emitted also when the
    /// input runs out inside them.
    last: Cell<Option<Declaration>>,
    /// How deep the reader is in `<svg>` and `<math>` (where `<![CDATA[` opens a section).
    depth: Cell<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Declaration {
    Comment,
    Doctype,
}

impl Markup {
    /// Whether `html`, read to its end, may end inside markup; over-cautious where it cannot
    /// tell (a comment that is a bogus `<!x>` one, an `<svg>` left open).
    fn may_be_unfinished(&self, html: &str) -> bool {
        let last_closed = match self.last.get() {
            None => true,
            Some(Declaration::Comment) => html.ends_with("-->") || html.ends_with("--!>"),
            Some(Declaration::Doctype) => html.ends_with('>'),
        };
        self.open.get()
            || !last_closed
            || self.depth.get() > 0
            || html.ends_with('<')
            || html.ends_with("</")
    }
}

/// Where the quick reading and html5ever's differ on `html`, if they do: a tag read by one and
/// not the other, or read with other attributes, or an end inside markup that only html5ever
/// saw (the quick reading may see more of those: they only send a page to the placed
/// reading). For the tests and the `policy_tokenizers` fuzz target.
pub(crate) fn differs(html: &str) -> Option<String> {
    type View = (String, bool, Vec<(String, String)>);
    let view = |t: &SourceTag| -> View {
        let attrs = match t.end {
            // End tags carry no attributes the policy reads.
            true => Vec::new(),
            false => (t.attrs.iter())
                .map(|a| (a.name.to_string(), a.value.to_string()))
                .collect(),
        };
        (t.name.to_string(), t.end, attrs)
    };
    let mut quick = Vec::new();
    let unfinished = scan(html, &mut |t| quick.push(view(t)));
    let reference = super::tokens::tokenize_unplaced(html);
    let ever: Vec<View> = reference.tags.iter().map(view).collect();
    if let Some(i) = (0..quick.len().max(ever.len())).find(|&i| quick.get(i) != ever.get(i)) {
        return Some(format!(
            "tag {i}: html5gum read {:?}, html5ever {:?}",
            quick.get(i),
            ever.get(i)
        ));
    }
    (reference.unfinished.is_some() && !unfinished)
        .then(|| "html5ever saw markup left open at the end; html5gum did not".to_string())
}

/// What the callback keeps while a page is read.
struct Reader<'f> {
    /// The tag being read; its attributes' room is reused for the next.
    tag: SourceTag,
    /// Whether the attribute being read repeats an earlier one of its tag (it is dropped).
    duplicate: bool,
    /// What the tokenizer was doing, and how deep in `<svg>` and `<math>` it is.
    markup: &'f Markup,
    /// The state to switch to after the tag just read.
    next: Option<Raw>,
    each: &'f mut dyn FnMut(&SourceTag),
}

fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

impl Callback<(), ()> for Reader<'_> {
    fn handle_event(&mut self, event: CallbackEvent<'_>, _: Span<()>) -> Option<()> {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag.name = LocalName::from(&*text(name));
                self.tag.end = false;
                self.tag.attrs.clear();
            }
            CallbackEvent::AttributeName { name } => {
                let name = LocalName::from(&*text(name));
                self.duplicate = self.tag.attrs.iter().any(|a| a.name == name);
                if !self.duplicate {
                    self.tag.attrs.push(SourceAttr {
                        name,
                        value: StrTendril::new(),
                        offset: 0,
                        value_span: None,
                    });
                }
            }
            CallbackEvent::AttributeValue { value } => {
                if let (false, Some(attr)) = (self.duplicate, self.tag.attrs.last_mut()) {
                    attr.value = StrTendril::from_slice(&text(value));
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                self.next = self.switch(false, self_closing);
                (self.each)(&self.tag);
            }
            CallbackEvent::EndTag { name } => {
                self.tag.name = LocalName::from(&*text(name));
                self.tag.end = true;
                self.tag.attrs.clear();
                self.next = self.switch(true, false);
                (self.each)(&self.tag);
            }
            _ => {}
        }
        None
    }
}

impl Reader<'_> {
    /// The state to switch to after the tag just read (see [`raw_after`]).
    fn switch(&mut self, end: bool, self_closing: bool) -> Option<Raw> {
        let mut depth = self.markup.depth.get();
        let next = raw_after(&self.tag.name, end, self_closing, &mut depth);
        self.markup.depth.set(depth);
        next
    }
}

/// html5gum's callback emitter, with the states switched as a browser's tree builder switches
/// them (what html5gum's own `naive_next_state` does, plus `<noframes>` and foreign content).
struct Switching<'f> {
    inner: CallbackEmitter<Reader<'f>, (), ()>,
    markup: &'f Markup,
}

impl Switching<'_> {
    fn begin(&self) {
        self.markup.open.set(true);
        self.markup.last.set(None);
    }

    fn emitted(&self, last: Option<Declaration>) {
        self.markup.open.set(false);
        self.markup.last.set(last);
    }
}

impl<'f> ForwardingEmitter for Switching<'f> {
    type Token = ();

    fn inner(&mut self) -> &mut impl Emitter<Token = ()> {
        &mut self.inner
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn init_start_tag(&mut self) {
        self.begin();
        self.inner.init_start_tag();
    }

    fn init_end_tag(&mut self) {
        self.begin();
        self.inner.init_end_tag();
    }

    fn init_comment(&mut self) {
        self.begin();
        self.inner.init_comment();
    }

    fn init_doctype(&mut self) {
        self.begin();
        self.inner.init_doctype();
    }

    fn emit_string(&mut self, s: &[u8]) {
        self.markup.last.set(None);
        self.inner.emit_string(s);
    }

    fn emit_current_comment(&mut self) {
        self.emitted(Some(Declaration::Comment));
        self.inner.emit_current_comment();
    }

    fn emit_current_doctype(&mut self) {
        self.emitted(Some(Declaration::Doctype));
        self.inner.emit_current_doctype();
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        self.emitted(None);
        // Nothing switches unless asked to (html5gum's naive switching is off).
        let _ = self.inner.emit_current_tag();
        let next = self.inner.callback_mut().next.take()?;
        self.inner.init_string();
        Some(match next {
            Raw::Rcdata => State::RcData,
            Raw::Rawtext => State::RawText,
            Raw::Script => State::ScriptData,
            Raw::Plaintext => State::PlainText,
        })
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&mut self) -> bool {
        self.markup.depth.get() > 0
    }
}
