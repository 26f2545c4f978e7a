//! The example topic site `examples/sleep-well` in Welsh and Arabic (issue 29): its
//! translations are published under `cy/` and `ar/` with their language and direction, every
//! version of a page links to the others, and no link on a translated page is broken.

use crate::harness::{Site, list_files, repo_root};
use crate::trees::{hrefs, resolve};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The example's languages other than English, with the direction of their pages.
const LANGUAGES: [(&str, &str); 2] = [("cy", "ltr"), ("ar", "rtl")];

/// The pages the example translates into every language at least (issue 29, item 8).
const REQUIRED: [&str; 3] = [
    "index.html",
    "problems/insomnia.html",
    "help/when-to-see-a-gp.html",
];

/// A built copy of the example.
fn built_example() -> Site {
    let site = Site::copy_of(&repo_root().join("examples/sleep-well"));
    let run = site.build();
    run.assert_code(0);
    assert_eq!(run.stderr, "", "the example site has problems");
    assert!(run.stdout.contains(", 0 warnings in "), "{}", run.stdout);
    site
}

/// Each English page that has translations (`problems/insomnia.html`, relative to `public/`),
/// with every version of it by language tag, found from the `NAME.TAG.md` files in `content/`.
fn versions(site: &Site) -> BTreeMap<String, BTreeMap<&'static str, String>> {
    let mut pages: BTreeMap<String, BTreeMap<&'static str, String>> = BTreeMap::new();
    for rel in list_files(&site.join("content")) {
        for (tag, _) in LANGUAGES {
            if let Some(name) = rel.strip_suffix(&format!(".{tag}.md")) {
                let source = format!("{name}.html");
                let page = pages.entry(source.clone()).or_default();
                page.insert("en-GB", source.clone());
                page.insert(tag, format!("{tag}/{source}"));
            }
        }
    }
    pages
}

/// The value of attribute `name` in the start tag that begins `tag` (after its element name).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    let from = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[from..].split('"').next()
}

/// The `<nav class="languages">…</nav>` of a page, or `""` when it has none.
fn switcher(html: &str) -> &str {
    let Some(start) = html.find("<nav class=\"languages\"") else {
        return "";
    };
    let end = html[start..]
        .find("</nav>")
        .map_or(html.len(), |i| start + i);
    &html[start..end]
}

/// Where each link of `tags` (the `<a …>` in a switcher, or the `<link rel="alternate" …>` of
/// a head) leads, by its `hreflang`, resolved from `page`.
fn targets(page: &str, tags: &str, start: &str) -> BTreeMap<String, PathBuf> {
    (tags.split(start).skip(1))
        .map(|tag| {
            let lang = attribute(tag, "hreflang")
                .unwrap_or_else(|| panic!("`{page}`: a language link without hreflang: {tag}"));
            let href = attribute(tag, "href")
                .unwrap_or_else(|| panic!("`{page}`: a language link without href: {tag}"));
            let target = resolve(Path::new(page), href)
                .unwrap_or_else(|| panic!("`{page}` links out of the site: {href}"));
            (lang.to_string(), target)
        })
        .collect()
}

// The example builds with no warnings (every translation is marked as up to date), and the
// required pages are written under `cy/` and `ar/`, each naming its language and direction.
#[test]
fn example_is_published_in_welsh_and_arabic() {
    let site = built_example();
    let versions = versions(&site);
    for page in REQUIRED {
        let langs = versions
            .get(page)
            .map(|v| v.keys().copied().collect::<Vec<_>>());
        assert_eq!(langs, Some(vec!["ar", "cy", "en-GB"]), "{page}");
    }
    for (source, by_lang) in &versions {
        assert!(
            site.output(source).contains("<html lang=\"en-GB\">"),
            "{source}"
        );
        for (tag, dir) in LANGUAGES {
            let Some(page) = by_lang.get(tag) else {
                continue;
            };
            let html = site.output(page);
            // `dir` is written only for right to left, the other being every browser's default.
            let expected = match dir {
                "rtl" => format!("<html lang=\"{tag}\" dir=\"rtl\">"),
                _ => format!("<html lang=\"{tag}\">"),
            };
            assert!(html.contains(&expected), "`{page}` has no {expected}");
        }
    }
    // The words are the translation's own: the Arabic insomnia page has its title and its
    // language's emergency banner, and no English paragraph.
    let arabic = site.output("ar/problems/insomnia.html");
    assert!(arabic.contains("<h1>الأرق</h1>"), "{arabic}");
    assert!(arabic.contains("اتصل بالرقم 999 أو اذهب إلى قسم الطوارئ"));
    assert!(
        !site
            .main_of("ar/problems/insomnia.html")
            .contains("<p>Insomnia")
    );
    let welsh = site.main_of("cy/help/when-to-see-a-gp.html");
    assert!(
        welsh.contains("<h1>Pryd i weld meddyg teulu</h1>"),
        "{welsh}"
    );
}

// Every version of a translated page (the English one too) has a language switcher with a
// link to each other version and its own name marked as the current page, and the same
// versions as `hreflang` alternates in its head.
#[test]
fn every_version_of_the_example_links_to_every_other() {
    let site = built_example();
    let versions = versions(&site);
    assert!(versions.len() >= REQUIRED.len(), "{versions:?}");
    for by_lang in versions.values() {
        let all: BTreeMap<String, PathBuf> = (by_lang.iter())
            .map(|(lang, path)| (lang.to_string(), PathBuf::from(path)))
            .collect();
        for (tag, page) in by_lang {
            let html = site.output(page);
            let head = &html[..html.find("</head>").expect("a page has a head")];
            let alternates = targets(page, head, "<link rel=\"alternate\"");
            assert_eq!(alternates, all, "the alternates of `{page}`");
            let switcher = switcher(&html);
            let mut others = all.clone();
            others.remove(*tag);
            let links = targets(page, switcher, "<a");
            assert_eq!(links, others, "the switcher of `{page}`");
            let current = format!("<span aria-current=\"page\" lang=\"{tag}\">");
            assert!(switcher.contains(&current), "`{page}`: {switcher}");
        }
    }
}

// No link on a translated page is broken: every relative `href` (menu, breadcrumb, body,
// switcher, stylesheet) names a file in the output, and every `#fragment` an id in it.
#[test]
fn no_link_on_a_translated_page_of_the_example_is_broken() {
    let site = built_example();
    let public = site.join("public");
    let mut checked = 0;
    for (tag, _) in LANGUAGES {
        for rel in list_files(&public.join(tag)) {
            if !rel.ends_with(".html") {
                continue;
            }
            let page = format!("{tag}/{rel}");
            let html = site.output(&page);
            for href in hrefs(&html) {
                if href.contains("://") || href.starts_with("mailto:") || href.starts_with("tel:") {
                    continue;
                }
                let target = resolve(Path::new(&page), &href)
                    .unwrap_or_else(|| panic!("`{page}` links out of the site: {href}"));
                assert!(
                    public.join(&target).is_file(),
                    "`{page}` links to missing `{href}`"
                );
                if let Some((_, fragment)) = href.split_once('#') {
                    let id = format!("id=\"{fragment}\"");
                    assert!(
                        crate::harness::read(&public.join(&target)).contains(&id),
                        "`{page}` links to `{href}`, which has no {id}"
                    );
                }
                checked += 1;
            }
        }
    }
    // The pages were found and have links: a test that checks nothing cannot pass.
    assert!(checked > 100, "only {checked} links checked");
}
