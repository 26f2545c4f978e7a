//! Images shown from another site. Every page carries a Content-Security-Policy that lets
//! images load only from the site and the hosts `[csp] img_src` names, so the browser would show
//! nothing for any other `<img src="https://…">`: that is an error at the `<img>`, which says
//! where to save a local copy (carepath never downloads anything itself). `check --report` lists
//! them all, so an editor can fetch them in one go.

use crate::markdown::LinkRef;
use std::path::Path;

/// An image a page shows from a host the policy does not allow.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RemoteImage {
    /// The address as written.
    pub url: String,
    /// Where a local copy would go, relative to the site (`content/images/photo.jpg`).
    pub local: String,
}

/// The remote image `link` (in the file `source`, relative to `content/`) shows against the
/// site's `img_src`, if it is one the policy blocks.
pub(crate) fn blocked(link: LinkRef<'_>, img_src: &[String]) -> Option<RemoteImage> {
    if !link.image {
        return None;
    }
    let url = crate::html_policy::urls::clean(link.dest);
    let rest = (url.strip_prefix("https://")).or_else(|| url.strip_prefix("http://"))?;
    if img_src.iter().any(|source| allows(source, rest)) {
        return None;
    }
    Some(RemoteImage {
        url: link.dest.to_string(),
        local: format!("content/images/{}", file_name(rest)),
    })
}

/// The error for `image`, shown in the page `source` (relative to `content/`).
pub(crate) fn message(image: &RemoteImage, source: &Path) -> String {
    let dir = source.parent().unwrap_or(Path::new(""));
    let local = Path::new(image.local.trim_start_matches("content/"));
    let href = crate::paths::relative_url(dir, local);
    let host = image.url.split('/').take(3).collect::<Vec<_>>().join("/");
    format!(
        "`{}` is shown from another site, which the pages' Content-Security-Policy blocks: readers would see no picture. Save a copy as `{}` and write `{href}`, or, if that site may serve your images, add `{host}` to `img_src` under `[csp]` in content/site.toml",
        image.url, image.local
    )
}

/// Whether the CSP source `source` (`https://host[/path]`) lets `rest` (an address without its
/// scheme) load: the same host and port, and under the path when the source names one.
fn allows(source: &str, rest: &str) -> bool {
    let source = (source.strip_prefix("https://"))
        .or_else(|| source.strip_prefix("http://"))
        .unwrap_or(source);
    let (host, path) = source.split_once('/').unwrap_or((source, ""));
    let (their_host, their_path) = rest.split_once('/').unwrap_or((rest, ""));
    if !host.eq_ignore_ascii_case(their_host) {
        return false;
    }
    match path {
        "" => true,
        p if p.ends_with('/') => their_path.starts_with(p),
        p => their_path.split(['?', '#']).next() == Some(p),
    }
}

/// The file name a local copy of `rest` would have: its last path segment, without query.
fn file_name(rest: &str) -> String {
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    let last = path.rsplit('/').next().unwrap_or("").replace("%20", "-");
    let clean: String = (last.chars())
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    match clean.contains('.') && !clean.starts_with('.') {
        true => clean,
        false => format!("{}.jpg", path.split('/').next().unwrap_or("image")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(dest: &str) -> LinkRef<'_> {
        LinkRef {
            dest,
            offset: 0,
            mapped_from: None,
            image: true,
        }
    }

    #[test]
    fn only_hosts_in_img_src_may_serve_images() {
        let allowed = ["https://img.example.org".to_string()];
        assert_eq!(
            blocked(image("https://img.example.org/a/b.jpg"), &allowed),
            None
        );
        assert_eq!(blocked(image("../images/b.jpg"), &allowed), None);
        let blocked_one = blocked(
            image("https://www.charity.org.uk/files/walk%201.jpg?itok=x"),
            &allowed,
        );
        assert_eq!(
            blocked_one,
            Some(RemoteImage {
                url: "https://www.charity.org.uk/files/walk%201.jpg?itok=x".into(),
                local: "content/images/walk-1.jpg".into(),
            })
        );
        let link = LinkRef {
            image: false,
            ..image("https://www.charity.org.uk/a.jpg")
        };
        assert_eq!(blocked(link, &allowed), None, "a link is not an image");
    }

    #[test]
    fn a_source_with_a_path_allows_what_is_under_it() {
        assert!(allows("https://cdn.org/site/", "cdn.org/site/a.jpg"));
        assert!(!allows("https://cdn.org/site/", "cdn.org/other/a.jpg"));
        assert!(allows("https://cdn.org/a.jpg", "cdn.org/a.jpg"));
        assert!(!allows("https://cdn.org", "evil.org/cdn.org/a.jpg"));
        assert_eq!(file_name("cdn.org/"), "cdn.org.jpg");
    }
}
