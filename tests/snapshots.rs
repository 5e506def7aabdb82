//! Display-list snapshots of every fixture deck: what the walker decided, as text.
//!
//! Each `fixtures/<topic>/<case>.md` has `tests/ref/<topic>/<case>.txt`. A mismatch
//! fails with the first differing line; `DECKPORT_BLESS=1 cargo test --test snapshots`
//! rewrites the references after a deliberate change (review the diff before committing).

use deckport::diag::Sink;
use deckport::export::{ExportOptions, render};
use deckport::page::{Document, Geometry, GlyphRun, Item, Paint, PathCmd};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn r(v: f32) -> String {
    format!("{:.1}", v)
}

fn paint(p: &Paint) -> String {
    match p {
        Paint::Solid(c) => format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a),
        Paint::Linear { stops, .. } => format!("linear({} stops)", stops.len()),
        Paint::Radial { stops, .. } => format!("radial({} stops)", stops.len()),
    }
}

fn run(out: &mut String, prefix: &str, g: &GlyphRun) {
    let face = g.font.key & 0xff;
    let c = g.color;
    let _ = writeln!(
        out,
        "  {prefix} face{face} {} #{:02x}{:02x}{:02x}{:02x} at {},{} {:?}",
        r(g.size),
        c.r,
        c.g,
        c.b,
        c.a,
        r(g.origin.x),
        r(g.origin.y),
        g.text
    );
}

/// A stable, readable dump of a document.
fn dump(doc: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "title {:?}", doc.title);
    for (i, p) in doc.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "page {} label {} title {:?} background {}",
            i + 1,
            p.label,
            p.title,
            paint(&p.background)
        );
        for item in &p.items {
            match item {
                Item::Text(t) => {
                    for g in &t.runs {
                        run(&mut out, "text", g);
                    }
                    for para in &t.paragraphs {
                        let text: String = para.spans.iter().map(|s| s.text.as_str()).collect();
                        let bullet = para
                            .bullet
                            .as_ref()
                            .map(|b| format!(" bullet{}:{}", b.level, b.marker))
                            .unwrap_or_default();
                        let _ = writeln!(
                            out,
                            "  para {:?} h{}{bullet} {:?} {:?}",
                            para.role, para.heading, para.align, text
                        );
                    }
                }
                Item::Shadow(s) => {
                    for g in &s.runs {
                        run(&mut out, "shadow", g);
                    }
                }
                Item::Shape(s) => {
                    let geometry = match &s.geometry {
                        Geometry::Rect(b) => {
                            format!("rect {},{} {}x{}", r(b.x), r(b.y), r(b.w), r(b.h))
                        }
                        Geometry::RoundedRect(b, _) => {
                            format!("rrect {},{} {}x{}", r(b.x), r(b.y), r(b.w), r(b.h))
                        }
                        Geometry::Ellipse(b) => {
                            format!("ellipse {},{} {}x{}", r(b.x), r(b.y), r(b.w), r(b.h))
                        }
                        Geometry::Path(cmds) => format!(
                            "path {} cmds",
                            cmds.iter().filter(|c| !matches!(c, PathCmd::Close)).count()
                        ),
                    };
                    let fill = s.fill.as_ref().map(paint).unwrap_or_else(|| "none".into());
                    let stroke = s
                        .stroke
                        .as_ref()
                        .map(|k| format!(" stroke {}", r(k.width)))
                        .unwrap_or_default();
                    let _ = writeln!(out, "  shape {geometry} fill {fill}{stroke}");
                }
                Item::Image(im) => {
                    let b = im.rect;
                    let _ = writeln!(
                        out,
                        "  image {}x{} px at {},{} {}x{}",
                        im.pixels.0,
                        im.pixels.1,
                        r(b.x),
                        r(b.y),
                        r(b.w),
                        r(b.h)
                    );
                }
                Item::Svg(s) => {
                    let b = s.rect;
                    let _ = writeln!(out, "  svg at {},{} {}x{}", r(b.x), r(b.y), r(b.w), r(b.h));
                }
                Item::Link(l) => {
                    let _ = writeln!(out, "  link {:?} {} rects", l.target, l.rects.len());
                }
                Item::PushClip(b) => {
                    let _ = writeln!(out, "  clip {},{} {}x{}", r(b.x), r(b.y), r(b.w), r(b.h));
                }
                Item::PopClip => {
                    let _ = writeln!(out, "  unclip");
                }
                Item::Thumbnail(t) => {
                    let b = t.rect;
                    let _ = writeln!(
                        out,
                        "  thumbnail of page {} at {},{} {}x{}",
                        t.page,
                        r(b.x),
                        r(b.y),
                        r(b.w),
                        r(b.h)
                    );
                }
            }
        }
    }
    out
}

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

#[test]
fn display_lists_match_their_references() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("DECKPORT_BLESS").is_some();
    let mut decks = Vec::new();
    fixtures(&root.join("fixtures"), &mut decks);
    assert!(decks.len() >= 10, "fixtures found: {}", decks.len());
    let mut failures = Vec::new();
    for deck in decks {
        let rel = deck
            .strip_prefix(root.join("fixtures"))
            .unwrap()
            .with_extension("txt");
        let reference = root.join("tests/ref").join(&rel);
        let mut sink = Sink::new();
        let doc = render(
            &std::fs::read(&deck).unwrap(),
            deck.parent(),
            "fixture",
            // Remote pictures stay placeholders: no connection from these tests.
            &ExportOptions {
                offline: true,
                ..ExportOptions::default()
            },
            &mut sink,
        );
        let mut actual = dump(&doc);
        for w in sink.warnings() {
            let _ = writeln!(actual, "warning {:?}: {}", w.line, w.message);
        }
        if bless {
            std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
            std::fs::write(&reference, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&reference).unwrap_or_default();
        if expected != actual {
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(expected.lines().count().min(actual.lines().count()));
            failures.push(format!(
                "{}: line {}\n  expected: {}\n  actual:   {}",
                rel.display(),
                line + 1,
                expected.lines().nth(line).unwrap_or("<end>"),
                actual.lines().nth(line).unwrap_or("<end>")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "display lists differ (DECKPORT_BLESS=1 to accept):\n{}",
        failures.join("\n")
    );
}
