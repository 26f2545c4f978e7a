//! Syllable counting for readability: English spelling rules plus a small table of exceptions.

use super::is_hyphen;

// ---------------------------------------------------------------------------
// Syllables
// ---------------------------------------------------------------------------

/// Words the rules below get wrong, with their dictionary syllable counts.
const EXCEPTIONS: &[(&str, usize)] = &[
    ("acne", 2),
    ("business", 2),
    ("businesses", 3),
    ("cafe", 2),
    ("cafes", 2),
    ("catastrophe", 4),
    ("diabetes", 4),
    ("dr", 2),
    ("evening", 2),
    ("evenings", 2),
    ("herpes", 2),
    ("maybe", 2),
    ("mr", 2),
    ("mrs", 2),
    ("naive", 2),
    ("recipe", 3),
    ("recipes", 3),
    ("sesame", 3),
    ("st", 1),
    ("syncope", 3),
    ("wednesday", 2),
    ("wednesdays", 2),
];

/// Words that start common compounds, with their syllables: mostly ones ending
/// in a silent "e" ("some|thing", "life|style", "guide|lines").
const COMPOUND_HEADS: &[(&str, usize)] = &[
    ("some", 1),
    ("there", 1),
    ("where", 1),
    ("more", 1),
    ("take", 1),
    ("make", 1),
    ("every", 2),
    ("any", 2),
    ("before", 2),
    ("police", 2),
    ("business", 2),
    ("else", 1),
    ("life", 1),
    ("home", 1),
    ("house", 1),
    ("care", 1),
    ("time", 1),
    ("guide", 1),
    ("base", 1),
    ("side", 1),
    ("wide", 1),
    ("whole", 1),
    ("face", 1),
    ("frame", 1),
    ("eye", 1),
    ("nine", 1),
    ("none", 1),
    ("use", 1),
    ("lone", 1),
    ("like", 1),
    ("live", 1),
    ("safe", 1),
    ("note", 1),
    ("state", 1),
    ("trade", 1),
    ("share", 1),
    ("stake", 1),
    ("space", 1),
    ("voice", 1),
    ("white", 1),
    ("wave", 1),
    ("gate", 1),
    ("drive", 1),
    ("grave", 1),
    ("brace", 1),
    ("horse", 1),
    ("shore", 1),
    ("waste", 1),
    ("mile", 1),
    ("pipe", 1),
];

/// Heads that also join a rest starting with a vowel ("where|as", "take|over").
const LOOSE_HEADS: &[&str] = &["there", "where", "more", "take", "make"];

/// Suffixes after which a stem's final "e" stays silent ("completely", "management").
const E_SUFFIXES: &[&str] = &[
    "ly", "ful", "fully", "ment", "ments", "ness", "less", "lessly", "some", "ty",
];

/// Syllables in one English word (heuristic).
pub(crate) fn syllables(word: &str) -> usize {
    // Text repeats its words (a few hundred make up most of any leaflet), so each thread keeps
    // the counts it has worked out; the cache is emptied when it grows past MEMO_WORDS.
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(&n) = memo.get(word) {
            return n;
        }
        let total: usize = word.split(is_hyphen).filter_map(part_syllables).sum();
        let n = total.max(1);
        if memo.len() >= MEMO_WORDS {
            memo.clear();
        }
        memo.insert(word.to_string(), n);
        n
    })
}

/// Most words each thread remembers the syllables of.
const MEMO_WORDS: usize = 50_000;

/// Words and their syllables; a short word's hash need not resist attack (the words are the
/// site's own), so a fast one is used.
type Memo = std::collections::HashMap<String, usize, foldhash::fast::FixedState>;

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// Syllables in one hyphen-free part of a word; None when it has no letters or digits.
fn part_syllables(part: &str) -> Option<usize> {
    if !part.chars().any(char::is_alphanumeric) {
        return None;
    }
    let letters: Vec<char> = part
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if letters.is_empty() {
        return Some(1);
    }
    if let Some(n) = exception(&letters) {
        return Some(n);
    }
    if !letters.iter().any(|&c| is_plain_vowel(c) || c == 'y') {
        return Some(spelt_out(part, &letters));
    }
    let mut n = letter_syllables(&letters);
    if contracted_not(part, &letters) {
        n += 1;
    }
    Some(n)
}

