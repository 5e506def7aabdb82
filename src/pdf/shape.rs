//! Shapes and paints: backgrounds, borders, rules and markers as PDF paths, filled
//! with solid colours or linear/radial gradients and stroked, plus clip rectangles.
//!
//! Everything is in page pixels; the page's scale to points is already on the
//! surface. Outlines come from [`Geometry::commands`], shared with the PNG backend,
//! so both draw the same curves.

use krilla::color::rgb as krgb;
use krilla::geom::{Path, PathBuilder};
use krilla::num::NormalizedF32;
use krilla::paint::{
    Fill, FillRule, LinearGradient, Paint as KPaint, RadialGradient, SpreadMethod, Stop as KStop,
    Stroke as KStroke,
};
use krilla::surface::Surface;

use crate::page::{Color, Geometry, Page, Paint, PathCmd, Rect, Shape, Stop};

/// Covers the whole page with its background.
pub(crate) fn fill_page(surface: &mut Surface<'_>, page: &Page) {
    let whole = Rect::new(0.0, 0.0, page.width, page.height);
    if let Some(path) = rect_path(whole) {
        draw(surface, &path, Some(&page.background), None);
    }
}

/// Draws a filled and/or stroked shape.
pub(crate) fn draw_shape(surface: &mut Surface<'_>, shape: &Shape) {
    if shape.fill.is_none() && shape.stroke.is_none() {
        return;
    }
    if let Some(path) = geometry_path(&shape.geometry) {
        draw(surface, &path, shape.fill.as_ref(), shape.stroke.as_ref());
    }
}

/// Starts clipping to `rect` until the matching `pop`. A degenerate rectangle
/// clips everything away, as an empty clip area should.
pub(crate) fn push_clip(surface: &mut Surface<'_>, rect: Rect) {
    let path = rect_path(rect).unwrap_or_else(empty_path);
    surface.push_clip_path(&path, &FillRule::NonZero);
}

fn draw(
    surface: &mut Surface<'_>,
    path: &Path,
    fill: Option<&Paint>,
    stroke: Option<&crate::page::Stroke>,
) {
    let fill = fill.and_then(|paint| {
        let (paint, opacity) = paint_of(paint)?;
        Some(Fill {
            paint,
            opacity,
            rule: FillRule::NonZero,
        })
    });
    let stroke = stroke
        .filter(|s| s.width > 0.0 && s.width.is_finite() && s.color.a > 0)
        .map(|s| KStroke {
            paint: rgb(s.color),
            width: s.width,
            opacity: opacity(s.color.a),
            ..KStroke::default()
        });
    if fill.is_none() && stroke.is_none() {
        return;
    }
    surface.set_fill(fill);
    surface.set_stroke(stroke);
    surface.draw_path(path);
    surface.set_fill(None);
    surface.set_stroke(None);
}

/// A krilla paint and its opacity; `None` for a paint that draws nothing.
fn paint_of(paint: &Paint) -> Option<(KPaint, NormalizedF32)> {
    match paint {
        Paint::Solid(color) if color.a == 0 => None,
        Paint::Solid(color) => Some((rgb(*color), opacity(color.a))),
        Paint::Linear { start, end, stops } => {
            let stops = gradient_stops(stops)?;
            let gradient = LinearGradient {
                x1: start.x,
                y1: start.y,
                x2: end.x,
                y2: end.y,
                transform: krilla::geom::Transform::identity(),
                spread_method: SpreadMethod::Pad,
                stops,
                anti_alias: false,
            };
            Some((gradient.into(), NormalizedF32::ONE))
        }
        Paint::Radial {
            center,
            radius,
            stops,
        } => {
            let stops = gradient_stops(stops)?;
            let gradient = RadialGradient {
                fx: center.x,
                fy: center.y,
                fr: 0.0,
                cx: center.x,
                cy: center.y,
                cr: radius.max(0.0),
                transform: krilla::geom::Transform::identity(),
                spread_method: SpreadMethod::Pad,
                stops,
                anti_alias: false,
            };
            Some((gradient.into(), NormalizedF32::ONE))
        }
    }
}

