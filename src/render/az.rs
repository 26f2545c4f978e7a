//! The A–Z: every cause (or, on a site without causes, every page) and its other names, sorted
//! and grouped by first letter.
//!
//! A list of up to `list_page_size` entries whose page (with the stylesheet) fits
//! `page_weight_budget` is one page, `a-z.html`, with a letter index that jumps within it. A
//! longer or heavier list becomes an index at `a-z.html` (the letters, and for each letter its
//! pages, named by their first and last entries, like a dictionary's guide words) and a page per
//! letter under `a-z/` (`a-z/b.html`, then `a-z/b-2.html`, … for a letter with more entries than
//! fit on one page). No page then grows with the site, and only one batch of pages' entries is
//! held at a time. Whether and how the list is split is decided by [`layout`] from an estimate
//! of each entry's weight, before anything is rendered, so the output-path check knows the
//! pages too.

use super::views::{SiteView, human_date};
use super::{Sink, list_batch, render_with};
use crate::paths::{AZ_PAGE, root_prefix, url_of};
use crate::site::{Page, PageKind, Site};
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::cmp::Ordering;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Folder of the A–Z's pages when the list is split.
pub(crate) const AZ_DIR: &str = "a-z";

/// Renders the A–Z (one page, or the index and its pages) and hands the files to `sink`.
pub(super) fn render(
    site: &Site,
    theme: &crate::templates::Theme,
    sv: &SiteView<'_>,
    sink: Sink<'_>,
) -> Result<()> {
    let az = Az::new(site);
    let dates = Dates::of(&az.listed);
    let Some(parts) = az.parts() else {
        let view = AzView {
            letters: az.letters(0..az.groups.len(), |_| Vec::new()),
            nav: az.nav(|g| format!("#{}", anchor(g.letter)), None),
            part: None,
            page: dates.page(AZ_PAGE),
        };
        return sink(vec![render_with(
            theme,
            sv,
            "a-z.html",
            Path::new(AZ_PAGE),
            &view,
        )?]);
    };
    let index = AzView {
        letters: az.letters(0..az.groups.len(), |g| {
            let parts = parts.iter().filter(|p| p.group == g);
            parts.map(|p| az.part_link(p)).collect()
        }),
        nav: az.nav_to_parts(Path::new(AZ_PAGE), None),
        part: None,
        page: dates.page(AZ_PAGE),
    };
    sink(vec![render_with(
        theme,
        sv,
        "a-z.html",
        Path::new(AZ_PAGE),
        &index,
    )?])?;
    for batch in (0..parts.len())
        .collect::<Vec<_>>()
        .chunks(list_batch(site.config.list_page_size.max(1)))
    {
        let files = batch
            .par_iter()
            .map(|&i| {
                let part = &parts[i];
                let path = part.path();
                let view = AzView {
                    letters: vec![Letter {
                        letter: az.groups[part.group].letter.to_string(),
                        anchor: anchor(az.groups[part.group].letter),
                        entries: part.slots.clone().map(|s| az.entry(s)).collect(),
                        parts: Vec::new(),
                    }],
                    nav: az.nav_to_parts(&path, Some(part.group)),
                    part: Some(az.part_view(&parts, i)),
                    page: dates.page_at(&path),
                };
                render_with(theme, sv, "a-z.html", &path, &view)
            })
            .collect::<Result<Vec<_>>>()?;
        sink(files)?;
    }
    Ok(())
}

/// The output paths of the A–Z's pages under [`AZ_DIR`] (none while it is one page). Only the
/// number of names under each letter decides them, so they are counted, not sorted.
pub(crate) fn part_paths(site: &Site) -> Vec<PathBuf> {
    let listed = listed_pages(site);
    let Layout::Split { per_page } = layout(&listed, &site.config) else {
        return Vec::new();
    };
    let mut counts: std::collections::BTreeMap<(u8, char), usize> = Default::default();
    for page in listed {
        for (_, name) in names_of(page) {
            *counts
                .entry((letter_rank(name), letter_of(name)))
                .or_default() += 1;
        }
    }
    let mut paths = Vec::new();
    for ((_, letter), n) in counts {
        paths.extend((1..=n.div_ceil(per_page)).map(|number| part_path(letter, number)));
    }
    paths
}

