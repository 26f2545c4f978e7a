//! The values the template reads (`/leaflet.json`): the page's content, which alone decides the
//! leaflet's version, and the site's print settings around it.

use super::Card;
use super::doc::Block;
use super::resolve::Resolver;
use crate::paths::url_of;
use crate::site::{Page, Site};
use crate::templates::Strings;
use serde::Serialize;

/// What the page says: its version is a hash of this.
#[derive(Debug, Serialize)]
pub(super) struct Content<'a> {
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    /// Other names for the topic ("Also called: …").
    pub(super) also_called: &'a [String],
    /// Whether the page describes a possible cause (the leaflet then says, as the page does,
    /// that only a health professional can tell what is causing the symptoms).
    pub(super) is_cause: bool,
    pub(super) care: Option<Card<'a>>,
    pub(super) emergency: Emergency<'a>,
    pub(super) body: Vec<Block>,
    pub(super) sources: Vec<SourceData<'a>>,
    pub(super) reviewed: String,
    pub(super) next_review: String,
    /// The leaflet's reference: `leaflet_id`, or derived from the page's path.
    pub(super) reference: String,
}

/// The emergency box: the site's advice ("Emergency? Call 999 or go to A&E.") and the signs of
/// an emergency.
#[derive(Debug, Serialize)]
pub(super) struct Emergency<'a> {
    pub(super) text: String,
    pub(super) signs: &'a [Block],
}

/// A source as the leaflet lists it.
#[derive(Debug, Serialize)]
pub(super) struct SourceData<'a> {
    title: &'a str,
    publisher: &'a str,
    url: &'a str,
    accessed: String,
}

/// The page's content as the leaflet prints it, with dates in the words of `t` (the page's
/// language).
pub(super) fn content<'a>(
    site: &'a Site,
    page: &'a Page,
    (care, signs): (Option<Card<'a>>, &'a [Block]),
    body: Vec<Block>,
    t: &Strings,
) -> Content<'a> {
    let front = &page.front;
    let lang = page.lang(site);
    let advice = (lang != site.config.language)
        .then(|| {
            site.config
                .languages
                .get(lang)
                .and_then(|l| l.emergency_advice.clone())
        })
        .flatten()
        .unwrap_or_else(|| site.config.emergency_advice());
    Content {
        title: &front.title,
        summary: &front.summary,
        also_called: &front.also_called,
        is_cause: page.kind == crate::site::PageKind::Cause,
        care,
        emergency: Emergency {
            text: t.fill("emergency_banner", &[("advice", &advice)]),
            signs,
        },
        body,
        sources: (front.sources.iter())
            .map(|s| SourceData {
                title: &s.title,
                publisher: &s.publisher,
                url: &s.url,
                accessed: t.fill("leaflet_source_read", &[("date", &t.date(s.accessed))]),
            })
            .collect(),
        reviewed: t.date(front.reviewed),
        next_review: t.date(front.next_review),
        reference: reference(page),
    }
}

/// The leaflet's reference: `leaflet_id`, or derived from the page's path; a translation's is
/// its source's with the language (`CAUSES-SCIATICA-CY`).
fn reference(page: &Page) -> String {
    let source = page.translation.as_ref().map_or(&page.source, |t| &t.of);
    let own = (page.front.leaflet_id.clone()).unwrap_or_else(|| derived_reference(source));
    match &page.translation {
        Some(t) => format!("{own}-{}", t.lang.to_uppercase()),
        None => own,
    }
}

/// A reference made from the page's path: `causes/sciatica.md` → `CAUSES-SCIATICA`.
pub(super) fn derived_reference(source: &std::path::Path) -> String {
    let stem = source.with_extension("");
    (stem.components())
        .map(|c| c.as_os_str().to_string_lossy().to_uppercase())
        .collect::<Vec<_>>()
        .join("-")
}

/// Everything the template reads.
#[derive(Debug, Serialize)]
pub(super) struct Data<'a> {
    #[serde(flatten)]
    pub(super) content: Content<'a>,
    version: String,
    lang: String,
    region: Option<String>,
    /// The direction of the text: `rtl` for a right-to-left language, else `ltr`.
    dir: &'static str,
    /// Whether the pages are padded to a multiple of 4 for a folded booklet (A5).
    booklet: bool,
    /// Body text size in points.
    size: f64,
    paper: &'static str,
    publisher: &'a str,
    contact: Option<&'a str>,
    logo: Option<String>,
    /// The page's address online, with the short form printed under the QR code.
    url: Option<String>,
    short_url: Option<String>,
    qr: Option<&'static str>,
    /// The QR code's drawing (served as `/qr.svg`, not part of the JSON).
    #[serde(skip)]
    pub(super) qr_svg: Option<String>,
    /// The leaflet's own words in the page's language (the theme's strings).
    words: Words,
}

/// The words the template prints around the page's content, filled in.
#[derive(Debug, Serialize)]
struct Words {
    also_called: String,
    cause_disclaimer: String,
    signs: String,
    sources: String,
    online: String,
    /// "Page {page} of {pages}": the template puts the numbers in.
    page: String,
    reference: String,
    reviewed: String,
    qr_alt: String,
}

