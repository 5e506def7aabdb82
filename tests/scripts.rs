//! Every script from the bundled faces: CJK, Hebrew and Arabic, Cyrillic, Greek,
//! combining accents and colour emoji. Cases B03 (glyph-latin-ext) and B04
//! (glyph-fallback-cjk), the fixtures in `fixtures/scripts/`, and `--font-dir`.
//! PDFs are read back with poppler; PPTX runs with quick-xml; the PNG painter's
//! pixels directly.

mod common;

use common::{pdftotext, root, run, stderr};
use deckport::diag::Sink;
use deckport::export::{ExportOptions, render};
use deckport::page::{Document, GlyphRun, Item};
use quick_xml::events::Event;
use std::path::{Path, PathBuf};
use std::process::Command;
use unicode_normalization::UnicodeNormalization;

fn case_path(name: &str) -> PathBuf {
    root().join("tests/cases").join(name)
}

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures/scripts").join(name)
}

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Exports `deck` to `out` (format from the extension) with extra arguments;
/// returns stderr after checking the exit code is 0.
fn export(dir: &Path, deck: &Path, out: &str, extra: &[&str]) -> String {
    let out = dir.join(out);
    let mut args = vec![deck.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let result = run(dir, &args);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    stderr(&result)
}

/// The text of each page as pdftotext reads it, NFC, without the bidi marks
/// poppler wraps right-to-left words in.
fn pages_text(pdf: &Path) -> Vec<String> {
    let text: String = pdftotext(pdf)
        .chars()
        .filter(|c| !matches!(u32::from(*c), 0x200E | 0x200F | 0x202A..=0x202E))
        .collect();
    let mut pages: Vec<String> = nfc(&text).split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn lines(page: &str) -> Vec<&str> {
    page.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

fn render_file(path: &Path) -> Document {
    render_with(path, &ExportOptions::default())
}

fn render_with(path: &Path, options: &ExportOptions) -> Document {
    let mut sink = Sink::new();
    let bytes = std::fs::read(path).unwrap();
    let doc = render(&bytes, None, "deck", options, &mut sink);
    for w in sink.warnings() {
        assert!(
            !w.message.contains("no bundled font"),
            "{}: {}",
            path.display(),
            w.message
        );
    }
    doc
}

fn runs(doc: &Document) -> Vec<&GlyphRun> {
    doc.pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.runs.iter()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The family name of a run's face, from its name table.
fn family(run: &GlyphRun) -> String {
    use skrifa::MetadataProvider;
    let font = skrifa::FontRef::from_index((*run.font.bytes).as_ref(), run.font.index).unwrap();
    font.localized_strings(skrifa::string::StringId::FAMILY_NAME)
        .english_or_first()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

/// Runs that hold a character of `text`'s first non-ASCII letter.
fn runs_with<'a>(doc: &'a Document, text: &str) -> Vec<&'a GlyphRun> {
    runs(doc)
        .into_iter()
        .filter(|r| r.text.contains(text))
        .collect()
}

/// `pdffonts` rows: (name, type, embedded, subset, unicode).
fn pdffonts(pdf: &Path) -> Vec<(String, String, bool, bool, bool)> {
    let out = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // name type [type…] encoding emb sub uni object ID
            let n = cols.len();
            (n >= 8).then(|| {
                (
                    cols[0].to_string(),
                    cols[1..n - 6].join(" "),
                    cols[n - 5] == "yes",
                    cols[n - 4] == "yes",
                    cols[n - 3] == "yes",
                )
            })
        })
        .collect()
}

/// The XML of a PPTX slide.
fn slide_xml(pptx: &Path, slide: usize) -> String {
    let file = std::fs::File::open(pptx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip
            .by_name(&format!("ppt/slides/slide{slide}.xml"))
            .unwrap(),
        &mut xml,
    )
    .unwrap();
    xml
}

/// Each text run of a PPTX slide: its East Asian typeface and its text.
fn pptx_runs(pptx: &Path, slide: usize) -> Vec<(String, String)> {
    let xml = slide_xml(pptx, slide);
    let mut reader = quick_xml::Reader::from_str(&xml);
    reader.config_mut().trim_text(false);
    let mut out = Vec::new();
    let (mut in_run, mut in_t) = (false, false);
    let (mut ea, mut text) = (String::new(), String::new());
    let name = |e: &quick_xml::events::BytesStart<'_>| e.name().into_inner().to_string();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if in_run && name(&e) == "a:ea" => {
                ea = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.into_inner() == "typeface")
                    .map(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned()
                    })
                    .unwrap_or_default();
            }
            Event::Start(e) if name(&e) == "a:r" => {
                in_run = true;
                ea.clear();
                text.clear();
            }
            Event::Start(e) if name(&e) == "a:t" => in_t = in_run,
            Event::Text(t) if in_t => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => {
                text.push_str(match r.xml10_content().as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Event::End(e) if e.name().into_inner() == "a:t" => in_t = false,
            Event::End(e) if e.name().into_inner() == "a:r" => {
                in_run = false;
                out.push((ea.clone(), text.clone()));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn pptx_text(pptx: &Path, slide: usize) -> String {
    nfc(&pptx_runs(pptx, slide)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<String>())
}

#[test]
fn b03_umlauts_and_combining_accents_come_back_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let deck = case_path("B03.md");
    let source = std::fs::read_to_string(&deck).unwrap();
    assert!(
        source.contains("a\u{308}") && source.contains("n\u{308}"),
        "the case keeps its decomposed bytes"
    );
    export(dir.path(), &deck, "b03.pdf", &[]);
    let pages = pages_text(&dir.path().join("b03.pdf"));
    assert_eq!(pages.len(), 2);
    let first = lines(&pages[0]);
    for expected in [
        "Grüße aus Köln",
        "Äpfel, Öl, Übermaß, Straße",
        "Łódź · Dvořák · Œuvre · Ångström",
        "Decomposed: Käse and n\u{308}",
    ] {
        assert!(
            first.contains(&expected),
            "{expected:?} not a line of {first:?}"
        );
    }
    let second = lines(&pages[1]);
    for expected in ["Größe: 12 mm", "Fußnote ¹ and ½ and €"] {
        assert!(
            second.iter().any(|l| l.ends_with(expected)),
            "{expected:?} in {second:?}"
        );
    }
    let all = pages.concat();
    assert!(!all.contains('\u{FFFD}'));
    assert!(!all.contains('?'), "no '?' stands for a missing letter");
    // The accent of n̈ is extracted once, not also on the base letter.
    assert_eq!(all.matches('\u{308}').count(), 1, "{all}");

    export(dir.path(), &deck, "b03.pptx", &[]);
    let pptx = dir.path().join("b03.pptx");
    let slide1 = pptx_text(&pptx, 1);
    for expected in [
        "Grüße aus Köln",
        "Łódź · Dvořák · Œuvre · Ångström",
        "Käse and n\u{308}",
    ] {
        assert!(slide1.contains(expected), "{expected:?} in {slide1:?}");
    }
    assert!(pptx_text(&pptx, 2).contains("Fußnote ¹ and ½ and €"));
}

#[test]
fn b03_the_combining_diaeresis_sits_over_its_letter() {
    // "n" + U+0308 has no precomposed form: the mark is a glyph of its own, placed
    // over the n (it advances next to nothing), not after it.
    let doc = render_file(&case_path("B03.md"));
    let run = runs_with(&doc, "n\u{308}")[0];
    let at = run.text.find("n\u{308}").unwrap();
    let mut pen = 0.0;
    let mut placed = Vec::new();
    for g in &run.glyphs {
        placed.push((pen + g.dx, g));
        pen += g.advance;
    }
    let (n_x, n) = placed
        .iter()
        .find(|(_, g)| g.text == (at..at + 1))
        .expect("a glyph for the n");
    let (mark_x, mark) = placed
        .iter()
        .find(|(_, g)| g.text == (at + 1..at + 3))
        .expect("a glyph of its own for the mark");
    assert!(
        mark.advance.abs() < run.size * 0.05,
        "the mark advances {} at size {}",
        mark.advance,
        run.size
    );
    // The mark's ink (its outline's box, placed at its origin) lies over the n.
    use skrifa::MetadataProvider;
    let font = skrifa::FontRef::from_index((*run.font.bytes).as_ref(), run.font.index).unwrap();
    let metrics = font.glyph_metrics(
        skrifa::instance::Size::new(run.size),
        skrifa::instance::LocationRef::default(),
    );
    let ink = metrics
        .bounds(skrifa::GlyphId::new(u32::from(mark.id)))
        .expect("the mark has an outline");
    let (left, right) = (mark_x + ink.x_min, mark_x + ink.x_max);
    assert!(
        left >= n_x - 0.5 && right <= n_x + n.advance + 0.5,
        "mark ink from {left} to {right}, n from {n_x} to {}",
        n_x + n.advance
    );
}

#[test]
fn b04_cjk_text_is_drawn_from_the_bundled_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let deck = case_path("B04.md");
    export(dir.path(), &deck, "b04.pdf", &[]);
    let pdf = dir.path().join("b04.pdf");
    let pages = pages_text(&pdf);
    assert_eq!(pages.len(), 2);
    for expected in ["こんにちは、世界", "你好，世界", "안녕하세요 세계"] {
        assert!(
            pages[0].contains(expected),
            "{expected:?} in {:?}",
            pages[0]
        );
    }
    assert!(
        lines(&pages[1]).contains(&"Release 2.0 — 新機能 and 수정 사항 in one line"),
        "{:?}",
        pages[1]
    );
    let fonts = pdffonts(&pdf);
    assert!(
        fonts
            .iter()
            .any(|(name, ty, emb, sub, uni)| name.contains("WenQuanYi")
                && ty.contains("CID")
                && *emb
                && *sub
                && *uni),
        "{fonts:?}"
    );
    // No CJK character fell back to the .notdef box.
    let doc = render_file(&deck);
    let cjk = runs_with(&doc, "世界");
    assert!(!cjk.is_empty());
    for run in runs(&doc) {
        assert!(
            run.glyphs.iter().all(|g| g.id != 0),
            "{:?} has a .notdef glyph",
            run.text
        );
    }
    assert_eq!(family(cjk[0]), "WenQuanYi Micro Hei");

    export(dir.path(), &deck, "b04.pptx", &[]);
    let pptx = dir.path().join("b04.pptx");
    let runs1 = pptx_runs(&pptx, 1);
    let has_cjk = |t: &str| {
        t.chars().any(|c| {
            ('\u{3040}'..='\u{9fff}').contains(&c) || ('\u{ac00}'..='\u{d7af}').contains(&c)
        })
    };
    let cjk_runs: Vec<_> = runs1.iter().filter(|(_, t)| has_cjk(t)).collect();
    assert!(cjk_runs.len() >= 3, "{runs1:?}");
    for (ea, text) in cjk_runs {
        assert_eq!(ea, "WenQuanYi Micro Hei", "East Asian face of {text:?}");
    }
    let text1 = pptx_text(&pptx, 1);
    assert!(
        text1.contains("日本語：こんにちは、世界") && text1.contains("한국어: 안녕하세요 세계")
    );
    assert!(pptx_text(&pptx, 2).contains("Release 2.0 — 新機能 and 수정 사항 in one line"));
}

#[test]
fn every_script_fixture_draws_without_boxes() {
    let mut decks: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/scripts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    decks.sort();
    assert!(decks.len() >= 6);
    for deck in decks {
        let doc = render_file(&deck);
        for run in runs(&doc) {
            assert!(
                run.glyphs.iter().all(|g| g.id != 0),
                "{}: {:?} has a .notdef glyph",
                deck.display(),
                run.text
            );
        }
    }
}

#[test]
fn each_script_is_drawn_by_the_face_meant_for_it() {
    let doc = render_file(&fixture("scripts-all.md"));
    let face_of = |text: &str| {
        let found = runs_with(&doc, text);
        assert!(!found.is_empty(), "no run with {text:?}");
        family(found[0])
    };
    assert_eq!(face_of("你好"), "WenQuanYi Micro Hei");
    assert_eq!(face_of("こんにちは"), "WenQuanYi Micro Hei");
    assert_eq!(face_of("안녕하세요"), "WenQuanYi Micro Hei");
    assert_eq!(face_of("שלום"), "DejaVu Sans");
    assert_eq!(face_of("مرحبا"), "DejaVu Sans");
    assert_eq!(face_of("Привет"), "Lato");
    assert_eq!(face_of("Κόσμε"), "Lato");
    assert_eq!(face_of("😀"), "Twemoji Mozilla");
    assert_eq!(face_of("🇩🇪"), "Twemoji Mozilla");
}

#[test]
fn emoji_sequences_become_one_glyph_each() {
    let doc = render_file(&fixture("scripts-emoji.md"));
    for sequence in ["👩\u{200d}💻", "👨\u{200d}👩\u{200d}👧", "🇩🇪", "🇯🇵", "👍🏽"]
    {
        let run = runs_with(&doc, sequence)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no run with {sequence:?}"));
        let at = run.text.find(sequence).unwrap();
        let covering: Vec<_> = run
            .glyphs
            .iter()
            .filter(|g| g.text.start < at + sequence.len() && g.text.end > at)
            .collect();
        assert_eq!(covering.len(), 1, "{sequence:?} drawn as {covering:?}");
        assert_eq!(covering[0].text, at..at + sequence.len());
    }
}

#[test]
fn every_script_comes_back_from_the_pdf_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let deck = fixture("scripts-all.md");
    export(dir.path(), &deck, "all.pdf", &[]);
    let pdf = dir.path().join("all.pdf");
    let pages = pages_text(&pdf);
    let text = pages[0].clone();
    // Left-to-right lines come back as lines; poppler orders the words of a
    // right-to-left line its own way, so those are checked word by word.
    for line in [
        "中文：你好，世界",
        "日本語：こんにちは、世界",
        "한국어: 안녕하세요 세계",
        "Русский: Привет, мир",
        "Ελληνικά: Γειά σου Κόσμε",
        "Decomposed: Käse, n\u{308}, e\u{30a}",
    ] {
        assert!(
            lines(&text).contains(&line),
            "{line:?} not a line of {text:?}"
        );
    }
    for word in ["עברית", "שלום", "עולם", "العربية", "مرحبا", "بالعالم"]
    {
        assert!(text.contains(word), "{word:?} in {text:?}");
    }
    for emoji in ["😀", "👍🏽", "👩\u{200d}💻", "🇩🇪", "❤\u{fe0f}"] {
        assert!(text.contains(emoji), "{emoji:?} in {text:?}");
    }
    assert!(!text.contains('\u{FFFD}'));
    // Every face embedded as a subset with a ToUnicode map; the emoji as vector
    // glyphs in a Type 3 font.
    let fonts = pdffonts(&pdf);
    for (name, ty, emb, sub, uni) in &fonts {
        assert!(*emb && *uni, "{name} {ty}: embedded {emb}, ToUnicode {uni}");
        if !ty.contains("Type 3") {
            assert!(*sub, "{name} is a subset");
        }
    }
    assert!(fonts.iter().any(|f| f.1.contains("Type 3")), "{fonts:?}");
}

