//! A tree's sign-off pages on a phone: the disposition table (`cases.html`) and the printable
//! steps (`steps.html`) are split over pages of whole rows or steps when one page would weigh
//! more than `steps_page_weight_budget`; each page stays under it, nothing is lost or repeated,
//! and the links between pages (previous, next, every page, "go to step N") lead where they say.

use crate::harness::{Site, read, write};
use std::collections::BTreeMap;
use std::path::Path;

/// The default budget of a sign-off page (64 KiB).
const BUDGET: usize = 64 * 1024;

/// `key = value` added at the top of the site's `site.toml`.
fn with_setting(site: &Site, setting: &str) {
    let config = site.join("content/site.toml");
    let key = setting.split('=').next().unwrap_or_default().trim();
    let text: String = read(&config)
        .lines()
        .filter(|line| line.split('=').next().is_none_or(|k| k.trim() != key))
        .map(|line| format!("{line}\n"))
        .collect();
    write(&config, format!("{setting}\n{text}"));
}

/// The pages of one sign-off list in a tree's output folder, by number (1 for `cases.html`, 2
/// for `cases-2.html`, …), with their text.
fn pages_of(site: &Site, dir: &str, stem: &str) -> BTreeMap<usize, String> {
    let mut pages = BTreeMap::new();
    for entry in std::fs::read_dir(site.join("public").join(dir)).expect("the tree's folder") {
        let name = entry
            .expect("an entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let number = match name
            .strip_prefix(stem)
            .and_then(|r| r.strip_suffix(".html"))
        {
            Some("") => 1,
            Some(rest) => match rest.strip_prefix('-').and_then(|n| n.parse().ok()) {
                Some(n) => n,
                None => continue,
            },
            None => continue,
        };
        pages.insert(number, read(&entry_path(site, dir, &name)));
    }
    pages
}

fn entry_path(site: &Site, dir: &str, name: &str) -> std::path::PathBuf {
    site.join("public").join(dir).join(name)
}

/// The name of page `n` of a list whose first page is `stem.html`.
fn page_name(stem: &str, n: usize) -> String {
    match n {
        1 => format!("{stem}.html"),
        n => format!("{stem}-{n}.html"),
    }
}

/// The values of every `attr="…"` in `html`, in order.
fn attrs<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.split(needle.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// The text between `start` and the next `end` after each `start` in `html`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    html.split(start)
        .skip(1)
        .filter_map(|rest| rest.find(end).map(|i| &rest[..i]))
        .collect()
}

/// The targets of the links whose text starts with `text`.
fn links_named<'a>(html: &'a str, text: &str) -> Vec<&'a str> {
    let after = format!("\">{text}");
    html.split(after.as_str())
        .take(html.matches(after.as_str()).count())
        .filter_map(|before| before.rsplit("href=\"").next())
        .collect()
}

// The protocol's table (892 paths, about 700 KB on one page) is split into pages of whole rows,
// each under the budget with the stylesheet, every row on exactly one page with its number,
// and each page links to the one before, the one after and every page.
#[test]
fn protocol_table_is_paged_under_the_budget_with_every_row_once() {
    let site = Site::fixture("protocol");
    let run = site.build();
    run.assert_code(0);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let css = read(&site.join("public/style.css")).len();
    let pages = pages_of(&site, "checks/child", "cases");
    let of = pages.len();
    assert!(of >= 10, "{:?}", pages.keys().collect::<Vec<_>>());
    assert_eq!(
        pages.keys().copied().collect::<Vec<_>>(),
        (1..=of).collect::<Vec<_>>()
    );
    let mut numbers = Vec::new();
    for (&n, html) in &pages {
        assert!(
            html.len() + css <= BUDGET,
            "page {n}: {} bytes",
            html.len() + css
        );
        let main = crate::harness::main_fragment(html);
        assert!(main.contains("<h1>Check a child who is unwell: every path and its result</h1>"));
        assert!(
            main.contains(
                "4 cases cover 4 of 163 end states (2%), 9 of 11 end pages and 15 of 18 answers."
            ),
            "{main}"
        );
        assert!(
            main.contains(&format!("<p>Page {n} of {of}: path")),
            "{main}"
        );
        let rows: Vec<usize> = between(main, "<th scope=\"row\">", "</th>")
            .iter()
            .map(|n| n.parse().expect("a row number"))
            .collect();
        assert_eq!(main.matches("<tr>").count(), rows.len() + 1, "page {n}");
        numbers.extend(rows);
        assert_page_links(main, "checks/child", "cases", n, of);
    }
    assert_eq!(numbers, (1..=892).collect::<Vec<_>>());
    insta::assert_snapshot!(site.main_of("checks/child/cases-2.html"));
}

