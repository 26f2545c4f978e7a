//! Strict TOML deserialisation whose errors point into the file (not into the embedded block),
//! shared by `site.toml`, front matter and tree files.

use crate::diagnostics::{Diagnostic, Located};
use serde::de::DeserializeOwned;

pub(crate) mod fields;
mod hints;
pub(crate) use hints::date_message;

/// Deserialises `block`, which starts at byte `base` of `src`, into `T`; a syntax error, unknown
/// key or wrong type becomes one diagnostic at the offending position.
pub(crate) fn from_str<T: DeserializeOwned>(
    src: Located<'_>,
    base: usize,
    block: &str,
) -> Result<T, Diagnostic> {
    toml::from_str(block).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        let key = key_at(block, at);
        let message = hints::improve(e.message(), line_at(block, at), key.as_deref())
            .unwrap_or_else(|| {
                let message = tidy_message(e.message());
                // Name the key when the message does not ("invalid type: integer `42`, expected
                // a string").
                match key.filter(|k| !message.contains(&format!("`{k}`"))) {
                    Some(key) => format!("`{key}`: {message}"),
                    None => message,
                }
            });
        src.error(base + at, message)
    })
}

/// The whole line of `block` that holds byte `at`.
fn line_at(block: &str, at: usize) -> &str {
    let at = at.min(block.len());
    let start = block[..at].rfind('\n').map_or(0, |i| i + 1);
    block[start..].lines().next().unwrap_or("")
}

/// Makes serde's wording read well for a content designer.
fn tidy_message(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    if let Some(rest) = message.strip_prefix("unknown field ") {
        // "unknown field `x`, expected one of `a`, `b`" -> "unknown key `x` (expected one of ...)"
        return match rest.split_once(", expected ") {
            Some((key, expected)) => format!("unknown key {key}; expected {expected}"),
            None => format!("unknown key {rest}"),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("missing required key {rest}");
    }
    message.to_string()
}

/// The key set on the line holding byte `at`, if that line reads `key = value`.
fn key_at(block: &str, at: usize) -> Option<String> {
    let (key, _) = line_at(block, at).split_once('=')?;
    let key = key.trim();
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
    plain.then(|| key.to_string())
}

/// Byte offset of the line that sets top-level `key` in `text` (0 if not found).
pub(crate) fn key_offset(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0
}

/// The calendar date of a year, month and day, or `None` for an impossible day (31 April).
pub(crate) fn ymd(year: i32, month: u8, day: u8) -> Option<time::Date> {
    let month = time::Month::try_from(month).ok()?;
    time::Date::from_calendar_date(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidies_unknown_field() {
        assert_eq!(
            tidy_message("unknown field `x`, expected `a` or `b`"),
            "unknown key `x`; expected `a` or `b`"
        );
    }

    #[test]
    fn names_the_key_in_type_errors() {
        let src = Located {
            path: std::path::Path::new("s.toml"),
            text: "a = 1\ntitle = 42\n",
        };
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct T {
            a: i64,
            title: String,
        }
        let err = from_str::<T>(src, 0, src.text).unwrap_err();
        assert_eq!((err.line, err.col), (2, 9));
        assert!(
            err.message.starts_with("`title`: invalid type"),
            "{}",
            err.message
        );
    }

    #[test]
    fn finds_key_line() {
        assert_eq!(key_offset("a = 1\n  b = 2\n", "b"), 8);
        assert_eq!(key_offset("ab = 1\n", "a"), 0);
    }
}
