//! The PPTX backend: transcribes the display list ([`crate::page`]) into an editable
//! PowerPoint deck.
//!
//! Each page becomes a slide on a "Title and Content" layout: the title and the text
//! flow go into the layout's placeholders as real paragraphs, other text into text
//! boxes, pictures into picture shapes, boxes and rules into shapes (design.md, "PPTX
//! shape of a slide"). Page px become EMU (× 6350) and font sizes `sz` (× 50).
//!
//! The package is written in a fixed order with fixed zip timestamps and ids counted
//! from the document, so the same display list always gives the same bytes.

mod master;
mod near;
mod notes;
mod picture;
mod slide;
mod text;
mod theme;
mod xml;

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::{Cursor, Write};

use crate::diag::Warning;
use crate::page::{self, Role};
use xml::{DECL, NS_A, NS_P, NS_R, Rel, emu, esc, rels_part};

pub use xml::EMU_PER_PX;

/// Settings for [`write()`]; `Default` gives a reproducible deck without dates.
#[derive(Debug, Clone, Default)]
pub struct PptxOptions {
    /// Creation date as seconds since the Unix epoch (UTC), e.g. from
    /// `SOURCE_DATE_EPOCH`. `None` writes no date.
    pub creation_date: Option<i64>,
    /// The author for the core properties (`dc:creator`).
    pub author: Option<String>,
}

/// A written PPTX and the problems met on the way.
#[derive(Debug, Clone)]
pub struct Pptx {
    /// The `.pptx` file.
    pub bytes: Vec<u8>,
    /// Items left out, each at its deck line.
    pub warnings: Vec<Warning>,
}

/// Why no PPTX could be written at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PptxError {
    /// What went wrong, lower-case, without a trailing period.
    pub message: String,
}

impl fmt::Display for PptxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PptxError {}

/// Pictures stored in `ppt/media/`, each distinct file once, named in order of first use.
#[derive(Default)]
pub(crate) struct Media {
    files: Vec<(String, Vec<u8>)>,
    by_hash: HashMap<u64, Vec<usize>>,
}

impl Media {
    /// The part name for these bytes, storing them unless the same bytes are stored.
    pub(crate) fn add(&mut self, bytes: Vec<u8>, ext: &str) -> String {
        let hash = fnv1a(&bytes);
        let known = self.by_hash.entry(hash).or_default();
        if let Some(&i) = known.iter().find(|&&i| self.files[i].1 == bytes) {
            return self.files[i].0.clone();
        }
        let name = format!("image{}.{ext}", self.files.len() + 1);
        known.push(self.files.len());
        self.files.push((name.clone(), bytes));
        name
    }
}

/// FNV-1a: a stable hash, the same on every machine and run.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// State shared by all slides of one package.
pub(crate) struct Shared<'a> {
    pub(crate) media: Media,
    pub(crate) warnings: Vec<Warning>,
    pub(crate) lang: &'a str,
    pub(crate) page_count: usize,
}

impl Shared<'_> {
    pub(crate) fn warn(&mut self, line: usize, message: &str) {
        self.warnings.push(Warning {
            line: Some(line),
            message: message.to_string(),
        });
    }
}

/// Every semantic paragraph of the deck, in page order.
fn paragraphs(doc: &page::Document) -> impl Iterator<Item = &page::Paragraph> {
    doc.pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|i| match i {
            page::Item::Text(t) => Some(t.paragraphs.iter()),
            _ => None,
        })
        .flatten()
}

/// The families of the first title and the first body paragraph, for the theme.
fn deck_fonts(doc: &page::Document) -> (String, String) {
    let first = |role: Role| {
        paragraphs(doc)
            .filter(|p| p.role == role)
            .find_map(|p| p.spans.first().map(|s| (s.family.clone(), s.size)))
    };
    let body = first(Role::Body);
    let major = first(Role::Title).map(|f| f.0);
    let minor = body.map(|f| f.0);
    let minor = minor
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| "Lato".into());
    let major = major
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| minor.clone());
    (major, minor)
}

