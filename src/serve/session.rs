//! The site as `serve` holds it: read, checked and rendered in memory, and brought up to date
//! after each batch of edits by re-reading only the articles that changed and rendering only the
//! parts that show something of them (see [`super::affected`]); anything else falls back to a
//! full rebuild. The files it serves are always those a fresh `carepath build` would write.

use super::affected::{self, Change};
use super::files::Files;
use crate::diagnostics::Diagnostic;
use crate::inspect::{self, FileFindings};
use crate::paths::url_of;
use crate::render::{self, OutputFile, Part};
use crate::{BuildOptions, Prepared};
use anyhow::{Context as _, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What one rebuild did, for the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rebuilt {
    /// Nothing the site is made from changed.
    Nothing,
    /// Only these parts were rendered again (`files` files).
    Parts {
        /// Articles re-read.
        pages: usize,
        /// Files rendered.
        files: usize,
    },
    /// The whole site was read and rendered again.
    Full {
        /// Files rendered.
        files: usize,
    },
}

/// The in-memory site.
pub struct Session {
    opts: BuildOptions,
    /// The site as last read; `None` while the site cannot be read at all.
    prepared: Option<Prepared>,
    /// What checking each rendered file found.
    checked: Checked,
    /// Parts changed while the site had errors, rendered once it has none.
    pending: BTreeSet<Part>,
    /// Whether the next rebuild must be a full one (the last full one did not finish clean).
    needs_full: bool,
    /// Why the site could not be built at all (a broken template, an unreadable file).
    fatal: Option<String>,
    /// The files served: those of the last build without errors.
    files: Files,
    /// The site's images as last made.
    images: crate::images::Images,
    /// Whether images have been resized in the background yet: the first build publishes
    /// those the cache lacks as they are, so the first page answers at once.
    images_started: bool,
    /// Called when the images resized in the background are ready (to rebuild with them).
    images_ready: Option<std::sync::Arc<dyn Fn() + Send + Sync>>,
    /// Printed leaflets by content hash, kept between rebuilds: an edit typesets only the
    /// leaflet of the article it changed.
    leaflets: crate::print::Cache,
}

impl Session {
    /// A session for the site at `opts.site`, with nothing read yet: [`Session::full`] reads
    /// and renders it.
    pub fn new(opts: BuildOptions) -> Session {
        let out = std::path::absolute(&opts.out).unwrap_or_else(|_| opts.out.clone());
        Session {
            opts,
            prepared: None,
            checked: Checked {
                out,
                sizes: BTreeMap::new(),
                findings: BTreeMap::new(),
            },
            pending: BTreeSet::new(),
            needs_full: true,
            fatal: None,
            files: Files::default(),
            images: Default::default(),
            images_started: false,
            images_ready: None,
            leaflets: crate::print::Cache::in_memory(),
        }
    }

    /// Calls `ready` when images left for the background have been resized (`serve` then
    /// rebuilds, and the pages show the resized images).
    pub fn on_images_ready(&mut self, ready: std::sync::Arc<dyn Fn() + Send + Sync>) {
        self.images_ready = Some(ready);
    }

    /// Makes the site's images: on the first build only from the cache, resizing the rest in the
    /// background; later, resizing what the cache still lacks (a broken image is then found).
    fn make_images(&mut self, prepared: &mut Prepared) {
        use crate::images::Mode;
        let mode = match self.images_started {
            true => Mode::Resize,
            false => Mode::CacheOnly,
        };
        let (images, problems) =
            crate::images::prepare(&prepared.site, &crate::image_options(&self.opts, mode));
        prepared.copied.extend(problems);
        if let (false, Some(work)) = (self.images_started, images.background()) {
            let ready = self.images_ready.clone();
            std::thread::spawn(move || {
                work();
                if let Some(ready) = ready {
                    ready();
                }
            });
        }
        self.images_started = true;
        self.images = images;
    }

    /// The files served (the last build without errors).
    pub fn files(&self) -> &Files {
        &self.files
    }

    /// Every problem a `carepath build` of the site as it is now would report, sorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let Some(prepared) = &self.prepared else {
            return Vec::new();
        };
        let mut diags: Vec<Diagnostic> = prepared.diagnostics().cloned().collect();
        if !prepared.has_errors() {
            diags.extend(self.checked.diagnostics().cloned());
        }
        diags.sort();
        diags.dedup();
        diags
    }

    /// Whether a build of the site as it is now would fail (without gathering the problems).
    fn has_errors(&self) -> bool {
        self.prepared.as_ref().is_some_and(|prepared| {
            prepared.has_errors() || self.checked.diagnostics().any(crate::diagnostics::is_error)
        })
    }

    /// Why the site cannot be built at all, with the cause chain, if it cannot.
    pub fn fatal(&self) -> Option<&str> {
        self.fatal.as_deref()
    }

    /// The site folder.
    pub fn site(&self) -> &Path {
        &self.opts.site
    }

    /// Brings the site up to date after `paths` (absolute, or relative to the site folder)
    /// changed on disk.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Rebuilt {
        let changes: Vec<Change> = match &self.prepared {
            Some(prepared) if !self.needs_full => {
                match affected::classify(&self.opts.site, prepared, paths) {
                    Some(changes) => changes,
                    None => return self.full(),
                }
            }
            _ => return self.full(),
        };
        if changes.is_empty() {
            return Rebuilt::Nothing;
        }
        match self.incremental(&changes) {
            Ok(Some(rebuilt)) => rebuilt,
            Ok(None) => self.full(),
            Err(e) => {
                self.fatal = Some(fatal_text(&e));
                self.needs_full = true;
                Rebuilt::Nothing
            }
        }
    }

    /// Reads, checks and renders everything again.
    pub fn full(&mut self) -> Rebuilt {
        match self.try_full() {
            Ok(files) => {
                self.fatal = None;
                Rebuilt::Full { files }
            }
            Err(e) => {
                self.fatal = Some(fatal_text(&e));
                self.needs_full = true;
                Rebuilt::Nothing
            }
        }
    }

    fn try_full(&mut self) -> Result<usize> {
        let mut prepared = crate::prepare(&self.opts)?;
        self.make_images(&mut prepared);
        self.needs_full = true;
        self.pending.clear();
        self.checked.sizes.clear();
        self.checked.findings.clear();
        let clean = !prepared.has_errors();
        let mut files = Files::default();
        if clean {
            // Checked and packed a batch at a time, as a build writes them: the whole output is
            // never held uncompressed.
            let stages = (&self.images, &self.leaflets);
            render::render_site(&prepared.site, &prepared.theme, stages, &mut |batch| {
                self.checked.take(&prepared.site, &batch);
                files.insert_all(
                    batch
                        .iter()
                        .map(|f| (url_of(&f.path), &f.bytes[..]))
                        .collect(),
                );
                Ok(())
            })?;
        }
        self.leaflets.prune();
        // A leaflet that could not be made is shown with the other problems of the copy.
        let mut prepared = prepared;
        prepared.copied.extend(self.leaflets.take_failures());
        self.prepared = Some(prepared);
        let rendered = files.len();
        if clean && !self.has_errors() {
            self.files = files;
            self.needs_full = false;
        }
        Ok(rendered)
    }

    /// Re-reads the changed articles and renders what shows them; `None` when the change needs
    /// a full rebuild after all.
    fn incremental(&mut self, changes: &[Change]) -> Result<Option<Rebuilt>> {
        let Some(prepared) = self.prepared.as_mut() else {
            return Ok(None);
        };
        let Some(reloaded) = affected::reload(prepared, changes)? else {
            return Ok(None);
        };
        recheck(prepared, &reloaded, &self.opts);
        self.pending.extend(reloaded.parts);
        if prepared.has_errors() {
            // Shown as problems; the parts are rendered once the errors are fixed.
            return Ok(Some(Rebuilt::Parts {
                pages: changes.len(),
                files: 0,
            }));
        }
        let mut rendered: Vec<OutputFile> = Vec::new();
        render::render_parts(
            &prepared.site,
            &prepared.theme,
            (&self.images, &self.leaflets),
            &self.pending,
            &mut |files| {
                rendered.extend(files);
                Ok(())
            },
        )
        .context("failed to render the pages that changed")?;
        self.checked.take(&prepared.site, &rendered);
        let stale = stale_signoff_pages(&self.files, &self.pending, &prepared.site, &rendered);
        let count = rendered.len();
        let az_dirs = render::az_part_dirs(&prepared.site);
        if !self.has_errors() {
            if self.pending.contains(&Part::Listings) {
                // A split A–Z may now have fewer pages: its pages are all rendered again, so
                // none of the old ones may stay behind.
                let kept: BTreeSet<String> = rendered.iter().map(|f| url_of(&f.path)).collect();
                for prefix in &az_dirs {
                    for url in self.files.remove_under(prefix) {
                        if !kept.contains(&url) {
                            self.checked.forget(&url);
                        }
                    }
                }
            }
            for url in self.files.remove_where(|url| stale.contains(url)) {
                self.checked.forget(&url);
            }
            (self.files).insert_all(
                rendered
                    .iter()
                    .map(|f| (url_of(&f.path), &f.bytes[..]))
                    .collect(),
            );
            self.pending.clear();
        }
        Ok(Some(Rebuilt::Parts {
            pages: changes.len(),
            files: count,
        }))
    }
}

