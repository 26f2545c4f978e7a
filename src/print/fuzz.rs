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
    let data = json!({
        "title": title, "summary": title, "also_called": [title], "is_cause": true, "care": null,
        "emergency": {"advice": "Call 999", "signs": blocks.iter().take(2).collect::<Vec<_>>()},
        "body": blocks, "sources": [{"title": title, "publisher": title, "url": title, "accessed": title}],
        "reviewed": "1 January 2026", "next_review": "1 January 2027",
        "reference": "FUZZ", "version": "00000000", "lang": "en", "region": null, "size": 12.0,
        "paper": "a4", "publisher": title, "contact": title, "logo": null,
        "url": null, "short_url": null, "qr": null,
    });
    let json = serde_json::to_vec(&data).map_err(|e| e.to_string())?;
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
