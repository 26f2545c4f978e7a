//! Text that looks like a tag whose `<` was lost in copying (`div class="note">` at the start
//! of a line): readers would see it as text, so it gets a warning at its place.

use super::{Problem, Spanned};
use crate::html_policy::allow;
use pulldown_cmark::{Event, Tag, TagEnd};

/// A warning for each line of text that starts like a tag without its `<`.
pub(super) fn check(events: &[Spanned<'_>], body: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut in_code = false;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(text) if !in_code => {
                let at_line_start = range.start == 0 || body[..range.start].ends_with('\n');
                let as_written = body
                    .get(range.start..)
                    .is_some_and(|s| s.starts_with(&**text));
                if at_line_start
                    && as_written
                    && let Some(tag) = broken_tag(text)
                {
                    problems.push(Problem {
                        offset: range.start,
                        message: format!("`{tag}` looks like a tag with its `<` missing: readers see it as text; write `<{tag}` if it is meant to be HTML"),
                        is_error: false,
                    });
                }
            }
            _ => {}
        }
    }
    problems
}

/// The tag as written (up to its `>`), when `text` starts with an element name carepath knows,
/// a space, an attribute with `=`, and a `>` later on the line.
fn broken_tag(text: &str) -> Option<&str> {
    let line = text.lines().next()?;
    let name_end = line.find(|c: char| !c.is_ascii_alphanumeric())?;
    let name = line[..name_end].to_ascii_lowercase();
    if name.is_empty() || !allow::element_allowed(&name, true) {
        return None;
    }
    let rest = &line[name_end..];
    let attr = rest
        .strip_prefix(|c: char| c == ' ' || c == '\t')?
        .trim_start();
    let attr_end = attr.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))?;
    if attr_end == 0 || !attr[attr_end..].starts_with('=') {
        return None;
    }
    let close = line.find('>')?;
    Some(&line[..=close])
}

#[cfg(test)]
mod tests {
    use super::broken_tag;

    #[test]
    fn finds_tags_missing_their_opening_bracket() {
        assert_eq!(
            broken_tag("div class=\"note\">Call us"),
            Some("div class=\"note\">")
        );
        assert_eq!(broken_tag("span id=x>y"), Some("span id=x>"));
        assert_eq!(broken_tag("a href=\"/x\">link"), Some("a href=\"/x\">"));
        // Prose, unknown names and text without `=` or `>` are left alone.
        assert_eq!(broken_tag("p values > 5 are high"), None);
        assert_eq!(broken_tag("divide x=3 > 2"), None);
        assert_eq!(broken_tag("div class=\"note\" and more"), None);
    }
}
