//! The theme, the deck's CSS and reveal's geometry reaching the display list,
//! checked on the small decks in `fixtures/`.

use deckport::diag::{Sink, Warning};
use deckport::export::{ExportOptions, render};
use deckport::page::{Color, Document, GlyphRun, Item, LinkTarget, Paint};
use std::path::PathBuf;

/// Renders a fixture; returns the document and its warnings.
fn fixture(name: &str) -> (Document, Vec<Warning>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let mut sink = Sink::new();
    let doc = render(
        &bytes,
        path.parent(),
        "fixture",
        // Remote pictures stay placeholders: no connection from these tests.
        &ExportOptions {
            offline: true,
            ..ExportOptions::default()
        },
        &mut sink,
    );
    (doc, sink.warnings())
}

/// Glyph runs of a page, slide number excluded, in paint order.
fn runs(doc: &Document, page: usize) -> Vec<&GlyphRun> {
    doc.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.runs.iter()),
            _ => None,
        })
        .flatten()
        .filter(|r| r.size > 12.5)
        .collect()
}

fn run_with<'a>(doc: &'a Document, page: usize, text: &str) -> &'a GlyphRun {
    runs(doc, page)
        .into_iter()
        .find(|r| r.text.contains(text))
        .unwrap_or_else(|| panic!("no run with {text:?}"))
}

const SCALE: f32 = 1.481_142_9;

#[test]
fn theme_white_colours() {
    let (doc, warnings) = fixture("theme/theme-white.md");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        doc.pages[0].background,
        Paint::Solid(Color::rgb(255, 255, 255))
    );
    let h = run_with(&doc, 0, "Heading");
    assert_eq!(h.color, Color::rgb(0x22, 0x22, 0x22));
    // h1: 2.5em of 42px, scaled onto the page.
    assert!((h.size - 105.0 * SCALE).abs() < 0.05, "{}", h.size);
    assert_eq!(
        run_with(&doc, 0, "Body").color,
        Color::rgb(0x22, 0x22, 0x22)
    );
}

#[test]
fn theme_black_is_the_default() {
    let (doc, warnings) = fixture("theme/theme-black-default.md");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        doc.pages[0].background,
        Paint::Solid(Color::rgb(0x19, 0x19, 0x19))
    );
    assert_eq!(
        run_with(&doc, 0, "Heading").color,
        Color::rgb(255, 255, 255)
    );
}

#[test]
fn unknown_theme_warns_and_falls_back_to_black() {
    let (doc, warnings) = fixture("theme/theme-unknown.md");
    assert!(
        warnings.iter().any(|w| w.message.contains("no-such-theme")),
        "{warnings:?}"
    );
    assert_eq!(
        doc.pages[0].background,
        Paint::Solid(Color::rgb(0x19, 0x19, 0x19))
    );
}

#[test]
fn deck_style_block_beats_the_theme() {
    let (doc, _) = fixture("css/css-deck-style-wins.md");
    let h = run_with(&doc, 0, "Red");
    assert_eq!(h.color, Color::rgb(255, 0, 0));
    assert!((h.size - 36.0 * SCALE).abs() < 0.05, "{}", h.size);
}

#[test]
fn quoted_colour_is_dropped_by_the_cascade() {
    let (doc, _) = fixture("css/css-quoted-colour-dropped.md");
    let h = run_with(&doc, 0, "Theme");
    assert_eq!(h.color, Color::rgb(0x22, 0x22, 0x22));
    assert!(
        (h.size - 36.0 * SCALE).abs() < 0.05,
        "the valid declaration still applies: {}",
        h.size
    );
}

#[test]
fn font_tag_colour_reaches_the_text() {
    let (doc, _) = fixture("css/css-font-tag-colour.md");
    assert_eq!(
        run_with(&doc, 0, "Green").color,
        Color::rgb(0x50, 0xc3, 0xa5)
    );
    assert_eq!(
        run_with(&doc, 0, "words").color,
        Color::rgb(0x22, 0x22, 0x22)
    );
}

