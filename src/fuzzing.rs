//! Entry points for the fuzz targets in `fuzz/`: each runs one parser, or the whole
//! export, on arbitrary input and must neither panic nor overflow the stack. They live
//! in the library so that the targets reach stages whose modules are private.
//!
//! Each runs on a thread of its own with [`STACK_BYTES`] of stack: the binary gives a
//! deck 512 MiB (`batch::STACK_BYTES`), the fuzzer's thread has 8 MiB. An eighth of
//! the binary's stack shows recursion that grows with the input long before it could
//! overflow in the binary, without failing on depths the binary handles.

use crate::assets::AssetStore;
use crate::diag::Sink;
use crate::export::{ExportOptions, render};
use crate::walker::{self, WalkOptions};
use crate::{deck, markup, pdf, png, pptx};

/// Stack of the thread each entry point runs on.
pub const STACK_BYTES: usize = 64 * 1024 * 1024;

/// Runs `work` on a thread with [`STACK_BYTES`] of stack; a panic there is a panic here.
fn on_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, work)
            .expect("a thread for the fuzz input");
        match handle.join() {
            Ok(value) => value,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// A small page: every stage and backend runs as for a real page, in less time.
const PAGE: (f32, f32) = (480.0, 270.0);

/// The whole export on arbitrary bytes, offline and without a deck folder (so no
/// file is read and no connection opened): the display list, then PDF, PPTX and PNG,
/// each of which must be written.
pub fn export(bytes: &[u8]) {
    on_stack(|| export_here(bytes));
}

fn export_here(bytes: &[u8]) {
    let mut sink = Sink::new();
    let options = ExportOptions {
        page: PAGE,
        offline: true,
        ..ExportOptions::default()
    };
    let doc = render(bytes, None, "fuzz", &options, &mut sink);
    // A backend that refuses the display list fails the export: a finding too.
    if let Err(e) = pdf::write(&doc, &pdf::PdfOptions::default()) {
        panic!("the PDF backend failed: {e}");
    }
    if let Err(e) = pptx::write(&doc, &pptx::PptxOptions::default()) {
        panic!("the PPTX backend failed: {e}");
    }
    let png = png::PngOptions {
        scale: 0.25,
        ..png::PngOptions::default()
    };
    if let Err(e) = png::write(&doc, &png) {
        panic!("the PNG backend failed: {e}");
    }
}

/// The front matter reader on arbitrary YAML between the two `---` lines.
pub fn front_matter(yaml: &str) -> deck::Deck {
    let text = format!("---\n{yaml}\n---\n\n# A\n");
    on_stack(|| deck::parse(&text, &mut Sink::new()))
}

/// The markup stage on one slide of arbitrary HTML: HedgeDoc's sanitizer, the
/// fragment parser, attribute comments, `<font>` rewriting and serialisation.
pub fn html_fragment(html: &str) -> markup::Markup {
    on_stack(|| html_here(html))
}

fn html_here(html: &str) -> markup::Markup {
    let mut sink = Sink::new();
    let slide = deck::Slide {
        h: 0,
        v: None,
        markdown: html.to_owned(),
        first_line: 1,
        lines: 1..1 + html.matches('\n').count(),
        notes: None,
        notes_line: None,
    };
    let deck = deck::Deck {
        meta: deck::Meta::default(),
        slides: vec![slide],
    };
    markup::render(&deck, &mut sink)
}

/// A deck's `<style>` with arbitrary CSS, read by the markup stage as any deck's
/// (`@import` removal, the style budget), styled and laid out by the engine and read
/// by the walker.
pub fn css(css: &str) -> usize {
    on_stack(|| css_here(css))
}

fn css_here(css: &str) -> usize {
    let mut sink = Sink::new();
    // The style sheet cannot end its own element early, and stays in one HTML block:
    // `</` is broken up.
    let text = format!(
        "# Title\n\nSome *text* and a [link](https://example.org).\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<style>\n{}\n</style>\n",
        css.replace("</", "<\\/")
    );
    let deck = deck::parse(&text, &mut sink);
    let markup = markup::render(&deck, &mut sink);
    let walk = WalkOptions {
        page: PAGE,
        ..WalkOptions::default()
    };
    walker::render_pages(&deck, &markup, &AssetStore::default(), &walk, &mut sink)
        .pages
        .len()
}
