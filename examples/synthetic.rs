//! Writes a synthetic site for benchmarks: `synthetic site DIR ARTICLES NODES` (articles and a
//! balanced tree), `synthetic leaflets DIR ARTICLES` (realistic 500–700-word leaflets) or
//! `synthetic chain DIR QUESTIONS [SETTINGS]` (one chain of questions, with extra `site.toml`
//! lines).

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
    let dir = || args.get(1).map(Path::new).context("missing DIR");
    match args.first().map(String::as_str) {
        Some("site") => synthetic::write_site(dir()?, number(2)?, number(3)?),
        Some("leaflets") => synthetic::write_leaflet_site(dir()?, number(2)?),
        Some("chain") => {
            let settings = args.get(3).map_or("", String::as_str);
            synthetic::write_chain_site(dir()?, number(2)?, settings)
        }
        _ => bail!(
            "usage: synthetic site DIR ARTICLES NODES | synthetic leaflets DIR ARTICLES | synthetic chain DIR QUESTIONS [SETTINGS]"
        ),
    }
}
