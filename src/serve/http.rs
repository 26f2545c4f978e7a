//! The HTTP side of `serve` (tiny_http): the last good build from memory, with the right
//! content types, `404.html` for missing pages, an optional sub-folder prefix (`--base-path`),
//! and an event stream that tells open pages when the site was rebuilt.

use super::files::Files;
use super::inject;
use std::io::Write as _;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tiny_http::{Header, Request, Response, StatusCode};

/// What the server sends: replaced whole after every rebuild.
#[derive(Debug, Clone, Default)]
pub(super) struct Served {
    /// The files of the last good build, by URL.
    pub(super) files: Arc<Files>,
    /// The problems of the site as it is now, as the terminal shows them (none: empty).
    pub(super) problems: Option<Arc<str>>,
    /// Counts rebuilds; open pages reload when it changes.
    pub(super) generation: u64,
}

/// The state shared between the rebuilding thread and the request threads.
#[derive(Debug, Default)]
pub(super) struct Shared {
    served: Mutex<Served>,
    rebuilt: Condvar,
}

impl Shared {
    /// What is served now.
    pub(super) fn current(&self) -> Served {
        self.served.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Replaces what is served and wakes every open page.
    pub(super) fn publish(&self, files: Arc<Files>, problems: Option<Arc<str>>) {
        if let Ok(mut served) = self.served.lock() {
            served.files = files;
            served.problems = problems;
            served.generation += 1;
        }
        self.rebuilt.notify_all();
    }

    /// Waits until the generation differs from `seen` (or `timeout` passes); returns the
    /// generation then.
    fn wait(&self, seen: u64, timeout: Duration) -> u64 {
        let Ok(served) = self.served.lock() else {
            return seen;
        };
        match self
            .rebuilt
            .wait_timeout_while(served, timeout, |s| s.generation == seen)
        {
            Ok((served, _)) => served.generation,
            Err(_) => seen,
        }
    }
}

/// Answers one request; runs on its own thread (an event stream holds it open).
pub(super) fn handle(request: Request, shared: &Shared, base_path: &str) {
    let path = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let path = percent_decode(&path);
    if path == inject::EVENTS_PATH {
        return events(request, shared);
    }
    if path == inject::OVERLAY_CSS_PATH {
        let _ = request.respond(ok(inject::OVERLAY_CSS.as_bytes().to_vec(), "text/css"));
        return;
    }
    let served = shared.current();
    let Some(rel) = path.strip_prefix(base_path) else {
        if path == "/" {
            let _ = request.respond(redirect(base_path));
        } else {
            let _ = request.respond(not_found(&served));
        }
        return;
    };
    let mut rel = rel.to_string();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    let response = match served.files.get(&rel) {
        Some(bytes) => file_response(&rel, &bytes, &served),
        None if served.files.contains(&format!("{rel}/index.html")) => {
            redirect(&format!("{base_path}{rel}/"))
        }
        None if served.files.is_empty() => problems_only(&served),
        None => not_found(&served),
    };
    let _ = request.respond(response);
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn file_response(rel: &str, bytes: &[u8], served: &Served) -> Reply {
    let mime = content_type(rel);
    if mime.starts_with("text/html") {
        let html = String::from_utf8_lossy(bytes);
        let page = inject::page(&html, served.problems.as_deref());
        return ok(page.into_bytes(), &mime);
    }
    ok(bytes.to_vec(), &mime)
}

/// The content type of a file by its extension; text is UTF-8.
pub(super) fn content_type(rel: &str) -> String {
    let mime = mime_guess::from_path(rel).first_or_octet_stream();
    match mime.type_() {
        mime_guess::mime::TEXT => format!("{}; charset=utf-8", mime.essence_str()),
        _ if mime.essence_str() == "image/svg+xml" || mime.subtype() == "xml" => {
            format!("{}; charset=utf-8", mime.essence_str())
        }
        _ => mime.essence_str().to_string(),
    }
}

fn ok(body: Vec<u8>, mime: &str) -> Reply {
    with_headers(Response::from_data(body), mime)
}

fn with_headers(response: Reply, mime: &str) -> Reply {
    let mut response = response;
    for (name, value) in [("Content-Type", mime), ("Cache-Control", "no-store")] {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response = response.with_header(header);
        }
    }
    response
}

fn redirect(to: &str) -> Reply {
    let mut response = with_headers(
        Response::from_data(format!("Moved to {to}").into_bytes()).with_status_code(302),
        "text/plain; charset=utf-8",
    );
    if let Ok(header) = Header::from_bytes(&b"Location"[..], to.as_bytes()) {
        response = response.with_header(header);
    }
    response
}

/// The site's own `404.html` (with status 404), or a plain message when it has none.
fn not_found(served: &Served) -> Reply {
    let body = match served.files.get(crate::paths::NOT_FOUND_PAGE) {
        Some(bytes) => inject::page(&String::from_utf8_lossy(&bytes), served.problems.as_deref()),
        None if served.files.is_empty() => return problems_only(served),
        None => "Page not found".to_string(),
    };
    ok(body.into_bytes(), "text/html; charset=utf-8").with_status_code(StatusCode(404))
}

/// Before any build succeeded: a page listing the problems (status 503, as there is no site yet).
fn problems_only(served: &Served) -> Reply {
    let problems = served
        .problems
        .as_deref()
        .unwrap_or("the site has not been built yet");
    ok(
        inject::problems_page(problems).into_bytes(),
        "text/html; charset=utf-8",
    )
    .with_status_code(StatusCode(503))
}

/// A server-sent event stream: the generation now, then each new one; a comment every 15 s
/// keeps idle connections open.
fn events(request: Request, shared: &Shared) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    let mut seen = shared.current().generation;
    if write!(writer, "{head}data: {seen}\n\n").is_err() || writer.flush().is_err() {
        return;
    }
    loop {
        let now = shared.wait(seen, Duration::from_secs(15));
        let message = match now == seen {
            true => ": still here\n\n".to_string(),
            false => format!("data: {now}\n\n"),
        };
        seen = now;
        if writer.write_all(message.as_bytes()).is_err() || writer.flush().is_err() {
            return;
        }
    }
}

/// Decodes `%XX` escapes (UTF-8) in a URL path; malformed escapes are kept as written.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_name_their_charset_for_text() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("x/drawing.svg"),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(content_type("photo.jpg"), "image/jpeg");
        assert_eq!(content_type("leaflet.pdf"), "application/pdf");
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
    }

    #[test]
    fn paths_are_percent_decoded() {
        assert_eq!(percent_decode("/a%20b/%C3%A9.html"), "/a b/é.html");
        assert_eq!(percent_decode("/100%"), "/100%");
        assert_eq!(percent_decode("/%zz"), "/%zz");
    }
}
