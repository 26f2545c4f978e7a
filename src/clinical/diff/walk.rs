//! The two versions of a tree walked side by side for every patient at once. A patient is the
//! answers they would give: one answer to each question, present or not for each checklist
//! sign, matched between the versions by node id and answer key (`id`, else the slug of the
//! label) and by sign id. Each version moves with its own [`step`]; when one asks something the
//! other has not asked yet, the answer is branched on once and kept until the other asks it too,
//! so both versions always see the same patient. Walks that reach the same pair of states with
//! the same answers pending are merged, so the work grows with the states of the two versions,
//! not with the answer combinations, which are counted instead.

use crate::tree::state::{After, End, Move, State, step};
use crate::tree::{Node, Tree};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// Most merged walk positions before the comparison gives up: two versions that differ so much
/// are better read side by side.
const POSITION_LIMIT: usize = 2_000_000;

/// Which version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Side {
    Old,
    New,
}

/// Something a patient is asked: a question by node id, or a sign of a checklist.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Fact<'t> {
    Question(&'t str),
    Sign(&'t str, &'t str),
}

/// An answer, as both versions match it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Value<'t> {
    Key(&'t str),
    Present(bool),
}

/// An answer one version has taken that the other has not asked for yet: its words (for the
/// report) and the text the asking version showed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Pending<'t> {
    value: Value<'t>,
    asked_by: Side,
    words: &'t str,
    shown: String,
}

/// Where one version stands.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Pos<'t> {
    At(State<'t>),
    /// Ended, with the index of its outcome (see [`Outcomes`]).
    Done(usize),
}

/// What one version tells a patient at the end, as an index into a table the caller fills.
pub(super) trait Outcomes<'t> {
    /// The outcome of an end reached by `side`.
    fn of_end(&mut self, side: Side, end: &End<'t>) -> usize;
    /// The outcome of a version that has no answer `words` to question `node`.
    fn unanswerable(&mut self, side: Side, node: &str, words: &str) -> usize;
}

/// What changes, for a group of patients.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Key {
    /// The outcome (old, new).
    Outcome(usize, usize),
    /// The text shown when asking something: the node, old text, new text.
    Text(String, String, String),
}

/// Patients who change the same way: how many answer combinations, and a shortest one.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub(super) count: u64,
    pub(super) example: Vec<String>,
}

/// The changes among all the answer combinations from one point of the walk on.
#[derive(Debug, Clone, Default)]
pub(super) struct Summary {
    /// Answer combinations from here on.
    pub(super) combinations: u64,
    /// The groups of changes.
    pub(super) groups: BTreeMap<Key, Group>,
}

impl Summary {
    fn add(&mut self, other: &Summary, word: Option<&str>) {
        self.combinations += other.combinations;
        for (key, group) in &other.groups {
            let mut example = Vec::with_capacity(group.example.len() + 1);
            example.extend(word.map(str::to_string));
            example.extend(group.example.iter().cloned());
            match self.groups.get_mut(key) {
                Some(have) => {
                    have.count += group.count;
                    if example.len() < have.example.len() {
                        have.example = example;
                    }
                }
                None => {
                    self.groups.insert(
                        key.clone(),
                        Group {
                            count: group.count,
                            example,
                        },
                    );
                }
            }
        }
    }
}

type Memo<'t> = HashMap<(Pos<'t>, Pos<'t>, Vec<(Fact<'t>, Pending<'t>)>), Rc<Summary>>;

/// Walks both versions for every patient.
pub(super) struct Walk<'t, 'o> {
    trees: (&'t Tree, &'t Tree),
    outcomes: &'o mut dyn Outcomes<'t>,
    memo: Memo<'t>,
    /// How deep each node lies (the longest path to it from the start, in the new version
    /// where it has the node), so the version that lags behind is asked first.
    depth: HashMap<&'t str, usize>,
}

impl<'t, 'o> Walk<'t, 'o> {
    /// A walk of `old` and `new`, their outcomes kept by `outcomes`.
    pub(super) fn new(old: &'t Tree, new: &'t Tree, outcomes: &'o mut dyn Outcomes<'t>) -> Self {
        let mut depth = depths(new);
        for (id, d) in depths(old) {
            depth.entry(id).or_insert(d);
        }
        Walk {
            trees: (old, new),
            outcomes,
            memo: HashMap::new(),
            depth,
        }
    }

