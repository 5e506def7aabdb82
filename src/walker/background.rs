//! Where a slide's background picture goes: reveal's background layer covers the
//! whole page, and the picture is placed on it by CSS `background-size`,
//! `background-position` and `background-repeat` (format spec §8.6), from the
//! slide's `data-background-size|position|repeat` (defaults `cover`, `50% 50%`,
//! `no-repeat`). Lengths are page px, as the layer is not scaled with the slide.
//! `data-background-opacity` is baked into the picture ([`with_opacity`]).

use crate::assets::Asset;
use crate::page::{RasterFormat, Rect};
use std::sync::Arc;

/// Most tiles drawn for a repeated background; a tinier tile stops repeating there.
const MAX_TILES: usize = 4096;

/// The slide attributes that place a background picture, as written.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Placement<'a> {
    pub size: Option<&'a str>,
    pub position: Option<&'a str>,
    pub repeat: Option<&'a str>,
    pub opacity: Option<&'a str>,
}

impl<'a> Placement<'a> {
    /// Reads the three attributes from a slide's attribute list.
    pub(crate) fn from_attrs(attrs: &'a [(String, String)]) -> Self {
        let get = |name: &str| {
            attrs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        Self {
            size: get("data-background-size"),
            position: get("data-background-position"),
            repeat: get("data-background-repeat"),
            opacity: get("data-background-opacity"),
        }
    }

    /// The layer's opacity, 0–1 (1 when absent or unreadable).
    pub(crate) fn opacity(&self) -> f32 {
        self.opacity
            .and_then(|o| o.trim().parse::<f32>().ok())
            .filter(|o| o.is_finite())
            .map_or(1.0, |o| o.clamp(0.0, 1.0))
    }
}

/// A copy of a background picture drawn at `opacity` (below 1): raster pixels get
/// their alpha scaled and are stored as PNG; an SVG is wrapped in a translucent group.
pub(crate) fn with_opacity(asset: &Asset, opacity: f32) -> Asset {
    match asset {
        Asset::Raster {
            bytes,
            width,
            height,
            ..
        } => {
            let Ok(picture) = image::load_from_memory(bytes) else {
                return asset.clone();
            };
            let mut rgba = picture.to_rgba8();
            for p in rgba.pixels_mut() {
                p.0[3] = (f32::from(p.0[3]) * opacity).round() as u8;
            }
            let mut out = std::io::Cursor::new(Vec::new());
            if rgba.write_to(&mut out, image::ImageFormat::Png).is_err() {
                return asset.clone();
            }
            Asset::Raster {
                format: RasterFormat::Png,
                bytes: Arc::new(out.into_inner()),
                width: *width,
                height: *height,
            }
        }
        Asset::Svg {
            bytes,
            width,
            height,
        } => {
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
                 viewBox=\"0 0 {width} {height}\"><g opacity=\"{opacity}\"><image width=\"{width}\" \
                 height=\"{height}\" preserveAspectRatio=\"none\" href=\"data:image/svg+xml;base64,{}\"/>\
                 </g></svg>",
                base64(bytes)
            );
            Asset::Svg {
                bytes: Arc::new(svg.into_bytes()),
                width: *width,
                height: *height,
            }
        }
        Asset::Missing => Asset::Missing,
    }
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(A[((v >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The rectangles (page px) one picture of `intrinsic` size is drawn into, on a
/// background area of `area` size at the origin.
pub(crate) fn tiles(
    placement: &Placement<'_>,
    intrinsic: (f32, f32),
    area: (f32, f32),
) -> Vec<Rect> {
    let (iw, ih) = (intrinsic.0.max(1e-3), intrinsic.1.max(1e-3));
    let (w, h) = size(placement.size.unwrap_or("cover"), (iw, ih), area);
    if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
        return Vec::new();
    }
    let (px, py) = position(placement.position.unwrap_or("50% 50%"));
    let x = px.offset(area.0 - w);
    let y = py.offset(area.1 - h);
    let (rx, ry) = repeat(placement.repeat.unwrap_or("no-repeat"));
    let xs = starts(x, w, area.0, rx);
    let ys = starts(y, h, area.1, ry);
    let mut out = Vec::new();
    'rows: for &ty in &ys {
        for &tx in &xs {
            if out.len() >= MAX_TILES {
                break 'rows;
            }
            out.push(Rect::new(tx, ty, w, h));
        }
    }
    out
}

/// Tile origins along one axis: just `at`, or every multiple of `len` that shows.
fn starts(at: f32, len: f32, extent: f32, repeat: bool) -> Vec<f32> {
    if !repeat {
        return vec![at];
    }
    let first = at - (at / len).ceil() * len;
    let mut out = Vec::new();
    let mut p = first;
    while p < extent && out.len() < MAX_TILES {
        out.push(p);
        p += len;
    }
    out
}

/// `background-size`: `cover`, `contain`, `auto`, or one or two lengths.
fn size(value: &str, (iw, ih): (f32, f32), (aw, ah): (f32, f32)) -> (f32, f32) {
    let v = value.trim().to_ascii_lowercase();
    match v.as_str() {
        "cover" => {
            let s = (aw / iw).max(ah / ih);
            return (iw * s, ih * s);
        }
        "contain" => {
            let s = (aw / iw).min(ah / ih);
            return (iw * s, ih * s);
        }
        _ => {}
    }
    let mut parts = v.split_whitespace();
    let w = parts.next().and_then(|t| length(t, aw));
    let h = parts.next().and_then(|t| length(t, ah));
    match (w, h) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, w * ih / iw),
        (None, Some(h)) => (h * iw / ih, h),
        (None, None) => (iw, ih),
    }
}

/// A CSS length in px or % of `of`; `auto` and anything unknown are `None`.
fn length(token: &str, of: f32) -> Option<f32> {
    if let Some(p) = token.strip_suffix('%') {
        return p.parse::<f32>().ok().map(|p| p / 100.0 * of);
    }
    let n = token.strip_suffix("px").unwrap_or(token);
    n.parse::<f32>()
        .ok()
        .filter(|n| *n >= 0.0 && (token.ends_with("px") || *n == 0.0))
}

/// One axis of `background-position`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pos {
    /// A fraction of the free space (CSS percentages, keywords).
    Fraction(f32),
    /// Page px from the area's edge.
    Px(f32),
}