fn exception(w: &[char]) -> Option<usize> {
    let word: String = w.iter().collect();
    EXCEPTIONS
        .iter()
        .find(|&&(e, _)| e == word)
        .map(|&(_, n)| n)
}

/// A word without vowels is an initialism read letter by letter ("NHS", "GPs", "TV").
fn spelt_out(part: &str, letters: &[char]) -> usize {
    let n: usize = letters.iter().map(|&c| if c == 'w' { 3 } else { 1 }).sum();
    let alpha: Vec<char> = part.chars().filter(|c| c.is_alphabetic()).collect();
    let plural = match alpha.split_last() {
        Some((&'s', rest)) => rest.len() >= 2 && rest.iter().all(|c| c.is_uppercase()),
        _ => false,
    };
    if plural { n - 1 } else { n }
}

/// "shouldn't", "isn't": the "n't" after a consonant is a syllable of its own.
fn contracted_not(part: &str, letters: &[char]) -> bool {
    let lower = part.to_lowercase().replace('\u{2019}', "'");
    let len = letters.len();
    lower.ends_with("n't") && len >= 3 && !is_plain_vowel(letters[len - 3])
}

fn letter_syllables(w: &[char]) -> usize {
    if let Some(n) = exception(w) {
        return n;
    }
    if let Some(n) = compound(w) {
        return n;
    }
    let v = vowel_mask(w);
    let base = (count_groups(&v) + splits(w, &v)) as isize;
    let n = base + ending_adjust(w, &v) + suffix_e_adjust(w, &v);
    usize::try_from(n.max(1)).unwrap_or(1)
}

/// "some|thing", "life|style", "there|fore": the head's syllables plus the rest's.
fn compound(w: &[char]) -> Option<usize> {
    COMPOUND_HEADS.iter().find_map(|&(head, n)| {
        if !starts(w, head) {
            return None;
        }
        let rest = &w[head.len()..];
        let first = *rest.first()?;
        let has_vowel = rest.iter().any(|&c| is_plain_vowel(c) || c == 'y');
        let fits = if LOOSE_HEADS.contains(&head) {
            rest.len() >= 2 && first != 'v'
        } else {
            // Not "use|rname" or "wide|ning": those are "user|name", "widen|ing".
            let suffix_like = first == 'r' || (first == 'n' && !starts(rest, "ness"));
            rest.len() >= 3 && (!is_plain_vowel(first) || starts(rest, "one")) && !suffix_like
        };
        (has_vowel && fits).then(|| n + letter_syllables(rest))
    })
}

fn is_plain_vowel(c: char) -> bool {
    "aeiouàáâäèéêëìíîïòóôöùúûüæœ".contains(c)
}

/// Which letters act as vowels: "y" does, except at the start of a word or
/// between two vowels ("yes", "layer").
fn vowel_mask(w: &[char]) -> Vec<bool> {
    (0..w.len())
        .map(|i| {
            if w[i] != 'y' {
                return is_plain_vowel(w[i]);
            }
            let next = w.get(i + 1).is_some_and(|&c| is_plain_vowel(c));
            i > 0 && !(is_plain_vowel(w[i - 1]) && next)
        })
        .collect()
}

fn count_groups(v: &[bool]) -> usize {
    (0..v.len())
        .filter(|&i| v[i] && (i == 0 || !v[i - 1]))
        .count()
}

/// Length in characters of a pattern (the patterns are ASCII, so this is its byte length).
fn pattern_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

fn starts(w: &[char], s: &str) -> bool {
    let n = pattern_len(s);
    n <= w.len() && w[..n].iter().copied().eq(s.chars())
}

fn ends(w: &[char], s: &str) -> bool {
    let n = pattern_len(s);
    n <= w.len() && w[w.len() - n..].iter().copied().eq(s.chars())
}

/// Letter before position `i`, or a space at the start.
fn before(w: &[char], i: usize) -> char {
    i.checked_sub(1).map_or(' ', |p| w[p])
}

/// Letter at position `i`, or a space past the end.
fn at(w: &[char], i: usize) -> char {
    w.get(i).copied().unwrap_or(' ')
}

