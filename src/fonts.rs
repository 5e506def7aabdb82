//! The fonts deckport draws with, built into the binary.
//!
//! The host's fonts never change the output: the engine's font context holds only
//! these faces (and, later, faces from folders the user names). The bytes live in
//! the binary's read-only data; registering a face parses only its name tables.

use parley::FontContext;
use parley::fontique::{
    Blob, Collection, CollectionOptions, FallbackKey, GenericFamily, SourceCache,
};
use resvg::usvg::fontdb;
use std::sync::{Arc, Mutex, OnceLock};

/// One bundled face.
struct Face {
    file: &'static str,
    bytes: &'static [u8],
}

macro_rules! face {
    ($file:literal) => {
        Face {
            file: $file,
            bytes: include_bytes!(concat!("../fonts/", $file)),
        }
    };
}

/// Lato 2.0: the body and heading face (HedgeDoc's system font stack is drawn with it).
const LATO: [Face; 6] = [
    face!("Lato-Regular.ttf"),
    face!("Lato-Italic.ttf"),
    face!("Lato-Semibold.ttf"),
    face!("Lato-SemiboldItalic.ttf"),
    face!("Lato-Bold.ttf"),
    face!("Lato-BoldItalic.ttf"),
];

/// DejaVu Sans Mono: code.
const MONO: [Face; 2] = [
    face!("DejaVuSansMono.ttf"),
    face!("DejaVuSansMono-Bold.ttf"),
];

/// DejaVu Sans: wide-coverage fallback (Hebrew, Arabic, symbols, arrows).
const FALLBACK: [Face; 2] = [face!("DejaVuSans.ttf"), face!("DejaVuSans-Bold.ttf")];

/// Identifiers for the bundled faces' blobs: stable across runs, far from the
/// counter that numbers other blobs.
const ID_BASE: u64 = 0xdec0_0000_0000_0000;

/// A blob over a bundled face, with a stable identity.
fn blob(index: u64, face: &Face) -> Blob<u8> {
    let _ = face.file;
    Blob::from_raw_parts(Arc::new(face.bytes), ID_BASE + index)
}

/// The family name the body text resolves to.
pub const BODY_FAMILY: &str = "Lato";

/// A font context holding only the bundled faces, with CSS generic families and
/// script fallbacks mapped onto them.
///
/// The faces are registered once per process; every deck (and every worker of a
/// batch) gets a copy of that collection, which shares the font data and the
/// parsed name tables.
pub fn font_context() -> FontContext {
    static TEMPLATE: OnceLock<Mutex<FontContext>> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| Mutex::new(build_font_context()));
    template.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Registers the bundled faces in a fresh collection.
fn build_font_context() -> FontContext {
    let mut collection = Collection::new(CollectionOptions {
        shared: false,
        system_fonts: false,
    });
    let mut register = |index: u64, face: &Face| {
        collection
            .register_fonts(blob(index, face), None)
            .into_iter()
            .map(|(family, _)| family)
            .next()
    };
    let lato: Vec<_> = LATO
        .iter()
        .enumerate()
        .filter_map(|(i, f)| register(i as u64, f))
        .collect();
    let mono: Vec<_> = MONO
        .iter()
        .enumerate()
        .filter_map(|(i, f)| register(10 + i as u64, f))
        .collect();
    let fallback: Vec<_> = FALLBACK
        .iter()
        .enumerate()
        .filter_map(|(i, f)| register(20 + i as u64, f))
        .collect();
    // Blitz draws disc/square/circle markers from this face when it lays out list items.
    collection.register_fonts(
        Blob::from_raw_parts(Arc::new(blitz_dom::BULLET_FONT), ID_BASE + 30),
        None,
    );
    let first = |ids: &[parley::fontique::FamilyId]| ids.first().copied();
    let (lato, mono, fallback) = (first(&lato), first(&mono), first(&fallback));
    let sans: Vec<_> = lato.into_iter().chain(fallback).collect();
    for generic in [
        GenericFamily::SansSerif,
        GenericFamily::Serif,
        GenericFamily::SystemUi,
        GenericFamily::UiSansSerif,
        GenericFamily::UiSerif,
        GenericFamily::Cursive,
        GenericFamily::Fantasy,
    ] {
        collection.set_generic_families(generic, sans.iter().copied());
    }
    let monos: Vec<_> = mono.into_iter().chain(fallback).collect();
    for generic in [GenericFamily::Monospace, GenericFamily::UiMonospace] {
        collection.set_generic_families(generic, monos.iter().copied());
    }
    for script in [*b"Latn", *b"Grek", *b"Cyrl", *b"Zyyy", *b"Zinh"] {
        collection.append_fallbacks(
            FallbackKey::new(parley::fontique::Script::from_bytes(script), None),
            sans.iter().copied(),
        );
    }
    for script in [*b"Hebr", *b"Arab", *b"Armn", *b"Geor", *b"Zsym"] {
        collection.append_fallbacks(
            FallbackKey::new(parley::fontique::Script::from_bytes(script), None),
            fallback.into_iter(),
        );
    }
    FontContext {
        collection,
        source_cache: SourceCache::new_shared(),
    }
}

