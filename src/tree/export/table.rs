//! The disposition table: every distinct path of a tree as the answers given → the care level,
//! the page it ends on and the causes shown, most urgent first, with the clinical cases that
//! cover it. A clinician reads and signs this; it is written as Markdown (`--format table`),
//! CSV (`--format csv`) and the `cases.html` page beside `steps.html`.

use super::{cause_titles, step_numbers};
use crate::care::CareLevel;
use crate::site::Site;
use crate::tree::expand::{self, Visit};
use crate::tree::{Target, Tree, cases};
use crate::validate::normalise;
use std::fmt::Write as _;

/// One answer on a path, with the step number of its question (as on the steps page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given<'t> {
    /// Step number of the question.
    pub step: usize,
    /// The question.
    pub question: &'t str,
    /// The answer given.
    pub answer: &'t str,
}

/// One path from the start to an end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'t> {
    /// The answers given, first to last.
    pub given: Vec<Given<'t>>,
    /// The care level the path ends on.
    pub care: CareLevel,
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

/// Every path of a validated tree, most urgent first, then in reading order.
pub fn rows<'t>(site: &'t Site, tree: &'t Tree) -> Vec<Row<'t>> {
    let numbers = step_numbers(tree);
    let pages = expand::expand(tree);
    let mut rows: Vec<Row<'t>> = pages
        .iter()
        .enumerate()
        .filter_map(|(index, page)| {
            let Visit::End(answer) = page.visit else {
                return None;
            };
            let Target::Page(target) = &answer.target else {
                return None;
            };
            let end = normalise(target).and_then(|p| site.page(&p))?;
            let given: Vec<Given<'t>> = expand::trail(&pages, index)
                .iter()
                .map(|s| Given {
                    step: numbers.get(s.node.id.as_str()).copied().unwrap_or(0),
                    question: &s.node.question,
                    answer: &s.answer.label,
                })
                .collect();
            Some(Row {
                cases: covering_cases(tree, &given),
                given,
                care: end.front.care?,
                end: end.front.title.clone(),
                end_source: end.source.display().to_string(),
                causes: cause_titles(site, answer),
                page: page.file.clone(),
            })
        })
        .collect();
    rows.sort_by_key(|r| r.care);
    rows
}

fn covering_cases<'t>(tree: &'t Tree, given: &[Given<'_>]) -> Vec<&'t str> {
    tree.cases
        .iter()
        .filter(|case| {
            case.answers.len() == given.len()
                && case
                    .answers
                    .iter()
                    .zip(given)
                    .all(|((label, _), g)| label.trim().eq_ignore_ascii_case(g.answer.trim()))
        })
        .map(|case| case.name.as_str())
        .collect()
}

/// The table as Markdown, readable as plain text and in any Markdown viewer.
pub fn markdown(site: &Site, tree: &Tree) -> String {
    let rows = rows(site, tree);
    let (coverage, _) = cases::coverage(tree);
    let mut out = format!(
        "# {}: disposition table\n\n{} paths, most urgent first. Answers are numbered by step, as on the printable steps page. {} clinical cases cover {} of {} ends.\n\n",
        tree.title,
        rows.len(),
        coverage.cases,
        coverage.ends_covered,
        coverage.ends
    );
    out.push_str("| # | Care level | Answers given | Ends on | Causes shown | Cases |\n");
    out.push_str("|---|---|---|---|---|---|\n");
    for (i, row) in rows.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            i + 1,
            site.config.care_label(row.care),
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
