//! Old addresses that still lead somewhere: `aliases` in an article's front matter or on a tree
//! node name addresses the page used to have (on this site or the one it replaces), and the
//! build writes a small page at each that sends the reader on (`<meta http-equiv="refresh">`
//! plus a plain link, so it works without script and in a text browser).

use crate::paths::relative_url;
use crate::templates::escape_html as escape;
use std::path::{Component, Path, PathBuf};

/// The output file for an alias as written: `/information/back-pain` and `information/back-pain/`
/// become `information/back-pain/index.html`; `causes/old.html` stays as it is.
pub(crate) fn output_path(alias: &str) -> Result<PathBuf, String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let bad = |why: &str| {
        Err(format!(
            "alias `{alias}` {why}: write an old address of this site, such as `causes/old-name.html` or `information/back-pain`"
        ))
    };
    if trimmed.is_empty() {
        return bad("is empty");
    }
    if trimmed.contains(['?', '#', ':', '\\', '"', '<', '>']) {
        return bad("is not a plain path");
    }
    let path = Path::new(trimmed);
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return bad("climbs out of the site");
    }
    let is_page = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    match (is_page, path.extension()) {
        (true, _) => Ok(path.to_path_buf()),
        (false, None) => Ok(path.join("index.html")),
        (false, Some(_)) => bad("names a file that is not a page"),
    }
}

/// The page written at `alias` (an output path) that sends the reader to `target` (an output
/// path too), titled after the page it leads to.
pub(crate) fn redirect_page(
    alias: &Path,
    target: &Path,
    title: &str,
    language: &str,
    csp: &str,
) -> String {
    let href = escape(&relative_url(
        alias.parent().unwrap_or(Path::new("")),
        target,
    ));
    let title = escape(title);
    let language = escape(language);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{title}</title>\n</head>\n<body>\n<p>This page has moved: <a href=\"{href}\">{title}</a></p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_addresses_become_files() {
        assert_eq!(
            output_path("/information/back-pain"),
            Ok("information/back-pain/index.html".into())
        );
        assert_eq!(
            output_path("information/back-pain/"),
            Ok("information/back-pain/index.html".into())
        );
        assert_eq!(output_path("causes/old.html"), Ok("causes/old.html".into()));
        for bad in [
            "",
            "/",
            "../x.html",
            "a/../../x",
            "x.pdf",
            "x.html?a=1",
            "https://x.org/a",
        ] {
            assert!(output_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn redirect_leads_on_relative_to_itself() {
        let html = redirect_page(
            Path::new("information/back-pain/index.html"),
            Path::new("causes/muscle-strain.html"),
            "Back muscle strain",
            "en-GB",
            "default-src 'self'",
        );
        assert!(html.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=../../causes/muscle-strain.html\">"
        ));
        assert!(
            html.contains("<a href=\"../../causes/muscle-strain.html\">Back muscle strain</a>")
        );
    }
}
