//! The loaded site: settings, articles (front matter + rendered Markdown) and trees, parsed in
//! parallel from the discovered sources. Immutable once loaded; every later stage borrows it.

use crate::care::CareLevel;
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Located, file_error};
use crate::front_matter::{self, FrontMatter};
use crate::fs;
use crate::links::LinkMap;
use crate::markdown::{self, Links, Snippets};
use crate::paths::{CONFIG_FILE, CONTENT_DIR};
use crate::site::sections::Sections;
use crate::source::Sources;
use crate::tree::{self, Tree};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod bodies;
pub(crate) mod publish;
pub(crate) mod sections;
pub(crate) mod translations;
pub(crate) mod tree_translations;
pub(crate) use bodies::{Bodies, Held};
pub(crate) use translations::Translated;

/// What a page is, from where it sits in `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `index.md`.
    Home,
    /// `causes/*.md`.
    Cause,
    /// `outcomes/*.md`: care cards.
    Outcome,
    /// Any other article.
    Other,
    /// `<folder>/_index.md`: the title and introduction of a section's landing page.
    Section,
}

/// One article.
#[derive(Debug, Clone)]
pub struct Page {
    /// Source path relative to `content/`.
    pub source: PathBuf,
    /// What kind of page it is.
    pub kind: PageKind,
    /// Its front matter.
    pub front: FrontMatter,
    /// What its body holds that the checks need: heading ids and links, compactly. Its HTML
    /// is not held in memory ([`Site::body_html`]), so the site never holds every article's
    /// text at once.
    pub body: markdown::Facts,
    /// Where its body's HTML, rendered when it was loaded, waits in [`Site::bodies`]; `None`
    /// when it was not kept (it is then rendered again from its file).
    pub html: Option<Held>,
    /// Offset of the body in the file's text.
    pub body_offset: usize,
    /// What its file says, for clinical sign-off; taken only when the site records sign-offs.
    pub fingerprint: Option<Box<crate::signoff::Fingerprint>>,
    /// Whether its body shows the sign-off statement (`{{ signoff }}`), filled when it is
    /// written ([`Site::body_html_with`]).
    pub shows_signoff: bool,
    /// For a translation (`sciatica.cy.md`): its language, its source page and how far it is
    /// behind it. Its other front matter is the source's.
    pub translation: Option<Box<Translated>>,
}

impl Page {
    /// Output path relative to the output folder (`causes/x.md` → `causes/x.html`,
    /// `causes/_index.md` → `causes/index.html`).
    pub fn output(&self) -> PathBuf {
        match &self.translation {
            Some(t) => Path::new(&t.lang).join(crate::paths::page_output(&t.of)),
            None => crate::paths::page_output(&self.source),
        }
    }

    /// The folder of its output page, relative to the output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// The language it is written in: a translation's, else the site's.
    pub fn lang<'a>(&'a self, site: &'a Site) -> &'a str {
        self.translation
            .as_ref()
            .map_or(site.config.language.as_str(), |t| t.lang.as_str())
    }

    /// The page's file as shown in diagnostics, and its text read again from the site at
    /// `root` (empty if it can no longer be read), to place a problem found after loading.
    pub fn located(&self, root: &Path) -> (PathBuf, String) {
        let shown = crate::paths::display_path(&self.source);
        let text = read_text(&root.join(&shown)).unwrap_or_default();
        (shown, text)
    }
}

/// A source file's text as the loader sees it: UTF-8 without a byte-order mark.
fn read_text(path: &Path) -> Result<String> {
    let bytes = fs::read(path)?;
    fs::utf8_text(bytes)
        .map_err(|e| anyhow::anyhow!("`{}` is no longer valid UTF-8: {e}", path.display()))
}

