//! Checklist rule order: the first rule met decides, so an earlier rule that a reader can meet
//! together with a later, more urgent one classifies that reader at the earlier rule's lower
//! level. Signs only ever add to a rule's count, so any two rules can be met at once; an earlier
//! rule less urgent than a later one is therefore always an error, unless the checklist says
//! `precedence = "order"`. The message names the smallest set of signs that meets both.

use crate::care::CareLevel;
use crate::diagnostics::{Diagnostic, Located};
use crate::paths::normalise;
use crate::site::Site;
use crate::tree::checklist::{Checklist, Rule};
use crate::tree::{Answer, Node, Target, Tree};

/// Every checklist whose rules put a less urgent one before a more urgent one.
pub(super) fn check(site: &Site, tree: &Tree, src: Located<'_>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for node in tree.nodes.values() {
        let Some(list) = node.checklist.as_ref().filter(|l| !l.in_order) else {
            continue;
        };
        let cares: Vec<Option<(CareLevel, &str)>> = (0..list.rules.len())
            .map(|i| node.answers.get(i).and_then(|a| most_urgent(site, a)))
            .collect();
        'rules: for (i, earlier) in cares.iter().enumerate() {
            for (j, later) in cares.iter().enumerate().skip(i + 1) {
                if let (Some(a), Some(b)) = (earlier, later)
                    && b.0 < a.0
                {
                    diags.push(src.error(
                        list.rules[i].offset,
                        message(site, node, list, (i, *a), (j, *b)),
                    ));
                    continue 'rules;
                }
            }
        }
    }
    diags
}

fn message(
    site: &Site,
    node: &Node,
    list: &Checklist,
    (i, earlier): (usize, (CareLevel, &str)),
    (j, later): (usize, (CareLevel, &str)),
) -> String {
    let signs: Vec<String> = both(&list.rules[i], &list.rules[j])
        .into_iter()
        .filter_map(|s| list.signs.get(s))
        .map(|s| format!("\"{}\"", s.yes))
        .collect();
    let told = |(care, title): (CareLevel, &str)| {
        format!("\"{title}\" ({})", site.config.care_label(care))
    };
    format!(
        "rule {} of checklist `{}` leads to {} and is tried before rule {}, which leads to {}: a reader who answers {} meets both rules and is given the first, less urgent one; put the more urgent rule first, or add `precedence = \"order\"` to the checklist if this order is meant",
        i + 1,
        node.id,
        told(earlier),
        j + 1,
        told(later),
        signs.join(", ")
    )
}

/// The most urgent page a checklist exit can lead to straight away (the findings it may record
/// and the pages it may name), with its care level.
fn most_urgent<'s>(site: &'s Site, exit: &Answer) -> Option<(CareLevel, &'s str)> {
    let pages = exit.targets().into_iter().filter_map(|t| match t {
        Target::Page(p) => Some(p),
        _ => None,
    });
    exit.records()
        .into_iter()
        .chain(pages)
        .filter_map(|p| {
            let page = normalise(p).and_then(|p| site.page(&p))?;
            Some((page.front.care?, page.front.title.as_str()))
        })
        .min_by_key(|(care, _)| *care)
}

/// A smallest set of signs (indices, in order) that meets both rules: shared signs first, as
/// each counts for both, then each rule's own.
fn both(a: &Rule, b: &Rule) -> Vec<usize> {
    let shared: Vec<usize> = a.of.iter().copied().filter(|s| b.of.contains(s)).collect();
    let mut chosen: Vec<usize> = shared
        .iter()
        .copied()
        .take(a.at_least.max(b.at_least))
        .collect();
    for rule in [a, b] {
        let mut count = rule.of.iter().filter(|s| chosen.contains(s)).count();
        for s in &rule.of {
            if count >= rule.at_least {
                break;
            }
            if !chosen.contains(s) {
                chosen.push(*s);
                count += 1;
            }
        }
    }
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(at_least: usize, of: &[usize]) -> Rule {
        Rule {
            at_least,
            offset: 0,
            of: of.to_vec(),
        }
    }

    #[test]
    fn the_example_meets_both_rules_with_as_few_signs_as_possible() {
        // one shared sign: 2 of {0,1,2,3} and 2 of {3,4,5,6} need 3 signs
        assert_eq!(
            both(&rule(2, &[0, 1, 2, 3]), &rule(2, &[3, 4, 5, 6])),
            [0, 3, 4]
        );
        // the same signs: the larger threshold is enough for both
        assert_eq!(both(&rule(1, &[0, 1, 2]), &rule(2, &[0, 1, 2])), [0, 1]);
        // nothing shared
        assert_eq!(both(&rule(1, &[0, 1]), &rule(1, &[2, 3])), [0, 2]);
    }
}
