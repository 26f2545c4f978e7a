//! The A–Z: every cause (or, on a site without causes, every page) and its other names, sorted
//! and grouped by first letter, in each language the site is published in.
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
//!
//! Each language with translated pages has its own A–Z under its folder (`cy/a-z.html`,
//! `cy/a-z/ch.html`), sorted by that language's collation and grouped under the letters of its
//! alphabet ([`crate::collation`]: "Ch" and "Ll" are letters in Welsh). It lists each page by
//! its translation, and a page not translated into the language by its source title, marked
//! with the source's language and linking to the source page: its reader learns the site
//! covers it, and the link works.

mod list;

use super::views::{SiteView, Version};
use super::{Sink, list_batch, render_with};
use crate::collation::{Alphabet, Letter};
use crate::paths::{relative_url, root_prefix, url_of};
use crate::site::Site;
use crate::templates::Strings;
use anyhow::Result;
use list::{AZ_DIR, Az, Item, Language, Part, names_of};
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Renders the A–Z of every language (one page, or the index and its pages) and hands the
/// files to `sink`. `sv` is the view of the site's own language.
pub(super) fn render(
    site: &Site,
    theme: &crate::templates::Theme,
    (sv, images): (&SiteView<'_>, &crate::images::Images),
    sink: Sink<'_>,
) -> Result<()> {
    let languages = Language::all(site);
    for &lang in &languages {
        let alphabet = Alphabet::of(lang.tag)?;
        let az = Az::new(lang, list::listed(site, lang), &alphabet);
        let pages = Pages {
            site,
            az: &az,
            languages: &languages,
        };
        match lang.translated {
            None => pages.render(theme, sv, &alphabet, sink)?,
            Some(tag) => {
                let strings = super::strings_of(theme, tag)?;
                let view = SiteView::for_language(site, images, tag, strings);
                pages.render(theme, &view, &alphabet, sink)?;
            }
        }
    }
    Ok(())
}

/// The output paths of the A–Z's pages under [`AZ_DIR`] in every language (none for a
/// language whose A–Z is one page), and the index of each translated language's A–Z.
pub(crate) fn part_paths(site: &Site) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for lang in Language::all(site) {
        if lang.translated.is_some() {
            paths.push(lang.index());
        }
        let alphabet = Alphabet::of(lang.tag)?;
        let listed = list::listed(site, lang);
        if let Layout::Split { per_page } = layout(&listed, &alphabet, &site.config) {
            paths.extend(list::part_paths(lang, &listed, &alphabet, per_page));
        }
    }
    Ok(paths)
}

/// The folders of every language's split A–Z (`a-z/`, `cy/a-z/`), each ending in `/`.
pub(crate) fn part_dirs(site: &Site) -> Vec<String> {
    (Language::all(site).iter())
        .map(|lang| format!("{}/", url_of(&lang.prefix().join(AZ_DIR))))
        .collect()
}

/// The sitemap's entries for the A–Z: its index in every language, each naming the others
/// (when there are others).
pub(super) fn sitemap_entries(site: &Site) -> Vec<super::Entry> {
    let languages = Language::all(site);
    let versions: Vec<(String, String)> = match languages.len() {
        0 | 1 => Vec::new(),
        _ => (languages.iter())
            .map(|lang| (lang.tag.to_string(), url_of(&lang.index())))
            .collect(),
    };
    (languages.iter())
        .map(|lang| super::Entry {
            url: url_of(&lang.index()),
            lastmod: None,
            versions: versions.clone(),
        })
        .collect()
}

/// One language's A–Z, ready to render.
struct Pages<'a, 'b> {
    site: &'a Site,
    az: &'b Az<'a>,
    /// Every language with an A–Z, for the language switcher.
    languages: &'b [Language<'a>],
}

