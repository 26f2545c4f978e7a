use super::*;

fn messages(html: &str) -> Vec<(usize, String)> {
    judge(html, Level::Content)
        .findings
        .into_iter()
        .map(|f| (f.offset, f.message))
        .collect()
}

#[test]
fn allows_the_listed_elements() {
    let html = "<details><summary>More</summary><p class=\"x\" lang=\"cy\"><abbr title=\"t\">T</abbr><br><sup>1</sup></p></details>";
    assert_eq!(messages(html), []);
}

#[test]
fn refuses_script_at_its_offset() {
    let m = messages("<p>x</p>\n<SCRIPT>alert(1)</SCRIPT>");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].0, 9);
    assert!(
        m[0].1.starts_with("`<script>` is not allowed"),
        "{}",
        m[0].1
    );
}

#[test]
fn decodes_character_references_in_urls() {
    for href in [
        "&#106;avascript:alert(1)",
        "jav&#x61;script:alert(1)",
        "jav&Tab;ascript:alert(1)",
        "&#x20;javascript:alert(1)",
        "java&#0000010script:alert(1)",
    ] {
        let html = format!("<a href=\"{href}\">x</a>");
        let m = messages(&html);
        assert_eq!(m.len(), 1, "{href}: {m:?}");
        assert_eq!(m[0].0, 3, "{href}");
        assert!(m[0].1.contains("`javascript:` URL runs script"), "{href}");
    }
}

#[test]
fn slash_separated_handler_is_positioned() {
    let m = messages("<a/onclick=alert(1)>x</a>");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].0, 3);
    assert!(m[0].1.contains("event handlers run script"));
}

#[test]
fn text_that_looks_like_script_is_inert() {
    assert_eq!(messages("<p>Turn javascript: off. onclick=fine</p>"), []);
    assert_eq!(messages("<!-- <script> -->"), []);
    assert_eq!(messages("<p title=\"<script>\">x</p>"), []);
}

#[test]
fn raw_text_elements_hide_what_follows() {
    // The browser reads `<img onerror>` inside a textarea as text: only `<textarea>` is refused.
    let m = messages("<textarea><img src=x onerror=alert(1)></textarea>");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].0, 0);
}

#[test]
fn unfinished_tag_is_an_error() {
    let m = messages("<p>x</p><a href=\"y");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].0, 8);
}

#[test]
fn collects_links_with_their_value_span() {
    let html = "<p><a class=\"c\" href='x.md#a'>x</a><img src=i.png alt=\"A spine\"></p>";
    let judged = judge(html, Level::Content);
    assert_eq!(judged.findings, []);
    let links: Vec<_> = judged
        .links
        .iter()
        .map(|l| (l.dest.as_str(), l.offset, &html[l.span.clone().unwrap()]))
        .collect();
    assert_eq!(links, [("x.md#a", 16, "'x.md#a'"), ("i.png", 40, "i.png")]);
}

#[test]
fn image_needs_alt() {
    assert_eq!(messages("<img src=\"a.png\">").len(), 1);
    assert_eq!(messages("<img src=\"a.png\" alt=\"\">").len(), 1);
    assert_eq!(messages("<img src=\"a.png\" alt=\"a.png\">").len(), 1);
    assert_eq!(
        messages("<img src=\"a.png\" alt=\"\" role=\"presentation\">").len(),
        0
    );
}

#[test]
fn pages_may_carry_their_frame_and_a_csp() {
    let html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\"><link rel=\"stylesheet\" href=\"style.css\"></head><body><main id=\"main\"><h1>T</h1></main></body></html>";
    let judged = judge(html, Level::Page);
    assert_eq!(judged.findings, []);
    assert_eq!(judged.csp, ["script-src 'none'"]);
    let refresh = judge("<meta http-equiv=refresh content=\"0;url=x\">", Level::Page);
    assert_eq!(refresh.findings.len(), 1);
    assert_eq!(
        judge("<base href=\"https://x\">", Level::Page)
            .findings
            .len(),
        1
    );
}

#[test]
fn assets_may_not_run_script() {
    let svg = "<svg><a xlink:href=\"javascript:x\"><rect/></a><circle onload=\"x\"/></svg>";
    assert_eq!(judge(svg, Level::Asset).findings.len(), 2);
    assert_eq!(
        judge("<svg><rect class=\"a\"/></svg>", Level::Asset).findings,
        []
    );
}

#[test]
fn a_scroll_box_may_be_focusable_but_not_reorder_focus() {
    let ok = "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table: Doses\" tabindex=\"0\"><table><tr><td>1</td></tr></table></div>";
    assert_eq!(judge(ok, Level::Content).findings, []);
    assert_eq!(messages("<div tabindex=\"3\">x</div>").len(), 1);
    assert_eq!(messages("<p tabindex=\"0\">x</p>").len(), 1);
}

/// A tag's name, whether it is an end tag, and its attributes' names and decoded values.
type TagView = (String, bool, Vec<(String, String)>);

