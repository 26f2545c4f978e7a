//! A copied file (`static/`, images beside articles): the first line of the input is its
//! extension, the rest its bytes. `carepath::validate::sniff` decides whether the HTML policy
//! reads it; what it lets through as inert must not be taken for HTML by a browser's own
//! sniffing (the WHATWG MIME Sniffing patterns for HTML and XML, written out again here), and a
//! `.svgz` never unzips past the limit. Markup is then judged by the policy.
#![no_main]

use carepath::html_policy::{self, Level};
use carepath::validate::{Sniffed, sniff};
use libfuzzer_sys::fuzz_target;

/// The unzipped size allowed (`max_file_bytes` is larger; small keeps the fuzzer quick).
const LIMIT: u64 = 1 << 20;

/// The tags WHATWG MIME Sniffing (7.1, "identify an unknown resource") takes for HTML when
/// they start a resource, followed by a space or `>`.
const HTML_TAGS: &[&str] = &[
    "<!DOCTYPE HTML",
    "<HTML",
    "<HEAD",
    "<SCRIPT",
    "<IFRAME",
    "<H1",
    "<DIV",
    "<FONT",
    "<TABLE",
    "<A",
    "<STYLE",
    "<TITLE",
    "<B",
    "<BODY",
    "<BR",
    "<P",
    "<!--",
];

/// Whether a browser sniffing an unknown resource would take `bytes` for HTML or XML.
fn browser_takes_for_markup(bytes: &[u8]) -> bool {
    let start = (bytes.iter())
        .position(|b| !matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' '))
        .unwrap_or(bytes.len());
    let rest = &bytes[start..];
    let html = HTML_TAGS.iter().any(|tag| {
        let tag = tag.as_bytes();
        rest.len() > tag.len()
            && rest[..tag.len()].eq_ignore_ascii_case(tag)
            && matches!(rest[tag.len()], b' ' | b'>')
    });
    html || rest.starts_with(b"<?xml")
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let ext = String::from_utf8_lossy(&data[..split]).to_ascii_lowercase();
    let bytes = data.get(split + 1..).unwrap_or_default();
    match sniff(&ext, bytes, LIMIT) {
        Sniffed::Inert => assert!(
            !browser_takes_for_markup(bytes),
            "a browser would take this .{ext} file for markup, but it is copied unread"
        ),
        Sniffed::Markup(text) => {
            assert!(
                ext != "svgz" || text.len() as u64 <= LIMIT,
                "unzipped past the limit"
            );
            let _ = html_policy::judge(&String::from_utf8_lossy(&text), Level::Asset);
        }
        Sniffed::BadSvgz => assert_eq!(ext, "svgz"),
    }
});
