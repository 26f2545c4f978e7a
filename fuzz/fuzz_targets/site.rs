//! A whole site from one input: files separated by lines `=== <path>` (see `fuzz/seed-corpus.sh`,
//! which packs the fixture sites this way), checked by the ordinary pipeline. Paths are reduced
//! to plain relative names; a missing `content/site.toml` is supplied.
#![no_main]

use carepath::scratch::{self, File};
use libfuzzer_sys::fuzz_target;

const SEPARATOR: &str = "=== ";

/// Splits the input into files; later files with the same path replace earlier ones.
fn unpack(text: &str) -> Vec<File> {
    let mut files: Vec<File> = Vec::new();
    for chunk in text.split(&format!("\n{SEPARATOR}")) {
        let chunk = chunk.strip_prefix(SEPARATOR).unwrap_or(chunk);
        let (head, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let Some(path) = clean(head) else {
            continue;
        };
        files.retain(|f| f.path != path && !f.path.starts_with(&format!("{path}/")));
        if files
            .iter()
            .any(|f| path.starts_with(&format!("{}/", f.path)))
        {
            continue;
        }
        files.push(File {
            path,
            bytes: body.as_bytes().to_vec(),
        });
    }
    if !files.iter().any(|f| f.path == "content/site.toml") {
        files.push(File {
            path: "content/site.toml".into(),
            bytes: b"title = \"Fuzz\"\nemergency_number = \"112\"\n".to_vec(),
        });
    }
    files
}

/// A path of at most five plain names of safe characters, inside `content/` or `themes/`.
fn clean(head: &str) -> Option<String> {
    let names: Vec<String> = head
        .split('/')
        .map(|n| {
            n.chars()
                .filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c))
                .collect::<String>()
        })
        .filter(|n| !n.is_empty() && n != "." && n != "..")
        .take(5)
        .collect();
    let path = names.join("/");
    let inside = names.len() >= 2 && (names[0] == "content" || names[0] == "themes");
    (inside && scratch::plain_relative(&path).is_some()).then_some(path)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let files = unpack(&text);
    let today = time::macros::date!(2026 - 11 - 25);
    let opts = scratch::Options {
        today,
        write: false,
    };
    // An `Err` (a build that cannot proceed, such as a broken template) is a fine answer; a
    // panic, hang or runaway memory is what the fuzzer looks for.
    let _ = scratch::build_files(&files, opts);
});
