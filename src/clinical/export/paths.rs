//! Every row of the disposition table as the answers one reader gives on it (`--format paths`,
//! JSON), so another implementation of the tree (a FHIR forms client) can be walked path by
//! path and compared with the table. A row whose checklists the table shows by their finding
//! alone is given one concrete run of signs that reaches that finding and the row's next step;
//! the runs are taken in turn, so the rows together try many runs of each checklist.

use crate::clinical::findings::shown;
use crate::site::Site;
use crate::tree::Tree;
use crate::tree::expand::{self, Closed, Given, Visit};
use crate::tree::state::{After, End, Move, State, Stepped, step};
use serde_json::{Value, json};
use std::collections::HashMap;

/// The rows as JSON: `{"paths": [{"care", "pages", "answers": [{"question", "label",
/// "sign"}]}]}`, in the table's order (most urgent first). `sign` is `true`/`false` for a
/// checklist's sign (present or not) and absent for a question's answer.
pub fn json(site: &Site, tree: &Tree) -> String {
    let expansion = expand::expand_within(tree, site.config.tree_page_budget);
    let mut turn: HashMap<(String, Option<String>), usize> = HashMap::new();
    let mut rows: Vec<(crate::care::CareLevel, Value)> = Vec::new();
    for (index, page) in expansion.pages.iter().enumerate() {
        let Visit::End(end) = &page.visit else {
            continue;
        };
        let pages = shown(site, end);
        let Some((_, care)) = pages.first() else {
            continue;
        };
        let trail: Vec<Given<'_>> = expansion
            .trail(index)
            .into_iter()
            .map(|s| s.given)
            .collect();
        let answers = replay(tree, (&trail, end), &mut turn).unwrap_or_default();
        let sources: Vec<String> = pages
            .iter()
            .map(|(p, _)| p.source.display().to_string())
            .collect();
        rows.push((
            *care,
            json!({"care": care.key(), "pages": sources, "answers": answers}),
        ));
    }
    rows.sort_by_key(|(care, _)| *care);
    let paths: Vec<Value> = rows.into_iter().map(|(_, row)| row).collect();
    let mut text = serde_json::to_string_pretty(&json!({"tree": tree.title, "paths": paths}))
        .unwrap_or_default();
    text.push('\n');
    text
}

/// One answer given, as the reader sees it.
fn given(tree: &Tree, state: &State<'_>, mv: Move<'_>) -> Value {
    let Some(node) = state.node(tree) else {
        return Value::Null;
    };
    match (mv, &node.checklist) {
        (Move::Sign { sign, yes }, Some(list)) => json!({
            "question": list.signs.get(sign).map_or("", |s| s.question.as_str()),
            "label": list.label(sign, yes),
            "sign": yes,
        }),
        (Move::Answer(answer), _) => json!({"question": node.question, "label": answer.label}),
        _ => Value::Null,
    }
}

/// The concrete answers of a trail, replayed from the start with `step`; `None` if the trail
/// cannot be replayed (it always can: it was made by the same steps).
fn replay<'t>(
    tree: &'t Tree,
    (trail, end): (&[Given<'t>], &End<'t>),
    turn: &mut HashMap<(String, Option<String>), usize>,
) -> Option<Vec<Value>> {
    let mut state = State::start(tree)?;
    let mut out = Vec::new();
    for (i, entry) in trail.iter().enumerate() {
        let moves: Vec<Move<'t>> = match entry {
            Given::Answer(_, answer) | Given::Part(_, _, Closed::Answer(answer)) => {
                vec![Move::Answer(answer)]
            }
            Given::Sign(_, sign, yes) => vec![Move::Sign {
                sign: *sign,
                yes: *yes,
            }],
            Given::Part(node, _, Closed::Signs(present)) => {
                let mut s = state.clone();
                let mut moves = Vec::new();
                while s.node == node.id
                    && let Some(sign) = s.sign(tree)
                {
                    let mv = Move::Sign {
                        sign,
                        yes: present.contains(&sign),
                    };
                    moves.push(mv);
                    match step(tree, &s, mv)?.after {
                        After::At(next) => s = next,
                        After::End(_) => break,
                    }
                }
                moves
            }
            Given::Part(node, finding, Closed::Unlisted) => {
                let next = trail.get(i + 1).map(|g| g.node().id.as_str());
                let runs: Vec<Vec<Move<'t>>> = sign_runs(tree, &state)
                    .into_iter()
                    .filter(|(_, st)| st.recorded == *finding && leads_to(st, next, end))
                    .map(|(run, _)| run)
                    .collect();
                let key = (node.id.clone(), finding.map(|f| f.display().to_string()));
                let at = turn.entry(key).or_default();
                *at += 1;
                runs.get((*at - 1) % runs.len().max(1))?.clone()
            }
        };
        for mv in moves {
            out.push(given(tree, &state, mv));
            match step(tree, &state, mv)?.after {
                After::At(next) => state = next,
                After::End(_) => return Some(out),
            }
        }
    }
    Some(out)
}

fn leads_to(stepped: &Stepped<'_>, next: Option<&str>, end: &End<'_>) -> bool {
    match (&stepped.after, next) {
        (After::At(s), Some(id)) => s.node == id,
        (After::End(reached), None) => reached.pages() == end.pages(),
        _ => false,
    }
}

/// Every run of signs through the checklist at `state`, with the move that leaves it.
fn sign_runs<'t>(tree: &'t Tree, state: &State<'t>) -> Vec<(Vec<Move<'t>>, Stepped<'t>)> {
    let mut out = Vec::new();
    let mut stack = vec![(state.clone(), Vec::new())];
    while let Some((s, run)) = stack.pop() {
        for mv in s.moves(tree) {
            let Some(stepped) = step(tree, &s, mv) else {
                continue;
            };
            let mut run: Vec<Move<'t>> = run.clone();
            run.push(mv);
            match (&stepped.after, stepped.exit) {
                (After::At(next), None) => stack.push((next.clone(), run)),
                _ => out.push((run, stepped)),
            }
        }
    }
    out.reverse();
    out
}
