//! Discovery: walks `content/` (sorted, hidden files skipped, links followed within the site, see
//! `walk`) and sorts what it finds into articles, decision trees and plain files; the first
//! stage of the pipeline.

use crate::diagnostics::Diagnostic;
use crate::paths::{CHECKS_DIR, CONFIG_FILE, CONTENT_DIR, SIGNOFF_FILE, STATIC_DIR};
use anyhow::{Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every source file of a site, as paths relative to `content/`, each list sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// Markdown articles.
    pub pages: Vec<PathBuf>,
    /// Decision trees (`checks/*.toml`).
    pub trees: Vec<PathBuf>,
    /// Files of a published kind, copied to the output as they are (images, PDFs).
    pub assets: Vec<PathBuf>,
    /// Files of other kinds: published only if a page links to them (see `publish`).
    pub others: Vec<PathBuf>,
    /// Files for the web host (`static/`, relative to it), copied as they are.
    pub host_files: Vec<PathBuf>,
    /// Shared Markdown (`snippets/*.md`), included by pages, never published alone.
    pub snippets: Vec<PathBuf>,
    /// Size in bytes of every file found.
    pub sizes: BTreeMap<PathBuf, u64>,
    /// Symbolic links refused (out of the site, dangling, looping).
    pub problems: Vec<Diagnostic>,
}

/// Fails unless `site` holds `content/site.toml`.
pub(crate) fn require_site(site: &Path) -> Result<()> {
    let config = site.join(CONTENT_DIR).join(CONFIG_FILE);
    if !config.is_file() {
        bail!(
            "`{}` not found: is `{}` a carepath site? (`carepath new DIR` makes one)",
            config.display(),
            site.display()
        );
    }
    Ok(())
}

/// Walks `site/content`; fails when the folder or its `site.toml` is missing.
pub(crate) fn discover(site: &Path) -> Result<Sources> {
    require_site(site)?;
    let walked = crate::walk::walk(site, Path::new(CONTENT_DIR))?;
    let mut sources = Sources {
        problems: walked.problems,
        ..Sources::default()
    };
    for found in walked.files {
        sources.sizes.insert(found.rel.clone(), found.len);
        classify(&mut sources, found.rel);
    }
    if site.join(STATIC_DIR).is_dir() {
        let host = crate::walk::walk_all(site, Path::new(STATIC_DIR))?;
        sources.problems.extend(host.problems);
        sources.host_files = host.files.into_iter().map(|f| f.rel).collect();
    }
    Ok(sources)
}

fn classify(sources: &mut Sources, rel: PathBuf) {
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
    let in_checks = rel.parent() == Some(Path::new(CHECKS_DIR));
    let in_snippets = rel.starts_with(crate::paths::SNIPPETS_DIR);
    match ext {
        "md" if in_snippets => sources.snippets.push(rel),
        "md" => sources.pages.push(rel),
        "toml" if in_checks => sources.trees.push(rel),
        "toml" if rel == Path::new(CONFIG_FILE) || rel == Path::new(SIGNOFF_FILE) => {}
        _ if published_kind(&rel) => sources.assets.push(rel),
        _ => sources.others.push(rel),
    }
}

/// Extensions published as they are, without a page linking to them.
pub(crate) const PUBLISHED_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "avif", "ico", "pdf", "mp3", "m4a", "ogg", "wav",
    "mp4", "webm", "vtt", "woff", "woff2", "html", "htm",
];

/// True for a file published because of its kind alone.
pub(crate) fn published_kind(rel: &Path) -> bool {
    rel.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PUBLISHED_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_files_into_kinds() {
        let mut s = Sources::default();
        for p in [
            "index.md",
            "checks/a.toml",
            "site.toml",
            "signoff.toml",
            "img/x.png",
            "notes.toml",
            "snippets/signs.md",
        ] {
            classify(&mut s, PathBuf::from(p));
        }
        assert_eq!(s.pages, [PathBuf::from("index.md")]);
        assert_eq!(s.trees, [PathBuf::from("checks/a.toml")]);
        assert_eq!(s.snippets, [PathBuf::from("snippets/signs.md")]);
        assert_eq!(s.assets, [PathBuf::from("img/x.png")]);
        assert_eq!(s.others, [PathBuf::from("notes.toml")]);
    }
}
