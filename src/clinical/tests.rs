use super::export;
use crate::diagnostics::Severity;
use crate::synthetic;
use crate::tree::expand::{Visit, count_pages, expand};
use crate::{BuildOptions, build};

// A 1,000-question tree validates, expands within the default budget and renders every page.
#[test]
fn thousand_node_tree_validates_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    synthetic::write_site(dir.path(), 20, 1000).unwrap();
    let report = build(&BuildOptions::new(dir.path())).unwrap();
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // 1,000 questions + 1,001 ends, one page each (a tree shares no nodes, so one path each)
    assert_eq!(report.trees[0].pages, 2002);
    assert_eq!(report.trees[0].paths, 1002);
    let out = dir.path().join("public/checks/synthetic");
    assert!(out.join("index.html").is_file());
    assert!(out.join("steps.html").is_file());
    assert!(out.join("drawing.svg").is_file());
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".html"))
        .collect();
    // The sign-off pages of so large a tree are over the budget of one page: each is split
    // (steps.html, steps-2.html, …; cases.html, cases-2.html, …).
    let pages_of = |stem: &str| {
        let later = |n: &str| {
            (n.strip_prefix(stem).and_then(|r| r.strip_prefix('-')))
                .and_then(|r| r.strip_suffix(".html"))
                .is_some_and(|d| d.parse::<usize>().is_ok_and(|d| d >= 2))
        };
        (names.iter())
            .filter(|n| **n == format!("{stem}.html") || later(n))
            .count()
    };
    let (steps, cases) = (pages_of("steps"), pages_of("cases"));
    assert!(
        steps > 1 && cases > 1,
        "{steps} steps pages, {cases} cases pages"
    );
    assert_eq!(names.len(), 2002 + steps + cases);
}

fn tree_of(text: &str) -> crate::tree::Tree {
    let path = std::path::Path::new("content/checks/t.toml");
    crate::tree::Tree::parse(
        std::path::Path::new("checks/t.toml"),
        crate::diagnostics::Located { path, text },
        &crate::markdown::Snippets::default(),
    )
    .unwrap()
}

#[test]
fn expansion_writes_shared_nodes_once_per_path() {
    // a and b both lead to c: c is written twice, once per path, each with its own trail
    let t = tree_of(&synthetic_diamond());
    let expansion = expand(&t);
    let pages = &expansion.pages;
    assert_eq!(count_pages(&t), pages.len());
    let c_pages: Vec<_> = pages
        .iter()
        .filter(|p| matches!(p.visit, Visit::Question(n) if n.id == "c"))
        .collect();
    assert_eq!(c_pages.len(), 2);
    // Named after the question and the answers given, by their label slugs.
    let keys = |labels: &[&str]| {
        labels
            .iter()
            .map(|l| crate::tree::names::slug(l))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        c_pages[0].file,
        crate::tree::names::page_name(&keys(&["First", "Go on"]), "c")
    );
    assert_eq!(
        c_pages[1].file,
        crate::tree::names::page_name(&keys(&["Second", "Go on"]), "c")
    );
    assert_ne!(c_pages[0].file, c_pages[1].file);
    let second = pages
        .iter()
        .position(|p| std::ptr::eq(p, c_pages[1]))
        .unwrap();
    let trail = expansion.trail(second);
    assert_eq!(trail.len(), 2);
    assert_eq!(trail[0].given.label(), Some("Second"));
}

#[test]
fn step_numbers_are_breadth_first() {
    let t = tree_of(&synthetic_diamond());
    let numbers = export::step_numbers(&t);
    assert_eq!(
        (numbers["start"], numbers["a"], numbers["b"], numbers["c"]),
        (1, 2, 3, 4)
    );
}

fn synthetic_diamond() -> String {
    let answers = |node: &str, a: &str, b: &str, la: &str, lb: &str| {
        format!(
            "\n[[nodes.{node}.answers]]\nlabel = \"{la}\"\nto = \"{a}\"\n\n[[nodes.{node}.answers]]\nlabel = \"{lb}\"\nto = \"{b}\"\n"
        )
    };
    let mut s = String::from(
        "title = \"T\"\nsummary = \"S\"\nstart = \"start\"\nreviewed = 2026-01-01\nnext_review = 2027-01-01\n",
    );
    s += "\n[nodes.start]\nquestion = \"Q0\"\nred_flag = true\n";
    s += &answers("start", "a", "b", "First", "Second");
    s += "\n[[nodes.start.answers]]\nlabel = \"Emergency\"\nto = \"outcomes/emergency.md\"\n";
    for n in ["a", "b"] {
        s += &format!("\n[nodes.{n}]\nquestion = \"Q{n}\"\n");
        s += &answers(n, "c", "outcomes/gp.md", "Go on", "Stop here");
    }
    s += "\n[nodes.c]\nquestion = \"Qc\"\n";
    s += &answers(
        "c",
        "outcomes/self-care.md",
        "outcomes/gp.md",
        "Fine",
        "Not fine",
    );
    s
}