/// The body text size of the deck (page px), for the master's text styles.
fn body_size(doc: &page::Document) -> f32 {
    paragraphs(doc)
        .find(|p| p.role == Role::Body)
        .and_then(|p| p.spans.first().map(|s| s.size))
        .unwrap_or(40.0)
}

/// Writes the whole document as one PPTX.
pub fn write(doc: &page::Document, options: &PptxOptions) -> Result<Pptx, PptxError> {
    let (w, h) = doc
        .pages
        .first()
        .map_or((1920.0, 1080.0), |p| (p.width, p.height));
    let lang = doc
        .lang
        .as_deref()
        .filter(|l| {
            !l.is_empty()
                && l.len() <= 35
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .unwrap_or("en-US");
    let mut shared = Shared {
        media: Media::default(),
        warnings: Vec::new(),
        lang,
        page_count: doc.pages.len(),
    };
    let (major, minor) = deck_fonts(doc);

    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut overrides: Vec<(String, &'static str)> = Vec::new();
    let part = |parts: &mut Vec<(String, Vec<u8>)>, name: String, xml: String| {
        parts.push((name, xml.into_bytes()));
    };
    const CT: &str = "application/vnd.openxmlformats-officedocument.presentationml.";

    // Slides and notes slides.
    let mut notes_count = 0;
    for (i, p) in doc.pages.iter().enumerate() {
        let n = i + 1;
        let mut s = slide::slide(p, i, &mut shared);
        if let Some(text) = p.notes.as_deref().filter(|t| !t.trim().is_empty()) {
            notes_count += 1;
            let (xml, rels) = notes::notes_slide(text, n, doc.pages.len(), lang);
            part(
                &mut parts,
                format!("ppt/notesSlides/notesSlide{n}.xml"),
                xml,
            );
            part(
                &mut parts,
                format!("ppt/notesSlides/_rels/notesSlide{n}.xml.rels"),
                rels_part(&rels.list),
            );
            overrides.push((
                format!("/ppt/notesSlides/notesSlide{n}.xml"),
                "notesSlide+xml",
            ));
            s.rels.add(
                "notesSlide",
                format!("../notesSlides/notesSlide{n}.xml"),
                false,
            );
        }
        part(&mut parts, format!("ppt/slides/slide{n}.xml"), s.xml);
        part(
            &mut parts,
            format!("ppt/slides/_rels/slide{n}.xml.rels"),
            rels_part(&s.rels.list),
        );
        overrides.push((format!("/ppt/slides/slide{n}.xml"), "slide+xml"));
    }

    // Presentation, masters, themes.
    let mut pres_rels = vec![
        rel("rId1", "slideMaster", "slideMasters/slideMaster1.xml"),
        rel("rId2", "notesMaster", "notesMasters/notesMaster1.xml"),
        rel("rId3", "theme", "theme/theme1.xml"),
        rel("rId4", "presProps", "presProps.xml"),
        rel("rId5", "viewProps", "viewProps.xml"),
        rel("rId6", "tableStyles", "tableStyles.xml"),
    ];
    for n in 1..=doc.pages.len() {
        pres_rels.push(Rel {
            id: format!("rId{}", n + 6),
            kind: "slide",
            target: format!("slides/slide{n}.xml"),
            external: false,
        });
    }
    part(
        &mut parts,
        "ppt/presentation.xml".into(),
        presentation(doc.pages.len(), w, h),
    );
    part(
        &mut parts,
        "ppt/_rels/presentation.xml.rels".into(),
        rels_part(&pres_rels),
    );
    part(
        &mut parts,
        "ppt/slideMasters/slideMaster1.xml".into(),
        master::slide_master(w, h, body_size(doc)),
    );
    part(
        &mut parts,
        "ppt/slideMasters/_rels/slideMaster1.xml.rels".into(),
        rels_part(&[
            rel("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
            rel("rId2", "theme", "../theme/theme1.xml"),
        ]),
    );
    part(
        &mut parts,
        "ppt/slideLayouts/slideLayout1.xml".into(),
        master::layout(w, h),
    );
    part(
        &mut parts,
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels".into(),
        rels_part(&[rel(
            "rId1",
            "slideMaster",
            "../slideMasters/slideMaster1.xml",
        )]),
    );
    part(
        &mut parts,
        "ppt/notesMasters/notesMaster1.xml".into(),
        master::notes_master(),
    );
    part(
        &mut parts,
        "ppt/notesMasters/_rels/notesMaster1.xml.rels".into(),
        rels_part(&[rel("rId1", "theme", "../theme/theme2.xml")]),
    );
    part(
        &mut parts,
        "ppt/theme/theme1.xml".into(),
        theme::theme("deckport", &major, &minor),
    );
    part(
        &mut parts,
        "ppt/theme/theme2.xml".into(),
        theme::theme("deckport notes", &major, &minor),
    );
    part(
        &mut parts,
        "ppt/presProps.xml".into(),
        format!(
            "{DECL}<p:presentationPr xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"/>"
        ),
    );
    part(
        &mut parts,
        "ppt/viewProps.xml".into(),
        format!(
            "{DECL}<p:viewPr xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"><p:gridSpacing cx=\"76200\" cy=\"76200\"/></p:viewPr>"
        ),
    );
    part(
        &mut parts,
        "ppt/tableStyles.xml".into(),
        format!(
            "{DECL}<a:tblStyleLst xmlns:a=\"{NS_A}\" def=\"{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}\"/>"
        ),
    );
    part(
        &mut parts,
        "docProps/core.xml".into(),
        core(doc, options, lang),
    );
    part(
        &mut parts,
        "docProps/app.xml".into(),
        app(doc.pages.len(), notes_count),
    );
    part(
        &mut parts,
        "_rels/.rels".into(),
        rels_part(&[
            rel("rId1", "officeDocument", "ppt/presentation.xml"),
            rel("rId2", "core-properties", "docProps/core.xml"),
            rel("rId3", "extended-properties", "docProps/app.xml"),
        ]),
    );
    for (name, bytes) in std::mem::take(&mut shared.media.files) {
        parts.push((format!("ppt/media/{name}"), bytes));
    }

    let mut types = String::from(DECL);
    types
        .push_str("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">");
    for (ext, ty) in [
        (
            "rels",
            "application/vnd.openxmlformats-package.relationships+xml",
        ),
        ("xml", "application/xml"),
        ("png", "image/png"),
        ("jpeg", "image/jpeg"),
        ("gif", "image/gif"),
        ("svg", "image/svg+xml"),
    ] {
        let _ = write!(types, "<Default Extension=\"{ext}\" ContentType=\"{ty}\"/>");
    }
    let fixed = [
        ("/ppt/presentation.xml", "presentation.main+xml"),
        ("/ppt/slideMasters/slideMaster1.xml", "slideMaster+xml"),
        ("/ppt/slideLayouts/slideLayout1.xml", "slideLayout+xml"),
        ("/ppt/notesMasters/notesMaster1.xml", "notesMaster+xml"),
        ("/ppt/presProps.xml", "presProps+xml"),
        ("/ppt/viewProps.xml", "viewProps+xml"),
    ];
    for (name, ty) in fixed {
        let _ = write!(
            types,
            "<Override PartName=\"{name}\" ContentType=\"{CT}{ty}\"/>"
        );
    }
    for name in ["/ppt/theme/theme1.xml", "/ppt/theme/theme2.xml"] {
        let _ = write!(
            types,
            "<Override PartName=\"{name}\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>"
        );
    }
    let _ = write!(
        types,
        "<Override PartName=\"/ppt/tableStyles.xml\" ContentType=\"{CT}tableStyles+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
    );
    for (name, ty) in &overrides {
        let _ = write!(
            types,
            "<Override PartName=\"{name}\" ContentType=\"{CT}{ty}\"/>"
        );
    }
    types.push_str("</Types>");
    parts.insert(0, ("[Content_Types].xml".into(), types.into_bytes()));

    let bytes = zip_parts(&parts).map_err(|e| PptxError {
        message: format!("cannot write the zip package ({e})"),
    })?;
    Ok(Pptx {
        bytes,
        warnings: shared.warnings,
    })
}

pub(crate) fn rel(id: &str, kind: &'static str, target: &str) -> Rel {
    Rel {
        id: id.into(),
        kind,
        target: target.into(),
        external: false,
    }
}

/// The parts as a zip with fixed timestamps and permissions, written seekably (no data
/// descriptors, which LibreOffice rejects).
fn zip_parts(parts: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        let stored = name.starts_with("ppt/media/") && !name.ends_with(".svg");
        let method = if stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `ppt/presentation.xml`: master, notes master, slide list and sizes.
fn presentation(slides: usize, w: f32, h: f32) -> String {
    let mut out = String::from(DECL);
    let _ = write!(
        out,
        "<p:presentation xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\" saveSubsetFonts=\"1\"><p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst><p:notesMasterIdLst><p:notesMasterId r:id=\"rId2\"/></p:notesMasterIdLst>"
    );
    if slides > 0 {
        out.push_str("<p:sldIdLst>");
        for n in 1..=slides {
            let _ = write!(out, "<p:sldId id=\"{}\" r:id=\"rId{}\"/>", 255 + n, n + 6);
        }
        out.push_str("</p:sldIdLst>");
    }
    let cx = emu(w).clamp(914_400, 51_206_400);
    let cy = emu(h).clamp(914_400, 51_206_400);
    let _ = write!(
        out,
        "<p:sldSz cx=\"{cx}\" cy=\"{cy}\"/><p:notesSz cx=\"{}\" cy=\"{}\"/><p:defaultTextStyle><a:lvl1pPr><a:defRPr lang=\"en-US\"/></a:lvl1pPr></p:defaultTextStyle></p:presentation>",
        master::NOTES_SIZE.0,
        master::NOTES_SIZE.1
    );
    out
}

/// `docProps/core.xml`: title, author and keywords (when given), language and
/// (only when given) the creation date.
fn core(doc: &page::Document, options: &PptxOptions, lang: &str) -> String {
    let mut out = String::from(DECL);
    out.push_str("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
    let _ = write!(out, "<dc:title>{}</dc:title>", esc(&doc.title));
    if let Some(author) = options.author.as_deref().filter(|a| !a.trim().is_empty()) {
        let _ = write!(out, "<dc:creator>{}</dc:creator>", esc(author));
    }
    if !doc.tags.is_empty() {
        let _ = write!(
            out,
            "<cp:keywords>{}</cp:keywords>",
            esc(&doc.tags.join(", "))
        );
    }
    let _ = write!(out, "<dc:language>{lang}</dc:language>");
    if let Some(t) = options.creation_date {
        let _ = write!(
            out,
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{}</dcterms:created>",
            w3c_date(t)
        );
    }
    out.push_str("</cp:coreProperties>");
    out
}

/// Seconds since the epoch as `YYYY-MM-DDThh:mm:ssZ`.
fn w3c_date(t: i64) -> String {
    let c = crate::date::civil(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `docProps/app.xml`.
fn app(slides: usize, notes: usize) -> String {
    format!(
        "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>deckport</Application><PresentationFormat>Custom</PresentationFormat><Slides>{slides}</Slides><Notes>{notes}</Notes><HiddenSlides>0</HiddenSlides><AppVersion>16.0000</AppVersion></Properties>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_is_stored_once() {
        let mut m = Media::default();
        let a = m.add(vec![1, 2, 3], "png");
        let b = m.add(vec![4, 5], "png");
        let c = m.add(vec![1, 2, 3], "png");
        assert_eq!(a, "image1.png");
        assert_eq!(b, "image2.png");
        assert_eq!(a, c);
        assert_eq!(m.files.len(), 2);
    }

    #[test]
    fn dates_are_w3c() {
        assert_eq!(w3c_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(w3c_date(1_714_003_200), "2024-04-25T00:00:00Z");
    }
}
