//! The A–Z of one language as a sorted list: which pages it lists, by which names, in the
//! language's alphabetical order and grouped under the letters of its alphabet
//! ([`crate::collation`]), and how a long list is cut into pages.

use crate::collation::{Alphabet, Letter};
use crate::paths::{AZ_PAGE, url_of};
use crate::site::{Page, PageKind, Site};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::ops::Range;
use std::path::PathBuf;

/// Folder of the A–Z's pages when the list is split.
pub(super) const AZ_DIR: &str = "a-z";

/// The language an A–Z is written in: the site's own (`None`), or a translation's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Language<'a> {
    /// Its tag (`en-GB`, `cy`).
    pub(super) tag: &'a str,
    /// The translation's tag, `None` for the site's language.
    pub(super) translated: Option<&'a str>,
}

impl<'a> Language<'a> {
    /// The languages that have an A–Z: the site's, then each language with a translated page
    /// or checker (a language with neither has no page that would link to its A–Z).
    pub(super) fn all(site: &'a Site) -> Vec<Language<'a>> {
        let source = Language {
            tag: &site.config.language,
            translated: None,
        };
        let translated = (site.config.translated_languages()).filter(|lang| {
            let page = (site.translations.iter())
                .filter(|p| p.kind != PageKind::Section)
                .any(|p| p.translation.as_ref().is_some_and(|t| t.lang == *lang));
            page || (site.tree_translations.iter()).any(|t| t.lang() == Some(*lang))
        });
        std::iter::once(source)
            .chain(translated.map(|tag| Language {
                tag,
                translated: Some(tag),
            }))
            .collect()
    }

    /// The folder its pages are written under: none for the site's language, `cy` for Welsh.
    pub(super) fn prefix(&self) -> PathBuf {
        self.translated.map(PathBuf::from).unwrap_or_default()
    }

    /// Its A–Z's first page (`a-z.html`, `cy/a-z.html`).
    pub(super) fn index(&self) -> PathBuf {
        self.prefix().join(AZ_PAGE)
    }

    /// Where the page `number` (1-based) of `letter` goes: `a-z/b.html`, `a-z/b-2.html`, …,
    /// `cy/a-z/ch.html`.
    pub(super) fn part_path(&self, letter: &Letter, number: usize) -> PathBuf {
        let stem = letter.slug();
        let name = match number {
            1 => format!("{stem}.html"),
            n => format!("{stem}-{n}.html"),
        };
        self.prefix().join(AZ_DIR).join(name)
    }
}

/// One page an A–Z lists: in the A–Z's language, or, where it has no translation into it, in
/// the site's language (listed by its title only, marked as in that language).
#[derive(Debug, Clone, Copy)]
pub(super) struct Item<'a> {
    pub(super) page: &'a Page,
    /// Whether the page is in the site's language on another language's A–Z.
    pub(super) untranslated: bool,
}

/// What an A–Z in `lang` lists: the causes when the site has any, else every page but the home
/// page and section introductions; each in `lang` where it is translated.
pub(super) fn listed<'a>(site: &'a Site, lang: Language<'_>) -> Vec<Item<'a>> {
    let causes: Vec<&Page> = site.causes().collect();
    let pages = match causes.is_empty() {
        false => causes,
        true => (site.pages.iter())
            .filter(|p| !matches!(p.kind, PageKind::Home | PageKind::Section))
            .collect(),
    };
    (pages.into_iter())
        .map(|page| match lang.translated {
            None => Item {
                page,
                untranslated: false,
            },
            Some(tag) => match site.translation(&page.source, tag) {
                Some(translation) => Item {
                    page: translation,
                    untranslated: false,
                },
                None => Item {
                    page,
                    untranslated: true,
                },
            },
        })
        .collect()
}

/// The names an item is listed by: its title (`None`), then each other name (its index in
/// `also_called`) that does not read the same as one before it, ignoring case. A page on
/// another language's A–Z is listed by its title only: its other names are words of its own
/// language, which that A–Z's reader would not look for.
pub(super) fn names_of<'a>(item: &Item<'a>) -> impl Iterator<Item = (Option<u32>, &'a str)> {
    let page = item.page;
    let title = std::iter::once((None, page.front.title.as_str()));
    let aliases = (page.front.also_called.iter().enumerate())
        .filter(|_| !item.untranslated)
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

/// One entry, before it is rendered: the item it leads to and which of its names it is.
pub(super) struct Slot {
    /// Index in the listed items.
    pub(super) item: u32,
    /// Index in the page's `also_called`; `None` for its title.
    pub(super) alias: Option<u32>,
    /// Index in [`Az::letters`] of the letter it is filed under.
    letter: u32,
}

/// A run of entries under one letter.
pub(super) struct Group {
    pub(super) letter: Letter,
    pub(super) slots: Range<usize>,
}

/// One page of a split A–Z: a run of at most `per_page` entries of one letter.
pub(super) struct Part {
    pub(super) group: usize,
    /// 1-based among its letter's pages.
    pub(super) number: usize,
    pub(super) of: usize,
    pub(super) slots: Range<usize>,
}

/// The sorted entries of one language's A–Z.
pub(super) struct Az<'a> {
    pub(super) lang: Language<'a>,
    pub(super) listed: Vec<Item<'a>>,
    pub(super) slots: Vec<Slot>,
    pub(super) groups: Vec<Group>,
    /// Every letter an entry is filed under, in no order (slots name them by index).
    letters: Vec<Letter>,
}

