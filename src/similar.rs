//! "Did you mean": how alike a misspelt name is to the names that exist, one ranking for every
//! suggestion carepath makes (settings keys, tree variables, pages and files a link meant,
//! heading ids). Foundation floor: it knows only strings and paths.

use std::path::Path;

/// The least score a name needs to be offered as a suggestion. Below it, a suggestion is more
/// likely to mislead than to help (`mood` is nothing like `urination`).
pub(crate) const THRESHOLD: f64 = 0.55;

/// How alike two names are, from 0 (nothing in common) to 1 (equal, ignoring case): the best of
/// the edit distance (a swap of two letters is one edit) over the longer length, the share of letter pairs in common, and how well
/// the words of `wanted` (split at `-`, `_`, `.`, spaces) match words of `candidate` (so `mood`
/// is close to `low-mood`).
pub(crate) fn score(wanted: &str, candidate: &str) -> f64 {
    let (a, b) = (wanted.to_lowercase(), candidate.to_lowercase());
    let whole = strsim::normalized_damerau_levenshtein(&a, &b).max(strsim::sorensen_dice(&a, &b));
    whole.max(0.8 * words_score(&a, &b))
}

/// The share of the words of `a` that have a close word in `b` (each word's best edit-distance
/// score, averaged). Words shorter than three letters are left out: `a`, `of`, `is` say little.
fn words_score(a: &str, b: &str) -> f64 {
    let words = |s: &'_ str| -> Vec<String> {
        s.split(['-', '_', '.', ' '])
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_string)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let best = |w: &String| {
        (wb.iter())
            .map(|v| strsim::normalized_damerau_levenshtein(w, v))
            .fold(0.0, f64::max)
    };
    wa.iter().map(best).sum::<f64>() / wa.len() as f64
}

/// How alike a path a link looked for is to a file that exists: mostly their names (the file
/// stem, or the folder's name for a folder's `_index.md`), the whole paths breaking ties. The
/// first number is the score the threshold applies to, the second the tie-breaker.
pub(crate) fn path_score(wanted: &Path, candidate: &Path) -> (f64, f64) {
    let name = |p: &Path| -> String {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        match stem == "_index" || stem == "index" {
            true => (p.parent().and_then(|d| d.file_name()))
                .and_then(|s| s.to_str())
                .unwrap_or(stem)
                .to_string(),
            false => stem.to_string(),
        }
    };
    let whole = |p: &Path| -> String {
        let s = p.to_string_lossy().replace('\\', "/");
        (s.strip_suffix(".md").unwrap_or(&s)).to_string()
    };
    let by_name = score(&name(wanted), &name(candidate));
    let by_path = strsim::normalized_levenshtein(&whole(wanted), &whole(candidate));
    (by_name, by_path)
}

/// The candidates at or above [`THRESHOLD`], best first; ties keep the candidates' order.
/// `score_of` gives each candidate's score and tie-breaker (see [`path_score`]).
pub(crate) fn ranked<T>(
    candidates: impl IntoIterator<Item = T>,
    score_of: impl Fn(&T) -> (f64, f64),
) -> Vec<T> {
    let mut scored: Vec<((f64, f64), usize, T)> = (candidates.into_iter().enumerate())
        .map(|(i, c)| (score_of(&c), i, c))
        .filter(|((s, _), _, _)| *s >= THRESHOLD)
        .collect();
    scored.sort_by(|(a, i, _), (b, j, _)| {
        (b.0.total_cmp(&a.0))
            .then(b.1.total_cmp(&a.1))
            .then(i.cmp(j))
    });
    scored.into_iter().map(|(_, _, c)| c).collect()
}

/// The known name closest to `wanted`, if any is close enough.
pub(crate) fn closest<'a>(
    wanted: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let by_name = |k: &&str| (score(wanted, k), strsim::jaro_winkler(wanted, k));
    ranked(known, by_name).into_iter().next()
}

/// `known` ordered by likeness to `wanted`, the closest first, every name kept (for listing the
/// ids a page has, where the list is the help).
pub(crate) fn closest_first<'a>(
    wanted: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut all: Vec<(f64, usize, &str)> = (known.into_iter().enumerate())
        .map(|(i, k)| (score(wanted, k), i, k))
        .collect();
    all.sort_by(|(a, i, _), (b, j, _)| b.total_cmp(a).then(i.cmp(j)));
    all.into_iter().map(|(_, _, k)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn best(wanted: &str, pages: &[&str]) -> Vec<String> {
        let wanted = PathBuf::from(wanted);
        let pages: Vec<PathBuf> = pages.iter().map(PathBuf::from).collect();
        ranked(pages.iter(), |p| path_score(&wanted, p))
            .into_iter()
            .map(|p| p.display().to_string())
            .collect()
    }

    #[test]
    fn a_word_of_the_name_beats_letters_in_common() {
        let pages = [
            "urination.md",
            "low-mood.md",
            "about.md",
            "information/index.md",
        ];
        assert_eq!(best("information/mood.md", &pages)[0], "low-mood.md");
        assert_eq!(best("mood.md", &pages), ["low-mood.md"]);
    }

    #[test]
    fn nothing_is_offered_below_the_threshold() {
        let pages = ["urination.md", "tremor.md", "caffeine.md"];
        assert!(best("insurance-forms.md", &pages).is_empty());
    }

    #[test]
    fn typos_and_folders_rank_by_name_then_path() {
        let pages = [
            "living-well/tremor.md",
            "managing-symptoms/tremor.md",
            "managing-symptoms/_index.md",
        ];
        let got = best("managing-symptoms/tremr.md", &pages);
        assert_eq!(
            got[..2],
            ["managing-symptoms/tremor.md", "living-well/tremor.md"]
        );
        assert_eq!(
            best("managing-symptom/", &pages),
            ["managing-symptoms/_index.md"]
        );
    }

    #[test]
    fn keys_and_names() {
        assert_eq!(closest("sumary", ["title", "summary"]), Some("summary"));
        assert_eq!(closest("colour", ["title", "summary"]), None);
        assert_eq!(closest("bnad", ["age", "band"]), Some("band"));
        assert_eq!(
            closest_first("symtoms", ["about", "symptoms"]),
            ["symptoms", "about"]
        );
    }
}