    /// Every change from the start, or `None` when the versions differ too much to compare.
    pub(super) fn run(&mut self) -> Option<Rc<Summary>> {
        let a = Pos::At(State::start(self.trees.0)?);
        let b = Pos::At(State::start(self.trees.1)?);
        self.explore(a, b, Vec::new())
    }

    fn tree(&self, side: Side) -> &'t Tree {
        match side {
            Side::Old => self.trees.0,
            Side::New => self.trees.1,
        }
    }

    fn explore(
        &mut self,
        a: Pos<'t>,
        b: Pos<'t>,
        pending: Vec<(Fact<'t>, Pending<'t>)>,
    ) -> Option<Rc<Summary>> {
        // An answer waiting for a version that has ended will never be taken.
        let mut pending = pending;
        pending.retain(|(_, p)| match p.asked_by {
            Side::Old => matches!(b, Pos::At(_)),
            Side::New => matches!(a, Pos::At(_)),
        });
        let key = (a, b, pending);
        if let Some(done) = self.memo.get(&key) {
            return Some(done.clone());
        }
        if self.memo.len() >= POSITION_LIMIT {
            return None;
        }
        let (a, b, pending) = key.clone();
        let summary = Rc::new(self.branch(a, b, pending)?);
        self.memo.insert(key, summary.clone());
        Some(summary)
    }

    /// One step of the walk: a leaf, an answer one version waits for, or a new question.
    fn branch(
        &mut self,
        a: Pos<'t>,
        b: Pos<'t>,
        mut pending: Vec<(Fact<'t>, Pending<'t>)>,
    ) -> Option<Summary> {
        let (sa, sb) = match (&a, &b) {
            (Pos::Done(x), Pos::Done(y)) => return Some(leaf(*x, *y)),
            (Pos::At(sa), Pos::At(sb)) => (Some(sa), Some(sb)),
            (Pos::At(sa), Pos::Done(_)) => (Some(sa), None),
            (Pos::Done(_), Pos::At(sb)) => (None, Some(sb)),
        };
        // A version asks what the other has answered already: take that answer.
        for (side, state) in [(Side::Old, sa), (Side::New, sb)] {
            let Some(state) = state else { continue };
            let fact = fact_of(self.tree(side), state);
            if let Some(i) = pending
                .iter()
                .position(|(f, p)| *f == fact && p.asked_by != side)
            {
                let (_, answer) = pending.remove(i);
                let text = shown(self.tree(side), state);
                let next = self.advance(side, state, &answer.value, answer.words);
                let (a, b) = match side {
                    Side::Old => (next, b.clone()),
                    Side::New => (a.clone(), next),
                };
                let mut summary = self
                    .explore(a, b, prune(pending, self.trees))?
                    .as_ref()
                    .clone();
                let (old, new) = match side {
                    Side::Old => (text, answer.shown),
                    Side::New => (answer.shown, text),
                };
                text_change(&mut summary, state.node, old, new);
                return Some(summary);
            }
        }
        // Both ask something new: branch on the question of the version that lags behind (the
        // new one when level), so examples follow the order a reader is asked in.
        let deep = |s: &State<'t>| self.depth.get(s.node).copied().unwrap_or(0);
        match (sa, sb) {
            (Some(o), Some(n)) if deep(o) < deep(n) => self.ask(Side::Old, o, (&a, &b), pending),
            (_, Some(n)) => self.ask(Side::New, n, (&a, &b), pending),
            (Some(o), None) => self.ask(Side::Old, o, (&a, &b), pending),
            (None, None) => None,
        }
    }

    /// Branches on every answer to what `state` (of `side`) asks. When the new version asks
    /// and the old one asks the same, both take the answer at once; else it waits for the
    /// other version, unless that one has ended.
    fn ask(
        &mut self,
        side: Side,
        state: &State<'t>,
        (a, b): (&Pos<'t>, &Pos<'t>),
        pending: Vec<(Fact<'t>, Pending<'t>)>,
    ) -> Option<Summary> {
        let tree = self.tree(side);
        let fact = fact_of(tree, state);
        let other = match side {
            Side::Old => b,
            Side::New => a,
        };
        let together = match (side, other) {
            (Side::New, Pos::At(o)) if fact_of(self.trees.0, o) == fact => Some(o),
            _ => None,
        };
        let text = shown(tree, state);
        let mut summary = Summary::default();
        for (value, words) in self.values(&fact, (side, state), together) {
            let next = self.advance(side, state, &value, words);
            let mut waiting = pending.clone();
            let moved = match (together, other) {
                (Some(o), _) => self.advance(Side::Old, o, &value, words),
                (None, Pos::At(_)) => {
                    let asked = Pending {
                        value,
                        asked_by: side,
                        words,
                        shown: text.clone(),
                    };
                    waiting.push((fact.clone(), asked));
                    waiting.sort_by(|x, y| x.0.cmp(&y.0));
                    other.clone()
                }
                (None, Pos::Done(_)) => other.clone(),
            };
            let (a, b) = match side {
                Side::Old => (next, moved),
                Side::New => (moved, next),
            };
            let waiting = prune(waiting, self.trees);
            let mut child = self.explore(a, b, waiting)?.as_ref().clone();
            if let Some(o) = together {
                text_change(&mut child, state.node, shown(self.trees.0, o), text.clone());
            }
            summary.add(&child, Some(words));
        }
        Some(summary)
    }

    /// The answers a patient can give to `fact`, asked by `side` in `state` (and by the old
    /// version in `together`): each version's, matched by key, the new version's words first.
    fn values(
        &self,
        fact: &Fact<'t>,
        (side, state): (Side, &State<'t>),
        together: Option<&State<'t>>,
    ) -> Vec<(Value<'t>, &'t str)> {
        match fact {
            Fact::Sign(..) => {
                let words = |yes| {
                    let mut found = "";
                    let asked = [(self.tree(side), Some(state)), (self.trees.0, together)];
                    for (tree, s) in asked {
                        if let Some(s) = s
                            && let Some((list, sign)) = checklist_sign(tree, s)
                            && found.is_empty()
                        {
                            found = list.label(sign, yes);
                        }
                    }
                    found
                };
                vec![
                    (Value::Present(true), words(true)),
                    (Value::Present(false), words(false)),
                ]
            }
            Fact::Question(id) => {
                let mut out: Vec<(Value<'t>, &'t str)> = Vec::new();
                for tree in [self.trees.1, self.trees.0] {
                    for answer in tree.nodes.get(*id).map_or(&[][..], |n| &n.answers[..]) {
                        if !out.iter().any(|(v, _)| *v == Value::Key(&answer.key)) {
                            out.push((Value::Key(&answer.key), &answer.label));
                        }
                    }
                }
                out
            }
        }
    }

    /// The position of `side` after answering `value` in `state` (ended as "no such answer"
    /// when this version does not have it).
    fn advance(
        &mut self,
        side: Side,
        state: &State<'t>,
        value: &Value<'t>,
        words: &str,
    ) -> Pos<'t> {
        let tree = self.tree(side);
        let mv = match value {
            Value::Key(key) => state
                .node(tree)
                .and_then(|n| n.answers.iter().find(|a| a.key == *key))
                .map(Move::Answer),
            Value::Present(yes) => state.sign(tree).map(|sign| Move::Sign { sign, yes: *yes }),
        };
        let Some(mv) = mv else {
            return Pos::Done(self.outcomes.unanswerable(side, state.node, words));
        };
        match step(tree, state, mv).map(|s| s.after) {
            Some(After::At(next)) => Pos::At(next),
            Some(After::End(end)) => Pos::Done(self.outcomes.of_end(side, &end)),
            None => Pos::Done(self.outcomes.unanswerable(side, state.node, words)),
        }
    }
}

