//! Raw HTML in Markdown: each HTML block (its lines joined) and each inline tag is judged by the
//! HTML policy at its place in the source, and its links and images join the Markdown links:
//! recorded for the site-wide check and rewritten (`x.md` → `x.html`) by the same `record`.

use super::{Link, Problem, Rebase, Spanned, record};
use crate::html_policy::{self, Level};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// What the raw HTML of a body adds to it: problems, links, and `id`s that anchors may name.
#[derive(Default)]
pub(super) struct Found {
    pub(super) problems: Vec<Problem>,
    pub(super) links: Vec<Link>,
    pub(super) ids: Vec<String>,
    /// Links whose `target`/`rel` were dropped.
    pub(super) dropped_targets: usize,
}

/// A run of raw HTML and where each of its pieces starts in the source.
#[derive(Default)]
struct Fragment {
    text: String,
    /// `(offset in text, offset in source)` of each piece.
    pieces: Vec<(usize, usize)>,
}

impl Fragment {
    fn push(&mut self, text: &str, source: usize) {
        self.pieces.push((self.text.len(), source));
        self.text.push_str(text);
    }

    fn source_offset(&self, at: usize) -> usize {
        let piece = self.pieces.iter().rev().find(|(start, _)| *start <= at);
        piece.map_or(at, |(start, source)| source + (at - start))
    }
}

/// Judges every piece of raw HTML in `events`; HTML blocks come out as one event each.
pub(super) fn judge<'a>(
    events: Vec<Spanned<'a>>,
    rebase: &Rebase,
    found: &mut Found,
) -> Vec<Spanned<'a>> {
    // Most bodies have no raw HTML: they are handed on as they are, not copied.
    if !(events.iter()).any(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_))) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<(Fragment, usize)> = None;
    let mut refused = html_policy::Refused::new();
    for (event, range) in events {
        match (event, block.as_mut()) {
            (Event::Html(text), Some((fragment, _))) => fragment.push(&text, range.start),
            (Event::Start(Tag::HtmlBlock), _) => {
                block = Some((Fragment::default(), range.start));
                out.push((Event::Start(Tag::HtmlBlock), range));
            }
            (Event::End(TagEnd::HtmlBlock), _) => {
                if let Some((fragment, start)) = block.take() {
                    let html = checked(&fragment, rebase, found, &mut refused);
                    out.push((Event::Html(CowStr::from(html)), start..range.end));
                }
                out.push((Event::End(TagEnd::HtmlBlock), range));
            }
            (Event::Html(text) | Event::InlineHtml(text), None) => {
                let mut fragment = Fragment::default();
                fragment.push(&text, range.start);
                let html = checked(&fragment, rebase, found, &mut refused);
                out.push((Event::InlineHtml(CowStr::from(html)), range));
            }
            (event, _) => out.push((event, range)),
        }
    }
    out
}

/// Judges one fragment, reports what the policy refuses, records its links and returns the HTML
/// with link targets rewritten.
fn checked(
    fragment: &Fragment,
    rebase: &Rebase,
    found: &mut Found,
    refused: &mut html_policy::Refused,
) -> String {
    let judged = html_policy::judge_in(&fragment.text, Level::Content, refused);
    found.ids.extend(judged.ids);
    found
        .problems
        .extend(judged.findings.into_iter().map(|f| Problem {
            offset: fragment.source_offset(f.offset),
            message: f.message,
            is_error: true,
        }));
    let mut edits = Vec::new();
    for link in judged.links {
        let offset = fragment.source_offset(link.offset);
        let href = record(
            CowStr::from(link.dest.clone()),
            super::Found {
                offset,
                image: link.image,
            },
            rebase,
            &mut found.links,
        );
        if let (Some(span), true) = (link.span, *href != *link.dest) {
            edits.push((
                span,
                format!("\"{}\"", crate::templates::escape_html(&href)),
            ));
        }
    }
    edits.extend(link_attr_edits(
        &fragment.text,
        &judged.link_attrs,
        rebase.keep_target,
        &mut found.dropped_targets,
    ));
    edits.sort_by_key(|(span, _)| span.start);
    let mut html = fragment.text.clone();
    for (span, quoted) in edits.into_iter().rev() {
        html.replace_range(span, &quoted);
    }
    html
}

/// The rewriting of `target`/`rel` on links: dropped (with the space before them), counting
/// each link once in `dropped`; or, with `keep`, `target` kept and `rel` forced to
/// `noopener noreferrer`, so the page opened cannot reach back to this one.
fn link_attr_edits(
    text: &str,
    attrs: &[html_policy::LinkAttr],
    keep: bool,
    dropped: &mut usize,
) -> Vec<(Range<usize>, String)> {
    const REL: &str = "rel=\"noopener noreferrer\"";
    let mut edits = Vec::new();
    let mut last_tag = None;
    for attr in attrs {
        if !keep {
            let start = text[..attr.span.start].trim_end().len();
            edits.push((start..attr.span.end, String::new()));
            if last_tag != Some(attr.tag) {
                *dropped += 1;
                last_tag = Some(attr.tag);
            }
        } else if attr.name == "rel" {
            edits.push((attr.span.clone(), REL.to_string()));
        } else if !attrs.iter().any(|a| a.tag == attr.tag && a.name == "rel") {
            edits.push((attr.span.end..attr.span.end, format!(" {REL}")));
        }
    }
    edits
}
