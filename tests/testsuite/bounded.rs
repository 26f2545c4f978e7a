//! Bounded time on a large tree: its page count is worked out before it is expanded, a tree
//! over `tree_page_budget` is refused at once with its position, and a large tree that is
//! within the budget is announced with the pages it will write before it writes them.

use crate::harness::{Site, read, write};
use std::fmt::Write as _;

/// The basic site with `checks/ladder.toml`: a red-flag screen, then `steps` questions whose
/// two answers both lead on, so the tree has 2^(steps+1) + 1 pages.
fn ladder_site(steps: usize, settings: &str) -> Site {
    let site = Site::fixture("basic");
    let config = read(&site.join("content/site.toml")) + settings;
    write(&site.join("content/site.toml"), config);
    let mut tree = String::from(concat!(
        "title = \"Ladder\"\nsummary = \"Many paths.\"\nstart = \"q0\"\n",
        "reviewed = 2026-01-01\nnext_review = 2099-01-01\n\n",
        "[nodes.q0]\nquestion = \"Any emergency signs?\"\nred_flag = true\n",
        "[[nodes.q0.answers]]\nlabel = \"Yes, an emergency sign\"\nto = \"outcomes/emergency.md\"\n",
        "[[nodes.q0.answers]]\nlabel = \"No emergency signs\"\nto = \"q1\"\n",
    ));
    for i in 1..=steps {
        let next = format!("q{}", i + 1);
        let (a, b) = match i < steps {
            true => (next.as_str(), next.as_str()),
            false => ("outcomes/gp.md", "outcomes/self-care.md"),
        };
        let _ = write!(
            tree,
            "\n[nodes.q{i}]\nquestion = \"Question {i}?\"\n[[nodes.q{i}.answers]]\nlabel = \"First choice at {i}\"\nto = \"{a}\"\n[[nodes.q{i}.answers]]\nlabel = \"Second choice at {i}\"\nto = \"{b}\"\n"
        );
    }
    write(&site.join("content/checks/ladder.toml"), tree);
    site
}

// A tree of 33,554,433 pages is refused before any page is made (its pages are counted, not
// expanded), at its `start`, naming the budget.
#[test]
fn a_tree_of_33_million_pages_is_refused_before_it_is_expanded() {
    let site = ladder_site(24, "");
    let run = site.run(&["check", "--site", "[site]", "--format", "short"]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with(
            "[site]/content/checks/ladder.toml:3:9: error: this tree expands to 33554433 pages, more than the budget of 5000 (`tree_page_budget` in content/site.toml)."
        ),
        "{}",
        run.stderr
    );
}

// A tree within a raised budget but of 10,000 pages or more says how many pages it writes
// before it starts (a progress line follows every few seconds while it runs).
#[test]
fn a_large_tree_says_how_many_pages_it_writes_before_writing_them() {
    let site = ladder_site(13, "tree_page_budget = 100000\n");
    let run = site.run(&["check", "--site", "[site]", "--format", "short"]);
    run.assert_code(0);
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "`content/checks/ladder.toml`: this tree has 16,385 pages; a line every few seconds shows how far the build has come"
        ),
        "{}",
        run.stderr
    );
    for line in &run.progress {
        assert!(
            line.starts_with("`content/checks/ladder.toml`: ")
                && line.contains(" of 16,385 pages ("),
            "{line}"
        );
    }
}
