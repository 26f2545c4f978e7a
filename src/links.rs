//! The link map for migration: `[links]` in `site.toml` maps the addresses a site used to have
//! (exact URLs, or prefixes ending in `/`) to source files, so root-absolute links copied from
//! the old site (`/information/managing-symptoms/tremor`) are rewritten like `.md` links while
//! rendering. A root-absolute link that matches nothing stays an error (see `validate`), which
//! names the nearest known pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Old addresses and the source files (relative to `content/`) they now are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkMap {
    /// Exact old paths (without `#` or `?` parts, and without a trailing `/`) → source.
    exact: BTreeMap<String, PathBuf>,
    /// Old prefixes ending in `/` → folder in `content/`.
    prefixes: Vec<(String, PathBuf)>,
    /// Every article's source, to find what a path under a prefix is.
    pages: Arc<Vec<PathBuf>>,
}

impl LinkMap {
    /// The map written in `site.toml` (already checked there), knowing the site's articles.
    pub fn new(links: &BTreeMap<String, String>, pages: &[PathBuf]) -> LinkMap {
        let mut map = LinkMap {
            pages: Arc::new(pages.to_vec()),
            ..LinkMap::default()
        };
        for (old, new) in links {
            if old.ends_with('/') {
                map.prefixes.push((old.clone(), PathBuf::from(new)));
            } else {
                map.exact.insert(old.clone(), PathBuf::from(new));
            }
        }
        // Longest prefix first, so `/info/symptoms/` wins over `/info/`.
        map.prefixes
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        map
    }

    /// The source file a root-absolute link leads to, with its `#fragment` (`""` if none).
    pub fn resolve<'d>(&self, dest: &'d str) -> Option<(PathBuf, &'d str)> {
        let (path, fragment) = match dest.find('#') {
            Some(i) => dest.split_at(i),
            None => (dest, ""),
        };
        let path = path.split('?').next().unwrap_or(path);
        let trimmed = path.trim_end_matches('/');
        let bare = trimmed.strip_suffix(".html").unwrap_or(trimmed);
        if let Some(source) = [path, trimmed, bare]
            .iter()
            .find_map(|p| self.exact.get(*p))
        {
            return Some((source.clone(), fragment));
        }
        let (prefix, folder) = self
            .prefixes
            .iter()
            .find(|(prefix, _)| path.starts_with(prefix.as_str()))?;
        let rest = bare.get(prefix.len()..).unwrap_or("");
        let rest = rest.strip_suffix("/index").unwrap_or(rest);
        let stem = folder.join(rest);
        self.find(&stem).map(|source| (source, fragment))
    }

    /// The article at `stem`: `stem.md`, `stem/_index.md`, or `stem` itself.
    fn find(&self, stem: &Path) -> Option<PathBuf> {
        let candidates = [
            stem.with_extension("md"),
            stem.join(crate::paths::INDEX_FILE),
            stem.to_path_buf(),
        ];
        candidates
            .into_iter()
            .find(|c| self.pages.binary_search(c).is_ok())
    }
}

/// Why an old address in `[links]` cannot be used, if it cannot.
pub(crate) fn entry_problem(old: &str, new: &str) -> Option<String> {
    if !old.starts_with('/') || old.starts_with("//") {
        return Some(format!(
            "`[links]` key `{old}` must be an address on the old site starting with one `/` (`/information/tremor`, or `/information/` for every address under it)"
        ));
    }
    let target = Path::new(new);
    let climbs = crate::paths::normalise(target).is_none();
    if new.starts_with('/') || climbs || (!old.ends_with('/') && new.is_empty()) {
        return Some(format!(
            "`[links]` value `{new}` must be a source file relative to `content/` (`managing-symptoms/tremor.md`), or a folder for a key ending in `/`"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> LinkMap {
        let links = BTreeMap::from([
            (
                "/information/managing-symptoms/tremor".to_string(),
                "managing-symptoms/tremor.md".to_string(),
            ),
            ("/info/".to_string(), "".to_string()),
            ("/info/living/".to_string(), "living-well".to_string()),
        ]);
        let pages = [
            "living-well/caffeine.md",
            "managing-symptoms/_index.md",
            "managing-symptoms/sleep.md",
            "managing-symptoms/tremor.md",
        ]
        .map(PathBuf::from);
        LinkMap::new(&links, &pages)
    }

    #[test]
    fn exact_addresses_and_prefixes_lead_to_sources() {
        let m = map();
        let got = |d: &str| {
            m.resolve(d)
                .map(|(p, f)| (p.display().to_string(), f.to_string()))
        };
        assert_eq!(
            got("/information/managing-symptoms/tremor/#steady"),
            Some(("managing-symptoms/tremor.md".into(), "#steady".into()))
        );
        assert_eq!(
            got("/info/managing-symptoms/sleep.html"),
            Some(("managing-symptoms/sleep.md".into(), String::new()))
        );
        assert_eq!(
            got("/info/managing-symptoms/"),
            Some(("managing-symptoms/_index.md".into(), String::new()))
        );
        assert_eq!(
            got("/info/living/caffeine?x=1"),
            Some(("living-well/caffeine.md".into(), String::new()))
        );
        assert_eq!(got("/info/nothing-here"), None);
        assert_eq!(got("/elsewhere/tremor"), None);
    }

    #[test]
    fn entries_must_be_addresses_and_sources() {
        assert!(entry_problem("information/x", "x.md").is_some());
        assert!(entry_problem("//host/x", "x.md").is_some());
        assert!(entry_problem("/x", "../x.md").is_some());
        assert!(entry_problem("/x", "").is_some());
        assert!(entry_problem("/x/", "").is_none());
        assert!(entry_problem("/x", "a/x.md").is_none());
    }
}
