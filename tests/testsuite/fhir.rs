//! The FHIR export (`carepath tree FILE --format fhir`): the protocol fixture's Questionnaire,
//! codes that do not move when answers are reordered, the keys a site should set, and the
//! refusal of what the export cannot say faithfully. Its logic is walked path by path by
//! `tests/fhir/check.mjs` and in LHC-Forms by `browser/tests/lhc-forms.test.js`.

use crate::harness::{Site, read, write};
use serde_json::Value;
use std::collections::BTreeSet;

const TREE: &str = "content/checks/child.toml";

fn export(site: &Site) -> crate::harness::Run {
    site.run(&["tree", &format!("[site]/{TREE}"), "--format", "fhir"])
}

/// Every (linkId, code, display) of the Questionnaire's options, and every linkId.
fn codes(q: &Value) -> BTreeSet<(String, String, String)> {
    fn visit(items: &Value, out: &mut BTreeSet<(String, String, String)>) {
        for item in items.as_array().into_iter().flatten() {
            let link = item["linkId"].as_str().unwrap_or_default().to_string();
            out.insert((link.clone(), String::new(), String::new()));
            for option in item["answerOption"].as_array().into_iter().flatten() {
                let coding = &option["valueCoding"];
                out.insert((
                    link.clone(),
                    coding["code"].as_str().unwrap_or_default().into(),
                    coding["display"].as_str().unwrap_or_default().into(),
                ));
            }
            visit(&item["item"], out);
        }
    }
    let mut out = BTreeSet::new();
    visit(&q["item"], &mut out);
    out
}

// The protocol fixture (checklists, findings, an age band) exports as this Questionnaire, and
// the export names the keys the site and tree leave unset, and the answers coded from labels.
#[test]
fn exports_the_protocol_as_an_sdc_questionnaire() {
    let site = Site::fixture("protocol");
    let run = export(&site);
    run.assert_code(0);
    insta::assert_snapshot!("fhir_protocol", run.stdout);
    insta::assert_snapshot!("fhir_protocol_warnings", run.stderr);
}

// Swapping two answers (one pair with ids, one pair coded from their labels) and two signs
// leaves every code, linkId and display unchanged.
#[test]
fn reordering_answers_keeps_every_code() {
    let site = Site::fixture("protocol");
    let before: Value = serde_json::from_str(&export(&site).stdout).unwrap();
    let text = read(&site.join(TREE));
    let swap = |text: &str, a: &str, b: &str| {
        let (i, j) = (text.find(a).unwrap(), text.find(b).unwrap());
        assert!(i + a.len() <= j, "`{a}` comes before `{b}`");
        format!(
            "{}{b}{}{a}{}",
            &text[..i],
            &text[i + a.len()..j],
            &text[j + b.len()..]
        )
    };
    let under1 = "[[nodes.age.answers]]\nlabel = \"My child is under 1 year old\"\nid = \"under-1\"\nset = { band = \"infant\" }\nto = \"breathing\"\n";
    let over1 = "[[nodes.age.answers]]\nlabel = \"My child is 1 to 5 years old\"\nid = \"1-to-5\"\nset = { band = \"child\" }\nto = \"breathing\"\n";
    let yes = "[[nodes.danger.answers]]\nlabel = \"Yes, my child has one of these danger signs\"\nto = \"outcomes/emergency.md\"\n";
    let no = "[[nodes.danger.answers]]\nlabel = \"No, my child has none of these danger signs\"\nto = \"age\"\n";
    let mut edited = swap(&text, under1, over1);
    edited = swap(&edited, yes, no);
    assert_ne!(edited, text);
    write(&site.join(TREE), &edited);
    let run = export(&site);
    run.assert_code(0);
    let after: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(codes(&before), codes(&after));
    assert_ne!(
        before["version"], after["version"],
        "the version follows the content"
    );
}

