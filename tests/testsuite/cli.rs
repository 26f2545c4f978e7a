//! The command line: subcommands, options, exit codes and where things are written.

use crate::harness::{Site, list_files, write};

// `check` reads the whole site but writes nothing: no `public/`, no other file.
#[test]
fn check_writes_nothing() {
    let site = Site::fixture("basic");
    let before = site.files();
    let run = site.run(&["check", "--site", "[site]"]);
    run.assert_code(0);
    let summary = run.stdout.lines().last().unwrap_or_default();
    assert!(summary.starts_with("checked "), "{}", run.stdout);
    assert!(!site.join("public").exists(), "check created public/");
    assert_eq!(site.files(), before);
}

// Without `--site`, commands work on the current folder.
#[test]
fn site_defaults_to_current_folder() {
    let site = Site::fixture("basic");
    site.run(&["build"]).assert_code(0);
    assert!(site.join("public/index.html").is_file());
}

// `new DIR` writes a starter site that then builds cleanly.
#[test]
fn new_site_builds() {
    let dir = Site::empty();
    let run = dir.run(&["new", "[site]/mysite"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout.trim_end(),
        "created a starter site in [site]/mysite; build it with: carepath build --site [site]/mysite"
    );
    let run = dir.run(&["build", "--site", "[site]/mysite"]);
    run.assert_code(0);
    // Not `stderr == ""`: the starter's fixed review dates turn into overdue warnings one day.
    assert!(!run.stderr.contains(": error: "), "{}", run.stderr);
    assert!(dir.join("mysite/public/index.html").is_file());
}

// `new` refuses a folder that already holds files, and leaves them alone.
#[test]
fn new_refuses_non_empty_folder() {
    let dir = Site::empty();
    write(&dir.join("mysite/notes.txt"), "mine");
    let run = dir.run(&["new", "[site]/mysite"]);
    run.assert_code(1);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_eq!(list_files(&dir.join("mysite")), ["notes.txt"]);
}

// `build --out DIR` writes the site there and nothing into SITE/public.
#[test]
fn build_out_writes_elsewhere() {
    let site = Site::fixture("basic");
    let elsewhere = Site::empty();
    let out = elsewhere.join("www");
    let out_arg = out.display().to_string();
    let run = site.run(&["build", "--site", "[site]", "--out", &out_arg]);
    run.assert_code(0);
    assert!(out.join("index.html").is_file());
    assert!(out.join(".carepath").is_file());
    assert!(
        !site.join("public").exists(),
        "build --out also wrote SITE/public"
    );
    assert!(
        run.stdout.contains(&out_arg),
        "summary does not name --out: {}",
        run.stdout
    );
}

// `build` refuses to replace a folder it did not write (no `.carepath` marker).
#[test]
fn build_refuses_foreign_output_folder() {
    let site = Site::fixture("basic");
    write(&site.join("public/precious.txt"), "not a carepath build");
    let run = site.build();
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("error: refusing to replace"),
        "{}",
        run.stderr
    );
    assert_eq!(list_files(&site.join("public")), ["precious.txt"]);
}

// `build --out` may not point into the site's sources.
#[test]
fn build_refuses_output_inside_content() {
    let site = Site::fixture("basic");
    let before = site.files();
    let run = site.run(&["build", "--site", "[site]", "--out", "[site]/content/www"]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("error: refusing to write"),
        "{}",
        run.stderr
    );
    assert_eq!(site.files(), before);
}

// A folder without `content/site.toml` is not a site: exit 1 with a hint, nothing written.
#[test]
fn build_outside_a_site_explains() {
    let dir = Site::empty();
    let run = dir.build();
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr);
    assert!(dir.files().is_empty());
}

// `--help` works for the program and every subcommand.
#[test]
fn help_exits_zero() {
    let dir = Site::empty();
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["new", "--help"],
        &["tree", "--help"],
    ] {
        let run = dir.run(args);
        run.assert_code(0);
        assert!(
            run.stdout.contains("Usage: carepath"),
            "{args:?}: {}",
            run.stdout
        );
    }
}

// An unknown option is a usage error: exit 2, and nothing is built.
#[test]
fn unknown_flag_exits_two() {
    let site = Site::fixture("basic");
    let run = site.run(&["build", "--site", "[site]", "--frobnicate"]);
    run.assert_code(2);
    assert!(run.stderr.contains("--frobnicate"), "{}", run.stderr);
    assert!(!site.join("public").exists());
}

// A missing subcommand is a usage error too.
#[test]
fn missing_subcommand_exits_two() {
    Site::empty().run(&[]).assert_code(2);
}

// A reader that stops early (`carepath tree … | head`) ends the export quietly: no panic about
// a broken pipe, exit 0.
#[cfg(unix)]
#[test]
fn export_to_a_reader_that_stops_early_is_quiet() {
    use std::io::Read as _;
    let site = crate::harness::Site::fixture("protocol");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_carepath"))
        .args(["tree", "content/checks/child.toml", "--format", "table"])
        .current_dir(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("carepath runs");
    let mut head = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut head)
        .expect("a first line");
    let out = child.wait_with_output().expect("carepath ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
