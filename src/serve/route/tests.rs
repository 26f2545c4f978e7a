use super::*;

fn rules(bound: &str, allowed: &[&str], base: &str) -> Rules {
    let allowed = allowed.iter().map(|a| allowed_host(a).unwrap()).collect();
    Rules {
        base_path: base.to_string(),
        hosts: Hosts::new(bound.parse().unwrap(), allowed),
    }
}

/// A plain `GET` of `target` addressed to `hosts`.
fn head<'a>(target: &'a str, hosts: &'a [&'a str]) -> Head<'a> {
    Head {
        method: "GET",
        target,
        hosts,
        has_body: false,
        http10: false,
    }
}

fn get(target: &str, host: &str) -> Route {
    route(&head(target, &[host]), &rules("127.0.0.1", &[], "/"))
}

fn host_ok(bound: &str, allowed: &[&str], host: &str) -> bool {
    rules(bound, allowed, "/").hosts.accepts(host)
}

#[test]
fn loopback_answers_its_own_names_only() {
    for host in [
        "127.0.0.1",
        "127.0.0.1:1111",
        "localhost",
        "LOCALHOST:8080",
        "localhost.",
        "[::1]:1111",
    ] {
        assert!(host_ok("127.0.0.1", &[], host), "{host}");
    }
    for host in [
        "evil.example",
        "evil.example:1111",
        "localhost.evil.example",
        "10.0.0.5",
        "",
        ":1111",
        "localhost:abc",
        "localhost:1111:1111",
        "[::1",
        "user@localhost",
        "local host",
    ] {
        assert!(!host_ok("127.0.0.1", &[], host), "{host:?}");
    }
}

#[test]
fn a_specific_address_answers_that_address_and_allowed_names() {
    assert!(host_ok("192.168.1.5", &[], "192.168.1.5:1111"));
    assert!(!host_ok("192.168.1.5", &[], "localhost"));
    assert!(!host_ok("192.168.1.5", &[], "laptop.local"));
    assert!(host_ok(
        "192.168.1.5",
        &["laptop.local"],
        "Laptop.Local:1111"
    ));
    assert!(host_ok("::", &[], "[fe80::1]:1111"));
    assert!(host_ok("0.0.0.0", &[], "10.1.2.3"));
    assert!(host_ok("0.0.0.0", &[], "localhost"));
    assert!(!host_ok("0.0.0.0", &[], "rebind.evil.example"));
}

#[test]
fn a_leading_dot_allows_every_name_under_it() {
    let allowed = [".example.org"];
    assert!(host_ok("127.0.0.1", &allowed, "example.org"));
    assert!(host_ok("127.0.0.1", &allowed, "preview.example.org:1111"));
    assert!(!host_ok("127.0.0.1", &allowed, "badexample.org"));
}

#[test]
fn allow_host_refuses_what_is_not_a_name() {
    assert_eq!(allowed_host("Laptop.Local.").unwrap(), "laptop.local");
    assert_eq!(allowed_host(".Example.org").unwrap(), ".example.org");
    for bad in [
        "",
        ".",
        "laptop:8080",
        "http://laptop",
        "laptop/x",
        "a..b",
        "*",
    ] {
        let err = allowed_host(bad).unwrap_err().to_string();
        assert!(err.contains("is not a host name"), "{bad}: {err}");
    }
}

#[test]
fn wrong_or_missing_host_is_refused_first() {
    assert_eq!(
        get("/index.html", "rebind.evil.example"),
        Route::Refused(Refusal::WrongHost("rebind.evil.example".into()))
    );
    assert_eq!(Refusal::WrongHost("x".into()).status(), 421);
    let head = head("/", &[]);
    let r = rules("127.0.0.1", &[], "/");
    assert_eq!(
        route(&head, &r),
        Route::Refused(Refusal::BadRequest("no Host header"))
    );
    assert_eq!(
        route(
            &Head {
                http10: true,
                ..head
            },
            &r
        ),
        Route::File("index.html".into())
    );
    let two = ["localhost", "localhost"];
    assert_eq!(
        route(
            &Head {
                hosts: &two,
                ..head
            },
            &r
        ),
        Route::Refused(Refusal::BadRequest("more than one Host header"))
    );
}

