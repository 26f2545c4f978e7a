//! Printed leaflets: one more renderer beside `render`, which calls [`Printer::leaflet`] for
//! each article as it renders the page. It reads the page's rendered body (after includes,
//! links and the HTML policy), turns it into data ([`doc`]) and typesets that with a fixed
//! Typst template into a tagged PDF/UA-1 file written beside the page. Article text is handed
//! to Typst as JSON values, never as Typst source. Leaflets are kept by a hash of everything
//! that goes into them ([`Cache`]), so an unchanged one is not typeset again.

mod cache;
pub(crate) mod doc;
pub(crate) mod fuzz;
mod html;
mod resolve;
#[cfg(feature = "print")]
mod typeset;

use crate::care::CareLevel;
use crate::site::{Page, PageKind, Site};
use anyhow::Result;
pub(crate) use cache::{Cache, INDEX};
use doc::Block;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;

/// The built-in template (a theme may have its own: `themes/<theme>/print/leaflet.typ`).
const TEMPLATE: &str = include_str!("leaflet.typ");

/// Whether this carepath can typeset leaflets (the cargo feature `print`).
pub(crate) const AVAILABLE: bool = cfg!(feature = "print");

/// A typeset leaflet, as the cache keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Typeset {
    /// The PDF.
    pub(crate) pdf: Vec<u8>,
    /// How many pages it has.
    pub(crate) pages: usize,
}

/// A leaflet made for one page.
#[derive(Debug, Clone)]
pub(crate) struct Leaflet {
    /// Its output path (`causes/x.pdf` beside `causes/x.html`).
    pub(crate) path: PathBuf,
    /// The PDF and its pages.
    pub(crate) typeset: Arc<Typeset>,
}

/// The link a page shows to its leaflet: "Printable leaflet (PDF, 2 pages, 84 KB)".
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LeafletLink {
    /// The PDF's address relative to the page (it sits beside it).
    pub(crate) url: String,
    /// How many pages it has.
    pub(crate) pages: usize,
    /// Its size as a reader reads it ("84 KB").
    pub(crate) size: String,
}

impl Leaflet {
    /// The link to this leaflet from its page.
    pub(crate) fn link(&self) -> LeafletLink {
        LeafletLink {
            url: self
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            pages: self.typeset.pages,
            size: size_text(self.typeset.pdf.len()),
        }
    }
}

/// A size as readers read it: "84 KB" (kilobytes of 1,024 bytes, rounded up), "1.2 MB".
pub(crate) fn size_text(bytes: usize) -> String {
    const KB: usize = 1024;
    match bytes {
        b if b < 1000 * KB => format!("{} KB", b.div_ceil(KB).max(1)),
        b => format!("{:.1} MB", b as f64 / (KB * KB) as f64),
    }
}

/// Whether `page` gets a leaflet: never when `[print] enabled = false`; else as its front
/// matter's `print` says; else cause and outcome pages and every article in a section folder
/// (advice), but not the home page, section landing pages or top-level pages.
pub(crate) fn wanted(site: &Site, page: &Page) -> bool {
    if !site.config.print.enabled {
        return false;
    }
    page.front.print.unwrap_or(match page.kind {
        PageKind::Cause | PageKind::Outcome => true,
        PageKind::Other => page
            .source
            .parent()
            .is_some_and(|dir| !dir.as_os_str().is_empty()),
        PageKind::Home | PageKind::Section => false,
    })
}

/// Whether this build writes a leaflet for `page` ([`wanted`], and this carepath can print).
pub(crate) fn will_print(site: &Site, page: &Page) -> bool {
    AVAILABLE && wanted(site, page)
}

/// Where `page`'s leaflet is written: beside the page, as `.pdf`.
pub(crate) fn leaflet_path(page: &Page) -> PathBuf {
    let mut path = page.output();
    path.set_extension("pdf");
    path
}

/// The care card of a page, as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Card<'a> {
    /// The badge ("See a GP").
    pub(crate) label: &'a str,
    /// What to do.
    pub(crate) action: &'a str,
}

/// Makes the leaflets of one rendering of the site.
pub(crate) struct Printer<'a> {
    site: &'a Site,
    cache: &'a Cache,
    /// The template: the theme's, or the built-in one.
    template: &'a str,
    /// The theme's template file, when the template is the theme's (its errors are placed there).
    origin: Option<&'a std::path::Path>,
    /// The emergency signs printed in every leaflet's emergency box: the first list of the
    /// site's emergency outcome page.
    signs: Vec<Block>,
    /// The theme's words, for the leaflets of pages in each language.
    theme: &'a crate::templates::Theme,
}

