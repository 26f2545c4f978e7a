//! Tested trees: clinical cases run at every build, their coverage, the disposition table, the
//! safety diff between two versions, and the FHIR export walked case by case.

use crate::harness::{Site, write};
use serde_json::Value;
use std::path::Path;

const TREE: &str = "content/checks/check.toml";

// An end that no case reaches is a warning naming the answer; with --strict it fails the build.
#[test]
fn uncovered_end_is_a_warning_and_an_error_when_strict() {
    let site = Site::fixture("tree");
    let text = crate::harness::read(&site.join(TREE));
    let cut = text.find("[[cases]]\nname = \"Long stiffness").unwrap();
    write(&site.join(TREE), &text[..cut]);
    let run = site.build();
    run.assert_code(0);
    insta::assert_snapshot!("uncovered_end_warning", run.stderr);
    assert!(
        run.stdout
            .contains("3 cases cover 3 of 4 end states (75%), 3/4 end pages, 5/8 answers"),
        "{}",
        run.stdout
    );
    let strict = site.run(&["build", "--site", "[site]", "--strict"]);
    strict.assert_code(1);
    assert_eq!(strict.stderr, run.stderr.replace("warning:", "error:"));
}

// A tree without any case gets one warning that says how to add them.
#[test]
fn tree_without_cases_is_a_warning() {
    let site = Site::fixture("tree");
    let text = crate::harness::read(&site.join(TREE));
    write(&site.join(TREE), &text[..text.find("\n[[cases]]").unwrap()]);
    let run = site.build_short();
    run.assert_code(0);
    assert_eq!(
        run.stderr,
        "[site]/content/checks/check.toml:4:9: warning: this tree has no clinical cases: add `[[cases]]` with the answers given and the care level that must come out, so every build proves the logic\n"
    );
}

// The disposition table lists every path most urgent first, as a page beside steps.html.
#[test]
fn writes_disposition_page() {
    let site = Site::fixture("tree");
    site.build().assert_code(0);
    insta::assert_snapshot!("disposition_page", site.main_of("checks/check/cases.html"));
}

/// The tree fixture with one care level lowered and one path added.
fn edited(text: &str) -> String {
    let lowered = text.replacen(
        "label = \"Yes, it started before 45\"\nto = \"outcomes/gp.md\"",
        "label = \"Yes, it started before 45\"\nto = \"outcomes/self-care.md\"",
        1,
    );
    assert_ne!(lowered, text);
    let added = lowered.replacen(
        "[nodes.stiffness]",
        "[[nodes.moving.answers]]\nlabel = \"I am not sure\"\nto = \"outcomes/gp.md\"\n\n[nodes.stiffness]",
        1,
    );
    assert_ne!(added, lowered);
    added
}

// `tree diff OLD NEW` lists the lowered care level first and loudly, then the new path; exit 1.
#[test]
fn safety_diff_flags_lowered_care_and_new_path() {
    let old = Site::fixture("tree");
    let new = Site::fixture("tree");
    write(
        &new.join(TREE),
        edited(&crate::harness::read(&old.join(TREE))),
    );
    let old_file = old.join(TREE).display().to_string();
    let run = new.run(&["tree", "diff", &old_file, &format!("[site]/{TREE}")]);
    run.assert_code(1);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("safety_diff", run.stdout);
    let same = old.run(&["tree", "diff", &old_file, &old_file]);
    same.assert_code(0);
    assert_eq!(
        same.stdout,
        "0 changes, 0 to a lower level of care; 0 of 6 answer combinations end differently\n"
    );
}

// `tree diff FILE --rev REV` compares the file with its version in an earlier git commit.
#[test]
fn safety_diff_against_a_git_revision() {
    let site = Site::fixture("tree");
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(site.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "first"]);
    write(
        &site.join(TREE),
        edited(&crate::harness::read(&site.join(TREE))),
    );
    let run = site.run(&["tree", "diff", &format!("[site]/{TREE}"), "--rev", "HEAD"]);
    run.assert_code(1);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("safety_diff", run.stdout);
}

