//! The same site laid out for Hugo, so the benchmark can compare the two on the same content:
//! a `hugo.toml`, minimal layouts (a frame, an article, a list) and every article with its TOML
//! front matter converted to Hugo's YAML (title, summary, date from `reviewed`).

use crate::fs;
use anyhow::{Context as _, Result};
use std::path::Path;

const CONFIG: &str = "title = \"Leaflets\"\nbaseURL = \"/\"\nuglyURLs = true\n\
disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\"]\n";

/// Layouts, by path under `layouts/`: one frame and the two page kinds the site has.
const LAYOUTS: &[(&str, &str)] = &[
    (
        "baseof.html",
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }} | {{ site.Title }}</title>\
<link rel=\"stylesheet\" href=\"/style.css\"></head>\n<body><header><a href=\"/\">{{ site.Title }}</a></header>\n\
<main>{{ block \"main\" . }}{{ end }}</main>\n<footer>Reviewed {{ .Date.Format \"2 January 2006\" }}</footer></body></html>\n",
    ),
    (
        "single.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><p class=\"summary\">{{ .Summary }}</p>{{ .Content }}{{ end }}\n",
    ),
    (
        "list.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    ),
];

/// Writes the Hugo layout of the carepath site at `site` into `dir`.
pub fn write_hugo_site(site: &Path, dir: &Path) -> Result<()> {
    fs::write(&dir.join("hugo.toml"), CONFIG.as_bytes())?;
    for (name, text) in LAYOUTS {
        fs::write(&dir.join("layouts").join(name), text.as_bytes())?;
    }
    let content = site.join("content");
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let path = entry.context("failed to list the content")?.into_path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = path.strip_prefix(&content).unwrap_or(&path);
        let to = match rel == Path::new("index.md") {
            true => dir.join("content/_index.md"),
            false => dir.join("content").join(rel),
        };
        let page = convert(&fs::read_to_string(&path)?)
            .with_context(|| format!("failed to convert `{}`", path.display()))?;
        fs::write(&to, page.as_bytes())?;
    }
    Ok(())
}

/// One article with its `+++` TOML front matter turned into Hugo's `---` YAML.
fn convert(text: &str) -> Result<String> {
    let rest = text.strip_prefix("+++\n").context("no front matter")?;
    let (front, body) = rest
        .split_once("\n+++\n")
        .context("front matter not closed")?;
    let table: toml::Table = toml::from_str(front)?;
    let field = |key: &str| table.get(key).map(|v| v.to_string()).unwrap_or_default();
    // TOML strings are written with double quotes, which YAML reads the same way.
    Ok(format!(
        "---\ntitle: {}\nsummary: {}\ndate: {}\n---\n{body}",
        field("title"),
        field("summary"),
        field("reviewed"),
    ))
}
