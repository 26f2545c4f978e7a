//! Translations (`NAME.TAG.md` beside `NAME.md`): written under their language's folder with
//! `lang`, `dir` and alternates, their links leading to translated pages where there are some
//! and to the source where not, and reported, block by block, when their source changes.

use crate::harness::{Site, read, write};

/// The `<html>` line, the alternates and the language switcher of an output page.
fn languages_of(site: &Site, rel: &str) -> String {
    let html = site.output(rel);
    let mut out = String::new();
    let mut in_switcher = false;
    for line in html.lines() {
        if line.starts_with("<nav class=\"languages\"") {
            in_switcher = true;
        }
        if line.starts_with("<html") || line.starts_with("<link rel=\"alternate\"") || in_switcher {
            out.push_str(line);
            out.push('\n');
        }
        if in_switcher && line == "</nav>" {
            in_switcher = false;
        }
    }
    out
}

/// The reader's notice on a translated page, if it shows one.
fn notice_of(site: &Site, rel: &str) -> Option<String> {
    let html = site.output(rel);
    (html.lines())
        .find(|l| l.contains("class=\"translation-notice\""))
        .map(str::to_string)
}

// Each language is written under its own folder; every version names its language and
// direction and links to the others, from the page and from the switcher.
#[test]
fn a_translated_page_names_its_language_and_its_other_versions() {
    let site = Site::fixture("translated");
    site.build().assert_code(0);
    insta::assert_snapshot!(
        "welsh_languages",
        languages_of(&site, "cy/causes/muscle-strain.html")
    );
    insta::assert_snapshot!(
        "arabic_languages",
        languages_of(&site, "ar/causes/muscle-strain.html")
    );
    insta::assert_snapshot!(
        "english_languages",
        languages_of(&site, "causes/muscle-strain.html")
    );
    // A page with no translation has no switcher and no alternates.
    assert_eq!(
        languages_of(&site, "causes/example-cause.html"),
        "<html lang=\"en-GB\">\n"
    );
}

// A translation's links go to the page in its language where there is one (the care card's
// outcome page) and to the source page where not (the GP page), never to a missing page.
#[test]
fn links_lead_to_the_translation_or_else_to_the_source() {
    let site = Site::fixture("translated");
    site.build().assert_code(0);
    insta::assert_snapshot!("welsh_main", site.main_of("cy/causes/muscle-strain.html"));
    let welsh = site.output("cy/causes/muscle-strain.html");
    assert!(
        welsh.contains("Ffoniwch 999 neu ewch i&#39;r adran achosion brys"),
        "{welsh}"
    );
    assert!(!site.join("public/cy/outcomes/gp.html").exists());
    assert!(site.join("public/outcomes/gp.html").is_file());
}

// The fixture's Arabic page was left one block behind its source on purpose: the build says
// which, and its reader sees a notice with a link to the English page. A translation that is
// up to date shows none.
#[test]
fn a_translation_behind_its_source_is_reported_and_its_reader_told() {
    let site = Site::fixture("translated");
    let run = site.build();
    run.assert_code(0);
    insta::assert_snapshot!("left_behind", run.stderr);
    insta::assert_snapshot!(
        "notice",
        notice_of(&site, "ar/causes/muscle-strain.html").unwrap_or_default()
    );
    assert_eq!(notice_of(&site, "cy/causes/muscle-strain.html"), None);
}

// Editing one English paragraph puts each of its translations out of date, naming the block
// and its line; marking them again (once translated) clears the warnings.
#[test]
fn an_edited_english_paragraph_is_reported_at_each_translation() {
    let site = Site::fixture("translated");
    let marked = site.run(&[
        "translate",
        "mark",
        "content/causes/muscle-strain.ar.md",
        "content/checks/example.ar.toml",
        "--site",
        "[site]",
    ]);
    marked.assert_code(0);
    assert_eq!(
        marked.stdout,
        "marked content/causes/muscle-strain.ar.md as translating all 11 blocks of content/causes/muscle-strain.md as it is now (2026-11-25)\n\
         marked content/checks/example.ar.toml as translating all 9 texts of content/checks/example.toml as it is now (2026-11-25)\n"
    );
    let clean = site.build();
    clean.assert_code(0);
    assert!(!clean.stderr.contains("warning"), "{}", clean.stderr);

    let english = site.join("content/causes/muscle-strain.md");
    let text = read(&english).replace(
        "A muscle in your back has been stretched too far.",
        "A muscle in your back has been stretched or twisted too far.",
    );
    write(&english, text);
    let run = site.run(&["build", "--site", "[site]", "--format", "short"]);
    run.assert_code(0);
    insta::assert_snapshot!("edited_paragraph", run.stderr);
    assert!(notice_of(&site, "cy/causes/muscle-strain.html").is_some());

    let remarked = site.run(&[
        "translate",
        "mark",
        "content/causes/muscle-strain.ar.md",
        "causes/muscle-strain.cy.md",
        "--site",
        "[site]",
    ]);
    remarked.assert_code(0);
    let again = site.build();
    again.assert_code(0);
    assert!(!again.stderr.contains("warning"), "{}", again.stderr);
}

