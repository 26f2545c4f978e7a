//! Front matter: the strict TOML block between `+++` lines at the top of every article, parsed
//! into a raw all-`Option` layer and then validated into [`FrontMatter`] in one place.

use crate::care::CareLevel;
use crate::diagnostics::{Diagnostic, Located};
use crate::tomlpos;
use serde::Deserialize;
use serde_spanned::Spanned;
use std::sync::Arc;
use time::Date;

/// Validated front matter of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    /// Page title (the `<h1>`).
    pub title: String,
    /// One sentence for lists and the meta description.
    pub summary: String,
    /// When the page was last reviewed.
    pub reviewed: Date,
    /// When the page is next due for review.
    pub next_review: Date,
    /// Byte offset of the `next_review` value in the file, for review warnings.
    pub next_review_offset: usize,
    /// The care level the page advises, if any.
    pub care: Option<CareLevel>,
    /// The service the page tells the reader to contact, and how soon (only with `care`).
    pub service: Option<Service>,
    /// Other names for the topic, listed in the A–Z.
    pub also_called: Vec<String>,
    /// Where the information comes from.
    pub sources: Vec<Source>,
    /// Old addresses of the page (output paths) that lead to it, each with its offset.
    pub aliases: Vec<(std::path::PathBuf, usize)>,
    /// Where the page comes in its section's list (lower first, then by title); 0 if unset.
    pub weight: i64,
    /// Whether the page gets a printed leaflet (`print`); unset: by its kind and place.
    pub print: Option<bool>,
    /// The leaflet's reference (`leaflet_id`); unset: derived from the page's path.
    pub leaflet_id: Option<String>,
}

/// A service to contact at a given urgency (`service` and `when` in front matter). Its words
/// are the site's own, as the emergency number is: the care level still orders and checks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// Who to contact, as the badge starts ("Maternity unit or midwife").
    pub name: String,
    /// How soon ("now", "today", "within a week").
    pub when: String,
}

impl Service {
    /// The badge a care card shows in place of the level's words: "Maternity unit or midwife: now".
    pub fn badge(&self) -> String {
        format!("{}: {}", self.name, self.when)
    }
}

/// One source an article is based on (as health-information standards such as PIF TICK ask).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Title of the page or document. (Shared: a site's pages cite the same few sources, and
    /// the site shares each text between them once loaded, see `site::load`.)
    pub title: Arc<str>,
    /// Who published it ("NHS website", "NICE").
    pub publisher: Arc<str>,
    /// Where it can be read (`https://…`).
    pub url: Arc<str>,
    /// When the author read it.
    pub accessed: Date,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: Spanned<String>,
    publisher: Spanned<String>,
    url: Spanned<String>,
    accessed: Option<Spanned<toml::Value>>,
}

/// An article split into its validated front matter and its Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// The front matter.
    pub front: FrontMatter,
    /// The Markdown after the closing `+++` line.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<Spanned<String>>,
    summary: Option<Spanned<String>>,
    reviewed: Option<Spanned<toml::Value>>,
    next_review: Option<Spanned<toml::Value>>,
    care: Option<CareLevel>,
    service: Option<Spanned<String>>,
    when: Option<Spanned<String>>,
    #[serde(default)]
    also_called: Vec<String>,
    #[serde(default)]
    sources: Vec<Spanned<RawSource>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    weight: i64,
    print: Option<bool>,
    leaflet_id: Option<Spanned<String>>,
}

/// The keys front matter accepts, then those of one `[[sources]]` entry (read from the serde
/// models that refuse any other key).
pub(crate) fn keys() -> [&'static [&'static str]; 2] {
    [
        tomlpos::fields::of::<RawFrontMatter>(),
        tomlpos::fields::of::<RawSource>(),
    ]
}

