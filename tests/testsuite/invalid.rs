//! Bad inputs: every folder under `tests/fixtures/invalid/` is a small site with one kind of
//! problem, and `diagnostics.snap` beside it holds the exact stderr a build must print.

use crate::harness::{Run, Site, read_all, redact_timing, write};

const OLD_PAGE: &str = "previous build";

// Every bad input fails the build with exit 1 and exactly the expected diagnostics, `check`
// reports the same, and the previous output folder is left byte-for-byte as it was.
#[test]
fn bad_input_fails_with_expected_diagnostics() {
    insta::glob!("../fixtures/invalid", "*/content/site.toml", |path| {
        let fixture = path.ancestors().nth(2).expect("fixture folder");
        let site = Site::copy_of(fixture);
        write(&site.join("public/old.html"), OLD_PAGE);
        write(&site.join("public/.carepath"), "");
        let before = site.files();
        let old_output = read_all(&site.join("public"));

        let run = site.build();
        run.assert_code(1);
        assert_reported_once(&run);

        assert_eq!(read_all(&site.join("public")), old_output, "output changed");
        assert_eq!(site.files(), before, "the failed build left files behind");

        let check = site.run(&["check", "--site", "[site]"]);
        check.assert_code(1);
        assert_eq!(check.stderr, run.stderr, "check and build disagree");
        // The short form is exactly the first line of each full diagnostic (a build that cannot
        // proceed prints its cause chain as it is).
        let short = site.run(&["check", "--site", "[site]", "--format", "short"]);
        if !run.stderr.starts_with("error: ") {
            assert_eq!(short.stderr, headers(&run.stderr), "short form differs");
        }

        // Named here, so that a difference says which fixture it is in (insta's glob report
        // counts failures without naming them when its output is not shown).
        let stored = std::fs::read_to_string(fixture.join("diagnostics.snap")).unwrap_or_default();
        let expected = stored.splitn(3, "---\n").nth(2).unwrap_or_default();
        let updating = std::env::var("INSTA_UPDATE").is_ok_and(|u| u == "always" || u == "new");
        if !updating && !expected.is_empty() {
            assert_eq!(
                run.stderr.trim_end(),
                expected.trim_end(),
                "{}: stderr differs from its diagnostics.snap",
                fixture.display()
            );
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(fixture);
        settings.set_prepend_module_to_snapshot(false);
        settings.remove_snapshot_suffix();
        settings.bind(|| insta::assert_snapshot!("diagnostics", run.stderr));
    });
}

/// The `path:line:col: severity: message` lines of full diagnostics, without the source lines,
/// carets and blank lines drawn under them.
fn headers(full: &str) -> String {
    full.lines()
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .filter(|l| {
            !l.split_once(" |")
                .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Content problems end with a summary whose count matches the diagnostics; a build that cannot
/// proceed prints one `error: ` and no summary.
#[track_caller]
fn assert_reported_once(run: &Run) {
    if run.stderr.starts_with("error: ") {
        assert_eq!(
            run.stdout, "",
            "a build that cannot proceed printed a summary"
        );
        return;
    }
    let headers = headers(&run.stderr);
    let errors = headers.lines().filter(|l| l.contains(": error: ")).count();
    let warnings = headers
        .lines()
        .filter(|l| l.contains(": warning: "))
        .count();
    assert!(
        errors > 0,
        "exit 1 without an error diagnostic:\n{}",
        run.stderr
    );
    assert_eq!(
        redact_timing(&run.stdout).trim_end(),
        format!(
            "failed: {errors} error{}, {warnings} warning{}; nothing written ([time])",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        )
    );
    for line in headers.lines() {
        assert!(
            line.starts_with("[site]/")
                && (line.contains(": error: ") || line.contains(": warning: ")),
            "not a `path:line:col: severity: message` diagnostic: {line}"
        );
    }
}

// The diagnostics are sorted by file, then line, then column.
#[test]
fn diagnostics_are_sorted_by_position() {
    let run = Site::fixture("invalid/several-problems").build_short();
    let positions: Vec<(String, usize, usize)> = run.stderr.lines().map(position).collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted);
    assert_eq!(positions.len(), 3, "{}", run.stderr);
}

fn position(line: &str) -> (String, usize, usize) {
    let mut parts = line.splitn(4, ':');
    let mut next = || parts.next().expect("path:line:col: message");
    let path = next().to_string();
    let line_no = next().parse().expect("line number");
    let col = next().parse().expect("column number");
    (path, line_no, col)
}

// Every folder under `invalid/` is a whole site, so the glob above cannot silently skip one
// (a missing `diagnostics.snap` already fails that test).
#[test]
fn every_invalid_fixture_is_a_site() {
    let dir = crate::harness::fixtures_dir().join("invalid");
    for entry in std::fs::read_dir(&dir).expect("tests/fixtures/invalid") {
        let fixture = entry.expect("folder entry").path();
        assert!(
            fixture.join("content/site.toml").is_file(),
            "{} has no content/site.toml",
            fixture.display()
        );
    }
}

// A page that fails to load is still a page: links to it are not also reported as broken.
#[test]
fn link_to_page_with_errors_is_not_reported_as_missing() {
    let site = Site::fixture("invalid/bad-date");
    let index = site.join("content/index.md");
    let text = crate::harness::read(&index) + "\nRead [about us](about.md).\n";
    write(&index, text);
    let run = site.build();
    run.assert_code(1);
    assert!(!run.stderr.contains("does not exist"), "{}", run.stderr);
}

// An HTML file copied from `content/` as is must not carry script into the site either.
#[test]
fn script_in_copied_html_file_is_rejected() {
    let site = Site::fixture("basic");
    write(
        &site.join("content/leaflet.html"),
        "<p>Leaflet</p>\n<script>alert(1)</script>\n",
    );
    let run = site.build();
    run.assert_code(1);
    assert!(
        run.stderr
            .starts_with("[site]/content/leaflet.html:2:1: error: "),
        "{}",
        run.stderr
    );
}
