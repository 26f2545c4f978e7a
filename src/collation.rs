//! A language's alphabetical order and the letters of its alphabet, for lists sorted by name
//! (the A–Z): names are compared with ICU4X's collator for the language (Welsh "Ch" after
//! every other "C…", Arabic in the order of its alphabet), and each name is filed under a
//! letter of the language's index (CLDR's index characters: "Ch", "Dd", "Ll" are letters in
//! Welsh). A tag ICU has no data for is sorted by the root collation, with a heading for each
//! first letter.

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale::exemplar_chars::ExemplarCharacters;
use icu_properties::CodePointMapData;
use icu_properties::props::Script;
use std::cmp::Ordering;

/// The letter a name is filed under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Letter {
    /// Anything that starts with a letter of no script of the alphabet: digits, signs, other
    /// scripts. Shown as `#`, before the letters.
    Other,
    /// A letter of the alphabet, as its heading shows it ("A", "Ch", "ب").
    Of(String),
}

impl Letter {
    /// How the letter is shown: its heading and its link in the letter index.
    pub(crate) fn shown(&self) -> &str {
        match self {
            Letter::Other => "#",
            Letter::Of(letter) => letter,
        }
    }

    /// The letter as a name for an id and a file (`a`, `ch`, `other`; `u0628` for a letter
    /// outside ASCII, so that addresses stay plain on every web host and file system).
    pub(crate) fn slug(&self) -> String {
        match self {
            Letter::Other => "other".to_string(),
            Letter::Of(letter) if letter.chars().all(|c| c.is_ascii_alphanumeric()) => {
                letter.to_ascii_lowercase()
            }
            Letter::Of(letter) => {
                let hex: Vec<String> = letter
                    .chars()
                    .map(|c| format!("{:04x}", c as u32))
                    .collect();
                format!("u{}", hex.join("-"))
            }
        }
    }
}

/// The order and letters of one language, built once for every name it sorts.
pub(crate) struct Alphabet {
    /// Full comparison: letters, then accents, then case.
    collator: CollatorBorrowed<'static>,
    /// Letters only (accents and case ignored): which letter a name is filed under.
    primary: CollatorBorrowed<'static>,
    /// The index letters, in the language's order.
    letters: Vec<String>,
    /// The scripts of the index letters: a name starting with another letter of these scripts
    /// gets a heading of its own (`K` in Welsh), one in any other script goes under `#`.
    scripts: Vec<Script>,
}

impl Alphabet {
    /// The alphabet of the language `tag` (a BCP 47 tag, `cy`, `en-GB`, `ar`): its collation
    /// and index letters where ICU has them, else the root collation and no index letters.
    pub(crate) fn of(tag: &str) -> anyhow::Result<Alphabet> {
        let locale =
            icu_locale_core::Locale::try_from_str(tag).unwrap_or(icu_locale_core::Locale::UNKNOWN);
        let collator = |strength: Strength| {
            let mut options = CollatorOptions::default();
            options.strength = Some(strength);
            Collator::try_new((&locale).into(), options)
                .or_else(|_| Collator::try_new(Default::default(), options))
                .map_err(|e| {
                    anyhow::anyhow!(
                        "ICU4X has no collation for `{tag}`, nor its root collation: {e}"
                    )
                })
        };
        let (collator, primary) = (collator(Strength::Tertiary)?, collator(Strength::Primary)?);
        let mut letters: Vec<String> = Vec::new();
        if let Ok(index) = ExemplarCharacters::try_new_index(&(&locale).into()) {
            let chars = index.code_points().iter_chars().map(String::from);
            let strings = index.strings().iter().map(str::to_string);
            letters = chars.chain(strings).map(|l| title_case(&l)).collect();
        }
        letters.sort_by(|a, b| collator.compare(a, b));
        letters.dedup_by(|a, b| primary.compare(a, b) == Ordering::Equal);
        let scripts = script_of_letters(&letters);
        Ok(Alphabet {
            collator,
            primary,
            letters,
            scripts,
        })
    }

    /// The order of two names in this language.
    pub(crate) fn compare(&self, a: &str, b: &str) -> Ordering {
        self.collator.compare(a, b)
    }

    /// The order of two letters in this language, `#` first.
    pub(crate) fn compare_letters(&self, a: &Letter, b: &Letter) -> Ordering {
        match (a, b) {
            (Letter::Other, Letter::Other) => Ordering::Equal,
            (Letter::Other, _) => Ordering::Less,
            (_, Letter::Other) => Ordering::Greater,
            (Letter::Of(a), Letter::Of(b)) => self.collator.compare(a, b),
        }
    }

