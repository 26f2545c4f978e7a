//! Rendering: builds one typed view per page kind from the immutable [`Site`] and renders it
//! with the theme, in parallel, and hands the files on in batches (to `inspect`, then
//! `output`), so the whole site is never held in memory at once.

mod az;
pub(crate) mod check;
mod hosts;
mod responsible;
mod sections;
mod trees;
mod views;

use crate::care::CareLevel;
use crate::images::Images;
use crate::paths::{NOT_FOUND_PAGE, root_prefix, url_of};
use crate::site::{Page, PageKind, Site};
use crate::templates::{Strings, Theme};
use anyhow::{Context as _, Result};
pub(crate) use az::{part_dirs as az_part_dirs, part_paths as az_part_paths};
use rayon::prelude::*;
pub(crate) use sections::more_landing_paths;
use serde::Serialize;
use std::path::{Path, PathBuf};
pub(crate) use trees::{SIGNOFF_FILES, TreeStats, later_signoff_page, shows_advice_of};
use views::{CareView, PageView, SiteView};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: PathBuf,
    /// Contents.
    pub bytes: Vec<u8>,
    /// Whether this is an HTML page (checked for script, weighed, scored for readability).
    pub is_page: bool,
    /// The content file it was made from (relative to `content/`), for positioned warnings.
    pub source: Option<PathBuf>,
    /// Which weight budget a page is held to, and whether its reading age is scored.
    pub held: Held,
}

/// What a page is held to once rendered (`quality`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Held {
    /// A page for readers: `page_weight_budget` and the reading-age target.
    #[default]
    Reading,
    /// A page of a tree's printable steps: `steps_page_weight_budget` and the reading-age
    /// target.
    Steps,
    /// A page of a tree's disposition table, for clinicians: `steps_page_weight_budget` only.
    Table,
    /// A printed leaflet (PDF) of `pages` pages: `pdf_weight_budget` and the paper's page limit.
    Leaflet {
        /// Its pages.
        pages: usize,
    },
}

impl OutputFile {
    fn page(path: PathBuf, html: String) -> OutputFile {
        OutputFile {
            path,
            bytes: html.into_bytes(),
            is_page: true,
            source: None,
            held: Held::Reading,
        }
    }
}

/// Receives rendered files a batch at a time (to check and write them); an error stops the
/// rendering.
pub(crate) type Sink<'a> = &'a mut dyn FnMut(Vec<OutputFile>) -> Result<()>;

/// Files read or rendered together before they are handed on.
const BATCH: usize = 256;

/// Entries of list pages (A–Z, section landing pages) rendered together before they are handed
/// on: a batch of list pages is as large as a batch of articles, however long each list is.
const LIST_BATCH_ENTRIES: usize = 4096;

/// How many list pages of at most `page_size` entries go in one batch.
fn list_batch(page_size: usize) -> usize {
    (LIST_BATCH_ENTRIES / page_size.max(1)).clamp(1, BATCH)
}

/// Renders the whole site, handing the files to `sink` in batches: static and copied files
/// first (so a page's weight can count the stylesheets it links), then the articles, the A–Z,
/// `404.html` and the sitemap, then every tree. Returns what each tree expanded to.
pub(crate) fn render_site(
    site: &Site,
    theme: &Theme,
    (images, leaflets): (&Images, &crate::print::Cache),
    sink: Sink<'_>,
) -> Result<Vec<TreeStats>> {
    sink(
        theme
            .statics
            .iter()
            .map(|(path, bytes)| OutputFile {
                path: path.clone(),
                bytes: bytes.clone(),
                is_page: false,
                source: None,
                held: Held::Reading,
            })
            .collect(),
    )?;
    copy_assets(site, images, sink)?;
    render_parts(site, theme, (images, leaflets), &Part::all(site), sink)
}

/// A part of the rendered site that can be rendered again alone (what `serve` does after an
/// edit): everything but the files copied as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Part {
    /// One article, by its index in `site.pages`.
    Page(usize),
    /// One translation of an article, by its index in `site.translations`.
    Translation(usize),
    /// Every section's landing page.
    Sections,
    /// The A–Z, `404.html`, the sitemap and the articles' redirect pages.
    Listings,
    /// One tree's pages, steps page, cases page and drawing, by its index in `site.trees`,
    /// and those of its translations.
    Tree(usize),
}

