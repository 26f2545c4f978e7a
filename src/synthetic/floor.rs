//! The floor issue 9 measures carepath against: read every article, render its Markdown with
//! pulldown-cmark alone and write one flat `.html` per article, on a fixed number of threads.
//! Nothing a real build needs (front matter, links, templates, checks) is done, so no build
//! can be faster.
//!
//! With `parse`, each page is also read once by the HTML tokenizer carepath's no-script proof
//! reads every page with (html5gum, each tag handed to a closure that does nothing): the least
//! a build that proves its output can do, on pages smaller than a real build's (no template
//! around the article).

use crate::fs;
use anyhow::{Context as _, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Renders every `.md` under `site/content` into `out/<stem>.html` (the folder is emptied
/// first) on `threads` threads, tokenizing each page first when `parse` is set; returns the
/// bytes of HTML written.
pub fn floor(site: &Path, out: &Path, threads: usize, parse: bool) -> Result<usize> {
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
            .map(|path| render_one(path, out, parse))
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

fn render_one(path: &Path, out: &Path, parse: bool) -> Result<usize> {
    let text = fs::read_to_string(path)?;
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::all()),
    );
    if parse {
        crate::html_policy::read_only(&html);
    }
    let name = path.file_stem().unwrap_or_default().to_string_lossy();
    fs::write_file(&out.join(format!("{name}.html")), html.as_bytes())?;
    Ok(html.len())
}

#[cfg(test)]
mod tests {
    use super::floor;

    #[test]
    fn writes_one_flat_page_per_article_with_or_without_the_tokenizer() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let site = dir.path().join("site");
        crate::fs::write(&site.join("content/index.md"), b"# Home\n").expect("index");
        crate::fs::write(
            &site.join("content/causes/strain.md"),
            b"## Strain\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        )
        .expect("article");
        let out = dir.path().join("flat");
        for parse in [false, true] {
            crate::fs::write(&out.join("stray.html"), b"old").expect("stray file");
            let bytes = floor(&site, &out, 2, parse).expect("floor");
            let mut names: Vec<String> = std::fs::read_dir(&out)
                .expect("list output")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            assert_eq!(names, ["index.html", "strain.html"], "parse: {parse}");
            let strain = std::fs::read_to_string(out.join("strain.html")).expect("page");
            assert!(strain.starts_with("<h2>Strain</h2>\n<table>"), "{strain}");
            let home = std::fs::read_to_string(out.join("index.html")).expect("page");
            assert_eq!(home, "<h1>Home</h1>\n");
            assert_eq!(bytes, strain.len() + home.len());
        }
    }
}
