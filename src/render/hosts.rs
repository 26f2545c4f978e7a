//! Redirect files for web hosts (`[redirects] formats` in `site.toml`): besides the
//! `meta refresh` pages at the old addresses of articles, the same old → new addresses in the
//! forms hosts read, so that old addresses answer with a permanent (301) redirect:
//! `_redirects` (Netlify, Cloudflare Pages), `.htaccess` (Apache) and `nginx-redirects.conf`.

use super::{Held, OutputFile};
use crate::config::RedirectFormat;
use crate::paths::url_of;
use crate::site::Site;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The redirect files `site.toml` asks for (none by default).
pub(super) fn files(site: &Site) -> Vec<OutputFile> {
    let formats = &site.config.redirects.formats;
    if formats.is_empty() {
        return Vec::new();
    }
    let base = base_path(site.config.base_url.as_deref());
    let mut moves: Vec<(String, String)> = (site.pages.iter())
        .flat_map(|page| {
            let to = format!("{base}{}", url_of(&page.output()));
            let base = &base;
            (page.front.aliases.iter())
                .map(move |(alias, _)| (old_address(base, alias), to.clone()))
        })
        .collect();
    moves.extend(links_moves(site, &base));
    moves.sort();
    moves.dedup();
    let mut out = Vec::new();
    for format in formats {
        let (name, text) = match format {
            RedirectFormat::Netlify => ("_redirects", netlify(&moves)),
            RedirectFormat::Apache => (".htaccess", apache(&moves)),
            RedirectFormat::Nginx => ("nginx-redirects.conf", nginx(&moves)),
        };
        out.push(OutputFile {
            path: PathBuf::from(name),
            bytes: text.into_bytes(),
            is_page: false,
            source: None,
            held: Held::Reading,
        });
    }
    out
}

/// The old addresses `[links]` maps, each to the address of the page, tree or file it leads
/// to now (an address that stays the same, as `/images/x.jpg` mapped to `images/`, is left out).
fn links_moves(site: &Site, base: &str) -> Vec<(String, String)> {
    let output = |source: &Path| match source.extension().and_then(|e| e.to_str()) {
        Some("md") => url_of(&crate::paths::page_output(source)),
        _ => match site.trees.iter().find(|t| t.source == source) {
            Some(tree) => url_of(&tree.output_dir().join("index.html")),
            None => url_of(source),
        },
    };
    (site.links.moves().into_iter())
        .map(|(old, source)| {
            let old = format!("{base}{}", old.trim_start_matches('/'));
            (old, format!("{base}{}", output(source)))
        })
        .filter(|(old, new)| old != new)
        .collect()
}

/// The path the site is published under, from `base_url` (`https://example.org/back-pain/` →
/// `/back-pain/`); `/` without one.
fn base_path(base_url: Option<&str>) -> String {
    let rest = base_url
        .and_then(|u| u.split_once("://"))
        .map_or("", |(_, rest)| rest);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    format!("/{}/", path.trim_matches('/')).replace("//", "/")
}

/// The old address an alias's output file answers at: `information/back-pain/index.html` →
/// `/information/back-pain`, `causes/old.html` → `/causes/old.html`.
fn old_address(base: &str, alias: &Path) -> String {
    let url = url_of(alias);
    let url = url.strip_suffix("index.html").unwrap_or(&url);
    format!("{base}{}", url.trim_end_matches('/'))
}

const HEADER: &str = "written by carepath from the `aliases` of the site's pages and `[links]` in site.toml: old address, new address";

/// `301!`: Netlify serves a file that exists at the old address (the redirect page) unless the
/// rule is forced; Cloudflare Pages applies its rules before files either way.
fn netlify(moves: &[(String, String)]) -> String {
    let mut out = format!("# {HEADER}\n");
    for (from, to) in moves {
        let _ = writeln!(out, "{from} {to} 301!");
    }
    out
}

fn apache(moves: &[(String, String)]) -> String {
    let mut out = format!("# {HEADER}\n");
    for (from, to) in moves {
        let _ = writeln!(out, "Redirect 301 \"{from}\" \"{to}\"");
    }
    out
}

fn nginx(moves: &[(String, String)]) -> String {
    let mut out = format!(
        "# {HEADER}\n# Include this file in the `http` block, and in the site's `server` block write:\n#     if ($carepath_redirect) {{ return 301 $carepath_redirect; }}\nmap $uri $carepath_redirect {{\n"
    );
    for (from, to) in moves {
        let _ = writeln!(out, "    \"{from}\" \"{to}\";");
        if !from.ends_with(".html") && !from.ends_with(".htm") {
            let _ = writeln!(out, "    \"{from}/\" \"{to}\";");
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_comes_from_base_url() {
        assert_eq!(base_path(None), "/");
        assert_eq!(base_path(Some("https://example.org")), "/");
        assert_eq!(
            base_path(Some("https://example.org/back-pain/")),
            "/back-pain/"
        );
        assert_eq!(
            old_address("/", Path::new("information/back-pain/index.html")),
            "/information/back-pain"
        );
        assert_eq!(
            old_address("/x/", Path::new("causes/old.html")),
            "/x/causes/old.html"
        );
    }
}
