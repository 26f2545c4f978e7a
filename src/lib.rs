//! carepath: a static site generator for patient information with a symptom checker that needs
//! no JavaScript. [`build`] is the whole pipeline: discover → parse → validate → render → write.

pub(crate) mod aliases;
pub(crate) mod approval;
pub(crate) mod care;
pub mod clinical;
pub(crate) mod collation;
pub(crate) mod config;
pub mod diagnostics;
pub mod front_matter;
pub(crate) mod fs;
pub mod html_policy;
pub(crate) mod images;
pub(crate) mod inspect;
pub mod keys;
pub(crate) mod links;
pub mod markdown;
pub mod output;
pub(crate) mod paths;
pub(crate) mod print;
pub(crate) mod progress;
pub(crate) mod quality;
pub(crate) mod readability;
pub(crate) mod render;
pub(crate) mod review;
pub mod scratch;
pub mod serve;
pub mod signoff;
pub(crate) mod similar;
pub(crate) mod site;
pub(crate) mod source;
pub mod starter;
pub mod summary;
#[cfg(any(test, feature = "synthetic"))]
pub mod synthetic;
pub(crate) mod templates;
pub(crate) mod tomlpos;
pub(crate) mod translate;
pub mod tree;
pub mod validate;
pub(crate) mod walk;

use anyhow::Result;
use diagnostics::{Diagnostic, Severity};
pub use images::ImageStats;
use render::TreeStats;
use std::path::PathBuf;
use std::time::{Duration, Instant};
pub use validate::RemoteImage;

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (holds `content/` and optionally `themes/`).
    pub site: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// Write the output (`build`) or only check (`check`).
    pub write: bool,
    /// Treat overdue reviews as errors.
    pub strict: bool,
    /// Today's date, for review checks (a parameter so tests are repeatable).
    pub today: time::Date,
    /// Keep every page's figures (weight, readability) in [`BuildReport::quality`], for the
    /// `--report` table; without it only the warnings they give are kept.
    pub figures: bool,
}

impl BuildOptions {
    /// Options for building `site` into `site/public`, today, not strict.
    pub fn new(site: impl Into<PathBuf>) -> BuildOptions {
        let site = site.into();
        BuildOptions {
            out: site.join("public"),
            site,
            write: true,
            strict: false,
            today: today(),
            figures: true,
        }
    }
}

/// Today's date (UTC), or the date in `CAREPATH_TODAY` (`YYYY-MM-DD`) when set, so that builds
/// and tests can be repeated as of a fixed day.
pub fn today() -> time::Date {
    std::env::var("CAREPATH_TODAY")
        .ok()
        .and_then(|s| front_matter::parse_date(s.trim()))
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date())
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
    /// Weight and readability of every page, sorted by path.
    pub quality: Vec<quality::PageQuality>,
    /// Reviews falling due within the notice period, soonest first.
    pub due: Vec<review::Due>,
    /// Root-absolute links (old addresses) that `[links]` does not map, with how often each is
    /// used: the worklist of a migration.
    pub unmapped: std::collections::BTreeMap<String, usize>,
    /// Images the pages show from hosts the Content-Security-Policy blocks, with where a local
    /// copy would go: the list an editor fetches once.
    pub remote_images: Vec<validate::RemoteImage>,
    /// Things the publisher should know that are not problems (one sentence each).
    pub notes: Vec<String>,
    /// How many images were resized, and how many came from the cache.
    pub images: images::ImageStats,
    /// Printed leaflets (PDF) rendered.
    pub leaflets: usize,
    /// Printed leaflets typeset by this build (the others were found unchanged in the cache).
    pub leaflets_typeset: usize,
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

/// A site read and checked, ready to render: everything a build does before its output.
#[derive(Debug)]
pub struct Prepared {
    /// The loaded site.
    pub site: site::Site,
    /// Its theme.
    pub theme: templates::Theme,
    /// The files found (kept so a later rebuild can tell what was added or removed).
    pub sources: source::Sources,
    /// Problems found while reading: front matter, Markdown, theme, site settings.
    pub loaded: Vec<Diagnostic>,
    /// Problems found by checking the site as a whole (links, trees, reviews).
    pub checked: Checks,
    /// Problems in the files copied as they are.
    pub copied: Vec<Diagnostic>,
    /// Reviews falling due soon.
    pub due: Vec<review::Due>,
}

impl Prepared {
    /// Whether any problem found so far is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics().any(diagnostics::is_error)
    }

    /// Every problem found so far.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        (self.loaded.iter())
            .chain(self.checked.iter())
            .chain(&self.copied)
    }
}

