//! What the command line prints after a build: the one-line summary, reviews due soon, and the
//! `check --report` table of every page's weight and readability.

use crate::diagnostics;
use crate::diagnostics::Diagnostic;
use crate::paths::url_of;
use crate::{BuildOptions, BuildReport};
use std::fmt::Write as _;
use std::path::Path;

/// Problems, each as `path:line:col: severity: message` followed (in the full format) by its
/// source line and a caret, naming files as the user can open them from where they ran the
/// command (`site` joined to the path, unless the site is the current folder).
pub fn diagnostics(site: &Path, diags: &[Diagnostic], style: diagnostics::Style) -> String {
    let shown = |path: &Path| {
        if site != Path::new(".") && !path.starts_with("<built-in>") {
            site.join(path)
        } else {
            path.to_path_buf()
        }
    };
    let root = std::fs::canonicalize(site).ok();
    let read = |path: &Path| {
        let bytes = readable_inside(root.as_deref()?, &site.join(path))?;
        // Lossy, so a file with a stray non-UTF-8 byte still shows the line before it.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        // Positions are counted after a byte-order mark, as the parsers see the text.
        Some(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        })
    };
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        (diags.iter().cloned()).partition(diagnostics::is_error);
    let mut out = diagnostics::snippet::render(&errors, style, &shown, &read);
    let groups = warning_groups(warnings);
    let total: usize = groups.iter().map(|(_, g)| g.len()).sum();
    let headed = style.format == diagnostics::Format::Full && total >= GROUP_FROM;
    for (kind, group) in groups {
        if headed {
            let _ = writeln!(out, "── {}: {kind} ──", plural(group.len(), "warning"));
        }
        out.push_str(&diagnostics::snippet::render(&group, style, &shown, &read));
    }
    out
}

/// From this many warnings on, the full format puts a heading with its count over each kind.
const GROUP_FROM: usize = 10;

/// Warnings by kind (in the order of [`warning_kind`]'s kinds), each group in file order:
/// printed after the errors, so 2,000 warnings can still be read.
fn warning_groups(warnings: Vec<Diagnostic>) -> Vec<(&'static str, Vec<Diagnostic>)> {
    let mut groups: std::collections::BTreeMap<(usize, &'static str), Vec<Diagnostic>> =
        std::collections::BTreeMap::new();
    for w in warnings {
        groups.entry(warning_kind(&w.message)).or_default().push(w);
    }
    groups.into_iter().map(|((_, k), g)| (k, g)).collect()
}

/// The kind of a warning, by what its message says, and where the kind comes in the list.
fn warning_kind(message: &str) -> (usize, &'static str) {
    const KINDS: &[(&str, &str)] = &[
        ("review overdue", "reviews overdue"),
        ("sign-off", "clinical sign-off"),
        ("(`image_weight_budget`)", "image weight"),
        ("weight_budget`)", "page weight"),
        ("Flesch-Kincaid", "reading age"),
        ("heading", "headings"),
        ("is not published", "files not published"),
    ];
    (KINDS.iter().enumerate())
        .find(|(_, (needle, _))| message.contains(needle))
        .map_or((KINDS.len(), "other"), |(i, (_, kind))| (i, *kind))
}

/// Most bytes of a file read to show a line of it under a problem.
const MAX_SNIPPET_FILE: u64 = 8 * 1024 * 1024;

/// The bytes of `file` (up to [`MAX_SNIPPET_FILE`]) when it is a plain file whose real path,
/// links followed, is inside `root`: a problem about a link that leads out of the site (to
/// `/proc/self/environ`, say) never shows a line of what it points to.
fn readable_inside(root: &Path, file: &Path) -> Option<Vec<u8>> {
    let real = std::fs::canonicalize(file).ok()?;
    if !real.starts_with(root) || !std::fs::metadata(&real).ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(std::fs::File::open(&real).ok()?, MAX_SNIPPET_FILE),
        &mut bytes,
    )
    .ok()?;
    Some(bytes)
}

