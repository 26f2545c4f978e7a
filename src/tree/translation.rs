//! Translations of trees: `checks/back.cy.toml` beside `checks/back.toml` gives only the tree's
//! words in another language (title, summary, questions, help, `line` texts, answer labels and
//! each sign's question and yes/no words), keyed by node, answer and sign ids. Everything that
//! decides where a reader goes (answers' targets, red flags, variables, findings, checklist rules,
//! cases) is the source tree's, so a translated tree has the same pages, states and outcomes by
//! construction. Each text records the hash of the source text it translates (`[translation]`,
//! written by `carepath translate mark`), so a change to the source is reported text by text.

use super::{Choice, Node, Tree};
use crate::diagnostics::{Diagnostic, Located};
use crate::markdown;
use serde::Deserialize;
use serde_spanned::Spanned;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use time::Date;

/// What makes a tree a translation.
#[derive(Debug, Clone)]
pub struct TreeLang {
    /// The language's tag (`cy`).
    pub lang: String,
    /// The translation file, relative to `content/` (`checks/back.cy.toml`).
    pub file: PathBuf,
    /// The translation file's text, for positions.
    pub text: String,
    /// Which version of each source text it translates, when recorded.
    pub record: Option<Record>,
    /// Offset of `[translation]` in the file (0 when there is none).
    pub record_offset: usize,
    /// The source texts new or changed since the record, each with its key and its offset in
    /// the source tree file (every text when nothing is recorded).
    pub changed: Vec<(String, usize)>,
    /// How many texts the source has now.
    pub total: usize,
    /// How many recorded texts are no longer in the source.
    pub removed: usize,
}

/// `[translation]` of a tree translation: the day it was brought up to date with its source,
/// and a hash of each source text as it was then, by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The day it was brought up to date.
    pub date: Date,
    /// The hash of each source text (see [`markdown::block_hash`]), by key.
    pub strings: BTreeMap<String, String>,
}

/// One text of a source tree that a translation must give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'t> {
    /// Its key: `title`, `summary`, `nodes.ID.question` (`title` for a checklist), `.help`,
    /// `.line` (or `.line.VALUE` when chosen by a variable), `.answers.KEY`,
    /// `.signs.ID.question`, `.signs.ID.yes`, `.signs.ID.no`.
    pub key: String,
    /// The source text.
    pub text: &'t str,
    /// Its offset in the source tree file (the node's table for questions and help).
    pub offset: usize,
}

/// Every text of `tree` a translation gives, in the order of the file's nodes.
pub fn texts(tree: &Tree) -> Vec<Text<'_>> {
    let at = |key: &str| crate::tomlpos::key_offset(&tree.text, key);
    let mut out = vec![
        Text {
            key: "title".into(),
            text: &tree.title,
            offset: at("title"),
        },
        Text {
            key: "summary".into(),
            text: &tree.summary,
            offset: at("summary"),
        },
    ];
    for node in tree.nodes.values() {
        node_texts(node, &tree.text, &mut out);
    }
    out
}

/// The texts of one node; `file` is the tree file's text, to find the line of each key.
fn node_texts<'t>(node: &'t Node, file: &str, out: &mut Vec<Text<'t>>) {
    let base = format!("nodes.{}", node.id);
    // The first line setting `key` after the node's table header: in its table, as every node
    // sets its question (or title), and help and line come before its answers.
    let at = |key: &str| {
        let rest = file.get(node.offset..).unwrap_or_default();
        match crate::tomlpos::key_offset(rest, key) {
            0 => node.offset,
            n => node.offset + n,
        }
    };
    let mut push = |key: String, text: &'t str, offset: usize| {
        out.push(Text { key, text, offset });
    };
    let heading = if node.checklist.is_some() {
        "title"
    } else {
        "question"
    };
    push(format!("{base}.{heading}"), &node.question, at(heading));
    if !node.help_source.trim().is_empty() {
        push(format!("{base}.help"), &node.help_source, at("help"));
    }
    match &node.line {
        Some(Choice::One(line)) => push(format!("{base}.line"), line, at("line")),
        Some(Choice::By { options, .. }) => {
            for (value, at, line) in options {
                push(format!("{base}.line.{value}"), line, *at);
            }
        }
        None => {}
    }
    match &node.checklist {
        Some(list) => {
            for sign in &list.signs {
                let key = format!("{base}.signs.{}", sign.id);
                push(format!("{key}.question"), &sign.question, sign.offset);
                push(format!("{key}.yes"), &sign.yes, sign.yes_offset);
                push(format!("{key}.no"), &sign.no, sign.no_offset);
            }
        }
        None => {
            for answer in &node.answers {
                let key = format!("{base}.answers.{}", answer.key);
                push(key, &answer.label, answer.label_offset);
            }
        }
    }
}

