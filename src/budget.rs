//! The per-file time budget: no file may hold a worker for long. A scan sets a deadline
//! before each file; the loops that grow with the input (tree-sitter's parse, the tree walks,
//! the syn visitors) ask [`exhausted`] and stop early once it has passed, and the engine then
//! reports the file as not analysed ("took over N s") instead of using half its facts.
//!
//! The deadline is per thread: each worker analyses one file at a time.

use std::cell::Cell;
use std::time::{Duration, Instant};

thread_local! {
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
    static SPENT: Cell<bool> = const { Cell::new(false) };
    static TICKS: Cell<u32> = const { Cell::new(0) };
}

/// Clears the budget when the file is done, however it ends.
pub struct Guard(());

impl Drop for Guard {
    fn drop(&mut self) {
        DEADLINE.with(|d| d.set(None));
    }
}

/// Starts a file's budget; `None`: no limit.
pub fn start(limit: Option<Duration>) -> Guard {
    DEADLINE.with(|d| d.set(limit.map(|l| Instant::now() + l)));
    SPENT.with(|s| s.set(false));
    TICKS.with(|t| t.set(0));
    Guard(())
}

/// Has the current file's budget run out? Cheap enough for every node of a walk: the clock
/// is read once every 1,024 calls.
pub fn exhausted() -> bool {
    if SPENT.with(Cell::get) {
        return true;
    }
    let tick = TICKS.with(|t| {
        let n = t.get().wrapping_add(1);
        t.set(n);
        n
    });
    if tick % 1024 != 0 {
        return false;
    }
    check_now()
}

/// Reads the clock now (a phase boundary, a parser's progress callback).
pub fn check_now() -> bool {
    let over = DEADLINE
        .with(Cell::get)
        .is_some_and(|d| Instant::now() >= d);
    if over {
        SPENT.with(|s| s.set(true));
    }
    SPENT.with(Cell::get)
}

/// Did the current file run out of budget at some point?
pub fn was_exhausted() -> bool {
    SPENT.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spent_budget_stays_spent_until_the_next_file() {
        let _g = start(Some(Duration::ZERO));
        assert!(check_now());
        assert!(exhausted() && was_exhausted());
        drop(_g);
        let _g = start(None);
        assert!(!check_now() && !was_exhausted());
    }
}
