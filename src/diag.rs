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
    ///
    /// Control characters (a line break inside a library's message, an escape
    /// sequence from the deck) become spaces, so every warning prints as one line.
    pub fn warn(&mut self, line: Option<usize>, message: impl Into<String>) {
        let message: String = message.into();
        let message = if message.chars().any(char::is_control) {
            message
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
                .trim()
                .to_string()
        } else {
            message
        };
        self.seen.insert(Warning { line, message });
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

    #[test]
    fn messages_stay_on_one_line() {
        let mut sink = Sink::new();
        sink.warn(Some(1), "broken picture (found 0\n)\u{1b}[31m");
        assert_eq!(sink.warnings()[0].message, "broken picture (found 0 ) [31m");
    }
}
