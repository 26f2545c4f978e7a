//! The link map for migration: `[links]` in `site.toml` maps the addresses a site used to have
//! (exact URLs, or prefixes ending in `/`) to source files, so root-absolute links copied from
//! the old site (`/information/managing-symptoms/tremor`) are rewritten like `.md` links while
//! rendering. Any published file can be mapped (`"/images/" = "images/"` serves `<img>` and
//! `![]()` too). A root-absolute link that matches nothing stays an error (see `validate`), which
//! names the entry it fell under, the file it looked for and the nearest known pages.

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
    /// Every source file a link may lead to (articles, trees, images and other files), sorted,
    /// to find what a path under a prefix is.
    files: Arc<Vec<PathBuf>>,
}

/// A root-absolute link under a prefix that `[links]` maps, whose file is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unfound<'m> {
    /// The `[links]` key, ending in `/`.
    pub prefix: &'m str,
    /// The folder in `content/` it maps to.
    pub folder: &'m Path,
    /// The file looked for first (`folder/rest.md`, or the file itself when it has another
    /// extension).
    pub looked_for: PathBuf,
}

impl LinkMap {
    /// The map written in `site.toml` (already checked there), knowing every source file a
    /// link may lead to (in any order).
    pub fn new(links: &BTreeMap<String, String>, files: &[PathBuf]) -> LinkMap {
        let mut files = files.to_vec();
        files.sort();
        files.dedup();
        let mut map = LinkMap {
            files: Arc::new(files),
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
        let (path, fragment) = split_fragment(dest);
        if let Some(source) = self.exact_entry(path).map(|(_, source)| source) {
            return Some((source.to_path_buf(), fragment));
        }
        let (_, folder, rest) = self.prefix_entry(path)?;
        self.find(&folder.join(rest))
            .map(|source| (source, fragment))
    }

    /// The exact entry (key and source) an old address matches, if any.
    pub(crate) fn exact_entry(&self, dest: &str) -> Option<(&str, &Path)> {
        let (path, _) = split_fragment(dest);
        let trimmed = path.trim_end_matches('/');
        let bare = trimmed.strip_suffix(".html").unwrap_or(trimmed);
        [path, trimmed, bare]
            .iter()
            .find_map(|p| self.exact.get_key_value(*p))
            .map(|(k, v)| (k.as_str(), v.as_path()))
    }

    /// The longest prefix entry an old address is under, its folder, and the rest of the
    /// address without `.html` or `/index` (`info/x.html` under `/info/` → `x`).
    fn prefix_entry<'s, 'd>(&'s self, dest: &'d str) -> Option<(&'s str, &'s Path, &'d str)> {
        let (path, _) = split_fragment(dest);
        let (prefix, folder) =
            (self.prefixes.iter()).find(|(p, _)| path.starts_with(p.as_str()))?;
        let trimmed = path.trim_end_matches('/');
        let rest = trimmed.get(prefix.len()..).unwrap_or("");
        let rest = rest.strip_suffix(".html").unwrap_or(rest);
        let rest = rest.strip_suffix("/index").unwrap_or(rest);
        Some((prefix.as_str(), folder.as_path(), rest))
    }

    /// The key of the entry that maps `dest`: its exact entry, else the longest prefix it is
    /// under.
    pub(crate) fn entry_of(&self, dest: &str) -> Option<&str> {
        let exact = self.exact_entry(dest).map(|(key, _)| key);
        exact.or_else(|| self.prefix_entry(dest).map(|(prefix, _, _)| prefix))
    }

    /// When `dest` is under a mapped prefix but no file is there: the entry and the file looked
    /// for.
    pub(crate) fn unfound(&self, dest: &str) -> Option<Unfound<'_>> {
        let (prefix, folder, rest) = self.prefix_entry(dest)?;
        let stem = folder.join(rest);
        if self.find(&stem).is_some() {
            return None;
        }
        let looked_for = match Path::new(rest).extension() {
            Some(_) => stem,
            None if rest.is_empty() => folder.join(crate::paths::INDEX_FILE),
            None => stem.with_extension("md"),
        };
        Some(Unfound {
            prefix,
            folder,
            looked_for,
        })
    }

    /// The file at `stem`: `stem.md`, `stem/_index.md`, or `stem` itself (an image, a PDF, a
    /// tree).
    fn find(&self, stem: &Path) -> Option<PathBuf> {
        let md = match stem.extension() {
            Some(_) => stem.as_os_str().to_os_string(),
            None => stem.with_extension("md").into_os_string(),
        };
        let candidates = [
            PathBuf::from(md),
            stem.join(crate::paths::INDEX_FILE),
            stem.to_path_buf(),
        ];
        candidates.into_iter().find(|c| self.has(c))
    }

