//! A one-line progress bar for a terminal: `[#####-----] 12/50 decks`.
//!
//! Drawn on standard error only when it is a terminal (never into a log or a
//! pipe) and not with `--quiet`. Messages about a deck are printed between a
//! [`Progress::clear`] and a [`Progress::draw`], so the bar always stays the last
//! line.

use std::io::Write;

/// Width of the bar in characters.
const WIDTH: usize = 30;

/// The bar's state.
#[derive(Debug)]
pub struct Progress {
    total: usize,
    done: usize,
    enabled: bool,
}

impl Progress {
    /// A bar for `total` decks; `enabled` false makes every call do nothing.
    pub fn new(total: usize, enabled: bool) -> Self {
        Self {
            total,
            done: 0,
            enabled,
        }
    }

    /// The bar as text, without the carriage return.
    pub fn line(&self) -> String {
        let filled = (self.done * WIDTH).checked_div(self.total).unwrap_or(WIDTH);
        format!(
            "[{}{}] {}/{} decks",
            "#".repeat(filled),
            "-".repeat(WIDTH - filled),
            self.done,
            self.total
        )
    }

    /// Counts one more deck finished.
    pub fn advance(&mut self) {
        self.done = (self.done + 1).min(self.total);
    }

    /// Removes the bar so that a message can be printed.
    pub fn clear(&self, out: &mut impl Write) {
        if self.enabled {
            let _ = write!(out, "\r\x1b[2K");
        }
    }

    /// Draws the bar at the start of the current line.
    pub fn draw(&self, out: &mut impl Write) {
        if self.enabled {
            let _ = write!(out, "\r{}", self.line());
            let _ = out.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_and_stays_silent_when_disabled() {
        let mut p = Progress::new(4, true);
        p.advance();
        assert_eq!(
            p.line(),
            format!("[{}{}] 1/4 decks", "#".repeat(7), "-".repeat(23))
        );
        let mut out = Vec::new();
        p.draw(&mut out);
        assert!(String::from_utf8(out).unwrap().starts_with("\r[#"));
        let quiet = Progress::new(4, false);
        let mut out = Vec::new();
        quiet.draw(&mut out);
        quiet.clear(&mut out);
        assert!(out.is_empty());
    }
}