#[test]
fn text_shadow_is_an_outline_item_offset_from_the_text() {
    let (doc, _) = fixture("css/css-text-shadow-outline.md");
    let text = run_with(&doc, 0, "Shadowed");
    let shadow = doc.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Shadow(s) => Some(s),
            _ => None,
        })
        .expect("a shadow item");
    let s = &shadow.runs[0];
    assert_eq!(s.color, Color::rgb(255, 0, 0));
    assert!((s.origin.x - text.origin.x - 2.0 * SCALE).abs() < 0.01);
    assert!((s.origin.y - text.origin.y - 2.0 * SCALE).abs() < 0.01);
    // Drawn before the text, so the text stays on top.
    let pos = |f: fn(&Item) -> bool| doc.pages[0].items.iter().position(f).unwrap();
    assert!(pos(|i| matches!(i, Item::Shadow(_))) < pos(|i| matches!(i, Item::Text(_))));
}

#[test]
fn list_display_block_moves_items_to_the_left() {
    let (block, _) = fixture("css/css-list-display-block.md");
    let (inline, _) = fixture("css/css-list-inline-block.md");
    let left_block = run_with(&block, 0, "first").origin.x;
    let left_inline = run_with(&inline, 0, "first").origin.x;
    // A block list starts 1em + 40px from the canvas edge; an inline-block one is centred.
    let canvas_left = (1920.0 - 960.0 * SCALE) / 2.0;
    assert!(
        (left_block - (canvas_left + (42.0 + 40.0) * SCALE)).abs() < 1.0,
        "{left_block}"
    );
    assert!(
        left_inline > left_block + 200.0,
        "{left_inline} vs {left_block}"
    );
    assert!((run_with(&block, 0, "first").size - 20.0 * SCALE).abs() < 0.05);
}

#[test]
fn center_option_places_content_vertically() {
    let (top, _) = fixture("layout/layout-center-false.md");
    let (middle, _) = fixture("layout/layout-center-true.md");
    let y_top = run_with(&top, 0, "Top").origin.y;
    let y_mid = run_with(&middle, 0, "Middle").origin.y;
    let canvas_top = (1080.0 - 700.0 * SCALE) / 2.0;
    // Section padding 20px, then the h1's line box (1.2 × 105px) with its baseline inside.
    assert!(
        y_top > canvas_top + 20.0 * SCALE && y_top < canvas_top + (20.0 + 126.0) * SCALE,
        "{y_top}"
    );
    assert!((y_mid - 540.0).abs() < 100.0, "{y_mid}");
    assert!(y_mid > y_top + 300.0);
}

#[test]
fn overflowing_slide_is_shrunk_to_fit_with_a_warning() {
    let (doc, warnings) = fixture("layout/layout-overflow-shrink.md");
    let w = warnings
        .iter()
        .find(|w| w.message.contains("shrunk"))
        .expect("overflow warning");
    assert_eq!(w.line, Some(6), "{w:?}");
    assert!(w.message.starts_with("slide 1:"), "{w:?}");
    let all = runs(&doc, 0);
    assert!(all.iter().any(|r| r.text.contains("number 30")));
    let bottom = all.iter().map(|r| r.origin.y).fold(0.0, f32::max);
    let top = all.iter().map(|r| r.origin.y).fold(f32::MAX, f32::min);
    assert!(top >= 0.0 && bottom <= 1080.0, "{top}..{bottom}");
}

#[test]
fn slide_numbers_use_reveal_h_v_labels() {
    let (doc, _) = fixture("layout/layout-slide-number-stack.md");
    let labels: Vec<&str> = doc.pages.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["1", "2.1", "2.2"]);
    let number = doc.pages[2]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => t.runs.iter().find(|r| r.size == 12.0),
            _ => None,
        })
        .next()
        .expect("slide number run");
    assert_eq!(number.text, "2.2");
    assert!(
        number.origin.x > 1850.0 && number.origin.y > 1050.0,
        "{:?}",
        number.origin
    );
    let titles: Vec<_> = doc
        .pages
        .iter()
        .map(|p| p.title.clone().unwrap_or_default())
        .collect();
    assert_eq!(titles, ["First", "Stack top", "Stack child"]);
}

