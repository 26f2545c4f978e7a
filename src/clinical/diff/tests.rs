//! The safety diff against an independent reckoning: random small trees with checklists,
//! findings and a variable, one random edit each. The test walks every combination of answers
//! through both versions with its own interpreter of the tree (not carepath's), and the set of
//! changed outcomes it finds must be exactly the set `tree diff` reports.

use super::{Change, Told, compare_files};
use crate::care::CareLevel;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// A small deterministic generator (xorshift), so a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Pages an answer can end on or record, with their care levels and titles.
const PAGES: [(&str, CareLevel, &str); 7] = [
    ("findings/f0.md", CareLevel::Gp, "Finding zero"),
    ("findings/f1.md", CareLevel::Urgent, "Finding one"),
    ("findings/f2.md", CareLevel::SelfCare, "Finding two"),
    ("findings/f3.md", CareLevel::Pharmacy, "Finding three"),
    ("outcomes/gp.md", CareLevel::Gp, "See a GP"),
    ("outcomes/urgent.md", CareLevel::Urgent, "Get help today"),
    (
        "outcomes/self-care.md",
        CareLevel::SelfCare,
        "Look after yourself",
    ),
];
const FINDINGS: usize = 4;
const EMERGENCY: (&str, CareLevel, &str) =
    ("outcomes/emergency.md", CareLevel::Emergency, "Call 999");

#[derive(Debug, Clone, PartialEq)]
enum To {
    Node(usize),
    Page(usize),
    /// Chosen by the variable `band`: `a`, then `b`.
    ByBand(Box<To>, Box<To>),
}

#[derive(Debug, Clone, PartialEq)]
enum Rec {
    One(usize),
    ByBand(usize, usize),
}

#[derive(Debug, Clone, PartialEq)]
struct Exit {
    to: To,
    record: Option<Rec>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Question(Vec<Exit>),
    Checklist {
        signs: usize,
        rules: Vec<(usize, Vec<usize>, Exit)>,
        otherwise: Exit,
    },
}

/// A tree: `n0` the red-flag screen, `n1` sets `band`, then the generated nodes; every node also
/// has a `line` chosen by `band` (`line_b` is the words for `b`).
#[derive(Debug, Clone, PartialEq)]
struct Gen {
    nodes: Vec<Node>,
    line_b: Vec<String>,
}

fn target(rng: &mut Rng, from: usize, count: usize) -> To {
    let simple = |rng: &mut Rng| {
        if from + 1 < count && rng.below(3) > 0 {
            To::Node(from + 1 + rng.below(count - from - 1))
        } else {
            To::Page(FINDINGS + rng.below(PAGES.len() - FINDINGS))
        }
    };
    if rng.below(4) == 0 {
        To::ByBand(Box::new(simple(rng)), Box::new(simple(rng)))
    } else {
        simple(rng)
    }
}

fn exit(rng: &mut Rng, from: usize, count: usize, first: bool) -> Exit {
    let to = if first && from + 1 < count {
        To::Node(from + 1)
    } else {
        target(rng, from, count)
    };
    let record = match rng.below(4) {
        0 => Some(Rec::One(rng.below(FINDINGS))),
        1 => Some(Rec::ByBand(rng.below(FINDINGS), rng.below(FINDINGS))),
        _ => None,
    };
    Exit { to, record }
}

fn generate(rng: &mut Rng) -> Gen {
    let count = 2 + 2 + rng.below(3);
    let mut nodes = vec![Node::Question(Vec::new()), Node::Question(Vec::new())];
    for i in 2..count {
        nodes.push(if rng.below(2) == 0 {
            let answers = 2 + rng.below(2);
            Node::Question((0..answers).map(|j| exit(rng, i, count, j == 0)).collect())
        } else {
            let signs = 2 + rng.below(2);
            let rules = (0..1 + rng.below(2))
                .map(|r| {
                    let of: Vec<usize> = (0..signs).filter(|_| rng.below(3) > 0).collect();
                    let of = if of.is_empty() { vec![0] } else { of };
                    let at_least = 1 + rng.below(of.len());
                    (at_least, of, exit(rng, i, count, r == 0))
                })
                .collect();
            Node::Checklist {
                signs,
                rules,
                otherwise: exit(rng, i, count, false),
            }
        });
    }
    Gen {
        nodes,
        line_b: (0..count).map(|i| format!("Words for b at n{i}")).collect(),
    }
}

