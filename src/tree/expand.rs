//! Expansion: a tree becomes one page per question and end a reader can see, as a gamebook
//! does, because a static page cannot know how the reader reached it. A page is written once for
//! each distinct thing it shows: its node (or a checklist's sign, or an end), its "Your answers"
//! trail and the state that decides its future. Page names come from the answers given, not
//! their positions (see [`super::names`]).
//!
//! A plain tree (no findings, checklists or variables) has one page per path, named as it always
//! was. With findings and checklists, a protocol falls into parts: a part ends when an answer
//! records a finding and goes on, or when a checklist decides. The trail lists every answer given,
//! each with a Change link to the page where it was asked on this path; the node that closed a
//! finished part shows as one entry with the finding it recorded and what the reader gave there:
//! the answer, or a checklist's signs present ([`given`]). Listing the signs writes a page for
//! every combination of signs a reader can give (the protocol fixture: 87,847 pages instead of
//! 2,087), so a tree that would go over its page limit shows a finished checklist by its finding
//! alone ([`expand_within`]). Pages that would be identical are then written once, so pages grow
//! with what the reader sees and the states they can be in, not with the paths. Each page keeps
//! only the last entry of its trail; the rest is shared with the pages it came from
//! ([`Expansion::trail`]).

use super::names::page_name;
use super::state::{After, End, Move, State, step};
use super::{Node, Target, Tree};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

mod given;

pub use given::{Closed, Given, NO_SIGNS, Step, sign_words};

/// What a page of the expansion shows.
#[derive(Debug, Clone)]
pub enum Visit<'t> {
    /// A question.
    Question(&'t Node),
    /// One sign of a checklist.
    Sign(&'t Node, usize),
    /// The end of a path.
    End(End<'t>),
}

/// One page of the expansion.
#[derive(Debug, Clone)]
pub struct TreePage<'t> {
    /// File name inside the tree's folder.
    pub file: String,
    /// What the page shows.
    pub visit: Visit<'t>,
    /// The last entry of its trail, in [`Expansion`]'s shared list.
    trail: Option<usize>,
    /// Index of each answer's page, for questions (same order as the node's answers, or yes
    /// then no for a sign).
    pub answer_pages: Vec<usize>,
    /// The variables set on the way here.
    pub vars: BTreeMap<&'t str, &'t str>,
}

/// A tree's pages.
#[derive(Debug, Clone, Default)]
pub struct Expansion<'t> {
    /// The pages, depth first, the start first.
    pub pages: Vec<TreePage<'t>>,
    /// Trail entries, each with the entry before it.
    links: Vec<(Step<'t>, Option<usize>)>,
    /// Distinct states of the pages: question states, and the distinct ends.
    pub states: usize,
    /// True when the expansion stopped at its page limit.
    pub over: bool,
    /// True when finished checklists show their finding without their signs, because listing
    /// them would need more pages than the limit.
    pub signs_unlisted: bool,
}

impl<'t> Expansion<'t> {
    /// The trail of page `index`, first to last.
    pub fn trail(&self, index: usize) -> Vec<Step<'t>> {
        let mut steps = Vec::new();
        let mut at = self.pages.get(index).and_then(|p| p.trail);
        while let Some(i) = at {
            let Some((step, prev)) = self.links.get(i) else {
                break;
            };
            steps.push(step.clone());
            // A link always points to an earlier one; the check keeps this finite regardless.
            at = prev.filter(|p| *p < i);
        }
        steps.reverse();
        steps
    }

    /// End pages (one per distinct end).
    pub fn ends(&self) -> usize {
        self.pages
            .iter()
            .filter(|p| matches!(p.visit, Visit::End(_)))
            .count()
    }

    /// The page reached from the start by answering with these labels (a sign's yes or no
    /// words, a question's answer labels), or why not: the index of the first label that is
    /// not an answer on its page.
    pub fn follow(&self, labels: &[&str]) -> Result<usize, usize> {
        let mut page = 0;
        for (i, label) in labels.iter().enumerate() {
            let next = self
                .answer_labels(page)
                .iter()
                .position(|l| l.trim().eq_ignore_ascii_case(label.trim()));
            page = next
                .and_then(|n| self.pages[page].answer_pages.get(n).copied())
                .ok_or(i)?;
        }
        Ok(page)
    }

    /// The answer labels of page `index`, in order.
    pub fn answer_labels(&self, index: usize) -> Vec<&'t str> {
        match self.pages.get(index).map(|p| &p.visit) {
            Some(Visit::Question(node)) => node.answers.iter().map(|a| a.label.as_str()).collect(),
            Some(Visit::Sign(node, sign)) => node
                .checklist
                .as_ref()
                .map(|c| vec![c.label(*sign, true), c.label(*sign, false)])
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// Expands a validated (acyclic, fully linked) tree.
pub fn expand(tree: &Tree) -> Expansion<'_> {
    expand_within(tree, usize::MAX)
}

/// [`expand`], stopping (with `over` set) once it has more than `limit` pages. Finished
/// checklists list their signs present on every later page when that fits in `limit` pages;
/// otherwise they show their finding alone ([`Closed::Unlisted`]), as listing the signs writes a
/// page for every combination of signs a reader can give.
pub fn expand_within(tree: &Tree, limit: usize) -> Expansion<'_> {
    expand_watched(tree, limit, &mut |_| {})
}

