//! Any bytes as the head of an HTTP request, parsed as hyper parses it (httparse), then routed
//! by `carepath serve` (`carepath::serve::route`) for a loopback server at `/`, one under
//! `/leaflets/`, and one on every interface with an allowed name. Checked against rules written
//! out again here: a request is only answered if it is `GET` or `HEAD`, has no body and names a
//! host the server answers for; a file is only ever a plain relative path inside the site; a
//! folder's redirect stays under the base path and is a valid header value.
#![no_main]

use carepath::serve::route::{self, Head, Hosts, Route, Rules};
use libfuzzer_sys::fuzz_target;
use std::net::IpAddr;

fn rules() -> [(Rules, bool); 3] {
    let loopback: IpAddr = [127, 0, 0, 1].into();
    let every: IpAddr = [0, 0, 0, 0].into();
    let at = |bound, base: &str, allowed: Vec<String>| Rules {
        base_path: base.to_string(),
        hosts: Hosts::new(bound, allowed),
    };
    let allowed = vec!["laptop.local".to_string(), ".example.org".to_string()];
    [
        (at(loopback, "/", Vec::new()), true),
        (at(loopback, "/leaflets/", Vec::new()), true),
        (at(every, "/", allowed), false),
    ]
}

/// The host name of an authority as a browser would have sent it: lower-case, without port or
/// trailing dot.
fn bare_host(authority: &str) -> String {
    let name = match authority.strip_prefix('[') {
        Some(_) => authority.split_inclusive(']').next().unwrap_or(authority),
        None => authority.rsplit_once(':').map_or(authority, |(n, _)| n),
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Whether a loopback server with no `--allow-host` may answer for `host`.
fn loopback_name(host: &str) -> bool {
    let name = bare_host(host);
    let ip = name.trim_start_matches('[').trim_end_matches(']');
    name == "localhost" || ip.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The authority of an absolute target, if it is one.
fn target_authority(target: &str) -> Option<&str> {
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        &target[7..]
    } else if lower.starts_with("https://") {
        &target[8..]
    } else {
        return None;
    };
    Some(&rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())])
}

fn check(head: &Head<'_>, rules: &Rules, loopback_only: bool, answer: &Route) {
    if matches!(answer, Route::Refused(_)) {
        return;
    }
    assert!(
        matches!(head.method, "GET" | "HEAD"),
        "answered {}",
        head.method
    );
    assert!(!head.has_body, "answered a request with a body");
    let host = target_authority(head.target).or(head.hosts.first().copied());
    match host {
        Some(host) if loopback_only => assert!(loopback_name(host), "answered for {host:?}"),
        Some(_) => {}
        None => assert!(head.http10, "answered HTTP/1.1 without a Host"),
    }
    if let Route::File(rel) = answer {
        assert!(!rel.is_empty() && !rel.starts_with('/'), "file {rel:?}");
        assert!(!rel.contains('\0'), "file {rel:?}");
        assert!(
            rel.split('/').all(|s| s != "." && s != ".."),
            "file {rel:?} leaves the site"
        );
        assert!(
            carepath::scratch::plain_relative(rel).is_some(),
            "file {rel:?}"
        );
        let folder = rel.trim_end_matches("/index.html");
        let location = route::folder_location(&rules.base_path, folder);
        assert!(location.starts_with(&rules.base_path) && !location.starts_with("//"));
        assert!(
            location.bytes().all(|b| b.is_ascii_graphic()),
            "redirect {location:?} is not a header value"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut headers);
    let Ok(httparse::Status::Complete(_)) = request.parse(data) else {
        return;
    };
    let (Some(method), Some(target), Some(version)) =
        (request.method, request.path, request.version)
    else {
        return;
    };
    let named = |name: &'static str| {
        (request.headers.iter())
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .map(|h| std::str::from_utf8(h.value).unwrap_or("?"))
    };
    let hosts: Vec<&str> = named("host").collect();
    let has_body = named("transfer-encoding").next().is_some()
        || named("content-length").any(|v| v.trim() != "0");
    let head = Head {
        method,
        target,
        hosts: &hosts,
        has_body,
        http10: version == 0,
    };
    for (rules, loopback_only) in rules() {
        let answer = route::route(&head, &rules);
        check(&head, &rules, loopback_only, &answer);
    }
});