impl<'a> Printer<'a> {
    /// A printer for `site` that keeps its leaflets in `cache` and typesets them with the
    /// theme's template when there is one (`theme`), else the built-in one.
    pub(crate) fn new(
        site: &'a Site,
        cache: &'a Cache,
        theme: &'a crate::templates::Theme,
    ) -> Result<Printer<'a>> {
        let template = theme.leaflet.as_ref();
        let signs = match site.outcome(CareLevel::Emergency) {
            Some(page) if site.config.print.enabled && AVAILABLE => {
                let html = site.body_html(page)?;
                let mut resolve = resolve::Resolver::new(site, page);
                (doc::blocks_of_html(&html, &mut resolve).into_iter())
                    .find(|b| matches!(b, Block::Ul { .. } | Block::Ol { .. }))
                    .into_iter()
                    .collect()
            }
            _ => Vec::new(),
        };
        Ok(Printer {
            site,
            cache,
            template: template.map_or(TEMPLATE, |t| &t.text),
            origin: template.map(|t| t.origin.as_path()),
            signs,
            theme,
        })
    }

    /// The leaflet of `page`, whose rendered body is `body` and care card `card`; `None` when
    /// the page gets none (or this carepath cannot typeset).
    pub(crate) fn leaflet(
        &self,
        page: &Page,
        body: &str,
        card: Option<Card<'_>>,
    ) -> Result<Option<Leaflet>> {
        if !will_print(self.site, page) {
            return Ok(None);
        }
        let mut resolve = resolve::Resolver::new(self.site, page);
        let body = doc::blocks_of_html(body, &mut resolve);
        let is_emergency =
            self.site.outcome(CareLevel::Emergency).map(|p| &p.source) == Some(&page.source);
        let signs = match is_emergency {
            true => &[][..],
            false => &self.signs[..],
        };
        let lang = page.lang(self.site);
        let strings = (self.theme.strings(lang))
            .or_else(|| self.theme.strings(crate::templates::strings::REFERENCE))
            .ok_or_else(|| anyhow::anyhow!("the theme has no strings for `{lang}`"))?;
        let content = data::content(self.site, page, (card, signs), body, strings);
        let version = hex(&Sha256::digest(serde_json::to_vec(&content)?))[..8].to_string();
        let data = data::Data::new(self.site, page, content, (&version, strings), &resolve);
        let json = data::json_of(&data)?;
        let mut files = resolve.into_files(self.site)?;
        if let Some(qr) = &data.qr_svg {
            files.push(("/qr.svg".into(), qr.clone().into_bytes()));
        }
        files.push(("/leaflet.json".into(), json));
        let key = cache_key(self.template, &files);
        let reference = data.content.reference.clone();
        let path = leaflet_path(page);
        // A leaflet that cannot be made (a character no bundled font has, say) is a warning at
        // its article; the page is still published, without the link. A theme's template that
        // Typst refuses is an error in the theme, at its place.
        match (self.cache).get_or_make(key, &path, || make(self.template, files, &reference)) {
            Ok(typeset) => Ok(Some(Leaflet { path, typeset })),
            Err(why) => {
                match self.origin {
                    Some(origin) => self.cache.fail_in_theme(origin, self.template, &why),
                    None => self.cache.fail(&page.source, &why),
                }
                Ok(None)
            }
        }
    }
}

#[cfg(feature = "print")]
fn make(template: &str, files: Vec<(String, Vec<u8>)>, reference: &str) -> Result<Typeset> {
    let done = typeset::typeset(template, files, reference)?;
    Ok(Typeset {
        pdf: done.pdf,
        pages: done.pages,
    })
}

#[cfg(not(feature = "print"))]
fn make(_: &str, _: Vec<(String, Vec<u8>)>, _: &str) -> Result<Typeset> {
    anyhow::bail!("this carepath was built without the `print` feature")
}

/// The hash of everything that goes into a leaflet: the template, this carepath's version, the
/// data and every image.
fn cache_key(template: &str, files: &[(String, Vec<u8>)]) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(env!("CARGO_PKG_VERSION"));
    hash.update((template.len() as u64).to_le_bytes());
    hash.update(template);
    for (name, bytes) in files {
        hash.update((name.len() as u64).to_le_bytes());
        hash.update(name);
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    }
    hash.finalize().into()
}

/// Lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Typst's complaint about a leaflet: its messages, and where the first of them points in the
/// template (a byte offset), when it points there (a theme's template is reported at that place).
#[derive(Debug)]
pub(crate) struct Fault {
    /// "Typst could not lay out the leaflet: …".
    pub(crate) message: String,
    /// The byte offset in the template of the first problem placed there.
    pub(crate) at: Option<usize>,
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fault {}

/// A note for the build summary when leaflets are on but cannot carry a QR code.
pub(crate) fn notes(site: &Site) -> Vec<String> {
    let any = site.pages.iter().any(|p| wanted(site, p));
    match (any, AVAILABLE, site.config.base_url.is_some()) {
        (false, ..) => Vec::new(),
        (true, false, _) => vec!["no printed leaflets: this carepath was built without the `print` feature (set `[print] enabled = false` in content/site.toml to say so)".into()],
        (true, true, false) => vec!["the printed leaflets have no QR code or web address: set `base_url` in content/site.toml to print the way back to each page".into()],
        (true, true, true) => Vec::new(),
    }
}

mod data;