/// [`expand_within`], calling `tick` with the pages made so far as each page is made (for a
/// progress line on a large tree).
pub fn expand_watched<'t>(
    tree: &'t Tree,
    limit: usize,
    tick: &mut dyn FnMut(usize),
) -> Expansion<'t> {
    if !tree.nodes.values().any(|n| n.checklist.is_some()) {
        return expand_listing(tree, limit, true, tick);
    }
    // Whether the signs fit is worked out once per tree and limit: validation, the pages and
    // the sign-off table all expand the same tree within the same budget.
    let known = tree
        .signs_fit
        .get()
        .filter(|(at, _)| *at == limit)
        .map(|(_, fit)| *fit);
    if known == Some(true) {
        return expand_listing(tree, limit, true, tick);
    }
    let mut folded = expand_listing(tree, limit, false, tick);
    folded.signs_unlisted = true;
    // Listing the signs multiplies the pages: try it only when an estimate from the folded
    // pages says it may fit.
    let may_fit = known.is_none()
        && !folded.over
        && listed_estimate(&folded) <= (limit as u128).saturating_mul(2);
    if may_fit {
        let full = expand_listing(tree, limit, true, tick);
        if !full.over {
            let _ = tree.signs_fit.set((limit, true));
            return full;
        }
    }
    let _ = tree.signs_fit.set((limit, false));
    folded
}

/// About how many pages listing the signs would take: each folded page once for every
/// combination of signs present its finished checklists can have had.
fn listed_estimate(folded: &Expansion<'_>) -> u128 {
    let mut ways: HashMap<(*const Node, Option<&PathBuf>), u128> = HashMap::new();
    let mut prefix: Vec<u128> = Vec::with_capacity(folded.links.len());
    for (step, prev) in &folded.links {
        let before = prev.and_then(|p| prefix.get(p).copied()).unwrap_or(1);
        let here = match &step.given {
            Given::Part(node, finding, given::Closed::Unlisted) => *ways
                .entry((std::ptr::from_ref(*node), *finding))
                .or_insert_with(|| sign_sets(node, *finding)),
            _ => 1,
        };
        prefix.push(before.saturating_mul(here));
    }
    folded
        .pages
        .iter()
        .map(|p| p.trail.and_then(|t| prefix.get(t).copied()).unwrap_or(1))
        .fold(0u128, u128::saturating_add)
}

