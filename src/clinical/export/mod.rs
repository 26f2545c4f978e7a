//! Sign-off exports of a tree: numbered steps (shared by the printable page and the text
//! export), Graphviz DOT, Mermaid, and an SVG drawing laid out at build time from the DOT.

pub mod drawing;
pub mod fhir;
pub mod paths;
pub mod table;
pub mod uncovered;

use crate::paths::normalise;
use crate::site::Site;
use crate::tree::state::End;
use crate::tree::{Answer, Choice, Node, Target, Tree};
use anyhow::{Result, anyhow};
use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write as _;

/// Step numbers for the tree's questions, start = 1, in breadth-first order.
pub fn step_numbers(tree: &Tree) -> BTreeMap<&str, usize> {
    let mut numbers = BTreeMap::new();
    let mut queue = VecDeque::from([tree.start.as_str()]);
    while let Some(id) = queue.pop_front() {
        if numbers.contains_key(id) || !tree.nodes.contains_key(id) {
            continue;
        }
        numbers.insert(id, numbers.len() + 1);
        for answer in &tree.nodes[id].answers {
            queue.extend(answer.next_nodes());
        }
    }
    numbers
}

/// Questions in step order.
pub fn steps(tree: &Tree) -> Vec<(usize, &Node)> {
    let numbers = step_numbers(tree);
    let mut steps: Vec<_> = numbers
        .iter()
        .map(|(id, n)| (*n, &tree.nodes[*id]))
        .collect();
    steps.sort_by_key(|(n, _)| *n);
    steps
}

/// How a checklist's rules are tried, in words for the steps page and the text export.
pub fn rule_order(list: &crate::tree::checklist::Checklist) -> &'static str {
    if list.in_order {
        "The first rule met decides, in the order written, even where a later rule is more urgent (precedence = \"order\")."
    } else {
        "The first rule met decides; no rule comes before a more urgent one."
    }
}

/// Where an answer goes, in words: "go to step 4" or the end page's call to action, with the
/// finding it records and the variables it sets; a choice by a variable names each value.
pub fn destination(site: &Site, numbers: &BTreeMap<&str, usize>, answer: &Answer) -> String {
    destination_pieces(site, numbers, answer)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// A piece of the words of [`destination`]: text, and the step it leads to when it is a
/// "go to step N" (so that a page can link it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The words.
    pub text: String,
    /// The step number, for "go to step N".
    pub step: Option<usize>,
}

impl Piece {
    fn words(text: String) -> Piece {
        Piece { text, step: None }
    }
}

/// [`destination`] in pieces, each "go to step N" a piece of its own.
pub fn destination_pieces(
    site: &Site,
    numbers: &BTreeMap<&str, usize>,
    answer: &Answer,
) -> Vec<Piece> {
    let mut out = Vec::new();
    if let Some((record, _)) = &answer.record {
        let then = format!("record {}, then ", record_words(site, record));
        out.push(Piece::words(then));
    }
    match &answer.to {
        Choice::One(target) => out.push(target_piece(site, numbers, target)),
        Choice::By { var, options, .. } => {
            for (i, (value, _, t)) in options.iter().enumerate() {
                let and = if i == 0 { "" } else { "; " };
                out.push(Piece::words(format!("{and}if {var} is {value}: ")));
                out.push(target_piece(site, numbers, t));
            }
        }
    }
    let mut sets = String::new();
    for set in &answer.set {
        let _ = write!(sets, " (sets {} to {})", set.var, set.value);
    }
    if !sets.is_empty() {
        out.push(Piece::words(sets));
    }
    out
}

/// A target's words as one piece, with its step number when it is a question.
fn target_piece(site: &Site, numbers: &BTreeMap<&str, usize>, target: &Target) -> Piece {
    let step = match target {
        Target::Node(id) => numbers.get(id.as_str()).copied(),
        _ => None,
    };
    Piece {
        text: target_words(site, numbers, target),
        step,
    }
}

pub(super) fn target_words(
    site: &Site,
    numbers: &BTreeMap<&str, usize>,
    target: &Target,
) -> String {
    match target {
        Target::Node(id) => format!(
            "go to step {}",
            numbers.get(id.as_str()).copied().unwrap_or(0)
        ),
        Target::Page(path) => end_title(site, path),
        Target::Finish => "end, showing the findings recorded".into(),
    }
}

