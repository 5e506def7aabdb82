//! Text shadows in the PDF: outlines written once and placed at every offset.

use deckport::diag::Sink;
use deckport::export::{ExportOptions, render};
use std::path::PathBuf;

#[test]
fn a_four_way_halo_writes_its_outlines_once() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/css/css-text-shadow-halo.md");
    let mut sink = Sink::new();
    let doc = render(
        &std::fs::read(&path).unwrap(),
        path.parent(),
        "halo",
        &ExportOptions {
            offline: true,
            ..ExportOptions::default()
        },
        &mut sink,
    );
    let shadow_runs: usize = doc.pages[0]
        .items
        .iter()
        .map(|i| match i {
            deckport::page::Item::Shadow(s) => s.runs.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(shadow_runs, 4, "one run per shadow offset");
    let pdf = deckport::pdf::write(&doc, &Default::default())
        .unwrap()
        .bytes;
    let parsed = lopdf::Document::load_mem(&pdf).unwrap();
    let forms = parsed
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Form".as_slice())
        })
        .count();
    assert_eq!(forms, 1, "the four shadows share one outline form");
    let page = *parsed.get_pages().values().next().unwrap();
    let content = String::from_utf8_lossy(&parsed.get_page_content(page).unwrap()).into_owned();
    assert_eq!(content.matches(" Do").count(), 4, "{content}");
}