/// A patient at the end of both versions.
fn leaf(old: usize, new: usize) -> Summary {
    let mut groups = BTreeMap::new();
    if old != new {
        groups.insert(
            Key::Outcome(old, new),
            Group {
                count: 1,
                example: Vec::new(),
            },
        );
    }
    Summary {
        combinations: 1,
        groups,
    }
}

/// Records that every patient below was shown other words when asked at `node`: the question,
/// the line, or both, each as its own change. The topmost point where a patient sees a change
/// counts them once (a line shown on every sign page of a checklist is one change).
fn text_change(summary: &mut Summary, node: &str, old: String, new: String) {
    let (old_q, old_line) = old.split_once('\n').unwrap_or((&old, ""));
    let (new_q, new_line) = new.split_once('\n').unwrap_or((&new, ""));
    for (a, b) in [(old_q, new_q), (old_line, new_line)] {
        if a != b {
            let group = Group {
                count: summary.combinations,
                example: Vec::new(),
            };
            summary.groups.insert(
                Key::Text(node.to_string(), a.to_string(), b.to_string()),
                group,
            );
        }
    }
}

/// Drops answers the other version can never ask for (its tree has no such node).
fn prune<'t>(
    mut pending: Vec<(Fact<'t>, Pending<'t>)>,
    trees: (&Tree, &Tree),
) -> Vec<(Fact<'t>, Pending<'t>)> {
    pending.retain(|(fact, p)| {
        let other = match p.asked_by {
            Side::Old => trees.1,
            Side::New => trees.0,
        };
        let node = match fact {
            Fact::Question(id) | Fact::Sign(id, _) => id,
        };
        other.nodes.contains_key(*node)
    });
    pending
}

