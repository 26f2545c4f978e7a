//! The only words the FHIR export writes into a form itself, in one place. Everything else a
//! form shows comes from the tree (questions, answers, signs, help, lines, variable names) or
//! the site (page titles, care-level labels from `[care.LEVEL] label` in `site.toml`), and the
//! rule order of a checklist from `clinical::export::rule_order`, which the printed steps share.
//! These are English, as the rest of carepath's own words are today; a translation of them
//! belongs with the theme's strings.

/// The text of the item that carries the care level.
pub(super) const CARE_LEVEL: &str = "Care level";

/// A checklist rule that counts every sign: "At least 2 of the 4 signs".
pub(super) fn at_least_of_all(at_least: usize, signs: usize) -> String {
    format!("At least {at_least} of the {signs} signs")
}

/// A checklist rule that counts some signs, named by their questions: "At least 1 of: A / B".
pub(super) fn at_least_of(at_least: usize, questions: &[&str]) -> String {
    format!("At least {at_least} of: {}", questions.join(" / "))
}
