//! Site-wide checks after parsing: every local link and `#anchor` resolves, no two sources are
//! written to one output path, and nothing links or writes outside the site.

use crate::diagnostics::{Diagnostic, Located};
use crate::markdown::{self, Link};
use crate::render::{AZ_PAGE, MARKER, NOT_FOUND_PAGE};
use crate::site::{Page, Site};
use crate::source;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Checks every link of every page.
pub fn links(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for page in &site.pages {
        let (shown, text) = page.located();
        let src = Located { path: &shown, text };
        for link in &page.body.links {
            if let Err(message) = check_link(site, page, link) {
                diags.push(src.error(page.body_offset + link.offset, message));
            }
        }
    }
    diags
}

fn check_link(site: &Site, page: &Page, link: &Link) -> Result<(), String> {
    let dest = link.dest.as_str();
    if markdown::is_external(dest) {
        return Ok(());
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    if path.starts_with('/') {
        return Err(format!(
            "link `{dest}` starts with `/`: write it relative to this file so the site works from any folder"
        ));
    }
    let path = path.split('?').next().unwrap_or(path);
    let target = if path.is_empty() {
        page.source.clone()
    } else {
        let base = page.source.parent().unwrap_or(Path::new(""));
        normalise(&base.join(path))
            .ok_or_else(|| format!("link `{dest}` points outside the content folder"))?
    };
    check_target(site, dest, &target, fragment)
}

fn check_target(
    site: &Site,
    dest: &str,
    target: &Path,
    fragment: Option<&str>,
) -> Result<(), String> {
    let shown = source::display_path(target).display().to_string();
    let ext = target.extension().and_then(|e| e.to_str());
    if ext == Some("md") {
        let Some(page) = site.page(target) else {
            return Err(format!("broken link `{dest}`: `{shown}` does not exist"));
        };
        return match fragment {
            Some(id) if !id.is_empty() && !page.body.ids.iter().any(|h| h == id) => Err(format!(
                "broken anchor `{dest}`: `{shown}` has no heading with id `{id}`"
            )),
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

/// Resolves `.` and `..` in a relative path; `None` if it climbs out of its root.
pub fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(c) => out.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// No two sources may be written to one output path. Paths are compared ignoring case, because
/// USB sticks and Windows shares cannot hold `X.html` beside `x.html`.
pub fn output_collisions(site: &Site) -> Vec<Diagnostic> {
    let mut owners: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    for (reserved, what) in [
        (AZ_PAGE, "the A–Z of causes"),
        (NOT_FOUND_PAGE, "the page-not-found page"),
        (MARKER, "carepath's marker file"),
    ] {
        owners.insert(reserved.to_string(), (PathBuf::new(), what.to_string()));
    }
    let mut diags = Vec::new();
    let mut claim = |out: PathBuf, source: &Path| {
        let key = crate::render::url_of(&out).to_lowercase();
        let shown = source::display_path(source);
        match owners.get(&key) {
            Some((other, what)) => {
                let other = if other.as_os_str().is_empty() {
                    what.clone()
                } else {
                    format!("`{}`", other.display())
                };
                diags.push(crate::diagnostics::file_error(
                    &shown,
                    format!(
                        "would be written to `{}`, which is already written from {other}",
                        out.display()
                    ),
                ));
            }
            None => {
                owners.insert(key, (shown.clone(), String::new()));
            }
        }
    };
    for page in &site.pages {
        claim(page.output(), &page.source);
    }
    for tree in &site.trees {
        claim(tree.output_dir().join("index.html"), &tree.source);
    }
    for asset in &site.assets {
        claim(asset.clone(), asset);
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_relative_paths() {
        assert_eq!(
            normalise(Path::new("causes/../outcomes/gp.md")),
            Some(PathBuf::from("outcomes/gp.md"))
        );
        assert_eq!(normalise(Path::new("./a.md")), Some(PathBuf::from("a.md")));
        assert_eq!(normalise(Path::new("../x.md")), None);
    }
}