impl Pages<'_, '_> {
    fn render(
        &self,
        theme: &crate::templates::Theme,
        sv: &SiteView<'_>,
        alphabet: &Alphabet,
        sink: Sink<'_>,
    ) -> Result<()> {
        let (az, t) = (self.az, sv.strings);
        let dates = Dates::of(&az.listed, t);
        let index_path = az.lang.index();
        let index_page = AzPage {
            versions: self.versions(&index_path),
            ..dates.page(&index_path)
        };
        let Layout::Split { per_page } = layout(&az.listed, alphabet, &self.site.config) else {
            let view = AzView {
                letters: self.letters(0..az.groups.len(), |_| Vec::new()),
                nav: self.nav(|g| format!("#{}", anchor(&g.letter)), None),
                part: None,
                page: index_page,
            };
            return sink(vec![render_with(
                theme,
                sv,
                "a-z.html",
                &index_path,
                &view,
            )?]);
        };
        let parts = az.parts(per_page);
        let index = AzView {
            letters: self.letters(0..az.groups.len(), |g| {
                let parts = parts.iter().filter(|p| p.group == g);
                parts.map(|p| self.part_link(t, p)).collect()
            }),
            nav: self.nav_to_parts(&index_path, None),
            part: None,
            page: index_page,
        };
        sink(vec![render_with(
            theme,
            sv,
            "a-z.html",
            &index_path,
            &index,
        )?])?;
        let batch_size = list_batch(self.site.config.list_page_size.max(1));
        for batch in (0..parts.len()).collect::<Vec<_>>().chunks(batch_size) {
            let files = batch
                .par_iter()
                .map(|&i| {
                    let part = &parts[i];
                    let path = az.part_path(part);
                    let letter = &az.groups[part.group].letter;
                    let view = AzView {
                        letters: vec![LetterView {
                            letter: letter.shown().to_string(),
                            anchor: anchor(letter),
                            entries: part.slots.clone().map(|s| self.entry(s)).collect(),
                            parts: Vec::new(),
                        }],
                        nav: self.nav_to_parts(&path, Some(part.group)),
                        part: Some(self.part_view(t, &parts, i)),
                        page: dates.page(&path),
                    };
                    render_with(theme, sv, "a-z.html", &path, &view)
                })
                .collect::<Result<Vec<_>>>()?;
            sink(files)?;
        }
        Ok(())
    }

    /// The A–Z in every language that has one (none on a site in one language), for the index
    /// page at `here`: its alternates and language switcher.
    fn versions(&self, here: &Path) -> Vec<Version<'_>> {
        if self.languages.len() < 2 {
            return Vec::new();
        }
        let config = &self.site.config;
        let dir = here.parent().unwrap_or(Path::new(""));
        (self.languages.iter())
            .map(|lang| Version {
                lang: lang.tag,
                name: config.language_name(lang.tag),
                href: match config.base_url.as_deref() {
                    Some(base) => {
                        format!("{}/{}", base.trim_end_matches('/'), url_of(&lang.index()))
                    }
                    None => relative_url(dir, &lang.index()),
                },
                current: *lang == self.az.lang,
            })
            .collect()
    }

    fn entry(&self, i: usize) -> AzEntry {
        let az = self.az;
        let slot = &az.slots[i];
        let item = az.item(slot);
        let page = item.page;
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
        let config = &self.site.config;
        AzEntry {
            name: az.name(slot).to_string(),
            url: az.url(slot),
            summary: page.front.summary.clone(),
            alias_of,
            publishers,
            lang: (item.untranslated).then(|| config.language.clone()),
            language: (item.untranslated)
                .then(|| config.language_name(&config.language).to_string()),
        }
    }

    /// The letters in `range` of the groups, each with its entries when `parts` gives none.
    fn letters(
        &self,
        range: Range<usize>,
        parts: impl Fn(usize) -> Vec<PartLink>,
    ) -> Vec<LetterView> {
        range
            .map(|g| {
                let group = &self.az.groups[g];
                let parts = parts(g);
                LetterView {
                    letter: group.letter.shown().to_string(),
                    anchor: anchor(&group.letter),
                    entries: match parts.is_empty() {
                        true => group.slots.clone().map(|s| self.entry(s)).collect(),
                        false => Vec::new(),
                    },
                    parts,
                }
            })
            .collect()
    }

    fn nav(&self, href: impl Fn(&list::Group) -> String, current: Option<usize>) -> Vec<NavLetter> {
        (self.az.groups.iter().enumerate())
            .map(|(g, group)| NavLetter {
                letter: group.letter.shown().to_string(),
                href: href(group),
                current: current == Some(g),
            })
            .collect()
    }

    /// Letters linking to each letter's first page (every letter has one: its `number` 1),
    /// written relative to the page at `from`.
    fn nav_to_parts(&self, from: &Path, current: Option<usize>) -> Vec<NavLetter> {
        let root = root_prefix(from);
        let lang = self.az.lang;
        let href =
            |group: &list::Group| format!("{root}{}", url_of(&lang.part_path(&group.letter, 1)));
        self.nav(href, current)
    }

    fn part_link(&self, t: &Strings, part: &Part) -> PartLink {
        let az = self.az;
        let first = az.name(&az.slots[part.slots.start]).to_string();
        let last = az.name(&az.slots[part.slots.end - 1]).to_string();
        PartLink {
            url: url_of(&az.part_path(part)),
            label: match part.slots.len() {
                1 => first.clone(),
                _ => t.fill("az_range", &[("first", &first), ("last", &last)]),
            },
            first,
            last,
        }
    }

    fn part_view(&self, t: &Strings, parts: &[Part], i: usize) -> PartView {
        let part = &parts[i];
        let link = self.part_link(t, part);
        let letter = self.az.groups[part.group].letter.shown();
        let same_letter = |j: usize| parts.get(j).filter(|p| p.group == part.group);
        let (number, of) = (part.number.to_string(), part.of.to_string());
        PartView {
            letter: letter.to_string(),
            label: match part.of {
                1 => letter.to_string(),
                _ => t.fill(
                    "az_part_label",
                    &[("letter", letter), ("number", &number), ("of", &of)],
                ),
            },
            number: part.number,
            of: part.of,
            first: link.first,
            last: link.last,
            entries: link.label,
            index: url_of(&self.az.lang.index()),
            previous: i
                .checked_sub(1)
                .and_then(same_letter)
                .map(|p| self.part_link(t, p)),
            next: same_letter(i + 1).map(|p| self.part_link(t, p)),
        }
    }
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