/// One random edit; `None` when the chosen kind does not apply to this tree.
fn edit(rng: &mut Rng, g: &Gen) -> Option<(Gen, &'static str)> {
    let mut e = g.clone();
    let i = 2 + rng.below(g.nodes.len() - 2);
    let count = g.nodes.len();
    let kind = match (&mut e.nodes[i], rng.below(6)) {
        (Node::Checklist { rules, .. }, 0) => {
            let r = rng.below(rules.len());
            let (at_least, of, _) = &mut rules[r];
            *at_least = if *at_least < of.len() {
                *at_least + 1
            } else {
                at_least.saturating_sub(1).max(1)
            };
            "threshold"
        }
        (Node::Checklist { rules, .. }, 1) if rules.len() > 1 => {
            rules.swap(0, 1);
            "rule order"
        }
        (Node::Question(answers), 2) => {
            // The first answer keeps leading to the next node, so every node stays reachable.
            let a = 1 + rng.below(answers.len() - 1);
            answers[a].to = target(rng, i, count);
            "target"
        }
        (Node::Question(answers), 3) => {
            let a = rng.below(answers.len());
            answers[a].record = match &answers[a].record {
                Some(_) => None,
                None => Some(Rec::One(rng.below(FINDINGS))),
            };
            "record"
        }
        (node, 4) => {
            let exits: Vec<&mut Exit> = match node {
                Node::Question(answers) => answers.iter_mut().collect(),
                Node::Checklist {
                    rules, otherwise, ..
                } => rules
                    .iter_mut()
                    .map(|r| &mut r.2)
                    .chain([otherwise])
                    .collect(),
            };
            let choice = exits.into_iter().find(|x| matches!(x.to, To::ByBand(..)))?;
            if let To::ByBand(a, b) = &mut choice.to {
                std::mem::swap(a, b);
            }
            "variable choice"
        }
        (_, 5) => {
            e.line_b[i] = format!("Other words for b at n{i}");
            "line"
        }
        _ => return None,
    };
    (e != *g).then_some((e, kind))
}

fn to_toml(to: &To) -> String {
    let one = |t: &To| match t {
        To::Node(n) => format!("\"n{n}\""),
        To::Page(p) => format!("\"{}\"", PAGES[*p].0),
        To::ByBand(..) => unreachable!("choices are not nested"),
    };
    match to {
        To::ByBand(a, b) => format!("{{ band = {{ a = {}, b = {} }} }}", one(a), one(b)),
        t => one(t),
    }
}

fn exit_toml(out: &mut String, x: &Exit) {
    let _ = writeln!(out, "to = {}", to_toml(&x.to));
    match &x.record {
        Some(Rec::One(f)) => {
            let _ = writeln!(out, "record = \"{}\"", PAGES[*f].0);
        }
        Some(Rec::ByBand(a, b)) => {
            let _ = writeln!(
                out,
                "record = {{ band = {{ a = \"{}\", b = \"{}\" }} }}",
                PAGES[*a].0, PAGES[*b].0
            );
        }
        None => {}
    }
}

