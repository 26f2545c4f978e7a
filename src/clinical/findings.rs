//! Findings: an answer (or a checklist's rule) may `record` a page with a care level and go on;
//! the end of a path shows every finding recorded on the way, most urgent first, and the path's
//! care level is the most urgent of them (an end page named by `to` counts as one more). This
//! module checks the pages named and, over every state a reader can reach, that every path ends
//! with a care level and that no variable is used where it may be unset. What an end shows is
//! decided here too ([`shown`]), for the pages, the cases, the table and the diff alike.

use crate::care::CareLevel;
use crate::diagnostics::{Diagnostic, Located};
use crate::paths::normalise;
use crate::site::{Page, Site};
use crate::tree::graph::{Graph, Next};
use crate::tree::state::{End, Move};
use crate::tree::{Answer, Tree};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The pages of `paths` with their care levels, most urgent first (ties keep their order).
fn by_urgency<'s>(site: &'s Site, paths: &[&PathBuf]) -> Vec<(&'s Page, CareLevel)> {
    let mut pages: Vec<(&Page, CareLevel)> = paths
        .iter()
        .filter_map(|p| normalise(p).and_then(|p| site.page(&p)))
        .filter_map(|p| p.front.care.map(|c| (p, c)))
        .collect();
    pages.sort_by_key(|(_, care)| *care);
    pages
}

/// A recorded finding must be a page with a care level.
pub(super) fn check_record(
    site: &Site,
    src: Located<'_>,
    answer: &Answer,
    diags: &mut Vec<Diagnostic>,
) {
    let Some((record, at)) = &answer.record else {
        return;
    };
    for path in record.all() {
        if normalise(path).is_some_and(|p| site.unparsed.contains(&p)) {
            continue;
        }
        match normalise(path).and_then(|p| site.page(&p)) {
            None => diags.push(src.error(*at, format!("unknown finding `{}`: no page `content/{}`", path.display(), path.display()))),
            Some(page) if page.front.care.is_none() => diags.push(src.error(*at, format!("`content/{}` has no `care` level, so it cannot be recorded as a finding: give it `care = \"…\"` in its front matter", path.display()))),
            Some(_) => {}
        }
    }
}

/// The path rules that need no red-flag screen (see `screen` for those), checked on every
/// state of the graph: no variable is used where it may be unset, and every path ends with a
/// care level. Each problem once, at its position.
pub(super) fn check_paths(
    site: &Site,
    tree: &Tree,
    graph: &Graph<'_>,
    src: Located<'_>,
) -> Vec<Diagnostic> {
    let mut found: BTreeMap<usize, String> = BTreeMap::new();
    for (at, state) in graph.states.iter().enumerate() {
        for (offset, msg) in crate::tree::vars::unset_uses(tree, state) {
            found.entry(offset).or_insert(msg);
        }
        for edge in &graph.edges[at] {
            let (Next::End(end), Some(exit)) = (edge.next, edge.exit) else {
                continue;
            };
            // An end named by `to` is checked where the answer is (`check_target`).
            let end = &graph.ends[end];
            if end.outcome.is_some() || end.findings.iter().any(|f| care_of(site, f).is_some()) {
                continue;
            }
            let taken = match edge.mv {
                Move::Answer(a) => format!("\"{}\"", a.label),
                Move::Sign { .. } => format!("`{}` ({})", exit.key, exit.label),
            };
            found.entry(exit.to_offset).or_insert_with(|| format!("a path ends at {taken} without a care level: no finding was recorded on the way and there is no `to`; lead it to an outcome page, or record a finding on it"));
        }
    }
    found
        .into_iter()
        .map(|(at, msg)| src.error(at, msg))
        .collect()
}

/// The pages an end shows, with their care levels, most urgent first: the findings recorded on
/// the way, and the page the last answer names. That page is shown when nothing was recorded,
/// or when it is more urgent than every finding; otherwise it is the path's explicit "nothing
/// more found" (`to = "outcomes/self-care.md"` after findings were recorded) and adds nothing.
/// The care level of the end is the first page's.
pub fn shown<'s>(site: &'s Site, end: &End<'_>) -> Vec<(&'s Page, CareLevel)> {
    let mut pages = by_urgency(site, &end.findings);
    if let Some(outcome) = end.outcome
        && !end.findings.contains(&outcome)
        && let Some(page) = normalise(outcome).and_then(|p| site.page(&p))
        && let Some(care) = page.front.care
        && pages.first().is_none_or(|(_, most)| care < *most)
    {
        pages.insert(0, (page, care));
    }
    pages
}

/// The care level an end gives the reader, if it gives one.
pub fn end_care(site: &Site, end: &End<'_>) -> Option<CareLevel> {
    shown(site, end).first().map(|(_, care)| *care)
}

/// The care level of the page at `path`, if it exists and has one.
pub(crate) fn care_of(site: &Site, path: &Path) -> Option<CareLevel> {
    normalise(path)
        .and_then(|p| site.page(&p))
        .and_then(|p| p.front.care)
}
