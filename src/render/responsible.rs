//! The sign-off statement a page shows where it writes `{{ signoff }}` (the about page): who is
//! responsible for the clinical content, made from the approvals that still match the text, or
//! that no clinician has reviewed it yet. It is made from the record, so it cannot claim a
//! review that `content/signoff.toml` does not hold, nor go on claiming one after the text
//! changed.

use super::views::human_date;
use crate::site::{PageKind, Site};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use time::Date;

/// One person's current approvals.
#[derive(Default)]
struct Approver {
    role: String,
    count: usize,
    latest: Option<Date>,
}

/// `text` with every ASCII punctuation character escaped, so a name or title shows as written
/// and never as Markdown or HTML.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The statement, as Markdown.
pub(super) fn statement(site: &Site) -> String {
    let mut approvers: BTreeMap<String, Approver> = BTreeMap::new();
    let mut clinical = 0;
    let mut unapproved: Vec<String> = Vec::new();
    let pages = (site.pages.iter()).map(|p| {
        let needs = matches!(p.kind, PageKind::Cause | PageKind::Outcome);
        (&p.source, &p.front.title, needs)
    });
    let trees = (site.trees.iter()).map(|t| (&t.source, &t.title, true));
    for (source, title, needs) in pages.chain(trees) {
        let current = crate::approval::current(site, source);
        clinical += usize::from(needs);
        match current {
            Some(entry) => {
                let a = approvers.entry(plain(&entry.by)).or_default();
                a.role = plain(&entry.role);
                a.count += 1;
                a.latest = a.latest.max(Some(entry.date));
            }
            None if needs => unapproved.push(plain(title)),
            None => {}
        }
    }
    let mut out = String::new();
    let worried = site.config.worried_advice();
    if approvers.is_empty() {
        let never = site.signoffs.as_ref().is_none_or(|s| s.entries.is_empty());
        let _ = writeln!(
            out,
            "**This content has not yet been reviewed by a clinician{}.** No clinician (a doctor, nurse or other health professional) has approved these pages as they are now. Until one does, use them as general information only. {worried}",
            if never { "" } else { " in its current form" }
        );
        return out;
    }
    let approved = clinical - unapproved.len();
    let whole = format!(
        "{approved} of its {clinical} clinical pages (pages about causes, result pages and symptom checkers)"
    );
    if let [(by, a)] = approvers.iter().collect::<Vec<_>>()[..] {
        let _ = writeln!(
            out,
            "**{by} ({}) is responsible for the clinical content of this site.** They have approved {whole}. The latest approval was on {}.",
            a.role,
            a.latest.map(human_date).unwrap_or_default()
        );
    } else {
        out.push_str("These people are responsible for the clinical content of this site:\n\n");
        for (by, a) in &approvers {
            let _ = writeln!(
                out,
                "- **{by}**, {}: approved {} {} (the latest on {})",
                a.role,
                a.count,
                if a.count == 1 { "page" } else { "pages" },
                a.latest.map(human_date).unwrap_or_default()
            );
        }
        let _ = writeln!(out, "\nBetween them, they have approved {whole}.");
    }
    if !unapproved.is_empty() {
        unapproved.sort_unstable();
        let _ = writeln!(
            out,
            "\nThese pages have not been approved as they are now: {}. Until they are, use them as general information only. {worried}",
            unapproved.join(", ")
        );
    }
    out
}
