//! The HTTP/1.1 server under `serve`: hyper on a small tokio runtime of its own (two worker
//! threads), with limits so that no client can stop it or make it grow. The limits (also in the
//! guide, `docs/guide/content/publishing/serve.md`):
//!
//! - at most [`MAX_CONNECTIONS`] connections at once; one more is answered 503 and closed at
//!   once, without reading it;
//! - a request's head (request line and headers) at most [`MAX_HEAD_BYTES`] in at most
//!   [`MAX_HEADERS`] headers, or it is answered 431 and the connection closed;
//! - the head must arrive within [`HEAD_TIMEOUT`] of the connection opening or of the previous
//!   answer, so a half-sent request (slowloris) and an idle keep-alive connection are closed
//!   then;
//! - a connection whose reader takes nothing for [`STALL_TIMEOUT`] while an answer is waiting
//!   is closed;
//! - no request may have a body (413), and only `GET` and `HEAD` are answered (405), see
//!   [`super::route`]; event streams are counted in [`super::http`].

use super::http;
use super::route::Rules;
use anyhow::{Context as _, Result, bail};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Most connections open at once (a browser opens up to six per page, plus one event stream).
pub(super) const MAX_CONNECTIONS: usize = 64;
/// Most bytes of a request's head. Browsers send about 1 KiB; cookies set by other local
/// development servers (cookies are shared by every port of `localhost`) can add some more.
pub(super) const MAX_HEAD_BYTES: usize = 32 * 1024;
/// Most header lines in a request's head.
pub(super) const MAX_HEADERS: usize = 64;
/// How long a request's head may take to arrive, from the connection's opening or the previous
/// answer's end (so also how long an idle keep-alive connection stays open).
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long an answer may wait for its reader to take any byte of it.
pub(super) const STALL_TIMEOUT: Duration = Duration::from_secs(30);
/// Most bytes read ahead on a connection (hyper's minimum is 8 KiB).
const READ_BUFFER_BYTES: usize = 2 * MAX_HEAD_BYTES;

/// The port tried first.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after the requested one are tried when it is taken.
const PORTS_TRIED: u16 = 20;

/// What every connection needs to answer.
pub(super) struct State {
    pub(super) shared: Arc<http::Shared>,
    pub(super) rules: Rules,
}

/// Binds `port` on `bind`, or the next free one of the following ports; says so when moved.
pub(super) fn listen(bind: IpAddr, port: u16) -> Result<(std::net::TcpListener, SocketAddr)> {
    let tries = if port == 0 { 1 } else { PORTS_TRIED };
    let mut last = None;
    for offset in 0..tries {
        let Some(p) = port.checked_add(offset) else {
            break;
        };
        match std::net::TcpListener::bind(SocketAddr::new(bind, p)) {
            Ok(listener) => {
                let addr = listener.local_addr().context("the server has no address")?;
                if offset > 0 {
                    eprintln!("note: port {port} is taken; using {}", addr.port());
                }
                return Ok((listener, addr));
            }
            Err(e) => last = Some(e.to_string()),
        }
    }
    bail!(
        "cannot listen on {bind} port {port} or the {} after it: {}",
        tries - 1,
        last.unwrap_or_default()
    )
}

/// Serves on `listener` from a thread of its own, until the process ends.
pub(super) fn start(listener: std::net::TcpListener, state: State) -> Result<()> {
    listener
        .set_nonblocking(true)
        .context("cannot set up the listening socket")?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("carepath-http")
        .enable_io()
        .enable_time()
        .build()
        .context("cannot start the HTTP server's threads")?;
    std::thread::Builder::new()
        .name("carepath-accept".into())
        .spawn(move || runtime.block_on(accept(listener, Arc::new(state))))
        .context("cannot start the HTTP server's thread")?;
    Ok(())
}

/// Takes connections as they come, each on a task of its own while there is room.
async fn accept(listener: std::net::TcpListener, state: Arc<State>) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot serve: {e}");
            return;
        }
    };
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let builder = builder();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was taken: wait a
            // little for some to close rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        match Arc::clone(&slots).try_acquire_owned() {
            Ok(permit) => {
                let (state, builder) = (Arc::clone(&state), builder.clone());
                tokio::spawn(connection(stream, permit, state, builder));
            }
            Err(_) => refuse_busy(&stream),
        }
    }
}

/// hyper's HTTP/1.1 connection settings with the limits above.
fn builder() -> http1::Builder {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_header_size(MAX_HEAD_BYTES)
        .max_headers(MAX_HEADERS)
        .max_buf_size(READ_BUFFER_BYTES)
        .keep_alive(true);
    builder
}

/// Answers a connection when every slot is taken: 503 in one write (a fresh socket's buffer
/// takes it whole), then closed, without reading anything.
fn refuse_busy(stream: &TcpStream) {
    const BODY: &str = "carepath serve is busy: too many connections are open.\n";
    let reply = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
         content-length: {}\r\nretry-after: 1\r\nconnection: close\r\n\r\n{BODY}",
        BODY.len()
    );
    let _ = stream.try_write(reply.as_bytes());
}

/// Serves one connection until it ends, times out or stalls; its slot is freed then.
async fn connection(
    stream: TcpStream,
    _slot: OwnedSemaphorePermit,
    state: Arc<State>,
    builder: http1::Builder,
) {
    // Pages are small and read at once: send each as soon as it is written.
    let _ = stream.set_nodelay(true);
    let watched = Watched::new(stream);
    let stalled = Arc::clone(&watched.stalled_at);
    let opened = watched.opened;
    let service = service_fn(move |request| {
        let reply = http::respond(&request, &state.shared, &state.rules);
        async move { Ok::<_, std::convert::Infallible>(reply) }
    });
    let serving = builder.serve_connection(TokioIo::new(watched), service);
    tokio::select! {
        _ = serving => {}
        () = stall(&stalled, opened) => {}
    }
}

/// Returns once writing has been stuck for [`STALL_TIMEOUT`].
async fn stall(stalled_at: &AtomicU64, opened: Instant) {
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let since = stalled_at.load(Ordering::Relaxed);
        let now = millis_since(opened);
        if since != 0 && now.saturating_sub(since) >= STALL_TIMEOUT.as_millis() as u64 {
            return;
        }
    }
}

/// Milliseconds since `opened`, plus one (0 stands for "not stuck").
fn millis_since(opened: Instant) -> u64 {
    opened.elapsed().as_millis() as u64 + 1
}

/// A connection that notes when writing to it got stuck (the reader takes nothing).
struct Watched {
    io: TcpStream,
    opened: Instant,
    /// [`millis_since`] the opening when a write last found no room; 0 while writes go
    /// through.
    stalled_at: Arc<AtomicU64>,
}

impl Watched {
    fn new(io: TcpStream) -> Watched {
        Watched {
            io,
            opened: Instant::now(),
            stalled_at: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Notes whether a write went through.
    fn note<T>(&self, result: Poll<T>) -> Poll<T> {
        match &result {
            Poll::Pending => {
                let now = millis_since(self.opened);
                let _ = (self.stalled_at).compare_exchange(
                    0,
                    now,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                );
            }
            Poll::Ready(_) => self.stalled_at.store(0, Ordering::Relaxed),
        }
        result
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.io).poll_write(cx, buf);
        self.note(result)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.note(result)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let result = Pin::new(&mut self.io).poll_flush(cx);
        self.note(result)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