/// Splits and validates an article; every problem found is returned, positioned in the file.
pub fn parse(src: Located<'_>) -> Result<Split<'_>, Vec<Diagnostic>> {
    let (block, block_offset, body_offset) = split(src).map_err(|d| vec![d])?;
    let raw: RawFrontMatter = tomlpos::from_str(src, block_offset, block).map_err(|d| vec![d])?;
    let front = validate(src, block_offset, raw)?;
    Ok(Split {
        front,
        body: &src.text[body_offset..],
        body_offset,
    })
}

/// Where the Markdown body starts, when the front matter's fences are in place (whatever is
/// wrong inside them).
pub fn body_offset(src: Located<'_>) -> Option<usize> {
    split(src).ok().map(|(_, _, body)| body)
}

/// Finds the `+++` fences: returns the TOML block, its offset and the body's offset.
fn split(src: Located<'_>) -> Result<(&str, usize, usize), Diagnostic> {
    let text = src.text;
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "+++" {
        return Err(src.error(
            0,
            "missing front matter: the file must start with a `+++` line",
        ));
    }
    let mut offset = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok((&text[first_end..offset], first_end, offset + line.len()));
        }
        offset += line.len();
    }
    Err(src.error(0, "front matter is not closed: add a `+++` line after it"))
}

fn validate(
    src: Located<'_>,
    base: usize,
    raw: RawFrontMatter,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let title = required_text(src, base, raw.title, ("title", ""), &mut problems);
    let summary = required_text(src, base, raw.summary, ("summary", ""), &mut problems);
    let reviewed = date(src, base, raw.reviewed.as_ref(), "reviewed", &mut problems);
    let next = date(
        src,
        base,
        raw.next_review.as_ref(),
        "next_review",
        &mut problems,
    );
    let service = service(
        src,
        base,
        (raw.care.is_some(), raw.service, raw.when),
        &mut problems,
    );
    let sources = raw
        .sources
        .into_iter()
        .filter_map(|s| source(src, base, s, &mut problems))
        .collect();
    let aliases = raw
        .aliases
        .iter()
        .filter_map(|a| match crate::aliases::output_path(a.get_ref()) {
            Ok(path) => Some((path, base + a.span().start)),
            Err(message) => {
                problems.push(src.error(base + a.span().start, message));
                None
            }
        })
        .collect();
    let next_review_offset = raw
        .next_review
        .as_ref()
        .map_or(0, |v| base + v.span().start);
    let leaflet_id = leaflet_id(src, base, raw.leaflet_id, &mut problems);
    if let (Some(r), Some(n)) = (reviewed, next)
        && n <= r
    {
        problems.push(src.error(next_review_offset, "`next_review` must be after `reviewed`"));
    }
    match (reviewed, next) {
        (Some(reviewed), Some(next_review)) if problems.is_empty() => Ok(FrontMatter {
            title,
            summary,
            reviewed,
            next_review,
            next_review_offset,
            care: raw.care,
            service,
            also_called: raw.also_called,
            sources,
            aliases,
            weight: raw.weight,
            print: raw.print,
            leaflet_id,
        }),
        _ => Err(problems),
    }
}

/// A required text key: its value, or an error when it is missing (`why` is added to that
/// message) or empty.
pub(crate) fn required_text(
    src: Located<'_>,
    base: usize,
    field: Option<Spanned<String>>,
    (key, why): (&str, &str),
    problems: &mut Vec<Diagnostic>,
) -> String {
    match field {
        Some(v) if v.get_ref().trim().is_empty() => {
            problems.push(src.error(base + v.span().start, format!("`{key}` is empty")));
            String::new()
        }
        Some(v) => v.into_inner(),
        None => {
            problems.push(src.error(0, format!("missing required key `{key}`{why}")));
            String::new()
        }
    }
}

/// A date as readers write it: "25 November 2026".
pub fn human_date(date: Date) -> String {
    let format = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    date.format(format).unwrap_or_else(|_| date.to_string())
}

/// Most characters a leaflet reference may have: it is printed in every page's footer.
const MAX_LEAFLET_ID: usize = 40;

/// Validates `leaflet_id`: letters, digits, `-`, `_`, `.` and `/`, at most 40 characters.
fn leaflet_id(
    src: Located<'_>,
    base: usize,
    id: Option<Spanned<String>>,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let id = id?;
    let text = id.get_ref().trim();
    let fits = |c: char| c.is_alphanumeric() || "-_./".contains(c);
    if text.is_empty() || text.chars().count() > MAX_LEAFLET_ID || !text.chars().all(fits) {
        problems.push(src.error(
            base + id.span().start,
            format!("`leaflet_id` must be 1 to {MAX_LEAFLET_ID} letters, digits, `-`, `_`, `.` or `/` (it is printed on every page of the leaflet)"),
        ));
        return None;
    }
    Some(text.to_string())
}