#[test]
fn longest_path_and_copies_follow_shared_nodes() {
    let t = tree_of(&synthetic_diamond());
    assert_eq!(crate::tree::expand::longest_path(&t), ["start", "a", "c"]);
    let copies = crate::tree::expand::copies(&t);
    assert_eq!(
        (copies["start"], copies["a"], copies["b"], copies["c"]),
        (1, 1, 1, 2)
    );
}

// Each page keeps one step; the trail is rebuilt through the pages it came from.
#[test]
fn trail_of_every_page_matches_its_depth() {
    let t = tree_of(&synthetic_diamond());
    let expansion = expand(&t);
    let lengths: Vec<usize> = (0..expansion.pages.len())
        .map(|i| expansion.trail(i).len())
        .collect();
    // start; a, c, c's two ends, a's end; b, c, its two ends, b's end; the emergency end
    assert_eq!(lengths, [0, 1, 2, 3, 3, 2, 1, 2, 3, 3, 2, 1]);
}

// A deep chain inside the page budget is refused by the path limit before anything is
// expanded, and the message names the path, shortened in the middle.
#[test]
fn deep_chain_is_refused_by_the_path_limit() {
    let dir = tempfile::tempdir().unwrap();
    synthetic::write_chain_site(dir.path(), 2_000, "tree_page_budget = 100000").unwrap();
    let report = build(&BuildOptions::new(dir.path())).unwrap();
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(
            "the longest path asks 2000 questions, more than the limit of 60 (`max_path_questions` in content/site.toml): `n0` → `n1` → `n2` → `n3` → … 1993 more … → `n1997` → `n1998` → `n1999`."
        ),
        "{}",
        errors[0]
    );
    assert_eq!(report.pages, 0);
    assert!(!dir.path().join("public").exists());
}

// Over the page budget, the message names the question written most often and the choices.
#[test]
fn page_budget_message_names_the_most_copied_question() {
    let dir = tempfile::tempdir().unwrap();
    synthetic::write_chain_site(dir.path(), 1, "tree_page_budget = 5").unwrap();
    let tree = dir.path().join("content/checks/synthetic.toml");
    std::fs::write(&tree, synthetic_diamond()).unwrap();
    let report = build(&BuildOptions::new(dir.path())).unwrap();
    let message = &report
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .expect("an error")
        .message;
    assert!(
        message.starts_with("this tree expands to 12 pages, more than the budget of 5")
            && message.contains(" `c` alone is written 2 times. Choices: share fewer nodes")
            && message.ends_with("or raise `tree_page_budget` if 12 pages are acceptable"),
        "{message}"
    );
}

// The source tree's cases run in each translation, in its words: they pass in the fixture's
// Welsh and Arabic trees, and a translation whose logic differed from its source (which the
// loader makes impossible; here made by hand) fails them, at the case, naming the file.
#[test]
fn cases_run_in_each_translation_and_catch_a_changed_path() {
    use crate::tree::{Choice, Target};
    let dir = tempfile::tempdir().unwrap();
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/translated");
    for entry in walkdir::WalkDir::new(&fixture) {
        let entry = entry.unwrap();
        let to = dir
            .path()
            .join(entry.path().strip_prefix(&fixture).unwrap());
        match entry.file_type().is_dir() {
            true => std::fs::create_dir_all(&to).unwrap(),
            false => drop(std::fs::copy(entry.path(), &to).unwrap()),
        }
    }
    let prepared = crate::prepare(&BuildOptions::new(dir.path())).unwrap();
    let site = &prepared.site;
    let source = &site.trees[0];
    assert_eq!(site.tree_translations.len(), 2);
    for translated in &site.tree_translations {
        assert_eq!(
            super::cases::run_translated(site, translated, source),
            vec![]
        );
    }
    let mut wrong = site.tree_translations[1].clone();
    let how_long = wrong.nodes.get_mut("how-long").unwrap();
    how_long.answers[0].to = Choice::One(Target::Page("outcomes/gp.md".into()));
    let problems = super::cases::run_translated(site, &wrong, source);
    let messages: Vec<String> = problems.iter().map(|d| d.message.clone()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("in `content/checks/example.cy.toml`: case `Less than 2 weeks: self-care` fails: expected self-care"),
        "{messages:?}"
    );
}
