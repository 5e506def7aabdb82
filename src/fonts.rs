//! The fonts deckport draws with, built into the binary.
//!
//! The host's fonts never change the output: the engine's font context holds only
//! these faces and the faces from folders the user names ([`ExtraFonts`],
//! `--font-dir`). The bundled bytes live in the binary's read-only data;
//! registering a face parses only its name tables.
//!
//! Two fallback faces are large and rarely needed: WenQuanYi Micro Hei (Chinese,
//! Japanese, Korean) and Twemoji Mozilla (colour emoji, COLR vectors). `build.rs`
//! stores them deflated; a deck gets them in its font context only when its text
//! has a character the always-loaded faces lack ([`font_context`]), and each is
//! inflated at most once per process.

use parley::FontContext;
use parley::fontique::{
    Blob, Collection, CollectionOptions, FallbackKey, FamilyId, GenericFamily, Script, SourceCache,
};
use resvg::usvg::fontdb;
use skrifa::MetadataProvider;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// One bundled face.
struct Face {
    bytes: &'static [u8],
}

macro_rules! face {
    ($file:literal) => {
        Face {
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

/// Monospace families that decks name (system and programming faces): drawn with
/// DejaVu Sans Mono, as a browser draws them with its closest installed face. Other
/// unknown names fall back to Lato, the body face.
const MONO_ALIASES: [&str; 20] = [
    "Courier New",
    "Courier",
    "Consolas",
    "Menlo",
    "Monaco",
    "Lucida Console",
    "Liberation Mono",
    "Source Code Pro",
    "Fira Code",
    "Fira Mono",
    "JetBrains Mono",
    "Roboto Mono",
    "Ubuntu Mono",
    "SF Mono",
    "Cascadia Code",
    "Cascadia Mono",
    "Inconsolata",
    "Hack",
    "IBM Plex Mono",
    "Noto Sans Mono",
];

/// Whether a lower-case description of a font-family list names a family drawn
/// with the bundled monospace face.
pub fn names_monospace_family(families: &str) -> bool {
    // Asked once per glyph run: the lower-case names are made once.
    static LOWER: OnceLock<Vec<String>> = OnceLock::new();
    let lower = LOWER.get_or_init(|| {
        MONO_ALIASES
            .iter()
            .chain(&["DejaVu Sans Mono"])
            .map(|a| a.to_ascii_lowercase())
            .collect()
    });
    lower.iter().any(|a| families.contains(a.as_str()))
}

/// DejaVu Sans: wide-coverage fallback (Hebrew, Arabic, symbols, arrows).
const FALLBACK: [Face; 2] = [face!("DejaVuSans.ttf"), face!("DejaVuSans-Bold.ttf")];

/// A face stored deflated by `build.rs`, inflated on first use.
struct Packed {
    file: &'static str,
    deflated: &'static [u8],
    bytes: OnceLock<Box<[u8]>>,
}

impl Packed {
    /// The face's bytes, inflated once per process.
    fn bytes(&'static self) -> &'static [u8] {
        self.bytes.get_or_init(|| {
            let mut bytes = Vec::with_capacity(self.deflated.len() * 5 / 2);
            // build.rs wrote these bytes from the committed font; a failure here is
            // a broken build, not bad input.
            flate2::read::DeflateDecoder::new(self.deflated)
                .read_to_end(&mut bytes)
                .unwrap_or_else(|e| panic!("bundled font {} is corrupt: {e}", self.file));
            bytes.into_boxed_slice()
        })
    }
}

macro_rules! packed {
    ($file:literal) => {
        Packed {
            file: $file,
            deflated: include_bytes!(concat!(env!("OUT_DIR"), "/", $file, ".deflate")),
            bytes: OnceLock::new(),
        }
    };
}

/// WenQuanYi Micro Hei: Han, kana, Hangul and CJK punctuation.
static CJK: Packed = packed!("WenQuanYiMicroHei.ttf");

/// Twemoji Mozilla: colour emoji as COLR layers.
static EMOJI: Packed = packed!("TwemojiMozilla.ttf");

/// The CJK face's family name, for office applications' East Asian font slot.
pub const CJK_FAMILY: &str = "WenQuanYi Micro Hei";

/// The fallback face for Hebrew, Arabic and symbols, for the complex-script slot.
pub const SCRIPT_FAMILY: &str = "DejaVu Sans";

/// Identifiers for the bundled faces' blobs: stable across runs, far from the
/// counter that numbers other blobs.
const ID_BASE: u64 = 0xdec0_0000_0000_0000;

/// Whether a face, by its blob's identity (`FontData::key`), is a bundled one.
pub fn is_bundled(key: u64) -> bool {
    (ID_BASE..ID_BASE + 0x100).contains(&key)
}

/// A face's family name from its name table (the typographic family when it has
/// one), for naming a face from `--font-dir` in office documents.
pub fn family_name(font: &crate::page::FontData) -> Option<String> {
    use skrifa::string::StringId;
    let face = skrifa::FontRef::from_index((*font.bytes).as_ref(), font.index).ok()?;
    [StringId::TYPOGRAPHIC_FAMILY_NAME, StringId::FAMILY_NAME]
        .into_iter()
        .find_map(|id| face.localized_strings(id).english_or_first())
        .map(|name| name.to_string())
        .filter(|name| !name.trim().is_empty())
}

/// A blob over bundled bytes, with a stable identity.
fn blob(index: u64, bytes: &'static [u8]) -> Blob<u8> {
    Blob::from_raw_parts(Arc::new(bytes), ID_BASE + index)
}

/// The family name the body text resolves to.
pub const BODY_FAMILY: &str = "Lato";

/// Which of the packed fallback faces a text needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Extras {
    pub cjk: bool,
    pub emoji: bool,
}

impl Extras {
    fn index(self) -> usize {
        usize::from(self.cjk) | usize::from(self.emoji) << 1
    }
}

/// Characters that always ask for the emoji face: pictographs from U+1F000 on
/// (faces, animals, flags as regional-indicator pairs, tag sequences), the emoji
/// variation selector, the zero-width joiner of ZWJ sequences and the keycap mark.
fn is_emoji_only(c: char) -> bool {
    matches!(u32::from(c), 0x1F000..|0xFE0F| 0x200D | 0x20E3)
}

/// Symbol blocks where a character the text faces lack is an emoji (☕, ⌛, ⭐).
fn is_emoji_symbol(c: char) -> bool {
    matches!(u32::from(c), 0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

/// The packed faces a text needs. Emoji characters ask for the emoji face; any
/// other character that neither Lato, DejaVu Sans nor a face of `user` maps asks
/// for the CJK face (which also covers Bopomofo, fullwidth forms and CJK
/// punctuation). Text that only uses the always-loaded faces pays one table
/// lookup per character beyond Latin Extended-A.
pub fn extras_for(text: &str, user: &ExtraFonts) -> Extras {
    static MAPS: OnceLock<Vec<skrifa::charmap::Charmap<'static>>> = OnceLock::new();
    let maps = MAPS.get_or_init(|| {
        [LATO[0].bytes, FALLBACK[0].bytes]
            .into_iter()
            .filter_map(|bytes| skrifa::FontRef::new(bytes).ok())
            .map(|font| font.charmap())
            .collect()
    });
    let user_maps: Vec<_> = user
        .faces
        .iter()
        .filter_map(|f| skrifa::FontRef::from_index(f.blob.data(), f.index).ok())
        .map(|font| font.charmap())
        .collect();
    let mut extras = Extras::default();
    for c in text.chars() {
        if u32::from(c) < 0x180 || c.is_whitespace() || c.is_control() {
            continue;
        }
        if is_emoji_only(c) {
            extras.emoji = true;
        } else if maps.iter().chain(&user_maps).any(|m| m.map(c).is_some()) {
            continue;
        } else if is_emoji_symbol(c) {
            extras.emoji = true;
        } else {
            extras.cjk = true;
        }
        if extras.cjk && extras.emoji {
            break;
        }
    }
    extras
}

/// Faces read from the folders the user names (`--font-dir`). They join every
/// deck's font context: a deck's `font-family` finds them by name, and they come
/// first in the fallback list of every script they cover beyond Latin, so a
/// Japanese face given here draws kanji instead of the bundled Chinese shapes.
#[derive(Debug, Default)]
pub struct ExtraFonts {
    faces: Vec<ExtraFace>,
    /// Tells sets apart in the font context cache; 0 for the empty set.
    id: u64,
}

#[derive(Debug)]
struct ExtraFace {
    blob: Blob<u8>,
    /// The face's index in a collection file.
    index: u32,
}

/// What reading a font folder found besides faces.
#[derive(Debug, Default)]
pub struct FontDirReport {
    /// Files that were skipped, with the reason (`not a font`, `WOFF…`).
    pub skipped: Vec<(PathBuf, String)>,
    /// Number of faces loaded.
    pub faces: usize,
}

/// Font files a folder may hold, by extension.
fn is_font_file(path: &Path) -> Option<bool> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "ttf" | "otf" | "ttc" | "otc" => Some(true),
        "woff" | "woff2" => Some(false),
        _ => None,
    }
}

/// Every file under `dir`, sorted, to a depth of eight folders.
fn files_under(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if depth < 8 {
                // A subfolder that cannot be read is skipped like a bad file.
                let _ = files_under(&path, depth + 1, out);
            }
        } else {
            out.push(path);
        }
    }
    Ok(())
}

impl ExtraFonts {
    /// No extra faces.
    pub fn none() -> Arc<Self> {
        static NONE: OnceLock<Arc<ExtraFonts>> = OnceLock::new();
        NONE.get_or_init(|| Arc::new(Self::default())).clone()
    }

    /// Reads every `.ttf`, `.otf`, `.ttc` and `.otc` file under the folders, in
    /// path order. A folder that cannot be read is an error; a file that is not a
    /// readable font is skipped and reported.
    pub fn load(dirs: &[PathBuf]) -> Result<(Self, FontDirReport), (PathBuf, std::io::Error)> {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let mut report = FontDirReport::default();
        let mut faces = Vec::new();
        for dir in dirs {
            let mut files = Vec::new();
            files_under(dir, 0, &mut files).map_err(|e| (dir.clone(), e))?;
            for path in files {
                match is_font_file(&path) {
                    None => continue,
                    Some(false) => {
                        report.skipped.push((
                            path,
                            "WOFF fonts are not read; convert the file to TTF or OTF".into(),
                        ));
                        continue;
                    }
                    Some(true) => {}
                }
                let bytes = match std::fs::read(&path) {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        report.skipped.push((path, format!("cannot be read: {e}")));
                        continue;
                    }
                };
                let count = match skrifa::raw::FileRef::new(&bytes) {
                    Ok(skrifa::raw::FileRef::Font(_)) => 1,
                    Ok(skrifa::raw::FileRef::Collection(c)) => c.len(),
                    Err(_) => 0,
                };
                let readable: Vec<u32> = (0..count)
                    .filter(|&i| {
                        skrifa::FontRef::from_index(&bytes, i)
                            .is_ok_and(|f| f.charmap().mappings().next().is_some())
                    })
                    .collect();
                if readable.is_empty() {
                    report.skipped.push((path, "not a readable font".into()));
                    continue;
                }
                let blob = Blob::new(Arc::new(bytes));
                for index in readable {
                    faces.push(ExtraFace {
                        blob: blob.clone(),
                        index,
                    });
                }
            }
        }
        report.faces = faces.len();
        let id = if faces.is_empty() {
            0
        } else {
            NEXT_ID.fetch_add(1, Ordering::Relaxed)
        };
        Ok((Self { faces, id }, report))
    }

    /// Whether no face was loaded.
    pub fn is_empty(&self) -> bool {
        self.faces.is_empty()
    }
}