/// Whether the A–Z is one page or split, and how many entries a page of a split A–Z holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    OnePage,
    Split { per_page: usize },
}

/// Bytes of HTML the default theme writes on an A–Z page besides its entries and letters (the
/// header, the footer, the introduction, the review dates): 2,000 on the starter site, with
/// room for a longer title and footer.
const PAGE_BYTES: usize = 2_600;

/// Bytes of markup around an entry (`<li><a href="…">…</a>: …</li>`, or an other name's
/// `<span class="see">(see …)</span>`), besides its words and address.
const ENTRY_BYTES: usize = 48;

/// Bytes of a letter: its heading, its list and its link in the letter index.
const LETTER_BYTES: usize = 80;

/// How the A–Z of `listed` is laid out, from its number of names and an estimate of its weight
/// (the one estimate both rendering and the output-path check use). It is one page while its
/// names number at most `list_page_size` and the page, with the stylesheet, is estimated to
/// weigh at most `page_weight_budget`; otherwise a page per letter, each holding as many
/// entries as the budget has room for (at most `list_page_size`).
fn layout(listed: &[&Page], config: &crate::config::SiteConfig) -> Layout {
    let mut names = 0;
    let mut entries_bytes = 0;
    let mut letters = std::collections::BTreeSet::new();
    for page in listed {
        for (alias, name) in names_of(page) {
            names += 1;
            entries_bytes += entry_bytes(page, alias, name);
            letters.insert(letter_of(name));
        }
    }
    let page_size = config.list_page_size.max(1);
    let room = (config.page_weight_budget)
        .saturating_sub(PAGE_BYTES + crate::templates::default_stylesheet_bytes());
    let weight = entries_bytes + letters.len() * LETTER_BYTES;
    if names <= page_size && weight <= room {
        return Layout::OnePage;
    }
    // A letter's page has one letter: the room left is for its entries, at their mean size.
    let mean = entries_bytes.div_ceil(names.max(1)).max(1);
    let fits = room.saturating_sub(LETTER_BYTES) / mean;
    Layout::Split {
        per_page: fits.clamp(1, page_size),
    }
}

/// The estimated bytes of one entry: its name, address and summary (or the title it is an
/// other name of), the publishers it names, and their markup. Pages under `a-z/` write each
/// address with `../` in front.
fn entry_bytes(page: &Page, alias: Option<u32>, name: &str) -> usize {
    let url = page.source.as_os_str().len() + 3 + "../".len();
    let words = match alias {
        Some(_) => page.front.title.len(),
        None => {
            let publishers = page
                .front
                .sources
                .iter()
                .map(|s| short_publisher(&s.publisher).len() + 2);
            page.front.summary.len() + publishers.sum::<usize>()
        }
    };
    ENTRY_BYTES + name.len() + url + words
}

/// What a template sees on an A–Z page.
#[derive(Debug, Serialize)]
struct AzView {
    /// The letters shown on this page: every letter on a one-page A–Z (with its entries) and on
    /// the index (with its pages); the one letter of a part page (with that page's entries).
    letters: Vec<Letter>,
    /// Every letter, each linking to where it starts.
    nav: Vec<NavLetter>,
    /// Where a page of a split A–Z stands; absent on a one-page A–Z and on the index.
    part: Option<PartView>,
    page: AzPage,
}

#[derive(Debug, Serialize)]
struct AzPage {
    url: String,
    /// The most recent review of any cause listed (the list is only as current as its pages).
    reviewed: Option<String>,
    /// The soonest next review of any cause listed.
    next_review: Option<String>,
}

#[derive(Debug, Serialize)]
struct Letter {
    letter: String,
    /// Its heading's id: `letter-a`, or `letter-other` for `#`.
    anchor: String,
    entries: Vec<AzEntry>,
    /// On the index of a split A–Z: the letter's pages.
    parts: Vec<PartLink>,
}

