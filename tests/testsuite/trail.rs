//! What "Your answers" and the disposition table show of a finished part of a protocol: every
//! answer given, each with a Change link to the page where it was asked on this path, and the
//! node that closed the part with its finding and the signs present (`protocol-short` fixture,
//! small enough to list them) or the answer that recorded it.

use crate::harness::Site;

const NO_DANGER: &str = "No, my child has none of these danger signs";
const CHILD: &str = "My child is 1 to 5 years old";

fn page_after(site: &Site, answers: &[&str]) -> String {
    crate::walk::page_after(&site.join("public"), "child", answers)
        .to_str()
        .unwrap()
        .to_string()
}

/// The `(question, answer, href)` of each entry of a page's trail.
fn trail(main: &str) -> Vec<(String, String, String)> {
    main.split("<span class=\"trail-question\">")
        .skip(1)
        .map(|li| {
            let (question, rest) = li.split_once("</span>").unwrap();
            let answer = rest
                .split("Your answer: </span>")
                .nth(1)
                .and_then(|a| a.split("</span>").next())
                .unwrap();
            let href = rest.split("<a href=\"").nth(1).unwrap();
            let href = href.split('"').next().unwrap();
            (question.into(), answer.into(), href.into())
        })
        .collect()
}

// After the breathing checklist, the trail shows every answer once, the signs present next to
// the finding, and each Change link leads to the page where that question was asked.
#[test]
fn finished_checklist_lists_its_signs_and_changes_on_its_own_page() {
    let site = Site::fixture("protocol-short");
    site.build().assert_code(0);
    let answers = [
        NO_DANGER,
        CHILD,
        "No, the breathing is not fast",
        "Yes, the skin pulls in",
        "Yes, I hear a whistling sound",
        "No, there is no ear pain",
    ];
    let page = page_after(&site, &answers);
    let main = site.main_of(&page);
    insta::assert_snapshot!(main);
    let entries = trail(&main);
    let questions: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    let mut unique = questions.clone();
    unique.dedup();
    assert_eq!(questions, unique, "a question is listed twice");
    let breathing = entries.iter().find(|e| e.0 == "Breathing").unwrap();
    assert_eq!(
        breathing.1,
        "Your child may have a serious chest infection (signs: the skin pulls in; I hear a whistling sound)"
    );
    // Each Change link leads to the page reached by the answers before it (the checklist: by
    // those before its first sign).
    assert_eq!(entries.len(), 4);
    for (entry, before) in entries.iter().zip([0, 1, 2, 5]) {
        let asked = page_after(&site, &answers[..before]);
        assert_eq!(format!("checks/child/{}", entry.2), asked, "{entry:?}");
    }
}

// A finished checklist where the reader said no to every sign says so.
#[test]
fn finished_checklist_with_no_sign_says_so() {
    let site = Site::fixture("protocol-short");
    site.build().assert_code(0);
    let mut answers = vec![NO_DANGER, CHILD];
    answers.extend([
        "No, the breathing is not fast",
        "No, the skin does not pull in",
        "No, I hear no whistling",
        "No, the cough is newer or there is none",
    ]);
    let main = site.main_of(&page_after(&site, &answers));
    let breathing = trail(&main).into_iter().find(|e| e.0 == "Breathing");
    assert_eq!(
        breathing.map(|e| e.1),
        Some("Nothing recorded (no signs present)".to_string())
    );
}

// The disposition table and its CSV name the signs present behind each row.
#[test]
fn disposition_table_shows_the_signs_behind_each_row() {
    let site = Site::fixture("protocol-short");
    for format in ["table", "csv"] {
        let run = site.run(&[
            "tree",
            "[site]/content/checks/child.toml",
            "--format",
            format,
        ]);
        run.assert_code(0);
        let head: Vec<&str> = run.stdout.lines().take(8).collect();
        insta::assert_snapshot!(format!("export_{format}"), head.join("\n"));
        assert!(
            run.stdout
                .contains("Breathing: Nothing recorded (no signs present)"),
            "{format}"
        );
    }
}

// In the four-part protocol, listing every finished checklist's signs would write 87,847 pages
// (more than the budget of 5,000), so finished checklists show their finding alone; the Change
// link of a finished checklist still leads to its first sign on this path, not to the start.
#[test]
fn over_budget_protocol_shows_findings_and_changes_on_the_checklist() {
    let site = Site::fixture("protocol");
    site.build().assert_code(0);
    let answers = [
        NO_DANGER,
        CHILD,
        "Yes, my child breathes fast",
        "Yes, the skin pulls in",
    ];
    let main = site.main_of(&page_after(&site, &answers));
    let entries = trail(&main);
    let breathing = entries.iter().find(|e| e.0 == "Breathing").unwrap();
    assert_eq!(breathing.1, "Your child may have a serious chest infection");
    assert_eq!(
        format!("checks/child/{}", breathing.2),
        page_after(&site, &[NO_DANGER, CHILD])
    );
    assert_eq!(entries[0].1, NO_DANGER);
}
