//! Section views: each section's landing page (its introduction and the list of its pages),
//! the breadcrumb of a page in a section, and the links to the other pages of its section.

use super::views::{SiteView, SourceView};
use super::{OutputFile, Sink, list_batch, render_with};
use crate::paths::url_of;
use crate::site::Site;
use crate::site::sections::Section;
use crate::templates::Theme;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A link with its text: a breadcrumb step, a section in the main navigation.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Crumb {
    title: String,
    url: String,
}

/// A page or section as listed on a landing page.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
}

/// "Other pages in this section": the section, and the pages before and after this one.
#[derive(Debug, Serialize)]
pub(super) struct SectionNav {
    title: String,
    url: String,
    previous: Option<Crumb>,
    next: Option<Crumb>,
}

/// A landing page, as `page` (so the frame's title, description and review macros work).
#[derive(Debug, Serialize)]
struct LandingView<'a> {
    /// The section's title; on its second and later pages, with "(page 2 of 5)".
    title: String,
    summary: String,
    body: String,
    reviewed: Option<String>,
    next_review: Option<String>,
    sources: Vec<SourceView<'a>>,
    url: String,
    breadcrumb: Vec<Crumb>,
    pages: Vec<Entry<'a>>,
    sections: Vec<Entry<'a>>,
    /// Where this page stands when the section lists more pages than `list_page_size` and its
    /// list is split over several landing pages; absent when it fits one.
    part: Option<PartView>,
}

/// One of the landing pages of a section whose list is split.
#[derive(Debug, Serialize)]
struct PartView {
    number: usize,
    of: usize,
    previous: Option<Crumb>,
    next: Option<Crumb>,
}

fn crumb(section: &Section) -> Crumb {
    Crumb {
        title: section.title.clone(),
        url: url_of(&section.output()),
    }
}

/// The top-level sections, in order, for the main navigation.
pub(super) fn nav(site: &Site) -> Vec<Crumb> {
    let list = &site.sections.list;
    site.sections.top.iter().map(|&i| crumb(&list[i])).collect()
}

/// The sections that hold the folder `dir`, outermost first (Home and the page itself are the
/// template's to add).
pub(super) fn breadcrumb(site: &Site, dir: &Path) -> Vec<Crumb> {
    site.sections.trail(dir).into_iter().map(crumb).collect()
}

/// The links from the page `index` to its section and the pages beside it, if it is in one.
pub(super) fn section_nav(site: &Site, index: usize) -> Option<SectionNav> {
    let (section, at) = site.sections.of_page(index)?;
    let link = |i: usize| {
        let page = &site.pages[i];
        Crumb {
            title: page.front.title.clone(),
            url: url_of(&page.output()),
        }
    };
    Some(SectionNav {
        title: section.title.clone(),
        url: url_of(&section.output()),
        previous: at.checked_sub(1).map(|p| link(section.pages[p])),
        next: section.pages.get(at + 1).map(|&n| link(n)),
    })
}

/// Renders every section's landing pages, in parallel, handing them to `sink` a batch at a time.
pub(super) fn render_all(
    site: &Site,
    theme: &Theme,
    sv: &SiteView<'_>,
    sink: Sink<'_>,
) -> Result<()> {
    let size = site.config.list_page_size.max(1);
    let parts: Vec<(&Section, Range<usize>, usize)> = (site.sections.list.iter())
        .flat_map(|section| {
            let of = section.pages.len().div_ceil(size).max(1);
            (0..of).map(move |n| {
                let start = n * size;
                (section, start..(start + size).min(section.pages.len()), n)
            })
        })
        .collect();
    for batch in parts.chunks(list_batch(size)) {
        let files = batch
            .par_iter()
            .map(|(section, range, n)| render_landing(site, theme, sv, section, range.clone(), *n))
            .collect::<Result<Vec<_>>>()?;
        sink(files)?;
    }
    Ok(())
}

/// Where the `n`th (0-based) landing page of `section` is written: the first at its
/// `index.html`, the next ones beside it at `index-2.html`, `index-3.html`, ….
fn landing_path(section: &Section, n: usize) -> PathBuf {
    match n {
        0 => section.output(),
        n => section.dir.join(format!("index-{}.html", n + 1)),
    }
}

/// The output paths of the landing pages after each section's first (none while every
/// section's list fits one page).
pub(crate) fn more_landing_paths(site: &Site) -> Vec<PathBuf> {
    let size = site.config.list_page_size.max(1);
    (site.sections.list.iter())
        .flat_map(|s| (1..s.pages.len().div_ceil(size)).map(move |n| landing_path(s, n)))
        .collect()
}

fn render_landing(
    site: &Site,
    theme: &Theme,
    sv: &SiteView<'_>,
    section: &Section,
    range: Range<usize>,
    n: usize,
) -> Result<OutputFile> {
    #[derive(Serialize)]
    struct Ctx<'a> {
        page: LandingView<'a>,
    }
    let index = section.index.map(|i| &site.pages[i]);
    let of = section
        .pages
        .len()
        .div_ceil(site.config.list_page_size.max(1));
    let path = landing_path(section, n);
    let link = |m: usize| Crumb {
        title: (sv.strings).fill(
            "section_part_link",
            &[
                ("section", &section.title),
                ("number", &(m + 1).to_string()),
                ("of", &of.to_string()),
            ],
        ),
        url: url_of(&landing_path(section, m)),
    };
    let part = (of > 1).then(|| PartView {
        number: n + 1,
        of,
        previous: n.checked_sub(1).map(link),
        next: (n + 1 < of).then(|| link(n + 1)),
    });
    let pages = (section.pages[range].iter().map(|&i| &site.pages[i]))
        .map(|p| Entry {
            title: &p.front.title,
            summary: &p.front.summary,
            url: url_of(&p.output()),
        })
        .collect();
    let children = if n == 0 { &section.children[..] } else { &[] };
    let sections = (children.iter().map(|&i| &site.sections.list[i]))
        .map(|s| Entry {
            title: &s.title,
            summary: s.index.map_or("", |i| site.pages[i].front.summary.as_str()),
            url: url_of(&s.output()),
        })
        .collect();
    let view = LandingView {
        title: match n {
            0 => section.title.clone(),
            n => (sv.strings).fill(
                "page_title_part",
                &[
                    ("title", &section.title),
                    ("number", &(n + 1).to_string()),
                    ("of", &of.to_string()),
                ],
            ),
        },
        summary: index.map_or_else(
            || (sv.strings).fill("section_summary", &[("section", &section.title)]),
            |p| p.front.summary.clone(),
        ),
        body: index
            .filter(|_| n == 0)
            .map(|p| {
                let html = super::body_html(site, p)?;
                Ok::<_, anyhow::Error>(sv.images.rewrite(&html, &section.dir))
            })
            .transpose()?
            .unwrap_or_default(),
        reviewed: index.map(|p| sv.strings.date(p.front.reviewed)),
        next_review: index.map(|p| sv.strings.date(p.front.next_review)),
        sources: index.map_or_else(Vec::new, |p| SourceView::list(&p.front.sources, sv.strings)),
        url: url_of(&path),
        breadcrumb: breadcrumb(site, section.dir.parent().unwrap_or(Path::new(""))),
        pages,
        sections,
        part,
    };
    let mut file = render_with(theme, sv, "section.html", &path, &Ctx { page: view })?;
    // The first page carries the introduction, so its weight is the introduction's to answer.
    file.source = index.filter(|_| n == 0).map(|p| p.source.clone());
    Ok(file)
}
