//! The no-JavaScript rule: finds `<script>` elements, `javascript:` URLs and `on…=` event
//! handlers in HTML, used on raw HTML in articles, on theme templates and on every output page.

/// One thing that would run script, with its byte offset in the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset of the offending tag or attribute.
    pub offset: usize,
    /// What was found, e.g. "a `<script>` element".
    pub what: String,
}

/// Scans `html` tag by tag; text between tags (where `javascript:` may be prose) is ignored.
pub fn scan(html: &str) -> Vec<Finding> {
    let lower = html.to_ascii_lowercase();
    let mut findings = Vec::new();
    let mut pos = 0;
    while let Some(rel) = lower[pos..].find('<') {
        let start = pos + rel;
        if lower[start..].starts_with("<!--") {
            pos = lower[start..]
                .find("-->")
                .map_or(lower.len(), |e| start + e + 3);
            continue;
        }
        let end = tag_end(&lower, start);
        scan_tag(&lower[start..end], start, &mut findings);
        pos = end.max(start + 1);
    }
    findings
}

/// Offset just past the `>` closing the tag at `start`, skipping `>` inside quoted values.
fn tag_end(lower: &str, start: usize) -> usize {
    let mut quote = None;
    for (i, c) in lower[start..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return start + i + 1,
            _ => {}
        }
    }
    lower.len()
}

fn scan_tag(tag: &str, base: usize, findings: &mut Vec<Finding>) {
    let name: String = tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if name == "script" {
        findings.push(Finding {
            offset: base,
            what: "a `<script>` element".into(),
        });
        return;
    }
    if let Some(i) = tag.find("javascript:") {
        findings.push(Finding {
            offset: base + i,
            what: "a `javascript:` URL".into(),
        });
    }
    for (i, _) in tag.match_indices("on") {
        let before = tag[..i].chars().next_back();
        let attr: String = tag[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let after = tag[i + attr.len()..].trim_start();
        if attr.len() > 2 && before.is_some_and(|c| c.is_whitespace()) && after.starts_with('=') {
            findings.push(Finding {
                offset: base + i,
                what: format!("an `{attr}` event handler"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whats(html: &str) -> Vec<String> {
        scan(html).into_iter().map(|f| f.what).collect()
    }

    #[test]
    fn finds_script_element() {
        assert_eq!(scan("<p>x</p><SCRIPT>alert(1)</SCRIPT>")[0].offset, 8);
    }

    #[test]
    fn finds_javascript_url_and_handler() {
        assert_eq!(
            whats("<a href=\"JavaScript:x()\" onclick=\"y()\">a</a>"),
            ["a `javascript:` URL", "an `onclick` event handler"]
        );
    }

    #[test]
    fn ignores_prose_and_lookalikes() {
        assert!(whats("<p>Turn javascript: off. Go on = fine</p>").is_empty());
        assert!(whats("<a href=\"x\" class=\"button\" data-long=\"1\">on=</a>").is_empty());
        assert!(whats("<!-- <script> -->").is_empty());
    }
}
