use super::*;
use std::path::Path;

fn run(text: &str) -> Result<Split<'_>, Vec<Diagnostic>> {
    parse(Located {
        path: Path::new("a.md"),
        text,
    })
}

fn first(text: &str) -> (usize, usize, String) {
    let d = &run(text).unwrap_err()[0];
    (d.line, d.col, d.message.clone())
}

const GOOD: &str = "+++\ntitle = \"T\"\nsummary = \"S.\"\nreviewed = 2026-01-02\nnext_review = \"2027-01-02\"\ncare = \"self-care\"\n+++\nBody\n";

#[test]
fn parses_good_front_matter() {
    let s = run(GOOD).unwrap();
    assert_eq!(s.front.title, "T");
    assert_eq!(s.front.care, Some(CareLevel::SelfCare));
    assert_eq!(s.front.reviewed.to_string(), "2026-01-02");
    assert_eq!(s.front.next_review.to_string(), "2027-01-02");
    assert_eq!(s.body, "Body\n");
    assert_eq!(&GOOD[s.body_offset..], "Body\n");
}

#[test]
fn unknown_key_points_into_file() {
    let text = GOOD.replace("care =", "kare =");
    let (line, col, msg) = first(&text);
    assert_eq!((line, col), (6, 1));
    assert!(msg.starts_with("unknown key `kare`"), "{msg}");
}

#[test]
fn missing_title_and_summary_reported_together() {
    let text = GOOD
        .replace("title = \"T\"\n", "")
        .replace("summary = \"S.\"\n", "");
    let errs = run(&text).unwrap_err();
    let msgs: Vec<_> = errs.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "missing required key `title`",
            "missing required key `summary`"
        ]
    );
}

#[test]
fn impossible_date_is_positioned_at_value() {
    let text = GOOD.replace("\"2027-01-02\"", "\"2027-02-30\"");
    let (line, col, msg) = first(&text);
    assert_eq!((line, col), (5, 15));
    assert_eq!(
        msg,
        "`next_review`: 2027-02-30 is not a day of the calendar: check the month (01 to 12) and the day"
    );
}

#[test]
fn worded_date_gets_the_fix() {
    let text = GOOD.replace("\"2027-01-02\"", "\"2 January 2027\"");
    let (line, col, msg) = first(&text);
    assert_eq!((line, col), (5, 15));
    assert_eq!(
        msg,
        "`next_review` must be a date written as YYYY-MM-DD: write `next_review = 2027-01-02`"
    );
}

#[test]
fn toml_syntax_error_in_date_is_positioned() {
    let text = GOOD.replace("2026-01-02", "2026-13-02");
    let (line, _, _) = first(&text);
    assert_eq!(line, 4);
}

#[test]
fn wrong_type_is_positioned() {
    let text = GOOD.replace("title = \"T\"", "title = 3");
    let (line, col, _) = first(&text);
    assert_eq!((line, col), (2, 9));
}

#[test]
fn unterminated_front_matter() {
    let (line, col, msg) = first("+++\ntitle = \"T\"\n");
    assert_eq!((line, col), (1, 1));
    assert!(msg.contains("not closed"));
}

#[test]
fn missing_front_matter() {
    let (_, _, msg) = first("# Hello\n");
    assert!(msg.contains("missing front matter"));
}

#[test]
fn crlf_line_endings_work() {
    let text = GOOD.replace('\n', "\r\n");
    assert_eq!(run(&text).unwrap().front.title, "T");
}

#[test]
fn review_must_follow_reviewed() {
    let text = GOOD.replace("\"2027-01-02\"", "2025-01-02");
    assert!(first(&text).2.contains("after `reviewed`"));
}

#[test]
fn service_and_when_make_the_badge() {
    let text = GOOD.replace(
        "care = \"self-care\"\n",
        "care = \"urgent\"\nservice = \" Maternity unit \"\nwhen = \"now\"\n",
    );
    let service = run(&text).unwrap().front.service.unwrap();
    assert_eq!(service.badge(), "Maternity unit: now");
    assert_eq!(run(GOOD).unwrap().front.service, None);
}

#[test]
fn service_without_care_is_an_error_at_its_value() {
    let text = GOOD.replace(
        "care = \"self-care\"\n",
        "service = \"Maternity unit\"\nwhen = \"now\"\n",
    );
    let (line, col, msg) = first(&text);
    assert_eq!((line, col), (6, 11));
    assert_eq!(
        msg,
        "`service` needs `care`, the level of care it stands for: add `care = \"urgent\"`, say"
    );
}

#[test]
fn service_and_when_come_together_and_are_not_empty() {
    let text = GOOD.replace("+++\nBody", "service = \"GP\"\n+++\nBody");
    let (line, col, msg) = first(&text);
    assert_eq!((line, col), (7, 11));
    assert!(msg.starts_with("`service` needs `when`"), "{msg}");
    let text = GOOD.replace("+++\nBody", "when = \"today\"\n+++\nBody");
    let (line, col, msg) = first(&text);
    assert_eq!((line, col), (7, 8));
    assert!(msg.starts_with("`when` needs `service`"), "{msg}");
    let text = GOOD.replace("+++\nBody", "service = \" \"\nwhen = \"\"\n+++\nBody");
    let msgs: Vec<_> = run(&text)
        .unwrap_err()
        .iter()
        .map(|d| (d.line, d.col, d.message.clone()))
        .collect();
    assert_eq!(
        msgs,
        [
            (7, 11, "`service` is empty".to_string()),
            (8, 8, "`when` is empty".to_string())
        ]
    );
}
