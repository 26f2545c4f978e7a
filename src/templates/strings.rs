//! The theme's words: every word a reader sees that comes from the theme or from carepath
//! itself (not from the site's content), one flat TOML file per language under
//! `themes/<theme>/strings/<lang>.toml`. Loaded with the theme, checked against `en.toml`
//! (every key present, no unknown key, no unknown placeholder), and handed to templates as `t`.
//! Text with numbers or names in it has `{name}` placeholders, filled by the `fill` filter;
//! text that changes with a number has one key per CLDR plural form (`_one`, `_other`, and
//! `_zero`, `_two`, `_few`, `_many` where the language has them), chosen by `fill(n=…)`.

use crate::diagnostics::{Diagnostic, Located};
use icu_plurals::{PluralCategory, PluralRules};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Folder of a theme that holds its strings files.
pub(crate) const STRINGS_DIR: &str = "strings";

/// The language every other strings file is checked against.
pub(crate) const REFERENCE: &str = "en";

/// The strings files of the built-in theme, by language.
pub(super) const BUILT_IN: &[(&str, &str)] = &[
    ("en", include_str!("../../themes/default/strings/en.toml")),
    ("cy", include_str!("../../themes/default/strings/cy.toml")),
    ("ar", include_str!("../../themes/default/strings/ar.toml")),
];

/// The keys of the months' names, January first.
const MONTHS: [&str; 12] = [
    "month_1", "month_2", "month_3", "month_4", "month_5", "month_6", "month_7", "month_8",
    "month_9", "month_10", "month_11", "month_12",
];

/// The plural forms a key may end with, in CLDR's order.
const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One language's strings: plain texts, and texts with a form per plural category.
#[derive(Debug)]
pub(crate) struct Strings {
    lang: String,
    /// Keys without a plural form.
    texts: BTreeMap<String, String>,
    /// Keys with plural forms (`leaflet_link` for `leaflet_link_one`, …): form → text.
    plurals: BTreeMap<String, BTreeMap<&'static str, String>>,
}

impl Strings {
    /// The text of `key`; the key itself when the file lacks it (an error reported when the
    /// theme was loaded, so such a site is never written).
    pub(crate) fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts.get(key).map_or(key, String::as_str)
    }

    /// The text of `key` with its placeholders filled from `args` (`n` also picks the plural
    /// form). An unknown key or a placeholder without a value gives the key itself: the keys
    /// carepath's code uses are in the built-in `en.toml`, which every strings file is checked
    /// against when the theme is loaded.
    pub(crate) fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.try_fill(key, args).unwrap_or_else(|| key.to_string())
    }

    /// `date` in words, as `date` and `month_1` … `month_12` say ("1 November 2026").
    pub(crate) fn date(&self, date: time::Date) -> String {
        let month = self.text(MONTHS[usize::from(u8::from(date.month())) - 1]);
        let (day, year) = (date.day().to_string(), format!("{:04}", date.year()));
        self.fill("date", &[("day", &day), ("month", month), ("year", &year)])
    }

    fn try_fill(&self, key: &str, args: &[(&str, &str)]) -> Option<String> {
        let text = match self.texts.get(key) {
            Some(text) => text,
            None => {
                let forms = self.plurals.get(key)?;
                let n = args.iter().find(|(name, _)| *name == "n")?.1;
                pick(&self.lang, forms, n.parse().ok()?)?
            }
        };
        substitute(text, |name| {
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
        .ok()
    }
}

/// The text of `forms` for the number `n` in `lang`: the form its CLDR rules choose, else
/// `other`.
fn pick<'a>(lang: &str, forms: &'a BTreeMap<&'static str, String>, n: u64) -> Option<&'a String> {
    let form = rules(lang).map_or("other", |r| form_name(r.category_for(n)));
    forms.get(form).or_else(|| forms.get("other"))
}

/// The CLDR cardinal plural rules of `lang`, if ICU4X knows the language.
fn rules(lang: &str) -> Option<PluralRules> {
    let locale = icu_locale_core::Locale::try_from_str(lang).ok()?;
    PluralRules::try_new_cardinal((&locale).into()).ok()
}

fn form_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The plural forms a text in `lang` needs (`other` alone when ICU4X does not know it).
fn forms_needed(lang: &str) -> BTreeSet<&'static str> {
    let mut needed: BTreeSet<&'static str> = ["other"].into();
    if let Some(r) = rules(lang) {
        needed.extend(r.categories().map(form_name));
    }
    needed
}

