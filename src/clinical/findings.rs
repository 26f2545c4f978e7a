//! Findings: an answer (or a checklist's rule) may `record` a page with a care level and go on;
//! the end of a path shows every finding recorded on the way, most urgent first, and the path's
//! care level is the most urgent of them (an end page named by `to` counts as one more). This
//! module checks the pages named and, over every state a reader can reach, the rules that hold
//! for paths: self-care and pharmacy findings come only after a red-flag screen, every path ends
//! with a care level, and no variable is used where it may be unset.

use crate::care::CareLevel;
use crate::diagnostics::{Diagnostic, Located};
use crate::paths::normalise;
use crate::site::{Page, Site};
use crate::tree::state::{After, Move, State, reachable, step};
use crate::tree::{Answer, Tree};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Most states a tree's path checks visit; a tree with more is over any page budget anyway.
const STATE_LIMIT: usize = 200_000;

/// The pages of `paths` with their care levels, most urgent first (ties keep their order).
pub fn by_urgency<'s>(site: &'s Site, paths: &[&PathBuf]) -> Vec<(&'s Page, CareLevel)> {
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
    let Some((path, at)) = &answer.record else {
        return;
    };
    if normalise(path).is_some_and(|p| site.unparsed.contains(&p)) {
        return;
    }
    match normalise(path).and_then(|p| site.page(&p)) {
        None => diags.push(src.error(*at, format!("unknown finding `{}`: no page `content/{}`", path.display(), path.display()))),
        Some(page) if page.front.care.is_none() => diags.push(src.error(*at, format!("`content/{}` has no `care` level, so it cannot be recorded as a finding: give it `care = \"…\"` in its front matter", path.display()))),
        Some(_) => {}
    }
}

/// The path rules, checked on every reachable state; each problem once, at its position.
pub(super) fn check_paths(site: &Site, tree: &Tree, src: Located<'_>) -> Vec<Diagnostic> {
    let mut found: BTreeMap<usize, String> = BTreeMap::new();
    for (state, screened) in reachable(tree, STATE_LIMIT) {
        for (at, msg) in crate::tree::vars::unset_uses(tree, &state) {
            found.entry(at).or_insert(msg);
        }
        let screened = screened || state.node(tree).is_some_and(|n| n.red_flag);
        for mv in state.moves(tree) {
            check_move(site, tree, &state, mv, screened, &mut found);
        }
    }
    found
        .into_iter()
        .map(|(at, msg)| src.error(at, msg))
        .collect()
}

fn check_move<'t>(
    site: &Site,
    tree: &'t Tree,
    state: &State<'t>,
    mv: Move<'t>,
    screened: bool,
    found: &mut BTreeMap<usize, String>,
) {
    let Some(stepped) = step(tree, state, mv) else {
        return;
    };
    let Some(exit) = stepped.exit else {
        return;
    };
    if let Some((path, at)) = &exit.record
        && let Some(care) = care_of(site, path)
        && care.needs_red_flag_screen()
        && !screened
    {
        found.entry(*at).or_insert_with(|| format!("a path from the start records `{}` ({care}) without passing a red-flag screen: ask about emergency signs first (`red_flag = true`)", path.display()));
    }
    if let After::End(end) = stepped.after
        && end.outcome.is_none()
        && end.findings.iter().all(|f| care_of(site, f).is_none())
    {
        let taken = match mv {
            Move::Answer(a) => format!("\"{}\"", a.label),
            Move::Sign { .. } => format!("`{}` ({})", exit.key, exit.label),
        };
        found.entry(exit.to_offset).or_insert_with(|| format!("a path ends at {taken} without a care level: no finding was recorded on the way and there is no `to`; lead it to an outcome page, or record a finding on it"));
    }
}

fn care_of(site: &Site, path: &Path) -> Option<CareLevel> {
    normalise(path)
        .and_then(|p| site.page(&p))
        .and_then(|p| p.front.care)
}
