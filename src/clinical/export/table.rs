//! The disposition table: every distinct end of a tree as the answers given → the care level,
//! the page(s) it ends on (its findings, most urgent first) and the causes shown, most urgent
//! first, with the clinical cases that reach it. A clinician reads and signs this; it is written as Markdown (`--format table`),
//! CSV (`--format csv`) and the `cases.html` page beside `steps.html`.

use super::{end_causes, step_numbers};
use crate::care::CareLevel;
use crate::paths::normalise;
use crate::site::Site;
use crate::tree::expand::{self, Visit};
use crate::tree::{Tree, cases};
use std::fmt::Write as _;

/// One answer on a path, with the step number of its question (as on the steps page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given<'t> {
    /// Step number of the question.
    pub step: usize,
    /// The question.
    pub question: &'t str,
    /// The answer given (for a finished part: its finding and what was given, in words).
    pub answer: String,
}

/// One path from the start to an end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'t> {
    /// The answers given, first to last.
    pub given: Vec<Given<'t>>,
    /// The care level the path ends on.
    pub care: CareLevel,
    /// The service its first page names and how soon ("Maternity unit or midwife: now"), if any.
    pub service: Option<String>,
    /// Title of the page it ends on.
    pub end: String,
    /// Source of that page, relative to `content/`.
    pub end_source: String,
    /// Titles of the causes shown.
    pub causes: Vec<&'t str>,
    /// Names of the clinical cases that take exactly this path.
    pub cases: Vec<&'t str>,
    /// The end page's file inside the tree's folder.
    pub page: String,
}

impl Row<'_> {
    /// The answers as one line: `1: No, none of these › 2: Yes, …`.
    pub fn answers_line(&self) -> String {
        self.given
            .iter()
            .map(|g| format!("{}: {}", g.step, g.answer))
            .collect::<Vec<_>>()
            .join(" › ")
    }
}

