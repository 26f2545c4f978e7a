//! The A–Z in each language (issue 29): every language with translated pages has its own A–Z
//! under its folder, sorted by that language's collation and grouped under the letters of its
//! alphabet, listing a page with no translation by its source title, marked and linked to the
//! source; translated pages link to it, it carries the language switcher and alternates, and
//! the sitemap lists it in every language.

use crate::harness::{Site, list_files, read, write};
use crate::trees::{hrefs, resolve};
use std::path::Path;

/// Every relative link of the page `page` (relative to `public/`) names a file in the output,
/// and every `#fragment` an id in it; returns how many links were checked.
fn assert_links_resolve(site: &Site, page: &str) -> usize {
    let public = site.join("public");
    let html = site.output(page);
    let mut checked = 0;
    for href in hrefs(&html).iter().filter(|h| !h.contains("://")) {
        let target = resolve(Path::new(page), href)
            .unwrap_or_else(|| panic!("`{page}` links out of the site: {href}"));
        assert!(
            public.join(&target).is_file(),
            "`{page}` links to missing `{href}`"
        );
        if let Some((_, fragment)) = href.split_once('#') {
            let id = format!("id=\"{fragment}\"");
            assert!(
                read(&public.join(&target)).contains(&id),
                "`{page}` links to `{href}`, which has no {id}"
            );
        }
        checked += 1;
    }
    checked
}

/// The headings (letters) of an A–Z page's main, in order.
fn headings(site: &Site, page: &str) -> Vec<String> {
    (site.main_of(page).lines())
        .filter_map(|l| l.strip_prefix("<h2 id=\""))
        .filter_map(|l| l.split_once("\">"))
        .map(|(_, rest)| rest.trim_end_matches("</h2>").to_string())
        .collect()
}

/// The names listed on an A–Z page, in order (the text of each entry's link).
fn names(site: &Site, page: &str) -> Vec<String> {
    (site.main_of(page).lines())
        .filter(|l| l.starts_with("<li><a href=\"") && !l.starts_with("<li><a href=\"#"))
        .filter_map(|l| l.split_once("\">"))
        .filter_map(|(_, rest)| rest.split_once("</a>"))
        .map(|(name, _)| name.to_string())
        .collect()
}

/// An English cause at `content/causes/FILE.md` titled `title`, from the fixture's example.
fn add_cause(site: &Site, file: &str, title: &str) {
    let example = read(&site.join("content/causes/example-cause.md"));
    let text = example
        .replace("An example cause", title)
        .replace("also_called = [\"Sample cause\"]\n", "");
    write(&site.join(&format!("content/causes/{file}.md")), text);
}

/// Its translation into `lang`, titled `title` (not marked as up to date: a warning).
fn add_translation(site: &Site, file: &str, lang: &str, title: &str) {
    write(
        &site.join(&format!("content/causes/{file}.{lang}.md")),
        format!("+++\ntitle = \"{title}\"\nsummary = \"{title}.\"\n+++\n{title}.\n"),
    );
}

/// The `translated` fixture with causes whose Welsh and Arabic titles show each language's
/// order: Welsh "Ch" comes after every other "C…" word, "Ll" after every other "L…" word.
fn site_with_welsh_and_arabic_titles() -> Site {
    let site = Site::fixture("translated");
    for (file, english, welsh, arabic) in [
        ("nausea", "Nausea", "Cyfog", Some("الغثيان")),
        ("vomiting", "Vomiting", "Chwydu", Some("قيء")),
        ("headache", "Headache", "Cur pen", Some("الصداع")),
        ("sore-throat", "Sore throat", "Dolur gwddf", None),
        ("toothache", "Toothache", "Ddannoedd", None),
        ("dry-eyes", "Dry eyes", "Llygaid sych", Some("جفاف العين")),
        ("lump", "Lump", "Lwmp", None),
    ] {
        add_cause(&site, file, english);
        add_translation(&site, file, "cy", welsh);
        if let Some(arabic) = arabic {
            add_translation(&site, file, "ar", arabic);
        }
    }
    site
}

