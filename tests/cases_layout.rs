//! Cases B08 (separator-parse), B09 (vertical-order), B11 (frontmatter-options), B19
//! (content-overflow) and B22 (html-inline): the decks as written, exported by the
//! command and read back with poppler, plus display-list checks where a PDF reader
//! cannot see the fact (colours, positions).

mod common;

use common::{pdf_facts, pdftotext, root, run, stderr};
use deckport::diag::{Sink, Warning};
use deckport::export::{ExportOptions, render};
use deckport::page::{Color, Document, GlyphRun, Item};
use deckport::png::{PngOptions, paint_pages};
use std::path::{Path, PathBuf};

fn case_path(name: &str) -> PathBuf {
    root().join("tests/cases").join(name)
}

fn render_bytes(bytes: &[u8]) -> (Document, Vec<Warning>) {
    let mut sink = Sink::new();
    let doc = render(bytes, None, "case", &ExportOptions::default(), &mut sink);
    (doc, sink.warnings())
}

/// Exports a case to PDF in `dir`; returns the PDF's path and the command's stderr.
fn export_pdf(dir: &Path, name: &str) -> (PathBuf, String) {
    let pdf = dir.join(format!("{name}.pdf"));
    let out = run(
        dir,
        &[
            case_path(&format!("{name}.md")).to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (pdf, stderr(&out))
}

/// The text of each page, as pdftotext reads it.
fn pages_text(pdf: &Path) -> Vec<String> {
    let mut pages: Vec<String> = pdftotext(pdf).split('\u{c}').map(str::to_string).collect();
    // pdftotext ends the last page with a form feed too.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn runs(doc: &Document, page: usize) -> Vec<&GlyphRun> {
    doc.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.runs.iter()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn run_with<'a>(doc: &'a Document, page: usize, text: &str) -> &'a GlyphRun {
    runs(doc, page)
        .into_iter()
        .find(|r| r.text.contains(text))
        .unwrap_or_else(|| panic!("no run with {text:?}"))
}

#[test]
fn b08_separators_split_only_where_they_stand_alone() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(case_path("B08.md")).unwrap();
    assert!(
        bytes.windows(2).any(|w| w == b"\r\n"),
        "the case keeps its CRLF"
    );
    let (pdf, _) = export_pdf(dir.path(), "B08");
    let pages = pages_text(&pdf);
    assert_eq!(pages.len(), 3, "{pages:#?}");
    assert!(pages[0].contains("One") && pages[0].contains("Setext Title"));
    assert!(pages[0].contains("Body under a setext heading stays on slide one."));
    assert!(pages[1].contains("Two"));
    assert!(pages[1].contains("a dashed line inside a code block"));
    assert!(pages[1].contains("After a thematic break, still slide two."));
    assert!(pages[1].contains("Still slide two: four dashes"));
    assert!(pages[2].contains("Two point one"));
    assert!(pages.iter().all(|p| !p.contains("type: slide")));

    // The same deck with LF line endings gives the same pages and texts.
    let lf = String::from_utf8(bytes).unwrap().replace("\r\n", "\n");
    let (crlf_doc, _) = render_bytes(&std::fs::read(case_path("B08.md")).unwrap());
    let (lf_doc, _) = render_bytes(lf.as_bytes());
    // The code block's dashes are a line of their own (pdftotext's layout mode joins a
    // line ending in a hyphen to the next, so the display list is asked).
    assert!(runs(&crlf_doc, 1).iter().any(|r| r.text.trim() == "---"));
    assert_eq!(crlf_doc.pages.len(), lf_doc.pages.len());
    for p in 0..lf_doc.pages.len() {
        let text = |d: &Document| {
            runs(d, p)
                .iter()
                .map(|r| r.text.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(text(&crlf_doc), text(&lf_doc), "page {}", p + 1);
    }
}

#[test]
fn b09_vertical_stacks_add_no_pages_and_keep_their_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = export_pdf(dir.path(), "B09");
    let pages = pages_text(&pdf);
    let titles = [
        "S1 Intro",
        "S1.1 Detail",
        "S2 Topic",
        "S2.1 Deep dive",
        "S2.2 Deeper",
        "S3 Close",
    ];
    assert_eq!(pages.len(), titles.len(), "{pages:#?}");
    for (page, title) in pages.iter().zip(titles) {
        assert!(page.trim_start().starts_with(title), "{page:?} ≠ {title}");
    }
    let (doc, _) = render_bytes(&std::fs::read(case_path("B09.md")).unwrap());
    let labels: Vec<&str> = doc.pages.iter().map(|p| p.label.as_str()).collect();
    // reveal numbers every slide of a stack h.v, its top included (1.1, not 1), as
    // HedgeDoc shows them; the stack itself is no slide.
    assert_eq!(labels, ["1.1", "1.2", "2.1", "2.2", "2.3", "3"]);
    // The labels are drawn: HedgeDoc's h.v numbers in each page's corner.
    for (p, label) in labels.iter().enumerate() {
        assert!(pages[p].contains(label), "page {} lacks {label}", p + 1);
    }
}

#[test]
fn b11_front_matter_title_language_theme_and_number_format() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, err) = export_pdf(dir.path(), "B11");
    assert!(
        !err.contains("transition"),
        "transition is ignored silently: {err}"
    );
    assert!(
        err.lines().count() <= 1,
        "at most a warning for unknownOption: {err}"
    );
    let facts = pdf_facts(&pdf);
    assert_eq!(facts.title.as_deref(), Some("Quartalsbericht Q3"));
    let pages = pages_text(&pdf);
    assert_eq!(pages.len(), 3);
    let c_t = |p: &str, n: &str| {
        p.split_whitespace()
            .collect::<String>()
            .contains(&format!("{n}/3"))
    };
    assert!(c_t(&pages[1], "2") && c_t(&pages[2], "3"), "{pages:#?}");

    let (doc, _) = render_bytes(&std::fs::read(case_path("B11.md")).unwrap());
    assert_eq!(doc.lang.as_deref(), Some("de-DE"));
    let (pixmaps, _) = paint_pages(&doc, &PngOptions::default()).unwrap();
    let corner = pixmaps[0].pixel(5, 5).unwrap();
    assert!(corner.red() >= 250 && corner.green() >= 250 && corner.blue() >= 250);
    let heading = run_with(&doc, 0, "Quartalsbericht");
    let c = heading.color;
    let luminance = (299 * u32::from(c.r) + 587 * u32::from(c.g) + 114 * u32::from(c.b)) / 1000;
    assert!(luminance < 100, "the white theme's heading is dark: {c:?}");
}