/// The later sign-off pages (`cases-2.html`, …) of the trees among `pending` that were not
/// rendered again: a tree rendered again may split them over fewer pages than before (an end
/// page's title got shorter), and the old ones must not stay behind.
fn stale_signoff_pages(
    files: &Files,
    pending: &BTreeSet<Part>,
    site: &crate::site::Site,
    rendered: &[OutputFile],
) -> BTreeSet<String> {
    let trees: Vec<&crate::tree::Tree> = (pending.iter())
        .filter_map(|part| match part {
            Part::Tree(i) => site.trees.get(*i),
            _ => None,
        })
        .collect();
    if trees.is_empty() {
        return BTreeSet::new();
    }
    let kept: BTreeSet<String> = rendered.iter().map(|f| url_of(&f.path)).collect();
    (files.urls())
        .filter(|url| !kept.contains(*url))
        .filter(|url| {
            render::later_signoff_page(site, url)
                .is_some_and(|(tree, _)| trees.iter().any(|t| std::ptr::eq(*t, tree)))
        })
        .map(str::to_string)
        .collect()
}

/// What checking each rendered file found, kept per file so that a file rendered again
/// replaces exactly its own problems.
struct Checked {
    /// The nominal output folder, so positions in output problems read as a build's do.
    out: PathBuf,
    /// Bytes of every rendered file, by URL (for the stylesheets and images a page counts).
    sizes: BTreeMap<String, usize>,
    /// Each rendered file's problems and figures, by URL.
    findings: BTreeMap<String, FileFindings>,
}

