//! Realistic leaflets for benchmarks: each article is 500–700 words of plain patient
//! information in 6–10 `##` sections, with paragraphs carrying bold and italic text, bullet
//! lists, a table in about one article in five, and 3–5 links to other articles. The text is
//! generated from a fixed vocabulary with a seeded generator, so every run writes the same site.

use super::{DATES, SOURCE};
use crate::fs;
use anyhow::Result;
use std::fmt::Write as _;
use std::path::Path;

/// Words of the everyday kind leaflets use; sentences are drawn from them.
const WORDS: &[&str] = &[
    "pain",
    "back",
    "morning",
    "sleep",
    "bed",
    "muscle",
    "stiff",
    "gentle",
    "walk",
    "rest",
    "doctor",
    "pharmacist",
    "help",
    "often",
    "usually",
    "better",
    "worse",
    "week",
    "day",
    "night",
    "move",
    "bend",
    "lift",
    "carry",
    "warm",
    "bath",
    "shower",
    "pillow",
    "knees",
    "side",
    "sore",
    "ease",
    "keep",
    "active",
    "exercise",
    "stretch",
    "body",
    "joint",
    "bone",
    "nerve",
    "leg",
    "feel",
    "tired",
    "strong",
    "weak",
    "slowly",
    "careful",
    "normal",
    "work",
    "home",
    "sit",
    "stand",
    "long",
    "short",
    "time",
    "most",
    "people",
    "find",
    "that",
    "this",
    "can",
    "may",
    "will",
    "your",
    "you",
    "it",
    "the",
    "a",
    "and",
    "or",
    "to",
    "of",
    "in",
    "on",
    "with",
    "after",
    "before",
    "when",
    "if",
    "not",
    "is",
    "are",
    "get",
    "take",
    "try",
    "ask",
    "call",
    "see",
];

/// A small seeded generator (SplitMix64): fast, and the same numbers on every platform.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.between(0, WORDS.len() - 1)]
    }
}

/// Writes a site of `articles` realistic leaflets into `dir`, with the outcome pages and home
/// page a site needs, and no checker (so the figures are about articles alone).
pub fn write_leaflet_site(dir: &Path, articles: usize) -> Result<()> {
    let content = dir.join("content");
    fs::write(
        &content.join("site.toml"),
        b"title = \"Leaflets\"\nemergency_number = \"999\"\n",
    )?;
    let index = format!(
        "+++\ntitle = \"Leaflets\"\nsummary = \"Generated leaflets.\"\n{DATES}+++\nSee the [A to Z](causes/l0.md).\n"
    );
    fs::write(&content.join("index.md"), index.as_bytes())?;
    super::write_outcomes(&content)?;
    for i in 0..articles {
        fs::write(
            &content.join(format!("causes/l{i}.md")),
            leaflet(i, articles).as_bytes(),
        )?;
    }
    Ok(())
}

/// [`write_leaflet_site`] published in more languages: `langs` (tags the default theme has
/// words for, `cy`, `ar`) each get a translation of every leaflet (`l7.cy.md`: the same text,
/// as the generator has no other language, under a title in that language), and no printed
/// leaflets are made, so that the figures are about pages in each language. Mark the
/// translations (`carepath translate mark`) before timing builds, or each warns.
pub fn write_translated_leaflet_site(dir: &Path, articles: usize, langs: &[&str]) -> Result<()> {
    write_leaflet_site(dir, articles)?;
    let content = dir.join("content");
    let mut config = String::from(
        "title = \"Leaflets\"\nlanguage = \"en\"\nemergency_number = \"999\"\n\n[print]\nenabled = false\n\n[languages.en]\nname = \"English\"\n",
    );
    for lang in langs {
        let _ = write!(
            config,
            "\n[languages.{lang}]\nname = \"{lang}\"\nemergency_advice = \"Call 999 ({lang})\"\nworried_advice = \"If you are worried, call a doctor ({lang}).\"\n"
        );
    }
    fs::write(&content.join("site.toml"), config.as_bytes())?;
    for i in 0..articles {
        let english = leaflet(i, articles);
        let body = english.split_once("\n+++\n").map_or("", |(_, b)| b);
        for lang in langs {
            let page = format!(
                "+++\ntitle = \"Leaflet {i} ({lang})\"\nsummary = \"Leaflet {i} in {lang}.\"\nalso_called = [\"Back pain {i} ({lang})\"]\n+++\n{body}"
            );
            fs::write(
                &content.join(format!("causes/l{i}.{lang}.md")),
                page.as_bytes(),
            )?;
        }
    }
    Ok(())
}

