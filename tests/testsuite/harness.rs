//! Test helpers: a fixture site copied into a fresh temporary folder, a runner for the built
//! `carepath` binary whose output names that folder `[site]`, and readers for the output.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// The day the suite runs "as of" (see `CAREPATH_TODAY`).
pub(crate) const TODAY: &str = "2026-11-25";

/// The repository root.
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `tests/fixtures/` folder.
pub(crate) fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A site in a temporary folder, deleted when dropped.
pub(crate) struct Site {
    dir: TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/<name>` (e.g. `basic` or `invalid/bad-date`).
    pub(crate) fn fixture(name: &str) -> Site {
        Site::copy_of(&fixtures_dir().join(name))
    }

    /// A copy of any folder.
    pub(crate) fn copy_of(from: &Path) -> Site {
        assert!(from.is_dir(), "no fixture folder at {}", from.display());
        let site = Site::empty();
        copy_dir(from, site.path());
        site
    }

    /// An empty temporary folder.
    /// A copy of the default site's `content/` (the built-in theme renders it).
    pub(crate) fn default_site() -> Site {
        let site = Site::empty();
        copy_dir(&repo_root().join("content"), &site.join("content"));
        site
    }

    pub(crate) fn empty() -> Site {
        let dir = tempfile::Builder::new()
            .prefix("carepath-test-")
            .tempdir()
            .expect("failed to create a temporary folder");
        Site { dir }
    }

    /// The site root.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the site (`rel` is `/`-separated).
    pub(crate) fn join(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    /// Runs `carepath` with `args` from inside the site folder. `[site]` in an argument stands
    /// for the site folder, and the site folder is shown as `[site]` in stdout and stderr.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        let root = self.path().display().to_string();
        let args: Vec<OsString> = args
            .iter()
            .map(|a| a.replace("[site]", &root).into())
            .collect();
        carepath(&args, self.path(), &[(self.path(), "[site]")])
    }

    /// Starts `carepath` with `args` (`[site]` as in [`Site::run`]) without waiting for it.
    pub(crate) fn spawn(&self, args: &[&str]) -> std::process::Child {
        let root = self.path().display().to_string();
        Command::new(env!("CARGO_BIN_EXE_carepath"))
            .args(args.iter().map(|a| a.replace("[site]", &root)))
            .current_dir(self.path())
            .env("CAREPATH_TODAY", TODAY)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("failed to start carepath")
    }

    /// Names in the site folder left by builds: staging folders and previous sites set aside.
    pub(crate) fn leftovers(&self) -> Vec<String> {
        fs::read_dir(self.path())
            .expect("failed to list the site folder")
            .map(|e| {
                e.expect("folder entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n.contains("carepath-new-") || n.contains("carepath-old-"))
            .collect()
    }

    /// `carepath build --site [site]`.
    pub(crate) fn build(&self) -> Run {
        self.run(&["build", "--site", "[site]"])
    }

    /// `carepath build --site [site] --format short`: one line per problem.
    pub(crate) fn build_short(&self) -> Run {
        self.run(&["build", "--site", "[site]", "--format", "short"])
    }

    /// The text of a file in the site's default output folder (`public/<rel>`).
    pub(crate) fn output(&self, rel: &str) -> String {
        read(&self.join("public").join(rel))
    }

    /// The `<main …>…</main>` of an output page (`public/<rel>`).
    pub(crate) fn main_of(&self, rel: &str) -> String {
        main_fragment(&self.output(rel)).to_string()
    }

    /// Every file under the site folder, sorted and `/`-separated.
    pub(crate) fn files(&self) -> Vec<String> {
        list_files(self.path())
    }
}

/// What one run of the binary did.
#[derive(Debug)]
pub(crate) struct Run {
    /// The exit code.
    pub(crate) code: i32,
    /// Standard output, redacted.
    pub(crate) stdout: String,
    /// Standard error, redacted, without progress lines.
    pub(crate) stderr: String,
    /// The progress lines a long step printed on standard error (how many depends on how fast
    /// the machine is, so they are kept apart from the diagnostics that tests compare).
    pub(crate) progress: Vec<String>,
}

impl Run {
    /// Panics, showing both streams, unless the exit code is `code`.
    #[track_caller]
    pub(crate) fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs the built `carepath` binary in `cwd`; each `(path, name)` in `redact` is replaced by
/// `name` in the output (the path as given and as the file system resolves it).
pub(crate) fn carepath(args: &[OsString], cwd: &Path, redact: &[(&Path, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_carepath"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        // Review-date checks compare with today: pin it so the suite means the same next year.
        .env("CAREPATH_TODAY", TODAY)
        .output()
        .expect("failed to run carepath");
    let clean = |bytes: &[u8]| {
        let mut text = String::from_utf8_lossy(bytes).into_owned();
        for (path, name) in redact {
            for form in path_forms(path) {
                text = text.replace(&form, name);
            }
        }
        text
    };
    let all_stderr = clean(&output.stderr);
    let (progress, stderr): (Vec<&str>, Vec<&str>) = all_stderr
        .split_inclusive('\n')
        .partition(|line| is_progress(line));
    Run {
        code: output
            .status
            .code()
            .expect("carepath was killed by a signal"),
        stdout: clean(&output.stdout),
        stderr: stderr.concat(),
        progress: progress.iter().map(|l| l.trim_end().to_string()).collect(),
    }
}

/// Whether `line` is one of the lines a long step prints every few seconds:
/// `` `content/checks/x.toml`: rendering: 2,048 of 9,000 pages (3 s) ``.
fn is_progress(line: &str) -> bool {
    let line = line.trim_end();
    let Some(rest) = line.strip_prefix('`') else {
        return false;
    };
    let Some((_, tail)) = rest.split_once("`: ") else {
        return false;
    };
    let Some((_, count)) = tail.rsplit_once(" pages (") else {
        return false;
    };
    count
        .strip_suffix(" s)")
        .is_some_and(|secs| !secs.is_empty() && secs.bytes().all(|b| b.is_ascii_digit()))
}

