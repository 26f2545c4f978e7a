//! The HTML policy: one module owns what HTML carepath lets into a page. Raw HTML in articles,
//! snippets and tree help text, every theme template and every output page are tokenized by a
//! WHATWG tokenizer (so character references, odd separators and raw-text elements are read
//! exactly as a browser reads them) and judged against an allowlist of elements, attributes and
//! URL schemes. Pages and templates are first read by html5gum, judging each tag as it is read
//! (`quick`); anything found there, and all raw HTML in content, is read by html5ever, which
//! places every tag and attribute (`tokens`). Used by `markdown` (content), `templates`
//! (themes), `render::check` (every page) and `validate::assets` (copied HTML and SVG files).

pub mod allow;
mod attrs;
pub mod csp;
pub mod images;
mod quick;
pub(crate) mod tokens;
pub mod urls;

use std::ops::Range;
use tokens::{SourceAttr, SourceTag};

/// What a piece of HTML is, which decides what it may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Raw HTML in Markdown: only [`allow::CONTENT_ELEMENTS`], and its links are checked.
    Content,
    /// A template or a whole output page: the content allowlist plus the page's frame (head,
    /// header, navigation), and a Content-Security-Policy `<meta>`.
    Page,
    /// A file copied as is (HTML, SVG, XML): nothing that can run script or embed a page.
    Asset,
}

/// One thing the policy refuses, at a byte offset of the judged text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset of the tag or attribute.
    pub offset: usize,
    /// Why it is refused and what to do instead.
    pub message: String,
}

/// A link or image in raw HTML, for the same checks and rewriting as a Markdown link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlLink {
    /// The URL as the browser decodes it.
    pub dest: String,
    /// Byte offset of the attribute.
    pub offset: usize,
    /// Byte range of the value as written (quotes included), to rewrite it in place.
    pub span: Option<Range<usize>>,
    /// Whether it is an image the page shows (`<img src>`), not a link.
    pub image: bool,
}

/// The verdict on one piece of HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Judged {
    /// Everything refused, in source order.
    pub findings: Vec<Finding>,
    /// Links and images (content only).
    pub links: Vec<HtmlLink>,
    /// The `content` of every Content-Security-Policy `<meta>` (pages only).
    pub csp: Vec<String>,
    /// Every `id` given to an allowed element, for `#anchor` checks.
    pub ids: Vec<String>,
    /// `target` and `rel` on `<a>` in content: harmless (they cannot run script), so they are
    /// not refused but dropped or kept as `[html] target` says (see `markdown`).
    pub link_attrs: Vec<LinkAttr>,
}

/// A `target` or `rel` attribute of an `<a>` in content, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkAttr {
    /// `target` or `rel`.
    pub name: String,
    /// Byte offset of the `<a>` it belongs to.
    pub tag: usize,
    /// Byte range of the whole attribute (name, `=` and value).
    pub span: Range<usize>,
}

/// Judges `html` at `level`.
pub fn judge(html: &str, level: Level) -> Judged {
    if level == Level::Content {
        // Content hands on its links with their places, to be checked and rewritten.
        return judge_in(html, level, &mut Refused::default());
    }
    // Most pages and templates pass: read them once quickly, placing nothing, and again with
    // places only when there is something to report. The verdict depends on names and values
    // alone, which both ways read alike.
    let mut quick = Judged::default();
    let mut refused = Refused::default();
    let unfinished = quick::scan(html, &mut |tag| {
        judge_one(tag, level, &mut refused, &mut quick);
    });
    if quick.findings.is_empty() && !unfinished {
        return quick;
    }
    judge_in(html, level, &mut Refused::default())
}

/// Reads `html` with the tokenizer that [`judge`] reads pages with first, judging nothing: the
/// cost of the reading alone, for the benchmark's floor (the `floor` corpus of `synthetic`).
#[cfg(any(test, feature = "synthetic"))]
pub(crate) fn read_only(html: &str) {
    quick::scan(html, &mut |_| {});
}

/// Where the policy's two readings of `html` differ, if they do (see `quick`); `None` when
/// they agree. Public for the `policy_tokenizers` fuzz target only.
#[doc(hidden)]
pub fn readings_differ(html: &str) -> Option<String> {
    quick::differs(html)
}

/// Names of elements already refused in a document, so that its end tag is not reported again
/// when the document is judged in pieces (a Markdown body's raw HTML).
pub type Refused = std::collections::BTreeSet<String>;

/// Judges one piece of a larger document at `level`.
pub fn judge_in(html: &str, level: Level, refused: &mut Refused) -> Judged {
    judge_tokens(tokens::tokenize(html), level, refused)
}

fn judge_tokens(tokens: tokens::Tokens, level: Level, refused: &mut Refused) -> Judged {
    let mut out = Judged::default();
    if let Some(offset) = tokens.unfinished {
        out.findings.push(Finding {
            offset,
            message: "this HTML is not finished: a tag or comment opened here is never closed with `>` (or `-->`)".into(),
        });
    }
    for tag in &tokens.tags {
        judge_one(tag, level, refused, &mut out);
    }
    out
}

/// Judges one tag of a document at `level`, adding what it finds to `out`.
fn judge_one(tag: &SourceTag, level: Level, refused: &mut Refused, out: &mut Judged) {
    let allowed = allow::element_allowed_atom(&tag.name, level == Level::Page);
    match level {
        Level::Asset => judge_asset_tag(tag, out),
        // An end tag carries nothing, but a stray `</script>` says something was meant.
        _ if tag.end && !allowed && refused.insert(tag.name.to_string()) => {
            out.findings.push(Finding {
                offset: tag.offset,
                message: allow::element_hint(&tag.name),
            });
        }
        _ if tag.end => {}
        _ => {
            if !allowed {
                refused.insert(tag.name.to_string());
            }
            judge_tag(tag, level, out);
        }
    }
}