/// A font context holding only the bundled faces and `user`'s, with CSS generic
/// families and script fallbacks mapped onto them; the packed faces join when
/// `text` needs them ([`extras_for`]).
///
/// The faces are registered once per process for each set of packed faces (and
/// set of user faces); every deck (and every worker of a batch) gets a copy of
/// that collection, which shares the font data and the parsed name tables.
pub fn font_context(text: &str, user: &ExtraFonts) -> FontContext {
    static TEMPLATES: OnceLock<Mutex<HashMap<(usize, u64), FontContext>>> = OnceLock::new();
    let extras = extras_for(text, user);
    let mut templates = TEMPLATES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    templates
        .entry((extras.index(), user.id))
        .or_insert_with(|| build_font_context(extras, user))
        .clone()
}

/// Tracked locales of a script that fontique keeps apart from the script's default
/// fallback list: each needs the same families, or a deck with `lang: ja` would
/// find no fallback for Han characters.
fn locales(script: &[u8; 4]) -> &'static [&'static str] {
    match script {
        b"Hani" => &["ja", "ko", "zh-HK", "zh-TW", "zh-MO", "zh-SG"],
        b"Arab" => &[
            "ar-IR", "fa", "ks", "ku-IQ", "ku-IR", "la", "ota", "pa-PK", "ps-AF", "ps-PK", "sd",
            "ug", "ur",
        ],
        b"Hebr" => &["yi"],
        _ => &[],
    }
}

