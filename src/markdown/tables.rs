//! Tables that read on a phone: every Markdown table is wrapped in a box that scrolls sideways
//! on its own (`.table-scroll`), so the page never does. The box can be focused and scrolled
//! with the keyboard, and screen readers announce it as a region named after the table (its
//! nearest heading above). Runs after the raw-HTML check: this is carepath's own markup.

use super::Spanned;
use crate::templates::escape_html;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The class of the scroll box the theme styles.
pub const SCROLL_CLASS: &str = "table-scroll";

/// Wraps every table in `events` in its scroll box.
pub fn wrap(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    // Most pages have no table: they are handed on as they are, not copied.
    if !(events.iter()).any(|(event, _)| matches!(event, Event::Start(Tag::Table(_)))) {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut heading: Option<String> = None;
    let mut in_heading = false;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if in_heading => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(t);
                }
            }
            Event::Start(Tag::Table(_)) => {
                out.push((Event::Html(open_tag(heading.as_deref())), range.clone()));
            }
            _ => {}
        }
        let closes = matches!(event, Event::End(TagEnd::Table));
        let end = range.end;
        out.push((event, range));
        if closes {
            out.push((Event::Html(CowStr::Borrowed("</div>\n")), end..end));
        }
    }
    out
}

/// `<div class="table-scroll" role="region" aria-label="Table: …" tabindex="0">`.
fn open_tag(heading: Option<&str>) -> CowStr<'static> {
    let label = match heading.map(str::trim).filter(|h| !h.is_empty()) {
        Some(h) => format!("Table: {h}"),
        None => "Table".to_string(),
    };
    CowStr::from(format!(
        "<div class=\"{SCROLL_CLASS}\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n",
        escape_html(&label)
    ))
}

#[cfg(test)]
mod tests {
    use crate::markdown::{Snippets, render};

    #[test]
    fn tables_scroll_in_a_labelled_focusable_box() {
        let r = render(
            "## Doses & times\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            &Snippets::default(),
        );
        assert!(
            r.html.contains(
                "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table: Doses &amp; times\" tabindex=\"0\">\n<table>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("</table>\n</div>\n"), "{}", r.html);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn a_table_before_any_heading_is_named_table() {
        let r = render("| a |\n|---|\n| 1 |\n", &Snippets::default());
        assert!(r.html.contains("aria-label=\"Table\""), "{}", r.html);
    }
}