impl Part {
    /// Every part of `site`, in the order a build renders them.
    pub(crate) fn all(site: &Site) -> std::collections::BTreeSet<Part> {
        let pages = (0..site.pages.len()).map(Part::Page);
        let translations = (0..site.translations.len()).map(Part::Translation);
        let trees = (0..site.trees.len()).map(Part::Tree);
        pages
            .chain(translations)
            .chain([Part::Sections, Part::Listings])
            .chain(trees)
            .collect()
    }
}

/// Renders `parts` of the site, handing the files to `sink` in batches (articles, then section
/// pages, then the listings, then trees); returns the figures of the trees rendered.
pub(crate) fn render_parts(
    site: &Site,
    theme: &Theme,
    (images, leaflets): (&Images, &crate::print::Cache),
    parts: &std::collections::BTreeSet<Part>,
    sink: Sink<'_>,
) -> Result<Vec<TreeStats>> {
    let site_view = SiteView::new(site, images, strings_of(theme, &site.config.language)?);
    let printer = crate::print::Printer::new(site, leaflets, theme)?;
    let pages: Vec<&Page> = (parts.iter())
        .filter_map(|part| match part {
            Part::Page(i) => site.pages.get(*i),
            _ => None,
        })
        .filter(|page| page.kind != PageKind::Section)
        .collect();
    for batch in pages.chunks(BATCH) {
        sink(
            batch
                .par_iter()
                .map(|page| render_page(site, theme, &site_view, &printer, page))
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .flatten()
                .collect(),
        )?;
    }
    render_translations(site, theme, (images, &printer), parts, sink)?;
    if parts.contains(&Part::Sections) {
        sections::render_all(site, theme, &site_view, sink)?;
    }
    if parts.contains(&Part::Listings) {
        az::render(site, theme, (&site_view, images), sink)?;
        let mut files = vec![render_404(theme, &site_view)?];
        files.extend(sitemap(site));
        files.extend(page_redirects(site));
        files.extend(hosts::files(site));
        sink(files)?;
    }
    let mut stats = Vec::new();
    for tree in (parts.iter()).filter_map(|part| match part {
        Part::Tree(i) => site.trees.get(*i),
        _ => None,
    }) {
        stats.push(trees::render_tree(site, theme, &site_view, tree, sink)?);
        // Its translations, each in its language's view: the same pages in other words.
        for translated in site.translations_of_tree(&tree.source) {
            let lang = translated.lang().unwrap_or_default();
            let view = SiteView::for_language(site, images, lang, strings_of(theme, lang)?);
            trees::render_tree(site, theme, &view, translated, sink)?;
        }
    }
    Ok(stats)
}

/// Renders the translations among `parts`, a language at a time, each with its language's view
/// of the site.
fn render_translations(
    site: &Site,
    theme: &Theme,
    (images, printer): (&Images, &crate::print::Printer<'_>),
    parts: &std::collections::BTreeSet<Part>,
    sink: Sink<'_>,
) -> Result<()> {
    let chosen: Vec<&Page> = (parts.iter())
        .filter_map(|part| match part {
            Part::Translation(i) => site.translations.get(*i),
            _ => None,
        })
        .collect();
    for lang in site.config.translated_languages() {
        let view = SiteView::for_language(site, images, lang, strings_of(theme, lang)?);
        let in_lang: Vec<&Page> = (chosen.iter().copied())
            .filter(|p| p.translation.as_ref().is_some_and(|t| t.lang == lang))
            .filter(|p| p.kind != PageKind::Section)
            .collect();
        for batch in in_lang.chunks(BATCH) {
            let files = (batch.par_iter())
                .map(|page| render_page(site, theme, &view, printer, page))
                .collect::<Result<Vec<_>>>()?;
            sink(files.into_iter().flatten().collect())?;
        }
    }
    Ok(())
}

/// The theme's words in `lang`; a language the theme has no words for was reported as an
/// error when the theme was loaded, and its pages are shown (never written) in the reference
/// language's words.
pub(crate) fn strings_of<'a>(theme: &'a Theme, lang: &str) -> Result<&'a Strings> {
    (theme.strings(lang))
        .or_else(|| theme.strings(crate::templates::strings::REFERENCE))
        .with_context(|| format!("the theme has no strings for `{lang}`"))
}

