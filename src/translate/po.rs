//! gettext PO files (the GNU gettext manual, "The Format of PO Files"): one entry per segment,
//! `msgctxt` = `PAGE#KEY`, `msgid` the source, `msgstr` the translation, `#.` what the block
//! is and its hash, `#:` its line in the source, `#, fuzzy` a translation made for an older
//! source text (gettext tools do not use fuzzy entries, and neither does import).

use super::{Catalogue, Segment, Unit};
use crate::diagnostics::{Diagnostic, Located};

/// Longest line of a wrapped string, quotes included (as `msgcat` wraps at 79 columns).
const WIDTH: usize = 76;

/// The PO file of `catalogue`.
pub(super) fn write(catalogue: &Catalogue) -> String {
    let mut out = format!(
        "# {} in {}, from {}: written by `carepath translate export`.\n# Fill in each msgstr, then run `carepath translate import FILE`.\n",
        catalogue.project.replace('\n', " "),
        catalogue.target_lang,
        catalogue.source_lang
    );
    let header = format!(
        "Project-Id-Version: {}\nPO-Revision-Date: {} 00:00+0000\nLast-Translator: \nLanguage-Team: \nLanguage: {}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\nX-Source-Language: {}\nX-Generator: carepath\n",
        catalogue.project.replace('\n', " "),
        catalogue
            .date
            .map_or_else(|| "YEAR-MO-DA".to_string(), |d| d.to_string()),
        catalogue.target_lang,
        catalogue.source_lang
    );
    out.push_str("msgid \"\"\n");
    keyword(&mut out, "msgstr", &header);
    for unit in &catalogue.units {
        for segment in &unit.segments {
            out.push('\n');
            entry(&mut out, unit, segment);
        }
    }
    out
}

fn entry(out: &mut String, unit: &Unit, segment: &Segment) {
    out.push_str(&format!("#. {}\n", segment.what.replace('\n', " ")));
    out.push_str(&format!("#. block {}\n", segment.hash()));
    for line in segment.note.iter().flat_map(|n| n.lines()) {
        out.push_str(&format!("#. {line}\n"));
    }
    if let Some((file, line)) = &segment.location {
        // A reference holds no spaces (gettext splits references at them).
        if !file.contains(' ') {
            out.push_str(&format!("#: {file}:{line}\n"));
        }
    }
    if segment.fuzzy {
        out.push_str("#, fuzzy\n");
    }
    keyword(out, "msgctxt", &format!("{}#{}", unit.file, segment.key));
    keyword(out, "msgid", &segment.source);
    keyword(out, "msgstr", segment.target.as_deref().unwrap_or_default());
}

/// `KEYWORD "text"`, or, for text with line ends or too long for one line, `KEYWORD ""`
/// then the text in pieces, each ending at a line end or a space.
fn keyword(out: &mut String, keyword: &str, text: &str) {
    let whole = escape(text);
    let inner = text.trim_end_matches('\n');
    if !inner.contains('\n') && keyword.len() + whole.len() + 3 <= WIDTH {
        out.push_str(&format!("{keyword} \"{whole}\"\n"));
        return;
    }
    out.push_str(&format!("{keyword} \"\"\n"));
    for line in text.split_inclusive('\n') {
        for piece in wrap(line) {
            out.push_str(&format!("\"{}\"\n", escape(piece)));
        }
    }
}

/// `line` in pieces of at most about [`WIDTH`] escaped characters, each (but the last)
/// ending just after a space.
fn wrap(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = line;
    while escape(rest).len() + 2 > WIDTH {
        let mut cut = 0;
        for (i, c) in rest.char_indices() {
            let end = i + c.len_utf8();
            if escape(&rest[..end]).len() + 2 > WIDTH {
                break;
            }
            if c == ' ' {
                cut = end;
            }
        }
        if cut == 0 {
            break;
        }
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    pieces.push(rest);
    pieces
}

/// `text` with the C escapes a PO string needs.
fn escape(text: &str) -> String {
    super::backslashed(text)
}

/// One entry being read.
#[derive(Default)]
struct Entry {
    at: Option<usize>,
    fuzzy: bool,
    ctxt: Option<(usize, String)>,
    id: Option<String>,
    str: Option<String>,
}

/// Which string a continuation line adds to.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Ctxt,
    Id,
    Str,
}

