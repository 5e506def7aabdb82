//! Glyph runs painted as filled outlines of the faces the display list names.
//!
//! Outlines come from skrifa, unhinted, in font units, and are kept per face and
//! glyph; each placement scales them to the run's size, flips y (font units point
//! up), applies the synthetic oblique, and moves them to the pen position. Synthetic
//! bold is a stroke of the run's colour around the fill, as in the PDF.
//!
//! A glyph with colour layers (a `COLR` version 0 record, as in the bundled emoji
//! face) is painted layer by layer, each outline in its colour from the face's
//! first `CPAL` palette; a layer that asks for the foreground takes the run's colour.

use std::collections::HashMap;

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, GlyphId, MetadataProvider};
use tiny_skia::{FillRule, LineJoin, Path, PathBuilder, Pixmap, Transform};

use super::{Painter, solid};
use crate::page::{Color, GlyphRun, Shadow};

/// One colour layer of a glyph: the outline's glyph and its colour, `None` for the
/// text's own colour.
type Layer = (u16, Option<Color>);

/// Glyph outlines in font units by face and glyph, and each face's units per em;
/// `None` marks a face or glyph that could not be read.
#[derive(Default)]
pub(crate) struct OutlineCache {
    faces: HashMap<(u64, u32), Option<f32>>,
    glyphs: HashMap<(u64, u32, u16), Option<Path>>,
    layers: HashMap<(u64, u32, u16), Option<Vec<Layer>>>,
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

    /// A glyph's colour layers, bottom first; `None` when the glyph has none (it is
    /// then one outline in the run's colour).
    fn layers(&mut self, run: &GlyphRun, id: u16) -> Option<&[Layer]> {
        self.layers
            .entry((run.font.key, run.font.index, id))
            .or_insert_with(|| {
                let font = FontRef::from_index((*run.font.bytes).as_ref(), run.font.index).ok()?;
                let colr = font.colr().ok()?;
                let range = colr.v0_base_glyph(GlyphId::new(u32::from(id))).ok()??;
                let palette = font.cpal().ok();
                let records = palette
                    .as_ref()
                    .and_then(|p| p.color_records_array()?.ok())
                    .unwrap_or_default();
                // Palette 0 starts at the first entry of the index list.
                let first = palette
                    .as_ref()
                    .and_then(|p| p.color_record_indices().first())
                    .map_or(0, |i| usize::from(i.get()));
                let layers: Vec<Layer> = range
                    .filter_map(|i| colr.v0_layer(i).ok())
                    .map(|(glyph, entry)| {
                        let color = (entry != 0xFFFF)
                            .then(|| records.get(first + usize::from(entry)))
                            .flatten()
                            .map(|c| Color {
                                r: c.red(),
                                g: c.green(),
                                b: c.blue(),
                                a: c.alpha(),
                            });
                        (glyph.to_u16(), color)
                    })
                    .collect();
                (!layers.is_empty()).then_some(layers)
            })
            .as_deref()
    }
}

/// Paints a text shadow: sharp when it has no blur, else drawn on a layer around
/// its runs, blurred, and laid onto the page.
pub(crate) fn draw_shadow(painter: &mut Painter<'_>, pixmap: &mut Pixmap, shadow: &Shadow) {
    let blur = shadow.blur * painter.base.sx;
    if !(blur.is_finite() && blur >= 1.0) {
        for run in &shadow.runs {
            draw_run(painter, pixmap, run, shadow.line);
        }
        return;
    }
    // The runs' extent in output pixels, grown by the blur's reach.
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for run in &shadow.runs {
        let width: f32 = run
            .glyphs
            .iter()
            .map(|g| g.advance.abs() + g.dx.abs())
            .sum();
        x0 = x0.min(run.origin.x - run.size);
        x1 = x1.max(run.origin.x + width + run.size);
        y0 = y0.min(run.origin.y - run.size * 1.5);
        y1 = y1.max(run.origin.y + run.size * 0.6);
    }
    let s = painter.base.sx;
    let reach = blur * 1.5;
    let (lx, ly) = (
        (x0 * s - reach).floor().max(0.0),
        (y0 * s - reach).floor().max(0.0),
    );
    let (rx, ry) = (
        (x1 * s + reach).ceil().min(pixmap.width() as f32),
        (y1 * s + reach).ceil().min(pixmap.height() as f32),
    );
    if !(rx > lx && ry > ly) {
        return;
    }
    let Some(mut layer) = Pixmap::new((rx - lx) as u32, (ry - ly) as u32) else {
        return;
    };
    // Paint the runs unclipped on the layer, shifted to its corner.
    let (base, clips) = (painter.base, std::mem::take(&mut painter.clips));
    painter.base = base.post_translate(-lx, -ly);
    for run in &shadow.runs {
        draw_run(painter, &mut layer, run, shadow.line);
    }
    painter.base = base;
    painter.clips = clips;
    super::blur::blur(&mut layer, blur);
    pixmap.draw_pixmap(
        lx as i32,
        ly as i32,
        layer.as_ref(),
        &tiny_skia::PixmapPaint::default(),
        Transform::identity(),
        painter.mask(),
    );
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
    let mut pen_x = run.origin.x;
    for glyph in &run.glyphs {
        let (x, y) = (pen_x + glyph.dx, run.origin.y + glyph.dy);
        pen_x += glyph.advance;
        // Font units (y up) → page pixels (y down) at the pen, leaning right by the skew:
        // x' = x + s·(u + skew·v), y' = y − s·v.
        let placed = Transform::from_row(scale, 0.0, scale * skew, -scale, x, y);
        let layers = painter.fonts.layers(run, glyph.id).map(<[Layer]>::to_vec);
        let Some(layers) = layers else {
            fill_glyph(
                painter,
                pixmap,
                run,
                glyph.id,
                placed,
                &paint,
                stroke.as_ref(),
            );
            continue;
        };
        for (layer, color) in layers {
            // A layer's alpha scales with the text's, so a faded run fades its emoji too.
            let color = color.map_or(run.color, |c| Color {
                a: ((u16::from(c.a) * u16::from(run.color.a) + 127) / 255) as u8,
                ..c
            });
            fill_glyph(painter, pixmap, run, layer, placed, &solid(color), None);
        }
    }
}

/// Fills one glyph outline placed on the page, and strokes it for synthetic bold.
fn fill_glyph(
    painter: &mut Painter<'_>,
    pixmap: &mut Pixmap,
    run: &GlyphRun,
    id: u16,
    placed: Transform,
    paint: &tiny_skia::Paint<'_>,
    stroke: Option<&tiny_skia::Stroke>,
) {
    let Some(outline) = painter.fonts.outline(run, id) else {
        return;
    };
    let Some(path) = outline.clone().transform(placed) else {
        return;
    };
    let mask = painter.clips.last().and_then(|(_, m)| m.as_ref());
    pixmap.fill_path(&path, paint, FillRule::Winding, painter.base, mask);
    if let Some(stroke) = stroke {
        pixmap.stroke_path(&path, paint, stroke, painter.base, mask);
    }
}
