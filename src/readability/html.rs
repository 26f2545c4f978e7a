//! Plain text of a rendered page for readability: markup, navigation and hidden text removed.

use std::borrow::Cow;

// ---------------------------------------------------------------------------
// HTML to text
// ---------------------------------------------------------------------------

/// What an element does to the text around it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// Its text ends a sentence: p, li, h1-h6, td, th, dt, dd, br, div, section, blockquote.
    Sentence,
    /// Another block element: it only separates words.
    Soft,
    /// Its whole content is left out: nav, header, footer.
    Skipped,
    /// Inline: its text runs on.
    Inline,
}

/// The role of the element named `name` (lower case). A `match` on the name rather than a
/// search through lists: it runs for every tag of every page.
fn role(name: &str) -> Role {
    match name {
        "p" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "td" | "th" | "dt" | "dd" | "br"
        | "div" | "section" | "blockquote" => Role::Sentence,
        "article" | "aside" | "caption" | "details" | "dl" | "figcaption" | "figure" | "form"
        | "hr" | "main" | "ol" | "pre" | "summary" | "table" | "tbody" | "tfoot" | "thead"
        | "tr" | "ul" => Role::Soft,
        "nav" | "header" | "footer" => Role::Skipped,
        _ => Role::Inline,
    }
}

/// Elements whose raw content is left out without being parsed.
fn is_raw_text(name: &str) -> bool {
    matches!(name, "style" | "script" | "title")
}

/// Elements that never have content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Plain text of an HTML fragment: tags removed, entities `&amp;` `&lt;` `&gt;` `&quot;` `&#39;` `&nbsp;` `&rsquo;` `&lsquo;` `&ndash;` `&mdash;` and numeric `&#NNN;` / `&#xHH;` decoded, block elements (p, li, h1-h6, td, th, dt, dd, br, div, section, blockquote) end a sentence if their text does not already end with `.` `!` `?` or `:` (so list items and headings count as sentences), and contents of `<nav>`, `<header>`, `<footer>`, `<style>` elements with `class="visually-hidden"` and links to a `.pdf` are skipped.
///
/// Also skipped: `<script>`, `<title>` and comments. `&nbsp;` becomes a plain space, runs
/// of whitespace collapse to one space, and each finished block ends with a
/// newline. Unknown entities are kept as written.
pub(crate) fn text_of_html(html: &str) -> String {
    let mut st = HtmlText::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        st.text(&rest[..lt]);
        rest = st.markup(&rest[lt..]);
    }
    st.text(rest);
    st.out.trim().to_owned()
}

/// One parsed start or end tag.
#[derive(Debug)]
struct Tag<'a> {
    /// Lower case (copied only when written otherwise).
    name: Cow<'a, str>,
    closing: bool,
    self_closing: bool,
    hidden: bool,
}

/// Output being built by [`text_of_html`].
#[derive(Debug, Default)]
struct HtmlText {
    out: String,
    /// Where the text of the current block starts in `out`.
    block_start: usize,
    /// Element being skipped, and how deeply it is nested in itself.
    skip: Option<(String, usize)>,
}

impl HtmlText {
    /// Consumes the markup at the start of `s` (which starts with `<`) and returns the rest.
    fn markup<'a>(&mut self, s: &'a str) -> &'a str {
        if let Some(body) = s.strip_prefix("<!--") {
            return body.find("-->").map_or("", |e| &body[e + 3..]);
        }
        if s.starts_with("<!") || s.starts_with("<?") {
            return s.find('>').map_or("", |e| &s[e + 1..]);
        }
        let Some((tag, len)) = parse_tag(s) else {
            self.text("<");
            return &s[1..];
        };
        let rest = &s[len..];
        if !tag.closing && !tag.self_closing && is_raw_text(&tag.name) {
            return skip_raw(rest, &tag.name);
        }
        self.tag(&tag);
        rest
    }

    fn tag(&mut self, t: &Tag<'_>) {
        let name = &*t.name;
        let void = t.self_closing || is_void(name);
        if let Some((skipped, depth)) = &mut self.skip {
            if skipped == name && !void {
                if t.closing {
                    *depth -= 1;
                } else {
                    *depth += 1;
                }
                if *depth == 0 {
                    self.skip = None;
                }
            }
            return;
        }
        let role = role(name);
        let skip = role == Role::Skipped;
        if !t.closing && !void && (skip || t.hidden) {
            if skip {
                self.push_char(' ');
            }
            self.skip = Some((t.name.to_string(), 1));
        } else if role == Role::Sentence {
            self.end_block();
        } else if role == Role::Soft {
            self.push_char(' ');
        }
    }

    /// Appends text, decoding entities and collapsing white space.
    fn text(&mut self, raw: &str) {
        if self.skip.is_some() {
            return;
        }
        let mut rest = raw;
        while !rest.is_empty() {
            let used = self.push_str(rest);
            rest = &rest[used..];
            if !rest.is_empty() {
                let (decoded, used) = decode_entity(rest);
                self.push_char(decoded.unwrap_or('&'));
                rest = &rest[used..];
            }
        }
    }

    /// Appends one character, collapsing whitespace.
    fn push_char(&mut self, c: char) {
        if !c.is_whitespace() {
            self.out.push(c);
        } else if !self.out.is_empty() && !self.out.ends_with(char::is_whitespace) {
            self.out.push(' ');
        }
    }

    /// Appends `text` up to its first `&` as [`HtmlText::push_char`] would, a character at a
    /// time, but copies each span that needs no change (words and the single spaces between
    /// them) at once. Returns the bytes used: where the `&` is, or all of `text`.
    fn push_str(&mut self, text: &str) -> usize {
        let b = text.as_bytes();
        // Whether a space here would be dropped: at the start, or after another space.
        let mut spaced = self.out.is_empty() || self.out.ends_with(char::is_whitespace);
        // Start of the span not yet copied, which is kept as written.
        let mut start = 0;
        let mut i = 0;
        while i < b.len() {
            // Printable ASCII other than `&`, by far the most common: kept as it is.
            if b[i] > b' ' && b[i] < 0x80 && b[i] != b'&' {
                spaced = false;
                i += 1;
                continue;
            }
            if b[i] == b'&' {
                break;
            }
            let (space, len) = space_at(text, i);
            if !space {
                spaced = false;
            } else if b[i] == b' ' && !spaced {
                // A plain space after a kept character stays as written.
                spaced = true;
            } else {
                // Any other white space: one space in its place, unless one is there already.
                self.out.push_str(&text[start..i]);
                if !spaced {
                    self.out.push(' ');
                    spaced = true;
                }
                start = i + len;
            }
            i += len;
        }
        self.out.push_str(&text[start..i]);
        i
    }

    /// Ends the current block: adds a full stop if its text has no final punctuation.
    fn end_block(&mut self) {
        if !self.out[self.block_start..].trim().is_empty() {
            let keep = self.out.trim_end().len();
            self.out.truncate(keep);
            if !ends_sentence(&self.out) {
                self.out.push('.');
            }
            self.out.push('\n');
        }
        self.block_start = self.out.len();
    }
}