impl Pos {
    fn offset(self, free: f32) -> f32 {
        match self {
            Pos::Fraction(f) => free * f,
            Pos::Px(p) => p,
        }
    }
}

/// `background-position` with one or two values (keywords, % or px).
fn position(value: &str) -> (Pos, Pos) {
    let v = value.trim().to_ascii_lowercase();
    let tokens: Vec<&str> = v.split_whitespace().collect();
    let keyword = |t: &str| match t {
        "left" | "top" => Some(Pos::Fraction(0.0)),
        "center" => Some(Pos::Fraction(0.5)),
        "right" | "bottom" => Some(Pos::Fraction(1.0)),
        _ => None,
    };
    let value = |t: &str| {
        keyword(t).or_else(|| {
            if let Some(p) = t.strip_suffix('%') {
                p.parse::<f32>().ok().map(|p| Pos::Fraction(p / 100.0))
            } else {
                t.strip_suffix("px")
                    .unwrap_or(t)
                    .parse::<f32>()
                    .ok()
                    .map(Pos::Px)
            }
        })
    };
    let center = Pos::Fraction(0.5);
    match tokens.as_slice() {
        [one] => {
            let p = value(one).unwrap_or(center);
            if matches!(*one, "top" | "bottom") {
                (center, p)
            } else {
                (p, center)
            }
        }
        [a, b, ..] => {
            let (a, b) = if matches!(*a, "top" | "bottom") || matches!(*b, "left" | "right") {
                (b, a)
            } else {
                (a, b)
            };
            (value(a).unwrap_or(center), value(b).unwrap_or(center))
        }
        [] => (center, center),
    }
}

