//! Addresses on paper: links become absolute (with `base_url`) or plain text, and images the
//! site publishes become files of the leaflet's world under fixed names (`/img/0.png`, …).
//! Nothing outside the site's own files is ever read.

use super::doc::Resolve;
use crate::paths::{display_path, is_external, normalise};
use crate::site::{Page, Site};
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Image formats Typst prints.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// Most images one leaflet prints; more are shown by their alternative text.
const MAX_IMAGES: usize = 64;

/// Resolves the addresses of one page's body.
pub(super) struct Resolver<'a> {
    site: &'a Site,
    /// The page's folder in the output (relative links start here).
    dir: PathBuf,
    /// Images to serve: their name in the world and their file relative to `content/`.
    images: Vec<(String, PathBuf)>,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(site: &'a Site, page: &Page) -> Resolver<'a> {
        let dir = page
            .output()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Resolver {
            site,
            dir,
            images: Vec::new(),
        }
    }

    /// The world's name of the site's logo, if it has one in a printable format.
    pub(super) fn logo_name(&self) -> Option<String> {
        let logo = self.site.config.print.logo.as_deref()?;
        printable(Path::new(logo)).map(|ext| format!("/logo.{ext}"))
    }

    /// The leaflet's files: every image resolved, and the logo.
    pub(super) fn into_files(self, site: &Site) -> Result<Vec<(String, Vec<u8>)>> {
        let mut files = Vec::new();
        let logo_name = self.logo_name();
        for (name, rel) in self.images {
            files.push((name, crate::fs::read(&site.root.join(display_path(&rel)))?));
        }
        if let (Some(name), Some(logo)) = (logo_name, &site.config.print.logo) {
            let logo = normalise(Path::new(logo)).unwrap_or_default();
            files.push((name, crate::fs::read(&site.root.join(display_path(&logo)))?));
        }
        Ok(files)
    }

    /// A relative address of the page as a path in the output, without query or fragment.
    fn target(&self, href: &str) -> Option<PathBuf> {
        let path = href.split(['#', '?']).next().unwrap_or_default();
        if path.is_empty() || is_external(href) || href.starts_with('/') {
            return None;
        }
        normalise(&self.dir.join(path))
    }
}

/// The extension of `path` when Typst can print it.
fn printable(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    IMAGE_EXTENSIONS.contains(&ext.as_str()).then_some(ext)
}

impl Resolve for Resolver<'_> {
    fn link(&mut self, href: &str) -> Option<String> {
        let scheme = href.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        if is_external(href) {
            return matches!(scheme.as_deref(), Some("https" | "http" | "mailto" | "tel"))
                .then(|| href.to_string());
        }
        let base = self.site.config.base_url.as_deref()?;
        let fragment = href.split_once('#').map(|(_, f)| f);
        let target = self.target(href)?;
        let mut url = format!(
            "{}/{}",
            base.trim_end_matches('/'),
            crate::paths::url_of(&target)
        );
        if let Some(f) = fragment {
            url.push('#');
            url.push_str(f);
        }
        Some(url)
    }

    fn image(&mut self, src: &str) -> Option<String> {
        let target = self.target(src)?;
        let ext = printable(&target)?;
        if self.images.len() >= MAX_IMAGES || !self.site.assets.contains(&target) {
            return None;
        }
        let name = format!("/img/{}.{ext}", self.images.len());
        self.images.push((name.clone(), target));
        Some(name)
    }
}
