//! The README's example deck: exports cleanly, with its local pictures and links.

mod common;

use common::{pdf_facts, pdftotext, root, run, stderr};

#[test]
fn example_deck_exports_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let out_pdf = dir.path().join("welcome.pdf");
    let deck = root().join("examples/welcome/welcome.md");
    let out = run(
        dir.path(),
        &[
            deck.to_str().unwrap(),
            "-o",
            out_pdf.to_str().unwrap(),
            "--strict",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let facts = pdf_facts(&out_pdf);
    assert_eq!(facts.pages, 5);
    assert_eq!(facts.title.as_deref(), Some("Welcome to deckport"));
    assert_eq!(facts.outline_titles[0], "Welcome to deckport");
    // The PNG is an image; the SVG is drawn as vectors, not as an image.
    assert_eq!(facts.images, 1, "{facts:?}");
    let uris: Vec<&String> = facts.uris.iter().flatten().collect();
    assert_eq!(
        uris,
        [
            "https://hedgedoc.org",
            "http://www.example.com",
            "mailto:team@example.org"
        ]
    );
    let text = pdftotext(&out_pdf);
    assert!(text.contains("Drawn as vectors in the PDF"));
    assert!(!text.contains("speaker notes"), "notes stay off the slide");
}
