//! Every problem in one pass (issue 28): a file's broken links are reported even when it has
//! other errors, and weight and readability warnings come in the same run as errors.

use crate::harness::{Site, read, write};

// A page with a front-matter error, a policy error and a broken link gets all three at once.
#[test]
fn a_file_with_several_kinds_of_error_gets_them_all_in_one_run() {
    let site = Site::fixture("basic");
    let page = site.join("content/causes/muscle-strain.md");
    let text = read(&page).replacen(
        "care = \"self-care\"",
        "care = \"self-care\"\ncolour = \"red\"",
        1,
    ) + "\n<span onclick=\"x()\">Press</span>\n\nSee [the old page](stretches.md).\n";
    write(&page, text);
    let run = site.build_short();
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr, @r"
    [site]/content/causes/muscle-strain.md:7:1: error: unknown key `colour`; expected one of `title`, `summary`, `reviewed`, `next_review`, `care`, `service`, `when`, `also_called`, `sources`, `aliases`, `weight`, `print`, `leaflet_id`
    [site]/content/causes/muscle-strain.md:32:7: error: attribute `onclick` is not allowed on `<span>`: event handlers run script, and carepath pages work without JavaScript
    [site]/content/causes/muscle-strain.md:34:5: error: broken link `stretches.md`: `content/causes/stretches.md` does not exist
    ");
}

// Weight and readability warnings are printed in the same run as an error elsewhere.
#[test]
fn warnings_about_rendered_pages_come_with_the_errors() {
    let site = Site::fixture("basic");
    let toml = site.join("content/site.toml");
    write(&toml, read(&toml) + "page_weight_budget = 100\n");
    let page = site.join("content/about.md");
    write(&page, read(&page) + "\n[Broken](missing.md)\n");
    let run = site.build_short();
    run.assert_code(1);
    assert!(run.stderr.contains("about.md"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("over the budget of 100 (`page_weight_budget`)"),
        "{}",
        run.stderr
    );
}

// Warnings come after the errors, grouped by kind; from ten warnings on, the full format puts
// a heading with its count over each kind, and `--format short` keeps one line per problem.
#[test]
fn warnings_come_after_errors_grouped_by_kind() {
    let site = Site::fixture("basic");
    let toml = site.join("content/site.toml");
    write(
        &toml,
        read(&toml) + "page_weight_budget = 100\nmax_grade = 0.5\n",
    );
    let about = site.join("content/about.md");
    write(&about, read(&about) + "\n[Broken](missing.md)\n");
    let short = site.build_short();
    short.assert_code(1);
    let lines: Vec<&str> = short.stderr.lines().collect();
    assert!(
        lines[0].contains("error: broken link `missing.md`"),
        "{}",
        short.stderr
    );
    let kinds: Vec<&str> = lines[1..]
        .iter()
        .map(|l| match l {
            l if l.contains("`page_weight_budget`") => "weight",
            l if l.contains("Flesch-Kincaid") => "reading",
            _ => "other",
        })
        .collect();
    let mut grouped = kinds.clone();
    grouped.dedup();
    let mut unique = grouped.clone();
    unique.sort();
    unique.dedup();
    // Each kind is one run of lines: no kind comes back after another.
    assert_eq!(grouped.len(), unique.len(), "{}", short.stderr);
    assert!(kinds.len() >= 10, "{}", short.stderr);
    assert!(
        lines.iter().all(|l| l.starts_with("[site]/")),
        "{}",
        short.stderr
    );
    let full = site.build();
    let weight = lines
        .iter()
        .filter(|l| l.contains("`page_weight_budget`"))
        .count();
    let heading = format!("── {weight} warnings: page weight ──");
    assert!(full.stderr.contains(&heading), "{}", full.stderr);
}
