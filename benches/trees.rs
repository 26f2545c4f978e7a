//! Trees that carry protocols (issue 11): pages, distinct states and build time of the
//! four-part `protocol` fixture (4-sign checklists, findings, an age band) and of a generated
//! 1,000-node tree where every other node is a checklist; the time of `check` (which runs every
//! safety rule on every path) on the default site and the protocol; and the time of the safety
//! diff between two versions of the protocol (issue 31: under 2 s). Run with
//! `cargo bench --bench trees`.

use carepath::{BuildOptions, build, synthetic};
use std::path::Path;
use std::time::{Duration, Instant};

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Builds `site` `runs` times (after one warm-up) and prints the tree's figures and the median.
fn measure(name: &str, site: &Path, runs: usize) {
    let opts = BuildOptions::new(site);
    let first = build(&opts).expect("build");
    let errors: Vec<_> = first
        .diagnostics
        .iter()
        .filter(|d| d.severity == carepath::diagnostics::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:?}");
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            build(&opts).expect("build");
            start.elapsed()
        })
        .collect();
    times.sort();
    for tree in &first.trees {
        println!(
            "{name}: {} pages, {} states, {} ends; whole build {:.0} ms (median of {runs})",
            tree.pages,
            tree.states,
            tree.paths,
            times[runs / 2].as_secs_f64() * 1000.0
        );
    }
}

/// Checks `site` `runs` times (after one warm-up) and prints the median.
fn measure_check(name: &str, site: &Path, runs: usize) {
    let mut opts = BuildOptions::new(site);
    opts.write = false;
    opts.figures = false;
    build(&opts).expect("check");
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            build(&opts).expect("check");
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{name}: check {:.1} ms (median of {runs})",
        times[runs / 2].as_secs_f64() * 1000.0
    );
}

/// The safety diff of the protocol against itself with the severe-dehydration threshold
/// raised from 2 to 3, `runs` times; prints the median and what it found.
fn measure_diff(site: &Path, runs: usize) {
    let tree = site.join("content/checks/child.toml");
    let text = std::fs::read_to_string(&tree).expect("tree");
    let old = site.join("old-child.toml");
    std::fs::write(&old, &text).expect("old");
    let raised = text.replacen(
        "[[nodes.diarrhoea.rules]]\nat_least = 2",
        "[[nodes.diarrhoea.rules]]\nat_least = 3",
        1,
    );
    assert_ne!(raised, text, "the protocol's severe-dehydration rule moved");
    std::fs::write(&tree, raised).expect("new");
    let mut found = String::new();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let compared = carepath::clinical::diff::compare_files(&old, Some(&tree), None)
                .expect("diff")
                .expect("both versions valid");
            found = compared.1.lines().last().unwrap_or_default().to_string();
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "safety diff of two protocol versions: {:.0} ms (median of {runs}): {found}",
        times[runs / 2].as_secs_f64() * 1000.0
    );
    std::fs::write(&tree, text).expect("restore");
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let protocol = dir.path().join("protocol");
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol"),
        &protocol,
    );
    measure("4-part protocol fixture", &protocol, 5);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let default_site = dir.path().join("default");
    copy(&root.join("content"), &default_site.join("content"));
    copy(&root.join("themes"), &default_site.join("themes"));
    measure_check("default site", &default_site, 21);
    measure_check("4-part protocol fixture", &protocol, 11);
    measure_diff(&protocol, 5);
    let generated = dir.path().join("generated");
    synthetic::write_checklist_site(&generated, 1000, 100_000).expect("write site");
    measure("1,000-node tree with checklists", &generated, 3);
}
