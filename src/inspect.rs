//! Checks on the rendered output as it streams from `render` to `output`, one batch at a time:
//! no page may carry script (`render::check`), and every page is weighed and scored
//! (`quality`). Batches are written into the staging folder while the build is clean; only the
//! figures and diagnostics are kept, never the bytes.

use crate::diagnostics::{Diagnostic, Severity};
use crate::output::Staging;
use crate::paths::url_of;
use crate::quality::{self, PageQuality};
use crate::render::{self, OutputFile};
use crate::site::Site;
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What the inspection gathered.
#[derive(Debug, Default)]
pub(crate) struct Inspected {
    /// Problems found in the output.
    pub diagnostics: Vec<Diagnostic>,
    /// Weight and readability of every page, sorted by path.
    pub quality: Vec<PageQuality>,
    /// Pages (HTML files) rendered.
    pub pages: usize,
    /// Files rendered in all.
    pub files: usize,
    /// Printed leaflets among them.
    pub leaflets: usize,
}

/// Checks batches of output files and passes them on to the staging folder, if any.
pub(crate) struct Inspector<'a> {
    site: &'a Site,
    out: PathBuf,
    staging: Option<&'a mut Staging>,
    /// Bytes of every file but the pages seen so far, by URL: the stylesheets and images a
    /// page's weight counts (a page never counts another page, so pages are not kept).
    sizes: BTreeMap<String, usize>,
    found: Inspected,
    /// Errors already found before the output (content problems); nothing is written then.
    failed: bool,
    /// The Content-Security-Policy every page must carry.
    csp: String,
    /// Whether every page's figures are kept (else only the warnings they give).
    figures: bool,
}

impl<'a> Inspector<'a> {
    /// An inspector for `site` whose output goes to `out` (for positions) and, when given,
    /// into `staging`.
    pub(crate) fn new(
        site: &'a Site,
        out: PathBuf,
        staging: Option<&'a mut Staging>,
    ) -> Inspector<'a> {
        Inspector {
            site,
            out,
            staging,
            sizes: BTreeMap::new(),
            found: Inspected::default(),
            failed: false,
            csp: site.config.content_security_policy(),
            figures: true,
        }
    }

    /// Whether to keep every page's figures (they grow with the site; only `--report` shows
    /// them).
    pub(crate) fn keep_figures(&mut self, keep: bool) {
        self.figures = keep;
    }

    /// Checks one batch and, while no error has been found, writes it. The writing (one thread,
    /// see `Staging::write`) goes on while the other threads check: a batch in which the check
    /// finds an error is then written too, which is harmless, as a staging folder with errors is
    /// never published (`build` drops it, and dropping removes it).
    pub(crate) fn take(&mut self, files: Vec<OutputFile>) -> Result<()> {
        for f in files.iter().filter(|f| !f.is_page) {
            self.sizes.insert(url_of(&f.path), f.bytes.len());
        }
        let staging = self.staging.as_deref_mut().filter(|_| !self.failed);
        let (site, out, csp, sizes) = (self.site, &self.out, &self.csp, &self.sizes);
        let (written, (found, (figures, warnings))) = rayon::join(
            || staging.map_or(Ok(()), |staging| staging.write(&files)),
            || check(site, out, csp, sizes, &files),
        );
        self.failed |= found.iter().any(|d| d.severity == Severity::Error);
        self.found.diagnostics.extend(found);
        self.found.diagnostics.extend(warnings);
        if self.figures {
            self.found.quality.extend(figures);
        }
        self.found.pages += files.iter().filter(|f| f.is_page).count();
        self.found.files += files.len();
        self.found.leaflets += (files.iter())
            .filter(|f| matches!(f.held, render::Held::Leaflet { .. }))
            .count();
        written
    }

    /// The figures and problems gathered.
    pub(crate) fn finish(self) -> Inspected {
        let mut found = self.found;
        found.quality.sort_by(|a, b| a.path.cmp(&b.path));
        found
    }
}

/// The checks on output files: no script (with the page's policy) and weight and readability.
/// Returns the script check's problems, then the figures and the quality warnings.
fn check(
    site: &Site,
    out: &std::path::Path,
    csp: &str,
    sizes: &BTreeMap<String, usize>,
    files: &[OutputFile],
) -> (Vec<Diagnostic>, (Vec<PageQuality>, Vec<Diagnostic>)) {
    let found = render::check::output(files, out, csp);
    let image_warning = |source: &Path, image: &str, message: String| {
        image_warning_at(site, source, image, message)
    };
    let quality = quality::assess_with(files, sizes, &site.config, &image_warning);
    (found, quality)
}

/// A warning about the image at `image` (its URL from the site root) that the page built from
/// `source` shows: at the first `![…](…)` or `<img>` of the page's body that shows it, else at
/// the top of the file (a template's image, a tree page).
fn image_warning_at(site: &Site, source: &Path, image: &str, message: String) -> Diagnostic {
    let shown = crate::paths::display_path(source);
    let Some(page) = site.page(source) else {
        return crate::diagnostics::file_warning(&shown, message);
    };
    let dir = source.parent().unwrap_or(Path::new(""));
    let shows = |dest: &str| {
        let path = dest.split(['?', '#']).next().unwrap_or(dest);
        crate::paths::normalise(&dir.join(path)).is_some_and(|p| crate::paths::url_of(&p) == image)
    };
    let link = page.body.links.iter().find(|l| l.image && shows(l.dest));
    match link {
        Some(link) => {
            let (shown, text) = page.located(&site.root);
            let src = crate::diagnostics::Located {
                path: &shown,
                text: &text,
            };
            src.warning(page.body_offset + link.offset, message)
        }
        None => crate::diagnostics::file_warning(&shown, message),
    }
}

/// What one file's inspection found: its problems (a page's figures are not kept; only the
/// warnings they give).
#[derive(Debug, Clone, Default)]
pub(crate) struct FileFindings {
    /// Problems found in the file (or reported against its source).
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks `files` one by one (in parallel) with the same checks as [`Inspector::take`], keeping
/// each file's findings apart, as `serve` needs to replace them when it renders a file again.
/// `sizes` holds the bytes of the site's files but its pages, by URL (for the stylesheets and
/// images a page counts).
pub(crate) fn each(
    site: &Site,
    out: &std::path::Path,
    sizes: &BTreeMap<String, usize>,
    files: &[OutputFile],
) -> Vec<FileFindings> {
    use rayon::prelude::*;
    let csp = site.config.content_security_policy();
    files
        .par_iter()
        .map(|file| {
            let (mut diagnostics, (_, warnings)) =
                check(site, out, &csp, sizes, std::slice::from_ref(file));
            diagnostics.extend(warnings);
            FileFindings { diagnostics }
        })
        .collect()
}
