//! Points each `<img>` of a rendered body at the copies of its image: `src` at a middle width
//! (for browsers without `srcset`), `srcset` with every width and `sizes` from the settings,
//! `width` and `height` of the copies (the page does not jump as they arrive) and, for every
//! image after the first, `loading="lazy"` (those below the first screen load as the reader
//! scrolls). The HTML was already judged by the policy; tags are found by the same tokenizer.

use super::Shown;
use crate::html_policy::tokens::{SourceTag, tokenize};
use crate::paths::{is_external, normalise, relative_url};
use crate::templates::escape_html;
use std::path::Path;

/// The copies of an image, by its path relative to `content/`.
pub(super) type Lookup<'a> = dyn Fn(&Path) -> Option<&'a Vec<Shown>> + 'a;

/// `html` with the `<img>` tags whose `src` names a resized image rewritten.
pub(super) fn rewrite(html: &str, page_dir: &Path, lookup: &Lookup<'_>, sizes: &str) -> String {
    if !html.contains("<img") {
        return html.to_string();
    }
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut first = true;
    for tag in tokenize(html)
        .tags
        .iter()
        .filter(|t| !t.end && &*t.name == "img")
    {
        let lazy = !first;
        first = false;
        let Some(src) = tag.attrs.iter().find(|a| &*a.name == "src") else {
            continue;
        };
        let (Some(span), Some(copies)) =
            (src.value_span.clone(), target(&src.value, page_dir, lookup))
        else {
            continue;
        };
        let Some(end) = tag_end(html, tag) else {
            continue;
        };
        let url = |c: &Shown| escape_html(&relative_url(page_dir, &c.out));
        let fallback = &copies[copies.len() / 2];
        edits.push((span, format!("\"{}\"", url(fallback))));
        let has = |name: &str| tag.attrs.iter().any(|a| &*a.name == name);
        let mut added = String::new();
        if copies.len() > 1 {
            let set: Vec<String> = (copies.iter())
                .map(|c| format!("{} {}w", url(c), c.width))
                .collect();
            added.push_str(&format!(
                " srcset=\"{}\" sizes=\"{}\"",
                set.join(", "),
                escape_html(sizes)
            ));
        }
        if !has("width") && !has("height") {
            added.push_str(&format!(
                " width=\"{}\" height=\"{}\"",
                fallback.width, fallback.height
            ));
        }
        if lazy {
            added.push_str(" loading=\"lazy\"");
        }
        added.push_str(" decoding=\"async\"");
        edits.push((end..end, added));
    }
    let mut out = html.to_string();
    edits.sort_by_key(|(range, _)| range.start);
    for (range, text) in edits.into_iter().rev() {
        out.replace_range(range, &text);
    }
    out
}

/// The copies of the image `src` names, seen from `page_dir`.
fn target<'a>(src: &str, page_dir: &Path, lookup: &Lookup<'a>) -> Option<&'a Vec<Shown>> {
    let path = src.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || is_external(path) || path.starts_with('/') {
        return None;
    }
    let copies = lookup(&normalise(&page_dir.join(path))?)?;
    (!copies.is_empty()).then_some(copies)
}

/// Where to add attributes to `tag`: before its closing `>` (or `/>`).
fn tag_end(html: &str, tag: &SourceTag) -> Option<usize> {
    let after_attrs = (tag.attrs.iter())
        .map(|a| a.value_span.as_ref().map_or(a.offset, |s| s.end))
        .max()
        .unwrap_or(tag.offset);
    let close = after_attrs + html.get(after_attrs..)?.find('>')?;
    let before = html[..close].trim_end();
    Some(match before.strip_suffix('/') {
        Some(rest) => rest.trim_end().len(),
        None => before.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn copies() -> Vec<Shown> {
        [
            (400, 267, "images/a-400w.jpg"),
            (800, 533, "images/a-800w.jpg"),
            (1200, 800, "images/a.jpg"),
        ]
        .into_iter()
        .map(|(width, height, out)| Shown {
            width,
            height,
            out: PathBuf::from(out),
            data: super::super::Data::Held(Default::default()),
        })
        .collect()
    }

    #[test]
    fn images_get_their_copies_and_all_but_the_first_load_lazily() {
        let made = copies();
        let lookup = |p: &Path| (p == Path::new("images/a.jpg")).then_some(&made);
        let html = "<p><img src=\"../images/a.jpg\" alt=\"A\" /></p>\n<p><img src=\"../images/a.jpg\" alt=\"B\"></p><img src=\"other.png\" alt=\"C\">";
        let out = rewrite(html, Path::new("causes"), &lookup, "100vw");
        assert_eq!(
            out,
            "<p><img src=\"../images/a-800w.jpg\" alt=\"A\" srcset=\"../images/a-400w.jpg 400w, ../images/a-800w.jpg 800w, ../images/a.jpg 1200w\" sizes=\"100vw\" width=\"800\" height=\"533\" decoding=\"async\" /></p>\n<p><img src=\"../images/a-800w.jpg\" alt=\"B\" srcset=\"../images/a-400w.jpg 400w, ../images/a-800w.jpg 800w, ../images/a.jpg 1200w\" sizes=\"100vw\" width=\"800\" height=\"533\" loading=\"lazy\" decoding=\"async\"></p><img src=\"other.png\" alt=\"C\">"
        );
    }
}