/// Adjacent vowels inside one vowel group that are pronounced apart ("di-et", "i-de-a").
fn splits(w: &[char], v: &[bool]) -> usize {
    (0..w.len().saturating_sub(1))
        .filter(|&i| v[i] && v[i + 1] && pair_splits(w, v, i))
        .count()
}

/// Word beginnings whose first two vowels are pronounced apart, with the
/// position of the first of them: "re-act", "co-or-di-nate", "pro-ac-tive".
const HIATUS_PREFIXES: &[(&str, usize)] = &[
    ("react", 1),
    ("reass", 1),
    ("reapp", 1),
    ("reali", 1),
    ("reinf", 1),
    ("reinst", 1),
    ("reint", 1),
    ("reinv", 1),
    ("reimb", 1),
    ("reun", 1),
    ("reus", 1),
    ("reelect", 1),
    ("reent", 1),
    ("theat", 2),
    ("coord", 1),
    ("coopera", 1),
    ("coinc", 1),
    ("coeff", 1),
    ("coexist", 1),
    ("coali", 1),
    ("proact", 2),
    ("deact", 1),
    ("preex", 2),
    ("chao", 2),
    ("myo", 1),
];

fn pair_splits(w: &[char], v: &[bool], i: usize) -> bool {
    if HIATUS_PREFIXES.iter().any(|&(p, k)| k == i && starts(w, p)) {
        return true;
    }
    let (p, next) = (before(w, i), at(w, i + 2));
    let not_qg = !matches!(p, 'q' | 'g');
    match (w[i], w[i + 1]) {
        ('i', 'a') => ia_splits(w, i),
        ('i', 'o') => io_splits(w, v, i),
        ('i', 'u') => true,
        ('i', 'e') => ie_splits(w, v, i),
        ('e', 'a') => ea_splits(w, v, i),
        ('e', 'o') => eo_splits(w, i),
        ('e', 'i') => ei_splits(w, v, i),
        ('e', 'u') => eu_splits(w, v, i),
        ('u', 'a') => ua_splits(w, i),
        ('u', 'o') => not_qg,
        ('u', 'i') => p != 'q' && ui_splits(w, i),
        ('u', 'e') => not_qg && ue_splits(w, i),
        ('o', 'e') => matches!(next, 't' | 'm' | 'v' | 'n'),
        ('o', 'a') => p == 'e',
        ('o', 'i') | ('a', 'i') => next == 'c' && i + 3 == w.len(),
        ('y', 'o' | 'a') => matches!(p, 'r' | 'm'),
        ('y', 'e') => next == 'r' && !matches!(p, 'w' | 'n'),
        _ => false,
    }
}

/// "di-al", "me-di-a", "con-fi-den-ti-al-i-ty", but "spe-cial", "de-men-tia",
/// "Bel-gian", "mar-riage", "fa-mil-iar".
fn ia_splits(w: &[char], i: usize) -> bool {
    let (p, next, after) = (before(w, i), at(w, i + 2), at(w, i + 3));
    let iality = next == 'l' && after == 'i' && at(w, i + 4) == 't';
    let soft = matches!(p, 't' | 'c' | 's') && matches!(next, 'l' | 'n' | ' ') && !iality;
    let gian = p == 'g' && (next == ' ' || (next == 'n' && after != 't'));
    let riage = p == 'r' && next == 'g' && after == 'e';
    let familiar = p == 'l' && next == 'r' && i >= 2 && is_plain_vowel(w[i - 2]);
    !(soft || gian || riage || familiar)
}

/// "pe-ri-od", "ra-di-o", "ob-liv-i-on", but "na-tion", "re-gion", "mil-lion",
/// "se-nior", "be-hav-iour".
fn io_splits(w: &[char], v: &[bool], i: usize) -> bool {
    let (p, next) = (before(w, i), at(w, i + 2));
    let soft = matches!(p, 'c' | 't' | 's' | 'g' | 'x') || (p == 'h' && i >= 2 && w[i - 2] == 's');
    if soft && matches!(next, 'n' | 'u') {
        return false;
    }
    let earlier = v[..i].iter().any(|&b| b);
    let r_tail = matches!(&w[i + 2..], ['r', ..] | ['u', 'r', ..]);
    let n_tail = matches!(&w[i + 2..], ['n'] | ['n', 's']);
    let liquid = (matches!(p, 'l' | 'n') && (r_tail || n_tail)) || (p == 'v' && r_tail);
    !(earlier && liquid)
}

