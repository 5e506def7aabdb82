//! Case B20 (code-highlight) and the `fixtures/dialect/` and `fixtures/code/` decks:
//! HedgeDoc's Markdown extras and coloured code, read back from the display list,
//! the PDF (poppler) and the PPTX slide XML.

mod common;

use common::{pdf_facts, root};
use deckport::diag::{Sink, Warning};
use deckport::export::{ExportOptions, render};
use deckport::page::{Color, Document, Item, Paint, Role};
use deckport::pptx::{PptxOptions, write as write_pptx};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    let topic = name.split('-').next().unwrap();
    root()
        .join("fixtures")
        .join(topic)
        .join(format!("{name}.md"))
}

fn render_path(path: &Path) -> (Document, Vec<Warning>) {
    let mut sink = Sink::new();
    let doc = render(
        &std::fs::read(path).unwrap(),
        path.parent(),
        "deck",
        &ExportOptions {
            offline: true,
            ..ExportOptions::default()
        },
        &mut sink,
    );
    (doc, sink.warnings())
}

/// Every paragraph's text on a page, in order.
fn paragraphs(doc: &Document, page: usize) -> Vec<String> {
    doc.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.paragraphs.iter()),
            _ => None,
        })
        .flatten()
        .map(|p| p.spans.iter().map(|s| s.text.as_str()).collect())
        .collect()
}

/// The colours of the glyph runs whose text contains `text`.
fn run_colours(doc: &Document, page: usize, text: &str) -> Vec<Color> {
    doc.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.runs.iter()),
            _ => None,
        })
        .flatten()
        .filter(|r| r.text.contains(text))
        .map(|r| r.color)
        .collect()
}

