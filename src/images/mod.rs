//! Images made for phones, a stage between checking and rendering. The JPEG and PNG files that
//! pages show (`![…](…)`, `<img src>`) are resized to the widths of `[images]` in `site.toml`
//! and recompressed (`resize`), through a cache keyed by their bytes (`cache`), so a rebuild
//! resizes nothing. `render` then writes the copies instead of the original and gives every
//! `<img>` that shows one its `srcset`, `sizes`, `width`, `height` and, below the first,
//! `loading="lazy"` (`rewrite`). A file that cannot be decoded is an error at each `<img>` that
//! shows it.

mod cache;
pub(crate) mod resize;
mod rewrite;

use crate::diagnostics::{Diagnostic, Located};
use crate::paths::normalise;
use crate::site::{Page, Site};
pub(crate) use cache::Cache;
use rayon::prelude::*;
use resize::{Kind, Settings};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How images are made in this build.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    /// Where resized images are kept between builds; `None` keeps them in memory only.
    pub(crate) cache: Option<Cache>,
    /// Resize what the cache lacks now, or leave it for later (`serve`'s first page).
    pub(crate) mode: Mode,
}

/// Whether images missing from the cache are resized now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Resize them now (a build).
    Resize,
    /// Publish them as they are, and leave them to [`Images::background`].
    CacheOnly,
}

/// What the image stage did, for the summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImageStats {
    /// Images resized in this build.
    pub resized: usize,
    /// Images whose copies came from the cache.
    pub cached: usize,
    /// Images published as they are for now (`serve` resizes them in the background).
    pub pending: usize,
}

/// One copy of an image as published.
#[derive(Debug, Clone)]
pub(crate) struct Shown {
    /// Width in pixels.
    pub(crate) width: u32,
    /// Height in pixels.
    pub(crate) height: u32,
    /// Output path.
    pub(crate) out: PathBuf,
    data: Data,
}

#[derive(Debug, Clone)]
enum Data {
    /// In the cache, at this path.
    Cached(PathBuf),
    /// In memory (there is no cache, or it could not be written).
    Held(Arc<Vec<u8>>),
}

/// The images of a site as they are published: the copies of each, by the original's path.
#[derive(Debug, Default)]
pub(crate) struct Images {
    made: HashMap<PathBuf, Vec<Shown>>,
    sizes: String,
    keep_original: bool,
    /// What the stage did.
    pub(crate) stats: ImageStats,
    /// Images left for later, with the settings and cache to make them with.
    pending: Vec<PathBuf>,
    later: Option<(PathBuf, Settings, Cache)>,
}

/// Every `<img>` of every page that shows a file carepath resizes: the file (relative to
/// `content/`) and, for each, the pages and offsets (in the page's file) that show it.
fn shown_images(site: &Site) -> BTreeMap<PathBuf, Vec<(usize, usize)>> {
    let assets: std::collections::HashSet<&Path> =
        site.assets.iter().map(PathBuf::as_path).collect();
    let mut out: BTreeMap<PathBuf, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, page) in site.pages.iter().enumerate() {
        let base = page.source.parent().unwrap_or(Path::new(""));
        for link in page.body.links.iter().filter(|l| l.image) {
            let path = link.dest.split(['#', '?']).next().unwrap_or("");
            if path.is_empty() || crate::paths::is_external(path) {
                continue;
            }
            let Some(target) = normalise(&base.join(path)) else {
                continue;
            };
            if Kind::of(&target).is_some() && assets.contains(target.as_path()) {
                (out.entry(target).or_default()).push((i, page.body_offset + link.offset));
            }
        }
    }
    out
}

/// What became of one image.
enum Outcome {
    Made(Vec<Shown>, bool),
    Pending,
    Problem(String),
}

/// Makes every image the pages show, as `opts` says; returns them and an error at each `<img>`
/// whose file cannot be decoded.
pub(crate) fn prepare(site: &Site, opts: &Options) -> (Images, Vec<Diagnostic>) {
    let config = &site.config.images;
    let mut images = Images {
        sizes: config.sizes.clone(),
        keep_original: config.keep_original,
        ..Images::default()
    };
    if !config.resize {
        return (images, Vec::new());
    }
    let settings = Settings {
        widths: config.sorted_widths(),
        quality: config.quality,
    };
    let shown = shown_images(site);
    let outcomes: Vec<(PathBuf, Outcome)> = shown
        .keys()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|asset| {
            let outcome = make_one(site, asset, &settings, opts, config.keep_original);
            ((*asset).clone(), outcome)
        })
        .collect();
    let mut problems: Vec<(usize, usize, String)> = Vec::new();
    for (asset, outcome) in outcomes {
        match outcome {
            Outcome::Made(copies, fresh) => {
                match fresh {
                    true => images.stats.resized += 1,
                    false => images.stats.cached += 1,
                }
                images.made.insert(asset, copies);
            }
            Outcome::Pending => images.pending.push(asset),
            Outcome::Problem(why) => {
                let shown_as = crate::paths::url_of(&asset);
                for &(page, at) in shown.get(&asset).into_iter().flatten() {
                    problems.push((page, at, format!("`{shown_as}` {why}")));
                }
            }
        }
    }
    images.stats.pending = images.pending.len();
    if let (false, Some(cache)) = (images.pending.is_empty(), &opts.cache) {
        images.later = Some((site.root.clone(), settings, cache.clone()));
    }
    (images, positioned(site, problems))
}

