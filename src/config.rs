//! `content/site.toml`: the site's settings, read first by the build; strict (unknown keys are
//! errors) and positioned like every other content problem.

use crate::diagnostics::{Diagnostic, Located};
use crate::tomlpos;
use serde::Deserialize;

/// Default budget of pages one decision tree may expand to.
pub const DEFAULT_TREE_PAGE_BUDGET: usize = 5_000;
/// Default page weight budget in bytes (HTML + CSS): about one TCP round trip.
pub const DEFAULT_PAGE_WEIGHT_BUDGET: usize = 14 * 1024;
/// Budget for a tree's printable `steps.html`, which holds every question of the tree on one
/// page and so grows with the tree.
pub const DEFAULT_STEPS_PAGE_WEIGHT_BUDGET: usize = 32 * 1024;
/// Default Flesch-Kincaid grade a page should not exceed.
pub const DEFAULT_MAX_GRADE: f64 = 8.0;
/// Default limit on the size of one source file carepath parses (articles, trees, snippets).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// Default limit on the questions one path through a tree may ask.
pub const DEFAULT_MAX_PATH_QUESTIONS: usize = 60;
/// Default number of days ahead in which upcoming reviews are listed.
pub const DEFAULT_REVIEW_NOTICE_DAYS: u32 = 90;

/// The site's settings, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, shown in every page's header and `<title>`.
    pub title: String,
    /// BCP 47 language tag for `<html lang>`.
    #[serde(default = "default_language")]
    pub language: String,
    /// The number to call in an emergency (999, 112, 911, …).
    #[serde(default = "default_emergency_number")]
    pub emergency_number: String,
    /// Theme folder under `themes/`; templates it lacks come from the built-in default theme.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Absolute URL the site is published at; only used for `sitemap.xml` and canonical links.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Flesch-Kincaid grade above which a page gets a readability warning.
    #[serde(default = "default_max_grade")]
    pub max_grade: f64,
    /// Most pages one decision tree may expand to.
    #[serde(default = "default_tree_budget")]
    pub tree_page_budget: usize,
    /// Most bytes of HTML + CSS one page may weigh before a warning.
    #[serde(default = "default_weight_budget")]
    pub page_weight_budget: usize,
    /// Most bytes of HTML + CSS a tree's printable steps page may weigh before a warning.
    #[serde(default = "default_steps_weight_budget")]
    pub steps_page_weight_budget: usize,
    /// Reviews due within this many days are listed in the build summary.
    #[serde(default = "default_review_notice_days")]
    pub review_notice_days: u32,
    /// Largest article, tree or snippet file, in bytes.
    #[serde(default = "default_max_file_bytes")]
    pub max_file_bytes: u64,
    /// Most questions one path through a tree may ask.
    #[serde(default = "default_max_path_questions")]
    pub max_path_questions: usize,
}

fn default_language() -> String {
    "en-GB".into()
}
fn default_emergency_number() -> String {
    "999".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_max_grade() -> f64 {
    DEFAULT_MAX_GRADE
}
fn default_tree_budget() -> usize {
    DEFAULT_TREE_PAGE_BUDGET
}
fn default_weight_budget() -> usize {
    DEFAULT_PAGE_WEIGHT_BUDGET
}
fn default_steps_weight_budget() -> usize {
    DEFAULT_STEPS_PAGE_WEIGHT_BUDGET
}
fn default_review_notice_days() -> u32 {
    DEFAULT_REVIEW_NOTICE_DAYS
}
fn default_max_file_bytes() -> u64 {
    DEFAULT_MAX_FILE_BYTES
}
fn default_max_path_questions() -> usize {
    DEFAULT_MAX_PATH_QUESTIONS
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: String::new(),
            language: default_language(),
            emergency_number: default_emergency_number(),
            theme: default_theme(),
            base_url: None,
            max_grade: DEFAULT_MAX_GRADE,
            tree_page_budget: DEFAULT_TREE_PAGE_BUDGET,
            page_weight_budget: DEFAULT_PAGE_WEIGHT_BUDGET,
            steps_page_weight_budget: DEFAULT_STEPS_PAGE_WEIGHT_BUDGET,
            review_notice_days: DEFAULT_REVIEW_NOTICE_DAYS,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_path_questions: DEFAULT_MAX_PATH_QUESTIONS,
        }
    }
}

impl SiteConfig {
    /// Parses `site.toml`; problems come back positioned in `src`.
    pub fn parse(src: Located<'_>) -> Result<SiteConfig, Vec<Diagnostic>> {
        let config: SiteConfig = tomlpos::from_str(src, 0, src.text).map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        if config.theme.is_empty() || config.theme.contains(['/', '\\', '.']) {
            let at = tomlpos::key_offset(src.text, "theme");
            problems.push(src.error(at, "`theme` must be a folder name under `themes/`"));
        }
        if let Some(url) = &config.base_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            let at = tomlpos::key_offset(src.text, "base_url");
            problems.push(src.error(at, "`base_url` must start with https:// or http://"));
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        SiteConfig::parse(Located {
            path: Path::new("content/site.toml"),
            text,
        })
    }

    #[test]
    fn fills_defaults() {
        let c = parse("title = \"T\"\n").unwrap();
        assert_eq!(c.emergency_number, "999");
        assert_eq!(c.tree_page_budget, 5000);
        assert_eq!(c.page_weight_budget, 14 * 1024);
        assert_eq!(c.steps_page_weight_budget, 32 * 1024);
        assert_eq!(c.theme, "default");
        assert_eq!(c.max_file_bytes, 2 * 1024 * 1024);
        assert_eq!(c.max_path_questions, 60);
    }

    #[test]
    fn unknown_key_is_positioned() {
        let errs = parse("title = \"T\"\nthemee = \"x\"\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (2, 1));
        assert!(errs[0].message.contains("themee"), "{}", errs[0].message);
    }

    #[test]
    fn rejects_theme_path() {
        let errs = parse("title = \"T\"\ntheme = \"../x\"\n").unwrap_err();
        assert_eq!(errs[0].line, 2);
    }
}