#[test]
fn the_png_paints_emoji_in_their_colours() {
    use deckport::png::{PngOptions, paint_pages};
    let doc = render_file(&fixture("scripts-emoji.md"));
    let flags = runs_with(&doc, "🇩🇪")[0];
    let (pages, _) = paint_pages(&doc, &PngOptions::default()).unwrap();
    let page = &pages[0];
    // The German flag's glyph box: black, red and gold bands; the page is dark grey.
    let at = flags.text.find("🇩🇪").unwrap();
    let x0 = flags.origin.x
        + flags
            .glyphs
            .iter()
            .take_while(|g| g.text.start < at)
            .map(|g| g.advance)
            .sum::<f32>();
    let (x1, y0, y1) = (x0 + flags.size, flags.origin.y - flags.size, flags.origin.y);
    let mut red = 0;
    let mut gold = 0;
    for y in y0 as u32..y1 as u32 {
        for x in x0 as u32..x1 as u32 {
            let p = page.pixel(x, y).unwrap();
            let (r, g, b) = (p.red(), p.green(), p.blue());
            red += usize::from(r > 180 && g < 80 && b < 80);
            gold += usize::from(r > 200 && g > 150 && b < 80);
        }
    }
    assert!(red > 50 && gold > 50, "red {red}, gold {gold} pixels");
}

