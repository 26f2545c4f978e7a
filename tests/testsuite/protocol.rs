//! Trees that carry a triage protocol (`protocol` fixture): findings recorded on the way, sign
//! checklists asked one sign per page, a variable, and compact pages. The crawler walks the
//! tree file with its own reading of the format (no code shared with carepath) in step with the
//! built pages, and checks every end page against it.

use crate::harness::Site;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn built() -> Site {
    let site = Site::fixture("protocol");
    site.build().assert_code(0);
    site
}

const NO_DANGER: &str = "No, my child has none of these danger signs";
const CHILD: &str = "My child is 1 to 5 years old";
const INFANT: &str = "My child is under 1 year old";

fn main_after(site: &Site, answers: &[&str]) -> String {
    let page = crate::walk::page_after(&site.join("public"), "child", answers);
    site.main_of(page.to_str().unwrap())
}

// A checklist asks one sign per page, with the checklist's title and the line chosen by the
// age band, and yes/no answers in words.
#[test]
fn renders_checklist_sign_page() {
    let site = built();
    let page = main_after(&site, &[NO_DANGER, INFANT, "Yes, my child breathes fast"]);
    assert!(
        page.contains("For a baby under 1, fast breathing is 50"),
        "{page}"
    );
    insta::assert_snapshot!(page);
    let child = main_after(&site, &[NO_DANGER, CHILD]);
    assert!(
        child.contains("For a child aged 1 to 5, fast breathing is 40"),
        "{child}"
    );
}

// A page after finished parts shows each part as one line with its finding and a Change link
// to the part's first page, and the current part's answers one by one.
#[test]
fn mid_path_page_shows_earlier_findings() {
    let site = built();
    let answers = [
        NO_DANGER,
        CHILD,
        "Yes, my child breathes fast",
        "Yes, the skin pulls in",
        "Yes, the eyes look sunken",
        "No, my child drinks as usual",
    ];
    insta::assert_snapshot!(main_after(&site, &answers));
}

// An end page shows every finding of the path, most urgent first, each with its own advice.
#[test]
fn end_page_shows_every_finding_most_urgent_first() {
    let site = built();
    let mut answers = vec![
        NO_DANGER,
        INFANT,
        "No, the breathing is not fast",
        "Yes, the skin pulls in",
        "No, I hear no whistling",
        "No, the cough is newer or there is none",
        "No, my baby is not feeding well",
    ];
    answers.extend([
        "Yes, the eyes look sunken",
        "Yes, my child drinks eagerly",
        "Yes, my child feels hot",
        "Yes, the neck is stiff",
        "No, there is no ear pain",
        "No, I see no pus",
        "No, there is no swelling",
        "No, the hearing is the same",
    ]);
    insta::assert_snapshot!(main_after(&site, &answers));
}