/// "di-et", "cli-ent", "sci-ence", "ear-li-er", but "pa-tient", "con-ven-ient",
/// "friend", "stud-ies".
fn ie_splits(w: &[char], v: &[bool], i: usize) -> bool {
    let (p, next) = (before(w, i), at(w, i + 2));
    let earlier = v[..i].iter().any(|&b| b);
    if next == 't' {
        return true;
    }
    if next == 'n' && matches!(at(w, i + 3), 't' | 'c' | ' ') {
        let sc = p == 'c' && i >= 2 && w[i - 2] == 's';
        let soft = matches!(p, 't' | 'c') && !sc;
        let liquid = matches!(p, 'l' | 'n') && earlier && at(w, i + 3) != ' ';
        return !(soft || liquid);
    }
    earlier && matches!(&w[i + 2..], ['r'] | ['r', 's'] | ['s', 't'])
}

/// "flu-id", "gen-u-ine", "ru-in", "con-ti-nu-i-ty", "sui-cide", but "build",
/// "fruit", "re-cruit-ing", "con-tin-u-ing" (see the "-ing" rule).
fn ui_splits(w: &[char], i: usize) -> bool {
    let (next, after) = (at(w, i + 2), at(w, i + 3));
    let uity = next == 't' && (after == 'y' || (after == 'i' && at(w, i + 4) != 'n'));
    let g = before(w, i) == 'g';
    (!g && (next == 'd' || (next == 'n' && after != 'g') || starts(w, "suic"))) || uity
}

/// "u-su-al", "e-val-u-ate", "ar-gu-a-bly", but "lan-guage", "qual-i-ty", "per-suade".
fn ua_splits(w: &[char], i: usize) -> bool {
    let (p, next) = (before(w, i), at(w, i + 2));
    if p == 'g' {
        return i >= 2 && w[i - 2] == 'r';
    }
    p != 'q' && !(p == 's' && matches!(next, 'd' | 's' | 'v'))
}

/// "flu-ent", "in-flu-ence", "cru-el", "fu-eled", "du-et", but "is-sue", "clue-less", "blue-tooth".
fn ue_splits(w: &[char], i: usize) -> bool {
    let (next, after) = (at(w, i + 2), at(w, i + 3));
    let l_tail = matches!(
        w.get(i + 3..).unwrap_or_default(),
        [] | ['s'] | ['e', 'd'] | ['e', 'r', ..] | ['l', ..] | ['t', 'y']
    );
    next == 'n' || (next == 'l' && l_tail) || (next == 't' && matches!(after, ' ' | 's' | 't'))
}

/// "de-i-ty", "al-be-it", "a-the-ist", but "eight", "ei-ther", "for-feit", "heist".
fn ei_splits(w: &[char], v: &[bool], i: usize) -> bool {
    let (p, next, after) = (before(w, i), at(w, i + 2), at(w, i + 3));
    let earlier = v[..i].iter().any(|&b| b);
    (next == 't' && after != 'h' && p != 'f') || (next == 's' && after == 't' && earlier)
}

/// "mu-se-um", "nu-cle-us", but "neu-tral", "pneu-mo-nia".
fn eu_splits(w: &[char], v: &[bool], i: usize) -> bool {
    let tail = &w[i + 2..];
    let earlier = v[..i].iter().any(|&b| b);
    matches!(tail, ['m'] | ['m', 's']) || (earlier && tail == ['s'])
}

/// "a-re-a", "i-de-as", "Eu-ro-pe-an", "cre-ate", but "sea", "o-ver-seas",
/// "o-cean", "crea-ture".
fn ea_splits(w: &[char], v: &[bool], i: usize) -> bool {
    let p = before(w, i);
    let earlier = v[..i].iter().any(|&b| b);
    let tail = &w[i + 2..];
    let final_ea = tail.is_empty()
        || (tail == ['s'] && p != 's')
        || (matches!(tail, ['n'] | ['n', 's']) && p != 'c');
    let creat = i >= 2 && starts(&w[i - 2..], "creat") && at(w, i + 3) != 'u';
    (earlier && final_ea) || creat
}