/// Every end of a validated tree, most urgent first, then in reading order. In a tree with
/// findings, an end stands for every path that leaves the same findings behind the same trail.
pub fn rows<'t>(site: &'t Site, tree: &'t Tree) -> Vec<Row<'t>> {
    let numbers = step_numbers(tree);
    let expansion = expand::expand_within(tree, site.config.tree_page_budget);
    let case_pages: Vec<(&str, Option<usize>)> = tree
        .cases
        .iter()
        .map(|case| {
            let labels: Vec<&str> = case.answers.iter().map(|(l, _)| l.as_str()).collect();
            (case.name.as_str(), expansion.follow(&labels).ok())
        })
        .collect();
    let mut rows: Vec<Row<'t>> = expansion
        .pages
        .iter()
        .enumerate()
        .filter_map(|(index, page)| {
            let Visit::End(end) = &page.visit else {
                return None;
            };
            let shown = crate::clinical::findings::shown(site, end);
            let given: Vec<Given<'t>> = expansion
                .trail(index)
                .iter()
                .map(|s| Given {
                    step: numbers
                        .get(s.given.node().id.as_str())
                        .copied()
                        .unwrap_or(0),
                    question: s.given.question(),
                    answer: row_words(site, &s.given),
                })
                .collect();
            Some(Row {
                cases: case_pages
                    .iter()
                    .filter(|(_, p)| *p == Some(index))
                    .map(|(name, _)| *name)
                    .collect(),
                given,
                care: shown.first()?.1,
                service: shown
                    .first()
                    .and_then(|(p, _)| p.front.service.as_ref())
                    .map(crate::front_matter::Service::badge),
                end: shown
                    .iter()
                    .map(|(p, _)| p.front.title.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
                end_source: shown
                    .iter()
                    .map(|(p, _)| p.source.display().to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
                causes: end_causes(site, end)
                    .into_iter()
                    .map(|p| p.front.title.as_str())
                    .collect(),
                page: page.file.clone(),
            })
        })
        .collect();
    rows.sort_by_key(|r| r.care);
    rows
}

/// The care a row ends on, in words: the site's words for the level, then the service its page
/// names, if any ("Urgent: today — Maternity unit or midwife: now").
pub fn care_words(site: &Site, care: CareLevel, service: Option<&str>) -> String {
    let label = site.config.care_label(care);
    match service {
        Some(service) => format!("{label} — {service}"),
        None => label.to_string(),
    }
}

/// What an entry of a trail says was given: an answer's or sign's words; for a finished part,
/// its finding's title (or that it recorded none) with the signs present ("Your child may have a
/// chest infection (signs: my child breathes fast)") or the answer that recorded it.
pub fn given_words(site: &Site, given: &expand::Given<'_>) -> String {
    if let Some(label) = given.label() {
        return label.to_string();
    }
    let expand::Given::Part(_, finding, closed) = given else {
        return String::new();
    };
    let recorded = finding
        .and_then(|f| normalise(f))
        .and_then(|p| site.page(&p))
        .map_or(NO_FINDING, |p| p.front.title.as_str());
    let gave = given.closed_words().unwrap_or_default();
    match closed {
        expand::Closed::Signs(_) => format!("{recorded} ({gave})"),
        expand::Closed::Answer(_) => format!("{gave} (recorded: {recorded})"),
        expand::Closed::Unlisted => recorded.to_string(),
    }
}

/// [`given_words`] as a row of the table says it: a finished checklist is named by its title
/// ("Breathing: …"), as the row shows no questions.
fn row_words(site: &Site, given: &expand::Given<'_>) -> String {
    let words = given_words(site, given);
    match given {
        expand::Given::Part(node, _, expand::Closed::Signs(_) | expand::Closed::Unlisted) => {
            format!("{}: {words}", node.question)
        }
        _ => words,
    }
}

/// A finished part that recorded no finding, as the trail shows it.
pub const NO_FINDING: &str = "Nothing recorded";

/// The table as Markdown, readable as plain text and in any Markdown viewer.
pub fn markdown(site: &Site, tree: &Tree) -> String {
    let rows = rows(site, tree);
    let coverage = cases::summary(tree);
    let mut out = format!(
        "# {}: disposition table\n\n{} paths, most urgent first. Answers are numbered by step, as on the printable steps page. {} clinical cases cover {} of {} end states ({}), {} of {} end pages and {} of {} answers.\n\n",
        tree.title,
        rows.len(),
        coverage.cases,
        coverage.end_states_covered,
        coverage.end_states,
        coverage.share(),
        coverage.end_pages_covered,
        coverage.end_pages,
        coverage.answers_covered,
        coverage.answers
    );
    out.push_str("| # | Care level | Answers given | Ends on | Causes shown | Cases |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for (i, row) in rows.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            i + 1,
            cell(&care_words(site, row.care, row.service.as_deref())),
            cell(&row.answers_line()),
            cell(&row.end),
            cell(&row.causes.join(", ")),
            cell(&row.cases.join("; "))
        );
    }
    out
}

fn cell(text: &str) -> String {
    let text = text.replace('|', "\\|");
    if text.is_empty() { "–".into() } else { text }
}

/// The table as CSV (RFC 4180), one row per path, for spreadsheets.
pub fn csv(site: &Site, tree: &Tree) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "path",
        "care_level",
        "service",
        "answers",
        "ends_on",
        "ends_on_file",
        "causes",
        "cases",
        "page",
    ])?;
    for (i, row) in rows(site, tree).iter().enumerate() {
        writer.write_record([
            (i + 1).to_string(),
            row.care.key().to_string(),
            row.service.clone().unwrap_or_default(),
            row.answers_line(),
            row.end.clone(),
            row.end_source.clone(),
            row.causes.join("; "),
            row.cases.join("; "),
            row.page.clone(),
        ])?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(String::from_utf8(bytes)?)
}
