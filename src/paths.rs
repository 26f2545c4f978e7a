//! Files, paths and URLs: where a site keeps its sources, where a build puts each page, and the
//! path arithmetic every stage shares (resolving `..`, relative links between pages). The lowest
//! floor of the crate: it uses nothing else of carepath.

use std::path::{Component, Path, PathBuf};

// Where a site keeps its sources.

/// Name of the content folder inside a site.
pub(crate) const CONTENT_DIR: &str = "content";

/// Name of the settings file inside the content folder.
pub(crate) const CONFIG_FILE: &str = "site.toml";

/// Name of the clinical sign-off record inside the content folder (never published).
pub(crate) const SIGNOFF_FILE: &str = "signoff.toml";

/// Folder (beside `content/`) of files for the web host, copied to the output as they are,
/// hidden ones included (`.htaccess`, `CNAME`, `.well-known/`).
pub(crate) const STATIC_DIR: &str = "static";

/// Folder (inside content) holding decision trees.
pub(crate) const CHECKS_DIR: &str = "checks";

/// Folder (inside `content/`) that holds snippets; they are included, never published alone.
pub(crate) const SNIPPETS_DIR: &str = "snippets";

/// The file that introduces a section.
pub(crate) const INDEX_FILE: &str = "_index.md";

/// Path of a content file relative to the site root, as shown in diagnostics.
pub(crate) fn display_path(rel: &Path) -> PathBuf {
    Path::new(CONTENT_DIR).join(rel)
}

// Where a build puts what it writes.

/// Name of the marker file carepath writes into every output folder it owns.
pub(crate) const MARKER: &str = ".carepath";

/// Output path of the A–Z of causes.
pub(crate) const AZ_PAGE: &str = "a-z.html";

/// Output path of the "page not found" page.
pub(crate) const NOT_FOUND_PAGE: &str = "404.html";

/// Output path of the page a source path (relative to `content/`) is built into.
pub(crate) fn page_output(source: &Path) -> PathBuf {
    if source.file_name().is_some_and(|n| n == INDEX_FILE) {
        return source.with_file_name("index.html");
    }
    source.with_extension("html")
}

/// `/`-separated URL of an output path, relative to the site root.
pub(crate) fn url_of(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The prefix that leads from `path` back to the site root (`""`, `"../"`, …).
pub(crate) fn root_prefix(path: &Path) -> String {
    "../".repeat(path.components().count().saturating_sub(1))
}

// Paths and links.

/// Resolves `.` and `..` in a relative path; `None` if it climbs out of its root.
pub(crate) fn normalise(path: &Path) -> Option<PathBuf> {
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

/// The relative URL that leads from a page in folder `from_dir` to `to` (both relative to the
/// output root): `relative_url("checks/t", "outcomes/gp.html")` is `../../outcomes/gp.html`.
pub(crate) fn relative_url(from_dir: &Path, to: &Path) -> String {
    let from: Vec<_> = from_dir.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// True for links carepath leaves alone: any `scheme:` URL (https:, mailto:, tel:, …) or `//host`.
pub(crate) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && !scheme.contains(['/', '#', '?'])
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// `path` as relative to `content/`: given from the site root, with or without `content/`.
pub(crate) fn content_relative(site: &Path, path: &Path) -> PathBuf {
    let path = path.strip_prefix(site).unwrap_or(path);
    let path = path.strip_prefix(".").unwrap_or(path);
    path.strip_prefix(CONTENT_DIR).unwrap_or(path).to_path_buf()
}