/// Bytes of copied files (images, PDFs) read before they are handed on; a file larger than this
/// goes alone.
const ASSET_BATCH_BYTES: usize = 32 * 1024 * 1024;

/// Reads the files copied (the images pages show as their resized copies) and hands them on,
/// a few MiB at a time.
fn copy_assets(site: &Site, images: &Images, sink: Sink<'_>) -> Result<()> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    for (asset, shown) in site.copied_files() {
        let mut files = Vec::new();
        for (path, read) in images.outputs(&asset).into_iter().flatten() {
            files.push((path, read?));
        }
        if images.keeps_original(&asset) {
            files.push((asset, crate::fs::read(&site.root.join(shown))?));
        }
        for (path, read) in files {
            bytes += read.len();
            batch.push(OutputFile {
                path,
                bytes: read,
                is_page: false,
                source: None,
                held: Held::Reading,
            });
        }
        if bytes >= ASSET_BATCH_BYTES || batch.len() >= BATCH {
            sink(std::mem::take(&mut batch))?;
            bytes = 0;
        }
    }
    sink(batch)
}

/// Renders `template` with the shared parts (site, root prefix, canonical URL) plus `extra`.
fn render_with<T: Serialize>(
    theme: &Theme,
    site: &SiteView<'_>,
    template: &str,
    path: &Path,
    extra: &T,
) -> Result<OutputFile> {
    render_with_root(theme, site, template, path, root_prefix(path), extra)
}

/// [`render_with`], with links to the site written from `root` instead of relative to `path`.
fn render_with_root<T: Serialize>(
    theme: &Theme,
    site: &SiteView<'_>,
    template: &str,
    path: &Path,
    root: String,
    extra: &T,
) -> Result<OutputFile> {
    #[derive(Serialize)]
    struct Full<'a, T> {
        site: &'a SiteView<'a>,
        /// The theme's words in the page's language.
        t: &'a Strings,
        root: String,
        canonical: Option<String>,
        #[serde(flatten)]
        extra: &'a T,
    }
    let url = url_of(path);
    let full = Full {
        site,
        t: site.strings,
        root,
        canonical: site
            .base_url
            .map(|base| format!("{}/{url}", base.trim_end_matches('/'))),
        extra,
    };
    let context =
        tera::Context::from_serialize(&full).context("failed to build template context")?;
    let html = theme
        .render(template, &context)
        .with_context(|| format!("failed to render `{url}`"))?;
    Ok(OutputFile::page(path.to_path_buf(), html))
}

/// An article's page and, beside it, its printed leaflet (made first, so the page can link it
/// with its measured size and pages).
fn render_page(
    site: &Site,
    theme: &Theme,
    sv: &SiteView<'_>,
    printer: &crate::print::Printer<'_>,
    page: &Page,
) -> Result<Vec<OutputFile>> {
    let template = match page.kind {
        PageKind::Home => "home.html",
        PageKind::Cause => "cause.html",
        PageKind::Outcome => "outcome.html",
        PageKind::Other | PageKind::Section => "page.html",
    };
    #[derive(Serialize)]
    struct Ctx<'a> {
        page: PageView<'a>,
    }
    let body = sv
        .images
        .rewrite(&body_html(site, page)?, &page.output_dir());
    let mut page_view = PageView::new(site, page, body, sv.strings);
    let card = (page_view.care.as_ref()).map(|c| crate::print::Card {
        label: &c.label,
        action: &c.action,
    });
    let leaflet = printer.leaflet(page, &page_view.body, card)?;
    page_view.leaflet = leaflet.as_ref().map(crate::print::Leaflet::link);
    let mut file = render_with(
        theme,
        sv,
        template,
        &page.output(),
        &Ctx { page: page_view },
    )?;
    file.source = Some(page.source.clone());
    let mut files = vec![file];
    files.extend(leaflet.map(|l| OutputFile {
        bytes: l.typeset.pdf.clone(),
        is_page: false,
        source: Some(page.source.clone()),
        held: Held::Leaflet {
            pages: l.typeset.pages,
        },
        path: l.path,
    }));
    Ok(files)
}

/// The body of `page` as HTML, with the sign-off statement where it writes `{{ signoff }}`.
fn body_html(site: &Site, page: &Page) -> Result<String> {
    match page.shows_signoff {
        true => site.body_html_with(page, responsible::statement(site)),
        false => site.body_html(page),
    }
}

