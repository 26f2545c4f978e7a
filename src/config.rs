//! `content/site.toml`: the site's settings, read first by the build; strict (unknown keys are
//! errors) and positioned like every other content problem.

use crate::care::CareLevel;
use crate::diagnostics::{Diagnostic, Located};
use crate::html_policy::csp;
use crate::tomlpos;
use serde::Deserialize;
use std::collections::BTreeMap;

mod images;
mod languages;
mod words;
pub(crate) use images::ImagesConfig;
pub(crate) use languages::{Direction, LanguageConfig, languages_named};
pub(crate) use words::CareWords;

/// Default budget of pages one decision tree may expand to.
pub(crate) const DEFAULT_TREE_PAGE_BUDGET: usize = 5_000;
/// Default page weight budget in bytes (HTML + CSS): about one TCP round trip.
pub(crate) const DEFAULT_PAGE_WEIGHT_BUDGET: usize = 14 * 1024;
/// Budget for each page of a tree's sign-off pages (`steps.html`, which holds every question of
/// the tree, and the disposition table `cases.html`), which grow with the tree.
pub(crate) const DEFAULT_STEPS_PAGE_WEIGHT_BUDGET: usize = 64 * 1024;
/// Default most bytes one image may weigh before a warning.
pub(crate) const DEFAULT_IMAGE_WEIGHT_BUDGET: usize = 200 * 1024;
/// Default Flesch-Kincaid grade a page should not exceed.
pub(crate) const DEFAULT_MAX_GRADE: f64 = 8.0;
/// Default limit on the size of one source file carepath parses (articles, trees, snippets).
pub(crate) const DEFAULT_MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// Default limit on the questions one path through a tree may ask.
pub(crate) const DEFAULT_MAX_PATH_QUESTIONS: usize = 60;
/// Default number of entries one list page shows (the A–Z, a section's landing page): a
/// longer list is split over several pages of at most this many.
pub(crate) const DEFAULT_LIST_PAGE_SIZE: usize = 200;
/// Default most bytes one printed leaflet (PDF) may weigh before a warning.
pub(crate) const DEFAULT_PDF_WEIGHT_BUDGET: usize = 500 * 1024;
/// Default number of days ahead in which upcoming reviews are listed.
pub(crate) const DEFAULT_REVIEW_NOTICE_DAYS: u32 = 90;

