//! Files copied as they are (images, PDFs, `static/`), judged by what they are, not by their
//! name. A file's type must be on a list known to be inert when served (images, fonts, PDF,
//! audio, video, text, CSS) or be markup the HTML policy reads (HTML, SVG, XML, and `.svgz`
//! once unzipped); anything else (`.shtml`, `.php`, `.mhtml`, `.js`, …) is refused with its path
//! unless `allow_extensions` in `site.toml` names its extension. Every file is also sniffed: one
//! that starts like markup is read by the HTML policy whatever its name, so a `<script>` saved as
//! `x.png` or `x.txt` is refused too.

use crate::diagnostics::{Diagnostic, Located, file_error};
use crate::site::Site;
use std::borrow::Cow;
use std::io::Read as _;
use std::path::Path;

/// Extensions served as content that cannot run script.
const INERT: &[&str] = &[
    // images
    "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "bmp", "tif", "tiff", // fonts
    "woff", "woff2", "ttf", "otf", "eot", // documents
    "pdf", "txt", "csv", "tsv", "css", "vtt", "srt", // audio
    "mp3", "m4a", "ogg", "oga", "opus", "wav", "flac", "aac", // video
    "mp4", "m4v", "webm", "ogv", "mov",
];

/// Markup the HTML policy reads before it is copied.
const MARKUP: &[&str] = &["html", "htm", "xhtml", "xht", "svg", "xml"];

/// Script files, refused even when `allow_extensions` names them: pages work without script.
const SCRIPT: &[&str] = &["js", "mjs", "cjs"];

/// Every problem with the files copied as they are.
pub(crate) fn check(site: &Site) -> anyhow::Result<Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for (_, shown) in site.copied_files() {
        diags.extend(one(site, &shown)?);
    }
    Ok(diags)
}

/// The problems of one copied file, at `shown` (its path from the site root).
fn one(site: &Site, shown: &Path) -> anyhow::Result<Vec<Diagnostic>> {
    let ext = shown
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if SCRIPT.contains(&ext.as_str()) {
        let msg = "JavaScript files are not published: carepath pages work without JavaScript";
        return Ok(vec![file_error(shown, msg)]);
    }
    let allowed = site
        .config
        .allow_extensions
        .iter()
        .any(|a| a.eq_ignore_ascii_case(&ext));
    let known = INERT.contains(&ext.as_str()) || MARKUP.contains(&ext.as_str()) || ext == "svgz";
    if !known && !allowed && !ext.is_empty() {
        return Ok(vec![file_error(shown, refused(&ext))]);
    }
    let path = site.root.join(shown);
    let markup = MARKUP.contains(&ext.as_str()) || ext == "svgz";
    // A photo or a video is never parsed, so it may be larger than `max_file_bytes`; only its
    // first bytes are read, to tell markup saved under another name.
    if !markup {
        let head = head(&path)?;
        // Blank all the way through the head: what follows is read as a whole.
        let blank = !head.is_empty() && head.iter().all(u8::is_ascii_whitespace);
        if !blank && !looks_like_markup(&head) {
            return Ok(Vec::new());
        }
    }
    let len = std::fs::metadata(&path).map_or(0, |m| m.len());
    let limit = site.config.max_file_bytes;
    if len > limit {
        return Ok(vec![crate::site::too_big(shown, len, limit)]);
    }
    let bytes = crate::fs::read(&path)?;
    let text = match sniff(&ext, &bytes, limit) {
        Sniffed::Inert => return Ok(Vec::new()),
        Sniffed::Markup(text) => text,
        Sniffed::BadSvgz => {
            return Ok(vec![file_error(
                shown,
                "this `.svgz` file is not a gzip-compressed SVG that carepath can read (or it unzips to more than `max_file_bytes`)",
            )]);
        }
    };
    let text = String::from_utf8_lossy(&text);
    let src = Located {
        path: shown,
        text: &text,
    };
    let judged = crate::html_policy::judge(&text, crate::html_policy::Level::Asset);
    Ok(judged
        .findings
        .into_iter()
        .map(|f| src.error(f.offset, f.message))
        .collect())
}

