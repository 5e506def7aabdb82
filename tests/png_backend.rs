//! The PNG backend: pixels of painted fixtures, the files the command writes, and
//! agreement with poppler's rendering of deckport's own PDF (when `pdftoppm` is installed).

mod common;

use std::path::Path;
use std::process::Command;

use deckport::diag::Sink;
use deckport::export::{ExportOptions, render};
use deckport::page::{Color, Document, Geometry, Item, Page, Paint, Rect, Shape};
use deckport::png::{PngOptions, paint_pages};

fn fixture(rel: &str) -> Document {
    let path = common::root().join("fixtures").join(rel);
    let mut sink = Sink::new();
    render(
        &std::fs::read(&path).unwrap(),
        path.parent(),
        "fixture",
        &ExportOptions {
            offline: true,
            ..ExportOptions::default()
        },
        &mut sink,
    )
}

fn rgb(pixmap: &tiny_skia::Pixmap, x: u32, y: u32) -> [u8; 3] {
    let p = pixmap.pixel(x, y).unwrap();
    [p.red(), p.green(), p.blue()]
}

#[test]
fn background_colour_and_text_ink_where_the_glyphs_are() {
    let doc = fixture("theme/theme-white-dark-background.md");
    let (pages, warnings) = paint_pages(&doc, &PngOptions::default()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(pages.len(), doc.pages.len());
    let page = &pages[0];
    assert_eq!((page.width(), page.height()), (1920, 1080));
    // The slide's data-background covers the page, corners included.
    assert_eq!(rgb(page, 5, 5), [0x1b, 0x3a, 0x5c]);
    assert_eq!(rgb(page, 1914, 540), [0x1b, 0x3a, 0x5c]);
    // Every glyph run of the slide's text leaves light ink between its origin and one
    // size above it (the slide number, small on its own grey box, is left aside).
    let mut runs = 0;
    for item in &doc.pages[0].items {
        let Item::Text(text) = item else { continue };
        for run in text.runs.iter().filter(|r| r.size >= 20.0) {
            let width: f32 = run.glyphs.iter().map(|g| g.advance).sum();
            let (x0, x1) = (run.origin.x as u32, (run.origin.x + width) as u32);
            let (y0, y1) = ((run.origin.y - run.size * 0.7) as u32, run.origin.y as u32);
            let light = (x0..x1)
                .flat_map(|x| (y0..y1).map(move |y| (x, y)))
                .filter(|&(x, y)| rgb(page, x, y).iter().all(|&c| c > 200))
                .count();
            assert!(light > 20, "run {:?} has no light ink ({light})", run.text);
            runs += 1;
        }
    }
    assert!(runs >= 2, "the heading and the paragraph are drawn");
    // Far from any text the page is untouched.
    assert_eq!(rgb(page, 200, 1000), [0x1b, 0x3a, 0x5c]);
}

fn page_with(items: Vec<Item>) -> Document {
    Document {
        pages: vec![Page {
            width: 100.0,
            height: 50.0,
            background: Paint::Solid(Color::rgb(255, 255, 255)),
            items,
            notes: None,
            title: None,
            label: "1".into(),
            lines: 1..2,
            anchors: Vec::new(),
            notes_for: None,
            structure: Vec::new(),
        }],
        ..Document::default()
    }
}

fn rect_shape(rect: Rect, color: Color) -> Item {
    Item::Shape(Shape {
        geometry: Geometry::Rect(rect),
        fill: Some(Paint::Solid(color)),
        stroke: None,
        line: 1,
    })
}

#[test]
fn clips_limit_what_follows_until_popped() {
    let red = Color::rgb(255, 0, 0);
    let blue = Color::rgb(0, 0, 255);
    let doc = page_with(vec![
        Item::PushClip(Rect::new(0.0, 0.0, 50.0, 50.0)),
        rect_shape(Rect::new(0.0, 0.0, 100.0, 50.0), red),
        Item::PopClip,
        rect_shape(Rect::new(80.0, 0.0, 20.0, 10.0), blue),
    ]);
    let (pages, _) = paint_pages(&doc, &PngOptions::default()).unwrap();
    let page = &pages[0];
    assert_eq!(rgb(page, 10, 25), [255, 0, 0]);
    assert_eq!(rgb(page, 70, 25), [255, 255, 255], "clipped away");
    assert_eq!(
        rgb(page, 90, 5),
        [0, 0, 255],
        "after the pop nothing is clipped"
    );
}

#[test]
fn a_thumbnail_draws_its_page_small_inside_its_rectangle() {
    let red = Color::rgb(255, 0, 0);
    // Page 0: a red square at the top left and a clip that lets only its left half show.
    let mut doc = page_with(vec![
        Item::PushClip(Rect::new(0.0, 0.0, 25.0, 50.0)),
        rect_shape(Rect::new(0.0, 0.0, 50.0, 50.0), red),
        Item::PopClip,
    ]);
    let mut notes = doc.pages[0].clone();
    notes.notes_for = Some(0);
    notes.items = vec![Item::Thumbnail(deckport::page::Thumbnail {
        page: 0,
        rect: Rect::new(50.0, 0.0, 50.0, 25.0),
        line: 1,
    })];
    doc.pages.push(notes);
    let (pages, _) = paint_pages(&doc, &PngOptions::default()).unwrap();
    let small = &pages[1];
    // Half size at x 50: the visible red half covers x 50..62.5, y 0..25.
    assert_eq!(rgb(small, 55, 10), [255, 0, 0]);
    assert_eq!(
        rgb(small, 70, 10),
        [255, 255, 255],
        "clipped inside the thumbnail"
    );
    assert_eq!(rgb(small, 55, 40), [255, 255, 255], "outside the thumbnail");
    assert_eq!(rgb(small, 10, 10), [255, 255, 255], "left of the thumbnail");
}

#[test]
fn half_transparent_fill_blends_with_the_page() {
    let doc = page_with(vec![rect_shape(
        Rect::new(0.0, 0.0, 100.0, 50.0),
        Color::rgba(0, 0, 0, 128),
    )]);
    let (pages, _) = paint_pages(&doc, &PngOptions::default()).unwrap();
    let [r, g, b] = rgb(&pages[0], 50, 25);
    assert!((125..=129).contains(&r) && r == g && g == b, "{r} {g} {b}");
}

#[test]
fn scale_paints_a_smaller_picture() {
    let doc = fixture("theme/theme-white.md");
    let options = PngOptions {
        scale: 0.25,
        ..PngOptions::default()
    };
    let (pages, _) = paint_pages(&doc, &options).unwrap();
    assert_eq!((pages[0].width(), pages[0].height()), (480, 270));
}

#[test]
fn command_writes_numbered_pages_with_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("talk.md");
    std::fs::write(&deck, "# One\n\n---\n\n# Two\n\n---\n\n# Three\n").unwrap();
    let out = common::run(dir.path(), &["talk.md", "-o", "out.png"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let first = std::fs::read(dir.path().join("out-01.png")).unwrap();
    assert!(first.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(dir.path().join("out-03.png").exists());
    assert!(!dir.path().join("out-04.png").exists());
    assert!(!dir.path().join("out.png").exists());

    let out = common::run(dir.path(), &["talk.md", "--png"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let beside = std::fs::read(dir.path().join("talk-01.png")).unwrap();
    assert_eq!(first, beside, "the same deck gives the same bytes");
    assert!(
        !dir.path().join("talk.pdf").exists(),
        "--png alone writes no PDF"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files stay behind");
}

fn pdftoppm() -> bool {
    Command::new("pdftoppm").arg("-v").output().is_ok()
}

/// Mean absolute channel difference and the share of pixels off by more than 64.
fn difference(a: &image::RgbImage, b: &image::RgbImage) -> (f64, f64) {
    assert_eq!(a.dimensions(), b.dimensions());
    let mut sum = 0u64;
    let mut off = 0usize;
    for (p, q) in a.pixels().zip(b.pixels()) {
        let d: Vec<u32> = (0..3).map(|i| p[i].abs_diff(q[i]) as u32).collect();
        sum += d.iter().map(|&v| u64::from(v)).sum::<u64>();
        off += usize::from(d.iter().any(|&v| v > 64));
    }
    let n = (a.width() * a.height()) as f64;
    (sum as f64 / (n * 3.0), off as f64 / n)
}

fn compare_with_pdf(rel: &str, dir: &Path) {
    let deck = common::root().join("fixtures").join(rel);
    let pdf = dir.join("deck.pdf");
    let png = dir.join("deck.png");
    for target in [&pdf, &png] {
        let out = Command::new(env!("CARGO_BIN_EXE_deckport"))
            .arg(&deck)
            .arg("-o")
            .arg(target)
            .args(["--offline", "-q"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", common::stderr(&out));
    }
    // 1440 pt at 96 dpi is 1920 px: poppler draws the PDF at our page size.
    let status = Command::new("pdftoppm")
        .args(["-r", "96", "-png", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(dir.join("poppler"))
        .status()
        .unwrap();
    assert!(status.success());
    let poppler = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("poppler")
        })
        .expect("pdftoppm wrote a page");
    let theirs = image::open(&poppler).unwrap().to_rgb8();
    let ours = image::open(dir.join("deck-01.png")).unwrap().to_rgb8();
    let (mean, off) = difference(&ours, &theirs);
    // Anti-aliasing differs at glyph edges; anything more (a missing run, a wrong
    // colour, a shifted box) moves these figures far beyond the bounds.
    assert!(mean < 2.0, "{rel}: mean difference {mean:.2}");
    assert!(off < 0.005, "{rel}: {:.3} % of pixels differ", off * 100.0);
}

#[test]
fn png_and_pdf_look_the_same() {
    if !pdftoppm() {
        eprintln!("pdftoppm is not installed; skipped");
        return;
    }
    for rel in [
        "theme/theme-white-dark-background.md",
        "css/css-text-shadow-halo.md",
        "pictures/pictures-local.md",
    ] {
        let dir = tempfile::tempdir().unwrap();
        compare_with_pdf(rel, dir.path());
    }
}

#[test]
fn command_flags_for_fragments_numbers_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    let deck = common::root().join("fixtures/layout/layout-fragments.md");
    let deck = deck.to_str().unwrap();
    let out = common::run(dir.path(), &[deck, "-o", "f.png", "--fragments"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(dir.path().join("f-05.png").exists());
    assert!(!dir.path().join("f-06.png").exists());

    let out = common::run(
        dir.path(),
        &[
            deck,
            "-o",
            "n.pdf",
            "--no-slide-numbers",
            "--overflow",
            "paginate",
        ],
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let out = common::run(dir.path(), &[deck, "-o", "x.pdf", "--overflow", "pages"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("paginate"));
}

#[test]
fn a_shorter_export_removes_the_pages_an_earlier_one_left() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("d.md");
    std::fs::write(&deck, "# One\n\n---\n\n# Two\n\n---\n\n# Three\n").unwrap();
    let run = |args: &[&str]| {
        let out = common::run(dir.path(), args);
        assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    };
    run(&["d.md", "-o", "out.png"]);
    let exists = |name: &str| dir.path().join(name).exists();
    assert!(exists("out-01.png") && exists("out-02.png") && exists("out-03.png"));
    // Files that only look alike, and a page from an export with more digits.
    for other in [
        "out-1.png",
        "out-notes.png",
        "other-05.png",
        "out-04.jpg",
        "out-001.png",
    ] {
        std::fs::write(dir.path().join(other), b"kept?").unwrap();
    }
    std::fs::write(&deck, "# Only one now\n").unwrap();
    run(&["d.md", "-o", "out.png"]);
    assert!(exists("out-01.png"));
    assert!(
        !exists("out-02.png") && !exists("out-03.png"),
        "stale pages removed"
    );
    assert!(
        !exists("out-001.png"),
        "a page numbered with more digits is stale too"
    );
    for other in ["out-1.png", "out-notes.png", "other-05.png", "out-04.jpg"] {
        assert!(exists(other), "{other} is not a page of this output");
    }
}