/// The distinct sets of signs present with which checklist `node` records `finding`.
fn sign_sets(node: &Node, finding: Option<&PathBuf>) -> u128 {
    let Some(list) = &node.checklist else {
        return 1;
    };
    let mut sets: HashSet<Vec<usize>> = HashSet::new();
    let mut stack = vec![(list.start(), Vec::new())];
    while let Some((tally, present)) = stack.pop() {
        if sets.len() > 1 << 16 {
            break;
        }
        if let Some(exit) = list.decided(&tally) {
            let records = node
                .answers
                .get(exit)
                .map(|a| a.records())
                .unwrap_or_default();
            let matches = match finding {
                Some(f) => records.contains(&f),
                None => records.is_empty(),
            };
            if matches {
                sets.insert(present);
            }
            continue;
        }
        let Some(sign) = list.next_sign(&tally) else {
            continue;
        };
        let mut yes = present.clone();
        yes.push(sign);
        stack.push((list.answer(&tally, sign, true), yes));
        stack.push((list.answer(&tally, sign, false), present));
    }
    sets.len().max(1) as u128
}

fn expand_listing<'t>(
    tree: &'t Tree,
    limit: usize,
    list_signs: bool,
    tick: &mut dyn FnMut(usize),
) -> Expansion<'t> {
    let mut ex = Expander {
        tick,
        list_signs,
        tree,
        out: Expansion::default(),
        memo: HashMap::new(),
        states: HashSet::new(),
        ends: HashSet::new(),
        limit,
    };
    if let Some(state) = State::start(tree) {
        ex.visit(Cursor {
            state,
            trail: None,
            base: None,
            base_tokens: 0,
            part_page: None,
            tokens: Vec::new(),
        });
    }
    ex.out.states = ex.states.len() + ex.ends.len();
    ex.out
}

/// Where the walk stands: the state, the trail so far and what names the page.
struct Cursor<'t> {
    state: State<'t>,
    trail: Option<usize>,
    /// The trail's last entry before the current part began.
    base: Option<usize>,
    /// How many of `tokens` came before the current part.
    base_tokens: usize,
    /// The current part's first page (`None`: the page about to be made).
    part_page: Option<usize>,
    /// What names the page: the answers given in the current part, after the finished parts.
    tokens: Vec<String>,
}

struct Expander<'t, 'p> {
    tree: &'t Tree,
    /// Told the pages made so far, as each is made.
    tick: &'p mut dyn FnMut(usize),
    /// Whether finished checklists list their signs present.
    list_signs: bool,
    out: Expansion<'t>,
    memo: HashMap<(String, Vec<String>), usize>,
    states: HashSet<State<'t>>,
    ends: HashSet<(Vec<&'t PathBuf>, Option<&'t PathBuf>)>,
    limit: usize,
}

