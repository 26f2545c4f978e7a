//! Template views: typed, serialisable structs that borrow from the site, one per page kind.

use super::care_view;
use super::sections::{self, Crumb, SectionNav};
use crate::care::CareLevel;
use crate::images::Images;
use crate::paths::url_of;
use crate::site::{Page, Site};
use crate::templates::Strings;
use serde::Serialize;

/// Site-wide values every template sees as `site`.
#[derive(Debug, Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    /// The language of the pages rendered with this view (`<html lang>`).
    pub(super) language: &'a str,
    /// `ltr` or `rtl` (`<html dir>`).
    pub(super) dir: &'static str,
    /// The home page in this language (`index.html`, `cy/index.html`), from the root.
    pub(super) home_url: String,
    /// The A–Z in this language (`a-z.html`, `cy/a-z.html`), from the root.
    pub(super) az_url: String,
    pub(super) emergency_number: &'a str,
    /// "Call 999 or go to A&E": the banner on every page.
    pub(super) emergency_advice: String,
    /// "If you are worried, contact …": the footer and the 404 page.
    pub(super) worried_advice: &'a str,
    pub(super) emergency_url: Option<String>,
    pub(super) about_url: Option<String>,
    pub(super) base_url: Option<&'a str>,
    /// The Content-Security-Policy, for the `<meta http-equiv>` in `base.html`.
    pub(super) csp: String,
    pub(super) checks: Vec<CheckLink<'a>>,
    /// Top-level sections, for the main navigation.
    pub(super) sections: Vec<Crumb>,
    /// "Causes A to Z" when the site has causes (the A–Z lists them), else "A to Z" (it lists
    /// every page).
    pub(super) az_title: &'a str,
    /// The resized images, for the `<img>` tags of bodies.
    #[serde(skip)]
    pub(super) images: &'a Images,
    /// The theme's words in the site's language (`t` in templates).
    #[serde(skip)]
    pub(super) strings: &'a Strings,
}

/// A link to a symptom checker.
#[derive(Debug, Serialize)]
pub(super) struct CheckLink<'a> {
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) url: String,
}

impl<'a> CheckLink<'a> {
    /// A link to the first page of `tree`.
    fn of(tree: &'a crate::tree::Tree) -> CheckLink<'a> {
        CheckLink {
            title: &tree.title,
            summary: &tree.summary,
            url: url_of(&tree.output_dir().join("index.html")),
        }
    }
}

impl<'a> SiteView<'a> {
    pub(super) fn new(site: &'a Site, images: &'a Images, strings: &'a Strings) -> SiteView<'a> {
        let about = site.page(std::path::Path::new("about.md"));
        SiteView {
            title: &site.config.title,
            language: &site.config.language,
            dir: site.config.dir_of(&site.config.language).attr(),
            home_url: "index.html".to_string(),
            az_url: crate::paths::AZ_PAGE.to_string(),
            emergency_number: &site.config.emergency_number,
            emergency_advice: site.config.emergency_advice(),
            worried_advice: site.config.worried_advice(),
            emergency_url: site
                .outcome(CareLevel::Emergency)
                .map(|p| url_of(&p.output())),
            about_url: about.map(|p| url_of(&p.output())),
            base_url: site.config.base_url.as_deref(),
            csp: site.config.content_security_policy(),
            checks: site.trees.iter().map(CheckLink::of).collect(),
            sections: sections::nav(site),
            az_title: az_title(site, strings),
            images,
            strings,
        }
    }

    /// The view for the pages of the translation into `lang`: its language and direction, and
    /// links to the home, about and emergency pages in that language where they are translated
    /// (the source pages where not).
    pub(super) fn for_language(
        site: &'a Site,
        images: &'a Images,
        lang: &'a str,
        strings: &'a Strings,
    ) -> SiteView<'a> {
        let in_lang = |source: &std::path::Path, fallback: Option<String>| {
            site.translation(source, lang)
                .map(|p| url_of(&p.output()))
                .or(fallback)
        };
        let base = SiteView::new(site, images, strings);
        let emergency = site.outcome(CareLevel::Emergency).map(|p| p.source.clone());
        let words = site.config.languages.get(lang);
        SiteView {
            title: words.and_then(|w| w.title.as_deref()).unwrap_or(base.title),
            emergency_advice: words
                .and_then(|w| w.emergency_advice.clone())
                .unwrap_or_else(|| base.emergency_advice.clone()),
            worried_advice: words
                .and_then(|w| w.worried_advice.as_deref())
                .unwrap_or(base.worried_advice),
            language: lang,
            dir: site.config.dir_of(lang).attr(),
            home_url: in_lang(
                std::path::Path::new("index.md"),
                Some(base.home_url.clone()),
            )
            .unwrap_or_default(),
            // Every language with a translated page or checker has its A–Z (`render::az`).
            az_url: crate::paths::url_of(&std::path::Path::new(lang).join(crate::paths::AZ_PAGE)),
            about_url: in_lang(std::path::Path::new("about.md"), base.about_url.clone()),
            emergency_url: match emergency {
                Some(source) => in_lang(&source, base.emergency_url.clone()),
                None => None,
            },
            checks: (site.trees.iter())
                .map(|t| {
                    let mut shown = site.translations_of_tree(&t.source);
                    shown.find(|tr| tr.lang() == Some(lang)).unwrap_or(t)
                })
                .map(CheckLink::of)
                .collect(),
            ..base
        }
    }
}

/// A version of a page in one language, for the language switcher and `hreflang` links.
#[derive(Debug, Serialize)]
pub(super) struct Version<'a> {
    /// Its language tag.
    pub(super) lang: &'a str,
    /// The language's name in that language.
    pub(super) name: &'a str,
    /// Its address: absolute under `base_url`, else relative to the page showing it.
    pub(super) href: String,
    /// Whether it is the page showing the list.
    pub(super) current: bool,
}