// The Welsh and Arabic A–Z of the fixture: each lists its language's titles and other names,
// and the page with no translation by its English title, marked as English, with `lang` and
// `hreflang`, linking to the English page.
#[test]
fn each_language_has_its_own_a_to_z() {
    let site = Site::fixture("translated");
    site.build().assert_code(0);
    insta::assert_snapshot!("welsh_a_to_z", site.main_of("cy/a-z.html"));
    insta::assert_snapshot!("arabic_a_to_z", site.main_of("ar/a-z.html"));
    let arabic = site.output("ar/a-z.html");
    assert!(
        arabic.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{arabic}"
    );
    assert!(site.output("cy/a-z.html").contains("<html lang=\"cy\">"));
    for page in ["a-z.html", "cy/a-z.html", "ar/a-z.html"] {
        assert!(assert_links_resolve(&site, page) > 10, "{page}");
    }
}

// Welsh collation: "Ch", "Dd" and "Ll" are letters of their own, after "C", "D" and "L" (by
// code point "Chwydu" would come before "Cur pen"). Arabic in the order of its alphabet, with
// the English titles of untranslated pages under "#".
#[test]
fn a_to_z_follows_the_languages_alphabet() {
    let site = site_with_welsh_and_arabic_titles();
    site.build().assert_code(0);
    assert_eq!(
        headings(&site, "cy/a-z.html"),
        ["A", "C", "Ch", "D", "Dd", "L", "Ll", "S"]
    );
    assert_eq!(
        names(&site, "cy/a-z.html"),
        [
            "An example cause",
            "Cur pen",
            "Cyfog",
            "Cyhyr wedi&#39;i dynnu",
            "Chwydu",
            "Dolur gwddf",
            "Ddannoedd",
            "Lwmp",
            "Llygaid sych",
            "Straen cyhyr",
        ]
    );
    assert_eq!(headings(&site, "ar/a-z.html"), ["#", "ا", "ج", "ق"]);
    assert_eq!(
        names(&site, "ar/a-z.html"),
        [
            "An example cause",
            "Lump",
            "Sore throat",
            "Toothache",
            "إجهاد العضلات",
            "الصداع",
            "الغثيان",
            "جفاف العين",
            "قيء",
        ]
    );
    // The English A–Z is unchanged by the translations.
    assert_eq!(
        headings(&site, "a-z.html"),
        ["A", "B", "D", "H", "L", "M", "N", "P", "S", "T", "V"]
    );
    for page in ["a-z.html", "cy/a-z.html", "ar/a-z.html"] {
        assert_links_resolve(&site, page);
    }
}

// A long Welsh A–Z is split by its letters as the English one is (`cy/a-z/ch.html`), and every
// link between its pages, to its entries and in its menu and switcher leads to a file.
#[test]
fn a_long_translated_a_to_z_is_split_by_its_letters() {
    let site = site_with_welsh_and_arabic_titles();
    let config = site.join("content/site.toml");
    write(&config, format!("list_page_size = 1\n{}", read(&config)));
    site.build().assert_code(0);
    let parts = list_files(&site.join("public/cy/a-z"));
    assert_eq!(
        parts,
        [
            "a.html", "c-2.html", "c-3.html", "c.html", "ch.html", "d.html", "dd.html", "l.html",
            "ll.html", "s.html",
        ]
    );
    let arabic = list_files(&site.join("public/ar/a-z"));
    assert!(arabic.contains(&"u0627-2.html".to_string()), "{arabic:?}");
    insta::assert_snapshot!("welsh_a_to_z_part", site.main_of("cy/a-z/c-2.html"));
    let mut checked = assert_links_resolve(&site, "cy/a-z.html");
    for part in parts {
        checked += assert_links_resolve(&site, &format!("cy/a-z/{part}"));
    }
    for part in arabic {
        checked += assert_links_resolve(&site, &format!("ar/a-z/{part}"));
    }
    assert!(checked > 100, "only {checked} links checked");
}