fn toml(g: &Gen) -> String {
    let mut out = String::from(
        "title = \"Random\"\nsummary = \"Random.\"\nstart = \"n0\"\nreviewed = 2026-01-01\nnext_review = 2099-01-01\n\n[variables]\nband = [\"a\", \"b\"]\n\n[nodes.n0]\nquestion = \"Any warning sign?\"\nred_flag = true\n\n[[nodes.n0.answers]]\nlabel = \"A warning sign\"\nto = \"outcomes/emergency.md\"\n\n[[nodes.n0.answers]]\nlabel = \"No warning sign\"\nto = \"n1\"\n\n[nodes.n1]\nquestion = \"Which band?\"\n\n[[nodes.n1.answers]]\nlabel = \"Band a\"\nset = { band = \"a\" }\nto = \"n2\"\n\n[[nodes.n1.answers]]\nlabel = \"Band b\"\nset = { band = \"b\" }\nto = \"n2\"\n",
    );
    for (i, node) in g.nodes.iter().enumerate().skip(2) {
        let line = format!(
            "line = {{ band = {{ a = \"Words for a at n{i}\", b = \"{}\" }} }}",
            g.line_b[i]
        );
        match node {
            Node::Question(answers) => {
                let _ = writeln!(out, "\n[nodes.n{i}]\nquestion = \"Question n{i}?\"\n{line}");
                for (j, x) in answers.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "\n[[nodes.n{i}.answers]]\nlabel = \"Answer {j} to n{i}\""
                    );
                    exit_toml(&mut out, x);
                }
            }
            Node::Checklist {
                signs,
                rules,
                otherwise,
            } => {
                let _ = writeln!(
                    out,
                    "\n[nodes.n{i}]\ntitle = \"Checklist n{i}\"\nprecedence = \"order\"\n{line}\nsigns = ["
                );
                for s in 0..*signs {
                    let _ = writeln!(
                        out,
                        "  {{ id = \"s{s}\", question = \"Sign {s} of n{i}?\", yes = \"Sign {s} of n{i} present\", no = \"Sign {s} of n{i} absent\" }},"
                    );
                }
                out.push_str("]\n");
                for (at_least, of, x) in rules {
                    let of: Vec<String> = of.iter().map(|s| format!("\"s{s}\"")).collect();
                    let _ = writeln!(
                        out,
                        "\n[[nodes.n{i}.rules]]\nat_least = {at_least}\nof = [{}]",
                        of.join(", ")
                    );
                    exit_toml(&mut out, x);
                }
                let _ = writeln!(out, "\n[nodes.n{i}.otherwise]");
                exit_toml(&mut out, otherwise);
            }
        }
    }
    out
}

/// One patient: the answer to each question (by index) and each sign, for every node.
type Patient = (Vec<usize>, Vec<Vec<bool>>);

/// The outcome the independent interpreter gives: the care level and titles shown.
fn outcome(g: &Gen, (answers, signs): &Patient) -> Told {
    if answers[0] == 0 {
        return Told::Care(EMERGENCY.1, vec![EMERGENCY.2.to_string()], None);
    }
    let b = answers[1] == 1;
    let pick = |t: &To| -> To {
        match t {
            To::ByBand(a, bb) => {
                if b {
                    (**bb).clone()
                } else {
                    (**a).clone()
                }
            }
            t => t.clone(),
        }
    };
    let mut findings: Vec<usize> = Vec::new();
    let mut at = 2;
    loop {
        let x = match &g.nodes[at] {
            Node::Question(xs) => &xs[answers[at]],
            Node::Checklist {
                rules, otherwise, ..
            } => rules
                .iter()
                .find(|(n, of, _)| of.iter().filter(|s| signs[at][**s]).count() >= *n)
                .map_or(otherwise, |r| &r.2),
        };
        let recorded = match &x.record {
            Some(Rec::One(f)) => Some(*f),
            Some(Rec::ByBand(fa, fb)) => Some(if b { *fb } else { *fa }),
            None => None,
        };
        if let Some(f) = recorded.filter(|f| !findings.contains(f)) {
            findings.push(f);
        }
        match pick(&x.to) {
            To::Node(n) => at = n,
            To::Page(p) => return told(&findings, Some(p)),
            To::ByBand(..) => unreachable!("picked"),
        }
    }
}

fn told(findings: &[usize], outcome: Option<usize>) -> Told {
    let mut shown: Vec<usize> = findings.to_vec();
    shown.sort_by_key(|f| PAGES[*f].1); // stable: ties keep the order recorded
    if let Some(p) = outcome.filter(|p| !findings.contains(p))
        && shown.first().is_none_or(|f| PAGES[p].1 < PAGES[*f].1)
    {
        shown.insert(0, p);
    }
    Told::Care(
        PAGES[shown[0]].1,
        shown.iter().map(|p| PAGES[*p].2.to_string()).collect(),
        None,
    )
}

/// Every patient: each question answered every way and each sign present or not.
fn patients(g: &Gen) -> Vec<Patient> {
    let mut all: Vec<Patient> = vec![(Vec::new(), Vec::new())];
    for node in &g.nodes {
        let (ways, signs) = match node {
            Node::Question(xs) if xs.is_empty() => (2, 0), // n0 and n1
            Node::Question(xs) => (xs.len(), 0),
            Node::Checklist { signs, .. } => (1, *signs),
        };
        let mut next = Vec::new();
        for (answers, present) in &all {
            for a in 0..ways {
                for bits in 0..1usize << signs {
                    let mut answers = answers.clone();
                    answers.push(a);
                    let mut present = present.clone();
                    present.push((0..signs).map(|s| bits >> s & 1 == 1).collect());
                    next.push((answers, present));
                }
            }
        }
        all = next;
    }
    all
}

