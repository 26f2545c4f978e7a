//! Markdown → HTML for article bodies, as a chain of small passes over pulldown-cmark events:
//! heading ids, link collection and `.md` → `.html` rewriting, and the no-script check.

mod blocks;
mod facts;
mod ids;
mod include;
mod raw_html;
mod stray;
pub mod tables;
pub use blocks::{Block, BlockKind, HASH_CHARS, blocks, hash as block_hash};
pub use facts::{Facts, LinkRef, Links};
pub use ids::Ids;

use crate::html_policy::urls;
use crate::paths::{is_external, relative_url};
pub use include::{SIGNOFF, Snippets, expand_source, includes, shows_signoff};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A link or image found in the body, to be checked against the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination, relative to the file (an old address `[links]` maps is given as the
    /// source file it maps to).
    pub dest: String,
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// The old address as written, when `[links]` mapped it.
    pub mapped_from: Option<String>,
    /// Whether it is an image the page shows (`![…](…)`, `<img src>`), not a link.
    pub image: bool,
}

/// A problem found while rendering, positioned in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset in the body.
    pub offset: usize,
    /// Message.
    pub message: String,
    /// True for errors, false for warnings.
    pub is_error: bool,
}

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Every heading id, for `#anchor` checks.
    pub ids: Ids,
    /// Every local link, for existence checks.
    pub links: Vec<Link>,
    /// Unsafe HTML and heading-order problems.
    pub problems: Vec<Problem>,
    /// The ids of headings that share their text (`help`, `help-1`, …), one list per text: an
    /// `#anchor` naming the first is ambiguous.
    pub shared_ids: Vec<Ids>,
    /// Links in raw HTML whose `target`/`rel` were dropped (`[html] target = "drop"`).
    pub dropped_targets: usize,
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Renders a Markdown body: CommonMark plus tables, footnotes, strikethrough and `{#id}`, with
/// `{{ include … }}` paragraphs filled from `snippets`.
pub fn render(body: &str, snippets: &Snippets) -> Rendered {
    let rebase = Rebase {
        snippets: snippets.clone(),
        ..Rebase::default()
    };
    render_for(body, &rebase)
}

/// Where a body's links are relative to: its source folder, and the folder of the page it is
/// shown on (they differ when an outcome's advice is shown on a tree page); and the snippets
/// it may include.
#[derive(Debug, Clone, Default)]
pub struct Rebase {
    /// Folder of the Markdown source, relative to `content/`.
    pub source_dir: PathBuf,
    /// Folder of the output page, relative to the output root.
    pub page_dir: PathBuf,
    /// Snippets that `{{ include … }}` may name.
    pub snippets: Snippets,
    /// Old root-absolute addresses and the sources they lead to (`[links]` in `site.toml`).
    pub links: crate::links::LinkMap,
    /// Keep `target` on raw HTML links (with `rel="noopener noreferrer"`) instead of dropping
    /// `target` and `rel` (`[html] target` in `site.toml`).
    pub keep_target: bool,
    /// For a translation: its language's folder and the pages translated into it, so a link
    /// leads to the translated page where there is one and to the source page where not.
    pub lang: Option<LangLinks>,
}

/// Where the links of a translation lead (see [`Rebase::lang`]).
#[derive(Debug, Clone, Default)]
pub struct LangLinks {
    /// The language's folder in the output (`cy`).
    pub prefix: PathBuf,
    /// The sources (relative to `content/`) that have a translation into the language.
    pub translated: std::sync::Arc<std::collections::BTreeSet<PathBuf>>,
}

impl LangLinks {
    /// The href, from `page_dir`, of the link `dest` written in a file in `source_dir`.
    fn href(&self, source_dir: &Path, dest: &str, page_dir: &Path) -> String {
        let (path, fragment) = dest.split_at(dest.find('#').unwrap_or(dest.len()));
        let Some(target) = crate::paths::normalise(&source_dir.join(path)) else {
            return output_href(dest);
        };
        let out = PathBuf::from(output_href(&target.to_string_lossy()));
        let out = match self.translated.contains(&target) {
            true => self.prefix.join(out),
            false => out,
        };
        format!("{}{fragment}", relative_url(page_dir, &out))
    }
}

/// Renders a body for a page in another folder than its source, rewriting relative links.
pub fn render_for(body: &str, rebase: &Rebase) -> Rendered {
    read_body(body, rebase, true)
}

