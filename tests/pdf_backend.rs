//! The PDF backend on hand-built display lists: structure read back with lopdf,
//! text and pixels checked with poppler's `pdftotext`/`pdftoppm` when installed.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use deckport::page::{
    Color, Document, FontData, Geometry, Glyph, GlyphRun, Image, Item, Link, LinkTarget, Page,
    Paint, Point, RasterFormat, Rect, Shadow, Shape, Stop, Stroke, Svg, Text,
};
use deckport::pdf::{PdfOptions, write};
use lopdf::{Dictionary, Object};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

static LATO: &[u8] = include_bytes!("../fonts/Lato-Regular.ttf");

fn lato() -> FontData {
    FontData {
        bytes: Arc::new(LATO),
        index: 0,
        key: 1,
    }
}

/// Shapes `text` naively (one glyph per char, advances from hmtx).
fn run(text: &str, size: f32, origin: (f32, f32), color: Color) -> GlyphRun {
    let font = skrifa::FontRef::new(LATO).unwrap();
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    let glyphs = text
        .char_indices()
        .map(|(i, ch)| {
            let id = charmap.map(ch).expect("Lato has the letter");
            Glyph {
                id: id.to_u32() as u16,
                advance: metrics.advance_width(id).unwrap(),
                dx: 0.0,
                dy: 0.0,
                text: i..i + ch.len_utf8(),
            }
        })
        .collect();
    GlyphRun {
        font: lato(),
        size,
        color,
        origin: Point {
            x: origin.0,
            y: origin.1,
        },
        glyphs,
        text: text.to_string(),
        skew: 0.0,
        embolden: 0.0,
    }
}

/// "fine" with the `ﬁ` ligature glyph standing for the first two letters.
fn ligature_run(origin: (f32, f32)) -> GlyphRun {
    let mut r = run("ﬁne", 60.0, origin, Color::rgb(0, 0, 0));
    r.text = "fine".to_string();
    r.glyphs[0].text = 0..2;
    r.glyphs[1].text = 2..3;
    r.glyphs[2].text = 3..4;
    r
}

fn text_item(runs: Vec<GlyphRun>, line: usize) -> Item {
    Item::Text(Text {
        runs,
        paragraphs: vec![],
        line,
    })
}

fn page(items: Vec<Item>) -> Page {
    Page {
        width: 1920.0,
        height: 1080.0,
        background: Paint::Solid(Color::rgb(255, 255, 255)),
        items,
        notes: None,
        title: None,
        label: String::new(),
        lines: 1..2,
        anchors: vec![],
        notes_for: None,
        structure: vec![],
    }
}

fn doc(pages: Vec<Page>) -> Document {
    Document {
        pages,
        title: "Test deck".into(),
        lang: Some("en".into()),
        tags: vec!["rust".into(), "slides".into()],
    }
}

fn pdf_bytes(d: &Document) -> Vec<u8> {
    let out = write(d, &PdfOptions::default()).expect("PDF written");
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    out.bytes
}

fn load(bytes: &[u8]) -> lopdf::Document {
    lopdf::Document::load_mem(bytes).expect("lopdf reads our PDF")
}

fn deref<'a>(pdf: &'a lopdf::Document, obj: &'a Object) -> &'a Object {
    pdf.dereference(obj).unwrap().1
}

fn dict<'a>(pdf: &'a lopdf::Document, obj: &'a Object) -> &'a Dictionary {
    deref(pdf, obj).as_dict().unwrap()
}

fn num(obj: &Object) -> f32 {
    match obj {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

fn name_of(obj: &Object) -> String {
    String::from_utf8(obj.as_name().unwrap().to_vec()).unwrap()
}

fn string_of(obj: &Object) -> String {
    match obj {
        Object::String(bytes, _) => lopdf::decode_text_string(obj)
            .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
        other => panic!("not a string: {other:?}"),
    }
}

fn annotations(pdf: &lopdf::Document, page_no: u32) -> Vec<Dictionary> {
    let id = pdf.get_pages()[&page_no];
    pdf.get_page_annotations(id)
        .unwrap()
        .into_iter()
        .cloned()
        .collect()
}

/// A scratch file in the system temp folder, unique per test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("deckport-pdf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Fails the test when a poppler tool is missing: `.ci/run` installs poppler-utils.
fn have(tool: &str) -> bool {
    assert!(
        Command::new(tool).arg("-v").output().is_ok(),
        "{tool} from poppler-utils is needed by this test (apt-get install poppler-utils)"
    );
    true
}

/// Text as poppler extracts it, `None` when poppler is not installed.
fn pdftotext(bytes: &[u8], name: &str) -> Option<String> {
    if !have("pdftotext") {
        return None;
    }
    let path = scratch(name);
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success());
    Some(String::from_utf8(out.stdout).unwrap())
}

/// Page 1 rendered by poppler at 48 dpi (1440 pt → 960 px), `None` without poppler.
fn render(bytes: &[u8], name: &str) -> Option<image::RgbImage> {
    if !have("pdftoppm") {
        return None;
    }
    let path = scratch(&format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    let prefix = scratch(name);
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "48", "-singlefile"])
        .arg(&path)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let png = prefix.with_extension("png");
    let img = image::open(&png).unwrap().to_rgb8();
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&png);
    Some(img)
}