#[test]
fn b19_an_overflowing_slide_is_shrunk_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, err) = export_pdf(dir.path(), "B19");
    assert!(err.contains("slide 2"), "{err}");
    let pages = pages_text(&pdf);
    assert_eq!(pages.len(), 3);
    for i in 1..=24 {
        assert!(pages[1].contains(&format!("Item {i:02}")), "Item {i:02}");
    }
    assert!(pages[1].contains("OMEGA"));
    // Every glyph lies inside the page: shrunk, not clipped.
    let (doc, _) = render_bytes(&std::fs::read(case_path("B19.md")).unwrap());
    let page = &doc.pages[1];
    for r in runs(&doc, 1) {
        let width: f32 = r.glyphs.iter().map(|g| g.advance).sum();
        assert!(
            r.origin.x >= 0.0 && r.origin.x + width <= page.width,
            "{:?}",
            r.text
        );
        assert!(
            r.origin.y - r.size >= 0.0 && r.origin.y <= page.height,
            "{:?}",
            r.text
        );
    }
}

#[test]
fn b22_inline_html_is_drawn_and_disallowed_tags_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _) = export_pdf(dir.path(), "B22");
    let text = pdftotext(&pdf);
    for tag in ["<span", "<br", "<div", "<small"] {
        assert!(!text.contains(tag), "{tag} leaked into the text");
    }
    assert!(
        text.contains("<script>"),
        "the script tag is shown as text: {text}"
    );

    let (doc, _) = render_bytes(&std::fs::read(case_path("B22.md")).unwrap());
    assert_eq!(run_with(&doc, 0, "Alert").color, Color::rgb(0xcc, 0, 0));
    // HedgeDoc's default theme is black: the rest of the line is white.
    assert_eq!(
        run_with(&doc, 0, "then normal").color,
        Color::rgb(255, 255, 255)
    );
    let (one, two) = (run_with(&doc, 0, "Line one"), run_with(&doc, 0, "Line two"));
    assert!(
        two.origin.y > one.origin.y + one.size * 0.8,
        "separate lines"
    );
    let centred = run_with(&doc, 0, "Centered block");
    let width: f32 = centred.glyphs.iter().map(|g| g.advance).sum();
    let middle = centred.origin.x + width / 2.0;
    let page_w = doc.pages[0].width;
    assert!(
        (middle - page_w / 2.0).abs() <= page_w * 0.02,
        "centre {middle} on a {page_w} px page"
    );
}