/// Reads a PO file: its `Language` and entries. Every problem is reported at its line.
pub(super) fn read(src: Located<'_>) -> Result<Catalogue, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut entry = Entry::default();
    let mut field: Option<Field> = None;
    let mut offset = 0;
    for line in src.text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let text = line.trim_end_matches(['\n', '\r']);
        let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t']);
        let at = at + (text.len() - trimmed.len());
        if trimmed.is_empty() || trimmed.starts_with("#~") {
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            if entry.id.is_some() || entry.ctxt.is_some() {
                entries.push(std::mem::take(&mut entry));
                field = None;
            }
            if let Some(flags) = comment.strip_prefix(',') {
                entry.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            }
            continue;
        }
        if let Err(problem) = line_of(src, at, trimmed, &mut entries, &mut entry, &mut field) {
            problems.push(problem);
        }
    }
    if entry.id.is_some() || entry.ctxt.is_some() {
        entries.push(entry);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    catalogue(src, entries)
}

/// Reads one line that is not a comment into `entry`.
fn line_of(
    src: Located<'_>,
    at: usize,
    line: &str,
    entries: &mut Vec<Entry>,
    entry: &mut Entry,
    field: &mut Option<Field>,
) -> Result<(), Diagnostic> {
    if line.starts_with('"') {
        let text = unquote(src, at, line)?;
        let target = match *field {
            Some(Field::Ctxt) => entry.ctxt.as_mut().map(|(_, s)| s),
            Some(Field::Id) => entry.id.as_mut(),
            Some(Field::Str) => entry.str.as_mut(),
            None => None,
        };
        let Some(target) = target else {
            return Err(src.error(
                at,
                "a string outside an entry: each string follows `msgctxt`, `msgid` or `msgstr`",
            ));
        };
        target.push_str(&text);
        return Ok(());
    }
    let (word, rest) = line.split_once([' ', '\t']).unwrap_or((line, ""));
    let rest_at = at + (line.len() - rest.trim_start().len());
    let rest = rest.trim_start();
    if word == "msgid_plural" || word.starts_with("msgstr[") {
        return Err(src.error(at, "plural forms are not used in carepath's files: each entry has one `msgid` and one `msgstr`"));
    }
    let next = match word {
        "msgctxt" => Field::Ctxt,
        "msgid" => Field::Id,
        "msgstr" => Field::Str,
        _ => {
            return Err(src.error(at, format!("`{word}` is not a PO keyword: an entry is `msgctxt`, `msgid` and `msgstr`, each with a string in double quotes")));
        }
    };
    let text = unquote(src, rest_at, rest)?;
    let started = entry.id.is_some() || entry.ctxt.is_some();
    if started && (next == Field::Ctxt || (next == Field::Id && entry.id.is_some())) {
        entries.push(std::mem::take(entry));
    }
    if next == Field::Str && entry.id.is_none() {
        return Err(src.error(at, "`msgstr` without a `msgid` before it"));
    }
    entry.at.get_or_insert(at);
    match next {
        Field::Ctxt => entry.ctxt = Some((at, text)),
        Field::Id => entry.id = Some(text),
        Field::Str => entry.str = Some(text),
    }
    *field = Some(next);
    Ok(())
}

