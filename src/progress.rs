//! The progress line of long commands, on standard error when it is a terminal.

use std::io;

/// A one-line progress report on standard error, redrawn at most five times
/// a second, when standard error is a terminal: documents, documents a
/// second, and the time left when the number of documents is known.
pub(crate) struct Progress {
    unit: &'static str,
    pub(crate) active: bool,
    total: Option<usize>,
    started: std::time::Instant,
    drawn: Option<std::time::Instant>,
}

impl Progress {
    pub(crate) fn new(total: Option<usize>, unit: &'static str) -> Self {
        use std::io::IsTerminal;
        Progress {
            unit,
            active: io::stderr().is_terminal(),
            total,
            started: std::time::Instant::now(),
            drawn: None,
        }
    }

    /// Redraws the line for `done` documents (`force`: even if drawn just now).
    pub(crate) fn show(&mut self, done: usize, force: bool) {
        if !self.active || (!force && self.drawn.is_some_and(|t| t.elapsed().as_millis() < 200)) {
            return;
        }
        self.drawn = Some(std::time::Instant::now());
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = done as f64 / secs;
        let left = match self.total {
            Some(total) if rate > 0.0 && total >= done => {
                format!(" of {total}, {:.0} s left", (total - done) as f64 / rate)
            }
            _ => String::new(),
        };
        let short = if self.unit == "documents" {
            "docs"
        } else {
            self.unit
        };
        eprint!("\r\x1b[K{done} {}{left}, {rate:.0} {short}/s", self.unit);
    }

    /// Clears the line before other output.
    pub(crate) fn clear(&self) {
        if self.active && self.drawn.is_some() {
            eprint!("\r\x1b[K");
        }
    }
}
