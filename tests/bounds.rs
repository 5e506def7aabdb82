//! Huge and hostile decks: each bound of README's "Limits" table is met with the
//! export completing, a warning at the deck line concerned where a limit cuts in,
//! and no recursion that grows with the input.

use deckport::diag::{Sink, Warning};
use deckport::export::{ExportOptions, render};
use deckport::page::Document;
use std::time::Instant;

/// Stack of the thread each deck runs on: the binary's (`batch::STACK_BYTES`).
const STACK: usize = deckport::batch::STACK_BYTES;

/// What one export gave: the display list, the warnings, the PDF's and PPTX's sizes.
struct Done {
    doc: Document,
    warnings: Vec<Warning>,
    pdf: usize,
    pptx: usize,
}

/// Renders a deck and writes the PDF and PPTX, on a thread with the binary's stack.
fn export(deck: String) -> Done {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let started = Instant::now();
            let mut sink = Sink::new();
            let options = ExportOptions {
                offline: true,
                ..ExportOptions::default()
            };
            let doc = render(deck.as_bytes(), None, "bounds", &options, &mut sink);
            let rendered = started.elapsed();
            let pdf = deckport::pdf::write(&doc, &Default::default()).expect("a PDF");
            let pdf_done = started.elapsed();
            let pptx = deckport::pptx::write(&doc, &Default::default()).expect("a PPTX");
            eprintln!(
                "{} bytes: render {:.2} s, pdf {:.2} s, pptx {:.2} s",
                deck.len(),
                rendered.as_secs_f64(),
                (pdf_done - rendered).as_secs_f64(),
                (started.elapsed() - pdf_done).as_secs_f64()
            );
            Done {
                doc,
                warnings: sink.warnings(),
                pdf: pdf.bytes.len(),
                pptx: pptx.bytes.len(),
            }
        })
        .expect("a thread")
        .join()
        .expect("the export does not panic")
}

/// The warning whose message contains `needle`, which must exist.
fn warning<'a>(done: &'a Done, needle: &str) -> &'a Warning {
    done.warnings
        .iter()
        .find(|w| w.message.contains(needle))
        .unwrap_or_else(|| panic!("no warning with {needle:?} in {:#?}", done.warnings))
}

