//! Cases B13 (bg-image-fit), B14 (image-fit-overflow), B15 (svg-vector-pdf), B16
//! (svg-pptx) and B17 (remote-fetch-timeout): the decks as written, their host
//! `http://127.0.0.1:8765/` mapped to a server started by the test.

mod common;

use common::server::{Reply, Server, jpeg, png};
use common::{pdf_facts, pdftotext, root, run, stderr};
use deckport::diag::{Sink, Warning};
use deckport::export::{ExportOptions, render};
use deckport::page::{Color, Document, Item, Paint, RasterFormat, Rect};

/// reveal's scale for the 960×700 canvas on a 1920×1080 page.
const SCALE: f32 = 1.481_142_9;

fn case(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/cases").join(name)).unwrap()
}

fn options(server: &Server) -> ExportOptions {
    ExportOptions {
        map_url: vec![(
            "http://127.0.0.1:8765/".into(),
            format!("{}/", server.base()),
        )],
        ..ExportOptions::default()
    }
}

fn render_case(name: &str, options: &ExportOptions) -> (Document, Vec<Warning>) {
    let mut sink = Sink::new();
    let doc = render(&case(name), None, "case", options, &mut sink);
    (doc, sink.warnings())
}

fn images(doc: &Document, page: usize) -> Vec<&deckport::page::Image> {
    doc.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Image(im) => Some(im),
            _ => None,
        })
        .collect()
}

fn text_of(doc: &Document, page: usize) -> String {
    let mut out = String::new();
    for item in &doc.pages[page].items {
        if let Item::Text(t) = item {
            for r in &t.runs {
                out.push_str(&r.text);
                out.push('\n');
            }
        }
    }
    out
}

#[track_caller]
fn assert_rect(got: Rect, want: Rect, tolerance: f32) {
    let d = [
        got.x - want.x,
        got.y - want.y,
        got.w - want.w,
        got.h - want.h,
    ];
    assert!(
        d.iter().all(|d| d.abs() <= tolerance),
        "{got:?} vs {want:?}"
    );
}

/// Image objects stored in a PDF (each once, however many pages draw it).
fn image_objects(doc: &Document) -> usize {
    let pdf = deckport::pdf::write(doc, &deckport::pdf::PdfOptions::default()).unwrap();
    let doc = lopdf::Document::load_mem(&pdf.bytes).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Image".as_slice())
        })
        .count()
}

#[test]
fn b13_background_contain_and_cover_keep_the_aspect() {
    let server = Server::start(|req| match req.path.as_str() {
        "/square-grid.png" => Reply::Ok {
            content_type: "image/png",
            body: png(400, 400),
            headers: Vec::new(),
        },
        "/photo-4x3.jpg" => Reply::Ok {
            content_type: "image/jpeg",
            body: jpeg(800, 600),
            headers: Vec::new(),
        },
        _ => Reply::Status(404),
    });
    let (doc, warnings) = render_case("B13.md", &options(&server));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(doc.pages.len(), 3);
    let page = Rect::new(0.0, 0.0, 1920.0, 1080.0);

    // Contain: 1080×1080, centred (left edge at 420), on #202020.
    let contain = images(&doc, 0);
    assert_eq!(contain.len(), 1);
    assert_rect(
        contain[0].rect,
        Rect::new(420.0, 0.0, 1080.0, 1080.0),
        1920.0 * 0.005,
    );
    assert_eq!(
        doc.pages[0].background,
        Paint::Solid(Color::rgb(0x20, 0x20, 0x20))
    );

    // Cover (explicit and default): 1920×1440, 180 cut at top and bottom, clipped to the page.
    for p in [1, 2] {
        let cover = images(&doc, p);
        assert_eq!(cover.len(), 1, "page {p}");
        assert_eq!(cover[0].format, RasterFormat::Jpeg);
        assert_rect(
            cover[0].rect,
            Rect::new(0.0, -180.0, 1920.0, 1440.0),
            1920.0 * 0.005,
        );
        assert_eq!(cover[0].clip, Some(page));
    }
    // The photo is stored once for pages 2 and 3; the grid once.
    assert_eq!(image_objects(&doc), 2);
    assert_eq!(server.hits("/photo-4x3.jpg"), 1);
}

