//! Markdown to a printed leaflet: any body (and any title) must typeset with the fixed
//! template, and no text may run as Typst: typesetting never fails (but for a character no
//! bundled font has) and never reads a file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let title: String = body.lines().next().unwrap_or("x").chars().take(80).collect();
    let title = if title.trim().is_empty() { "x".to_string() } else { title };
    if let Err(why) = carepath::scratch::leaflet_of_markdown(body, &title) {
        // A character no bundled font has (a rare script, an emoji) is the one failure a build
        // expects: the page is published without its leaflet, with a warning. Control
        // characters are removed before typesetting, so they never cause it.
        let missing_glyphs = why
            .split("; ")
            .all(|e| e.contains("could not be displayed with font"));
        assert!(missing_glyphs, "typesetting failed: {why}");
    }
});
