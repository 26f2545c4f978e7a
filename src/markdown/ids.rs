//! The ids of a page's headings (and of elements in its raw HTML), held compactly: every page
//! of a site keeps them for `#anchor` checks, so a site of 100,000 pages holds a million. One
//! allocation per page instead of one per id.

/// Ids in page order, as written, joined by line breaks. A heading id never holds one; an id
/// from raw HTML that does is kept with a space instead (no Markdown link can name it).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Ids {
    joined: Box<str>,
}

const SEPARATOR: char = '\n';

impl Ids {
    /// Every id, in page order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + Clone {
        // An empty list has no ids, not one empty id.
        (!self.joined.is_empty())
            .then(|| self.joined.split(SEPARATOR))
            .into_iter()
            .flatten()
    }

    /// Whether `id` is one of them.
    pub fn contains(&self, id: &str) -> bool {
        self.iter().any(|i| i == id)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.joined.is_empty()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Ids {
    fn from_iter<I: IntoIterator<Item = S>>(ids: I) -> Ids {
        let mut joined = String::new();
        for id in ids {
            if !joined.is_empty() {
                joined.push(SEPARATOR);
            }
            // A line break cannot be told from the separator; it cannot be linked to either.
            joined.push_str(&id.as_ref().replace(SEPARATOR, " "));
        }
        Ids {
            joined: joined.into_boxed_str(),
        }
    }
}

impl std::fmt::Debug for Ids {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Ids {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::Ids;

    #[test]
    fn ids_come_back_in_order_and_none_is_none() {
        let ids: Ids = ["help", "help-1", "custom"].into_iter().collect();
        assert_eq!(ids.iter().collect::<Vec<_>>(), ["help", "help-1", "custom"]);
        assert!(ids.contains("help-1") && !ids.contains("help-"));
        let none: Ids = std::iter::empty::<&str>().collect();
        assert!(none.is_empty() && none.iter().next().is_none());
        assert_eq!(none, Ids::default());
        let one_empty: Ids = [""].into_iter().collect();
        assert_eq!(
            one_empty.iter().count(),
            0,
            "an empty id cannot be linked to"
        );
    }
}