// A translated page's menu leads to its language's A–Z; the A–Z's index has the language
// switcher and the `hreflang` alternates of every language's A–Z, as translated pages do.
#[test]
fn translated_pages_lead_to_their_languages_a_to_z() {
    let site = Site::fixture("translated");
    site.build().assert_code(0);
    let welsh = site.output("cy/causes/muscle-strain.html");
    assert!(
        welsh.contains("<li><a href=\"../../cy/a-z.html\">Achosion A i Y</a></li>"),
        "{welsh}"
    );
    let arabic = site.output("ar/causes/muscle-strain.html");
    assert!(arabic.contains("href=\"../../ar/a-z.html\""), "{arabic}");
    let english = site.output("causes/muscle-strain.html");
    assert!(english.contains("<li><a href=\"../a-z.html\">Causes A to Z</a></li>"));
    let languages = |page: &str| -> String {
        let html = site.output(page);
        let head = (html.lines())
            .filter(|l| l.starts_with("<html") || l.starts_with("<link rel=\"alternate\""));
        let switcher = html
            .split("<nav class=\"languages\"")
            .nth(1)
            .and_then(|s| s.split("</nav>").next())
            .unwrap_or("");
        format!("{}\n{switcher}", head.collect::<Vec<_>>().join("\n"))
    };
    insta::assert_snapshot!("welsh_a_to_z_languages", languages("cy/a-z.html"));
    insta::assert_snapshot!("english_a_to_z_languages", languages("a-z.html"));
}

// With `base_url`, the sitemap lists the A–Z in every language, each naming all of them.
#[test]
fn the_sitemap_lists_every_languages_a_to_z() {
    let site = Site::fixture("translated");
    let config = site.join("content/site.toml");
    write(
        &config,
        format!(
            "base_url = \"https://example.org/health/\"\n{}",
            read(&config)
        ),
    );
    site.build().assert_code(0);
    let sitemap = site.output("sitemap.xml");
    let entries: Vec<&str> = (sitemap.lines())
        .filter(|l| l.contains("a-z.html</loc>"))
        .collect();
    insta::assert_snapshot!("sitemap_a_to_z", entries.join("\n"));
}

// A site in one language has no translated A–Z and its A–Z no switcher. A language with only
// a translated checker has an A–Z (its checker's menu leads there); a language with neither
// translated pages nor checkers has none (no page of it would link there).
#[test]
fn only_languages_with_translations_have_an_a_to_z() {
    let site = Site::fixture("translated");
    std::fs::remove_file(site.join("content/causes/muscle-strain.ar.md")).expect("removed");
    site.build().assert_code(0);
    assert!(site.join("public/ar/a-z.html").is_file());
    let checker = "ar/checks/example/index.html";
    assert!(
        site.output(checker)
            .contains("href=\"../../../ar/a-z.html\"")
    );
    assert_links_resolve(&site, checker);
    assert_links_resolve(&site, "ar/a-z.html");

    std::fs::remove_file(site.join("content/checks/example.ar.toml")).expect("removed");
    site.build().assert_code(0);
    assert!(site.join("public/cy/a-z.html").is_file());
    assert!(!site.join("public/ar").exists());
    let english = site.output("a-z.html");
    assert!(english.contains("hreflang=\"cy\""), "{english}");
    assert!(!english.contains("hreflang=\"ar\""), "{english}");

    let basic = Site::fixture("basic");
    basic.build().assert_code(0);
    let html = basic.output("a-z.html");
    assert!(!html.contains("hreflang"), "{html}");
    assert!(!html.contains("class=\"languages\""), "{html}");
}

// A page written where a language's A–Z goes is refused, naming what writes there.
#[test]
fn a_page_where_a_translated_a_to_z_writes_is_refused() {
    let site = Site::fixture("translated");
    let example = read(&site.join("content/about.md"));
    write(&site.join("content/cy/a-z.md"), example);
    let run = site.run(&["build", "--site", "[site]", "--format", "short"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("[site]/content/cy/a-z.md:1:1: error: would be written to `cy/a-z.html`, which carepath's A–Z of causes in that language already writes"),
        "{}",
        run.stderr
    );
}
