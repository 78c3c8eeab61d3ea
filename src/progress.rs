//! The progress line of long commands: on standard error when it is a
//! terminal, redrawn at most five times a second ("1200 documents of 20000,
//! 35 s left, 540 docs/s"), and nothing at all otherwise. Drawn by
//! indicatif, which also keeps it below the lines printed meanwhile.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// A progress line (a handle: clones draw the same line).
#[derive(Clone)]
pub(crate) struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A line counting `unit` ("documents", "graphs") towards `total`, if known.
    pub(crate) fn new(total: Option<usize>, unit: &'static str) -> Self {
        let short = if unit == "documents" { "docs" } else { unit };
        let template = format!("{{pos}} {unit}{{left}}, {{rate}} {short}/s");
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .with_key("left", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let rate = rate(s);
                match s.len() {
                    Some(total) if rate > 0.0 && total >= s.pos() => {
                        let left = (total - s.pos()) as f64 / rate;
                        let _ = write!(w, " of {total}, {left:.0} s left");
                    }
                    _ => {}
                }
            })
            .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.0}", rate(s));
            });
        // Drawn whenever standard error is a terminal, whatever TERM says
        // (indicatif's own stderr target hides itself where TERM is unset
        // or "dumb").
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::term_like_with_hz(Box::new(console::Term::stderr()), 5)
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(total.map(|t| t as u64), target).with_style(style);
        Progress { bar }
    }

    /// Is the line drawn (is standard error a terminal)?
    pub(crate) fn active(&self) -> bool {
        !self.bar.is_hidden()
    }

    /// `done` units are done.
    pub(crate) fn show(&self, done: usize) {
        self.bar.set_position(done as u64);
    }

    /// Prints `line` to standard error above the progress line.
    pub(crate) fn println(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Takes the line away, for an error to take its place.
    pub(crate) fn clear(&self) {
        self.bar.finish_and_clear();
    }

    /// Draws the line a last time for `done`, and ends it.
    pub(crate) fn finish(&self, done: usize) {
        self.bar.set_position(done as u64);
        // Left as it is (finish() would count the whole total as done).
        self.bar.abandon();
        if self.active() {
            eprintln!();
        }
    }
}

/// Units a second since the line started.
fn rate(s: &ProgressState) -> f64 {
    s.pos() as f64 / s.elapsed().as_secs_f64().max(1e-3)
}
