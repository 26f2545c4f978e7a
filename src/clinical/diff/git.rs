//! The version of a tree at a git revision: the site's `content/` folder as it was then,
//! unpacked into a temporary folder, so the old tree is read with the pages it had.

use anyhow::{Context as _, Result, bail};
use std::path::{Path, PathBuf};

/// Writes the content folder of the site holding `file`, as it was at git revision `rev`, into
/// a temporary folder; returns the folder (removed when dropped) and the old tree file in it. A
/// revision is never taken for an option: one that starts with `-` is refused, and git is told
/// where its options end.
pub fn checkout_rev(file: &Path, rev: &str) -> Result<(tempfile::TempDir, PathBuf)> {
    if rev.starts_with('-') || rev.is_empty() {
        bail!(
            "`{rev}` is not a git revision: give a commit, branch or tag, such as HEAD~1 or main"
        );
    }
    let file = std::path::absolute(file)?;
    let site = file
        .ancestors()
        .find(|d| d.join("content").join("site.toml").is_file())
        .with_context(|| format!("`{}` is not inside a carepath site", file.display()))?;
    let git = |args: &[&str]| -> Result<Vec<u8>> {
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
    let content = format!("{prefix}content");
    // After `--end-of-options` nothing is an option, the path included.
    let tar = git(&["archive", "--format=tar", "--end-of-options", rev, &content])?;
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
