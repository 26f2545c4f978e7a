//! Paging of a tree's sign-off pages (the printable steps and the disposition table): a list
//! that would weigh more than `steps_page_weight_budget` on one page is written over several
//! (`cases.html`, `cases-2.html`, …), split between whole items (a step, a row), each page as
//! light as its items allow. The first page keeps the one-page address, so links to it work.
//!
//! The split is first estimated from each item's share of the one-page weight, then checked
//! against the pages as rendered, and made again with less room while a page of more than one
//! item is still over the budget. A page of one item that is over the budget stays as it is:
//! `quality` warns about it like any other heavy page.

use crate::paths::url_of;
use crate::render::OutputFile;
use anyhow::Result;
use serde::Serialize;
use std::ops::Range;
use std::path::Path;

/// Most times a split is made again with less room before its pages are taken as they are.
const TRIES: usize = 8;

/// Items on the page that predicts the weight of a whole list.
const SAMPLE: usize = 32;

/// A split aims at no more pages than this, however small the budget: every page links to
/// every page, so a list of thousands of tiny pages would weigh more than the list.
const MOST_PAGES: usize = 100;

/// The file name of the `n`th (0-based) page of a list whose first page is `first`
/// (`cases.html` → `cases.html`, `cases-2.html`, …).
pub(super) fn page_name(first: &str, n: usize) -> String {
    match (n, first.strip_suffix(".html")) {
        (0, _) | (_, None) => first.to_string(),
        (n, Some(stem)) => format!("{stem}-{}.html", n + 1),
    }
}

/// Whether `name` is the name of a later page (`-2` on) of the list whose first page is
/// `first`: `cases-2.html`, `cases-17.html`, not `cases-1.html` nor `cases-02.html`.
pub(crate) fn is_later_page(first: &str, name: &str) -> bool {
    let Some(stem) = first.strip_suffix(".html") else {
        return false;
    };
    let number = (name.strip_prefix(stem))
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.strip_suffix(".html"));
    number.is_some_and(|n| {
        !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()) && n != "1"
    })
}

/// A link to one page of a paged list.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PageLink {
    /// 1-based.
    number: usize,
    /// "page 2 (paths 51 to 100)"; the template adds "Previous: " or "Next: ".
    title: String,
    /// Relative to the site root.
    url: String,
    /// Whether this is the page shown.
    current: bool,
}

/// Where one page of a paged list stands, as templates see it (`part`).
#[derive(Debug, Serialize)]
pub(super) struct PartView {
    /// 1-based.
    number: usize,
    of: usize,
    /// Numbers of the first and last items on this page, and of items in all.
    first: usize,
    last: usize,
    total: usize,
    /// The items on this page in words: "paths 51 to 100", or "path 51" alone.
    shown: String,
    previous: Option<PageLink>,
    next: Option<PageLink>,
    /// Every page, in order.
    pages: Vec<PageLink>,
}

/// A list split over pages: the items (by index) on each.
pub(super) struct Layout<'a> {
    /// The folder the pages are written in, and the first page's name.
    pub(super) dir: &'a Path,
    pub(super) first: &'a str,
    /// The items of each page, in order, together every item once.
    pub(super) runs: Vec<Range<usize>>,
    /// What the items are called in links: the prefix of their theme strings (`paths` for
    /// `paths_range` and `paths_single`).
    pub(super) items: &'a str,
    /// The theme's words.
    pub(super) strings: &'a crate::templates::Strings,
}

impl Layout<'_> {
    /// The path of the `n`th (0-based) page.
    pub(super) fn path(&self, n: usize) -> std::path::PathBuf {
        self.dir.join(page_name(self.first, n))
    }

    /// The page (0-based) that holds item `i`.
    pub(super) fn page_of(&self, i: usize) -> Option<usize> {
        self.runs.iter().position(|r| r.contains(&i))
    }

    /// The `part` of the `n`th (0-based) page.
    pub(super) fn part(&self, n: usize) -> PartView {
        let total = self.runs.last().map_or(0, |r| r.end);
        let link = |m: usize| PageLink {
            number: m + 1,
            title: (self.strings).fill(
                "part_link",
                &[
                    ("number", &(m + 1).to_string()),
                    ("shown", &self.shown(&self.runs[m])),
                ],
            ),
            url: url_of(&self.path(m)),
            current: m == n,
        };
        let run = self.runs.get(n).cloned().unwrap_or(0..0);
        PartView {
            number: n + 1,
            of: self.runs.len(),
            first: run.start + 1,
            last: run.end,
            total,
            shown: self.shown(&run),
            previous: n.checked_sub(1).map(link),
            next: (n + 1 < self.runs.len()).then(|| link(n + 1)),
            pages: (0..self.runs.len()).map(link).collect(),
        }
    }
}