fn solid_fills(doc: &Document, page: usize) -> Vec<Color> {
    doc.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Shape(s) => match &s.fill {
                Some(Paint::Solid(c)) => Some(*c),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The PDF of a display list, written into `dir`.
fn write_pdf(doc: &Document, dir: &Path) -> PathBuf {
    let pdf = deckport::pdf::write(doc, &deckport::pdf::PdfOptions::default()).unwrap();
    let path = dir.join("deck.pdf");
    std::fs::write(&path, pdf.bytes).unwrap();
    path
}

fn hex(c: Color) -> String {
    format!("{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// The `<p:sp>` shapes of the first slide of a PPTX written from `doc`.
fn slide_shapes(doc: &Document) -> Vec<String> {
    let pptx = write_pptx(doc, &PptxOptions::default()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(pptx.bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("ppt/slides/slide1.xml").unwrap(), &mut xml)
        .unwrap();
    xml.split("<p:sp>").skip(1).map(str::to_string).collect()
}

fn attr_values<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!("{name}=\"");
    xml.match_indices(&key)
        .map(|(i, _)| {
            let rest = &xml[i + key.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

fn texts(xml: &str) -> Vec<&str> {
    xml.match_indices("<a:t>")
        .map(|(i, _)| {
            let rest = &xml[i + 5..];
            &rest[..rest.find("</a:t>").unwrap()]
        })
        .collect()
}

#[test]
fn b20_code_keeps_indent_colours_and_monospace_in_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let case = root().join("tests/cases/B20.md");
    let (doc, warnings) = render_path(&case);
    assert!(warnings.is_empty(), "{warnings:?}");
    let pdf = write_pdf(&doc, dir.path());
    let layout = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&layout.stdout).into_owned();
    let line_of = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in {text}"))
            .to_string()
    };
    let def = line_of("def area(r):");
    let indent = |l: &str| l.len() - l.trim_start().len();
    assert_eq!(
        indent(&line_of("# circle area")),
        indent(&def) + 4,
        "{text}"
    );
    assert_eq!(
        indent(&line_of("return 3.14159 * r ** 2")),
        indent(&def) + 4,
        "{text}"
    );
    let fonts = pdf_facts(&pdf).fonts;
    assert!(fonts.iter().any(|f| f.contains("Mono")), "{fonts:?}");

    // Colours and the box are read from the display list the PDF was written from.
    let mut colours = BTreeSet::new();
    for word in ["def", "# circle area", "3.14159", "return"] {
        colours.extend(run_colours(&doc, 0, word).into_iter().map(hex));
    }
    assert!(colours.contains("e3ceab"), "keyword colour: {colours:?}");
    assert!(colours.contains("7f9f7f"), "comment colour: {colours:?}");
    assert!(colours.contains("8cd0d3"), "number colour: {colours:?}");
    assert!(
        solid_fills(&doc, 0).iter().any(|c| hex(*c) == "3f3f3f"),
        "zenburn background box"
    );
    let code_runs: Vec<_> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.runs.iter()),
            _ => None,
        })
        .flatten()
        .filter(|r| r.text.contains("area(2)") || r.text.contains("circle"))
        .collect();
    assert_eq!(code_runs.len(), 2);
}

#[test]
fn b20_code_block_is_one_pptx_text_frame_of_three_lines() {
    let (doc, _) = render_path(&root().join("tests/cases/B20.md"));
    let shapes = slide_shapes(&doc);
    let code = shapes
        .iter()
        .find(|s| s.contains("# circle area"))
        .expect("a shape with the code");
    assert_eq!(code.matches("<a:p>").count(), 3, "{code}");
    let paras: Vec<&str> = code.split("<a:p>").skip(1).collect();
    assert!(texts(paras[1])[0].starts_with("    "), "{}", paras[1]);
    assert!(texts(paras[2])[0].starts_with("    "), "{}", paras[2]);
    let colours: BTreeSet<_> = attr_values(code, "a:srgbClr val").into_iter().collect();
    assert!(colours.len() >= 3, "{colours:?}");
    assert!(
        attr_values(code, "latin typeface")
            .iter()
            .all(|t| t.contains("Mono")),
        "{code}"
    );
    assert!(!code.contains("<p:ph"), "the code has a box of its own");
    let body = shapes
        .iter()
        .find(|s| s.contains("stays monospace"))
        .expect("the body text");
    // pandoc pushed code far right of the text; here it sits where reveal puts the
    // 90 % wide <pre>, left of the centred sentence, never right of it.
    let x = |s: &str| attr_values(s, "a:off x")[0].parse::<i64>().unwrap();
    assert!(
        x(code) - x(body) <= 457_200,
        "code at {} EMU, body at {} EMU",
        x(code),
        x(body)
    );
    assert!(x(code) > 0);
}

#[test]
fn code_line_numbers_start_at_n_in_grey_with_a_green_rule() {
    let (doc, warnings) = render_path(&fixture("code-line-numbers"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let paras = paragraphs(&doc, 0);
    let code: Vec<_> = paras
        .iter()
        .filter(|p| p.contains("const") || p.contains("console"))
        .collect();
    assert_eq!(code.len(), 3, "{paras:?}");
    assert!(code[0].starts_with(" 9 "), "{code:?}");
    assert!(code[1].starts_with("10 "), "{code:?}");
    assert!(code[2].starts_with("12 "), "{code:?}");
    assert!(
        run_colours(&doc, 0, "10")
            .iter()
            .any(|c| hex(*c) == "afafaf")
    );
    assert!(solid_fills(&doc, 0).iter().any(|c| hex(*c) == "6ce26c"));
    let mut roles: Vec<Role> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.paragraphs.iter()),
            _ => None,
        })
        .flatten()
        .filter(|p| p.spans.iter().any(|s| s.text.contains("const")))
        .map(|p| p.role)
        .collect();
    roles.dedup();
    assert_eq!(roles.len(), 1, "one block: {roles:?}");
    assert!(matches!(roles[0], Role::Code(_)), "{roles:?}");
}

#[test]
fn code_line_numbers_continue_from_the_previous_block() {
    let (doc, _) = render_path(&fixture("code-line-numbers-continue"));
    let paras = paragraphs(&doc, 0);
    assert!(
        paras
            .iter()
            .any(|p| p.starts_with("1 ") && p.contains("fn main")),
        "{paras:?}"
    );
    assert!(
        paras
            .iter()
            .any(|p| p.starts_with("2 ") && p.contains("println")),
        "{paras:?}"
    );
    assert!(
        paras.iter().any(|p| p.starts_with("3 ") && p.contains('}')),
        "{paras:?}"
    );
    // HedgeDoc continues numbers within a slide only.
    let paras = paragraphs(&doc, 1);
    assert!(
        paras
            .iter()
            .any(|p| p.starts_with("1 ") && p.contains("fn again")),
        "{paras:?}"
    );
}

#[test]
fn code_plain_and_languageless_blocks_are_one_colour() {
    let (doc, _) = render_path(&fixture("code-plain-text"));
    let colours: BTreeSet<_> = ["def", "return"]
        .iter()
        .flat_map(|w| run_colours(&doc, 0, w))
        .map(hex)
        .collect();
    assert_eq!(colours, BTreeSet::from(["dcdcdc".to_string()]));
    assert!(solid_fills(&doc, 0).iter().any(|c| hex(*c) == "3f3f3f"));

    let (doc, _) = render_path(&fixture("code-no-language"));
    assert!(paragraphs(&doc, 0).iter().any(|p| p == "  two spaces in"));
    assert!(!solid_fills(&doc, 0).iter().any(|c| hex(*c) == "3f3f3f"));
    assert_eq!(
        run_colours(&doc, 0, "two")
            .iter()
            .map(|c| hex(*c))
            .collect::<Vec<_>>(),
        vec!["ffffff"]
    );
}

#[test]
fn code_wrap_breaks_a_long_line_inside_the_box() {
    let (doc, _) = render_path(&fixture("code-wrap"));
    let runs: Vec<_> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.runs.iter()),
            _ => None,
        })
        .flatten()
        .filter(|r| r.text.contains("echo") || r.text.contains("wrap"))
        .collect();
    let ys: BTreeSet<i32> = runs.iter().map(|r| r.origin.y as i32).collect();
    assert!(ys.len() >= 2, "the line wraps: {ys:?}");
    let page_w = doc.pages[0].width;
    for r in runs {
        let w: f32 = r.glyphs.iter().map(|g| g.advance).sum();
        assert!(r.origin.x + w < page_w, "run inside the page");
    }
}