/// Bytes an entry in the site's language adds on another language's A–Z: its `lang` and
/// `hreflang`, and the language's name.
const UNTRANSLATED_BYTES: usize = 64;

/// Bytes of a letter: its heading, its list and its link in the letter index.
const LETTER_BYTES: usize = 80;

/// How the A–Z of `listed` is laid out, from its number of names and an estimate of its weight
/// (the one estimate both rendering and the output-path check use). It is one page while its
/// names number at most `list_page_size` and the page, with the stylesheet, is estimated to
/// weigh at most `page_weight_budget`; otherwise a page per letter, each holding as many
/// entries as the budget has room for (at most `list_page_size`).
fn layout(listed: &[Item<'_>], alphabet: &Alphabet, config: &crate::config::SiteConfig) -> Layout {
    let mut names = 0;
    let mut entries_bytes = 0;
    let mut letters = std::collections::HashSet::new();
    for item in listed {
        for (alias, name) in names_of(item) {
            names += 1;
            entries_bytes += entry_bytes(item, alias, name);
            letters.insert(alphabet.letter_of(name));
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
/// address with `../` in front; a page in the site's language on another language's A–Z is
/// marked as such.
fn entry_bytes(item: &Item<'_>, alias: Option<u32>, name: &str) -> usize {
    let page = item.page;
    let marked = match item.untranslated {
        true => UNTRANSLATED_BYTES,
        false => 0,
    };
    let url = page.source.as_os_str().len() + 3 + "../../".len() + marked;
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
struct AzView<'a> {
    /// The letters shown on this page: every letter on a one-page A–Z (with its entries) and on
    /// the index (with its pages); the one letter of a part page (with that page's entries).
    letters: Vec<LetterView>,
    /// Every letter, each linking to where it starts.
    nav: Vec<NavLetter>,
    /// Where a page of a split A–Z stands; absent on a one-page A–Z and on the index.
    part: Option<PartView>,
    page: AzPage<'a>,
}

#[derive(Debug, Serialize)]
struct AzPage<'a> {
    url: String,
    /// The most recent review of any cause listed (the list is only as current as its pages).
    reviewed: Option<String>,
    /// The soonest next review of any cause listed.
    next_review: Option<String>,
    /// The A–Z in every language (on its index, when the site has more than one).
    versions: Vec<Version<'a>>,
}

#[derive(Debug, Serialize)]
struct LetterView {
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
    /// On another language's A–Z, the language tag of a page listed in the site's language.
    lang: Option<String>,
    /// That language's name ("English").
    language: Option<String>,
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
    /// The index (`a-z.html`, `cy/a-z.html`), relative to the site root.
    index: String,
    previous: Option<PartLink>,
    next: Option<PartLink>,
}

/// The review dates every A–Z page shows: those of the pages it lists.
struct Dates {
    reviewed: Option<String>,
    next_review: Option<String>,
}

impl Dates {
    /// The dates of the pages `listed`, in the words of `t`.
    fn of(listed: &[Item<'_>], t: &Strings) -> Dates {
        let pages = || listed.iter().map(|item| &item.page.front);
        Dates {
            reviewed: pages().map(|f| f.reviewed).max().map(|d| t.date(d)),
            next_review: pages().map(|f| f.next_review).min().map(|d| t.date(d)),
        }
    }

    fn page<'a>(&self, path: &Path) -> AzPage<'a> {
        AzPage {
            url: url_of(path),
            reviewed: self.reviewed.clone(),
            next_review: self.next_review.clone(),
            versions: Vec::new(),
        }
    }
}

/// The id of a letter's heading: `letter-a`, `letter-ch`, `letter-other` for `#`.
fn anchor(letter: &Letter) -> String {
    format!("letter-{}", letter.slug())
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
    use super::short_publisher;

    #[test]
    fn a_z_names_publishers_without_their_details() {
        assert_eq!(
            short_publisher("NHS website (as reproduced by Appleby Medical Practice)"),
            "NHS website"
        );
        assert_eq!(short_publisher("Tommy's"), "Tommy's");
        assert_eq!(short_publisher("(NASS)"), "(NASS)");
    }
}