/// Page `n` of `of` links to the page before and after it (if any) and to every page, itself
/// marked as the current one.
#[track_caller]
fn assert_page_links(main: &str, dir: &str, stem: &str, n: usize, of: usize) {
    let href = |m: usize| format!("../../{dir}/{}", page_name(stem, m));
    let previous = links_named(main, "Previous: ");
    assert_eq!(
        previous,
        (n > 1).then(|| href(n - 1)).into_iter().collect::<Vec<_>>()
    );
    let next = links_named(main, "Next: ");
    assert_eq!(
        next,
        (n < of)
            .then(|| href(n + 1))
            .into_iter()
            .collect::<Vec<_>>()
    );
    let every = between(main, "<ul class=\"letters\">", "</ul>").concat();
    let all: Vec<String> = (1..=of).map(href).collect();
    assert_eq!(attrs(&every, "href"), all);
    let current = format!("<a href=\"{}\" aria-current=\"page\">", href(n));
    assert!(every.contains(&current), "{every}");
    assert_eq!(every.matches("aria-current").count(), 1);
}

// With a small budget the printable steps are split by step: every step once, numbered as on
// one page, each "go to step N" a link to the page that holds step N, at its anchor; the
// drawing is on the last page.
#[test]
fn small_budget_splits_steps_and_every_step_link_resolves() {
    let site = Site::default_site();
    with_setting(&site, "steps_page_weight_budget = 40000");
    site.build().assert_code(0);
    let dir = "checks/back-pain-after-sleeping";
    let pages = pages_of(&site, dir, "steps");
    let of = pages.len();
    assert!(of >= 2, "{:?}", pages.keys().collect::<Vec<_>>());
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut numbers = Vec::new();
    for (&n, html) in &pages {
        let main = crate::harness::main_fragment(html);
        assert_page_links(main, dir, "steps", n, of);
        for id in attrs(main, "id")
            .into_iter()
            .filter(|i| i.starts_with("step-"))
        {
            assert!(ids.insert(id.to_string(), n).is_none(), "{id} twice");
            numbers.push(id["step-".len()..].parse::<usize>().expect("a number"));
        }
        let first = numbers.len() - main.matches("class=\"step\"").count() + 1;
        assert!(
            main.contains(&format!("<ol class=\"steps\" start=\"{first}\">")),
            "{main}"
        );
        assert_eq!(main.contains("drawing.svg"), n == of, "page {n}");
    }
    assert_eq!(numbers, (1..=numbers.len()).collect::<Vec<_>>());
    let mut links = 0;
    for (&n, html) in &pages {
        for href in attrs(crate::harness::main_fragment(html), "href") {
            let Some((page, anchor)) = href.split_once('#') else {
                continue;
            };
            let name = page.rsplit('/').next().expect("a file name");
            let holder = (1..=of).find(|&m| page_name("steps", m) == name);
            assert_eq!(holder, ids.get(anchor).copied(), "page {n}: {href}");
            let label = format!("{href}\">go to step {}</a>", &anchor["step-".len()..]);
            links += html.matches(&label).count();
        }
    }
    // Every step but the first is reached by a "go to step" link.
    assert!(
        links + 1 >= numbers.len(),
        "{links} links for {} steps",
        numbers.len()
    );
}

