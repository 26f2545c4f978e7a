//! `carepath serve` on a site of realistic leaflets (see `synthetic::leaflets`): the time from
//! saving a one-word body change to the rebuilt page being served, over 20 edits, beside a full
//! `carepath build` of the same site run in the same invocation; and the memory of the running
//! server beside the build's peak.
//!
//! Run with `cargo bench --bench serve`; `CAREPATH_BENCH_ARTICLES` sets the site size (default
//! 10,000). Needs GNU time (`/usr/bin/time`) for the build's peak memory.

use carepath::synthetic;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const EDITS: usize = 20;

fn main() {
    let articles: usize = std::env::var("CAREPATH_BENCH_ARTICLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temporary folder");
    let site = dir.path();
    std::fs::create_dir_all(site.join("content/causes")).expect("content folder");
    synthetic::write_leaflet_site(site, articles).expect("write the leaflets");
    let bin = env!("CARGO_BIN_EXE_carepath");

    let (build_ms, build_peak_kib) = full_build(bin, site);
    let (latencies, serve_start_ms, serve_peak_kib, serve_rss_kib) =
        serve_edits(bin, site, articles);

    let mut sorted = latencies.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let p95 = sorted[(sorted.len() * 95).div_ceil(100) - 1];
    println!("serve on {articles} realistic leaflets, {EDITS} one-word edits, same invocation:");
    println!(
        "  full `carepath build`:          {build_ms:8.0} ms, peak {:.0} MiB",
        kib_to_mib(build_peak_kib)
    );
    println!("  serve first build (in memory):  {serve_start_ms:8.0} ms");
    println!(
        "  save -> page served:  median {median:.1} ms, p95 {p95:.1} ms, max {:.1} ms",
        sorted[sorted.len() - 1]
    );
    println!(
        "  median edit / full build:       1/{:.0}",
        build_ms / median
    );
    println!(
        "  serve memory: peak {:.0} MiB, after the edits {:.0} MiB = {:.2}x the build's peak",
        kib_to_mib(serve_peak_kib),
        kib_to_mib(serve_rss_kib),
        serve_peak_kib as f64 / build_peak_kib.max(1) as f64
    );
}

fn kib_to_mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// `carepath build` of the site: wall time in ms and peak resident memory in KiB.
fn full_build(bin: &str, site: &Path) -> (f64, u64) {
    let out = site.join("out");
    let started = Instant::now();
    let run = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(bin)
        .args(["build", "--site"])
        .arg(site)
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null())
        .output()
        .expect("run carepath build under /usr/bin/time");
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(
        run.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    let peak = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    let _ = std::fs::remove_dir_all(out);
    (ms, peak)
}

/// Starts `carepath serve`, makes `EDITS` one-word edits to different leaflets and times each
/// until the page served has the new word. Returns the latencies (ms), the time to the first
/// served build (ms), and the server's peak and current memory (KiB).
fn serve_edits(bin: &str, site: &Path, articles: usize) -> (Vec<f64>, f64, u64, u64) {
    let started = Instant::now();
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0", "--site"])
        .arg(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start carepath serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the URL line");
    let start_ms = started.elapsed().as_secs_f64() * 1000.0;
    let addr = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .and_then(|rest| rest.split('/').next())
        .expect("an address")
        .to_string();
    let mut latencies = Vec::new();
    for edit in 0..EDITS {
        let i = (edit * 7919) % articles;
        let file = site.join(format!("content/causes/l{i}.md"));
        let text = std::fs::read_to_string(&file).expect("read a leaflet");
        let word = format!("zebra{edit}x");
        // One word of the body changes: the last word of the file before its final newline.
        let cut = text.trim_end().rfind(' ').expect("a space");
        let edited = format!("{} {word}\n", &text[..cut]);
        std::thread::sleep(Duration::from_millis(150));
        let saved = Instant::now();
        std::fs::write(&file, edited).expect("save the edit");
        let path = format!("/causes/l{i}.html");
        loop {
            if get(&addr, &path).contains(&word) {
                break;
            }
            assert!(
                saved.elapsed() < Duration::from_secs(60),
                "edit {edit} never appeared"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        latencies.push(saved.elapsed().as_secs_f64() * 1000.0);
    }
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    let (peak, rss) = (field("VmHWM:"), field("VmRSS:"));
    let _ = child.kill();
    let _ = child.wait();
    (latencies, start_ms, peak, rss)
}

fn get(addr: &str, path: &str) -> String {
    let Ok(mut stream) = std::net::TcpStream::connect(addr) else {
        return String::new();
    };
    let _ = write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n");
    let mut body = String::new();
    let _ = stream.read_to_string(&mut body);
    body
}
