//! Shared snippets: a paragraph that is exactly `{{ include snippets/NAME.md }}` is replaced by
//! the Markdown of that file, so a list that must never drift apart (the emergency signs) is
//! written once and shown on every page that needs it. Runs first in the chain of passes, so
//! an included snippet is checked like the rest of the page.
//!
//! A paragraph that is exactly `{{ signoff }}` is filled the same way, from the text the site
//! makes of its clinical sign-off record ([`SIGNOFF`]): who is responsible for the content, or
//! that no clinician has reviewed it yet. While a page is loaded that text is not known yet, and
//! the directive shows nothing.

use super::{Problem, Spanned};
use crate::paths::SNIPPETS_DIR;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The site's snippets by source path relative to `content/` (`snippets/emergency-signs.md`).
pub type Snippets = Arc<BTreeMap<PathBuf, String>>;

/// The name under which the sign-off statement is handed to [`expand`] in the snippets: not a
/// path, so no file can take its place.
pub const SIGNOFF: &str = "@signoff";

/// Replaces every include paragraph with the snippet's events, positioned at the directive.
pub(super) fn expand<'a>(
    events: Vec<Spanned<'a>>,
    snippets: &Snippets,
    opts: pulldown_cmark::Options,
    problems: &mut Vec<Problem>,
) -> Vec<Spanned<'a>> {
    let mut found = directives(&events).into_iter().peekable();
    if found.peek().is_none() {
        return events; // most pages include nothing
    }
    let mut out = Vec::with_capacity(events.len());
    let mut skip_to = None;
    for (i, event) in events.into_iter().enumerate() {
        if skip_to.is_some_and(|end| i <= end) {
            continue;
        }
        let Some((_, name, end)) = found.next_if(|(start, ..)| *start == i) else {
            out.push(event);
            continue;
        };
        skip_to = Some(end);
        let range = event.1;
        match snippets.get(&PathBuf::from(&name)) {
            Some(text) => {
                out.extend(Parser::new_ext(text, opts).map(|e| (e.into_static(), range.clone())))
            }
            None if name == SIGNOFF => {} // while loading: filled when the page is written
            None => problems.push(Problem {
                offset: range.start,
                message: missing(&name, snippets),
                is_error: true,
            }),
        }
    }
    out
}

/// Every include paragraph: where it starts, the snippet it names and where it ends.
fn directives(events: &[Spanned<'_>]) -> Vec<(usize, String, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match directive(events, i) {
            Some((name, end)) => {
                found.push((i, name, end));
                i = end + 1;
            }
            None => i += 1,
        }
    }
    found
}

/// `text` with every line that is an include directive replaced by the snippet's Markdown, for
/// exports that show the source text (the printed steps, FHIR help items).
pub fn expand_source(text: &str, snippets: &Snippets) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match parse(line).and_then(|name| snippets.get(&PathBuf::from(name))) {
            Some(snippet) => {
                out.push_str(snippet.trim_end());
                out.push('\n');
            }
            None => out.push_str(line),
        }
    }
    out
}

/// Every snippet `text` names in an include directive (`{{ include snippets/x.md }}`), sorted,
/// each once. It looks at every `{{ … }}` in the text, not only whole paragraphs, so it may name
/// a snippet the page does not show (one in a code block): for sign-off, more is safe.
pub fn includes(text: &str) -> Vec<std::path::PathBuf> {
    let mut found = std::collections::BTreeSet::new();
    for (start, _) in text.match_indices("{{") {
        if let Some(len) = text[start..].find("}}")
            && let Some(name) = parse(&text[start..start + len + 2])
            && name != SIGNOFF
        {
            found.insert(PathBuf::from(name));
        }
    }
    found.into_iter().collect()
}

/// If a paragraph starts at `i` and holds only `{{ include PATH }}`, the path and the index of
/// the paragraph's end.
fn directive(events: &[Spanned<'_>], i: usize) -> Option<(String, usize)> {
    let (Event::Start(Tag::Paragraph), _) = &events[i] else {
        return None;
    };
    // A directive's text starts with `{`; most paragraphs' do not, and are passed over without
    // gathering their text.
    let texts = events[i + 1..].iter().map_while(|(e, _)| match e {
        Event::Text(t) => Some(t),
        _ => None,
    });
    if texts.flat_map(|t| t.chars()).find(|c| !c.is_whitespace()) != Some('{') {
        return None;
    }
    let mut text = String::new();
    for (j, (event, _)) in events.iter().enumerate().skip(i + 1) {
        match event {
            Event::Text(t) => text.push_str(t),
            Event::End(TagEnd::Paragraph) => return parse(&text).map(|p| (p, j)),
            _ => return None,
        }
    }
    None
}

/// Whether `text` has a `{{ signoff }}` directive line (a page that shows the sign-off
/// statement).
pub fn shows_signoff(text: &str) -> bool {
    text.contains("signoff")
        && (text.lines()).any(|line| parse(line).is_some_and(|name| name == SIGNOFF))
}

/// `{{ include snippets/x.md }}` → `snippets/x.md`; `{{ signoff }}` → [`SIGNOFF`].
fn parse(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    if inner == "signoff" {
        return Some(SIGNOFF.to_string());
    }
    let path = inner.strip_prefix("include")?;
    path.starts_with(char::is_whitespace)
        .then(|| path.trim().trim_matches('"').to_string())
}

fn missing(name: &str, snippets: &Snippets) -> String {
    let known: Vec<String> = snippets.keys().map(|p| p.display().to_string()).collect();
    let hint = if known.is_empty() {
        format!("put shared text in `content/{SNIPPETS_DIR}/NAME.md`")
    } else {
        format!("the snippets are: {}", known.join(", "))
    };
    format!("no snippet `content/{name}` to include: {hint}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_directive() {
        assert_eq!(
            parse("{{ include snippets/a.md }}").as_deref(),
            Some("snippets/a.md")
        );
        assert_eq!(
            parse(" {{include \"snippets/a.md\"}} ").as_deref(),
            Some("snippets/a.md")
        );
        assert_eq!(parse("{{ includes snippets/a.md }}"), None);
        assert_eq!(parse("see {{ include snippets/a.md }}"), None);
        assert_eq!(parse("{{ signoff }}").as_deref(), Some(SIGNOFF));
        assert_eq!(parse("{{ signoffs }}"), None);
    }

    #[test]
    fn the_signoff_directive_is_no_snippet_a_page_depends_on() {
        let text = "Intro.\n\n{{ signoff }}\n\n{{ include snippets/a.md }}\n";
        assert!(shows_signoff(text));
        assert_eq!(includes(text), vec![PathBuf::from("snippets/a.md")]);
        assert!(!shows_signoff("We record every signoff.\n"));
    }

    #[test]
    fn lists_every_snippet_a_text_includes() {
        let text = "a\n\n{{ include snippets/b.md }}\n\nhelp = \"{{ include snippets/a.md }}\"\n{{ include snippets/b.md }} {{ x }}";
        assert_eq!(
            includes(text),
            [
                PathBuf::from("snippets/a.md"),
                PathBuf::from("snippets/b.md")
            ]
        );
    }
}
