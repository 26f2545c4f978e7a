//! Sign checklists: a node that lists signs and rules such as "at least 2 of these". The reader
//! is asked one sign per page, in order, and only while the outcome is open; the first rule met
//! (in the order written, each rule ruled out before the next counts) decides where the reader
//! goes, else `otherwise`. Each rule and `otherwise` is also one of the node's answers (its
//! exits), so every walk of the tree's graph sees where a checklist can lead.

use super::parse::RawAnswer;
use super::{Answer, names};
use crate::diagnostics::{Diagnostic, Located};
use serde::Deserialize;
use serde_spanned::Spanned;

/// A checklist's signs and rules.
#[derive(Debug, Clone)]
pub struct Checklist {
    /// The signs, asked in this order.
    pub signs: Vec<Sign>,
    /// The rules, tried in this order; rule `i` leaves by the node's answer `i`, and the
    /// answer after the last rule is `otherwise`.
    pub rules: Vec<Rule>,
    /// Offset of the `signs` value.
    pub offset: usize,
    /// `precedence = "order"`: the rules are meant to be tried in the order written, even where
    /// an earlier rule is less urgent than a later one it overlaps (otherwise that is an error).
    pub in_order: bool,
}

/// One sign, asked on its own page.
#[derive(Debug, Clone)]
pub struct Sign {
    /// Its id (part of page names).
    pub id: String,
    /// Offset of the id.
    pub offset: usize,
    /// The question, shown as the page's `<h1>`.
    pub question: String,
    /// The answer that says the sign is present, e.g. "Yes, the child breathes fast".
    pub yes: String,
    /// Offset of `yes`.
    pub yes_offset: usize,
    /// The answer that says it is not.
    pub no: String,
    /// Offset of `no`.
    pub no_offset: usize,
}

/// "At least `at_least` of the signs `of`".
#[derive(Debug, Clone)]
pub struct Rule {
    /// How many of the signs must be present.
    pub at_least: usize,
    /// Offset of `at_least`.
    pub offset: usize,
    /// Indices of the signs it counts (all signs when `of` is not given).
    pub of: Vec<usize>,
}

/// Where a checklist stands: signs before `upto` are answered (or no longer matter), and each
/// rule has counted `counts[i]` signs present.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tally {
    /// The first sign not yet asked.
    pub upto: usize,
    /// Signs present, per rule.
    pub counts: Vec<usize>,
}

/// Where a rule stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Met,
    Open,
    Ruled,
}

impl Checklist {
    /// Nothing asked yet.
    pub fn start(&self) -> Tally {
        Tally {
            upto: 0,
            counts: vec![0; self.rules.len()],
        }
    }

    /// The tally after sign `sign` is answered.
    pub fn answer(&self, tally: &Tally, sign: usize, yes: bool) -> Tally {
        let counts = self
            .rules
            .iter()
            .zip(&tally.counts)
            .map(|(r, c)| c + usize::from(yes && r.of.contains(&sign)))
            .collect();
        Tally {
            upto: sign + 1,
            counts,
        }
    }

    fn status(&self, tally: &Tally, rule: usize) -> Status {
        let r = &self.rules[rule];
        let count = tally.counts.get(rule).copied().unwrap_or(0);
        let left = r.of.iter().filter(|s| **s >= tally.upto).count();
        if count >= r.at_least {
            Status::Met
        } else if count + left < r.at_least {
            Status::Ruled
        } else {
            Status::Open
        }
    }

    /// The exit once the outcome is decided: the index of the first rule met with every rule
    /// before it ruled out, or `rules.len()` (otherwise) when all are ruled out.
    pub fn decided(&self, tally: &Tally) -> Option<usize> {
        for rule in 0..self.rules.len() {
            match self.status(tally, rule) {
                Status::Met => return Some(rule),
                Status::Open => return None,
                Status::Ruled => {}
            }
        }
        Some(self.rules.len())
    }

    /// The next sign to ask while undecided: the first one not yet asked that an open rule
    /// (before the first rule met) still counts.
    pub fn next_sign(&self, tally: &Tally) -> Option<usize> {
        if self.decided(tally).is_some() {
            return None;
        }
        let open: Vec<usize> = (0..self.rules.len())
            .take_while(|r| self.status(tally, *r) != Status::Met)
            .filter(|r| self.status(tally, *r) == Status::Open)
            .collect();
        (tally.upto..self.signs.len()).find(|s| open.iter().any(|r| self.rules[*r].of.contains(s)))
    }

