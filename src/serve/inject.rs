//! What `serve` adds to the pages it sends, and only to them (never to a build's output): a
//! small script that reloads the page when the site is rebuilt, allowed by its hash in the
//! page's Content-Security-Policy (`script-src 'none'` becomes `script-src 'sha256-…'`), and,
//! while the content has problems, a list of them at the top of the page.

use base64::Engine as _;
use sha2::{Digest as _, Sha256};

/// Where the event stream of rebuilds is served.
pub(super) const EVENTS_PATH: &str = "/__carepath/events";
/// Where the problems list's stylesheet is served.
pub(super) const OVERLAY_CSS_PATH: &str = "/__carepath/problems.css";

/// Listens to the rebuild events and reloads once the generation differs from the one the page
/// was served at (the first event says which that is).
const LIVE_RELOAD: &str = "(function(){var seen=null;var events=new EventSource(\"/__carepath/events\");events.onmessage=function(e){if(seen===null){seen=e.data}else if(e.data!==seen){events.close();location.reload()}}})();";

/// The stylesheet of the problems list.
/// It stays at the top of the window however far the page is scrolled (a reload keeps the
/// reader's place), and folds away with its summary.
pub(super) const OVERLAY_CSS: &str = "#carepath-problems{position:sticky;top:0;z-index:1000;max-height:50vh;overflow:auto;margin:0;padding:.75rem 1rem;background:#fff4f4;color:#000;border:4px solid #b00020;font:1rem/1.4 system-ui,sans-serif}#carepath-problems summary{font-weight:bold;font-size:1.125rem;cursor:pointer}#carepath-problems pre{margin:.5rem 0 0;white-space:pre-wrap;overflow-x:auto;font:.9rem/1.35 ui-monospace,monospace}";

/// The `'sha256-…'` source that allows exactly [`LIVE_RELOAD`].
fn script_hash() -> String {
    let digest = Sha256::digest(LIVE_RELOAD.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `html` as `serve` sends it: the live-reload script before `</body>`, its hash allowed in the
/// page's policy, and `problems` (plain text, as the terminal shows them) first in the body.
pub(super) fn page(html: &str, problems: Option<&str>) -> String {
    page_showing(html, problems, true)
}

/// [`page`], saying whether the page is from the last good build (`last_good`) or stands in
/// for one, as no build has succeeded yet.
fn page_showing(html: &str, problems: Option<&str>, last_good: bool) -> String {
    let mut html = html.replacen(
        "script-src 'none'",
        &format!("script-src {}", script_hash()),
        1,
    );
    if let Some(problems) = problems {
        let list = overlay(problems, last_good);
        html = match body_start(&html) {
            Some(at) => format!("{}{list}{}", &html[..at], &html[at..]),
            None => format!("{list}{html}"),
        };
        let link = format!("<link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\">");
        if let Some(at) = html.find("</head>") {
            html.insert_str(at, &link);
        }
    }
    let script = format!("<script>{LIVE_RELOAD}</script>");
    match html.rfind("</body>") {
        Some(at) => html.insert_str(at, &script),
        None => html.push_str(&script),
    }
    html
}

/// A page for when there is no good build to show yet: just the problems.
pub(super) fn problems_page(problems: &str) -> String {
    page_showing(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'none'\"><title>Problems – carepath</title></head><body></body></html>",
        Some(problems),
        false,
    )
}

/// The problems list: an open `<details>` (folded by its summary, no script needed) with the
/// terminal's text.
fn overlay(problems: &str, last_good: bool) -> String {
    let count = problems
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .count()
        .max(1);
    let found = match count {
        1 => "carepath found a problem".to_string(),
        n => format!("carepath found {n} problems"),
    };
    let shown = match last_good {
        true => "the last good version of the site is shown",
        false => "the site has not built yet: fix it and this page reloads with the site",
    };
    let heading = format!("{found}; {shown}");
    format!(
        "<details id=\"carepath-problems\" role=\"alert\" open><summary>{heading}</summary><pre>{}</pre></details>",
        crate::templates::escape_html(problems)
    )
}

/// Just after the `<body …>` tag, if there is one.
fn body_start(html: &str) -> Option<usize> {
    let open = html.find("<body")?;
    html[open..].find('>').map(|end| open + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'none'; object-src 'none'\"></head><body class=\"x\"><main>Hi</main></body></html>";

    #[test]
    fn the_script_is_allowed_by_its_hash_and_nothing_else() {
        let served = page(PAGE, None);
        let hash = script_hash();
        assert!(served.contains(&format!("script-src {hash}; object-src 'none'")));
        assert!(!served.contains("script-src 'none'"));
        assert!(served.ends_with(&format!("<script>{LIVE_RELOAD}</script></body></html>")));
        assert!(hash.starts_with("'sha256-") && hash.len() == 8 + 44 + 1);
    }

    #[test]
    fn problems_come_first_in_the_body_escaped() {
        let served = page(PAGE, Some("content/a.md:1:1: error: bad <b>\n"));
        let start = served.find("<body class=\"x\">").unwrap() + "<body class=\"x\">".len();
        assert!(served[start..].starts_with("<details id=\"carepath-problems\""));
        assert!(served.contains("error: bad &lt;b&gt;"));
        assert!(served.contains("carepath found a problem;"));
        assert!(served.contains(&format!("href=\"{OVERLAY_CSS_PATH}\"></head>")));
    }

    // With no good build yet, the problems page does not claim to show one.
    #[test]
    fn problems_page_before_any_good_build_says_so() {
        let served = problems_page("content/a.md:1:1: error: bad\n");
        assert!(served.contains("carepath found a problem; the site has not built yet"));
        assert!(!served.contains("last good version"));
    }
}
