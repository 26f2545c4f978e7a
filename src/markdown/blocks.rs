//! The blocks of a page a translation follows one by one: the title, the summary, then the
//! body's headings, paragraphs, list items, table rows and code. Each has a short hash of its
//! words (spacing ignored, so re-wrapping a paragraph changes nothing), so a translation can
//! record which version of its source it translates and be told, block by block, what changed.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use sha2::{Digest, Sha256};

/// Hex digits of a block's hash: 48 bits, so two different blocks of one page practically never
/// share a hash.
pub const HASH_CHARS: usize = 12;

/// What a block is, to name it in a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The page's title (front matter).
    Title,
    /// The page's summary (front matter).
    Summary,
    /// A heading.
    Heading,
    /// A paragraph outside lists and tables.
    Paragraph,
    /// An item of a list (with any list inside it).
    ListItem,
    /// A row of a table, its header row too.
    TableRow,
    /// A code block or a block of raw HTML.
    Code,
}

/// One block of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Byte offset in the text it was read from (the body, for body blocks).
    pub offset: usize,
    /// Byte offset just past its last character, trailing line ends and spaces left out, so
    /// `offset..end` is the block's Markdown (a translation's text is replaced there).
    pub end: usize,
    /// The hash of its words ([`hash`]).
    pub hash: String,
    /// The text of the heading it comes under (a heading's own text, for a heading).
    pub under: Option<String>,
}

impl Block {
    /// The block in words, for a message: `the "Get help now" list`, `the heading "Causes"`.
    pub fn describe(&self) -> String {
        let under = self.under.as_deref();
        match (self.kind, under) {
            (BlockKind::Title, _) => "the title".to_string(),
            (BlockKind::Summary, _) => "the summary".to_string(),
            (BlockKind::Heading, Some(h)) => format!("the heading \"{h}\""),
            (BlockKind::Heading, None) => "a heading".to_string(),
            (BlockKind::Paragraph, Some(h)) => format!("a paragraph under \"{h}\""),
            (BlockKind::Paragraph, None) => "a paragraph before the first heading".to_string(),
            (BlockKind::ListItem, Some(h)) => format!("the \"{h}\" list"),
            (BlockKind::ListItem, None) => "a list before the first heading".to_string(),
            (BlockKind::TableRow, Some(h)) => format!("the \"{h}\" table"),
            (BlockKind::TableRow, None) => "a table before the first heading".to_string(),
            (BlockKind::Code, Some(h)) => format!("a code or HTML block under \"{h}\""),
            (BlockKind::Code, None) => "a code or HTML block".to_string(),
        }
    }
}

/// The short hash of `text`'s words: SHA-256 of the words joined by single spaces, as
/// [`HASH_CHARS`] hex digits.
pub fn hash(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let digest = Sha256::digest(words.join(" ").as_bytes());
    let mut out = String::with_capacity(HASH_CHARS);
    for byte in digest.iter().take(HASH_CHARS / 2) {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// The blocks of a Markdown `body`, in order, with offsets in `body`.
pub fn blocks(body: &str) -> Vec<Block> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = Vec::new();
    let mut under: Option<String> = None;
    let mut heading: Option<(usize, String)> = None;
    // Depth inside list items and tables: a paragraph there belongs to its item or row.
    let (mut items, mut in_table) = (0usize, false);
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        let text = body.get(range.clone()).unwrap_or_default();
        let end = range.start + text.trim_end().len();
        let mut push = |kind, under: &Option<String>| {
            out.push(Block {
                kind,
                offset: range.start,
                end,
                hash: hash(text),
                under: under.clone(),
            })
        };
        match event {
            Event::Start(Tag::Heading { level, .. }) if level <= HeadingLevel::H6 => {
                heading = Some((range.start, String::new()));
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => {
                if let Some((_, words)) = heading.as_mut() {
                    words.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((offset, words)) = heading.take() {
                    under = Some(words.trim().to_string());
                    let whole = body.get(offset..range.end).unwrap_or_default();
                    out.push(Block {
                        kind: BlockKind::Heading,
                        offset,
                        end: offset + whole.trim_end().len(),
                        hash: hash(whole),
                        under: under.clone(),
                    });
                }
            }
            Event::Start(Tag::Item) => {
                if items == 0 && !in_table {
                    push(BlockKind::ListItem, &under);
                }
                items += 1;
            }
            Event::End(TagEnd::Item) => items = items.saturating_sub(1),
            Event::Start(Tag::Table(_)) => in_table = true,
            Event::End(TagEnd::Table) => in_table = false,
            Event::Start(Tag::TableHead | Tag::TableRow) => push(BlockKind::TableRow, &under),
            Event::Start(Tag::Paragraph) if items == 0 && !in_table => {
                push(BlockKind::Paragraph, &under)
            }
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) if items == 0 && !in_table => {
                push(BlockKind::Code, &under)
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_splits_into_headings_paragraphs_items_and_rows() {
        let body = "Intro words.\n\n## Get help now\n\n- one\n- two\n  - nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let kinds: Vec<(BlockKind, Option<&str>)> = blocks(body)
            .iter()
            .map(|b| (b.kind, b.under.as_deref()))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|(k, u)| (k, u.map(|_| "")))
            .collect();
        assert_eq!(kinds.len(), 6, "{kinds:?}");
        let all = blocks(body);
        assert_eq!(all[0].kind, BlockKind::Paragraph);
        assert_eq!(all[1].kind, BlockKind::Heading);
        assert_eq!(all[2].describe(), "the \"Get help now\" list");
        assert_eq!(all[3].kind, BlockKind::ListItem);
        assert_eq!(all[4].kind, BlockKind::TableRow);
        assert_eq!(all[5].describe(), "the \"Get help now\" table");
        assert_eq!(&body[all[2].offset..all[2].end], "- one");
        assert_eq!(&body[all[0].offset..all[0].end], "Intro words.");
        assert_eq!(&body[all[1].offset..all[1].end], "## Get help now");
        assert_eq!(&body[all[4].offset..all[4].end], "| a | b |");
    }

    #[test]
    fn rewrapping_keeps_the_hash_and_a_new_word_changes_it() {
        assert_eq!(
            hash("Rest for a\nday or two."),
            hash("Rest  for a day or two.")
        );
        assert_ne!(hash("Rest for a day."), hash("Rest for a day or two."));
        assert_eq!(hash("x").len(), HASH_CHARS);
    }
}