#[test]
fn b14_a_tall_picture_keeps_its_aspect_above_its_bullets() {
    let server = Server::start(|req| match req.path.as_str() {
        "/tall-3000x4000.png" => Reply::Ok {
            content_type: "image/png",
            body: png(3000, 4000),
            headers: Vec::new(),
        },
        _ => Reply::Status(404),
    });
    let (doc, warnings) = render_case("B14.md", &options(&server));
    assert!(
        warnings.iter().all(|w| !w.message.contains("picture")),
        "{warnings:?}"
    );
    assert_eq!(doc.pages.len(), 2);
    let text = text_of(&doc, 0);
    for t in ["Tall figure", "Caption bullet one", "Caption bullet two"] {
        assert!(text.contains(t), "{t} missing from {text}");
    }
    let im = images(&doc, 0);
    assert_eq!(im.len(), 1);
    let r = im[0].rect;
    assert!((r.w / r.h - 0.75).abs() < 0.0075, "{r:?}");
    assert!(
        r.x >= 0.0 && r.y >= 0.0 && r.x + r.w <= 1920.0 && r.y + r.h <= 1080.0,
        "{r:?}"
    );
    let bullet = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.runs.iter()),
            _ => None,
        })
        .flatten()
        .find(|run| run.text.contains("Caption bullet one"))
        .unwrap();
    let bullet_top = bullet.origin.y - bullet.size;
    assert!(
        r.y + r.h <= bullet_top,
        "{r:?} overlaps the bullet at {bullet_top}"
    );
}

/// A server with the cases' `pipeline.svg`, and 404 for anything else.
fn pipeline_server() -> Server {
    let svg = case("pipeline.svg");
    Server::start(move |req| match req.path.as_str() {
        "/pipeline.svg" => Reply::Ok {
            content_type: "image/svg+xml",
            body: svg.clone(),
            headers: Vec::new(),
        },
        _ => Reply::Status(404),
    })
}

#[test]
fn b15_an_svg_stays_vector_with_its_aspect_and_percentage_width() {
    let server = pipeline_server();
    let (doc, warnings) = render_case("B15.md", &options(&server));
    assert!(warnings.is_empty(), "{warnings:?}");
    let svgs = |page: usize| -> Vec<Rect> {
        doc.pages[page]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Svg(s) => Some(s.rect),
                _ => None,
            })
            .collect()
    };
    let one = svgs(0);
    assert_eq!(one.len(), 1);
    assert!(
        (one[0].w / one[0].h - 8.0 / 3.0).abs() < 8.0 / 3.0 * 0.01,
        "{one:?}"
    );
    let two = svgs(1);
    assert_eq!(two.len(), 1);
    // 50 % of the 960 px slide content width.
    let want = 480.0 * SCALE;
    assert!((two[0].w - want).abs() < want * 0.02, "{two:?}");
    assert!(
        (two[0].w / two[0].h - 8.0 / 3.0).abs() < 8.0 / 3.0 * 0.01,
        "{two:?}"
    );
    assert!(images(&doc, 0).is_empty() && images(&doc, 1).is_empty());
    assert_eq!(image_objects(&doc), 0);
    // Fetched once for both slides.
    assert_eq!(server.hits("/pipeline.svg"), 1);
}

