//! Build speed on realistic leaflets (500–700 words, 6–10 sections, lists, a table in one in
//! five, 3–5 links; see `synthetic::leaflets`), measured against references run in the same
//! invocation:
//!
//! - reference A: read every article and turn its Markdown into HTML with pulldown-cmark alone;
//! - the floor: the same, then write one flat `.html` per article, on 2 threads (what issue 9
//!   measures carepath against: build ≤ 2× and check ≤ 1.5× the floor is the target).
//!
//! Run with `cargo bench`; set `CAREPATH_BENCH_ARTICLES` to change the site size (default 10,000).

use carepath::{BuildOptions, build, synthetic};
use std::path::{Path, PathBuf};
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

/// The floor: read, render with pulldown-cmark and write one flat `.html` per article, on
/// 2 threads (`bash bench/run.sh` runs the same as a process).
fn floor(site: &Path, out: &Path) {
    synthetic::floor(site, out, 2, false).expect("floor");
}

/// The file-system floor for writing a site: the same files written into a fresh folder that
/// then replaces the previous copy, as a build does.
fn write_floor(files: &[(PathBuf, Vec<u8>)], root: &Path) {
    let new = root.join("floor-new");
    for (path, bytes) in files {
        let to = new.join(path);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(to, bytes).expect("write");
    }
    let old = root.join("floor");
    if old.exists() {
        std::fs::remove_dir_all(&old).expect("remove");
    }
    std::fs::rename(new, old).expect("rename");
}

fn read_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn report(name: &str, d: Duration, reference: Duration, against: &str) {
    let ratio = d.as_secs_f64() / reference.as_secs_f64();
    println!(
        "{name:<46} {:>9.1} ms  {ratio:>6.2}× {against}",
        d.as_secs_f64() * 1e3
    );
}

fn ok(opts: &BuildOptions) {
    assert!(!build(opts).expect("build").has_errors());
}

fn main() {
    let articles: usize = std::env::var("CAREPATH_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big");
    synthetic::write_leaflet_site(&big, articles).expect("write site");
    let tree_site = dir.path().join("tree");
    synthetic::write_site(&tree_site, 20, 1000).expect("write tree site");

    let runs = 5;
    println!("{articles} realistic leaflets; median of {runs} runs");
    let flat = dir.path().join("flat");
    let floor_time = time(runs, || floor(&big, &flat));
    report(
        "floor: read + pulldown-cmark + write flat, 2 threads",
        floor_time,
        floor_time,
        "floor",
    );
    let markdown = time(runs, || reference(&big));
    report(
        "reference A: read + pulldown-cmark only",
        markdown,
        markdown,
        "A",
    );
    let check = BuildOptions {
        write: false,
        ..BuildOptions::new(&big)
    };
    let checked = time(runs, || ok(&check));
    report(
        "carepath check (everything but writing)",
        checked,
        markdown,
        "A",
    );
    report("carepath check", checked, floor_time, "floor");
    let full = BuildOptions::new(&big);
    let built = time(runs, || ok(&full));
    report("carepath build (writes public/)", built, markdown, "A");
    report("carepath build", built, floor_time, "floor");
    let files = read_tree(&big.join("public"));
    let floor = time(runs, || write_floor(&files, dir.path()));
    report(
        &format!("reference B: write the same {} files", files.len()),
        floor,
        floor,
        "B",
    );
    report("carepath build", built, floor, "B");
    let tree = BuildOptions::new(&tree_site);
    let pages = build(&tree).expect("tree build").trees[0].pages;
    let name = format!("build: 1,000-question tree ({pages} pages)");
    report(&name, time(runs, || ok(&tree)), markdown, "A");
}