/// The rendered colour at a page-pixel position (48 dpi = half the page pixels).
fn at(img: &image::RgbImage, x: f32, y: f32) -> [u8; 3] {
    img.get_pixel((x / 2.0) as u32, (y / 2.0) as u32).0
}

fn close(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 12)
}

fn png_bytes(w: u32, h: u32, color: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb(color));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn jpeg_bytes(w: u32, h: u32, color: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb(color));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn raster(bytes: Vec<u8>, format: RasterFormat, rect: Rect, line: usize) -> Item {
    Item::Image(Image {
        rect,
        clip: None,
        format,
        bytes: Arc::new(bytes),
        pixels: (0, 0),
        alt: "test picture".into(),
        line,
    })
}

fn link(rects: Vec<Rect>, target: LinkTarget, line: usize) -> Item {
    Item::Link(Link {
        rects,
        target,
        line,
    })
}

#[test]
fn pdf_pages_are_1440_by_810_points() {
    let bytes = pdf_bytes(&doc(vec![page(vec![]), page(vec![])]));
    let pdf = load(&bytes);
    let pages = pdf.get_pages();
    assert_eq!(pages.len(), 2);
    for id in pages.values() {
        let media_box = pdf.get_dictionary(*id).unwrap().get(b"MediaBox").unwrap();
        let values: Vec<f32> = media_box.as_array().unwrap().iter().map(num).collect();
        assert_eq!(values, [0.0, 0.0, 1440.0, 810.0]);
    }
}

#[test]
fn pdf_url_link_is_a_uri_annotation_in_points_y_up() {
    let url = "https://hedgedoc.org/?a=1&b=2";
    let items = vec![link(
        vec![Rect::new(100.0, 200.0, 300.0, 40.0)],
        LinkTarget::Url(url.into()),
        5,
    )];
    let pdf = load(&pdf_bytes(&doc(vec![page(items)])));
    let annots = annotations(&pdf, 1);
    assert_eq!(annots.len(), 1);
    let a = &annots[0];
    assert_eq!(name_of(a.get(b"Subtype").unwrap()), "Link");
    let action = dict(&pdf, a.get(b"A").unwrap());
    assert_eq!(name_of(action.get(b"S").unwrap()), "URI");
    assert_eq!(string_of(action.get(b"URI").unwrap()), url);
    // 100 px → 75 pt; top 200 px → 810 − 150 = 660 pt, bottom 240 px → 630 pt.
    let rect: Vec<f32> = a
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(num)
        .collect();
    let expected = [75.0, 630.0, 300.0, 660.0];
    for (got, want) in rect.iter().zip(expected) {
        assert!((got - want).abs() < 0.01, "{rect:?}");
    }
}

#[test]
fn pdf_page_link_goes_to_the_top_of_that_page() {
    let items = vec![link(
        vec![Rect::new(10.0, 10.0, 50.0, 20.0)],
        LinkTarget::Page(1),
        3,
    )];
    let pdf = load(&pdf_bytes(&doc(vec![page(items), page(vec![])])));
    let second = pdf.get_pages()[&2];
    let annots = annotations(&pdf, 1);
    assert_eq!(annots.len(), 1);
    let dest = deref(&pdf, annots[0].get(b"Dest").unwrap())
        .as_array()
        .unwrap();
    assert_eq!(dest[0].as_reference().unwrap(), second);
    assert_eq!(name_of(&dest[1]), "XYZ");
    assert_eq!(num(&dest[2]), 0.0);
    assert_eq!(num(&dest[3]), 810.0);
}

