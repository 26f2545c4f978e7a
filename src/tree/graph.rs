//! The graph of every state a reader of a tree can be in, built once from the tree's start with
//! [`step`], the same function the page writer and the cases move with. Each state keeps the
//! move that first reached it (so a shortest answer sequence to it can be spelled out) and each
//! distinct end (its exit, the findings recorded and the page named) is listed once: the tree's
//! end states. The red-flag path rules, the coverage of the cases and the uncovered end states
//! all read this graph instead of walking answer sequences.

use super::state::{After, End, Move, State, step};
use super::{Answer, Tree};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::PathBuf;

/// Most states a graph holds; a tree with more is far over any page budget.
pub(crate) const STATE_LIMIT: usize = 200_000;

/// Where an edge of the graph leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    /// Another state, by index.
    State(usize),
    /// An end, by index into [`Graph::ends`].
    End(usize),
    /// Nowhere: a variable is unset or a target is missing (validation reports both).
    Nowhere,
}

/// One move out of a state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge<'t> {
    /// The move made.
    pub(crate) mv: Move<'t>,
    /// The answer or checklist exit taken, if the move left the node.
    pub(crate) exit: Option<&'t Answer>,
    /// The finding it recorded, if any.
    pub(crate) recorded: Option<&'t PathBuf>,
    /// Where it leads.
    pub(crate) next: Next,
}

/// What tells two ends apart: the exit taken, the findings recorded (as a set) and the page
/// named by the last answer.
type EndKey<'t> = (*const Answer, BTreeSet<&'t PathBuf>, Option<&'t PathBuf>);

/// Every state and end of a tree.
#[derive(Debug, Default)]
pub(crate) struct Graph<'t> {
    /// The states, the start first, in breadth-first order.
    pub(crate) states: Vec<State<'t>>,
    /// The moves out of each state, in page order.
    pub(crate) edges: Vec<Vec<Edge<'t>>>,
    /// How each state was first reached: the state before it and the index of the edge.
    pub(crate) parent: Vec<Option<(usize, usize)>>,
    /// The distinct ends.
    pub(crate) ends: Vec<End<'t>>,
    /// How each end was first reached: the state and the index of the edge.
    pub(crate) end_parent: Vec<(usize, usize)>,
    /// True when the graph stopped at [`STATE_LIMIT`].
    pub(crate) over: bool,
    /// Each end's index by what tells it apart.
    end_index: HashMap<EndKey<'t>, usize>,
}

impl<'t> Graph<'t> {
    /// Builds the graph of `tree`, breadth first, so the first path to each state and end is a
    /// shortest one.
    pub(crate) fn of(tree: &'t Tree) -> Graph<'t> {
        let mut graph = Graph::default();
        let Some(start) = State::start(tree) else {
            return graph;
        };
        let mut index: HashMap<State<'t>, usize> = HashMap::new();
        index.insert(start.clone(), 0);
        graph.push(start, None);
        let mut queue = VecDeque::from([0]);
        while let Some(at) = queue.pop_front() {
            let state = graph.states[at].clone();
            for mv in state.moves(tree) {
                let edge_no = graph.edges[at].len();
                let stepped = step(tree, &state, mv);
                let next = match stepped.as_ref().map(|s| &s.after) {
                    None => Next::Nowhere,
                    Some(After::At(next)) => match index.get(next) {
                        Some(&i) => Next::State(i),
                        None if graph.states.len() >= STATE_LIMIT => {
                            graph.over = true;
                            Next::Nowhere
                        }
                        None => {
                            let i = graph.states.len();
                            index.insert(next.clone(), i);
                            graph.push(next.clone(), Some((at, edge_no)));
                            queue.push_back(i);
                            Next::State(i)
                        }
                    },
                    Some(After::End(end)) => {
                        let key = end_key(end);
                        let i = *graph.end_index.entry(key).or_insert_with(|| {
                            graph.ends.push(end.clone());
                            graph.end_parent.push((at, edge_no));
                            graph.ends.len() - 1
                        });
                        Next::End(i)
                    }
                };
                graph.edges[at].push(Edge {
                    mv,
                    exit: stepped.as_ref().and_then(|s| s.exit),
                    recorded: stepped.as_ref().and_then(|s| s.recorded),
                    next,
                });
            }
        }
        graph
    }

    /// The index of an end reached by a walk (a case), if the graph has it.
    pub(crate) fn end_of(&self, end: &End<'t>) -> Option<usize> {
        self.end_index.get(&end_key(end)).copied()
    }

    fn push(&mut self, state: State<'t>, parent: Option<(usize, usize)>) {
        self.states.push(state);
        self.edges.push(Vec::new());
        self.parent.push(parent);
    }

    /// The moves of a shortest path from the start to state `at`, first to last.
    pub(crate) fn path_to(&self, mut at: usize) -> Vec<Move<'t>> {
        let mut moves = Vec::new();
        while let Some((before, edge)) = self.parent[at] {
            moves.push(self.edges[before][edge].mv);
            at = before;
        }
        moves.reverse();
        moves
    }