#[derive(Debug, Serialize)]
struct NavLetter {
    letter: String,
    href: String,
    /// Whether this is the letter of the page shown.
    current: bool,
}

#[derive(Debug, Serialize)]
struct AzEntry {
    name: String,
    url: String,
    summary: String,
    alias_of: Option<String>,
    /// Who published the page's sources, each named once, without the details in brackets.
    publishers: Vec<String>,
}

/// A link to one page of a split A–Z, named by its first and last entries.
#[derive(Debug, Serialize)]
struct PartLink {
    url: String,
    first: String,
    last: String,
    /// "Sciatica to Slipped disc", or the one name on a page of one entry.
    label: String,
}

/// Where a page of a split A–Z stands among its letter's pages.
#[derive(Debug, Serialize)]
struct PartView {
    letter: String,
    /// "L" for a letter's only page, "L, page 2 of 5" for one of several.
    label: String,
    number: usize,
    of: usize,
    first: String,
    last: String,
    /// "From Sciatica to Slipped disc", or the one name on a page of one entry.
    entries: String,
    /// The index (`a-z.html`), relative to the site root.
    index: &'static str,
    previous: Option<PartLink>,
    next: Option<PartLink>,
}

/// The review dates every A–Z page shows: those of the pages it lists.
struct Dates {
    reviewed: Option<String>,
    next_review: Option<String>,
}

impl Dates {
    fn of(listed: &[&Page]) -> Dates {
        Dates {
            reviewed: listed
                .iter()
                .map(|p| p.front.reviewed)
                .max()
                .map(human_date),
            next_review: (listed.iter().map(|p| p.front.next_review).min()).map(human_date),
        }
    }

    fn page(&self, url: &str) -> AzPage {
        AzPage {
            url: url.to_string(),
            reviewed: self.reviewed.clone(),
            next_review: self.next_review.clone(),
        }
    }

    fn page_at(&self, path: &Path) -> AzPage {
        self.page(&url_of(path))
    }
}

/// One entry, before it is rendered: the page it leads to and which of its names it is.
struct Slot {
    /// Index in the listed pages.
    page: u32,
    /// Index in the page's `also_called`; `None` for its title.
    alias: Option<u32>,
}

/// A run of entries under one first letter.
struct Group {
    letter: char,
    slots: Range<usize>,
}

/// One page of a split A–Z: a run of at most `list_page_size` entries of one letter.
struct Part {
    group: usize,
    letter: char,
    /// 1-based among its letter's pages.
    number: usize,
    of: usize,
    slots: Range<usize>,
}

impl Part {
    /// `a-z/b.html` for a letter's first page, then `a-z/b-2.html`, …; names that start with
    /// anything but a letter are under `a-z/other.html`.
    fn path(&self) -> PathBuf {
        part_path(self.letter, self.number)
    }
}

/// Where the page `number` (1-based) of `letter` goes: `a-z/b.html`, `a-z/b-2.html`, ….
fn part_path(letter: char, number: usize) -> PathBuf {
    let stem = anchor(letter).replace("letter-", "");
    let name = match number {
        1 => format!("{stem}.html"),
        n => format!("{stem}-{n}.html"),
    };
    Path::new(AZ_DIR).join(name)
}

/// The sorted entries of a site's A–Z.
struct Az<'a> {
    listed: Vec<&'a Page>,
    slots: Vec<Slot>,
    groups: Vec<Group>,
    layout: Layout,
}

