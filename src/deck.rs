//! The deck stage: front matter, slides, vertical stacks and speaker notes.
//!
//! Follows HedgeDoc 1.x exactly (format spec §2–§4): the text is split by
//! regular expressions before any Markdown parsing, and nothing here fails —
//! malformed input gives a warning and HedgeDoc's fallback.
//!
//! [`parse`] is the entry point; `front_matter` finds and maps the YAML block (read
//! by `yaml`), `slides` cuts the body into slides, stacks and notes.

use crate::diag::Sink;

mod front_matter;
mod slides;
mod yaml;

/// A slide dimension from `slideOptions.width`/`height`: pixels or a share of the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dim {
    /// Pixels on the logical canvas.
    Px(f64),
    /// Percent of the available area (reveal's `"80%"`).
    Percent(f64),
}

/// reveal's `slideNumber` option.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SlideNumber {
    /// No slide numbers.
    Off,
    /// `true` or `"h.v"` (HedgeDoc's default).
    #[default]
    HDotV,
    /// Another format string: `"h/v"`, `"c"`, `"c/t"`.
    Format(String),
}

/// The `slideOptions` keys deckport honours (format spec §2.3); unset keys are `None`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SlideOptions {
    /// Theme name as written (checked against the known themes by the engine).
    pub theme: Option<String>,
    pub width: Option<Dim>,
    pub height: Option<Dim>,
    pub margin: Option<f64>,
    pub min_scale: Option<f64>,
    pub max_scale: Option<f64>,
    pub center: Option<bool>,
    pub slide_number: Option<SlideNumber>,
    /// reveal's `rtl` as HedgeDoc sets it: from `dir: rtl` alone (`Some(true)`), never
    /// from `slideOptions.rtl`, which HedgeDoc overwrites.
    pub rtl: Option<bool>,
    pub show_notes: Option<bool>,
    pub parallax_background_image: Option<String>,
    pub parallax_background_size: Option<String>,
}

/// Front matter that matters for export.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    /// `title` (a string or number in YAML).
    pub title: Option<String>,
    /// `lang`.
    pub lang: Option<String>,
    /// `dir` (`rtl` turns reveal's `rtl` on).
    pub dir: Option<String>,
    /// `tags`, as a list or a comma-separated string.
    pub tags: Vec<String>,
    pub slide_options: SlideOptions,
}

/// One leaf slide (a `<section data-markdown>` in HedgeDoc).
#[derive(Debug, Clone, PartialEq)]
pub struct Slide {
    /// 0-based horizontal index.
    pub h: usize,
    /// 0-based index inside a vertical stack; `None` when the slide is not in a stack.
    pub v: Option<usize>,
    /// Markdown of the slide content (notes removed), after the indentation quirk.
    pub markdown: String,
    /// 1-based deck line of the first line of `markdown`.
    ///
    /// Later lines of `markdown` follow the deck line by line, except where the
    /// indentation quirk turned a run of spaces or tabs into a line break.
    pub first_line: usize,
    /// 1-based deck lines the slide spans (separator excluded), inclusive start, exclusive end.
    ///
    /// Notes included. Empty (`start == end`) for a slide with no text, such as the one
    /// between two back-to-back separators.
    pub lines: std::ops::Range<usize>,
    /// Speaker notes text (trimmed) when exactly one `note:` line was found.
    ///
    /// `Some("")` when the marker is followed by nothing: HedgeDoc still adds an empty aside.
    pub notes: Option<String>,
    /// 1-based deck line of the notes' first line: where the trimmed notes text starts
    /// (the `note:` line itself when the text follows the marker on that line).
    pub notes_line: Option<usize>,
}

impl Slide {
    /// reveal's `h.v` slide-number label: `"3"`, or `"3.1"` for slides in a stack.
    pub fn label(&self) -> String {
        match self.v {
            Some(v) => format!("{}.{}", self.h + 1, v + 1),
            None => format!("{}", self.h + 1),
        }
    }
}

/// A parsed deck.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Deck {
    pub meta: Meta,
    /// Leaf slides in reading order (horizontal, then down each stack).
    pub slides: Vec<Slide>,
}

/// Most slides a deck exports (leaf slides, vertical ones included); the slides past
/// it are left out with a warning at the first one's line. A 10,000-slide deck exports
/// to PDF in a few seconds and well under 1 GB (README, "Limits").
pub const MAX_SLIDES: usize = 10_000;

/// Parses normalised deck text (LF line endings, no BOM) into front matter and slides.
///
/// Never fails: bad YAML falls back to HedgeDoc's behaviour with a warning, and a deck
/// without slide text still gives one (empty) slide, with a "deck is empty" warning.
/// Runs in time linear in the text's length.
pub fn parse(text: &str, sink: &mut Sink) -> Deck {
    let front = front_matter::read(text, sink);
    let body = &text[front.body_start..];
    if body.chars().all(char::is_whitespace) {
        sink.warn(None, "deck is empty");
    }
    let mut slides = slides::split(text, front.body_start);
    if let Some(first_left_out) = slides.get(MAX_SLIDES) {
        sink.warn(
            Some(first_left_out.lines.start),
            format!(
                "deck has {} slides; only the first {MAX_SLIDES} are exported",
                slides.len()
            ),
        );
        slides.truncate(MAX_SLIDES);
    }
    Deck {
        meta: front.meta,
        slides,
    }
}

#[cfg(test)]
mod tests;