/// The short name of a target in drawings: a step's node id, an end page's source, `end`.
fn target_key(target: &Target) -> String {
    match target {
        Target::Node(id) => id.clone(),
        Target::Page(p) => p.display().to_string(),
        Target::Finish => "end".into(),
    }
}

/// Each target of an answer with its edge label (the answer's label, the variable's value
/// when chosen by one, and the finding it records).
pub(super) fn edges<'a>(site: &Site, answer: &'a Answer) -> Vec<(&'a Target, String)> {
    let recorded = answer.record.as_ref().map_or(String::new(), |(record, _)| {
        format!(" — records {}", record_words(site, record))
    });
    match &answer.to {
        Choice::One(t) => vec![(t, format!("{}{recorded}", answer.label))],
        Choice::By { var, options, .. } => options
            .iter()
            .map(|(value, _, t)| (t, format!("{} [{var} = {value}]{recorded}", answer.label)))
            .collect(),
    }
}

/// The finding an answer records, in words; one chosen by a variable names each value.
fn record_words(site: &Site, record: &Choice<std::path::PathBuf>) -> String {
    match record {
        Choice::One(page) => end_title(site, page),
        Choice::By { var, options, .. } => options
            .iter()
            .map(|(value, _, page)| format!("{} if {var} is {value}", end_title(site, page)))
            .collect::<Vec<_>>()
            .join(", or "),
    }
}

fn end_title(site: &Site, path: &std::path::Path) -> String {
    match normalise(path).and_then(|p| site.page(&p)) {
        Some(page) => match page.front.care {
            Some(care) => format!("{} ({})", page.front.title, site.config.care_label(care)),
            None => page.front.title.clone(),
        },
        None => path.display().to_string(),
    }
}

/// Cause articles an end shows: those its last answer names as likely, and the page it ends
/// on if that is a cause article, each once, in the order written.
pub fn end_causes<'s>(site: &'s Site, end: &End<'_>) -> Vec<&'s crate::site::Page> {
    cause_pages(
        site,
        end.exit.causes.iter().map(|(p, _)| p).chain(end.outcome),
    )
}

/// Cause articles an answer names as likely, and the pages it may end on that are cause
/// articles, each once, in the order written.
pub fn answer_causes<'s>(site: &'s Site, answer: &Answer) -> Vec<&'s crate::site::Page> {
    cause_pages(
        site,
        answer
            .causes
            .iter()
            .map(|(p, _)| p)
            .chain(answer.end_pages()),
    )
}

fn cause_pages<'s, 'p>(
    site: &'s Site,
    paths: impl Iterator<Item = &'p std::path::PathBuf>,
) -> Vec<&'s crate::site::Page> {
    let mut pages: Vec<&crate::site::Page> = Vec::new();
    for path in paths {
        if let Some(page) = normalise(path).and_then(|p| site.page(&p))
            && page.kind == crate::site::PageKind::Cause
            && !pages.iter().any(|known| known.source == page.source)
        {
            pages.push(page);
        }
    }
    pages
}

/// Titles of [`answer_causes`].
pub fn cause_titles<'s>(site: &'s Site, answer: &Answer) -> Vec<&'s str> {
    answer_causes(site, answer)
        .into_iter()
        .map(|p| p.front.title.as_str())
        .collect()
}

/// The tree as numbered plain-text steps, for review by e-mail or on paper.
pub fn text(site: &Site, tree: &Tree) -> String {
    let numbers = step_numbers(tree);
    let mut out = format!(
        "{}\n{}\n",
        tree.title,
        "=".repeat(tree.title.chars().count())
    );
    for (n, node) in steps(tree) {
        let flag = if node.red_flag {
            " [red-flag screen]"
        } else {
            ""
        };
        let _ = write!(out, "\nStep {n} — {}{flag}\n", node.question);
        for line in node.help_source.lines().filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(out, "    {}", line.trim());
        }
        for line in line_words(node) {
            let _ = writeln!(out, "    {line}");
        }
        if let Some(list) = &node.checklist {
            let _ = writeln!(
                out,
                "  Ask one sign at a time, only while the result is open:"
            );
            for (i, sign) in list.signs.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "    {}. {} (\"{}\" / \"{}\")",
                    i + 1,
                    sign.question,
                    sign.yes,
                    sign.no
                );
            }
            let _ = writeln!(out, "  {}", rule_order(list));
        }
        for answer in &node.answers {
            let _ = writeln!(
                out,
                "  If \"{}\": {}",
                answer.label,
                destination(site, &numbers, answer)
            );
            let causes = cause_titles(site, answer);
            if !causes.is_empty() {
                let _ = writeln!(out, "      Likely causes: {}", causes.join(", "));
            }
        }
    }
    out
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A node's line of text, one entry per value when chosen by a variable.
pub fn line_words(node: &Node) -> Vec<String> {
    match &node.line {
        None => Vec::new(),
        Some(Choice::One(text)) => vec![text.clone()],
        Some(Choice::By { var, options, .. }) => options
            .iter()
            .map(|(value, _, text)| format!("If {var} is {value}: {text}"))
            .collect(),
    }
}

