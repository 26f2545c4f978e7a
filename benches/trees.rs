//! Trees that carry protocols (issue 11): pages, distinct states and build time of the
//! four-part `protocol` fixture (4-sign checklists, findings, an age band) and of a generated
//! 1,000-node tree where every other node is a checklist. Run with `cargo bench --bench trees`.

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

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let protocol = dir.path().join("protocol");
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocol"),
        &protocol,
    );
    measure("4-part protocol fixture", &protocol, 5);
    let generated = dir.path().join("generated");
    synthetic::write_checklist_site(&generated, 1000, 100_000).expect("write site");
    measure("1,000-node tree with checklists", &generated, 3);
}