impl<'a> Az<'a> {
    fn new(site: &'a Site) -> Az<'a> {
        let listed = listed_pages(site);
        let mut slots = Vec::new();
        for (i, listed_page) in listed.iter().enumerate() {
            let page = u32::try_from(i).unwrap_or(u32::MAX);
            slots.extend(names_of(listed_page).map(|(alias, _)| Slot { page, alias }));
        }
        let layout = layout(&listed, &site.config);
        let mut az = Az {
            listed,
            slots: Vec::new(),
            groups: Vec::new(),
            layout,
        };
        slots.par_sort_by(|a, b| az.order(a, b));
        az.slots = slots;
        az.groups = az.group();
        az
    }

    /// By letter (`#` first), then by name lower-cased, then as written, then by address, a
    /// page's title before an other name that reads the same.
    fn order(&self, a: &Slot, b: &Slot) -> Ordering {
        let (name_a, name_b) = (self.name(a), self.name(b));
        letter_rank(name_a)
            .cmp(&letter_rank(name_b))
            .then_with(|| lower(name_a).cmp(lower(name_b)))
            .then_with(|| name_a.cmp(name_b))
            .then_with(|| self.url(a).cmp(&self.url(b)))
            .then_with(|| a.alias.is_some().cmp(&b.alias.is_some()))
    }

    fn name(&self, slot: &Slot) -> &'a str {
        let page = self.listed[slot.page as usize];
        match slot.alias {
            Some(j) => &page.front.also_called[j as usize],
            None => &page.front.title,
        }
    }

    fn url(&self, slot: &Slot) -> String {
        url_of(&self.listed[slot.page as usize].output())
    }

    fn group(&self) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for (i, slot) in self.slots.iter().enumerate() {
            let letter = letter_of(self.name(slot));
            match groups.last_mut() {
                Some(last) if last.letter == letter => last.slots.end = i + 1,
                _ => groups.push(Group {
                    letter,
                    slots: i..i + 1,
                }),
            }
        }
        groups
    }

    /// The pages of a split A–Z, letter by letter; `None` when the list fits one page.
    fn parts(&self) -> Option<Vec<Part>> {
        let Layout::Split { per_page } = self.layout else {
            return None;
        };
        let mut parts = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            let of = group.slots.len().div_ceil(per_page);
            for n in 0..of {
                let start = group.slots.start + n * per_page;
                parts.push(Part {
                    group: g,
                    letter: group.letter,
                    number: n + 1,
                    of,
                    slots: start..(start + per_page).min(group.slots.end),
                });
            }
        }
        Some(parts)
    }

    fn entry(&self, i: usize) -> AzEntry {
        let slot = &self.slots[i];
        let page = self.listed[slot.page as usize];
        let alias_of = slot.alias.map(|_| page.front.title.clone());
        let mut publishers: Vec<String> = Vec::new();
        if alias_of.is_none() {
            for s in &page.front.sources {
                let publisher = short_publisher(&s.publisher);
                if !publishers.iter().any(|p| p == publisher) {
                    publishers.push(publisher.to_string());
                }
            }
        }
        AzEntry {
            name: self.name(slot).to_string(),
            url: self.url(slot),
            summary: page.front.summary.clone(),
            alias_of,
            publishers,
        }
    }

    /// The letters in `range` of the groups, each with its entries when `parts` gives none.
    fn letters(&self, range: Range<usize>, parts: impl Fn(usize) -> Vec<PartLink>) -> Vec<Letter> {
        range
            .map(|g| {
                let group = &self.groups[g];
                let parts = parts(g);
                Letter {
                    letter: group.letter.to_string(),
                    anchor: anchor(group.letter),
                    entries: match parts.is_empty() {
                        true => group.slots.clone().map(|s| self.entry(s)).collect(),
                        false => Vec::new(),
                    },
                    parts,
                }
            })
            .collect()
    }

    fn nav(&self, href: impl Fn(&Group) -> String, current: Option<usize>) -> Vec<NavLetter> {
        (self.groups.iter().enumerate())
            .map(|(g, group)| NavLetter {
                letter: group.letter.to_string(),
                href: href(group),
                current: current == Some(g),
            })
            .collect()
    }

    /// Letters linking to each letter's first page, written relative to the page at `from`.
    /// Letters linking to each letter's first page (every letter has one: its `number` 1),
    /// written relative to the page at `from`.
    fn nav_to_parts(&self, from: &Path, current: Option<usize>) -> Vec<NavLetter> {
        let root = root_prefix(from);
        let href = |group: &Group| format!("{root}{}", url_of(&part_path(group.letter, 1)));
        self.nav(href, current)
    }

    fn part_link(&self, part: &Part) -> PartLink {
        let first = self.name(&self.slots[part.slots.start]).to_string();
        let last = self.name(&self.slots[part.slots.end - 1]).to_string();
        PartLink {
            url: url_of(&part.path()),
            label: match part.slots.len() {
                1 => first.clone(),
                _ => format!("{first} to {last}"),
            },
            first,
            last,
        }
    }

    fn part_view(&self, parts: &[Part], i: usize) -> PartView {
        let part = &parts[i];
        let link = self.part_link(part);
        let same_letter = |j: usize| parts.get(j).filter(|p| p.group == part.group);
        PartView {
            letter: part.letter.to_string(),
            label: match part.of {
                1 => part.letter.to_string(),
                of => format!("{}, page {} of {of}", part.letter, part.number),
            },
            number: part.number,
            of: part.of,
            first: link.first,
            last: link.last,
            entries: link.label,
            index: AZ_PAGE,
            previous: i
                .checked_sub(1)
                .and_then(same_letter)
                .map(|p| self.part_link(p)),
            next: same_letter(i + 1).map(|p| self.part_link(p)),
        }
    }
}