impl Serialize for Strings {
    /// As `t` in templates: a plain key is its text; a plural key is a table of its forms with
    /// the language under `lang`, for the `fill` filter to choose from.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.texts.len() + self.plurals.len()))?;
        for (key, text) in &self.texts {
            map.serialize_entry(key, text)?;
        }
        for (key, forms) in &self.plurals {
            let mut table: BTreeMap<&str, &str> = BTreeMap::new();
            table.insert("lang", &self.lang);
            table.extend(forms.iter().map(|(f, t)| (*f, t.as_str())));
            map.serialize_entry(key, &table)?;
        }
        map.end()
    }
}

/// `text` with each `{name}` replaced by `value(name)`; `Err(name)` for the first placeholder
/// without a value. Other braces are kept as written.
fn substitute(text: &str, mut value: impl FnMut(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| &after[..close]) {
            Some(name) if is_placeholder(name) => {
                out.push_str(&value(name).ok_or_else(|| name.to_string())?);
                rest = &after[name.len() + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

fn is_placeholder(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The placeholders `text` uses.
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let _ = substitute(text, |name| {
        found.insert(name.to_string());
        Some(String::new())
    });
    found
}

/// The built-in English strings, for unit tests of code that words things.
#[cfg(test)]
pub(crate) fn built_in_en() -> Strings {
    group(REFERENCE, builtin_reference())
}

/// Every language's strings a site needs, by language.
#[derive(Debug, Default)]
pub(crate) struct Catalogue {
    by_lang: BTreeMap<String, Strings>,
}

impl Catalogue {
    /// The strings of `lang`, if its file was found and loaded.
    pub(crate) fn get(&self, lang: &str) -> Option<&Strings> {
        self.by_lang.get(lang)
    }
}

/// One strings file as read: its path as shown, and its text.
pub(super) struct StringsFile {
    pub(super) origin: PathBuf,
    pub(super) text: String,
}

/// One key of a parsed file: the byte offset of its line and its text.
type Parsed = BTreeMap<String, (usize, String)>;

/// Loads the strings of `languages` (and of `en`, the reference) from `files` (by language,
/// the last found of the built-in theme and the site's theme folders). Problems come back as
/// diagnostics; `config` is where a missing language's error points (`language` in
/// `site.toml`).
pub(super) fn load(
    files: &BTreeMap<String, StringsFile>,
    languages: &[&str],
    config: Located<'_>,
) -> (Catalogue, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let reference = files.get(REFERENCE).map(|f| parse(f, &mut diags));
    let reference = reference.unwrap_or_default();
    let built_in = builtin_reference();
    if let Some(file) = files.get(REFERENCE) {
        let src = located(file);
        for key in built_in.keys().filter(|k| !reference.contains_key(*k)) {
            diags.push(src.error(0, missing(key, &file.origin)));
        }
    }
    let mut catalogue = Catalogue::default();
    // Each file is checked once, however many languages read it: (parsed, complete).
    let mut checked: BTreeMap<&str, (Parsed, bool)> = BTreeMap::new();
    let wanted: BTreeSet<&str> = languages.iter().copied().chain([REFERENCE]).collect();
    for lang in wanted {
        // `en-GB` reads `en-GB.toml`, else `en.toml` (BCP 47 lookup by the primary language).
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        let Some((found, file)) = [lang, primary]
            .into_iter()
            .find_map(|l| files.get_key_value(l).map(|(k, f)| (k.as_str(), f)))
        else {
            diags.push(no_file(config, lang));
            continue;
        };
        let (parsed, complete) = checked.entry(found).or_insert_with(|| {
            let parsed = match found {
                REFERENCE => reference.clone(),
                _ => parse(file, &mut diags),
            };
            let problems = compare(&reference, &parsed, found, file);
            let complete = problems.is_empty() || found == REFERENCE;
            diags.extend(problems);
            (parsed, complete)
        });
        if *complete {
            let strings = group(lang, parsed.clone());
            catalogue.by_lang.insert(lang.to_string(), strings);
        }
    }
    (catalogue, diags)
}

/// The built-in `en.toml`, parsed (it always parses: a test says so).
fn builtin_reference() -> Parsed {
    let file = StringsFile {
        origin: PathBuf::from("<built-in>/strings/en.toml"),
        text: BUILT_IN[0].1.to_string(),
    };
    parse(&file, &mut Vec::new())
}

fn located(file: &StringsFile) -> Located<'_> {
    Located {
        path: &file.origin,
        text: &file.text,
    }
}

/// The keys and texts of one strings file; a syntax error, a table or a value that is not text
/// is a diagnostic at its place.
fn parse(file: &StringsFile, diags: &mut Vec<Diagnostic>) -> Parsed {
    let src = located(file);
    let table: BTreeMap<String, toml::Spanned<toml::Value>> = match toml::from_str(&file.text) {
        Ok(table) => table,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            diags.push(src.error(at, format!("strings: {}", e.message().trim())));
            return Parsed::new();
        }
    };
    let mut parsed = Parsed::new();
    for (key, value) in table {
        let at = crate::tomlpos::key_offset(&file.text, &key);
        match value.get_ref() {
            toml::Value::String(text) => {
                parsed.insert(key, (at, text.clone()));
            }
            _ => diags.push(src.error(
                value.span().start,
                format!("`{key}` must be text in quotes: a strings file is one flat list of `key = \"text\"`"),
            )),
        }
    }
    parsed
}

/// Splits `key` into its base and plural form (`leaflet_link_one` → `leaflet_link`, `one`).
fn plural_form(key: &str) -> Option<(&str, &'static str)> {
    FORMS
        .iter()
        .find_map(|form| Some((key.strip_suffix(form)?.strip_suffix('_')?, *form)))
}

/// The bases of `parsed`'s plural keys: those with an `_other` form.
fn plural_bases(parsed: &Parsed) -> BTreeSet<&str> {
    (parsed.keys())
        .filter_map(|k| {
            plural_form(k)
                .filter(|(_, f)| *f == "other")
                .map(|(b, _)| b)
        })
        .collect()
}

/// `parsed` (the file of `lang`) against the reference: each missing key, unknown key and
/// unknown placeholder.
fn compare(reference: &Parsed, parsed: &Parsed, lang: &str, file: &StringsFile) -> Vec<Diagnostic> {
    let src = located(file);
    let bases = plural_bases(reference);
    let needed = forms_needed(lang);
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (key, (_, text)) in reference {
        let name = match plural_form(key).filter(|(b, _)| bases.contains(b)) {
            Some((base, _)) => base.to_string(),
            None => key.clone(),
        };
        expected.entry(name).or_default().extend(placeholders(text));
    }
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    for name in expected.keys() {
        match bases.contains(name.as_str()) {
            true => wanted.extend(needed.iter().map(|f| format!("{name}_{f}"))),
            false => {
                wanted.insert(name.clone());
            }
        }
    }
    let mut diags: Vec<Diagnostic> = (wanted.iter())
        .filter(|k| !parsed.contains_key(*k))
        .map(|k| src.error(0, missing(k, &file.origin)))
        .collect();
    for (key, (at, text)) in parsed {
        if !wanted.contains(key) {
            diags.push(src.error(*at, unknown(key, lang, &bases)));
            continue;
        }
        let name = plural_form(key)
            .filter(|(b, _)| bases.contains(b))
            .map_or(key.as_str(), |(b, _)| b);
        let allowed = expected.get(name).cloned().unwrap_or_default();
        if let Some(extra) = placeholders(text).difference(&allowed).next() {
            let known: Vec<String> = allowed.iter().map(|p| format!("`{{{p}}}`")).collect();
            let known = match known.is_empty() {
                true => "it has none".to_string(),
                false => format!("it has {}", known.join(", ")),
            };
            diags.push(src.error(*at, format!("`{key}` uses the placeholder `{{{extra}}}`, which `{REFERENCE}.toml` does not give this text ({known})")));
        }
    }
    diags
}

fn missing(key: &str, file: &Path) -> String {
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    format!(
        "`{name}` has no `{key}`: every key of `{REFERENCE}.toml` needs a text in each language (add `{key} = \"…\"`)"
    )
}

fn unknown(key: &str, lang: &str, bases: &BTreeSet<&str>) -> String {
    match plural_form(key).filter(|(b, _)| bases.contains(b)) {
        Some((base, form)) => {
            let forms: Vec<String> = forms_needed(lang)
                .iter()
                .map(|f| format!("`{base}_{f}`"))
                .collect();
            format!(
                "unknown key `{key}`: the language `{lang}` has no `{form}` plural form; it needs {}",
                forms.join(", ")
            )
        }
        None => {
            format!("unknown key `{key}`: `{REFERENCE}.toml` has no such key (is it misspelt?)")
        }
    }
}

/// The error for a site language with no strings file, at `language` in `site.toml`.
fn no_file(config: Located<'_>, lang: &str) -> Diagnostic {
    config.error(
        crate::tomlpos::key_offset(config.text, "language"),
        format!("the theme has no strings for the language `{lang}`: add `themes/default/strings/{lang}.toml` (a copy of the built-in `{REFERENCE}.toml` with every text translated) or set `language` to one it has"),
    )
}

/// `parsed` split into plain texts and plural forms.
fn group(lang: &str, parsed: Parsed) -> Strings {
    let bases: BTreeSet<String> = plural_bases(&parsed)
        .into_iter()
        .map(String::from)
        .collect();
    let mut strings = Strings {
        lang: lang.to_string(),
        texts: BTreeMap::new(),
        plurals: BTreeMap::new(),
    };
    for (key, (_, text)) in parsed {
        match plural_form(&key).filter(|(b, _)| bases.contains(*b)) {
            Some((base, form)) => {
                let base = base.to_string();
                strings.plurals.entry(base).or_default().insert(form, text);
            }
            None => {
                strings.texts.insert(key, text);
            }
        }
    }
    strings
}

/// The `fill` filter: `{{ t.key | fill(name=value, …) }}` fills the text's `{name}`
/// placeholders; for a text with plural forms, `n` picks the form (by the language's CLDR
/// rules). A placeholder without a value is an error naming it.
pub(super) fn fill(
    value: &tera::Value,
    args: &HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(text) => text.clone(),
        tera::Value::Object(forms) => {
            let n = args.get("n").and_then(tera::Value::as_u64).ok_or_else(|| {
                tera::Error::msg("`fill` needs `n=` (a whole number) to choose among plural forms")
            })?;
            let lang = forms
                .get("lang")
                .and_then(tera::Value::as_str)
                .unwrap_or(REFERENCE);
            let forms: BTreeMap<&'static str, String> = FORMS
                .iter()
                .filter_map(|f| Some((*f, forms.get(*f)?.as_str()?.to_string())))
                .collect();
            pick(lang, &forms, n)
                .cloned()
                .ok_or_else(|| tera::Error::msg("a plural text has no `other` form"))?
        }
        _ => return Err(tera::Error::msg("`fill` is for theme strings (`t.…`)")),
    };
    substitute(&text, |name| {
        args.get(name).map(|v| match v {
            tera::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    })
    .map(tera::Value::String)
    .map_err(|name| tera::Error::msg(format!("the text \"{text}\" has a placeholder `{{{name}}}` that `fill` was not given: add `{name}=…`")))
}

#[cfg(test)]
mod tests;
