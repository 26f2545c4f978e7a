//! The disposition table of a tree (every path → care level, for clinical sign-off): one page,
//! `cases.html`, or, when that would weigh more than `steps_page_weight_budget`, pages of whole
//! rows (`cases.html`, `cases-2.html`, …), numbered across pages, each with the table's heading
//! and coverage, where it stands and links to every page.

use super::pages::{TreeContext, TreePageView};
use super::paging::{self, Budget, Layout, PartView};
use super::{CASES_PAGE, TreeView};
use crate::clinical::export;
use crate::paths::url_of;
use crate::render::views::{CareView, SiteView};
use crate::render::{Held, OutputFile, render_with};
use crate::templates::Theme;
use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;

#[derive(Serialize)]
struct Ctx<'a> {
    page: TreePageView<'a>,
    tree: &'a TreeView<'a>,
    rows: &'a [RowView<'a>],
    coverage: crate::tree::cases::Coverage,
    /// The share of end states the cases reach, as the build summary says it ("75%").
    share: String,
    /// Where this page stands when the table is paged; absent on a one-page table.
    part: Option<PartView>,
}

#[derive(Serialize)]
struct RowView<'a> {
    /// 1-based, across every page.
    number: usize,
    care: CareView,
    given: Vec<(usize, String)>,
    end: String,
    causes: Vec<&'a str>,
    cases: Vec<&'a str>,
    url: String,
}

impl RowView<'_> {
    /// About how many bytes the row takes in the table, for a first guess at the split.
    fn share(&self) -> usize {
        let given: usize = self.given.iter().map(|(_, a)| a.len() + 24).sum();
        let listed = |l: &[&str]| l.iter().map(|s| s.len() + 2).sum::<usize>();
        200 + self.end.len() + self.url.len() + given + listed(&self.causes) + listed(&self.cases)
    }
}

impl TreeContext<'_> {
    /// The disposition table's page or pages. They are for clinical sign-off, so they are held
    /// to the sign-off pages' weight budget (`steps_page_weight_budget`), not to the reading-age
    /// target.
    pub(super) fn render_cases(
        &self,
        theme: &Theme,
        sv: &SiteView<'_>,
        budget: &Budget<'_>,
    ) -> Result<Vec<OutputFile>> {
        let rows = self.case_rows();
        let shares: Vec<usize> = rows.iter().map(RowView::share).collect();
        let render = |runs: Option<Vec<Range<usize>>>| self.cases_pages(theme, sv, &rows, runs);
        let mut files = paging::render_paged(&shares, budget, &render)?;
        for file in &mut files {
            file.source = Some(self.tree.source.clone());
            file.held = Held::Table;
        }
        Ok(files)
    }

    fn case_rows(&self) -> Vec<RowView<'_>> {
        let dir = self.tree.output_dir();
        export::table::rows(self.site, self.tree)
            .into_iter()
            .enumerate()
            .map(|(i, r)| RowView {
                number: i + 1,
                care: CareView {
                    key: r.care.key(),
                    label: export::table::care_words(self.site, r.care, r.service.as_deref()),
                    action: String::new(),
                    url: None,
                },
                given: r.given.into_iter().map(|g| (g.step, g.answer)).collect(),
                end: r.end,
                causes: r.causes,
                cases: r.cases,
                url: url_of(&dir.join(&r.page)),
            })
            .collect()
    }

    /// The one page of the table (`runs` absent), or its pages with the rows of each run.
    fn cases_pages(
        &self,
        theme: &Theme,
        sv: &SiteView<'_>,
        rows: &[RowView<'_>],
        runs: Option<Vec<Range<usize>>>,
    ) -> Result<Vec<OutputFile>> {
        let dir = self.tree.output_dir();
        let title = (sv.strings).fill("cases_title", &[("tree", &self.tree.title)]);
        let coverage = crate::tree::cases::summary(self.tree);
        let Some(runs) = runs else {
            let ctx = Ctx {
                page: self.page_view(&title),
                tree: self.view,
                rows,
                coverage,
                share: coverage.share(),
                part: None,
            };
            return Ok(vec![render_with(
                theme,
                sv,
                "cases.html",
                &dir.join(CASES_PAGE),
                &ctx,
            )?]);
        };
        let layout = Layout {
            dir: &dir,
            first: CASES_PAGE,
            runs,
            items: "paths",
            strings: sv.strings,
        };
        (0..layout.runs.len())
            .into_par_iter()
            .map(|n| {
                let title = (sv.strings).fill(
                    "page_title_part",
                    &[
                        ("title", &title),
                        ("number", &(n + 1).to_string()),
                        ("of", &layout.runs.len().to_string()),
                    ],
                );
                let ctx = Ctx {
                    page: self.page_view(&title),
                    tree: self.view,
                    rows: rows.get(layout.runs[n].clone()).unwrap_or_default(),
                    coverage,
                    share: coverage.share(),
                    part: Some(layout.part(n)),
                };
                render_with(theme, sv, "cases.html", &layout.path(n), &ctx)
            })
            .collect()
    }
}
