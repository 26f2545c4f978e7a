//! Review governance: a page or tree whose `next_review` date has passed gets a warning (an
//! error with `--strict`), and reviews falling due soon are listed in the build summary.

use crate::diagnostics::{Diagnostic, Located, Severity};
use crate::paths::display_path;
use crate::site::Site;
use std::path::{Path, PathBuf};
use time::Date;

/// A review falling due soon.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Due {
    /// When it is due.
    pub next_review: Date,
    /// The file, relative to the site root.
    pub path: PathBuf,
}

/// How review dates are judged.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Today's date.
    pub today: Date,
    /// Overdue reviews are errors instead of warnings.
    pub strict: bool,
    /// Reviews due within this many days are listed.
    pub notice_days: u32,
}

/// One file's review date, judged.
pub(crate) enum Judged {
    /// Past its date: a warning (an error when strict).
    Overdue(Diagnostic),
    /// Due within the notice period.
    Due(Due),
}

/// The review of one page, judged (`None`: not due soon).
pub(crate) fn page(root: &Path, page: &crate::site::Page, policy: Policy) -> Option<Judged> {
    let front = &page.front;
    judge(
        &page.source,
        &|| page.located(root).1,
        front.next_review,
        front.next_review_offset,
        policy,
    )
}

/// Judges one review date; `text` gives the file's text, read only to place an overdue warning.
fn judge(
    source: &Path,
    text: &dyn Fn() -> String,
    next_review: Date,
    offset: usize,
    policy: Policy,
) -> Option<Judged> {
    let shown = display_path(source);
    let horizon = policy.today + time::Duration::days(i64::from(policy.notice_days));
    if next_review < policy.today {
        let text = text();
        let src = Located {
            path: &shown,
            text: &text,
        };
        let mut d = src.warning(offset, format!("review overdue: `next_review` was {next_review}; check the page is still right and set a new date"));
        if policy.strict {
            d.severity = Severity::Error;
        }
        return Some(Judged::Overdue(d));
    }
    (next_review <= horizon).then_some({
        Judged::Due(Due {
            next_review,
            path: shown,
        })
    })
}

/// Overdue reviews as diagnostics, and reviews due within the notice period, soonest first.
pub(crate) fn check(site: &Site, policy: Policy) -> (Vec<Diagnostic>, Vec<Due>) {
    let mut diags = Vec::new();
    let mut due = Vec::new();
    let pages = site.pages.iter().map(|p| page(&site.root, p, policy));
    let trees = site.trees.iter().map(|t| {
        judge(
            &t.source,
            &|| t.text.clone(),
            t.next_review,
            t.next_review_offset,
            policy,
        )
    });
    for judged in pages.chain(trees) {
        match judged {
            Some(Judged::Overdue(d)) => diags.push(d),
            Some(Judged::Due(d)) => due.push(d),
            None => {}
        }
    }
    due.sort();
    (diags, due)
}
