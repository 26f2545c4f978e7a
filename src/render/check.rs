//! Checks on the rendered output: whatever a template or a value put into a page, no page may
//! carry script.

use super::OutputFile;
use crate::diagnostics::{Diagnostic, Located};
use crate::safety;
use rayon::prelude::*;
use std::path::Path;

/// Every output page is scanned; a finding is an error positioned in the output file.
pub fn output(files: &[OutputFile], out: &Path) -> Vec<Diagnostic> {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let per_page = files.par_iter().filter(|f| f.is_page).map(|file| {
        let mut diags = Vec::new();
        let text = String::from_utf8_lossy(&file.bytes);
        let shown = out.join(&file.path);
        let src = Located {
            path: &shown,
            text: &text,
        };
        for finding in safety::scan(&text) {
            let msg = format!(
                "output contains {}; a template or setting put it there, and carepath pages must work without JavaScript",
                finding.what
            );
            diags.push(src.error(finding.offset, msg));
        }
        diags
    });
    per_page.flatten().collect()
}
