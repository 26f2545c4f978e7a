//! Hostile or careless input: symbolic links (followed inside the site, refused when they leave
//! it, dangle or loop) and files too big to parse. Links are made at run time, as they cannot be
//! committed portably; the size limit also has a fixture under `invalid/file-too-large`.

use crate::harness::{Site, write};
use std::path::Path;

/// Makes a symbolic link `at` pointing at `target`.
#[cfg(unix)]
pub(crate) fn link(target: impl AsRef<Path>, at: &Path) {
    std::os::unix::fs::symlink(target, at)
        .unwrap_or_else(|e| panic!("failed to link {}: {e}", at.display()));
}

const NOTE: &str = "+++\ntitle = \"Note\"\nsummary = \"A shared note.\"\nreviewed = 2026-01-01\nnext_review = 2099-01-01\n+++\nShared text.\n";

// A link to a file or folder elsewhere in the site is followed: the page is built.
#[cfg(unix)]
#[test]
fn follows_symlinks_that_stay_inside_the_site() {
    let site = Site::fixture("basic");
    write(&site.join("shared/note.md"), NOTE);
    link("../shared/note.md", &site.join("content/note.md"));
    link("../shared", &site.join("content/more"));
    site.build().assert_code(0);
    assert!(site.join("public/note.html").is_file());
    assert!(site.join("public/more/note.html").is_file());
}

// A link that leaves the site is an error at the link's path, naming where it leads.
#[cfg(unix)]
#[test]
fn refuses_symlinks_that_leave_the_site() {
    let site = Site::fixture("basic");
    let elsewhere = Site::empty();
    write(&elsewhere.join("secret.md"), NOTE);
    link(elsewhere.join("secret.md"), &site.join("content/secret.md"));
    link(elsewhere.path(), &site.join("content/elsewhere"));
    link(elsewhere.path(), &site.join("themes"));
    let run = site.build_short();
    run.assert_code(1);
    let real = elsewhere.path().canonicalize().expect("temp folder");
    let shown = run
        .stderr
        .replace(&real.display().to_string(), "[elsewhere]");
    assert_eq!(
        shown,
        "[site]/content/elsewhere:1:1: error: symbolic link to `[elsewhere]`, outside the site: carepath follows links only within the site folder; copy the file or folder into the site instead\n\
         [site]/content/secret.md:1:1: error: symbolic link to `[elsewhere]/secret.md`, outside the site: carepath follows links only within the site folder; copy the file or folder into the site instead\n"
    );
    assert!(!site.join("public").exists());
}

// A theme folder may not reach out of the site either.
#[cfg(unix)]
#[test]
fn refuses_theme_symlinks_that_leave_the_site() {
    let site = Site::fixture("basic");
    let elsewhere = Site::empty();
    write(&elsewhere.join("base.html"), "<html></html>");
    write(
        &site.join("themes/default/templates/page.html"),
        "{% extends \"base.html\" %}",
    );
    link(
        elsewhere.join("base.html"),
        &site.join("themes/default/templates/base.html"),
    );
    let run = site.build();
    run.assert_code(1);
    assert!(
        run.stderr.starts_with(
            "[site]/themes/default/templates/base.html:1:1: error: symbolic link to `"
        ),
        "{}",
        run.stderr
    );
}

// A link that loops back to a folder containing it, and one that points at nothing, are errors.
#[cfg(unix)]
#[test]
fn refuses_symlink_loops_and_dangling_links() {
    let site = Site::fixture("basic");
    link("..", &site.join("content/causes/loop"));
    link("missing.md", &site.join("content/gone.md"));
    let run = site.build();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "[site]/content/causes/loop:1:1: error: symbolic link loops back to `content`, which contains it\n\
         [site]/content/gone.md:1:1: error: symbolic link to a file or folder that does not exist\n"
    );
}

// An article over the default limit of 2 MiB is refused with its size, before it is read.
#[test]
fn refuses_an_article_over_the_default_size_limit() {
    let site = Site::fixture("basic");
    let big = NOTE.to_string() + &"A plain sentence for the page.\n".repeat(70_000);
    write(&site.join("content/big.md"), &big);
    let run = site.build_short();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        format!(
            "[site]/content/big.md:1:1: error: file is 2.1 MiB ({} bytes), over the limit of 2.0 MiB (`max_file_bytes` in content/site.toml): split it into smaller pages, or raise the limit\n",
            big.len()
        )
    );
}

// Copied files that carepath scans for script (HTML, SVG, XML) are held to the same limit;
// other copied files (images, PDFs) are not.
#[test]
fn refuses_a_scanned_copy_over_the_size_limit() {
    let site = Site::fixture("basic");
    let settings =
        crate::harness::read(&site.join("content/site.toml")) + "max_file_bytes = 1400\n";
    write(&site.join("content/site.toml"), settings);
    write(&site.join("content/leaflet.svg"), "<svg>".repeat(320));
    write(&site.join("content/leaflet.pdf"), "%PDF".repeat(300));
    let run = site.build_short();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "[site]/content/leaflet.svg:1:1: error: file is 1.6 KiB (1600 bytes), over the limit of 1.4 KiB (`max_file_bytes` in content/site.toml): split it into smaller pages, or raise the limit\n"
    );
}

// A problem about a link that leads out of the site never shows what the link points to: not in
// the full form of the diagnostics, which quotes the line of a problem.
#[cfg(unix)]
#[test]
fn diagnostics_never_quote_a_file_outside_the_site() {
    let site = Site::fixture("basic");
    let elsewhere = Site::empty();
    let marker = "SECRET-MARKER-7f3a";
    write(
        &elsewhere.join("environ"),
        format!("TOKEN={marker}\nmore={marker}\n"),
    );
    link(elsewhere.join("environ"), &site.join("content/x.md"));
    link(
        elsewhere.join("environ"),
        &site.join("content/checks/y.toml"),
    );
    let run = site.build();
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("content/x.md:1:1: error: symbolic link to"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(marker), "{}", run.stderr);
    assert!(!run.stdout.contains(marker), "{}", run.stdout);
}