/// The site's settings, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, shown in every page's header and `<title>`.
    pub title: String,
    /// BCP 47 language tag for `<html lang>`.
    #[serde(default = "default_language")]
    pub language: String,
    /// The number to call in an emergency (999, 112, 911, …); required, because no default
    /// is right in every country.
    pub emergency_number: String,
    /// What to do in an emergency, as one instruction ("Call 999 or go to A&E"); defaults to
    /// "Call <emergency_number>".
    #[serde(default)]
    pub emergency_advice: Option<String>,
    /// Who to contact when worried, one sentence for the footer and the 404 page.
    #[serde(default)]
    pub worried_advice: Option<String>,
    /// The words for each care level (`[care.gp] label = "See a GP"`).
    #[serde(default)]
    pub care: BTreeMap<CareLevel, CareWords>,
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
    /// Most bytes of HTML + CSS one page of a tree's sign-off pages may weigh before a warning:
    /// the printable steps (`steps.html`) and the disposition table (`cases.html`). Either is
    /// split over several pages (`steps-2.html`, `cases-2.html`, …) when it would weigh more.
    #[serde(default = "default_steps_weight_budget")]
    pub steps_page_weight_budget: usize,
    /// Most bytes one image may weigh before a warning (its bytes also count in the weight of
    /// every page that shows it).
    #[serde(default = "default_image_weight_budget")]
    pub image_weight_budget: usize,
    /// Most entries one list page shows. A longer A–Z gets an index of letters and pages of at
    /// most this many entries under `a-z/`; a section with more pages lists them over
    /// `index.html`, `index-2.html`, ….
    #[serde(default = "default_list_page_size")]
    pub list_page_size: usize,
    /// Reviews due within this many days are listed in the build summary.
    #[serde(default = "default_review_notice_days")]
    pub review_notice_days: u32,
    /// Every cause page, outcome page and tree must carry a current clinical sign-off
    /// (`content/signoff.toml`): one missing or changed since it was approved is an error.
    #[serde(default)]
    pub require_signoff: bool,
    /// Hosts images and styles may also load from (`[csp]`); script never may.
    #[serde(default)]
    pub csp: CspConfig,
    /// File patterns in `content/` never published nor warned about, added to
    /// `site::publish::DEFAULT_IGNORE` (editor backups, Office lock files).
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Files in the output folder that a rebuild keeps although no build writes them
    /// (`CNAME`, `downloads/`).
    #[serde(default)]
    pub keep: Vec<String>,
    /// Largest article, tree or snippet file, in bytes.
    #[serde(default = "default_max_file_bytes")]
    pub max_file_bytes: u64,
    /// Most questions one path through a tree may ask.
    #[serde(default = "default_max_path_questions")]
    pub max_path_questions: usize,
    /// The least share (percent, 0 to 100) of a tree's emergency and urgent end states its
    /// clinical cases must reach; too little is an error. Off when not given.
    #[serde(default)]
    pub min_case_coverage: Option<f64>,
    /// Extensions of files copied as they are that carepath does not know as inert
    /// (`["gpx", "ics"]`), allowed on the publisher's word; their content is still sniffed.
    #[serde(default)]
    pub allow_extensions: Vec<String>,
    /// Most bytes one printed leaflet (PDF) may weigh before a warning.
    #[serde(default = "default_pdf_weight_budget")]
    pub pdf_weight_budget: usize,
    /// `[print]`: the printed leaflets beside the articles.
    #[serde(default)]
    pub print: PrintConfig,
    /// `[links]`: old addresses (exact, or prefixes ending in `/`) → source files or folders.
    #[serde(default)]
    pub links: std::collections::BTreeMap<String, String>,
    /// `[images]`: how the photos pages show are resized for phones.
    #[serde(default)]
    pub images: ImagesConfig,
    /// `[html]`: what happens to harmless attributes in articles' raw HTML.
    #[serde(default)]
    pub html: HtmlConfig,
    /// `[redirects]`: redirect files for web hosts, besides the redirect pages.
    #[serde(default)]
    pub redirects: RedirectsConfig,
    /// `[fhir]`: who publishes the FHIR export of the site's trees, and the code system of its
    /// outcomes.
    #[serde(default)]
    pub fhir: FhirConfig,
    /// `[languages]`: every language the site is published in, the source (`language`) too,
    /// by tag. Empty: the site has one language.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    /// A translation that is out of date with its source is an error instead of a warning.
    #[serde(default)]
    pub require_current_translations: bool,
}

/// `[fhir]` in `site.toml`: the site-wide facts a FHIR Questionnaire carries.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FhirConfig {
    /// The organisation that publishes the forms (`publisher`).
    pub publisher: Option<String>,
    /// ISO 3166 country code (or `region-subregion`) the forms are meant for (`jurisdiction`).
    pub jurisdiction: Option<String>,
    /// The copyright and licence statement (`copyright`).
    pub copyright: Option<String>,
    /// Base URL of the site's code systems for care levels and findings; default
    /// `<base_url>/fhir` (`code_system`).
    pub code_system: Option<String>,
}

/// `[print]` in `site.toml`: the printed PDF leaflet written beside each article.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintConfig {
    /// Whether leaflets are made at all.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The paper: A4, or A5 (a folded booklet).
    #[serde(default)]
    pub paper: Paper,
    /// Who publishes the leaflets, printed at the top and in every footer; defaults to the
    /// site's title.
    #[serde(default)]
    pub publisher: Option<String>,
    /// An image file under `content/` (PNG, JPEG, GIF or SVG) printed at the top of the first
    /// page.
    #[serde(default)]
    pub logo: Option<String>,
    /// One line printed under the publisher's name: a phone number, an address.
    #[serde(default)]
    pub contact: Option<String>,
}