/// Everything the build read, ready to validate and render.
#[derive(Debug)]
pub struct Site {
    /// The site root.
    pub root: PathBuf,
    /// Settings.
    pub config: SiteConfig,
    /// Articles, sorted by source path.
    pub pages: Vec<Page>,
    /// Decision trees, sorted by source path.
    pub trees: Vec<Tree>,
    /// Other files to copy, relative to `content/`.
    pub assets: Vec<PathBuf>,
    /// Files for the web host, relative to `static/`.
    pub host_files: Vec<PathBuf>,
    /// Index in `pages` of the outcome page that stands for each care level (see `outcome`).
    outcomes: BTreeMap<CareLevel, usize>,
    /// Articles and trees that exist but could not be parsed (already reported), so links to
    /// them are not reported a second time as missing.
    pub unparsed: Vec<PathBuf>,
    /// The links of the pages that could not be loaded, still checked: (file relative to
    /// `content/`, offset of the body, links).
    pub unloaded_links: Vec<(PathBuf, usize, Links)>,
    /// Shared Markdown that pages and tree text include.
    pub snippets: Snippets,
    /// Folders of pages, each with a landing page.
    pub sections: Sections,
    /// Old addresses `[links]` maps to pages, as the pages were read with.
    pub links: LinkMap,
    /// The articles' bodies, rendered as they were loaded.
    pub bodies: Bodies,
    /// Clinical sign-offs (`content/signoff.toml`), `None` when the site records none and
    /// does not require them.
    pub signoffs: Option<crate::signoff::SignOffs>,
    /// Translations of articles into the site's other languages, sorted by file.
    pub translations: Vec<Page>,
    /// For each source page with translations, their indexes in `translations`.
    translated: BTreeMap<PathBuf, Vec<usize>>,
    /// For each language, where its pages' links lead.
    lang_links: BTreeMap<String, markdown::LangLinks>,
    /// Translations of trees into the site's other languages, sorted by file.
    pub tree_translations: Vec<Tree>,
}

