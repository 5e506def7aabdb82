//! Where a slide's background picture goes: reveal's background layer covers the
//! whole page, and the picture is placed on it by CSS `background-size`,
//! `background-position` and `background-repeat` (format spec §8.6), from the
//! slide's `data-background-size|position|repeat` (defaults `cover`, `50% 50%`,
//! `no-repeat`). Lengths are page px, as the layer is not scaled with the slide.

use crate::page::Rect;

/// Most tiles drawn for a repeated background; a tinier tile stops repeating there.
const MAX_TILES: usize = 4096;

/// The slide attributes that place a background picture, as written.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Placement<'a> {
    pub size: Option<&'a str>,
    pub position: Option<&'a str>,
    pub repeat: Option<&'a str>,
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
        }
    }
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
    fn a_tiny_tile_stops_at_the_limit() {
        let r = place("1px", "0 0", "repeat", (1.0, 1.0));
        assert_eq!(r.len(), MAX_TILES);
    }
}
