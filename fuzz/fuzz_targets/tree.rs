//! Tree files: parsed alone; when one parses, the whole `basic` fixture site is checked with it
//! as its only tree (validation, cases, expansion and rendering of every page).
#![no_main]

use carepath::diagnostics::Located;
use carepath::scratch::{self, File};
use carepath::tree::Tree;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::{Arc, OnceLock};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/basic");
const TREE: &str = "content/checks/example.toml";

/// The fixture's files, read once; its tree is replaced by the input.
fn fixture() -> &'static Vec<File> {
    static FILES: OnceLock<Vec<File>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = Path::new(FIXTURE);
        let mut files = Vec::new();
        for entry in walk(root) {
            let path = entry.strip_prefix(root).expect("inside the fixture");
            let path = path.to_string_lossy().replace('\\', "/");
            if path != TREE {
                let bytes = std::fs::read(&entry).expect("fixture file");
                files.push(File { path, bytes });
            }
        }
        files
    })
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("fixture folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = Located {
        path: Path::new(TREE),
        text,
    };
    if Tree::parse(Path::new("checks/example.toml"), src, &Arc::default()).is_err() {
        return;
    }
    let mut files = fixture().clone();
    files.push(File {
        path: TREE.into(),
        bytes: data.to_vec(),
    });
    let today = time::macros::date!(2026 - 11 - 25);
    let opts = scratch::Options {
        today,
        write: false,
    };
    scratch::build_files(&files, opts).expect("the site can be checked");
});