/// Appends families to a script's fallback list, for every locale fontique tracks.
fn add_fallbacks(collection: &mut Collection, script: [u8; 4], families: &[FamilyId]) {
    let s = Script::from_bytes(script);
    collection.append_fallbacks(FallbackKey::new(s, None), families.iter().copied());
    for locale in locales(&script) {
        collection.append_fallbacks(FallbackKey::from((s, *locale)), families.iter().copied());
    }
}

/// Registers the bundled faces (and the packed ones `extras` asks for) and the
/// user's faces in a fresh collection.
fn build_font_context(extras: Extras, user: &ExtraFonts) -> FontContext {
    let mut collection = Collection::new(CollectionOptions {
        shared: false,
        system_fonts: false,
    });
    let mut register = |index: u64, bytes: &'static [u8]| {
        collection
            .register_fonts(blob(index, bytes), None)
            .into_iter()
            .map(|(family, _)| family)
            .next()
    };
    let family = |ids: Vec<Option<FamilyId>>| ids.into_iter().flatten().next();
    let lato = family(
        LATO.iter()
            .enumerate()
            .map(|(i, f)| register(i as u64, f.bytes))
            .collect(),
    );
    let mono = family(
        MONO.iter()
            .enumerate()
            .map(|(i, f)| register(10 + i as u64, f.bytes))
            .collect(),
    );
    let fallback = family(
        FALLBACK
            .iter()
            .enumerate()
            .map(|(i, f)| register(20 + i as u64, f.bytes))
            .collect(),
    );
    let cjk = if extras.cjk {
        register(40, CJK.bytes())
    } else {
        None
    };
    let emoji = if extras.emoji {
        register(41, EMOJI.bytes())
    } else {
        None
    };
    // Blitz draws disc/square/circle markers from this face when it lays out list items.
    collection.register_fonts(
        Blob::from_raw_parts(Arc::new(blitz_dom::BULLET_FONT), ID_BASE + 30),
        None,
    );
    // The generic families name only the primary face: parley tries a family list
    // before the emoji family and the script fallbacks, so DejaVu Sans there would
    // draw ❤️ as a black text glyph.
    for generic in [
        GenericFamily::SansSerif,
        GenericFamily::Serif,
        GenericFamily::SystemUi,
        GenericFamily::UiSansSerif,
        GenericFamily::UiSerif,
        GenericFamily::Cursive,
        GenericFamily::Fantasy,
    ] {
        collection.set_generic_families(generic, lato.into_iter());
    }
    for generic in [GenericFamily::Monospace, GenericFamily::UiMonospace] {
        collection.set_generic_families(generic, mono.into_iter());
    }
    if let Some(emoji) = emoji {
        collection.set_generic_families(GenericFamily::Emoji, std::iter::once(emoji));
    }
    let sans: Vec<_> = lato.into_iter().chain(fallback).collect();
    // Common and inherited characters (punctuation, digits, marks) may sit in any
    // script's run: every face may be asked for them, the text faces first.
    let common: Vec<_> = sans.iter().copied().chain(emoji).chain(cjk).collect();
    for script in [*b"Latn", *b"Grek", *b"Cyrl"] {
        add_fallbacks(&mut collection, script, &sans);
    }
    for script in [*b"Zyyy", *b"Zinh"] {
        add_fallbacks(&mut collection, script, &common);
    }
    let symbols: Vec<_> = fallback.into_iter().chain(emoji).chain(cjk).collect();
    for script in [*b"Hebr", *b"Arab", *b"Armn", *b"Geor", *b"Zsym"] {
        add_fallbacks(&mut collection, script, &symbols);
    }
    let east_asian: Vec<_> = cjk.into_iter().chain(fallback).collect();
    for script in [*b"Hani", *b"Hira", *b"Kana", *b"Hang", *b"Bopo", *b"Hrkt"] {
        add_fallbacks(&mut collection, script, &east_asian);
    }
    add_user_faces(&mut collection, user);
    // Names a face from the user's folders does not already answer.
    for alias in MONO_ALIASES {
        if collection.family_id(alias).is_some() {
            continue;
        }
        for (i, face) in MONO.iter().enumerate() {
            let over = parley::fontique::FontInfoOverride {
                family_name: Some(alias),
                ..Default::default()
            };
            collection.register_fonts(blob(10 + i as u64, face.bytes), Some(over));
        }
    }
    FontContext {
        collection,
        source_cache: SourceCache::new_shared(),
    }
}