    /// A sign's answer label.
    pub fn label(&self, sign: usize, yes: bool) -> &str {
        self.signs
            .get(sign)
            .map_or("", |s| if yes { &s.yes } else { &s.no })
    }
}

/// A sign as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSign {
    id: Spanned<String>,
    question: String,
    yes: Spanned<String>,
    no: Spanned<String>,
}

/// Builds a checklist and its exits (one answer per rule, then `otherwise`); unknown sign ids
/// in `of` are problems at their position.
pub(super) fn build(
    src: Located<'_>,
    signs: Spanned<Vec<RawSign>>,
    rules: Vec<Spanned<RawAnswer>>,
    otherwise: Option<Spanned<RawAnswer>>,
    problems: &mut Vec<Diagnostic>,
) -> (Checklist, Vec<Answer>) {
    let offset = signs.span().start;
    let signs: Vec<Sign> = signs.into_inner().into_iter().map(Sign::from).collect();
    let mut answers = Vec::new();
    let mut built = Vec::new();
    for (i, raw) in rules.into_iter().enumerate() {
        let at = raw.span().start;
        let raw = raw.into_inner();
        if raw.label.is_some() || raw.id.is_some() {
            problems.push(src.error(
                at,
                "a rule has no `label` or `id`: the build words it from its count and signs",
            ));
        }
        let of = match &raw.of {
            None => (0..signs.len()).collect(),
            Some(ids) => ids
                .iter()
                .filter_map(|id| sign_index(src, &signs, id, problems))
                .collect(),
        };
        let (at_least, offset) = match &raw.at_least {
            Some(n) => (*n.get_ref(), n.span().start),
            None => {
                problems.push(src.error(
                    at,
                    "a rule needs `at_least`, the number of its signs that must be present",
                ));
                (1, at)
            }
        };
        let rule = Rule {
            at_least,
            offset,
            of,
        };
        answers.push(exit(
            rule_label(&signs, &rule),
            format!("rule-{}", i + 1),
            at,
            raw,
        ));
        built.push(rule);
    }
    match otherwise {
        Some(raw) => {
            let at = raw.span().start;
            let raw = raw.into_inner();
            if raw.at_least.is_some() || raw.of.is_some() || raw.label.is_some() {
                problems.push(src.error(at, "`otherwise` takes no `at_least`, `of` or `label`: it is where the reader goes when no rule is met"));
            }
            answers.push(exit(
                "Fewer signs than any rule needs".into(),
                "otherwise".into(),
                at,
                raw,
            ));
        }
        None => problems.push(src.error(
            offset,
            "a checklist needs `otherwise`: where the reader goes when no rule is met",
        )),
    }
    let checklist = Checklist {
        signs,
        rules: built,
        offset,
        in_order: false,
    };
    (checklist, answers)
}

impl From<RawSign> for Sign {
    fn from(raw: RawSign) -> Sign {
        Sign {
            offset: raw.id.span().start,
            id: raw.id.into_inner(),
            question: raw.question,
            yes_offset: raw.yes.span().start,
            yes: raw.yes.into_inner(),
            no_offset: raw.no.span().start,
            no: raw.no.into_inner(),
        }
    }
}

fn sign_index(
    src: Located<'_>,
    signs: &[Sign],
    id: &Spanned<String>,
    problems: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let found = signs.iter().position(|s| s.id == *id.get_ref());
    if found.is_none() {
        let ids: Vec<&str> = signs.iter().map(|s| s.id.as_str()).collect();
        problems.push(src.error(
            id.span().start,
            format!(
                "no sign `{}` in this checklist; its signs are {}",
                id.get_ref(),
                super::vars::quoted(&ids)
            ),
        ));
    }
    found
}