// With `require_current_translations`, a translation behind its source fails the build, and the
// previous site stays.
#[test]
fn require_current_translations_makes_it_an_error() {
    let site = Site::fixture("translated");
    let config = site.join("content/site.toml");
    let text = read(&config).replacen(
        "emergency_number = \"999\"\n",
        "emergency_number = \"999\"\nrequire_current_translations = true\n",
        1,
    );
    write(&config, text);
    let run = site.run(&["build", "--site", "[site]", "--format", "short"]);
    run.assert_code(1);
    insta::assert_snapshot!("required", run.stderr);
}

// A translation needs a source page, languages must be listed with their words, and `translate
// mark` refuses anything but a translation, changing nothing.
#[test]
fn bad_translations_are_positioned_errors() {
    let site = Site::fixture("translated");
    write(
        &site.join("content/causes/gone.cy.md"),
        "+++\ntitle = \"Wedi mynd\"\nsummary = \"Dim\"\n+++\nTestun.\n",
    );
    write(
        &site.join("content/causes/muscle-strain.cy.md"),
        read(&site.join("content/causes/muscle-strain.cy.md")).replacen(
            "also_called",
            "care = \"gp\"\nalso_called",
            1,
        ),
    );
    let run = site.run(&["check", "--site", "[site]", "--format", "short"]);
    run.assert_code(1);
    insta::assert_snapshot!("bad_translations", run.stderr);

    let config = site.join("content/site.toml");
    write(
        &config,
        read(&config)
            .replace(
                "emergency_advice = \"Ffoniwch",
                "# emergency_advice = \"Ffoniwch",
            )
            .replace("[languages.en-GB]\nname = \"English\"\n", ""),
    );
    let run = site.run(&["check", "--site", "[site]", "--format", "short"]);
    run.assert_code(1);
    insta::assert_snapshot!("bad_languages", run.stderr);

    let page = site.join("content/causes/example-cause.md");
    let before = read(&page);
    let refused = site.run(&[
        "translate",
        "mark",
        "causes/example-cause.md",
        "--site",
        "[site]",
    ]);
    assert_ne!(refused.code, 0);
    assert_eq!(read(&page), before);
    insta::assert_snapshot!("mark_refused", refused.stderr);
}

// Flesch-Kincaid and SMOG were made for English: pages in other languages are "not measured".
#[test]
fn readability_is_not_measured_outside_english() {
    let site = Site::fixture("translated");
    let run = site.run(&["check", "--site", "[site]", "--report"]);
    run.assert_code(0);
    let line = |page: &str| {
        (run.stdout.lines())
            .find(|l| l.starts_with(page))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line("cy/causes/muscle-strain.html ")
            .ends_with("not measured (cy: the formulas are for English)"),
        "{}",
        run.stdout
    );
    assert!(
        line("causes/muscle-strain.html ").contains('.'),
        "{}",
        run.stdout
    );
}

// With `base_url`, the sitemap lists every language's version of a page, each naming all of
// them (the `hreflang` alternates search engines read).
#[test]
fn the_sitemap_lists_each_version_with_its_alternates() {
    let site = Site::fixture("translated");
    let config = site.join("content/site.toml");
    let text = read(&config).replacen(
        "emergency_number = \"999\"\n",
        "emergency_number = \"999\"\nbase_url = \"https://example.org/health/\"\n",
        1,
    );
    write(&config, text);
    site.build().assert_code(0);
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let welsh: Vec<&str> = (sitemap.lines())
        .filter(|l| l.contains("muscle-strain.html</loc>"))
        .collect();
    insta::assert_snapshot!("sitemap_versions", welsh.join("\n"));
}

// A translated section landing page is not published yet: the build says so, and links to it
// lead to the source language's landing page, which exists.
#[test]
fn a_translated_landing_page_falls_back_to_the_source() {
    let site = Site::fixture("translated");
    write(
        &site.join("content/causes/_index.md"),
        "+++\ntitle = \"Causes\"\nsummary = \"What can cause back pain.\"\nreviewed = 2026-01-01\nnext_review = 2099-01-01\n+++\nText.\n",
    );
    write(
        &site.join("content/causes/_index.cy.md"),
        "+++\ntitle = \"Achosion\"\nsummary = \"Beth all achosi poen cefn.\"\n+++\nTestun.\n",
    );
    let welsh = site.join("content/causes/muscle-strain.cy.md");
    write(
        &welsh,
        read(&welsh).replace(
            "yn y cyfamser.",
            "yn y cyfamser. Gweler [yr achosion](_index.md).",
        ),
    );
    let run = site.run(&["build", "--site", "[site]", "--format", "short"]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("[site]/content/causes/_index.cy.md:1:1: warning: a section's landing page is not published in other languages yet"),
        "{}",
        run.stderr
    );
    assert!(!site.join("public/cy/causes/index.html").exists());
    assert!(
        site.output("cy/causes/muscle-strain.html")
            .contains("<a href=\"../../causes/index.html\">yr achosion</a>")
    );
}