    fn has(&self, file: &Path) -> bool {
        self.files
            .binary_search_by(|f| f.as_path().cmp(file))
            .is_ok()
    }

    /// Every old address `[links]` leads to a file, with that file: each exact entry whose file
    /// exists, and for each prefix every file in its folder at the old address it answers at
    /// (`/info/` → `living-well/caffeine.md` at `/info/living-well/caffeine`). For host
    /// redirect files.
    pub(crate) fn moves(&self) -> Vec<(String, &Path)> {
        let exact = (self.exact.iter())
            .filter(|(_, source)| self.has(source))
            .map(|(old, source)| (old.trim_end_matches('/').to_string(), source.as_path()));
        let under = self.prefixes.iter().flat_map(|(prefix, folder)| {
            let files = self.files.iter().filter(move |f| f.starts_with(folder));
            files.filter_map(move |f| {
                let rest = crate::paths::url_of(f.strip_prefix(folder).ok()?);
                let rest = match rest.strip_suffix(crate::paths::INDEX_FILE) {
                    Some(dir) => dir.trim_end_matches('/').to_string(),
                    None => rest.strip_suffix(".md").unwrap_or(&rest).to_string(),
                };
                Some((
                    format!("{prefix}{rest}").trim_end_matches('/').to_string(),
                    f.as_path(),
                ))
            })
        });
        let mut moves: Vec<(String, &Path)> = exact.chain(under).collect();
        // A longer prefix wins, as in `resolve`: keep the first move of each old address.
        let mut seen = std::collections::HashSet::new();
        moves.retain(|(old, _)| seen.insert(old.clone()));
        moves
    }

    /// Every source file a link may lead to, sorted.
    pub(crate) fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// The entries that map nothing, as (key, why): an exact entry whose file does not exist,
    /// or a prefix whose folder holds no file.
    pub(crate) fn dead_entries(&self) -> Vec<(&str, String)> {
        let exact = (self.exact.iter())
            .filter(|(_, source)| !self.has(source))
            .map(|(old, source)| {
                let shown = crate::paths::display_path(source);
                (
                    old.as_str(),
                    format!("`{}` does not exist", shown.display()),
                )
            });
        let prefixes = (self.prefixes.iter())
            .filter(|(_, folder)| !self.files.iter().any(|f| f.starts_with(folder)))
            .map(|(old, folder)| {
                let shown = crate::paths::display_path(folder);
                (
                    old.as_str(),
                    format!("the folder `{}` holds no page or file", shown.display()),
                )
            });
        let mut dead: Vec<(&str, String)> = exact.chain(prefixes).collect();
        dead.sort();
        dead
    }
}

/// `x#a` → (`x` without its `?query`, `#a`).
fn split_fragment(dest: &str) -> (&str, &str) {
    let (path, fragment) = match dest.find('#') {
        Some(i) => dest.split_at(i),
        None => (dest, ""),
    };
    (path.split('?').next().unwrap_or(path), fragment)
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
            "images/hand.jpg",
        ]
        .map(PathBuf::from);
        LinkMap::new(&links, &pages)
    }

    #[test]
    fn images_and_other_files_are_mapped_too() {
        let m = map();
        let got = m.resolve("/info/images/hand.jpg").map(|(p, _)| p);
        assert_eq!(got, Some(PathBuf::from("images/hand.jpg")));
        assert_eq!(m.resolve("/info/images/foot.jpg"), None);
    }

    #[test]
    fn a_missing_file_under_a_prefix_names_the_entry_and_the_file() {
        let m = map();
        let unfound = m.unfound("/info/living/cafeine.html#x");
        assert_eq!(
            unfound,
            Some(Unfound {
                prefix: "/info/living/",
                folder: Path::new("living-well"),
                looked_for: PathBuf::from("living-well/cafeine.md"),
            })
        );
        assert_eq!(m.unfound("/info/living/caffeine"), None);
        assert_eq!(m.unfound("/elsewhere/x"), None);
    }

    #[test]
    fn entries_that_map_nothing_are_found() {
        let links = BTreeMap::from([
            ("/a".to_string(), "gone.md".to_string()),
            ("/b/".to_string(), "empty".to_string()),
            ("/c/".to_string(), "images".to_string()),
            ("/d".to_string(), "images/hand.jpg".to_string()),
        ]);
        let files = [PathBuf::from("images/hand.jpg")];
        let m = LinkMap::new(&links, &files);
        let dead: Vec<&str> = m.dead_entries().into_iter().map(|(k, _)| k).collect();
        assert_eq!(dead, ["/a", "/b/"]);
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