/// The spellings of `path` that may appear in output, longest first so none is left half
/// replaced.
fn path_forms(path: &Path) -> Vec<String> {
    let mut forms = vec![path.display().to_string()];
    if let Ok(real) = path.canonicalize() {
        forms.push(real.display().to_string());
    }
    let slashed: Vec<String> = forms.iter().map(|f| f.replace('\\', "/")).collect();
    forms.extend(slashed);
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms.dedup();
    forms
}

/// Replaces the build time (`13 ms`) with `[time]`, so summaries can be compared.
pub(crate) fn redact_timing(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(" ms") {
        let digits = rest[..i]
            .bytes()
            .rev()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits > 0 {
            out.push_str(&rest[..i - digits]);
            out.push_str("[time]");
        } else {
            out.push_str(&rest[..i + 3]);
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

/// The text of a file; panics naming the file if it cannot be read.
pub(crate) fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("failed to read {}: {e}", path.display()))
}

/// The `<main …>…</main>` element of a page, tags included.
pub(crate) fn main_fragment(html: &str) -> &str {
    let start = html.find("<main").expect("page has no <main> element");
    let end = html[start..]
        .find("</main>")
        .map(|i| start + i + "</main>".len())
        .expect("page has no </main> end tag");
    &html[start..end]
}

/// Every file under `dir`, as sorted `/`-separated paths relative to `dir`.
pub(crate) fn list_files(dir: &Path) -> Vec<String> {
    read_all(dir).into_keys().collect()
}

/// Every file under `dir` with its bytes, by sorted `/`-separated path relative to `dir`.
pub(crate) fn read_all(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("failed to list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("failed to read a folder entry").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let rel = path.strip_prefix(root).expect("entry outside its root");
            let rel = rel.to_string_lossy().replace('\\', "/");
            let bytes = fs::read(&path)
                .unwrap_or_else(|e| panic!("failed to read {}: {e}", path.display()));
            files.insert(rel, bytes);
        }
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("failed to create {}: {e}", to.display()));
    for (rel, bytes) in read_all(from) {
        let dest = to.join(&rel);
        fs::create_dir_all(dest.parent().expect("a file has a parent folder"))
            .expect("failed to create a folder");
        fs::write(&dest, bytes)
            .unwrap_or_else(|e| panic!("failed to write {}: {e}", dest.display()));
    }
}

/// Writes `text` to `path`, creating parent folders.
pub(crate) fn write(path: &Path, text: impl AsRef<[u8]>) {
    fs::create_dir_all(path.parent().expect("a file has a parent folder"))
        .expect("failed to create a folder");
    fs::write(path, text).unwrap_or_else(|e| panic!("failed to write {}: {e}", path.display()));
}

#[test]
fn progress_lines_are_told_from_diagnostics() {
    assert!(is_progress(
        "`content/checks/x.toml`: rendering: 2,048 of 9,000 pages (3 s)\n"
    ));
    assert!(is_progress(
        "`content/checks/x.toml`: counting pages: 512 pages (12 s)"
    ));
    assert!(!is_progress(
        "`content/checks/x.toml`: this tree has 16,385 pages; a line every few seconds shows how far the build has come"
    ));
    assert!(!is_progress(
        "[site]/content/a.md:1:1: error: 3 pages (4 s)"
    ));
}

#[test]
fn redact_timing_replaces_only_numbers_before_ms() {
    assert_eq!(
        redact_timing("wrote 9 pages, 0 warnings in 13 ms\nfailed (7 ms)\nterms apply"),
        "wrote 9 pages, 0 warnings in [time]\nfailed ([time])\nterms apply"
    );
}

#[test]
fn main_fragment_keeps_only_the_main_element() {
    let html = "<header>x</header><main id=\"main\">\n<h1>T</h1>\n</main><footer>";
    assert_eq!(
        main_fragment(html),
        "<main id=\"main\">\n<h1>T</h1>\n</main>"
    );
}