impl Words {
    fn new(t: &Strings, content: &Content<'_>, version: &str) -> Words {
        let text = |key: &str| t.text(key).to_string();
        Words {
            also_called: text("also_called"),
            cause_disclaimer: text("leaflet_cause_disclaimer"),
            signs: text("leaflet_signs"),
            sources: text("sources_heading"),
            online: text("leaflet_online"),
            page: text("leaflet_page"),
            reference: t.fill(
                "leaflet_reference",
                &[("reference", &content.reference), ("version", version)],
            ),
            reviewed: t.fill(
                "leaflet_reviewed",
                &[
                    ("reviewed", &content.reviewed),
                    ("next_review", &content.next_review),
                ],
            ),
            qr_alt: text("leaflet_qr_alt"),
        }
    }
}

impl<'a> Data<'a> {
    pub(super) fn new(
        site: &'a Site,
        page: &Page,
        content: Content<'a>,
        (version, t): (&str, &Strings),
        resolve: &Resolver<'_>,
    ) -> Data<'a> {
        let print = &site.config.print;
        let (lang, region) = language(page.lang(site));
        let words = Words::new(t, &content, version);
        let url = (site.config.base_url.as_deref())
            .map(|base| format!("{}/{}", base.trim_end_matches('/'), url_of(&page.output())));
        let qr_svg = url.as_deref().and_then(qr_svg);
        Data {
            content,
            version: version.to_string(),
            dir: direction(&lang),
            lang,
            region,
            booklet: print.paper == crate::config::Paper::A5,
            size: match print.paper {
                crate::config::Paper::A4 => 12.0,
                crate::config::Paper::A5 => 11.0,
            },
            paper: print.paper.typst_name(),
            publisher: print.publisher.as_deref().unwrap_or(&site.config.title),
            contact: print.contact.as_deref(),
            logo: resolve.logo_name(),
            short_url: url.as_deref().map(short_url),
            qr: qr_svg.as_ref().map(|_| "/qr.svg"),
            qr_svg,
            url,
            words,
        }
    }
}

/// The template's data as JSON, every string without control characters (but line breaks and
/// tabs): they have no glyph in any font, and PDF/UA-1 refuses text it cannot show, so one stray
/// character pasted into an article (U+0004, say) would cost the whole leaflet.
pub(super) fn json_of(data: &impl Serialize) -> serde_json::Result<Vec<u8>> {
    let mut value = serde_json::to_value(data)?;
    printable(&mut value);
    serde_json::to_vec(&value)
}

fn printable(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) if s.chars().any(unprintable) => s.retain(|c| !unprintable(c)),
        serde_json::Value::Array(items) => items.iter_mut().for_each(printable),
        serde_json::Value::Object(map) => map.values_mut().for_each(printable),
        _ => {}
    }
}

fn unprintable(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// A BCP 47 tag as Typst's language and region (`en-GB` → `en`, `GB`); `und` (undetermined)
/// when the tag does not start with a language code Typst accepts.
pub(super) fn language(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split(['-', '_']);
    let lang = parts.next().unwrap_or_default();
    if !(2..=3).contains(&lang.len()) || !lang.chars().all(|c| c.is_ascii_alphabetic()) {
        return ("und".into(), None);
    }
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    (lang.to_ascii_lowercase(), region)
}

/// The direction a language is written in: `rtl` for the languages written right to left in
/// their usual script (Arabic, Persian, Urdu, Pashto, Sindhi, Kurdish (Sorani), Uyghur,
/// Hebrew, Yiddish, Dhivehi, Syriac), else `ltr`. `lang` is a lower-case language code.
pub(super) fn direction(lang: &str) -> &'static str {
    crate::config::Direction::of(lang).attr()
}

/// The address as printed: no scheme, no `www.`.
pub(super) fn short_url(url: &str) -> String {
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
    bare.strip_prefix("www.").unwrap_or(bare).to_string()
}

/// The QR code of `url` as SVG, with its quiet zone.
#[cfg(feature = "print")]
fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .quiet_zone(true)
            .min_dimensions(200, 200)
            .build(),
    )
}

#[cfg(not(feature = "print"))]
fn qr_svg(_: &str) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_never_reach_the_template() {
        let data = serde_json::json!({"title": "Some te\u{4}\u{4}xt\u{7f}\u{85}.", "list": ["a\tb\nc\u{1b}"]});
        let json = String::from_utf8(super::json_of(&data).unwrap()).unwrap();
        assert_eq!(json, r#"{"title":"Some text.","list":["a\tb\nc"]}"#);
    }

    use super::*;

    #[test]
    fn right_to_left_languages_are_set_right_to_left() {
        for tag in ["ar", "ar-EG", "fa-IR", "ur", "he", "ckb"] {
            assert_eq!(direction(&language(tag).0), "rtl", "{tag}");
        }
        for tag in ["en-GB", "cy", "fr", "pl", "und", "arn", "not a tag"] {
            assert_eq!(direction(&language(tag).0), "ltr", "{tag}");
        }
    }
}
