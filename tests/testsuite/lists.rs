//! Long lists: an A–Z or a section with more entries than `list_page_size` is split over
//! several pages, so that no page grows with the site. Every entry is still listed exactly once,
//! in the same order as on one page, and every link between the pages leads to a file.

use crate::harness::{Site, list_files, read};
use crate::trees::{hrefs, resolve};
use std::path::Path;

/// The fixture `name` with `list_page_size = size` added to its `site.toml`.
fn with_page_size(name: &str, size: usize) -> Site {
    let site = Site::fixture(name);
    let config = site.join("content/site.toml");
    let text = read(&config);
    // First, so that it is not read as part of a table at the end.
    crate::harness::write(&config, format!("list_page_size = {size}\n{text}"));
    site
}

/// The `<li>` items of every `<ul class="a-z">` in a page's main, in order.
fn listed(html: &str) -> Vec<String> {
    let main = crate::harness::main_fragment(html);
    main.split("<ul class=\"a-z\">")
        .skip(1)
        .flat_map(|list| {
            let list = list.split("</ul>").next().unwrap_or("");
            list.lines()
                .filter(|l| l.starts_with("<li>"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The items of a landing page's "Pages in this section" (not its sub-sections).
fn section_pages(html: &str) -> Vec<String> {
    let list = html.split("id=\"section-pages\"").nth(1).unwrap_or("");
    listed(&format!(
        "<main>{}</main>",
        list.split("</nav>").next().unwrap_or("")
    ))
}

/// Links in `html` (at `page`, relative to `public/`) lead to files that exist in `public`.
fn assert_links_resolve(public: &Path, page: &str, html: &str) {
    for href in hrefs(html).iter().filter(|h| !h.contains("://")) {
        let target = resolve(Path::new(page), href)
            .unwrap_or_else(|| panic!("`{page}` links out of the site: {href}"));
        assert!(
            public.join(&target).is_file(),
            "`{page}` links to missing `{href}`"
        );
    }
}

#[test]
fn long_a_to_z_is_split_by_letter_into_pages_that_list_every_entry_once() {
    let add_causes = |site: &Site| {
        let example = read(&site.join("content/causes/example-cause.md"));
        // Names that start with a digit are listed under `#`, before A; "Épaule gelée" is
        // under E, as English collation sorts it (it was under `#` while names were sorted by
        // code point, which put "É" after "z").
        for (file, title) in [
            ("sciatica", "Sciatica"),
            ("slipped-disc", "Slipped disc"),
            ("stiff-back", "Stiff back"),
            ("frozen-shoulder", "Épaule gelée"),
            ("three-day", "3-day back ache"),
        ] {
            let text = example
                .replace("An example cause", title)
                .replace("also_called = [\"Sample cause\"]\n", "");
            crate::harness::write(&site.join(&format!("content/causes/{file}.md")), text);
        }
    };
    let whole = Site::fixture("basic");
    add_causes(&whole);
    whole.build().assert_code(0);
    let one_page = listed(&whole.output("a-z.html"));
    insta::assert_snapshot!("one_page", whole.main_of("a-z.html"));

    let site = with_page_size("basic", 2);
    add_causes(&site);
    site.build().assert_code(0);
    let public = site.join("public");
    let mut parts: Vec<String> = list_files(&public.join("a-z"));
    insta::assert_snapshot!(parts.join("\n"));
    // In reading order: by letter, then by page number (`s.html`, `s-2.html`).
    parts.sort_by_key(|p| {
        let stem = p.trim_end_matches(".html");
        let (letter, n) = stem.split_once('-').unwrap_or((stem, "1"));
        // `other.html` (the names under `#`) comes first.
        (
            letter != "other",
            letter.to_string(),
            n.parse::<usize>().unwrap_or(0),
        )
    });
    insta::assert_snapshot!("index", site.main_of("a-z.html"));
    insta::assert_snapshot!("part", site.main_of("a-z/s-2.html"));

    // The index lists pages, not entries; the pages together list what one page did, in order
    // (the file names sort as the letters and page numbers do).
    assert!(
        listed(&site.output("a-z.html"))
            .iter()
            .all(|l| l.contains("a-z/"))
    );
    let mut split = Vec::new();
    for part in &parts {
        let html = site.output(&format!("a-z/{part}"));
        assert_links_resolve(&public, &format!("a-z/{part}"), &html);
        split.extend(
            listed(&html)
                .into_iter()
                .map(|l| l.replace("href=\"../", "href=\"")),
        );
    }
    assert_links_resolve(&public, "a-z.html", &site.output("a-z.html"));
    assert_eq!(split, one_page);
}

#[test]
fn long_section_lists_its_pages_over_several_landing_pages() {
    let whole = Site::fixture("sections");
    whole.build().assert_code(0);
    let one_page = section_pages(&whole.output("managing-symptoms/index.html"));
    assert!(
        one_page.len() > 2,
        "the fixture's section needs more than two pages"
    );

    let site = with_page_size("sections", 2);
    site.build().assert_code(0);
    let public = site.join("public");
    insta::assert_snapshot!("first", site.main_of("managing-symptoms/index.html"));
    insta::assert_snapshot!("second", site.main_of("managing-symptoms/index-2.html"));
    let mut split = Vec::new();
    for n in 1.. {
        let page = match n {
            1 => "managing-symptoms/index.html".to_string(),
            n => format!("managing-symptoms/index-{n}.html"),
        };
        if !public.join(&page).is_file() {
            break;
        }
        let html = site.output(&page);
        assert_links_resolve(&public, &page, &html);
        split.extend(section_pages(&html));
    }
    assert_eq!(split, one_page);
}

#[test]
fn a_page_where_a_split_a_to_z_writes_is_refused() {
    let site = with_page_size("basic", 1);
    crate::harness::write(
        &site.join("content/a-z/m.md"),
        "+++\ntitle = \"M\"\nsummary = \"Pages that start with M.\"\nreviewed = 2026-01-01\nnext_review = 2027-01-01\n+++\n\nText.\n",
    );
    let run = site.build_short();
    run.assert_code(1);
    assert!(
        run.stderr.contains("[site]/content/a-z/m.md:1:1: error: would be written to `a-z/m.html`, which a page of carepath's A–Z (it is split by letter because it lists more than `list_page_size` names) already writes"),
        "{}",
        run.stderr
    );
    assert!(!site.join("public").exists(), "nothing may be written");
}

#[test]
fn list_page_size_of_zero_is_refused_at_its_line() {
    let site = with_page_size("basic", 0);
    let run = site.build_short();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "[site]/content/site.toml:1:1: error: `list_page_size` is 0: give the most entries one page of the A–Z or of a section may list (the default is 200)\n"
    );
}

// A cause whose title starts with a digit is listed under "#", and the letter link to "#"
// leads to that heading (its id is `letter-other`, not `letter-#`).
#[test]
fn the_a_to_z_hash_letter_link_leads_to_its_heading() {
    let site = Site::fixture("basic");
    let page = site.join("content/causes/muscle-strain.md");
    let text = crate::harness::read(&page).replacen(
        "title = \"Muscle strain\"",
        "title = \"5 signs of muscle strain\"",
        1,
    );
    crate::harness::write(&page, text);
    site.build().assert_code(0);
    let az = site.output("a-z.html");
    assert!(az.contains("href=\"#letter-other\""), "{az}");
    assert!(az.contains("id=\"letter-other\""), "{az}");
    assert!(!az.contains("#letter-#"), "{az}");
    assert_links_resolve(&site.join("public"), "a-z.html", &az);
}

// The default site's A–Z (70 names, 16.9 KB with its stylesheet on one page) is over the
// 14 KB page budget, so it is split by letter: every page of it fits the budget, every letter
// link leads to a page whose heading is that letter, and a title starting with a digit is
// listed on the "#" page the "#" link leads to.
#[test]
fn the_default_a_to_z_fits_the_page_budget_with_working_letter_links() {
    let site = Site::default_site();
    let page = site.join("content/causes/sciatica.md");
    let text = read(&page).replacen("title = \"Sciatica\"", "title = \"3 signs of sciatica\"", 1);
    crate::harness::write(&page, text);
    site.build().assert_code(0);
    let public = site.join("public");
    let css = std::fs::metadata(public.join("style.css")).map_or(0, |m| m.len() as usize);
    let mut pages = vec!["a-z.html".to_string()];
    pages.extend(
        list_files(&public.join("a-z"))
            .iter()
            .map(|f| format!("a-z/{f}")),
    );
    assert!(pages.len() > 1, "{pages:?}");
    for page in &pages {
        let html = read(&public.join(page));
        assert!(
            html.len() + css <= 14 * 1024,
            "`{page}` weighs {} + {css}",
            html.len()
        );
        assert_links_resolve(&public, page, &html);
    }
    let index = site.output("a-z.html");
    let nav = index.split("aria-label=\"Letters\"").nth(1).unwrap_or("");
    let nav = nav.split("</nav>").next().unwrap_or("");
    for href in hrefs(nav) {
        let letter = href
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".html");
        let heading = match letter {
            "other" => "#".to_string(),
            l => l.to_uppercase(),
        };
        let html = read(&public.join(&href));
        assert!(
            html.contains(&format!(">{heading}</h2>")),
            "`{href}` is not {heading}"
        );
    }
    let other = site.output("a-z/other.html");
    assert!(other.contains(">3 signs of sciatica</a>"), "{other}");
}