/// The text of the quoted string `s` (at byte `at`), its escapes undone.
fn unquote(src: Located<'_>, at: usize, s: &str) -> Result<String, Diagnostic> {
    let inner = (s.strip_prefix('"'))
        .and_then(|r| r.strip_suffix('"'))
        .filter(|_| s.len() >= 2)
        .ok_or_else(|| src.error(at, "expected a string in double quotes (`\"…\"`) here"))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next().map(|(_, e)| e) {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                other => {
                    let what = other.map_or("`\\` at the end".to_string(), |e| format!("`\\{e}`"));
                    return Err(src.error(at + 1 + i, format!("{what} is not an escape carepath reads: write `\\\"`, `\\\\`, `\\n` or `\\t`")));
                }
            },
            '"' => {
                return Err(src.error(at + 1 + i, "a `\"` inside a string must be written `\\\"`"));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// The catalogue of the entries read: the header's `Language`, then one unit per page.
fn catalogue(src: Located<'_>, entries: Vec<Entry>) -> Result<Catalogue, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut catalogue = Catalogue {
        project: String::new(),
        source_lang: String::new(),
        target_lang: String::new(),
        units: Vec::new(),
        lang_at: 0,
        date: None,
    };
    for entry in entries {
        let at = entry.at.unwrap_or(0);
        let (Some(id), Some(str)) = (entry.id, entry.str) else {
            problems.push(src.error(at, "an entry needs both a `msgid` and a `msgstr`"));
            continue;
        };
        let Some((ctxt_at, ctxt)) = entry.ctxt else {
            if id.is_empty() {
                header(&mut catalogue, at, &str);
            } else {
                problems.push(src.error(at, "an entry without `msgctxt`: carepath needs `msgctxt \"PAGE#KEY\"` (as exported) to know where its translation goes"));
            }
            continue;
        };
        let Some((file, key)) = ctxt.rsplit_once('#') else {
            problems.push(src.error(
                ctxt_at,
                format!("`msgctxt` is `{ctxt}`, not `PAGE#KEY` as exported"),
            ));
            continue;
        };
        if catalogue.units.last().is_none_or(|u| u.file != file) {
            catalogue.units.push(Unit {
                file: file.to_string(),
                segments: Vec::new(),
                at: ctxt_at,
            });
        }
        if let Some(unit) = catalogue.units.last_mut() {
            unit.segments.push(Segment {
                key: key.to_string(),
                source: id,
                target: Some(str).filter(|s| !s.trim().is_empty()),
                fuzzy: entry.fuzzy,
                what: String::new(),
                location: None,
                note: None,
                at: ctxt_at,
            });
        }
    }
    if catalogue.target_lang.is_empty() {
        problems.push(src.error(0, "no `Language:` in the header entry (`msgid \"\"`): carepath needs it to know which translations to write"));
    }
    match problems.is_empty() {
        true => Ok(catalogue),
        false => Err(problems),
    }
}

/// Reads the header entry's fields carepath uses.
fn header(catalogue: &mut Catalogue, at: usize, text: &str) {
    for line in text.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        match name.trim() {
            "Language" => {
                catalogue.target_lang = value.trim().to_string();
                catalogue.lang_at = at;
            }
            "X-Source-Language" => catalogue.source_lang = value.trim().to_string(),
            "Project-Id-Version" => catalogue.project = value.trim().to_string(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn comments_flags_and_obsolete_entries_are_read_as_gettext_means_them() {
        let text = "# header comment\nmsgid \"\"\nmsgstr \"\"\n\"Language: cy\\n\"\n\n#. note\n#: content/a.md:3\n#, fuzzy, markdown-format\nmsgctxt \"a.md#k1\"\nmsgid \"One\"\nmsgstr \"Un\"\n#~ msgctxt \"a.md#old\"\n#~ msgid \"Gone\"\n#~ msgstr \"Wedi mynd\"\n\nmsgctxt \"a.md#k2\"\nmsgid \"Two\"\nmsgstr \"\"\n";
        let read = read(Located {
            path: Path::new("x.po"),
            text,
        })
        .unwrap();
        assert_eq!(read.target_lang, "cy");
        let segments = &read.units[0].segments;
        assert_eq!(segments.len(), 2);
        assert!(segments[0].fuzzy && segments[0].target.as_deref() == Some("Un"));
        assert!(!segments[1].fuzzy && segments[1].target.is_none());
        let no_context = "msgid \"\"\nmsgstr \"Language: cy\\n\"\n\nmsgid \"One\"\nmsgstr \"Un\"\n";
        let problems = super::read(Located {
            path: Path::new("x.po"),
            text: no_context,
        })
        .unwrap_err();
        assert_eq!(problems[0].line, 4, "{problems:?}");
    }

    #[test]
    fn long_and_multiline_text_is_wrapped_and_read_back() {
        let long = "word ".repeat(40) + "end \"quoted\" back\\slash\ttab";
        let text = format!("{long}\nsecond line\n");
        let mut out = String::new();
        keyword(&mut out, "msgid", &text);
        assert!(out.starts_with("msgid \"\"\n\"word "), "{out}");
        assert!(out.lines().all(|l| l.chars().count() <= WIDTH + 8), "{out}");
        let src = Located {
            path: Path::new("x.po"),
            text: &format!(
                "msgid \"\"\nmsgstr \"Language: cy\\n\"\n\nmsgctxt \"a.md#k\"\n{out}msgstr \"\"\n"
            ),
        };
        let read = read(src).unwrap();
        assert_eq!(read.units[0].segments[0].source, text);
    }
}