impl Site {
    /// Every file copied as it is: its path in the output, and its path from the site root
    /// (content files first, then the host's files from `static/`).
    pub fn copied_files(&self) -> impl Iterator<Item = (PathBuf, PathBuf)> + '_ {
        let content = self
            .assets
            .iter()
            .map(|a| (a.clone(), crate::paths::display_path(a)));
        let host = self
            .host_files
            .iter()
            .map(|h| (h.clone(), Path::new(crate::paths::STATIC_DIR).join(h)));
        content.chain(host)
    }

    /// The page built from `source` (relative to `content/`), if any.
    pub fn page(&self, source: &Path) -> Option<&Page> {
        self.pages
            .binary_search_by(|p| p.source.as_path().cmp(source))
            .ok()
            .map(|i| &self.pages[i])
    }

    /// Index in `pages` of the page built from `source`, if any.
    pub fn index_of(&self, source: &Path) -> Option<usize> {
        self.pages
            .binary_search_by(|p| p.source.as_path().cmp(source))
            .ok()
    }

    /// The outcome page advising `care`, if the site has one: the one named after the level,
    /// else the first by path that names no service, else the first.
    pub fn outcome(&self, care: CareLevel) -> Option<&Page> {
        self.outcomes.get(&care).map(|&i| &self.pages[i])
    }

    /// The body of `page` as HTML, its links written for the page's own place: as it was
    /// rendered when the page was loaded, or, if that was not kept, its file read and rendered
    /// again.
    pub fn body_html(&self, page: &Page) -> Result<String> {
        if let Some(held) = page.html {
            return self.bodies.get(held);
        }
        self.body_html_for(page, &page.output_dir())
    }

    /// [`Site::body_html`] for a page shown in `page_dir` (an outcome's advice on a tree page).
    pub fn body_html_for(&self, page: &Page, page_dir: &Path) -> Result<String> {
        self.render_body(page, page_dir, self.snippets.clone())
    }

    /// [`Site::body_html`] with the sign-off statement (Markdown) in place of `{{ signoff }}`.
    pub fn body_html_with(&self, page: &Page, signoff: String) -> Result<String> {
        let mut snippets = (*self.snippets).clone();
        snippets.insert(PathBuf::from(markdown::SIGNOFF), signoff);
        self.render_body(page, &page.output_dir(), std::sync::Arc::new(snippets))
    }

    fn render_body(&self, page: &Page, page_dir: &Path, snippets: Snippets) -> Result<String> {
        let body = self.body_text(page)?;
        let rebase = markdown::Rebase {
            source_dir: page
                .source
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            page_dir: page_dir.to_path_buf(),
            snippets,
            links: self.links.clone(),
            keep_target: self.config.html.target == crate::config::TargetPolicy::Keep,
            lang: (page.translation.as_ref()).and_then(|t| self.lang_links.get(&t.lang).cloned()),
        };
        Ok(markdown::render_for(&body, &rebase).html)
    }

    /// The Markdown of `page`'s body, read again from its file.
    pub fn body_text(&self, page: &Page) -> Result<String> {
        let text = read_text(&self.root.join(crate::paths::display_path(&page.source)))?;
        // A file edited since it was read may no longer split at the same place.
        Ok(text.get(page.body_offset..).unwrap_or_default().to_string())
    }

    /// The translations of the source page `source` (relative to `content/`), by language.
    pub fn translations_of(&self, source: &Path) -> impl Iterator<Item = &Page> {
        (self.translated.get(source).into_iter().flatten()).map(|&i| &self.translations[i])
    }

    /// Every language version of `page` (its source page first, then the source's
    /// translations), or none when it is published in one language only.
    pub fn versions_of<'a>(&'a self, page: &'a Page) -> Vec<&'a Page> {
        let source = match &page.translation {
            Some(t) => self.page(&t.of),
            None => Some(page),
        };
        let all: Vec<&Page> = (source.into_iter())
            .flat_map(|s| std::iter::once(s).chain(self.translations_of(&s.source)))
            .collect();
        match all.len() {
            0 | 1 => Vec::new(),
            _ => all,
        }
    }

    /// Reads the translation at `index` in `translations` again, against its source page as
    /// the site holds it now (what `serve` does after an edit of either).
    pub(crate) fn reload_translation(&self, index: usize) -> Result<PageResult> {
        let page = &self.translations[index];
        let t = page
            .translation
            .as_ref()
            .ok_or_else(|| anyhow::anyhow!("`{}` is not a translation", page.source.display()))?;
        let source = self
            .page(&t.of)
            .ok_or_else(|| anyhow::anyhow!("the source of `{}` is gone", page.source.display()))?;
        let cx = translations::Context {
            root: &self.root,
            snippets: &self.snippets,
            links: &self.links,
            lang_links: &self.lang_links,
            keep_target: self.config.html.target == crate::config::TargetPolicy::Keep,
        };
        let found = translations::Found {
            rel: page.source.clone(),
            lang: t.lang.clone(),
            of: t.of.clone(),
        };
        translations::load(&cx, &found, source)
    }

    /// The index in `translations` of the translation read from `rel` (relative to
    /// `content/`), if any.
    pub fn translation_index(&self, rel: &Path) -> Option<usize> {
        self.translations.iter().position(|p| p.source == rel)
    }

    /// Where the links of pages in `lang` lead (`None` for a language with no translated page).
    pub fn lang_links(&self, lang: &str) -> Option<markdown::LangLinks> {
        self.lang_links.get(lang).cloned()
    }

    /// The translations of the tree `source` (relative to `content/`).
    pub fn translations_of_tree<'s>(&'s self, source: &'s Path) -> impl Iterator<Item = &'s Tree> {
        (self.tree_translations.iter()).filter(move |t| t.source == source)
    }

    /// The translation of `source` into `lang`, if there is one.
    pub fn translation(&self, source: &Path, lang: &str) -> Option<&Page> {
        self.translations_of(source)
            .find(|p| p.translation.as_ref().is_some_and(|t| t.lang == lang))
    }

    /// Cause articles, sorted by source path.
    pub fn causes(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(|p| p.kind == PageKind::Cause)
    }
}