fn judge_tag(tag: &SourceTag, level: Level, out: &mut Judged) {
    let page = level == Level::Page;
    let el = &*tag.name;
    if !allow::element_allowed_atom(&tag.name, page) {
        out.findings.push(Finding {
            offset: tag.offset,
            message: allow::element_hint(el),
        });
        return;
    }
    for attr in &tag.attrs {
        if level == Level::Content && el == "a" && matches!(&*attr.name, "target" | "rel") {
            let end = attr
                .value_span
                .as_ref()
                .map_or(attr.offset + attr.name.len(), |v| v.end);
            out.link_attrs.push(LinkAttr {
                name: attr.name.to_string(),
                tag: tag.offset,
                span: attr.offset..end,
            });
        } else if !allow::attribute_allowed(el, &attr.name, page) {
            let message = allow::attribute_hint(el, &attr.name, page);
            out.findings.push(Finding {
                offset: attr.offset,
                message,
            });
        } else if let Some(message) = value_problem(el, attr) {
            out.findings.push(Finding {
                offset: attr.offset,
                message,
            });
        } else if &*attr.name == "id" {
            out.ids.push(attr.value.to_string());
        } else if allow::is_url_attribute(&attr.name) && level == Level::Content {
            out.links.push(HtmlLink {
                dest: attr.value.to_string(),
                offset: attr.offset,
                span: attr.value_span.clone(),
                image: el == "img" && &*attr.name == "src",
            });
        }
    }
    if el == "img"
        && level == Level::Content
        && let Some(finding) = img_alt(tag)
    {
        out.findings.push(finding);
    }
    if el == "meta" && is_csp_meta(tag) {
        let content = tag.attrs.iter().find(|a| &*a.name == "content");
        out.csp
            .push(content.map(|a| a.value.to_string()).unwrap_or_default());
    }
}

/// An `<img>` in content needs alt text that says what it shows (see [`images`]).
fn img_alt(tag: &SourceTag) -> Option<Finding> {
    let attr = |name: &str| tag.attrs.iter().find(|a| &*a.name == name);
    let Some(alt) = attr("alt") else {
        return Some(Finding {
            offset: tag.offset,
            message: "`<img>` needs `alt` text saying what the image shows (or `alt=\"\" role=\"presentation\"` if it is only decoration)".into(),
        });
    };
    let decorative = attr("role").is_some_and(|r| {
        matches!(
            r.value.trim().to_ascii_lowercase().as_str(),
            "presentation" | "none"
        )
    });
    let src = attr("src").map_or("", |a| &*a.value);
    images::alt_problem(&alt.value, src, decorative).map(|message| Finding {
        offset: alt.offset,
        message,
    })
}

/// Problems with an allowed attribute's value: URLs with a refused scheme, `<meta>` that
/// refreshes or redirects, `<link>` that loads anything but a stylesheet or names the page.
fn value_problem(element: &str, attr: &SourceAttr) -> Option<String> {
    if allow::is_url_attribute(&attr.name) {
        return urls::problem(&attr.value);
    }
    if !matches!(
        (element, &*attr.name),
        ("meta", "http-equiv") | ("link", "rel") | (_, "tabindex")
    ) {
        return None;
    }
    let value = attr.value.trim().to_ascii_lowercase();
    match (element, &*attr.name) {
        ("meta", "http-equiv") if value != "content-security-policy" => Some(format!(
            "`<meta http-equiv=\"{}\">` is not allowed: it could reload or redirect the page; only `Content-Security-Policy` is",
            attr.value
        )),
        ("link", "rel")
            if !value
                .split_ascii_whitespace()
                .all(|r| matches!(r, "stylesheet" | "canonical" | "icon" | "alternate")) =>
        {
            Some(format!(
                "`<link rel=\"{}\">` is not allowed: a page may link only its stylesheet, icon, canonical address and its versions in other languages (`alternate`)",
                attr.value
            ))
        }
        (_, "tabindex") if value != "0" => Some(format!(
            "`tabindex=\"{}\"` is not allowed: only `tabindex=\"0\"` (a box keyboard users can focus, such as a wide table's `<div class=\"table-scroll\">`) keeps the reading order",
            attr.value
        )),
        _ => None,
    }
}

fn is_csp_meta(tag: &SourceTag) -> bool {
    tag.attrs.iter().any(|a| {
        &*a.name == "http-equiv"
            && a.value
                .trim()
                .eq_ignore_ascii_case("content-security-policy")
    })
}

/// Elements that can run script or embed a document, refused even in copied files.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "foreignobject",
    "handler",
    "listener",
    "portal",
    "meta",
];

fn judge_asset_tag(tag: &SourceTag, out: &mut Judged) {
    if tag.end {
        return;
    }
    if ACTIVE_ELEMENTS.contains(&&*tag.name) {
        out.findings.push(Finding {
            offset: tag.offset,
            message: allow::element_hint(&tag.name),
        });
        return;
    }
    for attr in &tag.attrs {
        let scheme = urls::scheme(&attr.value);
        let message = if attr.name.starts_with("on") || &*attr.name == "srcdoc" {
            allow::attribute_hint(&tag.name, &attr.name, false)
        } else if let Some("javascript" | "vbscript" | "livescript" | "data") = scheme.as_deref() {
            urls::problem(&attr.value).unwrap_or_default()
        } else {
            continue;
        };
        out.findings.push(Finding {
            offset: attr.offset,
            message,
        });
    }
}

#[cfg(test)]
mod tests;
