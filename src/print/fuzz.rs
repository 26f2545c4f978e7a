//! The path from Markdown to a typeset leaflet on its own, for the `print` fuzz target: any
//! Markdown must become data the fixed template lays out, and typesetting must never fail (a
//! failure would mean article text changed what the template does).

use super::doc::{self, Block, Resolve};
use serde_json::json;

/// Links keep their external addresses; no image is printable (there is no site).
struct Nowhere;

impl Resolve for Nowhere {
    fn link(&mut self, href: &str) -> Option<String> {
        href.starts_with("https://").then(|| href.to_string())
    }
    fn image(&mut self, _: &str) -> Option<String> {
        None
    }
}

/// Renders `markdown` as a page body, turns it into leaflet data with `title`, and typesets
/// it (when this carepath can); returns the blocks and the pages, or why typesetting failed.
pub(crate) fn leaflet_of_markdown(
    markdown: &str,
    title: &str,
) -> Result<(Vec<Block>, usize), String> {
    let html = crate::markdown::render(markdown, &Default::default()).html;
    let blocks = doc::blocks_of_html(&html, &mut Nowhere);
    // Every key the built-in template reads (`Data` in `data.rs`); the unit test below fails
    // when the template comes to read one this lacks.
    let data = json!({
        "title": title, "summary": title, "also_called": [title], "is_cause": true,
        "care": {"label": title, "action": title},
        "emergency": {"text": title, "signs": blocks.iter().take(2).collect::<Vec<_>>()},
        "body": blocks, "sources": [{"title": title, "publisher": title, "url": title, "accessed": title}],
        "reviewed": "1 January 2026", "next_review": "1 January 2027",
        "reference": "FUZZ", "version": "00000000", "lang": "en", "region": null, "dir": "ltr",
        "booklet": false, "size": 12.0, "paper": "a4", "publisher": title, "contact": title,
        "logo": null, "url": "https://example.org/x.html", "short_url": "example.org/x.html",
        "qr": null,
        "words": {
            "also_called": title, "cause_disclaimer": title, "signs": title, "sources": title,
            "online": title, "page": "Page {page} of {pages}", "reference": title,
            "reviewed": title, "qr_alt": title,
        },
    });
    let json = super::data::json_of(&data).map_err(|e| e.to_string())?;
    let pages = typeset(json)?;
    Ok((blocks, pages))
}

#[cfg(feature = "print")]
fn typeset(json: Vec<u8>) -> Result<usize, String> {
    super::typeset::typeset(
        super::TEMPLATE,
        vec![("/leaflet.json".into(), json)],
        "FUZZ",
    )
    .map(|t| t.pages)
    .map_err(|e| format!("{e:#}"))
}

#[cfg(not(feature = "print"))]
fn typeset(_: Vec<u8>) -> Result<usize, String> {
    Ok(0)
}

#[cfg(all(test, feature = "print"))]
mod tests {
    // The fuzz target's data must stay what the template reads: an empty body and a body with
    // every kind of block typeset (CI's fuzz run found the data one key behind the template).
    #[test]
    fn the_fuzz_targets_data_typesets() {
        for body in [
            "",
            "# Title\n\nText with *em*, **strong**, `code` and [a link](https://x.org).\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        ] {
            let result = super::leaflet_of_markdown(body, "Title");
            assert!(result.is_ok(), "{body:?}: {result:?}");
        }
    }
}
