//! Sections: every folder of pages gets a landing page listing them (`_index.md` gives it a
//! title and introduction), pages in a section show a breadcrumb and the pages beside them,
//! the main navigation lists the sections, and the A–Z lists every page when there are no causes.

use crate::harness::Site;

fn built() -> Site {
    let site = Site::fixture("sections");
    site.build().assert_code(0);
    site
}

#[test]
fn section_landing_page_lists_its_pages_in_weight_order() {
    let site = built();
    insta::assert_snapshot!(site.main_of("managing-symptoms/index.html"));
}

#[test]
fn section_without_an_introduction_is_titled_after_its_folder() {
    let site = built();
    insta::assert_snapshot!(site.main_of("living-well/index.html"));
}

#[test]
fn page_in_a_section_shows_breadcrumb_and_neighbours() {
    let site = built();
    insta::assert_snapshot!(site.main_of("managing-symptoms/fatigue.html"));
}

#[test]
fn breadcrumb_of_a_nested_section() {
    let site = built();
    insta::assert_snapshot!(site.main_of("managing-symptoms/at-night/waking-up.html"));
}

#[test]
fn pages_outside_sections_have_no_breadcrumb() {
    let site = built();
    let about = site.main_of("about.html");
    assert!(!about.contains("Breadcrumb"), "{about}");
    assert!(!about.contains("Other pages in this section"), "{about}");
}

#[test]
fn links_to_an_introduction_lead_to_the_landing_page() {
    let site = built();
    let home = site.main_of("index.html");
    assert!(
        home.contains("<a href=\"managing-symptoms/index.html\">"),
        "{home}"
    );
}

#[test]
fn main_navigation_lists_sections_and_an_a_to_z_of_every_page() {
    let site = built();
    let html = site.output("about.html");
    let nav = &html[html.find("<nav aria-label=\"Main\">").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    insta::assert_snapshot!(nav);
    insta::assert_snapshot!(site.main_of("a-z.html"));
}

#[test]
fn a_page_named_index_in_a_section_is_an_error() {
    // tests/fixtures/invalid/section-index-clash holds the diagnostics; this names the rule.
    let site = Site::fixture("invalid/section-index-clash");
    let run = site.build();
    run.assert_code(1);
    assert!(
        run.stderr.contains("content/advice/_index.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn old_addresses_in_links_are_rewritten_to_pages() {
    let site = built();
    insta::assert_snapshot!(site.main_of("about.html"));
}