/// Every tag, without its place.
fn unplaced_view(tokens: tokens::Tokens) -> Vec<TagView> {
    let tags = tokens.tags.into_iter().map(|t| {
        let attrs = t.attrs.into_iter();
        let attrs = attrs.map(|a| (a.name.to_string(), a.value.to_string()));
        (t.name.to_string(), t.end, attrs.collect())
    });
    tags.collect()
}

#[test]
fn tokenizing_whole_reads_the_same_tags_as_tokenizing_in_pieces() {
    for html in [
        "<p class=x>a</p><a href=\"&#106;avascript:alert(1)\">x</a>",
        "<title>a <b> c</title><style>p > b { }</style><p onclick=\"a>b\">x",
        "<svg><style><script>x</script></style></svg><textarea></p></textarea><script>a<b</script>",
        "<!-- a > b --><img src=x alt='a > b'/><a/onclick=alert(1)>t</a><plaintext><p>",
        "<p title=\"unfinished",
    ] {
        let whole = tokens::tokenize_unplaced(html);
        let pieces = tokens::tokenize(html);
        assert_eq!(
            whole.unfinished.is_some(),
            pieces.unfinished.is_some(),
            "{html}"
        );
        assert_eq!(unplaced_view(whole), unplaced_view(pieces), "{html}");
    }
}

/// Markup that tokenizers get wrong when they cut corners: character references in names and
/// values, raw-text and foreign content, odd separators, unfinished markup.
const TRICKY: &[&str] = &[
    "<p class=x>a</p><a href=\"&#106;avascript:alert(1)\">x</a>",
    "<title>a <b> c</title><style>p > b { }</style><p onclick=\"a>b\">x",
    "<svg><style><script>x</script></style></svg><textarea></p></textarea><script>a<b</script>",
    "<!-- a > b --><img src=x alt='a > b'/><a/onclick=alert(1)>t</a><plaintext><p>",
    "<p title=\"unfinished",
    "<a href=java&Tab;script:x HREF=y>dup</a><IMG SRC=a ALT=b>",
    "<noframes><script>x</script></noframes><noscript><p onclick=x></noscript>",
    "<svg/><script>a</script><math><mi><![CDATA[<script>]]></mi></math><p>",
    "<script><!--<script>x</script>--></script><p onload=y>",
    "<a href='&amp;&lt;&notin;&notit;&#x0;&#128;'>x</a><b\0c d\0=e>",
    "</p foo=bar><p =x a=b=c \"q\"=1 /x>",
    "<!doctype html><html lang=en><head><meta charset=utf-8></head></html",
    "<xmp><b></xmp><iframe><b></iframe><noembed></noembed><textarea>&amp;</textarea>",
    "text < 3 and <3 and < p> and </ > and <!x> and <?php ?>",
    // Input that ends inside markup, or right after it.
    "<p>x<!-- a >",
    "<p>x<!-- a --",
    "<!DOCTYPE html",
    "<!DOCTYPE html PUBLIC \"a>",
    "<p title='a>b",
    "<p class",
    "x</",
    "x<",
    "<svg><![CDATA[x",
    "<title>x</titl",
    "<p>x<!--x-->",
    "<p>x<!---->",
    "<!-->",
    "<!x",
    "<!x>",
    "<!doctype html>",
];

#[test]
fn finished_pages_are_not_taken_for_unfinished_ones() {
    for html in [
        "<!doctype html><html><body><p>x</p><!-- c --></body></html>\n",
        "<p>x</p><!-- c -->",
        "<svg><path d=\"M0\"/></svg><p>x",
        "<textarea>a</textarea><title>t</title>",
    ] {
        assert!(!quick::scan(html, &mut |_| {}), "{html}");
    }
}

#[test]
fn the_quick_reading_reads_the_same_tags_as_html5ever() {
    for html in TRICKY {
        assert_eq!(quick::differs(html), None, "{html}");
    }
}

#[test]
fn a_page_the_quick_reading_finds_unfinished_is_read_again_and_placed() {
    let html = "<main><p>x</p><p title=\"open";
    let found = judge(html, Level::Page).findings;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].offset, html.rfind('<').unwrap_or_default());
}

#[test]
fn page_findings_are_placed_although_pages_are_first_read_unplaced() {
    let html = "<main><p>x</p>\n<p onclick=\"go()\">y</p></main>";
    let found = judge(html, Level::Page).findings;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].offset, html.find("onclick").unwrap_or_default());
}

#[test]
fn content_elements_are_sorted_for_their_search() {
    assert!(allow::CONTENT_ELEMENTS.is_sorted());
}

#[test]
fn elements_are_allowed_alike_by_name_and_by_atom() {
    let names = allow::CONTENT_ELEMENTS.iter().chain(allow::PAGE_ELEMENTS);
    for name in names.chain(&["script", "svg", "x-custom", "iframe"]) {
        for page in [false, true] {
            let atom = html5ever::LocalName::from(*name);
            let by_atom = allow::element_allowed_atom(&atom, page);
            assert_eq!(allow::element_allowed(name, page), by_atom, "{name}");
        }
    }
}
