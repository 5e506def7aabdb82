//! Glyph runs from parley layouts: each glyph with the text it stands for (so the
//! PDF's ToUnicode map and the PPTX text come back as written), and the check for
//! characters no bundled face could draw.

use super::Xf;
use crate::page::{self, Color, FontData, Glyph, GlyphRun, Item};
use parley::{Layout, PositionedLayoutItem};
use std::collections::BTreeMap;

/// A parley font as a display-list font.
fn font_data(font: &parley::FontData) -> FontData {
    let (bytes, key) = font.data.clone().into_raw_parts();
    FontData {
        bytes,
        index: font.index,
        key,
    }
}

/// Per-glyph text ranges of one glyph run, taken from the run's clusters in visual order.
pub(crate) struct ClusterCursor {
    /// (text range, glyph count) per cluster, ligature continuations merged into their start.
    clusters: Vec<(std::ops::Range<usize>, usize)>,
    next: usize,
}

pub(crate) fn cluster_cursor<B: parley::Brush>(
    run: &parley::Run<'_, B>,
    line_range: &std::ops::Range<usize>,
) -> ClusterCursor {
    let all: Vec<_> = run
        .visual_clusters()
        .filter(|c| {
            let r = c.text_range();
            r.start >= line_range.start && r.end <= line_range.end
        })
        .collect();
    let mut clusters = Vec::with_capacity(all.len());
    for (i, c) in all.iter().enumerate() {
        if c.is_ligature_continuation() {
            continue;
        }
        let mut r = c.text_range();
        if c.is_ligature_start() {
            for n in &all[i + 1..] {
                if !n.is_ligature_continuation() {
                    break;
                }
                r.start = r.start.min(n.text_range().start);
                r.end = r.end.max(n.text_range().end);
            }
        }
        clusters.push((r, c.glyphs().count()));
    }
    ClusterCursor { clusters, next: 0 }
}

/// One glyph run in page px, with each glyph's text range from the cluster cursor.
pub(crate) fn glyph_run<B: parley::Brush>(
    gr: &parley::GlyphRun<'_, B>,
    cursor: &mut ClusterCursor,
    text: &str,
    xf: Xf,
    ox: f32,
    oy: f32,
    color: Color,
) -> GlyphRun {
    let run = gr.run();
    let size = run.font_size();
    let glyph_list: Vec<_> = gr.glyphs().collect();
    let mut ranges = Vec::with_capacity(glyph_list.len());
    while ranges.len() < glyph_list.len() {
        let Some((range, count)) = cursor.clusters.get(cursor.next).cloned() else {
            break;
        };
        cursor.next += 1;
        // A left-to-right cluster of as many glyphs as characters (a letter and its
        // combining marks) maps glyph to character, so each glyph carries its own
        // text into the PDF's ToUnicode map; other clusters share their text.
        let cluster = text.get(range.clone()).unwrap_or("");
        if count > 1 && !run.is_rtl() && cluster.chars().count() == count {
            ranges.extend(
                cluster
                    .char_indices()
                    .map(|(i, c)| range.start + i..range.start + i + c.len_utf8()),
            );
            continue;
        }
        for _ in 0..count {
            ranges.push(range.clone());
        }
    }
    let start = ranges.iter().map(|r| r.start).min().unwrap_or(0);
    let end = ranges.iter().map(|r| r.end).max().unwrap_or(start);
    let run_text = text.get(start..end).unwrap_or("").to_string();
    let glyphs = glyph_list
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let r = ranges
                .get(i)
                .or(ranges.last())
                .cloned()
                .unwrap_or(start..start);
            Glyph {
                id: u16::try_from(g.id).unwrap_or(0),
                advance: g.advance * xf.k,
                dx: g.x * xf.k,
                dy: g.y * xf.k,
                text: (r.start - start)..(r.end - start),
            }
        })
        .collect();
    let synthesis = run.synthesis();
    GlyphRun {
        font: font_data(run.font()),
        size: size * xf.k,
        color,
        origin: page::Point {
            x: xf.x(ox + gr.offset()),
            y: xf.y(oy + gr.baseline()),
        },
        glyphs,
        text: run_text,
        skew: synthesis.skew().unwrap_or(0.0),
        embolden: if synthesis.embolden() {
            size * xf.k / 48.0
        } else {
            0.0
        },
    }
}

/// Every glyph run of a single-colour layout (markers, labels), placed at `ox, oy`.
pub(crate) fn layout_runs<B: parley::Brush>(
    layout: &Layout<B>,
    text: &str,
    xf: Xf,
    ox: f32,
    oy: f32,
    color: Color,
) -> Vec<GlyphRun> {
    layout_runs_styled(layout, text, xf, ox, oy, |_| color)
        .into_iter()
        .map(|(run, _)| run)
        .collect()
}

/// The glyph runs of a layout with each run's brush, coloured by `color_of` it.
pub(crate) fn layout_runs_styled<B: parley::Brush>(
    layout: &Layout<B>,
    text: &str,
    xf: Xf,
    ox: f32,
    oy: f32,
    color_of: impl Fn(&B) -> Color,
) -> Vec<(GlyphRun, B)> {
    let mut runs = Vec::new();
    for line in layout.lines() {
        let line_range = line.text_range();
        let mut cursors: BTreeMap<usize, ClusterCursor> = BTreeMap::new();
        for item in line.items() {
            let PositionedLayoutItem::GlyphRun(gr) = item else {
                continue;
            };
            let run = gr.run();
            let cursor = cursors
                .entry(run.index())
                .or_insert_with(|| cluster_cursor(run, &line_range));
            let brush = gr.style().brush.clone();
            runs.push((
                glyph_run(&gr, cursor, text, xf, ox, oy, color_of(&brush)),
                brush,
            ));
        }
    }
    runs
}

/// Characters that draw nothing and may legitimately have no glyph: joiners,
/// variation selectors, tags, the soft hyphen and bidi controls.
fn is_invisible(c: char) -> bool {
    matches!(
        u32::from(c),
        0xAD | 0x34F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0xFE00..=0xFE0F
            | 0xFEFF | 0xE0000..=0xE0FFF
    ) || c.is_whitespace()
        || c.is_control()
}

/// Warns once per text item about characters no font could draw (they became the
/// `.notdef` box), naming the characters, so a deck in a script deckport does not
/// bundle never turns into a silent page of boxes.
pub(crate) fn warn_missing_glyphs(doc: &page::Document, sink: &mut crate::diag::Sink) {
    for page in &doc.pages {
        for item in &page.items {
            let Item::Text(t) = item else { continue };
            let mut missing: Vec<char> = Vec::new();
            for run in &t.runs {
                for g in run.glyphs.iter().filter(|g| g.id == 0) {
                    let chars = run.text.get(g.text.clone()).unwrap_or("").chars();
                    for c in chars.filter(|&c| !is_invisible(c)) {
                        if !missing.contains(&c) {
                            missing.push(c);
                        }
                    }
                }
            }
            if missing.is_empty() {
                continue;
            }
            let named: Vec<String> = missing
                .iter()
                .take(5)
                .map(|c| format!("'{c}' (U+{:04X})", u32::from(*c)))
                .collect();
            let more = if missing.len() > 5 {
                format!(" and {} more", missing.len() - 5)
            } else {
                String::new()
            };
            sink.warn(
                Some(t.line),
                format!(
                    "no bundled font has {}{more}; drawn as boxes (add a font with --font-dir)",
                    named.join(", ")
                ),
            );
        }
    }
}
