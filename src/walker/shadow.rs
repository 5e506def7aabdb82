//! Box shadows (`box-shadow`), which Blitz computes but does not paint: outer
//! shadows as vector shapes beneath their box, the blur approximated by nested
//! faint layers, the box cut out of each.

use crate::page::{self, Color, Geometry};

/// A closed outline traced the other way round: added to an outline, it cuts a
/// hole (nonzero winding).
pub(crate) fn reversed(commands: &[page::PathCmd]) -> Vec<page::PathCmd> {
    use page::PathCmd;
    let Some(PathCmd::MoveTo(start)) = commands.first() else {
        return Vec::new();
    };
    // Each segment as (from, controls, to).
    let mut segments = Vec::new();
    let mut at = *start;
    for command in &commands[1..] {
        match *command {
            PathCmd::LineTo(p) => {
                segments.push((at, None, p));
                at = p;
            }
            PathCmd::CubicTo(a, b, p) => {
                segments.push((at, Some((a, b)), p));
                at = p;
            }
            PathCmd::MoveTo(_) | PathCmd::Close => break,
        }
    }
    let mut out = vec![PathCmd::MoveTo(*start)];
    if at != *start {
        out.push(PathCmd::LineTo(at));
    }
    for (from, controls, _) in segments.into_iter().rev() {
        out.push(match controls {
            Some((a, b)) => PathCmd::CubicTo(b, a, from),
            None => PathCmd::LineTo(from),
        });
    }
    out.push(PathCmd::Close);
    out
}

/// Layers that draw a box shadow: one shape in the shadow's colour when it is
/// sharp; when blurred, twelve nested shapes, each a little opaque, grown or shrunk
/// from the edge by the quantiles of a Gaussian of σ = blur / 2 (as CSS defines the
/// blur), so the number of layers over a point, and so the shadow's opacity there,
/// falls off across the edge as the blurred edge does. Vector shapes keep the PDF
/// small and every backend the same.
pub(crate) fn box_shadow_layers(
    color: Color,
    blur: f32,
    shape: impl Fn(f32) -> Geometry,
) -> Vec<(Geometry, Color)> {
    // Φ⁻¹((k + 0.5) / 12) for k = 0‥5; the other six are their negatives.
    const Z: [f32; 6] = [1.7317, 1.1503, 0.8122, 0.5485, 0.3186, 0.1046];
    if color.a == 0 {
        return Vec::new();
    }
    if !(blur.is_finite() && blur >= 1.0) {
        return vec![(shape(0.0), color)];
    }
    let layers = 2 * Z.len() as u16;
    // Each layer's alpha: halfway between the share of the shadow's alpha A that a
    // band holds (A / n: right at the faint outer edge, where one layer covers) and
    // the alpha that makes all layers together give A (1 − (1 − a)^n = A: right in
    // the middle, where all cover).
    let total = f32::from(color.a) / 255.0;
    let n = f32::from(layers);
    let each = (total / n + 1.0 - (1.0 - total.min(0.999)).powf(1.0 / n)) / 2.0;
    let alpha = (each * 255.0).round().clamp(1.0, 255.0) as u8;
    let sigma = blur / 2.0;
    // From the outermost (grown by 1.73 σ) to the innermost (shrunk by as much).
    Z.iter()
        .copied()
        .chain(Z.iter().rev().map(|z| -z))
        .map(|z| (shape(z * sigma), Color { a: alpha, ..color }))
        .collect()
}
