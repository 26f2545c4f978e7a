//! Site-wide checks after parsing: every local link and `#anchor` resolves, no two sources are
//! written to one output path, and nothing links or writes outside the site.

use crate::diagnostics::{Diagnostic, Located};
#[cfg(test)]
use crate::paths::normalise;

mod assets;
mod links;
mod remote;

use crate::paths::{AZ_PAGE, MARKER, NOT_FOUND_PAGE};
use crate::site::{Page, Site};
pub(crate) use assets::check as assets;
#[doc(hidden)]
pub use assets::{Sniffed, sniff};
pub(crate) use links::{links, page_links, unmapped_links};
pub use remote::RemoteImage;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    // An A–Z that cannot be sorted stops the build when it is rendered, with its cause.
    for part in crate::render::az_part_paths(site).unwrap_or_default() {
        let who = match part.ends_with(AZ_PAGE) {
            true => "carepath's A–Z of causes in that language",
            false => {
                "a page of carepath's A–Z (it is split by letter because it lists more than `list_page_size` names)"
            }
        };
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