#[test]
fn code_long_line_is_cut_at_the_code_box() {
    let (doc, _) = render_path(&fixture("code-long-line-clipped"));
    let items = &doc.pages[0].items;
    let open = items
        .iter()
        .position(|i| matches!(i, Item::PushClip(_)))
        .expect("a clip");
    let Item::PushClip(clip) = &items[open] else {
        unreachable!()
    };
    let close = open
        + items[open..]
            .iter()
            .position(|i| matches!(i, Item::PopClip))
            .expect("the clip ends");
    let inside: Vec<_> = items[open..close]
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.runs.iter()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(inside.iter().any(|r| r.text.contains("echo")));
    let end = |r: &&deckport::page::GlyphRun| {
        r.origin.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>()
    };
    let right = inside.iter().map(end).fold(0.0, f32::max);
    assert!(right > clip.x + clip.w, "the line is longer than the box");
    let bg = solid_fills(&doc, 0);
    assert!(bg.iter().any(|c| hex(*c) == "3f3f3f"));
    assert!(clip.x > 0.0 && clip.x + clip.w < doc.pages[0].width);
}

#[test]
fn code_diagram_is_source_in_a_white_box_with_one_warning() {
    let (doc, warnings) = render_path(&fixture("code-diagram-mermaid"));
    assert_eq!(
        warnings,
        vec![Warning {
            line: Some(7),
            message: "mermaid diagram is not drawn; its source is shown instead".into()
        }]
    );
    let paras = paragraphs(&doc, 0);
    assert!(paras.iter().any(|p| p == "graph TD;"), "{paras:?}");
    assert!(paras.iter().any(|p| p == "  A-->B;"), "{paras:?}");
    assert!(solid_fills(&doc, 0).iter().any(|c| hex(*c) == "ffffff"));
}