// Pages that are the same for the reader are written once: the build reports pages and states,
// and the four-part protocol fits the default budget of 5,000 pages.
#[test]
fn summary_reports_pages_and_states() {
    let run = Site::fixture("protocol").build();
    run.assert_code(0);
    // Listing the signs of finished checklists would not fit the page budget: the build says so.
    assert!(
        run.stdout.contains("note: \"Check a child who is unwell\": \"Your answers\" shows each finished checklist by its finding, without the signs found: listing them would need more than `tree_page_budget` (5000) pages\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("(\"Check a child who is unwell\" 2087 pages, 1001 states, 892 ends, 4 cases cover 4 of 163 end states (2%), 9/11 end pages, 15/18 answers)"),
        "{}",
        run.stdout
    );
}

// Every end page shows exactly the findings an independent walk of the tree file computes for
// the answers that reach it, most urgent first; every link on the way names a page that exists.
#[test]
fn crawl_matches_an_independent_walk_of_the_protocol() {
    let site = built();
    let content = site.join("content");
    let out = site.join("public");
    let protocol = Protocol::read(&content, "child");
    let mut seen = BTreeSet::new();
    let mut ends = 0;
    let start = Walker {
        node: protocol.start.clone(),
        sign: 0,
        counts: Vec::new(),
        band: None,
        findings: Vec::new(),
    };
    let mut stack = vec![(
        PathBuf::from("checks/child/index.html"),
        protocol.enter(start),
    )];
    while let Some((page, walker)) = stack.pop() {
        if !seen.insert((page.clone(), format!("{walker:?}"))) {
            continue;
        }
        let html = std::fs::read_to_string(out.join(&page)).unwrap();
        for href in hrefs(&html) {
            let target = page.parent().unwrap().join(&href);
            assert!(
                out.join(&target).is_file(),
                "{}: {href} is missing",
                page.display()
            );
        }
        match walker {
            Walked::At(w) => {
                let links = answer_links(&html);
                let labels = protocol.labels(&w);
                assert_eq!(
                    links.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>(),
                    labels,
                    "{}",
                    page.display()
                );
                for (label, href) in links {
                    let next = crate::walk::normalise(&page.parent().unwrap().join(href));
                    stack.push((next, protocol.answer(&w, &label)));
                }
            }
            Walked::End(findings, outcome) => {
                let want: Vec<String> = protocol.shown(&content, &findings, outcome);
                assert_eq!(card_titles(&html), want, "{}", page.display());
                ends += 1;
            }
        }
    }
    assert!(ends >= 892, "{ends} end visits");
}

/// The tree file, read as a table.
struct Protocol {
    start: String,
    nodes: toml::Table,
}

/// Where the independent walk stands: at a node (and sign), with the band and findings so far.
#[derive(Debug, Clone)]
struct Walker {
    node: String,
    sign: usize,
    counts: Vec<usize>,
    band: Option<String>,
    findings: Vec<String>,
}

#[derive(Debug, Clone)]
enum Walked {
    At(Walker),
    /// The findings recorded, and the page the last answer names.
    End(Vec<String>, Option<String>),
}

impl Protocol {
    fn read(content: &Path, slug: &str) -> Protocol {
        let text = std::fs::read_to_string(content.join(format!("checks/{slug}.toml"))).unwrap();
        let tree: toml::Table = text.parse().unwrap();
        Protocol {
            start: tree["start"].as_str().unwrap().to_string(),
            nodes: tree["nodes"].as_table().unwrap().clone(),
        }
    }

    fn node(&self, id: &str) -> &toml::Table {
        self.nodes[id].as_table().unwrap()
    }

    fn signs(&self, id: &str) -> Option<&Vec<toml::Value>> {
        self.node(id).get("signs").and_then(|s| s.as_array())
    }

    /// Each rule as (needed, sign ids counted), in order.
    fn rules(&self, id: &str) -> Vec<(usize, Vec<String>)> {
        let all: Vec<String> = self
            .signs(id)
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect();
        self.node(id)["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let of = r
                    .get("of")
                    .and_then(|o| o.as_array())
                    .map_or(all.clone(), |o| {
                        o.iter().map(|s| s.as_str().unwrap().to_string()).collect()
                    });
                (r["at_least"].as_integer().unwrap() as usize, of)
            })
            .collect()
    }

    /// A walker arriving at its node: a checklist starts at its first sign still needed.
    fn enter(&self, mut w: Walker) -> Walked {
        if self.signs(&w.node).is_some() {
            w.counts = vec![0; self.rules(&w.node).len()];
            w.sign = 0;
            return self.next_sign(w);
        }
        Walked::At(w)
    }

    /// In a checklist: the first rule met with all before it out of reach decides; else the
    /// next sign an open rule still counts is asked.
    fn next_sign(&self, mut w: Walker) -> Walked {
        let signs = self.signs(&w.node).unwrap();
        let ids: Vec<&str> = signs.iter().map(|s| s["id"].as_str().unwrap()).collect();
        let rules = self.rules(&w.node);
        let mut open = Vec::new();
        for (i, (need, of)) in rules.iter().enumerate() {
            let left = of
                .iter()
                .filter(|s| ids.iter().position(|x| x == s).unwrap() >= w.sign)
                .count();
            if w.counts[i] >= *need {
                if open.is_empty() {
                    let rule = self.node(&w.node)["rules"].as_array().unwrap()[i].clone();
                    return self.leave(w, &rule);
                }
                break;
            } else if w.counts[i] + left >= *need {
                open.push(of.clone());
            }
        }
        if open.is_empty() {
            let otherwise = self.node(&w.node)["otherwise"].clone();
            return self.leave(w, &otherwise);
        }
        while !open.iter().any(|of| of.iter().any(|s| s == ids[w.sign])) {
            w.sign += 1;
        }
        Walked::At(w)
    }

    /// Leaves by an answer or a rule: set, record, then go on or end.
    fn leave(&self, mut w: Walker, exit: &toml::Value) -> Walked {
        if let Some(band) = exit.get("set").and_then(|s| s.get("band")) {
            w.band = Some(band.as_str().unwrap().to_string());
        }
        if let Some(record) = exit.get("record") {
            let record = record.as_str().unwrap().to_string();
            if !w.findings.contains(&record) {
                w.findings.push(record);
            }
        }
        let to = match exit.get("to") {
            None => return Walked::End(w.findings, None),
            Some(toml::Value::String(to)) => to.clone(),
            Some(by) => by["band"][w.band.as_deref().unwrap()]
                .as_str()
                .unwrap()
                .to_string(),
        };
        if to.ends_with(".md") {
            return Walked::End(w.findings, Some(to));
        }
        w.node = to;
        self.enter(w)
    }

    /// The answers offered where the walker stands.
    fn labels(&self, w: &Walker) -> Vec<String> {
        match self.signs(&w.node) {
            Some(signs) => ["yes", "no"]
                .iter()
                .map(|k| signs[w.sign][*k].as_str().unwrap().to_string())
                .collect(),
            None => self.node(&w.node)["answers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["label"].as_str().unwrap().to_string())
                .collect(),
        }
    }

    fn answer(&self, w: &Walker, label: &str) -> Walked {
        let mut w = w.clone();
        match self.signs(&w.node) {
            Some(signs) => {
                let sign = &signs[w.sign];
                if sign["yes"].as_str() == Some(label) {
                    let id = sign["id"].as_str().unwrap().to_string();
                    for (i, (_, of)) in self.rules(&w.node).iter().enumerate() {
                        w.counts[i] += usize::from(of.contains(&id));
                    }
                }
                w.sign += 1;
                self.next_sign(w)
            }
            None => {
                let answers = self.node(&w.node)["answers"].as_array().unwrap().clone();
                let answer = answers
                    .iter()
                    .find(|a| a["label"].as_str() == Some(label))
                    .unwrap();
                self.leave(w, answer)
            }
        }
    }

    /// Titles of the pages, most urgent first (ties in the order recorded).
    /// The cards an end shows: the findings, most urgent first, and the page the last answer
    /// names when nothing was recorded or when it is more urgent than every finding.
    fn shown(&self, content: &Path, findings: &[String], outcome: Option<String>) -> Vec<String> {
        let order = ["emergency", "urgent", "gp", "pharmacy", "self-care"];
        let card = |p: &String| {
            let front = crate::walk::front_matter(&content.join(p));
            let care = front["care"].as_str().unwrap();
            (
                order.iter().position(|c| *c == care).unwrap(),
                front["title"].as_str().unwrap().to_string(),
            )
        };
        let mut found: Vec<(usize, String)> = findings.iter().map(card).collect();
        found.sort_by_key(|(care, _)| *care);
        if let Some(outcome) = outcome.filter(|o| !findings.contains(o)) {
            let (care, title) = card(&outcome);
            if found.first().is_none_or(|(most, _)| care < *most) {
                found.insert(0, (care, title));
            }
        }
        found
            .into_iter()
            .map(|(_, t)| t.replace('\'', "&#39;"))
            .collect()
    }
}

/// The `(label, href)` of each answer link.
fn answer_links(html: &str) -> Vec<(String, String)> {
    let Some(start) = html.find("<ul class=\"answers\">") else {
        return Vec::new();
    };
    let list = &html[start..start + html[start..].find("</ul>").unwrap()];
    list.split("<a href=\"")
        .skip(1)
        .map(|a| {
            let (href, rest) = a.split_once("\">").unwrap();
            let label = rest.split("</a>").next().unwrap().replace("&#39;", "'");
            (label, href.to_string())
        })
        .collect()
}

/// The headings of the care cards of an end page: the `<h1>`, then each `<h3>`.
fn card_titles(html: &str) -> Vec<String> {
    let mut titles = vec![between(html, "<h1>", "</h1>").to_string()];
    let mut rest = html;
    while let Some(at) = rest.find("<h3>") {
        rest = &rest[at + 4..];
        titles.push(rest[..rest.find("</h3>").unwrap()].to_string());
    }
    titles
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).map_or(0, |i| i + start.len());
    &html[from..from + html[from..].find(end).unwrap()]
}

