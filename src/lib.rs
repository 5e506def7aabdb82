//! deckport turns HedgeDoc slide-mode Markdown decks into PDF, PPTX and PNG files without a browser.
//!
//! The pipeline (see `ARCHITECTURE.md`): [`source`] → [`deck`] → [`markup`] → [`assets`] →
//! [`engine`] → [`walker`] → [`page`] (the display list) → [`pdf`], [`png`] or [`pptx`].
//! [`export`] runs them in order for one deck.

#![forbid(unsafe_code)]

pub mod assets;
pub mod batch;
pub mod date;
pub mod deck;
pub mod diag;
pub mod engine;
pub mod export;
pub mod fonts;
#[doc(hidden)]
pub mod fuzzing;
pub mod markup;
pub(crate) mod notes;
pub mod page;
pub mod pdf;
pub mod png;
pub mod pptx;
pub mod source;
pub mod walker;
