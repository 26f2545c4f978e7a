//! Every key of every strict TOML table carepath reads (front matter, `site.toml`, tree files,
//! `signoff.toml`), taken from the serde models that parse them, so that the guide's reference
//! can be checked against the code: a key the parser accepts must have an entry, and an entry
//! must name a key the parser accepts.

/// One table of keys: where it is written and the keys it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// The file it is written in, as a reader knows it (`front matter`, `site.toml`, `tree`,
    /// `signoff.toml`).
    pub file: &'static str,
    /// The table inside it (`top level`, `[csp]`, `[nodes.ID]`, …).
    pub table: &'static str,
    /// The keys it accepts, in the order the code declares them.
    pub keys: &'static [&'static str],
}

/// Every table of keys carepath reads.
pub fn tables() -> Vec<Table> {
    let [front, source] = crate::front_matter::keys();
    let [translated, record] = crate::front_matter::translation::keys();
    let [tree, node, answer, sign, case] = crate::tree::keys();
    let [t_top, t_node, t_sign, t_record] = crate::tree::translation::keys();
    let table = |file, table, keys| Table { file, table, keys };
    let site =
        (crate::config::keys().into_iter()).map(|(name, keys)| table("site.toml", name, keys));
    let mut tables = vec![
        table("front matter", "top level", front),
        table("front matter", "[[sources]]", source),
        table("translation front matter", "top level", translated),
        table("translation front matter", "[translation]", record),
    ];
    tables.extend(site);
    tables.extend([
        table("tree", "top level", tree),
        table("tree", "[nodes.ID]", node),
        table("tree", "answers, rules and otherwise", answer),
        table("tree", "signs", sign),
        table("tree", "[[cases]]", case),
        table("tree translation", "top level", t_top),
        table("tree translation", "[nodes.ID]", t_node),
        table("tree translation", "[nodes.ID.signs.ID]", t_sign),
        table("tree translation", "[translation]", t_record),
        table("signoff.toml", "[[signoff]]", crate::signoff::keys()),
    ]);
    tables
}

#[cfg(test)]
mod tests {
    // The lists are the parsers' own: a misspelt key the parser refuses is in none of them.
    #[test]
    fn lists_the_keys_the_parsers_accept() {
        let tables = super::tables();
        let keys_of = |file, table| {
            tables
                .iter()
                .find(|t| t.file == file && t.table == table)
                .map(|t| t.keys)
                .unwrap_or_default()
        };
        assert!(keys_of("front matter", "top level").contains(&"next_review"));
        assert!(keys_of("site.toml", "top level").contains(&"require_signoff"));
        assert_eq!(keys_of("site.toml", "[csp]"), ["img_src", "style_src"]);
        assert!(keys_of("tree", "[nodes.ID]").contains(&"red_flag"));
        assert!(keys_of("tree", "[[cases]]").contains(&"findings"));
        assert!(tables.iter().all(|t| !t.keys.is_empty()));
    }
}
