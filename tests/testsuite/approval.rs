//! Clinical sign-off (`carepath signoff`, `content/signoff.toml`): an approval holds only while
//! the text it approved, included snippets too, is unchanged; the build lists every page that
//! changed since, and the footer says who reviewed a page only while the approval holds.

use crate::harness::{Run, Site, write};

const SNIPPET: &str = "content/snippets/signs.md";

/// The basic fixture with a snippet included by a cause page and an outcome page.
fn site_with_snippet() -> Site {
    let site = Site::fixture("basic");
    write(&site.join(SNIPPET), "- You cannot feel your legs\n");
    for page in ["content/causes/muscle-strain.md", "content/outcomes/gp.md"] {
        let text = std::fs::read_to_string(site.join(page)).unwrap();
        write(
            &site.join(page),
            format!("{text}\n{{{{ include snippets/signs.md }}}}\n"),
        );
    }
    site
}

fn approve(site: &Site, page: &str) -> Run {
    let args = [
        "signoff",
        page,
        "--by",
        "Dr A Name",
        "--role",
        "GP clinical lead",
    ];
    site.run(&[&args[..], &["--date", "2026-12-07", "--site", "[site]"]].concat())
}

/// The `<footer …>…</footer>` of an output page.
fn footer(site: &Site, rel: &str) -> String {
    let html = site.output(rel);
    let start = html.find("<footer").unwrap();
    let end = html.find("</footer>").unwrap() + "</footer>".len();
    html[start..end].to_string()
}

fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.join(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    write(&site.join(rel), text.replacen(from, to, 1));
}

const STALE_STRAIN: &str = "[site]/content/causes/muscle-strain.md:1:1: warning: changed since Dr A Name (GP clinical lead) approved it on 2026-12-07";

// An approved page builds clean and its footer says who reviewed it; the record is not
// published. Once its text changes, the build lists it and the footer line goes.
#[test]
fn an_approval_holds_until_the_page_changes() {
    let site = site_with_snippet();
    let run = approve(&site, "content/causes/muscle-strain.md");
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "recorded: content/causes/muscle-strain.md approved by Dr A Name (GP clinical lead) on 2026-12-07\n"
    );
    approve(&site, "outcomes/gp.md").assert_code(0);
    let built = site.build_short();
    built.assert_code(0);
    assert_eq!(built.stderr, "");
    insta::assert_snapshot!(footer(&site, "causes/muscle-strain.html"));
    assert!(!site.files().iter().any(|f| f.starts_with("public/signoff")));
    assert!(!footer(&site, "causes/example-cause.html").contains("Reviewed by"));

    edit(
        &site,
        "content/causes/muscle-strain.md",
        "stretched too far",
        "stretched a lot",
    );
    let run = site.build_short();
    run.assert_code(0);
    assert_eq!(
        run.stderr,
        format!(
            "{STALE_STRAIN} (its text changed): approve it again with `carepath signoff content/causes/muscle-strain.md --by NAME --role ROLE`\n"
        )
    );
    assert!(!footer(&site, "causes/muscle-strain.html").contains("Reviewed by"));
    assert!(
        footer(&site, "outcomes/gp.html")
            .contains("Reviewed by GP clinical lead on 7 December 2026")
    );
}

// An edit to a shared snippet un-approves every page that includes it, naming the snippet;
// with --strict each is an error and nothing is written; approving them again clears it.
#[test]
fn a_snippet_edit_names_every_page_it_unapproves() {
    let site = site_with_snippet();
    for page in ["causes/muscle-strain.md", "outcomes/gp.md"] {
        approve(&site, page).assert_code(0);
    }
    edit(&site, SNIPPET, "feel your legs", "feel your feet");
    let run = site.build_short();
    run.assert_code(0);
    let changed = "(content/snippets/signs.md changed): approve it again with";
    assert_eq!(
        run.stderr,
        format!(
            "{STALE_STRAIN} {changed} `carepath signoff content/causes/muscle-strain.md --by NAME --role ROLE`\n[site]/content/outcomes/gp.md:1:1: warning: changed since Dr A Name (GP clinical lead) approved it on 2026-12-07 {changed} `carepath signoff content/outcomes/gp.md --by NAME --role ROLE`\n"
        )
    );
    let strict = site.run(&["build", "--site", "[site]", "--strict", "--format", "short"]);
    strict.assert_code(1);
    assert_eq!(strict.stderr, run.stderr.replace("warning:", "error:"));

    for page in ["causes/muscle-strain.md", "outcomes/gp.md"] {
        approve(&site, page).assert_code(0);
    }
    let again = site.run(&["build", "--site", "[site]", "--strict", "--format", "short"]);
    again.assert_code(0);
    assert_eq!(again.stderr, "");
    let record = std::fs::read_to_string(site.join("content/signoff.toml")).unwrap();
    assert_eq!(record.matches("[[signoff]]").count(), 2, "{record}");
}

