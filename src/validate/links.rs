//! Every local link and `#anchor` of every page and tree resolves; a root-absolute link is
//! mapped by `[links]`, and every `[links]` entry maps something. Each message says what to
//! write instead, with the nearest files that exist.

use super::remote;
use crate::diagnostics::{Diagnostic, Located};
use crate::markdown::{self, LinkRef};
use crate::paths::{display_path, normalise, relative_url};
use crate::site::{Page, Site};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Checks every link of every page, and of every tree's help text.
pub(crate) fn links(site: &Site) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = (site.pages.par_iter())
        .chain(site.translations.par_iter())
        .flat_map_iter(|page| page_links(site, page))
        .collect();
    // Pages with errors of their own: their links are reported in the same run.
    for (source, body_offset, links) in &site.unloaded_links {
        diags.extend(file_links(site, source, *body_offset, links));
    }
    for tree in &site.trees {
        let (shown, text) = tree.located();
        let src = Located { path: &shown, text };
        for link in tree.nodes.values().flat_map(|n| &n.help_links) {
            if let Err(message) = check_link(site, &tree.source, link.as_ref()) {
                diags.push(src.error(link.offset, message));
            }
        }
    }
    diags.extend(dead_entries(site));
    diags
}

/// The broken links and anchors of one page.
pub(crate) fn page_links(site: &Site, page: &Page) -> Vec<Diagnostic> {
    file_links(site, &page.source, page.body_offset, &page.body.links)
}

/// The broken links and anchors among `links`, of the body at `body_offset` in the file
/// `source` (relative to `content/`).
fn file_links(
    site: &Site,
    source: &Path,
    body_offset: usize,
    links: &markdown::Links,
) -> Vec<Diagnostic> {
    let img_src = &site.config.csp.img_src;
    let broken: Vec<(usize, String)> = (links.iter())
        .filter_map(|link| {
            let message = match remote::blocked(link, img_src) {
                Some(image) => remote::message(&image, source),
                None => check_link(site, source, link).err()?,
            };
            Some((body_offset + link.offset, message))
        })
        .collect();
    if broken.is_empty() {
        return Vec::new();
    }
    let shown = display_path(source);
    let text = crate::fs::read_to_string(&site.root.join(&shown)).unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let src = Located { path: &shown, text };
    (broken.into_iter())
        .map(|(at, message)| src.error(at, message))
        .collect()
}

/// Root-absolute links of every page and tree help that `[links]` does not map, each with the
/// number of times it is written.
pub(crate) fn unmapped_links(site: &Site) -> BTreeMap<String, usize> {
    let page_links = site.pages.iter().flat_map(|p| p.body.links.iter());
    let help_links = (site.trees.iter())
        .flat_map(|t| t.nodes.values().flat_map(|n| &n.help_links))
        .map(markdown::Link::as_ref);
    let mut out = BTreeMap::new();
    for link in page_links.chain(help_links) {
        let dest = link.dest;
        if link.mapped_from.is_none() && dest.starts_with('/') && !dest.starts_with("//") {
            *out.entry(dest.to_string()).or_insert(0) += 1;
        }
    }
    out
}

