//! Clinical sign-off judged against the loaded site: every page or tree changed since it was
//! approved is listed (a warning; an error with `--strict` or `require_signoff = true`), naming
//! each shared snippet whose edit un-approved it; with `require_signoff = true`, a cause page,
//! outcome page or tree with no approval at all is an error. [`current`] is the approval a
//! page's footer may show: only one that still matches the text.

use crate::diagnostics::{Diagnostic, Located, Severity};
use crate::paths::display_path;
use crate::signoff::{Entry, Fingerprint, SignOffs, fingerprint, hash};
use crate::site::{PageKind, Site};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// What changed in a page or tree since it was approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// Its own file.
    Text,
    /// A snippet it includes (path relative to `content/`).
    Snippet(PathBuf),
}

/// What changed in the page or tree with fingerprint `now` since `entry` approved it (empty:
/// the approval still holds).
pub(crate) fn changes(site: &Site, entry: &Entry, now: &Fingerprint) -> Vec<Change> {
    let mut found = Vec::new();
    if entry.hash != now.hash {
        found.push(Change::Text);
    }
    for name in &now.snippets {
        let current = site.snippets.get(name).map(|text| hash(text));
        if current.as_ref() != entry.snippets.get(name) {
            found.push(Change::Snippet(name.clone()));
        }
    }
    found
}

/// The fingerprint of `source` (a page or tree, relative to `content/`) as loaded.
fn fingerprint_of<'a>(site: &'a Site, source: &Path) -> Option<Cow<'a, Fingerprint>> {
    if let Some(page) = site.page(source) {
        return page.fingerprint.as_deref().map(Cow::Borrowed);
    }
    let tree = site.trees.iter().find(|t| t.source == source)?;
    Some(Cow::Owned(fingerprint(&tree.text)))
}

/// The approval of `source` that still matches what it says, if any: what its footer shows.
pub(crate) fn current<'a>(site: &'a Site, source: &Path) -> Option<&'a Entry> {
    let entry = site.signoffs.as_ref()?.get(source)?;
    let now = fingerprint_of(site, source)?;
    changes(site, entry, &now).is_empty().then_some(entry)
}

/// Every page and tree changed since it was approved, and, when the site requires sign-off,
/// every cause page, outcome page and tree not approved at all.
pub(crate) fn check(site: &Site, strict: bool) -> Vec<Diagnostic> {
    let Some(signoffs) = &site.signoffs else {
        return Vec::new();
    };
    let required = site.config.require_signoff;
    let severity = match strict || required {
        true => Severity::Error,
        false => Severity::Warning,
    };
    let pages = (site.pages.iter()).map(|p| {
        (
            &p.source,
            matches!(p.kind, PageKind::Cause | PageKind::Outcome),
        )
    });
    let trees = site.trees.iter().map(|t| (&t.source, true));
    let mut diags = Vec::new();
    for (source, needs) in pages.chain(trees) {
        let Some(now) = fingerprint_of(site, source) else {
            continue;
        };
        let message = match signoffs.get(source) {
            Some(entry) => stale(site, entry, &now),
            None if required && needs => Some(format!(
                "not approved by a clinician, and `require_signoff` is set: {}",
                how_to(source, false)
            )),
            None => None,
        };
        if let Some(message) = message {
            diags.push(Diagnostic {
                path: display_path(source),
                line: 1,
                col: 1,
                severity,
                message,
            });
        }
    }
    diags.extend(orphans(site, signoffs));
    diags
}

/// The message for a page or tree changed since `entry` approved it, if it was.
fn stale(site: &Site, entry: &Entry, now: &Fingerprint) -> Option<String> {
    let changed = changes(site, entry, now);
    if changed.is_empty() {
        return None;
    }
    let what: Vec<String> = (changed.iter())
        .map(|c| match c {
            Change::Text => "its text changed".to_string(),
            Change::Snippet(name) => format!("{} changed", display_path(name).display()),
        })
        .collect();
    Some(format!(
        "changed since {} ({}) approved it on {} ({}): {}",
        entry.by,
        entry.role,
        entry.date,
        what.join(", "),
        how_to(&entry.page, true)
    ))
}