/// What [`render_for`] finds in a body (heading ids, links, problems) without writing its HTML:
/// what loading a page needs.
pub fn scan_for(body: &str, rebase: &Rebase) -> Rendered {
    read_body(body, rebase, false)
}

fn read_body(body: &str, rebase: &Rebase, with_html: bool) -> Rendered {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Spanned<'_>> = Parser::new_ext(body, opts).into_offset_iter().collect();
    let mut problems = Vec::new();
    let mut events = include::expand(events, &rebase.snippets, opts, &mut problems);
    let (ids, shared_ids) = assign_heading_ids(&mut events);
    problems.extend(check_heading_order(&events));
    problems.extend(check_link_schemes(&events));
    problems.extend(check_image_alt(&events));
    problems.extend(stray::check(&events, body));
    let mut found = raw_html::Found {
        problems,
        ..Default::default()
    };
    let events = raw_html::judge(events, rebase, &mut found);
    // The scroll boxes around tables are markup only: they hold no id, link or problem.
    let events = match with_html {
        true => tables::wrap(events),
        false => events,
    };
    let mut out = Rendered {
        ids: ids.into_iter().chain(found.ids).collect(),
        problems: found.problems,
        links: found.links,
        dropped_targets: found.dropped_targets,
        shared_ids,
        ..Rendered::default()
    };
    let events = events
        .into_iter()
        .map(|(event, range)| rewrite_link(event, range.start, rebase, &mut out.links));
    match with_html {
        true => pulldown_cmark::html::push_html(&mut out.html, events),
        false => events.for_each(drop),
    }
    out
}

/// Gives every heading without `{#id}` an id made from its text, unique within the page; also
/// returns the ids of headings whose text made the same id, where there are several.
fn assign_heading_ids(events: &mut [Spanned<'_>]) -> (Vec<String>, Vec<Ids>) {
    let mut seen = HashSet::new();
    let mut ids = Vec::new();
    let mut by_text: Vec<(String, Vec<String>)> = Vec::new();
    for i in 0..events.len() {
        let Event::Start(Tag::Heading { id, .. }) = &events[i].0 else {
            continue;
        };
        let from_text = id.is_none();
        let base = match id {
            Some(id) => id.to_string(),
            None => slugify(&heading_text(&events[i + 1..])),
        };
        let mut unique = base.clone();
        let mut n = 1;
        while !seen.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
            *id = Some(CowStr::from(unique.clone()));
        }
        if from_text {
            match by_text.iter_mut().find(|(b, _)| *b == base) {
                Some((_, group)) => group.push(unique.clone()),
                None => by_text.push((base, vec![unique.clone()])),
            }
        }
        ids.push(unique);
    }
    let shared = (by_text.into_iter())
        .filter(|(base, group)| group.len() > 1 && group[0] == *base)
        .map(|(_, group)| group.into_iter().collect())
        .collect();
    (ids, shared)
}

fn heading_text(events: &[Spanned<'_>]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// Heading anchor: lower case, spaces to `-`, punctuation dropped (`When to get help` →
/// `when-to-get-help`).
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.push(c);
        } else if c.is_whitespace() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.is_empty() {
        "section".into()
    } else {
        slug
    }
}

