//! Reference images of every fixture deck: each page painted by the PNG backend at a
//! quarter of its size and compared with `tests/ref/png/<topic>/<case>-NN.png`.
//!
//! The comparison has a tolerance (anti-aliasing may shift with a rasteriser update)
//! but catches what a reader would see: a missing run, a wrong colour, a moved box.
//! `DECKPORT_BLESS=1 cargo test --test png_refs` rewrites the references after a
//! deliberate change; look at the new pictures before committing them.

use deckport::diag::Sink;
use deckport::export::{ExportOptions, render};
use deckport::png::{PngOptions, write};
use std::path::{Path, PathBuf};

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Largest mean absolute channel difference (0–255) a page may show.
const MEAN_TOLERANCE: f64 = 1.5;
/// Largest share of pixels whose colour may differ by more than 48 in a channel.
const PIXEL_TOLERANCE: f64 = 0.005;

/// Why two pictures differ beyond the tolerance, if they do.
fn differs(expected: &[u8], actual: &[u8]) -> Option<String> {
    let a = image::load_from_memory(expected).ok()?.to_rgb8();
    let b = image::load_from_memory(actual).ok()?.to_rgb8();
    if a.dimensions() != b.dimensions() {
        return Some(format!("size {:?} ≠ {:?}", a.dimensions(), b.dimensions()));
    }
    let mut sum = 0u64;
    let mut off = 0usize;
    for (p, q) in a.pixels().zip(b.pixels()) {
        let d = [0, 1, 2].map(|i| p[i].abs_diff(q[i]));
        sum += d.iter().map(|&v| u64::from(v)).sum::<u64>();
        off += usize::from(d.iter().any(|&v| v > 48));
    }
    let n = f64::from(a.width() * a.height());
    let (mean, share) = (sum as f64 / (n * 3.0), off as f64 / n);
    (mean > MEAN_TOLERANCE || share > PIXEL_TOLERANCE).then(|| {
        format!(
            "mean difference {mean:.2}, {:.2} % of pixels changed",
            share * 100.0
        )
    })
}

#[test]
fn fixture_pages_match_their_reference_images() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("DECKPORT_BLESS").is_some();
    let mut decks = Vec::new();
    fixtures(&root.join("fixtures"), &mut decks);
    assert!(decks.len() >= 10, "fixtures found: {}", decks.len());
    let options = PngOptions {
        scale: 0.25,
        ..PngOptions::default()
    };
    let mut failures = Vec::new();
    let mut compared = 0;
    for deck in decks {
        let rel = deck.strip_prefix(root.join("fixtures")).unwrap();
        let mut sink = Sink::new();
        let doc = render(
            &std::fs::read(&deck).unwrap(),
            deck.parent(),
            "fixture",
            &ExportOptions {
                offline: true,
                ..ExportOptions::default()
            },
            &mut sink,
        );
        let pngs = write(&doc, &options).unwrap();
        let folder = root.join("tests/ref/png").join(rel.parent().unwrap());
        let stem = rel.file_stem().unwrap().to_string_lossy().into_owned();
        for (i, actual) in pngs.pages.iter().enumerate() {
            let reference = folder.join(format!("{stem}-{:02}.png", i + 1));
            if bless {
                std::fs::create_dir_all(&folder).unwrap();
                std::fs::write(&reference, actual).unwrap();
                continue;
            }
            compared += 1;
            match std::fs::read(&reference) {
                Err(_) => failures.push(format!("{}: no reference", reference.display())),
                Ok(expected) => {
                    if let Some(why) = differs(&expected, actual) {
                        failures.push(format!("{}: {why}", reference.display()));
                    }
                }
            }
        }
        // A page fewer than before leaves its reference unused.
        let extra = folder.join(format!("{stem}-{:02}.png", pngs.pages.len() + 1));
        if !bless && extra.exists() {
            failures.push(format!("{}: page no longer exists", extra.display()));
        }
    }
    assert!(bless || compared > 0);
    assert!(
        failures.is_empty(),
        "pages differ from their references (DECKPORT_BLESS=1 to accept):\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_comparison_sees_a_changed_page() {
    let white = image::RgbImage::from_pixel(40, 20, image::Rgb([255, 255, 255]));
    let mut marked = white.clone();
    for x in 0..10 {
        for y in 0..10 {
            marked.put_pixel(x, y, image::Rgb([200, 0, 0]));
        }
    }
    let encode = |img: &image::RgbImage| {
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    assert!(differs(&encode(&white), &encode(&white)).is_none());
    assert!(differs(&encode(&white), &encode(&marked)).is_some());
}