/// "2 or more of: fast breathing; chest indrawing" (the exit's label in exports).
fn rule_label(signs: &[Sign], rule: &Rule) -> String {
    if rule.of.len() == signs.len() {
        return format!("{} or more of the {} signs", rule.at_least, signs.len());
    }
    let names: Vec<&str> = rule
        .of
        .iter()
        .filter_map(|i| signs.get(*i))
        .map(|s| s.id.as_str())
        .collect();
    format!("{} or more of: {}", rule.at_least, names.join(", "))
}

fn exit(label: String, key: String, at: usize, raw: RawAnswer) -> Answer {
    raw.answer(label, key, at)
}

/// A checklist's own problems: signs with usable ids and labels that make sense read alone, and
/// rules a reader can meet.
pub(crate) fn check(
    src: Located<'_>,
    node: &super::Node,
    list: &Checklist,
    diags: &mut Vec<Diagnostic>,
) {
    if list.signs.is_empty() {
        diags.push(src.error(list.offset, format!("checklist `{}` has no signs", node.id)));
    }
    for (i, sign) in list.signs.iter().enumerate() {
        if !names::valid_id(&sign.id) {
            diags.push(src.error(sign.offset, format!("sign id `{}` must be lower-case letters, digits and hyphens: it is part of the page's address", sign.id)));
        }
        if list.signs[..i].iter().any(|s| s.id == sign.id) {
            diags.push(src.error(
                sign.offset,
                format!("checklist `{}` has two signs `{}`", node.id, sign.id),
            ));
        }
        for (label, at) in [(&sign.yes, sign.yes_offset), (&sign.no, sign.no_offset)] {
            if let Some(msg) = names::bare_label(label) {
                diags.push(src.error(at, msg));
            }
        }
        if sign.yes.trim().eq_ignore_ascii_case(sign.no.trim()) {
            diags.push(src.error(
                sign.no_offset,
                format!("sign `{}` has the same words for yes and no", sign.id),
            ));
        }
    }
    for rule in &list.rules {
        if rule.at_least == 0 {
            diags.push(src.error(
                rule.offset,
                "`at_least = 0` is always met: use `otherwise` instead",
            ));
        } else if rule.at_least > rule.of.len() {
            diags.push(src.error(
                rule.offset,
                format!(
                    "this rule needs {} signs but counts only {}: it can never be met",
                    rule.at_least,
                    rule.of.len()
                ),
            ));
        }
    }
    if list.rules.is_empty() {
        diags.push(src.error(list.offset, format!("checklist `{}` has no rules: add `[[nodes.{}.rules]]` with `at_least` and where it leads", node.id, node.id)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(rules: &[(usize, &[usize])], signs: usize) -> Checklist {
        Checklist {
            signs: (0..signs)
                .map(|i| Sign {
                    id: format!("s{i}"),
                    offset: 0,
                    question: String::new(),
                    yes: String::new(),
                    yes_offset: 0,
                    no: String::new(),
                    no_offset: 0,
                })
                .collect(),
            rules: rules
                .iter()
                .map(|(n, of)| Rule {
                    at_least: *n,
                    offset: 0,
                    of: of.to_vec(),
                })
                .collect(),
            offset: 0,
            in_order: false,
        }
    }

    #[test]
    fn stops_once_the_threshold_is_met_or_out_of_reach() {
        let l = list(&[(2, &[0, 1, 2, 3])], 4);
        let t = l.answer(&l.start(), 0, true);
        assert_eq!((l.decided(&t), l.next_sign(&t)), (None, Some(1)));
        assert_eq!(l.decided(&l.answer(&t, 1, true)), Some(0));
        let mut t = l.start();
        for s in 0..3 {
            t = l.answer(&t, s, false);
        }
        assert_eq!(l.decided(&t), Some(1)); // one sign left can not make two
    }

    #[test]
    fn later_rules_wait_for_earlier_ones_and_skip_signs_that_no_longer_count() {
        // 2 of {0,1} → rule 0, else 1 of {2} → rule 1
        let l = list(&[(2, &[0, 1]), (1, &[2])], 3);
        let t = l.answer(&l.start(), 0, false); // rule 0 ruled out
        assert_eq!(l.next_sign(&t), Some(2));
        assert_eq!(l.decided(&l.answer(&t, 2, true)), Some(1));
        assert_eq!(l.decided(&l.answer(&t, 2, false)), Some(2));
    }
}
