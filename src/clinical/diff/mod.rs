//! The safety diff: what two versions of a tree do for every patient. Every combination of
//! answers (checklist signs and the variables they set included) is walked through both versions
//! at once (`walk`), and the patients whose outcome changes are grouped by how it changes: old
//! care and findings → new care and findings, with a shortest example in words and how many other
//! answer combinations change the same way, lowered care first. Changed wording where a question
//! is asked (a `line` chosen by a variable, say) is listed as a text change. The clinical cases
//! of both versions run on both, and a case that passes in the old version and fails in the new
//! one is listed. Nothing about page names or layout counts: only what a patient is asked and
//! told.

mod git;
#[cfg(test)]
mod tests;
mod walk;

use super::findings::shown;
use crate::care::CareLevel;
use crate::diagnostics::{Diagnostic, Located};
use crate::site::Site;
use crate::tree::Tree;
use crate::tree::state::End;
use anyhow::{Result, anyhow};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use walk::{Key, Outcomes, Side, Walk};

pub use git::checkout_rev;

/// What a version tells a patient at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Told {
    /// A care level, the pages shown (titles, most urgent first) and the service the first one
    /// names, if any ("Maternity unit or midwife: now"). Which outcome it is rests on the level and
    /// the pages alone: new words for a service are no change of care.
    Care(CareLevel, Vec<String>, Option<String>),
    /// An end with no care level (the tree reports it).
    Nothing,
    /// This version has no such answer to a question: the patient cannot go on.
    NoSuchAnswer {
        /// The question's node id.
        node: String,
        /// The answer's words, from the other version.
        answer: String,
    },
}

/// One way in which patients' results change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The outcome changes: old → new.
    Outcome {
        /// Before.
        old: Told,
        /// After.
        new: Told,
    },
    /// The words shown when asking at `node` change.
    Text {
        /// The node.
        node: String,
        /// Before.
        old: String,
        /// After.
        new: String,
    },
}

/// Patients whose result changes the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// How it changes.
    pub change: Change,
    /// A shortest answer sequence that shows it, in words.
    pub example: Vec<String>,
    /// How many answer combinations change this way (the example included).
    pub count: u64,
}

impl Group {
    /// True when the care level drops (less urgent, or none).
    pub fn lowers_care(&self) -> bool {
        match &self.change {
            Change::Outcome {
                old: Told::Care(a, ..),
                new: Told::Care(b, ..),
            } => b > a,
            Change::Outcome {
                old: Told::Care(..),
                new: Told::Nothing,
            } => true,
            _ => false,
        }
    }

    fn rank(&self) -> (u8, usize) {
        let kind = match &self.change {
            _ if self.lowers_care() => 0,
            Change::Outcome {
                new: Told::NoSuchAnswer { .. },
                ..
            }
            | Change::Outcome {
                old: Told::NoSuchAnswer { .. },
                ..
            } => 1,
            Change::Outcome {
                old: Told::Care(a, ..),
                new: Told::Care(b, ..),
            } if a != b => 2,
            Change::Outcome { .. } => 3,
            Change::Text { .. } => 4,
        };
        (kind, self.example.len())
    }
}

/// A clinical case that passes in the old version and fails in the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regression {
    /// The case's name.
    pub case: String,
    /// Why it fails now.
    pub message: String,
}

/// Everything that changes between two versions.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// The groups of changed patients, lowered care first.
    pub groups: Vec<Group>,
    /// Cases that no longer pass.
    pub regressions: Vec<Regression>,
    /// Every answer combination walked.
    pub combinations: u64,
}

impl Comparison {
    /// True when no patient's result changes and every case that passed still passes.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.regressions.is_empty()
    }
}

/// The outcomes both versions give, numbered so that equal outcomes get equal numbers.
struct Table<'s> {
    sites: (&'s Site, &'s Site),
    index: HashMap<(Option<CareLevel>, Vec<String>), usize>,
    missing: HashMap<(String, String, Side), usize>,
    told: Vec<Told>,
}

