//! Glyph runs: shaped text as real PDF text, and text shadows as plain outlines.
//!
//! Text keeps its glyph ids, advances and offsets exactly as the walker shaped them;
//! each glyph's text range goes to krilla, which writes the ToUnicode map (and
//! ActualText where needed) so the text copies out as it was written — a ligature
//! glyph that covers "fi" copies as "fi". A shadow uses the same geometry but is
//! drawn as glyph outlines, so it adds no second copy of the text.
//!
//! Shadows are drawn sharp: PDF has no blur, and a rasterised blur would turn
//! vector text into a bitmap. `Shadow::blur` is therefore ignored here.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use krilla::geom::{Point, Transform};
use krilla::graphic::Graphic;
use krilla::paint::{Fill, FillRule, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use super::Context;
use super::shape::{opacity, rgb};
use crate::page::{FontData, GlyphRun, Shadow, Text};

/// krilla fonts by face, so each face is parsed once and embedded once.
#[derive(Default)]
pub(crate) struct FontCache {
    faces: HashMap<(u64, u32), Option<Font>>,
}

impl FontCache {
    /// The krilla font for a face; `None` when the bytes are not a usable font.
    fn get(&mut self, data: &FontData) -> Option<Font> {
        self.faces
            .entry((data.key, data.index))
            // krilla keeps the Arc: no copy of the font bytes is made.
            .or_insert_with(|| Font::new(data.bytes.clone().into(), data.index))
            .clone()
    }
}

/// Draws the glyph runs of a text item as extractable text.
pub(crate) fn draw_text(surface: &mut Surface<'_>, text: &Text, ctx: &mut Context<'_>) {
    for run in &text.runs {
        draw_run(surface, run, ctx.outline_text, text.line, ctx);
    }
}

/// Outline graphics of shadow runs, by everything about the run but its position.
#[derive(Default)]
pub(crate) struct ShadowCache {
    graphics: HashMap<u64, Graphic>,
}

/// Identity of a run's outlines: face, size, colour, synthesis and glyphs, not its origin.
fn shadow_key(run: &GlyphRun) -> u64 {
    let mut h = DefaultHasher::new();
    (
        run.font.key,
        run.font.index,
        run.size.to_bits(),
        run.skew.to_bits(),
        run.embolden.to_bits(),
    )
        .hash(&mut h);
    (run.color.r, run.color.g, run.color.b, run.color.a).hash(&mut h);
    for g in &run.glyphs {
        (g.id, g.advance.to_bits(), g.dx.to_bits(), g.dy.to_bits()).hash(&mut h);
    }
    h.finish()
}

/// Draws a text shadow as filled glyph outlines (no text operators, nothing to copy).
///
/// Shadows repeat: a halo is the same run at several offsets, a heading style recurs on
/// every slide. Each distinct run's outlines become one form drawn at the origin and
/// placed at every position, so the outlines are written (and compressed) once.
pub(crate) fn draw_shadow(surface: &mut Surface<'_>, shadow: &Shadow, ctx: &mut Context<'_>) {
    for run in &shadow.runs {
        if run.glyphs.is_empty() || !(run.size.is_finite() && run.size > 0.0) {
            continue;
        }
        let key = shadow_key(run);
        let graphic = match ctx.shadows.graphics.get(&key) {
            Some(g) => g.clone(),
            None => {
                let mut at_origin = run.clone();
                at_origin.origin = crate::page::Point { x: 0.0, y: 0.0 };
                let mut builder = surface.stream_builder();
                let mut inner = builder.surface();
                draw_run(&mut inner, &at_origin, true, shadow.line, ctx);
                inner.finish();
                let graphic = Graphic::new(builder.finish(), false);
                ctx.shadows.graphics.insert(key, graphic.clone());
                graphic
            }
        };
        surface.push_transform(&Transform::from_translate(run.origin.x, run.origin.y));
        surface.draw_graphic(graphic);
        surface.pop();
    }
}

/// Draws one run; `outlined` draws the glyphs as paths instead of text.
fn draw_run(
    surface: &mut Surface<'_>,
    run: &GlyphRun,
    outlined: bool,
    line: usize,
    ctx: &mut Context<'_>,
) {
    if run.glyphs.is_empty() || !(run.size.is_finite() && run.size > 0.0) {
        return;
    }
    let Some(font) = ctx.fonts.get(&run.font) else {
        ctx.warn(
            line,
            "a font could not be read; its text is left out of the PDF",
        );
        return;
    };
    let mut bad_ranges = false;
    let glyphs: Vec<KrillaGlyph> = run
        .glyphs
        .iter()
        .map(|g| {
            let range = checked_range(&run.text, &g.text);
            bad_ranges |= range != g.text;
            // krilla wants em units, and its y offset points up where ours points down.
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.id)),
                g.advance / run.size,
                g.dx / run.size,
                -g.dy / run.size,
                0.0,
                range,
                // The deck line, so a validator's complaint names the slide.
                std::num::NonZeroU64::new(line as u64),
            )
        })
        .collect();
    if bad_ranges {
        ctx.warn(
            line,
            "some glyphs point outside their text; they copy as nothing",
        );
    }

    let (paint, alpha) = (rgb(run.color), opacity(run.color.a));
    surface.set_fill(Some(Fill {
        paint: paint.clone(),
        opacity: alpha,
        rule: FillRule::NonZero,
    }));
    // Synthetic bold: the same colour stroked around the fill, round joins so
    // sharp corners do not grow spikes.
    surface.set_stroke(
        (run.embolden > 0.0 && run.embolden.is_finite()).then(|| Stroke {
            paint,
            width: run.embolden,
            opacity: alpha,
            line_join: LineJoin::Round,
            ..Stroke::default()
        }),
    );

    let skewed = run.skew != 0.0 && run.skew.is_finite();
    if skewed {
        surface.push_transform(&oblique(run.skew, run.origin.y));
    }
    surface.draw_glyphs(
        Point::from_xy(run.origin.x, run.origin.y),
        &glyphs,
        font,
        &run.text,
        run.size,
        outlined,
    );
    if skewed {
        surface.pop();
    }
    surface.set_fill(None);
    surface.set_stroke(None);
}

