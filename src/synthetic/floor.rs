//! The floor issue 9 measures carepath against: read every article, render its Markdown with
//! pulldown-cmark alone and write one flat `.html` per article, on a fixed number of threads.
//! Nothing a real build needs (front matter, links, templates, checks) is done, so no build
//! can be faster.

use crate::fs;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Renders every `.md` under `site/content` into `out/<stem>.html` (the folder is emptied
/// first) on `threads` threads; returns the bytes of HTML written.
pub fn floor(site: &Path, out: &Path, threads: usize) -> Result<usize> {
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    fs::create_dir_all(out)?;
    let articles = markdown_files(&site.join("content"))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("failed to start the thread pool")?;
    pool.install(|| {
        articles
            .par_iter()
            .map(|path| render_one(path, out))
            .sum::<Result<usize>>()
    })
}

/// Every `.md` file below `dir`, sorted.
fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let path = entry
            .with_context(|| format!("failed to list `{}`", dir.display()))?
            .into_path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    Ok(files)
}

fn render_one(path: &Path, out: &Path) -> Result<usize> {
    let text = fs::read_to_string(path)?;
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::all()),
    );
    let name = path.file_stem().unwrap_or_default().to_string_lossy();
    fs::write_file(&out.join(format!("{name}.html")), html.as_bytes())?;
    Ok(html.len())
}