/// The title is the page's `<h1>`, so body headings start at `##` and never skip a level.
fn check_heading_order(events: &[Spanned<'_>]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut previous = 1;
    for (event, range) in events {
        let Event::Start(Tag::Heading { level, .. }) = event else {
            continue;
        };
        let level = heading_number(*level);
        let message = if level == 1 {
            "use `##` for headings: the page title is already the only `#` heading".to_string()
        } else if level > previous + 1 {
            format!(
                "heading skips a level: `{}` after `{}`",
                "#".repeat(level),
                "#".repeat(previous)
            )
        } else {
            previous = level;
            continue;
        };
        problems.push(Problem {
            offset: range.start,
            message,
            is_error: false,
        });
        previous = level.max(2);
    }
    problems
}

fn heading_number(level: HeadingLevel) -> usize {
    level as usize
}

/// Markdown links and images may use only the schemes raw HTML may (see `html_policy::urls`).
fn check_link_schemes(events: &[Spanned<'_>]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (event, range) in events {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && let Some(message) = urls::problem(dest_url)
        {
            problems.push(Problem {
                offset: range.start,
                message,
                is_error: true,
            });
        }
    }
    problems
}

/// Every Markdown image says in words what it shows: the text between its brackets.
fn check_image_alt(events: &[Spanned<'_>]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut open: Option<(&str, usize, String)> = None;
    for (event, range) in events {
        match (event, open.as_mut()) {
            (Event::Start(Tag::Image { dest_url, .. }), None) => {
                open = Some((dest_url, range.start, String::new()));
            }
            (Event::Text(t) | Event::Code(t), Some((_, _, alt))) => alt.push_str(t),
            (Event::End(TagEnd::Image), Some(_)) => {
                if let Some((src, offset, alt)) = open.take()
                    && let Some(message) = crate::html_policy::images::alt_problem(&alt, src, false)
                {
                    problems.push(Problem {
                        offset,
                        message,
                        is_error: true,
                    });
                }
            }
            _ => {}
        }
    }
    problems
}

/// Records local links and points `.md`/`.toml` sources at the pages built from them.
fn rewrite_link<'a>(
    mut event: Event<'a>,
    offset: usize,
    rebase: &Rebase,
    links: &mut Vec<Link>,
) -> Event<'a> {
    let image = matches!(event, Event::Start(Tag::Image { .. }));
    if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event {
        let dest = std::mem::replace(dest_url, CowStr::Borrowed(""));
        let found = Found { offset, image };
        *dest_url = record(dest, found, rebase, links);
    }
    event
}

/// Where a link was found, and whether it is an image the page shows.
#[derive(Debug, Clone, Copy)]
struct Found {
    offset: usize,
    image: bool,
}

fn record<'a>(
    dest: CowStr<'a>,
    Found { offset, image }: Found,
    rebase: &Rebase,
    links: &mut Vec<Link>,
) -> CowStr<'a> {
    // As a browser does (WHATWG URL parser): tabs and line breaks inside are dropped, spaces
    // and control characters at the ends trimmed; the output carries the URL it reads.
    let dest = match urls::without_breaks(&dest) {
        std::borrow::Cow::Borrowed(same) if same.len() == dest.len() => dest,
        cleaned => CowStr::from(cleaned.into_owned()),
    };
    let (dest, mapped_from) = match map_root_link(&dest, rebase) {
        Some(mapped) => (CowStr::from(mapped), Some(dest.to_string())),
        None => (dest, None),
    };
    links.push(Link {
        dest: dest.to_string(),
        offset,
        mapped_from,
        image,
    });
    if is_external(&dest) || dest.starts_with('#') {
        return dest;
    }
    if let Some(lang) = &rebase.lang {
        return CowStr::from(lang.href(&rebase.source_dir, &dest, &rebase.page_dir));
    }
    let href = output_href(&dest);
    if rebase.source_dir == rebase.page_dir {
        return CowStr::from(href);
    }
    match crate::paths::normalise(&rebase.source_dir.join(&href)) {
        Some(target) => CowStr::from(relative_url(&rebase.page_dir, &target)),
        None => CowStr::from(href),
    }
}

/// A root-absolute link (`/information/tremor#x`) that `[links]` maps, written as a link to its
/// source relative to the file it is in (`../managing-symptoms/tremor.md#x`).
fn map_root_link(dest: &str, rebase: &Rebase) -> Option<String> {
    if !dest.starts_with('/') || dest.starts_with("//") {
        return None;
    }
    let (source, fragment) = rebase.links.resolve(dest)?;
    Some(format!(
        "{}{fragment}",
        relative_url(&rebase.source_dir, &source)
    ))
}

/// The href of the page built from a source link: `x.md#a` → `x.html#a`,
/// `checks/t.toml` → `checks/t/index.html`; other files are unchanged.
pub fn output_href(dest: &str) -> String {
    let (path, fragment) = match dest.find('#') {
        Some(i) => dest.split_at(i),
        None => (dest, ""),
    };
    if let Some(dir) = path.strip_suffix(crate::paths::INDEX_FILE)
        && (dir.is_empty() || dir.ends_with('/'))
    {
        format!("{dir}index.html{fragment}")
    } else if let Some(stem) = path.strip_suffix(".md") {
        format!("{stem}.html{fragment}")
    } else if let Some(stem) = path.strip_suffix(".toml") {
        format!("{stem}/index.html{fragment}")
    } else {
        dest.to_string()
    }
}

#[cfg(test)]
mod tests;