    /// The letter `name` is filed under: the index letter it starts with ("Llygaid" under
    /// "Ll" in Welsh, "Écoute" under "E"), else its first letter when that is of the
    /// alphabet's script ("Kidney" under "K" in Welsh, which has no K), else `#`.
    pub(crate) fn letter_of(&self, name: &str) -> Letter {
        let Some(first) = name.chars().next() else {
            return Letter::Other;
        };
        let after = (self.letters).partition_point(|l| self.primary.compare(l, name).is_le());
        if let Some(letter) = after.checked_sub(1).map(|i| &self.letters[i]) {
            let n = letter.chars().count();
            let end = name.char_indices().nth(n).map_or(name.len(), |(i, _)| i);
            if self.primary.compare(&name[..end], letter) == Ordering::Equal {
                return Letter::Of(letter.clone());
            }
        }
        let script = CodePointMapData::<Script>::new().get(first);
        let ours = self.scripts.is_empty() || self.scripts.contains(&script);
        match first.is_alphabetic() && ours {
            true => Letter::Of(first.to_uppercase().collect()),
            false => Letter::Other,
        }
    }
}

/// The scripts the letters are written in (`Latin` for English and Welsh).
fn script_of_letters(letters: &[String]) -> Vec<Script> {
    let scripts = CodePointMapData::<Script>::new();
    let mut out: Vec<Script> = Vec::new();
    for c in letters.iter().filter_map(|l| l.chars().next()) {
        let script = scripts.get(c);
        if !out.contains(&script) {
            out.push(script);
        }
    }
    out
}

/// "CH" → "Ch": how a dictionary heads a letter written with two characters.
fn title_case(letter: &str) -> String {
    let mut chars = letter.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    first.unwrap_or_default() + &chars.as_str().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::{Alphabet, Letter};

    fn sorted(tag: &str, names: &[&str]) -> Vec<String> {
        let alphabet = Alphabet::of(tag).unwrap();
        let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        names.sort_by(|a, b| {
            (alphabet.compare_letters(&alphabet.letter_of(a), &alphabet.letter_of(b)))
                .then_with(|| alphabet.compare(a, b))
        });
        names
    }

    fn letter(tag: &str, name: &str) -> String {
        Alphabet::of(tag)
            .unwrap()
            .letter_of(name)
            .shown()
            .to_string()
    }

    #[test]
    fn welsh_digraphs_are_letters_of_their_own() {
        assert_eq!(
            sorted(
                "cy",
                &[
                    "Llygaid",
                    "Lorem",
                    "Chwydu",
                    "Cyfog",
                    "Dannedd",
                    "Ddannoedd"
                ]
            ),
            [
                "Cyfog",
                "Chwydu",
                "Dannedd",
                "Ddannoedd",
                "Lorem",
                "Llygaid"
            ]
        );
        assert_eq!(letter("cy", "Chwydu"), "Ch");
        assert_eq!(letter("cy", "llygaid"), "Ll");
        assert_eq!(letter("cy", "Lorem"), "L");
        assert_eq!(letter("cy", "Cyfog"), "C");
        assert_eq!(letter("cy-GB", "Rhwymedd"), "Rh");
        assert_eq!(letter("cy", "Ffliw"), "Ff");
        assert_eq!(letter("cy", "Ngwddf"), "Ng");
        assert_eq!(letter("cy", "Pharyncs"), "Ph");
        assert_eq!(letter("cy", "Thermomedr"), "Th");
        assert_eq!(letter("cy", "Dolur"), "D");
        // Welsh has no K: an English loan word is under a K of its own, between J and L.
        assert_eq!(letter("cy", "Kidney"), "K");
        assert_eq!(
            sorted("cy", &["Lorem", "Kidney", "Jam"]),
            ["Jam", "Kidney", "Lorem"]
        );
    }

    #[test]
    fn arabic_is_sorted_and_filed_by_its_alphabet() {
        // أرق (hamza on alif) is filed under alif; Latin names go under #.
        assert_eq!(letter("ar", "أرق"), "ا");
        assert_eq!(letter("ar", "بطن"), "ب");
        assert_eq!(letter("ar", "Sciatica"), "#");
        assert_eq!(
            sorted("ar", &["نوم", "أرق", "بطن", "Sciatica"]),
            ["Sciatica", "أرق", "بطن", "نوم"]
        );
    }

    #[test]
    fn english_letters_are_a_to_z_and_accents_follow_their_letter() {
        assert_eq!(letter("en-GB", "sciatica"), "S");
        assert_eq!(letter("en", "Écoute"), "E");
        assert_eq!(letter("en", "3 things"), "#");
        assert_eq!(letter("en", ""), "#");
        assert_eq!(letter("en", "Ωmega"), "#");
        assert_eq!(
            sorted(
                "en",
                &["resumes", "résumé", "Back pain", "back-pain", "backache"]
            ),
            ["Back pain", "back-pain", "backache", "résumé", "resumes"]
        );
    }

    #[test]
    fn a_tag_icu_has_no_data_for_sorts_by_the_root_order() {
        assert_eq!(letter("x-made-up", "zebra"), "Z");
        assert_eq!(letter("zz", "Ωmega"), "Ω");
        assert_eq!(sorted("zz", &["b", "A", "a"]), ["a", "A", "b"]);
    }

    #[test]
    fn letters_outside_ascii_are_named_by_their_code_points() {
        assert_eq!(Letter::Of("Ch".into()).slug(), "ch");
        assert_eq!(Letter::Of("ب".into()).slug(), "u0628");
        assert_eq!(Letter::Other.slug(), "other");
    }
}
