//! What `serve` does with a request, decided from its head alone, before anything of the site is
//! read: refuse it (wrong `Host`, a body, a method other than `GET` and `HEAD`, a target that is
//! not a plain path), or name what to send (the event stream, the problems stylesheet, a file of
//! the site by its URL). Pure, so that it is fuzzed (`fuzz/fuzz_targets/serve_route.rs`) and
//! tested without a server. The `Host` check stops DNS rebinding: a page on another site whose
//! name is made to point at this machine sends that name as `Host`, and is refused.

use super::inject::{EVENTS_PATH, OVERLAY_CSS_PATH};
use anyhow::{Result, bail};
use std::net::IpAddr;

/// A request's head, as much of it as decides the answer.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    /// The method, as sent (`GET`).
    pub method: &'a str,
    /// The request target, as sent (`/causes/x.html?y`, or `http://host/path` in absolute form).
    pub target: &'a str,
    /// Every `Host` header's value.
    pub hosts: &'a [&'a str],
    /// Whether the request has a body (a `Content-Length` above 0, or chunked).
    pub has_body: bool,
    /// Whether it is HTTP/1.0, which may leave `Host` out.
    pub http10: bool,
}

/// What the server answers for; set when it starts.
#[derive(Debug, Clone)]
pub struct Rules {
    /// URL prefix the site is served under, `/` or `/leaflets/` (see
    /// [`super::normalise_base_path`]).
    pub base_path: String,
    /// The names a request may be addressed to.
    pub hosts: Hosts,
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Refused, with the reason.
    Refused(Refusal),
    /// The event stream of rebuilds.
    Events,
    /// The problems list's stylesheet.
    OverlayCss,
    /// `/` when the site lives under a base path: sent there.
    ToBase,
    /// A file of the site by its URL relative to the site's root (`causes/x.html`; a folder's
    /// URL names its `index.html`). It may not exist.
    File(String),
    /// A path outside the base path.
    Outside,
}

/// Why a request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Malformed in a way no browser sends (400), with what is wrong.
    BadRequest(&'static str),
    /// Addressed to a name this server does not answer for (421), with the name.
    WrongHost(String),
    /// Has a body (413): nothing is uploaded to a preview.
    Body,
    /// A method other than `GET` and `HEAD` (405).
    Method,
}

impl Refusal {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::BadRequest(_) => 400,
            // 421 Misdirected Request (RFC 9110, 15.5.20): this server is not the one for that
            // name. 403 would say the name is known but the client may not see it.
            Refusal::WrongHost(_) => 421,
            Refusal::Body => 413,
            Refusal::Method => 405,
        }
    }

    /// The plain-text body that says why.
    pub fn message(&self) -> String {
        match self {
            Refusal::BadRequest(what) => format!("Bad request: {what}.\n"),
            Refusal::WrongHost(name) => format!(
                "carepath serve does not answer for the host `{name}`. If you reach this \
                 machine by that name, start serve with --allow-host {name}\n"
            ),
            Refusal::Body => "carepath serve takes no uploads: requests with a body are \
                              refused.\n"
                .to_string(),
            Refusal::Method => "carepath serve answers GET and HEAD only.\n".to_string(),
        }
    }
}

/// Most bytes of a refused host name repeated in the answer.
const NAME_SHOWN: usize = 100;

/// What to do with `head`.
pub fn route(head: &Head<'_>, rules: &Rules) -> Route {
    match refusal(head, &rules.hosts) {
        Err(refusal) => Route::Refused(refusal),
        Ok(path) => site_route(&path, &rules.base_path),
    }
}

/// The decoded path of a request that is not refused.
fn refusal(head: &Head<'_>, hosts: &Hosts) -> Result<String, Refusal> {
    let (authority, path) = split_target(head.target)?;
    // In absolute form the target's authority is the host, whatever `Host` says (RFC 9112, 3.2.2).
    let host = match (authority, head.hosts) {
        (Some(authority), _) => Some(authority),
        (None, [one]) => Some(*one),
        (None, []) => None,
        (None, _) => return Err(Refusal::BadRequest("more than one Host header")),
    };
    match host {
        Some(host) if !hosts.accepts(host) => {
            let shown: String = host.chars().take(NAME_SHOWN).collect();
            return Err(Refusal::WrongHost(shown));
        }
        None if !head.http10 => return Err(Refusal::BadRequest("no Host header")),
        _ => {}
    }
    if head.has_body {
        return Err(Refusal::Body);
    }
    if !matches!(head.method, "GET" | "HEAD") {
        return Err(Refusal::Method);
    }
    let path = path.ok_or(Refusal::BadRequest("the target is not a path"))?;
    let decoded = percent_decode(path).ok_or(Refusal::BadRequest("the path is not UTF-8"))?;
    if decoded.contains('\0') {
        return Err(Refusal::BadRequest("the path holds a NUL"));
    }
    if decoded.split('/').any(|s| s == "." || s == "..") {
        return Err(Refusal::BadRequest("the path has `.` or `..` in it"));
    }
    Ok(decoded)
}

