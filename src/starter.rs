//! `carepath new DIR`: writes a small starter site that builds as it is, for content designers
//! to copy from. The default theme is built in, so the starter needs no `themes/` folder.

use crate::fs;
use anyhow::{Result, bail};
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    ("content/site.toml", include_str!("starter/site.toml")),
    ("content/index.md", include_str!("starter/index.md")),
    (
        "content/causes/example-cause.md",
        include_str!("starter/example-cause.md"),
    ),
    (
        "content/outcomes/emergency.md",
        include_str!("starter/emergency.md"),
    ),
    ("content/outcomes/gp.md", include_str!("starter/gp.md")),
    (
        "content/outcomes/self-care.md",
        include_str!("starter/self-care.md"),
    ),
    (
        "content/checks/example.toml",
        include_str!("starter/example.toml"),
    ),
];

/// Creates the starter site in `dir`, which must not exist or must be empty.
pub fn create(dir: &Path) -> Result<()> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!(
            "`{}` already exists and is not empty; choose a new folder",
            dir.display()
        );
    }
    // Reviewed today, next review due in a year.
    let reviewed = crate::today();
    let next_review = reviewed
        .replace_year(reviewed.year() + 1)
        .unwrap_or(reviewed + time::Duration::days(365));
    for (path, text) in FILES {
        let text = text
            .replace("{reviewed}", &reviewed.to_string())
            .replace("{next_review}", &next_review.to_string());
        fs::write(&dir.join(path), text.as_bytes())?;
    }
    fs::write(&dir.join(".gitignore"), b"/public/\n")?;
    Ok(())
}