/// Gradient stops with their own opacities; `None` when there are none at all.
fn gradient_stops(stops: &[Stop]) -> Option<Vec<KStop>> {
    if stops.is_empty() {
        return None;
    }
    let mut out: Vec<KStop> = stops
        .iter()
        .map(|s| KStop {
            offset: NormalizedF32::new(s.offset.clamp(0.0, 1.0)).unwrap_or(NormalizedF32::ZERO),
            color: krgb::Color::new(s.color.r, s.color.g, s.color.b).into(),
            opacity: opacity(s.color.a),
        })
        .collect();
    // One stop is a solid colour; a gradient needs two.
    if out.len() == 1 {
        let mut end = out[0].clone();
        out[0].offset = NormalizedF32::ZERO;
        end.offset = NormalizedF32::ONE;
        out.push(end);
    }
    Some(out)
}

/// An sRGB colour as a krilla paint (alpha goes separately, see [`opacity`]).
pub(crate) fn rgb(color: Color) -> KPaint {
    krgb::Color::new(color.r, color.g, color.b).into()
}

/// An 8-bit alpha as a krilla opacity.
pub(crate) fn opacity(alpha: u8) -> NormalizedF32 {
    NormalizedF32::new(f32::from(alpha) / 255.0).unwrap_or(NormalizedF32::ONE)
}

fn geometry_path(geometry: &Geometry) -> Option<Path> {
    commands_path(&geometry.commands()?)
}

fn valid(rect: Rect) -> bool {
    [rect.x, rect.y, rect.w, rect.h]
        .iter()
        .all(|v| v.is_finite())
        && rect.w > 0.0
        && rect.h > 0.0
}

fn rect_path(rect: Rect) -> Option<Path> {
    if !valid(rect) {
        return None;
    }
    let mut pb = PathBuilder::new();
    pb.push_rect(krilla::geom::Rect::from_xywh(
        rect.x, rect.y, rect.w, rect.h,
    )?);
    pb.finish()
}

/// A path that encloses nothing on the page (used to clip everything away):
/// a one-pixel square above and left of the page.
fn empty_path() -> Path {
    rect_path(Rect::new(-2.0, -2.0, 1.0, 1.0)).expect("a finite, non-empty rectangle")
}

fn commands_path(cmds: &[PathCmd]) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for cmd in cmds {
        match *cmd {
            PathCmd::MoveTo(p) => pb.move_to(p.x, p.y),
            PathCmd::LineTo(p) => pb.line_to(p.x, p.y),
            PathCmd::CubicTo(a, b, p) => pb.cubic_to(a.x, a.y, b.x, b.y, p.x, p.y),
            PathCmd::Close => pb.close(),
        }
    }
    pb.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_geometry_draws_nothing() {
        assert!(rect_path(Rect::new(0.0, 0.0, 0.0, 10.0)).is_none());
        assert!(geometry_path(&Geometry::Ellipse(Rect::new(0.0, 0.0, 10.0, f32::NAN))).is_none());
        assert!(commands_path(&[]).is_none());
        let round = Geometry::RoundedRect(Rect::new(0.0, 0.0, 10.0, 10.0), [50.0; 4]);
        assert!(geometry_path(&round).is_some());
    }

    #[test]
    fn one_stop_becomes_a_flat_gradient() {
        let stops = gradient_stops(&[Stop {
            offset: 0.3,
            color: Color::rgb(1, 2, 3),
        }])
        .unwrap();
        assert_eq!(stops.len(), 2);
        assert_eq!(stops[0].offset, NormalizedF32::ZERO);
        assert_eq!(stops[1].offset, NormalizedF32::ONE);
        assert!(gradient_stops(&[]).is_none());
    }
}
