//! The XSS corpus (`tests/xss/vectors.txt`): every known vector is put where an author could put
//! it (article body, Markdown link, front matter, tree help text and answer labels, a theme
//! template) and must either fail the build at its file and line or come out inert.

use crate::harness::{Site, fixtures_dir, read, write};
use crate::inert;
use std::path::Path;

/// One line of the corpus.
#[derive(Debug, Clone)]
pub(crate) struct Vector {
    pub(crate) number: usize,
    pub(crate) rejected: bool,
    pub(crate) context: String,
    pub(crate) text: String,
}

impl Vector {
    /// The file the vector is written into, relative to the site root.
    fn file(&self) -> String {
        match self.context.as_str() {
            "help" | "label" => format!("content/checks/v{:03}.toml", self.number),
            "template" => "themes/t/templates/page.html".to_string(),
            _ => format!("content/v/{:03}.md", self.number),
        }
    }

    /// The output page that shows the vector.
    pub(crate) fn page(&self) -> String {
        match self.context.as_str() {
            "help" | "label" => format!("checks/v{:03}/index.html", self.number),
            "template" => "about.html".to_string(),
            _ => format!("v/{:03}.html", self.number),
        }
    }
}

/// Every vector in the corpus.
pub(crate) fn vectors() -> Vec<Vector> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/xss/vectors.txt");
    let mut out = Vec::new();
    for line in read(&path).lines().filter(|l| !l.starts_with('#')) {
        let Some((head, text)) = line.split_once(" | ") else {
            continue;
        };
        let (expect, context) = head.split_once(' ').expect("EXPECT CONTEXT | vector");
        let text = text
            .replace("{TAB}", "\t")
            .replace("{NL}", "\n")
            .replace("{CR}", "\r")
            .replace("{FF}", "\x0c");
        out.push(Vector {
            number: out.len() + 1,
            rejected: expect == "R",
            context: context.to_string(),
            text,
        });
    }
    out
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x0c' => out.push_str("\\f"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Line of the vector in its file (first line of it).
const BODY_LINE: usize = 9;
const HELP_LINE: usize = 13;
const TEMPLATE_LINE: usize = 4;

fn article(title: &str, body: &str) -> String {
    format!(
        "+++\ntitle = {}\nsummary = {}\nreviewed = 2026-01-01\nnext_review = 2099-01-01\n+++\nBefore.\n\n{body}\n\nAfter.\n",
        toml_string(title),
        toml_string(title),
    )
}

/// Writes `vector` into `site` where its context says.
pub(crate) fn place(site: &Site, vector: &Vector) {
    let tree = read(&fixtures_dir().join("basic/content/checks/example.toml"));
    let file = site.join(&vector.file());
    let name = format!("Vector {}", vector.number);
    let text = vector.text.as_str();
    match vector.context.as_str() {
        "body" => write(&file, article(&name, &format!("<div>\n{text}\n</div>"))),
        "md" | "inline" => write(&file, article(&name, text)),
        "mdlink" => write(&file, article(&name, &format!("[x]({text})"))),
        "title" => write(&file, article(text, "Text.")),
        "help" => {
            let help = "\"\"\"\n- chest pain\n- weakness in both legs\n\"\"\"";
            let body = toml_string(text);
            let body = format!("\"\"\"\n{}\n\"\"\"", &body[1..body.len() - 1]);
            write(&file, tree.replacen(help, &body, 1));
        }
        "label" => {
            let label = toml_string(text);
            let label = tree.replace("\"Less than 2 weeks\"", &label);
            write(
                &file,
                label.replace("\"How long have you had it?\"", &toml_string(text)),
            );
        }
        "template" => {
            let page = "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n";
            write(
                &file,
                format!("{page}{text}\n{{{{ page.body | safe }}}}\n{{% endblock main %}}\n"),
            );
            let config = site.join("content/site.toml");
            write(&config, read(&config) + "theme = \"t\"\n");
        }
        other => panic!("unknown context `{other}` in vectors.txt"),
    }
}