#[test]
fn missing_remote_picture_is_a_placeholder_with_a_warning() {
    let (doc, warnings) = fixture("pictures/pictures-missing-remote.md");
    let w = warnings
        .iter()
        .find(|w| w.message.contains("photo.png"))
        .expect("warning");
    assert_eq!(w.line, Some(1));
    assert_eq!(
        warnings.len(),
        1,
        "the picture fits the slide: {warnings:?}"
    );
    let grey = doc.pages[0].items.iter().find_map(|i| match i {
        Item::Shape(s) if s.fill == Some(Paint::Solid(Color::rgb(0xe8, 0xe8, 0xe8))) => Some(s),
        _ => None,
    });
    let grey = grey.expect("placeholder box");
    let deckport::page::Geometry::Rect(r) = grey.geometry else {
        panic!()
    };
    // A 1280×720 picture capped at 95% of the 960px canvas keeps its 16:9 shape.
    assert!((r.w / r.h - 16.0 / 9.0).abs() < 0.02, "{r:?}");
    assert!((r.w - 912.0 * SCALE).abs() < 2.0, "{r:?}");
    assert!(runs(&doc, 0).iter().any(|r| r.text.contains("photo.png")));
}

#[test]
fn local_pictures_are_drawn_raster_and_vector() {
    let (doc, warnings) = fixture("pictures/pictures-local.md");
    assert!(warnings.is_empty(), "{warnings:?}");
    let image = doc.pages[0].items.iter().find_map(|i| match i {
        Item::Image(im) => Some(im),
        _ => None,
    });
    let image = image.expect("raster picture");
    assert_eq!(image.pixels, (640, 360));
    assert!(
        (image.rect.h - 200.0 * SCALE).abs() < 1.0,
        "=x200 sets the height: {:?}",
        image.rect
    );
    assert!(
        (image.rect.w - 355.5 * SCALE).abs() < 2.0,
        "width from the aspect ratio: {:?}",
        image.rect
    );
    let svg = doc.pages[0].items.iter().find_map(|i| match i {
        Item::Svg(s) => Some(s),
        _ => None,
    });
    let svg = svg.expect("vector picture");
    assert!((svg.rect.w - 480.0 * SCALE).abs() < 1.0, "{:?}", svg.rect);
}

#[test]
fn pictures_outside_the_deck_folder_are_refused() {
    let (doc, warnings) = fixture("pictures/pictures-outside-folder.md");
    assert!(
        warnings
            .iter()
            .any(|w| w.line == Some(3) && w.message.contains("outside the deck's folder")),
        "{warnings:?}"
    );
    assert!(
        !doc.pages[0]
            .items
            .iter()
            .any(|i| matches!(i, Item::Image(_)))
    );
}

#[test]
fn internal_links_point_at_pages_and_dead_ones_are_dropped() {
    let (doc, _) = fixture("links/links-internal.md");
    let targets: Vec<&LinkTarget> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Link(l) => Some(&l.target),
            _ => None,
        })
        .collect();
    assert_eq!(targets, [&LinkTarget::Page(3), &LinkTarget::Page(2)]);
    let last: Vec<&LinkTarget> = doc.pages[3]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Link(l) => Some(&l.target),
            _ => None,
        })
        .collect();
    assert_eq!(last, [&LinkTarget::Url("https://example.org/page".into())]);
}

