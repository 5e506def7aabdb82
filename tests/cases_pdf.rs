//! Cases B01 (pdf-size-raster) and B02 (font-embed): the decks as written, exported
//! by the command and read back with poppler's `pdftotext`, `pdfimages` and
//! `pdffonts` and with lopdf. B01's texture is served by a server the test starts on
//! 127.0.0.1, standing in for the deck's `http://127.0.0.1:8765/`.

mod common;

use common::server::{Reply, Server};
use common::{root, run, stderr};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs a poppler tool and returns its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut command = Command::new(tool);
    command.args(args).arg(pdf);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let out = command
        .output()
        .unwrap_or_else(|_| panic!("{tool} from poppler-utils is installed"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The rows of a poppler table (`pdfimages -list`, `pdffonts`): the lines under the
/// `----` rule, split on white space.
fn table(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip_while(|l| !l.starts_with("---"))
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().map(str::to_owned).collect())
        .collect()
}

/// Exports a case deck to PDF in `dir`, with extra arguments.
fn export(dir: &Path, case: &str, extra: &[&str]) -> PathBuf {
    let deck = root().join("tests/cases").join(format!("{case}.md"));
    let pdf = dir.join(format!("{case}.pdf"));
    let mut args = vec![deck.to_str().unwrap(), "-o", pdf.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = run(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    pdf
}

/// A 1920×1080 RGB texture as the case describes it: #eeeeee with seeded noise of
/// ±16 per channel, so that it compresses badly.
fn paper_texture() -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let img = image::RgbImage::from_fn(1920, 1080, |_, _| {
        let mut channel = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (0xee - 16 + (state % 33) as i32) as u8
        };
        image::Rgb([channel(), channel(), channel()])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn b01_text_stays_text_and_the_texture_is_stored_once() {
    let texture = paper_texture();
    let texture_len = texture.len();
    assert!(
        texture_len > 2_000_000,
        "the texture compresses badly ({texture_len} bytes)"
    );
    let server = Server::start(move |req| match req.path.as_str() {
        "/paper-texture.png" => Reply::Ok {
            content_type: "image/png",
            body: texture.clone(),
            headers: Vec::new(),
        },
        _ => Reply::Status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    let map = format!("http://127.0.0.1:8765/={}/", server.base());
    let pdf = export(dir.path(), "B01", &["--map-url", &map]);

    // Eight pages, each with text; the styled lines are text on their pages.
    let text = poppler("pdftotext", &["-enc", "UTF-8"], &pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(pages.len() >= 8 && pages[8..].iter().all(|p| p.trim().is_empty()));
    for (i, page) in pages[..8].iter().enumerate() {
        assert!(!page.trim().is_empty(), "page {} has no text", i + 1);
    }
    assert!(
        pages[1].contains("Half-transparent caption line"),
        "{}",
        pages[1]
    );
    assert!(pages[2].contains("Shadow text stays text"), "{}", pages[2]);
    assert!(pages[3].contains("Tilted but searchable"), "{}", pages[3]);
    assert!(pages[7].contains("zebra"), "{}", pages[7]);
    // The shadow is drawn as outlines, never as a second copy of the text.
    assert_eq!(pages[2].matches("Shadow text stays text").count(), 1);

    // One image object, drawn on pages 1 to 6 and nowhere else.
    let rows = table(&poppler("pdfimages", &["-list"], &pdf));
    let on_pages: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(on_pages, ["1", "2", "3", "4", "5", "6"], "{rows:?}");
    // Columns: page num type width height color comp bpc enc interp object …
    let objects: Vec<&str> = rows.iter().map(|r| r[10].as_str()).collect();
    assert!(objects.iter().all(|o| *o == objects[0]), "{rows:?}");
    assert!(
        rows.iter().all(|r| r[3] == "1920" && r[4] == "1080"),
        "{rows:?}"
    );

    // Embedded fonts, none of Type 3.
    let fonts = table(&poppler("pdffonts", &[], &pdf));
    assert!(!fonts.is_empty());
    for row in &fonts {
        assert!(!row.join(" ").contains("Type 3"), "{row:?}");
        // Columns from the right: … emb sub uni object ID.
        assert_eq!(row[row.len() - 5], "yes", "not embedded: {row:?}");
    }

    let size = std::fs::metadata(&pdf).unwrap().len() as usize;
    assert!(
        size <= texture_len * 3 / 2 + 400 * 1024,
        "{size} bytes for a {texture_len}-byte texture"
    );
}

#[test]
fn b02_every_face_is_an_embedded_subset_with_unicode_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = export(dir.path(), "B02", &[]);

    let fonts = table(&poppler("pdffonts", &[], &pdf));
    let mut names = Vec::new();
    for row in &fonts {
        let n = row.len();
        assert!(!row.join(" ").contains("Type 3"), "{row:?}");
        assert_eq!(
            (&*row[n - 5], &*row[n - 4], &*row[n - 3]),
            ("yes", "yes", "yes"),
            "emb, sub, uni: {row:?}"
        );
        let (tag, _) = row[0].split_once('+').expect("a subset tag");
        assert!(
            tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()),
            "{row:?}"
        );
        names.push(row[0].split_once('+').unwrap().1.to_owned());
    }
    let has = |f: &dyn Fn(&str) -> bool| names.iter().any(|n| f(n));
    let italic = |n: &str| n.contains("Italic") || n.contains("Oblique");
    assert!(has(&|n| n.contains("Bold") && !italic(n)), "{names:?}");
    assert!(has(&|n| italic(n) && !n.contains("Bold")), "{names:?}");
    assert!(has(&|n| italic(n) && n.contains("Bold")), "{names:?}");
    assert!(has(&|n| n.contains("Mono")), "{names:?}");
    let mut distinct = names.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        names.len(),
        "a face written twice: {names:?}"
    );

    // Page 2 draws with the same font objects as page 1 (columns: … object ID).
    let object = |row: &Vec<String>| row[row.len() - 2].clone();
    let page1: Vec<String> = table(&poppler("pdffonts", &["-f", "1", "-l", "1"], &pdf))
        .iter()
        .map(object)
        .collect();
    let page2 = table(&poppler("pdffonts", &["-f", "2", "-l", "2"], &pdf));
    assert!(!page2.is_empty());
    for row in &page2 {
        assert!(
            page1.contains(&object(row)),
            "{row:?} not shared with page 1 {page1:?}"
        );
    }

    // At most one font program per face.
    let doc = lopdf::Document::load(&pdf).unwrap();
    let programs = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice())
        })
        .filter(|d| {
            [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| d.has(k))
        })
        .count();
    assert!(
        programs <= distinct.len(),
        "{programs} font programs for {distinct:?}"
    );

    // Each styled phrase reads back as text.
    let text = poppler("pdftotext", &["-enc", "UTF-8"], &pdf);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for phrase in [
        "Weights and styles",
        "bold words",
        "italic words",
        "bold italic words",
        "monospace_snippet(42)",
        "Second heading",
    ] {
        assert!(text.contains(phrase), "{phrase} missing from {text}");
    }
}
