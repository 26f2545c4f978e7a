//! The safety diff: compares every path of two versions of a tree, matched by the answer labels
//! given, and lists what a reviewer must sign: care levels lowered (flagged loudly) or raised,
//! a different end page, causes added or removed, and paths that appeared or disappeared.

use super::export::table::{self, Row};
use crate::care::CareLevel;
use crate::site::Site;
use crate::tree::Tree;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One difference between two versions of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The path now ends on a less urgent level of care: the one a reviewer must see first.
    Lowered {
        /// Answers given.
        path: String,
        /// Before.
        from: CareLevel,
        /// After.
        to: CareLevel,
    },
    /// The path now ends on a more urgent level of care.
    Raised {
        /// Answers given.
        path: String,
        /// Before.
        from: CareLevel,
        /// After.
        to: CareLevel,
    },
    /// Same care level, another end page.
    EndPage {
        /// Answers given.
        path: String,
        /// Title before.
        from: String,
        /// Title after.
        to: String,
    },
    /// Causes shown were added or removed.
    Causes {
        /// Answers given.
        path: String,
        /// Shown now, not before.
        added: Vec<String>,
        /// Shown before, not now.
        removed: Vec<String>,
    },
    /// The path's page has another address: links and bookmarks to the old one break.
    Moved {
        /// Answers given.
        path: String,
        /// Address before, relative to the output folder.
        from: String,
        /// Address after.
        to: String,
    },
    /// A path only the new version has.
    Appeared {
        /// Answers given.
        path: String,
        /// Where it ends.
        care: CareLevel,
        /// Its end page's address.
        page: String,
    },
    /// A path only the old version has.
    Disappeared {
        /// Answers given.
        path: String,
        /// Where it ended.
        care: CareLevel,
        /// Its end page's old address, which no longer exists.
        page: String,
    },
}

/// Every change from `old` to `new`, lowered care first.
pub fn diff(old: (&Site, &Tree), new: (&Site, &Tree)) -> Vec<Change> {
    let before = by_answers(table::rows(old.0, old.1));
    let after = by_answers(table::rows(new.0, new.1));
    let address =
        |tree: &Tree, row: &Row<'_>| crate::paths::url_of(&tree.output_dir().join(&row.page));
    let mut changes = Vec::new();
    for (key, (path, a)) in &before {
        match after.get(key) {
            None => changes.push(Change::Disappeared {
                path: path.clone(),
                care: a.care,
                page: address(old.1, a),
            }),
            Some((_, b)) => {
                compare(path, a, b, &mut changes);
                let (from, to) = (address(old.1, a), address(new.1, b));
                if from != to {
                    changes.push(Change::Moved {
                        path: path.clone(),
                        from,
                        to,
                    });
                }
            }
        }
    }
    for (key, (path, b)) in &after {
        if !before.contains_key(key) {
            changes.push(Change::Appeared {
                path: path.clone(),
                care: b.care,
                page: address(new.1, b),
            });
        }
    }
    changes.sort_by_key(rank);
    changes
}

fn rank(change: &Change) -> u8 {
    match change {
        Change::Lowered { .. } => 0,
        Change::Disappeared { .. } => 1,
        Change::Appeared { .. } => 2,
        Change::Raised { .. } => 3,
        Change::EndPage { .. } => 4,
        Change::Causes { .. } => 5,
        Change::Moved { .. } => 6,
    }
}

type Keyed<'t> = BTreeMap<Vec<String>, (String, Row<'t>)>;