/// Graphviz DOT: questions as boxes labelled with their step, ends as rounded boxes.
pub fn dot(site: &Site, tree: &Tree) -> String {
    let mut out = format!(
        "digraph \"{}\" {{\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n",
        dot_escape(&tree.title)
    );
    let mut ends = BTreeMap::new();
    for (n, node) in steps(tree) {
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{n}. {}\"];",
            dot_escape(&node.id),
            dot_escape(&node.question)
        );
    }
    for (_, node) in steps(tree) {
        for answer in &node.answers {
            for (target, label) in edges(site, answer) {
                let to = target_key(target);
                match target {
                    Target::Page(p) => {
                        ends.insert(to.clone(), end_title(site, p));
                    }
                    Target::Finish => {
                        ends.insert(to.clone(), "The findings recorded".into());
                    }
                    Target::Node(_) => {}
                }
                let _ = writeln!(
                    out,
                    "  \"{}\" -> \"{}\" [label=\"{}\"];",
                    dot_escape(&node.id),
                    dot_escape(&to),
                    dot_escape(&label)
                );
            }
        }
    }
    for (key, title) in &ends {
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{}\", style=rounded];",
            dot_escape(key),
            dot_escape(title)
        );
    }
    out.push_str("}\n");
    out
}

/// Mermaid flowchart, for pasting into documents and wikis that render it.
pub fn mermaid(site: &Site, tree: &Tree) -> String {
    let mut ids = BTreeMap::new();
    let mut id_of = |key: String| {
        let next = ids.len();
        ids.entry(key).or_insert_with(|| format!("n{next}")).clone()
    };
    let clean = |s: &str| s.replace('"', "#quot;");
    let mut out = String::from("flowchart TD\n");
    for (n, node) in steps(tree) {
        let id = id_of(node.id.clone());
        let _ = writeln!(out, "  {id}[\"{n}. {}\"]", clean(&node.question));
    }
    for (_, node) in steps(tree) {
        let from = id_of(node.id.clone());
        for answer in &node.answers {
            for (target, label) in edges(site, answer) {
                let to = id_of(target_key(target));
                match target {
                    Target::Page(p) => {
                        let _ = writeln!(out, "  {to}([\"{}\"])", clean(&end_title(site, p)));
                    }
                    Target::Finish => {
                        let _ = writeln!(out, "  {to}([\"The findings recorded\"])");
                    }
                    Target::Node(_) => {}
                }
                let _ = writeln!(out, "  {from} -->|\"{}\"| {to}", clean(&label));
            }
        }
    }
    out
}

/// Export formats for `carepath tree`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// Mermaid flowchart.
    Mermaid,
    /// Numbered plain-text steps.
    Text,
    /// The disposition table (every path → care level), as Markdown.
    Table,
    /// The disposition table as CSV.
    Csv,
    /// An HL7 FHIR R4 Questionnaire (JSON).
    Fhir,
    /// The end states no clinical case reaches, as `[[cases]]` entries (TOML).
    Uncovered,
    /// Every row of the disposition table as the answers one reader gives on it (each sign of a
    /// checklist, yes or no), with its care level and the pages its end shows (JSON), for
    /// walking another implementation of the tree (a forms client) path by path.
    Paths,
}

impl Format {
    /// Every format's name, as the command line takes it.
    pub const NAMES: [&str; 8] = [
        "text",
        "dot",
        "mermaid",
        "table",
        "csv",
        "fhir",
        "uncovered",
        "paths",
    ];
}

impl std::str::FromStr for Format {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Format> {
        match s {
            "dot" => Ok(Format::Dot),
            "mermaid" => Ok(Format::Mermaid),
            "text" => Ok(Format::Text),
            "table" => Ok(Format::Table),
            "csv" => Ok(Format::Csv),
            "fhir" => Ok(Format::Fhir),
            "uncovered" => Ok(Format::Uncovered),
            "paths" => Ok(Format::Paths),
            other => Err(anyhow!(
                "unknown format `{other}`: use one of {}",
                Format::NAMES.join(", ")
            )),
        }
    }
}