/// Whether the character at byte `i` of `text` is white space (as `char::is_whitespace` says),
/// and its length in bytes; ASCII is judged without decoding.
pub(super) fn space_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return (matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '), 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (c.is_whitespace(), c.len_utf8())
}

fn ends_sentence(s: &str) -> bool {
    let closers = ['"', '\'', '\u{2019}', '\u{201D}', ')', ']', '\u{BB}'];
    s.trim_end_matches(closers)
        .ends_with(['.', '!', '?', ':', '\u{2026}'])
}

/// Skips the raw content of a `<style>`, `<script>` or `<title>` up to and including its end tag.
fn skip_raw<'a>(rest: &'a str, name: &str) -> &'a str {
    let lower = rest.to_ascii_lowercase();
    let Some(p) = lower.find(&format!("</{name}")) else {
        return "";
    };
    let after = &rest[p..];
    after.find('>').map_or("", |e| &after[e + 1..])
}

/// Parses the tag at the start of `s`; returns it and its length in bytes.
fn parse_tag(s: &str) -> Option<(Tag<'_>, usize)> {
    let b = s.as_bytes();
    let closing = b.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    let mut i = name_start;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
        i += 1;
    }
    if i == name_start || !b[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = match &s[name_start..i] {
        lower if !lower.bytes().any(|b| b.is_ascii_uppercase()) => Cow::Borrowed(lower),
        mixed => Cow::Owned(mixed.to_ascii_lowercase()),
    };
    let (gt, hidden) = scan_attributes(s, i)?;
    let self_closing = s[..gt].trim_end().ends_with('/');
    let tag = Tag {
        name,
        closing,
        self_closing,
        hidden,
    };
    Some((tag, gt + 1))
}

/// Reads attributes from byte `i` to the closing `>`: returns the position of
/// the `>` and whether the element is left out: its class list holds "visually-hidden", or it
/// links to a PDF.
fn scan_attributes(s: &str, mut i: usize) -> Option<(usize, bool)> {
    let b = s.as_bytes();
    let mut hidden = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if *b.get(i)? == b'>' {
            return Some((i, hidden));
        }
        let name_start = i;
        while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let name = &s[name_start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) == Some(&b'=') {
            let (value, next) = attr_value(s, i + 1)?;
            let class = name.eq_ignore_ascii_case("class");
            hidden |= class
                && value
                    .split_ascii_whitespace()
                    .any(|c| c == "visually-hidden");
            // A link to a PDF (the printed leaflet, "Printable leaflet (PDF, 2 pages, 84 KB)")
            // describes a file, not the advice: its words are not scored.
            hidden |= name.eq_ignore_ascii_case("href") && value.ends_with(".pdf");
            i = next;
        }
    }
}

/// Reads an attribute value starting at byte `i` (after the `=`); returns it
/// and the byte after it.
fn attr_value(s: &str, mut i: usize) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    match *b.get(i)? {
        q @ (b'"' | b'\'') => {
            let end = i + 1 + s[i + 1..].find(char::from(q))?;
            Some((&s[i + 1..end], end + 1))
        }
        _ => {
            let mut j = i;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                j += 1;
            }
            Some((&s[i..j], j))
        }
    }
}

/// Decodes the entity at the start of `s` (which starts with `&`): returns the
/// character, or None if it is not a known entity, and the bytes consumed.
fn decode_entity(s: &str) -> (Option<char>, usize) {
    let Some(semi) = s
        .char_indices()
        .take(12)
        .find(|&(_, c)| c == ';')
        .map(|(i, _)| i)
    else {
        return (None, 1);
    };
    let decoded = match &s[1..semi] {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "rsquo" => Some('\u{2019}'),
        "lsquo" => Some('\u{2018}'),
        "rdquo" => Some('\u{201D}'),
        "ldquo" => Some('\u{201C}'),
        "ndash" => Some('\u{2013}'),
        "mdash" => Some('\u{2014}'),
        "hellip" => Some('\u{2026}'),
        name => numeric_entity(name),
    };
    match decoded {
        Some(c) => (Some(c), semi + 1),
        None => (None, 1),
    }
}

/// `#NNN` or `#xHH` (without the `&` and `;`).
fn numeric_entity(name: &str) -> Option<char> {
    let num = name.strip_prefix('#')?;
    let code = match num.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => num.parse().ok()?,
    };
    char::from_u32(code)
}