/// The names a page is listed by: its title (`None`), then each other name (its index in
/// `also_called`) that does not read the same as one before it, ignoring case.
fn names_of(page: &Page) -> impl Iterator<Item = (Option<u32>, &str)> {
    let title = std::iter::once((None, page.front.title.as_str()));
    let aliases = (page.front.also_called.iter().enumerate())
        .map(|(j, alias)| (Some(u32::try_from(j).unwrap_or(u32::MAX)), alias.as_str()));
    let all: Vec<(Option<u32>, &str)> = title.chain(aliases).collect();
    let kept: Vec<(Option<u32>, &str)> = (0..all.len())
        .filter(|&k| {
            !all[..k]
                .iter()
                .any(|(_, before)| lower(before).eq(lower(all[k].1)))
        })
        .map(|k| all[k])
        .collect();
    kept.into_iter()
}

/// A name lower-cased, a character at a time (nothing is allocated to compare two names).
fn lower(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().flat_map(char::to_lowercase)
}

/// The id of a letter's heading.
fn anchor(letter: char) -> String {
    match letter {
        '#' => "letter-other".to_string(),
        c => format!("letter-{}", c.to_ascii_lowercase()),
    }
}

/// Where a name's letter comes in the list: `#` before the letters.
fn letter_rank(name: &str) -> u8 {
    match letter_of(name) {
        '#' => 0,
        c => c as u8,
    }
}

/// The letter a name is listed under: its first letter, or `#` when it starts with anything
/// else (a digit, a sign, a letter outside A–Z).
fn letter_of(name: &str) -> char {
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
        _ => '#',
    }
}

/// What the A–Z lists: the causes when the site has any, else every page but the home page and
/// section introductions.
fn listed_pages(site: &Site) -> Vec<&Page> {
    let causes: Vec<&Page> = site.causes().collect();
    if !causes.is_empty() {
        return causes;
    }
    (site.pages.iter())
        .filter(|p| !matches!(p.kind, PageKind::Home | PageKind::Section))
        .collect()
}

/// A publisher's name without its bracketed details ("NHS website (as reproduced by X)" → "NHS
/// website"): the A–Z names who stands behind a page; the page itself gives the details.
fn short_publisher(publisher: &str) -> &str {
    match publisher.split_once(" (") {
        Some((name, _)) if !name.trim().is_empty() => name.trim(),
        _ => publisher,
    }
}

#[cfg(test)]
mod tests {
    use super::{letter_of, short_publisher};

    #[test]
    fn a_z_names_publishers_without_their_details() {
        assert_eq!(
            short_publisher("NHS website (as reproduced by Appleby Medical Practice)"),
            "NHS website"
        );
        assert_eq!(short_publisher("Tommy's"), "Tommy's");
        assert_eq!(short_publisher("(NASS)"), "(NASS)");
    }

    #[test]
    fn names_not_starting_with_a_letter_go_under_the_hash() {
        assert_eq!(letter_of("sciatica"), 'S');
        assert_eq!(letter_of("Écoute"), '#');
        assert_eq!(letter_of("3 things"), '#');
        assert_eq!(letter_of(""), '#');
    }
}
