//! The answers of `serve` (on hyper, see [`super::net`]): the last good build from memory, with
//! the right content types, `404.html` for missing pages, an optional sub-folder prefix
//! (`--base-path`), an event stream that tells open pages when the site was rebuilt, and the
//! refusals that [`super::route`] decides.

use super::files::Files;
use super::inject;
use super::route::{self, Head, Refusal, Route, Rules};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt as _, Full};
use hyper::body::{Bytes, Frame};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode, Version};
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{Semaphore, mpsc, watch};

/// Most event streams open at once (one per open page); one more is answered 503.
pub(super) const MAX_EVENT_STREAMS: usize = 16;
/// How often an idle event stream gets a comment, so that it shows it is alive (and a stream
/// whose reader is gone is found and closed).
const HEARTBEAT: Duration = Duration::from_secs(10);

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

/// The state shared between the rebuilding thread and the server.
#[derive(Debug)]
pub(super) struct Shared {
    served: watch::Sender<Served>,
    streams: Arc<Semaphore>,
}

impl Default for Shared {
    fn default() -> Shared {
        Shared {
            served: watch::Sender::new(Served::default()),
            streams: Arc::new(Semaphore::new(MAX_EVENT_STREAMS)),
        }
    }
}

impl Shared {
    /// What is served now.
    pub(super) fn current(&self) -> Served {
        self.served.borrow().clone()
    }

    /// Replaces what is served and wakes every open page.
    pub(super) fn publish(&self, files: Arc<Files>, problems: Option<Arc<str>>) {
        self.served.send_modify(|served| {
            served.files = files;
            served.problems = problems;
            served.generation += 1;
        });
    }
}

/// A response's body: a whole file, or an event stream.
pub(super) type Body = BoxBody<Bytes, Infallible>;
type Reply = Response<Body>;

/// Answers one request.
pub(super) fn respond<B: hyper::body::Body>(
    request: &Request<B>,
    shared: &Shared,
    rules: &Rules,
) -> Reply {
    // A value that is not visible ASCII is no name this server answers for.
    let hosts: Vec<&str> = (request.headers().get_all(header::HOST).iter())
        .map(|v| v.to_str().unwrap_or("?"))
        .collect();
    let target = request.uri().to_string();
    let head = Head {
        method: request.method().as_str(),
        target: &target,
        hosts: &hosts,
        has_body: !request.body().is_end_stream(),
        http10: request.version() <= Version::HTTP_10,
    };
    let head_only = request.method() == Method::HEAD;
    match route::route(&head, rules) {
        Route::Refused(refusal) => refused(&refusal),
        Route::Events if head_only => stream_head(),
        Route::Events => events(shared),
        Route::OverlayCss => ok(inject::OVERLAY_CSS.as_bytes().to_vec(), "text/css"),
        Route::ToBase => redirect(&rules.base_path),
        Route::Outside => not_found(&shared.current()),
        Route::File(rel) => file(&rel, &shared.current(), &rules.base_path),
    }
}

/// A file of the site, the folder's `index.html`, or the site's 404 page.
fn file(rel: &str, served: &Served, base_path: &str) -> Reply {
    match served.files.get(rel) {
        Some(bytes) => file_response(rel, &bytes, served),
        None if served.files.contains(&format!("{rel}/index.html")) => {
            redirect(&route::folder_location(base_path, rel))
        }
        None if served.files.is_empty() => problems_only(served),
        None => not_found(served),
    }
}

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

/// A response with `status`, a whole body and its type; never cached, as it changes with
/// every edit.
fn reply(status: StatusCode, body: Vec<u8>, mime: &str) -> Reply {
    let mut response = Response::new(Full::new(Bytes::from(body)).boxed());
    *response.status_mut() = status;
    set(&mut response, header::CONTENT_TYPE, mime);
    set(&mut response, header::CACHE_CONTROL, "no-store");
    response
}

/// Sets a header whose value is known to be valid (values from requests are encoded first).
fn set(response: &mut Reply, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}

fn ok(body: Vec<u8>, mime: &str) -> Reply {
    reply(StatusCode::OK, body, mime)
}

fn redirect(to: &str) -> Reply {
    let body = format!("Moved to {to}").into_bytes();
    let mut response = reply(StatusCode::FOUND, body, "text/plain; charset=utf-8");
    set(&mut response, header::LOCATION, to);
    response
}

/// A refused request, with a plain-text reason.
fn refused(refusal: &Refusal) -> Reply {
    let status = StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = refusal.message().into_bytes();
    let mut response = reply(status, body, "text/plain; charset=utf-8");
    match refusal {
        Refusal::Method => set(&mut response, header::ALLOW, "GET, HEAD"),
        // The body was not read: the connection cannot carry another request.
        Refusal::Body | Refusal::BadRequest(_) => set(&mut response, header::CONNECTION, "close"),
        Refusal::WrongHost(_) => {}
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
    let html = "text/html; charset=utf-8";
    reply(StatusCode::NOT_FOUND, body.into_bytes(), html)
}

/// Before any build succeeded: a page listing the problems (status 503, as there is no site yet).
fn problems_only(served: &Served) -> Reply {
    let problems = served
        .problems
        .as_deref()
        .unwrap_or("the site has not been built yet");
    let page = inject::problems_page(problems).into_bytes();
    reply(
        StatusCode::SERVICE_UNAVAILABLE,
        page,
        "text/html; charset=utf-8",
    )
}

/// The head of the event stream, for `HEAD`.
fn stream_head() -> Reply {
    ok(Vec::new(), "text/event-stream")
}

/// A server-sent event stream: the generation now, then each new one, with a comment every
/// [`HEARTBEAT`] while nothing changes. At most [`MAX_EVENT_STREAMS`] at once.
fn events(shared: &Shared) -> Reply {
    let Ok(permit) = Arc::clone(&shared.streams).try_acquire_owned() else {
        let body = b"carepath serve: too many pages are open; close some and reload.\n";
        let mut busy = reply(
            StatusCode::SERVICE_UNAVAILABLE,
            body.to_vec(),
            "text/plain; charset=utf-8",
        );
        set(&mut busy, header::RETRY_AFTER, "5");
        return busy;
    };
    let (tx, rx) = mpsc::channel::<Bytes>(4);
    let mut changes = shared.served.subscribe();
    tokio::spawn(async move {
        // Held while the stream is open: dropped when its reader goes.
        let _permit = permit;
        let mut seen = changes.borrow_and_update().generation;
        if tx.send(format!("data: {seen}\n\n").into()).await.is_err() {
            return;
        }
        loop {
            let message = tokio::select! {
                changed = changes.changed() => match changed {
                    Ok(()) => {
                        seen = changes.borrow_and_update().generation;
                        format!("data: {seen}\n\n")
                    }
                    Err(_) => return,
                },
                () = tokio::time::sleep(HEARTBEAT) => ": still here\n\n".to_string(),
                () = tx.closed() => return,
            };
            if tx.send(message.into()).await.is_err() {
                return;
            }
        }
    });
    let mut response = Response::new(EventStream(rx).boxed());
    set(&mut response, header::CONTENT_TYPE, "text/event-stream");
    set(&mut response, header::CACHE_CONTROL, "no-store");
    response
}

/// The body of an event stream: the messages its task sends, until the task ends.
struct EventStream(mpsc::Receiver<Bytes>);

impl hyper::body::Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|m| m.map(|b| Ok(Frame::data(b))))
    }
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
}