/// Exports `content/checks/<slug>.toml` of a site as FHIR: it exits 0 and is a Questionnaire
/// whose outcome items (care level, pages) are worked out by SDC `calculatedExpression`s. The
/// logic is walked path by path in `tests/fhir/check.mjs` (run by `.ci/run`), with fhirpath.js.
fn assert_fhir_exports(site_root: &Path, slug: &str) -> Value {
    let file = site_root.join(format!("content/checks/{slug}.toml"));
    let run = crate::harness::carepath(
        &["tree".into(), file.into(), "--format".into(), "fhir".into()],
        site_root,
        &[],
    );
    run.assert_code(0);
    let q: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(q["resourceType"], "Questionnaire");
    let items = q["item"].as_array().unwrap();
    let care = items.iter().find(|i| i["linkId"] == "care-level").unwrap();
    let calculated = care["extension"].as_array().unwrap().iter().find(|e| {
        e["url"] == "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
    });
    assert!(calculated.unwrap()["valueExpression"]["expression"].is_string());
    assert!(
        items
            .iter()
            .any(|i| i["linkId"].as_str().unwrap().starts_with("page:"))
    );
    // The case walker here reads questions only; the protocol's checklists are walked in
    // tests/fhir/check.mjs.
    let plain = slug != "child";
    let cases = if plain {
        crate::walk::cases(&site_root.join("content"), slug)
    } else {
        Vec::new()
    };
    for case in cases {
        let offered = care["answerOption"].as_array().unwrap().iter();
        let codes: Vec<&str> = offered
            .filter_map(|o| o["valueCoding"]["code"].as_str())
            .collect();
        assert!(codes.contains(&case.care.as_str()), "case `{}`", case.name);
    }
    q
}

// The FHIR export of every fixture tree and the default tree is a Questionnaire with its
// outcome as calculated items, and no answer code depends on a position.
#[test]
fn fhir_export_carries_the_outcome_as_data() {
    for (fixture, slug) in [
        ("tree", "check"),
        ("same-care", "check"),
        ("basic", "example"),
        ("protocol", "child"),
    ] {
        let site = Site::fixture(fixture);
        let q = assert_fhir_exports(site.path(), slug);
        let text = q.to_string();
        assert!(
            !text.contains(":1\""),
            "{fixture}: a code ends in a position"
        );
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_fhir_exports(repo, "back-pain-after-sleeping");
}

// The default tree's cases reach every end and take every answer of every red-flag screen, and
// every path of the clinical review (P01–P30) is a case.
#[test]
fn default_tree_cases_cover_every_end_and_red_flag() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let slug = "back-pain-after-sleeping";
    let cases = crate::walk::cases(&content, slug);
    for case in &cases {
        assert_eq!(
            case.taken.len(),
            case.answers.len(),
            "case `{}` leaves the tree",
            case.name
        );
    }
    let taken: std::collections::BTreeSet<&(String, String)> =
        cases.iter().flat_map(|c| &c.taken).collect();
    let last: std::collections::BTreeSet<&(String, String)> =
        cases.iter().filter_map(|c| c.taken.last()).collect();
    for answer in crate::walk::answers(&content, slug) {
        let key = (answer.node.clone(), answer.label.clone());
        if answer.red_flag {
            assert!(taken.contains(&key), "red flag {key:?} has no case");
        }
        if answer.ends {
            assert!(last.contains(&key), "no case ends with {key:?}");
        }
    }
    for p in 1..=30 {
        let prefix = format!("P{p:02}");
        assert!(
            cases.iter().any(|c| c.name.starts_with(&prefix)),
            "no case for review path {prefix}"
        );
    }
}

// `--format uncovered` lists the end states no case reaches as `[[cases]]` entries; pasted into
// the tree file, they pass and cover every end state.
#[test]
fn uncovered_end_states_paste_as_passing_cases() {
    let site = Site::fixture("tree");
    let text = crate::harness::read(&site.join(TREE));
    let cut = text.find("[[cases]]\nname = \"Long stiffness").unwrap();
    write(&site.join(TREE), &text[..cut]);
    let run = site.run(&["tree", &format!("[site]/{TREE}"), "--format", "uncovered"]);
    run.assert_code(0);
    insta::assert_snapshot!("uncovered_cases", run.stdout);
    write(
        &site.join(TREE),
        format!("{}\n{}", &text[..cut], run.stdout),
    );
    let build = site.build();
    build.assert_code(0);
    assert!(
        build
            .stdout
            .contains("4 cases cover 4 of 4 end states (100%), 4/4 end pages"),
        "{}",
        build.stdout
    );
    let again = site.run(&["tree", &format!("[site]/{TREE}"), "--format", "uncovered"]);
    assert_eq!(
        again.stdout,
        "# Every one of the 4 end states of \"Check your symptom\" is reached by a clinical case.\n"
    );
}

// `min_case_coverage` turns too few cases of emergency and urgent end states into an error.
#[test]
fn min_case_coverage_requires_cases_of_urgent_end_states() {
    let site = Site::fixture("protocol");
    let config = site.join("content/site.toml");
    let settings = crate::harness::read(&config);
    write(&config, format!("{settings}min_case_coverage = 50\n"));
    let run = site.build_short();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "[site]/content/checks/child.toml:6:9: error: the clinical cases reach 3 of the 131 emergency and urgent end states (2%), less than `min_case_coverage = 50` in content/site.toml: `carepath tree content/checks/child.toml --format uncovered` lists the others, most urgent first, as cases to check and add\n"
    );
    write(&config, format!("{settings}min_case_coverage = 150\n"));
    let run = site.build_short();
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("error: `min_case_coverage` is a percentage from 0 to 100"),
        "{}",
        run.stderr
    );
}