fn hrefs(html: &str) -> Vec<String> {
    let main = between(html, "<main", "</main>");
    main.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| !h.starts_with("http"))
        .map(str::to_string)
        .collect()
}

// The steps say how each checklist's rules are tried: by urgency (checked), or in the order
// written when the checklist says `precedence = "order"`.
#[test]
fn steps_say_how_checklist_rules_are_tried() {
    let site = Site::fixture("protocol-short");
    let tree = site.join("content/checks/child.toml");
    let text = crate::harness::read(&tree);
    let run = site.run(&["tree", "[site]/content/checks/child.toml"]);
    run.assert_code(0);
    let checked = "  The first rule met decides; no rule comes before a more urgent one.\n";
    assert_eq!(run.stdout.matches(checked).count(), 2, "{}", run.stdout);
    let ordered = text.replacen(
        "title = \"Breathing\"\n",
        "title = \"Breathing\"\nprecedence = \"order\"\n",
        1,
    );
    crate::harness::write(&tree, ordered);
    let run = site.run(&["tree", "[site]/content/checks/child.toml"]);
    run.assert_code(0);
    assert!(
        run.stdout.contains("  The first rule met decides, in the order written, even where a later rule is more urgent (precedence = \"order\").\n"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches(checked).count(), 1, "{}", run.stdout);
}

/// The `protocol` fixture with two findings that name the service to contact and how soon:
/// one heads the end page of `SERVICE_ANSWERS`, one is an extra card there.
fn built_with_services() -> Site {
    let site = Site::fixture("protocol");
    for (file, lines) in [
        (
            "content/findings/severe-dehydration.md",
            "care = \"urgent\"\nservice = \"Walk-in centre\"\nwhen = \"today\"\n",
        ),
        (
            "content/findings/pneumonia.md",
            "care = \"gp\"\nservice = \"Health centre\"\nwhen = \"within 2 days\"\n",
        ),
    ] {
        let path = site.join(file);
        let text = crate::harness::read(&path);
        let care = lines.lines().next().unwrap_or_default();
        assert!(text.contains(care), "{file} has no `{care}`");
        crate::harness::write(&path, text.replacen(&format!("{care}\n"), lines, 1));
    }
    site.build().assert_code(0);
    site
}

const SERVICE_ANSWERS: [&str; 15] = [
    NO_DANGER,
    INFANT,
    "No, the breathing is not fast",
    "Yes, the skin pulls in",
    "No, I hear no whistling",
    "No, the cough is newer or there is none",
    "No, my baby is not feeding well",
    "Yes, the eyes look sunken",
    "Yes, my child drinks eagerly",
    "Yes, my child feels hot",
    "Yes, the neck is stiff",
    "No, there is no ear pain",
    "No, I see no pus",
    "No, there is no swelling",
    "No, the hearing is the same",
];

// A page that names a service (`service` and `when` in front matter) shows it as its card's
// badge, on the end page's first card and on the extra cards alike; cards without one keep the
// site's words for their level, and the level still orders them (a finding's own page shows no
// card).
#[test]
fn cards_name_the_service_and_how_soon() {
    let site = built_with_services();
    let page = main_after(&site, &SERVICE_ANSWERS);
    assert!(
        page.contains("</span>Walk-in centre: today</p>\n<h1>"),
        "{page}"
    );
    assert!(
        page.contains("</span>Health centre: within 2 days</p>"),
        "{page}"
    );
    insta::assert_snapshot!(page);
}

// The disposition table says the service after the level's words, in Markdown, CSV (a
// `service` column beside the level's key) and `cases.html`.
#[test]
fn disposition_table_names_the_service() {
    let site = built_with_services();
    let tree = "[site]/content/checks/child.toml";
    let table = site.run(&["tree", tree, "--format", "table"]);
    table.assert_code(0);
    let line = table
        .stdout
        .lines()
        .find(|l| l.contains("| Your child may be very dry"))
        .unwrap_or_default();
    assert!(
        line.contains("| Urgent: today — Walk-in centre: today |"),
        "{line}"
    );
    let csv = site.run(&["tree", tree, "--format", "csv"]);
    csv.assert_code(0);
    assert!(
        csv.stdout.starts_with("path,care_level,service,answers,"),
        "{}",
        csv.stdout
    );
    assert!(csv.stdout.contains(",urgent,Walk-in centre: today,"));
    // The table is split over pages: the row is on one of them.
    let shown = (1..=20)
        .map(|n| site.join(&format!("public/checks/child/cases-{n}.html")))
        .chain([site.join("public/checks/child/cases.html")])
        .filter(|p| p.exists())
        .any(|p| {
            crate::harness::read(&p).contains(">Urgent: today — Walk-in centre: today</span>")
        });
    assert!(shown, "no cases page names the service");
}