/// Checks one link written in the file `source` (relative to `content/`).
fn check_link(site: &Site, source: &Path, link: LinkRef<'_>) -> Result<(), String> {
    let dest = link.dest;
    if crate::paths::is_external(dest) {
        return Ok(());
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    if path.starts_with('/') {
        return Err(root_link_problem(site, source, dest));
    }
    let path = path.split('?').next().unwrap_or(path);
    let base = source.parent().unwrap_or(Path::new(""));
    let target = if path.is_empty() {
        Some(source.to_path_buf())
    } else {
        normalise(&base.join(path))
    };
    let result = match &target {
        Some(target) => check_target(site, dest, target, fragment),
        None => Err(format!("link `{dest}` points outside the content folder")),
    };
    result.map_err(|message| {
        if let Some(old) = &link.mapped_from {
            let entry = entry_named(site, old);
            let near = did_you_mean(site, base, target.as_deref());
            return format!("`{old}` is mapped by {entry}, but {message}{near}");
        }
        // Written from the content folder (or another page's folder) instead of this file's?
        let meant = Path::new(path.trim_start_matches("../"));
        match site.page(meant).filter(|_| target.as_deref() != Some(meant)) {
            Some(page) => {
                let fix = relative_url(base, &page.source);
                format!("{message}: links are relative to the file they are written in, so write `{fix}`")
            }
            None => message + &did_you_mean(site, base, target.as_deref()),
        }
    })
}

/// A root-absolute link that `[links]` does not lead to a file: the entry it fell under and
/// the file looked for, or what to write; and the nearest files.
fn root_link_problem(site: &Site, source: &Path, dest: &str) -> String {
    let base = source.parent().unwrap_or(Path::new(""));
    if let Some(unfound) = site.links.unfound(dest) {
        let folder = display_path(unfound.folder).display().to_string();
        let folder = folder.trim_end_matches('/');
        let looked = display_path(&unfound.looked_for);
        let near = did_you_mean(site, base, Some(&unfound.looked_for));
        return format!(
            "link `{dest}` is under `{}`, which {} maps to `{folder}/`, but `{}` does not exist{near}",
            unfound.prefix,
            entry_named(site, unfound.prefix),
            looked.display()
        );
    }
    let (path, _) = dest.split_once('#').unwrap_or((dest, ""));
    let path = path.split('?').next().unwrap_or(path);
    let wanted =
        PathBuf::from(path.trim_matches('/').trim_end_matches(".html")).with_extension("md");
    let near = did_you_mean(site, base, Some(&wanted));
    format!(
        "link `{dest}` starts with `/`: write it relative to this file so the site works from any folder, or map the old address to a page in `[links]` in content/site.toml{near}"
    )
}

/// "; did you mean `a`, `b`?" with up to three files like `wanted` (of the same kind: pages for
/// a page, images for an image), as links from `base`; empty when none is close or `wanted`
/// exists. Pages that have errors of their own are offered too.
fn did_you_mean(site: &Site, base: &Path, wanted: Option<&Path>) -> String {
    let files = site.links.files();
    let Some(wanted) = wanted.filter(|w| files.binary_search_by(|f| f.as_path().cmp(w)).is_err())
    else {
        return String::new(); // the file is there: the problem is elsewhere (an anchor)
    };
    let ext = wanted.extension();
    let same_kind = files.iter().filter(|f| f.extension() == ext);
    let near: Vec<String> =
        crate::similar::ranked(same_kind, |f| crate::similar::path_score(wanted, f))
            .into_iter()
            .take(3)
            .map(|f| format!("`{}`", relative_url(base, f)))
            .collect();
    match near.is_empty() {
        true => String::new(),
        false => format!("; did you mean {}?", near.join(", ")),
    }
}

/// The `[links]` entry that maps `old`, with its place: "the `[links]` entry `"/old/"` at
/// content/site.toml:7:1".
fn entry_named(site: &Site, old: &str) -> String {
    let key = site.links.entry_of(old).unwrap_or(old);
    let (shown, line, col) = entry_position(site, key);
    format!(
        "the `[links]` entry `\"{key}\"` at {}:{line}:{col}",
        shown.display()
    )
}

/// Where the `[links]` entry `key` is written in `site.toml`: the file as shown, line, column.
fn entry_position(site: &Site, key: &str) -> (PathBuf, usize, usize) {
    let shown = display_path(Path::new(crate::paths::CONFIG_FILE));
    let text = crate::fs::read_to_string(&site.root.join(&shown)).unwrap_or_default();
    let at = crate::tomlpos::key_offset(&text, &format!("\"{key}\""));
    let (line, col) = crate::diagnostics::line_col(&text, at);
    (shown, line, col)
}

/// Every `[links]` entry that maps nothing, as an error at its key in `site.toml`.
fn dead_entries(site: &Site) -> Vec<Diagnostic> {
    let dead = site.links.dead_entries();
    if dead.is_empty() {
        return Vec::new();
    }
    let shown = display_path(Path::new(crate::paths::CONFIG_FILE));
    let text = crate::fs::read_to_string(&site.root.join(&shown)).unwrap_or_default();
    let src = Located {
        path: &shown,
        text: &text,
    };
    (dead.into_iter())
        .map(|(old, why)| {
            let at = crate::tomlpos::key_offset(&text, &format!("\"{old}\""));
            src.error(at, format!("`[links]` entry `{old}` maps nothing: {why}; point it at a page, a tree, an image or another file (a path relative to `content/`), or remove it"))
        })
        .collect()
}

fn check_target(
    site: &Site,
    dest: &str,
    target: &Path,
    fragment: Option<&str>,
) -> Result<(), String> {
    let shown = display_path(target).display().to_string();
    let ext = target.extension().and_then(|e| e.to_str());
    if site.unparsed.iter().any(|p| p == target) {
        return Ok(()); // its own problems are reported; its anchors are unknown
    }
    if ext == Some("md") {
        let Some(page) = site.page(target) else {
            return Err(format!("broken link `{dest}`: `{shown}` does not exist"));
        };
        let shared = |id: &str| {
            let mut groups = page.body.shared_ids.iter();
            groups.find(|ids| ids.iter().next() == Some(id))
        };
        return match fragment {
            Some(id) if let Some(ids) = shared(id) => {
                let list: Vec<String> = ids.iter().map(|i| format!("`#{i}`")).collect();
                Err(format!(
                    "ambiguous anchor `{dest}`: {} headings in `{shown}` have this text, with ids {}; link to the one you mean by its id",
                    list.len(),
                    list.join(", ")
                ))
            }
            Some(id) if !id.is_empty() && !page.body.ids.contains(id) => {
                let known = match page.body.ids.is_empty() {
                    true => "it has no ids to link to".to_string(),
                    false => format!(
                        "its ids are, closest first: {}",
                        closest_first(id, &page.body.ids)
                    ),
                };
                Err(format!(
                    "broken anchor `{dest}`: `{shown}` has no heading with id `{id}` ({known})"
                ))
            }
            _ => Ok(()),
        };
    }
    if ext == Some("toml") && site.trees.iter().any(|t| t.source == target) {
        return Ok(());
    }
    if site.assets.iter().any(|a| a == target) {
        return Ok(());
    }
    Err(format!("broken link `{dest}`: `{shown}` does not exist"))
}

/// `ids` as a list of `code` spans, the most similar to `wanted` first (ties in page order).
fn closest_first(wanted: &str, ids: &markdown::Ids) -> String {
    (crate::similar::closest_first(wanted, ids.iter()).iter())
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
