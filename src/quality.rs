//! Quality figures for every rendered page, computed after rendering: weight (HTML plus the
//! stylesheets it links) against `page_weight_budget` (a tree's sign-off pages, its steps and
//! its disposition table, against `steps_page_weight_budget`), and readability (Flesch-Kincaid,
//! SMOG) of the body text against `max_grade` (not for the disposition table, which is for
//! clinicians). Pages over either target get a warning at their source.

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::paths::display_path;
use crate::paths::url_of;
use crate::readability::{Readability, text_of_html};
use crate::render::{Held, OutputFile};
use memchr::memmem;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Below this many words the formulas say little (a heading and a line), so no warning is given;
/// the figures are still reported.
pub(crate) const MIN_WORDS_TO_JUDGE: usize = 30;

/// Figures for one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageQuality {
    /// Output path, relative to the output folder.
    pub path: PathBuf,
    /// Bytes of HTML.
    pub html_bytes: usize,
    /// Bytes of the stylesheets the page links.
    pub css_bytes: usize,
    /// Bytes of the images the page shows (`<img src>` in the site).
    pub img_bytes: usize,
    /// Readability of the body text (articles and checker pages in English only).
    pub readability: Option<Readability>,
    /// The language of a page that would be scored but is not, because the formulas
    /// (Flesch-Kincaid, SMOG) were made for English: "not measured".
    pub unmeasured: Option<String>,
}

impl PageQuality {
    /// HTML, CSS and images: what a first visit downloads.
    pub fn weight(&self) -> usize {
        self.html_bytes + self.css_bytes + self.img_bytes
    }
}

/// Weighs and scores every page; returns the figures (sorted by path) and the warnings.
#[cfg(test)]
fn assess(files: &[OutputFile], config: &SiteConfig) -> (Vec<PageQuality>, Vec<Diagnostic>) {
    let sizes: BTreeMap<String, usize> = files
        .iter()
        .map(|f| (url_of(&f.path), f.bytes.len()))
        .collect();
    let unplaced = |source: &Path, _: &str, message: String| {
        crate::diagnostics::file_warning(&display_path(source), message)
    };
    assess_with(files, &sizes, config, &unplaced)
}

/// Makes the warning about an image a page shows (its source, the image's URL from the site
/// root, the message), at the element that shows it when it can be found.
pub(crate) type ImageWarning<'a> = dyn Fn(&Path, &str, String) -> Diagnostic + Sync + 'a;

/// Weighs and scores the pages among `files`, counting linked stylesheets by their sizes in
/// `sizes` (bytes by URL relative to the site root); figures come in the order of `files`.
pub(crate) fn assess_with(
    files: &[OutputFile],
    sizes: &BTreeMap<String, usize>,
    config: &SiteConfig,
    image_warning: &ImageWarning<'_>,
) -> (Vec<PageQuality>, Vec<Diagnostic>) {
    let assessed: Vec<(PageQuality, Vec<Diagnostic>)> = files
        .par_iter()
        .filter(|f| f.is_page)
        .map(|file| {
            let html = crate::fs::lossy_text(&file.bytes);
            let css_bytes = stylesheets(&html, &file.path)
                .iter()
                .filter_map(|u| sizes.get(u))
                .sum();
            let images: Vec<(String, usize)> = referenced(&html, &file.path, "<img", "src")
                .into_iter()
                .filter_map(|u| sizes.get(&u).map(|&n| (u, n)))
                .collect();
            let scored = file.source.is_some() && file.held != Held::Table;
            let lang = page_lang(&html).filter(|l| !is_english(l));
            let readability = (scored && lang.is_none())
                .then(|| Readability::of(&text_of_html(&body_text(&html))))
                .flatten();
            let q = PageQuality {
                path: file.path.clone(),
                html_bytes: file.bytes.len(),
                css_bytes,
                img_bytes: images.iter().map(|(_, n)| n).sum(),
                readability,
                unmeasured: lang.filter(|_| scored).map(str::to_string),
            };
            let warnings = file
                .source
                .as_ref()
                .map(|s| judge(&q, file.held, &images, s, (config, image_warning)))
                .unwrap_or_default();
            (q, warnings)
        })
        .collect();
    let mut figures = Vec::with_capacity(assessed.len());
    let mut warnings: BTreeSet<Diagnostic> = leaflet_warnings(files, config).collect();
    for (q, w) in assessed {
        figures.push(q);
        warnings.extend(w);
    }
    (figures, warnings.into_iter().collect())
}

