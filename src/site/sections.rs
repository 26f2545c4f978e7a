//! Sections: every folder of pages in `content/` is a section, with a landing page
//! (`<folder>/index.html`) that lists its pages. An optional `<folder>/_index.md` gives the
//! section its title, introduction and place in the main navigation. Worked out once from the
//! loaded pages (part of the immutable site); rendering reads it for landing pages,
//! breadcrumbs and the links between pages of a section.

use crate::site::{Page, PageKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One folder of pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The folder, relative to `content/` (never empty: the top folder is the home page's).
    pub dir: PathBuf,
    /// The title: `_index.md`'s, else made from the folder's name (`managing-symptoms` →
    /// "Managing symptoms").
    pub title: String,
    /// Index in the site's pages of its `_index.md`, if it has one.
    pub index: Option<usize>,
    /// Its place among its sibling sections (`weight` in `_index.md`, else 0).
    pub weight: i64,
    /// Indexes of the pages directly in it, in order: `weight`, then title, then path.
    pub pages: Vec<usize>,
    /// Indexes in [`Sections::list`] of the sections directly inside it, in the same order.
    pub children: Vec<usize>,
}

impl Section {
    /// Output path of its landing page.
    pub fn output(&self) -> PathBuf {
        self.dir.join("index.html")
    }
}

/// Every section of a site, sorted by folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections {
    /// The sections, sorted by folder.
    pub list: Vec<Section>,
    /// Top-level sections in order (indexes into `list`), for the main navigation.
    pub top: Vec<usize>,
    /// For each listed page (by index): its section in `list` and its place in that list.
    by_page: BTreeMap<usize, (usize, usize)>,
}

impl Sections {
    /// Works out the sections of `pages` (sorted by source path, as the site holds them).
    pub fn new(pages: &[Page]) -> Sections {
        let mut by_dir: BTreeMap<PathBuf, Section> = BTreeMap::new();
        for (i, page) in pages.iter().enumerate() {
            let Some(dir) = page.source.parent().filter(|d| !d.as_os_str().is_empty()) else {
                continue;
            };
            for ancestor in dir.ancestors().filter(|a| !a.as_os_str().is_empty()) {
                by_dir
                    .entry(ancestor.to_path_buf())
                    .or_insert_with(|| empty(ancestor));
            }
            if let Some(section) = by_dir.get_mut(dir) {
                if page.kind == PageKind::Section {
                    section.index = Some(i);
                    section.title = page.front.title.clone();
                    section.weight = page.front.weight;
                } else {
                    section.pages.push(i);
                }
            }
        }
        let mut list: Vec<Section> = by_dir.into_values().collect();
        for section in &mut list {
            section
                .pages
                .sort_by(|&a, &b| page_order(&pages[a]).cmp(&page_order(&pages[b])));
        }
        let order = |s: &Section| (s.weight, s.title.to_lowercase(), s.dir.clone());
        let mut top = Vec::new();
        for i in 0..list.len() {
            let parent = list[i].dir.parent().map(Path::to_path_buf);
            match parent.and_then(|p| list.iter().position(|s| s.dir == p)) {
                Some(p) => list[p].children.push(i),
                None => top.push(i),
            }
        }
        let keys: Vec<_> = list.iter().map(order).collect();
        top.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        for section in &mut list {
            section.children.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        }
        let mut by_page = BTreeMap::new();
        for (s, section) in list.iter().enumerate() {
            for (at, &page) in section.pages.iter().enumerate() {
                by_page.insert(page, (s, at));
            }
        }
        Sections { list, top, by_page }
    }

    /// The section a page (by index) is listed in, and its place in that list.
    pub fn of_page(&self, page: usize) -> Option<(&Section, usize)> {
        let &(s, at) = self.by_page.get(&page)?;
        Some((&self.list[s], at))
    }

    /// The section of the folder `dir`.
    pub fn of_dir(&self, dir: &Path) -> Option<&Section> {
        self.list.iter().find(|s| s.dir == dir)
    }

    /// The sections that hold `dir`, outermost first, `dir`'s own included.
    pub fn trail(&self, dir: &Path) -> Vec<&Section> {
        let mut trail: Vec<&Section> = dir.ancestors().filter_map(|a| self.of_dir(a)).collect();
        trail.reverse();
        trail
    }
}

/// A section with no pages yet, titled after its folder.
fn empty(dir: &Path) -> Section {
    Section {
        dir: dir.to_path_buf(),
        title: title_from_dir(dir),
        index: None,
        weight: 0,
        pages: Vec::new(),
        children: Vec::new(),
    }
}

/// The order of pages in a section: `weight`, then title ignoring case, then path.
fn page_order(page: &Page) -> (i64, String, &Path) {
    (
        page.front.weight,
        page.front.title.to_lowercase(),
        &page.source,
    )
}

/// "managing-symptoms" → "Managing symptoms"; "faq_2" → "Faq 2".
pub(crate) fn title_from_dir(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().replace(['-', '_'], " "))
        .unwrap_or_default();
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Pages".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_become_titles() {
        assert_eq!(
            title_from_dir(Path::new("info/managing-symptoms")),
            "Managing symptoms"
        );
        assert_eq!(title_from_dir(Path::new("faq_2")), "Faq 2");
        assert_eq!(title_from_dir(Path::new("über")), "Über");
    }
}
