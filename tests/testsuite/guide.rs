//! The user guide (`docs/guide/`) is a carepath site checked like any other: it builds with no
//! warnings, every example of a file in it is a real file that a test builds, and its reference
//! lists exactly the keys carepath's parsers accept.

use crate::harness::{Site, read, repo_root};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where each table of keys is documented: the reference page and the heading id of its section.
const REFERENCE: &[(&str, &str, &str, &str)] = &[
    (
        "front matter",
        "top level",
        "reference/front-matter.md",
        "keys",
    ),
    (
        "front matter",
        "[[sources]]",
        "reference/front-matter.md",
        "sources",
    ),
    (
        "translation front matter",
        "top level",
        "reference/front-matter.md",
        "translation-keys",
    ),
    (
        "translation front matter",
        "[translation]",
        "reference/front-matter.md",
        "translation-record",
    ),
    (
        "tree translation",
        "top level",
        "reference/tree-file.md",
        "translation-keys",
    ),
    (
        "tree translation",
        "[nodes.ID]",
        "reference/tree-file.md",
        "translation-node",
    ),
    (
        "tree translation",
        "[nodes.ID.signs.ID]",
        "reference/tree-file.md",
        "translation-sign",
    ),
    (
        "tree translation",
        "[translation]",
        "reference/tree-file.md",
        "translation-record",
    ),
    (
        "site.toml",
        "[languages.TAG]",
        "publishing/translations.md",
        "languages",
    ),
    ("site.toml", "top level", "reference/site-toml.md", "keys"),
    ("site.toml", "[csp]", "reference/site-toml.md", "csp"),
    ("site.toml", "[html]", "reference/site-toml.md", "html"),
    (
        "site.toml",
        "[redirects]",
        "reference/site-toml.md",
        "redirects",
    ),
    ("site.toml", "[fhir]", "reference/site-toml.md", "fhir"),
    ("site.toml", "[images]", "reference/site-toml.md", "images"),
    ("site.toml", "[print]", "reference/site-toml.md", "print"),
    (
        "site.toml",
        "[care.LEVEL]",
        "reference/site-toml.md",
        "care",
    ),
    ("tree", "top level", "reference/tree-file.md", "top"),
    ("tree", "[nodes.ID]", "reference/tree-file.md", "nodes"),
    (
        "tree",
        "answers, rules and otherwise",
        "reference/tree-file.md",
        "answers",
    ),
    ("tree", "signs", "reference/tree-file.md", "signs"),
    ("tree", "[[cases]]", "reference/tree-file.md", "cases"),
    (
        "signoff.toml",
        "[[signoff]]",
        "reference/signoff-file.md",
        "signoff",
    ),
];

fn guide() -> PathBuf {
    repo_root().join("docs/guide")
}

/// Builds a site folder from the repository and asserts a clean build: exit 0, nothing on
/// standard error, no warning.
fn assert_builds_clean(folder: &Path) {
    let site = Site::copy_of(folder);
    let run = site.build();
    run.assert_code(0);
    assert_eq!(run.stderr, "", "{} has problems", folder.display());
    assert!(
        run.stdout.contains(", 0 warnings in "),
        "{} builds with warnings:\n{}",
        folder.display(),
        run.stdout
    );
}

// `carepath build --site docs/guide` succeeds with no error and no warning.
#[test]
fn guide_builds_with_no_warnings() {
    assert_builds_clean(&guide());
}

// The example site the guide quotes (every setting, front matter key and tree key) builds clean.
#[test]
fn guide_example_site_builds_with_no_warnings() {
    assert_builds_clean(&guide().join("examples/every-key"));
}

/// Every fenced block in the guide whose info string names `file=PATH`: the page, the line of
/// the fence, the path (from the repository's root) and the block's text.
fn quoted_blocks() -> Vec<(PathBuf, usize, String, String)> {
    let mut found = Vec::new();
    let mut pages = markdown_pages(&guide().join("content"));
    pages.push(repo_root().join("README.md"));
    for page in pages {
        let text = read(&page);
        let mut lines = text.lines().enumerate();
        while let Some((n, line)) = lines.next() {
            let Some(file) = line.strip_prefix("```").and_then(|info| {
                info.split_whitespace()
                    .find_map(|w| w.strip_prefix("file="))
            }) else {
                continue;
            };
            let body: Vec<&str> = lines
                .by_ref()
                .map(|(_, l)| l)
                .take_while(|l| !l.starts_with("```"))
                .collect();
            found.push((page.clone(), n + 1, file.to_string(), body.join("\n")));
        }
    }
    found
}

fn markdown_pages(dir: &Path) -> Vec<PathBuf> {
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the guide's content") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            pages.extend(markdown_pages(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    pages.sort();
    pages
}