#[test]
fn pdf_wrapped_link_is_one_annotation_with_quad_points() {
    let items = vec![link(
        vec![
            Rect::new(1500.0, 100.0, 300.0, 40.0),
            Rect::new(100.0, 150.0, 200.0, 40.0),
        ],
        LinkTarget::Url("https://example.org".into()),
        3,
    )];
    let pdf = load(&pdf_bytes(&doc(vec![page(items)])));
    let annots = annotations(&pdf, 1);
    assert_eq!(annots.len(), 1);
    let quads = annots[0].get(b"QuadPoints").unwrap().as_array().unwrap();
    assert_eq!(quads.len(), 16);
}

#[test]
fn pdf_link_to_a_missing_page_is_left_out_with_a_warning() {
    let items = vec![link(
        vec![Rect::new(10.0, 10.0, 50.0, 20.0)],
        LinkTarget::Page(7),
        42,
    )];
    let out = write(&doc(vec![page(items)]), &PdfOptions::default()).unwrap();
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].line, Some(42));
    assert!(annotations(&load(&out.bytes), 1).is_empty());
}

#[test]
fn pdf_outline_has_one_entry_per_page() {
    let mut first = page(vec![]);
    first.title = Some("Intro".into());
    first.label = "1".into();
    let mut second = page(vec![]);
    second.label = "2.1".into();
    let pdf = load(&pdf_bytes(&doc(vec![first, second])));
    let catalog = pdf.catalog().unwrap();
    let outlines = dict(&pdf, catalog.get(b"Outlines").unwrap());
    let mut titles = vec![];
    let mut node = outlines.get(b"First").ok();
    while let Some(obj) = node {
        let entry = dict(&pdf, obj);
        titles.push(string_of(entry.get(b"Title").unwrap()));
        node = entry.get(b"Next").ok();
    }
    assert_eq!(titles, ["Intro", "Slide 2.1"]);
}

#[test]
fn pdf_metadata_has_title_language_keywords_and_no_date_by_default() {
    let bytes = pdf_bytes(&doc(vec![page(vec![])]));
    let pdf = load(&bytes);
    let info = dict(&pdf, pdf.trailer.get(b"Info").unwrap());
    assert_eq!(string_of(info.get(b"Title").unwrap()), "Test deck");
    assert!(string_of(info.get(b"Keywords").unwrap()).contains("rust"));
    assert!(info.get(b"CreationDate").is_err());
    assert_eq!(
        string_of(pdf.catalog().unwrap().get(b"Lang").unwrap()),
        "en"
    );

    let options = PdfOptions {
        creation_date: Some(1_700_000_000),
        ..PdfOptions::default()
    };
    let dated = write(&doc(vec![page(vec![])]), &options).unwrap().bytes;
    let pdf = load(&dated);
    let info = dict(&pdf, pdf.trailer.get(b"Info").unwrap());
    assert!(string_of(info.get(b"CreationDate").unwrap()).starts_with("D:20231114"));
}

/// The font dictionaries used on page 1, resolved.
fn page_fonts(pdf: &lopdf::Document) -> Vec<Dictionary> {
    let id = pdf.get_pages()[&1];
    pdf.get_page_fonts(id)
        .unwrap()
        .into_values()
        .cloned()
        .collect()
}

#[test]
fn pdf_text_embeds_a_subset_font_with_tounicode() {
    let items = vec![text_item(
        vec![run(
            "Hello deckport",
            48.0,
            (100.0, 200.0),
            Color::rgb(0, 0, 0),
        )],
        1,
    )];
    let pdf = load(&pdf_bytes(&doc(vec![page(items)])));
    let fonts = page_fonts(&pdf);
    assert_eq!(fonts.len(), 1);
    let font = &fonts[0];
    assert_eq!(name_of(font.get(b"Subtype").unwrap()), "Type0");
    assert!(font.get(b"ToUnicode").is_ok());
    let base = name_of(font.get(b"BaseFont").unwrap());
    let (tag, rest) = base.split_once('+').expect("subset tag");
    assert!(
        tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
        "{base}"
    );
    assert!(rest.starts_with("Lato"), "{base}");
    let descendants = deref(&pdf, font.get(b"DescendantFonts").unwrap())
        .as_array()
        .unwrap();
    let cid = dict(&pdf, &descendants[0]);
    let descriptor = dict(&pdf, cid.get(b"FontDescriptor").unwrap());
    let file = deref(&pdf, descriptor.get(b"FontFile2").unwrap())
        .as_stream()
        .unwrap();
    assert!(file.content.len() < LATO.len() / 10, "font is subset");
}