/// Discovers, reads and checks the site at `opts.site` (the stages before rendering).
pub fn prepare(opts: &BuildOptions) -> Result<Prepared> {
    source::require_site(&opts.site)?;
    let sources = source::discover(&opts.site)?;
    let (site, mut loaded) = site::load(&opts.site, &sources)?;
    // The theme's words in the source language and in every language a page is written in.
    let languages: Vec<&str> = std::iter::once(site.config.language.as_str())
        .chain(site.config.translated_languages())
        .collect();
    let (theme, theme_diags) = templates::Theme::load(&opts.site, &site.config.theme, &languages)?;
    loaded.extend(theme_diags);
    let (checked, due) = check_site(&site, opts);
    let copied = validate::assets(&site)?;
    Ok(Prepared {
        site,
        theme,
        sources,
        loaded,
        checked,
        copied,
        due,
    })
}

/// Builds (or checks) a site. Content problems come back in the report; an `Err` means the
/// build could not proceed (unreadable file, broken template), with the full cause chain.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    source::require_site(&opts.site)?;
    // Taken before anything is read: a second build of the same output waits for this one.
    let staging = match opts.write {
        true => Some(output::prepare(&opts.site, &opts.out)?),
        false => None,
    };
    let prepared = prepare(opts)?;
    let mut diags: Vec<Diagnostic> = prepared.diagnostics().cloned().collect();
    // A site with errors is still rendered (never written) when its trees are sound, so the
    // weight and readability warnings come in the same run as the errors.
    let renderable = !has_errors(&prepared.checked.trees) && !theme_has_errors(&prepared.loaded);
    let Prepared {
        site, theme, due, ..
    } = prepared;
    let mut report = BuildReport {
        due,
        notes: notes(&site),
        unmapped: validate::unmapped_links(&site),
        remote_images: validate::remote_images(&site),
        ..BuildReport::default()
    };
    // Images are checked even when other files have errors, so every problem shows at once.
    let (images, image_problems) =
        images::prepare(&site, &image_options(opts, images::Mode::Resize));
    diags.extend(image_problems);
    report.images = images.stats;
    if !has_errors(&diags) || renderable {
        let stages = (&site, &theme, &images);
        render_and_write(stages, opts, staging, &mut diags, &mut report)?;
    }
    diags.sort();
    diags.dedup();
    report.diagnostics = diags;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Renders the site, checking each batch of files, and writes it when nothing is an error. A
/// site that already has errors is rendered only for the problems its output shows.
fn render_and_write(
    (site, theme, images): (&site::Site, &templates::Theme, &images::Images),
    opts: &BuildOptions,
    mut staging: Option<output::Staging>,
    diags: &mut Vec<Diagnostic>,
    report: &mut BuildReport,
) -> Result<()> {
    let clean = !has_errors(diags);
    let out = std::path::absolute(&opts.out).unwrap_or_else(|_| opts.out.clone());
    let writing = staging.as_mut().filter(|_| clean);
    let mut inspector = inspect::Inspector::new(site, out.clone(), writing);
    inspector.keep_figures(opts.figures);
    let leaflets = print::Cache::from_output(&out);
    match render::render_site(site, theme, (images, &leaflets), &mut |files| {
        inspector.take(files)
    }) {
        Ok(trees) => report.trees = trees,
        // The errors already found explain it (a broken template, say).
        Err(_) if !clean => {}
        // A template that fails while rendering is a problem in the theme, at its place.
        Err(e) => diags.push(templates::problem_of(&e).ok_or(e)?),
    }
    if clean {
        let budget = site.config.tree_page_budget;
        report.notes.extend(unlisted_notes(&report.trees, budget));
        inspector.take(vec![leaflet_index(&leaflets)])?;
        report.leaflets_typeset = leaflets.typeset_count();
    }
    let found = inspector.finish();
    diags.extend(found.diagnostics);
    if clean {
        // With errors already found (a broken image, say) nothing is written, and a leaflet
        // that failed for the same cause would only repeat it.
        diags.extend(leaflets.take_failures());
    }
    (report.quality, report.pages, report.files) = (found.quality, found.pages, found.files);
    report.leaflets = found.leaflets;
    if let Some(mut staging) = staging.filter(|_| !has_errors(diags)) {
        let removed = staging.keep(&site.config.keep)?;
        if !removed.is_empty() {
            report.notes.push(removed_note(&removed));
        }
        staging.publish()?;
        report.written = true;
    }
    Ok(())
}

/// Whether any of `diags` is an error in the theme (its pages would repeat it).
fn theme_has_errors(diags: &[Diagnostic]) -> bool {
    (diags.iter().filter(|d| diagnostics::is_error(d)))
        .any(|d| d.path.starts_with("themes") || d.path.starts_with("<built-in>"))
}

/// How images are made for a build of `opts`: through the cache beside its output folder.
pub(crate) fn image_options(opts: &BuildOptions, mode: images::Mode) -> images::Options {
    let out = std::path::absolute(&opts.out).unwrap_or_else(|_| opts.out.clone());
    images::Options {
        cache: Some(images::Cache::beside(&out)),
        mode,
    }
}