/// The height of a family's ascent plus descent, in em, as office applications
/// and browsers read it: the OS/2 typographic values when the face asks for them
/// (`USE_TYPO_METRICS`), else `hhea`. Families that are not bundled count as Lato.
pub fn em_box(family: &str) -> f32 {
    static BOXES: OnceLock<Vec<(String, f32)>> = OnceLock::new();
    let boxes = BOXES.get_or_init(|| {
        [&LATO[0], &MONO[0], &FALLBACK[0]]
            .into_iter()
            .filter_map(|face| {
                let family = fontdb_family(face.bytes)?;
                Some((family, vertical_extent(face.bytes)?))
            })
            .collect()
    });
    boxes
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(family))
        .or_else(|| boxes.first())
        .map_or(1.0, |(_, h)| *h)
}

/// The family name of a face, as the SVG font database reads it.
fn fontdb_family(bytes: &'static [u8]) -> Option<String> {
    let mut db = fontdb::Database::new();
    db.load_font_data(bytes.to_vec());
    let face = db.faces().next()?;
    face.families.first().map(|(name, _)| name.clone())
}

/// Ascent plus descent in em from a face's `head`, `hhea` and `OS/2` tables.
fn vertical_extent(font: &[u8]) -> Option<f32> {
    let u16_at = |at: usize| -> Option<u16> {
        font.get(at..at + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
    };
    let i16_at = |at: usize| u16_at(at).map(|v| v as i16);
    let table = |tag: &[u8; 4]| -> Option<usize> {
        let count = usize::from(u16_at(4)?);
        (0..count).find_map(|i| {
            let rec = 12 + 16 * i;
            (font.get(rec..rec + 4)? == tag).then(|| {
                let b = font.get(rec + 8..rec + 12)?;
                Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
            })?
        })
    };
    let upm = f32::from(u16_at(table(b"head")? + 18)?);
    let os2 = table(b"OS/2")?;
    let use_typo = u16_at(os2 + 62)? & (1 << 7) != 0;
    let (ascent, descent) = if use_typo {
        (i16_at(os2 + 68)?, i16_at(os2 + 70)?)
    } else {
        let hhea = table(b"hhea")?;
        (i16_at(hhea + 4)?, i16_at(hhea + 6)?)
    };
    (upm > 0.0).then(|| (f32::from(ascent) - f32::from(descent)) / upm)
}

/// The bundled faces for `<text>` inside SVG pictures, with the CSS generic families
/// mapped as in [`font_context`]. Built once per process; the host's fonts are
/// never consulted, so an SVG draws the same everywhere.
pub fn svg_fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for face in LATO.iter().chain(&MONO).chain(&FALLBACK) {
            db.load_font_source(fontdb::Source::Binary(Arc::new(face.bytes)));
        }
        db.set_sans_serif_family(BODY_FAMILY);
        db.set_serif_family(BODY_FAMILY);
        db.set_cursive_family(BODY_FAMILY);
        db.set_fantasy_family(BODY_FAMILY);
        db.set_monospace_family("DejaVu Sans Mono");
        Arc::new(db)
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bundled_families_are_known() {
        let mut ctx = font_context();
        let names: Vec<String> = ctx
            .collection
            .family_names()
            .map(|n| n.to_string())
            .collect();
        assert!(names.iter().any(|n| n == "Lato"), "{names:?}");
        assert!(names.iter().any(|n| n == "DejaVu Sans Mono"), "{names:?}");
        assert!(names.iter().any(|n| n == "DejaVu Sans"), "{names:?}");
        assert!(!names.iter().any(|n| n == "Liberation Sans"), "{names:?}");
    }

    #[test]
    fn em_boxes_follow_each_faces_metrics_rule() {
        // Lato asks for its typographic values: 1610 + 390 of 2000 units.
        assert!((em_box("Lato") - 1.0).abs() < 1e-6);
        // DejaVu does not: hhea 1901 + 483 of 2048 units.
        assert!((em_box("DejaVu Sans Mono") - 2384.0 / 2048.0).abs() < 1e-6);
        assert!((em_box("dejavu sans") - 2384.0 / 2048.0).abs() < 1e-6);
        assert_eq!(em_box("Comic Sans MS"), em_box("Lato"));
    }

    #[test]
    fn svg_text_finds_bundled_faces_by_generic_and_by_name() {
        let db = svg_fonts();
        let family = |families: &[fontdb::Family<'_>]| {
            let id = db
                .query(&fontdb::Query {
                    families,
                    ..fontdb::Query::default()
                })
                .expect("a face");
            db.face(id).unwrap().families[0].0.clone()
        };
        assert_eq!(family(&[fontdb::Family::SansSerif]), "Lato");
        assert_eq!(family(&[fontdb::Family::Monospace]), "DejaVu Sans Mono");
        assert_eq!(
            family(&[fontdb::Family::Name("DejaVu Sans")]),
            "DejaVu Sans"
        );
        assert_eq!(db.len(), 10);
    }
}
