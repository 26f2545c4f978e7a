//! Site-wide checks after parsing: every local link and `#anchor` resolves, no two sources are
//! written to one output path, and nothing links or writes outside the site.

use crate::diagnostics::{Diagnostic, Located};
use crate::markdown::{self, LinkRef};
use crate::paths::normalise;

mod assets;
mod remote;

use crate::paths::{AZ_PAGE, MARKER, NOT_FOUND_PAGE};
use crate::site::{Page, Site};
pub(crate) use assets::check as assets;
#[doc(hidden)]
pub use assets::{Sniffed, sniff};
use rayon::prelude::*;
pub use remote::RemoteImage;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Checks every link of every page, and of every tree's help text.
pub(crate) fn links(site: &Site) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = (site.pages.par_iter())
        .chain(site.translations.par_iter())
        .flat_map_iter(|page| page_links(site, page))
        .collect();
    // Pages with errors of their own: their links are reported in the same run.
    for (source, body_offset, links) in &site.unloaded_links {
        diags.extend(file_links(site, source, *body_offset, links));
    }
    for tree in &site.trees {
        let (shown, text) = tree.located();
        let src = Located { path: &shown, text };
        for link in tree.nodes.values().flat_map(|n| &n.help_links) {
            if let Err(message) = check_link(site, &tree.source, link.as_ref()) {
                diags.push(src.error(link.offset, message));
            }
        }
    }
    diags
}

/// The broken links and anchors of one page.
pub(crate) fn page_links(site: &Site, page: &Page) -> Vec<Diagnostic> {
    file_links(site, &page.source, page.body_offset, &page.body.links)
}

/// The broken links and anchors among `links`, of the body at `body_offset` in the file
/// `source` (relative to `content/`).
fn file_links(
    site: &Site,
    source: &Path,
    body_offset: usize,
    links: &markdown::Links,
) -> Vec<Diagnostic> {
    let img_src = &site.config.csp.img_src;
    let broken: Vec<(usize, String)> = (links.iter())
        .filter_map(|link| {
            let message = match remote::blocked(link, img_src) {
                Some(image) => remote::message(&image, source),
                None => check_link(site, source, link).err()?,
            };
            Some((body_offset + link.offset, message))
        })
        .collect();
    if broken.is_empty() {
        return Vec::new();
    }
    let shown = crate::paths::display_path(source);
    let text = crate::fs::read_to_string(&site.root.join(&shown)).unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let src = Located { path: &shown, text };
    (broken.into_iter())
        .map(|(at, message)| src.error(at, message))
        .collect()
}

