//! Helpers shared by the end-to-end tests: running the binary and reading PDFs back.

#![allow(dead_code)]

pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `deckport` binary with arguments in a folder.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_deckport"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("deckport runs")
}

/// The standard error of a run, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed deck from the shared folder beside the repository, copied into `dir`.
pub fn copy_seed(dir: &Path) -> PathBuf {
    let seed = root().join("../shared/seed/community-call-2024-04-25.md");
    assert!(
        seed.exists(),
        "the seed deck is expected at {}",
        seed.display()
    );
    let target = dir.join("community-call-2024-04-25.md");
    std::fs::copy(&seed, &target).expect("copy seed");
    target
}

/// Text of a PDF as poppler's `pdftotext` reads it (layout order, UTF-8).
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext from poppler-utils is installed (.ci/run installs it)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the tests read from a PDF's structure.
#[derive(Debug, Default)]
pub struct PdfFacts {
    pub pages: usize,
    /// MediaBox of each page, in pt.
    pub sizes: Vec<(f32, f32)>,
    /// URI of each link annotation, per page.
    pub uris: Vec<Vec<String>>,
    /// Link annotations with a GoTo destination, per page: the target page index.
    pub gotos: Vec<Vec<usize>>,
    pub outline_titles: Vec<String>,
    /// BaseFont names of the fonts used.
    pub fonts: Vec<String>,
    pub title: Option<String>,
    /// Image XObjects drawn, over all pages.
    pub images: usize,
}

fn number(o: &lopdf::Object) -> f32 {
    match o {
        lopdf::Object::Integer(i) => *i as f32,
        lopdf::Object::Real(r) => *r,
        _ => f32::NAN,
    }
}

fn text_of(doc: &lopdf::Document, o: &lopdf::Object) -> String {
    let o = match o {
        lopdf::Object::Reference(r) => doc.get_object(*r).unwrap(),
        o => o,
    };
    match o {
        lopdf::Object::String(bytes, _) => {
            if bytes.starts_with(&[0xfe, 0xff]) {
                let units: Vec<u16> = bytes[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                String::from_utf16_lossy(&units)
            } else {
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
        other => format!("{other:?}"),
    }
}

fn deref<'a>(doc: &'a lopdf::Document, o: &'a lopdf::Object) -> &'a lopdf::Object {
    match o {
        lopdf::Object::Reference(r) => doc.get_object(*r).unwrap(),
        o => o,
    }
}

/// Reads pages, sizes, links, outline, fonts and metadata title from a PDF.
pub fn pdf_facts(path: &Path) -> PdfFacts {
    let doc = lopdf::Document::load(path).expect("PDF parses");
    let mut facts = PdfFacts::default();
    let pages = doc.get_pages();
    facts.pages = pages.len();
    let page_ids: Vec<lopdf::ObjectId> = pages.values().copied().collect();
    for (_, &page_id) in pages.iter() {
        let page = doc.get_dictionary(page_id).unwrap();
        let mb = deref(&doc, page.get(b"MediaBox").unwrap())
            .as_array()
            .unwrap();
        facts.sizes.push((
            number(&mb[2]) - number(&mb[0]),
            number(&mb[3]) - number(&mb[1]),
        ));
        let mut uris = Vec::new();
        let mut gotos = Vec::new();
        if let Ok(annots) = page.get(b"Annots") {
            for a in deref(&doc, annots).as_array().unwrap() {
                let a = deref(&doc, a).as_dict().unwrap();
                if a.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Link".as_slice()) {
                    continue;
                }
                if let Ok(action) = a.get(b"A") {
                    let action = deref(&doc, action).as_dict().unwrap();
                    if let Ok(uri) = action.get(b"URI") {
                        uris.push(text_of(&doc, uri));
                    }
                    if let Ok(d) = action.get(b"D") {
                        let d = deref(&doc, d).as_array().unwrap();
                        if let lopdf::Object::Reference(r) = &d[0] {
                            gotos.push(page_ids.iter().position(|p| p == r).unwrap());
                        }
                    }
                }
                if let Ok(d) = a.get(b"Dest") {
                    let d = deref(&doc, d).as_array().unwrap();
                    if let lopdf::Object::Reference(r) = &d[0] {
                        gotos.push(page_ids.iter().position(|p| p == r).unwrap());
                    }
                }
            }
        }
        facts.uris.push(uris);
        facts.gotos.push(gotos);
        if let Ok(fonts) = doc.get_page_fonts(page_id) {
            for (_, f) in fonts {
                if let Ok(name) = f.get(b"BaseFont").and_then(|n| n.as_name()) {
                    let name = String::from_utf8_lossy(name).into_owned();
                    if !facts.fonts.contains(&name) {
                        facts.fonts.push(name);
                    }
                }
            }
        }
        if let Ok(resources) = page.get(b"Resources") {
            let resources = deref(&doc, resources).as_dict().unwrap();
            if let Ok(x) = resources.get(b"XObject") {
                for (_, o) in deref(&doc, x).as_dict().unwrap().iter() {
                    if let Ok(stream) = deref(&doc, o).as_stream()
                        && stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok()
                            == Some(b"Image".as_slice())
                    {
                        facts.images += 1;
                    }
                }
            }
        }
    }
    let catalog = doc.catalog().unwrap();
    if let Ok(outlines) = catalog.get(b"Outlines") {
        let outlines = deref(&doc, outlines).as_dict().unwrap();
        let mut stack = Vec::new();
        if let Ok(first) = outlines.get(b"First") {
            stack.push(first.clone());
        }
        while let Some(item) = stack.pop() {
            let dict = deref(&doc, &item).as_dict().unwrap();
            facts
                .outline_titles
                .push(text_of(&doc, dict.get(b"Title").unwrap()));
            if let Ok(next) = dict.get(b"Next") {
                stack.push(next.clone());
            }
            if let Ok(first) = dict.get(b"First") {
                stack.push(first.clone());
            }
        }
    }
    if let Ok(info) = doc.trailer.get(b"Info")
        && let Ok(title) = deref(&doc, info).as_dict().and_then(|d| d.get(b"Title"))
    {
        facts.title = Some(text_of(&doc, title));
    }
    facts
}