// With `require_signoff = true`, every cause page, outcome page and tree needs an approval.
#[test]
fn require_signoff_makes_a_missing_approval_an_error() {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.join("content/site.toml")).unwrap();
    write(
        &site.join("content/site.toml"),
        format!("require_signoff = true\n{config}"),
    );
    let run = site.build_short();
    run.assert_code(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 6, "{}", run.stderr);
    assert!(
        lines
            .iter()
            .all(|l| l.contains(":1:1: error: not approved by a clinician")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/checks/example.toml:1:1"));
    assert!(!run.stderr.contains("content/index.md"));
}

// `signoff` refuses a page that does not exist, or one with errors, and records nothing.
#[test]
fn signoff_refuses_a_missing_or_broken_page() {
    let site = Site::fixture("basic");
    let run = approve(&site, "content/causes/nope.md");
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error: `content/causes/nope.md` is not a page or tree of the site at `[site]`: give its path in `content/` (e.g. `content/causes/sciatica.md`)\n"
    );
    edit(
        &site,
        "content/causes/muscle-strain.md",
        "## What it is",
        "{{ include snippets/none.md }}\n\n## What it is",
    );
    let run = approve(&site, "causes/muscle-strain.md");
    run.assert_code(1);
    assert!(
        run.stderr.contains("no snippet `content/snippets/none.md`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("error: not signed off: fix the errors in the page first\n")
    );
    assert!(!site.join("content/signoff.toml").exists());
}

// A tree's approval covers its logic and wording: its pages show it until the file changes.
#[test]
fn a_tree_approval_goes_stale_when_the_tree_changes() {
    let site = Site::fixture("basic");
    approve(&site, "content/checks/example.toml").assert_code(0);
    site.build_short().assert_code(0);
    let index = "checks/example/index.html";
    assert!(footer(&site, index).contains("Reviewed by GP clinical lead on 7 December 2026"));
    let text = std::fs::read_to_string(site.join("content/checks/example.toml")).unwrap();
    write(
        &site.join("content/checks/example.toml"),
        format!("{text}\n# a comment\n"),
    );
    let run = site.build_short();
    run.assert_code(0);
    assert!(
        run.stderr.starts_with("[site]/content/checks/example.toml:1:1: warning: changed since Dr A Name (GP clinical lead) approved it on 2026-12-07 (its text changed)"),
        "{}",
        run.stderr
    );
    assert!(!footer(&site, index).contains("Reviewed by"));
}

/// The `{{ signoff }}` statement on the about page: its first paragraph(s) under the heading
/// the test adds.
fn statement(site: &Site) -> String {
    let html = site.output("about.html");
    let start = html.find("<h2 id=\"clinical-review\">").unwrap();
    let end = html[start..].find("<h2 id=\"after\">").unwrap() + start;
    html[start..end].to_string()
}

// The about page says who is responsible for the content from the sign-off record: "not yet
// reviewed" while nothing is approved, the approver and how much they approved once something
// is, every approver when there are several, and "not yet reviewed" again once every approval
// went stale. A name is shown as written, never as Markdown.
#[test]
fn the_about_page_says_who_is_responsible_from_the_record() {
    let site = site_with_snippet();
    let about = std::fs::read_to_string(site.join("content/about.md")).unwrap();
    write(
        &site.join("content/about.md"),
        format!("{about}\n## Clinical review\n\n{{{{ signoff }}}}\n\n## After\n\nEnd.\n"),
    );
    site.build_short().assert_code(0);
    insta::assert_snapshot!("statement_none", statement(&site));

    approve(&site, "content/causes/muscle-strain.md").assert_code(0);
    approve(&site, "content/outcomes/gp.md").assert_code(0);
    site.build_short().assert_code(0);
    insta::assert_snapshot!("statement_one", statement(&site));

    let other = [
        "signoff",
        "content/causes/example-cause.md",
        "--by",
        "Sam <b>Lee</b> *RN*",
        "--role",
        "Nurse consultant",
        "--date",
        "2026-12-09",
        "--site",
        "[site]",
    ];
    site.run(&other).assert_code(0);
    site.build_short().assert_code(0);
    insta::assert_snapshot!("statement_two", statement(&site));

    edit(&site, SNIPPET, "cannot feel", "can hardly feel");
    edit(
        &site,
        "content/causes/example-cause.md",
        "\n+++\n",
        "\n+++\nChanged.\n\n",
    );
    site.build_short().assert_code(0);
    let stale = statement(&site);
    assert!(
        stale.contains("<strong>This content has not yet been reviewed by a clinician in its current form.</strong>"),
        "{stale}"
    );
}
