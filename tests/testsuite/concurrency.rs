//! Builds that overlap or die: one build per output folder at a time (the second waits for the
//! lock), and a build that is killed or interrupted never touches the published site and leaves
//! no staging folder behind (the next build removes what a SIGKILL left).

use crate::harness::{Site, read_all};
use std::path::Path;
use std::time::{Duration, Instant};

/// What a build prints while it waits for another build of the same output.
const WAITING: &str = "waiting for another carepath build of `";

// Two builds of one site started together both succeed, one after the other: the published site
// equals a fresh build and no staging folder is left, in each of 20 rounds.
#[test]
fn concurrent_builds_of_one_output_take_turns() {
    let site = Site::fixture("basic");
    site.run(&["build", "--site", "[site]", "--out", "[site]/fresh"])
        .assert_code(0);
    let fresh = read_all(&site.join("fresh"));
    let mut waited = 0;
    for round in 0..20 {
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| site.build());
            let b = s.spawn(|| site.build());
            (a.join().expect("build a"), b.join().expect("build b"))
        });
        for run in [&a, &b] {
            run.assert_code(0);
            assert!(run.stdout.contains("\nwrote 18 pages"), "{}", run.stdout);
            for line in run.stderr.lines() {
                assert!(line.starts_with(WAITING), "round {round}: {line}");
            }
        }
        waited += usize::from(a.stderr.starts_with(WAITING) || b.stderr.starts_with(WAITING));
        assert_eq!(read_all(&site.join("public")), fresh, "round {round}");
        assert_eq!(site.leftovers(), Vec::<String>::new(), "round {round}");
    }
    eprintln!("in {waited} of 20 rounds one build waited for the other");
}

/// A site big enough that a build takes a while; built once into `public/`.
fn big_site() -> Site {
    let site = Site::empty();
    carepath::synthetic::write_site(site.path(), 3_000, 255).expect("synthetic site");
    site.build().assert_code(0);
    site
}

/// Starts a build and waits until it has created its staging folder.
fn start_build(site: &Site) -> std::process::Child {
    let child = site.spawn(&["build", "--site", "[site]"]);
    let started = Instant::now();
    while site.leftovers().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no staging folder"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(50));
    child
}

// A build killed mid-way (SIGKILL, so no handler runs) leaves the previous site exactly as it
// was; the next build removes the staging folder it left and publishes normally.
#[test]
fn killed_build_leaves_previous_site_and_next_build_cleans_up() {
    let site = big_site();
    let before = read_all(&site.join("public"));
    let mut child = start_build(&site);
    child.kill().expect("kill the build");
    child.wait().expect("wait for the build");
    assert_eq!(
        read_all(&site.join("public")),
        before,
        "published site changed"
    );
    assert_eq!(
        site.leftovers().len(),
        1,
        "the killed build left no staging folder"
    );
    site.build().assert_code(0);
    assert_eq!(site.leftovers(), Vec::<String>::new());
    assert_eq!(read_all(&site.join("public")), before);
}

// Ctrl-C or SIGTERM during a build removes the staging folder at once and leaves the previous
// site as it was; the build exits with 130.
#[cfg(unix)]
#[test]
fn interrupted_build_removes_its_staging_folder() {
    let site = big_site();
    let before = read_all(&site.join("public"));
    for signal in ["-TERM", "-INT"] {
        let mut child = start_build(&site);
        let pid = child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args([signal, &pid])
            .status()
            .expect("run kill");
        assert!(sent.success());
        let status = child.wait().expect("wait for the build");
        assert_eq!(status.code(), Some(130), "{signal}");
        assert_eq!(site.leftovers(), Vec::<String>::new(), "{signal}");
        assert_eq!(read_all(&site.join("public")), before, "{signal}");
    }
    assert!(Path::new(&site.join("public/index.html")).is_file());
}
