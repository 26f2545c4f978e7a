//! Building good sites: what the pages contain, which files are written, and that the output
//! is safe and reproducible.

use crate::harness::{Site, list_files, read_all, redact_timing, write};

fn built_basic() -> Site {
    let site = Site::fixture("basic");
    site.build().assert_code(0);
    site
}

// A cause page shows its title, other names, care card, Markdown body (table, footnote,
// rewritten links and anchors) and review dates.
#[test]
fn renders_cause_page() {
    let site = built_basic();
    insta::assert_snapshot!(site.main_of("causes/muscle-strain.html"));
}

// An outcome page is a care card: care level, title and body with links rewritten to `.html`.
#[test]
fn renders_outcome_page() {
    let site = built_basic();
    insta::assert_snapshot!(site.main_of("outcomes/gp.html"));
}

// An outcome page that names a service (`service` and `when`) shows it as its card's badge;
// the emergency banner still links to the level's own page, not to a page that names a service.
#[test]
fn outcome_page_names_the_service() {
    let site = Site::fixture("basic");
    let path = site.join("content/outcomes/gp.md");
    let text = crate::harness::read(&path);
    write(
        &path,
        text.replacen(
            "care = \"gp\"\n",
            "care = \"gp\"\nservice = \"GP surgery\"\nwhen = \"this week\"\n",
            1,
        ),
    );
    write(
        &site.join("content/outcomes/a-cancer-team.md"),
        "+++\ntitle = \"Call your cancer team now\"\nsummary = \"Call them now.\"\nreviewed = 2026-01-01\nnext_review = 2099-01-01\ncare = \"emergency\"\nservice = \"Cancer team\"\nwhen = \"now\"\n[[sources]]\ntitle = \"Back pain\"\npublisher = \"NHS website\"\nurl = \"https://www.nhs.uk/conditions/back-pain/\"\naccessed = 2026-01-01\n+++\nCall your cancer team now.\n",
    );
    site.build().assert_code(0);
    let page = site.main_of("outcomes/gp.html");
    assert!(
        page.contains("</span>GP surgery: this week</p>\n<h1>"),
        "{page}"
    );
    let home = site.output("index.html");
    assert!(home.contains("href=\"outcomes/emergency.html\""), "{home}");
    assert!(!home.contains("a-cancer-team.html\""), "{home}");
}

// A level's own page (`outcomes/self-care.md`) stands for it on every cause page's care card,
// not a page for a group of readers at the same level that sorts first (`child-self-care.md`,
// no service): an adult reading about a strained muscle is not told about "your child".
#[test]
fn a_cause_card_links_the_page_named_after_its_level() {
    let site = Site::fixture("basic");
    let general = crate::harness::read(&site.join("content/outcomes/self-care.md"));
    write(
        &site.join("content/outcomes/child-self-care.md"),
        general.replacen(
            "title = \"You can probably look after this yourself\"",
            "title = \"You can probably look after your child's back pain at home\"",
            1,
        ),
    );
    site.build().assert_code(0);
    let page = site.main_of("causes/muscle-strain.html");
    assert!(
        page.contains("href=\"../outcomes/self-care.html\""),
        "{page}"
    );
    assert!(!page.contains("child"), "{page}");
}

// The A–Z lists every cause and every `also_called` name under its first letter.
#[test]
fn renders_a_to_z_with_other_names() {
    let site = built_basic();
    insta::assert_snapshot!(site.main_of("a-z.html"));
}

// The output holds exactly the expected files: one page per article, the A–Z, 404, the
// theme's static files and the marker.
#[test]
fn writes_expected_output_files() {
    let site = built_basic();
    insta::assert_snapshot!(list_files(&site.join("public")).join("\n"));
}

// A good build exits 0 and prints one summary line naming the page count and output folder.
#[test]
fn good_build_prints_summary_line() {
    let site = Site::fixture("basic");
    let run = site.build();
    run.assert_code(0);
    assert_eq!(run.stderr, "", "a good site builds without diagnostics");
    insta::assert_snapshot!(redact_timing(&run.stdout));
}

// No output file contains a `<script` element, whatever its kind.
#[test]
fn output_has_no_script() {
    let site = built_basic();
    for (path, bytes) in read_all(&site.join("public")) {
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        assert!(!text.contains("<script"), "`{path}` contains <script");
    }
}

// The same sources built in two different folders, one of them rebuilt in place, give
// byte-identical output (no timestamps, no absolute paths, no order that depends on threads).
#[test]
fn builds_are_reproducible() {
    let first = built_basic();
    let second = built_basic();
    second.build().assert_code(0);
    let a = read_all(&first.join("public"));
    let b = read_all(&second.join("public"));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the two builds wrote different files"
    );
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "`{path}` differs between two builds");
    }
}

