//! The symptom checker: question and outcome pages with "Your answers", the printable steps,
//! the exports, and a crawl of the default site that follows only links.

use crate::harness::{Site, read};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Component, Path, PathBuf};

fn built_tree() -> Site {
    let site = Site::fixture("tree");
    site.build().assert_code(0);
    site
}

// Answers of the `tree` fixture.
const NO_SIGNS: &str = "No, I have none of them";
const EASES: &str = "Yes, it eases when I move";
const LONGER: &str = "No, it lasts longer";
const LATER: &str = "No, it started later";
const HEAVY: &str = "Yes, I did something heavy";

/// The `<main>` of the checker page reached by clicking `answers` from the first question.
fn main_after(site: &Site, answers: &[&str]) -> String {
    let page = crate::walk::page_after(&site.join("public"), "check", answers);
    site.main_of(page.to_str().unwrap())
}

// The first question: the question as <h1>, help text, answers as a list of links.
#[test]
fn renders_question_page() {
    insta::assert_snapshot!(built_tree().main_of("checks/check/index.html"));
}

// A deep question lists every earlier answer with a link back to where it can be changed.
#[test]
fn deep_question_shows_your_answers() {
    insta::assert_snapshot!(main_after(&built_tree(), &[NO_SIGNS, LONGER, LATER]));
}

// A node reached by two paths is written once per path, each with its own trail.
#[test]
fn shared_node_is_written_once_per_path() {
    let site = built_tree();
    let via_moving = main_after(&site, &[NO_SIGNS, EASES]);
    let via_stiffness = main_after(&site, &[NO_SIGNS, LONGER, LATER]);
    for page in [&via_moving, &via_stiffness] {
        assert!(page.contains("<h1>Did you lift or carry something heavy the day before?</h1>"));
    }
    assert!(!via_moving.contains("Did the stiffness start before you were 45?"));
    assert!(via_stiffness.contains("Did the stiffness start before you were 45?"));
}

// An outcome reached from the tree: the trail, the care card, and links to the likely causes.
#[test]
fn renders_tree_outcome_page() {
    insta::assert_snapshot!(main_after(&built_tree(), &[NO_SIGNS, EASES, HEAVY]));
}

// The printable page numbers every question and says where each answer goes.
#[test]
fn renders_printable_steps() {
    insta::assert_snapshot!(built_tree().main_of("checks/check/steps.html"));
}

// The drawing is an SVG made at build time, with no script.
#[test]
fn writes_tree_drawing() {
    let svg = built_tree().output("checks/check/drawing.svg");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(">1. Do you have any emergency<"));
    assert!(!svg.contains("<script"));
}

// Cause articles link back to the checker.
#[test]
fn cause_links_back_to_checker() {
    let page = built_tree().main_of("causes/strain.html");
    assert!(
        page.contains("href=\"../checks/check/index.html\""),
        "{page}"
    );
}

// The build summary says how many pages and paths the tree expanded to.
#[test]
fn summary_counts_tree_pages() {
    let run = Site::fixture("tree").build();
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("incl. 1 tree (\"Check your symptom\" 11 pages, 6 paths, 4 cases cover 4 of 4 end states (100%), 4/4 end pages, 7/8 answers)"),
        "{}",
        run.stdout
    );
}

// `carepath tree --format dot|mermaid|text` print the tree for sign-off on stdout.
#[test]
fn exports_tree_for_sign_off() {
    let site = Site::fixture("tree");
    for format in ["dot", "mermaid", "text", "table", "csv", "fhir"] {
        let run = site.run(&[
            "tree",
            "[site]/content/checks/check.toml",
            "--format",
            format,
        ]);
        run.assert_code(0);
        if format != "fhir" {
            // The FHIR export warns about the keys to set (see `fhir.rs`).
            assert_eq!(run.stderr, "");
        }
        insta::assert_snapshot!(format!("export_{format}"), run.stdout);
    }
}