/// "vid-e-o", "ge-og-ra-phy", "os-te-o-", but "peo-ple", "sur-geon", "gor-geous", "George".
fn eo_splits(w: &[char], i: usize) -> bool {
    let p = before(w, i);
    let soft = matches!(p, 'g' | 'c') && (i != 1 || at(w, i + 2) == 'r');
    let people = at(w, i + 2) == 'p' && matches!(p, 'p' | 'l' | 'j');
    !(soft || people)
}

/// Corrections at the end of the word: silent "e"/"es"/"ed", silent "ue"
/// ("fatigue"), "-ing" after a vowel ("be-ing"), syllabic "-sm"/"-thm".
fn ending_adjust(w: &[char], v: &[bool]) -> isize {
    let mut n = 0;
    if silent_ending(w, v) {
        n -= 1;
    }
    if silent_ue(w) {
        n -= 1;
    }
    if ["ings", "ing"]
        .iter()
        .find(|s| ends(w, s))
        .and_then(|s| w.len().checked_sub(s.len() + 1))
        .is_some_and(|k| v[k])
    {
        n += 1;
    }
    if ["sm", "sms", "thm", "thms"].iter().any(|s| ends(w, s)) {
        n += 1;
    }
    n
}

/// A final "e", "es" or "ed" after a consonant that is not pronounced.
fn silent_ending(w: &[char], v: &[bool]) -> bool {
    let len = w.len();
    if ends(w, "e") && len >= 2 {
        return !v[len - 2] && !syllabic_liquid(w, v, len - 2);
    }
    if ends(w, "es") && len >= 4 && !v[len - 3] {
        return silent_es(w, v);
    }
    if ends(w, "ed") && len >= 4 && !v[len - 3] {
        // "blood-shed" keeps its vowel; "washed" does not.
        let shed = ends(w, "shed") && len >= 5 && !v[len - 5];
        return !matches!(w[len - 3], 't' | 'd') && !syllabic_liquid(w, v, len - 3) && !shed;
    }
    false
}

/// "hopes", "clothes", "headaches" but not "boxes", "changes", "tables".
fn silent_es(w: &[char], v: &[bool]) -> bool {
    let len = w.len();
    if ends(w, "aches") {
        return len == 5 || !is_plain_vowel(w[len - 6]);
    }
    let sibilant =
        matches!(w[len - 3], 's' | 'x' | 'z' | 'c' | 'g') || ends(w, "ches") || ends(w, "shes");
    !sibilant && !syllabic_liquid(w, v, len - 3)
}

/// An "l" or "r" at `k` after another consonant, before a final "e": "ta-ble", "cen-tre", "hun-dred".
fn syllabic_liquid(w: &[char], v: &[bool], k: usize) -> bool {
    matches!(w[k], 'l' | 'r')
        && k >= 1
        && !v[k - 1]
        && w[k - 1] != w[k]
        && !(w[k] == 'l' && w[k - 1] == 'r')
}

/// "tongue", "fatigue", "intriguing", "unique", "colleagues" (but "argue").
fn silent_ue(w: &[char]) -> bool {
    let gue = ["gue", "gues", "gued", "guing"].iter().any(|s| {
        ends(w, s) && {
            let k = w.len() - s.len();
            k == 0 || w[k - 1] != 'r'
        }
    });
    gue || ["que", "ques", "qued"].iter().any(|s| ends(w, s))
}

/// A silent stem "e" before a suffix: "com-plete-ly", "man-age-ment", "use-ful".
fn suffix_e_adjust(w: &[char], v: &[bool]) -> isize {
    let silent = E_SUFFIXES.iter().any(|s| {
        let Some(k) = w.len().checked_sub(s.len()) else {
            return false;
        };
        ends(w, s) && k >= 3 && silent_stem_e(&w[..k], &v[..k])
    });
    if silent { -1 } else { 0 }
}

fn silent_stem_e(stem: &[char], v: &[bool]) -> bool {
    let k = stem.len();
    let plain = stem[k - 1] == 'e'
        && !v[k - 2]
        && !syllabic_liquid(stem, v, k - 2)
        && !ends(stem, "ele")
        && !ends(stem, "the");
    (plain || silent_ue(stem)) && count_groups(v) >= 2
}
