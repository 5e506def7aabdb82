//! Archival output end to end: PDF/A-2b of the seed deck, notes pages, metadata
//! and case B25 (links in the PDF and the PPTX).

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use common::{copy_seed, pdf_facts, pdftotext, run, stderr};

fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn field<'a>(info: &'a str, name: &str) -> Option<&'a str> {
    info.lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|rest| rest.strip_prefix(':'))
        .map(str::trim)
}

fn export_with_epoch(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_deckport"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1714000000")
        .output()
        .expect("deckport runs")
}

#[test]
fn the_seed_as_pdfa_is_tagged_dated_and_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    copy_seed(dir.path());
    let deck = "community-call-2024-04-25.md";
    for name in ["a.pdf", "b.pdf"] {
        let out = export_with_epoch(dir.path(), &[deck, "--pdfa", "--offline", "-o", name]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let a = std::fs::read(dir.path().join("a.pdf")).unwrap();
    let b = std::fs::read(dir.path().join("b.pdf")).unwrap();
    assert!(a == b, "two PDF/A runs give identical files");

    let text = String::from_utf8_lossy(&a);
    assert!(
        text.contains("<pdfaid:part>2</pdfaid:part>"),
        "XMP claims PDF/A-2"
    );
    assert!(text.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(text.contains("/OutputIntents"));
    assert!(!text.contains("/Interpolate true"));
    // Outline entries carry their destination arrays directly (PDFBox 2 reads them).
    assert!(text.contains("/Dest ["));

    let info = pdfinfo(&dir.path().join("a.pdf"));
    assert_eq!(field(&info, "Tagged"), Some("yes"));
    assert_eq!(field(&info, "Title"), Some("SCS Community Call"));
    assert!(
        field(&info, "CreationDate").is_some_and(|d| d.contains("2024")),
        "dated from SOURCE_DATE_EPOCH: {info}"
    );
}

#[test]
fn a_plain_pdf_has_no_date_and_pdfa_without_epoch_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.md"), "# Hello\n").unwrap();
    let out = run(dir.path(), &["d.md", "-o", "plain.pdf"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        field(&pdfinfo(&dir.path().join("plain.pdf")), "CreationDate"),
        None
    );

    let out = Command::new(env!("CARGO_BIN_EXE_deckport"))
        .args(["d.md", "--pdfa", "-o", "a.pdf"])
        .current_dir(dir.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("info: SOURCE_DATE_EPOCH is not set"));
    assert!(field(&pdfinfo(&dir.path().join("a.pdf")), "CreationDate").is_some());
}

#[test]
fn a_deck_that_cannot_conform_names_the_slide_and_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    // U+10FFFD (private use, plane 16) is in no bundled font: krilla must draw .notdef.
    std::fs::write(
        dir.path().join("d.md"),
        "# One\n\n---\n\n# Two\n\nmark \u{10FFFD} here\n",
    )
    .unwrap();
    let out = export_with_epoch(dir.path(), &["d.md", "--pdfa", "-o", "a.pdf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: slide 2: not PDF/A-2b: no font has a glyph"),
        "{err}"
    );
    assert!(err.contains("ISO 19005-2"), "{err}");
    let pdf = std::fs::read(dir.path().join("a.pdf")).unwrap();
    assert!(
        !String::from_utf8_lossy(&pdf).contains("pdfaid:part"),
        "no false PDF/A claim"
    );
}

#[test]
fn notes_pages_double_the_pages_with_the_notes_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let deck = "# Alpha\n\nNote:\nFirst note about alpha.\n\n- point one\n- point two\n\n---\n\n# Beta\n\nNote:\nSecond note about beta.\n\n---\n\n# Gamma\n\nNote:\nThird note about gamma.\n";
    std::fs::write(dir.path().join("d.md"), deck).unwrap();
    let out = run(dir.path(), &["d.md", "--notes", "pages", "-o", "n.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("n.pdf");
    let facts = pdf_facts(&pdf);
    assert_eq!(facts.pages, 6);
    // One outline entry per slide, none for notes pages.
    assert_eq!(facts.outline_titles, ["Alpha", "Beta", "Gamma"]);

    let text = pdftotext(&pdf);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let notes = [
        "First note about alpha.",
        "Second note about beta.",
        "Third note about gamma.",
    ];
    for (i, note) in notes.iter().enumerate() {
        assert!(
            pages[2 * i + 1].contains(note),
            "page {}: {}",
            2 * i + 2,
            pages[2 * i + 1]
        );
        assert!(!pages[2 * i].contains(note), "the slide page has no notes");
    }
    let one = pages[1].find("point one").expect("bullets are text");
    let two = pages[1].find("point two").expect("bullets are text");
    assert!(pages[1].find(notes[0]).unwrap() < one && one < two);
    // The slide's picture on the notes page is not a second copy of its text.
    assert_eq!(pages[1].matches("Alpha").count(), 1, "{}", pages[1]);
}

#[test]
fn notes_pages_in_the_pdf_and_png_leave_the_pptx_with_its_slides() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let deck = "# Alpha\n\nNote:\nFirst.\n\n---\n\n# Beta\n\nNote:\nSecond.\n";
    std::fs::write(dir.path().join("d.md"), deck).unwrap();
    let out = run(
        dir.path(),
        &[
            "d.md",
            "--pdf",
            "--pptx",
            "--png",
            "--notes",
            "pages",
            "--page-size",
            "480x270",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(pdf_facts(&dir.path().join("d.pdf")).pages, 4);
    assert!(dir.path().join("d-04.png").exists());
    assert!(!dir.path().join("d-05.png").exists());
    let file = std::fs::File::open(dir.path().join("d.pptx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let slides = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("ppt/slides/slide") && n.ends_with(".xml"))
        .count();
    assert_eq!(slides, 2);
    let mut notes = String::new();
    zip.by_name("ppt/notesSlides/notesSlide2.xml")
        .unwrap()
        .read_to_string(&mut notes)
        .unwrap();
    assert!(notes.contains("Second."), "{notes}");
}

#[test]
fn title_tags_and_author_reach_pdf_and_pptx_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let deck = "---\ntitle: Minutes\ntags: archive, minutes\n---\n\n# Call\n";
    std::fs::write(dir.path().join("d.md"), deck).unwrap();
    let out = run(
        dir.path(),
        &["d.md", "--author", "Ada Lovelace", "-o", "d.pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let info = pdfinfo(&dir.path().join("d.pdf"));
    assert_eq!(field(&info, "Title"), Some("Minutes"));
    assert_eq!(field(&info, "Keywords"), Some("archive, minutes"));
    assert_eq!(field(&info, "Author"), Some("Ada Lovelace"));

    let out = run(
        dir.path(),
        &["d.md", "--author", "Ada Lovelace", "-o", "d.pptx"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let core = zip_part(&dir.path().join("d.pptx"), "docProps/core.xml");
    assert!(core.contains("<dc:title>Minutes</dc:title>"), "{core}");
    assert!(
        core.contains("<cp:keywords>archive, minutes</cp:keywords>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:creator>Ada Lovelace</dc:creator>"),
        "{core}"
    );
}

fn zip_part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

/// Words and their boxes (pt, y down) on page 1, from `pdftotext -bbox`.
fn words(pdf: &Path) -> Vec<(String, [f32; 4])> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let num = |line: &str, key: &str| -> f32 {
        let at = line.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|l| {
            let word = l.split('>').nth(1).unwrap().split('<').next().unwrap();
            let b = [
                num(l, "xMin"),
                num(l, "yMin"),
                num(l, "xMax"),
                num(l, "yMax"),
            ];
            (word.replace("&amp;", "&"), b)
        })
        .collect()
}

/// Link annotations of page 1: rectangle (pt, y down) and URI or target page index.
fn links(pdf: &Path) -> Vec<([f32; 4], String)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let pages = doc.get_pages();
    let page_ids: Vec<lopdf::ObjectId> = pages.values().copied().collect();
    let first = doc.get_dictionary(page_ids[0]).unwrap();
    let height = 810.0;
    let annots = first.get(b"Annots").unwrap();
    let annots = match annots {
        lopdf::Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap().clone(),
        other => other.as_array().unwrap().clone(),
    };
    let mut out = Vec::new();
    for a in annots {
        let dict = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
        let rect: Vec<f32> = dict
            .get(b"Rect")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_float().unwrap())
            .collect();
        let r = [rect[0], height - rect[3], rect[2], height - rect[1]];
        let target = if let Ok(action) = dict.get(b"A").and_then(|a| a.as_dict()) {
            match action.get(b"URI") {
                Ok(uri) => String::from_utf8_lossy(uri.as_str().unwrap()).into_owned(),
                Err(_) => "goto".into(),
            }
        } else {
            let dest = dict.get(b"Dest").unwrap();
            let dest = match dest {
                lopdf::Object::Reference(r) => doc.get_object(*r).unwrap(),
                other => other,
            };
            let page = dest.as_array().unwrap()[0].as_reference().unwrap();
            let index = page_ids.iter().position(|p| *p == page).unwrap();
            format!("page {index}")
        };
        out.push((r, target));
    }
    out
}

#[test]
fn case_b25_links_are_clickable_and_jump_inside_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let deck = "---\ntype: slide\n---\n\n# Links\n\n- Docs: [project docs](https://example.org/docs)\n- Bare: <https://example.org/raw>\n- Jump to [the last slide](#/2)\n- Mail: [write us](mailto:team@example.org)\n\n---\n\n# Middle\n\n---\n\n# Last\n";
    std::fs::write(dir.path().join("b25.md"), deck).unwrap();
    let out = run(dir.path(), &["b25.md", "-o", "b25.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("b25.pdf");
    let mut found = links(&pdf);
    found.sort_by(|a, b| a.0[1].total_cmp(&b.0[1]));
    let targets: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        targets,
        [
            "https://example.org/docs",
            "https://example.org/raw",
            "page 2",
            "mailto:team@example.org"
        ]
    );
    let words = words(&pdf);
    let labels = [
        "project docs",
        "https://example.org/raw",
        "the last slide",
        "write us",
    ];
    for ((rect, target), label) in found.iter().zip(labels) {
        for part in label.split(' ') {
            let (_, b) = words
                .iter()
                .find(|(w, _)| w == part)
                .unwrap_or_else(|| panic!("word {part} on page 1"));
            let overlaps = rect[0] < b[2] && b[0] < rect[2] && rect[1] < b[3] && b[1] < rect[3];
            assert!(overlaps, "{target}: {rect:?} misses {part} at {b:?}");
        }
    }

    let out = run(dir.path(), &["b25.md", "-o", "b25.pptx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pptx = dir.path().join("b25.pptx");
    let rels = zip_part(&pptx, "ppt/slides/_rels/slide1.xml.rels");
    for uri in [
        "https://example.org/docs",
        "https://example.org/raw",
        "mailto:team@example.org",
    ] {
        assert!(rels.contains(&format!("Target=\"{uri}\"")), "{rels}");
    }
    assert!(rels.contains("Target=\"slide3.xml\""), "{rels}");
    let slide = zip_part(&pptx, "ppt/slides/slide1.xml");
    assert!(slide.contains("ppaction://hlinksldjump"), "{slide}");
}

/// Titles of outline items from `first` on, each with its children's titles.
fn outline_level(
    doc: &lopdf::Document,
    first: Option<lopdf::ObjectId>,
) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut next = first;
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let title =
            String::from_utf8_lossy(item.get(b"Title").unwrap().as_str().unwrap()).into_owned();
        let children = outline_level(doc, item.get(b"First").and_then(|f| f.as_reference()).ok())
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        out.push((title, children));
        next = item.get(b"Next").and_then(|n| n.as_reference()).ok();
    }
    out
}

#[test]
fn the_outline_nests_a_vertical_stack_under_its_first_slide() {
    let dir = tempfile::tempdir().unwrap();
    let deck = "# A\n\n---\n\n# B\n\n----\n\n# B2\n\n----\n\n# B3\n\n---\n\n# C\n";
    std::fs::write(dir.path().join("d.md"), deck).unwrap();
    let out = run(dir.path(), &["d.md", "-o", "d.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = lopdf::Document::load(dir.path().join("d.pdf")).unwrap();
    let catalog = doc.catalog().unwrap();
    let outlines = doc
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let first = outlines.get(b"First").unwrap().as_reference().ok();
    let tree = outline_level(&doc, first);
    let b_children = vec!["B2".to_string(), "B3".to_string()];
    assert_eq!(
        tree,
        [
            ("A".to_string(), vec![]),
            ("B".to_string(), b_children),
            ("C".to_string(), vec![]),
        ]
    );
}

#[test]
fn slide_links_jump_to_their_pages_also_between_notes_pages() {
    let dir = tempfile::tempdir().unwrap();
    let deck = "# Start\n\n[end](#/2) [child](#/1/1) [goal](#/goal)\n\nNote:\nopening\n\n---\n\n# Middle\n\n----\n\n<h2 id=\"goal\">Child</h2>\n\nNote:\nchild note\n\n---\n\n# End\n";
    std::fs::write(dir.path().join("d.md"), deck).unwrap();
    let out = run(dir.path(), &["d.md", "-o", "plain.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let facts = pdf_facts(&dir.path().join("plain.pdf"));
    assert_eq!(facts.pages, 4);
    assert_eq!(facts.gotos[0], [3, 2, 2]);

    // Notes pages follow slides 1 and 3: the slides move to pages 0, 2, 3 and 5.
    let out = run(dir.path(), &["d.md", "--notes", "pages", "-o", "notes.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let facts = pdf_facts(&dir.path().join("notes.pdf"));
    assert_eq!(facts.pages, 6);
    assert_eq!(facts.gotos[0], [5, 3, 3]);
}

/// The text annotations of each page: (contents, rectangle in pt, flags), read with lopdf.
fn note_annotations(pdf: &Path) -> Vec<Vec<(String, [f32; 4], i64)>> {
    let doc = lopdf::Document::load(pdf).expect("a readable PDF");
    doc.get_pages()
        .values()
        .map(|&id| {
            doc.get_page_annotations(id)
                .unwrap_or_default()
                .into_iter()
                .filter(|a| {
                    a.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Text".as_slice())
                })
                .map(|a| {
                    let contents = match a.get(b"Contents").unwrap() {
                        lopdf::Object::String(bytes, _) => lopdf::decode_text_string(
                            &lopdf::Object::String(bytes.clone(), lopdf::StringFormat::Hexadecimal),
                        )
                        .unwrap(),
                        other => panic!("contents {other:?}"),
                    };
                    let rect: Vec<f32> = a
                        .get(b"Rect")
                        .unwrap()
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|n| n.as_float().unwrap())
                        .collect();
                    let flags = a.get(b"F").unwrap().as_i64().unwrap();
                    (contents, [rect[0], rect[1], rect[2], rect[3]], flags)
                })
                .collect()
        })
        .collect()
}

#[test]
fn notes_as_annotations_sit_on_their_slides() {
    let dir = tempfile::tempdir().unwrap();
    let deck = "# Alpha\n\nNote:\nSay **this** and see [docs](https://x.org/d).\n\n1. one\n2. two\n\n---\n\n# Beta\n\n---\n\n# Gamma\n\nNote:\nLast — ü 😀\n";
    std::fs::write(dir.path().join("d.md"), deck).unwrap();
    let out = run(
        dir.path(),
        &["d.md", "--notes", "annotations", "-o", "a.pdf"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("a.pdf");
    assert_eq!(pdf_facts(&pdf).pages, 3, "no notes pages");
    let notes = note_annotations(&pdf);
    assert_eq!(notes.len(), 3);
    assert_eq!(notes[0].len(), 1);
    assert_eq!(
        notes[0][0].0,
        "Say this and see docs (https://x.org/d).\n1. one\n2. two"
    );
    assert!(notes[1].is_empty(), "a slide without notes has no note");
    assert_eq!(notes[2][0].0, "Last — ü 😀");
    // In the top-right corner of the 1440 × 810 pt page; printed, not zoomed or rotated.
    let [x0, y0, x1, y1] = notes[0][0].1;
    assert!(
        x0 > 1380.0 && x1 <= 1440.0 && y0 > 760.0 && y1 <= 810.0,
        "{:?}",
        notes[0][0].1
    );
    assert_eq!(notes[0][0].2, 4 | 8 | 16);
    // The notes are not on the pages' text.
    assert!(!pdftotext(&pdf).contains("Say this"));
}

#[test]
fn notes_as_annotations_keep_the_pdf_archival() {
    let dir = tempfile::tempdir().unwrap();
    let deck = "---\ntitle: Minutes\nlang: en\n---\n\n# One\n\nNote:\nFirst **note**.\n\n---\n\n# Two\n\n---\n\n# Three\n\nNote:\n- a\n- b\n";
    std::fs::write(dir.path().join("d.md"), deck).unwrap();
    let args = ["d.md", "--pdfa", "--notes", "annotations", "-o"];
    for name in ["a.pdf", "b.pdf"] {
        let out = export_with_epoch(dir.path(), &[&args[..], &[name]].concat());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(!stderr(&out).contains("annotation"), "{}", stderr(&out));
    }
    let pdf = dir.path().join("a.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes == std::fs::read(dir.path().join("b.pdf")).unwrap(),
        "reproducible"
    );
    assert!(String::from_utf8_lossy(&bytes).contains("<pdfaid:part>2</pdfaid:part>"));
    assert_eq!(field(&pdfinfo(&pdf), "Tagged"), Some("yes"));
    // Every slide with notes has its note; the annotations carry an appearance.
    let notes = note_annotations(&pdf);
    assert_eq!(notes.iter().map(Vec::len).collect::<Vec<_>>(), [1, 0, 1]);
    assert_eq!(notes[2][0].0, "• a\n• b");
    assert!(String::from_utf8_lossy(&bytes).contains("/Subtype/Text/"));
    assert_eq!(
        String::from_utf8_lossy(&bytes).matches("/AP<</N ").count(),
        notes.iter().map(Vec::len).sum::<usize>()
    );
}

#[test]
fn notes_pages_keep_bold_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let deck =
        "# Alpha\n\nNote:\nSay **this loudly** and see [the docs](https://x.org/docs) now.\n";
    std::fs::write(dir.path().join("d.md"), deck).unwrap();
    let out = run(dir.path(), &["d.md", "--notes", "pages", "-o", "n.pdf"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("n.pdf");
    let facts = pdf_facts(&pdf);
    assert_eq!(facts.pages, 2);
    assert!(facts.uris[0].is_empty());
    assert_eq!(facts.uris[1], ["https://x.org/docs"]);
    assert!(pdftotext(&pdf).contains("Say this loudly and see the docs now."));
    assert!(
        facts.fonts.iter().any(|f| f.contains("Lato-Bold")),
        "the bold words use the bold face: {:?}",
        facts.fonts
    );
}
