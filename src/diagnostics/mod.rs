//! Content problems (`path:line:col: severity: message`), collected across the whole site by every
//! stage and reported together once the build has looked at everything.

pub mod snippet;

pub use snippet::{Format, Style};
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a content problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails.
    Error,
    /// Reported; the build still succeeds (unless `--strict` promotes it).
    Warning,
}

/// One content problem, positioned in a source file (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Path of the file, relative to the site root (e.g. `content/causes/x.md`).
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in words a content designer understands.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = self.path.display().to_string().replace('\\', "/");
        write!(
            f,
            "{path}:{}:{}: {sev}: {}",
            self.line, self.col, self.message
        )
    }
}

/// A source text with the file it came from, able to turn byte offsets into line and column.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    /// Path relative to the site root.
    pub path: &'a Path,
    /// The whole file's text.
    pub text: &'a str,
}

impl Located<'_> {
    /// An error at byte `offset` of the file.
    pub fn error(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        self.at(offset, Severity::Error, message.into())
    }

    /// A warning at byte `offset` of the file.
    pub fn warning(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        self.at(offset, Severity::Warning, message.into())
    }

    fn at(&self, offset: usize, severity: Severity, message: String) -> Diagnostic {
        let (line, col) = line_col(self.text, offset);
        Diagnostic {
            path: self.path.to_path_buf(),
            line,
            col,
            severity,
            message,
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`; offsets past the end or
/// inside a character are clamped to the nearest earlier character boundary.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// A diagnostic for a whole file (line 1, column 1).
pub fn file_error(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        path: path.to_path_buf(),
        line: 1,
        col: 1,
        severity: Severity::Error,
        message: message.into(),
    }
}

/// A warning about a whole file (line 1, column 1).
pub fn file_warning(path: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..file_error(path, message)
    }
}

/// The problem with a file that is not UTF-8, at the line and column of its first bad byte
/// (`bytes` is the file as read, after any byte-order mark; `err` is what decoding it said).
pub fn invalid_utf8(path: &Path, bytes: &[u8], err: std::str::Utf8Error) -> Diagnostic {
    let valid = &bytes[..err.valid_up_to().min(bytes.len())];
    let text = std::str::from_utf8(valid).unwrap_or_default();
    let src = Located { path, text };
    src.error(
        text.len(),
        "file is not valid UTF-8: save it with UTF-8 encoding",
    )
}

/// Whether `d` is an error (a filter for iterators of diagnostics).
pub fn is_error(d: &Diagnostic) -> bool {
    d.severity == Severity::Error
}

/// Number of diagnostics of each severity: `(errors, warnings)`.
pub fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diags.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_on_first_line() {
        assert_eq!(line_col("abc", 0), (1, 1));
        assert_eq!(line_col("abc", 2), (1, 3));
    }

    #[test]
    fn line_col_counts_lines_and_chars() {
        let text = "one\ntwo é\nthree";
        assert_eq!(line_col(text, 4), (2, 1));
        assert_eq!(line_col(text, text.find("three").unwrap()), (3, 1));
        // column counts characters, not bytes: 'é' is two bytes
        assert_eq!(line_col(text, text.find('é').unwrap() + 2), (2, 6));
    }

    #[test]
    fn invalid_utf8_is_placed_at_its_first_bad_byte() {
        let error = |bytes: &[u8]| std::str::from_utf8(bytes).unwrap_err();
        let bytes = b"ok\nab\xffc\n";
        let d = invalid_utf8(Path::new("t.html"), bytes, error(bytes));
        assert_eq!(
            d.to_string(),
            "t.html:2:3: error: file is not valid UTF-8: save it with UTF-8 encoding"
        );
        let bytes = b"\xff";
        let d = invalid_utf8(Path::new("t"), bytes, error(bytes));
        assert_eq!((d.line, d.col), (1, 1));
    }

    #[test]
    fn line_col_clamps_past_end() {
        assert_eq!(line_col("ab\n", 99), (2, 1));
    }
}