/// Errors at `(page, offset, message)`, each in its page's file.
fn positioned(site: &Site, problems: Vec<(usize, usize, String)>) -> Vec<Diagnostic> {
    let mut by_page: BTreeMap<usize, Vec<(usize, String)>> = BTreeMap::new();
    for (page, at, message) in problems {
        by_page.entry(page).or_default().push((at, message));
    }
    let mut out = Vec::new();
    for (page, found) in by_page {
        let page: &Page = &site.pages[page];
        let (shown, text) = page.located(&site.root);
        let src = Located {
            path: &shown,
            text: &text,
        };
        out.extend(found.into_iter().map(|(at, m)| src.error(at, m)));
    }
    out
}

/// Reads, and unless only the cache may be used, resizes one image.
fn make_one(
    site: &Site,
    asset: &Path,
    settings: &Settings,
    opts: &Options,
    keep_original: bool,
) -> Outcome {
    let Some(kind) = Kind::of(asset) else {
        return Outcome::Problem("is not a JPEG or PNG image".into());
    };
    let from = site.root.join(crate::paths::display_path(asset));
    let bytes = match std::fs::read(&from) {
        Ok(bytes) => bytes,
        Err(e) => return Outcome::Problem(format!("cannot be read: {e}")),
    };
    let key = Cache::key(&bytes, settings);
    let names = |widths: &[(u32, u32)]| copy_paths(asset, widths, keep_original);
    if let Some(cache) = &opts.cache
        && let Some(entry) = cache.get(&key, kind)
    {
        let sizes: Vec<(u32, u32)> = entry.copies.iter().map(|&(w, h, _)| (w, h)).collect();
        let shown = (names(&sizes).into_iter().zip(&sizes))
            .map(|(out, &(width, height))| Shown {
                width,
                height,
                out,
                data: Data::Cached(cache.file(&key, width, kind)),
            })
            .collect();
        return Outcome::Made(shown, false);
    }
    if opts.mode == Mode::CacheOnly {
        return Outcome::Pending;
    }
    let copies = match resize::make(&bytes, kind, settings) {
        Ok(copies) => copies,
        Err(why) => return Outcome::Problem(why),
    };
    let stored = (opts.cache.as_ref()).and_then(|cache| cache.put(&key, kind, &copies).ok());
    let sizes: Vec<(u32, u32)> = copies.iter().map(|c| (c.width, c.height)).collect();
    let shown = (names(&sizes).into_iter().zip(copies))
        .map(|(out, copy)| Shown {
            width: copy.width,
            height: copy.height,
            out,
            data: match (&stored, &opts.cache) {
                (Some(_), Some(cache)) => Data::Cached(cache.file(&key, copy.width, kind)),
                _ => Data::Held(Arc::new(copy.bytes)),
            },
        })
        .collect();
    Outcome::Made(shown, true)
}

/// Output paths of the copies of `asset` at `sizes` (narrowest first): `photo-400w.jpg`, …;
/// the widest takes the original's own name unless the original is kept.
fn copy_paths(asset: &Path, sizes: &[(u32, u32)], keep_original: bool) -> Vec<PathBuf> {
    let stem = asset.file_stem().map(|s| s.to_string_lossy().into_owned());
    let ext = asset.extension().map(|s| s.to_string_lossy().into_owned());
    sizes
        .iter()
        .enumerate()
        .map(|(i, &(w, _))| {
            if i + 1 == sizes.len() && !keep_original {
                return asset.to_path_buf();
            }
            let name = format!(
                "{}-{w}w.{}",
                stem.as_deref().unwrap_or(""),
                ext.as_deref().unwrap_or("")
            );
            asset.with_file_name(name)
        })
        .collect()
}

impl Images {
    /// The copies of `asset` (relative to `content/`) to publish instead of it, each with its
    /// output path and bytes; `None` when it is published as it is. With `keep_original`, the
    /// original is published too, by the caller.
    pub(crate) fn outputs(&self, asset: &Path) -> Option<Vec<(PathBuf, anyhow::Result<Vec<u8>>)>> {
        let copies = self.made.get(asset)?;
        Some(
            (copies.iter())
                .map(|c| {
                    let bytes = match &c.data {
                        Data::Cached(path) => crate::fs::read(path),
                        Data::Held(bytes) => Ok(bytes.to_vec()),
                    };
                    (c.out.clone(), bytes)
                })
                .collect(),
        )
    }

    /// Whether the original of `asset` is published as well as its copies.
    pub(crate) fn keeps_original(&self, asset: &Path) -> bool {
        !self.made.contains_key(asset) || self.keep_original
    }

    /// `html` (shown in the output folder `page_dir`) with every `<img>` that shows a resized
    /// image pointed at its copies.
    pub(crate) fn rewrite(&self, html: &str, page_dir: &Path) -> String {
        if self.made.is_empty() {
            return html.to_string();
        }
        rewrite::rewrite(html, page_dir, &|path| self.made.get(path), &self.sizes)
    }

    /// The work left for later: resizing into the cache the images published as they are.
    /// `None` when there is none.
    pub(crate) fn background(&self) -> Option<Box<dyn FnOnce() + Send>> {
        let (root, settings, cache) = self.later.clone()?;
        let pending = self.pending.clone();
        Some(Box::new(move || {
            pending.par_iter().for_each(|asset| {
                let Some(kind) = Kind::of(asset) else { return };
                let Ok(bytes) = std::fs::read(root.join(crate::paths::display_path(asset))) else {
                    return;
                };
                let key = Cache::key(&bytes, &settings);
                if cache.get(&key, kind).is_none()
                    && let Ok(copies) = resize::make(&bytes, kind, &settings)
                {
                    let _ = cache.put(&key, kind, &copies);
                }
            });
        }))
    }
}
