//! Files for translators: `translate export` writes what a language still needs as XLIFF 2.0
//! or gettext PO, and `translate import` writes a translator's file back: new translations,
//! or the blocks it carries replaced in place, every other byte kept. A bad file is reported
//! at its line and column, and then nothing is written. (`tests/translate/run.sh` reads and
//! writes these files with translate-toolkit, a real tool.)

use crate::harness::{Site, read, read_all, write};

/// `carepath translate export --lang cy` with `args`, from inside the site.
fn export(site: &Site, args: &[&str]) -> String {
    let mut all = vec!["translate", "export", "--lang", "cy", "--site", "[site]"];
    all.extend_from_slice(args);
    let run = site.run(&all);
    run.assert_code(0);
    run.stdout.clone()
}

/// `msgid "SOURCE"\nmsgstr ""` of `po` with its msgstr filled in, for each pair.
fn fill_po(po: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = po.to_string();
    for (source, target) in pairs {
        let empty = format!("msgid \"{source}\"\nmsgstr \"\"\n");
        assert!(
            out.contains(&empty),
            "no empty entry for {source:?}:\n{out}"
        );
        out = out.replace(
            &empty,
            &format!("msgid \"{source}\"\nmsgstr \"{target}\"\n"),
        );
    }
    out
}

/// The translation of the fixture's GP page, entry by entry.
const GP_WELSH: [(&str, &str); 4] = [
    (
        "Book an appointment with a GP",
        "Gwnewch apwyntiad gyda meddyg teulu",
    ),
    (
        "When to see a GP about this symptom.",
        "Pryd i weld meddyg teulu am y symptom hwn.",
    ),
    (
        "A GP can check what is causing it and help you manage it.",
        "Gall meddyg teulu wirio beth sy'n ei achosi a'ch helpu i ymdopi ag ef.",
    ),
    (
        "If you get [any emergency signs](emergency.md), call 999.",
        "Os cewch chi [unrhyw arwyddion brys](emergency.md), ffoniwch 999.",
    ),
];