/// Every image the pages show from a host `[csp] img_src` does not name, once each, sorted.
pub(crate) fn remote_images(site: &Site) -> Vec<RemoteImage> {
    let img_src = &site.config.csp.img_src;
    let unloaded = site.unloaded_links.iter().map(|(_, _, links)| links);
    let mut out: Vec<RemoteImage> = (site.pages.iter().map(|p| &p.body.links))
        .chain(unloaded)
        .flat_map(|links| links.iter())
        .filter_map(|link| remote::blocked(link, img_src))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Root-absolute links of every page and tree help that `[links]` does not map, each with the
/// number of times it is written.
pub(crate) fn unmapped_links(site: &Site) -> BTreeMap<String, usize> {
    let page_links = site.pages.iter().flat_map(|p| p.body.links.iter());
    let help_links = (site.trees.iter())
        .flat_map(|t| t.nodes.values().flat_map(|n| &n.help_links))
        .map(markdown::Link::as_ref);
    let mut out = BTreeMap::new();
    for link in page_links.chain(help_links) {
        let dest = link.dest;
        if link.mapped_from.is_none() && dest.starts_with('/') && !dest.starts_with("//") {
            *out.entry(dest.to_string()).or_insert(0) += 1;
        }
    }
    out
}

/// Checks one link written in the file `source` (relative to `content/`).
fn check_link(site: &Site, source: &Path, link: LinkRef<'_>) -> Result<(), String> {
    let dest = link.dest;
    if crate::paths::is_external(dest) {
        return Ok(());
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    if path.starts_with('/') {
        return Err(root_link_problem(site, source, dest, path));
    }
    let path = path.split('?').next().unwrap_or(path);
    let base = source.parent().unwrap_or(Path::new(""));
    let target = if path.is_empty() {
        Some(source.to_path_buf())
    } else {
        normalise(&base.join(path))
    };
    let result = match &target {
        Some(target) => check_target(site, dest, target, fragment),
        None => Err(format!("link `{dest}` points outside the content folder")),
    };
    result.map_err(|message| {
        if let Some(old) = &link.mapped_from {
            return format!("`{old}` is mapped by `[links]` in content/site.toml, but {message}");
        }
        // Written from the content folder (or another page's folder) instead of this file's?
        let meant = Path::new(path.trim_start_matches("../"));
        match site.page(meant).filter(|_| target.as_deref() != Some(meant)) {
            Some(page) => {
                let fix = crate::paths::relative_url(base, &page.source);
                format!("{message}: links are relative to the file they are written in, so write `{fix}`")
            }
            None => message}
    })
}

/// A root-absolute link that `[links]` does not map: what to write, and the nearest pages.
fn root_link_problem(site: &Site, source: &Path, dest: &str, path: &str) -> String {
    let mut message = format!(
        "link `{dest}` starts with `/`: write it relative to this file so the site works from any folder, or map the old address to a page in `[links]` in content/site.toml"
    );
    let wanted = path
        .trim_matches('/')
        .trim_end_matches(".html")
        .to_lowercase();
    let base = source.parent().unwrap_or(Path::new(""));
    let mut scored: Vec<(f64, &Path)> = (site.pages.iter())
        .map(|p| {
            let url = crate::paths::url_of(&p.source.with_extension(""));
            let name = url.rsplit('/').next().unwrap_or(&url);
            let last = wanted.rsplit('/').next().unwrap_or(&wanted);
            let score = strsim::jaro_winkler(&wanted, &url).max(strsim::jaro_winkler(last, name));
            (score, p.source.as_path())
        })
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let near: Vec<String> = (scored.iter().take(3))
        .map(|(_, p)| format!("`{}`", crate::paths::relative_url(base, p)))
        .collect();
    if !near.is_empty() {
        message.push_str(&format!("; did you mean {}?", near.join(", ")));
    }
    message
}

fn check_target(
    site: &Site,
    dest: &str,
    target: &Path,
    fragment: Option<&str>,
) -> Result<(), String> {
    let shown = crate::paths::display_path(target).display().to_string();
    let ext = target.extension().and_then(|e| e.to_str());
    if site.unparsed.iter().any(|p| p == target) {
        return Ok(()); // its own problems are reported; its anchors are unknown
    }
    if ext == Some("md") {
        let Some(page) = site.page(target) else {
            return Err(format!("broken link `{dest}`: `{shown}` does not exist"));
        };
        let shared = |id: &str| {
            let mut groups = page.body.shared_ids.iter();
            groups.find(|ids| ids.iter().next() == Some(id))
        };
        return match fragment {
            Some(id) if let Some(ids) = shared(id) => {
                let list: Vec<String> = ids.iter().map(|i| format!("`#{i}`")).collect();
                Err(format!(
                    "ambiguous anchor `{dest}`: {} headings in `{shown}` have this text, with ids {}; link to the one you mean by its id",
                    list.len(),
                    list.join(", ")
                ))
            }
            Some(id) if !id.is_empty() && !page.body.ids.contains(id) => {
                let known = match page.body.ids.is_empty() {
                    true => "it has no ids to link to".to_string(),
                    false => format!(
                        "its ids are, closest first: {}",
                        closest_first(id, &page.body.ids)
                    ),
                };
                Err(format!(
                    "broken anchor `{dest}`: `{shown}` has no heading with id `{id}` ({known})"
                ))
            }
            _ => Ok(()),
        };
    }
    if ext == Some("toml") && site.trees.iter().any(|t| t.source == target) {
        return Ok(());
    }
    if site.assets.iter().any(|a| a == target) {
        return Ok(());
    }
    Err(format!("broken link `{dest}`: `{shown}` does not exist"))
}

/// `ids` as a list of `code` spans, the most similar to `wanted` first (ties in page order).
fn closest_first(wanted: &str, ids: &markdown::Ids) -> String {
    let mut ranked: Vec<(usize, &str)> = ids.iter().enumerate().collect();
    ranked.sort_by(|(i, a), (j, b)| {
        let (sa, sb) = (
            strsim::jaro_winkler(wanted, a),
            strsim::jaro_winkler(wanted, b),
        );
        sb.total_cmp(&sa).then(i.cmp(j))
    });
    ranked
        .iter()
        .map(|(_, id)| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// No two sources may be written to one output path. Paths are compared ignoring case, because
/// USB sticks and Windows shares cannot hold `X.html` beside `x.html`.
pub(crate) fn output_collisions<'a>(site: &'a Site) -> Vec<Diagnostic> {
    let mut owners: Owners<'a> = Owners::default();
    for (reserved, what) in [
        (AZ_PAGE, "carepath's A–Z of causes"),
        (NOT_FOUND_PAGE, "carepath's page-not-found page"),
        (MARKER, "carepath's marker file"),
        (crate::print::INDEX, "carepath's index of printed leaflets"),
        ("sitemap.xml", "carepath's sitemap"),
    ] {
        owners.claim(reserved.to_string(), Who::Said(what.to_string()));
    }
    for part in crate::render::az_part_paths(site) {
        let who = "a page of carepath's A–Z (it is split by letter because it lists more than `list_page_size` names)";
        owners.claim(crate::paths::url_of(&part), Who::Said(who.to_string()));
    }
    for more in crate::render::more_sitemap_paths(site) {
        let who =
            "a part of carepath's sitemap (it lists more than 50,000 addresses, so it is split)";
        owners.claim(crate::paths::url_of(&more), Who::Said(who.to_string()));
    }
    for more in crate::render::more_landing_paths(site) {
        let who = "a landing page of its section (the section lists more pages than `list_page_size`, so its list goes on over `index-2.html`, `index-3.html`, …)";
        owners.claim(crate::paths::url_of(&more), Who::Said(who.to_string()));
    }
    for tree in &site.trees {
        let shown = crate::paths::display_path(&tree.source);
        for (name, what) in crate::render::SIGNOFF_FILES {
            let who = format!("{what} of `{}`", shown.display());
            let out = crate::paths::url_of(&tree.output_dir().join(name));
            owners.claim(out, Who::Said(who));
        }
    }
    for section in site.sections.list.iter().filter(|s| s.index.is_none()) {
        let intro = section.dir.join(crate::paths::INDEX_FILE);
        let who = format!(
            "the landing page of the section `{}` (write its title and introduction in `{}` instead)",
            crate::paths::url_of(&section.dir),
            crate::paths::display_path(&intro).display()
        );
        owners.claim(crate::paths::url_of(&section.output()), Who::Said(who));
    }
    let printed = site
        .pages
        .iter()
        .filter(|p| crate::print::will_print(site, p));
    for page in printed {
        let shown = crate::paths::display_path(&page.source);
        let who = format!("the printed leaflet of `{}`", shown.display());
        owners.claim(
            crate::paths::url_of(&crate::print::leaflet_path(page)),
            Who::Said(who),
        );
    }
    let mut diags = Vec::new();
    // `shown` is the file as the author knows it (`content/…` or `static/…`).
    let mut claim = |out: PathBuf, who: Who<'a>| {
        let out = crate::paths::url_of(&out);
        if let Some(said) = later_signoff_page(site, &out) {
            return diags.push(crate::diagnostics::file_error(
                &who.file(),
                format!("would be written to `{out}`, a name kept for {said}"),
            ));
        }
        match owners.get(&out) {
            Some((theirs, owner)) if *theirs == out => diags.push(crate::diagnostics::file_error(
                &who.file(),
                format!("would be written to `{out}`, which {} already writes", owner.said()),
            )),
            Some((theirs, owner)) => diags.push(crate::diagnostics::file_error(
                &who.file(),
                format!("would be written to `{out}`, and {} writes `{theirs}`: the names differ only in capital letters, which USB sticks and Windows treat as the same file", owner.said()),
            )),
            None => owners.claim(out, who)}
    };
    for page in site.pages.iter().chain(&site.translations) {
        claim(page.output(), Who::Content(&page.source));
    }
    for tree in &site.trees {
        claim(
            tree.output_dir().join("index.html"),
            Who::Content(&tree.source),
        );
    }
    for (out, shown) in site.copied_files() {
        claim(out, Who::File(shown));
    }
    // Old addresses, after every real file: a page that still exists cannot be an alias.
    diags.extend(alias_collisions(site, &mut owners));
    diags
}

/// The later pages of a tree's sign-off pages that `out` would be (`checks/t/cases-2.html`), in
/// words, whether or not the tree's pages are split today: the split depends on rendered sizes.
fn later_signoff_page(site: &Site, out: &str) -> Option<String> {
    let (tree, what) = crate::render::later_signoff_page(site, out)?;
    let shown = crate::paths::display_path(&tree.source);
    Some(format!(
        "a later page of {what} of `{}` (it is split over several pages when it would weigh more than `steps_page_weight_budget`)",
        shown.display()
    ))
}

/// Who writes each output path, by the path lower-cased. Held for every page of the site at
/// once, so a page costs its lower-cased path and a reference to its source; the path as
/// written is kept only where it has capitals, and who writes it is worded only when needed.
#[derive(Default)]
struct Owners<'a> {
    by_lower: BTreeMap<String, (Option<Box<str>>, Who<'a>)>,
}

impl<'a> Owners<'a> {
    fn claim(&mut self, out: String, who: Who<'a>) {
        let lower = out.to_lowercase();
        let written = (lower != out).then(|| out.into_boxed_str());
        self.by_lower.insert(lower, (written, who));
    }

    /// The path as its owner writes it, and the owner, of the output path `out`.
    fn get(&self, out: &str) -> Option<(String, &Who<'a>)> {
        let lower = out.to_lowercase();
        let (written, who) = self.by_lower.get(&lower)?;
        Some((written.as_deref().map_or(lower, str::to_string), who))
    }
}

/// Who writes an output path.
enum Who<'a> {
    /// carepath itself, or an alias, in words.
    Said(String),
    /// A page or tree, by its path relative to `content/`.
    Content(&'a Path),
    /// A copied file, as the author knows it (`content/…` or `static/…`).
    File(PathBuf),
}

impl Who<'_> {
    /// The file as the author knows it.
    fn file(&self) -> PathBuf {
        match self {
            Who::Said(_) => PathBuf::new(),
            Who::Content(rel) => crate::paths::display_path(rel),
            Who::File(shown) => shown.clone(),
        }
    }

    /// Who it is, in a sentence.
    fn said(&self) -> String {
        match self {
            Who::Said(words) => words.clone(),
            _ => format!("`{}`", self.file().display()),
        }
    }
}

/// Old addresses (`aliases`) may not be the address of a page that exists, nor of another
/// alias: each is reported at its position.
fn alias_collisions(site: &Site, owners: &mut Owners<'_>) -> Vec<Diagnostic> {
    // Texts are read only to place a problem (pages are not held with their text).
    let pages = site.pages.iter().flat_map(|p| {
        let shown = crate::paths::display_path(&p.source);
        (p.front.aliases.iter()).map(move |(a, at)| (a, *at, shown.clone(), Holder::Page(p)))
    });
    let trees = site.trees.iter().flat_map(|t| {
        let shown = crate::paths::display_path(&t.source);
        (t.nodes.values())
            .flat_map(|n| &n.aliases)
            .map(move |(a, at)| (a, *at, shown.clone(), Holder::Tree(&t.text)))
    });
    let mut diags = Vec::new();
    for (alias, at, shown, holder) in pages.chain(trees) {
        let out = crate::paths::url_of(alias);
        let kept = later_signoff_page(site, &out).map(Who::Said);
        match kept.as_ref().or(owners.get(&out).map(|(_, who)| who)) {
            Some(who) => {
                let text = match holder {
                    Holder::Page(page) => page.located(&site.root).1,
                    Holder::Tree(text) => text.to_string(),
                };
                let src = Located {
                    path: &shown,
                    text: &text,
                };
                diags.push(src.error(at, format!("alias `{out}` is the address of {}, which the site still writes: an alias is an old address that no page has now", who.said())));
            }
            None => {
                let who = format!("an alias in `{}`", shown.display());
                owners.claim(out, Who::Said(who));
            }
        }
    }
    diags
}

/// The file an alias is written in: a page (read again to place a problem) or a tree's text.
enum Holder<'a> {
    Page(&'a Page),
    Tree(&'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_relative_paths() {
        assert_eq!(
            normalise(Path::new("causes/../outcomes/gp.md")),
            Some(PathBuf::from("outcomes/gp.md"))
        );
        assert_eq!(normalise(Path::new("./a.md")), Some(PathBuf::from("a.md")));
        assert_eq!(normalise(Path::new("../x.md")), None);
    }
}