/// A shear that leans glyphs to the right by `degrees`, pivoting on the baseline
/// at `baseline_y` (y down: points above the baseline move right).
///
/// `GlyphRun::skew` is read as an angle in degrees, as fontique's synthesis
/// suggests it (typically 14°).
fn oblique(degrees: f32, baseline_y: f32) -> Transform {
    let t = degrees.to_radians().tan();
    // x' = x - t·(y - baseline_y), y' = y
    Transform::from_row(1.0, 0.0, -t, 1.0, t * baseline_y, 0.0)
}

/// The glyph's text range if it is valid for `text`, else an empty range
/// (krilla slices the text with it and would panic on a bad one).
fn checked_range(text: &str, range: &Range<usize>) -> Range<usize> {
    let valid = range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end);
    if valid { range.clone() } else { 0..0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_ranges_become_empty() {
        assert_eq!(checked_range("fi", &(0..2)), 0..2);
        assert_eq!(checked_range("fi", &(0..3)), 0..0);
        assert_eq!(checked_range("é", &(0..1)), 0..0);
        let reversed = Range { start: 2, end: 1 };
        assert_eq!(checked_range("ab", &reversed), 0..0);
    }

    #[test]
    fn oblique_moves_points_above_the_baseline_right() {
        let t = oblique(14.0, 100.0);
        // A point 10 px above the baseline (y = 90) moves right, the baseline stays.
        let above = t.kx() * 90.0 + t.tx();
        let on = t.kx() * 100.0 + t.tx();
        assert!(above > 0.0);
        assert!(on.abs() < 1e-4);
    }
}
