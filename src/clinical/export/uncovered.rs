//! `carepath tree FILE --format uncovered`: the end states no clinical case reaches, most urgent
//! first, each as a `[[cases]]` entry that takes one shortest path there and names the care
//! level and findings the tree gives today, ready to check and paste into the tree file.

use crate::care::CareLevel;
use crate::clinical::findings::shown;
use crate::site::Site;
use crate::tree::Tree;
use crate::tree::cases::reached_ends;
use crate::tree::graph::{Graph, words};
use std::fmt::Write as _;

/// The uncovered end states of `tree` as TOML, with a comment heading each.
pub fn cases(site: &Site, tree: &Tree) -> String {
    let graph = Graph::of(tree);
    let reached = reached_ends(tree, &graph);
    let mut missed: Vec<(Option<CareLevel>, Vec<String>, usize)> = (0..graph.ends.len())
        .filter(|e| !reached.contains(e))
        .map(|e| {
            (
                shown(site, &graph.ends[e]).first().map(|(_, c)| *c),
                words(tree, &graph.path_to_end(e)),
                e,
            )
        })
        .collect();
    // Most urgent first (an end without a care level, already an error, comes first of all),
    // then the shortest paths.
    missed
        .sort_by_key(|(care, answers, e)| (care.map_or(0, |c| c as usize + 1), answers.len(), *e));
    let mut out = if missed.is_empty() {
        format!(
            "# Every one of the {} end states of \"{}\" is reached by a clinical case.\n",
            graph.ends.len(),
            tree.title
        )
    } else {
        format!(
            "# {} of the {} end states of \"{}\" {} reached by no clinical case, most urgent first.\n# Each entry takes one shortest path there and names what the tree gives today: check the\n# care level and findings are right before you add it to the tree file.\n",
            missed.len(),
            graph.ends.len(),
            tree.title,
            if missed.len() == 1 { "is" } else { "are" }
        )
    };
    for (n, (_, answers, e)) in missed.iter().enumerate() {
        let pages = shown(site, &graph.ends[*e]);
        let titles: Vec<&str> = pages.iter().map(|(p, _)| p.front.title.as_str()).collect();
        let care = pages.first().map(|(_, c)| *c);
        let _ = writeln!(
            out,
            "\n# {}. {}: {}",
            n + 1,
            care.map_or("no care level".to_string(), |c| site
                .config
                .care_label(c)
                .to_string()),
            titles.join(" + ")
        );
        let _ = writeln!(out, "[[cases]]");
        let _ = writeln!(
            out,
            "name = {}",
            quote(&format!(
                "{} ({} answers)",
                titles.join(" + "),
                answers.len()
            ))
        );
        let _ = writeln!(
            out,
            "answers = [{}]",
            list(answers.iter().map(String::as_str))
        );
        if let Some(care) = care {
            let _ = writeln!(out, "care = {}", quote(care.key()));
        }
        let sources: Vec<String> = pages
            .iter()
            .map(|(p, _)| p.source.display().to_string())
            .collect();
        let _ = writeln!(
            out,
            "findings = [{}]",
            list(sources.iter().map(String::as_str))
        );
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.map(quote).collect::<Vec<_>>().join(", ")
}
