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
        let chars: Vec<char> = text.chars().collect();
        let mut t = Tally::default();
        // One buffer for every word, rather than a new string each.
        let mut token = String::new();
        let mut i = 0;
        while i < chars.len() {
            if is_word_char(chars[i]) {
                let end = word_end(&chars, i);
                token.clear();
                token.extend(&chars[i..end]);
                t.word(&token);
                i = end;
                if chars.get(i) == Some(&'.') && is_abbreviation(&token) {
                    i += 1;
                }
            } else if is_terminator(chars[i]) {
                while i < chars.len() && is_terminator(chars[i]) {
                    i += 1;
                }
                t.end_sentence();
            } else {
                i += 1;
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
    ABBREVIATIONS.contains(&t.to_lowercase().as_str())
}

/// Characters in the longest of [`ABBREVIATIONS`] ("approx").
const ABBREVIATION_CHARS: usize = 6;

/// End (exclusive) of the word starting at `start`: word characters, plus a
/// `.` or `,` between digits ("3.5", "1,000") and the inner dots of
/// single-letter initialisms ("e.g", "i.e").
fn word_end(chars: &[char], start: usize) -> usize {
    let digit = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    let mut j = start;
    while j < chars.len() {
        let c = chars[j];
        let joins = is_word_char(c)
            || (matches!(c, '.' | ',') && digit(j - 1) && digit(j + 1))
            || (c == '.' && initialism_dot(chars, start, j));
        if !joins {
            break;
        }
        j += 1;
    }
    j
}

/// Whether the dot at `j` sits inside an initialism such as "e.g." or "U.K.".
fn initialism_dot(chars: &[char], start: usize, j: usize) -> bool {
    let seg_start = chars[start..j]
        .iter()
        .rposition(|&c| c == '.')
        .map_or(start, |p| start + p + 1);
    let letter = |k: usize| chars.get(k).is_some_and(|c| c.is_alphabetic());
    j - seg_start == 1 && letter(seg_start) && letter(j + 1) && chars.get(j + 2) == Some(&'.')
}

mod html;
mod syllables;

pub use html::text_of_html;
pub use syllables::syllables;

#[cfg(test)]
mod tests;
