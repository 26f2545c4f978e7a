//! carepath: a static site generator for patient information with a symptom checker that needs
//! no JavaScript. [`build`] is the whole pipeline: discover → parse → validate → render → write.

pub mod care;
pub mod config;
pub mod diagnostics;
pub mod front_matter;
pub mod fs;
pub mod markdown;
pub mod output;
pub mod render;
pub mod safety;
pub mod site;
pub mod source;
pub mod starter;
pub mod templates;
pub mod tomlpos;
pub mod tree;
pub mod validate;

use anyhow::Result;
use diagnostics::{Diagnostic, Severity};
use render::TreeStats;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (holds `content/` and optionally `themes/`).
    pub site: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// Write the output (`build`) or only check (`check`).
    pub write: bool,
}

/// The outcome of a build that could proceed.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Every content problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages (HTML files) rendered.
    pub pages: usize,
    /// Files rendered in all (pages, static files, drawings).
    pub files: usize,
    /// Per-tree expansion figures.
    pub trees: Vec<TreeStats>,
    /// Whether the output folder was written.
    pub written: bool,
    /// Wall-clock time of the build.
    pub elapsed: Duration,
}

impl BuildReport {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Builds (or checks) a site. Content problems come back in the report; an `Err` means the
/// build could not proceed (unreadable file, broken template), with the full cause chain.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    if opts.write {
        output::check_target(&opts.site, &opts.out)?;
    }
    let sources = source::discover(&opts.site)?;
    let (site, mut diags) = site::load(&opts.site, &sources)?;
    diags.extend(validate::links(&site));
    diags.extend(validate::output_collisions(&site));
    diags.extend(tree::validate::all(&site));
    let (theme, theme_diags) = templates::Theme::load(&opts.site, &site.config.theme)?;
    diags.extend(theme_diags);
    let mut report = BuildReport::default();
    if !diags.iter().any(|d| d.severity == Severity::Error) {
        let rendered = render::render_site(&site, &theme)?;
        diags.extend(render::check::output(&rendered.files));
        report.pages = rendered.files.iter().filter(|f| f.is_page).count();
        report.files = rendered.files.len();
        report.trees = rendered.trees;
        if opts.write && !diags.iter().any(|d| d.severity == Severity::Error) {
            output::publish(&opts.out, &rendered.files)?;
            report.written = true;
        }
    }
    diags.sort();
    diags.dedup();
    report.diagnostics = diags;
    report.elapsed = started.elapsed();
    Ok(report)
}
