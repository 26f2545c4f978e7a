//! Translated trees (`checks/NAME.TAG.toml` beside `checks/NAME.toml`): only words, keyed by
//! node, answer and sign ids, so every language has the source's pages and outcomes; every
//! text missing or unknown is an error at its line, and a changed English text is reported at
//! each translation, text by text.

use crate::harness::{Site, read, write};

/// The output pages of a tree folder (`checks/example/`), by file name.
fn tree_pages(site: &Site, dir: &str) -> Vec<String> {
    let prefix = format!("{dir}/");
    (site.files().into_iter())
        .filter_map(|f| f.strip_prefix(&prefix).map(str::to_string))
        .filter(|f| f.ends_with(".html") && !f.contains('/'))
        .collect()
}

/// The care level an end page shows (`care-emergency`), if it is one.
fn care_of(html: &str) -> Option<String> {
    let at = html.find("class=\"care-card care-")? + "class=\"care-card ".len();
    let rest = &html[at..];
    Some(rest[..rest.find('"')?].to_string())
}

// The same pages, with the same names, as the English tree, each end on the same care level;
// each page names its language and links to its other versions; the cases run in every
// language, and the build reports no error.
#[test]
fn a_translated_tree_has_the_pages_and_outcomes_of_its_source() {
    let site = Site::fixture("translated");
    let run = site.build();
    run.assert_code(0);
    let english = tree_pages(&site, "public/checks/example");
    assert_eq!(english.len(), 7, "{english:?}");
    for lang in ["cy", "ar"] {
        let dir = format!("public/{lang}/checks/example");
        assert_eq!(tree_pages(&site, &dir), english, "{lang}");
        for page in english.iter().filter(|p| p.ends_with(".html")) {
            let source = site.output(&format!("checks/example/{page}"));
            let translated = site.output(&format!("{lang}/checks/example/{page}"));
            assert_eq!(care_of(&translated), care_of(&source), "{lang}/{page}");
        }
    }
    let ends = english
        .iter()
        .filter(|p| care_of(&site.output(&format!("checks/example/{p}"))).is_some());
    assert_eq!(ends.count(), 3);
    insta::assert_snapshot!(
        "welsh_question",
        site.main_of("cy/checks/example/how-long-d0eae018.html")
    );
    insta::assert_snapshot!(
        "welsh_result",
        site.main_of("cy/checks/example/self-care-0476844e.html")
    );
    let arabic = site.output("ar/checks/example/index.html");
    assert!(
        arabic.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"),
        "{arabic}"
    );
    let head: Vec<&str> = (arabic.lines())
        .filter(|l| {
            l.starts_with("<link rel=\"alternate\"")
                || l.contains("hreflang=\"") && l.starts_with("<li>")
        })
        .collect();
    insta::assert_snapshot!("arabic_tree_languages", head.join("\n"));
}

// The Arabic tree was left one text behind on purpose: the warning names the text and its line
// in the English file, and the reader sees the notice; the Welsh tree, up to date, has none.
// Editing an English question is reported at both; marking them again clears it.
#[test]
fn a_changed_english_text_is_reported_at_each_translated_tree() {
    let site = Site::fixture("translated");
    let run = site.run(&["build", "--site", "[site]", "--format", "short"]);
    run.assert_code(0);
    let tree_warnings: Vec<&str> = (run.stderr.lines())
        .filter(|l| l.contains("checks/example."))
        .collect();
    insta::assert_snapshot!("tree_left_behind", tree_warnings.join("\n"));
    let notice = |rel: &str| site.output(rel).contains("class=\"translation-notice\"");
    assert!(notice("ar/checks/example/index.html"));
    assert!(!notice("cy/checks/example/index.html"));

    let english = site.join("content/checks/example.toml");
    write(
        &english,
        read(&english).replace(
            "question = \"How long have you had it?\"",
            "question = \"How long have you had the symptom?\"",
        ),
    );
    let run = site.run(&["build", "--site", "[site]", "--format", "short"]);
    run.assert_code(0);
    let tree_warnings: Vec<&str> = (run.stderr.lines())
        .filter(|l| l.contains("checks/example."))
        .collect();
    insta::assert_snapshot!("tree_edited_question", tree_warnings.join("\n"));
    assert!(notice("cy/checks/example/index.html"));

    let marked = site.run(&[
        "translate",
        "mark",
        "content/checks/example.cy.toml",
        "checks/example.ar.toml",
        "--site",
        "[site]",
    ]);
    marked.assert_code(0);
    assert_eq!(
        marked.stdout,
        "marked content/checks/example.cy.toml as translating all 9 texts of content/checks/example.toml as it is now (2026-11-25)\n\
         marked content/checks/example.ar.toml as translating all 9 texts of content/checks/example.toml as it is now (2026-11-25)\n"
    );
    let welsh = read(&site.join("content/checks/example.cy.toml"));
    assert!(
        welsh.contains("\"nodes.how-long.question\" = \"")
            && welsh.contains("# How long have you had the symptom?\n"),
        "{welsh}"
    );
    // Marking twice changes nothing.
    site.run(&[
        "translate",
        "mark",
        "content/checks/example.cy.toml",
        "--site",
        "[site]",
    ])
    .assert_code(0);
    assert_eq!(read(&site.join("content/checks/example.cy.toml")), welsh);
    let again = site.build();
    again.assert_code(0);
    assert!(
        !again.stderr.contains("checks/example."),
        "{}",
        again.stderr
    );
    assert!(!notice("ar/checks/example/index.html"));
}