/// A copy of DejaVu Sans renamed "DeckFx Sans" (same length, so the name table
/// stays valid): a face no deck could get from the bundled set.
fn renamed_face(dir: &Path) -> PathBuf {
    let mut bytes = std::fs::read(root().join("fonts/DejaVuSans.ttf")).unwrap();
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_be_bytes).collect() };
    let mut replaced = 0;
    for (from, to) in [
        (utf16("DejaVu Sans"), utf16("DeckFx Sans")),
        (b"DejaVu Sans".to_vec(), b"DeckFx Sans".to_vec()),
        (utf16("DejaVuSans"), utf16("DeckFxSans")),
        (b"DejaVuSans".to_vec(), b"DeckFxSans".to_vec()),
    ] {
        let mut i = 0;
        while i + from.len() <= bytes.len() {
            if bytes[i..i + from.len()] == from[..] {
                bytes[i..i + from.len()].copy_from_slice(&to);
                replaced += 1;
            }
            i += 1;
        }
    }
    assert!(replaced > 0);
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(fonts.join("sub")).unwrap();
    std::fs::write(fonts.join("sub/DeckFxSans.TTF"), bytes).unwrap();
    fonts
}

#[test]
fn font_dir_faces_serve_named_families_and_their_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = renamed_face(dir.path());
    let deck = dir.path().join("named.md");
    std::fs::write(
        &deck,
        "---\ntype: slide\n---\n\n# Fonts\n\n<span style=\"font-family: 'DeckFx Sans'\">named face</span> and body\n\nעברית: שלום\n",
    )
    .unwrap();

    let (extra, report) = deckport::fonts::ExtraFonts::load(std::slice::from_ref(&fonts)).unwrap();
    assert_eq!(report.faces, 1);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let with = render_with(
        &deck,
        &ExportOptions {
            fonts: std::sync::Arc::new(extra),
            ..ExportOptions::default()
        },
    );
    assert_eq!(family(runs_with(&with, "named face")[0]), "DeckFx Sans");
    assert_eq!(family(runs_with(&with, "and body")[0]), "Lato");
    // The user's face comes first for the scripts it covers beyond Latin.
    assert_eq!(family(runs_with(&with, "שלום")[0]), "DeckFx Sans");

    let without = render_file(&deck);
    assert_eq!(family(runs_with(&without, "named face")[0]), "Lato");
    assert_eq!(family(runs_with(&without, "שלום")[0]), "DejaVu Sans");

    // The command line reads the folder and embeds the face; the PPTX names it.
    let folder = ["--font-dir", fonts.to_str().unwrap()];
    export(dir.path(), &deck, "named.pdf", &folder);
    let pdf_fonts = pdffonts(&dir.path().join("named.pdf"));
    assert!(
        pdf_fonts.iter().any(|f| f.0.contains("DeckFx")),
        "{pdf_fonts:?}"
    );
    export(dir.path(), &deck, "named.pptx", &folder);
    let xml = slide_xml(&dir.path().join("named.pptx"), 1);
    let named = xml.find("named face").expect("the run's text");
    let run_start = xml[..named].rfind("<a:r>").unwrap();
    assert!(
        xml[run_start..named].contains("<a:latin typeface=\"DeckFx Sans\"/>"),
        "{}",
        &xml[run_start..named]
    );
    let body = xml.find("and body").expect("the body run");
    let body_start = xml[..body].rfind("<a:r>").unwrap();
    assert!(xml[body_start..body].contains("<a:latin typeface=\"Lato\"/>"));
}

