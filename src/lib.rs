//! deckport turns HedgeDoc slide-mode Markdown decks into PDF files without a browser.
//!
//! The pipeline (see `ARCHITECTURE.md`): [`source`] → [`deck`] → [`markup`] →
//! assets → engine → walker → [`page`] (the display list) → backends.

#![forbid(unsafe_code)]

pub mod deck;
pub mod diag;
pub mod markup;
pub mod page;
pub mod source;
