use super::*;

fn render(body: &str) -> Rendered {
    super::render(body, &Snippets::default())
}

#[test]
fn renders_tables_footnotes_and_heading_ids() {
    let r = render(
        "## When to get help\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1]\n\n[^1]: Foot.\n",
    );
    assert!(
        r.html
            .contains("<h2 id=\"when-to-get-help\">When to get help</h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains("footnote-definition"));
    assert_eq!(r.ids, ["when-to-get-help"]);
}

#[test]
fn duplicate_headings_get_unique_ids() {
    let r = render("## Help\n\n## Help\n\n## Other {#custom}\n");
    assert_eq!(r.ids, ["help", "help-1", "custom"]);
}

#[test]
fn rewrites_md_and_tree_links_and_keeps_external() {
    let r =
        render("[a](../causes/x.md#why) [b](../checks/t.toml) [c](https://nhs.uk/x.md) [d](#top)");
    assert!(r.html.contains("href=\"../causes/x.html#why\""));
    assert!(r.html.contains("href=\"../checks/t/index.html\""));
    assert!(r.html.contains("href=\"https://nhs.uk/x.md\""));
    assert!(r.html.contains("href=\"#top\""));
    let dests: Vec<_> = r.links.iter().map(|l| l.dest.as_str()).collect();
    assert_eq!(
        dests,
        [
            "../causes/x.md#why",
            "../checks/t.toml",
            "https://nhs.uk/x.md",
            "#top"
        ]
    );
    assert_eq!(r.links[1].offset, 24);
}

#[test]
fn flags_script_in_raw_html() {
    let r = render("Hello\n\n<script>alert(1)</script>\n");
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].offset, 7);
    assert!(r.problems[0].is_error);
}

#[test]
fn warns_on_skipped_and_h1_headings() {
    let r = render("# Title\n\n## A\n\n#### B\n");
    let msgs: Vec<_> = r.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(msgs[1].contains("skips a level"));
}

#[test]
fn external_detection() {
    assert!(is_external("mailto:a@b"));
    assert!(is_external("tel:111"));
    assert!(!is_external("causes/x.md"));
    assert!(!is_external("x.md#a:b"));
}

#[test]
fn rebases_links_for_pages_in_other_folders() {
    let rebase = Rebase {
        source_dir: "outcomes".into(),
        page_dir: "checks/t".into(),
        ..Rebase::default()
    };
    let r = render_for(
        "[a](emergency.md) [b](../causes/x.md#why) [c](#top)",
        &rebase,
    );
    assert!(
        r.html.contains("href=\"../../outcomes/emergency.html\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("href=\"../../causes/x.html#why\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("href=\"#top\""));
}

#[test]
fn includes_a_snippet_in_place_of_the_directive() {
    let snippets: Snippets = std::sync::Arc::new(
        [(
            PathBuf::from("snippets/signs.md"),
            "- chest pain\n- numb bottom\n".to_string(),
        )]
        .into_iter()
        .collect(),
    );
    let r = super::render(
        "Call 999 if you have:\n\n{{ include snippets/signs.md }}\n\nThen rest.\n",
        &snippets,
    );
    assert_eq!(
        r.html,
        "<p>Call 999 if you have:</p>\n<ul>\n<li>chest pain</li>\n<li>numb bottom</li>\n</ul>\n<p>Then rest.</p>\n"
    );
    assert!(r.problems.is_empty());
}

#[test]
fn reports_an_unknown_snippet_at_the_directive() {
    let r = render("Text.\n\n{{ include snippets/nope.md }}\n");
    assert_eq!(
        r.problems,
        [Problem {
            offset: 7,
            message: "no snippet `content/snippets/nope.md` to include: put shared text in `content/snippets/NAME.md`".into(),
            is_error: true,
        }]
    );
}

#[test]
fn raw_html_links_are_recorded_and_rewritten_like_markdown_links() {
    let body = "Intro.\n\n<div class=\"box\">\n<p>See <a href='../causes/x.md#why'>x</a>\n<img src=\"i.png\" alt=\"\" role=\"presentation\"></p>\n</div>\n\nAnd <a href=\"y.md\">y</a>.\n";
    let r = render(body);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert!(
        r.html.contains("<a href=\"../causes/x.html#why\">x</a>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<a href=\"y.html\">y</a>"), "{}", r.html);
    let links: Vec<_> = r
        .links
        .iter()
        .map(|l| (l.dest.as_str(), l.offset))
        .collect();
    assert_eq!(
        links,
        [
            ("../causes/x.md#why", body.find("href='").unwrap()),
            ("i.png", body.find("src=").unwrap()),
            ("y.md", body.find("href=\"y").unwrap()),
        ]
    );
}

#[test]
fn raw_html_problems_are_positioned_in_the_body() {
    let body = "Text.\n\n<div>\n<a/onclick=\"x()\">a</a>\n</div>\n\n[d](data:text/html,x)\n";
    let r = render(body);
    let offsets: Vec<usize> = r.problems.iter().map(|p| p.offset).collect();
    assert_eq!(
        offsets,
        [body.find("[d]").unwrap(), body.find("onclick").unwrap()]
    );
}

#[test]
fn images_need_words_not_file_names() {
    let r = render(
        "![](lift.png)\n\n![IMG_1234](lift.png)\n\n![A person lifting a box with bent knees](lift.png)\n",
    );
    let found: Vec<_> = r
        .problems
        .iter()
        .map(|p| (p.offset, p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                0,
                "this image has no alt text: say in words what it shows (a reader who cannot see it hears them); only a purely decorative image may have none, written as `<img src=\"…\" alt=\"\" role=\"presentation\">`"
            ),
            (
                15,
                "alt text `IMG_1234` looks like a file name: say in words what the image shows"
            ),
        ]
    );
}

#[test]
fn slug_rule_as_documented_in_the_readme() {
    for (text, id) in [
        ("When to get help", "when-to-get-help"),
        ("What is it? (and why)", "what-is-it-and-why"),
        ("Pain - mild or bad", "pain--mild-or-bad"),
        ("Rest — then move", "rest-then-move"),
        ("Côté gauche", "côté-gauche"),
        ("Über 60s", "über-60s"),
        ("😀", "section"),
    ] {
        assert_eq!(super::slugify(text), id, "{text}");
    }
}