/// The paper size of the printed leaflets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    #[serde(alias = "a4")]
    A4,
    /// 148 × 210 mm: an A4 sheet folded in half.
    #[serde(alias = "a5")]
    A5,
}

impl Paper {
    /// Typst's name of the paper.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A5 => "a5",
        }
    }

    /// Most pages a leaflet on this paper should have before a warning: four sides of A4
    /// (one sheet printed on both sides and folded, or two), eight of A5.
    pub fn page_limit(self) -> usize {
        match self {
            Paper::A4 => 4,
            Paper::A5 => 8,
        }
    }
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            enabled: true,
            paper: Paper::A4,
            publisher: None,
            logo: None,
            contact: None,
        }
    }
}

fn yes() -> bool {
    true
}

/// `[html]` in `site.toml`: harmless attributes of raw HTML in articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HtmlConfig {
    /// `target`/`rel` on `<a>`: dropped from the output (the default), or kept.
    #[serde(default)]
    pub target: TargetPolicy,
}

/// What happens to `target` and `rel` on links written in raw HTML.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetPolicy {
    /// Removed from the output, with one note counting them.
    #[default]
    Drop,
    /// `target` kept, `rel` forced to `noopener noreferrer`.
    Keep,
}

/// `[redirects]` in `site.toml`: which hosts' redirect files to write from `aliases`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedirectsConfig {
    /// `"netlify"` (`_redirects`, also read by Cloudflare Pages), `"apache"` (`.htaccess`),
    /// `"nginx"` (`nginx-redirects.conf`); none by default.
    #[serde(default)]
    pub formats: Vec<RedirectFormat>,
}

/// A host's redirect file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RedirectFormat {
    /// `_redirects`: Netlify and Cloudflare Pages.
    Netlify,
    /// `.htaccess`: Apache `Redirect 301` lines.
    Apache,
    /// `nginx-redirects.conf`: an nginx `map`.
    Nginx,
}

/// `[csp]` in `site.toml`: what a site may add to its pages' Content-Security-Policy.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CspConfig {
    /// Extra sources for `img-src`, e.g. `https://images.example.org`.
    #[serde(default)]
    pub img_src: Vec<String>,
    /// Extra sources for `style-src`.
    #[serde(default)]
    pub style_src: Vec<String>,
}

fn default_language() -> String {
    "en-GB".into()
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
fn default_list_page_size() -> usize {
    DEFAULT_LIST_PAGE_SIZE
}
fn default_weight_budget() -> usize {
    DEFAULT_PAGE_WEIGHT_BUDGET
}
fn default_steps_weight_budget() -> usize {
    DEFAULT_STEPS_PAGE_WEIGHT_BUDGET
}
fn default_image_weight_budget() -> usize {
    DEFAULT_IMAGE_WEIGHT_BUDGET
}
fn default_pdf_weight_budget() -> usize {
    DEFAULT_PDF_WEIGHT_BUDGET
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
            emergency_number: String::new(),
            emergency_advice: None,
            worried_advice: None,
            care: BTreeMap::new(),
            theme: default_theme(),
            base_url: None,
            max_grade: DEFAULT_MAX_GRADE,
            tree_page_budget: DEFAULT_TREE_PAGE_BUDGET,
            page_weight_budget: DEFAULT_PAGE_WEIGHT_BUDGET,
            steps_page_weight_budget: DEFAULT_STEPS_PAGE_WEIGHT_BUDGET,
            image_weight_budget: DEFAULT_IMAGE_WEIGHT_BUDGET,
            review_notice_days: DEFAULT_REVIEW_NOTICE_DAYS,
            require_signoff: false,
            list_page_size: DEFAULT_LIST_PAGE_SIZE,
            csp: CspConfig::default(),
            ignore: Vec::new(),
            keep: Vec::new(),
            links: Default::default(),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_path_questions: DEFAULT_MAX_PATH_QUESTIONS,
            min_case_coverage: None,
            allow_extensions: Vec::new(),
            fhir: FhirConfig::default(),
            images: ImagesConfig::default(),
            pdf_weight_budget: DEFAULT_PDF_WEIGHT_BUDGET,
            print: PrintConfig::default(),
            html: HtmlConfig::default(),
            redirects: RedirectsConfig::default(),
            languages: BTreeMap::new(),
            require_current_translations: false,
        }
    }
}

