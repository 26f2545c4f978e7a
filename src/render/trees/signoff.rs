//! The sign-off pages of a tree: the printable numbered steps and the disposition table.

use super::pages::{TreeContext, TreePageView};
use super::{CASES_PAGE, STEPS_PAGE, TreeView};
use crate::clinical::export;
use crate::paths::url_of;
use crate::render::views::{CareView, SiteView};
use crate::render::{OutputFile, render_with};
use crate::templates::Theme;
use anyhow::Result;
use serde::Serialize;

impl TreeContext<'_> {
    /// The printable page of every question, numbered, for people who cannot use the checker
    /// page by page.
    pub(super) fn render_steps(&self, theme: &Theme, sv: &SiteView<'_>) -> Result<OutputFile> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            page: TreePageView<'a>,
            tree: &'a TreeView<'a>,
            steps: Vec<StepView<'a>>,
        }
        #[derive(Serialize)]
        struct StepView<'a> {
            number: usize,
            question: &'a str,
            help: &'a str,
            red_flag: bool,
            answers: Vec<StepAnswer<'a>>,
        }
        #[derive(Serialize)]
        struct StepAnswer<'a> {
            label: &'a str,
            destination: String,
            causes: Vec<&'a str>,
        }
        let numbers = export::step_numbers(self.tree);
        let steps = export::steps(self.tree)
            .into_iter()
            .map(|(number, node)| StepView {
                number,
                question: &node.question,
                help: &node.help,
                red_flag: node.red_flag,
                answers: node
                    .answers
                    .iter()
                    .map(|a| StepAnswer {
                        label: &a.label,
                        destination: export::destination(self.site, &numbers, a),
                        causes: export::cause_titles(self.site, a),
                    })
                    .collect(),
            })
            .collect();
        let title = format!("{}: all steps", self.tree.title);
        let ctx = Ctx {
            page: self.page_view(&title),
            tree: self.view,
            steps,
        };
        render_with(
            theme,
            sv,
            "steps.html",
            &self.tree.output_dir().join(STEPS_PAGE),
            &ctx,
        )
    }
}

impl TreeContext<'_> {
    /// The disposition table page. It is for clinical sign-off, so it is held to the sign-off
    /// pages' weight budget (`steps_page_weight_budget`), not to the reading-age target.
    pub(super) fn render_cases(&self, theme: &Theme, sv: &SiteView<'_>) -> Result<OutputFile> {
        #[derive(Serialize)]
        struct Ctx<'a> {
            page: TreePageView<'a>,
            tree: &'a TreeView<'a>,
            rows: Vec<RowView<'a>>,
            coverage: crate::tree::cases::Coverage,
        }
        #[derive(Serialize)]
        struct RowView<'a> {
            care: CareView,
            given: Vec<(usize, String)>,
            end: String,
            causes: Vec<&'a str>,
            cases: Vec<&'a str>,
            url: String,
        }
        let dir = self.tree.output_dir();
        let rows = export::table::rows(self.site, self.tree)
            .into_iter()
            .map(|r| RowView {
                care: CareView {
                    key: r.care.key(),
                    label: self.site.config.care_label(r.care).to_string(),
                    action: String::new(),
                    url: None,
                },
                given: r.given.into_iter().map(|g| (g.step, g.answer)).collect(),
                end: r.end,
                causes: r.causes,
                cases: r.cases,
                url: url_of(&dir.join(&r.page)),
            })
            .collect();
        let title = format!("{}: every path and its result", self.tree.title);
        let ctx = Ctx {
            page: self.page_view(&title),
            tree: self.view,
            rows,
            coverage: crate::tree::cases::coverage(self.tree).0,
        };
        render_with(theme, sv, "cases.html", &dir.join(CASES_PAGE), &ctx)
    }
}
