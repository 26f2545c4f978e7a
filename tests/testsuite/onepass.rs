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
    [site]/content/causes/muscle-strain.md:7:1: error: unknown key `colour`; expected one of `title`, `summary`, `reviewed`, `next_review`, `care`, `service`, `when`, `also_called`, `sources`, `aliases`, `weight`
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
