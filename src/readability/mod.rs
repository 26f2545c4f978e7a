//! Readability figures (Flesch-Kincaid grade, SMOG) for the body text of a page; computed after rendering, reported by the build.

use serde::Serialize;

/// Counts and scores for one text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Readability {
    /// Number of words.
    pub words: usize,
    /// Number of sentences.
    pub sentences: usize,
    /// Total syllables over all words.
    pub syllables: usize,
    /// Words of three or more syllables.
    pub polysyllables: usize,
    /// Flesch-Kincaid grade level.
    pub fk_grade: f64,
    /// SMOG grade.
    pub smog: f64,
}

impl Readability {
    /// Scores `text` (plain text, already stripped of markup). Returns None when the text has no words.
    pub fn of(text: &str) -> Option<Readability> {
        let t = Tally::of(text);
        (t.words > 0).then(|| Readability {
            words: t.words,
            sentences: t.sentences,
            syllables: t.syllables,
            polysyllables: t.polysyllables,
            fk_grade: fk_grade(t.words, t.sentences, t.syllables),
            smog: smog(t.polysyllables, t.sentences),
        })
    }
}

/// Flesch-Kincaid grade level from raw counts.
fn fk_grade(words: usize, sentences: usize, syllables: usize) -> f64 {
    let words = words.max(1) as f64;
    let sentences = sentences.max(1) as f64;
    0.39 * (words / sentences) + 11.8 * (syllables as f64 / words) - 15.59
}

/// SMOG grade from raw counts (McLaughlin 1969, normalised to 30 sentences).
fn smog(polysyllables: usize, sentences: usize) -> f64 {
    let sentences = sentences.max(1) as f64;
    1.0430 * (polysyllables as f64 * 30.0 / sentences).sqrt() + 3.1291
}

// ---------------------------------------------------------------------------
// Words and sentences
// ---------------------------------------------------------------------------

/// Abbreviations (lower case, without their final dot) whose dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "eg", "ie", "dr", "mr", "mrs", "etc", "vs", "approx", "prof",
];

/// Running counts while scanning a text.
#[derive(Debug, Default)]
struct Tally {
    words: usize,
    sentences: usize,
    syllables: usize,
    polysyllables: usize,
    /// Words seen since the last sentence end.
    open: bool,
}

impl Tally {
    fn of(text: &str) -> Tally {
        let mut t = Tally::default();
        let mut i = 0;
        while let Some(c) = char_at(text, i) {
            if is_word_char(c) {
                let end = word_end(text, i);
                let token = &text[i..end];
                t.word(token);
                i = end;
                if text.as_bytes().get(i) == Some(&b'.') && is_abbreviation(token) {
                    i += 1;
                }
            } else if is_terminator(c) {
                while let Some(c) = char_at(text, i).filter(|&c| is_terminator(c)) {
                    i += c.len_utf8();
                }
                t.end_sentence();
            } else {
                i += c.len_utf8();
            }
        }
        t.end_sentence();
        t
    }

    fn word(&mut self, token: &str) {
        let token = token.trim_matches(|c| is_apostrophe(c) || is_hyphen(c));
        if !token.chars().any(char::is_alphanumeric) {
            return;
        }
        let n = syllables(token);
        self.words += 1;
        self.syllables += n;
        if n >= 3 {
            self.polysyllables += 1;
        }
        self.open = true;
    }

    fn end_sentence(&mut self) {
        if self.open {
            self.sentences += 1;
            self.open = false;
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

pub(super) fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_apostrophe(c) || is_hyphen(c)
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\u{2026}')
}

fn is_abbreviation(token: &str) -> bool {
    let t = token.trim_start_matches(|c| is_apostrophe(c) || is_hyphen(c));
    // Lower case never has fewer characters, so a word longer than every abbreviation is none.
    if t.chars().nth(ABBREVIATION_CHARS).is_some() {
        return false;
    }
    if t.is_ascii() {
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(t));
    }
    ABBREVIATIONS.contains(&t.to_lowercase().as_str())
}

/// Characters in the longest of [`ABBREVIATIONS`] ("approx").
const ABBREVIATION_CHARS: usize = 6;

/// The character starting at byte `i` of `text` (a character boundary), if any; ASCII is read
/// without decoding.
fn char_at(text: &str, i: usize) -> Option<char> {
    match *text.as_bytes().get(i)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => text[i..].chars().next(),
    }
}

/// End (exclusive, in bytes) of the word starting at byte `start`: word characters, plus a
/// `.` or `,` between digits ("3.5", "1,000") and the inner dots of single-letter initialisms
/// ("e.g", "i.e").
fn word_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    // Digits are ASCII, so the byte before or after a one-byte `.` or `,` is the whole character.
    let digit = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
    let mut j = start;
    while let Some(c) = char_at(text, j) {
        let joins = is_word_char(c)
            || (matches!(c, '.' | ',') && digit(j - 1) && digit(j + 1))
            || (c == '.' && initialism_dot(text, start, j));
        if !joins {
            break;
        }
        j += c.len_utf8();
    }
    j
}

/// Whether the dot at byte `j` sits inside an initialism such as "e.g." or "U.K.": the part
/// of the word since its last dot is one letter, and a letter and a dot follow.
fn initialism_dot(text: &str, start: usize, j: usize) -> bool {
    let seg_start = text.as_bytes()[start..j]
        .iter()
        .rposition(|&c| c == b'.')
        .map_or(start, |p| start + p + 1);
    let mut segment = text[seg_start..j].chars();
    let one_letter =
        matches!((segment.next(), segment.next()), (Some(c), None) if c.is_alphabetic());
    one_letter
        && char_at(text, j + 1).is_some_and(|c| {
            c.is_alphabetic() && text.as_bytes().get(j + 1 + c.len_utf8()) == Some(&b'.')
        })
}

mod html;
mod syllables;

pub(crate) use html::text_of_html;
pub(crate) use syllables::syllables;

#[cfg(test)]
mod tests;
