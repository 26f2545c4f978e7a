//! Markdown bodies with links, raw HTML and snippet includes, rendered for their own folder, for
//! a tree page in another folder, and as a Welsh translation whose links lead into `cy/`;
//! problem offsets must lie inside the body.
#![no_main]

use carepath::markdown::{self, LangLinks, Rebase};
use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let snippets = Arc::new(BTreeMap::from([(
        PathBuf::from("snippets/signs.md"),
        "- chest pain\n- [help](../outcomes/gp.md#top)\n<b>bold</b>\n".to_string(),
    )]));
    let own = markdown::render(body, &snippets);
    for p in &own.problems {
        assert!(p.offset <= body.len(), "{} > {}", p.offset, body.len());
    }
    let mut rebase = Rebase {
        source_dir: PathBuf::from("outcomes"),
        page_dir: PathBuf::from("checks/tree"),
        snippets,
        links: Default::default(),
        keep_target: false,
        lang: None,
    };
    let _ = markdown::render_for(body, &rebase);
    rebase.page_dir = PathBuf::from("cy/outcomes");
    rebase.keep_target = true;
    rebase.lang = Some(LangLinks {
        prefix: PathBuf::from("cy"),
        translated: Arc::new(BTreeSet::from([PathBuf::from("outcomes/gp.md")])),
    });
    let translated = markdown::render_for(body, &rebase);
    for p in &translated.problems {
        assert!(p.offset <= body.len(), "{} > {}", p.offset, body.len());
    }
});