/// One leaflet, number `i` of `total` (its links go to other leaflets of the site).
pub fn leaflet(i: usize, total: usize) -> String {
    let mut rng = Seeded(i as u64 + 1);
    let mut out = format!(
        "+++\ntitle = \"Leaflet {i}\"\nsummary = \"Why your back can hurt and what helps, leaflet {i}.\"\n{DATES}care = \"self-care\"\nalso_called = [\"Back pain {i}\"]\n{SOURCE}+++\n"
    );
    let target_words = rng.between(500, 700);
    let sections = rng.between(6, 10);
    let mut links = rng.between(3, 5);
    let with_table = i.is_multiple_of(5);
    let mut words = 0;
    for s in 0..sections {
        let _ = write!(out, "\n## {} {}\n\n", capital(rng.word()), rng.word());
        let budget = (target_words - words.min(target_words)) / (sections - s);
        let mut written = 0;
        while written < budget {
            written += paragraph(&mut rng, &mut out, &mut links, total);
        }
        if s % 2 == 1 {
            written += list(&mut rng, &mut out);
        }
        if with_table && s == 2 {
            written += table(&mut rng, &mut out);
        }
        words += written;
    }
    if total > 1 {
        // Every leaflet is linked from the one before it, so none is an orphan.
        let _ = writeln!(out, "\nRead [the next leaflet](l{}.md).", (i + 1) % total);
    }
    out
}

/// A paragraph of 2–4 sentences; some words bold or italic, and sometimes a link. Returns its
/// word count.
fn paragraph(rng: &mut Seeded, out: &mut String, links: &mut usize, total: usize) -> usize {
    let mut words = 0;
    for _ in 0..rng.between(2, 4) {
        let length = rng.between(6, 14);
        for w in 0..length {
            let word = rng.word();
            let word = if w == 0 {
                capital(word)
            } else {
                word.to_string()
            };
            match rng.between(0, 29) {
                0 => out.push_str(&format!("**{word}**")),
                1 => out.push_str(&format!("*{word}*")),
                2 if *links > 0 && total > 1 => {
                    *links -= 1;
                    let to = rng.between(0, total - 1);
                    out.push_str(&format!("[{word}](l{to}.md)"));
                }
                _ => out.push_str(&word),
            }
            out.push(if w + 1 == length { '.' } else { ' ' });
        }
        out.push(' ');
        words += length;
    }
    out.push_str("\n\n");
    words
}

/// A bullet list of 3–6 short items; returns its word count.
fn list(rng: &mut Seeded, out: &mut String) -> usize {
    let mut words = 0;
    for _ in 0..rng.between(3, 6) {
        let length = rng.between(3, 8);
        out.push_str("- ");
        for w in 0..length {
            out.push_str(rng.word());
            out.push(if w + 1 == length { '\n' } else { ' ' });
        }
        words += length;
    }
    out.push('\n');
    words
}

/// A 3-column table of 4–6 rows; returns its word count.
fn table(rng: &mut Seeded, out: &mut String) -> usize {
    out.push_str("| Sign | What to do | When |\n|---|---|---|\n");
    let rows = rng.between(4, 6);
    for _ in 0..rows {
        let _ = writeln!(
            out,
            "| {} {} | {} {} {} | {} |",
            rng.word(),
            rng.word(),
            rng.word(),
            rng.word(),
            rng.word(),
            rng.word()
        );
    }
    out.push('\n');
    rows * 6
}

fn capital(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaflets_are_realistic_and_repeatable() {
        for i in [0, 1, 7, 250] {
            let text = leaflet(i, 1000);
            assert_eq!(text, leaflet(i, 1000));
            let body = &text[text.rfind("+++\n").unwrap() + 4..];
            let words = body.split_whitespace().count();
            assert!((450..=900).contains(&words), "leaflet {i}: {words} words");
            let sections = body.matches("\n## ").count();
            assert!(
                (6..=10).contains(&sections),
                "leaflet {i}: {sections} sections"
            );
            let links = body.matches("](l").count();
            assert!((4..=6).contains(&links), "leaflet {i}: {links} links");
            assert_eq!(
                body.contains("|---|"),
                i.is_multiple_of(5),
                "leaflet {i}: table"
            );
            assert!(body.contains("\n- ") && body.contains("**"), "leaflet {i}");
        }
    }
}
