use super::*;

fn file(name: &str, text: &str) -> StringsFile {
    StringsFile {
        origin: PathBuf::from(format!("themes/default/strings/{name}.toml")),
        text: text.to_string(),
    }
}

fn config() -> Located<'static> {
    Located {
        path: Path::new("content/site.toml"),
        text: "title = \"T\"\nlanguage = \"pl\"\n",
    }
}

/// Loads `files` (language, text) for `languages`, with the built-in `en.toml` as reference.
fn load_with(files: &[(&str, &str)], languages: &[&str]) -> (Catalogue, Vec<String>) {
    let mut all: BTreeMap<String, StringsFile> = BUILT_IN
        .iter()
        .map(|(lang, text)| (lang.to_string(), file(lang, text)))
        .collect();
    for (lang, text) in files {
        all.insert(lang.to_string(), file(lang, text));
    }
    let (catalogue, diags) = load(&all, languages, config());
    (catalogue, diags.iter().map(ToString::to_string).collect())
}

// Every built-in language is complete against `en.toml`.
#[test]
fn built_in_strings_are_complete() {
    let (catalogue, diags) = load_with(&[], &["en", "cy", "ar"]);
    assert_eq!(diags, Vec::<String>::new());
    for lang in ["en", "cy", "ar"] {
        assert!(catalogue.get(lang).is_some(), "{lang}");
    }
}

// Dates read as before in English, and in each language's words.
#[test]
fn dates_are_written_in_each_language() {
    let (catalogue, _) = load_with(&[], &["en", "cy", "ar"]);
    let date = crate::tomlpos::ymd(2026, 11, 1).expect("a date");
    let words = |lang: &str| catalogue.get(lang).expect(lang).date(date);
    assert_eq!(words("en"), crate::front_matter::human_date(date));
    assert_eq!(words("cy"), "1 Tachwedd 2026");
    assert_eq!(words("ar"), "1 نوفمبر 2026");
}

#[test]
fn direction_is_rtl_only_for_right_to_left_scripts() {
    for lang in [
        "ar", "fa", "he", "ur", "ps", "sd", "yi", "dv", "ckb", "ar-EG", "AR",
    ] {
        assert_eq!(crate::config::Direction::of(lang).attr(), "rtl", "{lang}");
    }
    for lang in ["en", "cy", "en-GB", "pl", "arn", ""] {
        assert_eq!(crate::config::Direction::of(lang).attr(), "ltr", "{lang}");
    }
}

#[test]
fn placeholders_are_filled_and_other_braces_kept() {
    let filled = substitute("{a} and {b} {not a placeholder} {", |name| {
        Some(name.to_uppercase())
    });
    assert_eq!(filled.as_deref(), Ok("A and B {not a placeholder} {"));
    assert_eq!(substitute("x {gone}", |_| None), Err("gone".to_string()));
}

#[test]
fn plural_forms_follow_each_languages_rules() {
    let (catalogue, _) = load_with(&[], &["en", "cy", "ar"]);
    let en = catalogue.get("en").expect("en");
    let one = en.fill(
        "leaflet_link",
        &[("n", "1"), ("pages", "1"), ("size", "84 KB")],
    );
    assert_eq!(one, "Printable leaflet (PDF, 1 page, 84 KB)");
    let two = en.fill(
        "leaflet_link",
        &[("n", "2"), ("pages", "2"), ("size", "84 KB")],
    );
    assert_eq!(two, "Printable leaflet (PDF, 2 pages, 84 KB)");
    // Arabic has six forms: 0, 1, 2, 3 to 10, 11 to 99, and others.
    let ar = catalogue.get("ar").expect("ar");
    let forms: Vec<String> = [0, 1, 2, 3, 11, 100]
        .iter()
        .map(|n| {
            let n = n.to_string();
            ar.fill("leaflet_link", &[("n", &n), ("pages", &n), ("size", "1")])
        })
        .collect();
    let distinct: BTreeSet<&String> = forms.iter().collect();
    assert_eq!(distinct.len(), 6, "{forms:#?}");
}

#[test]
fn a_missing_key_names_the_key_and_the_file() {
    let en = BUILT_IN[0].1;
    let cy: String = en
        .lines()
        .filter(|l| !l.starts_with("skip_link"))
        .collect::<Vec<_>>()
        .join("\n");
    let (_, diags) = load_with(&[("pl", &cy)], &["pl"]);
    assert!(
        diags.contains(&"themes/default/strings/pl.toml:1:1: error: `pl.toml` has no `skip_link`: every key of `en.toml` needs a text in each language (add `skip_link = \"…\"`)".to_string()),
        "{diags:#?}"
    );
}

#[test]
fn an_unknown_key_and_an_unknown_placeholder_are_errors_at_their_line() {
    let en = BUILT_IN[0].1;
    let pl = en.replace(
        "nav_home = \"Home\"",
        "nav_hom = \"Home\"\nnav_home = \"Home {who}\"",
    );
    let line = pl
        .lines()
        .position(|l| l.starts_with("nav_hom "))
        .expect("line")
        + 1;
    let (_, diags) = load_with(&[("pl", &pl)], &["pl"]);
    // Polish has more plural forms than English: each is a missing key.
    assert!(
        diags
            .iter()
            .any(|d| d.contains("has no `leaflet_link_few`")),
        "{diags:#?}"
    );
    assert!(
        diags.contains(&format!("themes/default/strings/pl.toml:{line}:1: error: unknown key `nav_hom`: `en.toml` has no such key (is it misspelt?)")),
        "{diags:#?}"
    );
    assert!(
        diags.contains(&format!("themes/default/strings/pl.toml:{}:1: error: `nav_home` uses the placeholder `{{who}}`, which `en.toml` does not give this text (it has none)", line + 1)),
        "{diags:#?}"
    );
}

#[test]
fn a_language_without_a_file_points_at_the_language_key() {
    let (catalogue, diags) = load_with(&[], &["pl"]);
    assert!(catalogue.get("pl").is_none());
    assert_eq!(
        diags,
        [
            "content/site.toml:2:1: error: the theme has no strings for the language `pl`: add `themes/default/strings/pl.toml` (a copy of the built-in `en.toml` with every text translated) or set `language` to one it has"
        ]
    );
}

#[test]
fn bad_toml_and_tables_are_errors_at_their_place() {
    let (_, diags) = load_with(&[("cy", "skip_link = \"x\nnav = 1\n")], &["cy"]);
    assert!(
        diags[0].starts_with("themes/default/strings/cy.toml:1:"),
        "{diags:#?}"
    );
    let (_, diags) = load_with(&[("cy", "skip_link = 3\n")], &["cy"]);
    assert!(
        diags.contains(&"themes/default/strings/cy.toml:1:13: error: `skip_link` must be text in quotes: a strings file is one flat list of `key = \"text\"`".to_string()),
        "{diags:#?}"
    );
}
