//! Quality reports: review dates, page weight, readability, and the sitemap and canonical
//! links that only a site with `base_url` gets.

use crate::harness::{Site, redact_timing, write};

/// Sets `next_review` of `content/outcomes/gp.md` in a copy of the basic fixture.
fn basic_with_gp_review(date: &str) -> Site {
    let site = Site::fixture("basic");
    let path = site.join("content/outcomes/gp.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("next_review = 2099-01-01", &format!("next_review = {date}"));
    write(&path, text);
    site
}

// A review date in the past is a warning: the build still succeeds (the suite runs as of 2026-11-25).
#[test]
fn overdue_review_is_a_warning() {
    let run = basic_with_gp_review("2026-11-01").build_short();
    run.assert_code(0);
    assert_eq!(
        run.stderr,
        "[site]/content/outcomes/gp.md:5:15: warning: review overdue: `next_review` was 2026-11-01; check the page is still right and set a new date\n"
    );
}

// With --strict an overdue review is an error: exit 1 and nothing written.
#[test]
fn overdue_review_fails_with_strict() {
    let site = basic_with_gp_review("2026-11-01");
    let run = site.run(&["build", "--site", "[site]", "--strict"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("gp.md:5:15: error: review overdue"),
        "{}",
        run.stderr
    );
    assert!(!site.join("public").exists());
}

// Reviews due within 90 days are listed before the summary; later ones are not.
#[test]
fn lists_reviews_due_soon() {
    let run = basic_with_gp_review("2027-01-15").build();
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout
            .starts_with("review due 2027-01-15: content/outcomes/gp.md\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\nwrote "), "{}", run.stdout);
    let later = basic_with_gp_review("2027-03-01").build();
    assert!(!later.stdout.contains("review due"), "{}", later.stdout);
}

// `check --report` prints every page's weight (HTML + CSS) and readability.
#[test]
fn check_report_lists_weight_and_readability() {
    let run = Site::fixture("basic").run(&["check", "--site", "[site]", "--report"]);
    run.assert_code(0);
    insta::assert_snapshot!(redact_timing(&run.stdout));
}

// A page heavier than `page_weight_budget` gets a warning naming its weight and the budget.
#[test]
fn warns_about_pages_over_weight_budget() {
    let site = Site::fixture("basic");
    write(
        &site.join("content/site.toml"),
        "title = \"T\"\nemergency_number = \"999\"\npage_weight_budget = 7000\n",
    );
    let run = site.build_short();
    run.assert_code(0);
    let warnings: Vec<_> = run.stderr.lines().collect();
    assert!(!warnings.is_empty());
    assert!(
        warnings.iter().all(|w| w.contains(": warning: `")
            && w.contains("over the budget of 7000 (`page_weight_budget`)")),
        "{}",
        run.stderr
    );
}

// A page above the readability target gets a warning with its Flesch-Kincaid grade and SMOG.
#[test]
fn warns_about_hard_to_read_pages() {
    let site = Site::fixture("basic");
    let hard = "Osteoporotic vertebral insufficiency consequently necessitates comprehensive multidisciplinary rehabilitation programmes. ".repeat(5);
    write(
        &site.join("content/about.md"),
        format!(
            "+++\ntitle = \"About\"\nsummary = \"About.\"\nreviewed = 2026-01-01\nnext_review = 2099-01-01\n+++\n{hard}\n"
        ),
    );
    let run = site.build();
    run.assert_code(0);
    assert!(
        run.stderr.starts_with(
            "[site]/content/about.md:1:1: warning: `about.html` reads at Flesch-Kincaid grade "
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("above the target of 8 (`max_grade`)"));
}

// Without base_url: no sitemap and no canonical links. With it: both.
#[test]
fn sitemap_and_canonical_only_with_base_url() {
    let plain = Site::fixture("basic");
    plain.build().assert_code(0);
    assert!(!plain.join("public/sitemap.xml").exists());
    assert!(!plain.output("index.html").contains("rel=\"canonical\""));

    let site = Site::fixture("basic");
    write(
        &site.join("content/site.toml"),
        "title = \"T\"\nemergency_number = \"999\"\nbase_url = \"https://example.org/leaflets/\"\n",
    );
    site.build().assert_code(0);
    assert!(site.output("causes/muscle-strain.html").contains(
        "<link rel=\"canonical\" href=\"https://example.org/leaflets/causes/muscle-strain.html\">"
    ));
    insta::assert_snapshot!(site.output("sitemap.xml"));
}

// A bad base_url is a positioned error.
#[test]
fn rejects_base_url_without_scheme() {
    let site = Site::fixture("basic");
    write(
        &site.join("content/site.toml"),
        "title = \"T\"\nemergency_number = \"999\"\nbase_url = \"example.org\"\n",
    );
    let run = site.build_short();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "[site]/content/site.toml:3:1: error: `base_url` must start with https:// or http://\n"
    );
}

// The page a server shows for a missing address works at any depth when `base_url` says where
// the site lives: its stylesheet and every link are absolute. Without it, the build says so.
#[test]
fn not_found_page_works_at_any_depth_with_base_url() {
    let site = Site::fixture("basic");
    let run = site.build();
    assert!(
        run.stdout.contains("note: `404.html` works only when served from the site's top folder; set `base_url` in content/site.toml to make its links and style work at any depth\n"),
        "{}",
        run.stdout
    );
    write(
        &site.join("content/site.toml"),
        "title = \"T\"\nemergency_number = \"999\"\nbase_url = \"https://example.org/leaflets\"\n",
    );
    let run = site.build();
    run.assert_code(0);
    assert!(!run.stdout.contains("note:"), "{}", run.stdout);
    let page = site.output("404.html");
    assert!(
        page.contains("<link rel=\"stylesheet\" href=\"https://example.org/leaflets/style.css\">")
    );
    let hrefs: Vec<&str> = page
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| !href.starts_with('#'))
        .collect();
    assert!(hrefs.len() >= 5, "{hrefs:?}");
    for href in hrefs {
        let rel = href
            .strip_prefix("https://example.org/leaflets/")
            .unwrap_or_else(|| panic!("`{href}` on 404.html is not absolute"));
        let file = rel.split('#').next().unwrap_or(rel);
        assert!(
            site.join("public").join(file).is_file(),
            "`{href}` names a missing file"
        );
    }
}
