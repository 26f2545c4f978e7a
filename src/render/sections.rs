//! Section views: each section's landing page (its introduction and the list of its pages),
//! the breadcrumb of a page in a section, and the links to the other pages of its section.

use super::views::{SiteView, SourceView, human_date};
use super::{OutputFile, render_with, url_of};
use crate::sections::Section;
use crate::site::Site;
use crate::templates::Theme;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;

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
    title: &'a str,
    summary: String,
    body: String,
    reviewed: Option<String>,
    next_review: Option<String>,
    sources: Vec<SourceView<'a>>,
    url: String,
    breadcrumb: Vec<Crumb>,
    pages: Vec<Entry<'a>>,
    sections: Vec<Entry<'a>>,
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

/// Renders every section's landing page, in parallel.
pub(super) fn render_all(site: &Site, theme: &Theme, sv: &SiteView<'_>) -> Result<Vec<OutputFile>> {
    site.sections
        .list
        .par_iter()
        .map(|section| render_landing(site, theme, sv, section))
        .collect()
}

fn render_landing(
    site: &Site,
    theme: &Theme,
    sv: &SiteView<'_>,
    section: &Section,
) -> Result<OutputFile> {
    #[derive(Serialize)]
    struct Ctx<'a> {
        page: LandingView<'a>,
    }
    let index = section.index.map(|i| &site.pages[i]);
    let pages = (section.pages.iter().map(|&i| &site.pages[i]))
        .map(|p| Entry {
            title: &p.front.title,
            summary: &p.front.summary,
            url: url_of(&p.output()),
        })
        .collect();
    let sections = (section.children.iter().map(|&i| &site.sections.list[i]))
        .map(|s| Entry {
            title: &s.title,
            summary: s.index.map_or("", |i| site.pages[i].front.summary.as_str()),
            url: url_of(&s.output()),
        })
        .collect();
    let view = LandingView {
        title: &section.title,
        summary: index.map_or_else(
            || format!("Every page in {}.", section.title),
            |p| p.front.summary.clone(),
        ),
        body: index
            .map(|p| site.body_html(p))
            .transpose()?
            .unwrap_or_default(),
        reviewed: index.map(|p| human_date(p.front.reviewed)),
        next_review: index.map(|p| human_date(p.front.next_review)),
        sources: index.map_or_else(Vec::new, |p| SourceView::list(&p.front.sources)),
        url: url_of(&section.output()),
        breadcrumb: breadcrumb(site, section.dir.parent().unwrap_or(Path::new(""))),
        pages,
        sections,
    };
    let mut file = render_with(
        theme,
        sv,
        "section.html",
        &section.output(),
        &Ctx { page: view },
    )?;
    file.source = index.map(|p| p.source.clone());
    Ok(file)
}
