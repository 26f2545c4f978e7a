//! Tera's errors as positioned diagnostics. A parse error carries pest's `--> line:col`; other
//! errors (a missing parent or macro file, a variable or filter not found while rendering) name
//! the template and, in backticks or quotes, what went wrong, which is looked up in the
//! template's tags. Where Tera names nothing that can be found, the problem is put on line 1,
//! column 1 of the template, and the message says so.

use super::TemplateSource;
use crate::diagnostics::{Diagnostic, Located};
use std::collections::BTreeMap;

/// A template problem met while rendering, carried through `anyhow` to the build, which reports
/// it as a diagnostic ([`problem_of`]).
#[derive(Debug)]
pub(crate) struct TemplateProblem(pub(crate) Diagnostic);

impl std::fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for TemplateProblem {}

/// The template problem anywhere in `e`'s chain, if it is one.
pub(crate) fn problem_of(e: &anyhow::Error) -> Option<Diagnostic> {
    e.chain()
        .find_map(|cause| cause.downcast_ref::<TemplateProblem>())
        .map(|p| p.0.clone())
}

/// Every message in `e`'s chain, outermost first (Tera's `Display` hides the cause).
fn messages(e: &tera::Error) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        out.push(c.to_string());
        cause = c.source();
    }
    out
}

/// A parse error of template `source`: at pest's position, with pest's expectation as the
/// message. Any other error of one template goes through [`located`].
pub(super) fn parse_error(source: &TemplateSource, e: &tera::Error) -> Diagnostic {
    let all = messages(e);
    let innermost = all.last().map_or("", String::as_str);
    match pest_position(innermost) {
        Some((line, col)) => {
            let expected = innermost
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("= "))
                .unwrap_or("the template cannot be read here");
            Diagnostic {
                path: source.origin.clone(),
                line,
                col,
                severity: crate::diagnostics::Severity::Error,
                message: format!("template syntax error: {expected}"),
            }
        }
        None => at_token(source, innermost, &[]),
    }
}

/// Any other Tera error (inheritance, macros, rendering) at the template it names and the place
/// in it of the first thing it names that can be found in a tag.
pub(super) fn located(
    templates: &BTreeMap<String, TemplateSource>,
    rendering: &str,
    e: &tera::Error,
) -> Diagnostic {
    let all = messages(e);
    let innermost = all.last().map_or("", String::as_str);
    let tokens = quoted(innermost);
    // The template named as being rendered, innermost first; else the first template named.
    let named = all
        .iter()
        .rev()
        .find_map(|m| after(m, "while rendering '"))
        .or_else(|| tokens.iter().find(|t| templates.contains_key(**t)).copied())
        .unwrap_or(rendering);
    let Some(source) = templates.get(named) else {
        let any = templates.values().next();
        return match any {
            Some(source) => at_token(source, innermost, &[]),
            None => crate::diagnostics::file_error(std::path::Path::new(named), innermost),
        };
    };
    let others: Vec<&str> = tokens.iter().copied().filter(|t| *t != named).collect();
    if find_in_tags(&source.text, &others).is_none() {
        // Blocks and macros run in the template that defines them: look there too.
        let holder = templates
            .values()
            .find(|s| find_in_tags(&s.text, &others).is_some());
        if let Some(holder) = holder {
            return at_token(holder, innermost, &others);
        }
    }
    at_token(source, innermost, &others)
}

/// `message` at the first of `tokens` found in a tag of `source`, or at 1:1, saying so.
fn at_token(source: &TemplateSource, message: &str, tokens: &[&str]) -> Diagnostic {
    let src = Located {
        path: &source.origin,
        text: &source.text,
    };
    let message = message.trim().trim_end_matches('.');
    match find_in_tags(&source.text, tokens) {
        Some(at) => src.error(at, format!("template error: {message}")),
        None => src.error(
            0,
            format!("template error: {message} (Tera does not say where in the template; line 1 stands for the whole file)"),
        ),
    }
}

/// The byte offset of the first of `tokens` that stands inside a `{{ }}` or `{% %}` tag.
fn find_in_tags(text: &str, tokens: &[&str]) -> Option<usize> {
    tokens.iter().filter(|t| !t.is_empty()).find_map(|token| {
        text.match_indices(token)
            .map(|(at, _)| at)
            .find(|at| in_tag(text, *at))
    })
}

/// Whether byte `at` is inside a tag: the last opener before it comes after the last closer.
fn in_tag(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let opened = before.rfind("{{").max(before.rfind("{%"));
    let closed = before.rfind("}}").max(before.rfind("%}"));
    match (opened, closed) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// The words in backticks or single quotes in `message`, in order.
fn quoted(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for mark in ['`', '\''] {
        let mut parts = message.split(mark);
        parts.next();
        while let Some(inside) = parts.next() {
            if !inside.is_empty() && inside.len() < 200 {
                out.push(inside);
            }
            parts.next();
        }
    }
    out
}

/// The text after `prefix` up to the next `'`.
fn after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    rest.split('\'').next()
}

/// Line and column from pest's `--> 3:8`.
fn pest_position(text: &str) -> Option<(usize, usize)> {
    let after = text.split("--> ").nth(1)?;
    let (line, rest) = after.split_once(':')?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn source(name: &str, text: &str) -> (String, TemplateSource) {
        let origin = PathBuf::from(format!("themes/t/templates/{name}"));
        let text = text.to_string();
        (name.to_string(), TemplateSource { origin, text })
    }

    #[test]
    fn a_render_error_is_placed_at_the_variable_it_names() {
        let templates: BTreeMap<_, _> = [source("page.html", "<p>\n  {{ nope.x }}\n</p>\n")].into();
        let mut tera = tera::Tera::default();
        tera.add_raw_template("page.html", &templates["page.html"].text)
            .unwrap();
        let e = tera.render("page.html", &tera::Context::new()).unwrap_err();
        let d = located(&templates, "page.html", &e);
        assert_eq!(
            d.to_string(),
            "themes/t/templates/page.html:2:6: error: template error: Variable `nope.x` not found in context while rendering 'page.html'"
        );
    }

    #[test]
    fn a_missing_parent_is_placed_at_the_extends_tag() {
        let templates: BTreeMap<_, _> =
            [source("page.html", "\n{% extends \"gone.html\" %}\n")].into();
        let mut tera = tera::Tera::default();
        let e = tera
            .add_raw_templates(vec![("page.html", &templates["page.html"].text)])
            .unwrap_err();
        let d = located(&templates, "page.html", &e);
        assert_eq!((d.line, d.col), (2, 13), "{d}");
    }

    #[test]
    fn nothing_named_falls_back_to_the_start_and_says_so() {
        let (_, s) = source("page.html", "text");
        let d = at_token(&s, "Something failed.", &[]);
        assert_eq!((d.line, d.col), (1, 1));
        assert!(d.message.ends_with("line 1 stands for the whole file)"));
    }
}