#[test]
fn b15_svg_text_stays_text_drawn_with_a_bundled_face() {
    let server = pipeline_server();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("B15.md"), case("B15.md")).unwrap();
    let map = format!("http://127.0.0.1:8765/={}/", server.base());
    let out = run(
        dir.path(),
        &[
            "B15.md",
            "-o",
            "out.pdf",
            "--map-url",
            &map,
            "--cache-dir",
            "c",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("out.pdf");
    let text = pdftotext(&pdf);
    for word in ["Ingest", "Store", "Serve"] {
        assert_eq!(text.matches(word).count(), 2, "{word} in {text}");
    }
    assert_eq!(pdf_facts(&pdf).images, 0);
}

#[test]
fn b16_an_svg_goes_into_the_pptx_with_a_png_fallback() {
    use std::io::Read;
    let server = pipeline_server();
    let (doc, warnings) = render_case("B16.md", &options(&server));
    assert!(warnings.is_empty(), "{warnings:?}");
    let shown = doc.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Svg(s) => Some(s.rect),
            _ => None,
        })
        .expect("the SVG on the slide");
    let pptx = deckport::pptx::write(&doc, &Default::default())
        .unwrap()
        .bytes;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(pptx)).unwrap();
    let mut part = |name: &str| -> Vec<u8> {
        let mut out = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
        out
    };
    let types = String::from_utf8(part("[Content_Types].xml")).unwrap();
    assert!(
        types.contains(r#"Extension="svg" ContentType="image/svg+xml""#),
        "{types}"
    );
    assert!(
        types.contains(r#"Extension="png" ContentType="image/png""#),
        "{types}"
    );
    let slide = String::from_utf8(part("ppt/slides/slide1.xml")).unwrap();
    let rels = String::from_utf8(part("ppt/slides/_rels/slide1.xml.rels")).unwrap();
    assert!(slide.contains("Text under the diagram."));
    assert!(
        slide.contains("{96DAC541-7B7A-43D3-8B79-37D633B846F1}"),
        "{slide}"
    );
    let attr_after = |hay: &str, tag: &str| -> String {
        let at = hay.find(tag).unwrap_or_else(|| panic!("{tag} in {hay}"));
        let rest = &hay[at..];
        let v = &rest[rest.find("r:embed=\"").unwrap() + 9..];
        v[..v.find('"').unwrap()].to_string()
    };
    let target = |id: &str| -> String {
        let at = rels.find(&format!("Id=\"{id}\"")).unwrap();
        let rel = &rels[rels[..at].rfind('<').unwrap()..];
        let t = &rel[rel.find("Target=\"").unwrap() + 8..];
        t[..t.find('"').unwrap()].to_string()
    };
    let png_target = target(&attr_after(&slide, "<a:blip "));
    let svg_target = target(&attr_after(&slide, "<asvg:svgBlip "));
    assert!(png_target.ends_with(".png"), "{png_target}");
    assert!(svg_target.ends_with(".svg"), "{svg_target}");
    let fallback = part(&format!("ppt/slides/{png_target}").replace("slides/../", ""));
    let fallback = image::load_from_memory(&fallback).unwrap().to_rgba8();
    assert!(fallback.width() as f32 >= shown.w - 1.0 && fallback.height() as f32 >= shown.h - 1.0);
    let ratio = fallback.width() as f32 / fallback.height() as f32;
    assert!((ratio - 8.0 / 3.0).abs() < 8.0 / 3.0 * 0.01, "{ratio}");
    let first = fallback.get_pixel(0, 0);
    assert!(
        fallback.pixels().any(|p| p != first),
        "the fallback is not one colour"
    );
}

fn b17_server() -> Server {
    Server::start(|req| match req.path.as_str() {
        "/bars.png" => Reply::Ok {
            content_type: "image/png",
            body: png(60, 40),
            headers: Vec::new(),
        },
        "/hang.png" => Reply::Hang,
        "/render?id=7" => Reply::Ok {
            content_type: "text/html",
            body: png(50, 50),
            headers: Vec::new(),
        },
        "/octet-chart" => Reply::Ok {
            content_type: "application/octet-stream",
            body: jpeg(64, 48),
            headers: Vec::new(),
        },
        _ => Reply::Status(404),
    })
}

#[test]
fn b17_a_hanging_and_a_missing_picture_do_not_stop_the_export() {
    let server = b17_server();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b17.md"), case("B17.md")).unwrap();
    let map = format!("http://127.0.0.1:8765/={}/", server.base());
    let out = run(
        dir.path(),
        &[
            "b17.md",
            "-o",
            "b17.pdf",
            "--timeout",
            "1",
            "--map-url",
            &map,
            "--cache-dir",
            "c",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("b17.md:13: warning: picture http://127.0.0.1:8765/hang.png: timed out"),
        "{err}"
    );
    assert!(
        err.contains("b17.md:19: warning: picture http://127.0.0.1:8765/missing.png: HTTP 404"),
        "{err}"
    );
    let pdf = dir.path().join("b17.pdf");
    let facts = pdf_facts(&pdf);
    assert_eq!(facts.pages, 4);
    // Page 1 one image, page 4 two.
    assert_eq!(facts.images, 3);
    let text = pdftotext(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(pages[1].contains("Never arrives"), "{}", pages[1]);
    assert!(pages[2].contains("Sales chart"), "{}", pages[2]);
    for path in [
        "/bars.png",
        "/hang.png",
        "/missing.png",
        "/render?id=7",
        "/octet-chart",
    ] {
        assert_eq!(server.hits(path), 1, "{path}");
    }
    // No temporary files beside the output.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn b17_formats_come_from_the_bytes() {
    let server = b17_server();
    let opts = ExportOptions {
        timeout: std::time::Duration::from_secs(1),
        ..options(&server)
    };
    let (doc, _) = render_case("B17.md", &opts);
    assert_eq!(images(&doc, 0).len(), 1);
    let formats: Vec<RasterFormat> = images(&doc, 3).iter().map(|i| i.format.clone()).collect();
    assert_eq!(formats, [RasterFormat::Png, RasterFormat::Jpeg]);
}
