//! `[images]` in `site.toml`: the widths photos are resized to for the theme's column, how
//! hard they are compressed, and whether the original is published too.

use serde::Deserialize;

/// Widths (CSS pixels times screen density) the default theme's column needs: its text column
/// is at most 38rem (608 px) wide, so a phone 360 px wide at 2× density takes the 800 px copy,
/// at 3× the 1,200 px one, and a desktop screen the 800 px (1×) or 1,200 px (2×) one.
pub(crate) const DEFAULT_WIDTHS: [u32; 3] = [400, 800, 1200];

/// How wide the default theme shows an image: the column (38rem) or the screen less its
/// margins (1rem on each side), whichever is narrower.
pub(crate) const DEFAULT_SIZES: &str = "(min-width: 40rem) 38rem, calc(100vw - 2rem)";

/// JPEG quality of resized photos: no visible loss at the sizes shown.
pub(crate) const DEFAULT_QUALITY: u8 = 80;

/// Narrowest and widest width allowed in `widths`.
const WIDTH_RANGE: std::ops::RangeInclusive<u32> = 16..=8192;

/// Most widths `widths` may list (each is one more file per photo).
const MAX_WIDTHS: usize = 4;

/// `[images]`: how the JPEG and PNG images a page shows are made ready for phones.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    /// Resize and recompress images at all (`false` copies them as they are).
    #[serde(default = "default_resize")]
    pub resize: bool,
    /// The widths each image is made in (never wider than the original), for `srcset`.
    #[serde(default = "default_widths")]
    pub widths: Vec<u32>,
    /// The `sizes` attribute: how wide the theme shows an image.
    #[serde(default = "default_sizes")]
    pub sizes: String,
    /// JPEG quality, 1 to 100.
    #[serde(default = "default_quality")]
    pub quality: u8,
    /// Also publish the original file under its own name (else that name holds the widest copy).
    #[serde(default)]
    pub keep_original: bool,
}

fn default_resize() -> bool {
    true
}
fn default_widths() -> Vec<u32> {
    DEFAULT_WIDTHS.to_vec()
}
fn default_sizes() -> String {
    DEFAULT_SIZES.to_string()
}
fn default_quality() -> u8 {
    DEFAULT_QUALITY
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            resize: true,
            widths: default_widths(),
            sizes: default_sizes(),
            quality: DEFAULT_QUALITY,
            keep_original: false,
        }
    }
}

impl ImagesConfig {
    /// What is wrong with these settings, as `(key, message)`.
    pub(crate) fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.widths.is_empty() || self.widths.len() > MAX_WIDTHS {
            out.push(("widths", format!("`widths` in `[images]` lists 1 to {MAX_WIDTHS} widths in pixels, such as [400, 800, 1200]")));
        }
        if let Some(w) = self.widths.iter().find(|w| !WIDTH_RANGE.contains(w)) {
            out.push((
                "widths",
                format!(
                    "`widths` in `[images]` has {w}: each width is from {} to {} pixels",
                    WIDTH_RANGE.start(),
                    WIDTH_RANGE.end()
                ),
            ));
        }
        if !(1..=100).contains(&self.quality) {
            out.push((
                "quality",
                "`quality` in `[images]` is a JPEG quality from 1 to 100 (the default is 80)"
                    .to_string(),
            ));
        }
        if self.sizes.contains(['"', '<', '>', '&']) {
            out.push((
                "sizes",
                "`sizes` in `[images]` is a list of widths such as \"(min-width: 40rem) 38rem, 100vw\""
                    .to_string(),
            ));
        }
        out
    }

    /// The widths, sorted, without repeats.
    pub(crate) fn sorted_widths(&self) -> Vec<u32> {
        let mut widths = self.widths.clone();
        widths.sort_unstable();
        widths.dedup();
        widths
    }
}