// What the Welsh still needs: every block of each page with no Welsh translation (its two
// translations are up to date), each with its page, key, line and hash, in both formats.
#[test]
fn the_export_lists_each_untranslated_block_with_its_place() {
    let site = Site::fixture("translated");
    insta::assert_snapshot!("export_po", export(&site, &["--format", "po"]));
    insta::assert_snapshot!("export_xliff", export(&site, &[]));
    // The Arabic translation has one block more than the source version it records: its
    // blocks cannot be matched, so the export says so and offers all of the page.
    let run = site.run(&[
        "translate",
        "export",
        "--lang",
        "ar",
        "--site",
        "[site]",
        "--color",
        "never",
    ]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("content/causes/muscle-strain.ar.md:4:1: warning: this translation has 11 blocks (title, summary, headings, paragraphs, list items and table rows) but the version of its source it records has 10"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("<file id=\"f3\" original=\"causes/muscle-strain.md\">")
    );
}

// Everything exported with the translations that are up to date, then imported unchanged,
// leaves every file of the site as it was, byte for byte, in both formats.
#[test]
fn an_export_of_everything_imports_back_byte_for_byte() {
    let site = Site::fixture("translated");
    let before = read_all(&site.join("content"));
    for (format, file) in [("po", "cy.po"), ("xliff", "cy.xlf")] {
        export(&site, &["--all", "--format", format, "--out", file]);
        let text = read(&site.join(file));
        assert!(
            text.contains("Mae hyn fel arfer yn gwella ar ei ben ei hun."),
            "{text}"
        );
        let run = site.run(&["translate", "import", file, "--site", "[site]"]);
        run.assert_code(0);
        assert_eq!(
            run.stdout,
            "no translation changed: every translated segment is already in its file\n31 segments left untranslated (empty or marked fuzzy): not imported\n"
        );
        assert_eq!(read_all(&site.join("content")), before, "{format}");
    }
}

// A page with no Welsh translation gets one from a filled-in PO file: its words in the
// source's layout, and the record of the source version it translates, so the build uses it
// and finds it up to date.
#[test]
fn an_import_creates_a_new_translation() {
    let site = Site::fixture("translated");
    let po = fill_po(&export(&site, &["--format", "po"]), &GP_WELSH);
    write(&site.join("cy.po"), po);
    let run = site.run(&["translate", "import", "cy.po", "--site", "[site]"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "created content/outcomes/gp.cy.md (4 blocks)\n27 segments left untranslated (empty or marked fuzzy): not imported\n"
    );
    insta::assert_snapshot!(
        "created_translation",
        read(&site.join("content/outcomes/gp.cy.md"))
    );
    let build = site.run(&["build", "--site", "[site]", "--format", "short"]);
    build.assert_code(0);
    assert!(!build.stderr.contains("gp.cy.md"), "{}", build.stderr);
    let main = site.main_of("cy/outcomes/gp.html");
    assert!(main.contains("Gall meddyg teulu wirio"), "{main}");
}

// The English changes under a current Welsh translation: the export offers the changed block
// (with its old translation as a note) and a new one; importing their translations changes
// those bytes and the record, nothing else, and the warning is gone.
#[test]
fn an_import_brings_a_stale_translation_up_to_date_in_place() {
    let site = Site::fixture("translated");
    let english = site.join("content/causes/muscle-strain.md");
    let old = "A muscle in your back has been stretched too far.";
    let new = "A muscle in your back has been stretched or twisted too far.";
    write(
        &english,
        read(&english).replace(old, new).replace(
            "## When to get help\n",
            "## When to get help\n\nRest first.\n",
        ),
    );
    let warned = site.run(&["build", "--site", "[site]", "--format", "short"]);
    assert!(
        warned.stderr.contains("muscle-strain.cy.md"),
        "{}",
        warned.stderr
    );

    // In PO, the changed block carries its old translation marked fuzzy: imported as it is,
    // the file changes nothing (gettext tools do not use fuzzy entries either).
    let po = export(&site, &["--format", "po"]);
    assert!(po.contains("#, fuzzy\nmsgctxt \"causes/muscle-strain.md#070b780437b1\"\nmsgid \"A muscle in your back has been stretched or twisted too far.[^1]\"\nmsgstr \"Mae cyhyr yn eich cefn wedi cael ei ymestyn yn rhy bell.[^1]\""), "{po}");
    write(&site.join("cy.po"), po);
    let welsh = site.join("content/causes/muscle-strain.cy.md");
    let before = read(&welsh);
    let run = site.run(&["translate", "import", "cy.po", "--site", "[site]"]);
    run.assert_code(0);
    assert!(
        run.stdout.starts_with("no translation changed"),
        "{}",
        run.stdout
    );
    assert_eq!(read(&welsh), before);

    let xliff = export(&site, &[]);
    let changed = format!("<source>{new}[^1]</source>\n      </segment>");
    assert!(xliff.contains(&changed), "{xliff}");
    assert!(xliff.contains("Its translation now (for the old text): Mae cyhyr yn eich cefn wedi cael ei ymestyn yn rhy bell.[^1]</note>"), "{xliff}");
    let rest = "<source>Rest first.</source>\n      </segment>";
    assert!(xliff.contains(rest), "{xliff}");
    assert!(xliff.contains("<note category=\"context\">New in the source text. In the translation it goes after: ## Pryd i gael help</note>"), "{xliff}");
    let welsh_new = "Mae cyhyr yn eich cefn wedi cael ei ymestyn neu ei droi yn rhy bell.[^1]";
    let filled = xliff
        .replace(
            &changed,
            &format!(
                "<source>{new}[^1]</source>\n        <target>{welsh_new}</target>\n      </segment>"
            ),
        )
        .replace(
            rest,
            "<source>Rest first.</source><target>Gorffwyswch yn gyntaf.</target></segment>",
        );
    write(&site.join("cy.xlf"), filled);
    let run = site.run(&[
        "translate",
        "import",
        "cy.xlf",
        "--site",
        "[site]",
        "--date",
        "2026-12-09",
    ]);
    run.assert_code(0);
    assert!(
        run.stdout
            .starts_with("updated content/causes/muscle-strain.cy.md: 2 of its blocks\n"),
        "{}",
        run.stdout
    );
    let expected = before
        .replace("date = 2026-12-07", "date = 2026-12-09")
        .replace(
            "Mae cyhyr yn eich cefn wedi cael ei ymestyn yn rhy bell.[^1]",
            welsh_new,
        )
        .replace(
            "## Pryd i gael help\n\n",
            "## Pryd i gael help\n\nGorffwyswch yn gyntaf.\n\n",
        );
    let after = read(&welsh);
    let record = |text: &str| {
        text.lines()
            .filter(|l| !l.starts_with("  \""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(record(&after), record(&expected));
    insta::assert_snapshot!(
        "updated_record",
        after
            .lines()
            .filter(|l| l.starts_with("  \""))
            .collect::<Vec<_>>()
            .join("\n")
    );

    let build = site.run(&["build", "--site", "[site]", "--format", "short"]);
    build.assert_code(0);
    assert!(
        !build.stderr.contains("muscle-strain.cy.md"),
        "{}",
        build.stderr
    );
    assert!(
        site.main_of("cy/causes/muscle-strain.html")
            .contains("Gorffwyswch yn gyntaf.")
    );
}

// Each bad file is reported at its line and column, exits 1, and changes nothing.
#[test]
fn a_bad_file_is_reported_at_its_position_and_nothing_is_written() {
    let site = Site::fixture("translated");
    let po = fill_po(&export(&site, &["--format", "po"]), &GP_WELSH);
    let xliff = export(&site, &[]);
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "malformed_xml",
            "bad.xlf",
            xliff.replacen("</unit>", "</segment>", 1),
        ),
        (
            "malformed_po",
            "bad.po",
            po.replacen("msgstr \"Gwnewch", "msgstr \"Gwn\\ewch", 1),
        ),
        (
            "po_keyword",
            "bad.po",
            po.replacen("msgstr \"Gwnewch", "msgtxt \"Gwnewch", 1),
        ),
        (
            "unknown_page",
            "bad.po",
            po.replace("outcomes/gp.md#", "outcomes/gone.md#"),
        ),
        (
            "unknown_hash",
            "bad.po",
            po.replacen(
                "msgctxt \"outcomes/gp.md#61d44161053b\"",
                "msgctxt \"outcomes/gp.md#0123456789ab\"",
                1,
            ),
        ),
        (
            "not_xliff_2",
            "bad.xlf",
            xliff.replacen("version=\"2.0\"", "version=\"1.2\"", 1),
        ),
        (
            "unknown_language",
            "bad.xlf",
            xliff.replacen("trgLang=\"cy\"", "trgLang=\"fr\"", 1),
        ),
        (
            "twice",
            "bad.po",
            format!(
                "{po}\nmsgctxt \"outcomes/gp.md#2fbd5db9773f\"\nmsgid \"Book an appointment with a GP\"\nmsgstr \"Eto\"\n"
            ),
        ),
        (
            "two_blocks_for_one",
            "bad.po",
            po.replacen("ffoniwch 999.\"", "ffoniwch 999.\\n\\nAc un arall.\"", 1),
        ),
    ];
    let before = read_all(&site.join("content"));
    for (name, file, text) in cases {
        write(&site.join(file), text);
        let run = site.run(&[
            "translate",
            "import",
            file,
            "--site",
            "[site]",
            "--color",
            "never",
        ]);
        run.assert_code(1);
        insta::assert_snapshot!(name, run.stderr);
        assert_eq!(read_all(&site.join("content")), before, "{name}");
    }
    // A translation whose blocks cannot be matched with its source's is refused at its record.
    let run = site.run(&[
        "translate",
        "export",
        "--lang",
        "ar",
        "--format",
        "po",
        "--site",
        "[site]",
    ]);
    let arabic = fill_po(&run.stdout, &[("Muscle strain", "إجهاد العضلات")]);
    write(&site.join("ar.po"), arabic);
    let run = site.run(&[
        "translate",
        "import",
        "ar.po",
        "--site",
        "[site]",
        "--color",
        "never",
    ]);
    run.assert_code(1);
    insta::assert_snapshot!("misaligned", run.stderr);
    assert_eq!(read_all(&site.join("content")), before);
}

// The export never writes into the site's sources or output.
#[test]
fn the_export_refuses_to_write_into_content_or_public() {
    let site = Site::fixture("translated");
    for out in ["content/cy.po", "public/cy.po"] {
        std::fs::create_dir_all(site.join("public")).expect("public");
        let run = site.run(&[
            "translate",
            "export",
            "--lang",
            "cy",
            "--site",
            "[site]",
            "--out",
            out,
        ]);
        run.assert_code(1);
        assert!(run.stderr.contains("refusing to write"), "{}", run.stderr);
        assert!(!site.join(out).exists());
    }
    // With every page translated, there is nothing to write.
    let run = site.run(&[
        "translate",
        "export",
        "--lang",
        "cy",
        "--site",
        "[site]",
        "--out",
        "cy.xlf",
    ]);
    run.assert_code(0);
    assert_eq!(read(&site.join("cy.xlf")).matches("<file ").count(), 5);
    let all = export(&site, &["--all"]).replace(
        "<segment>\n        <source>",
        "<segment state=\"translated\">\n        <source>",
    );
    let filled = all
        .split("<source>")
        .map(|part| match part.split_once("</source>") {
            Some((source, rest)) if !rest.trim_start().starts_with("<target>") => {
                format!("{source}</source>\n        <target>{source}</target>{rest}")
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("<source>");
    write(&site.join("cy.xlf"), filled);
    site.run(&["translate", "import", "cy.xlf", "--site", "[site]"])
        .assert_code(0);
    let run = site.run(&["translate", "export", "--lang", "cy", "--site", "[site]"]);
    run.assert_code(0);
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str()),
        (
            "",
            "nothing to translate into `cy`: every page has a translation that is up to date (`--all` exports everything), so no file was written\n"
        )
    );

    let run = site.run(&["translate", "export", "--lang", "fr", "--site", "[site]"]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error: `fr` is not one of the site's other languages (ar, cy): list it in `[languages]` in content/site.toml\n"
    );
}