/// Texts many pages hold alike (their sources' titles, publishers and addresses), each held
/// once while pages are loaded; a page's copy is swapped for the shared one.
#[derive(Default)]
struct Shared(std::collections::HashSet<std::sync::Arc<str>>);

impl Shared {
    fn share(&mut self, text: &mut std::sync::Arc<str>) {
        match self.0.get(&**text) {
            Some(held) => *text = held.clone(),
            None => {
                self.0.insert(text.clone());
            }
        }
    }
}

/// Articles read and parsed together before they join the site.
const LOAD_BATCH: usize = 1024;

/// Reads and parses every source; content problems are returned with the site, not as errors.
pub(crate) fn load(root: &Path, sources: &Sources) -> Result<(Site, Vec<Diagnostic>)> {
    let mut diags = sources.problems.clone();
    let config = load_config(root, sources, &mut diags)?;
    let limit = config.max_file_bytes;
    let (snippet_rels, _) = within_limit(&sources.snippets, sources, limit, &mut diags);
    let snippets = load_snippets(root, &snippet_rels, &mut diags)?;
    let signoffs = load_signoffs(root, config.require_signoff, &mut diags)?;
    let fingerprint = signoffs.is_some();
    let (page_rels, mut unparsed) = within_limit(&sources.pages, sources, limit, &mut diags);
    let (page_rels, found) = translations::split(&config, page_rels);
    // Any file a link may lead to can be mapped: pages (with those that fail to load, whose
    // links still resolve), trees, images and other files.
    let linkable: Vec<PathBuf> = [
        &sources.pages,
        &sources.trees,
        &sources.assets,
        &sources.others,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    let links = LinkMap::new(&config.links, &linkable);
    let keep_target = config.html.target == crate::config::TargetPolicy::Keep;
    let mut pages = Vec::with_capacity(page_rels.len());
    let mut unloaded_links = Vec::new();
    let bodies = Bodies::new();
    let mut shared = Shared::default();
    // A batch at a time: what the threads hand back is never held for the whole site beside
    // the pages themselves.
    for batch in page_rels.chunks(LOAD_BATCH) {
        let loaded: Vec<_> = batch
            .par_iter()
            .map(|rel| {
                load_page(
                    root,
                    rel,
                    (&snippets, &links, &bodies, keep_target),
                    fingerprint,
                )
            })
            .collect::<Result<_>>()?;
        for (result, rel) in loaded.into_iter().zip(batch) {
            match result {
                Ok((page, warnings)) => {
                    diags.extend(warnings);
                    // Moved into memory this thread allocates: left where the worker thread
                    // made it, each page's small allocations would sit among that thread's
                    // temporaries, and the freed temporaries around them could not be reused
                    // (about 10% more memory at 100,000 pages).
                    let mut page = page.clone();
                    for source in &mut page.front.sources {
                        for text in [&mut source.title, &mut source.publisher, &mut source.url] {
                            shared.share(text);
                        }
                    }
                    pages.push(page);
                }
                Err(unloaded) => {
                    diags.extend(unloaded.problems);
                    unloaded_links.extend(unloaded.links);
                    unparsed.push(rel.clone());
                }
            }
        }
    }
    let lang_links = translations::lang_links(&found);
    let cx = translations::Context {
        root,
        snippets: &snippets,
        links: &links,
        lang_links: &lang_links,
        keep_target,
    };
    let mut translated_pages = Vec::with_capacity(found.len());
    for (result, f) in load_translations(&cx, &found, &pages, &mut diags)? {
        match result {
            Ok((page, warnings)) => {
                diags.extend(warnings);
                translated_pages.push(page);
            }
            Err(unloaded) => {
                diags.extend(unloaded.problems);
                unloaded_links.extend(unloaded.links);
                unparsed.push(f.rel.clone());
            }
        }
    }
    let mut translated: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (i, page) in translated_pages.iter().enumerate() {
        if let Some(t) = &page.translation {
            translated.entry(t.of.clone()).or_default().push(i);
        }
    }
    unparsed.sort();
    let (tree_rels, _) = within_limit(&sources.trees, sources, limit, &mut diags);
    let (tree_rels, tree_found) = translations::split(&config, tree_rels);
    let trees = tree::load_all(root, &tree_rels, &snippets, &links, &mut diags)?;
    // A tree that failed to parse has had its problems reported; links to it are not broken.
    unparsed.extend(
        (sources.trees.iter())
            .filter(|rel| !trees.iter().any(|t| &t.source == *rel))
            .filter(|rel| !tree_found.iter().any(|f| &f.rel == *rel))
            .cloned(),
    );
    let tree_cx = tree_translations::Context {
        root,
        config: &config,
        snippets: &snippets,
        links: &links,
        lang_links: &lang_links,
    };
    let tree_translations =
        tree_translations::load(&tree_cx, &tree_found, &trees, &unparsed, &mut diags)?;
    // The page that stands for a level (the emergency banner and every cause page's care card
    // link to it) is the outcome page named after the level (`outcomes/self-care.md`), else its
    // first outcome page that names no service, else the first of them. A page for a group of
    // readers (`child-self-care.md`) never stands for the level while the general page exists.
    let mut outcomes = BTreeMap::new();
    for pass in 0..3 {
        for (i, page) in pages.iter().enumerate() {
            let (PageKind::Outcome, Some(care)) = (page.kind, page.front.care) else {
                continue;
            };
            let named = page.source.file_stem().is_some_and(|s| s == care.key());
            let fits = match pass {
                0 => named,
                1 => page.front.service.is_none(),
                _ => true,
            };
            if fits {
                outcomes.entry(care).or_insert(i);
            }
        }
    }
    let mut assets = sources.assets.clone();
    assets.extend(crate::site::publish::others(
        &config,
        &pages,
        &sources.others,
        &mut diags,
    ));
    assets.sort();
    let sections = Sections::new(&pages);
    let site = Site {
        root: root.to_path_buf(),
        config,
        pages,
        trees,
        assets,
        host_files: sources.host_files.clone(),
        unparsed,
        unloaded_links,
        outcomes,
        snippets,
        sections,
        links,
        bodies,
        signoffs,
        translations: translated_pages,
        translated,
        lang_links,
        tree_translations,
    };
    Ok((site, diags))
}

/// Reads the translations in parallel; one whose source page does not exist (or could not be
/// loaded) is reported at its first line.
fn load_translations<'a>(
    cx: &translations::Context<'_>,
    found: &'a [translations::Found],
    pages: &[Page],
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<(PageResult, &'a translations::Found)>> {
    let with_source: Vec<(&translations::Found, &Page)> = (found.iter())
        .filter_map(|f| {
            let source = pages
                .binary_search_by(|p| p.source.as_path().cmp(&f.of))
                .ok()
                .map(|i| &pages[i]);
            if source.is_none() {
                diags.push(file_error(
                    &crate::paths::display_path(&f.rel),
                    format!(
                        "a translation into `{}` of `{}`, which is not a page of the site: name a translation after its source page (`NAME.{}.md` beside `NAME.md`)",
                        f.lang,
                        crate::paths::display_path(&f.of).display(),
                        f.lang
                    ),
                ));
            }
            Some((f, source?))
        })
        .collect();
    with_source
        .par_iter()
        .map(|(f, source)| Ok((translations::load(cx, f, source)?, *f)))
        .collect()
}

/// Splits `rels` into the files within `limit` bytes and those over it, each reported at 1:1.
fn within_limit(
    rels: &[PathBuf],
    sources: &Sources,
    limit: u64,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (kept, refused): (Vec<PathBuf>, Vec<PathBuf>) = rels
        .iter()
        .cloned()
        .partition(|rel| sources.sizes.get(rel).is_none_or(|&len| len <= limit));
    for rel in &refused {
        let len = sources.sizes.get(rel).copied().unwrap_or_default();
        diags.push(too_big(&crate::paths::display_path(rel), len, limit));
    }
    (kept, refused)
}

/// The error for a file of `len` bytes that carepath will not parse, over `limit`.
pub(crate) fn too_big(shown: &Path, len: u64, limit: u64) -> Diagnostic {
    file_error(
        shown,
        format!(
            "file is {}, over the limit of {} (`max_file_bytes` in content/site.toml): split it into smaller pages, or raise the limit",
            exact_size(len),
            human_size(limit)
        ),
    )
}

/// `2.1 MiB (2170000 bytes)`, or `839 bytes` below 1 KiB.
fn exact_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        _ => format!("{} ({bytes} bytes)", human_size(bytes)),
    }
}

