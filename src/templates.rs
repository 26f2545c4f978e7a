//! The theme: loads templates and static files (the built-in default theme, then the site's
//! `themes/default/`, then the theme named in `site.toml`, each overriding the one before),
//! judges templates by the HTML policy, and owns the Tera instance that rendering calls and the
//! theme's words in each language (`strings`).

use crate::diagnostics::{Diagnostic, Located, invalid_utf8};
use crate::fs;
use crate::html_policy::{self, Level};
use crate::walk;
use anyhow::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::Tera;

mod errors;
pub(crate) mod strings;
mod tags;

pub(crate) use errors::problem_of;
pub(crate) use strings::Strings;

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

/// Bytes of the default theme's stylesheet, which every page of a site on the default theme
/// loads (page splits estimate their weight with it before anything is rendered).
pub(crate) fn default_stylesheet_bytes() -> usize {
    DEFAULT_STATIC.iter().map(|(_, bytes)| bytes.len()).sum()
}

/// A loaded theme.
#[derive(Debug)]
pub struct Theme {
    tera: Tera,
    /// Every template's source, by name, to place an error met while rendering.
    sources: BTreeMap<String, TemplateSource>,
    /// Static files by output path, copied as is.
    pub statics: BTreeMap<PathBuf, Vec<u8>>,
    /// The theme's own template for printed leaflets, when it has one.
    pub leaflet: Option<LeafletTemplate>,
    /// The theme's words in each language the site needs.
    strings: strings::Catalogue,
}

/// A theme's Typst template for printed leaflets (`themes/<theme>/print/leaflet.typ`), used
/// instead of the built-in one.
#[derive(Debug, Clone)]
pub struct LeafletTemplate {
    /// The file, relative to the site (for error messages).
    pub origin: PathBuf,
    /// Its text.
    pub text: String,
}

/// Where a theme keeps its leaflet template, inside its folder.
const LEAFLET_TEMPLATE: &str = "print/leaflet.typ";

/// One template's source and where it came from (for error messages).
#[derive(Debug)]
struct TemplateSource {
    origin: PathBuf,
    text: String,
}

impl Theme {
    /// Loads the theme for `site`, with its strings for `languages`. Problems with the theme (a
    /// missing theme folder, a template that is not UTF-8, has a syntax error or would add
    /// script, a strings file that is not complete) come back as diagnostics, and the theme
    /// then holds only the built-in templates; unreadable files are errors.
    pub fn load(site: &Path, theme: &str, languages: &[&str]) -> Result<(Theme, Vec<Diagnostic>)> {
        let mut templates = built_in_templates();
        let mut words = built_in_strings();
        let mut statics: BTreeMap<PathBuf, Vec<u8>> = DEFAULT_STATIC
            .iter()
            .map(|(name, bytes)| (PathBuf::from(name), bytes.to_vec()))
            .collect();
        let mut diags = Vec::new();
        let mut leaflet = None;
        let mut folders = vec!["default"];
        if theme != "default" {
            folders.push(theme);
        }
        for folder in folders {
            let rel = Path::new(THEMES_DIR).join(folder);
            if !site.join(&rel).is_dir() {
                if folder != "default" {
                    diags.push(missing_theme(site, &rel)?);
                }
                continue;
            }
            let mut not_text = Vec::new();
            diags.extend(read_folder(
                site,
                &rel.join("templates"),
                |name, origin, bytes| match fs::utf8_text(bytes) {
                    Ok(text) => {
                        templates.insert(name, TemplateSource { origin, text });
                    }
                    Err(e) => not_text.push(invalid_utf8(&origin, e.as_bytes(), e.utf8_error())),
                },
            )?);
            diags.extend(not_text);
            let origin = rel.join(LEAFLET_TEMPLATE);
            if site.join(&origin).is_file() {
                match fs::utf8_text(fs::read(&site.join(&origin))?) {
                    Ok(text) => leaflet = Some(LeafletTemplate { origin, text }),
                    Err(e) => diags.push(invalid_utf8(&origin, e.as_bytes(), e.utf8_error())),
                }
            }
            diags.extend(read_folder(site, &rel.join("static"), |name, _, bytes| {
                statics.insert(PathBuf::from(name), bytes);
            })?);
            let mut not_text = Vec::new();
            diags.extend(read_folder(
                site,
                &rel.join(strings::STRINGS_DIR),
                |name, origin, bytes| match (name.strip_suffix(".toml"), fs::utf8_text(bytes)) {
                    (Some(lang), Ok(text)) if !lang.contains('/') => {
                        words.insert(lang.to_string(), strings::StringsFile { origin, text });
                    }
                    (_, Err(e)) => {
                        not_text.push(invalid_utf8(&origin, e.as_bytes(), e.utf8_error()))
                    }
                    _ => {}
                },
            )?);
            diags.extend(not_text);
        }
        let config = Path::new(crate::paths::CONTENT_DIR).join(crate::paths::CONFIG_FILE);
        let config_text = fs::source_text(site, &config)?.unwrap_or_default();
        let src = Located {
            path: &config,
            text: &config_text,
        };
        let (strings, problems) = strings::load(&words, languages, src);
        diags.extend(problems);
        diags.extend(check_templates(&templates));
        let (tera, sources) = match compile(&templates) {
            Ok(tera) => (tera, templates),
            Err(problems) => {
                diags.extend(problems);
                let defaults = built_in_templates();
                (compile(&defaults).map_err(built_in_broken)?, defaults)
            }
        };
        Ok((
            Theme {
                tera,
                sources,
                statics,
                leaflet,
                strings,
            },
            diags,
        ))
    }

