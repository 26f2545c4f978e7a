//! Writes a synthetic site for benchmarks: `synthetic site DIR ARTICLES NODES` (articles and a
//! balanced tree), `synthetic leaflets DIR ARTICLES` (realistic 500–700-word leaflets),
//! `synthetic translated DIR ARTICLES cy,ar` (the same, each leaflet also in those languages),
//! `synthetic photos DIR PAGES PHOTOS` (leaflets showing camera-sized photos, issue 28),
//! `synthetic chain DIR QUESTIONS [SETTINGS]` (one chain of questions, with extra `site.toml`
//! lines) or `synthetic hugo SITE DIR` (the Hugo layout of a leaflet site). `synthetic floor SITE
//! OUT [THREADS]` runs the floor of issue 9 on a site (pulldown-cmark alone, flat `.html`);
//! `synthetic floor-parse …` does the same and reads each page with the no-script proof's
//! tokenizer too.

use anyhow::{Context, Result, bail};
use carepath::synthetic;
use std::path::Path;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| -> Result<usize> {
        let text = args.get(i).context("missing number")?;
        text.parse()
            .with_context(|| format!("`{text}` is not a number"))
    };
    let path = |i: usize| args.get(i).map(Path::new).context("missing folder");
    match args.first().map(String::as_str) {
        Some("site") => synthetic::write_site(path(1)?, number(2)?, number(3)?),
        Some("leaflets") => synthetic::write_leaflet_site(path(1)?, number(2)?),
        Some("translated") => {
            let langs: Vec<&str> = (args.get(3).map_or("", String::as_str).split(','))
                .filter(|l| !l.is_empty())
                .collect();
            synthetic::write_translated_leaflet_site(path(1)?, number(2)?, &langs)
        }
        Some("photos") => synthetic::write_photo_site(path(1)?, number(2)?, number(3)?),
        Some("chain") => {
            let settings = args.get(3).map_or("", String::as_str);
            synthetic::write_chain_site(path(1)?, number(2)?, settings)
        }
        Some("hugo") => synthetic::write_hugo_site(path(1)?, path(2)?),
        Some(floor @ ("floor" | "floor-parse")) => {
            let threads = if args.len() > 3 { number(3)? } else { 2 };
            synthetic::floor(path(1)?, path(2)?, threads, floor == "floor-parse").map(drop)
        }
        _ => bail!(
            "usage: synthetic site DIR ARTICLES NODES | synthetic leaflets DIR ARTICLES | synthetic translated DIR ARTICLES cy,ar | synthetic photos DIR PAGES PHOTOS | synthetic chain DIR QUESTIONS [SETTINGS] | synthetic hugo SITE DIR | synthetic floor|floor-parse SITE OUT [THREADS]"
        ),
    }
}
