//! The outcome as data: the export's last items say, once a path has ended, the care level and
//! every page the end shows (findings recorded on the way and the page the last answer names),
//! most urgent first, as the end page does (`clinical::findings::shown`). Each is a read-only
//! `choice` item whose `calculatedExpression` picks a Coding from its own options, so the
//! `QuestionnaireResponse` carries them and a receiving system needs no re-run of the logic.

use super::Codes;
use super::logic::{Edge, alternatives, ident, source};
use crate::care::CareLevel;
use crate::paths::normalise;
use crate::site::Site;
use crate::tree::{Node, Target};
use serde_json::{Value, json};
use std::path::PathBuf;

/// `linkId` of the hidden item that says the path has ended.
pub(super) const ENDED: &str = "ended";
/// `linkId` of the care level item.
pub(super) const CARE: &str = "care-level";

/// A page an end may show: its source, title, care level, and the answers that record it or end
/// on it.
struct Page<'t> {
    path: &'t PathBuf,
    title: String,
    care: CareLevel,
    first: usize,
    records: Vec<Edge<'t>>,
    ends: Vec<Edge<'t>>,
}

impl Page<'_> {
    fn code(&self) -> String {
        self.path.with_extension("").display().to_string()
    }
    fn var(&self, what: &str) -> String {
        format!("{what}{}", ident(&self.code()))
    }
}

/// The outcome's variables (Questionnaire-level `variable` extensions) and items.
pub(super) fn outcome(site: &Site, codes: &Codes, nodes: &[&Node]) -> (Vec<Value>, Vec<Value>) {
    let pages = pages(site, codes, nodes);
    let mut ends = Vec::new();
    for node in nodes {
        for answer in &node.answers {
            for (when, target) in alternatives(&answer.to) {
                if !matches!(target, Target::Node(_)) {
                    ends.push(Edge {
                        from: source(codes, node, answer),
                        when,
                    });
                }
            }
        }
    }
    // A variable only where an expression reads it twice: "recorded" for a page some answer
    // records, "shown" for a page some answer ends on.
    let mut vars = vec![super::variable(ENDED, &super::logic::any_of(&ends))];
    for page in pages.iter().filter(|p| !p.records.is_empty()) {
        vars.push(super::variable(
            &page.var("recorded"),
            &super::logic::any_of(&page.records),
        ));
    }
    for page in pages.iter().filter(|p| !p.ends.is_empty()) {
        vars.push(super::variable(&page.var("shown"), &shown(page, &pages)));
    }
    let mut items = vec![super::items::hidden_boolean(ENDED, "%ended")];
    items.push(care_item(site, codes, &pages));
    for page in &pages {
        items.push(page_item(codes, page));
    }
    (vars, items)
}

/// FHIRPath: the page is shown (the variable that says so, or that it is recorded).
fn is_shown(page: &Page<'_>) -> String {
    match (page.ends.is_empty(), page.records.is_empty()) {
        (false, _) => format!("%{}", page.var("shown")),
        (true, false) => format!("%{}", page.var("recorded")),
        (true, true) => "false".into(),
    }
}

/// FHIRPath: the page is shown: recorded, or ended on and more urgent than every finding
/// recorded (see `clinical::findings::shown`).
fn shown(page: &Page<'_>, pages: &[Page<'_>]) -> String {
    let recorded = match page.records.is_empty() {
        true => "false".to_string(),
        false => format!("%{}", page.var("recorded")),
    };
    let as_urgent: Vec<String> = pages
        .iter()
        .filter(|p| p.care <= page.care && !p.records.is_empty())
        .map(|p| format!("%{}", p.var("recorded")))
        .collect();
    let mut ended = format!("{} ", super::logic::any_of(&page.ends));
    if !as_urgent.is_empty() {
        ended = format!("({ended}and ({}).not())", as_urgent.join(" or "));
    }
    format!("({recorded} or {})", ended.trim())
}

/// Every page a path may show, most urgent first, then in form order.
fn pages<'t>(site: &Site, codes: &Codes, nodes: &[&'t Node]) -> Vec<Page<'t>> {
    let mut pages: Vec<Page<'t>> = Vec::new();
    for (at, node) in nodes.iter().enumerate() {
        for answer in &node.answers {
            let records = answer.record.as_ref().map(|(r, _)| alternatives(r));
            for (when, path) in records.into_iter().flatten() {
                let edge = Edge {
                    from: source(codes, node, answer),
                    when,
                };
                if let Some(page) = page_of(site, &mut pages, path, at) {
                    page.records.push(edge);
                }
            }
            for (when, target) in alternatives(&answer.to) {
                if let Target::Page(path) = target {
                    let edge = Edge {
                        from: source(codes, node, answer),
                        when,
                    };
                    if let Some(page) = page_of(site, &mut pages, path, at) {
                        page.ends.push(edge);
                    }
                }
            }
        }
    }
    pages.sort_by_key(|p| (p.care, p.first));
    pages
}

fn page_of<'p, 't>(
    site: &Site,
    pages: &'p mut Vec<Page<'t>>,
    path: &'t PathBuf,
    at: usize,
) -> Option<&'p mut Page<'t>> {
    if let Some(i) = pages.iter().position(|p| p.path == path) {
        return pages.get_mut(i);
    }
    let page = normalise(path).and_then(|p| site.page(&p))?;
    pages.push(Page {
        path,
        title: page.front.title.clone(),
        care: page.front.care?,
        first: at,
        records: Vec::new(),
        ends: Vec::new(),
    });
    pages.last_mut()
}

/// A read-only choice item shown once the path has ended, whose value is worked out.
fn result_item(link: &str, text: &str, options: Vec<Value>, expression: String) -> Value {
    json!({
        "linkId": link,
        "text": text,
        "type": "choice",
        "readOnly": true,
        "answerOption": options,
        "enableWhen": [{"question": ENDED, "operator": "=", "answerBoolean": true}],
        "extension": [super::items::control("radio-button"), super::calculated(&expression)],
    })
}

fn pick(code: &str) -> String {
    super::logic::own_option(&super::logic::quote(code))
}

/// The care level: the most urgent of the pages shown.
fn care_item(site: &Site, codes: &Codes, pages: &[Page<'_>]) -> Value {
    let options = CareLevel::ALL
        .iter()
        .map(|c| json!({"valueCoding": {"system": codes.care, "code": c.key(), "display": site.config.care_label(*c)}}))
        .collect();
    let mut expr = "{}".to_string();
    for care in CareLevel::ALL.iter().rev() {
        let shown: Vec<String> = pages
            .iter()
            .filter(|p| p.care == *care)
            .map(is_shown)
            .collect();
        if !shown.is_empty() {
            expr = format!("iif({}, {}, {expr})", shown.join(" or "), pick(care.key()));
        }
    }
    let expression = format!("iif(%ended, {expr}, {{}})");
    result_item(CARE, super::words::CARE_LEVEL, options, expression)
}

/// One page the end may show, with its care level in its display.
fn page_item(codes: &Codes, page: &Page<'_>) -> Value {
    let link = format!("page:{}", page.code());
    let option =
        json!({"valueCoding": {"system": codes.pages, "code": page.code(), "display": page.title}});
    let expression = format!(
        "iif(%ended and {}, {}, {{}})",
        is_shown(page),
        pick(&page.code())
    );
    let mut item = result_item(&link, &page.title, vec![option], expression);
    item["code"] = json!([{"system": codes.care, "code": page.care.key()}]);
    item
}
