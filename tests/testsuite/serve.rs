//! `carepath serve`: the in-memory session stays equal to a fresh build through any sequence of
//! edits, and the real server shows edits, additions, renames, deletions and problems without
//! ever writing `public/`.

use crate::harness::{Site, TODAY, read, read_all, write};
use carepath::BuildOptions;
use carepath::serve::Session;
use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn session_for(site: &Site) -> Session {
    let today = time::Date::parse(
        TODAY,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .expect("TODAY is a date");
    let mut session = Session::new(BuildOptions {
        write: false,
        today,
        ..BuildOptions::new(site.path())
    });
    session.full();
    session
}

/// The files a fresh `carepath build` writes (without its ownership marker and its index of
/// printed leaflets, which only the next build reads).
fn fresh_build(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let out = site.join("fresh");
    let run = site.run(&["build", "--site", "[site]", "--out", "[site]/fresh"]);
    run.assert_code(0);
    let mut files = read_all(&out);
    files.remove(".carepath");
    files.remove(".carepath-leaflets");
    std::fs::remove_dir_all(&out).expect("remove the fresh build");
    files
}

fn served(session: &Session) -> BTreeMap<String, Vec<u8>> {
    (session.files().iter())
        .map(|(url, bytes)| (url.to_string(), bytes))
        .collect()
}

#[track_caller]
fn assert_same_as_fresh_build(site: &Site, session: &Session, after: &str) {
    assert!(
        session.diagnostics().is_empty() || !has_error(session),
        "{after}: {:?}",
        session.diagnostics()
    );
    let fresh = fresh_build(site);
    let served = served(session);
    let differ: Vec<&String> = (fresh.keys().chain(served.keys()))
        .filter(|k| fresh.get(*k) != served.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "{after}: files differ from a fresh build: {differ:?}"
    );
}

fn has_error(session: &Session) -> bool {
    let diags = session.diagnostics();
    diags
        .iter()
        .any(|d| d.severity == carepath::diagnostics::Severity::Error)
}

/// A small deterministic generator (xorshift), so a failing sequence can be replayed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Articles of the site an edit may touch (not section landing pages, which rebuild everything
/// anyway, and not snippets).
fn articles(site: &Site) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in ["", "causes", "advice", "outcomes"] {
        let Ok(entries) = std::fs::read_dir(site.join("content").join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") && name != "_index.md" {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn new_article(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"A short page added while serving.\"\nreviewed = 2026-11-01\nnext_review = 2027-11-01\n+++\n\nRest and keep moving. Walk a little each day.\n"
    )
}

/// One random edit; returns the paths it touched. `broken` remembers an article that was given
/// a broken link, which the next edit mends.
fn edit(site: &Site, dice: &mut Dice, step: usize, broken: &mut Option<PathBuf>) -> Vec<PathBuf> {
    if let Some(path) = broken.take() {
        let text = read(&path).replace("\n[broken](nowhere.md)\n", "\n");
        write(&path, &text);
        return vec![path];
    }
    let pages = articles(site);
    let page = pages[dice.below(pages.len())].clone();
    let text = read(&page);
    let added: Vec<PathBuf> = (pages.iter())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("added-"))
        })
        .cloned()
        .collect();
    match dice.below(9) {
        0 | 1 => write(&page, format!("{text}\nWord {step} of the edits.\n")),
        2 => write(
            &page,
            text.replacen("title = \"", &format!("title = \"T{step} "), 1),
        ),
        3 => write(
            &page,
            text.replacen("summary = \"", &format!("summary = \"S{step} "), 1),
        ),
        4 => {
            let path = site.join(&format!("content/advice/added-{step}.md"));
            write(&path, new_article(&format!("Added page {step}")));
            return vec![path];
        }
        5 if !added.is_empty() => {
            let gone = added[dice.below(added.len())].clone();
            std::fs::remove_file(&gone).expect("delete an added page");
            return vec![gone];
        }
        6 if !added.is_empty() => {
            let from = added[dice.below(added.len())].clone();
            let to = site.join(&format!("content/advice/added-renamed-{step}.md"));
            std::fs::rename(&from, &to).expect("rename an added page");
            return vec![from, to];
        }
        7 => {
            write(&page, format!("{text}\n[broken](nowhere.md)\n"));
            *broken = Some(page.clone());
        }
        _ => {
            // Never to an added page: it may be deleted later, breaking the link for real.
            let sibling = (pages.iter())
                .filter(|p| !added.contains(p))
                .find(|p| p.parent() == page.parent() && **p != page)
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned());
            match sibling {
                Some(name) => write(&page, format!("{text}\nSee also [this page]({name}).\n")),
                None => write(&page, format!("{text}\nOne more line.\n")),
            }
        }
    }
    vec![page]
}