// Each example of a file in the guide and the README (a fenced block marked `file=PATH`) is lines
// of that real file, as they are, so the documentation cannot drift from the files tests build.
#[test]
fn guide_examples_are_lines_of_real_files() {
    let blocks = quoted_blocks();
    assert!(blocks.len() >= 20, "only {} quoted examples", blocks.len());
    let mut problems = Vec::new();
    for (page, line, file, body) in blocks {
        let source = read(&repo_root().join(&file)).replace("\r\n", "\n");
        if body.trim().is_empty() || !quotes(&source, &body) {
            problems.push(format!(
                "{}:{line}: the example is not lines of `{file}` as they are; copy it from the file again",
                page.strip_prefix(repo_root()).unwrap_or(&page).display()
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// A line of an example that stands for lines left out.
const GAP: &str = "# …";

/// Whether `body` is runs of whole lines of `source`, in order, with [`GAP`] lines between
/// the runs standing for lines left out.
fn quotes(source: &str, body: &str) -> bool {
    let have: Vec<&str> = source.lines().collect();
    let mut from = 0;
    for run in body.split(&format!("\n{GAP}\n")) {
        let run: Vec<&str> = run.lines().collect();
        match have[from..]
            .windows(run.len())
            .position(|w| w == run.as_slice())
        {
            Some(at) => from += at + run.len(),
            None => return false,
        }
    }
    true
}

/// The keys documented in the section of `page` under the heading with id `anchor`: the code
/// span that starts each table row (`` | `title` | … ``).
fn documented_keys(page: &str, anchor: &str) -> BTreeSet<String> {
    let text = read(&guide().join("content").join(page));
    let marker = format!("{{#{anchor}}}");
    let mut lines = text
        .lines()
        .skip_while(|l| !(l.starts_with('#') && l.contains(&marker)));
    let heading = lines
        .next()
        .unwrap_or_else(|| panic!("{page} has no heading with id `{anchor}`"));
    let level = heading.chars().take_while(|c| *c == '#').count();
    lines
        .take_while(|l| {
            let hashes = l.chars().take_while(|c| *c == '#').count();
            !(hashes > 0 && hashes <= level && l[hashes..].starts_with(' '))
        })
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(key, _)| key.to_string()))
        .collect()
}

// Every key carepath's parsers accept (front matter, site.toml, tree files, signoff.toml) has a
// reference entry, and every reference entry names a key they accept.
#[test]
fn reference_lists_exactly_the_keys_the_code_reads() {
    let mut problems = Vec::new();
    let tables = carepath::keys::tables();
    for table in &tables {
        let Some(&(_, _, page, anchor)) = REFERENCE
            .iter()
            .find(|(file, name, ..)| *file == table.file && *name == table.table)
        else {
            problems.push(format!(
                "the keys of {} in {} have no reference section: add one to docs/guide and to REFERENCE in tests/testsuite/guide.rs",
                table.table, table.file
            ));
            continue;
        };
        let documented = documented_keys(page, anchor);
        let code: BTreeSet<String> = table.keys.iter().map(|k| k.to_string()).collect();
        for key in code.difference(&documented) {
            problems.push(format!(
                "`{key}` ({} of {}) is read by carepath but has no entry in docs/guide/content/{page} under the heading {{#{anchor}}}",
                table.table, table.file
            ));
        }
        for key in documented.difference(&code) {
            problems.push(format!(
                "docs/guide/content/{page} documents `{key}` under {{#{anchor}}}, but carepath reads no such key in {} of {}",
                table.table, table.file
            ));
        }
    }
    assert_eq!(
        tables.len(),
        REFERENCE.len(),
        "a REFERENCE entry names no table"
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

// `carepath --version` prints the version of the package, which moves with CHANGELOG.md and is
// the version the guide says it describes.
#[test]
fn version_is_printed() {
    let run = Site::empty().run(&["--version"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout.trim(),
        format!("carepath {}", env!("CARGO_PKG_VERSION"))
    );
    for said in [
        "docs/guide/themes/guide/templates/base.html",
        "docs/guide/content/about.md",
    ] {
        assert!(
            read(&repo_root().join(said))
                .contains(&format!("carepath {}", env!("CARGO_PKG_VERSION"))),
            "{said} does not name version {}",
            env!("CARGO_PKG_VERSION")
        );
    }
    let changelog = read(&repo_root().join("CHANGELOG.md"));
    assert!(
        changelog.contains(&format!("## [{}]", env!("CARGO_PKG_VERSION"))),
        "CHANGELOG.md has no section for version {}",
        env!("CARGO_PKG_VERSION")
    );
}

// The reference lists every key of the built-in `en.toml`, and no key it does not have.
#[test]
fn reference_lists_every_theme_string() {
    let en = read(&repo_root().join("themes/default/strings/en.toml"));
    let keys: Vec<&str> = (en.lines())
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
        .collect();
    let page = read(&guide().join("content/reference/theme-strings.md"));
    let listed: Vec<&str> = (page.lines())
        .filter_map(|l| l.strip_prefix("| `")?.split_once('`').map(|(k, _)| k))
        .collect();
    assert_eq!(listed, keys);
}