/// A translation file as written: the texts, by node, answer and sign id.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTreeText {
    title: Option<Spanned<String>>,
    summary: Option<Spanned<String>>,
    #[serde(default)]
    nodes: BTreeMap<Spanned<String>, Spanned<RawNodeText>>,
    translation: Option<Spanned<RawRecord>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNodeText {
    question: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
    help: Option<Spanned<String>>,
    line: Option<Spanned<toml::Value>>,
    #[serde(default)]
    answers: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    signs: BTreeMap<Spanned<String>, Spanned<RawSignText>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignText {
    question: Option<Spanned<String>>,
    yes: Option<Spanned<String>>,
    no: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecord {
    date: Option<Spanned<toml::Value>>,
    #[serde(default)]
    strings: BTreeMap<String, String>,
}

/// The keys a tree translation accepts: at its top level, in a node, in a sign, in
/// `[translation]`.
pub(crate) fn keys() -> [&'static [&'static str]; 4] {
    use crate::tomlpos::fields::of;
    [
        of::<RawTreeText>(),
        of::<RawNodeText>(),
        of::<RawSignText>(),
        of::<RawRecord>(),
    ]
}

/// A translated text as written, with its offset in the translation file.
struct Given {
    text: String,
    offset: usize,
    span: std::ops::Range<usize>,
}

/// The texts of a translation file, by key, with where each node's table starts.
struct Read {
    texts: BTreeMap<String, Given>,
    nodes: BTreeMap<String, usize>,
    record: Option<Record>,
    record_offset: usize,
}

/// Where a translation is read from and what it is of.
pub struct Source<'a> {
    /// The translation file, relative to `content/`.
    pub file: &'a Path,
    /// Its text.
    pub text: &'a str,
    /// Its language.
    pub lang: &'a str,
    /// The language's name, for messages ("Cymraeg").
    pub lang_name: &'a str,
}