// Exporting an invalid tree prints its problems and exits 1.
#[test]
fn export_of_invalid_tree_fails() {
    let site = Site::fixture("invalid/tree-cycle");
    let run = site.run(&[
        "tree",
        "[site]/content/checks/check.toml",
        "--format",
        "dot",
    ]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("check.toml:29:6: error: this answer makes a loop"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

// A cause article that no tree reaches and no page links to is a warning, not an error.
#[test]
fn warns_about_unreached_cause() {
    let site = Site::fixture("tree");
    crate::harness::write(
        &site.join("content/causes/lonely.md"),
        "+++\ntitle = \"Lonely\"\nsummary = \"Nobody links here.\"\nreviewed = 2026-01-01\nnext_review = 2099-01-01\ncare = \"gp\"\n[[sources]]\ntitle = \"T\"\npublisher = \"P\"\nurl = \"https://example.org/\"\naccessed = 2026-01-01\n+++\nText.\n",
    );
    let run = site.build_short();
    run.assert_code(0);
    assert_eq!(
        run.stderr,
        "[site]/content/causes/lonely.md:1:1: warning: no symptom checker leads to this cause and no page links to it; readers will only find it in the A–Z\n"
    );
}

/// Every `href` in an HTML page, in order.
pub(crate) fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// Resolves a relative link from `page` (relative to `public/`); `None` if it leaves `public/`.
pub(crate) fn resolve(page: &Path, href: &str) -> Option<PathBuf> {
    let path = href.split('#').next().unwrap_or("");
    if path.is_empty() {
        return Some(page.to_path_buf());
    }
    let mut out = PathBuf::new();
    for c in page
        .parent()
        .unwrap_or(Path::new(""))
        .join(path)
        .components()
    {
        match c {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(n) => out.push(n),
            _ => return None,
        }
    }
    Some(out)
}

/// The `<a>` links inside `<ul class="answers">`.
fn answer_links(html: &str) -> Vec<String> {
    let Some(start) = html.find("<ul class=\"answers\">") else {
        return Vec::new();
    };
    let list = &html[start..start + html[start..].find("</ul>").unwrap_or(0)];
    hrefs(list)
}

// Crawling the built default site from index.html by <a href> alone reaches every checker page;
// every question offers at least two answers; every path ends on a page with a care card; no
// link leaves public/ or names a missing file; and the emergency signs are one list everywhere.
#[test]
fn crawl_of_default_site_reaches_every_tree_page() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = crate::harness::carepath(
        &[
            "build".into(),
            "--site".into(),
            repo.into(),
            "--out".into(),
            out.clone().into(),
        ],
        repo,
        &[],
    );
    run.assert_code(0);

    let mut seen: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut queue = VecDeque::from([PathBuf::from("index.html")]);
    while let Some(page) = queue.pop_front() {
        if seen.contains_key(&page) || page.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = read(&out.join(&page));
        for href in hrefs(&html) {
            if href.starts_with("https://") || href.starts_with("http://") {
                continue; // external links are left alone by design
            }
            let target = resolve(&page, &href)
                .unwrap_or_else(|| panic!("{}: `{href}` leaves public/", page.display()));
            assert!(
                out.join(&target).is_file(),
                "{}: `{href}` names a missing file",
                page.display()
            );
            queue.push_back(target);
        }
        seen.insert(page, html);
    }

    let tree_dir = out.join("checks/back-pain-after-sleeping");
    let tree_pages: BTreeSet<PathBuf> = std::fs::read_dir(&tree_dir)
        .unwrap()
        .map(|e| PathBuf::from("checks/back-pain-after-sleeping").join(e.unwrap().file_name()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    let missed: Vec<_> = tree_pages
        .iter()
        .filter(|p| !seen.contains_key(*p))
        .collect();
    assert!(missed.is_empty(), "not reached by links: {missed:?}");

    // Follow answers only, from the first question: questions branch, everything else is an end.
    let mut ends = 0;
    let mut causes_reached = BTreeSet::new();
    let mut queue = VecDeque::from([PathBuf::from("checks/back-pain-after-sleeping/index.html")]);
    while let Some(page) = queue.pop_front() {
        let html = &seen[&page];
        let answers = answer_links(html);
        if html.contains("<ul class=\"answers\">") {
            assert!(
                answers.len() >= 2,
                "{} has {} answers",
                page.display(),
                answers.len()
            );
            queue.extend(answers.iter().map(|a| resolve(&page, a).unwrap()));
        } else {
            assert!(
                html.contains("class=\"care-card care-"),
                "{} ends a path without a care card",
                page.display()
            );
            assert!(
                html.contains("Your answers"),
                "{} has no trail",
                page.display()
            );
            ends += 1;
            for href in hrefs(html) {
                let target = resolve(&page, &href).unwrap();
                if target.starts_with("causes") {
                    causes_reached.insert(target);
                }
            }
        }
    }
    // Every path of the tree file ends on a page headed by its own target's title.
    let checked = crate::walk::assert_end_pages_match_targets(&repo.join("content"), &out);
    assert_eq!(ends, checked);
    // Every cause article is reached by the checker (the section's landing page is no article).
    let causes: BTreeSet<PathBuf> = std::fs::read_dir(out.join("causes"))
        .unwrap()
        .map(|e| PathBuf::from("causes").join(e.unwrap().file_name()))
        .filter(|p| !p.ends_with("index.html"))
        // A printed leaflet is reached from its page, not from the checker.
        .filter(|p| p.extension().is_none_or(|e| e != "pdf"))
        .collect();
    assert_eq!(causes_reached, causes);
    assert_one_emergency_list(&seen, &causes);
    assert_sources_listed(&seen);
}

/// Every cause and outcome page the reader can reach lists at least one source, with a link.
fn assert_sources_listed(seen: &BTreeMap<PathBuf, String>) {
    let mut pages = 0;
    for (page, html) in seen {
        if !(page.starts_with("causes") || page.starts_with("outcomes"))
            || page.ends_with("index.html")
        {
            continue; // a section's landing page is a list, not advice
        }
        let at = html
            .find("<h2 id=\"page-sources\">Sources</h2>")
            .unwrap_or_else(|| panic!("{} lists no sources", page.display()));
        let list = &html[at..at + html[at..].find("</ul>").expect("sources are a list")];
        assert!(
            !list_items(list).is_empty() && list.contains("<li><a href=\"https://"),
            "{}: no linked source",
            page.display()
        );
        pages += 1;
    }
    assert!(pages >= 21, "only {pages} cause and outcome pages reached");
}

/// The emergency signs of the checker's first question are the very list the home page, the
/// emergency page and every cause page show: one snippet, so they cannot drift apart.
fn assert_one_emergency_list(seen: &BTreeMap<PathBuf, String>, causes: &BTreeSet<PathBuf>) {
    let first = &seen[Path::new("checks/back-pain-after-sleeping/index.html")];
    let help = &first[first
        .find("<div class=\"help\">")
        .expect("first question has help")..];
    let signs = list_items(&help[..help.find("</ul>").expect("help holds a list")]);
    assert!(signs.len() >= 8, "only {} emergency signs", signs.len());
    let pages = ["index.html", "outcomes/emergency.html"].map(PathBuf::from);
    for page in pages.iter().chain(causes) {
        let html = &seen[page];
        let at = html
            .find(&format!("<li>{}</li>", signs[0]))
            .unwrap_or_else(|| panic!("{} does not list the emergency signs", page.display()));
        let start = html[..at].rfind("<ul>").expect("a list item is in a list");
        let end = at + html[at..].find("</ul>").expect("a list is closed");
        assert_eq!(
            list_items(&html[start..end]),
            signs,
            "{}: its emergency list differs from the checker's first question",
            page.display()
        );
    }
}

/// The text of each `<li>` in a fragment holding one flat list.
fn list_items(fragment: &str) -> Vec<&str> {
    fragment
        .split("<li>")
        .skip(1)
        .map(|item| item.split("</li>").next().unwrap_or(item).trim())
        .collect()
}

// Several outcome pages share a care level: each end page shows the heading, card and advice
// of exactly the page its answer names, never of another page with the same level.
#[test]
fn end_page_shows_its_own_target_not_another_of_the_same_level() {
    let site = Site::fixture("same-care");
    site.build().assert_code(0);
    let content = site.join("content");
    let out = site.join("public");
    assert_eq!(
        crate::walk::assert_end_pages_match_targets(&content, &out),
        5
    );
    let after = |answer: &str| main_after(&site, &[NO_SIGNS, answer]);
    insta::assert_snapshot!("same_care_pneumonia", after("Fast breathing and a cough"));
    insta::assert_snapshot!(
        "same_care_chest_infection",
        after("A cough with a fever for 3 days")
    );
    insta::assert_snapshot!("same_care_dysentery", after("Loose poo with blood in it"));
}

// The headings of the end pages of the other fixture trees match their targets too.
#[test]
fn fixture_end_pages_match_their_targets() {
    for fixture in ["tree", "basic"] {
        let site = Site::fixture(fixture);
        site.build().assert_code(0);
        let checked = crate::walk::assert_end_pages_match_targets(
            &site.join("content"),
            &site.join("public"),
        );
        assert!(checked >= 2, "{fixture}: {checked} ends");
    }
}

// Checker URLs keep their meaning when answers are reordered: every page is named after what it
// shows and the answers given, so after swapping two answers every address still shows the same
// question or result, and no address is lost or added.
#[test]
fn reordering_answers_keeps_every_url() {
    let site = built_tree();
    let headings = |site: &Site| -> BTreeMap<String, String> {
        crate::harness::read_all(&site.join("public/checks/check"))
            .into_iter()
            .filter(|(f, _)| f.ends_with(".html"))
            .map(|(f, bytes)| {
                let html = String::from_utf8(bytes).unwrap();
                let h1 = html
                    .split("<h1>")
                    .nth(1)
                    .unwrap()
                    .split("</h1>")
                    .next()
                    .unwrap();
                (f, h1.to_string())
            })
            .collect()
    };
    let before = headings(&site);
    let file = site.join("content/checks/check.toml");
    let text = read(&file);
    let eases =
        "[[nodes.moving.answers]]\nlabel = \"Yes, it eases when I move\"\nto = \"effort\"\n";
    let longer = "[[nodes.moving.answers]]\nlabel = \"No, it lasts longer\"\nto = \"stiffness\"\n";
    assert!(text.contains(eases) && text.contains(longer));
    let swapped = text
        .replace(eases, "SWAP")
        .replace(longer, eases)
        .replace("SWAP", longer);
    crate::harness::write(&file, swapped);
    site.build().assert_code(0);
    let after = headings(&site);
    assert_eq!(before.len(), 13, "{before:?}"); // 11 checker pages, steps.html, cases.html
    assert_eq!(after, before);
}

// Old addresses keep working: `aliases` on an article and on a tree question write pages that
// lead on (a refresh and a plain link), relative to where they are, to the page that moved.
#[test]
fn aliases_lead_old_addresses_to_the_page() {
    let site = Site::fixture("tree");
    let strain = site.join("content/causes/strain.md");
    let text = read(&strain).replacen(
        "care = \"self-care\"\n",
        "care = \"self-care\"\naliases = [\"/information/strain\", \"old/strain.html\"]\n",
        1,
    );
    crate::harness::write(&strain, text);
    let tree = site.join("content/checks/check.toml");
    let text = read(&tree).replacen(
        "[nodes.moving]\n",
        "[nodes.moving]\naliases = [\"checks/check/2.html\"]\n",
        1,
    );
    crate::harness::write(&tree, text);
    site.build().assert_code(0);
    for (alias, heading) in [
        ("information/strain/index.html", "Strain"),
        ("old/strain.html", "Strain"),
        (
            "checks/check/2.html",
            "Does it ease within 30 minutes of moving?",
        ),
    ] {
        let html = site.output(alias);
        let href = html
            .split("url=")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_else(|| panic!("{alias} has no refresh: {html}"));
        assert!(html.contains(&format!("<a href=\"{href}\">")), "{html}");
        let target = Path::new(alias).parent().unwrap().join(href);
        let page = site.output(target.to_str().unwrap());
        assert!(
            page.contains(&format!("<h1>{heading}</h1>")),
            "{alias} → {href}"
        );
    }
}

// An old address that `[links]` maps works in a tree's help text too: rewritten for the tree's
// pages like any other link.
#[test]
fn help_text_uses_the_link_map() {
    let site = Site::fixture("tree");
    let config = site.join("content/site.toml");
    crate::harness::write(
        &config,
        read(&config) + "\n[links]\n\"/information/strain\" = \"causes/strain.md\"\n",
    );
    let tree = site.join("content/checks/check.toml");
    let text = read(&tree).replacen(
        "help = \"For example, moving house or *digging* the garden. Read about [strain](../causes/strain.md).\"",
        "help = \"For example, moving house or *digging* the garden. Read about [strain](/information/strain).\"",
        1,
    );
    crate::harness::write(&tree, text);
    site.build().assert_code(0);
    let page = main_after(&site, &[NO_SIGNS, EASES]);
    assert!(
        page.contains("Read about <a href=\"../../causes/strain.html\">strain</a>."),
        "{page}"
    );
}