    /// The theme's words in `lang`, if the theme has them (a missing language is reported when
    /// the theme is loaded).
    pub(crate) fn strings(&self, lang: &str) -> Option<&Strings> {
        self.strings.get(lang)
    }

    /// Renders template `name` with `context`; an error is a [`errors::TemplateProblem`] at its
    /// place in the template (see [`problem_of`]).
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String> {
        self.tera
            .render(name, context)
            .map_err(|e| errors::TemplateProblem(errors::located(&self.sources, name, &e)).into())
    }
}

/// The built-in default theme's templates, by name.
fn built_in_templates() -> BTreeMap<String, TemplateSource> {
    DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| {
            let origin = Path::new("<built-in>/templates").join(name);
            let text = text.to_string();
            (name.to_string(), TemplateSource { origin, text })
        })
        .collect()
}

/// The built-in theme's strings files, by language.
fn built_in_strings() -> BTreeMap<String, strings::StringsFile> {
    strings::BUILT_IN
        .iter()
        .map(|(lang, text)| {
            let origin = Path::new("<built-in>/strings").join(format!("{lang}.toml"));
            let text = text.to_string();
            (lang.to_string(), strings::StringsFile { origin, text })
        })
        .collect()
}

/// The built-in templates always compile (a test says so); if not, that is carepath's bug.
fn built_in_broken(problems: Vec<Diagnostic>) -> anyhow::Error {
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    anyhow::anyhow!("the built-in templates do not compile: {}", list.join("; "))
}

/// The theme named in `site.toml` has no folder: an error at the `theme` key.
fn missing_theme(site: &Path, rel: &Path) -> Result<Diagnostic> {
    let config = Path::new(crate::paths::CONTENT_DIR).join(crate::paths::CONFIG_FILE);
    let text = fs::source_text(site, &config)?.unwrap_or_default();
    let src = Located {
        path: &config,
        text: &text,
    };
    Ok(src.error(
        crate::tomlpos::key_offset(&text, "theme"),
        format!(
            "theme folder `{}` not found: `theme` names a folder under `themes/` (or leave it out for the built-in theme)",
            rel.display().to_string().replace('\\', "/")
        ),
    ))
}

/// Calls `add(name, origin, bytes)` for every file under `site/rel`, name relative to `rel`;
/// returns the symbolic links refused (see `walk`).
fn read_folder(
    site: &Path,
    rel: &Path,
    mut add: impl FnMut(String, PathBuf, Vec<u8>),
) -> Result<Vec<Diagnostic>> {
    if !site.join(rel).is_dir() {
        return Ok(Vec::new());
    }
    let walked = walk::walk(site, rel)?;
    for found in walked.files {
        let name = found.rel.to_string_lossy().replace('\\', "/");
        let origin = rel.join(&found.rel);
        add(name, origin.clone(), fs::read(&site.join(&origin))?);
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

/// The templates compiled, or every problem with them: brackets that would make Tera's parser
/// slow ([`tags`]), syntax errors (each template is parsed on its own, so all of them are
/// reported), then a missing parent or macro file.
fn compile(templates: &BTreeMap<String, TemplateSource>) -> Result<Tera, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for (name, source) in templates {
        if let Some((at, message)) = tags::check(&source.text) {
            let src = Located {
                path: &source.origin,
                text: &source.text,
            };
            problems.push(src.error(at, message));
        } else if let Err(e) = tera::Template::new(name, None, &source.text) {
            problems.push(errors::parse_error(source, &e));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
    tera.register_filter("fill", strings::fill);
    let raw = templates
        .iter()
        .map(|(name, s)| (name.as_str(), s.text.as_str()));
    tera.add_raw_templates(raw.collect::<Vec<_>>())
        .map_err(|e| vec![errors::located(templates, "", &e)])?;
    Ok(tera)
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

#[cfg(test)]
mod tests {
    use super::*;

    // A theme with errors falls back to the built-in templates, so they must always compile.
    #[test]
    fn built_in_templates_compile() {
        assert!(compile(&built_in_templates()).is_ok());
    }
}