impl Layout<'_> {
    /// The items of `run` in words: "paths 51 to 100", or "path 51" when it is one.
    fn shown(&self, run: &Range<usize>) -> String {
        let (first, last) = ((run.start + 1).to_string(), run.end.to_string());
        match run.len() {
            1 => (self.strings).fill(&format!("{}_single", self.items), &[("number", &last)]),
            _ => (self.strings).fill(
                &format!("{}_range", self.items),
                &[("first", &first), ("last", &last)],
            ),
        }
    }
}

/// How to weigh a list's pages and when to split it.
pub(super) struct Budget<'a> {
    /// Most bytes one page may weigh.
    pub(super) bytes: usize,
    /// What a rendered page weighs (its HTML and what it loads with it).
    pub(super) weigh: &'a (dyn Fn(&OutputFile) -> usize + Sync),
}

/// Renders a list of items, whose sizes relative to each other are `shares`, as one page when
/// it fits the budget, else as pages of whole items. `render` renders every page of a split
/// (`Some(runs)`: the items of each page) or the one page (`None`). When even a page with no
/// item would be over the budget, no split can help: the list stays one page (and `quality`
/// warns about it).
pub(super) fn render_paged(
    shares: &[usize],
    budget: &Budget<'_>,
    render: &dyn Fn(Option<Vec<Range<usize>>>) -> Result<Vec<OutputFile>>,
) -> Result<Vec<OutputFile>> {
    let fits = |pages: &[OutputFile]| pages.iter().all(|p| (budget.weigh)(p) <= budget.bytes);
    if shares.len() < 2 {
        return render(None);
    }
    let (frame, last_frame) = frames(budget, render)?;
    // A list far over the budget is not rendered whole: a page of its first items says about
    // how heavy the whole would be.
    let predicted = predict(shares, budget, render, (frame, last_frame))?;
    let listed = if predicted > budget.bytes.saturating_mul(2) {
        predicted
    } else {
        let whole = render(None)?;
        if fits(&whole) {
            return Ok(whole);
        }
        whole.first().map_or(0, |p| (budget.weigh)(p))
    };
    if frame >= budget.bytes {
        return render(None);
    }
    let guess = Estimate::of(shares, listed, (frame, last_frame));
    // However small the budget, no more than about twice `MOST_PAGES` pages.
    let floor = guess.sizes.iter().sum::<usize>().div_ceil(MOST_PAGES);
    let (mut slack, mut pages, mut tried) = (0, Vec::new(), Vec::new());
    // When a little less room splits the same way, take an average item's room off at once.
    let item = (guess.sizes.iter().sum::<usize>() / guess.sizes.len().max(1)).max(1);
    for _ in 0..TRIES {
        let room = |frame: usize| budget.bytes.saturating_sub(frame + slack).max(floor);
        let runs = runs(&guess.sizes, room(guess.frame), room(guess.last_frame));
        if runs == tried {
            slack += item;
            continue;
        }
        pages = render(Some(runs.clone()))?;
        let over = (pages.iter().zip(&runs))
            .filter(|(_, run)| run.len() > 1)
            .map(|(p, _)| (budget.weigh)(p).saturating_sub(budget.bytes))
            .max()
            .unwrap_or(0);
        if over == 0 {
            break;
        }
        slack += over;
        tried = runs;
    }
    Ok(pages)
}

/// A first guess at the weights of a split list.
struct Estimate {
    /// Bytes of each item.
    sizes: Vec<usize>,
    /// What a page of the split weighs with no item on it, and the last page (which may carry
    /// more: the steps' drawing).
    frame: usize,
    last_frame: usize,
}

impl Estimate {
    /// Each item's share of the one-page weight `listed`, less the frame of a split page
    /// with no items (`frame`, and `last_frame` for the last page).
    fn of(shares: &[usize], listed: usize, (frame, last_frame): (usize, usize)) -> Estimate {
        let total: usize = shares.iter().sum();
        let per_share = listed.saturating_sub(last_frame).max(1) as f64 / total.max(1) as f64;
        let sizes = (shares.iter())
            .map(|&s| (s as f64 * per_share).ceil() as usize)
            .collect();
        Estimate {
            sizes,
            frame,
            last_frame,
        }
    }
}

/// What a page of a split weighs with no item on it, and the last page.
fn frames(
    budget: &Budget<'_>,
    render: &dyn Fn(Option<Vec<Range<usize>>>) -> Result<Vec<OutputFile>>,
) -> Result<(usize, usize)> {
    let frames: Vec<usize> = (render(Some(vec![0..0, 0..0]))?.iter())
        .map(|p| (budget.weigh)(p))
        .collect();
    Ok(match frames[..] {
        [first, last] => (first, last.max(first)),
        _ => (0, 0),
    })
}

/// About what the whole list would weigh on one page, from a page of its first items.
fn predict(
    shares: &[usize],
    budget: &Budget<'_>,
    render: &dyn Fn(Option<Vec<Range<usize>>>) -> Result<Vec<OutputFile>>,
    (frame, last_frame): (usize, usize),
) -> Result<usize> {
    let k = shares.len().min(SAMPLE);
    let sample = render(Some(vec![0..k, k..k]))?;
    let weight = sample.first().map_or(0, |p| (budget.weigh)(p));
    let part: usize = shares[..k].iter().sum();
    let total: usize = shares.iter().sum();
    let per_share = weight.saturating_sub(frame) as f64 / part.max(1) as f64;
    Ok(last_frame + (per_share * total as f64) as usize)
}

