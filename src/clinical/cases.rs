//! Clinical cases run against the site: each case's walk must end on the care level, findings
//! and causes it names.

use super::findings::end_care;
use crate::care::CareLevel;
use crate::diagnostics::{Diagnostic, Located};
use crate::paths::normalise;
use crate::site::Site;
use crate::tree::Tree;
use crate::tree::cases::{Case, Walked, in_words_of, percent, reached_ends, walk, walk_problem};
use crate::tree::graph::Graph;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Runs every case of `tree`; returns the problems, each at its case.
pub fn run(site: &Site, tree: &Tree) -> Vec<Diagnostic> {
    let (shown, text) = tree.located();
    let src = Located { path: &shown, text };
    tree.cases
        .iter()
        .filter_map(|case| {
            check(site, tree, case)
                .err()
                .map(|(at, msg)| src.error(at, msg))
        })
        .collect()
}

/// Runs the source tree's cases through its translation `tree`, in the translation's words:
/// each answer a case names is matched in the source tree, and the same move is then made, by
/// its translated words, in the translation. A case that fails in a translation is an error at
/// the case, naming the translation.
pub fn run_translated(site: &Site, tree: &Tree, source: &Tree) -> Vec<Diagnostic> {
    let Some(t) = tree.translation.as_deref() else {
        return Vec::new();
    };
    let (shown, text) = source.located();
    let src = Located { path: &shown, text };
    let file = crate::paths::display_path(&t.file);
    (source.cases.iter())
        // A case that fails in the source is reported there.
        .filter_map(|case| in_words_of(source, tree, case))
        .filter_map(|(case, words)| {
            let err = check(site, tree, &words).err()?;
            let msg = format!("in `{}`: {}", file.display(), err.1);
            Some(src.error(case.offset, msg))
        })
        .collect()
}

pub(super) fn check(site: &Site, tree: &Tree, case: &Case) -> Result<(), (usize, String)> {
    let labels: Vec<&str> = case.answers.iter().map(|(l, _)| l.as_str()).collect();
    let walked = walk(tree, &labels).map_err(|e| walk_problem(tree, case, e))?;
    let shown = super::findings::shown(site, &walked.end);
    let care = shown.first().map(|(_, c)| *c);
    let findings: Vec<PathBuf> = shown.iter().map(|(p, _)| p.source.clone()).collect();
    let causes = shown_causes(site, &walked);
    let same = |want: &Option<Vec<PathBuf>>, got: &[PathBuf]| {
        want.as_ref().is_none_or(|want| {
            let want: BTreeSet<PathBuf> = want.iter().filter_map(|p| normalise(p)).collect();
            want == got.iter().cloned().collect()
        })
    };
    if care == Some(case.care) && same(&case.causes, &causes) && same(&case.findings, &findings) {
        return Ok(());
    }
    let mut msg = format!("case `{}` fails: expected {}", case.name, case.care);
    if let Some(f) = &case.findings {
        msg.push_str(&format!(" with findings [{}]", list(f)));
    }
    if let Some(c) = &case.causes {
        msg.push_str(&format!(" with causes [{}]", list(c)));
    }
    msg.push_str(", but the path ");
    msg.push_str(&describe(&walked));
    msg.push_str(&format!(
        " ends on `{}` ({}) with causes [{}]",
        list(&findings).replace(", ", "`, `"),
        care.map_or("no care level".into(), |c| c.to_string()),
        list(&causes)
    ));
    Err((case.offset, msg))
}

/// The causes the end page of a walk shows, as normalised source paths.
fn shown_causes(site: &Site, walked: &Walked<'_>) -> Vec<PathBuf> {
    super::export::end_causes(site, &walked.end)
        .into_iter()
        .map(|p| p.source.clone())
        .collect()
}

fn describe(walked: &Walked<'_>) -> String {
    let taken: Vec<String> = walked
        .steps
        .iter()
        .map(|(node, answer)| format!("{} → \"{}\"", node.id, answer.label))
        .collect();
    format!("taken ({})", taken.join(", "))
}

fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// With `min_case_coverage` set, an error when the cases reach too small a share of the tree's
/// emergency and urgent end states.
pub(super) fn urgent_coverage(site: &Site, tree: &Tree) -> Option<Diagnostic> {
    let want = site.config.min_case_coverage?;
    let graph = Graph::of(tree);
    let reached = reached_ends(tree, &graph);
    let urgent: Vec<usize> = (0..graph.ends.len())
        .filter(|e| end_care(site, &graph.ends[*e]).is_some_and(|c| c <= CareLevel::Urgent))
        .collect();
    let covered = urgent.iter().filter(|e| reached.contains(e)).count();
    if urgent.is_empty() || covered as f64 * 100.0 >= want * urgent.len() as f64 {
        return None;
    }
    let (shown_path, text) = tree.located();
    let src = Located {
        path: &shown_path,
        text,
    };
    Some(src.error(
        tree.start_offset,
        format!(
            "the clinical cases reach {covered} of the {} emergency and urgent end states ({}), less than `min_case_coverage = {want}` in content/site.toml: `carepath tree {} --format uncovered` lists the others, most urgent first, as cases to check and add",
            urgent.len(),
            percent(covered, urgent.len()),
            shown_path.display()
        ),
    ))
}
