//! Issue 28, item 4: messages that are right. A typo under a mapped prefix names the `[links]`
//! entry and the file looked for; suggestions rank by path and are left out when nothing is
//! close; tabs and line breaks in URLs are dropped as browsers drop them; `[links]` maps images
//! and refuses entries that map nothing.

use crate::harness::{Site, read, write};

/// A page of the sections fixture with `title`, and `body`.
fn page(title: &str, body: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"About {title}.\"\nreviewed = 2026-01-01\nnext_review = 2099-01-01\n+++\n{body}\n"
    )
}

/// The sections fixture with `body` added to `content/about.md`.
fn sections_with(body: &str) -> Site {
    let site = Site::fixture("sections");
    let about = site.join("content/about.md");
    write(&about, read(&about) + "\n" + body + "\n");
    site
}

/// Adds `entries` under the fixture's `[links]`.
fn add_links(site: &Site, entries: &str) {
    let toml = site.join("content/site.toml");
    write(&toml, read(&toml) + entries);
}

// A typo under a prefix `[links]` maps names the entry with its place in site.toml, the file it
// looked for, and the nearest page.
#[test]
fn a_missing_page_under_a_mapped_prefix_names_the_entry_and_the_file() {
    let site = sections_with("A typo: [sleep](/info/managing-symptoms/slep).");
    let run = site.build_short();
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr, @r#"
    [site]/content/about.md:14:9: error: link `/info/managing-symptoms/slep` is under `/info/`, which the `[links]` entry `"/info/"` at content/site.toml:10:1 maps to `content/`, but `content/managing-symptoms/slep.md` does not exist; did you mean `managing-symptoms/sleep.md`?
    "#);
}

// `mood` is offered `low-mood.md`, not `urination.md`, even though `low-mood.md` has an error
// of its own (it is still a page the reader will have once it is fixed).
#[test]
fn suggestions_rank_by_path_and_include_pages_with_errors() {
    let site = sections_with("How you feel: [mood](mood.md).");
    write(
        &site.join("content/urination.md"),
        page("Urination", "Passing urine."),
    );
    write(
        &site.join("content/low-mood.md"),
        "+++\ntitle = \"Low mood\"\nsumary = \"x\"\n+++\nFeeling low.\n",
    );
    let run = site.build_short();
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr, @r#"
    [site]/content/about.md:14:15: error: broken link `mood.md`: `content/mood.md` does not exist; did you mean `low-mood.md`?
    [site]/content/low-mood.md:3:1: error: unknown key `sumary`: did you mean `summary`? (the keys here are `title`, `summary`, `reviewed`, `next_review`, `care`, `service`, `when`, `also_called`, `sources`, `aliases`, `weight`, `print`, `leaflet_id`)
    "#);
}

// When no page is close, no suggestion is offered.
#[test]
fn no_suggestion_is_offered_below_the_threshold() {
    let site = sections_with("Forms: [insurance](insurance-forms.md).");
    let run = site.build_short();
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr, @"[site]/content/about.md:14:8: error: broken link `insurance-forms.md`: `content/insurance-forms.md` does not exist");
}

// A tab or a line break inside an href (raw HTML or Markdown) is dropped, as browsers drop it:
// the build passes and the written link has none.
#[test]
fn tabs_and_line_breaks_in_urls_are_dropped_as_browsers_do() {
    let site = sections_with(
        "<p>Read <a href=\"managing-symptoms/\ntremor.md#steady-your-hands\">steady hands</a>.</p>\n\nAnd [sleep](<managing-symptoms/\tsleep.md>).",
    );
    let run = site.build();
    run.assert_code(0);
    let main = site.main_of("about.html");
    let lines: Vec<&str> = (main.lines())
        .filter(|l| l.contains("steady hands") || l.contains(">sleep<"))
        .collect();
    insta::assert_snapshot!(lines.join("\n"), @r#"
    <p>Read <a href="managing-symptoms/tremor.html#steady-your-hands">steady hands</a>.</p>
    <p>And <a href="managing-symptoms/sleep.html">sleep</a>.</p>
    "#);
}

// `"/images/" = "images/"` maps the images a page shows, in Markdown and in raw HTML.
#[test]
fn links_maps_images_too() {
    let site = sections_with(
        "![A steady hand](/images/hand.jpg)\n\n<img src=\"/images/hand.jpg\" alt=\"The same hand\">",
    );
    write(
        &site.join("content/images/hand.jpg"),
        carepath::synthetic::photo(3, 400, 300),
    );
    add_links(&site, "\"/images/\" = \"images/\"\n");
    let run = site.build();
    run.assert_code(0);
    let main = site.main_of("about.html");
    let srcs: Vec<&str> = (main.split(" src=\"").skip(1))
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(srcs, ["images/hand.jpg", "images/hand.jpg"], "{main}");
    assert!(site.join("public/images/hand.jpg").exists());
}

// An entry that maps nothing (a file or folder that is not there) is refused at its key.
#[test]
fn a_links_entry_that_maps_nothing_is_refused_at_its_key() {
    let site = Site::fixture("sections");
    add_links(
        &site,
        "\"/old/leaflet\" = \"leaflets/tremor.md\"\n\"/pictures/\" = \"photos\"\n",
    );
    let run = site.build_short();
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr, @r#"
    [site]/content/site.toml:11:1: error: `[links]` entry `/old/leaflet` maps nothing: `content/leaflets/tremor.md` does not exist; point it at a page, a tree, an image or another file (a path relative to `content/`), or remove it
    [site]/content/site.toml:12:1: error: `[links]` entry `/pictures/` maps nothing: the folder `content/photos` holds no page or file; point it at a page, a tree, an image or another file (a path relative to `content/`), or remove it
    "#);
}

// A warning about an image points at the element that shows it, not at the top of the file.
#[test]
fn an_image_weight_warning_points_at_the_image() {
    let site = sections_with("Some text first.\n\nA photo: ![A steady hand](images/hand.jpg)");
    write(
        &site.join("content/images/hand.jpg"),
        carepath::synthetic::photo(3, 600, 400),
    );
    let toml = site.join("content/site.toml");
    let settings = read(&toml).replace(
        "[links]",
        "image_weight_budget = 1000\n\n[images]\nresize = false\n\n[links]",
    );
    write(&toml, settings);
    let run = site.build_short();
    run.assert_code(0);
    let warnings: Vec<&str> = (run.stderr.lines())
        .filter(|l| l.contains("image_weight_budget"))
        .collect();
    insta::assert_snapshot!(warnings.join("\n"), @"[site]/content/about.md:16:10: warning: `about.html` shows `images/hand.jpg`, which weighs 90342 bytes, over the budget of 1000 (`image_weight_budget`): make it smaller (about 1,200 pixels wide is plenty) and save it as JPEG or WebP");
}
