//! The states a reader can be in, and the one function that moves between them. A state is what
//! decides the future: the node (and, in a checklist, its tally), the variables set and the
//! findings recorded. Expansion, validation and the clinical cases all move with [`step`], so
//! they cannot disagree about where an answer leads.

use super::checklist::Tally;
use super::{Answer, Node, Target, Tree};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Where a reader is and what decides where they can go.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct State<'t> {
    /// The node being asked.
    pub node: &'t str,
    /// How far a checklist has got (checklist nodes only).
    pub tally: Option<Tally>,
    /// Variables set so far.
    pub vars: BTreeMap<&'t str, &'t str>,
    /// Findings recorded so far, in the order recorded, each once.
    pub findings: Vec<&'t PathBuf>,
}

/// One thing a reader can do on a page.
#[derive(Debug, Clone, Copy)]
pub enum Move<'t> {
    /// Choose an answer of a question.
    Answer(&'t Answer),
    /// Say whether checklist sign `sign` is present.
    Sign {
        /// Index of the sign.
        sign: usize,
        /// Present.
        yes: bool,
    },
}

/// The end of a path.
#[derive(Debug, Clone)]
pub struct End<'t> {
    /// Findings recorded on the way (including one recorded by the last answer).
    pub findings: Vec<&'t PathBuf>,
    /// The page the last answer names, if any (it counts as one more finding).
    pub outcome: Option<&'t PathBuf>,
    /// The answer (or checklist exit) that ended the path.
    pub exit: &'t Answer,
}

impl<'t> End<'t> {
    /// Every page the end shows: the findings, then the outcome, each once.
    pub fn pages(&self) -> Vec<&'t PathBuf> {
        let mut pages = self.findings.clone();
        if let Some(o) = self.outcome
            && !pages.contains(&o)
        {
            pages.push(o);
        }
        pages
    }
}

/// Where a move leads.
#[derive(Debug, Clone)]
pub enum After<'t> {
    /// Another page of a node.
    At(State<'t>),
    /// The end of the path.
    End(End<'t>),
}

/// The result of a move.
#[derive(Debug, Clone)]
pub struct Stepped<'t> {
    /// Where it leads.
    pub after: After<'t>,
    /// The answer or checklist exit taken, if the move left the node.
    pub exit: Option<&'t Answer>,
    /// True when the move finished a part of the protocol (it recorded a finding or left a
    /// checklist) and goes on to another node.
    pub closes: bool,
    /// The finding the move recorded, if it recorded one (chosen by the variables after the
    /// answer's own `set`, like its target).
    pub recorded: Option<&'t PathBuf>,
}

impl<'t> State<'t> {
    /// The state at the start of the tree.
    pub fn start(tree: &'t Tree) -> Option<State<'t>> {
        State::at(tree, &tree.start, BTreeMap::new(), Vec::new())
    }

    fn at(
        tree: &'t Tree,
        id: &str,
        vars: BTreeMap<&'t str, &'t str>,
        findings: Vec<&'t PathBuf>,
    ) -> Option<State<'t>> {
        let (id, node) = tree.nodes.get_key_value(id)?;
        Some(State {
            node: id,
            tally: node.checklist.as_ref().map(|c| c.start()),
            vars,
            findings,
        })
    }

    /// The node asked.
    pub fn node(&self, tree: &'t Tree) -> Option<&'t Node> {
        tree.nodes.get(self.node)
    }

    /// The checklist sign asked in this state, if the node is a checklist.
    pub fn sign(&self, tree: &'t Tree) -> Option<usize> {
        let list = self.node(tree)?.checklist.as_ref()?;
        list.next_sign(self.tally.as_ref()?)
    }

    /// What the reader can do here, in page order.
    pub fn moves(&self, tree: &'t Tree) -> Vec<Move<'t>> {
        let Some(node) = self.node(tree) else {
            return Vec::new();
        };
        match (&node.checklist, self.sign(tree)) {
            (Some(_), Some(sign)) => vec![
                Move::Sign { sign, yes: true },
                Move::Sign { sign, yes: false },
            ],
            (Some(_), None) => Vec::new(),
            (None, _) => node.answers.iter().map(Move::Answer).collect(),
        }
    }
}

/// Makes a move; `None` when it leads nowhere (a target chosen by a variable that is unset, or
/// a node that does not exist: validation reports both).
pub fn step<'t>(tree: &'t Tree, state: &State<'t>, mv: Move<'t>) -> Option<Stepped<'t>> {
    let node = state.node(tree)?;
    let exit = match mv {
        Move::Answer(a) => a,
        Move::Sign { sign, yes } => {
            let list = node.checklist.as_ref()?;
            let tally = list.answer(state.tally.as_ref()?, sign, yes);
            match list.decided(&tally) {
                Some(exit) => node.answers.get(exit)?,
                None => {
                    let next = State {
                        tally: Some(tally),
                        ..state.clone()
                    };
                    return Some(Stepped {
                        after: After::At(next),
                        exit: None,
                        closes: false,
                        recorded: None,
                    });
                }
            }
        }
    };
    let mut vars = state.vars.clone();
    for set in &exit.set {
        vars.insert(&set.var, &set.value);
    }
    let mut findings = state.findings.clone();
    let recorded = match &exit.record {
        Some((choice, _)) => Some(choice.pick(&vars)?),
        None => None,
    };
    if let Some(page) = recorded
        && !findings.contains(&page)
    {
        findings.push(page);
    }
    let target = exit.to.pick(&vars)?;
    let after = match target {
        Target::Node(id) => After::At(State::at(tree, id, vars, findings)?),
        Target::Page(page) => After::End(End {
            findings,
            outcome: Some(page),
            exit,
        }),
        Target::Finish => After::End(End {
            findings,
            outcome: None,
            exit,
        }),
    };
    let closes =
        matches!(after, After::At(_)) && (exit.record.is_some() || node.checklist.is_some());
    Some(Stepped {
        after,
        exit: Some(exit),
        closes,
        recorded,
    })
}

/// Every state reachable from the start, each with whether a red-flag screen has been passed on
/// some path to it (a state reached both screened and not appears twice). Visiting stops after
/// `limit` states.
pub fn reachable(tree: &Tree, limit: usize) -> BTreeSet<(State<'_>, bool)> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<(State<'_>, bool)> =
        State::start(tree).map(|s| (s, false)).into_iter().collect();
    while let Some((state, screened)) = stack.pop() {
        if seen.len() >= limit || seen.contains(&(state.clone(), screened)) {
            continue;
        }
        let here = screened || state.node(tree).is_some_and(|n| n.red_flag);
        for mv in state.moves(tree) {
            if let Some(Stepped {
                after: After::At(next),
                ..
            }) = step(tree, &state, mv)
            {
                stack.push((next, here));
            }
        }
        seen.insert((state, screened));
    }
    seen
}