fn write_site(dir: &std::path::Path) {
    let content = dir.join("content");
    for sub in ["checks", "findings", "outcomes"] {
        std::fs::create_dir_all(content.join(sub)).unwrap();
    }
    std::fs::write(
        content.join("site.toml"),
        "title = \"Random\"\nemergency_number = \"999\"\n",
    )
    .unwrap();
    std::fs::write(
        content.join("index.md"),
        "+++\ntitle = \"Home\"\nsummary = \"Home.\"\n+++\nHello.\n",
    )
    .unwrap();
    for (path, care, title) in PAGES.iter().chain([&EMERGENCY]) {
        let text = format!(
            "+++\ntitle = \"{title}\"\nsummary = \"{title}.\"\nreviewed = 2026-01-01\nnext_review = 2099-01-01\ncare = \"{}\"\n[[sources]]\ntitle = \"Guidance\"\npublisher = \"NHS\"\nurl = \"https://www.nhs.uk/\"\naccessed = 2026-01-01\n+++\nWhat to do.\n",
            care.key()
        );
        std::fs::write(content.join(path), text).unwrap();
    }
}

#[test]
fn diff_reports_exactly_the_outcomes_an_independent_walk_finds_changed() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let new_file = dir.path().join("content/checks/random.toml");
    let old_file = dir.path().join("old.toml");
    let mut rng = Rng(0x5eed_cafe_f00d);
    let (mut compared, mut changed) = (0, 0);
    for round in 0..500 {
        let old = generate(&mut rng);
        let Some((new, kind)) = edit(&mut rng, &old) else {
            continue;
        };
        std::fs::write(&old_file, toml(&old)).unwrap();
        std::fs::write(&new_file, toml(&new)).unwrap();
        let (comparison, _) = match compare_files(&old_file, Some(&new_file), None).unwrap() {
            Ok(done) => done,
            Err(problems) => panic!("round {round} ({kind}): {problems:?}\n{}", toml(&new)),
        };
        let want: BTreeSet<(String, String)> = patients(&old)
            .iter()
            .map(|p| (outcome(&old, p), outcome(&new, p)))
            .filter(|(a, b)| a != b)
            .map(|(a, b)| (format!("{a:?}"), format!("{b:?}")))
            .collect();
        let got: BTreeSet<(String, String)> = (comparison.groups.iter())
            .filter_map(|g| match &g.change {
                Change::Outcome { old, new } => Some((format!("{old:?}"), format!("{new:?}"))),
                Change::Text { .. } => None,
            })
            .collect();
        assert_eq!(
            got,
            want,
            "round {round} ({kind}):\nold:\n{}\nnew:\n{}",
            toml(&old),
            toml(&new)
        );
        compared += 1;
        changed += usize::from(!want.is_empty());
        if kind == "line" {
            assert!(
                comparison
                    .groups
                    .iter()
                    .all(|g| matches!(g.change, Change::Text { .. }))
            );
        }
    }
    // The generator must really exercise the diff: most rounds compare, many change something.
    assert!(
        compared >= 200 && changed >= 80,
        "{compared} compared, {changed} changed"
    );
}

// The report says the service an outcome names after the level's words, as the disposition
// table does.
#[test]
fn report_names_the_service() {
    let comparison = super::Comparison {
        groups: vec![super::Group {
            change: Change::Outcome {
                old: Told::Care(CareLevel::Gp, vec!["See a GP".into()], None),
                new: Told::Care(
                    CareLevel::Urgent,
                    vec!["Call your maternity unit now".into()],
                    Some("Maternity unit: now".into()),
                ),
            },
            example: vec!["I am pregnant".into()],
            count: 1,
        }],
        regressions: Vec::new(),
        combinations: 2,
    };
    let report = super::report(&comparison, &crate::config::SiteConfig::default());
    assert!(
        report.starts_with(
            "higher care: See a doctor (See a GP) → Urgent: today — Maternity unit: now (Call your maternity unit now)\n"
        ),
        "{report}"
    );
}
