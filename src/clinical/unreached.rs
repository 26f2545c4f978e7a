//! Causes no reader can reach: no symptom checker leads to them and no page links to them.

use crate::diagnostics::{Diagnostic, file_error};
use crate::paths::normalise;
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Cause articles that no tree reaches and no page links to.
pub(super) fn causes(site: &Site) -> Vec<Diagnostic> {
    let mut reached = HashSet::new();
    for tree in &site.trees {
        for answer in tree.nodes.values().flat_map(|n| &n.answers) {
            reached.extend(answer.end_pages().filter_map(|p| normalise(p)));
            reached.extend(answer.causes.iter().filter_map(|(c, _)| normalise(c)));
        }
    }
    // Only the links that reach a cause are kept, by the cause's index: the site's every link
    // is never held as a path at once.
    let causes: HashMap<&Path, usize> = (site.causes().enumerate())
        .map(|(i, c)| (c.source.as_path(), i))
        .collect();
    let linked: Vec<usize> = site
        .pages
        .par_iter()
        .flat_map_iter(|page| {
            let dir = page.source.parent().unwrap_or(Path::new(""));
            let causes = &causes;
            page.body.links.iter().filter_map(move |link| {
                let path = link.dest.split('#').next().unwrap_or("");
                let local = !path.is_empty() && !crate::paths::is_external(path);
                let target = local.then(|| normalise(&dir.join(path))).flatten()?;
                causes.get(target.as_path()).copied()
            })
        })
        .collect();
    let mut linked_to = vec![false; causes.len()];
    for i in linked {
        linked_to[i] = true;
    }
    drop(causes);
    (site.causes().zip(linked_to))
        .filter(|(c, linked)| !linked && !reached.contains(&c.source))
        .map(|(c, _)| c)
        .map(|c| {
            let shown = crate::paths::display_path(&c.source);
            let mut d = file_error(&shown, "no symptom checker leads to this cause and no page links to it; readers will only find it in the A–Z");
            d.severity = crate::diagnostics::Severity::Warning;
            d
        })
        .collect()
}
