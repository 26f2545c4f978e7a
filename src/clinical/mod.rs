//! What a decision tree does in its site, one floor above the tree model (`crate::tree`): the
//! safety rules on every path (`validate`, with `findings` and `unreached`), the clinical cases
//! run against the pages they end on (`cases`), the sign-off exports (`export`) and the safety
//! diff between two versions of a tree (`diff`). Reads the loaded [`crate::site::Site`], never
//! files, and changes nothing.

pub mod cases;
pub mod diff;
pub mod export;
pub mod findings;
mod order;
mod screen;
mod unreached;
pub mod validate;

#[cfg(test)]
mod tests;