impl<'t> Outcomes<'t> for Table<'_> {
    fn of_end(&mut self, side: Side, end: &End<'t>) -> usize {
        let site = match side {
            Side::Old => self.sites.0,
            Side::New => self.sites.1,
        };
        let pages = shown(site, end);
        let care = pages.first().map(|(_, c)| *c);
        let sources = pages
            .iter()
            .map(|(p, _)| p.source.display().to_string())
            .collect();
        let told = match care {
            Some(care) => Told::Care(
                care,
                pages.iter().map(|(p, _)| p.front.title.clone()).collect(),
                pages
                    .first()
                    .and_then(|(p, _)| p.front.service.as_ref())
                    .map(crate::front_matter::Service::badge),
            ),
            None => Told::Nothing,
        };
        let next = self.told.len();
        let i = *self.index.entry((care, sources)).or_insert(next);
        if i == next {
            self.told.push(told);
        }
        i
    }

    fn unanswerable(&mut self, side: Side, node: &str, words: &str) -> usize {
        let next = self.told.len();
        let key = (node.to_string(), words.to_string(), side);
        let i = *self.missing.entry(key).or_insert(next);
        if i == next {
            self.told.push(Told::NoSuchAnswer {
                node: node.to_string(),
                answer: words.to_string(),
            });
        }
        i
    }
}

/// Every change from `old` to `new`.
pub fn compare(old: (&Site, &Tree), new: (&Site, &Tree)) -> Result<Comparison> {
    let mut table = Table {
        sites: (old.0, new.0),
        index: HashMap::new(),
        missing: HashMap::new(),
        told: Vec::new(),
    };
    let summary = Walk::new(old.1, new.1, &mut table)
        .run()
        .ok_or_else(|| anyhow!("the two versions differ too much to compare patient by patient (more than 2,000,000 positions): compare them in smaller steps"))?;
    let mut groups: Vec<Group> = summary
        .groups
        .iter()
        .map(|(key, group)| Group {
            change: match key {
                Key::Outcome(a, b) => Change::Outcome {
                    old: table.told[*a].clone(),
                    new: table.told[*b].clone(),
                },
                Key::Text(node, a, b) => Change::Text {
                    node: node.clone(),
                    old: a.clone(),
                    new: b.clone(),
                },
            },
            example: group.example.clone(),
            count: group.count,
        })
        .collect();
    groups.sort_by_key(Group::rank);
    Ok(Comparison {
        groups,
        regressions: regressions(old, new),
        combinations: summary.combinations,
    })
}

/// The cases of both versions that pass on the old version and fail on the new one.
fn regressions(old: (&Site, &Tree), new: (&Site, &Tree)) -> Vec<Regression> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for case in old.1.cases.iter().chain(&new.1.cases) {
        let same = |c: &&crate::tree::cases::Case| {
            c.name == case.name
                && c.answers
                    .iter()
                    .map(|a| &a.0)
                    .eq(case.answers.iter().map(|a| &a.0))
        };
        if seen.iter().any(same) {
            continue;
        }
        seen.push(case);
        if super::cases::check(old.0, old.1, case).is_ok()
            && let Err((_, message)) = super::cases::check(new.0, new.1, case)
        {
            out.push(Regression {
                case: case.name.clone(),
                message,
            });
        }
    }
    out
}

/// The comparison as a report for a reviewer; the last line counts the changes.
pub fn report(comparison: &Comparison, config: &crate::config::SiteConfig) -> String {
    let told = |t: &Told| match t {
        Told::Care(care, titles, service) => {
            let label = config.care_label(*care);
            match service {
                Some(service) => format!("{label} — {service} ({})", titles.join(" + ")),
                None => format!("{label} ({})", titles.join(" + ")),
            }
        }
        Told::Nothing => "no care level".to_string(),
        Told::NoSuchAnswer { node, answer } => {
            format!("cannot answer \"{answer}\" to `{node}`")
        }
    };
    let mut out = String::new();
    for group in &comparison.groups {
        let head = match &group.change {
            Change::Outcome { old, new } => {
                let tag = match (old, new) {
                    _ if group.lowers_care() => "!! LOWER CARE",
                    (Told::Care(a, ..), Told::Care(b, ..)) if b < a => "higher care",
                    (Told::NoSuchAnswer { .. }, _) => "answer only in the new version",
                    (_, Told::NoSuchAnswer { .. }) => "answer only in the old version",
                    _ => "other findings",
                };
                format!("{tag}: {} → {}", told(old), told(new))
            }
            Change::Text { node, old, new } => {
                format!("other words at `{node}`: \"{old}\" → \"{new}\"")
            }
        };
        let _ = writeln!(out, "{head}");
        let _ = writeln!(out, "   {}", quoted(&group.example));
        if group.count > 1 {
            let others = group.count - 1;
            let _ = writeln!(
                out,
                "   and {others} other answer combination{} that change{} the same way",
                if others == 1 { "" } else { "s" },
                if others == 1 { "s" } else { "" }
            );
        }
    }
    for r in &comparison.regressions {
        let _ = writeln!(
            out,
            "!! CASE NOW FAILS (it passes in the old version): {}",
            r.message
        );
    }
    let _ = writeln!(out, "{}", last_line(comparison));
    out
}

