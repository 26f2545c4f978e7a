//! A site made of files held in memory (for fuzzing and tests): the files are written into a
//! fresh temporary folder and checked or built there by the ordinary pipeline, so nothing is
//! special-cased. Paths must be plain relative paths (`content/index.md`); others are refused.

use crate::{BuildOptions, BuildReport, build, fs};
use anyhow::{Result, bail};
use std::path::{Component, Path, PathBuf};

/// One file of an in-memory site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path relative to the site root, `/`-separated (`content/causes/x.md`).
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// How to treat the in-memory site.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Today's date for review checks.
    pub today: time::Date,
    /// Also write the output (into the temporary folder's `public/`).
    pub write: bool,
}

/// Writes `files` into a temporary folder and builds (or checks) that site; the folder is
/// removed afterwards. Fails on a path that is not a plain relative path.
pub fn build_files(files: &[File], opts: Options) -> Result<BuildReport> {
    let dir = tempfile::Builder::new()
        .prefix("carepath-scratch-")
        .tempdir()?;
    for file in files {
        let Some(rel) = plain_relative(&file.path) else {
            bail!("`{}` is not a plain relative path", file.path);
        };
        fs::write(&dir.path().join(rel), &file.bytes)?;
    }
    let site = dir.path().to_path_buf();
    build(&BuildOptions {
        out: site.join("public"),
        site,
        write: opts.write,
        strict: false,
        today: opts.today,
        figures: true,
    })
}

/// Renders `markdown` as an article body and typesets it as a leaflet titled `title` (for the
/// `print` fuzz target): returns the leaflet's pages (0 when this carepath was built without
/// the `print` feature) and every character of its text in reading order, or why typesetting
/// failed.
pub fn leaflet_of_markdown(markdown: &str, title: &str) -> Result<(usize, String), String> {
    crate::print::fuzz::leaflet_of_markdown(markdown, title)
        .map(|(blocks, pages)| (pages, crate::print::doc::plain_text(&blocks)))
}

/// `path` as a relative path of plain names only (no root, `.` or `..`), if it is one.
pub fn plain_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let plain = p.components().all(|c| matches!(c, Component::Normal(_)));
    (plain && p.components().next().is_some()).then(|| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        for bad in ["", "/etc/passwd", "../x", "content/../../x", "./x"] {
            assert_eq!(plain_relative(bad), None, "{bad}");
        }
        assert_eq!(
            plain_relative("content/index.md"),
            Some(PathBuf::from("content/index.md"))
        );
    }

    #[test]
    fn builds_a_site_from_memory() {
        let file = |path: &str, text: &str| File {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        };
        let files = [
            file(
                "content/site.toml",
                "title = \"T\"\nemergency_number = \"999\"\n",
            ),
            file(
                "content/index.md",
                "+++\ntitle = \"Home\"\nsummary = \"S.\"\nreviewed = 2026-01-01\nnext_review = 2027-01-01\n+++\nHello.\n",
            ),
        ];
        let today = time::macros::date!(2026 - 06 - 01);
        let report = build_files(&files, Options { today, write: true }).unwrap();
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        assert!(report.written);
    }
}