/// A warning at its article for each printed leaflet over `pdf_weight_budget` or over the
/// paper's page limit (4 pages of A4, 8 of A5).
fn leaflet_warnings<'a>(
    files: &'a [OutputFile],
    config: &'a SiteConfig,
) -> impl Iterator<Item = Diagnostic> + 'a {
    files.iter().flat_map(move |file| {
        let (Held::Leaflet { pages }, Some(source)) = (file.held, &file.source) else {
            return Vec::new();
        };
        let warn =
            |message: String| crate::diagnostics::file_warning(&display_path(source), message);
        let pdf = url_of(&file.path);
        let mut out = Vec::new();
        let budget = config.pdf_weight_budget;
        if file.bytes.len() > budget {
            out.push(warn(format!(
                "the printed leaflet `{pdf}` weighs {} bytes, over the budget of {budget} (`pdf_weight_budget`): use smaller images",
                file.bytes.len()
            )));
        }
        let paper = config.print.paper;
        if pages > paper.page_limit() {
            out.push(warn(format!(
                "the printed leaflet `{pdf}` has {pages} pages, more than {} of {paper:?}: split the article or shorten it",
                paper.page_limit()
            )));
        }
        out
    })
}

fn judge(
    q: &PageQuality,
    held: Held,
    images: &[(String, usize)],
    source: &Path,
    (config, image_warning): (&SiteConfig, &ImageWarning<'_>),
) -> Vec<Diagnostic> {
    let warn = |message: String| crate::diagnostics::file_warning(&display_path(source), message);
    let mut out = Vec::new();
    let page = url_of(&q.path);
    let (budget, key) = match held {
        Held::Steps | Held::Table => (config.steps_page_weight_budget, "steps_page_weight_budget"),
        Held::Reading | Held::Leaflet { .. } => (config.page_weight_budget, "page_weight_budget"),
    };
    if q.weight() > budget {
        let images = match q.img_bytes {
            0 => String::new(),
            n => format!(" + images {n}"),
        };
        out.push(warn(format!(
            "`{page}` weighs {} bytes (HTML {} + CSS {}{images}), over the budget of {budget} (`{key}`)",
            q.weight(),
            q.html_bytes,
            q.css_bytes
        )));
    }
    for (image, bytes) in images
        .iter()
        .filter(|(_, n)| *n > config.image_weight_budget)
    {
        let message = format!(
            "`{page}` shows `{image}`, which weighs {bytes} bytes, over the budget of {} (`image_weight_budget`): make it smaller (about 1,200 pixels wide is plenty) and save it as JPEG or WebP",
            config.image_weight_budget
        );
        out.push(image_warning(source, image, message));
    }
    let scored = q.readability.filter(|r| r.words >= MIN_WORDS_TO_JUDGE);
    if let Some(r) = scored.filter(|r| r.fk_grade > config.max_grade) {
        out.push(warn(format!(
            "`{page}` reads at Flesch-Kincaid grade {:.1} (SMOG {:.1}), above the target of {} (`max_grade`): try shorter sentences and everyday words",
            r.fk_grade, r.smog, config.max_grade
        )));
    }
    out
}

/// The `<main>` of a page without the parts that are navigation, not reading: the "Your
/// answers" trail and the review dates.
/// The language a page says it is in (`<html lang="…">`).
fn page_lang(html: &str) -> Option<&str> {
    let start = html.find("<html")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let value = tag.split_once(" lang=\"")?.1;
    value.split('"').next()
}

/// Whether a language tag is English, the language the reading-age formulas were made for.
fn is_english(tag: &str) -> bool {
    let primary = tag.split('-').next().unwrap_or(tag);
    primary.eq_ignore_ascii_case("en")
}

fn body_text(html: &str) -> Cow<'_, str> {
    let main = match (
        memmem::find(html.as_bytes(), b"<main"),
        memmem::rfind(html.as_bytes(), b"</main>"),
    ) {
        (Some(a), Some(b)) if a < b => &html[a..b],
        _ => html,
    };
    let mut text = Cow::Borrowed(main);
    for (open, close) in [
        ("<section class=\"trail\"", "</section>"),
        ("<dl class=\"review\"", "</dl>"),
    ] {
        while let Some(a) = memmem::find(text.as_bytes(), open.as_bytes()) {
            let Some(b) = text[a..].find(close) else {
                break;
            };
            text.to_mut().replace_range(a..a + b + close.len(), "");
        }
    }
    text
}

