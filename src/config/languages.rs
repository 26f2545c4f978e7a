//! `[languages]` in `site.toml`: the languages a site is published in. The site's `language` is
//! the source every translation is made from; each other language is written under its own
//! folder (`/cy/…`) from translation files beside their sources (`causes/sciatica.cy.md`).

use serde::Deserialize;
use std::collections::BTreeMap;

/// Languages written right to left in their usual script (by their primary subtag): Arabic,
/// Persian, Urdu, Pashto, Sindhi, Central Kurdish, Uyghur, Hebrew, Yiddish, Dhivehi, Syriac,
/// Aramaic, Kashmiri. The one list: pages, theme strings and leaflets all ask it.
const RIGHT_TO_LEFT: &[&str] = &[
    "ar", "fa", "ur", "ps", "sd", "ckb", "ug", "he", "yi", "dv", "syr", "arc", "ks",
];

/// One language of the site (`[languages.cy]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The language's name in that language, as the language switcher shows it ("Cymraeg").
    pub name: String,
    /// `"ltr"` or `"rtl"`; unset: right to left for Arabic, Persian, Hebrew, Urdu and the other
    /// languages written that way, else left to right.
    #[serde(default)]
    pub dir: Option<Direction>,
    /// The site's title in this language; unset: the site's `title`.
    #[serde(default)]
    pub title: Option<String>,
    /// `emergency_advice` in this language (required for a translation).
    #[serde(default)]
    pub emergency_advice: Option<String>,
    /// `worried_advice` in this language (required for a translation).
    #[serde(default)]
    pub worried_advice: Option<String>,
    /// `[care.LEVEL]` words in this language, for each level the site gives words for.
    #[serde(default)]
    pub care: BTreeMap<crate::care::CareLevel, super::CareWords>,
}

/// Which way a language's text runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Direction {
    /// The value of `dir` on `<html>`.
    pub fn attr(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }

    /// The direction a language tag is written in by default.
    pub fn of(tag: &str) -> Direction {
        let primary = tag.split(['-', '_']).next().unwrap_or(tag);
        match RIGHT_TO_LEFT
            .iter()
            .any(|rtl| rtl.eq_ignore_ascii_case(primary))
        {
            true => Direction::Rtl,
            false => Direction::Ltr,
        }
    }
}

impl super::SiteConfig {
    /// Whether the site is published in more than its source language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The tags of the translations (every language but the source), sorted.
    pub fn translated_languages(&self) -> impl Iterator<Item = &str> {
        (self.languages.keys())
            .map(String::as_str)
            .filter(move |tag| *tag != self.language)
    }

    /// The direction of `tag`'s text.
    pub fn dir_of(&self, tag: &str) -> Direction {
        (self.languages.get(tag))
            .and_then(|l| l.dir)
            .unwrap_or_else(|| Direction::of(tag))
    }

    /// The name of `tag` in that language, or the tag when the site names none.
    pub fn language_name<'a>(&'a self, tag: &'a str) -> &'a str {
        self.languages.get(tag).map_or(tag, |l| l.name.as_str())
    }
}

/// The languages `text` (a `site.toml` with errors) names in `[languages]`, read leniently:
/// enough to tell translations from pages while its errors are fixed.
pub(crate) fn languages_named(text: &str) -> BTreeMap<String, LanguageConfig> {
    let table: toml::Table = toml::from_str(text).unwrap_or_default();
    let Some(toml::Value::Table(languages)) = table.get("languages") else {
        return BTreeMap::new();
    };
    (languages.keys())
        .map(|tag| {
            let named = LanguageConfig {
                name: tag.clone(),
                dir: None,
                title: None,
                emergency_advice: None,
                worried_advice: None,
                care: BTreeMap::new(),
            };
            (tag.clone(), named)
        })
        .collect()
}

/// What is wrong with `[languages]`, as `(key to point at, message)`.
pub(crate) fn problems(config: &super::SiteConfig) -> Vec<(String, String)> {
    let (source, table) = (&config.language, &config.languages);
    let mut out = Vec::new();
    if table.is_empty() {
        return out;
    }
    if !table.contains_key(source) {
        out.push((
            "[languages".to_string(),
            format!("`[languages]` must list the source language too: add `[languages.{source}]` with `name`, the name of `{source}` in that language (the site's `language`)"),
        ));
    }
    for (tag, language) in table {
        let key = format!("[languages.{tag}]");
        if !is_tag(tag) {
            out.push((key.clone(), format!("`{tag}` is not a language tag: use a BCP 47 tag such as `cy`, `ar` or `pt-BR` (letters and digits, parts joined by `-`); it names the folder the language is written in and the suffix of its files (`sciatica.{tag}.md`)")));
        }
        if language.name.trim().is_empty() {
            out.push((
                key.clone(),
                format!("`name` of `[languages.{tag}]` is empty: give the language's name in that language, as the language switcher shows it"),
            ));
        }
        if tag == source {
            continue;
        }
        for (field, given) in [
            ("emergency_advice", &language.emergency_advice),
            ("worried_advice", &language.worried_advice),
        ] {
            if given.as_deref().is_none_or(|g| g.trim().is_empty()) {
                out.push((key.clone(), format!("`[languages.{tag}]` needs `{field}`: every page in that language shows it (in the emergency banner or the footer), so it must be in that language")));
            }
        }
        for (level, words) in &config.care {
            let theirs = language.care.get(level);
            for (field, ours, given) in [
                ("label", &words.label, theirs.and_then(|w| w.label.as_ref())),
                (
                    "action",
                    &words.action,
                    theirs.and_then(|w| w.action.as_ref()),
                ),
            ] {
                if ours.is_some() && given.is_none() {
                    out.push((key.clone(), format!("`[languages.{tag}.care.{}]` needs `{field}`: the site gives `[care.{}] {field}` in its own language, and pages in `{tag}` show it", level.key(), level.key())));
                }
            }
        }
    }
    out
}

/// Whether `tag` is a well-formed language tag: a primary subtag of 2 to 8 letters, then
/// subtags of 1 to 8 letters or digits, joined by `-`.
fn is_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_and_urdu_run_right_to_left_by_default() {
        assert_eq!(Direction::of("ar"), Direction::Rtl);
        assert_eq!(Direction::of("ur-PK"), Direction::Rtl);
        assert_eq!(Direction::of("cy"), Direction::Ltr);
        assert_eq!(Direction::of("en-GB"), Direction::Ltr);
    }

    #[test]
    fn tags_are_checked() {
        assert!(is_tag("cy") && is_tag("pt-BR") && is_tag("zh-Hant-TW") && is_tag("ckb"));
        assert!(!is_tag("c") && !is_tag("../x") && !is_tag("cy_GB") && !is_tag("cy-"));
    }
}
