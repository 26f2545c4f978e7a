//! Checks on the rendered output: whatever a template or a value put into a page, every page is
//! judged by the same HTML policy as content (see `html_policy`), and must carry the site's
//! Content-Security-Policy.

use super::OutputFile;
use crate::diagnostics::{Diagnostic, Located};
use crate::html_policy::{self, Level};
use rayon::prelude::*;
use std::path::Path;

/// Every output page is judged; a finding is an error positioned in the output file.
pub(crate) fn output(files: &[OutputFile], out: &Path, csp: &str) -> Vec<Diagnostic> {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let per_page = files.par_iter().filter(|f| f.is_page).map(|file| {
        let text = crate::fs::lossy_text(&file.bytes);
        let shown = out.join(&file.path);
        let src = Located {
            path: &shown,
            text: &text,
        };
        page(src, csp)
    });
    per_page.flatten().collect()
}

fn page(src: Located<'_>, csp: &str) -> Vec<Diagnostic> {
    let judged = html_policy::judge(src.text, Level::Page);
    let mut diags: Vec<Diagnostic> = judged
        .findings
        .into_iter()
        .map(|f| {
            let msg = format!("output: {}; a template or setting put it there", f.message);
            src.error(f.offset, msg)
        })
        .collect();
    if judged.csp.len() != 1 || judged.csp[0] != csp {
        diags.push(src.error(0, "output: the page must carry exactly one `<meta http-equiv=\"Content-Security-Policy\" content=\"{{ site.csp | safe }}\">` in its `<head>`, as the default theme's `base.html` does"));
    }
    diags
}
