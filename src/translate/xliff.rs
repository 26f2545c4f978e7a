//! XLIFF 2.0 (OASIS, `urn:oasis:names:tc:xliff:document:2.0`): one `<file>` per source page
//! (`original` = the page), one `<unit>` per segment (`id` = its key), with `<notes>` for what
//! the block is, its line and its hash. A translation made for an older source text is not a
//! `<target>` (it would be imported) but a note, for the translator to start from.
//!
//! Read with quick-xml: a real XML parser, so entities, character references, CDATA and
//! comments are all understood, and malformed XML is reported at its position.

use super::{Catalogue, Segment, Unit};
use crate::diagnostics::{Diagnostic, Located};
use quick_xml::events::{BytesStart, Event};

/// The XLIFF 2.0 namespace.
const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The XLIFF file of `catalogue`.
pub(super) fn write(catalogue: &Catalogue) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n",
        escape(&catalogue.source_lang),
        escape(&catalogue.target_lang)
    );
    for (n, unit) in catalogue.units.iter().enumerate() {
        out.push_str(&format!(
            "  <file id=\"f{}\" original=\"{}\">\n",
            n + 1,
            escape(&unit.file)
        ));
        for segment in &unit.segments {
            write_unit(&mut out, segment);
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

fn write_unit(out: &mut String, segment: &Segment) {
    out.push_str(&format!(
        "    <unit id=\"{}\" name=\"{}\" xml:space=\"preserve\">\n      <notes>\n",
        escape(&segment.key),
        escape(&segment.what)
    ));
    let note = |out: &mut String, category: &str, text: &str| {
        out.push_str(&format!(
            "        <note category=\"{category}\">{}</note>\n",
            escape(text)
        ));
    };
    if let Some((file, line)) = &segment.location {
        note(out, "location", &format!("{file}:{line}"));
    }
    note(out, "hash", segment.hash());
    if let Some(text) = &segment.note {
        note(out, "context", text);
    }
    let target = segment.target.as_deref();
    if let (true, Some(old)) = (segment.fuzzy, target) {
        let said = format!(
            "The source text changed after this block was translated. Its translation now (for the old text): {old}"
        );
        note(out, "context", &said);
    }
    out.push_str("      </notes>\n");
    match (segment.fuzzy, target) {
        (false, Some(target)) => out.push_str(&format!(
            "      <segment state=\"translated\">\n        <source>{}</source>\n        <target>{}</target>\n      </segment>\n",
            escape(&segment.source),
            escape(target)
        )),
        _ => out.push_str(&format!(
            "      <segment>\n        <source>{}</source>\n      </segment>\n",
            escape(&segment.source)
        )),
    }
    out.push_str("    </unit>\n");
}

/// `text` escaped for XML text and attribute values. A carriage return is written as a
/// character reference (a parser would turn a literal one into a line feed); a control
/// character XML 1.0 cannot hold becomes U+FFFD.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// What is being read.
#[derive(Default)]
struct State {
    catalogue: Option<Catalogue>,
    /// The unit open now (`<unit>`), its offset and key.
    unit: Option<(usize, String)>,
    /// Text of the unit's sources and targets so far; `None` for a target: a segment has none.
    source: String,
    target: Option<String>,
    /// Into which the text goes now: `source` or `target`.
    into: Option<bool>,
    /// Whether the segment open now has a target.
    segment_target: bool,
    /// Whether a segment of the unit had no target (the unit is then untranslated).
    missing: bool,
    /// Open elements, by local name.
    open: Vec<String>,
}

/// Reads an XLIFF 2.0 file. The first problem stops it (XML after a syntax error means
/// nothing), except problems of single units, which are all reported.
pub(super) fn read(src: Located<'_>) -> Result<Catalogue, Vec<Diagnostic>> {
    let text = src.text;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut state = State::default();
    let mut problems = Vec::new();
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(at);
                problems.push(src.error(at, format!("this is not well-formed XML: {e}")));
                return Err(problems);
            }
        };
        match event {
            Event::Start(e) => {
                start(src, at, &e, &mut state, &mut problems)?;
                state.open.push(local(&e));
            }
            Event::Empty(e) => {
                start(src, at, &e, &mut state, &mut problems)?;
                end(src, at, &local(&e), &mut state, &mut problems);
            }
            Event::End(_) => {
                let name = state.open.pop().unwrap_or_default();
                end(src, at, &name, &mut state, &mut problems);
            }
            Event::Text(t) => push(&mut state, &t.xml10_content()),
            Event::CData(t) => push(&mut state, &t.xml10_content()),
            Event::GeneralRef(r) => match reference(&r) {
                Some(c) => push(&mut state, &c),
                None => {
                    let name: &str = &r;
                    return Err(vec![src.error(at, format!("`&{name};` is not an entity XML defines: write `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` or a character reference"))]);
                }
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let Some(catalogue) = state.catalogue else {
        return Err(vec![src.error(0, format!("no `<xliff>` element: carepath reads XLIFF 2.0 (`<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\">`)"))]);
    };
    match problems.is_empty() {
        true => Ok(catalogue),
        false => Err(problems),
    }
}

/// The local name of an element.
fn local(e: &BytesStart<'_>) -> String {
    let name = e.local_name();
    let name: &str = name.as_ref();
    name.to_string()
}

/// The text of an entity or character reference, if XML defines it.
fn reference(r: &quick_xml::events::BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    quick_xml::escape::resolve_predefined_entity(r).map(str::to_string)
}

/// Adds text to the source or target being read.
fn push(state: &mut State, text: &str) {
    match state.into {
        Some(true) => state.source.push_str(text),
        Some(false) => state.target.get_or_insert_default().push_str(text),
        None => {}
    }
}

/// The value of attribute `name` of `e`.
fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let attr = e.try_get_attribute(name).ok()??;
    (attr.normalized_value(quick_xml::XmlVersion::Implicit1_0))
        .ok()
        .map(|v| v.into_owned())
}

/// An element opens (or an empty one stands) at `at`.
fn start(
    src: Located<'_>,
    at: usize,
    e: &BytesStart<'_>,
    state: &mut State,
    problems: &mut Vec<Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    let name = local(e);
    let fatal = |message: String| Err(vec![src.error(at, message)]);
    match (name.as_str(), state.catalogue.as_mut()) {
        ("xliff", None) if state.open.is_empty() => {
            let ns = attribute(e, "xmlns").unwrap_or_default();
            let version = attribute(e, "version").unwrap_or_default();
            if ns != NAMESPACE || !version.starts_with("2.") {
                return fatal(format!(
                    "this is XLIFF version `{version}` (namespace `{ns}`): carepath reads XLIFF 2.0 (`<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\">`), as `carepath translate export` writes it"
                ));
            }
            state.catalogue = Some(Catalogue {
                project: String::new(),
                source_lang: attribute(e, "srcLang").unwrap_or_default(),
                target_lang: attribute(e, "trgLang").unwrap_or_default(),
                units: Vec::new(),
                lang_at: at,
                date: None,
            });
            if state
                .catalogue
                .as_ref()
                .is_some_and(|c| c.target_lang.is_empty())
            {
                return fatal("`<xliff>` has no `trgLang`: carepath needs it to know which translations to write".into());
            }
        }
        (_, None) => {
            return fatal(format!(
                "`<{name}>` where `<xliff>` should be: carepath reads XLIFF 2.0"
            ));
        }
        ("file", Some(catalogue)) => {
            let Some(file) = attribute(e, "original") else {
                return fatal("`<file>` has no `original`: carepath needs it (the page, as exported) to know where its units go".into());
            };
            catalogue.units.push(Unit {
                file,
                segments: Vec::new(),
                at,
            });
        }
        ("unit", Some(catalogue)) => match (attribute(e, "id"), catalogue.units.is_empty()) {
            (Some(id), false) => state.unit = Some((at, id)),
            _ => {
                return fatal(
                    "a `<unit>` needs an `id` (as exported) and must be inside a `<file>`".into(),
                );
            }
        },
        ("source" | "target", Some(_)) if state.unit.is_some() && state.into.is_none() => {
            let parent = state.open.last().map(String::as_str);
            if matches!(parent, Some("segment" | "ignorable")) {
                state.into = Some(name == "source");
                if name == "target" {
                    state.target.get_or_insert_default();
                    state.segment_target = true;
                }
            }
        }
        ("segment", Some(_)) => state.segment_target = false,
        ("mrk", Some(_)) if state.into.is_some() => {}
        (inline, Some(_)) if state.into.is_some() => {
            problems.push(src.error(at, format!("`<{inline}>` inside a source or target: carepath's text is Markdown with no inline codes; keep the text as it was exported")));
        }
        _ => {}
    }
    Ok(())
}

/// The element `name` closes at `at`.
fn end(src: Located<'_>, at: usize, name: &str, state: &mut State, problems: &mut Vec<Diagnostic>) {
    match name {
        "source" | "target" => state.into = None,
        // A segment without a target leaves the whole unit untranslated.
        "segment" => state.missing |= !state.segment_target,
        "unit" => {
            let Some((unit_at, key)) = state.unit.take() else {
                return;
            };
            let missing = std::mem::take(&mut state.missing);
            let source = std::mem::take(&mut state.source);
            let target =
                std::mem::take(&mut state.target).filter(|t| !missing && !t.trim().is_empty());
            let unit = state.catalogue.as_mut().and_then(|c| c.units.last_mut());
            match unit {
                Some(unit) => unit.segments.push(Segment {
                    key,
                    source,
                    target,
                    fuzzy: false,
                    what: String::new(),
                    location: None,
                    note: None,
                    at: unit_at,
                }),
                None => problems.push(src.error(at, "a `<unit>` outside a `<file>`")),
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn escaped_text_reads_back_as_it_was() {
        let text = "a < b & \"c\" > d\r\n'e' \u{1}";
        let xml = format!(
            "<xliff xmlns=\"{NAMESPACE}\" version=\"2.0\" srcLang=\"en\" trgLang=\"cy\"><file id=\"f1\" original=\"a.md\"><unit id=\"k\"><segment><source>{0}</source><target><![CDATA[x<y]]>{0}</target></segment></unit></file></xliff>",
            escape(text)
        );
        let read = read(Located {
            path: Path::new("x.xlf"),
            text: &xml,
        })
        .unwrap();
        let segment = &read.units[0].segments[0];
        assert_eq!(segment.source, "a < b & \"c\" > d\r\n'e' \u{fffd}");
        assert_eq!(
            segment.target.as_deref(),
            Some("x<ya < b & \"c\" > d\r\n'e' \u{fffd}")
        );
    }
}