/// Every text item's text on a page, in order.
fn page_text(doc: &Document, page: usize) -> String {
    doc.pages[page]
        .items
        .iter()
        .filter_map(|item| match item {
            deckport::page::Item::Text(t) => Some(
                t.paragraphs
                    .iter()
                    .flat_map(|p| p.spans.iter().map(|s| s.text.as_str()))
                    .collect::<String>(),
            ),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn lists_nested_1000_deep_are_flattened_past_the_limit() {
    let mut deck = String::from("# Deep list\n\n");
    for depth in 0..1000 {
        deck.push_str(&"  ".repeat(depth));
        deck.push_str(&format!("- item{depth}\n"));
    }
    let done = export(deck);
    assert_eq!(done.doc.pages.len(), 1);
    let w = warning(&done, "nested more than");
    let line = w.line.expect("a deck line");
    assert!((3..=1002).contains(&line), "{w:?}");
    let text = page_text(&done.doc, 0);
    assert!(text.contains("item0") && text.contains("item999"), "{text}");
}

#[test]
fn blockquotes_nested_1000_deep_are_flattened_past_the_limit() {
    let deck = format!("# Quotes\n\n{} deepest\n", "> ".repeat(1000));
    let done = export(deck);
    let w = warning(&done, "nested more than");
    assert_eq!(w.line, Some(3), "{w:?}");
    assert!(page_text(&done.doc, 0).contains("deepest"));
}

#[test]
fn html_nested_20000_deep_is_flattened() {
    let deck = format!(
        "# Deep HTML\n\n<div>{}deepest{}</div>\n",
        "<span><b>".repeat(10_000),
        "</b></span>".repeat(10_000)
    );
    let done = export(deck);
    assert!(warning(&done, "nested more than").line.is_some());
    assert!(page_text(&done.doc, 0).contains("deepest"));
}

/// The colour of the first glyph run drawing `text`.
fn colour_of(doc: &Document, text: &str) -> Option<deckport::page::Color> {
    doc.pages
        .iter()
        .flat_map(|p| &p.items)
        .find_map(|item| match item {
            deckport::page::Item::Text(t) => t
                .runs
                .iter()
                .find(|r| r.text.contains(text))
                .map(|r| r.color),
            _ => None,
        })
}

#[test]
fn slides_past_10000_are_left_out_with_a_warning_at_the_first() {
    let mut text = String::new();
    for i in 0..10_005 {
        text.push_str(&format!("# Slide {i}\n\n---\n\n"));
    }
    text.push_str("# Last\n");
    let mut sink = Sink::new();
    let deck = deckport::deck::parse(&text, &mut sink);
    assert_eq!(deck.slides.len(), deckport::deck::MAX_SLIDES);
    assert!(deck.slides[9_999].markdown.contains("Slide 9999"));
    let warnings = sink.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    // Slide 10,001 ("# Slide 10000") is on line 40,001, after the blank line 40,000.
    let line = warnings[0].line.expect("a line");
    assert!((40_000..=40_001).contains(&line), "{warnings:?}");
    assert!(warnings[0].message.contains("10006 slides"), "{warnings:?}");
}

#[test]
fn a_5_mb_deck_is_read_to_its_last_slide() {
    let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(40);
    let mut text = String::new();
    let mut slides = 0;
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(&format!("# Slide {slides}\n\n{paragraph}\n\n---\n\n"));
        slides += 1;
    }
    text.push_str("# The end\n");
    let mut sink = Sink::new();
    let normal = deckport::source::normalize(text.as_bytes(), &mut sink);
    let deck = deckport::deck::parse(&normal, &mut sink);
    let markup = deckport::markup::render(&deck, &mut sink);
    assert_eq!(deck.slides.len(), slides + 1);
    assert!(markup.html.contains("The end"));
    assert!(sink.warnings().is_empty(), "{:?}", sink.warnings());
}

#[test]
fn a_1_mb_line_is_laid_out_and_shrunk_with_a_warning() {
    let line = format!("first {}last\n", "word ".repeat(200_000));
    let done = export(format!("# Line\n\n{line}"));
    assert_eq!(done.doc.pages.len(), 1);
    // The overflow warning names the slide's first line.
    let w = warning(&done, "shrunk to less than 1 %");
    assert_eq!(w.line, Some(1), "{w:?}");
    let text = page_text(&done.doc, 0);
    assert!(text.contains("first") && text.contains("last"));
    assert!(done.pdf > 0 && done.pptx > 0);
}

#[test]
fn a_word_of_100000_characters_is_laid_out_in_a_heading_and_a_paragraph() {
    let word = "x".repeat(100_000);
    let done = export(format!("# {word}\n\n{word}y\n"));
    let text = page_text(&done.doc, 0);
    assert!(text.contains(&format!("{word}y")));
    assert!(done.pdf > 0 && done.pptx > 0);
}

#[test]
fn a_table_of_10000_cells_keeps_every_cell() {
    let mut table = String::from("# Table\n\n");
    table.push_str(&format!("|{}\n|{}\n", "h|".repeat(100), "-|".repeat(100)));
    for r in 0..99 {
        table.push('|');
        for c in 0..100 {
            table.push_str(&format!("r{r}c{c}|"));
        }
        table.push('\n');
    }
    let done = export(table);
    assert_eq!(done.doc.pages.len(), 1);
    let text = page_text(&done.doc, 0);
    assert!(text.contains("r0c0") && text.contains("r98c99"));
    assert!(warning(&done, "shrunk").line.is_some());
}

#[test]
fn text_many_times_taller_than_the_slide_is_shrunk_with_a_warning() {
    let deck = format!(
        "# Over\n\n{}the end\n",
        "A paragraph of text that goes on.\n\n".repeat(5_000)
    );
    let done = export(deck);
    assert_eq!(done.doc.pages.len(), 1);
    assert_eq!(warning(&done, "shrunk to less than 1 %").line, Some(1));
    assert!(page_text(&done.doc, 0).contains("the end"));
}

#[test]
fn a_style_of_100000_rules_keeps_the_first_10000_with_a_warning() {
    let mut deck = String::from(
        "# Style\n\n<p class=\"first\">alpha</p>\n\n<p class=\"last\">omega</p>\n\n<style>\n.first { color: #ff0000 }\n",
    );
    for i in 1..99_999 {
        deck.push_str(&format!(".c{i} p {{ color: blue }}\n"));
    }
    deck.push_str(".last { color: #00ff00 }\n</style>\n");
    let done = export(deck);
    let w = warning(&done, "more than 10000 rules");
    assert_eq!(w.line, Some(7), "{w:?}");
    let red = deckport::page::Color::rgb(255, 0, 0);
    assert_eq!(colour_of(&done.doc, "alpha"), Some(red));
    let omega = colour_of(&done.doc, "omega").expect("omega is drawn");
    assert_ne!(omega, deckport::page::Color::rgb(0, 255, 0));
}

#[test]
fn pathological_selectors_cost_little() {
    let deck = format!(
        "# Selectors\n\n{open}deep{close}\n\n<style>\n{is}p{is_end} {{ color: red }}\n{desc} p {{ color: blue }}\n*:not({not}*{not_end}) {{ color: green }}\n</style>\n",
        open = "<div>".repeat(300),
        close = "</div>".repeat(300),
        is = ":is(".repeat(3_000),
        is_end = ")".repeat(3_000),
        desc = "div ".repeat(5_000),
        not = ":not(".repeat(3_000),
        not_end = ")".repeat(3_000),
    );
    let done = export(deck);
    assert!(page_text(&done.doc, 0).contains("deep"));
}

#[test]
fn a_yaml_alias_bomb_is_refused_at_its_line_and_the_slides_export() {
    let mut deck = String::from("---\ntitle: Bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let items = vec![format!("*a{}", i - 1); 10].join(", ");
        deck.push_str(&format!("a{i}: &a{i} [{items}]\n"));
    }
    deck.push_str("---\n\n# Still here\n");
    let done = export(deck);
    let w = warning(&done, "front matter is not valid YAML");
    assert!(w.line.is_some_and(|l| (2..=15).contains(&l)), "{w:?}");
    assert!(page_text(&done.doc, 0).contains("Still here"));
}