// A translation holds every text of its tree and nothing else: a missing answer, an answer the
// tree does not have, an empty text, two answers with the same words and a key that would change
// the logic (`to`) are each an error at its line, and nothing is written.
#[test]
fn a_translated_tree_with_missing_or_extra_texts_is_refused_at_each_line() {
    let site = Site::fixture("translated");
    let welsh = site.join("content/checks/example.cy.toml");
    let text = read(&welsh)
        .replace(
            "2-weeks-or-more = \"2 wythnos neu fwy\"\n",
            "maybe = \"Efallai\"\n",
        )
        .replace(
            "no-i-have-no-emergency-signs = \"Nac oes, does gen i ddim arwyddion brys\"",
            "no-i-have-no-emergency-signs = \"Oes, mae gen i arwydd brys\"",
        )
        .replace("title = \"Gwiriwch eich symptom\"", "title = \"  \"");
    write(&welsh, text);
    let run = site.run(&["build", "--site", "[site]", "--format", "short"]);
    run.assert_code(1);
    insta::assert_snapshot!("tree_bad_texts", run.stderr);
    assert!(!site.join("public").exists());

    write(
        &welsh,
        read(&welsh).replace(
            "[nodes.how-long]\n",
            "[nodes.how-long]\nto = \"outcomes/gp.md\"\n",
        ),
    );
    let run = site.run(&["check", "--site", "[site]", "--format", "short"]);
    run.assert_code(1);
    insta::assert_snapshot!("tree_logic_refused", run.stderr);
}

// A tree's translation needs its tree, and `translate mark` refuses a file that is not one,
// changing nothing.
#[test]
fn a_translation_of_no_tree_is_an_error_and_mark_refuses_it() {
    let site = Site::fixture("translated");
    write(
        &site.join("content/checks/gone.cy.toml"),
        "title = \"Wedi mynd\"\nsummary = \"Dim\"\n",
    );
    let run = site.run(&["check", "--site", "[site]", "--format", "short"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("[site]/content/checks/gone.cy.toml:1:1: error: a translation into `cy` of `content/checks/gone.toml`, which is not a tree of the site"),
        "{}",
        run.stderr
    );
    let before = read(&site.join("content/checks/gone.cy.toml"));
    let refused = site.run(&[
        "translate",
        "mark",
        "checks/gone.cy.toml",
        "--site",
        "[site]",
    ]);
    assert_ne!(refused.code, 0);
    assert!(
        refused
            .stderr
            .contains("is not a tree translation that loads without errors"),
        "{}",
        refused.stderr
    );
    assert_eq!(read(&site.join("content/checks/gone.cy.toml")), before);
}

// With `base_url`, the sitemap lists the checker in each language, each naming all of them.
#[test]
fn the_sitemap_lists_each_language_of_a_checker() {
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
    let checks: Vec<&str> = (sitemap.lines())
        .filter(|l| {
            l.starts_with("<url><loc>https://example.org/health/")
                && l.contains("checks/example/index.html</loc>")
        })
        .collect();
    insta::assert_snapshot!("sitemap_checker_versions", checks.join("\n"));
}
