//! The theme: loads templates and static files (the built-in default theme, then the site's
//! `themes/default/`, then the theme named in `site.toml`, each overriding the one before),
//! judges templates by the HTML policy, and owns the Tera instance that rendering calls.

use crate::diagnostics::{Diagnostic, Located};
use crate::fs;
use crate::html_policy::{self, Level};
use crate::walk;
use anyhow::{Context, Result, anyhow};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

/// Folder holding themes inside a site.
pub(crate) const THEMES_DIR: &str = "themes";

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, compiled in so any site builds without a `themes/` folder.
const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded![
    "base.html",
    "macros.html",
    "home.html",
    "page.html",
    "section.html",
    "cause.html",
    "outcome.html",
    "a-z.html",
    "404.html",
    "question.html",
    "result.html",
    "cases.html",
    "steps.html",
];

/// The default theme's static files.
const DEFAULT_STATIC: &[(&str, &[u8])] = &[(
    "style.css",
    // The stylesheet counts in every page's weight, so it carries no comment: it is the default
    // theme, for 320 px screens up and print, and pages read in order without it.
    include_bytes!("../themes/default/static/style.css"),
)];

/// A loaded theme.
#[derive(Debug)]
pub struct Theme {
    tera: Tera,
    /// Static files by output path, copied as is.
    pub statics: BTreeMap<PathBuf, Vec<u8>>,
}

/// One template's source and where it came from (for error messages).
struct TemplateSource {
    origin: PathBuf,
    text: String,
}

impl Theme {
    /// Loads the theme for `site`; returns template safety problems as diagnostics, and fails on
    /// unreadable files or template syntax errors.
    pub fn load(site: &Path, theme: &str) -> Result<(Theme, Vec<Diagnostic>)> {
        let mut templates: BTreeMap<String, TemplateSource> = DEFAULT_TEMPLATES
            .iter()
            .map(|(name, text)| {
                let origin = Path::new("<built-in>/templates").join(name);
                (
                    name.to_string(),
                    TemplateSource {
                        origin,
                        text: text.to_string(),
                    },
                )
            })
            .collect();
        let mut statics: BTreeMap<PathBuf, Vec<u8>> = DEFAULT_STATIC
            .iter()
            .map(|(name, bytes)| (PathBuf::from(name), bytes.to_vec()))
            .collect();
        let mut problems = Vec::new();
        let mut folders = vec!["default"];
        if theme != "default" {
            folders.push(theme);
        }
        for folder in folders {
            let rel = Path::new(THEMES_DIR).join(folder);
            if !site.join(&rel).is_dir() {
                if folder == "default" {
                    continue;
                }
                return Err(anyhow!(
                    "theme folder `{}` not found (named by `theme` in content/site.toml)",
                    rel.display()
                ));
            }
            problems.extend(read_folder(
                site,
                &rel.join("templates"),
                |name, origin, bytes| {
                    let text = String::from_utf8(bytes)
                        .with_context(|| format!("`{}` is not valid UTF-8", origin.display()))?;
                    templates.insert(name, TemplateSource { origin, text });
                    Ok(())
                },
            )?);
            problems.extend(read_folder(site, &rel.join("static"), |name, _, bytes| {
                statics.insert(PathBuf::from(name), bytes);
                Ok(())
            })?);
        }
        let mut diags = check_templates(&templates);
        diags.extend(problems);
        let tera = compile(site, &templates)?;
        Ok((Theme { tera, statics }, diags))
    }

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String> {
        self.tera
            .render(name, context)
            .with_context(|| format!("failed to render template `{name}`"))
    }
}

/// Calls `add(name, origin, bytes)` for every file under `site/rel`, name relative to `rel`;
/// returns the symbolic links refused (see `walk`).
fn read_folder(
    site: &Path,
    rel: &Path,
    mut add: impl FnMut(String, PathBuf, Vec<u8>) -> Result<()>,
) -> Result<Vec<Diagnostic>> {
    if !site.join(rel).is_dir() {
        return Ok(Vec::new());
    }
    let walked = walk::walk(site, rel)?;
    for found in walked.files {
        let name = found.rel.to_string_lossy().replace('\\', "/");
        let origin = rel.join(&found.rel);
        add(name, origin.clone(), fs::read(&site.join(&origin))?)?;
    }
    Ok(walked.problems)
}

/// Templates may not add script: every finding is an error at its place in the template file.
fn check_templates(templates: &BTreeMap<String, TemplateSource>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for source in templates.values() {
        let src = Located {
            path: &source.origin,
            text: &source.text,
        };
        for finding in html_policy::judge(&source.text, Level::Page).findings {
            let msg = format!("template: {}", finding.message);
            diags.push(src.error(finding.offset, msg));
        }
    }
    diags
}

fn compile(site: &Path, templates: &BTreeMap<String, TemplateSource>) -> Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
    let raw = templates
        .iter()
        .map(|(name, s)| (name.as_str(), s.text.as_str()));
    tera.add_raw_templates(raw.collect::<Vec<_>>())
        .map_err(|e| {
            // Tera names the template in quotes; say which file that is, with the position.
            let message = e.to_string();
            let origin = templates
                .iter()
                .find(|(name, _)| {
                    message.contains(&format!("'{name}'"))
                        || message.contains(&format!("\"{name}\""))
                })
                .map(|(_, s)| match s.origin.starts_with("<built-in>") {
                    true => s.origin.display().to_string(),
                    false => site.join(&s.origin).display().to_string(),
                });
            let place = tera_position(&e)
                .map(|(l, c)| format!(":{l}:{c}"))
                .unwrap_or_default();
            let context = match origin {
                Some(origin) => format!("template error in `{origin}{place}`"),
                None => "theme templates could not be loaded".to_string(),
            };
            anyhow::Error::new(e).context(context)
        })?;
    Ok(tera)
}

/// Line and column from a Tera parse error's cause (`--> 3:8`).
fn tera_position(e: &tera::Error) -> Option<(usize, usize)> {
    let text = std::error::Error::source(e)
        .map(|s| s.to_string())
        .unwrap_or_else(|| e.to_string());
    let after = text.split("--> ").nth(1)?;
    let (line, rest) = after.split_once(':')?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// HTML escaping for template values; unlike Tera's default it leaves `/` alone, so URLs in the
/// output stay readable (`../causes/x.html`).
pub(crate) fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
