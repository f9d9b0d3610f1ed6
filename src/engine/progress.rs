//! A progress bar on standard error for scans that last: shown only on a terminal, only once
//! a second has passed (a pre-commit run never flickers one), never with `--quiet`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// `None` unless `wanted` and standard error is a terminal.
    pub fn new(wanted: bool, files: usize) -> Option<Progress> {
        use std::io::IsTerminal;
        if !wanted || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} files {elapsed}")
                .expect("valid template"),
        );
        Some(Progress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
        })
    }

    /// One more file done.
    pub fn file_done(&self) {
        self.bar.inc(1);
        if self.started.elapsed() > Duration::from_secs(1)
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Erases the bar before the report is printed.
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