// Rendered bodies wait in a temporary file; where none can be made (no temporary folder), each
// body is rendered again from its file when its page is written, and the site is the same.
#[test]
fn a_build_without_a_temporary_folder_writes_the_same_site() {
    let with = built_basic();
    let without = Site::fixture("basic");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_carepath"))
        .args(["build", "--site", "."])
        .current_dir(without.path())
        .env("CAREPATH_TODAY", crate::harness::TODAY)
        .env("TMPDIR", without.join("no-such-folder"))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("carepath runs");
    assert_eq!(status.code(), Some(0));
    let a = read_all(&with.join("public"));
    let b = read_all(&without.join("public"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "`{path}` differs without a temporary folder"
        );
    }
}

// A successful build replaces the previous output folder whole: stale pages disappear.
#[test]
fn good_build_replaces_previous_output() {
    let site = Site::fixture("basic");
    write(&site.join("public/old.html"), "previous build");
    write(&site.join("public/.carepath"), "");
    site.build().assert_code(0);
    assert!(!site.join("public/old.html").exists(), "stale page kept");
    assert!(site.join("public/index.html").is_file());
    assert!(site.join("public/.carepath").is_file());
}

// A build leaves nothing behind beside the output folder (no staging or moved-aside folders)
// and writes nothing into the sources.
#[test]
fn build_leaves_only_the_output_folder() {
    let site = Site::fixture("basic");
    let before = site.files();
    site.build().assert_code(0);
    site.build().assert_code(0);
    let after: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| !f.starts_with("public/"))
        .collect();
    assert_eq!(before, after);
}

// The site shipped in the repository checks clean: no errors and no warnings.
#[test]
fn default_site_checks_clean() {
    let run = crate::harness::carepath(
        &["check".into(), "--site".into(), ".".into()],
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &[],
    );
    run.assert_code(0);
    assert_eq!(run.stderr, "", "the default site has diagnostics");
    let summary = run.stdout.lines().last().unwrap_or_default();
    assert!(summary.starts_with("checked "), "{}", run.stdout);
    assert!(summary.contains(", 0 warnings in "), "{}", run.stdout);
}

// A site's own theme overrides just the templates it has; the rest come from the default theme.
#[test]
fn site_theme_overrides_one_template() {
    let site = Site::fixture("basic");
    write(
        &site.join("content/site.toml"),
        "title = \"T\"\nemergency_number = \"999\"\ntheme = \"clinic\"\n",
    );
    write(
        &site.join("themes/clinic/templates/outcome.html"),
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"clinic\">{{ page.title }}</h1>{% endblock main %}",
    );
    site.build().assert_code(0);
    assert!(
        site.main_of("outcomes/gp.html")
            .contains("<h1 class=\"clinic\">Book an appointment with a GP</h1>")
    );
    assert!(site.main_of("causes/muscle-strain.html").contains("<h1>"));
}

// Naming a theme folder that does not exist is an error at the `theme` key.
#[test]
fn missing_theme_folder_is_an_error() {
    let site = Site::fixture("basic");
    write(
        &site.join("content/site.toml"),
        "title = \"T\"\nemergency_number = \"999\"\ntheme = \"nope\"\n",
    );
    let run = site.build_short();
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "[site]/content/site.toml:3:1: error: theme folder `themes/nope` not found: `theme` names a folder under `themes/` (or leave it out for the built-in theme)\n"
    );
}

// No service name or number of one country lives in the code: a site that sets only
// `emergency_number = "112"` shows 112 and never 999, 111, A&E or GP on any of its pages.
#[test]
fn services_come_from_the_site_not_the_code() {
    let site = Site::fixture("tree");
    write(
        &site.join("content/site.toml"),
        "title = \"T\"\nemergency_number = \"112\"\n",
    );
    site.build().assert_code(0);
    let output = crate::harness::read_all(&site.join("public"));
    for (file, bytes) in output.iter().filter(|(f, _)| f.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        for word in ["999", "111", "A&amp;E", "A&E", " GP"] {
            assert!(!text.contains(word), "{file} says `{word}`");
        }
    }
    let home = site.output("index.html");
    assert!(
        home.contains("<strong>Emergency? Call 112.</strong>"),
        "{home}"
    );
    assert!(home.contains(
        "If you are worried, contact a pharmacist or a doctor. In an emergency, call 112."
    ));

    // The default site sets the UK's words in its site.toml.
    let uk = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/site.toml"),
    )
    .unwrap();
    assert!(uk.contains("emergency_advice = \"Call 999 or go to A&E\""));
    assert!(uk.contains("label = \"See a GP\""));
}