/// How to record a sign-off of `source`.
fn how_to(source: &Path, again: bool) -> String {
    format!(
        "approve it {}with `carepath signoff {} --by NAME --role ROLE`",
        if again { "again " } else { "" },
        display_path(source)
            .display()
            .to_string()
            .replace('\\', "/")
    )
}

/// A warning for every entry that names no page or tree of the site.
fn orphans(site: &Site, signoffs: &SignOffs) -> Vec<Diagnostic> {
    let rel = Path::new(crate::paths::CONTENT_DIR).join(crate::paths::SIGNOFF_FILE);
    let missing: Vec<&Entry> = (signoffs.entries.iter())
        .filter(|e| site.page(&e.page).is_none() && !site.trees.iter().any(|t| t.source == e.page))
        .filter(|e| !site.unparsed.contains(&e.page))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let text = crate::fs::read_to_string(&site.root.join(&rel)).unwrap_or_default();
    let src = Located {
        path: &rel,
        text: &text,
    };
    (missing.iter())
        .map(|e| {
            src.warning(
                e.offset,
                format!(
                    "sign-off of `{}`, which is not a page or tree of the site: remove the entry, or correct `page`",
                    e.page.display()
                ),
            )
        })
        .collect()
}

/// Records `req` in `content/signoff.toml` (written whole, atomically), with the fingerprint of
/// the page or tree as it is now; refused while the file has errors (`problems`).
pub(crate) fn record<'a>(
    site: &Site,
    problems: impl Iterator<Item = &'a Diagnostic>,
    req: &crate::SignOffRequest,
) -> anyhow::Result<Result<String, Vec<Diagnostic>>> {
    let source = crate::paths::content_relative(&req.site, &req.path);
    let shown = display_path(&source);
    let errors: Vec<Diagnostic> = problems
        .filter(|d| d.path == shown && crate::diagnostics::is_error(d))
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let text = match (
        site.page(&source),
        site.trees.iter().find(|t| t.source == source),
    ) {
        (Some(page), _) => page.located(&site.root).1,
        (None, Some(tree)) => tree.text.clone(),
        (None, None) => anyhow::bail!(
            "`{}` is not a page or tree of the site at `{}`: give its path in `content/` (e.g. `content/causes/sciatica.md`)",
            shown.display(),
            req.site.display()
        ),
    };
    for (key, value) in [("--by", &req.by), ("--role", &req.role)] {
        anyhow::ensure!(
            !value.trim().is_empty(),
            "`{key}` is empty: say who approves the page"
        );
    }
    let now = fingerprint(&text);
    let snippets = (now.snippets.iter())
        .filter_map(|name| Some((name.clone(), hash(site.snippets.get(name)?))))
        .collect();
    let entry = Entry {
        page: source,
        by: req.by.trim().to_string(),
        role: req.role.trim().to_string(),
        date: req.date,
        hash: now.hash,
        snippets,
        offset: 0,
    };
    let file = site
        .root
        .join(crate::paths::CONTENT_DIR)
        .join(crate::paths::SIGNOFF_FILE);
    let old = match file.is_file() {
        true => crate::fs::read_to_string(&file)?,
        false => String::new(),
    };
    let entries = site
        .signoffs
        .as_ref()
        .map(|s| s.entries.as_slice())
        .unwrap_or_default();
    let said = format!(
        "recorded: {} approved by {} ({}) on {}",
        shown.display(),
        entry.by,
        entry.role,
        entry.date
    );
    crate::fs::write_atomically(&file, &crate::signoff::with_entry(&old, entries, entry))?;
    Ok(Ok(said))
}
