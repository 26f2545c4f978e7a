//! An independent walk of a tree file, written in the test from the TOML alone (not from
//! carepath's own expansion), so the built pages can be checked against what the file says.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One end of a path: the page written for it and what the tree file says it must show.
#[derive(Debug, Clone)]
pub(crate) struct End {
    /// Answer labels from the start, in order.
    pub(crate) answers: Vec<String>,
    /// The target page's source path, relative to `content/`.
    pub(crate) target: String,
    /// The target page's title (what the end page's `<h1>` must say).
    pub(crate) title: String,
    /// The target page's care level.
    pub(crate) care: String,
}

/// Every end of the tree `content/checks/<slug>.toml`, in path order.
pub(crate) fn ends(content: &Path, slug: &str) -> Vec<End> {
    let text = std::fs::read_to_string(content.join(format!("checks/{slug}.toml"))).unwrap();
    let tree: toml::Table = text.parse().unwrap();
    let nodes = tree["nodes"].as_table().unwrap();
    let mut out = Vec::new();
    let start = tree["start"].as_str().unwrap();
    walk(content, nodes, start, &mut Vec::new(), &mut out);
    out
}

fn walk(
    content: &Path,
    nodes: &toml::Table,
    id: &str,
    labels: &mut Vec<String>,
    out: &mut Vec<End>,
) {
    let answers = nodes[id]["answers"].as_array().unwrap();
    for answer in answers {
        labels.push(answer["label"].as_str().unwrap().to_string());
        let to = answer["to"].as_str().unwrap();
        if to.ends_with(".md") {
            let front = front_matter(&content.join(to));
            out.push(End {
                answers: labels.clone(),
                target: to.to_string(),
                title: front["title"].as_str().unwrap().to_string(),
                care: front["care"].as_str().unwrap().to_string(),
            });
        } else {
            walk(content, nodes, to, labels, out);
        }
        labels.pop();
    }
}

/// The TOML front matter of an article.
pub(crate) fn front_matter(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let rest = text.strip_prefix("+++").unwrap();
    let end = rest.find("\n+++").unwrap();
    rest[..end].parse().unwrap()
}

/// Asserts that every end page of every tree in `content/checks/` is headed by the title of the
/// page its answer targets, and carries that page's care level.
pub(crate) fn assert_end_pages_match_targets(content: &Path, out: &Path) -> usize {
    let mut checked = 0;
    let mut slugs = BTreeMap::new();
    for entry in std::fs::read_dir(content.join("checks")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let slug = path.file_stem().unwrap().to_string_lossy().into_owned();
            slugs.insert(slug.clone(), ends(content, &slug));
        }
    }
    for (slug, ends) in slugs {
        for end in ends {
            let labels: Vec<&str> = end.answers.iter().map(String::as_str).collect();
            let page = page_after(out, &slug, &labels);
            let html = std::fs::read_to_string(out.join(&page))
                .unwrap_or_else(|e| panic!("{slug}: {}: {e}", page.display()));
            let h1 = between(&html, "<h1>", "</h1>");
            assert_eq!(
                h1,
                escape(&end.title),
                "{}: heading is not the title of `{}` (answers: {})",
                page.display(),
                end.target,
                end.answers.join(" → ")
            );
            let card = format!("class=\"care-card care-{}\"", end.care);
            assert!(html.contains(&card), "{}: no {card}", page.display());
            checked += 1;
        }
    }
    checked
}

/// The page a reader reaches from the first question of `checks/<slug>/` by clicking the answers
/// `labels` in turn, as the built links lead (relative to the output folder).
pub(crate) fn page_after(out: &Path, slug: &str, labels: &[&str]) -> PathBuf {
    let mut page = PathBuf::from(format!("checks/{slug}/index.html"));
    for label in labels {
        let html = std::fs::read_to_string(out.join(&page))
            .unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        let answers = between(&html, "<ul class=\"answers\">", "</ul>");
        let link = format!("\">{}</a>", escape(label));
        let at = answers
            .find(&link)
            .unwrap_or_else(|| panic!("{}: no answer `{label}`", page.display()));
        let href = &answers[answers[..at].rfind("href=\"").unwrap() + 6..at];
        let dir = page.parent().unwrap().to_path_buf();
        page = normalise(&dir.join(href));
    }
    page
}

/// `a/b/../c` → `a/c`.
pub(crate) fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).map(|i| i + start.len()).unwrap_or(0);
    let to = html[from..].find(end).map_or(html.len(), |i| from + i);
    &html[from..to]
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// One `[[cases]]` entry walked through the tree file by label.
#[derive(Debug, Clone)]
pub(crate) struct WalkedCase {
    /// The case's name.
    pub(crate) name: String,
    /// The case's answers, in order.
    pub(crate) answers: Vec<String>,
    /// `(node id, answer label)` for every answer taken.
    pub(crate) taken: Vec<(String, String)>,
    /// The care level the case expects.
    pub(crate) care: String,
}

/// Every case of `content/checks/<slug>.toml`, walked through the nodes by label.
pub(crate) fn cases(content: &Path, slug: &str) -> Vec<WalkedCase> {
    let text = std::fs::read_to_string(content.join(format!("checks/{slug}.toml"))).unwrap();
    let tree: toml::Table = text.parse().unwrap();
    let nodes = tree["nodes"].as_table().unwrap();
    let empty = Vec::new();
    let cases = tree
        .get("cases")
        .and_then(|c| c.as_array())
        .unwrap_or(&empty);
    cases
        .iter()
        .map(|case| {
            let answers: Vec<String> = case["answers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_string())
                .collect();
            let mut id = tree["start"].as_str().unwrap().to_string();
            let mut taken = Vec::new();
            for label in &answers {
                let Some(answer) = nodes[&id]["answers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|a| a["label"].as_str().unwrap().eq_ignore_ascii_case(label))
                else {
                    break;
                };
                taken.push((id.clone(), label.clone()));
                id = answer["to"].as_str().unwrap().to_string();
            }
            WalkedCase {
                name: case["name"].as_str().unwrap().to_string(),
                answers,
                taken,
                care: case["care"].as_str().unwrap().to_string(),
            }
        })
        .collect()
}

/// One answer of a tree file.
#[derive(Debug, Clone)]
pub(crate) struct AnswerOf {
    /// The question's node id.
    pub(crate) node: String,
    /// The answer's label.
    pub(crate) label: String,
    /// Whether the question is a red-flag screen.
    pub(crate) red_flag: bool,
    /// Whether the answer ends the path (leads to a page).
    pub(crate) ends: bool,
}

/// Every answer of the tree file.
pub(crate) fn answers(content: &Path, slug: &str) -> Vec<AnswerOf> {
    let text = std::fs::read_to_string(content.join(format!("checks/{slug}.toml"))).unwrap();
    let tree: toml::Table = text.parse().unwrap();
    let mut out = Vec::new();
    for (id, node) in tree["nodes"].as_table().unwrap() {
        let red_flag = node.get("red_flag").and_then(toml::Value::as_bool) == Some(true);
        for answer in node["answers"].as_array().unwrap() {
            out.push(AnswerOf {
                node: id.clone(),
                label: answer["label"].as_str().unwrap().to_string(),
                red_flag,
                ends: answer["to"].as_str().unwrap().ends_with(".md"),
            });
        }
    }
    out
}