/// Filled rectangles of a page that are thin horizontal bands (decorations).
fn bands(doc: &Document, page: usize) -> Vec<(deckport::page::Rect, Color)> {
    doc.pages[page]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Shape(s) => match (&s.geometry, &s.fill) {
                (deckport::page::Geometry::Rect(r), Some(Paint::Solid(c)))
                    if r.h < 8.0 && r.w > 20.0 =>
                {
                    Some((*r, *c))
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

#[test]
fn strike_and_underline_are_drawn_through_and_under_their_words() {
    let (doc, _) = fixture("css/css-strike-and-underline.md");
    let struck = run_with(&doc, 0, "struck");
    let under = run_with(&doc, 0, "underlined");
    let bands = bands(&doc, 0);
    assert_eq!(bands.len(), 2, "{bands:?}");
    let width = |r: &GlyphRun| r.glyphs.iter().map(|g| g.advance).sum::<f32>();
    let strike = bands
        .iter()
        .find(|(r, _)| (r.x - struck.origin.x).abs() < 1.0)
        .expect("strike band");
    assert!((strike.0.w - width(struck)).abs() < 1.0);
    assert!(
        strike.0.y < struck.origin.y - 5.0,
        "through the letters: {strike:?}"
    );
    let underline = bands
        .iter()
        .find(|(r, _)| (r.x - under.origin.x).abs() < 1.0)
        .expect("underline band");
    assert!(
        underline.0.y > under.origin.y,
        "below the baseline: {underline:?}"
    );
    assert_eq!(underline.1, Color::rgb(0x22, 0x22, 0x22));
}

#[test]
fn dark_slide_background_turns_white_theme_text_white() {
    let (doc, warnings) = fixture("theme/theme-white-dark-background.md");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        doc.pages[0].background,
        Paint::Solid(Color::rgb(0x1b, 0x3a, 0x5c))
    );
    assert_eq!(run_with(&doc, 0, "Light").color, Color::rgb(255, 255, 255));
    assert_eq!(run_with(&doc, 0, "text").color, Color::rgb(255, 255, 255));
}

#[test]
fn inline_block_list_with_smaller_text_sits_at_the_top_of_its_line() {
    // Chromium (reference-render) draws the first item's ink 198 px below the heading's
    // ink on the 1920×1080 page, i.e. a baseline gap of about 104.7 px; Blitz alone puts
    // the list 21 canvas px (31 page px) lower.
    let (doc, _) = fixture("css/css-list-inline-block-smaller-font.md");
    let heading = run_with(&doc, 0, "Smaller").origin.y;
    let first = run_with(&doc, 0, "first item").origin.y;
    assert!((first - heading - 104.7).abs() < 2.0, "{}", first - heading);
}

#[test]
fn iframes_and_videos_are_labelled_placeholders_linked_to_their_source() {
    let (doc, _) = fixture("pictures/pictures-embeds.md");
    let links: Vec<(&LinkTarget, deckport::page::Rect)> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Link(l) => Some((&l.target, l.rects[0])),
            _ => None,
        })
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    assert_eq!(
        links[0].0,
        &LinkTarget::Url("https://www.youtube.com/embed/abc".into())
    );
    assert!(
        (links[0].1.w - 560.0 * SCALE).abs() < 2.0,
        "{:?}",
        links[0].1
    );
    assert_eq!(
        links[1].0,
        &LinkTarget::Url("https://example.org/clip.mp4".into())
    );
    // An unsized video keeps the browser's 300×150 box.
    assert!(
        (links[1].1.w - 300.0 * SCALE).abs() < 2.0 && (links[1].1.h - 150.0 * SCALE).abs() < 2.0,
        "{:?}",
        links[1].1
    );
    let labels: Vec<&str> = runs(&doc, 0)
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>();
    let all_text: Vec<String> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.runs.iter().map(|r| r.text.clone()).collect::<String>()),
            _ => None,
        })
        .collect();
    assert!(
        all_text.iter().any(|t| t == "embedded page: abc"),
        "{all_text:?} {labels:?}"
    );
    assert!(
        all_text.iter().any(|t| t == "video: clip.mp4"),
        "{all_text:?}"
    );
    let background = doc.pages[1].items.iter().find_map(|i| match i {
        Item::Link(l) => Some(l),
        _ => None,
    });
    let background = background.expect("background video link");
    assert_eq!(
        background.target,
        LinkTarget::Url("https://example.org/loop.mp4".into())
    );
    assert_eq!(background.rects[0].w, 1920.0);
}

