//! Build speed, measured against a reference run in the same invocation.
//!
//! Reference: read every article and turn its Markdown into HTML with pulldown-cmark alone — the
//! floor any static site generator pays. carepath's figures are given as multiples of it.
//! Run with `cargo bench`; set `CAREPATH_BENCH_ARTICLES` to change the site size (default 10,000).

use carepath::{BuildOptions, build, synthetic};
use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm the page cache and allocator
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

fn reference(site: &Path) {
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(site.join("content")).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).expect("read");
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::all()),
            );
            bytes += html.len();
        }
    }
    assert!(bytes > 0);
}

fn report(name: &str, d: Duration, reference: Duration) {
    println!(
        "{name:<44} {:>9.1} ms  {:>6.2}× reference",
        d.as_secs_f64() * 1e3,
        d.as_secs_f64() / reference.as_secs_f64()
    );
}

fn main() {
    let articles: usize = std::env::var("CAREPATH_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big");
    synthetic::write_site(&big, articles, 15).expect("write site");
    let tree_site = dir.path().join("tree");
    synthetic::write_site(&tree_site, 20, 1000).expect("write tree site");

    let runs = 5;
    let reference_time = time(runs, || reference(&big));
    println!("{articles} articles; median of {runs} runs; 2-core machine figures vary ±10%");
    report(
        "reference: read + pulldown-cmark only",
        reference_time,
        reference_time,
    );
    let check = BuildOptions {
        write: false,
        ..BuildOptions::new(&big)
    };
    report(
        "carepath check (no writing)",
        time(runs, || {
            assert!(!build(&check).expect("check").has_errors())
        }),
        reference_time,
    );
    let full = BuildOptions::new(&big);
    report(
        "carepath build (writes public/)",
        time(runs, || assert!(!build(&full).expect("build").has_errors())),
        reference_time,
    );
    let tree = BuildOptions::new(&tree_site);
    let pages = build(&tree).expect("tree build").trees[0].pages;
    report(
        &format!("1,000-node tree site build ({pages} tree pages)"),
        time(runs, || assert!(!build(&tree).expect("build").has_errors())),
        reference_time,
    );
}
