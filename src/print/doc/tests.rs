use super::*;

/// Resolves every link to `https://x.org/<href>` and every image to `/img/0.png`.
struct Fixed;

impl Resolve for Fixed {
    fn link(&mut self, href: &str) -> Option<String> {
        (!href.starts_with('#')).then(|| format!("https://x.org/{href}"))
    }
    fn image(&mut self, src: &str) -> Option<String> {
        (!src.starts_with("http")).then(|| "/img/0.png".to_string())
    }
}

fn blocks(html: &str) -> Vec<Block> {
    blocks_of_html(html, &mut Fixed)
}

fn text(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

#[test]
fn headings_paragraphs_and_emphasis() {
    let got = blocks(
        "<h2 id=\"a\">What it is</h2>\n<p>It <em>often</em> gets <strong>better</strong>.</p>\n",
    );
    assert_eq!(
        got,
        [
            Block::H {
                level: 2,
                c: vec![text("What it is")]
            },
            Block::P {
                c: vec![
                    text("It "),
                    Inline::Styled(Styled::Em {
                        c: vec![text("often")]
                    }),
                    text(" gets "),
                    Inline::Styled(Styled::Strong {
                        c: vec![text("better")]
                    }),
                    text("."),
                ]
            },
        ]
    );
}

#[test]
fn headings_never_skip_a_level() {
    let levels: Vec<u8> = blocks("<h1>a</h1><h4>b</h4><h3>c</h3><h2>d</h2><h5>e</h5>")
        .iter()
        .filter_map(|b| match b {
            Block::H { level, .. } => Some(*level),
            _ => None,
        })
        .collect();
    assert_eq!(levels, [2, 3, 3, 2, 3]);
}

#[test]
fn lists_nest_and_keep_their_start() {
    let got = blocks(
        "<ol start=\"3\">\n<li>one\n<ul>\n<li>a</li>\n</ul>\n</li>\n<li><p>two</p></li>\n</ol>",
    );
    assert_eq!(
        got,
        [Block::Ol {
            start: 3,
            items: vec![
                vec![
                    Block::P {
                        c: vec![text("one")]
                    },
                    Block::Ul {
                        items: vec![vec![Block::P { c: vec![text("a")] }]]
                    }
                ],
                vec![Block::P {
                    c: vec![text("two")]
                }],
            ]
        }]
    );
}

#[test]
fn tables_have_a_header_and_rows_as_wide_as_the_widest() {
    let html = "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\"><table><thead><tr><th>Dose</th><th>When</th></tr></thead><tbody><tr><td>1</td><td>am</td></tr><tr><td>2</td></tr></tbody></table></div>";
    assert_eq!(
        blocks(html),
        [Block::Table {
            head: vec![vec![text("Dose")], vec![text("When")]],
            rows: vec![
                vec![vec![text("1")], vec![text("am")]],
                vec![vec![text("2")], vec![]],
            ],
        }]
    );
}

#[test]
fn images_keep_their_alt_text_and_decorative_ones_are_left_out() {
    let got = blocks(
        "<p><img src=\"lift.png\" alt=\"Bend your knees\"> <img src=\"x.png\" alt=\"\"></p><p><img src=\"https://a.org/i.png\" alt=\"Far away\"></p>",
    );
    assert_eq!(
        got,
        [
            Block::Img {
                src: "/img/0.png".into(),
                alt: "Bend your knees".into()
            },
            Block::P {
                c: vec![Inline::Styled(Styled::Em {
                    c: vec![text("Far away")]
                })]
            },
        ]
    );
}

#[test]
fn links_are_resolved_and_code_is_kept_exactly() {
    let got = blocks(
        "<p><a href=\"gp.html\">See a GP</a> <a href=\"#top\">up</a></p><pre><code>#import \"x\"\n  $y$\n</code></pre>",
    );
    assert_eq!(
        got,
        [
            Block::P {
                c: vec![
                    Inline::Styled(Styled::Link {
                        url: Some("https://x.org/gp.html".into()),
                        c: vec![text("See a GP")]
                    }),
                    text(" "),
                    Inline::Styled(Styled::Link {
                        url: None,
                        c: vec![text("up")]
                    }),
                ]
            },
            Block::Code {
                text: "#import \"x\"\n  $y$".into()
            },
        ]
    );
}

#[test]
fn deep_nesting_is_flattened_not_lost() {
    let html = format!(
        "{}deep{}",
        "<blockquote>".repeat(40),
        "</blockquote>".repeat(40)
    );
    let got = blocks(&html);
    assert_eq!(plain_text(&got), "deep");
    let html = format!("<p>{}x{}</p>", "<em>".repeat(40), "</em>".repeat(40));
    assert_eq!(plain_text(&blocks(&html)), "x");
}

#[test]
fn text_is_data_in_the_json_the_template_reads() {
    let source = "#read(\"/etc/passwd\") $x$ @ref <label> \\ #import \"a.typ\": *";
    let html = format!(
        "<p>{}</p>",
        source.replace('<', "&lt;").replace('>', "&gt;")
    );
    let got = blocks(&html);
    assert_eq!(plain_text(&got), source);
    let json = serde_json::to_string(&got).unwrap();
    assert_eq!(
        json,
        format!(
            "[{{\"k\":\"p\",\"c\":[{}]}}]",
            serde_json::to_string(source).unwrap()
        )
    );
}