/// Each theme of reveal 3.9.2 as HedgeDoc shows it (format spec §8.4): page background,
/// body text, heading and link colours, and the h1 size (its em of a 40 px base).
#[test]
fn every_theme_draws_its_colours() {
    /// Theme, solid page colour or the radial gradient's centre and corner, text, heading, link.
    type Expected = (&'static str, (u32, Option<u32>), u32, u32, u32);
    let themes: [Expected; 9] = [
        (
            "league",
            (0x555a5f, Some(0x1c1e20)),
            0xeeeeee,
            0xeeeeee,
            0x13daec,
        ),
        (
            "beige",
            (0xffffff, Some(0xf7f2d3)),
            0x333333,
            0x333333,
            0x8b743d,
        ),
        (
            "sky",
            (0xf7fbfc, Some(0xadd9e4)),
            0x333333,
            0x333333,
            0x3b759e,
        ),
        ("night", (0x111111, None), 0xeeeeee, 0xeeeeee, 0xe7ad52),
        ("serif", (0xf0f1eb, None), 0x000000, 0x383d3d, 0x51483d),
        ("simple", (0xffffff, None), 0x000000, 0x000000, 0x00008b),
        ("solarized", (0xfdf6e3, None), 0x657b83, 0x586e75, 0x268bd2),
        ("blood", (0x222222, None), 0xeeeeee, 0xeeeeee, 0xaa2233),
        ("moon", (0x002b36, None), 0x93a1a1, 0xeee8d5, 0x268bd2),
    ];
    let hex = |v: u32| Color::rgb((v >> 16) as u8, (v >> 8) as u8, v as u8);
    for (name, (centre, corner), text, heading, link) in themes {
        let (doc, warnings) = fixture(&format!("theme/theme-{name}.md"));
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        match (&doc.pages[0].background, corner) {
            (Paint::Solid(c), None) => assert_eq!(*c, hex(centre), "{name}"),
            (Paint::Radial { center, stops, .. }, Some(corner)) => {
                assert_eq!((center.x, center.y), (960.0, 540.0), "{name}");
                assert_eq!(stops.first().unwrap().color, hex(centre), "{name}");
                assert_eq!(stops.last().unwrap().color, hex(corner), "{name}");
            }
            (other, _) => panic!("{name}: background {other:?}"),
        }
        let h = run_with(&doc, 0, "The");
        assert_eq!(h.color, hex(heading), "{name} heading");
        assert!(
            (h.size - 40.0 * 3.77 * SCALE).abs() < 0.1,
            "{name}: {}",
            h.size
        );
        assert_eq!(run_with(&doc, 0, "Body").color, hex(text), "{name} text");
        assert_eq!(run_with(&doc, 0, "link").color, hex(link), "{name} link");
    }
}

#[test]
fn blood_paragraphs_are_light_with_a_hard_shadow() {
    let (doc, _) = fixture("theme/theme-blood.md");
    let shadows = doc.pages[0]
        .items
        .iter()
        .filter(|i| matches!(i, Item::Shadow(s) if s.runs.iter().any(|r| r.text.contains("Body"))))
        .count();
    assert!(shadows > 0, "the paragraph has its 1px shadow");
}

fn fixture_with(name: &str, options: ExportOptions) -> (Document, Vec<Warning>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    let mut sink = Sink::new();
    let doc = render(
        &std::fs::read(&path).unwrap(),
        path.parent(),
        "fixture",
        &ExportOptions {
            offline: true,
            ..options
        },
        &mut sink,
    );
    (doc, sink.warnings())
}

fn page_text(doc: &Document, page: usize) -> String {
    runs(doc, page)
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn fragments_get_one_page_per_step() {
    let (doc, _) = fixture_with(
        "layout/layout-fragments.md",
        ExportOptions {
            fragments: true,
            ..ExportOptions::default()
        },
    );
    // Three fragment groups: four steps for the first slide, one page for the second.
    assert_eq!(doc.pages.len(), 5);
    let steps: Vec<String> = (0..4).map(|p| page_text(&doc, p)).collect();
    assert!(steps.iter().all(|t| t.contains("always there")));
    assert!(!steps[0].contains("second") && steps[0].contains("Goes away"));
    assert!(!steps[1].contains("second") && !steps[1].contains("Goes away"));
    assert!(steps[2].contains("second") && !steps[2].contains("third"));
    assert!(steps[3].contains("second") && steps[3].contains("third"));
    // Every step carries the slide's number; the next slide keeps its own.
    assert!(doc.pages[..4].iter().all(|p| p.label == "1"));
    assert_eq!(doc.pages[4].label, "2");

    // Without the flag each slide shows its final state on one page.
    let (doc, _) = fixture_with("layout/layout-fragments.md", ExportOptions::default());
    assert_eq!(doc.pages.len(), 2);
    let last = page_text(&doc, 0);
    assert!(last.contains("second") && last.contains("third"));
}

#[test]
fn paginate_continues_a_tall_slide_on_further_pages() {
    let (doc, warnings) = fixture_with(
        "layout/layout-overflow-shrink.md",
        ExportOptions {
            overflow: deckport::walker::Overflow::Paginate,
            ..ExportOptions::default()
        },
    );
    assert!(warnings.is_empty(), "nothing is shrunk: {warnings:?}");
    assert!(doc.pages.len() >= 3, "{}", doc.pages.len());
    // The text keeps its size and moves on: the last paragraph is on the last part.
    let (first, last) = (page_text(&doc, 0), page_text(&doc, doc.pages.len() - 1));
    assert!(first.contains("Long slide") && first.contains("number 1 "));
    assert!(last.contains("number 30 ") && !last.contains("Long slide"));
    let h = run_with(&doc, 0, "Long");
    assert!((h.size - 105.0 * SCALE).abs() < 0.05, "{}", h.size);
    // Each part is cut at the page edge.
    assert!(
        doc.pages
            .iter()
            .all(|p| p.items.iter().any(|i| matches!(i, Item::PushClip(_))))
    );
}

#[test]
fn slide_numbers_can_be_turned_off() {
    let count = |doc: &Document| {
        doc.pages[0]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text(t) => Some(t.runs.iter().filter(|r| r.size <= 12.5).count()),
                _ => None,
            })
            .sum::<usize>()
    };
    let (with, _) = fixture_with("theme/theme-white.md", ExportOptions::default());
    let (without, _) = fixture_with(
        "theme/theme-white.md",
        ExportOptions {
            slide_numbers: false,
            ..ExportOptions::default()
        },
    );
    assert!(count(&with) > 0, "the number is drawn by default");
    assert_eq!(count(&without), 0);
}