impl<'t> Expander<'t, '_> {
    fn link(&mut self, step: Step<'t>, prev: Option<usize>) -> usize {
        self.out.links.push((step, prev));
        self.out.links.len() - 1
    }

    /// The page for a new page at `key`, or the one already written for it.
    fn page(
        &mut self,
        key: (String, Vec<String>),
        make: impl FnOnce() -> TreePage<'t>,
    ) -> Result<usize, usize> {
        if let Some(i) = self.memo.get(&key) {
            return Err(*i);
        }
        if self.out.pages.len() >= self.limit {
            self.out.over = true;
            return Err(0);
        }
        let here = self.out.pages.len();
        self.out.pages.push(make());
        self.memo.insert(key, here);
        (self.tick)(here + 1);
        Ok(here)
    }

    fn visit(&mut self, cur: Cursor<'t>) -> usize {
        let tree = self.tree;
        let Some(node) = cur.state.node(tree) else {
            return 0;
        };
        let visit = match cur.state.sign(tree) {
            Some(sign) => Visit::Sign(node, sign),
            None => Visit::Question(node),
        };
        let file = page_name(&cur.tokens, &node.id);
        let made = self.page((node.id.clone(), cur.tokens.clone()), || TreePage {
            file,
            visit,
            trail: cur.trail,
            answer_pages: Vec::new(),
            vars: cur.state.vars.clone(),
        });
        let here = match made {
            Ok(here) => here,
            Err(known) => return known,
        };
        self.states.insert(cur.state.clone());
        let part_page = cur.part_page.unwrap_or(here);
        let mut answer_pages = Vec::new();
        for mv in cur.state.moves(tree) {
            let page = self.follow(&cur, node, here, part_page, mv);
            answer_pages.push(page);
            if self.out.over {
                break;
            }
        }
        self.out.pages[here].answer_pages = answer_pages;
        here
    }

    /// The page a move on page `here` leads to.
    fn follow(
        &mut self,
        cur: &Cursor<'t>,
        node: &'t Node,
        here: usize,
        part_page: usize,
        mv: Move<'t>,
    ) -> usize {
        let (given, token) = match mv {
            Move::Answer(a) => (Given::Answer(node, a), a.key.clone()),
            Move::Sign { sign, yes } => {
                let id = node
                    .checklist
                    .as_ref()
                    .and_then(|c| c.signs.get(sign))
                    .map_or("", |s| s.id.as_str());
                (
                    Given::Sign(node, sign, yes),
                    format!("{id}-{}", if yes { "yes" } else { "no" }),
                )
            }
        };
        let link = self.link(Step { given, page: here }, cur.trail);
        let Some(stepped) = step(self.tree, &cur.state, mv) else {
            return here;
        };
        let mut tokens = cur.tokens.clone();
        tokens.push(token);
        match stepped.after {
            After::End(end) => self.end(end, tokens, link, &cur.state.vars),
            After::At(state) if !stepped.closes => self.visit(Cursor {
                state,
                trail: Some(link),
                base: cur.base,
                base_tokens: cur.base_tokens,
                part_page: Some(part_page),
                tokens,
            }),
            After::At(state) => {
                let finding = stepped.recorded;
                let next = self.close(cur, link, (node, finding, part_page), state);
                self.visit(next)
            }
        }
    }

    /// The cursor after a part closes: its trail keeps every answer given in the part, each
    /// with its own page, and one entry for the node that closed it (its finding and the signs
    /// present or the answer given, see [`given::sum_up`]).
    fn close(
        &mut self,
        cur: &Cursor<'t>,
        link: usize,
        (node, finding, part_page): (&'t Node, Option<&'t PathBuf>, usize),
        state: State<'t>,
    ) -> Cursor<'t> {
        let mut part = Vec::new();
        let mut at = Some(link);
        while let Some(i) = at.filter(|i| Some(*i) != cur.base) {
            let Some((step, prev)) = self.out.links.get(i) else {
                break;
            };
            part.push(step.clone());
            at = prev.filter(|p| *p < i);
        }
        part.reverse();
        let mut tokens = cur.tokens[..cur.base_tokens].to_vec();
        let mut trail = cur.base;
        for step in given::sum_up(part, (node, finding, part_page), self.list_signs) {
            tokens.push(self.token(&step));
            trail = Some(self.link(step, trail));
        }
        let vars: Vec<String> = state
            .vars
            .iter()
            .map(|(k, v)| format!("${k}={v}"))
            .collect();
        tokens.push(format!("@{}{}", state.node, vars.concat()));
        Cursor {
            state,
            trail,
            base: trail,
            base_tokens: tokens.len(),
            part_page: None,
            tokens,
        }
    }

    /// What names a page for one entry of a finished part: everything the entry shows, and the
    /// page its Change link leads to.
    fn token(&self, step: &Step<'t>) -> String {
        let file = self
            .out
            .pages
            .get(step.page)
            .map_or("", |p| p.file.as_str());
        match &step.given {
            Given::Answer(_, a) => format!("={file}/{}", a.key),
            Given::Sign(node, sign, yes) => format!("={file}/{}{sign}{yes}", node.id),
            Given::Part(node, finding, closed) => {
                let recorded = finding.map_or("-".into(), |f| f.display().to_string());
                let gave = match closed {
                    Closed::Answer(a) => format!("/{}", a.key),
                    Closed::Unlisted => String::new(),
                    Closed::Signs(signs) => {
                        let ids: Vec<&str> = signs
                            .iter()
                            .filter_map(|s| node.checklist.as_ref()?.signs.get(*s))
                            .map(|s| s.id.as_str())
                            .collect();
                        format!("+{}", ids.join(","))
                    }
                };
                format!("§{}={recorded}@{file}{gave}", node.id)
            }
        }
    }

    fn end(
        &mut self,
        end: End<'t>,
        tokens: Vec<String>,
        link: usize,
        vars: &BTreeMap<&'t str, &'t str>,
    ) -> usize {
        let shows = end.outcome.and_then(|p| p.file_stem()).map_or_else(
            || "result".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        self.ends.insert((end.findings.clone(), end.outcome));
        let vars = vars.clone();
        let file = page_name(&tokens, &shows);
        // Ends are keyed apart from questions, which may share a name with an end page.
        let made = self.page((format!("/{shows}"), tokens), || TreePage {
            file,
            visit: Visit::End(end),
            trail: Some(link),
            answer_pages: Vec::new(),
            vars,
        });
        made.unwrap_or_else(|known| known)
    }
}