fn last_line(c: &Comparison) -> String {
    let lowered = c.groups.iter().filter(|g| g.lowers_care()).count();
    let changed: u64 = c
        .groups
        .iter()
        .filter(|g| matches!(g.change, Change::Outcome { .. }))
        .map(|g| g.count)
        .sum();
    let mut line = format!(
        "{} change{}, {lowered} to a lower level of care; {changed} of {} answer combinations end differently",
        c.groups.len(),
        if c.groups.len() == 1 { "" } else { "s" },
        c.combinations
    );
    if !c.regressions.is_empty() {
        let n = c.regressions.len();
        let _ = write!(
            line,
            "; {n} case{} now fail{}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" }
        );
    }
    line
}

fn quoted(answers: &[String]) -> String {
    answers
        .iter()
        .map(|a| format!("\"{a}\""))
        .collect::<Vec<_>>()
        .join(" › ")
}

/// The comparison and its report.
pub type Compared = (Comparison, String);

/// Compares the tree file `old` with `new`, or with itself at git revision `rev`. Without
/// `rev`, OLD may be any file: it is read as if it stood where NEW stands, in NEW's site. With
/// `rev`, the old tree is read with the site's pages as they were at that revision. A version
/// whose tree is invalid comes back as its problems; failing clinical cases do not stop the
/// comparison (cases that stop passing are part of it).
pub fn compare_files(
    old: &Path,
    new: Option<&Path>,
    rev: Option<&str>,
) -> Result<std::result::Result<Compared, Vec<Diagnostic>>> {
    match (new, rev) {
        (Some(new), _) => {
            let b = match super::export::load(new, false)? {
                Ok(loaded) => loaded,
                Err(problems) => return Ok(Err(problems)),
            };
            let old_tree = match read_in_place(old, &b.site, b.tree())? {
                Ok(tree) => tree,
                Err(problems) => return Ok(Err(problems)),
            };
            let comparison = compare((&b.site, &old_tree), (&b.site, b.tree()))?;
            let report = report(&comparison, &b.site.config);
            Ok(Ok((comparison, report)))
        }
        (None, Some(rev)) => {
            let (_checkout, old_file) = checkout_rev(old, rev)?;
            let a = match super::export::load(&old_file, false)? {
                Ok(loaded) => loaded,
                Err(problems) => return Ok(Err(problems)),
            };
            let b = match super::export::load(old, false)? {
                Ok(loaded) => loaded,
                Err(problems) => return Ok(Err(problems)),
            };
            let comparison = compare((&a.site, a.tree()), (&b.site, b.tree()))?;
            let report = report(&comparison, &b.site.config);
            Ok(Ok((comparison, report)))
        }
        (None, None) => anyhow::bail!("give NEW, or --rev with a git revision"),
    }
}

/// Reads the tree file `file` as if it stood where `new` stands in `site`, and checks its
/// structure; its problems are positioned in `file`.
fn read_in_place(
    file: &Path,
    site: &Site,
    new: &Tree,
) -> Result<std::result::Result<Tree, Vec<Diagnostic>>> {
    let text = match crate::fs::utf8_text(crate::fs::read(file)?) {
        Ok(text) => text,
        Err(e) => {
            let problem = crate::diagnostics::invalid_utf8(file, e.as_bytes(), e.utf8_error());
            return Ok(Err(vec![problem]));
        }
    };
    let src = Located {
        path: file,
        text: &text,
    };
    let mut tree = match Tree::parse_with(&new.source, src, &site.snippets, &site.links) {
        Ok(tree) => tree,
        Err(problems) => return Ok(Err(problems)),
    };
    tree.text.clone_from(&text);
    let (shown_new, _) = new.located();
    let mut problems = super::validate::one(site, &tree);
    problems.retain(|d| d.severity == crate::diagnostics::Severity::Error);
    if problems.is_empty() {
        return Ok(Ok(tree));
    }
    for d in &mut problems {
        if d.path == shown_new {
            d.path = file.to_path_buf();
        }
    }
    Ok(Err(problems))
}