impl Checked {
    /// Forgets a file that is no longer built.
    fn forget(&mut self, url: &str) {
        self.sizes.remove(url);
        self.findings.remove(url);
    }

    /// Records the sizes of `batch` and what checking each of its files finds. Only files with
    /// problems are kept in `findings`, and only the sizes of files other than pages (a page's
    /// weight never counts another page).
    fn take(&mut self, site: &crate::site::Site, batch: &[OutputFile]) {
        for f in batch.iter().filter(|f| !f.is_page) {
            self.sizes.insert(url_of(&f.path), f.bytes.len());
        }
        let findings = inspect::each(site, &self.out, &self.sizes, batch);
        for (file, found) in batch.iter().zip(findings) {
            let url = url_of(&file.path);
            if found.diagnostics.is_empty() {
                self.findings.remove(&url);
            } else {
                self.findings.insert(url, found);
            }
        }
    }

    /// Every problem found in the rendered files.
    fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.findings.values().flat_map(|f| &f.diagnostics)
    }
}

/// Redoes the whole-site checks an edit of `reloaded.pages` can change: their own links and
/// review dates; every page's links when their headings changed (anchors); trees and output
/// paths when their front matter changed. The rest stays as the last check found it.
fn recheck(prepared: &mut Prepared, reloaded: &affected::Reloaded, opts: &BuildOptions) {
    let site = &prepared.site;
    let checks = &mut prepared.checked;
    let pages: Vec<&crate::site::Page> = (reloaded.pages.iter().map(|&i| &site.pages[i]))
        .chain(reloaded.translations.iter().map(|&j| &site.translations[j]))
        .collect();
    let shown: BTreeSet<PathBuf> = pages
        .iter()
        .map(|p| crate::paths::display_path(&p.source))
        .collect();
    if reloaded.ids_changed {
        checks.links = crate::validate::links(site);
    } else {
        checks.links.retain(|d| !shown.contains(&d.path));
        for page in &pages {
            checks.links.extend(crate::validate::page_links(site, page));
        }
    }
    if reloaded.faces_changed {
        checks.trees = crate::clinical::validate::all(site, opts.strict);
        checks.outputs = crate::validate::output_collisions(site);
    }
    let policy = crate::review_policy(site, opts);
    checks.reviews.retain(|d| !shown.contains(&d.path));
    prepared.due.retain(|d| !shown.contains(&d.path));
    // Review dates are the source pages' (a translation's are its source's).
    for page in pages.iter().filter(|p| p.translation.is_none()) {
        match crate::review::page(&site.root, page, policy) {
            Some(crate::review::Judged::Overdue(d)) => checks.reviews.push(d),
            Some(crate::review::Judged::Due(d)) => prepared.due.push(d),
            None => {}
        }
    }
    prepared.due.sort();
    checks.signoffs = crate::approval::check(site, opts.strict);
    if !reloaded.translations.is_empty() {
        checks.translations = [
            crate::site::translations::check(site),
            crate::site::tree_translations::check(site),
        ]
        .concat();
    }
}

/// What a rebuild that could not go on says: a template that failed while rendering as its
/// positioned problem, anything else as its cause chain.
fn fatal_text(e: &anyhow::Error) -> String {
    crate::templates::problem_of(e).map_or_else(|| format!("{e:#}"), |d| d.to_string())
}