    /// The moves of a shortest path from the start to end `end`, first to last.
    pub(crate) fn path_to_end(&self, end: usize) -> Vec<Move<'t>> {
        let (at, edge) = self.end_parent[end];
        let mut moves = self.path_to(at);
        moves.push(self.edges[at][edge].mv);
        moves
    }

    /// The moves of a shortest path from the start through edge `edge` of state `at` to an
    /// end for which `wanted` holds, and that end, if there is one (breadth first from that
    /// edge).
    pub(crate) fn path_through(
        &self,
        (at, edge): (usize, usize),
        wanted: &dyn Fn(usize) -> bool,
    ) -> Option<(Vec<Move<'t>>, usize)> {
        let mut moves = self.path_to(at);
        moves.push(self.edges[at][edge].mv);
        let first = match self.edges[at][edge].next {
            Next::End(end) => return wanted(end).then_some((moves, end)),
            Next::State(s) => s,
            Next::Nowhere => return None,
        };
        let mut came: HashMap<usize, (usize, Move<'t>)> = HashMap::new();
        let mut queue = VecDeque::from([first]);
        let mut seen = BTreeSet::from([first]);
        while let Some(s) = queue.pop_front() {
            for e in &self.edges[s] {
                match e.next {
                    Next::End(end) if wanted(end) => {
                        let mut tail = vec![e.mv];
                        let mut back = s;
                        while let Some(&(prev, mv)) = came.get(&back) {
                            tail.push(mv);
                            back = prev;
                        }
                        tail.reverse();
                        moves.extend(tail);
                        return Some((moves, end));
                    }
                    Next::State(n) if seen.insert(n) => {
                        came.insert(n, (s, e.mv));
                        queue.push_back(n);
                    }
                    _ => {}
                }
            }
        }
        None
    }
}

fn end_key<'t>(end: &End<'t>) -> EndKey<'t> {
    (
        std::ptr::from_ref(end.exit),
        end.findings.iter().copied().collect(),
        end.outcome,
    )
}

/// The words of a move: the answer's label, or the sign's yes or no words.
pub(crate) fn move_words<'t>(tree: &'t Tree, state_node: &str, mv: Move<'t>) -> &'t str {
    match mv {
        Move::Answer(a) => &a.label,
        Move::Sign { sign, yes } => tree
            .nodes
            .get(state_node)
            .and_then(|n| n.checklist.as_ref())
            .map_or("", |c| c.label(sign, yes)),
    }
}

/// A sequence of moves from the start in words: `"No, none of these" › "Yes, …"`.
pub(crate) fn words(tree: &Tree, moves: &[Move<'_>]) -> Vec<String> {
    let Some(mut state) = State::start(tree) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &mv in moves {
        out.push(move_words(tree, state.node, mv).to_string());
        match step(tree, &state, mv).map(|s| s.after) {
            Some(After::At(next)) => state = next,
            _ => break,
        }
    }
    out
}

/// Answers in words, quoted and joined as the messages show them.
pub(crate) fn quoted(answers: &[String]) -> String {
    answers
        .iter()
        .map(|a| format!("\"{a}\""))
        .collect::<Vec<_>>()
        .join(" › ")
}
