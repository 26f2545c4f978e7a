//! Page names of a tree's expansion. A page is named after what it shows (the question's node
//! id, or the end page's file name) and a hash of the answers given on the way, each answer by
//! its `id` or the slug of its label. Reordering answers, adding a branch elsewhere or moving a
//! node in the file keeps every URL's meaning, so bookmarks, printed QR codes and links from other
//! sites keep pointing at the same advice; changing an answer's words changes its pages' names,
//! unless the answer has an `id`.

use siphasher::sip128::{Hasher128, SipHasher13};
use std::hash::Hasher;

/// Longest slug taken from a label.
const MAX_SLUG: usize = 40;

/// An answer's key in page names: its `id` when given, else the slug of its label.
pub fn answer_key(id: Option<&str>, label: &str) -> String {
    id.map_or_else(|| slug(label), str::to_string)
}

/// `"No, I have none of these!"` → `no-i-have-none-of-these`: ASCII letters and digits, one
/// hyphen between words, at most [`MAX_SLUG`] bytes.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(MAX_SLUG);
    out.trim_end_matches('-').to_string()
}

/// True for a usable answer `id`: lower-case letters, digits and hyphens.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The file name of the page reached by the answers `keys` (none for the first question), which
/// shows `shows` (a node id or an end page's stem): `index.html`, or `thin-bones-3f9a0c21.html`.
/// The hash has 32 bits; as the name starts with what the page shows, only pages of one question
/// could share a name, and validation reports it if two ever do.
pub fn page_name(keys: &[String], shows: &str) -> String {
    if keys.is_empty() {
        return "index.html".into();
    }
    let mut hasher = SipHasher13::new();
    for key in keys {
        hasher.write(key.as_bytes());
        hasher.write_u8(0);
    }
    let hash = hasher.finish128().as_u128();
    format!("{}-{:08x}.html", slug(shows), hash >> 96)
}

const BARE_LABELS: &[&str] = &["yes", "no", "y", "n", "ok", "maybe", "true", "false"];

/// Why a label means nothing read alone, if it does not.
pub(crate) fn bare_label(label: &str) -> Option<String> {
    let plain = label.trim().to_lowercase();
    BARE_LABELS.contains(&plain.trim_end_matches(['.', '!'])).then(|| format!(
        "answer `{label}` does not make sense read on its own: say what it means, such as \"Yes, I have one of these\""
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_labels() {
        assert_eq!(
            slug("No, I have none of these signs"),
            "no-i-have-none-of-these-signs"
        );
        assert_eq!(slug("I am 16 to 49 years old"), "i-am-16-to-49-years-old");
        assert_eq!(slug("  Yes!  "), "yes");
        assert_eq!(
            slug("Yes, my poo has changed for 3 weeks or more, or I have seen blood in it").len(),
            40
        );
    }

    #[test]
    fn names_depend_on_the_answers_not_their_positions() {
        let a = page_name(&["no".into(), "yes".into()], "thin-bones");
        assert_eq!(a, page_name(&["no".into(), "yes".into()], "thin-bones"));
        assert_ne!(a, page_name(&["yes".into(), "no".into()], "thin-bones"));
        assert_ne!(a, page_name(&["noyes".into()], "thin-bones"));
        assert!(
            a.starts_with("thin-bones-") && a.ends_with(".html") && a.len() == 11 + 8 + 5,
            "{a}"
        );
        assert_eq!(page_name(&[], "start"), "index.html");
    }
}