// In absolute form the target's authority is the host, whatever the Host header says.
#[test]
fn an_absolute_target_is_judged_by_its_authority() {
    assert_eq!(
        get("http://rebind.evil.example/index.html", "localhost"),
        Route::Refused(Refusal::WrongHost("rebind.evil.example".into()))
    );
    assert_eq!(
        get("HTTP://localhost:1111/causes/?x", "rebind.evil.example"),
        Route::File("causes/index.html".into())
    );
    assert_eq!(
        get("http://localhost", "localhost"),
        Route::File("index.html".into())
    );
}

#[test]
fn bodies_and_other_methods_are_refused() {
    let r = rules("127.0.0.1", &[], "/");
    let hosts = ["localhost"];
    let head = Head {
        has_body: true,
        ..head("/", &hosts)
    };
    assert_eq!(route(&head, &r), Route::Refused(Refusal::Body));
    for method in ["POST", "PUT", "DELETE", "TRACE", "OPTIONS", "FOO", "get"] {
        let head = Head {
            method,
            has_body: false,
            ..head
        };
        assert_eq!(
            route(&head, &r),
            Route::Refused(Refusal::Method),
            "{method}"
        );
    }
    let head = Head {
        method: "HEAD",
        has_body: false,
        ..head
    };
    assert_eq!(route(&head, &r), Route::File("index.html".into()));
}

#[test]
fn targets_that_are_not_plain_paths_are_refused() {
    for target in ["evil.example:443", "index.html", "ftp://localhost/", ""] {
        assert!(
            matches!(
                get(target, "localhost"),
                Route::Refused(Refusal::BadRequest(_))
            ),
            "{target}"
        );
    }
    for target in [
        "/../etc/passwd",
        "/a/%2e%2e/b",
        "/./x",
        "/a/..",
        "/%00",
        "/%ff",
    ] {
        assert!(
            matches!(
                get(target, "localhost"),
                Route::Refused(Refusal::BadRequest(_))
            ),
            "{target}"
        );
    }
}

#[test]
fn paths_name_files_under_the_base_path() {
    assert_eq!(get("/", "localhost"), Route::File("index.html".into()));
    assert_eq!(
        get("/a%20b/%C3%A9.html?q#f", "localhost"),
        Route::File("a b/é.html".into())
    );
    assert_eq!(get("/100%", "localhost"), Route::File("100%".into()));
    assert_eq!(get("/__carepath/events", "localhost"), Route::Events);
    assert_eq!(
        get("/__carepath/problems.css", "localhost"),
        Route::OverlayCss
    );
    assert_eq!(get("//evil.example", "localhost"), Route::Outside);
    let r = rules("127.0.0.1", &[], "/leaflets/");
    let hosts = ["localhost"];
    let at = |target| route(&head(target, &hosts), &r);
    assert_eq!(at("/"), Route::ToBase);
    assert_eq!(at("/index.html"), Route::Outside);
    assert_eq!(at("/leaflets/"), Route::File("index.html".into()));
    assert_eq!(
        at("/leaflets/causes/"),
        Route::File("causes/index.html".into())
    );
}

#[test]
fn folder_locations_are_encoded_under_the_base_path() {
    assert_eq!(folder_location("/", "causes"), "/causes/");
    assert_eq!(folder_location("/l/", "a b/é"), "/l/a%20b/%C3%A9/");
    assert_eq!(
        folder_location("/", "x\r\nSet-Cookie: y"),
        "/x%0D%0ASet-Cookie%3A%20y/"
    );
}
