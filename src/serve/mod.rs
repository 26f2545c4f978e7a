//! `carepath serve`: builds the site in memory, serves it over HTTP, watches `content/`,
//! `themes/` and `static/`, and after each edit rebuilds only what changed ([`session`]),
//! reloading open pages ([`inject`]) and showing problems in them. Never writes the output
//! folder. The HTTP side is hyper with limits ([`net`]); what a request gets is decided by
//! [`route`] and answered by [`http`].

mod affected;
mod changes;
mod files;
mod http;
mod inject;
mod net;
pub mod route;
pub mod session;
mod watch;

use crate::BuildOptions;
use crate::diagnostics::{self, Diagnostic};
use anyhow::{Result, bail};
pub use files::Files;
pub use net::DEFAULT_PORT;
use notify_debouncer_full::DebounceEventResult;
pub use session::{Rebuilt, Session};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The build as `check` would do it (the output folder only names positions).
    pub build: BuildOptions,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port to try first; 0 lets the system choose.
    pub port: u16,
    /// URL prefix the site is served under, `/` or `/leaflets/`.
    pub base_path: String,
    /// Host names answered besides the bound address's own (`--allow-host`), as given.
    pub allow_hosts: Vec<String>,
    /// How problems are printed on the terminal.
    pub style: diagnostics::Style,
}

/// A `--base-path` as served: starts and ends with `/`.
pub fn normalise_base_path(base: &str) -> Result<String> {
    let trimmed = base.trim_matches('/');
    if trimmed.contains(['?', '#', '\\']) || trimmed.split('/').any(|s| s == "..") {
        bail!("--base-path `{base}` must be a plain folder path such as /leaflets/");
    }
    Ok(match trimmed {
        "" => "/".to_string(),
        t => format!("/{t}/"),
    })
}

/// Runs the server until the process is stopped. `ready` is called with the site's URL once it
/// listens (the command line prints it and may open a browser).
pub fn run(opts: ServeOptions, ready: &dyn Fn(&str)) -> Result<()> {
    crate::source::require_site(&opts.build.site)?;
    let allowed = (opts.allow_hosts.iter())
        .map(|h| route::allowed_host(h))
        .collect::<Result<Vec<_>>>()?;
    let started = Instant::now();
    // Watching starts first, so an edit made during the first build is not missed.
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut watch = watch::Watch::start(&opts.build.site, tx.clone())?;
    let mut session = Session::new(opts.build.clone());
    session.on_images_ready(watch.rebuild_all(tx));
    let rebuilt = session.full();
    let took = started.elapsed();
    let shared = Arc::new(http::Shared::default());
    let diags = session.diagnostics();
    let mut printed = None;
    publish(&session, &shared, &diags);
    report(&session, &opts, took, &rebuilt, (&diags, &mut printed));
    let rules = route::Rules {
        base_path: opts.base_path.clone(),
        hosts: route::Hosts::new(opts.bind, allowed),
    };
    let (listener, addr) = net::listen(opts.bind, opts.port)?;
    if !opts.bind.is_loopback() {
        eprintln!("{}", exposed_warning(opts.bind));
    }
    let state = net::State {
        shared: Arc::clone(&shared),
        rules,
    };
    net::start(listener, state)?;
    let url = format!("http://{addr}{}", opts.base_path);
    ready(&url);
    rebuild_on_change(
        &rx,
        &mut watch,
        &opts,
        &mut session,
        (&shared, &mut printed),
    );
    Ok(())
}

/// The warning printed when the server is bound to anything but loopback.
fn exposed_warning(bind: IpAddr) -> String {
    let reach = match bind.is_unspecified() {
        true => format!("every network interface ({bind})"),
        false => bind.to_string(),
    };
    format!(
        "warning: serving on {reach}: anyone who can reach this machine over the network can \
         read the site as it is now, drafts and problems included. `carepath serve` is a \
         preview for authors, not a web server: publish the output of `carepath build`. Use \
         --bind 127.0.0.1 (the default) to keep it to this machine; browsers elsewhere must \
         use this machine's address, or a name given with --allow-host NAME"
    )
}

/// Rebuilds after each burst of changes, until the watcher stops.
fn rebuild_on_change(
    rx: &std::sync::mpsc::Receiver<DebounceEventResult>,
    watch: &mut watch::Watch,
    opts: &ServeOptions,
    session: &mut Session,
    (shared, printed): (&http::Shared, &mut Option<Vec<Diagnostic>>),
) {
    while let Ok(events) = rx.recv() {
        let mut paths = watch.changed(events);
        // More events may have arrived while the last rebuild ran: take them together.
        while let Ok(more) = rx.try_recv() {
            paths.extend(watch.changed(more));
        }
        if paths.is_empty() {
            continue;
        }
        paths.sort();
        paths.dedup();
        let started = Instant::now();
        let rebuilt = session.apply(&paths);
        let took = started.elapsed();
        if rebuilt != Rebuilt::Nothing || session.fatal().is_some() {
            let diags = session.diagnostics();
            publish(session, shared, &diags);
            report(session, opts, took, &rebuilt, (&diags, printed));
        }
    }
}

/// Hands the session's files to the server, with the problems to show in every page while the
/// site has errors (or cannot be built at all).
fn publish(session: &Session, shared: &http::Shared, diags: &[Diagnostic]) {
    let problems = match session.fatal() {
        Some(fatal) => Some(format!("error: {fatal}\n")),
        None if crate::has_errors(diags) => {
            let plain = diagnostics::Style {
                format: diagnostics::Format::Full,
                color: false,
            };
            Some(crate::summary::diagnostics(session.site(), diags, plain))
        }
        None => None,
    };
    shared.publish(Arc::new(session.files().clone()), problems.map(Arc::from));
}

/// One line per rebuild on the terminal. The first build prints every problem, as `build`
/// does; after an edit only the problems that are new or fixed since the last print, with a
/// line counting them (a large site's warnings are not repeated after every edit).
fn report(
    session: &Session,
    opts: &ServeOptions,
    took: Duration,
    rebuilt: &Rebuilt,
    (diags, printed): (&[Diagnostic], &mut Option<Vec<Diagnostic>>),
) {
    if let Some(fatal) = session.fatal() {
        eprintln!("error: {fatal}");
    } else if printed.as_deref() != Some(diags) {
        match printed.as_deref() {
            None => eprint!(
                "{}",
                crate::summary::diagnostics(session.site(), diags, opts.style)
            ),
            Some(before) => {
                let changes = changes::between(before, diags);
                if changes.any() {
                    eprint!("{}", changes.text(session.site(), opts.style));
                }
            }
        }
        *printed = Some(diags.to_vec());
    }
    let ms = took.as_secs_f64() * 1000.0;
    let what = match rebuilt {
        Rebuilt::Nothing if session.files().is_empty() => "nothing to serve yet".to_string(),
        Rebuilt::Nothing => format!("{} files", session.files().len()),
        Rebuilt::Parts { pages, files } => {
            format!("re-read {pages} article(s), rendered {files} file(s)")
        }
        Rebuilt::Full { files } => format!("built {files} files"),
    };
    let (errors, warnings) = diagnostics::count(diags);
    eprintln!("{what} in {ms:.1} ms; {errors} error(s), {warnings} warning(s)");
}