#[test]
fn font_dir_problems_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("d.md");
    std::fs::write(&deck, "# Hello\n").unwrap();
    let missing = dir.path().join("no-such-folder");
    let out = run(
        dir.path(),
        &[
            deck.to_str().unwrap(),
            "--font-dir",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no-such-folder") && err.contains("error"),
        "{err}"
    );
    assert!(!dir.path().join("d.pdf").exists());

    let fonts = dir.path().join("fonts");
    std::fs::create_dir(&fonts).unwrap();
    std::fs::write(fonts.join("broken.ttf"), b"not a font at all").unwrap();
    std::fs::write(fonts.join("web.woff2"), b"wOF2").unwrap();
    std::fs::write(fonts.join("notes.txt"), b"ignored").unwrap();
    let out = run(
        dir.path(),
        &[
            deck.to_str().unwrap(),
            "--font-dir",
            fonts.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("broken.ttf: warning: font skipped: not a readable font"),
        "{err}"
    );
    assert!(
        err.contains("web.woff2: warning: font skipped: WOFF"),
        "{err}"
    );
    assert!(!err.contains("notes.txt"), "{err}");
    assert!(dir.path().join("d.pdf").exists());
    let strict = run(
        dir.path(),
        &[
            deck.to_str().unwrap(),
            "--font-dir",
            fonts.to_str().unwrap(),
            "--strict",
        ],
    );
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn characters_no_face_has_are_named_in_a_warning() {
    // Thai is in none of the bundled faces.
    let deck = "---\ntype: slide\n---\n\n# Title\n\nสวัสดี and more\n";
    let mut sink = Sink::new();
    let doc = render(
        deck.as_bytes(),
        None,
        "deck",
        &ExportOptions::default(),
        &mut sink,
    );
    assert_eq!(doc.pages.len(), 1);
    let warnings = sink.warnings();
    let warning = warnings
        .iter()
        .find(|w| w.message.contains("no bundled font"))
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert_eq!(warning.line, Some(7));
    assert!(warning.message.contains("U+0E2A"), "{}", warning.message);
    assert!(
        warning.message.contains("--font-dir"),
        "{}",
        warning.message
    );
}

#[test]
fn fonts_named_by_decks_map_to_bundled_faces() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("named.md");
    std::fs::write(
        &deck,
        "# Fonts\n\n<span style=\"font-family: 'Courier New'\">courier words</span>\n\n<span style=\"font-family: Consolas, monospace\">consolas words</span>\n\n<span style=\"font-family: Georgia\">georgia words</span>\n\n<p style=\"font-family: 'Fira Code'\">fira words</p>\n",
    )
    .unwrap();
    let doc = render_file(&deck);
    for (text, face) in [
        ("courier words", "DejaVu Sans Mono"),
        ("consolas words", "DejaVu Sans Mono"),
        ("fira words", "DejaVu Sans Mono"),
        // No serif face is bundled: serif names take the body face.
        ("georgia words", "Lato"),
    ] {
        assert_eq!(family(runs_with(&doc, text)[0]), face, "{text}");
    }
    export(dir.path(), &deck, "named.pptx", &[]);
    let xml = slide_xml(&dir.path().join("named.pptx"), 1);
    for (text, face) in [
        ("courier words", "DejaVu Sans Mono"),
        ("georgia words", "Lato"),
    ] {
        let at = xml.find(text).unwrap();
        let run = &xml[xml[..at].rfind("<a:r>").unwrap()..at];
        assert!(
            run.contains(&format!("<a:latin typeface=\"{face}\"/>")),
            "{text}: {run}"
        );
    }
}