#[test]
fn pdf_text_extracts_including_a_ligature() {
    let items = vec![text_item(
        vec![
            run("Hello deckport", 48.0, (100.0, 200.0), Color::rgb(0, 0, 0)),
            ligature_run((100.0, 400.0)),
        ],
        1,
    )];
    let bytes = pdf_bytes(&doc(vec![page(items)]));
    if let Some(text) = pdftotext(&bytes, "ligature.pdf") {
        assert!(text.contains("Hello deckport"), "{text}");
        assert!(text.contains("fine"), "{text}");
    }
}

#[test]
fn pdf_shadow_adds_no_text_and_no_font() {
    let shadow = Item::Shadow(Shadow {
        runs: vec![run(
            "Shadowy",
            60.0,
            (104.0, 204.0),
            Color::rgba(0, 0, 0, 128),
        )],
        blur: 4.0,
        line: 1,
    });
    let bytes = pdf_bytes(&doc(vec![page(vec![shadow.clone()])]));
    let pdf = load(&bytes);
    assert!(page_fonts(&pdf).is_empty());
    if let Some(text) = pdftotext(&bytes, "shadow-only.pdf") {
        assert!(!text.contains("Shadowy"), "{text}");
    }
    let items = vec![
        shadow,
        text_item(
            vec![run("Shadowy", 60.0, (100.0, 200.0), Color::rgb(0, 0, 0))],
            1,
        ),
    ];
    let bytes = pdf_bytes(&doc(vec![page(items)]));
    if let Some(text) = pdftotext(&bytes, "shadow-text.pdf") {
        assert_eq!(text.matches("Shadowy").count(), 1, "{text}");
    }
}

#[test]
fn pdf_synthetic_styles_keep_the_text() {
    let mut styled = run("Slanted bold", 48.0, (100.0, 200.0), Color::rgb(0, 0, 0));
    styled.skew = 14.0;
    styled.embolden = 1.5;
    let bytes = pdf_bytes(&doc(vec![page(vec![text_item(vec![styled], 1)])]));
    if let Some(text) = pdftotext(&bytes, "synthetic.pdf") {
        assert!(text.contains("Slanted bold"), "{text}");
    }
}

#[test]
fn pdf_jpeg_passes_through_unchanged() {
    let jpeg = jpeg_bytes(64, 32, [200, 30, 30]);
    let items = vec![raster(
        jpeg.clone(),
        RasterFormat::Jpeg,
        Rect::new(100.0, 100.0, 640.0, 320.0),
        4,
    )];
    let pdf = load(&pdf_bytes(&doc(vec![page(items)])));
    let found = pdf.objects.values().any(|obj| {
        obj.as_stream().is_ok_and(|s| {
            s.dict.get(b"Filter").is_ok_and(|f| {
                f.as_name().is_ok_and(|n| n == b"DCTDecode")
                    || f.as_array().is_ok_and(|a| {
                        a.iter()
                            .any(|n| n.as_name().is_ok_and(|n| n == b"DCTDecode"))
                    })
            }) && s.content == jpeg
        })
    });
    assert!(found, "the JPEG bytes are embedded as they came");
}

#[test]
fn pdf_undecodable_pictures_are_left_out_with_warnings() {
    // Garbage: refused when handed to krilla.
    let garbage = raster(
        b"not a picture".to_vec(),
        RasterFormat::Png,
        Rect::new(0.0, 0.0, 100.0, 100.0),
        7,
    );
    // A good header with broken pixel data: refused only while writing.
    let mut broken = png_bytes(32, 32, [10, 200, 10]);
    let cut = broken.len() - 30;
    broken[cut - 40..cut].fill(0xAB);
    let late = raster(
        broken,
        RasterFormat::Png,
        Rect::new(200.0, 0.0, 100.0, 100.0),
        9,
    );
    let good = raster(
        png_bytes(8, 8, [0, 0, 255]),
        RasterFormat::Png,
        Rect::new(400.0, 0.0, 100.0, 100.0),
        11,
    );
    let out = write(
        &doc(vec![page(vec![garbage, late, good])]),
        &PdfOptions::default(),
    )
    .expect("a broken picture does not stop the export");
    let lines: Vec<_> = out.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [Some(7), Some(9)], "{:?}", out.warnings);
    let pdf = load(&out.bytes);
    let images = pdf
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .is_ok_and(|n| n.as_name().is_ok_and(|n| n == b"Image"))
                    && s.dict.get(b"SMask").is_err()
                    && s.dict.get(b"Width").is_ok_and(|w| num(w) == 8.0)
            })
        })
        .count();
    assert_eq!(images, 1, "only the good picture is embedded");
}

