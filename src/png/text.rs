//! Glyph runs painted as filled outlines of the faces the display list names.
//!
//! Outlines come from skrifa, unhinted, in font units, and are kept per face and
//! glyph; each placement scales them to the run's size, flips y (font units point
//! up), applies the synthetic oblique, and moves them to the pen position. Synthetic
//! bold is a stroke of the run's colour around the fill, as in the PDF.

use std::collections::HashMap;

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider};
use tiny_skia::{FillRule, LineJoin, Path, PathBuilder, Pixmap, Transform};

use super::{Painter, solid};
use crate::page::GlyphRun;

/// Glyph outlines in font units by face and glyph, and each face's units per em;
/// `None` marks a face or glyph that could not be read.
#[derive(Default)]
pub(crate) struct OutlineCache {
    faces: HashMap<(u64, u32), Option<f32>>,
    glyphs: HashMap<(u64, u32, u16), Option<Path>>,
}

/// Collects skrifa's outline commands into a tiny-skia path.
struct Pen(PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

impl OutlineCache {
    /// Units per em of a face; `None` when the bytes are not a readable font.
    fn units_per_em(&mut self, run: &GlyphRun) -> Option<f32> {
        *self
            .faces
            .entry((run.font.key, run.font.index))
            .or_insert_with(|| {
                let font = FontRef::from_index((*run.font.bytes).as_ref(), run.font.index).ok()?;
                let upem = font
                    .metrics(Size::unscaled(), LocationRef::default())
                    .units_per_em;
                (upem > 0).then_some(f32::from(upem))
            })
    }

    /// A glyph's outline in font units (y up); `None` for an empty or unreadable glyph.
    fn outline(&mut self, run: &GlyphRun, id: u16) -> Option<&Path> {
        self.glyphs
            .entry((run.font.key, run.font.index, id))
            .or_insert_with(|| {
                let font = FontRef::from_index((*run.font.bytes).as_ref(), run.font.index).ok()?;
                let glyphs = font.outline_glyphs();
                let glyph = glyphs.get(GlyphId::new(u32::from(id)))?;
                let mut pen = Pen(PathBuilder::new());
                let settings = DrawSettings::unhinted(Size::unscaled(), LocationRef::default());
                glyph.draw(settings, &mut pen).ok()?;
                pen.0.finish()
            })
            .as_ref()
    }
}

/// Paints one glyph run.
pub(crate) fn draw_run(
    painter: &mut Painter<'_>,
    pixmap: &mut Pixmap,
    run: &GlyphRun,
    line: usize,
) {
    if run.glyphs.is_empty() || !(run.size.is_finite() && run.size > 0.0) || run.color.a == 0 {
        return;
    }
    if painter.clipped_out() {
        return;
    }
    let Some(upem) = painter.fonts.units_per_em(run) else {
        painter.warn(
            line,
            "a font could not be read; its text is left out of the PNG",
        );
        return;
    };
    let scale = run.size / upem;
    let skew = if run.skew.is_finite() {
        run.skew.to_radians().tan()
    } else {
        0.0
    };
    let paint = solid(run.color);
    let stroke = (run.embolden > 0.0 && run.embolden.is_finite()).then(|| tiny_skia::Stroke {
        width: run.embolden,
        line_join: LineJoin::Round,
        ..tiny_skia::Stroke::default()
    });
    let base = painter.base;
    let mut pen_x = run.origin.x;
    for glyph in &run.glyphs {
        let (x, y) = (pen_x + glyph.dx, run.origin.y + glyph.dy);
        pen_x += glyph.advance;
        let Some(outline) = painter.fonts.outline(run, glyph.id) else {
            continue;
        };
        // Font units (y up) → page pixels (y down) at the pen, leaning right by the skew:
        // x' = x + s·(u + skew·v), y' = y − s·v.
        let placed = Transform::from_row(scale, 0.0, scale * skew, -scale, x, y);
        let Some(path) = outline.clone().transform(placed) else {
            continue;
        };
        let mask = painter.clips.last().and_then(|(_, m)| m.as_ref());
        pixmap.fill_path(&path, &paint, FillRule::Winding, base, mask);
        if let Some(stroke) = &stroke {
            pixmap.stroke_path(&path, &paint, stroke, base, mask);
        }
    }
}