/// The keys `site.toml` accepts at its top level and in each of its tables, by table name
/// (read from the serde models that refuse any other key).
pub(crate) fn keys() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("top level", tomlpos::fields::of::<SiteConfig>()),
        ("[csp]", tomlpos::fields::of::<CspConfig>()),
        ("[care.LEVEL]", tomlpos::fields::of::<CareWords>()),
        ("[fhir]", tomlpos::fields::of::<FhirConfig>()),
        ("[images]", tomlpos::fields::of::<ImagesConfig>()),
        ("[print]", tomlpos::fields::of::<PrintConfig>()),
        ("[html]", tomlpos::fields::of::<HtmlConfig>()),
        ("[redirects]", tomlpos::fields::of::<RedirectsConfig>()),
        ("[languages.TAG]", tomlpos::fields::of::<LanguageConfig>()),
    ]
}

impl SiteConfig {
    /// The Content-Security-Policy every page carries.
    pub fn content_security_policy(&self) -> String {
        csp::policy(&self.csp.img_src, &self.csp.style_src)
    }

    /// Parses `site.toml`; problems come back positioned in `src`.
    pub fn parse(src: Located<'_>) -> Result<SiteConfig, Vec<Diagnostic>> {
        let config: SiteConfig = tomlpos::from_str(src, 0, src.text).map_err(|d| vec![d])?;
        let mut problems = Vec::new();
        if config.theme.is_empty() || config.theme.contains(['/', '\\', '.']) {
            let at = tomlpos::key_offset(src.text, "theme");
            problems.push(src.error(at, "`theme` must be a folder name under `themes/`"));
        }
        for (key, patterns) in [("ignore", &config.ignore), ("keep", &config.keep)] {
            for pattern in patterns {
                if let Some(message) = pattern_problem(key, pattern) {
                    problems.push(src.error(tomlpos::key_offset(src.text, key), message));
                }
            }
        }
        for (old, new) in &config.links {
            if let Some(message) = crate::links::entry_problem(old, new) {
                let at = tomlpos::key_offset(src.text, &format!("\"{old}\""));
                problems.push(src.error(at, message));
            }
        }
        if config.emergency_number.trim().is_empty() {
            let at = tomlpos::key_offset(src.text, "emergency_number");
            problems.push(src.error(
                at,
                "`emergency_number` is empty: give the number readers call in an emergency",
            ));
        }
        if config.list_page_size == 0 {
            let at = tomlpos::key_offset(src.text, "list_page_size");
            problems.push(src.error(
                at,
                "`list_page_size` is 0: give the most entries one page of the A–Z or of a section may list (the default is 200)",
            ));
        }
        if let Some(share) = config.min_case_coverage
            && !(0.0..=100.0).contains(&share)
        {
            let at = tomlpos::key_offset(src.text, "min_case_coverage");
            problems.push(src.error(at, "`min_case_coverage` is a percentage from 0 to 100: the least share of each tree's emergency and urgent end states its clinical cases must reach"));
        }
        if let Some(logo) = &config.print.logo
            && crate::paths::normalise(std::path::Path::new(logo)).is_none()
        {
            let at = tomlpos::key_offset(src.text, "logo");
            problems.push(src.error(at, "`logo` must be a file under `content/`, written relative to it (`images/logo.png`)"));
        }
        if let Some(url) = &config.base_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            let at = tomlpos::key_offset(src.text, "base_url");
            problems.push(src.error(at, "`base_url` must start with https:// or http://"));
        }
        for (key, sources) in [
            ("img_src", &config.csp.img_src),
            ("style_src", &config.csp.style_src),
        ] {
            for source in sources {
                if let Some(message) = csp::source_problem(source) {
                    problems.push(src.error(tomlpos::key_offset(src.text, key), message));
                }
            }
        }
        for (key, message) in config.images.problems() {
            problems.push(src.error(tomlpos::key_offset(src.text, key), message));
        }
        for (key, message) in languages::problems(&config) {
            problems.push(src.error(src.text.find(&key).unwrap_or(0), message));
        }
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }
}