#[test]
fn pdf_svg_is_drawn_and_a_broken_one_warns() {
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">
        <rect width="100" height="50" fill="#00a000"/></svg>"##;
    let good = Item::Svg(Svg {
        rect: Rect::new(100.0, 600.0, 400.0, 200.0),
        clip: None,
        source: Arc::new(svg.to_vec()),
        alt: String::new(),
        line: 3,
    });
    let bad = Item::Svg(Svg {
        rect: Rect::new(0.0, 0.0, 10.0, 10.0),
        clip: None,
        source: Arc::new(b"<svg".to_vec()),
        alt: "diagram".into(),
        line: 4,
    });
    let out = write(&doc(vec![page(vec![good, bad])]), &PdfOptions::default()).unwrap();
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].line, Some(4));
    assert!(out.warnings[0].message.contains("diagram"));
    if let Some(img) = render(&out.bytes, "svg") {
        assert!(close(at(&img, 300.0, 700.0), [0, 160, 0]));
        assert!(close(at(&img, 300.0, 550.0), [255, 255, 255]));
    }
}

/// One page with every kind of item, used by the pixel test and for looking at.
fn showcase() -> Document {
    let gradient = Shape {
        geometry: Geometry::RoundedRect(Rect::new(100.0, 500.0, 800.0, 300.0), [40.0; 4]),
        fill: Some(Paint::Linear {
            start: Point { x: 100.0, y: 0.0 },
            end: Point { x: 900.0, y: 0.0 },
            stops: vec![
                Stop {
                    offset: 0.0,
                    color: Color::rgb(255, 0, 0),
                },
                Stop {
                    offset: 1.0,
                    color: Color::rgb(0, 0, 255),
                },
            ],
        }),
        stroke: Some(Stroke {
            color: Color::rgb(0, 0, 0),
            width: 6.0,
        }),
        line: 2,
    };
    let radial = Shape {
        geometry: Geometry::Ellipse(Rect::new(1100.0, 500.0, 300.0, 300.0)),
        fill: Some(Paint::Radial {
            center: Point {
                x: 1250.0,
                y: 650.0,
            },
            radius: 150.0,
            stops: vec![
                Stop {
                    offset: 0.0,
                    color: Color::rgb(255, 255, 0),
                },
                Stop {
                    offset: 1.0,
                    color: Color::rgb(0, 128, 0),
                },
            ],
        }),
        stroke: None,
        line: 2,
    };
    let triangle = Shape {
        geometry: Geometry::Path(vec![
            deckport::page::PathCmd::MoveTo(Point {
                x: 1600.0,
                y: 900.0,
            }),
            deckport::page::PathCmd::LineTo(Point {
                x: 1800.0,
                y: 900.0,
            }),
            deckport::page::PathCmd::LineTo(Point {
                x: 1700.0,
                y: 700.0,
            }),
            deckport::page::PathCmd::Close,
        ]),
        fill: Some(Paint::Solid(Color::rgba(0, 0, 0, 128))),
        stroke: None,
        line: 2,
    };
    // A shape wider than its clip: only the clipped part shows.
    let clipped = Shape {
        geometry: Geometry::Rect(Rect::new(1000.0, 100.0, 800.0, 200.0)),
        fill: Some(Paint::Solid(Color::rgb(255, 128, 0))),
        stroke: None,
        line: 2,
    };
    let mut picture = raster(
        png_bytes(16, 9, [0, 90, 200]),
        RasterFormat::Png,
        Rect::new(1500.0, 950.0, 320.0, 180.0),
        6,
    );
    if let Item::Image(img) = &mut picture {
        img.clip = Some(Rect::new(1500.0, 950.0, 320.0, 100.0));
    }
    let mut slanted = run("Slanted bold", 60.0, (500.0, 380.0), Color::rgb(150, 0, 0));
    slanted.skew = 14.0;
    slanted.embolden = 2.0;
    let shadow = Item::Shadow(Shadow {
        runs: vec![run(
            "Hello deckport",
            96.0,
            (108.0, 208.0),
            Color::rgba(0, 0, 0, 90),
        )],
        blur: 4.0,
        line: 1,
    });
    let mut p = page(vec![
        shadow,
        text_item(vec![slanted], 1),
        text_item(
            vec![
                run(
                    "Hello deckport",
                    96.0,
                    (100.0, 200.0),
                    Color::rgb(20, 20, 20),
                ),
                ligature_run((100.0, 380.0)),
            ],
            1,
        ),
        Item::Shape(gradient),
        Item::Shape(radial),
        Item::Shape(triangle),
        Item::PushClip(Rect::new(1000.0, 100.0, 400.0, 200.0)),
        Item::Shape(clipped),
        Item::PopClip,
        picture,
    ]);
    p.background = Paint::Solid(Color::rgb(240, 240, 230));
    doc(vec![p])
}