/// The page a web server shows for a missing address, at whatever depth that address is: its
/// stylesheet and links are absolute when `base_url` says where the site lives, else relative to
/// the top folder (the build summary says so).
fn render_404(theme: &Theme, sv: &SiteView<'_>) -> Result<OutputFile> {
    #[derive(Serialize)]
    struct Empty {}
    let path = Path::new(NOT_FOUND_PAGE);
    let root = sv.base_url.map_or_else(
        || root_prefix(path),
        |base| format!("{}/", base.trim_end_matches('/')),
    );
    render_with_root(theme, sv, "404.html", path, root, &Empty {})
}

/// Redirect pages at the old addresses of articles (`aliases` in front matter).
fn page_redirects(site: &Site) -> Vec<OutputFile> {
    let csp = site.config.content_security_policy();
    site.pages
        .iter()
        .flat_map(|page| {
            let csp = &csp;
            page.front.aliases.iter().map(move |(alias, _)| {
                redirect(
                    site,
                    alias,
                    &page.output(),
                    &page.front.title,
                    csp,
                    &page.source,
                )
            })
        })
        .collect()
}

/// The page at `alias` that leads on to `target`. It is written by carepath itself, not by the
/// theme, so it is not judged as a theme's page (its refresh is the one `<meta>` that may
/// redirect); every value in it is escaped.
pub(super) fn redirect(
    site: &Site,
    alias: &Path,
    target: &Path,
    title: &str,
    csp: &str,
    source: &Path,
) -> OutputFile {
    let html = crate::aliases::redirect_page(alias, target, title, &site.config.language, csp);
    OutputFile {
        path: alias.to_path_buf(),
        bytes: html.into_bytes(),
        is_page: false,
        source: Some(source.to_path_buf()),
        held: Held::Reading,
    }
}

/// The badge of `page`'s care card at `care` on pages in `lang`: the service it names and how
/// soon, else the level's words in that language (see [`care_label`]).
pub(crate) fn care_badge(
    site: &Site,
    strings: &Strings,
    lang: &str,
    page: &crate::site::Page,
    care: CareLevel,
) -> String {
    match &page.front.service {
        Some(service) => service.badge(),
        None => care_label(site, strings, lang, care),
    }
}

/// The words the site sets for `care` on pages in `lang`: `[care.LEVEL]` for its own language,
/// `[languages.TAG.care.LEVEL]` for another.
fn own_care_words<'s>(
    site: &'s Site,
    lang: &str,
    care: CareLevel,
) -> Option<&'s crate::config::CareWords> {
    match lang == site.config.language {
        true => site.config.care.get(&care),
        false => (site.config.languages.get(lang)).and_then(|l| l.care.get(&care)),
    }
}

/// The badge of `care` on pages in `lang` (whose theme words are `strings`): the site's own
/// words, else the theme's (`care_label_LEVEL`).
pub(crate) fn care_label(site: &Site, strings: &Strings, lang: &str, care: CareLevel) -> String {
    match own_care_words(site, lang, care).and_then(|w| w.label.clone()) {
        Some(label) => label,
        None => strings.text(&care_key("care_label", care)).to_string(),
    }
}

/// The call to action for `care` on pages in `lang` where the site has no outcome page for it:
/// the site's own words, else the theme's (`care_action_LEVEL`; for an emergency, with the
/// site's emergency advice in that language).
pub(crate) fn care_action(site: &Site, strings: &Strings, lang: &str, care: CareLevel) -> String {
    if let Some(action) = own_care_words(site, lang, care).and_then(|w| w.action.clone()) {
        return action;
    }
    let advice = match lang == site.config.language {
        true => None,
        false => (site.config.languages.get(lang)).and_then(|l| l.emergency_advice.clone()),
    };
    let advice = advice.unwrap_or_else(|| site.config.emergency_advice());
    strings.fill(&care_key("care_action", care), &[("advice", &advice)])
}

/// `care_label_self_care`: a theme string's key for a care level.
fn care_key(prefix: &str, care: CareLevel) -> String {
    format!("{prefix}_{}", care.key().replace('-', "_"))
}

