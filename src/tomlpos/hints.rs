//! Messages that show the fix for the mistakes Word and Windows habits cause in TOML: curly
//! quotes, dates written in words or with slashes, a single text where a list is expected, and a
//! misspelt key. Each takes the line as the author wrote it and says what to write instead.

use super::ymd;
use time::Date;

/// Keys whose value is a date, in front matter, tree files and `[[sources]]`.
const DATE_KEYS: [&str; 3] = ["reviewed", "next_review", "accessed"];

/// A better message for the TOML error `message` raised on `line` (the whole line, as written)
/// whose key is `key`, or `None` when the plain message is already the best there is.
pub(super) fn improve(message: &str, line: &str, key: Option<&str>) -> Option<String> {
    if let Some(hint) = unknown_key(message) {
        return Some(hint);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        // Reported at the top of the file, where the line's key is not the one missing.
        let key = rest.split('`').next()?;
        return Some(match key {
            "emergency_number" => "missing required key `emergency_number`: the number readers call in an emergency, such as \"999\" in the UK, \"112\" in the EU or \"911\" in the US".to_string(),
            _ => format!("missing required key `{key}`"),
        });
    }
    let key = key?;
    let value = line.split_once('=').map(|(_, v)| v.trim())?;
    if DATE_KEYS.contains(&key) {
        let written = value.trim_matches(['"', '\'', '“', '”']);
        // TOML's own message says exactly what is wrong with 2027-02-30.
        return (!iso_shaped(written)).then(|| date_message(key, written));
    }
    if value.contains(['“', '”', '‘', '’', '„']) {
        return Some(format!(
            "`{key}`: use straight quotes (\"), not curly ones (“ ”), around text: write `{key} = {}`",
            straighten(value)
        ));
    }
    if message.contains("expected a sequence") {
        let text = value.trim_matches(['"', '\'']);
        return Some(format!(
            "`{key}` must be a list, even of one: write `{key} = [\"{text}\"]`"
        ));
    }
    None
}

/// "`reviewed` must be a date written as YYYY-MM-DD: write `reviewed = 2026-03-01`", naming the
/// date the author meant when it can be read.
pub(crate) fn date_message(key: &str, written: &str) -> String {
    if iso_shaped(written) {
        return format!(
            "`{key}`: {written} is not a day of the calendar: check the month (01 to 12) and the day"
        );
    }
    match read_date(written) {
        Some(date) => format!(
            "`{key}` must be a date written as YYYY-MM-DD: write `{key} = {}`",
            iso(date)
        ),
        None => format!(
            "`{key}` must be a date written as YYYY-MM-DD, such as `{key} = 2026-03-01` for 1 March 2026"
        ),
    }
}

/// True for text shaped like `2026-03-01`, whether or not that day exists.
fn iso_shaped(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// "unknown key `sumary`: did you mean `summary`? …" when one expected key is close.
fn unknown_key(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let best = crate::similar::closest(key, candidates.iter().copied())?;
    let list = candidates
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(format!(
        "unknown key `{key}`: did you mean `{best}`? (the keys here are {list})"
    ))
}

/// The value with curly quotes made straight: “x” and ‘x’ around text become "x"; an apostrophe
/// inside the text stays as it is.
fn straighten(value: &str) -> String {
    let inner = value.trim_matches(['“', '”', '„', '‘', '’', '"', '\'']);
    let inner = inner.replace(['“', '”', '„'], "\\\"");
    format!("\"{inner}\"")
}

/// Reads the ways people write a date: `1 March 2026`, `1st March 2026`, `March 1, 2026`,
/// `01/03/2026` (day first, as in the UK), `2026/03/01`, `2026-3-1`.
fn read_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '-' | '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let [a, b, c] = words.as_slice() else {
        return None;
    };
    let number = |w: &str| {
        let digits = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|s| w.strip_suffix(s))
            .unwrap_or(w);
        digits.parse::<u16>().ok()
    };
    let (year, month, day) = match (number(a), month_named(b), month_named(a)) {
        (Some(d), Some(m), _) => (number(c)?, m, d),
        (None, _, Some(m)) => (number(c)?, m, number(b)?),
        _ if a.len() == 4 => (number(a)?, u8::try_from(number(b)?).ok()?, number(c)?),
        _ => (number(c)?, u8::try_from(number(b)?).ok()?, number(a)?),
    };
    if year < 1000 {
        return None;
    }
    ymd(i32::from(year), month, u8::try_from(day).ok()?)
}

/// 1–12 for an English month name or its first three letters.
fn month_named(word: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = word.to_lowercase();
    let at = MONTHS
        .iter()
        .position(|m| word.len() >= 3 && m.starts_with(&word))?;
    u8::try_from(at + 1).ok()
}

fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dates_as_people_write_them() {
        for written in [
            "1 March 2026",
            "1st March 2026",
            "March 1, 2026",
            "01/03/2026",
            "1.3.2026",
            "2026/03/01",
            "2026-3-1",
            "1 Mar 2026",
        ] {
            assert_eq!(read_date(written).map(iso).as_deref(), Some("2026-03-01"));
        }
        for nonsense in [
            "soon",
            "31 February 2026",
            "1 Marchly 2026",
            "2026",
            "1/3/26",
        ] {
            assert_eq!(read_date(nonsense), None, "{nonsense}");
        }
    }

    #[test]
    fn suggests_the_close_key() {
        let message = "unknown field `sumary`, expected one of `title`, `summary`, `care`";
        assert_eq!(
            improve(message, "sumary = \"x\"", Some("sumary")).as_deref(),
            Some(
                "unknown key `sumary`: did you mean `summary`? (the keys here are `title`, `summary`, `care`)"
            )
        );
        let far = "unknown field `colour`, expected one of `title`, `summary`";
        assert_eq!(improve(far, "colour = 1", Some("colour")), None);
    }

    #[test]
    fn straightens_quotes_but_keeps_apostrophes() {
        assert_eq!(straighten("“Don’t lift”"), "\"Don’t lift\"");
        assert_eq!(straighten("‘Back pain’"), "\"Back pain\"");
    }
}