// After a random sequence of 50 edits (body, title, summary, links, added, renamed and deleted
// pages, a broken link and its fix), what serve holds is byte for byte a fresh build, checked
// every ten edits.
#[test]
fn fifty_random_edits_serve_what_a_fresh_build_writes() {
    let site = Site::default_site();
    let mut session = session_for(&site);
    assert_same_as_fresh_build(&site, &session, "the first build");
    let mut dice = Dice(0x5eed_cafe);
    let mut broken = None;
    for step in 1..=50 {
        let touched = edit(&site, &mut dice, step, &mut broken);
        session.apply(&touched);
        if broken.is_some() {
            assert!(
                has_error(&session),
                "edit {step}: the broken link is not reported"
            );
        }
        if step % 10 == 0 && broken.is_none() {
            assert_same_as_fresh_build(&site, &session, &format!("edit {step}"));
        }
    }
}

// A body-only edit of an article re-renders that page alone (and its printed leaflet), not the
// whole site.
#[test]
fn a_body_edit_renders_only_its_page() {
    let site = Site::default_site();
    let mut session = session_for(&site);
    let page = site.join("content/causes/stress.md");
    write(&page, format!("{}\nOne more calm sentence.\n", read(&page)));
    let rebuilt = session.apply(std::slice::from_ref(&page));
    assert_eq!(
        rebuilt,
        carepath::serve::Rebuilt::Parts { pages: 1, files: 2 }
    );
    assert!(session.files().get("causes/stress.pdf").is_some());
    let page = session.files().get("causes/stress.html").expect("the page");
    let html = String::from_utf8_lossy(&page).into_owned();
    assert!(html.contains("One more calm sentence."));
}

// Checker end pages show findings' advice: editing a finding's body renders its tree again,
// and the result is still a fresh build's.
#[test]
fn editing_a_finding_renders_the_tree_that_shows_it() {
    let site = Site::fixture("protocol");
    let mut session = session_for(&site);
    let finding = site.join("content/findings/pneumonia.md");
    let text = read(&finding);
    let advice = text.lines().last().unwrap_or_default().to_string();
    write(
        &finding,
        text.replace(&advice, "See a GP today about the fast breathing."),
    );
    session.apply(std::slice::from_ref(&finding));
    let shown = (session.files().iter())
        .filter(|(url, _)| url.starts_with("checks/"))
        .any(|(_, b)| String::from_utf8_lossy(&b).contains("about the fast breathing"));
    assert!(shown, "no checker page shows the edited advice");
    assert_same_as_fresh_build(&site, &session, "the finding's edit");
}