/// The target's authority (absolute form) and path (without query or fragment); `*` has
/// neither.
fn split_target(target: &str) -> Result<(Option<&str>, Option<&str>), Refusal> {
    let without_query = |s: &'_ str| -> usize { s.find(['?', '#']).unwrap_or(s.len()) };
    if target.starts_with('/') {
        return Ok((None, Some(&target[..without_query(target)])));
    }
    if target == "*" {
        return Ok((None, None));
    }
    let rest = ["http://", "https://"].iter().find_map(|scheme| {
        let head = target.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme)
            .then(|| &target[scheme.len()..])
    });
    let Some(rest) = rest else {
        return Err(Refusal::BadRequest(
            "the target is neither a path nor a URL",
        ));
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    let path = &path[..without_query(path)];
    Ok((
        Some(authority),
        Some(if path.is_empty() { "/" } else { path }),
    ))
}

/// The route of a decoded path that passed the checks.
fn site_route(path: &str, base_path: &str) -> Route {
    if path == EVENTS_PATH {
        return Route::Events;
    }
    if path == OVERLAY_CSS_PATH {
        return Route::OverlayCss;
    }
    match path.strip_prefix(base_path) {
        None if path == "/" => Route::ToBase,
        None => Route::Outside,
        // `//x`: not a file of the site, and never made into a `//host` redirect.
        Some(rel) if rel.starts_with('/') => Route::Outside,
        Some(rel) => {
            let mut rel = rel.to_string();
            if rel.is_empty() || rel.ends_with('/') {
                rel.push_str("index.html");
            }
            Route::File(rel)
        }
    }
}

/// Where to send a request for the folder `rel` (its URL without the trailing `/`): `rel/`
/// under the base path, percent-encoded so that it is a valid `Location`.
pub fn folder_location(base_path: &str, rel: &str) -> String {
    let mut out = String::from(base_path);
    for byte in rel.bytes().chain([b'/']) {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char);
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes in a URL path; malformed escapes are kept as written. `None` when the
/// result is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
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
    String::from_utf8(out).ok()
}

/// The names a request may be addressed to: the address the server is bound to, `localhost`
/// and the loopback addresses when it is bound to loopback (or to every interface), any address
/// when it is bound to every interface (an address cannot be rebound to another machine: a
/// page's origin is then the address itself), and the names given with `--allow-host`.
#[derive(Debug, Clone)]
pub struct Hosts {
    bound: IpAddr,
    allowed: Vec<String>,
}

impl Hosts {
    /// The names for a server bound to `bound`, with `allowed` names (each from
    /// [`allowed_host`]).
    pub fn new(bound: IpAddr, allowed: Vec<String>) -> Hosts {
        Hosts { bound, allowed }
    }

    /// Whether a request addressed to `authority` (`name`, `name:port`, `[v6]:port`) is
    /// answered. The port is not checked: a forwarded port may differ from the bound one.
    pub fn accepts(&self, authority: &str) -> bool {
        let Some(name) = host_name(authority) else {
            return false;
        };
        let local = self.bound.is_loopback() || self.bound.is_unspecified();
        if let Some(ip) = ip_literal(&name) {
            return ip == self.bound
                || self.bound.is_unspecified()
                || (self.bound.is_loopback() && ip.is_loopback());
        }
        (local && name == "localhost") || self.allowed.iter().any(|a| matches_allowed(a, &name))
    }
}

/// Whether `name` is the allowed `pattern`, or under it when the pattern starts with `.`
/// (`.example.org` allows `example.org` and every name under it).
fn matches_allowed(pattern: &str, name: &str) -> bool {
    match pattern.strip_prefix('.') {
        Some(domain) => name == domain || name.ends_with(pattern),
        None => name == pattern,
    }
}

/// The host name of an authority, lower-case, without port or trailing dot; `None` when it is
/// not a name, an IPv4 address or a bracketed IPv6 address with at most a numeric port.
fn host_name(authority: &str) -> Option<String> {
    let (name, port) = match authority.strip_prefix('[') {
        Some(rest) => {
            let end = rest.find(']')?;
            (&authority[..end + 2], &rest[end + 1..])
        }
        None => match authority.rfind(':') {
            Some(colon) => authority.split_at(colon),
            None => (authority, ""),
        },
    };
    let port_ok = port.is_empty()
        || (port.len() <= 6
            && port.starts_with(':')
            && port[1..].bytes().all(|b| b.is_ascii_digit()));
    if !port_ok {
        return None;
    }
    let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_');
    let valid = ip_literal(&name).is_some() || (!name.is_empty() && name.chars().all(plain));
    valid.then_some(name)
}

/// The address a name is, if it is one (`127.0.0.1`, `[::1]`).
fn ip_literal(name: &str) -> Option<IpAddr> {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6),
        None => name.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

/// A `--allow-host` value as matched: lower-case, without a trailing dot. A leading `.`
/// allows every name under it. Refuses what is not a host name (a port, a scheme, a path).
pub fn allowed_host(given: &str) -> Result<String> {
    let name = given
        .strip_suffix('.')
        .unwrap_or(given)
        .to_ascii_lowercase();
    let bare = name.strip_prefix('.').unwrap_or(&name);
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_');
    let labels_ok = !bare.is_empty() && bare.split('.').all(|l| !l.is_empty());
    if ip_literal(bare).is_some() || (labels_ok && bare.chars().all(plain)) {
        return Ok(name);
    }
    bail!(
        "--allow-host `{given}` is not a host name: give a name such as `laptop.local` (or \
         `.example.org` for every name under it), without scheme, port or path"
    )
}

#[cfg(test)]
mod tests;