/// The line the vector starts on in its file.
fn first_line(vector: &Vector) -> usize {
    match vector.context.as_str() {
        "help" => HELP_LINE,
        "template" => TEMPLATE_LINE,
        "title" | "label" => 0,
        "body" => BODY_LINE + 1,
        _ => BODY_LINE,
    }
}

/// `path:line:col: error:` lines of a run, as `(path, line, col)`.
fn errors(stderr: &str) -> Vec<(String, usize, usize)> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: "))
        .filter_map(|l| {
            let mut parts = l.splitn(4, ':');
            let path = parts.next()?.strip_prefix("[site]/")?.to_string();
            Some((
                path,
                parts.next()?.parse().ok()?,
                parts.next()?.parse().ok()?,
            ))
        })
        .collect()
}

/// Whether the vector was rejected at its file, on one of its lines, with a 1-based column.
fn rejected_at_place(vector: &Vector, stderr: &str) -> bool {
    let lines = first_line(vector)..=first_line(vector) + vector.text.matches('\n').count();
    errors(stderr)
        .into_iter()
        .any(|(path, line, col)| path == vector.file() && lines.contains(&line) && col >= 1)
}

// Every vector the corpus expects to be refused fails `check` at its own file and line, and
// every vector it expects to be accepted draws no error; the accepted ones then build (exit 0)
// into pages that an independent reading finds inert.
#[test]
fn every_vector_is_rejected_at_its_place_or_comes_out_inert() {
    let all = vectors();
    let (templates, rest): (Vec<_>, Vec<_>) = all.iter().partition(|v| v.context == "template");
    let site = Site::fixture("basic");
    for vector in &rest {
        place(&site, vector);
    }
    let run = site.run(&["check", "--site", "[site]"]);
    run.assert_code(1);
    let mut wrong = Vec::new();
    for vector in &rest {
        let file = format!("[site]/{}:", vector.file());
        let ok = match vector.rejected {
            true => rejected_at_place(vector, &run.stderr),
            false => !run.stderr.contains(&file),
        };
        if !ok {
            wrong.push(*vector);
        }
    }
    for vector in templates {
        let site = Site::fixture("basic");
        place(&site, vector);
        let run = site.build();
        if run.code != 1 || !rejected_at_place(vector, &run.stderr) {
            wrong.push(vector);
        }
    }
    let list: Vec<String> = wrong
        .iter()
        .map(|v| {
            format!(
                "{:03} {} {} | {}",
                v.number,
                if v.rejected { "R" } else { "I" },
                v.context,
                v.text
            )
        })
        .collect();
    assert!(
        list.is_empty(),
        "not as expected:\n{}\n--- check said:\n{}",
        list.join("\n"),
        run.stderr
    );
    let rejected = all.iter().filter(|v| v.rejected).count();
    assert!(all.len() >= 150, "the corpus has {} vectors", all.len());
    println!(
        "{} vectors: {rejected} rejected, {} inert",
        all.len(),
        all.len() - rejected
    );
}

/// A site holding every accepted vector, built; `CAREPATH_XSS_OUT` names a folder to copy it to
/// (the browser suite opens it in Chromium).
fn accepted_site() -> Site {
    let site = Site::fixture("basic");
    for vector in vectors().iter().filter(|v| !v.rejected) {
        place(&site, vector);
    }
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

// The accepted vectors build into pages in which nothing can run: no script element, handler,
// script URL, embedding element, and a Content-Security-Policy that forbids script.
#[test]
fn accepted_vectors_come_out_inert() {
    let site = accepted_site();
    for vector in vectors().iter().filter(|v| !v.rejected) {
        let html = site.output(&vector.page());
        if let Err(problem) = inert::check(&html) {
            panic!("vector {} `{}`: {problem}", vector.number, vector.text);
        }
    }
    if let Ok(out) = std::env::var("CAREPATH_XSS_OUT") {
        let out = Path::new(&out);
        for (rel, bytes) in crate::harness::read_all(&site.join("public")) {
            write(&out.join(rel), bytes);
        }
        let pages: Vec<String> = vectors()
            .iter()
            .filter(|v| !v.rejected)
            .map(|v| v.page())
            .collect();
        write(&out.join("vectors.txt"), pages.join("\n") + "\n");
    }
}
