//! Printed leaflets (issue 32): a PDF beside every article, linked from its page with its
//! measured pages and size; the settings that switch it off or change it; the warnings; the
//! cache that spares an unchanged leaflet. (Real PDF tools check the PDFs themselves in
//! `tests/print/run.sh`.)

use crate::harness::{Site, write};

/// Pages of a PDF written by Typst (each page object says `/Type/Page`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type/Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| w.starts_with(needle) && w[needle.len()] != b's')
        .count()
}

/// The link text a page shows for a leaflet of `pdf` bytes at `name`.
fn link_for(name: &str, pdf: &[u8]) -> String {
    let pages = pdf_pages(pdf);
    let plural = if pages == 1 { "" } else { "s" };
    format!(
        "<a href=\"{name}\">Printable leaflet (PDF, {pages} page{plural}, {} KB)</a>",
        pdf.len().div_ceil(1024)
    )
}

fn set(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    write(&path, text.replacen(from, to, 1));
}

// Cause and outcome pages get a PDF beside them, and link it with its measured pages and size;
// the home page and top-level pages do not.
#[test]
fn every_cause_and_outcome_gets_a_leaflet_linked_with_its_pages_and_size() {
    let site = Site::fixture("basic");
    site.build().assert_code(0);
    for name in [
        "causes/example-cause",
        "causes/muscle-strain",
        "outcomes/emergency",
        "outcomes/gp",
        "outcomes/self-care",
    ] {
        let pdf = std::fs::read(site.join(&format!("public/{name}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{name}.pdf is a PDF");
        let file = name.rsplit('/').next().unwrap();
        let link = link_for(&format!("{file}.pdf"), &pdf);
        assert!(pdf_pages(&pdf) >= 1);
        assert!(
            site.main_of(&format!("{name}.html")).contains(&link),
            "{name}.html shows {link}"
        );
    }
    for page in ["index", "about"] {
        assert!(!site.join(&format!("public/{page}.pdf")).exists());
        assert!(
            !site
                .output(&format!("{page}.html"))
                .contains("Printable leaflet")
        );
    }
}

// `print = false` takes one page's leaflet away, `print = true` gives the home page one, and
// `[print] enabled = false` takes every leaflet and link away.
#[test]
fn front_matter_and_site_toml_turn_leaflets_on_and_off() {
    let site = Site::fixture("basic");
    set(
        &site,
        "content/outcomes/gp.md",
        "care = \"gp\"",
        "care = \"gp\"\nprint = false",
    );
    set(
        &site,
        "content/index.md",
        "+++\ntitle",
        "+++\nprint = true\ntitle",
    );
    site.build().assert_code(0);
    assert!(!site.join("public/outcomes/gp.pdf").exists());
    assert!(
        !site
            .main_of("outcomes/gp.html")
            .contains("Printable leaflet")
    );
    assert!(site.join("public/index.pdf").exists());
    assert!(
        site.main_of("index.html")
            .contains("Printable leaflet (PDF, 1 page,")
    );

    let off = Site::fixture("basic");
    let toml = off.join("content/site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    write(&toml, format!("{text}\n[print]\nenabled = false\n"));
    let run = off.build();
    run.assert_code(0);
    let pdfs: Vec<String> = (off.files().into_iter())
        .filter(|f| f.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs, Vec::<String>::new());
    assert!(
        !off.output("causes/muscle-strain.html")
            .contains("Printable leaflet")
    );
    assert!(!run.stdout.contains("leaflet"), "{}", run.stdout);
}

// A second build of an unchanged site typesets nothing and writes the same bytes; an edit
// typesets only the leaflet of the article edited.
#[test]
fn an_unchanged_leaflet_is_not_typeset_again() {
    let site = Site::fixture("basic");
    let first = site.build();
    assert!(
        first.stdout.contains(" and 5 leaflets (all typeset)"),
        "{}",
        first.stdout
    );
    let before = std::fs::read(site.join("public/causes/muscle-strain.pdf")).unwrap();
    let again = site.build();
    assert!(
        again
            .stdout
            .contains(" and 5 leaflets (0 typeset, 5 unchanged)"),
        "{}",
        again.stdout
    );
    let after = std::fs::read(site.join("public/causes/muscle-strain.pdf")).unwrap();
    assert_eq!(before, after);
    set(
        &site,
        "content/outcomes/gp.md",
        "help you manage it",
        "help you manage your pain",
    );
    let edited = site.build();
    assert!(
        edited
            .stdout
            .contains(" and 5 leaflets (1 typeset, 4 unchanged)"),
        "{}",
        edited.stdout
    );
}

// A leaflet over `pdf_weight_budget` or over 4 pages of A4 gets a warning at its article.
#[test]
fn heavy_and_long_leaflets_get_warnings_at_their_article() {
    let site = Site::fixture("basic");
    let toml = site.join("content/site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    write(&toml, format!("pdf_weight_budget = 1000\n{text}"));
    let long = "\n\nA line of text that fills the page.\n".repeat(400);
    let gp = site.join("content/outcomes/gp.md");
    let text = std::fs::read_to_string(&gp).unwrap();
    write(&gp, format!("{text}{long}"));
    let run = site.build_short();
    run.assert_code(0);
    let size = std::fs::metadata(site.join("public/causes/muscle-strain.pdf"))
        .unwrap()
        .len();
    assert!(
        run.stderr.contains(&format!("[site]/content/causes/muscle-strain.md:1:1: warning: the printed leaflet `causes/muscle-strain.pdf` weighs {size} bytes, over the budget of 1000 (`pdf_weight_budget`): use smaller images\n")),
        "{}",
        run.stderr
    );
    let pages = pdf_pages(&std::fs::read(site.join("public/outcomes/gp.pdf")).unwrap());
    assert!(pages > 4);
    assert!(
        run.stderr.contains(&format!("[site]/content/outcomes/gp.md:1:1: warning: the printed leaflet `outcomes/gp.pdf` has {pages} pages, more than 4 of A4: split the article or shorten it\n")),
        "{}",
        run.stderr
    );
}

// Without `base_url` the build says once that the leaflets have no QR code; with it, not.
#[test]
fn without_base_url_one_note_says_there_is_no_qr_code() {
    let site = Site::fixture("basic");
    let run = site.build();
    let note = "note: the printed leaflets have no QR code or web address: set `base_url` in content/site.toml to print the way back to each page\n";
    assert_eq!(run.stdout.matches(note).count(), 1, "{}", run.stdout);
    let toml = site.join("content/site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    write(
        &toml,
        format!("base_url = \"https://example.org/\"\n{text}"),
    );
    assert!(!site.build().stdout.contains("QR code"));
}

// Bad print settings and leaflet references are errors at their place.
#[test]
fn bad_print_settings_are_positioned_errors() {
    let site = Site::fixture("basic");
    let toml = site.join("content/site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    write(&toml, format!("{text}\n[print]\npaper = \"A3\"\n"));
    let run = site.build_short();
    run.assert_code(1);
    assert!(
        run.stderr.contains("content/site.toml:7:9: error: `paper`: unknown variant `A3`, expected one of `A4`, `a4`, `A5`, `a5`"),
        "{}",
        run.stderr
    );
    write(
        &toml,
        format!("{text}\n[print]\nlogo = \"../secret.png\"\n"),
    );
    let run = site.build_short();
    assert!(
        run.stderr.contains("content/site.toml:7:1: error: `logo` must be a file under `content/`, written relative to it (`images/logo.png`)"),
        "{}",
        run.stderr
    );
    write(&toml, text);
    set(
        &site,
        "content/outcomes/gp.md",
        "care = \"gp\"",
        "care = \"gp\"\nleaflet_id = \"GP #1\"",
    );
    let run = site.build_short();
    run.assert_code(1);
    assert!(
        run.stderr.contains("content/outcomes/gp.md:7:14: error: `leaflet_id` must be 1 to 40 letters, digits, `-`, `_`, `.` or `/` (it is printed on every page of the leaflet)"),
        "{}",
        run.stderr
    );
}

// A file in content/ named like a leaflet would be overwritten by it: an error.
#[test]
fn a_file_named_like_a_leaflet_is_an_error() {
    let site = Site::fixture("basic");
    write(
        &site.join("content/outcomes/gp.pdf"),
        b"%PDF-1.4 an old leaflet",
    );
    let run = site.build_short();
    run.assert_code(1);
    assert!(
        run.stderr.contains("outcomes/gp.pdf")
            && run
                .stderr
                .contains("the printed leaflet of `content/outcomes/gp.md`"),
        "{}",
        run.stderr
    );
}

// Every kind of table cell typesets: a cell of plain text, of code, of bold and of a link (a
// cell of formatted inlines once failed the whole build: "cannot access fields on type array").
#[test]
fn a_table_with_formatted_cells_prints() {
    let site = Site::fixture("basic");
    let path = site.join("content/causes/muscle-strain.md");
    let text = std::fs::read_to_string(&path).unwrap();
    write(
        &path,
        format!(
            "{text}\n| key | means |\n|---|---|\n| `gp` | **Book** an appointment |\n| plain | [a GP](../outcomes/gp.md) and *soon* |\n"
        ),
    );
    site.build().assert_code(0);
    let pdf = std::fs::read(site.join("public/causes/muscle-strain.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

// A leaflet that cannot be made (here a character no bundled font has, which PDF/UA-1 refuses)
// is a warning at its article, and the page is still published, without the link.
#[test]
fn a_leaflet_that_cannot_be_made_is_a_warning_and_the_page_still_builds() {
    let site = Site::fixture("basic");
    set(
        &site,
        "content/causes/muscle-strain.md",
        "stretched too far",
        "stretched too far `𓀀`",
    );
    let run = site.build_short();
    run.assert_code(0);
    assert!(
        run.stderr
            .contains("[site]/content/causes/muscle-strain.md:1:1: warning: no printed leaflet: ")
            && run.stderr.contains("the page is published without one"),
        "{}",
        run.stderr
    );
    assert!(!site.join("public/causes/muscle-strain.pdf").exists());
    assert!(
        !site
            .main_of("causes/muscle-strain.html")
            .contains("Printable leaflet")
    );
    assert!(site.join("public/causes/example-cause.pdf").exists());
}

/// The page sizes of a PDF written by Typst, in points (each page's `/MediaBox[0 0 w h]`).
fn media_boxes(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    text.split("/MediaBox")
        .skip(1)
        .filter_map(|rest| {
            let inside = rest.trim_start().strip_prefix('[')?.split(']').next()?;
            let numbers: Vec<f64> = (inside.split_whitespace())
                .filter_map(|n| n.parse().ok())
                .collect();
            match numbers[..] {
                [0.0, 0.0, w, h] => Some((w, h)),
                _ => None,
            }
        })
        .collect()
}

// `paper = "A5"` makes each leaflet a folded booklet: A5 pages (148 × 210 mm), as many as a
// multiple of 4, padded with blank pages at the end; the page's link counts them all.
#[test]
fn an_a5_leaflet_is_a_booklet_of_a_multiple_of_4_pages() {
    let site = Site::fixture("basic");
    let toml = site.join("content/site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    // Long enough for more than one sheet: the padding then goes past page 4.
    let long = "\n\nA line of text that fills the page.\n".repeat(150);
    let gp = site.join("content/outcomes/gp.md");
    let gp_text = std::fs::read_to_string(&gp).unwrap();
    write(&gp, format!("{gp_text}{long}"));
    write(&toml, format!("{text}\n[print]\npaper = \"A5\"\n"));
    site.build().assert_code(0);
    let a5 = (148.0 / 25.4 * 72.0, 210.0 / 25.4 * 72.0);
    for name in ["causes/muscle-strain", "outcomes/gp", "outcomes/emergency"] {
        let pdf = std::fs::read(site.join(&format!("public/{name}.pdf"))).unwrap();
        let pages = pdf_pages(&pdf);
        assert!(
            pages > 0 && pages.is_multiple_of(4),
            "{name}: {pages} pages"
        );
        let boxes = media_boxes(&pdf);
        assert_eq!(boxes.len(), pages, "{name}: a size for every page");
        for (w, h) in boxes {
            assert!(
                (w - a5.0).abs() < 0.5 && (h - a5.1).abs() < 0.5,
                "{name}: {w} × {h} pt is not A5"
            );
        }
        let file = name.rsplit('/').next().unwrap();
        assert!(
            site.main_of(&format!("{name}.html"))
                .contains(&link_for(&format!("{file}.pdf"), &pdf))
        );
    }
    let gp_pages = pdf_pages(&std::fs::read(site.join("public/outcomes/gp.pdf")).unwrap());
    assert!(
        gp_pages >= 8,
        "the long leaflet needs a second sheet: {gp_pages}"
    );
    // On A4 the same leaflets are not padded: one of them is not a multiple of 4.
    write(&toml, &text);
    site.build().assert_code(0);
    let a4: Vec<usize> = ["causes/muscle-strain", "outcomes/gp", "outcomes/emergency"]
        .iter()
        .map(|n| pdf_pages(&std::fs::read(site.join(&format!("public/{n}.pdf"))).unwrap()))
        .collect();
    assert!(a4.iter().any(|p| !p.is_multiple_of(4)), "A4 pages {a4:?}");
}

// A theme's `print/leaflet.typ` is used instead of the built-in template (and a change to it
// typesets the leaflets again); one Typst refuses is an error at its line and column, once,
// and nothing is published.
#[test]
fn a_theme_can_replace_the_leaflet_template() {
    let site = Site::fixture("basic");
    let toml = site.join("content/site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    write(&toml, format!("theme = \"clinic\"\n{text}"));
    let template = site.join("themes/clinic/print/leaflet.typ");
    let head = "#let d = json(\"/leaflet.json\")\n#set document(title: d.title)\n#set text(lang: d.lang)\n";
    write(
        &template,
        format!("{head}= #d.title\n#for n in range(4) {{ pagebreak(); [Page #(n + 2)] }}\n"),
    );
    site.build().assert_code(0);
    let pdf = std::fs::read(site.join("public/causes/muscle-strain.pdf")).unwrap();
    assert_eq!(pdf_pages(&pdf), 5, "the theme's template made it");
    assert!(
        site.main_of("causes/muscle-strain.html")
            .contains(&link_for("muscle-strain.pdf", &pdf))
    );
    write(
        &template,
        format!("{head}= #d.title\n\nWhat to do: #d.nothing.\n"),
    );
    let run = site.build_short();
    run.assert_code(1);
    let error = "[site]/themes/clinic/print/leaflet.typ:6:16: error: Typst could not lay out the leaflet: dictionary does not contain key \"nothing\"\n";
    assert_eq!(run.stderr.matches(error).count(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

// A control character pasted into an article (here U+0004 in the body and an escape in the
// title) has no glyph in any font: it is left out of the leaflet, which is still made.
#[test]
fn a_control_character_in_an_article_does_not_cost_its_leaflet() {
    let site = Site::fixture("basic");
    set(
        &site,
        "content/causes/muscle-strain.md",
        "stretched too far",
        "stretched\u{4} too far",
    );
    let path = site.join("content/causes/muscle-strain.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let title = text
        .lines()
        .find(|l| l.starts_with("title = \""))
        .unwrap()
        .to_string();
    write(
        &path,
        text.replacen(
            &title,
            &title.replacen("title = \"", "title = \"\\u001b", 1),
            1,
        ),
    );
    let run = site.build_short();
    run.assert_code(0);
    assert!(!run.stderr.contains("no printed leaflet"), "{}", run.stderr);
    let pdf = std::fs::read(site.join("public/causes/muscle-strain.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}