/// The care card for `care` on pages in `lang`: the outcome page's title as the call to action
/// (and the service it names as the badge) where one exists.
fn care_view(site: &Site, strings: &Strings, lang: &str, care: CareLevel) -> CareView {
    let outcome = site.outcome(care);
    CareView {
        key: care.key(),
        label: outcome.map_or_else(
            || care_label(site, strings, lang, care),
            |p| care_badge(site, strings, lang, p, care),
        ),
        action: outcome.map_or_else(
            || care_action(site, strings, lang, care),
            |p| p.front.title.clone(),
        ),
        url: outcome.map(|p| url_of(&p.output())),
    }
}

/// Most URLs one sitemap file may list (sitemaps.org); a longer list is split over
/// `sitemap-1.xml`, `sitemap-2.xml`, … and `sitemap.xml` becomes their index.
pub(crate) const SITEMAP_URLS: usize = 50_000;

/// `sitemap.xml`, written only when `base_url` is set: articles, the A–Z and each checker's
/// first page (the per-path pages are not entry points).
fn sitemap(site: &Site) -> Vec<OutputFile> {
    sitemap_files(site, SITEMAP_URLS)
}

/// The sitemap files, with at most `per_file` URLs in each.
fn sitemap_files(site: &Site, per_file: usize) -> Vec<OutputFile> {
    let Some(base) = site.config.base_url.as_deref() else {
        return Vec::new();
    };
    let base = base.trim_end_matches('/');
    // Each article in every language it is published in, each naming all its versions.
    let versions = |page: &Page| -> Vec<(String, String)> {
        (site.versions_of(page).iter())
            .map(|p| (p.lang(site).to_string(), url_of(&p.output())))
            .collect()
    };
    let mut entries: Vec<Entry> = (site.pages.iter())
        .chain(&site.translations)
        .map(|p| Entry {
            url: url_of(&p.output()),
            lastmod: Some(p.front.reviewed.to_string()),
            versions: versions(p),
        })
        .collect();
    entries.extend(az::sitemap_entries(site));
    for section in site.sections.list.iter().filter(|s| s.index.is_none()) {
        entries.push(Entry::plain(url_of(&section.output()), None));
    }
    // Each checker in every language it is published in, each naming all its versions.
    for tree in &site.trees {
        let all: Vec<&crate::tree::Tree> = std::iter::once(tree)
            .chain(site.translations_of_tree(&tree.source))
            .collect();
        let start = |t: &crate::tree::Tree| url_of(&t.output_dir().join("index.html"));
        let versions: Vec<(String, String)> = match all.len() {
            1 => Vec::new(),
            _ => (all.iter())
                .map(|t| {
                    (
                        t.lang().unwrap_or(&site.config.language).to_string(),
                        start(t),
                    )
                })
                .collect(),
        };
        for t in &all {
            entries.push(Entry {
                url: start(t),
                lastmod: Some(t.reviewed.to_string()),
                versions: versions.clone(),
            });
        }
    }
    entries.sort_by(|a, b| a.url.cmp(&b.url));
    let xml_file = |path: String, xml: String| OutputFile {
        path: PathBuf::from(path),
        bytes: xml.into_bytes(),
        is_page: false,
        source: None,
        held: Held::Reading,
    };
    let loc = |url: &str| crate::templates::escape_html(&format!("{base}/{url}"));
    let urlset = |entries: &[Entry]| {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
        );
        if site.config.is_multilingual() {
            xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
        }
        xml.push_str(">\n");
        for entry in entries {
            let lastmod = (entry.lastmod.as_ref())
                .map(|d| format!("<lastmod>{d}</lastmod>"))
                .unwrap_or_default();
            let links: String = (entry.versions.iter())
                .map(|(lang, url)| {
                    format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        crate::templates::escape_html(lang),
                        loc(url)
                    )
                })
                .collect();
            xml.push_str(&format!(
                "<url><loc>{}</loc>{lastmod}{links}</url>\n",
                loc(&entry.url)
            ));
        }
        xml.push_str("</urlset>\n");
        xml
    };
    if entries.len() <= per_file.max(1) {
        return vec![xml_file("sitemap.xml".into(), urlset(&entries))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::new();
    for (n, chunk) in entries.chunks(per_file.max(1)).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!("<sitemap><loc>{}</loc></sitemap>\n", loc(&name)));
        files.push(xml_file(name, urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(xml_file("sitemap.xml".into(), index));
    files
}

/// One address in the sitemap: when its page last changed, and its versions in every language
/// (none for a page in one language).
struct Entry {
    url: String,
    lastmod: Option<String>,
    versions: Vec<(String, String)>,
}

impl Entry {
    fn plain(url: String, lastmod: Option<String>) -> Entry {
        Entry {
            url,
            lastmod,
            versions: Vec::new(),
        }
    }
}

/// The sitemap files written besides `sitemap.xml` (none while it lists every URL itself).
pub(crate) fn more_sitemap_paths(site: &Site) -> Vec<PathBuf> {
    if site.config.base_url.is_none() {
        return Vec::new();
    }
    let sections = site.sections.list.iter().filter(|s| s.index.is_none());
    let azs = az::sitemap_entries(site).len();
    let trees = site.trees.len() + site.tree_translations.len();
    let urls = site.pages.len() + site.translations.len() + azs + sections.count() + trees;
    match urls.div_ceil(SITEMAP_URLS) {
        0 | 1 => Vec::new(),
        n => (1..=n)
            .map(|i| PathBuf::from(format!("sitemap-{i}.xml")))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::sitemap_files;
    use std::path::Path;

    /// The `basic` fixture, with `base_url` set, loaded.
    fn basic_site(dir: &Path) -> crate::site::Site {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.expect("the fixture can be listed");
            let to = dir.join(entry.path().strip_prefix(&from).expect("under the fixture"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("a folder can be made");
            } else {
                std::fs::copy(entry.path(), &to).expect("a file can be copied");
            }
        }
        let config = dir.join("content/site.toml");
        let text = std::fs::read_to_string(&config).expect("site.toml");
        let text = format!("base_url = \"https://example.org/back/\"\n{text}");
        std::fs::write(&config, text).expect("site.toml can be written");
        let sources = crate::source::discover(dir).expect("the site can be discovered");
        crate::site::load(dir, &sources).expect("the site loads").0
    }

    #[test]
    fn a_sitemap_over_its_limit_becomes_an_index_of_parts() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let site = basic_site(dir.path());
        let one = sitemap_files(&site, usize::MAX);
        assert_eq!(one.len(), 1);
        let whole = String::from_utf8(one[0].bytes.clone()).expect("text");
        let urls = whole.matches("<url>").count();
        assert!(urls > 4, "{whole}");

        let split = sitemap_files(&site, 2);
        let names: Vec<String> = split.iter().map(|f| super::url_of(&f.path)).collect();
        let parts = urls.div_ceil(2);
        let mut expected: Vec<String> = (1..=parts).map(|n| format!("sitemap-{n}.xml")).collect();
        expected.push("sitemap.xml".into());
        assert_eq!(names, expected);
        let index = String::from_utf8(split[parts].bytes.clone()).expect("text");
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(index.contains("<loc>https://example.org/back/sitemap-1.xml</loc>"));
        assert_eq!(index.matches("<sitemap>").count(), parts);
        // The parts list every URL of the one sitemap, in the same order.
        let lines = |xml: &str| -> Vec<String> {
            xml.lines()
                .filter(|l| l.starts_with("<url>"))
                .map(str::to_string)
                .collect()
        };
        let listed: Vec<String> = split[..parts]
            .iter()
            .flat_map(|f| lines(&String::from_utf8_lossy(&f.bytes)))
            .collect();
        assert_eq!(listed, lines(&whole));
    }

    #[test]
    fn a_page_is_written_with_the_body_it_was_checked_with() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let site = basic_site(dir.path());
        let page = site
            .page(Path::new("causes/muscle-strain.md"))
            .expect("the fixture has this page");
        assert!(page.html.is_some(), "its body is kept as it was loaded");
        let loaded = site.body_html(page).expect("the body");
        assert!(loaded.contains("<h2"), "{loaded}");
        // Edited after it was loaded and checked, before it is written: what is written is
        // what was checked, never text that no check has seen.
        let file = dir.path().join("content/causes/muscle-strain.md");
        let text = std::fs::read_to_string(&file).expect("the article");
        std::fs::write(&file, format!("{text}\n<script>alert(1)</script>\n")).expect("edited");
        assert_eq!(site.body_html(page).expect("the body"), loaded);
    }
}