/// One line: pages, trees and their paths, warnings, time.
pub fn line(opts: &BuildOptions, report: &BuildReport) -> String {
    let (errors, warnings) = diagnostics::count(&report.diagnostics);
    let ms = report.elapsed.as_millis();
    if errors > 0 {
        return format!(
            "failed: {}, {}; nothing written ({ms} ms)",
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    let trees: Vec<String> = report
        .trees
        .iter()
        .map(|t| {
            let c = &t.coverage;
            let paths = if t.compact {
                format!("{} states, {} ends", t.states, t.paths)
            } else {
                format!("{} paths", t.paths)
            };
            format!(
                "\"{}\" {} pages, {paths}, {} cases cover {} of {} end states ({}), {}/{} end pages, {}/{} answers",
                t.title,
                t.pages,
                c.cases,
                c.end_states_covered,
                c.end_states,
                c.share(),
                c.end_pages_covered,
                c.end_pages,
                c.answers_covered,
                c.answers
            )
        })
        .collect();
    let trees = match trees.len() {
        0 => String::new(),
        n => format!(
            " incl. {n} tree{} ({})",
            if n == 1 { "" } else { "s" },
            trees.join("; ")
        ),
    };
    let leaflets = match (report.leaflets, report.leaflets_typeset) {
        (0, _) => String::new(),
        (n, t) if t == n => format!(" and {} (all typeset)", plural(n, "leaflet")),
        (n, t) => format!(
            " and {} ({t} typeset, {} unchanged)",
            plural(n, "leaflet"),
            n - t
        ),
    };
    let verb = if report.written {
        format!(
            "wrote {} pages{leaflets}{trees} to {}",
            report.pages,
            opts.out.display()
        )
    } else {
        format!("checked {} pages{leaflets}{trees}", report.pages)
    };
    format!(
        "{verb}{}, {} in {ms} ms",
        images(&report.images),
        plural(warnings, "warning")
    )
}

/// `, images: 3 resized, 97 from the cache` (empty when the pages show none).
fn images(stats: &crate::ImageStats) -> String {
    let mut parts = Vec::new();
    if stats.resized > 0 {
        parts.push(format!("{} resized", stats.resized));
    }
    if stats.cached > 0 {
        parts.push(format!("{} from the cache", stats.cached));
    }
    if stats.pending > 0 {
        parts.push(format!("{} to resize in the background", stats.pending));
    }
    match parts.is_empty() {
        true => String::new(),
        false => format!(", images: {}", parts.join(", ")),
    }
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Reviews due soon, one per line (empty when none are).
pub fn due(report: &BuildReport) -> String {
    let mut out = String::new();
    for d in &report.due {
        let _ = writeln!(out, "review due {}: {}", d.next_review, d.path.display());
    }
    out
}

/// Notes for the publisher, one per line (empty when there are none or the build failed).
pub fn notes(report: &BuildReport) -> String {
    if report.has_errors() {
        return String::new();
    }
    report
        .notes
        .iter()
        .map(|n| format!("note: {n}\n"))
        .collect()
}

/// A table of every page: weight (HTML + CSS) and readability.
pub fn table(report: &BuildReport) -> String {
    let mut out = format!(
        "{:<48} {:>7} {:>6} {:>6} {:>6}\n",
        "page", "bytes", "words", "FK", "SMOG"
    );
    for q in &report.quality {
        if let Some(lang) = &q.unmeasured {
            let page = url_of(&q.path);
            let weight = q.weight();
            let _ = writeln!(
                out,
                "{page:<48} {weight:>7}      -  not measured ({lang}: the formulas are for English)"
            );
            continue;
        }
        let (words, fk, smog) = match q.readability {
            Some(r) => (
                r.words.to_string(),
                format!("{:.1}", r.fk_grade),
                format!("{:.1}", r.smog),
            ),
            None => ("-".into(), "-".into(), "-".into()),
        };
        let _ = writeln!(
            out,
            "{:<48} {:>7} {:>6} {fk:>6} {smog:>6}",
            url_of(&q.path),
            q.weight(),
            words
        );
    }
    if !report.unmapped.is_empty() {
        let _ = writeln!(
            out,
            "\nold addresses that `[links]` in content/site.toml does not map ({}):",
            report.unmapped.len()
        );
        for (url, uses) in &report.unmapped {
            let _ = writeln!(out, "{url}  ({uses}×)");
        }
    }
    if !report.remote_images.is_empty() {
        let _ = writeln!(
            out,
            "\nimages shown from other sites, which the Content-Security-Policy blocks ({}): save each where shown, or add its host to `img_src` under `[csp]` in content/site.toml",
            report.remote_images.len()
        );
        for image in &report.remote_images {
            let _ = writeln!(out, "{}  ->  {}", image.url, image.local);
        }
    }
    out
}