/// Splits items of `sizes` bytes into runs of whole items, in order, each as many as fit in
/// `room` bytes (at least one), the last as many as fit in `last_room`.
pub(super) fn runs(sizes: &[usize], room: usize, last_room: usize) -> Vec<Range<usize>> {
    let mut runs = fill(sizes, room);
    let Some(last) = runs.pop() else {
        return runs;
    };
    // The items at the end of the last run that fit in `last_room` (at least one) stay on it.
    let mut start = last.end.saturating_sub(1).max(last.start);
    let mut filled = sizes.get(start).copied().unwrap_or(0);
    while start > last.start && filled + sizes[start - 1] <= last_room {
        start -= 1;
        filled += sizes[start];
    }
    if start > last.start {
        runs.push(last.start..start);
    }
    runs.push(start..last.end);
    runs
}

/// Splits items of `sizes` bytes into runs of whole items, in order, each as many as fit in
/// `room` bytes (at least one).
fn fill(sizes: &[usize], room: usize) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let (mut start, mut filled) = (0, 0);
    for (i, &size) in sizes.iter().enumerate() {
        if i > start && filled + size > room {
            runs.push(start..i);
            (start, filled) = (i, 0);
        }
        filled += size;
    }
    if start < sizes.len() || runs.is_empty() {
        runs.push(start..sizes.len());
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_pages_are_named_after_the_first() {
        assert_eq!(page_name("cases.html", 0), "cases.html");
        assert_eq!(page_name("cases.html", 1), "cases-2.html");
        assert_eq!(page_name("steps.html", 11), "steps-12.html");
        for name in [
            "cases-2.html",
            "cases-17.html",
            "cases-100000000000000000000.html",
        ] {
            assert!(is_later_page("cases.html", name), "{name}");
        }
        for name in [
            "cases.html",
            "cases-1.html",
            "cases-0.html",
            "cases-02.html",
            "cases-.html",
            "cases-2a.html",
            "cases-2.htm",
            "steps-2.html",
            "xcases-2.html",
        ] {
            assert!(!is_later_page("cases.html", name), "{name}");
        }
    }

    #[test]
    fn runs_hold_whole_items_within_the_room() {
        assert_eq!(runs(&[3, 3, 3, 3], 6, 6), vec![0..2, 2..4]);
        assert_eq!(runs(&[3, 3, 3, 3], 7, 7), vec![0..2, 2..4]);
        assert_eq!(runs(&[3, 3, 3], 9, 9), vec![0..3]);
        // An item larger than the room has a page to itself.
        assert_eq!(runs(&[2, 10, 2, 2], 5, 5), vec![0..1, 1..2, 2..4]);
        assert_eq!(runs(&[4, 4], 0, 0), vec![0..1, 1..2]);
        assert_eq!(runs(&[], 10, 10), vec![0..0]);
        // The last page has less room (it carries the drawing): what does not fit moves to a
        // page before it.
        assert_eq!(runs(&[3, 3, 3], 9, 4), vec![0..2, 2..3]);
        assert_eq!(runs(&[3, 3, 3, 3], 6, 0), vec![0..2, 2..3, 3..4]);
        assert_eq!(runs(&[1, 1, 1, 1, 1], 3, 2), vec![0..3, 3..5]);
    }

    #[test]
    fn every_page_links_to_every_page_and_its_neighbours() {
        let layout = Layout {
            dir: Path::new("checks/t"),
            first: "cases.html",
            runs: vec![0..50, 50..100, 100..120],
            items: "paths",
            strings: &crate::templates::strings::built_in_en(),
        };
        let part = layout.part(1);
        assert_eq!((part.number, part.of), (2, 3));
        assert_eq!((part.first, part.last, part.total), (51, 100, 120));
        let previous = part.previous.expect("a page before");
        assert_eq!(previous.url, "checks/t/cases.html");
        assert_eq!(previous.title, "page 1 (paths 1 to 50)");
        assert_eq!(part.shown, "paths 51 to 100");
        let one = Layout {
            runs: vec![0..1, 1..2],
            ..layout
        };
        assert_eq!(one.part(1).shown, "path 2");
        let layout = Layout {
            runs: vec![0..50, 50..100, 100..120],
            ..one
        };
        assert_eq!(
            part.next.expect("a page after").url,
            "checks/t/cases-3.html"
        );
        let urls: Vec<&str> = part.pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "checks/t/cases.html",
                "checks/t/cases-2.html",
                "checks/t/cases-3.html"
            ]
        );
        assert!(part.pages[1].current && !part.pages[0].current);
        assert!(layout.part(2).next.is_none() && layout.part(0).previous.is_none());
        assert_eq!(layout.page_of(100), Some(2));
        assert_eq!(layout.page_of(120), None);
    }
}