#[test]
fn dialect_math_is_source_with_a_warning_per_formula() {
    let (doc, warnings) = render_path(&fixture("dialect-math"));
    let lines: Vec<_> = warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![Some(7), Some(9)], "{warnings:?}");
    let paras = paragraphs(&doc, 0);
    assert!(
        paras.iter().any(|p| p == "Euler: $e^{i\\pi} + 1 = 0$"),
        "{paras:?}"
    );
}

#[test]
fn dialect_inline_marks_typographer_emoji_footnotes_and_deflists() {
    let (doc, _) = render_path(&fixture("dialect-inline-marks"));
    let paras = paragraphs(&doc, 0);
    assert!(
        paras.iter().any(|p| p == "marked inserted H2O x2 deleted"),
        "{paras:?}"
    );
    // ==mark== draws the highlight behind its text.
    assert!(!solid_fills(&doc, 0).is_empty());

    let (doc, _) = render_path(&fixture("dialect-typographer"));
    assert!(
        paragraphs(&doc, 0)
            .iter()
            .any(|p| p == "“Quotes” and ‘single’ – en — em… © ® ™ ±"),
        "{:?}",
        paragraphs(&doc, 0)
    );
    assert!(
        paragraphs(&doc, 0)
            .iter()
            .any(|p| p == "Wait… what?.. Yes!!! Fine,"),
        "{:?}",
        paragraphs(&doc, 0)
    );

    let (doc, _) = render_path(&fixture("dialect-emoji"));
    assert!(
        paragraphs(&doc, 0).iter().any(|p| p == "Ship it 😄 ❤️"),
        "{:?}",
        paragraphs(&doc, 0)
    );

    let (doc, _) = render_path(&fixture("dialect-footnotes"));
    let paras = paragraphs(&doc, 0);
    assert!(
        paras
            .iter()
            .any(|p| p.starts_with("Claim[1] and inline[2]")),
        "{paras:?}"
    );
    assert!(paras.iter().any(|p| p.contains("The source.")), "{paras:?}");

    let (doc, _) = render_path(&fixture("dialect-deflist"));
    let paras = paragraphs(&doc, 0);
    assert!(paras.contains(&"Term".to_string()) && paras.contains(&"The definition".to_string()));
}

#[test]
fn dialect_abbreviation_table_and_tasks() {
    let (doc, _) = render_path(&fixture("dialect-abbr"));
    let paras = paragraphs(&doc, 0);
    assert!(paras.iter().any(|p| p == "HTML is not XHTML."), "{paras:?}");
    assert!(!paras.iter().any(|p| p.contains("Hyper Text")), "{paras:?}");

    let (doc, _) = render_path(&fixture("dialect-table-align"));
    let cell = |text: &str| {
        doc.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.paragraphs.iter()),
                _ => None,
            })
            .flatten()
            .find(|p| p.spans.iter().map(|s| s.text.as_str()).collect::<String>() == text)
            .unwrap_or_else(|| panic!("cell {text}"))
            .align
    };
    use deckport::page::Align;
    assert_eq!(cell("long cell"), Align::Left);
    assert_eq!(cell("x"), Align::Center);
    assert_eq!(cell("12.5"), Align::Right);

    let (doc, _) = render_path(&fixture("dialect-tasklist"));
    let paras = paragraphs(&doc, 0);
    assert!(paras.iter().any(|p| p == "☐ write the tests"), "{paras:?}");
    assert!(paras.iter().any(|p| p == "☑ read the spec"), "{paras:?}");
    assert!(paras.iter().any(|p| p == "plain item"), "{paras:?}");
}

