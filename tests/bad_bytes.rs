//! Bad bytes: NUL and other control characters, however they are written (raw,
//! as HTML character references, as YAML escapes), never reach the PDF or the PPTX's
//! XML; a file cut off in the middle of a character or a construct is read as far as
//! it goes.

mod common;

use common::{pdftotext, run, stderr};
use std::fs;
use std::io::Read;

/// A deck with control characters in every place text comes from.
const DECK: &[u8] = b"---\ntitle: \"Ti\\x01tle\\0 \\x1b[1m\"\ntags: [\"a\\x07b\"]\n---\n\n\
# Head&#1;ing &#x1b;[31m red\n\n\
Raw \x00 nul, \x07 bell and \x1b[0m escape; refs &#0; &#7; &#x7f; &#x9f; &#x85; &#xFFFE; end.\n\n\
- item &#8; one\n- [link &#x1;](https://example.org/&#x1;path \"ti&#2;tle\")\n\n\
| a&#3; | b |\n|---|---|\n| c&#4; | d |\n\n\
`code &#5;` and <span title=\"x&#6;\">span&#x0B;text</span> ![alt&#1;](missing&#1;.png)\n\n\
Note: notes &#1; with \x01 control\n";

/// Whether a character may appear in extracted text: no control characters but line
/// breaks, tabs and the form feed `pdftotext` puts between pages.
fn clean(c: char) -> bool {
    !c.is_control() || matches!(c, '\n' | '\t' | '\x0c')
}

#[test]
fn control_characters_never_reach_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("d.md"), DECK).unwrap();
    let out = run(dir.path(), &["d.md", "-o", "d.pdf", "--offline"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("d.md:8: warning: control characters removed"),
        "{err}"
    );
    assert!(
        err.contains(
            "d.md:6: warning: control characters removed (written as character references)"
        ),
        "{err}"
    );
    let text = pdftotext(&dir.path().join("d.pdf"));
    let bad: Vec<char> = text.chars().filter(|&c| !clean(c)).collect();
    assert!(bad.is_empty(), "{bad:?} in {text:?}");
    assert!(text.contains("Head"), "{text}");
    assert!(text.contains("bell"), "{text}");
    assert!(text.contains("end."), "{text}");
    // The metadata: the title is a text string in the document information.
    let pdf = lopdf::Document::load(dir.path().join("d.pdf")).unwrap();
    let info = pdf
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .unwrap();
    let title = pdf.get_dictionary(info).unwrap().get(b"Title").unwrap();
    let title = lopdf::decode_text_string(title).unwrap();
    assert!(title.chars().all(clean), "{title:?}");
    assert!(title.contains("Ti"), "{title:?}");
}

#[test]
fn control_characters_never_reach_the_pptx_xml() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("d.md"), DECK).unwrap();
    let out = run(dir.path(), &["d.md", "-o", "d.pptx", "--offline"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = fs::File::open(dir.path().join("d.pptx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut parts = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = String::new();
        part.read_to_string(&mut xml).unwrap();
        // XML 1.0 allows no control characters but tab and line breaks.
        let bad: Vec<char> = xml
            .chars()
            .filter(|&c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:?}");
        assert!(!xml.contains("&#x") && !xml.contains("&#"), "{name}");
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed: {e}"),
            }
        }
        parts += 1;
    }
    assert!(parts > 5);
}

#[test]
fn a_file_cut_off_anywhere_is_read_as_far_as_it_goes() {
    let full = "---\ntitle: Cut\n---\n\n# Première\n\n- **gras** `code` [lien](https://example.org)\n\n---\n\n# Zweite ünd 日本語\n\n| a | b |\n|---|---|\n| cell | d |\n\n<div style=\"color: red\">rot</div>\n";
    let at = |s: &str, plus: usize| full.find(s).expect("in the deck") + plus;
    // Where to cut (a byte offset, some inside a character), and a word that must show.
    let cuts = [
        (at("title: Cut", 8), None),
        (at("è", 1), Some("Premi")),
        (at("**gras", 5), Some("gra")),
        (at("`code", 3), Some("co")),
        (at("(https://exa", 8), Some("lien")),
        (at("日", 2), Some("ünd")),
        (at("| cell", 4), Some("ce")),
        (at("style=\"col", 9), Some("cell")),
        (at("rot<", 2), Some("ro")),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (cut, word) in cuts {
        fs::write(dir.path().join("d.md"), &full.as_bytes()[..cut]).unwrap();
        let out = run(dir.path(), &["d.md", "-o", "d.pdf", "--offline"]);
        assert_eq!(out.status.code(), Some(0), "cut at {cut}: {}", stderr(&out));
        let text = pdftotext(&dir.path().join("d.pdf"));
        if let Some(word) = word {
            assert!(
                text.contains(word),
                "cut at {cut}: {word:?} not in {text:?}"
            );
        }
    }
}
