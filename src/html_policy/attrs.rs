//! Where each attribute of one tag is written. Only positions come from here (for diagnostics
//! and for rewriting an `href` in place); names and values are judged as html5ever decodes them.

use std::ops::Range;

/// One attribute as written in a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttrSpan {
    /// The name as written.
    pub(crate) name: String,
    /// Byte offset of the name in the tag.
    pub(crate) offset: usize,
    /// Byte range of the value in the tag, quotes included.
    pub(crate) value: Option<Range<usize>>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The attributes of `tag` (which starts with `<` and ends with or before `>`), split as the
/// HTML tokenizer splits them: names end at space, `/`, `>` or `=`; values are quoted or run to
/// the next space or `>`.
pub(crate) fn spans(tag: &str) -> Vec<AttrSpan> {
    let b = tag.as_bytes();
    let mut i = 1;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let mut out = Vec::new();
    loop {
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return out;
        }
        let start = i;
        i += 1; // a leading `=` belongs to the name
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = tag[start..i].to_string();
        let mut j = i;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let mut value = None;
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            let end = value_end(b, j);
            value = Some(j..end);
            i = end;
        }
        out.push(AttrSpan {
            name,
            offset: start,
            value,
        });
    }
}

/// End of the value starting at `j`: past its closing quote, or at the next space or `>`.
fn value_end(b: &[u8], j: usize) -> usize {
    match b.get(j) {
        Some(&q @ (b'"' | b'\'')) => b[j + 1..]
            .iter()
            .position(|&c| c == q)
            .map_or(b.len(), |k| j + 1 + k + 1),
        _ => {
            let mut k = j;
            while k < b.len() && !is_space(b[k]) && b[k] != b'>' {
                k += 1;
            }
            k
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(tag: &str) -> Vec<(String, usize, Option<&str>)> {
        spans(tag)
            .into_iter()
            .map(|s| (s.name, s.offset, s.value.map(|v| &tag[v])))
            .collect()
    }

    #[test]
    fn splits_quoted_unquoted_and_bare() {
        assert_eq!(
            names("<a href=\"x y\" title='t' data=z open>"),
            [
                ("href".into(), 3, Some("\"x y\"")),
                ("title".into(), 14, Some("'t'")),
                ("data".into(), 24, Some("z")),
                ("open".into(), 31, None),
            ]
        );
    }

    #[test]
    fn slash_separates_attributes() {
        assert_eq!(
            names("<a/onclick=alert(1)>"),
            [("onclick".into(), 3, Some("alert(1)"))]
        );
        assert_eq!(names("<img src = x >")[0].2, Some("x"));
    }
}
