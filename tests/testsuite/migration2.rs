//! Issue 28, second part: harmless link attributes, anchors that name several headings, broken
//! tags shown as text, the A–Z over the page budget and the host redirect files.

use crate::harness::{Site, read, write};

/// Adds raw-HTML links with `target`/`rel` to two pages of the basic fixture.
fn with_target_links(site: &Site) {
    let about = site.join("content/about.md");
    write(
        &about,
        read(&about)
            + "\n<p>Read <a href=\"https://example.org/a\" target=\"_blank\" rel=\"nofollow\">the leaflet</a> or <a target=_blank href=\"https://example.org/b\">the video</a>.</p>\n\nAlso <a rel=\"noopener\" href=\"https://example.org/c\">this</a>.\n",
    );
    let cause = site.join("content/causes/muscle-strain.md");
    write(
        &cause,
        read(&cause) + "\n<a href=\"https://example.org/d\" target=\"_blank\">More</a>\n",
    );
}

/// The lines of `about.html`'s `<main>` that hold the added links.
fn example_links(site: &Site) -> String {
    let main = site.main_of("about.html");
    let lines: Vec<&str> = main.lines().filter(|l| l.contains("example.org")).collect();
    lines.join("\n")
}

// By default `target` and `rel` are dropped, with one note that counts them.
#[test]
fn target_and_rel_are_dropped_with_one_note() {
    let site = Site::fixture("basic");
    with_target_links(&site);
    let run = site.build();
    run.assert_code(0);
    let all = format!("{}{}", run.stdout, run.stderr);
    let note = "note: dropped target/rel from 4 links in 2 files; set [html] target = \"keep\" in content/site.toml to keep them";
    assert_eq!(all.matches("dropped target/rel").count(), 1, "{all}");
    assert!(all.contains(note), "{all}");
    insta::assert_snapshot!(example_links(&site), @r#"
    <p>Read <a href="https://example.org/a">the leaflet</a> or <a href="https://example.org/b">the video</a>.</p>
    <p>Also <a href="https://example.org/c">this</a>.</p>
    "#);
}

// `[html] target = "keep"` keeps `target` and forces `rel="noopener noreferrer"`.
#[test]
fn target_kept_with_noopener_when_asked() {
    let site = Site::fixture("basic");
    with_target_links(&site);
    let toml = site.join("content/site.toml");
    write(&toml, read(&toml) + "\n[html]\ntarget = \"keep\"\n");
    let run = site.build();
    run.assert_code(0);
    assert!(!run.stderr.contains("dropped target/rel"), "{}", run.stderr);
    insta::assert_snapshot!(example_links(&site), @r#"
    <p>Read <a href="https://example.org/a" target="_blank" rel="noopener noreferrer">the leaflet</a> or <a target=_blank rel="noopener noreferrer" href="https://example.org/b">the video</a>.</p>
    <p>Also <a rel="noopener noreferrer" href="https://example.org/c">this</a>.</p>
    "#);
}

// Any other value is an error at its key.
#[test]
fn an_unknown_target_policy_is_an_error_at_its_key() {
    let site = Site::fixture("basic");
    let toml = site.join("content/site.toml");
    write(&toml, read(&toml) + "\n[html]\ntarget = \"open\"\n");
    let run = site.build_short();
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr, @"[site]/content/site.toml:7:10: error: `target`: unknown variant `open`, expected `drop` or `keep`");
}
