//! The semantic safety diff on a protocol with checklists and a variable (`protocol-short`):
//! each kind of edit a clinical reviewer must see, with the exact report and exit code.

use crate::harness::{Site, read, write};

const TREE: &str = "content/checks/child.toml";

/// Runs `tree diff OLD NEW` with OLD the fixture's tree (kept outside the site) and NEW the
/// fixture's tree edited by `edit`.
fn diff_after(edit: impl Fn(&str) -> String) -> crate::harness::Run {
    let site = Site::fixture("protocol-short");
    let text = read(&site.join(TREE));
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit must change the tree");
    write(&site.join("old-child.toml"), &text);
    write(&site.join(TREE), edited);
    site.run(&[
        "tree",
        "diff",
        "[site]/old-child.toml",
        &format!("[site]/{TREE}"),
    ])
}

fn replace(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

// A raised threshold on the severe rule: children with exactly two breathing signs go from
// urgent to a GP, and the diff says so first and loudly; exit 1.
#[test]
fn raised_checklist_threshold_lowers_care() {
    let run = diff_after(|t| {
        replace(
            t,
            "[[nodes.breathing.rules]]\nat_least = 2",
            "[[nodes.breathing.rules]]\nat_least = 3",
        )
    });
    run.assert_code(1);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("diff_threshold", run.stdout);
}

// Swapped rules (accepted with `precedence = "order"`): the severe rule can never fire.
#[test]
fn swapped_rules_lower_care() {
    let run = diff_after(|t| {
        let severe = "[[nodes.breathing.rules]]\nat_least = 2\nrecord = \"findings/severe-pneumonia.md\"\nto = \"ear\"\n";
        let mild = "[[nodes.breathing.rules]]\nat_least = 1\nrecord = \"findings/pneumonia.md\"\nto = \"ear\"\n";
        let swapped = replace(
            t,
            &format!("{severe}\n{mild}"),
            &format!("{mild}\n{severe}"),
        );
        replace(
            &swapped,
            "title = \"Breathing\"\n",
            "title = \"Breathing\"\nprecedence = \"order\"\n",
        )
    });
    run.assert_code(1);
    insta::assert_snapshot!("diff_rule_order", run.stdout);
}

// A finding chosen by the variable: babies with one breathing sign are now recorded as severe.
#[test]
fn changed_variable_choice_raises_care_for_babies_only() {
    let run = diff_after(|t| {
        replace(
            t,
            "at_least = 1\nrecord = \"findings/pneumonia.md\"",
            "at_least = 1\nrecord = { band = { infant = \"findings/severe-pneumonia.md\", child = \"findings/pneumonia.md\" } }",
        )
    });
    run.assert_code(1);
    let report = &run.stdout;
    assert!(report.contains("higher care: "), "{report}");
    assert!(!report.contains("LOWER CARE"), "{report}");
    assert!(
        !report.contains("\"My child is 1 to 5 years old\""),
        "{report}"
    );
    insta::assert_snapshot!("diff_variable_choice", run.stdout);
}

// A changed `line` is a change of words, not of care: listed, exit 1, no outcome changes.
#[test]
fn line_text_change_is_a_text_change() {
    let run = diff_after(|t| replace(t, "is 50 breaths a minute", "is 60 breaths a minute"));
    run.assert_code(1);
    assert!(run.stdout.contains("0 of "), "{}", run.stdout);
    insta::assert_snapshot!("diff_line_text", run.stdout);
}

// The same tree: nothing changes; exit 0.
#[test]
fn same_tree_changes_nothing() {
    let site = Site::fixture("protocol-short");
    let run = site.run(&[
        "tree",
        "diff",
        &format!("[site]/{TREE}"),
        &format!("[site]/{TREE}"),
    ]);
    run.assert_code(0);
    insta::assert_snapshot!("diff_nothing", run.stdout);
}

// OLD may be any file, even an invalid one: its problems are positioned in it; exit 1.
#[test]
fn invalid_old_version_reports_its_own_problems() {
    let site = Site::fixture("protocol-short");
    let text = read(&site.join(TREE));
    write(
        &site.join("old.toml"),
        replace(&text, "to = \"age\"", "to = \"agee\""),
    );
    let run = site.run(&["tree", "diff", "[site]/old.toml", &format!("[site]/{TREE}")]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("[site]/old.toml:22:6: error: unknown target `agee`"),
        "{}",
        run.stderr
    );
}

// An old version that is not UTF-8 is an error at its first bad byte, not a failed command.
#[test]
fn old_version_not_utf8_is_at_its_first_bad_byte() {
    let site = Site::fixture("protocol-short");
    write(
        &site.join("old.toml"),
        b"title = \"Back pain\"\n# caf\xe9\n",
    );
    let run = site.run(&["tree", "diff", "[site]/old.toml", &format!("[site]/{TREE}")]);
    run.assert_code(1);
    assert_eq!(
        run.stderr.lines().next(),
        Some("[site]/old.toml:2:6: error: file is not valid UTF-8: save it with UTF-8 encoding"),
        "{}",
        run.stderr
    );
}

// A revision that would be read as an option is refused before git runs.
#[test]
fn revision_that_looks_like_an_option_is_refused() {
    let site = Site::fixture("protocol-short");
    let run = site.run(&[
        "tree",
        "diff",
        &format!("[site]/{TREE}"),
        "--rev=--output=/tmp/x",
    ]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("`--output=/tmp/x` is not a git revision"),
        "{}",
        run.stderr
    );
}