/// `background-repeat` per axis.
fn repeat(value: &str) -> (bool, bool) {
    let v = value.trim().to_ascii_lowercase();
    match v.as_str() {
        "repeat-x" => (true, false),
        "repeat-y" => (false, true),
        "no-repeat" => (false, false),
        _ => {
            let mut parts = v.split_whitespace();
            let a = parts.next().unwrap_or("no-repeat");
            let b = parts.next().unwrap_or(a);
            let on = |t: &str| matches!(t, "repeat" | "space" | "round");
            (on(a), on(b))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: (f32, f32) = (1920.0, 1080.0);

    #[track_caller]
    fn assert_close(got: &[Rect], want: &[Rect]) {
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (g, w) in got.iter().zip(want) {
            let d = [g.x - w.x, g.y - w.y, g.w - w.w, g.h - w.h];
            assert!(d.iter().all(|d| d.abs() < 0.01), "{got:?} vs {want:?}");
        }
    }

    fn place(size: &str, position: &str, repeat: &str, img: (f32, f32)) -> Vec<Rect> {
        let p = Placement {
            size: Some(size),
            position: Some(position),
            repeat: Some(repeat),
            opacity: None,
        };
        tiles(&p, img, PAGE)
    }

    #[test]
    fn cover_keeps_the_aspect_and_centres() {
        let r = tiles(&Placement::default(), (800.0, 600.0), PAGE);
        assert_close(&r, &[Rect::new(0.0, -180.0, 1920.0, 1440.0)]);
    }

    #[test]
    fn contain_fits_inside() {
        let r = place("contain", "center", "no-repeat", (500.0, 500.0));
        assert_close(&r, &[Rect::new(420.0, 0.0, 1080.0, 1080.0)]);
    }

    #[test]
    fn lengths_and_positions() {
        let r = place("100px", "left top", "no-repeat", (50.0, 25.0));
        assert_close(&r, &[Rect::new(0.0, 0.0, 100.0, 50.0)]);
        let r = place("50% auto", "bottom right", "no-repeat", (100.0, 100.0));
        assert_close(&r, &[Rect::new(960.0, 120.0, 960.0, 960.0)]);
        let r = place("auto", "10px 25%", "no-repeat", (200.0, 80.0));
        assert_close(&r, &[Rect::new(10.0, 250.0, 200.0, 80.0)]);
    }

    #[test]
    fn repeat_tiles_the_whole_page() {
        let r = place("480px 540px", "0% 0%", "repeat", (10.0, 10.0));
        assert_eq!(r.len(), 8);
        let r = place("400px 400px", "center", "repeat-x", (10.0, 10.0));
        // Centred: 760..1160 plus tiles to both sides, one row.
        assert!(r.iter().all(|t| t.y == 340.0));
        assert!(r.iter().any(|t| t.x == 760.0));
        assert_eq!(r.first().unwrap().x, -40.0);
        assert_eq!(r.len(), 5);
    }

    #[test]
    fn opacity_scales_alpha_and_wraps_svgs() {
        let png = crate::assets::stand_in_png(4.0, 2.0);
        let asset = crate::assets::decode(png).unwrap();
        let Asset::Raster { bytes, format, .. } = with_opacity(&asset, 0.5) else {
            panic!()
        };
        assert_eq!(format, RasterFormat::Png);
        let rgba = image::load_from_memory(&bytes).unwrap().to_rgba8();
        assert!(rgba.pixels().all(|p| p.0[3] == 128));

        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4"><rect width="8" height="4"/></svg>"#;
        let asset = crate::assets::decode(svg.to_vec()).unwrap();
        let wrapped = with_opacity(&asset, 0.25);
        let Asset::Svg { bytes, .. } = &wrapped else {
            panic!()
        };
        let text = String::from_utf8_lossy(bytes);
        assert!(text.contains("opacity=\"0.25\""), "{text}");
        // Still a valid SVG of the same size, under the safe options.
        assert_eq!(
            crate::assets::decode(bytes.to_vec()).unwrap().size(),
            (8.0, 4.0)
        );
        let tree = resvg::usvg::Tree::from_data(bytes, &crate::assets::svg_options()).unwrap();
        assert!(tree.root().has_children(), "the picture inside is kept");
        assert_eq!(base64(b"hello"), "aGVsbG8=");
    }

    #[test]
    fn opacity_attribute_is_read_and_clamped() {
        let attrs = vec![("data-background-opacity".to_string(), "0.3".to_string())];
        assert_eq!(Placement::from_attrs(&attrs).opacity(), 0.3);
        assert_eq!(Placement::default().opacity(), 1.0);
        let attrs = vec![("data-background-opacity".to_string(), "7".to_string())];
        assert_eq!(Placement::from_attrs(&attrs).opacity(), 1.0);
    }

    #[test]
    fn a_tiny_tile_stops_at_the_limit() {
        let r = place("1px", "0 0", "repeat", (1.0, 1.0));
        assert_eq!(r.len(), MAX_TILES);
    }
}