/// `1.5 MiB`, `12.0 KiB`, `300 bytes`.
pub(crate) fn human_size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KIB * KIB {
        format!("{:.1} MiB", b / (KIB * KIB))
    } else if b >= KIB {
        format!("{:.1} KiB", b / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

fn load_config(root: &Path, sources: &Sources, diags: &mut Vec<Diagnostic>) -> Result<SiteConfig> {
    let rel = Path::new(CONTENT_DIR).join(CONFIG_FILE);
    let config_rel = PathBuf::from(CONFIG_FILE);
    let (ok, _) = within_limit(
        std::slice::from_ref(&config_rel),
        sources,
        crate::config::DEFAULT_MAX_FILE_BYTES,
        diags,
    );
    if ok.is_empty() {
        return Ok(SiteConfig::default());
    }
    let text = match fs::source_text(root, &rel)? {
        Ok(text) => text,
        Err(problem) => {
            diags.push(problem);
            return Ok(SiteConfig::default());
        }
    };
    match SiteConfig::parse(Located {
        path: &rel,
        text: &text,
    }) {
        Ok(config) => Ok(config),
        Err(problems) => {
            diags.extend(problems);
            // Carry on with defaults so the rest of the site is still checked, and with the
            // languages it names, so its translations are not read as pages of their own.
            Ok(SiteConfig {
                languages: crate::config::languages_named(&text),
                ..SiteConfig::default()
            })
        }
    }
}

/// Reads `content/signoff.toml` when there is one; `None` when there is none and the site does
/// not require sign-off.
fn load_signoffs(
    root: &Path,
    required: bool,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<crate::signoff::SignOffs>> {
    let rel = Path::new(CONTENT_DIR).join(crate::paths::SIGNOFF_FILE);
    if !root.join(&rel).is_file() {
        return Ok(required.then(Default::default));
    }
    let text = match fs::source_text(root, &rel)? {
        Ok(text) => text,
        Err(problem) => {
            diags.push(problem);
            return Ok(required.then(Default::default));
        }
    };
    let (signoffs, problems) = crate::signoff::parse(Located {
        path: &rel,
        text: &text,
    });
    diags.extend(problems);
    Ok(Some(signoffs))
}

/// Reads every snippet; one that is not UTF-8 is reported and left out.
fn load_snippets(root: &Path, rels: &[PathBuf], diags: &mut Vec<Diagnostic>) -> Result<Snippets> {
    let mut snippets = BTreeMap::new();
    for rel in rels {
        let shown = crate::paths::display_path(rel);
        match fs::source_text(root, &shown)? {
            Ok(text) => {
                snippets.insert(rel.clone(), text);
            }
            Err(problem) => diags.push(problem),
        }
    }
    Ok(std::sync::Arc::new(snippets))
}

/// One article read: the page and its warnings, or every problem that stopped it.
pub(crate) type PageResult = std::result::Result<(Page, Vec<Diagnostic>), Unloaded>;

/// A page that could not be loaded: its problems and, when its body could be read, its links,
/// which are still checked so that one run reports everything wrong with it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Unloaded {
    /// Everything wrong with the page itself.
    pub(crate) problems: Vec<Diagnostic>,
    /// Its file (relative to `content/`), the body's offset in it, and the body's links.
    pub(crate) links: Option<(PathBuf, usize, Links)>,
}

impl Unloaded {
    /// A page that could not be read far enough to find its links.
    pub(crate) fn problems(problems: Vec<Diagnostic>) -> Unloaded {
        Unloaded {
            problems,
            links: None,
        }
    }
}

/// Reads one article (`rel`, relative to `content/`) and puts its rendered body in `bodies`,
/// taking its sign-off fingerprint when `fingerprint` is set; I/O failures are fatal, content problems come back as diagnostics.
pub(crate) fn load_page(
    root: &Path,
    rel: &Path,
    (snippets, links, bodies, keep_target): (&Snippets, &LinkMap, &Bodies, bool),
    fingerprint: bool,
) -> Result<PageResult> {
    let shown = crate::paths::display_path(rel);
    let text = match fs::source_text(root, &shown)? {
        Ok(text) => text,
        Err(problem) => {
            return Ok(Err(Unloaded {
                problems: vec![problem],
                links: None,
            }));
        }
    };
    let src = Located {
        path: &shown,
        text: &text,
    };
    let dir = rel.parent().map(Path::to_path_buf).unwrap_or_default();
    let rebase = markdown::Rebase {
        source_dir: dir.clone(),
        page_dir: dir,
        snippets: snippets.clone(),
        links: links.clone(),
        keep_target,
        lang: None,
    };
    let (front, body_offset, body) = match front_matter::parse(src) {
        Ok(split) => (
            split.front,
            split.body_offset,
            markdown::render_for(split.body, &rebase),
        ),
        Err(mut problems) => {
            // The body is checked too, so one run reports everything wrong with the page.
            let mut links = None;
            if let Some(offset) = front_matter::body_offset(src) {
                let body = markdown::scan_for(&text[offset..], &rebase);
                let (errors, warnings) = body_problems(src, offset, &body);
                problems.extend(errors.into_iter().chain(warnings));
                links = Some((rel.to_path_buf(), offset, Links::from(body.links)));
            }
            return Ok(Err(Unloaded { problems, links }));
        }
    };
    let (mut errors, mut warnings) = body_problems(src, body_offset, &body);
    if !errors.is_empty() {
        errors.extend(warnings);
        return Ok(Err(Unloaded {
            problems: errors,
            links: Some((rel.to_path_buf(), body_offset, Links::from(body.links))),
        }));
    }
    let kind = kind_of(rel);
    if matches!(kind, PageKind::Cause | PageKind::Outcome) && front.sources.is_empty() {
        // Reported, but the page is kept so nothing that links to it reports it again.
        warnings.push(src.error(0, "cause and outcome pages must say where their advice comes from: add a `[[sources]]` entry with `title`, `publisher`, `url` and `accessed` to the front matter"));
    }
    let page = Page {
        translation: None,
        kind,
        front,
        body_offset,
        source: rel.to_path_buf(),
        html: bodies.put(&body.html),
        body: body.into(),
        fingerprint: fingerprint.then(|| Box::new(crate::signoff::fingerprint(&text))),
        shows_signoff: markdown::shows_signoff(text.get(body_offset..).unwrap_or_default()),
    };
    Ok(Ok((page, warnings)))
}

/// The problems found while rendering a page's body, positioned in the file: errors, warnings.
fn body_problems(
    src: Located<'_>,
    body_offset: usize,
    body: &markdown::Rendered,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for p in &body.problems {
        let at = body_offset + p.offset;
        if p.is_error {
            errors.push(src.error(at, p.message.clone()));
        } else {
            warnings.push(src.warning(at, p.message.clone()));
        }
    }
    (errors, warnings)
}

fn kind_of(rel: &Path) -> PageKind {
    let parent = rel.parent().and_then(|p| p.to_str()).unwrap_or("");
    if rel
        .file_name()
        .is_some_and(|n| n == crate::paths::INDEX_FILE)
    {
        return PageKind::Section;
    }
    match parent {
        "" if rel == Path::new("index.md") => PageKind::Home,
        "causes" => PageKind::Cause,
        "outcomes" => PageKind::Outcome,
        _ => PageKind::Other,
    }
}