#[test]
fn pdf_draws_with_y_down_in_page_pixels() {
    let bytes = pdf_bytes(&showcase());
    if let Ok(dir) = std::env::var("DECKPORT_PDF_OUT") {
        std::fs::write(PathBuf::from(dir).join("showcase.pdf"), &bytes).unwrap();
    }
    let Some(img) = render(&bytes, "showcase") else {
        return;
    };
    assert_eq!(img.dimensions(), (960, 540));
    let background = [240, 240, 230];
    assert!(close(at(&img, 5.0, 5.0), background));
    // Gradient near its start is red, near its end blue; it sits low on the page.
    assert!(
        close(at(&img, 112.0, 650.0), [255, 0, 0]),
        "{:?}",
        at(&img, 112.0, 650.0)
    );
    assert!(
        close(at(&img, 888.0, 650.0), [0, 0, 255]),
        "{:?}",
        at(&img, 888.0, 650.0)
    );
    assert!(close(at(&img, 500.0, 400.0 + 50.0), background));
    // Radial: yellow centre, green edge.
    assert!(
        close(at(&img, 1250.0, 650.0), [255, 255, 0]),
        "{:?}",
        at(&img, 1250.0, 650.0)
    );
    // Clip: the orange bar shows only left of x = 1400.
    assert!(close(at(&img, 1200.0, 200.0), [255, 128, 0]));
    assert!(close(at(&img, 1600.0, 200.0), background));
    // Half-transparent black triangle over the background.
    let tri = at(&img, 1700.0, 860.0);
    assert!(close(tri, [120, 120, 115]), "{tri:?}");
    // The picture fills its rect but is cut at 1050 px.
    assert!(close(at(&img, 1600.0, 1000.0), [0, 90, 200]));
    assert!(close(at(&img, 1600.0, 1070.0), background));
    // Text is dark ink above its baseline at y = 200 (the "H" stem).
    let dark = (130..200)
        .step_by(4)
        .any(|y| at(&img, 112.0, y as f32)[0] < 100);
    assert!(dark, "text drawn above the baseline");
}

#[test]
fn pdf_output_is_byte_identical_across_runs() {
    let d = showcase();
    assert_eq!(pdf_bytes(&d), pdf_bytes(&d));
}

#[test]
fn pdf_invalid_page_size_is_an_error() {
    let mut p = page(vec![]);
    p.width = 0.0;
    let err = write(&doc(vec![p]), &PdfOptions::default()).unwrap_err();
    assert!(err.to_string().contains("invalid size"), "{err}");
}

#[test]
fn pdf_without_pages_is_still_written() {
    let out = write(&doc(vec![]), &PdfOptions::default()).unwrap();
    assert!(out.bytes.starts_with(b"%PDF-"));
}

#[test]
fn pdf_glyph_offsets_point_down() {
    // One "H" whose offset moves it 300 px down from the baseline at y = 200.
    let mut h = run("H", 96.0, (100.0, 200.0), Color::rgb(0, 0, 0));
    h.glyphs[0].dy = 300.0;
    let bytes = pdf_bytes(&doc(vec![page(vec![text_item(vec![h], 1)])]));
    let Some(img) = render(&bytes, "offset") else {
        return;
    };
    let ink = |from: u32, to: u32| {
        (from..to)
            .step_by(4)
            .any(|y| at(&img, 112.0, y as f32)[0] < 100)
    };
    assert!(ink(430, 500), "the glyph sits above y = 500");
    assert!(!ink(100, 220), "nothing at the unshifted place");
}

#[test]
fn pdf_pretty_output_is_readable() {
    let items = vec![text_item(
        vec![run("Hi", 48.0, (100.0, 200.0), Color::rgb(0, 0, 0))],
        1,
    )];
    let options = PdfOptions {
        pretty: true,
        ..PdfOptions::default()
    };
    let bytes = write(&doc(vec![page(items)]), &options).unwrap().bytes;
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("BT"), "content streams are not compressed");
}
