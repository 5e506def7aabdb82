//! The markup stage: each slide's Markdown to HTML, as HedgeDoc renders it.
//!
//! `=WxH` pre-pass, comrak in HedgeDoc's dialect, a linkify-it-compatible link
//! pass, attribute comments (format spec §5), HedgeDoc's sanitizer (§7) and the
//! `<font>` rewrite; the result is one HTML document for the whole deck.

use crate::deck::Deck;
use crate::diag::Sink;

/// A picture the deck refers to, with the deck line that refers to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    /// The URL or path exactly as written (after sanitizing).
    pub src: String,
    /// 1-based deck line.
    pub line: usize,
    /// `true` for a slide background (`data-background`, `data-background-image`).
    pub background: bool,
}

/// One leaf slide's markup facts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SlideMarkup {
    /// Attributes set on the slide's `<section>` by `<!-- .slide: -->` comments, in order.
    pub attrs: Vec<(String, String)>,
    /// Pictures referenced by the slide (backgrounds and `<img>`), in source order.
    pub images: Vec<ImageRef>,
}

/// The HTML document for the whole deck.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Markup {
    /// `<html>…<div class="reveal"><div class="slides"><section>…` with every leaf
    /// section carrying `data-deckport-slide="N"` (N = index into `Deck::slides`).
    pub html: String,
    /// Per leaf slide, same order as `Deck::slides`.
    pub slides: Vec<SlideMarkup>,
}

/// Renders every slide of the deck into one HTML document.
pub fn render(deck: &Deck, sink: &mut Sink) -> Markup {
    let _ = (deck, sink);
    Markup::default()
}
