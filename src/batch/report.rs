//! The `--json` report: one entry per deck, in input order.
//!
//! The shape is documented in `docs/report.md` and held fixed by a test; fields
//! are added, never renamed or removed, and `version` goes up when a meaning changes.

use super::DeckResult;
use serde::Serialize;

/// Version of the report's shape.
pub const VERSION: u32 = 1;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report<'a> {
    pub version: u32,
    /// The batch's exit code (the worst deck's).
    pub exit_code: u8,
    pub decks: Vec<DeckEntry<'a>>,
}

/// One deck.
#[derive(Debug, Serialize)]
pub struct DeckEntry<'a> {
    /// The deck as named on the command line (path, `-` or URL).
    pub input: String,
    /// `ok`, `warnings` or `failed`.
    pub status: &'static str,
    pub exit_code: u8,
    /// Files written (none when the deck failed).
    pub outputs: Vec<OutputEntry>,
    pub pages: usize,
    pub warnings: Vec<WarningEntry<'a>>,
    /// Why nothing was written; `null` otherwise.
    pub error: Option<&'a str>,
    pub timings_ms: TimingsEntry,
}

#[derive(Debug, Serialize)]
pub struct OutputEntry {
    /// `pdf` or `pptx`.
    pub format: &'static str,
    /// The file written, or `-` for standard output.
    pub path: String,
}

#[derive(Debug, Serialize)]
pub struct WarningEntry<'a> {
    /// 1-based deck line; `null` for a warning about the whole deck.
    pub line: Option<usize>,
    pub message: &'a str,
}

/// Milliseconds, rounded to a tenth.
#[derive(Debug, Serialize)]
pub struct TimingsEntry {
    pub read: f64,
    pub render: f64,
    pub write: f64,
    pub total: f64,
}

fn ms(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 10_000.0).round() / 10.0
}

/// The report for a finished batch.
pub fn build(results: &[DeckResult]) -> Report<'_> {
    let decks = results
        .iter()
        .map(|r| DeckEntry {
            input: r.input.name(),
            status: match (&r.error, r.warnings.is_empty()) {
                (Some(_), _) => "failed",
                (None, false) => "warnings",
                (None, true) => "ok",
            },
            exit_code: r.exit_code,
            outputs: if r.written() {
                r.outputs
                    .iter()
                    .map(|o| OutputEntry {
                        format: o.format.extension(),
                        path: o.target.to_string(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            pages: r.pages,
            warnings: r
                .warnings
                .iter()
                .map(|w| WarningEntry {
                    line: w.line,
                    message: &w.message,
                })
                .collect(),
            error: r.error.as_deref(),
            timings_ms: TimingsEntry {
                read: ms(r.timings.read),
                render: ms(r.timings.render),
                write: ms(r.timings.write),
                total: ms(r.total),
            },
        })
        .collect();
    Report {
        version: VERSION,
        exit_code: super::exit_code(results),
        decks,
    }
}

/// The report as pretty-printed JSON with a final line break.
pub fn to_json(results: &[DeckResult]) -> String {
    let mut text = serde_json::to_string_pretty(&build(results)).unwrap_or_else(|e| {
        // Serialising plain strings and numbers cannot fail; say so if it ever does.
        format!("{{\"version\": {VERSION}, \"error\": \"{e}\"}}")
    });
    text.push('\n');
    text
}