// A split A–Z loses pages when an edit takes names away: the session must stop serving it,
// as a fresh build no longer writes it.
#[test]
fn a_to_z_pages_an_edit_empties_are_no_longer_served() {
    let site = Site::default_site();
    let config = site.join("content/site.toml");
    write(&config, format!("list_page_size = 1\n{}", read(&config)));
    let mut session = session_for(&site);
    let parts = |session: &Session| {
        (session.files().urls())
            .filter(|url| url.starts_with("a-z/"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let under_i = |parts: &[String]| parts.iter().filter(|p| p.starts_with("a-z/i")).count();
    let before = parts(&session);
    let page = site.join("content/causes/bowel-problems.md");
    let text = read(&page);
    write(
        &page,
        text.replace(
            r#"also_called = ["Constipation", "IBS", "Irritable bowel syndrome"]"#,
            r#"also_called = ["Constipation"]"#,
        ),
    );
    let rebuilt = session.apply(std::slice::from_ref(&page));
    assert!(
        matches!(rebuilt, carepath::serve::Rebuilt::Parts { .. }),
        "an article's edit is rebuilt in part, not in full: {rebuilt:?}"
    );
    let after = parts(&session);
    assert_eq!(
        under_i(&after),
        under_i(&before) - 2,
        "{before:?} then {after:?}"
    );
    assert_same_as_fresh_build(&site, &session, "the edit that took two names under I");
}

/// Starts `carepath serve --site SITE ARGS` and reads its first line (the URL it serves).
pub(crate) fn spawn_serve(site: &Site, args: &[&str], stderr: Stdio) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_carepath"))
        .args(["serve", "--site"])
        .arg(site.path())
        .args(args)
        .env("CAREPATH_TODAY", TODAY)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("start carepath serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the first line");
    (child, line)
}

/// A running `carepath serve` on an ephemeral port, stopped when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    /// `127.0.0.1:port`.
    pub(crate) addr: String,
    base: String,
}

impl Server {
    pub(crate) fn start(site: &Site, extra: &[&str]) -> Server {
        let mut args = vec!["--port", "0"];
        args.extend(extra);
        let (child, line) = spawn_serve(site, &args, Stdio::null());
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        let rest = url.trim_start_matches("http://");
        let (addr, base) = rest.split_at(rest.find('/').expect("a path"));
        Server {
            child,
            addr: addr.to_string(),
            base: base.to_string(),
        }
    }

    /// `GET path` (below the base path): status and body.
    fn get(&self, path: &str) -> (u16, String) {
        self.get_raw(&format!("{}{path}", self.base))
    }

    fn get_raw(&self, target: &str) -> (u16, String) {
        let (status, body) = self.get_bytes(target);
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// `GET target` (a whole path): status and body as bytes.
    fn get_bytes(&self, target: &str) -> (u16, Vec<u8>) {
        let mut stream = std::net::TcpStream::connect(&self.addr).expect("connect");
        write!(
            stream,
            "GET {target} HTTP/1.0\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .expect("send");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read");
        let head_end = (response.windows(4))
            .position(|w| w == b"\r\n\r\n")
            .map_or(response.len(), |i| i + 4);
        let head = String::from_utf8_lossy(&response[..head_end]).into_owned();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, response[head_end..].to_vec())
    }

    /// Polls `path` until `test` holds for its body (30 s at most: CI machines can be slow).
    #[track_caller]
    fn wait_for(&self, path: &str, what: &str, test: impl Fn(u16, &str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if test(status, &body) {
                return body;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{path}: waited 30 s for {what}; last status {status}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// Edits, additions, renames and deletions show in the served site, which never writes public/.
#[test]
fn served_site_follows_edits_additions_renames_and_deletions() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    let (status, home) = server.get("");
    assert_eq!(status, 200);
    assert!(home.contains("<script>") && home.contains("/__carepath/events"));
    assert!(
        home.contains("script-src 'sha256-"),
        "the script's hash is allowed"
    );

    let page = site.join("content/causes/muscle-strain.md");
    write(&page, format!("{}\nA zebra walked by.\n", read(&page)));
    server.wait_for("causes/muscle-strain.html", "the edit", |_, b| {
        b.contains("zebra")
    });

    let added = site.join("content/causes/new-page.md");
    write(&added, new_article("A new page").replace("+++\n\n", "[[sources]]\ntitle = \"Back pain\"\npublisher = \"NHS website\"\nurl = \"https://www.nhs.uk/conditions/back-pain/\"\naccessed = 2026-11-01\n+++\n\n"));
    server.wait_for("causes/new-page.html", "the new page", |s, _| s == 200);

    let renamed = site.join("content/causes/renamed-page.md");
    std::fs::rename(&added, &renamed).expect("rename");
    server.wait_for("causes/renamed-page.html", "the renamed page", |s, _| {
        s == 200
    });
    server.wait_for("causes/new-page.html", "the old name to go", |s, _| {
        s == 404
    });

    std::fs::remove_file(&renamed).expect("delete");
    server.wait_for(
        "causes/renamed-page.html",
        "the deleted page to go",
        |s, _| s == 404,
    );

    let (status, style) = server.get("style.css");
    assert_eq!(status, 200);
    assert!(!style.contains("<script"), "only pages get the script");
    assert!(!site.join("public").exists(), "serve wrote public/");
}

// A problem shows as an overlay on every page with path:line:col, the line and a caret, while
// the last good page stays; fixing it removes the overlay.
#[test]
fn problems_show_in_the_page_until_fixed() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &[]);
    let page = site.join("content/about.md");
    let good = read(&page);
    write(&page, format!("{good}\n[broken](nowhere.md)\n"));
    let body = server.wait_for("index.html", "the overlay", |_, b| {
        b.contains("carepath-problems")
    });
    let line = good.lines().count() + 2;
    assert!(
        body.contains(&format!(
            "content/about.md:{line}:1: error: broken link `nowhere.md`"
        )),
        "{body}"
    );
    assert!(
        body.contains(&format!("{line} | [broken](nowhere.md)")),
        "{body}"
    );
    assert!(body.contains("| ^"), "{body}");
    let (_, about) = server.get("about.html");
    assert!(
        !about.contains("href=\"nowhere"),
        "the last good page stays served"
    );
    write(&page, &good);
    server.wait_for("index.html", "the overlay to go", |_, b| {
        !b.contains("carepath-problems")
    });
}

// Under --base-path the site lives in a sub-folder: `/` leads there and missing pages get the
// site's 404 page with status 404.
#[test]
fn serves_under_a_base_path_with_404s() {
    let site = Site::fixture("basic");
    let server = Server::start(&site, &["--base-path", "/leaflets/"]);
    assert_eq!(server.base, "/leaflets/");
    assert_eq!(server.get("").0, 200);
    assert_eq!(server.get_raw("/").0, 302);
    assert_eq!(server.get_raw("/index.html").0, 404);
    let (status, body) = server.get("no-such-page.html");
    assert_eq!(status, 404);
    assert!(body.contains("<h1>Page not found</h1>"), "{body}");
}

// A taken port is not an error: serve moves to the next free one and says which.
#[test]
fn a_taken_port_moves_to_the_next_free_one_and_says_so() {
    let site = Site::fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = taken.local_addr().expect("its address").port();
    let port_arg = port.to_string();
    let (mut child, line) = spawn_serve(&site, &["--port", &port_arg], Stdio::piped());
    let _ = child.kill();
    let mut stderr = String::new();
    let _ = child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr);
    let _ = child.wait();
    assert!(
        stderr.contains(&format!("note: port {port} is taken; using ")),
        "{stderr}"
    );
    assert!(
        line.starts_with("serving the site at http://127.0.0.1:"),
        "{line}"
    );
    assert!(
        !line.contains(&format!(":{port}/")),
        "served on the taken port: {line}"
    );
}

/// Serves `site`, then makes a theme folder holding `page.html` with `text`.
fn serve_then_add_template(site: &Site, text: &str) -> Server {
    let server = Server::start(site, &[]);
    std::fs::create_dir_all(site.join("themes/default/templates")).expect("theme folder");
    std::thread::sleep(Duration::from_millis(200));
    write(&site.join("themes/default/templates/page.html"), text);
    server
}

// A theme folder made while serving is watched: a template that does not parse shows its
// problem in the page, with the last good site, and removing it brings the site back.
#[test]
fn a_theme_made_while_serving_is_watched() {
    let site = Site::fixture("basic");
    let server = serve_then_add_template(
        &site,
        "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock main %}",
    );
    let body = server.wait_for("about.html", "the template error", |_, b| {
        b.contains("carepath-problems") && b.contains("template syntax error")
    });
    assert!(
        body.contains("themes/default/templates/page.html:1:48: error: template syntax error"),
        "{body}"
    );
    assert!(body.contains("<h1>"), "the last good page stays served");
    std::fs::remove_dir_all(site.join("themes")).expect("remove the theme");
    server.wait_for("about.html", "the error to go", |_, b| {
        !b.contains("carepath-problems")
    });
}

/// A page as serve sends it, without what serve adds: the live-reload script before `</body>`
/// and its hash in the policy (which a build writes as `script-src 'none'`).
fn without_live_reload(served: Vec<u8>) -> Vec<u8> {
    let Ok(mut html) = String::from_utf8(served.clone()) else {
        return served;
    };
    if let (Some(start), Some(end)) = (html.rfind("<script>"), html.rfind("</script></body>")) {
        html.replace_range(start..end + "</script>".len(), "");
    }
    if let Some(start) = html.find("script-src 'sha256-") {
        let hash_end = html[start + "script-src '".len()..]
            .find('\'')
            .map_or(html.len(), |i| start + "script-src '".len() + i + 1);
        html.replace_range(start..hash_end, "script-src 'none'");
    }
    html.into_bytes()
}

// The same 50 seeded edits made on disk while the real server runs: once it settles, every
// file of a fresh build is served over HTTP byte for byte (less the live-reload script).
#[test]
fn served_over_http_after_fifty_edits_equals_a_fresh_build() {
    let site = Site::default_site();
    let server = Server::start(&site, &[]);
    let mut dice = Dice(0x5eed_cafe);
    let mut broken = None;
    for step in 1..=50 {
        edit(&site, &mut dice, step, &mut broken);
        std::thread::sleep(Duration::from_millis(40));
    }
    if broken.is_some() {
        edit(&site, &mut dice, 51, &mut broken);
    }
    let fresh = fresh_build(&site);
    let started = Instant::now();
    loop {
        let differ: Vec<&String> = (fresh.iter())
            .filter(|(url, bytes)| {
                let (status, body) = server.get_bytes(&format!("{}{url}", server.base));
                status != 200 || without_live_reload(body) != **bytes
            })
            .map(|(url, _)| url)
            .collect();
        if differ.is_empty() {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "30 s after the last edit, served files still differ from a fresh build: {differ:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

// A tree's disposition table split over pages may need fewer pages after an edit (an end
// page's title got shorter): the pages no longer written are no longer served.
#[test]
fn serve_drops_sign_off_pages_a_shorter_table_no_longer_needs() {
    let site = Site::default_site();
    let gp = site.join("content/outcomes/gp.md");
    let before = read(&gp);
    let title = read(&gp)
        .lines()
        .find(|l| l.starts_with("title = "))
        .expect("a title")
        .to_string();
    let long = format!("{}{}\"", title.trim_end_matches('"'), " soon".repeat(600));
    let mut session = session_for(&site);
    let first = (session.files().urls())
        .filter(|f| f.starts_with("checks/back-pain-after-sleeping/cases"))
        .count();
    let table = format!("checks/back-pain-after-sleeping/cases-{}.html", first + 1);
    assert!(!session.files().contains(&table));

    write(&gp, before.replacen(&title, &long, 1));
    session.apply(std::slice::from_ref(&gp));
    assert!(
        session.files().contains(&table),
        "the longer table is split further"
    );
    assert_same_as_fresh_build(&site, &session, "a longer end title");

    write(&gp, &before);
    session.apply(std::slice::from_ref(&gp));
    assert!(
        !session.files().contains(&table),
        "the old last page is gone"
    );
    assert_same_as_fresh_build(&site, &session, "the end title as it was");
}

// A site whose first build fails shows its problems, positioned, without claiming that a last
// good version is shown (there is none); once fixed, the site itself is served.
#[test]
fn a_site_that_never_built_does_not_claim_a_last_good_version() {
    let site = Site::fixture("basic");
    let template = site.join("themes/default/templates/page.html");
    write(&template, "<main>\n{% if %}\n</main>\n");
    let server = Server::start(&site, &[]);
    let body = server.wait_for("index.html", "the problems page", |_, b| {
        b.contains("carepath-problems")
    });
    assert!(
        body.contains("carepath found a problem; the site has not built yet"),
        "{body}"
    );
    assert!(!body.contains("last good"), "{body}");
    assert!(
        body.contains("themes/default/templates/page.html:2:7: error: template syntax error: expected a value that can be negated"),
        "{body}"
    );
    std::fs::remove_file(&template).expect("remove the broken template");
    server.wait_for("index.html", "the site", |_, b| {
        !b.contains("carepath-problems") && b.contains("<main")
    });
}

// A template that fails while rendering shows its problem at its place in the template, not as
// a cause chain, and the last good page stays served.
#[test]
fn a_template_that_fails_to_render_shows_its_place() {
    let site = Site::fixture("basic");
    let server = serve_then_add_template(
        &site,
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.nope }}\n{% endblock main %}",
    );
    let body = server.wait_for("about.html", "the template error", |_, b| {
        b.contains("carepath-problems")
    });
    assert!(
        body.contains("themes/default/templates/page.html:3:4: error: template error: Variable `page.nope` not found"),
        "{body}"
    );
    assert!(!body.contains("failed to render"), "{body}");
}

/// The lines `serve` prints on standard error, read on a thread, up to and including the next
/// line that ends a rebuild (`…; N error(s), M warning(s)`), with the site's folder as `[site]`
/// and the time taken left out.
fn next_report(lines: &std::sync::mpsc::Receiver<String>, site: &Site) -> Vec<String> {
    let mut out = Vec::new();
    let root = site.path().display().to_string();
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(60)) {
        let done = line.contains(" error(s), ");
        let line = line.replace(&root, "[site]");
        out.push(match done {
            true => line.split(" in ").next().unwrap_or("").to_string(),
            false => line,
        });
        if done {
            return out;
        }
    }
    panic!("serve printed no report; so far: {out:?}");
}

// The first build prints every problem, as `build` does; after an edit, only the new and the
// fixed problems, then one line counting them (a warning that only moved is unchanged).
#[test]
fn serve_prints_only_the_problems_an_edit_changed() {
    let site = Site::fixture("basic");
    let about = site.join("content/about.md");
    let cause = site.join("content/causes/muscle-strain.md");
    let good = read(&about);
    write(&about, format!("{good}\ndiv class=\"note\">Call us.\n"));
    write(&cause, read(&cause) + "\ndiv class=\"tip\">Rest.\n");
    let args = ["--port", "0", "--format", "short", "--color", "never"];
    let (mut child, _) = spawn_serve(&site, &args, Stdio::piped());
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = next_report(&rx, &site);
    write(&about, format!("{good}\nSee [the leaflet](leaflet.md).\n"));
    let after_edit = next_report(&rx, &site);
    let _ = child.kill();
    let _ = child.wait();
    insta::assert_snapshot!(first.join("\n") + "\n---\n" + &after_edit.join("\n"), @r#"
    [site]/content/about.md:15:1: warning: `div class="note">` looks like a tag with its `<` missing: readers see it as text; write `<div class="note">` if it is meant to be HTML
    [site]/content/causes/muscle-strain.md:31:1: warning: `div class="tip">` looks like a tag with its `<` missing: readers see it as text; write `<div class="tip">` if it is meant to be HTML
    built 25 files
    ---
    [site]/content/about.md:15:5: error: broken link `leaflet.md`: `content/leaflet.md` does not exist
    fixed: [site]/content/about.md:15:1: warning: `div class="note">` looks like a tag with its `<` missing: readers see it as text; write `<div class="note">` if it is meant to be HTML
    1 new, 1 fixed, 1 unchanged problem
    re-read 1 article(s), rendered 0 file(s)
    "#);
}

/// The text of a page the session serves.
fn served_page(session: &Session, url: &str) -> String {
    let bytes = session.files().get(url).expect("the page");
    String::from_utf8_lossy(&bytes).into_owned()
}

// In a site with translations, an edit in one language renders that language's page alone, and
// an edit of the English source judges its translations again (the Welsh reader's notice
// appears) without building the whole site; the result is still a fresh build's.
#[test]
fn an_edit_in_one_language_renders_only_the_pages_it_touches() {
    let site = Site::fixture("translated");
    let mut session = session_for(&site);
    let welsh = site.join("content/causes/muscle-strain.cy.md");
    write(
        &welsh,
        format!("{}\nUn frawddeg dawel arall.\n", read(&welsh)),
    );
    let rebuilt = session.apply(std::slice::from_ref(&welsh));
    // The Welsh page and its leaflet.
    assert_eq!(
        rebuilt,
        carepath::serve::Rebuilt::Parts { pages: 1, files: 2 }
    );
    assert!(
        served_page(&session, "cy/causes/muscle-strain.html").contains("Un frawddeg dawel arall.")
    );
    assert!(!served_page(&session, "cy/causes/muscle-strain.html").contains("translation-notice"));
    assert_same_as_fresh_build(&site, &session, "the Welsh edit");

    let english = site.join("content/causes/muscle-strain.md");
    write(
        &english,
        read(&english).replace(
            "A muscle in your back has been stretched too far.",
            "A muscle in your back has been stretched or twisted too far.",
        ),
    );
    let rebuilt = session.apply(std::slice::from_ref(&english));
    // The English, Welsh and Arabic pages and their leaflets.
    assert_eq!(
        rebuilt,
        carepath::serve::Rebuilt::Parts { pages: 1, files: 6 }
    );
    assert!(served_page(&session, "cy/causes/muscle-strain.html").contains("translation-notice"));
    let stale = (session.diagnostics().iter())
        .any(|d| d.path.ends_with("muscle-strain.cy.md") && d.message.starts_with("out of date"));
    assert!(stale, "{:?}", session.diagnostics());
    assert_same_as_fresh_build(&site, &session, "the English edit");
}