// Sign-off pages that fit the budget are one page each, as before: no `-2` pages, and no row
// or step numbers added, no page links.
#[test]
fn sign_off_pages_that_fit_stay_one_page() {
    let site = Site::fixture("tree");
    let run = site.build();
    run.assert_code(0);
    let dir = "checks/check";
    for stem in ["cases", "steps"] {
        let pages = pages_of(&site, dir, stem);
        assert_eq!(pages.keys().copied().collect::<Vec<_>>(), [1], "{stem}");
        let main = crate::harness::main_fragment(&pages[&1]);
        assert!(!main.contains("Page 1 of"), "{main}");
        assert!(!main.contains("scope=\"row\""), "{main}");
        assert!(!main.contains("#step-"), "{main}");
    }
}

// A page still over the budget after the split (one step alone weighs more) gets the usual
// warning at the tree's file, naming the page, its weight and the budget; the other pages fit.
#[test]
fn a_page_over_the_budget_after_the_split_warns() {
    let site = Site::fixture("tree");
    let tree = site.join("content/checks/check.toml");
    let long_help = "Rest and move a little. ".repeat(600);
    let text = read(&tree).replacen(
        "question = \"Does it ease within 30 minutes of moving?\"\n",
        &format!(
            "question = \"Does it ease within 30 minutes of moving?\"\nhelp = \"{long_help}\"\n"
        ),
        1,
    );
    write(&tree, text);
    // The question page shows the help too: it is held to a budget of its own.
    with_setting(
        &site,
        "steps_page_weight_budget = 16000\npage_weight_budget = 40000",
    );
    let run = site.build_short();
    run.assert_code(0);
    let pages = pages_of(&site, "checks/check", "steps");
    assert!(pages.len() >= 2, "{:?}", pages.keys().collect::<Vec<_>>());
    let heavy: Vec<usize> = (pages.iter())
        .filter(|(_, html)| html.contains("Step 2: Does it ease"))
        .map(|(&n, _)| n)
        .collect();
    let [n] = heavy[..] else {
        panic!("step 2 is on one page: {heavy:?}")
    };
    let html = &pages[&n];
    assert_eq!(html.matches("class=\"step\"").count(), 1, "{html}");
    let css = read(&site.join("public/style.css")).len();
    let page = format!("checks/check/{}", page_name("steps", n));
    assert_eq!(
        run.stderr,
        format!(
            "[site]/content/checks/check.toml:1:1: warning: `{page}` weighs {} bytes (HTML {} + CSS {css}), over the budget of 16000 (`steps_page_weight_budget`)\n",
            html.len() + css,
            html.len()
        )
    );
}

// When even a page with no row would be over the budget, splitting cannot help: the table
// stays one page, with the usual warning.
#[test]
fn a_budget_below_the_frame_of_a_page_keeps_one_page_and_warns() {
    let site = Site::fixture("protocol");
    with_setting(&site, "steps_page_weight_budget = 6000");
    let run = site.build_short();
    run.assert_code(0);
    assert_eq!(pages_of(&site, "checks/child", "cases").len(), 1);
    assert!(
        run.stderr.contains(
            "[site]/content/checks/child.toml:1:1: warning: `checks/child/cases.html` weighs "
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("over the budget of 6000 (`steps_page_weight_budget`)")
    );
}

// A page, or an alias, at a name a tree keeps for its sign-off pages (`cases-2.html` in its
// folder, however few pages it has today) is an error naming the tree.
#[test]
fn names_kept_for_sign_off_pages_cannot_be_taken() {
    let site = Site::fixture("tree");
    let page = "+++\ntitle = \"More\"\nsummary = \"More.\"\nreviewed = 2026-01-01\nnext_review = 2099-01-01\n+++\nText.\n";
    write(&site.join("content/checks/check/cases-3.md"), page);
    write(&site.join("content/checks/check/steps.md"), page);
    let run = site.build_short();
    run.assert_code(1);
    assert!(
        run.stderr.contains("content/checks/check/cases-3.md:1:1: error: would be written to `checks/check/cases-3.html`, a name kept for a later page of the table of every path and its result of `content/checks/check.toml`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/checks/check/steps.md:1:1: error: would be written to `checks/check/steps.html`, which the printable steps of `content/checks/check.toml` already writes"),
        "{}",
        run.stderr
    );
    assert!(Path::new(&site.join("content/checks/check.toml")).is_file());
}