/// Pages the tree expands to (questions and ends, one per path), without building them;
/// saturates instead of overflowing, so a huge tree is caught cheaply.
pub fn count_pages(tree: &Tree) -> usize {
    fn pages(tree: &Tree, id: &str, memo: &mut BTreeMap<String, usize>) -> usize {
        if let Some(n) = memo.get(id) {
            return *n;
        }
        let mut total: usize = 1;
        for answer in tree.nodes.get(id).map_or(&[][..], |n| &n.answers[..]) {
            for target in answer.targets() {
                let below = match target {
                    Target::Node(next) => pages(tree, next, memo),
                    Target::Page(_) | Target::Finish => 1,
                };
                total = total.saturating_add(below);
            }
        }
        memo.insert(id.to_string(), total);
        total
    }
    pages(tree, &tree.start, &mut BTreeMap::new())
}

/// The ids of the questions on the longest path from the start (most questions asked), in
/// order; the first such path in answer order when several are as long.
pub fn longest_path(tree: &Tree) -> Vec<&str> {
    fn depth<'t>(tree: &'t Tree, id: &'t str, memo: &mut BTreeMap<&'t str, usize>) -> usize {
        if let Some(n) = memo.get(id) {
            return *n;
        }
        let below = tree.nodes.get(id).map_or(0, |node| {
            node.answers
                .iter()
                .flat_map(|a| a.next_nodes())
                .filter(|next| tree.nodes.contains_key(*next))
                .map(|next| depth(tree, next, memo))
                .max()
                .unwrap_or(0)
        });
        memo.insert(id, below + 1);
        below + 1
    }
    let mut memo = BTreeMap::new();
    let mut path = Vec::new();
    let mut at = Some(tree.start.as_str()).filter(|id| tree.nodes.contains_key(*id));
    while let Some(id) = at {
        let left = depth(tree, id, &mut memo);
        path.push(id);
        at = tree.nodes[id]
            .answers
            .iter()
            .flat_map(|a| a.next_nodes())
            .find(|n| tree.nodes.contains_key(*n) && depth(tree, n, &mut memo) + 1 == left);
    }
    path
}

/// How many times each question is written (once per path that reaches it); saturates.
pub fn copies(tree: &Tree) -> BTreeMap<&str, usize> {
    // Paths into a node: the sum over the answers that lead to it of the paths into the node
    // asking; a node's count is final once every node leading to it has been counted.
    let mut into: BTreeMap<&str, usize> = BTreeMap::new();
    let mut waiting: BTreeMap<&str, usize> = BTreeMap::new();
    for node in tree.nodes.values() {
        for next in node.answers.iter().flat_map(|a| a.next_nodes()) {
            *waiting.entry(next).or_default() += 1;
        }
    }
    let mut ready = vec![tree.start.as_str()];
    into.insert(tree.start.as_str(), 1);
    while let Some(id) = ready.pop() {
        let here = into.get(id).copied().unwrap_or(0);
        let answers = tree.nodes.get(id).map_or(&[][..], |n| &n.answers[..]);
        for next in answers.iter().flat_map(|a| a.next_nodes()) {
            let count = into.entry(next).or_default();
            *count = count.saturating_add(here);
            let left = waiting.entry(next).or_default();
            *left = left.saturating_sub(1);
            if *left == 0 {
                ready.push(next);
            }
        }
    }
    into
}