/// A tree file loaded with the site around it, so end pages can be named.
#[derive(Debug)]
pub struct Loaded {
    /// The site the tree belongs to.
    pub site: Site,
    /// The tree's source, relative to `content/`.
    pub rel: std::path::PathBuf,
}

impl Loaded {
    /// The loaded tree.
    pub fn tree(&self) -> &Tree {
        self.site
            .trees
            .iter()
            .find(|t| t.source == self.rel)
            .unwrap_or_else(|| unreachable!("load() only returns a site that holds its tree"))
    }
}

/// Loads the tree in `file` (a `content/checks/*.toml` inside a site) and validates it, running
/// its clinical cases when `run_cases`; the tree's own problems come back as diagnostics, with
/// paths from the caller's folder.
pub fn load(
    file: &std::path::Path,
    run_cases: bool,
) -> Result<std::result::Result<Loaded, Vec<crate::diagnostics::Diagnostic>>> {
    let file = std::path::absolute(file)?;
    let root = file
        .ancestors()
        .find(|dir| {
            dir.join(crate::paths::CONTENT_DIR)
                .join(crate::paths::CONFIG_FILE)
                .is_file()
        })
        .ok_or_else(|| {
            anyhow!(
                "`{}` is not inside a carepath site (no content/site.toml above it)",
                file.display()
            )
        })?;
    let content = root.join(crate::paths::CONTENT_DIR);
    let rel = file
        .strip_prefix(&content)
        .map_err(|_| anyhow!("`{}` is not in the site's content folder", file.display()))?
        .to_path_buf();
    let sources = crate::source::discover(root)?;
    if !sources.trees.contains(&rel) {
        return Err(anyhow!(
            "`{}` is not a tree file: trees are `content/checks/*.toml`",
            file.display()
        ));
    }
    let (site, diags) = crate::site::load(root, &sources)?;
    let shown = crate::paths::display_path(&rel);
    let mut problems: Vec<_> = diags.into_iter().filter(|d| d.path == shown).collect();
    let tree = site.trees.iter().find(|t| t.source == rel);
    if let Some(tree) = tree {
        problems.extend(super::validate::one(&site, tree));
        if run_cases && problems.is_empty() {
            problems.extend(super::validate::cases(&site, tree));
        }
    }
    let failed = problems
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    if tree.is_none() || failed {
        for d in &mut problems {
            d.path = root.join(&d.path);
        }
        return Ok(Err(problems));
    }
    Ok(Ok(Loaded { site, rel }))
}

/// An export, with what its reader should know (warnings; the export is still whole).
#[derive(Debug)]
pub struct Exported {
    /// The export.
    pub text: String,
    /// Warnings, with paths from the caller's folder.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
}

/// Exports the tree in `file` in `format`; the tree's problems (and constructs a format cannot
/// state faithfully) come back as diagnostics.
pub fn for_file(
    file: &std::path::Path,
    format: Format,
) -> Result<std::result::Result<Exported, Vec<crate::diagnostics::Diagnostic>>> {
    let loaded = match load(file, true)? {
        Ok(loaded) => loaded,
        Err(problems) => return Ok(Err(problems)),
    };
    let (site, tree) = (&loaded.site, loaded.tree());
    let rebase = |mut problems: Vec<crate::diagnostics::Diagnostic>| {
        for d in &mut problems {
            d.path = site.root.join(&d.path);
        }
        problems
    };
    if format == Format::Fhir {
        return Ok(match fhir::questionnaire(site, tree) {
            Ok(export) => Ok(Exported {
                text: export.text,
                warnings: rebase(export.warnings),
            }),
            Err(problems) => Err(rebase(problems)),
        });
    }
    let text = match format {
        Format::Dot => dot(site, tree),
        Format::Mermaid => mermaid(site, tree),
        Format::Text => text(site, tree),
        Format::Table => table::markdown(site, tree),
        Format::Csv => table::csv(site, tree)?,
        Format::Fhir => unreachable!("returned above"),
        Format::Uncovered => uncovered::cases(site, tree),
        Format::Paths => paths::json(site, tree),
    };
    Ok(Ok(Exported {
        text,
        warnings: Vec::new(),
    }))
}
