//! A line on standard error every few seconds while a long step runs (expanding or rendering a
//! large tree), so a build that takes minutes says how far it has come. Quick steps print
//! nothing: the first line comes only once a step has run for [`EVERY`].

use std::time::{Duration, Instant};

/// How often a long step reports, and how long it runs before its first report.
pub(crate) const EVERY: Duration = Duration::from_secs(3);

/// Only every this many ticks reads the clock: ticks come once per page.
const TICKS_PER_LOOK: usize = 256;

/// The progress of one step: what it is and how many pages it expects.
#[derive(Debug)]
pub(crate) struct Progress {
    what: String,
    expected: Option<usize>,
    started: Instant,
    last: Instant,
    ticks: usize,
}

impl Progress {
    /// A step called `what` (`content/checks/x.toml: expanding`) that expects about
    /// `expected` pages, when that is known.
    pub(crate) fn new(what: impl Into<String>, expected: Option<usize>) -> Progress {
        let now = Instant::now();
        Progress {
            what: what.into(),
            expected,
            started: now,
            last: now,
            ticks: 0,
        }
    }

    /// Notes that `done` pages are done; prints a line when [`EVERY`] has passed since the
    /// last one (or since the start).
    pub(crate) fn tick(&mut self, done: usize) {
        self.ticks += 1;
        if self.ticks.is_multiple_of(TICKS_PER_LOOK)
            && let Some(line) = self.line_at(done, Instant::now())
        {
            eprintln!("{line}");
        }
    }

    /// Notes that `done` pages are done, reading the clock every time (for steps that report
    /// once per batch of pages rather than once per page).
    pub(crate) fn at(&mut self, done: usize) {
        if let Some(line) = self.line_at(done, Instant::now()) {
            eprintln!("{line}");
        }
    }

    /// The line to print at `now` with `done` pages done, if one is due.
    fn line_at(&mut self, done: usize, now: Instant) -> Option<String> {
        if now.duration_since(self.last) < EVERY {
            return None;
        }
        self.last = now;
        let secs = now.duration_since(self.started).as_secs();
        let of = match self.expected {
            Some(n) => format!(" of {}", grouped(n)),
            None => String::new(),
        };
        Some(format!(
            "{}: {}{of} pages ({secs} s)",
            self.what,
            grouped(done)
        ))
    }
}

/// `n` with its thousands grouped by commas: 33,554,431.
pub(crate) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(33_554_431), "33,554,431");
    }

    #[test]
    fn reports_only_after_a_few_seconds_then_every_few_seconds() {
        let mut p = Progress::new("`content/checks/x.toml`: rendering", Some(40_000));
        let start = p.started;
        assert_eq!(p.line_at(10, start + Duration::from_secs(1)), None);
        assert_eq!(
            p.line_at(12_000, start + EVERY).as_deref(),
            Some("`content/checks/x.toml`: rendering: 12,000 of 40,000 pages (3 s)")
        );
        assert_eq!(
            p.line_at(13_000, start + EVERY + Duration::from_secs(1)),
            None
        );
        assert!(p.line_at(30_000, start + EVERY * 2).is_some());
        let mut open = Progress::new("expanding", None);
        let start = open.started;
        assert_eq!(
            open.line_at(5, start + EVERY).as_deref(),
            Some("expanding: 5 pages (3 s)")
        );
    }
}
