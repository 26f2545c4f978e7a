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

// A link to a heading's text that several headings share names all their ids; a link by an
// id that only one heading has is fine.
#[test]
fn an_anchor_shared_by_several_headings_is_an_error_listing_their_ids() {
    let site = Site::fixture("basic");
    let about = site.join("content/about.md");
    write(
        &about,
        read(&about)
            + "\n## Contact us\n\nBy post.\n\n## Contact us\n\nBy phone.\n\nSee [contact](#contact-us), [by phone](#contact-us-1) and [help](causes/muscle-strain.md#when-to-get-help).\n",
    );
    let run = site.build_short();
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr, @"[site]/content/about.md:23:5: error: ambiguous anchor `#contact-us`: 2 headings in `content/about.md` have this text, with ids `#contact-us`, `#contact-us-1`; link to the one you mean by its id");
}

// Text at the start of a line that looks like a tag with its `<` missing gets a warning at
// its place; the same text in a code block does not.
#[test]
fn a_tag_missing_its_opening_bracket_gets_a_warning() {
    let site = Site::fixture("basic");
    let about = site.join("content/about.md");
    write(
        &about,
        read(&about)
            + "\ndiv class=\"note\">Call us if you are worried.\n\n```\ndiv class=\"x\">code\n```\n",
    );
    let run = site.build_short();
    run.assert_code(0);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("about.md"))
        .collect();
    insta::assert_snapshot!(lines.join("\n"), @r#"
    [site]/content/about.md:15:1: warning: `div class="note">` looks like a tag with its `<` missing: readers see it as text; write `<div class="note">` if it is meant to be HTML
    "#);
}

/// The basic fixture with old addresses on two pages and the redirect files `formats` names.
fn with_aliases(formats: &str, base_url: &str) -> Site {
    let site = Site::fixture("basic");
    let toml = site.join("content/site.toml");
    write(
        &toml,
        format!(
            "{base_url}{}\n[redirects]\nformats = {formats}\n",
            read(&toml)
        ),
    );
    let cause = site.join("content/causes/muscle-strain.md");
    write(
        &cause,
        read(&cause).replacen(
            "+++\n",
            "+++\naliases = [\"/information/pulled-muscle\", \"causes/strain.html\"]\n",
            1,
        ),
    );
    let about = site.join("content/about.md");
    write(
        &about,
        read(&about).replacen("+++\n", "+++\naliases = [\"/about-us/\"]\n", 1),
    );
    site
}

// Each host's redirect file lists every alias once, old address then new, answering 301.
#[test]
fn redirect_files_for_hosts_list_every_alias() {
    let site = with_aliases("[\"netlify\", \"apache\", \"nginx\"]", "");
    site.build().assert_code(0);
    insta::assert_snapshot!("netlify", site.output("_redirects"));
    insta::assert_snapshot!("apache", site.output(".htaccess"));
    insta::assert_snapshot!("nginx", site.output("nginx-redirects.conf"));
    // The redirect pages are still written.
    assert!(
        site.output("information/pulled-muscle/index.html")
            .contains("refresh")
    );
}

// Under a `base_url` with a path, both addresses carry it; without `formats`, no file.
#[test]
fn redirect_files_follow_base_url_and_are_off_by_default() {
    let site = with_aliases(
        "[\"netlify\"]",
        "base_url = \"https://example.org/back-pain/\"\n",
    );
    site.build().assert_code(0);
    insta::assert_snapshot!(site.output("_redirects"), @r#"
    # written by carepath from the `aliases` of the site's pages and `[links]` in site.toml: old address, new address
    /back-pain/about-us /back-pain/about.html 301!
    /back-pain/causes/strain.html /back-pain/causes/muscle-strain.html 301!
    /back-pain/information/pulled-muscle /back-pain/causes/muscle-strain.html 301!
    "#);
    let none = with_aliases("[]", "");
    none.build().assert_code(0);
    assert!(!none.join("public/_redirects").exists());
    assert!(!none.join("public/.htaccess").exists());
}

// An unknown format is an error at its key.
#[test]
fn an_unknown_redirect_format_is_an_error() {
    let site = with_aliases("[\"iis\"]", "");
    let run = site.build_short();
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr, @"[site]/content/site.toml:7:12: error: `formats`: unknown variant `iis`, expected one of `netlify`, `apache`, `nginx`");
}

// `[links]` entries go into the host redirect files too: an exact entry to its page or tree,
// and a prefix for every page under its folder at the old address it answers at.
#[test]
fn redirect_files_list_the_links_entries_too() {
    let site = with_aliases("[\"netlify\"]", "");
    let toml = site.join("content/site.toml");
    write(
        &toml,
        read(&toml)
            + "\n[links]\n\"/information/about-this-site\" = \"about.md\"\n\"/old/checker\" = \"checks/example.toml\"\n\"/info/conditions/\" = \"causes\"\n",
    );
    site.build().assert_code(0);
    insta::assert_snapshot!(site.output("_redirects"), @r#"
    # written by carepath from the `aliases` of the site's pages and `[links]` in site.toml: old address, new address
    /about-us /about.html 301!
    /causes/strain.html /causes/muscle-strain.html 301!
    /info/conditions/example-cause /causes/example-cause.html 301!
    /info/conditions/muscle-strain /causes/muscle-strain.html 301!
    /information/about-this-site /about.html 301!
    /information/pulled-muscle /causes/muscle-strain.html 301!
    /old/checker /checks/example/index.html 301!
    "#);
}
