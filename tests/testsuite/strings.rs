//! The theme's words per language (`themes/<theme>/strings/<lang>.toml`): a site in Welsh or
//! Arabic shows the theme's words in that language, with placeholders and plural forms filled,
//! and `<html dir>` follows the language. The bad strings files are in `invalid.rs`.

use crate::harness::{Site, write};

/// A copy of the `basic` fixture whose `site.toml` says `language = "<lang>"`.
fn basic_in(lang: &str) -> Site {
    let site = Site::fixture("basic");
    let config = site.join("content/site.toml");
    let text = std::fs::read_to_string(&config).expect("site.toml");
    let text = text.replace("language = \"en-GB\"", &format!("language = \"{lang}\""));
    assert!(text.contains(&format!("language = \"{lang}\"")), "{text}");
    write(&config, text);
    site
}

/// The `<html>` start tag, the `<header>` and the emergency banner of a page, and its `<main>`.
fn chrome_and_main(html: &str) -> String {
    let html_tag = html.find("<html").map(|i| &html[i..]).unwrap_or_default();
    let html_tag = &html_tag[..html_tag.find('>').map_or(0, |i| i + 1)];
    let start = html.find("<a class=\"skip-link\"").expect("a skip link");
    let end = html.find("<main").expect("a <main>");
    let main = crate::harness::main_fragment(html);
    let footer = html.find("<footer").map(|i| &html[i..]).unwrap_or_default();
    format!("{html_tag}\n{}{main}\n{footer}", &html[start..end])
}

// A Welsh site's home page shows the theme's Welsh words: the skip link, the navigation, the
// emergency banner and the footer, with the emergency number filled in.
#[test]
fn a_welsh_site_shows_the_themes_welsh_words() {
    let site = basic_in("cy");
    site.build().assert_code(0);
    let page = site.output("index.html");
    assert!(page.contains("Mewn argyfwng, ffoniwch 999."), "{page}");
    insta::assert_snapshot!(chrome_and_main(&page));
}

// An Arabic site is right to left, and its question pages fill their placeholders (the tree's
// title, the step) and its words ("Your answers", "Change", "Start again") in Arabic.
#[test]
fn an_arabic_site_is_right_to_left_with_its_placeholders_filled() {
    let site = basic_in("ar");
    site.build().assert_code(0);
    let home = site.output("index.html");
    assert!(home.contains("<html lang=\"ar\" dir=\"rtl\">"), "{home}");
    assert!(home.contains("في حالة الطوارئ، اتصل بالرقم 999."), "{home}");
    let cases = site.join("public/checks");
    let pages = crate::harness::list_files(&cases);
    let second = pages
        .iter()
        .map(|p| site.output(&format!("checks/{p}")))
        .find(|html| html.contains("إجاباتك"))
        .expect("a question page after the first shows the answers given");
    assert!(second.contains("ابدأ من جديد"), "{second}");
    assert!(
        second.contains(">تغيير<span class=\"visually-hidden\"> إجابتك عن: "),
        "{second}"
    );
    let cases_page = pages
        .iter()
        .find(|p| p.ends_with("/cases.html"))
        .map(|p| site.output(&format!("checks/{p}")))
        .expect("a cases page");
    assert!(
        cases_page.contains("<caption>") && !cases_page.contains(" paths</caption>"),
        "{cases_page}"
    );
}

// An English site is left to right (the default, so `<html>` has no `dir`), and `en-GB` reads
// the theme's `en.toml`.
#[test]
fn an_english_site_is_left_to_right() {
    let site = Site::fixture("basic");
    site.build().assert_code(0);
    assert!(
        (site.output("index.html")).contains("<html lang=\"en-GB\">"),
        "{}",
        site.output("index.html")
    );
}