/// What a translated page tells its reader about its source.
#[derive(Debug, Serialize)]
pub(super) struct TranslationNotice<'a> {
    /// Whether the source changed since the translation was brought up to date with it.
    pub(super) stale: bool,
    /// The source page, relative to the translated page.
    pub(super) source_href: String,
    /// The source language's name in that language ("English").
    pub(super) source_language: &'a str,
    /// The source language's tag.
    pub(super) source_lang: &'a str,
}

/// A translated page's care card leads to the outcome page in its language, where that is
/// translated (with that page's title as the call to action).
fn in_language(site: &Site, t: &Strings, page: &Page, care: CareLevel, card: CareView) -> CareView {
    let translated = (page.translation.as_ref())
        .zip(site.outcome(care))
        .and_then(|(t, outcome)| site.translation(&outcome.source, &t.lang));
    let Some(tr) = page.translation.as_ref() else {
        return card;
    };
    match translated {
        Some(outcome) => CareView {
            action: outcome.front.title.clone(),
            url: Some(url_of(&outcome.output())),
            ..card
        },
        // The source outcome page's title is in the source language: the call to action in
        // the page's language (the site's, else the theme's) says it to this reader.
        None => CareView {
            action: super::care_action(site, t, &tr.lang, care),
            ..card
        },
    }
}

/// Every language version of `page` (its source and the source's translations), or none when
/// it has no other version.
pub(super) fn versions<'a>(site: &'a Site, page: &'a Page) -> Vec<Version<'a>> {
    let all = site.versions_of(page);
    let here = page.output_dir();
    all.into_iter()
        .map(|p| {
            let lang = p.lang(site);
            let out = p.output();
            Version {
                lang,
                name: site.config.language_name(lang),
                href: match site.config.base_url.as_deref() {
                    Some(base) => format!("{}/{}", base.trim_end_matches('/'), url_of(&out)),
                    None => crate::paths::relative_url(&here, &out),
                },
                current: std::ptr::eq(p, page),
            }
        })
        .collect()
}

/// The notice on a translated page: where its source is, and whether it is behind it.
pub(super) fn notice<'a>(site: &'a Site, page: &Page) -> Option<TranslationNotice<'a>> {
    let t = page.translation.as_ref()?;
    let source = site.page(&t.of)?;
    let lang = site.config.language.as_str();
    Some(TranslationNotice {
        stale: t.stale.is_some(),
        source_href: crate::paths::relative_url(&page.output_dir(), &source.output()),
        source_language: site.config.language_name(lang),
        source_lang: lang,
    })
}