/// The translation `src` of `tree`: a copy of the tree with its words. Every problem is
/// returned, positioned in the translation file: a text it lacks, one the source has not, an
/// empty text, two answers of one question with the same words.
pub fn translate(
    tree: &Tree,
    src: &Source<'_>,
    rebase: &markdown::Rebase,
) -> Result<Tree, Vec<Diagnostic>> {
    let shown = crate::paths::display_path(src.file);
    let located = Located {
        path: &shown,
        text: src.text,
    };
    let read = read(located)?;
    let texts = texts(tree);
    let mut problems = compare(located, tree, &texts, &read, src.lang_name);
    let mut out = tree.clone();
    let word = |key: &str| read.texts.get(key).map(|g| g.text.clone());
    if let Some(t) = word("title") {
        out.title = t;
    }
    if let Some(s) = word("summary") {
        out.summary = s;
    }
    for node in out.nodes.values_mut() {
        translate_node(node, &read, located, rebase, &mut problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (changed, removed) = staleness(&texts, read.record.as_ref());
    out.translation = Some(Box::new(TreeLang {
        lang: src.lang.to_string(),
        file: src.file.to_path_buf(),
        text: src.text.to_string(),
        record: read.record,
        record_offset: read.record_offset,
        changed,
        total: texts.len(),
        removed,
    }));
    Ok(out)
}

/// Reads the texts of a translation file, by key.
fn read(src: Located<'_>) -> Result<Read, Vec<Diagnostic>> {
    let raw: RawTreeText = crate::tomlpos::from_str(src, 0, src.text).map_err(|d| vec![d])?;
    let mut texts = BTreeMap::new();
    let mut put = |key: String, s: &Spanned<String>| {
        let given = Given {
            text: s.get_ref().clone(),
            offset: s.span().start,
            span: s.span(),
        };
        texts.insert(key, given);
    };
    for (key, value) in [("title", &raw.title), ("summary", &raw.summary)] {
        if let Some(v) = value {
            put(key.to_string(), v);
        }
    }
    let mut nodes = BTreeMap::new();
    let mut problems = Vec::new();
    for (id, node) in raw.nodes {
        let base = format!("nodes.{}", id.get_ref());
        nodes.insert(id.get_ref().clone(), node.span().start);
        let node = node.into_inner();
        let fields = [
            ("question", &node.question),
            ("title", &node.title),
            ("help", &node.help),
        ];
        for (name, value) in fields {
            if let Some(v) = value {
                put(format!("{base}.{name}"), v);
            }
        }
        if let Some(line) = &node.line {
            let at = line.span().start;
            match line.get_ref() {
                toml::Value::String(s) => put(format!("{base}.line"), &Spanned::new(at..at, s.clone())),
                toml::Value::Table(by) => {
                    for (value, text) in by {
                        match text.as_str() {
                            Some(s) => put(format!("{base}.line.{value}"), &Spanned::new(at..at, s.to_string())),
                            None => problems.push(src.error(at, format!("`{base}.line.{value}` must be text"))),
                        }
                    }
                }
                _ => problems.push(src.error(at, format!("`{base}.line` is text, or a table of texts by the variable's value as in the source tree"))),
            }
        }
        for (key, label) in &node.answers {
            put(format!("{base}.answers.{}", key.get_ref()), label);
        }
        for (id, sign) in &node.signs {
            let sign_base = format!("{base}.signs.{}", id.get_ref());
            let sign = sign.get_ref();
            for (name, value) in [
                ("question", &sign.question),
                ("yes", &sign.yes),
                ("no", &sign.no),
            ] {
                if let Some(v) = value {
                    put(format!("{sign_base}.{name}"), v);
                }
            }
        }
    }
    let (record, record_offset) = match raw.translation {
        Some(r) => {
            let at = r.span().start;
            let r = r.into_inner();
            let date = crate::front_matter::date(src, at, r.date.as_ref(), "date", &mut problems);
            (
                date.map(|date| Record {
                    date,
                    strings: r.strings,
                }),
                at,
            )
        }
        None => (None, 0),
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Read {
        texts,
        nodes,
        record,
        record_offset,
    })
}

/// A missing text is an error where it belongs (its node's table, else the top of the file);
/// a text the source has not is an error at the text; so is an empty one.
fn compare(
    src: Located<'_>,
    tree: &Tree,
    texts: &[Text<'_>],
    read: &Read,
    lang_name: &str,
) -> Vec<Diagnostic> {
    let (source_shown, _) = tree.located();
    let line_of = |offset: usize| crate::diagnostics::line_col(&tree.text, offset).0;
    let wanted: BTreeSet<&str> = texts.iter().map(|t| t.key.as_str()).collect();
    let mut problems = Vec::new();
    for text in texts {
        if read.texts.contains_key(&text.key) {
            continue;
        }
        let node = text
            .key
            .strip_prefix("nodes.")
            .and_then(|k| k.split('.').next());
        let at = node.and_then(|id| read.nodes.get(id)).copied().unwrap_or(0);
        problems.push(src.error(
            at,
            format!(
                "no {lang_name} for `{}` (the source's \"{}\", {} line {}): a translation gives every text of its tree",
                text.key,
                one_line(text.text),
                source_shown.display(),
                line_of(text.offset)
            ),
        ));
    }
    for (key, given) in &read.texts {
        if !wanted.contains(key.as_str()) {
            problems.push(src.error(
                given.offset,
                format!(
                    "`{key}` is not a text of `{}`: {}",
                    source_shown.display(),
                    unknown_why(tree, key)
                ),
            ));
        } else if given.text.trim().is_empty() {
            problems.push(src.error(
                given.offset,
                format!("`{key}` is empty: give the words in {lang_name}"),
            ));
        }
    }
    problems
}

/// Why `key` names no text of `tree`, with what it could have named.
fn unknown_why(tree: &Tree, key: &str) -> String {
    let Some(rest) = key.strip_prefix("nodes.") else {
        return "a translation gives only the source tree's texts".into();
    };
    let id = rest.split('.').next().unwrap_or_default();
    let Some(node) = tree.nodes.get(id) else {
        return format!("the source tree has no node `{id}`");
    };
    let keys: Vec<String> = texts_of(node);
    format!("node `{id}` has the texts {}", keys.join(", "))
}

fn texts_of(node: &Node) -> Vec<String> {
    let mut out = Vec::new();
    node_texts(node, "", &mut out);
    out.iter().map(|t| format!("`{}`", t.key)).collect()
}

/// `node` in the translation's words (texts the translation lacks were reported).
fn translate_node(
    node: &mut Node,
    read: &Read,
    src: Located<'_>,
    rebase: &markdown::Rebase,
    problems: &mut Vec<Diagnostic>,
) {
    let base = format!("nodes.{}", node.id);
    let word = |key: String| read.texts.get(&key);
    let heading = if node.checklist.is_some() {
        "title"
    } else {
        "question"
    };
    if let Some(q) = word(format!("{base}.{heading}")) {
        node.question = q.text.clone();
    }
    if let Some(help) = word(format!("{base}.help")) {
        let spanned = Spanned::new(help.span.clone(), help.text.clone());
        let help = super::parse::render_help(src, Some(&spanned), rebase, problems);
        node.help = help.html;
        node.help_source = help.source;
        node.help_links = help.links;
    }
    node.line = node.line.take().map(|line| {
        line.map_by(|value, l| {
            let key = match value {
                Some(v) => format!("{base}.line.{v}"),
                None => format!("{base}.line"),
            };
            word(key).map_or(l, |g| g.text.clone())
        })
    });
    node.aliases.clear();
    if let Some(list) = &mut node.checklist {
        for sign in &mut list.signs {
            let key = format!("{base}.signs.{}", sign.id);
            for (field, name) in [
                (&mut sign.question, "question"),
                (&mut sign.yes, "yes"),
                (&mut sign.no, "no"),
            ] {
                if let Some(g) = word(format!("{key}.{name}")) {
                    *field = g.text.clone();
                }
            }
            if sign.yes.trim().eq_ignore_ascii_case(sign.no.trim()) {
                let at = word(format!("{key}.no")).map_or(0, |g| g.offset);
                problems.push(src.error(at, format!("`{key}`: `yes` and `no` have the same words, so a reader could not tell them apart")));
            }
        }
        return;
    }
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for answer in &mut node.answers {
        let key = format!("{base}.answers.{}", answer.key);
        let Some(g) = word(key.clone()) else {
            continue;
        };
        answer.label = g.text.clone();
        let folded = g.text.trim().to_lowercase();
        if let Some(other) = seen.insert(folded, &answer.key) {
            problems.push(src.error(g.offset, format!("`{key}` has the same words as answer `{other}` of the same question, so a reader (and a case) could not tell them apart")));
        }
    }
}

/// The source texts new or changed since `record`, and how many recorded texts are gone.
fn staleness(texts: &[Text<'_>], record: Option<&Record>) -> (Vec<(String, usize)>, usize) {
    let Some(record) = record else {
        return (texts.iter().map(|t| (t.key.clone(), t.offset)).collect(), 0);
    };
    let changed: Vec<(String, usize)> = (texts.iter())
        .filter(|t| record.strings.get(&t.key) != Some(&markdown::block_hash(t.text)))
        .map(|t| (t.key.clone(), t.offset))
        .collect();
    let now: BTreeSet<&str> = texts.iter().map(|t| t.key.as_str()).collect();
    let removed = (record.strings.keys())
        .filter(|k| !now.contains(k.as_str()))
        .count();
    (changed, removed)
}

/// `text` on one line, shortened for a message.
fn one_line(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    match joined.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &joined[..i]),
        None => joined,
    }
}

/// `text` (a tree translation) with its `[translation]` table replaced by one recording each
/// of `texts` as it is now, dated `date`: the table is the last thing in the file, so everything
/// from its header to the end is replaced.
pub fn with_record(text: &str, date: Date, texts: &[Text<'_>]) -> String {
    let keep = match text.find("\n[translation]") {
        Some(i) => &text[..i + 1],
        None if text.starts_with("[translation]") => "",
        None => text,
    };
    let mut out = keep.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(&format!(
        "[translation]\ndate = {date}\n\n[translation.strings]\n"
    ));
    for t in texts {
        out.push_str(&format!(
            "\"{}\" = \"{}\" # {}\n",
            t.key,
            markdown::block_hash(t.text),
            one_line(t.text).replace(['\n', '\r'], " ")
        ));
    }
    out
}
