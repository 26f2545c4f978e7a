//! Expansion: one page per path through a tree (gamebook style), within the page budget.