// Raw HTML that the allowlist accepts is written as it is, with its `.md` links rewritten to the
// built pages like Markdown links.
#[test]
fn renders_allowed_raw_html_as_written() {
    let site = Site::fixture("raw-html");
    let run = site.build();
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(site.main_of("about.html"));
}

// Every page carries the Content-Security-Policy that forbids script, with the image hosts
// that `[csp]` in `site.toml` adds.
#[test]
fn every_page_carries_the_content_security_policy() {
    let site = Site::fixture("raw-html");
    site.build().assert_code(0);
    let meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'; img-src 'self' https://images.example.org\">";
    for (path, bytes) in read_all(&site.join("public")) {
        if path.ends_with(".html") {
            let text = String::from_utf8_lossy(&bytes);
            assert_eq!(text.matches(meta).count(), 1, "`{path}` lacks the policy");
        }
    }
}

// A theme that drops the policy's `<meta>` from its pages fails the build.
#[test]
fn theme_without_the_policy_fails() {
    let site = Site::fixture("raw-html");
    let base = crate::harness::read(
        &crate::harness::repo_root().join("themes/default/templates/base.html"),
    );
    let csp_line =
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{{ site.csp | safe }}\">\n";
    assert!(base.contains(csp_line));
    write(
        &site.join("themes/default/templates/base.html"),
        base.replace(csp_line, ""),
    );
    let run = site.build();
    run.assert_code(1);
    assert!(
        run.stderr.contains("public/about.html:1:1: error: output: the page must carry exactly one `<meta http-equiv=\"Content-Security-Policy\""),
        "{}",
        run.stderr
    );
}

// Publishing is explicit: pages, trees, images and PDFs, and files a page links to are
// published; editor backups and Office lock files are left out silently; anything else is left
// out with a warning that names it (a tree outside `checks/` says where it belongs).
#[test]
fn only_what_is_meant_is_published() {
    let site = Site::fixture("basic");
    let content = site.join("content");
    for (file, text) in [
        ("notes.txt", "remember to ask Sam"),
        ("causes/muscle-strain.md.bak", "old copy"),
        ("causes/~$draft.docx", "lock"),
        ("Thumbs.db", "x"),
        ("morning.toml", "title = \"A tree in the wrong place\""),
        ("causes/table.csv", "a,b\n1,2\n"),
        ("causes/leaflet.pdf", "%PDF-1.4"),
    ] {
        write(&content.join(file), text);
    }
    let page = content.join("causes/muscle-strain.md");
    write(
        &page,
        crate::harness::read(&page) + "\nDownload [the table](table.csv).\n",
    );
    let run = site.build_short();
    run.assert_code(0);
    assert_eq!(
        run.stderr,
        concat!(
            "[site]/content/morning.toml:1:1: warning: is not published: decision trees live in `content/checks/`; move it there to build it\n",
            "[site]/content/notes.txt:1:1: warning: is not published: only Markdown pages, trees in `checks/`, images, PDFs, audio, video and files a page links to are; link to it from a page, add it to `ignore` in content/site.toml, or put files for the web host in `static/`\n",
        )
    );
    let files = list_files(&site.join("public"));
    for published in ["causes/table.csv", "causes/leaflet.pdf"] {
        assert!(files.iter().any(|f| f == published), "{published} missing");
    }
    for left_out in [
        "notes.txt",
        "morning.toml",
        "Thumbs.db",
        "causes/~$draft.docx",
        "causes/muscle-strain.md.bak",
    ] {
        assert!(!files.iter().any(|f| f == left_out), "{left_out} published");
    }
}

