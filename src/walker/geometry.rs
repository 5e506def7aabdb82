//! reveal.js's scaling of the logical canvas into the page (format spec §8.1).

use crate::deck::{Dim, SlideOptions};

/// Where the canvas lands on the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Canvas px → page px.
    pub scale: f32,
    /// Page position of the canvas' top-left corner.
    pub offset_x: f32,
    pub offset_y: f32,
}

/// The area reveal lays slides into: the page less its margin.
fn available(options: &SlideOptions, page: (f32, f32)) -> (f32, f32) {
    let margin = options.margin.unwrap_or(0.04).clamp(0.0, 0.9) as f32;
    (page.0 - page.0 * margin, page.1 - page.1 * margin)
}

/// The logical canvas size (`width` × `height`, default 960×700; `%` of the available area).
pub fn canvas_size(options: &SlideOptions, page: (f32, f32)) -> (f32, f32) {
    let (aw, ah) = available(options, page);
    let dim = |d: Option<Dim>, default: f32, avail: f32| match d {
        Some(Dim::Px(v)) if v.is_finite() && v >= 1.0 => (v as f32).min(100_000.0),
        Some(Dim::Percent(p)) if p.is_finite() && p > 0.0 => (avail * p as f32 / 100.0).max(1.0),
        _ => default,
    };
    (
        dim(options.width, 960.0, aw),
        dim(options.height, 700.0, ah),
    )
}

/// reveal's scale and centring of the canvas on a page.
pub fn geometry(options: &SlideOptions, page: (f32, f32), canvas: (f32, f32)) -> Geometry {
    let (aw, ah) = available(options, page);
    let mut scale = (aw / canvas.0).min(ah / canvas.1);
    let min = options
        .min_scale
        .filter(|v| v.is_finite() && *v > 0.0)
        .unwrap_or(0.2) as f32;
    let max = options
        .max_scale
        .filter(|v| v.is_finite() && *v > 0.0)
        .unwrap_or(2.0) as f32;
    scale = scale.max(min).min(max);
    Geometry {
        scale,
        offset_x: (page.0 - canvas.0 * scale) / 2.0,
        offset_y: (page.1 - canvas.1 * scale) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_canvas_on_a_1080p_page() {
        let o = SlideOptions::default();
        let canvas = canvas_size(&o, (1920.0, 1080.0));
        assert_eq!(canvas, (960.0, 700.0));
        let g = geometry(&o, (1920.0, 1080.0), canvas);
        // min(1920×0.96/960, 1080×0.96/700) = 1.481142…
        assert!((g.scale - 1.481_142_9).abs() < 1e-5, "{}", g.scale);
        assert!((g.offset_x - (1920.0 - 960.0 * g.scale) / 2.0).abs() < 1e-4);
        assert!((g.offset_y - 21.6).abs() < 1e-3, "{}", g.offset_y);
    }

    #[test]
    fn options_change_canvas_and_clamp_scale() {
        let o = SlideOptions {
            width: Some(Dim::Px(1920.0)),
            height: Some(Dim::Px(1080.0)),
            margin: Some(0.0),
            ..Default::default()
        };
        let canvas = canvas_size(&o, (1920.0, 1080.0));
        let g = geometry(&o, (1920.0, 1080.0), canvas);
        assert_eq!((g.scale, g.offset_x, g.offset_y), (1.0, 0.0, 0.0));
        let small = SlideOptions {
            max_scale: Some(1.0),
            ..Default::default()
        };
        assert_eq!(
            geometry(&small, (1920.0, 1080.0), (960.0, 700.0)).scale,
            1.0
        );
        let pct = SlideOptions {
            width: Some(Dim::Percent(50.0)),
            ..Default::default()
        };
        assert_eq!(canvas_size(&pct, (1000.0, 1000.0)).0, 480.0);
    }
}
