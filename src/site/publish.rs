//! What from `content/` is published. Markdown pages, trees in `checks/` and files of the kinds a
//! page shows or offers for download (images, PDFs, audio, video, fonts) are; so is any other
//! file a page links to. A file matching `ignore` in `site.toml` (editor backups, Office lock
//! files, thumbnails) is left out silently; anything else is left out with a warning that
//! names it, so nothing is published, or lost, by accident.

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, file_error};
use crate::paths::display_path;
use crate::paths::normalise;
use crate::site::Page;
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Patterns never published and never warned about; `ignore` in `site.toml` adds to them.
pub(crate) const DEFAULT_IGNORE: &[&str] = &[
    "*.bak",
    "*.tmp",
    "*.swp",
    "*~",
    "~$*",
    "Thumbs.db",
    "desktop.ini",
    "*.md.orig",
];

/// Sorts the files of other kinds: those a page links to are published (returned); the rest are
/// left out, silently when `ignore` matches, else with a warning each.
pub(crate) fn others(
    config: &SiteConfig,
    pages: &[Page],
    others: &[PathBuf],
    diags: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let linked = linked(pages, others);
    let ignore = ignore_set(config);
    let mut published = Vec::new();
    for rel in others {
        let name = rel.file_name().map(Path::new).unwrap_or(rel);
        if linked.contains(rel.as_path()) {
            published.push(rel.clone());
        } else if ignore.is_match(name) || ignore.is_match(rel) {
            continue;
        } else {
            diags.push(unpublished(rel));
        }
    }
    published
}

fn unpublished(rel: &Path) -> Diagnostic {
    let shown = display_path(rel);
    let is_toml = rel.extension().is_some_and(|e| e == "toml");
    let message = if is_toml {
        "is not published: decision trees live in `content/checks/`; move it there to build it"
            .to_string()
    } else {
        "is not published: only Markdown pages, trees in `checks/`, images, PDFs, audio, video and files a page links to are; link to it from a page, add it to `ignore` in content/site.toml, or put files for the web host in `static/`".to_string()
    };
    let mut d = file_error(&shown, message);
    d.severity = crate::diagnostics::Severity::Warning;
    d
}

/// The files among `others` that the pages link to (relative to `content/`). Links to pages
/// are dropped as they are found: the site's every link is never held at once.
fn linked<'a>(pages: &[Page], others: &'a [PathBuf]) -> HashSet<&'a Path> {
    let others: HashSet<&Path> = others.iter().map(PathBuf::as_path).collect();
    pages
        .par_iter()
        .flat_map_iter(|page| {
            let base = page.source.parent().unwrap_or(Path::new(""));
            let others = &others;
            page.body.links.iter().filter_map(move |link| {
                let path = link.dest.split(['#', '?']).next().unwrap_or("");
                let local = !path.is_empty() && !crate::paths::is_external(path);
                let target = local.then(|| normalise(&base.join(path))).flatten()?;
                others.get(target.as_path()).copied()
            })
        })
        .collect()
}

fn ignore_set(config: &SiteConfig) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in DEFAULT_IGNORE
        .iter()
        .copied()
        .chain(config.ignore.iter().map(String::as_str))
    {
        if let Ok(glob) = Glob::new(pattern) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}
