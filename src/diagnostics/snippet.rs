//! Diagnostics as people read them: `path:line:col: error: message`, then the source line with
//! a caret under the column (rustc style, drawn by `annotate-snippets`), optionally coloured.
//! The one-line form (`--format short`) is for editors and CI logs.

use super::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The header line, then the source line and a caret.
    #[default]
    Full,
    /// The header line only.
    Short,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "full" => Ok(Format::Full),
            "short" => Ok(Format::Short),
            other => Err(format!("unknown format `{other}`: use `full` or `short`")),
        }
    }
}

/// How to draw diagnostics: their form and whether to colour them (ANSI escapes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Full or short.
    pub format: Format,
    /// ANSI colours (only for a terminal).
    pub color: bool,
}

/// Renders `diags`, reading each file's text through `read` (a path as shown in the diagnostic,
/// e.g. `content/x.md`); a file that cannot be read is shown without its line. `shown` maps a
/// diagnostic's path to the path printed (e.g. prefixed with the site folder).
pub fn render(
    diags: &[Diagnostic],
    style: Style,
    shown: &dyn Fn(&Path) -> PathBuf,
    read: &dyn Fn(&Path) -> Option<String>,
) -> String {
    let mut texts: BTreeMap<&Path, Option<String>> = BTreeMap::new();
    let mut out = String::new();
    for d in diags {
        let header = Diagnostic {
            path: shown(&d.path),
            ..d.clone()
        };
        let _ = writeln!(out, "{}", header_line(&header, style.color));
        if style.format == Format::Short {
            continue;
        }
        let text = texts.entry(&d.path).or_insert_with(|| read(&d.path));
        if let Some(snippet) = text
            .as_deref()
            .and_then(|t| source_snippet(d, t, style.color))
        {
            out.push_str(&snippet);
            out.push('\n');
        }
    }
    out
}

/// `path:line:col: error: message`, with the severity coloured on request.
fn header_line(d: &Diagnostic, color: bool) -> String {
    let plain = d.to_string();
    if !color {
        return plain;
    }
    let (word, code) = match d.severity {
        Severity::Error => ("error", "\x1b[1;31m"),
        Severity::Warning => ("warning", "\x1b[1;33m"),
    };
    let marker = format!(": {word}: ");
    match plain.split_once(&marker) {
        Some((at, message)) => format!("\x1b[1m{at}\x1b[0m: {code}{word}\x1b[0m: {message}"),
        None => plain,
    }
}

/// The diagnostic's source line with a caret under its column, or `None` when the line is not
/// in `text` (a whole-file problem on an empty file, say).
fn source_snippet(d: &Diagnostic, text: &str, color: bool) -> Option<String> {
    let line = text.lines().nth(d.line.checked_sub(1)?)?;
    let line = line.strip_suffix('\r').unwrap_or(line);
    let start = line
        .char_indices()
        .nth(d.col.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let end = line[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let report = &[Group::with_level(level).element(
        Snippet::source(line)
            .line_start(d.line)
            .fold(false)
            .annotation(AnnotationKind::Primary.span(start..end)),
    )];
    let renderer = match color {
        true => Renderer::styled(),
        false => Renderer::plain(),
    };
    let mut drawn = renderer.render(report);
    drawn.push('\n');
    Some(drawn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(line: usize, col: usize) -> Diagnostic {
        Diagnostic {
            path: PathBuf::from("content/a.md"),
            line,
            col,
            severity: Severity::Error,
            message: "broken link".into(),
        }
    }

    fn full(d: &Diagnostic, text: &str) -> String {
        let text = text.to_string();
        render(
            std::slice::from_ref(d),
            Style::default(),
            &|p| p.to_path_buf(),
            &|_| Some(text.clone()),
        )
    }

    #[test]
    fn caret_sits_under_the_column_counted_in_characters() {
        let shown = full(&diag(2, 4), "title\nné [x](y.md)\n");
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[0], "content/a.md:2:4: error: broken link");
        let source = lines
            .iter()
            .position(|l| l.ends_with("né [x](y.md)"))
            .unwrap();
        let caret = lines[source + 1];
        let gutter = lines[source].find("né").unwrap();
        // The caret is under the fourth character, `[`, three characters after the gutter.
        assert_eq!(caret.chars().position(|c| c == '^'), Some(gutter + 3));
    }

    #[test]
    fn short_format_is_the_header_only() {
        let d = diag(1, 1);
        let shown = render(
            std::slice::from_ref(&d),
            Style {
                format: Format::Short,
                color: false,
            },
            &|p| p.to_path_buf(),
            &|_| Some("text".into()),
        );
        assert_eq!(shown, "content/a.md:1:1: error: broken link\n");
    }

    #[test]
    fn a_line_past_the_end_shows_the_header_alone() {
        assert_eq!(
            full(&diag(5, 1), ""),
            "content/a.md:5:1: error: broken link\n"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let d = diag(1, 1);
        let plain = full(&d, "x");
        assert!(!plain.contains('\x1b'));
        let coloured = render(
            std::slice::from_ref(&d),
            Style {
                format: Format::Full,
                color: true,
            },
            &|p| p.to_path_buf(),
            &|_| Some("x".into()),
        );
        assert!(coloured.starts_with("\x1b[1mcontent/a.md:1:1\x1b[0m: \x1b[1;31merror\x1b[0m: "));
    }
}
