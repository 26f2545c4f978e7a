//! The Content-Security-Policy every page carries in a `<meta http-equiv>`, so the browser
//! itself refuses script, plugins, frames, `<base>` and form submission even if something got
//! past the build. A site may let images and styles load from named hosts (`[csp]` in
//! `site.toml`); script never.

/// The policy for a site whose images may also come from `img_src` and styles from
/// `style_src` (each already checked by [`source_problem`]).
pub fn policy(img_src: &[String], style_src: &[String]) -> String {
    // `default-src 'self'` already covers images, styles and fonts from the site; workers fall
    // back to `script-src`. Kept short: every byte is in every page's weight.
    let mut policy = "default-src 'self'; script-src 'none'; object-src 'none'; frame-src 'none'; \
                      base-uri 'none'; form-action 'none'"
        .to_string();
    for (directive, sources) in [("img-src", img_src), ("style-src", style_src)] {
        if !sources.is_empty() {
            policy.push_str(&format!("; {directive} 'self' {}", sources.join(" ")));
        }
    }
    policy
}

/// Why `source` cannot be added to `img-src` or `style-src`: only `https://host` (with an
/// optional path) or `http://host` may be, never a keyword, a wildcard or a scheme alone.
pub fn source_problem(source: &str) -> Option<String> {
    let rest = source
        .strip_prefix("https://")
        .or_else(|| source.strip_prefix("http://"));
    let ok = rest.is_some_and(|rest| {
        let host = rest.split('/').next().unwrap_or("");
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
            && rest.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '/' | '_' | '~' | '%')
            })
    });
    (!ok).then(|| {
        format!("`{source}` cannot be added to the Content-Security-Policy: name a host such as `https://images.example.org` (keywords, wildcards and schemes alone are not allowed)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbids_script_and_adds_only_named_hosts() {
        let p = policy(&["https://img.example.org".into()], &[]);
        assert!(p.contains("script-src 'none'"));
        assert!(
            p.ends_with("; img-src 'self' https://img.example.org"),
            "{p}"
        );
        assert!(!policy(&[], &[]).contains("img-src"));
    }

    #[test]
    fn refuses_keywords_and_wildcards() {
        assert_eq!(source_problem("https://img.example.org/a/"), None);
        for bad in [
            "'unsafe-inline'",
            "*",
            "https://*.x.org",
            "data:",
            "https:",
            "https://a; script-src *",
        ] {
            assert!(source_problem(bad).is_some(), "{bad}");
        }
    }
}