/// Paths keyed by their answer labels (case and spacing ignored), with a readable form.
fn by_answers(rows: Vec<Row<'_>>) -> Keyed<'_> {
    rows.into_iter()
        .map(|row| {
            let key = row
                .given
                .iter()
                .map(|g| g.answer.trim().to_lowercase())
                .collect();
            let shown: Vec<String> = row
                .given
                .iter()
                .map(|g| format!("\"{}\"", g.answer))
                .collect();
            (key, (shown.join(" › "), row))
        })
        .collect()
}

fn compare(path: &str, a: &Row<'_>, b: &Row<'_>, changes: &mut Vec<Change>) {
    let path = path.to_string();
    if b.care > a.care {
        changes.push(Change::Lowered {
            path: path.clone(),
            from: a.care,
            to: b.care,
        });
    } else if b.care < a.care {
        changes.push(Change::Raised {
            path: path.clone(),
            from: a.care,
            to: b.care,
        });
    } else if a.end != b.end {
        changes.push(Change::EndPage {
            path: path.clone(),
            from: a.end.clone(),
            to: b.end.clone(),
        });
    }
    let added: Vec<String> = b
        .causes
        .iter()
        .filter(|c| !a.causes.contains(c))
        .map(|c| c.to_string())
        .collect();
    let removed: Vec<String> = a
        .causes
        .iter()
        .filter(|c| !b.causes.contains(c))
        .map(|c| c.to_string())
        .collect();
    if !added.is_empty() || !removed.is_empty() {
        changes.push(Change::Causes {
            path,
            added,
            removed,
        });
    }
}

/// The changes as a report for a reviewer; the last line counts them.
pub fn report(changes: &[Change], config: &crate::config::SiteConfig) -> String {
    let label = |care: &CareLevel| config.care_label(*care).to_string();
    let mut out = String::new();
    for change in changes {
        let line = match change {
            Change::Lowered { path, from, to } => {
                format!("!! LOWER CARE: {} → {}: {path}", label(from), label(to))
            }
            Change::Raised { path, from, to } => {
                format!("higher care: {} → {}: {path}", label(from), label(to))
            }
            Change::EndPage { path, from, to } => {
                format!("other end page: \"{from}\" → \"{to}\": {path}")
            }
            Change::Causes {
                path,
                added,
                removed,
            } => {
                let mut parts = Vec::new();
                if !added.is_empty() {
                    parts.push(format!("+ {}", added.join(", ")));
                }
                if !removed.is_empty() {
                    parts.push(format!("− {}", removed.join(", ")));
                }
                format!("causes {}: {path}", parts.join("; "))
            }
            Change::Moved { path, from, to } => {
                format!("address moved: {from} → {to}: {path}")
            }
            Change::Appeared { path, care, page } => {
                format!("new path ({}) at {page}: {path}", label(care))
            }
            Change::Disappeared { path, care, page } => {
                format!("path removed (was {}, {page} is gone): {path}", label(care))
            }
        };
        let _ = writeln!(out, "{line}");
    }
    let lowered = changes
        .iter()
        .filter(|c| matches!(c, Change::Lowered { .. }))
        .count();
    let _ = writeln!(
        out,
        "{} change{}, {lowered} to a lower level of care",
        changes.len(),
        if changes.len() == 1 { "" } else { "s" }
    );
    out
}

/// Writes the content folder of the site holding `file`, as it was at git revision `rev`, into
/// a temporary folder; returns the folder (removed when dropped) and the old tree file in it.
pub fn checkout_rev(
    file: &std::path::Path,
    rev: &str,
) -> anyhow::Result<(tempfile::TempDir, std::path::PathBuf)> {
    use anyhow::{Context as _, bail};
    let file = std::path::absolute(file)?;
    let site = file
        .ancestors()
        .find(|d| d.join("content").join("site.toml").is_file())
        .with_context(|| format!("`{}` is not inside a carepath site", file.display()))?;
    let git = |args: &[&str]| -> anyhow::Result<Vec<u8>> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(site)
            .args(args)
            .output()
            .context("failed to run git (is it installed?)")?;
        if !out.status.success() {
            bail!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(out.stdout)
    };
    let prefix = String::from_utf8(git(&["rev-parse", "--show-prefix"])?)?;
    let prefix = prefix.trim();
    let tar = git(&[
        "archive",
        "--format=tar",
        rev,
        "--",
        &format!("{prefix}content"),
    ])?;
    let dir = tempfile::tempdir()?;
    let mut child = std::process::Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dir.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .context("failed to run tar")?;
    if let Some(stdin) = child.stdin.as_mut() {
        std::io::Write::write_all(stdin, &tar)?;
    }
    drop(child.stdin.take());
    if !child.wait()?.success() {
        bail!("tar could not unpack revision `{rev}`");
    }
    let old = dir.path().join(prefix).join(file.strip_prefix(site)?);
    Ok((dir, old))
}

/// Every change between two versions, and the report of them in the new version's words.
pub type Compared = (Vec<Change>, String);

/// Compares the tree file `old` with `new`, or with itself at git revision `rev`. A version
/// whose tree is invalid comes back as its problems; failing clinical cases do not stop the
/// comparison, as the reviewer needs to see what changed either way.
pub fn compare_files(
    old: &std::path::Path,
    new: Option<&std::path::Path>,
    rev: Option<&str>,
) -> anyhow::Result<Result<Compared, Vec<crate::diagnostics::Diagnostic>>> {
    let (_checkout, old_file, new_file) = match (new, rev) {
        (Some(new), _) => (None, old.to_path_buf(), new.to_path_buf()),
        (None, Some(rev)) => {
            let (dir, old_file) = checkout_rev(old, rev)?;
            (Some(dir), old_file, old.to_path_buf())
        }
        (None, None) => anyhow::bail!("give NEW, or --rev with a git revision"),
    };
    let a = match super::export::load(&old_file, false)? {
        Ok(loaded) => loaded,
        Err(problems) => return Ok(Err(problems)),
    };
    let b = match super::export::load(&new_file, false)? {
        Ok(loaded) => loaded,
        Err(problems) => return Ok(Err(problems)),
    };
    let changes = diff((&a.site, a.tree()), (&b.site, b.tree()));
    let report = report(&changes, &b.site.config);
    Ok(Ok((changes, report)))
}