/// The pieces of `html` after each `needle`, each up to the next: what
/// `html.split(needle).skip(1)` yields, found by a vectorised search (these run over every
/// page).
fn after_each<'a>(html: &'a str, needle: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut starts = memmem::find_iter(html.as_bytes(), needle.as_bytes()).peekable();
    std::iter::from_fn(move || {
        let at = starts.next()? + needle.len();
        let end = starts.peek().copied().unwrap_or(html.len());
        html.get(at..end)
    })
}

/// URLs (relative to the site root) of the stylesheets a page links.
fn stylesheets(html: &str, page: &Path) -> Vec<String> {
    let mut urls = Vec::new();
    for tag in after_each(html, "<link").filter_map(|t| t.split('>').next()) {
        if tag.contains("stylesheet") {
            urls.extend(referenced(&format!("<link{tag}>"), page, "<link", "href"));
        }
    }
    urls
}

/// URLs (relative to the site root) that the `attr` of every `tag` on a page names, for the
/// relative ones that stay in the site.
fn referenced(html: &str, page: &Path, tag: &str, attr: &str) -> Vec<String> {
    let dir = page.parent().unwrap_or(Path::new(""));
    let needle = format!(" {attr}=\"");
    after_each(html, tag)
        .filter_map(|t| t.split('>').next())
        .filter_map(|t| t.split(needle.as_str()).nth(1))
        .filter_map(|v| v.split('"').next())
        .filter(|v| !v.contains(':') && !v.starts_with('/'))
        .filter_map(|v| crate::paths::normalise(&dir.join(v)))
        .map(|p| url_of(&p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
            is_page: true,
            source: Some("causes/x.md".into()),
            held: Held::Reading,
        }
    }

    #[test]
    fn pieces_after_each_tag_are_those_split_finds() {
        for html in [
            "",
            "<link",
            "a<link rel=stylesheet href=a.css><link><p>é<link x>",
            "<linklink<link<link",
            "no tags at all, é ü",
        ] {
            let split: Vec<&str> = html.split("<link").skip(1).collect();
            assert_eq!(super::after_each(html, "<link").collect::<Vec<_>>(), split);
        }
    }

    #[test]
    fn weighs_html_plus_linked_css() {
        let html =
            "<link rel=\"stylesheet\" href=\"../style.css\"><main><p>Short words here.</p></main>";
        let css = OutputFile {
            path: "style.css".into(),
            bytes: vec![b'x'; 100],
            is_page: false,
            source: None,
            held: Held::Reading,
        };
        let (figures, warnings) =
            assess(&[page("causes/x.html", html), css], &SiteConfig::default());
        assert_eq!(figures[0].html_bytes, html.len());
        assert_eq!(figures[0].css_bytes, 100);
        assert!(warnings.is_empty());
    }

    #[test]
    fn warns_over_weight_budget_at_source() {
        let config = SiteConfig {
            page_weight_budget: 10,
            ..SiteConfig::default()
        };
        let (_, warnings) = assess(
            &[page("causes/x.html", "<main><p>Hello there.</p></main>")],
            &config,
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].path, Path::new("content/causes/x.md"));
        assert!(
            warnings[0].message.contains("over the budget of 10"),
            "{}",
            warnings[0].message
        );
    }

    #[test]
    fn images_count_in_the_weight_of_the_page_that_shows_them() {
        let html = "<main><p>Lift like this.</p><img src=\"../images/lift.jpg\" alt=\"A person lifting\"></main>";
        let image = OutputFile {
            path: "images/lift.jpg".into(),
            bytes: vec![0; 300_000],
            is_page: false,
            source: None,
            held: Held::Reading,
        };
        let (figures, warnings) = assess(
            &[page("causes/x.html", html), image],
            &SiteConfig::default(),
        );
        assert_eq!(figures[0].img_bytes, 300_000);
        let messages: Vec<_> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`causes/x.html` shows `images/lift.jpg`, which weighs 300000 bytes, over the budget of 204800 (`image_weight_budget`): make it smaller (about 1,200 pixels wide is plenty) and save it as JPEG or WebP".to_string(),
                format!("`causes/x.html` weighs {} bytes (HTML {} + CSS 0 + images 300000), over the budget of 14336 (`page_weight_budget`)", 300_000 + html.len(), html.len()),
            ]
        );
    }

    #[test]
    fn steps_page_has_its_own_budget() {
        let config = SiteConfig {
            page_weight_budget: 10,
            steps_page_weight_budget: 40,
            ..SiteConfig::default()
        };
        let held = |path: &str, html: &str, held: Held| OutputFile {
            held,
            ..page(path, html)
        };
        let body = "<main><p>Hello there.</p></main>";
        for (path, as_) in [
            ("checks/t/steps.html", Held::Steps),
            ("checks/t/cases-2.html", Held::Table),
        ] {
            let (_, warnings) = assess(&[held(path, body, as_)], &config);
            assert!(warnings.is_empty(), "{warnings:?}");
            let long = "<main><p>Hello there. Hello there. Hello there.</p></main>";
            let (_, warnings) = assess(&[held(path, long, as_)], &config);
            assert_eq!(warnings.len(), 1);
            assert_eq!(
                warnings[0].message,
                format!(
                    "`{path}` weighs {} bytes (HTML {} + CSS 0), over the budget of 40 (`steps_page_weight_budget`)",
                    long.len(),
                    long.len()
                )
            );
        }
        // A page merely named like a tree's steps page is held to the budget of other pages.
        let (_, warnings) = assess(&[page("steps.html", body)], &config);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn disposition_table_is_not_scored_for_reading_age() {
        let sentence = "<p>Osteoporotic vertebral insufficiency consequently necessitates comprehensive multidisciplinary rehabilitation.</p>";
        let hard = format!("<main>{}</main>", sentence.repeat(4));
        let table = OutputFile {
            held: Held::Table,
            ..page("checks/t/cases.html", &hard)
        };
        let (figures, warnings) = assess(&[table], &SiteConfig::default());
        assert_eq!(figures[0].readability, None);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn does_not_judge_very_short_text() {
        let short =
            "<main><p>Osteoporotic vertebral insufficiency necessitates rehabilitation.</p></main>";
        let (figures, warnings) = assess(&[page("causes/x.html", short)], &SiteConfig::default());
        assert!(figures[0].readability.is_some_and(|r| r.fk_grade > 8.0));
        assert!(warnings.is_empty());
    }

    #[test]
    fn warns_on_hard_text_and_skips_trail() {
        let sentence = "<p>Osteoporotic vertebral insufficiency consequently necessitates comprehensive multidisciplinary rehabilitation.</p>";
        let hard = format!(
            "<main>{}<section class=\"trail\"><p>Yes.</p></section></main>",
            sentence.repeat(4)
        );
        let (figures, warnings) = assess(&[page("causes/x.html", &hard)], &SiteConfig::default());
        assert_eq!(
            figures[0].readability.map(|r| (r.words, r.sentences)),
            Some((32, 4))
        );
        assert!(
            warnings[0].message.contains("Flesch-Kincaid grade"),
            "{}",
            warnings[0].message
        );
    }
}