/// Validates `service` and `when`: both or neither, neither empty, and only on a page with a
/// `care` level (a service is called at a level of care).
fn service(
    src: Located<'_>,
    base: usize,
    (care, name, when): (bool, Option<Spanned<String>>, Option<Spanned<String>>),
    problems: &mut Vec<Diagnostic>,
) -> Option<Service> {
    let before = problems.len();
    for (field, key) in [(&name, "service"), (&when, "when")] {
        if let Some(v) = field
            && v.get_ref().trim().is_empty()
        {
            problems.push(src.error(base + v.span().start, format!("`{key}` is empty")));
        }
    }
    match (&name, &when) {
        (Some(s), None) => problems.push(src.error(
            base + s.span().start,
            "`service` needs `when`, how soon to contact it: write `when = \"now\"`, `\"today\"` or `\"within a week\"`, say",
        )),
        (None, Some(w)) => problems.push(src.error(
            base + w.span().start,
            "`when` needs `service`, who to contact: write `service = \"Maternity unit\"`, say",
        )),
        _ => {}
    }
    if !care && let Some(first) = name.as_ref().or(when.as_ref()) {
        problems.push(src.error(
            base + first.span().start,
            "`service` needs `care`, the level of care it stands for: add `care = \"urgent\"`, say",
        ));
    }
    let (Some(name), Some(when)) = (name, when) else {
        return None;
    };
    (problems.len() == before).then(|| Service {
        name: name.get_ref().trim().to_string(),
        when: when.get_ref().trim().to_string(),
    })
}

/// Validates one `[[sources]]` entry: non-empty text, a web address, a real date.
fn source(
    src: Located<'_>,
    base: usize,
    raw: Spanned<RawSource>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Source> {
    let at = base + raw.span().start;
    let raw = raw.into_inner();
    let before = problems.len();
    for (field, key) in [(&raw.title, "title"), (&raw.publisher, "publisher")] {
        if field.get_ref().trim().is_empty() {
            problems.push(src.error(
                base + field.span().start,
                format!("source `{key}` is empty"),
            ));
        }
    }
    let url = raw.url.get_ref().trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        problems.push(src.error(
            base + raw.url.span().start,
            "source `url` must be a web address starting with https:// (or http://)",
        ));
    }
    let accessed = match raw.accessed.as_ref() {
        Some(_) => date(src, base, raw.accessed.as_ref(), "accessed", problems),
        None => {
            problems.push(src.error(
                at,
                "a source needs `accessed`, the date you read it (YYYY-MM-DD)",
            ));
            None
        }
    };
    let accessed = accessed.filter(|_| problems.len() == before)?;
    Some(Source {
        title: raw.title.into_inner().into(),
        publisher: raw.publisher.into_inner().into(),
        url: url.into(),
        accessed,
    })
}

/// Reads a date key, accepting a TOML date (`2026-11-25`) or a quoted `"2026-11-25"`.
pub(crate) fn date(
    src: Located<'_>,
    base: usize,
    value: Option<&Spanned<toml::Value>>,
    key: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let Some(value) = value else {
        problems.push(src.error(0, format!("missing required key `{key}`")));
        return None;
    };
    let parsed = match value.get_ref() {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt
            .date
            .and_then(|d| tomlpos::ymd(i32::from(d.year), d.month, d.day)),
        toml::Value::String(s) => parse_date(s),
        _ => None,
    };
    if parsed.is_none() {
        let written = match value.get_ref() {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let msg = tomlpos::date_message(key, &written);
        problems.push(src.error(base + value.span().start, msg));
    }
    parsed
}

/// Parses `YYYY-MM-DD` into a calendar date, rejecting impossible days.
pub fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    tomlpos::ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

pub mod translation;

#[cfg(test)]
mod tests;