/// The index of the printed leaflets written, beside the output's marker: the next build
/// reads the leaflets it lists instead of typesetting them again.
fn leaflet_index(leaflets: &print::Cache) -> render::OutputFile {
    render::OutputFile {
        path: PathBuf::from(print::INDEX),
        bytes: leaflets.index(),
        is_page: false,
        source: None,
        held: render::Held::Reading,
    }
}

/// A note for each tree whose "Your answers" leaves out the signs of finished checklists.
fn unlisted_notes(trees: &[render::TreeStats], budget: usize) -> Vec<String> {
    trees
        .iter()
        .filter(|t| t.signs_unlisted)
        .map(|t| format!("\"{}\": \"Your answers\" shows each finished checklist by its finding, without the signs found: listing them would need more than `tree_page_budget` ({budget}) pages", t.title))
        .collect()
}

/// Names the files a rebuild removed that no build wrote (at most five, then a count).
fn removed_note(removed: &[std::path::PathBuf]) -> String {
    let mut names: Vec<String> = removed
        .iter()
        .take(5)
        .map(|p| format!("`{}`", crate::paths::url_of(p)))
        .collect();
    if removed.len() > 5 {
        names.push(format!("and {} more", removed.len() - 5));
    }
    format!(
        "removed {} from the output, which no build wrote: list them in `keep` in content/site.toml to keep them, or put them in `static/` to publish them",
        names.join(", ")
    )
}

/// What the publisher should know about the site as built.
pub fn notes(site: &site::Site) -> Vec<String> {
    let mut notes = Vec::new();
    if site.config.base_url.is_none() {
        notes.push(format!("`{}` works only when served from the site's top folder; set `base_url` in content/site.toml to make its links and style work at any depth", crate::paths::NOT_FOUND_PAGE));
    }
    notes.extend(print::notes(site));
    let dropped: Vec<u32> = (site.pages.iter())
        .map(|p| p.body.dropped_targets)
        .filter(|&n| n > 0)
        .collect();
    if !dropped.is_empty() {
        let links: u32 = dropped.iter().sum();
        let plural = summary::plural;
        let (links, files) = (
            plural(links as usize, "link"),
            plural(dropped.len(), "file"),
        );
        notes.push(format!("dropped target/rel from {links} in {files}; set [html] target = \"keep\" in content/site.toml to keep them"));
    }
    notes
}

/// True when any of `diags` is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(diagnostics::is_error)
}

/// Problems found by checking the site as a whole, by kind, so that `serve` can redo only the
/// checks an edit can change.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    /// Broken links and anchors, positioned in the file that links.
    pub links: Vec<Diagnostic>,
    /// Output paths written twice.
    pub outputs: Vec<Diagnostic>,
    /// Tree structure, safety rules and clinical cases.
    pub trees: Vec<Diagnostic>,
    /// Overdue reviews.
    pub reviews: Vec<Diagnostic>,
    /// Pages and trees changed since their clinical sign-off, or (when required) without one.
    pub signoffs: Vec<Diagnostic>,
    /// Translations behind their source pages.
    pub translations: Vec<Diagnostic>,
}

impl Checks {
    /// Every problem, by kind.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        (self.links.iter())
            .chain(&self.outputs)
            .chain(&self.trees)
            .chain(&self.reviews)
            .chain(&self.signoffs)
            .chain(&self.translations)
    }
}

/// How review dates are judged in this build.
pub fn review_policy(site: &site::Site, opts: &BuildOptions) -> review::Policy {
    review::Policy {
        today: opts.today,
        strict: opts.strict,
        notice_days: site.config.review_notice_days,
    }
}

/// Every check on the loaded site as a whole: links, output paths, trees, review dates,
/// sign-offs (the
/// files copied as they are are checked by [`validate::assets`]).
pub fn check_site(site: &site::Site, opts: &BuildOptions) -> (Checks, Vec<review::Due>) {
    let (reviews, due) = review::check(site, review_policy(site, opts));
    let checks = Checks {
        links: validate::links(site),
        outputs: validate::output_collisions(site),
        trees: clinical::validate::all(site, opts.strict),
        reviews,
        signoffs: approval::check(site, opts.strict),
        translations: [
            site::translations::check(site),
            site::tree_translations::check(site),
        ]
        .concat(),
    };
    (checks, due)
}