/// The A–Z's title: what it lists.
pub(super) fn az_title<'a>(site: &Site, strings: &'a Strings) -> &'a str {
    let key = match site.causes().next() {
        Some(_) => "az_title_causes",
        None => "az_title_all",
    };
    strings.text(key)
}

/// A care level as shown on a card.
#[derive(Debug, Clone, Serialize)]
pub(super) struct CareView {
    pub(super) key: &'static str,
    pub(super) label: String,
    pub(super) action: String,
    pub(super) url: Option<String>,
}

/// An article as `page`.
#[derive(Debug, Serialize)]
pub(super) struct PageView<'a> {
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) body: String,
    pub(super) reviewed: String,
    pub(super) next_review: String,
    pub(super) care: Option<CareView>,
    pub(super) also_called: &'a [String],
    pub(super) sources: Vec<SourceView<'a>>,
    pub(super) url: String,
    /// The sections that hold the page, outermost first (empty outside sections).
    pub(super) breadcrumb: Vec<Crumb>,
    /// Its section and the pages before and after it there.
    pub(super) section: Option<SectionNav>,
    /// Its clinical sign-off, while that still matches the text: the footer shows it.
    pub(super) signed_off: Option<SignedOff<'a>>,
    /// Its printed leaflet, when it has one: "Printable leaflet (PDF, 2 pages, 84 KB)".
    pub(super) leaflet: Option<crate::print::LeafletLink>,
    /// The page in every language it is published in (empty when only one).
    pub(super) versions: Vec<Version<'a>>,
    /// For a translation: its source, and whether it is behind it.
    pub(super) translation: Option<TranslationNotice<'a>>,
}

/// A clinical sign-off as the footer shows it: "Reviewed by <role> on <date>".
#[derive(Debug, Clone, Serialize)]
pub(super) struct SignedOff<'a> {
    pub(super) role: &'a str,
    pub(super) date: String,
}

impl<'a> SignedOff<'a> {
    /// The current approval of `source`, if any, dated in the words of `t`.
    pub(super) fn of(
        site: &'a Site,
        source: &std::path::Path,
        t: &Strings,
    ) -> Option<SignedOff<'a>> {
        crate::approval::current(site, source).map(|e| SignedOff {
            role: &e.role,
            date: t.date(e.date),
        })
    }
}

/// A source as shown under "Sources".
#[derive(Debug, Serialize)]
pub(super) struct SourceView<'a> {
    title: &'a str,
    publisher: &'a str,
    url: &'a str,
    accessed: String,
}

impl<'a> SourceView<'a> {
    /// `sources`, dated in the words of `t`.
    pub(super) fn list(
        sources: &'a [crate::front_matter::Source],
        t: &Strings,
    ) -> Vec<SourceView<'a>> {
        sources
            .iter()
            .map(|s| SourceView {
                title: &s.title,
                publisher: &s.publisher,
                url: &s.url,
                accessed: t.date(s.accessed),
            })
            .collect()
    }
}

impl<'a> PageView<'a> {
    /// The view of `page`, whose body as HTML is `body`, in the words of `t`.
    pub(super) fn new(site: &'a Site, page: &'a Page, body: String, t: &Strings) -> PageView<'a> {
        PageView {
            title: &page.front.title,
            summary: &page.front.summary,
            body,
            reviewed: t.date(page.front.reviewed),
            next_review: t.date(page.front.next_review),
            // A page that names a service shows it as its own badge.
            care: page.front.care.map(|c| {
                let card = CareView {
                    label: super::care_badge(site, t, page.lang(site), page, c),
                    ..care_view(site, t, page.lang(site), c)
                };
                in_language(site, t, page, c, card)
            }),
            also_called: &page.front.also_called,
            sources: SourceView::list(&page.front.sources, t),
            url: url_of(&page.output()),
            breadcrumb: match page.source.parent() {
                Some(dir) => sections::breadcrumb(site, dir),
                None => Vec::new(),
            },
            section: site
                .index_of(&page.source)
                .and_then(|i| sections::section_nav(site, i)),
            signed_off: SignedOff::of(site, &page.source, t),
            leaflet: None,
            versions: versions(site, page),
            translation: notice(site, page),
        }
    }
}

pub(super) use crate::front_matter::human_date;
