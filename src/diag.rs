//! Warnings that travel with the deck line they concern.
//!
//! Stages never print: they push into a [`Sink`], which drops duplicates. The
//! command line prints the sorted list as `FILE:LINE: warning: message`.

use std::collections::BTreeSet;

/// One warning, tied to a 1-based line of the deck when one is known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Warning {
    /// 1-based line in the deck file; `None` for warnings about the whole deck.
    pub line: Option<usize>,
    /// The message, starting with a lower-case word, without a trailing period.
    pub message: String,
}

/// Collects warnings from every stage; duplicates (same line, same text) are kept once.
#[derive(Debug, Default)]
pub struct Sink {
    seen: BTreeSet<Warning>,
}

impl Sink {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a warning at a deck line (1-based), or for the whole deck with `None`.
    pub fn warn(&mut self, line: Option<usize>, message: impl Into<String>) {
        self.seen.insert(Warning {
            line,
            message: message.into(),
        });
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// The warnings in line order (deck-wide ones first), each once.
    pub fn warnings(&self) -> Vec<Warning> {
        self.seen.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_dropped_and_lines_sorted() {
        let mut sink = Sink::new();
        sink.warn(Some(12), "b");
        sink.warn(Some(3), "a");
        sink.warn(Some(12), "b");
        sink.warn(None, "deck");
        let w = sink.warnings();
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].line, None);
        assert_eq!(w[1].line, Some(3));
        assert_eq!(w[2].message, "b");
    }
}
