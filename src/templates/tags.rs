//! A linear look at a template's tags before Tera parses it. Tera's parser (pest) takes time
//! that grows with the square of the brackets left open in one tag: 20,000 unclosed `(` took
//! over two minutes. It also parses nested blocks by recursion, and 1,000 nested `{% if %}`
//! overflow the stack and abort the process. No real template comes near [`MAX_OPEN`] or
//! [`MAX_BLOCKS`], so a template that goes past them, or a tag whose brackets do not pair up,
//! is refused here, with its place, in time that grows with the template's length.

/// Most brackets, `(` and `[` together, open at once inside one `{{ }}` or `{% %}` tag.
pub(crate) const MAX_OPEN: usize = 32;

/// Most blocks (`if`, `for`, `block`, `macro`, `filter`) open at once, one inside another.
pub(crate) const MAX_BLOCKS: usize = 64;

/// The statements that open a block, closed by `end` and the same word.
const BLOCKS: &[&str] = &["if", "for", "block", "macro", "filter"];

/// The first problem with the brackets in `text`'s tags: its byte offset and what is wrong.
pub(super) fn check(text: &str) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut blocks = 0;
    while let Some(found) = text[at..].find('{') {
        let open = at + found;
        let close = match bytes.get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => {
                // A comment: nothing in it is parsed.
                at = text[open..]
                    .find("#}")
                    .map_or(text.len(), |end| open + end + 2);
                continue;
            }
            _ => {
                at = open + 1;
                continue;
            }
        };
        let end = match tag(text, open + 2, close) {
            Ok(Some(end)) => end,
            Ok(None) => return None, // Unclosed: Tera says so, quickly.
            Err(problem) => return Some(problem),
        };
        at = end;
        if close == "%}" {
            let inside = &text[open + 2..end - 2];
            if is_raw(inside) {
                at = end_of_raw(text, end);
            }
            let word = first_word(inside);
            if BLOCKS.contains(&word) {
                blocks += 1;
                if blocks > MAX_BLOCKS {
                    return Some((
                        open,
                        format!(
                            "template: more than {MAX_BLOCKS} blocks (`if`, `for`, `block`, `macro`, `filter`) are open at once, one inside another: close some, or split the template with `include`"
                        ),
                    ));
                }
            } else if word
                .strip_prefix("end")
                .is_some_and(|w| BLOCKS.contains(&w))
            {
                blocks = blocks.saturating_sub(1);
            }
        }
    }
    None
}

/// The first word of a statement tag's inside (`if` in `- if x -`).
fn first_word(inside: &str) -> &str {
    let inside = inside.trim_start_matches(|c: char| c == '-' || c.is_whitespace());
    let end = inside
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inside.len());
    &inside[..end]
}

/// Checks the tag whose inside starts at `from`: the offset just after its `close`, `None` when
/// the template ends first, or the problem with its brackets.
fn tag(text: &str, from: usize, close: &str) -> Result<Option<usize>, (usize, String)> {
    let bytes = text.as_bytes();
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' | b'\'' | b'`' => match text[i + 1..].find(char::from(b)) {
                Some(end) => i += end + 1,
                None => return Ok(None),
            },
            b'(' | b'[' if open.len() >= MAX_OPEN => {
                return Err((
                    i,
                    format!(
                        "template: more than {MAX_OPEN} brackets are open at once inside this tag: close some, or work the value out in fewer steps"
                    ),
                ));
            }
            b'(' | b'[' => open.push((b, i)),
            b')' | b']' => {
                let want = if b == b')' { b'(' } else { b'[' };
                match open.pop() {
                    Some((got, _)) if got == want => {}
                    _ => {
                        return Err((
                            i,
                            format!(
                                "template: `{}` closes no `{}` inside this tag",
                                char::from(b),
                                char::from(want)
                            ),
                        ));
                    }
                }
            }
            _ if text[i..].starts_with(close) => {
                if let Some((b, at)) = open.pop() {
                    return Err((
                        at,
                        format!(
                            "template: this `{}` is not closed before the end of its tag (`{close}`)",
                            char::from(b)
                        ),
                    ));
                }
                return Ok(Some(i + close.len()));
            }
            _ => {}
        }
        i += 1;
    }
    Ok(None)
}

/// Whether a statement tag's inside (`- raw -`) opens a raw block.
fn is_raw(inside: &str) -> bool {
    inside.trim_matches(|c: char| c == '-' || c.is_whitespace()) == "raw"
}

/// The offset just after the `{% endraw %}` that closes a raw block whose text starts at `from`.
fn end_of_raw(text: &str, from: usize) -> usize {
    let mut at = from;
    while let Some(found) = text[at..].find("{%") {
        let start = at + found + 2;
        let Some(len) = text[start..].find("%}") else {
            break;
        };
        let inside = &text[start..start + len];
        if inside.trim_matches(|c: char| c == '-' || c.is_whitespace()) == "endraw" {
            return start + len + 2;
        }
        at = start;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_templates_pass() {
        let text = "<p>{{ (a + b) * c | round }}</p>{% if x[0] and (y or z) %}({{ \"(\" }}{% endif %}{# ((( #}";
        assert_eq!(check(text), None);
        assert_eq!(check("{% raw %}{{ ((( }}{% endraw %}{{ a }}"), None);
        assert_eq!(check("a { b } {"), None);
    }

    #[test]
    fn too_many_open_brackets_are_refused_at_the_first_past_the_limit() {
        let text = format!("x\n{{{{ {} }}}}", "(".repeat(20_000));
        let (at, message) = check(&text).expect("refused");
        assert_eq!(at, 2 + 3 + MAX_OPEN);
        assert!(message.contains("more than 32 brackets"), "{message}");
    }

    #[test]
    fn unbalanced_brackets_are_refused_where_they_are() {
        assert_eq!(check("{{ a) }}").map(|p| p.0), Some(4));
        assert_eq!(check("{% if (a %}").map(|p| p.0), Some(6));
        assert_eq!(check("{{ [a) }}").map(|p| p.0), Some(5));
        // After a raw block ends, tags are checked again.
        assert_eq!(
            check("{% raw %}({% endraw %}{{ (a }}").map(|p| p.0),
            Some(25)
        );
    }

    #[test]
    fn blocks_nested_too_deep_are_refused_at_the_first_past_the_limit() {
        let ok = format!(
            "{}{}",
            "{% if a %}".repeat(MAX_BLOCKS),
            "{% endif %}".repeat(MAX_BLOCKS)
        );
        assert_eq!(check(&(ok.clone() + &ok)), None);
        let deep = "{%- for x in y -%}".repeat(1_000);
        let (at, message) = check(&deep).expect("refused");
        assert_eq!(at, MAX_BLOCKS * "{%- for x in y -%}".len());
        assert!(message.contains("more than 64 blocks"), "{message}");
    }

    #[test]
    fn an_unclosed_tag_is_left_to_tera() {
        assert_eq!(check("{{ (a"), None);
    }
}