#[test]
fn dialect_alerts_use_hedgedoc_colours() {
    let (doc, _) = render_path(&fixture("dialect-alerts"));
    let fills: BTreeSet<_> = solid_fills(&doc, 0).into_iter().map(hex).collect();
    for bg in ["dff0d8", "d9edf7", "fcf8e3", "f2dede"] {
        assert!(fills.contains(bg), "{bg} in {fills:?}");
    }
    for (word, fg) in [
        ("Saved", "3c763d"),
        ("Note", "31708f"),
        ("Careful", "8a6d3b"),
        ("Stop", "a94442"),
    ] {
        assert_eq!(hex(run_colours(&doc, 0, word)[0]), fg, "{word}");
    }
}

#[test]
fn dialect_embeds_are_real_links_in_pdf_and_pptx() {
    let path = fixture("dialect-embeds");
    let (doc, _) = render_path(&path);
    let paras = paragraphs(&doc, 0);
    assert!(
        paras.iter().any(|p| p == "▶ YouTube: dQw4w9WgXcQ"),
        "{paras:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let pdf = write_pdf(&doc, dir.path());
    let uris = pdf_facts(&pdf).uris.concat();
    for u in [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/123456789",
        "https://gist.github.com/octocat/6cad326836d38bd3a7ae",
        "https://example.org/paper.pdf",
        "https://slideshare.com/someone/a-talk",
    ] {
        assert!(uris.iter().any(|x| x == u), "{u} in {uris:?}");
    }
    let pptx = write_pptx(&doc, &PptxOptions::default()).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(pptx.bytes)).unwrap();
    let mut rels = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("ppt/slides/_rels/slide1.xml.rels").unwrap(),
        &mut rels,
    )
    .unwrap();
    assert!(
        rels.contains("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        "{rels}"
    );
    let shapes = slide_shapes(&doc);
    assert!(shapes.iter().any(|s| s.contains("a:hlinkClick")));
}

#[test]
fn dialect_toc_lists_the_decks_headings_as_slide_links() {
    let (doc, _) = render_path(&fixture("dialect-toc"));
    let paras = paragraphs(&doc, 0);
    assert_eq!(
        paras[1..].to_vec(),
        vec!["Agenda", "First part", "Detail", "Second part"],
        "{paras:?}"
    );
    let links: Vec<String> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Link(l) => Some(format!("{:?}", l.target)),
            _ => None,
        })
        .collect();
    assert_eq!(links.len(), 4, "{links:?}");
}

#[test]
fn dialect_tags_are_small_spans_in_lists_and_quotes_only() {
    let (doc, _) = render_path(&fixture("dialect-tags"));
    let paras = paragraphs(&doc, 0);
    // reveal makes <small> an inline-block, so each tag is a small box of its own.
    // A colour tag in a list is a tag sign in that colour.
    assert_eq!(
        run_colours(&doc, 0, "●")
            .iter()
            .map(|c| hex(*c))
            .collect::<Vec<_>>(),
        vec!["ff0000"]
    );
    for tag in ["☺ Alice ◷ Mon, Jan 1, 2024", "☺ Bob"] {
        assert!(paras.iter().any(|p| p == tag), "{tag} in {paras:?}");
    }
    assert!(!paras.iter().any(|p| p.contains("#ff0000")), "{paras:?}");
    assert!(
        paras.iter().any(|p| p == "Not in a list [name=Carol]"),
        "{paras:?}"
    );
    let size = |text: &str| {
        doc.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.runs.iter()),
                _ => None,
            })
            .flatten()
            .find(|r| r.text.contains(text))
            .unwrap()
            .size
    };
    assert!(size("Alice") < size("Draft") * 0.7);
}