// With `base_url`, `[fhir]` and the tree's `status` and `version` set, the Questionnaire carries
// them (so a response names the form as url|version) and no key is missing.
#[test]
fn identity_comes_from_the_site_and_tree() {
    let site = Site::fixture("protocol");
    let config = read(&site.join("content/site.toml"));
    write(
        &site.join("content/site.toml"),
        format!(
            "base_url = \"https://health.example.org/\"\n{config}\n[fhir]\npublisher = \"Example Health\"\njurisdiction = \"GB\"\ncopyright = \"CC BY 4.0\"\n"
        ),
    );
    let tree = read(&site.join(TREE));
    let tree = tree.replace(
        "start = \"danger\"",
        "start = \"danger\"\nstatus = \"draft\"\nversion = \"2.1\"",
    );
    write(&site.join(TREE), tree);
    let run = export(&site);
    run.assert_code(0);
    assert!(!run.stderr.contains("site.toml"), "{}", run.stderr);
    assert!(!run.stderr.contains("status"), "{}", run.stderr);
    let q: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(q["url"], "https://health.example.org/checks/child");
    assert_eq!(q["version"], "2.1");
    assert_eq!(q["status"], "draft");
    assert_eq!(q["publisher"], "Example Health");
    assert_eq!(q["jurisdiction"][0]["coding"][0]["code"], "GB");
    assert_eq!(q["copyright"], "CC BY 4.0");
    assert_eq!(q["effectivePeriod"]["start"], "2026-01-01");
    assert_eq!(q["effectivePeriod"]["end"], "2099-01-01");
    let care = q["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["linkId"] == "care-level")
        .unwrap();
    assert_eq!(
        care["answerOption"][0]["valueCoding"]["system"],
        "https://health.example.org/fhir/care-level"
    );
}

// A variable set twice on one path cannot be one value per response: the export fails with the
// second `set`'s position and why, and writes nothing.
#[test]
fn refuses_a_variable_set_twice_on_a_path() {
    let site = Site::fixture("protocol");
    let tree = read(&site.join(TREE)).replace(
        "label = \"Yes, my baby feeds well\"\n",
        "label = \"Yes, my baby feeds well\"\nset = { band = \"child\" }\n",
    );
    write(&site.join(TREE), tree);
    let run = export(&site);
    run.assert_code(1);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!("fhir_refusal", run.stderr);
}

/// The protocol fixture's tree with `from` replaced by `to`, exported: it must be refused with
/// exactly `error` (its position and why) and print nothing.
fn assert_refused(from: &str, to: &str, error: &str) {
    let site = Site::fixture("protocol");
    let text = read(&site.join(TREE));
    assert!(text.contains(from), "`{from}` is in the fixture");
    write(&site.join(TREE), text.replacen(from, to, 1));
    let run = export(&site);
    run.assert_code(1);
    assert_eq!(run.stdout, "");
    let first = run.stderr.lines().next().unwrap_or_default();
    assert_eq!(first, format!("[site]/{TREE}:{error}"), "{}", run.stderr);
}

// Two answers of one question whose labels give the same code (no `id`, the same first 40
// characters of slug) could not be told apart by enableWhen: the tree's own check refuses them
// before the export, at the second answer.
#[test]
fn refuses_two_answers_with_one_code() {
    assert_refused(
        "label = \"Yes, my baby feeds well\"",
        "label = \"No, my baby is not feeding well!\"",
        "49:9: error: two answers of question `feeding` would name their pages `no-my-baby-is-not-feeding-well`: give one of them another `id`",
    );
}

// Two nodes whose ids give the same FHIRPath name would share one variable: refused at the
// second node.
#[test]
fn refuses_two_nodes_with_one_fhirpath_name() {
    let site = Site::fixture("protocol");
    let text = read(&site.join(TREE))
        .replace("to = \"ear\"", "to = \"fever-\"")
        .replace("nodes.ear", "nodes.fever-");
    write(&site.join(TREE), text);
    let run = export(&site);
    run.assert_code(1);
    assert_eq!(run.stdout, "");
    let first = run.stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!(
            "[site]/{TREE}:119:1: error: cannot export to FHIR: the node `fever-` and the node `fever` have the same FHIRPath name `Fever`, so one variable would stand for both; rename one"
        ),
        "{}",
        run.stderr
    );
}