/// The longest path from the start to each node of an acyclic tree, relaxed in topological
/// order (Kahn), so each answer is looked at once.
fn depths(tree: &Tree) -> HashMap<&str, usize> {
    let next = |id: &str| -> Vec<&str> {
        let node = tree.nodes.get(id);
        let ids = node
            .into_iter()
            .flat_map(|n| &n.answers)
            .flat_map(|a| a.next_nodes());
        ids.filter_map(|n| tree.nodes.get_key_value(n).map(|(k, _)| k.as_str()))
            .collect()
    };
    let mut incoming: HashMap<&str, usize> = tree.nodes.keys().map(|k| (k.as_str(), 0)).collect();
    for id in tree.nodes.keys() {
        for n in next(id) {
            *incoming.entry(n).or_default() += 1;
        }
    }
    let mut depth: HashMap<&str, usize> = HashMap::new();
    let mut ready: Vec<&str> = incoming
        .iter()
        .filter(|(_, n)| **n == 0)
        .map(|(k, _)| *k)
        .collect();
    while let Some(id) = ready.pop() {
        let d = depth.get(id).copied().unwrap_or(0);
        for n in next(id) {
            let deeper = depth.entry(n).or_insert(0);
            *deeper = (*deeper).max(d + 1);
            if let Some(left) = incoming.get_mut(n) {
                *left -= 1;
                if *left == 0 {
                    ready.push(n);
                }
            }
        }
    }
    depth
}

/// What `state` asks.
fn fact_of<'t>(tree: &'t Tree, state: &State<'t>) -> Fact<'t> {
    match checklist_sign(tree, state) {
        Some((list, sign)) => Fact::Sign(state.node, list.signs[sign].id.as_str()),
        None => Fact::Question(state.node),
    }
}

fn checklist_sign<'t>(
    tree: &'t Tree,
    state: &State<'t>,
) -> Option<(&'t crate::tree::checklist::Checklist, usize)> {
    let node: &Node = state.node(tree)?;
    Some((node.checklist.as_ref()?, state.sign(tree)?))
}

/// The words a reader sees when asked in `state`: the question (or the checklist's title and
/// the sign's question), then the line chosen for the variables set, one per line.
fn shown(tree: &Tree, state: &State<'_>) -> String {
    let Some(node) = state.node(tree) else {
        return String::new();
    };
    let question = match checklist_sign(tree, state) {
        Some((list, sign)) => format!("{}: {}", node.question, list.signs[sign].question),
        None => node.question.clone(),
    };
    let line = node.line.as_ref().and_then(|l| l.pick(&state.vars));
    format!("{question}\n{}", line.map_or("", String::as_str))
}