#[test]
fn rounded_boxes_ellipses_and_faded_backgrounds() {
    let (doc, _) = fixture("css/css-flex-boxes.md");
    let shapes: Vec<&deckport::page::Shape> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Shape(s) => Some(s),
            _ => None,
        })
        .collect();
    use deckport::page::Geometry;
    // The bordered box: one stroke following its 16 px corners.
    let stroke = shapes
        .iter()
        .find(|s| s.stroke.is_some())
        .expect("a stroked border");
    assert_eq!(
        stroke.stroke.as_ref().unwrap().color,
        Color::rgb(0x33, 0x66, 0x99)
    );
    let Geometry::RoundedRect(_, radii) = &stroke.geometry else {
        panic!("{:?}", stroke.geometry)
    };
    // 16 px less half the 4 px border, scaled onto the page.
    assert!((radii[0] - 14.0 * SCALE).abs() < 0.05, "{radii:?}");
    // border-radius: 50% makes an ellipse.
    assert!(
        shapes
            .iter()
            .any(|s| matches!(s.geometry, Geometry::Ellipse(_))
                && s.fill == Some(Paint::Solid(Color::rgb(0xff, 0xcc, 0x66))))
    );
    // opacity: 0.4 fades the box's background.
    assert!(
        shapes
            .iter()
            .any(|s| s.fill == Some(Paint::Solid(Color::rgba(0x33, 0x33, 0x33, 102))))
    );
}

#[test]
fn inline_code_gets_its_background_and_border_band() {
    let (doc, _) = fixture("css/css-inline-code-box.md");
    let code = run_with(&doc, 0, "cargo build");
    let width: f32 = code.glyphs.iter().map(|g| g.advance).sum();
    let band = doc.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Shape(s) if s.fill == Some(Paint::Solid(Color::rgb(0xf0, 0xf0, 0xf0))) => Some(s),
            _ => None,
        })
        .expect("the code's background is drawn");
    let deckport::page::Geometry::RoundedRect(r, _) = band.geometry else {
        panic!("{:?}", band.geometry)
    };
    // The band covers the glyphs with the padding and border on both sides.
    let side = (6.0 + 1.0) * SCALE;
    assert!((r.x - (code.origin.x - side)).abs() < 1.0, "{r:?}");
    assert!(
        (r.right() - (code.origin.x + width + side)).abs() < 1.0,
        "{r:?}"
    );
    assert!(r.y < code.origin.y - code.size * 0.7 && r.bottom() > code.origin.y);
}

#[test]
fn collapsed_table_borders_are_drawn_once() {
    let (doc, _) = fixture("css/css-table-collapsed.md");
    let borders = doc.pages[0]
        .items
        .iter()
        .filter(|i| matches!(i, Item::Shape(s) if s.fill == Some(Paint::Solid(Color::rgb(0x88, 0x88, 0x88)))))
        .count();
    // 9 rows × 3 cells: every cell's right and bottom border, the first row's tops and
    // the first column's lefts; the shared inner borders are not doubled. The last row
    // has no bottom border (the theme's `tbody tr:last-child td` is more specific).
    assert_eq!(borders, 27 * 2 + 3 + 9 - 3);
}

