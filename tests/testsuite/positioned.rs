//! Every problem in the `path:line:col: error: message` form, with exit code 1: template syntax
//! and render errors at their place in the template file, `site.toml`'s own problems, files that
//! are not UTF-8 at their first bad byte, and links that go round in a circle, each at its path
//! while the rest of the site is still checked. Bad inputs are written at run time (links and
//! stray bytes cannot be committed portably).

use crate::harness::{Run, Site, read, write};
#[cfg(unix)]
use crate::limits::link;

const TEMPLATES: &str = "themes/default/templates";

/// The basic site with `themes/default/templates/<name>` holding `text`.
fn with_template(name: &str, text: impl AsRef<[u8]>) -> Site {
    let site = Site::fixture("basic");
    write(&site.join(&format!("{TEMPLATES}/{name}")), text);
    site
}

/// Builds `site` (short form) and asserts it fails with exactly `expected` on stderr.
#[track_caller]
fn fails_with(site: &Site, expected: &str) -> Run {
    let run = site.build_short();
    run.assert_code(1);
    assert_eq!(run.stderr, expected);
    assert!(
        !site.join("public/index.html").exists(),
        "nothing is written"
    );
    run
}

// A template syntax error is at pest's line and column in the template file, as an error of
// the build (not a cause chain), with pest's expectation as the message.
#[test]
fn template_syntax_error_is_at_its_line_and_column() {
    let site = with_template("page.html", "<main>\n{% if %}\n</main>\n");
    fails_with(
        &site,
        "[site]/themes/default/templates/page.html:2:7: error: template syntax error: expected a value that can be negated\n",
    );
}