/// What a copied file is, judged by its bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Sniffed<'a> {
    /// Nothing a browser would take for markup: copied as it is.
    Inert,
    /// Markup, by its extension or by how it starts: the text the HTML policy reads (a `.svgz`
    /// unzipped).
    Markup(Cow<'a, [u8]>),
    /// A `.svgz` that does not unzip, or unzips to more than the limit.
    BadSvgz,
}

/// What the copied file with extension `ext` (lower-case, without the dot) and contents
/// `bytes` is; a `.svgz` is unzipped up to `limit` bytes. Public for the `asset_sniffer` fuzz
/// target.
#[doc(hidden)]
pub fn sniff<'a>(ext: &str, bytes: &'a [u8], limit: u64) -> Sniffed<'a> {
    if ext == "svgz" {
        return match gunzip(bytes, limit) {
            Some(text) => Sniffed::Markup(Cow::Owned(text)),
            None => Sniffed::BadSvgz,
        };
    }
    if MARKUP.contains(&ext) || looks_like_markup(bytes) {
        return Sniffed::Markup(Cow::Borrowed(bytes));
    }
    Sniffed::Inert
}

fn refused(ext: &str) -> String {
    format!(
        "`.{ext}` files are not published: carepath copies only files known to be safe to serve (images, fonts, PDF, audio, video, text, CSS, and HTML, SVG and XML it has checked), as a web server may run or show other kinds as pages; if this file cannot run anything, allow its type with `allow_extensions = [\"{ext}\"]` in content/site.toml"
    )
}

/// True when a browser could take the file for markup: after a byte-order mark and white space,
/// it starts with `<` and a tag, comment, doctype or XML declaration.
/// The first bytes of a file: enough for [`looks_like_markup`].
fn head(path: &Path) -> anyhow::Result<Vec<u8>> {
    let mut head = Vec::new();
    let file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("failed to read `{}`: {e}", path.display()))?;
    file.take(HEAD_BYTES)
        .read_to_end(&mut head)
        .map_err(|e| anyhow::anyhow!("failed to read `{}`: {e}", path.display()))?;
    Ok(head)
}

/// Bytes read to sniff a file: a byte-order mark, leading white space and a tag's start.
const HEAD_BYTES: u64 = 4096;

fn looks_like_markup(bytes: &[u8]) -> bool {
    let head = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..head.len().min(start + 16)];
    head.first() == Some(&b'<')
        && head
            .get(1)
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'!' | b'?' | b'/'))
}

/// The unzipped bytes of a gzip file, if they are at most `limit`.
fn gunzip(bytes: &[u8], limit: u64) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut reader = flate2::read::GzDecoder::new(bytes).take(limit + 1);
    reader.read_to_end(&mut out).ok()?;
    (out.len() as u64 <= limit).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_sniffed_whatever_the_name() {
        assert!(looks_like_markup(b"<script>alert(1)</script>"));
        assert!(looks_like_markup(b"\xef\xbb\xbf  \n<!DOCTYPE html>"));
        assert!(looks_like_markup(b"<?xml version=\"1.0\"?><svg/>"));
        assert!(looks_like_markup(b"<svg onload=alert(1)>"));
        assert!(!looks_like_markup(b"\x89PNG\r\n\x1a\n"));
        assert!(!looks_like_markup(b"body { color: red }"));
        assert!(!looks_like_markup(b"a < b, and c"));
        assert!(!looks_like_markup(b""));
    }

    #[test]
    fn gunzip_stops_at_the_limit() {
        use std::io::Write as _;
        let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&[b'a'; 1000]).unwrap();
        let gz = z.finish().unwrap();
        assert_eq!(gunzip(&gz, 1000).map(|b| b.len()), Some(1000));
        assert_eq!(gunzip(&gz, 999), None);
        assert_eq!(gunzip(b"not gzip", 1000), None);
    }
}
