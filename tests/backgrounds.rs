//! Slide backgrounds as reveal draws them: size, position, repeat, opacity, colour
//! beneath, and the deck-wide parallax background.

mod common;

use common::server::png;
use deckport::diag::Sink;
use deckport::export::{ExportOptions, render};
use deckport::page::{Color, Document, Image, Item, Paint, RasterFormat};
use std::sync::Arc;

fn render_in(dir: &std::path::Path, deck: &str) -> Document {
    let mut sink = Sink::new();
    let doc = render(
        deck.as_bytes(),
        Some(dir),
        "bg",
        &ExportOptions {
            offline: true,
            ..ExportOptions::default()
        },
        &mut sink,
    );
    assert!(sink.warnings().is_empty(), "{:?}", sink.warnings());
    doc
}

fn images(doc: &Document, page: usize) -> Vec<&Image> {
    doc.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Image(im) => Some(im),
            _ => None,
        })
        .collect()
}

#[test]
fn repeated_translucent_background_over_its_colour() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tile.png"), png(10, 10)).unwrap();
    let doc = render_in(
        dir.path(),
        "<!-- .slide: data-background-image=\"tile.png\" data-background-size=\"480px 540px\" \
         data-background-position=\"0 0\" data-background-repeat=\"repeat\" \
         data-background-opacity=\"0.5\" data-background-color=\"#336699\" -->\n\n# A\n\n---\n\n\
         <!-- .slide: data-background-image=\"tile.png\" data-background-opacity=\"0.5\" -->\n\n# B\n",
    );
    let tiles = images(&doc, 0);
    assert_eq!(tiles.len(), 8);
    let mut origins: Vec<(i32, i32)> = tiles
        .iter()
        .map(|t| (t.rect.x.round() as i32, t.rect.y.round() as i32))
        .collect();
    origins.sort();
    assert_eq!(
        origins,
        [
            (0, 0),
            (0, 540),
            (480, 0),
            (480, 540),
            (960, 0),
            (960, 540),
            (1440, 0),
            (1440, 540)
        ]
    );
    assert!(tiles.iter().all(|t| t.format == RasterFormat::Png));
    let rgba = image::load_from_memory(&tiles[0].bytes).unwrap().to_rgba8();
    assert!(rgba.pixels().all(|p| p.0[3] == 128));
    assert_eq!(
        doc.pages[0].background,
        Paint::Solid(Color::rgb(0x33, 0x66, 0x99))
    );
    // The translucent copy is made once and shared by every tile and the next slide.
    let second = images(&doc, 1);
    assert_eq!(second.len(), 1);
    assert!(
        tiles
            .iter()
            .all(|t| Arc::ptr_eq(&t.bytes, &second[0].bytes))
    );
}

#[test]
fn parallax_background_shifts_by_slide() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wide.png"), png(300, 100)).unwrap();
    let doc = render_in(
        dir.path(),
        "---\nslideOptions:\n  parallaxBackgroundImage: wide.png\n  parallaxBackgroundSize: 2880px 960px\n---\n\n\
         # One\n\n---\n\n# Two\n\n---\n\n# Three\n\n---\n\n<!-- .slide: data-background-color=\"#000\" -->\n\n# Four\n",
    );
    let xs: Vec<f32> = (0..3).map(|p| images(&doc, p)[0].rect.x).collect();
    // 960 px of overhang shared by three steps between four slides.
    let want = [0.0, -320.0, -640.0];
    for (x, w) in xs.iter().zip(want) {
        assert!((x - w).abs() < 0.5, "{xs:?}");
    }
    let r = images(&doc, 0)[0].rect;
    assert!(
        (r.w - 2880.0).abs() < 0.5 && (r.h - 960.0).abs() < 0.5,
        "{r:?}"
    );
    // A slide with its own background colour covers the parallax layer.
    assert!(images(&doc, 3).is_empty());
}