/// Registers the user's faces and puts each family in the fallback list of every
/// script it maps at least four characters of: first for scripts beyond Latin (the
/// user's choice wins over the bundled faces), last for Latin and the common
/// characters, which the body face draws.
fn add_user_faces(collection: &mut Collection, user: &ExtraFonts) {
    use std::collections::BTreeMap;
    use unicode_script::UnicodeScript;
    // Script tag → the user families that map at least a few of its characters.
    let mut scripts: BTreeMap<[u8; 4], Vec<FamilyId>> = BTreeMap::new();
    for face in &user.faces {
        let Ok(font) = skrifa::FontRef::from_index(face.blob.data(), face.index) else {
            continue;
        };
        let mut counts: BTreeMap<[u8; 4], usize> = BTreeMap::new();
        for (code, _) in font.charmap().mappings() {
            if let Some(c) = char::from_u32(code) {
                let tag = c.script().short_name().as_bytes();
                if let Ok(tag) = <[u8; 4]>::try_from(tag) {
                    *counts.entry(tag).or_default() += 1;
                }
            }
        }
        let registered = collection.register_fonts(face.blob.clone(), None);
        for (family, _) in registered {
            for (tag, _) in counts.iter().filter(|(_, n)| **n >= 4) {
                let list = scripts.entry(*tag).or_default();
                if !list.contains(&family) {
                    list.push(family);
                }
            }
        }
    }
    for (bytes, covering) in scripts {
        let script = Script::from_bytes(bytes);
        let key = FallbackKey::new(script, None);
        let late = matches!(&bytes, b"Latn" | b"Zyyy" | b"Zinh");
        let mut list: Vec<FamilyId> = collection
            .fallback_families(key)
            .filter(|f| !covering.contains(f))
            .collect();
        if late {
            list.extend(&covering);
        } else {
            list.splice(0..0, covering.iter().copied());
        }
        collection.set_fallbacks(key, list.iter().copied());
        for locale in locales(&bytes) {
            collection.set_fallbacks(FallbackKey::from((script, *locale)), list.iter().copied());
        }
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
        let mut ctx = font_context("", &ExtraFonts::default());
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
