//! What `serve` prints after an edit: only the problems that are new and those that are fixed
//! since the last print, then one line counting them, so a new error is not buried under the
//! 200 warnings the site already had. A problem that only moved (a line added above it) is the
//! same problem: problems are matched by file, severity and message, not by position.

use crate::diagnostics::{Diagnostic, Style};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The problems of a rebuild against those printed before it.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Changes {
    /// Problems not there before, in the rebuild's order.
    pub new: Vec<Diagnostic>,
    /// Problems there before and gone now, at the position they were printed at.
    pub fixed: Vec<Diagnostic>,
    /// Problems still there.
    pub unchanged: usize,
}

/// What makes two problems the same problem across an edit.
type Key<'a> = (&'a Path, crate::diagnostics::Severity, &'a str);

fn key(d: &Diagnostic) -> Key<'_> {
    (&d.path, d.severity, &d.message)
}

/// The problems in `after` that `before` did not have, those of `before` that `after` has not,
/// and how many are in both (each counted as often as it appears).
pub(super) fn between(before: &[Diagnostic], after: &[Diagnostic]) -> Changes {
    let mut left: BTreeMap<Key<'_>, usize> = BTreeMap::new();
    for d in before {
        *left.entry(key(d)).or_default() += 1;
    }
    let mut changes = Changes::default();
    for d in after {
        match left.get_mut(&key(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                changes.unchanged += 1;
            }
            _ => changes.new.push(d.clone()),
        }
    }
    for d in before.iter().rev() {
        if let Some(n) = left.get_mut(&key(d)).filter(|n| **n > 0) {
            *n -= 1;
            changes.fixed.push(d.clone());
        }
    }
    changes.fixed.reverse();
    changes
}

impl Changes {
    /// Whether anything is new or fixed.
    pub(super) fn any(&self) -> bool {
        !self.new.is_empty() || !self.fixed.is_empty()
    }

    /// The new problems as `build` prints them, a `fixed:` line for each fixed one, and the
    /// count: `2 new, 1 fixed, 198 unchanged problems`.
    pub(super) fn text(&self, site: &Path, style: Style) -> String {
        let mut out = crate::summary::diagnostics(site, &self.new, style);
        for d in &self.fixed {
            let mut shown = d.clone();
            shown.path = shown_path(site, &d.path);
            out.push_str(&format!("fixed: {shown}\n"));
        }
        let problems = match self.unchanged {
            1 => "problem",
            _ => "problems",
        };
        out.push_str(&format!(
            "{} new, {} fixed, {} unchanged {problems}\n",
            self.new.len(),
            self.fixed.len(),
            self.unchanged
        ));
        out
    }
}

/// A problem's file as the author opens it from where they ran `serve` (as `build` names it).
fn shown_path(site: &Path, path: &Path) -> PathBuf {
    match site == Path::new(".") {
        true => path.to_path_buf(),
        false => site.join(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Format, Severity};

    fn d(path: &str, line: usize, severity: Severity, message: &str) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            line,
            col: 1,
            severity,
            message: message.into(),
        }
    }

    #[test]
    fn only_new_and_fixed_problems_are_told_and_moved_ones_are_unchanged() {
        let w = Severity::Warning;
        let before = [
            d("content/a.md", 3, w, "long sentence"),
            d("content/a.md", 9, w, "long sentence"),
            d("content/b.md", 4, w, "heavy image"),
        ];
        let after = [
            d("content/a.md", 4, w, "long sentence"),
            d("content/a.md", 10, w, "long sentence"),
            d("content/c.md", 2, Severity::Error, "broken link"),
        ];
        let changes = between(&before, &after);
        assert_eq!(changes.unchanged, 2);
        assert_eq!(changes.new, [after[2].clone()]);
        assert_eq!(changes.fixed, [before[2].clone()]);
        let style = Style {
            format: Format::Short,
            color: false,
        };
        assert_eq!(
            changes.text(Path::new("site"), style),
            "site/content/c.md:2:1: error: broken link\nfixed: site/content/b.md:4:1: warning: heavy image\n1 new, 1 fixed, 2 unchanged problems\n"
        );
        assert!(!between(&after, &after).any());
    }
}