// Files for the web host: `static/` is published as it is, hidden files included; a rebuild
// keeps what `keep` names in the output, and says which files it removed that no build wrote.
#[test]
fn host_files_are_shipped_and_kept() {
    let site = Site::fixture("basic");
    write(
        &site.join("static/.htaccess"),
        "ErrorDocument 404 /404.html\n",
    );
    write(
        &site.join("static/.well-known/security.txt"),
        "Contact: mailto:a@b.c\n",
    );
    let config = site.join("content/site.toml");
    write(
        &config,
        crate::harness::read(&config) + "keep = [\"CNAME\", \"downloads/\"]\n",
    );
    site.build().assert_code(0);
    assert_eq!(site.output(".htaccess"), "ErrorDocument 404 /404.html\n");
    assert_eq!(
        site.output(".well-known/security.txt"),
        "Contact: mailto:a@b.c\n"
    );

    write(&site.join("public/CNAME"), "leaflets.example.org\n");
    write(&site.join("public/downloads/leaflet.pdf"), "%PDF-1.4");
    write(&site.join("public/stray.txt"), "put here by hand");
    write(
        &site.join("public/notes/draft.txt"),
        "also put here by hand",
    );
    let run = site.build();
    run.assert_code(0);
    assert!(
        run.stdout.contains("note: removed `notes/draft.txt`, `stray.txt` from the output, which no build wrote: list them in `keep` in content/site.toml to keep them, or put them in `static/` to publish them\n"),
        "{}",
        run.stdout
    );
    assert_eq!(site.output("CNAME"), "leaflets.example.org\n");
    assert_eq!(site.output("downloads/leaflet.pdf"), "%PDF-1.4");
    assert!(!site.join("public/stray.txt").exists());
    assert!(!site.join("public/notes").exists());
    assert_eq!(site.output(".htaccess"), "ErrorDocument 404 /404.html\n");

    // A page the last build wrote, whose article is gone, goes without a note: a build made it.
    let article = site.join("content/causes/muscle-strain.md");
    let text = crate::harness::read(&article);
    write(
        &site.join("content/causes/sprain.md"),
        text.replace("Muscle strain", "Sprain"),
    );
    site.build().assert_code(0);
    assert!(site.join("public/causes/sprain.html").exists());
    std::fs::remove_file(site.join("content/causes/sprain.md")).expect("remove the article");
    let run = site.build();
    run.assert_code(0);
    assert!(!run.stdout.contains("note: removed"), "{}", run.stdout);
    assert!(!site.join("public/causes/sprain.html").exists());
    assert_eq!(site.output("CNAME"), "leaflets.example.org\n");
}

// The second example site (topics in sections, no symptom checker) builds with no warnings, with
// a landing page per section and a breadcrumb on its pages.
#[test]
fn example_topic_site_builds_clean() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sleep-well");
    let site = Site::copy_of(&example);
    let run = site.build();
    run.assert_code(0);
    assert_eq!(run.stderr, "", "the example site has problems");
    assert!(run.stdout.contains(", 0 warnings in "), "{}", run.stdout);
    for section in ["habits", "problems", "help"] {
        let landing = site.main_of(&format!("{section}/index.html"));
        assert!(landing.contains("<h1>"), "{section} has no landing page");
    }
    let page = site.output("problems/snoring.html");
    assert!(page.contains("aria-label=\"Breadcrumb\""), "no breadcrumb");
}

// `check --report` lists the old addresses no `[links]` entry maps, as a migration worklist.
#[test]
fn report_lists_unmapped_old_addresses() {
    let site = Site::copy_of(&crate::harness::fixtures_dir().join("invalid/unmapped-root-link"));
    let run = site.run(&["check", "--site", "[site]", "--report"]);
    run.assert_code(1);
    assert!(
        run.stdout.contains(concat!(
            "\nold addresses that `[links]` in content/site.toml does not map (2):\n",
            "/information/managing-symptoms/tremr  (1×)\n",
            "/old-site/tremor.html  (1×)\n",
        )),
        "{}",
        run.stdout
    );
}

// Copied files are judged by what they are, not by their name: a type not known to be inert is
// refused unless `allow_extensions` names it, markup under any name is read by the HTML policy,
// and a gzipped SVG is unzipped and read too. Nothing is written.
#[test]
fn copied_files_are_judged_by_what_they_are() {
    use std::io::Write as _;
    let site = Site::fixture("basic");
    let script = "<html><body><script>alert(1)</script></body></html>\n";
    for name in ["x.shtml", "x.mhtml", "x.php", "x.jsp", "x.xht", "x.gpx"] {
        write(&site.join(&format!("static/{name}")), script);
    }
    write(&site.join("static/photo.png"), script);
    write(
        &site.join("static/notes.txt"),
        "<svg onload=alert(1)></svg>\n",
    );
    write(&site.join("static/plain.txt"), "a < b, and nothing else\n");
    let mut svgz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    svgz.write_all(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")
        .unwrap();
    write(&site.join("static/x.svgz"), svgz.finish().unwrap());
    let run = site.build_short();
    run.assert_code(1);
    insta::assert_snapshot!("copied_files_judged", run.stderr);
    assert!(!site.join("public").exists());
    // Allowed on the publisher's word, a harmless file of another kind is copied.
    for name in [
        "x.shtml",
        "x.mhtml",
        "x.php",
        "x.jsp",
        "x.xht",
        "photo.png",
        "notes.txt",
        "x.svgz",
    ] {
        std::fs::remove_file(site.join(&format!("static/{name}"))).unwrap();
    }
    write(
        &site.join("static/x.gpx"),
        "<?xml version=\"1.0\"?><gpx version=\"1.1\"></gpx>\n",
    );
    let config = site.join("content/site.toml");
    write(
        &config,
        crate::harness::read(&config) + "allow_extensions = [\"gpx\"]\n",
    );
    site.build().assert_code(0);
    assert!(site.join("public/x.gpx").is_file());
}