#[test]
fn a_closed_details_shows_only_its_summary() {
    let (doc, _) = fixture("structure/structure-details.md");
    let text: String = runs(&doc, 0).iter().map(|r| r.text.as_str()).collect();
    assert!(text.contains("Closed summary"), "{text}");
    assert!(!text.contains("Closed body"), "{text}");
    assert!(
        text.contains("Open summary") && text.contains("Open body is shown"),
        "{text}"
    );
}

#[test]
fn box_shadows_are_drawn_beneath_their_boxes() {
    use deckport::page::{Geometry, PathCmd};
    let (doc, _) = fixture("css/css-box-shadow.md");
    let shapes: Vec<_> = doc.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Shape(s) => Some(s),
            _ => None,
        })
        .collect();
    let white = Some(Paint::Solid(Color::rgb(255, 255, 255)));
    let boxes: Vec<usize> = (0..shapes.len())
        .filter(|&i| shapes[i].fill == white)
        .collect();
    assert_eq!(boxes.len(), 2, "two white cards");
    // A rectangle's box; for a shadow layer (a path: its outline, then the box cut
    // out of it) the box of its first outline.
    let bounds = |g: &Geometry| match g {
        Geometry::Rect(r) | Geometry::RoundedRect(r, _) => *r,
        Geometry::Path(cmds) => {
            let points: Vec<_> = cmds
                .iter()
                .take_while(|c| !matches!(c, PathCmd::Close))
                .flat_map(|c| match *c {
                    PathCmd::MoveTo(p) | PathCmd::LineTo(p) => vec![p],
                    PathCmd::CubicTo(a, b, p) => vec![a, b, p],
                    PathCmd::Close => vec![],
                })
                .collect();
            let (x0, y0) = points
                .iter()
                .fold((f32::MAX, f32::MAX), |(x, y), p| (x.min(p.x), y.min(p.y)));
            let (x1, y1) = points
                .iter()
                .fold((f32::MIN, f32::MIN), |(x, y), p| (x.max(p.x), y.max(p.y)));
            deckport::page::Rect::new(x0, y0, x1 - x0, y1 - y0)
        }
        other => panic!("{other:?}"),
    };
    let subpaths = |g: &Geometry| match g {
        Geometry::Path(cmds) => cmds.iter().filter(|c| matches!(c, PathCmd::Close)).count(),
        _ => 1,
    };
    // The blurred shadow: twelve black layers before the first card, growing
    // around the card moved 10 × 10 px (scaled onto the page).
    let layers = &shapes[..boxes[0]];
    assert_eq!(layers.len(), 12);
    let card = bounds(&shapes[boxes[0]].geometry);
    let scale = 1080.0 * 0.96 / 700.0;
    let inner = bounds(&layers[11].geometry);
    let outer = bounds(&layers[0].geometry);
    let centre = |r: deckport::page::Rect| (r.x + r.w / 2.0, r.y + r.h / 2.0);
    let (cx, cy) = centre(card);
    let (sx, sy) = centre(outer);
    assert!((sx - cx - 10.0 * scale).abs() < 1.0 && (sy - cy - 10.0 * scale).abs() < 1.0);
    assert!(
        outer.w > card.w && inner.w < card.w,
        "layers span the blurred edge"
    );
    for layer in layers {
        assert_eq!(
            subpaths(&layer.geometry),
            2,
            "the card is cut out of each layer"
        );
        let Some(Paint::Solid(c)) = layer.fill else {
            panic!()
        };
        assert_eq!((c.r, c.g, c.b), (0, 0, 0));
        assert!(c.a > 0 && c.a < 40, "each layer is faint: {}", c.a);
    }
    // The sharp shadow: one blue rounded shape of the card's size, 8 px down and right.
    let sharp = &shapes[boxes[0] + 1..boxes[1]];
    let blue: Vec<_> = sharp
        .iter()
        .filter(|s| s.fill == Some(Paint::Solid(Color::rgb(0x2a, 0x76, 0xdd))))
        .collect();
    assert_eq!(blue.len(), 1, "{sharp:?}");
    let (shadow, card) = (
        bounds(&blue[0].geometry),
        bounds(&shapes[boxes[1]].geometry),
    );
    assert!((shadow.x - card.x - 8.0 * scale).abs() < 1.0);
    assert!((shadow.w - card.w).abs() < 1.0);
    assert!(
        matches!(&blue[0].geometry, Geometry::Path(cmds) if cmds.iter().any(|c| matches!(c, PathCmd::CubicTo(..)))),
        "rounded"
    );
}