// Every template with a syntax error is reported, not just the first Tera meets.
#[test]
fn every_broken_template_is_reported() {
    let site = with_template("page.html", "{{ }}\n");
    write(
        &site.join(&format!("{TEMPLATES}/cause.html")),
        "x\n\n  {% endif %}",
    );
    let run = site.build_short();
    run.assert_code(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(
        lines[0].starts_with(
            "[site]/themes/default/templates/cause.html:3:3: error: template syntax error: "
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(
            "[site]/themes/default/templates/page.html:1:4: error: template syntax error: "
        ),
        "{}",
        lines[1]
    );
}

// A variable the page does not have is an error at the variable in the template.
#[test]
fn template_render_error_is_at_the_variable_it_names() {
    let site = with_template(
        "page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.nope }}</p>\n{% endblock %}\n",
    );
    fails_with(
        &site,
        "[site]/themes/default/templates/page.html:3:7: error: template error: Variable `page.nope` not found in context while rendering 'page.html'\n",
    );
}

// A template that extends a template no theme has is an error at its `extends` tag.
#[test]
fn template_with_a_missing_parent_is_at_its_extends_tag() {
    let site = with_template("page.html", "\n\n{% extends \"gone.html\" %}\n");
    fails_with(
        &site,
        "[site]/themes/default/templates/page.html:3:13: error: template error: Template 'page.html' is inheriting from 'gone.html', which doesn't exist or isn't loaded\n",
    );
}

// A filter Tera does not know is an error where the filter is used.
#[test]
fn unknown_filter_is_where_it_is_used() {
    let site = with_template(
        "page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title | shout }}</p>\n{% endblock %}\n",
    );
    fails_with(
        &site,
        "[site]/themes/default/templates/page.html:3:20: error: template error: Filter 'shout' not found\n",
    );
}

// 20,000 unclosed `(` in one tag are refused at once (Tera's parser took minutes), at the first
// bracket past the limit.
#[test]
fn template_with_absurd_nesting_is_refused_at_the_bracket() {
    let text = format!("<p>\n{{{{ {} }}}}\n", "(".repeat(20_000));
    let site = with_template("page.html", text);
    fails_with(
        &site,
        "[site]/themes/default/templates/page.html:2:36: error: template: more than 32 brackets are open at once inside this tag: close some, or work the value out in fewer steps\n",
    );
}

// 2,000 nested `{% if %}` blocks are refused at the first past the limit (Tera's parser
// overflowed the stack on them and the process aborted).
#[test]
fn template_with_blocks_nested_too_deep_is_refused_at_the_block() {
    let text = format!("<p>\n{}", "{% if page %}\n".repeat(2_000));
    let site = with_template("page.html", text);
    fails_with(
        &site,
        "[site]/themes/default/templates/page.html:66:1: error: template: more than 64 blocks (`if`, `for`, `block`, `macro`, `filter`) are open at once, one inside another: close some, or split the template with `include`\n",
    );
}

// A bracket that is not closed before its tag ends is refused at the bracket.
#[test]
fn template_with_an_unclosed_bracket_is_refused_at_the_bracket() {
    let site = with_template("page.html", "<p>{{ (page.title }}</p>\n");
    fails_with(
        &site,
        "[site]/themes/default/templates/page.html:1:7: error: template: this `(` is not closed before the end of its tag (`}}`)\n",
    );
}

const NOT_UTF8: &str = "file is not valid UTF-8: save it with UTF-8 encoding";

// A template that is not UTF-8 is an error at the line and column of its first bad byte.
#[test]
fn template_not_utf8_is_at_its_first_bad_byte() {
    let site = with_template("page.html", b"<main>\n<p>caf\xe9</p>\n");
    fails_with(
        &site,
        &format!("[site]/themes/default/templates/page.html:2:7: error: {NOT_UTF8}\n"),
    );
}

// `site.toml` that is not UTF-8 is an error at its first bad byte.
#[test]
fn site_toml_not_utf8_is_at_its_first_bad_byte() {
    let site = Site::fixture("basic");
    let config = read(&site.join("content/site.toml"));
    let mut bytes = config.into_bytes();
    bytes.extend_from_slice(b"worried_advice = \"Ring the caf\xe9\"\n");
    write(&site.join("content/site.toml"), bytes);
    fails_with(
        &site,
        &format!("[site]/content/site.toml:5:31: error: {NOT_UTF8}\n"),
    );
}

// A tree file that is not UTF-8 is an error at its first bad byte (it was line 1, column 1).
#[test]
fn tree_not_utf8_is_at_its_first_bad_byte() {
    let site = Site::fixture("basic");
    let mut bytes = read(&site.join("content/checks/example.toml")).into_bytes();
    bytes.extend_from_slice(b"\n# caf\xe9\n");
    let line = bytes.iter().filter(|b| **b == b'\n').count();
    write(&site.join("content/checks/example.toml"), bytes);
    let run = site.build_short();
    run.assert_code(1);
    let expected = format!("[site]/content/checks/example.toml:{line}:6: error: {NOT_UTF8}\n");
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
}

// The sign-off record that is not UTF-8 is an error at its first bad byte, not a failed build.
#[test]
fn signoff_record_not_utf8_is_at_its_first_bad_byte() {
    let site = Site::fixture("basic");
    write(
        &site.join("content/signoff.toml"),
        b"# sign-offs\n# caf\xe9\n",
    );
    fails_with(
        &site,
        &format!("[site]/content/signoff.toml:2:6: error: {NOT_UTF8}\n"),
    );
}

// A theme that `site.toml` names but that has no folder is an error at the `theme` key.
#[test]
fn missing_theme_is_at_the_theme_key() {
    let site = Site::fixture("basic");
    let config = read(&site.join("content/site.toml")) + "\ntheme = \"clinic\"\n";
    write(&site.join("content/site.toml"), config);
    fails_with(
        &site,
        "[site]/content/site.toml:6:1: error: theme folder `themes/clinic` not found: `theme` names a folder under `themes/` (or leave it out for the built-in theme)\n",
    );
}

const LOOP: &str = "symbolic link that leads back to itself (directly, or through other links), so it points at no file: remove it, or make it point at the file it stands for";

// A link to itself is an error at its path, and the walk goes on: a problem in a file after it
// is reported too.
#[cfg(unix)]
#[test]
fn link_to_itself_is_at_its_path_and_the_walk_goes_on() {
    let site = Site::fixture("basic");
    link("self.md", &site.join("content/causes/self.md"));
    let about = read(&site.join("content/about.md")) + "\nSee [the list](list.md).\n";
    write(&site.join("content/zz.md"), about);
    let run = site.build_short();
    run.assert_code(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines[0],
        format!("[site]/content/causes/self.md:1:1: error: {LOOP}")
    );
    assert!(
        lines[1].starts_with("[site]/content/zz.md:15:5: error: "),
        "{}",
        run.stderr
    );
}

// Two links that point at each other are each an error at their own path.
#[cfg(unix)]
#[test]
fn links_in_a_circle_are_each_at_their_path() {
    let site = Site::fixture("basic");
    link("b.md", &site.join("content/a.md"));
    link("a.md", &site.join("content/b.md"));
    fails_with(
        &site,
        &format!(
            "[site]/content/a.md:1:1: error: {LOOP}\n[site]/content/b.md:1:1: error: {LOOP}\n"
        ),
    );
}

// A theme's template that links to itself is an error at its path.
#[cfg(unix)]
#[test]
fn template_link_to_itself_is_at_its_path() {
    let site = Site::fixture("basic");
    std::fs::create_dir_all(site.join(TEMPLATES)).expect("theme folder");
    link("page.html", &site.join(&format!("{TEMPLATES}/page.html")));
    fails_with(
        &site,
        &format!("[site]/themes/default/templates/page.html:1:1: error: {LOOP}\n"),
    );
}
