//! The printable numbered steps of a tree: one page, `steps.html`, or, when that would weigh
//! more than `steps_page_weight_budget`, pages of whole steps (`steps.html`, `steps-2.html`,
//! …), each "go to step N" then a link to the page and anchor of step N. The drawing is on the
//! last page.

use super::pages::{TreeContext, TreePageView};
use super::paging::{self, Budget, Layout, PartView};
use super::{STEPS_PAGE, TreeView};
use crate::clinical::export;
use crate::paths::url_of;
use crate::render::views::SiteView;
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
    steps: Vec<StepView<'a>>,
    /// Where this page stands when the steps are paged; absent on one page.
    part: Option<PartView>,
}

#[derive(Clone, Serialize)]
struct StepView<'a> {
    number: usize,
    question: &'a str,
    help: &'a str,
    red_flag: bool,
    answers: Vec<StepAnswer<'a>>,
}

#[derive(Clone, Serialize)]
struct StepAnswer<'a> {
    label: &'a str,
    destination: String,
    /// On paged steps: the destination in pieces, each step it names linked (`url` relative
    /// to the site root, with its anchor). Empty on one page, which shows `destination`.
    to: Vec<PieceView>,
    causes: Vec<&'a str>,
    #[serde(skip)]
    pieces: Vec<export::Piece>,
}

#[derive(Clone, Serialize)]
struct PieceView {
    text: String,
    url: Option<String>,
}

impl StepView<'_> {
    /// About how many bytes the step takes on the page, for a first guess at the split.
    fn share(&self) -> usize {
        let answers: usize = (self.answers.iter())
            .map(|a| 40 + a.label.len() + a.destination.len() + a.causes.join(", ").len())
            .sum();
        120 + self.question.len() + self.help.len() + answers
    }
}

impl TreeContext<'_> {
    /// The printable page (or pages) of every question, numbered, for people who cannot use
    /// the checker page by page.
    pub(super) fn render_steps(
        &self,
        theme: &Theme,
        sv: &SiteView<'_>,
        budget: &Budget<'_>,
    ) -> Result<Vec<OutputFile>> {
        let steps = self.step_views();
        let shares: Vec<usize> = steps.iter().map(StepView::share).collect();
        let render = |runs: Option<Vec<Range<usize>>>| self.steps_pages(theme, sv, &steps, runs);
        let mut files = paging::render_paged(&shares, budget, &render)?;
        for file in &mut files {
            file.source = Some(self.tree.source.clone());
            file.held = Held::Steps;
        }
        Ok(files)
    }

    fn step_views(&self) -> Vec<StepView<'_>> {
        let numbers = export::step_numbers(self.tree);
        export::steps(self.tree)
            .into_iter()
            .map(|(number, node)| StepView {
                number,
                question: &node.question,
                help: &node.help,
                red_flag: node.red_flag,
                answers: (node.answers.iter())
                    .map(|a| {
                        let pieces = export::destination_pieces(self.site, &numbers, a);
                        StepAnswer {
                            label: &a.label,
                            destination: pieces.iter().map(|p| p.text.as_str()).collect(),
                            to: Vec::new(),
                            causes: export::cause_titles(self.site, a),
                            pieces,
                        }
                    })
                    .collect(),
            })
            .collect()
    }

    /// The one steps page (`runs` absent), or its pages with the steps of each run.
    fn steps_pages(
        &self,
        theme: &Theme,
        sv: &SiteView<'_>,
        steps: &[StepView<'_>],
        runs: Option<Vec<Range<usize>>>,
    ) -> Result<Vec<OutputFile>> {
        let dir = self.tree.output_dir();
        let title = (sv.strings).fill("steps_title", &[("tree", &self.tree.title)]);
        let Some(runs) = runs else {
            let ctx = Ctx {
                page: self.page_view(&title),
                tree: self.view,
                steps: steps.to_vec(),
                part: None,
            };
            let path = dir.join(STEPS_PAGE);
            return Ok(vec![render_with(theme, sv, "steps.html", &path, &ctx)?]);
        };
        let layout = Layout {
            dir: &dir,
            first: STEPS_PAGE,
            runs,
            items: "steps",
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
                let on_page = steps.get(layout.runs[n].clone()).unwrap_or_default();
                let ctx = Ctx {
                    page: self.page_view(&title),
                    tree: self.view,
                    steps: on_page.iter().map(|s| linked(s, steps, &layout)).collect(),
                    part: Some(layout.part(n)),
                };
                render_with(theme, sv, "steps.html", &layout.path(n), &ctx)
            })
            .collect()
    }
}

/// `step` with each "go to step N" of its answers linked to the page and anchor of step N
/// (`steps` in order, laid out over pages by `layout`).
fn linked<'a>(step: &StepView<'a>, steps: &[StepView<'_>], layout: &Layout<'_>) -> StepView<'a> {
    let url = |number: usize| {
        let index = steps.iter().position(|s| s.number == number)?;
        let page = layout.page_of(index)?;
        Some(format!("{}#step-{number}", url_of(&layout.path(page))))
    };
    let mut step = step.clone();
    for answer in &mut step.answers {
        answer.to = (answer.pieces.iter())
            .map(|p| PieceView {
                text: p.text.clone(),
                url: p.step.and_then(url),
            })
            .collect();
    }
    step
}