// Two signs whose links give the same FHIRPath name: refused at the second sign.
#[test]
fn refuses_two_signs_with_one_fhirpath_name() {
    assert_refused(
        "{ id = \"indrawing\",",
        "{ id = \"fast-\",",
        "57:10: error: cannot export to FHIR: the sign `breathing:fast-` and the sign `breathing:fast` have the same FHIRPath name `BreathingFast`, so one variable would stand for both; rename one",
    );
}

// A tree `status` outside FHIR's publication statuses is an error at its position.
#[test]
fn rejects_an_unknown_status() {
    let site = Site::fixture("protocol");
    let tree = read(&site.join(TREE)).replace(
        "start = \"danger\"",
        "start = \"danger\"\nstatus = \"live\"",
    );
    write(&site.join(TREE), tree);
    let run = export(&site);
    run.assert_code(1);
    assert!(
        run.stderr.contains("child.toml:7:10: error: `status` is one of `draft`, `active`, `retired` and `unknown`, not `live`"),
        "{}",
        run.stderr
    );
}

// SDC rendering hints make the form read like the site: radio buttons on every question, and
// the red-flag screen's help as Markdown and as XHTML whose list stays a list.
#[test]
fn rendering_hints_keep_questions_and_red_flag_lists() {
    let site = Site::default_site();
    let run = site.run(&[
        "tree",
        "[site]/content/checks/back-pain-after-sleeping.toml",
        "--format",
        "fhir",
    ]);
    run.assert_code(0);
    let q: Value = serde_json::from_str(&run.stdout).unwrap();
    let items = q["item"].as_array().unwrap();
    let questions: Vec<&Value> = items
        .iter()
        .filter(|i| i["type"] == "choice" && i.get("readOnly").is_none())
        .collect();
    assert!(!questions.is_empty());
    for item in &questions {
        let control = &item["extension"][0]["valueCodeableConcept"]["coding"][0]["code"];
        assert_eq!(control, "radio-button", "{}", item["linkId"]);
    }
    let screen = items
        .iter()
        .find(|i| i["linkId"] == "emergency-signs")
        .unwrap();
    let help = &screen["item"][0];
    assert_eq!(help["type"], "display");
    let hints = help["_text"]["extension"].as_array().unwrap();
    let markdown = hints[0]["valueMarkdown"].as_str().unwrap();
    let xhtml = hints[1]["valueString"].as_str().unwrap();
    assert!(
        markdown.lines().filter(|l| l.starts_with("- ")).count() >= 3,
        "{markdown}"
    );
    assert!(
        xhtml.starts_with("<div xmlns=\"http://www.w3.org/1999/xhtml\"><ul>"),
        "{xhtml}"
    );
    assert_eq!(
        xhtml.matches("<li>").count(),
        markdown.lines().filter(|l| l.starts_with("- ")).count()
    );
}

// `--format paths` gives every row of the disposition table as concrete answers, in the
// table's order, each checklist answered sign by sign.
#[test]
fn paths_export_lists_every_row_with_its_answers() {
    let site = Site::fixture("protocol");
    let run = site.run(&["tree", &format!("[site]/{TREE}"), "--format", "paths"]);
    run.assert_code(0);
    let paths: Value = serde_json::from_str(&run.stdout).unwrap();
    let paths = paths["paths"].as_array().unwrap();
    let csv = site.run(&["tree", &format!("[site]/{TREE}"), "--format", "csv"]);
    let rows: Vec<&str> = csv.stdout.lines().skip(1).collect();
    assert_eq!(paths.len(), 892);
    assert_eq!(paths.len(), rows.len());
    for (path, row) in paths.iter().zip(&rows) {
        let care = path["care"].as_str().unwrap();
        assert!(row.split(',').nth(1) == Some(care), "{row}");
        assert!(!path["answers"].as_array().unwrap().is_empty());
    }
    let first = &paths[1]["answers"];
    assert_eq!(
        first[2]["question"],
        "Is your child breathing faster than usual?"
    );
    assert_eq!(first[2]["sign"], true);
}
