//! URL schemes: what a browser reads from an attribute value (after html5ever has decoded its
//! character references) or a Markdown link, and which schemes a page may use.

/// Schemes content may link to; anything else with a scheme is an error. Relative links are
/// checked against the site by `validate::links`.
pub const ALLOWED_SCHEMES: &[&str] = &["https", "http", "mailto", "tel"];

/// The URL as a browser's URL parser sees it: leading and trailing control characters and
/// spaces trimmed, tabs and newlines anywhere removed, `\` read as `/`.
/// Borrowed when there is nothing to remove or replace inside, as for nearly every URL.
pub fn clean(url: &str) -> std::borrow::Cow<'_, str> {
    match without_breaks(url) {
        std::borrow::Cow::Borrowed(s) if !s.contains('\\') => s.into(),
        cleaned => cleaned.replace('\\', "/").into(),
    }
}

/// The first steps of a browser's URL parser: leading and trailing control characters and
/// spaces trimmed, ASCII tabs, CRs and LFs anywhere removed (a link broken over two lines
/// works in a browser). Borrowed when there is nothing to remove inside.
pub fn without_breaks(url: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    if !trimmed.contains(['\t', '\n', '\r']) {
        return trimmed.into();
    }
    trimmed.replace(['\t', '\n', '\r'], "").into()
}

/// The scheme a browser reads from `url`, lower case, or `None` for a relative URL.
pub fn scheme(url: &str) -> Option<String> {
    scheme_of_clean(&clean(url))
}

/// [`scheme`] of a URL already [`clean`]ed.
fn scheme_of_clean(cleaned: &str) -> Option<String> {
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Why `url` may not be used in a page, or `None` when its scheme is allowed (or it has none).
pub fn problem(url: &str) -> Option<String> {
    let cleaned = clean(url);
    let Some(scheme) = scheme_of_clean(&cleaned) else {
        return cleaned.starts_with("//").then(|| {
            format!("`{url}` leaves out the scheme, so it means something else from `file://`: write the address in full, starting `https://`")
        });
    };
    if ALLOWED_SCHEMES.contains(&scheme.as_str()) {
        return None;
    }
    Some(match scheme.as_str() {
        "javascript" | "vbscript" | "livescript" => format!(
            "a `{scheme}:` URL runs script, and carepath pages work without JavaScript: link to a page instead"
        ),
        "data" => "a `data:` URL embeds a file in the page, which could hold script: put the file in `content/` and link to it relative to this page".to_string(),
        "file" => "a `file:` link only works on the computer it was written on: put the file in `content/` and link to it relative to this page".to_string(),
        _ => format!(
            "`{scheme}:` links are not allowed: use a link relative to this page, or one starting https:, http:, mailto: or tel:"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_schemes_as_a_browser_does() {
        assert_eq!(scheme(" \tjava\nscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("\u{1}JavaScript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("causes/x.md"), None);
        assert_eq!(scheme("x.md#a:b"), None);
        assert_eq!(scheme("1x:y"), None);
    }

    #[test]
    fn cleans_as_a_browser_does_and_copies_only_when_it_must() {
        assert!(matches!(
            clean(" ../x.html\u{1}"),
            std::borrow::Cow::Borrowed("../x.html")
        ));
        assert_eq!(clean("\t\\\\evil.\nexample/a\rb "), "//evil.example/ab");
        assert!(problem("\\\\evil.example").is_some());
        assert!(problem(" /\t/evil.example").is_some());
    }

    #[test]
    fn drops_tabs_and_line_breaks_but_keeps_backslashes() {
        assert_eq!(without_breaks(" a/\tb\r\n-c.md "), "a/b-c.md");
        assert_eq!(without_breaks("a\\b"), "a\\b");
        assert!(matches!(
            without_breaks("x.md"),
            std::borrow::Cow::Borrowed("x.md")
        ));
    }

    #[test]
    fn allows_only_the_listed_schemes() {
        assert_eq!(problem("https://nhs.uk"), None);
        assert_eq!(problem("mailto:a@b.c"), None);
        assert_eq!(problem("../x.md"), None);
        assert!(problem("data:text/html,x").is_some());
        assert!(problem("vbscript:x").is_some());
        assert!(problem("//evil.example").is_some());
        assert!(problem("\\\\evil.example").is_some());
        assert!(problem("ftp://x").is_some());
    }
}
