//! Tree pages: one page per question and outcome per path, the printable steps and the drawing.

use super::OutputFile;
use super::views::SiteView;
use crate::site::Site;
use crate::templates::Theme;
use anyhow::Result;

/// What one tree expanded to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeStats {
    /// The tree's title.
    pub title: String,
    /// Pages written for it.
    pub pages: usize,
    /// Distinct paths from the start to an outcome.
    pub paths: usize,
}

/// Renders every tree of the site.
pub(super) fn render_all(
    _site: &Site,
    _theme: &Theme,
    _sv: &SiteView<'_>,
) -> Result<(Vec<OutputFile>, Vec<TreeStats>)> {
    Ok((Vec::new(), Vec::new()))
}