/// Why an `ignore` pattern cannot be used, if it cannot.
pub(crate) fn pattern_problem(key: &str, pattern: &str) -> Option<String> {
    globset::Glob::new(pattern.trim_end_matches('/'))
        .err()
        .map(|e| format!("`{key}` pattern `{pattern}` is not a valid glob: {e}"))
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
        let c = parse("title = \"T\"\nemergency_number = \"112\"\n").unwrap();
        assert_eq!(c.emergency_number, "112");
        assert_eq!(c.emergency_advice(), "Call 112");
        assert_eq!(c.care_action(CareLevel::Emergency), "Call 112 now");
        assert_eq!(c.care_label(CareLevel::Gp), "See a doctor");
        assert_eq!(c.tree_page_budget, 5000);
        assert_eq!(c.page_weight_budget, 14 * 1024);
        assert_eq!(c.steps_page_weight_budget, 64 * 1024);
        assert_eq!(c.theme, "default");
        assert_eq!(c.max_file_bytes, 2 * 1024 * 1024);
        assert_eq!(c.max_path_questions, 60);
    }

    #[test]
    fn a_site_names_its_own_services() {
        let c = parse(concat!(
            "title = \"T\"\nemergency_number = \"999\"\n",
            "emergency_advice = \"Call 999 or go to A&E\"\n",
            "[care.gp]\nlabel = \"See a GP\"\n[care.self-care]\naction = \"Rest\"\n"
        ))
        .unwrap();
        assert_eq!(c.care_label(CareLevel::Gp), "See a GP");
        assert_eq!(c.care_action(CareLevel::SelfCare), "Rest");
        assert_eq!(
            c.care_action(CareLevel::Emergency),
            "Call 999 or go to A&E now"
        );
    }

    #[test]
    fn emergency_number_is_required() {
        let errs = parse("title = \"T\"\n").unwrap_err();
        assert!(
            errs[0]
                .message
                .starts_with("missing required key `emergency_number`"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn unknown_key_is_positioned() {
        let errs = parse("title = \"T\"\nemergency_number = \"1\"\nthemee = \"x\"\n").unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (3, 1));
        assert!(errs[0].message.contains("themee"), "{}", errs[0].message);
    }

    #[test]
    fn csp_sources_are_validated() {
        let ok = parse("title = \"T\"\nemergency_number = \"1\"\n[csp]\nimg_src = [\"https://img.example.org\"]\n").unwrap();
        assert!(
            ok.content_security_policy()
                .ends_with("img-src 'self' https://img.example.org")
        );
        let errs = parse(
            "title = \"T\"\nemergency_number = \"1\"\n[csp]\nstyle_src = [\"'unsafe-inline'\"]\n",
        )
        .unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (4, 1));
        let errs = parse(
            "title = \"T\"\nemergency_number = \"1\"\n[csp]\nscript_src = [\"https://x.org\"]\n",
        )
        .unwrap_err();
        assert!(
            errs[0].message.contains("script_src"),
            "{}",
            errs[0].message
        );
    }

    #[test]
    fn rejects_theme_path() {
        let errs =
            parse("title = \"T\"\nemergency_number = \"1\"\ntheme = \"../x\"\n").unwrap_err();
        assert_eq!(errs[0].line, 3);
    }
}