/// Records in each of `files` (translations of pages or trees) that it translates its source as
/// the source is now, dated `date`; returns a line for each. Fails, writing nothing more, at the first file
/// that is not a translation of the site.
pub fn translate_mark(
    site: &std::path::Path,
    files: &[PathBuf],
    date: time::Date,
) -> Result<Vec<String>> {
    let opts = BuildOptions {
        write: false,
        figures: false,
        ..BuildOptions::new(site)
    };
    let prepared = prepare(&opts)?;
    let rels: Vec<PathBuf> = (files.iter())
        .map(|f| paths::content_relative(site, f))
        .collect();
    let site = &prepared.site;
    let is_tree = |rel: &PathBuf| rel.extension().is_some_and(|e| e == "toml");
    let mark = |rel: &PathBuf| match is_tree(rel) {
        true => site::tree_translations::mark(site, rel, date),
        false => site::translations::mark(site, rel, date),
    };
    let known = |rel: &PathBuf| match is_tree(rel) {
        true => (site.tree_translations.iter())
            .any(|t| t.translation.as_ref().is_some_and(|t| &t.file == rel)),
        false => site.translations.iter().any(|p| &p.source == rel),
    };
    if let Some(other) = rels.iter().find(|rel| !known(rel)) {
        // Says why, having written nothing.
        mark(other)?;
    }
    rels.iter().map(mark).collect()
}

pub use translate::{Format as TranslateFormat, Imported as TranslateImported};

/// What `carepath translate export` is asked.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    /// The site root.
    pub site: PathBuf,
    /// The target language's tag.
    pub lang: String,
    /// The file format.
    pub format: TranslateFormat,
    /// Every block of every page, not only what is missing or out of date.
    pub all: bool,
    /// The file to write; `None`: the text is returned.
    pub out: Option<PathBuf>,
}

/// What `translate export` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exported {
    /// The file's text, for standard output.
    Text(String),
    /// It was written to `ExportRequest::out`.
    Written,
    /// Nothing: every page has an up-to-date translation.
    Nothing,
}

/// Exports the text language `req.lang` still needs for translators, with warnings about
/// translations whose blocks cannot be matched with their source's. Never writes into
/// `content/` or the output folder.
pub fn translate_export(req: &ExportRequest) -> Result<(Exported, Vec<Diagnostic>)> {
    let prepared = prepare(&BuildOptions::new(&req.site))?;
    let ask = translate::ExportRequest {
        lang: &req.lang,
        all: req.all,
        format: req.format,
        date: today(),
    };
    let (text, warnings) = translate::export(&prepared.site, ask)?;
    let Some(text) = text else {
        return Ok((Exported::Nothing, warnings));
    };
    let Some(out) = &req.out else {
        return Ok((Exported::Text(text), warnings));
    };
    let inside = |dir: &str| {
        let dir = std::fs::canonicalize(req.site.join(dir)).ok();
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
        let parent = std::fs::canonicalize(parent.unwrap_or(std::path::Path::new("."))).ok();
        matches!((dir, parent), (Some(d), Some(p)) if p.starts_with(&d))
    };
    if inside(paths::CONTENT_DIR) || inside("public") {
        anyhow::bail!(
            "refusing to write `{}` inside the site's `content/` or `public/` folder: the build would read or replace it; write it beside them",
            out.display()
        );
    }
    fs::write_atomically(out, &text)?;
    Ok((Exported::Written, warnings))
}

/// Imports the translator's file `file` into the site at `site`, dating the records `date`.
/// `Ok(Err(problems))`: something in the file (or a translation it names) is wrong, and
/// nothing was written.
pub fn translate_import(
    site: &std::path::Path,
    file: &std::path::Path,
    date: time::Date,
) -> Result<std::result::Result<TranslateImported, Vec<Diagnostic>>> {
    let prepared = prepare(&BuildOptions::new(site))?;
    let text = match fs::utf8_text(fs::read(file)?) {
        Ok(text) => text,
        Err(e) => {
            return Ok(Err(vec![diagnostics::invalid_utf8(
                file,
                e.as_bytes(),
                e.utf8_error(),
            )]));
        }
    };
    translate::import(&prepared.site, file, &text, date)
}

/// A clinical sign-off to record with [`sign_off`].
#[derive(Debug, Clone)]
pub struct SignOffRequest {
    /// The site root.
    pub site: PathBuf,
    /// The page or tree: relative to `content/`, or starting `content/`.
    pub path: PathBuf,
    /// Who approves it.
    pub by: String,
    /// Their role, shown in the page's footer.
    pub role: String,
    /// The day of the approval.
    pub date: time::Date,
}

/// Records in `content/signoff.toml` that `req.by` approved the page or tree as it is now.
/// `Ok(Err(problems))`: it was not recorded because the file has errors; `Err`: the page does
/// not exist, or the record could not be written.
pub fn sign_off(req: &SignOffRequest) -> Result<std::result::Result<String, Vec<Diagnostic>>> {
    let opts = BuildOptions {
        write: false,
        figures: false,
        ..BuildOptions::new(&req.site)
    };
    let prepared = prepare(&opts)?;
    approval::record(&prepared.site, prepared.diagnostics(), req)
}
