//! Discovery: walks `content/` (sorted, hidden files skipped) and sorts what it finds into
//! articles, decision trees and plain files; the first stage of the pipeline.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Name of the content folder inside a site.
pub const CONTENT_DIR: &str = "content";
/// Name of the settings file inside the content folder.
pub const CONFIG_FILE: &str = "site.toml";
/// Folder (inside content) holding decision trees.
pub const CHECKS_DIR: &str = "checks";

/// Every source file of a site, as paths relative to `content/`, each list sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// Markdown articles.
    pub pages: Vec<PathBuf>,
    /// Decision trees (`checks/*.toml`).
    pub trees: Vec<PathBuf>,
    /// Any other file, copied to the output as is (images, PDFs).
    pub assets: Vec<PathBuf>,
    /// Shared Markdown (`snippets/*.md`), included by pages, never published alone.
    pub snippets: Vec<PathBuf>,
}

/// Walks `site/content`; fails when the folder or its `site.toml` is missing.
pub fn discover(site: &Path) -> Result<Sources> {
    let content = site.join(CONTENT_DIR);
    if !content.join(CONFIG_FILE).is_file() {
        bail!(
            "`{}` not found: is `{}` a carepath site? (`carepath new DIR` makes one)",
            content.join(CONFIG_FILE).display(),
            site.display()
        );
    }
    let mut sources = Sources::default();
    let walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry =
            entry.with_context(|| format!("failed to read folder `{}`", content.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&content)?.to_path_buf();
        classify(&mut sources, rel);
    }
    Ok(sources)
}

fn classify(sources: &mut Sources, rel: PathBuf) {
    let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
    let in_checks = rel.parent() == Some(Path::new(CHECKS_DIR));
    let in_snippets = rel.starts_with(crate::markdown::SNIPPETS_DIR);
    match ext {
        "md" if in_snippets => sources.snippets.push(rel),
        "md" => sources.pages.push(rel),
        "toml" if in_checks => sources.trees.push(rel),
        "toml" if rel == Path::new(CONFIG_FILE) => {}
        _ => sources.assets.push(rel),
    }
}

/// Path of a content file relative to the site root, as shown in diagnostics.
pub fn display_path(rel: &Path) -> PathBuf {
    Path::new(CONTENT_DIR).join(rel)
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
            "img/x.png",
            "notes.toml",
            "snippets/signs.md",
        ] {
            classify(&mut s, PathBuf::from(p));
        }
        assert_eq!(s.pages, [PathBuf::from("index.md")]);
        assert_eq!(s.trees, [PathBuf::from("checks/a.toml")]);
        assert_eq!(s.snippets, [PathBuf::from("snippets/signs.md")]);
        assert_eq!(
            s.assets,
            [PathBuf::from("img/x.png"), PathBuf::from("notes.toml")]
        );
    }
}