impl<'a> Az<'a> {
    /// The A–Z of `listed` in `lang`, sorted with its `alphabet`.
    pub(super) fn new(lang: Language<'a>, listed: Vec<Item<'a>>, alphabet: &Alphabet) -> Az<'a> {
        let mut letters: Vec<Letter> = Vec::new();
        let mut index: std::collections::HashMap<Letter, u32> = Default::default();
        let mut slots = Vec::new();
        for (i, item) in listed.iter().enumerate() {
            let at = u32::try_from(i).unwrap_or(u32::MAX);
            for (alias, name) in names_of(item) {
                let letter = alphabet.letter_of(name);
                let next = u32::try_from(letters.len()).unwrap_or(u32::MAX);
                let letter = *index.entry(letter.clone()).or_insert_with(|| {
                    letters.push(letter);
                    next
                });
                slots.push(Slot {
                    item: at,
                    alias,
                    letter,
                });
            }
        }
        let mut az = Az {
            lang,
            listed,
            slots: Vec::new(),
            groups: Vec::new(),
            letters,
        };
        slots.par_sort_by(|a, b| az.order(alphabet, a, b));
        az.slots = slots;
        az.groups = az.group();
        az
    }

    /// By letter (`#` first), then by name in the language's order, then as written, then by
    /// address, a page's title before an other name that reads the same.
    fn order(&self, alphabet: &Alphabet, a: &Slot, b: &Slot) -> Ordering {
        let (name_a, name_b) = (self.name(a), self.name(b));
        let (letter_a, letter_b) = (
            &self.letters[a.letter as usize],
            &self.letters[b.letter as usize],
        );
        alphabet
            .compare_letters(letter_a, letter_b)
            .then_with(|| alphabet.compare(name_a, name_b))
            .then_with(|| name_a.cmp(name_b))
            .then_with(|| self.url(a).cmp(&self.url(b)))
            .then_with(|| a.alias.is_some().cmp(&b.alias.is_some()))
    }

    pub(super) fn item(&self, slot: &Slot) -> &Item<'a> {
        &self.listed[slot.item as usize]
    }

    pub(super) fn name(&self, slot: &Slot) -> &'a str {
        let page = self.item(slot).page;
        match slot.alias {
            Some(j) => &page.front.also_called[j as usize],
            None => &page.front.title,
        }
    }

    pub(super) fn url(&self, slot: &Slot) -> String {
        url_of(&self.item(slot).page.output())
    }

    fn group(&self) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for (i, slot) in self.slots.iter().enumerate() {
            match groups.last_mut() {
                Some(last) if self.letters[slot.letter as usize] == last.letter => {
                    last.slots.end = i + 1;
                }
                _ => groups.push(Group {
                    letter: self.letters[slot.letter as usize].clone(),
                    slots: i..i + 1,
                }),
            }
        }
        groups
    }

    /// The pages of a split A–Z of at most `per_page` entries, letter by letter.
    pub(super) fn parts(&self, per_page: usize) -> Vec<Part> {
        let mut parts = Vec::new();
        for (g, group) in self.groups.iter().enumerate() {
            let of = group.slots.len().div_ceil(per_page);
            for n in 0..of {
                let start = group.slots.start + n * per_page;
                parts.push(Part {
                    group: g,
                    number: n + 1,
                    of,
                    slots: start..(start + per_page).min(group.slots.end),
                });
            }
        }
        parts
    }

    /// Where `part` is written.
    pub(super) fn part_path(&self, part: &Part) -> PathBuf {
        (self.lang).part_path(&self.groups[part.group].letter, part.number)
    }
}

/// The output paths of a split A–Z's pages in `lang` with `per_page` entries a page. Only the
/// number of names under each letter decides them, so they are counted, not sorted.
pub(super) fn part_paths(
    lang: Language<'_>,
    listed: &[Item<'_>],
    alphabet: &Alphabet,
    per_page: usize,
) -> Vec<PathBuf> {
    let mut counts: std::collections::HashMap<Letter, usize> = Default::default();
    for item in listed {
        for (_, name) in names_of(item) {
            *counts.entry(alphabet.letter_of(name)).or_default() += 1;
        }
    }
    let mut paths = Vec::new();
    for (letter, n) in counts {
        paths.extend(
            (1..=n.div_ceil(per_page.max(1))).map(|number| lang.part_path(&letter, number)),
        );
    }
    paths.sort();
    paths
}
