//! Pictures: raster pictures decoded and stretched into their rectangles, SVGs
//! rendered by resvg at the size they are shown.
//!
//! Each picture is decoded once per painting thread, keyed by the address of its
//! bytes (the display list shares one `Arc` per asset). A picture that does not
//! decode is left out with a warning, as in the PDF.

use std::collections::HashMap;
use std::sync::Arc;

use resvg::usvg;
use tiny_skia::{FilterQuality, IntSize, Pixmap, PixmapPaint, Transform};

use super::{Painter, intersect};
use crate::page::{self, Rect};

#[derive(Default)]
pub(crate) struct Cache {
    rasters: HashMap<usize, Result<Arc<Pixmap>, String>>,
    svgs: HashMap<usize, Result<Arc<usvg::Tree>, String>>,
}

fn decode(bytes: &[u8]) -> Result<Pixmap, String> {
    let image = image::load_from_memory(bytes).map_err(|e| e.to_string())?;
    let rgba = image.to_rgba8();
    let (w, h) = rgba.dimensions();
    let size = IntSize::from_wh(w, h).ok_or("the picture is empty")?;
    let mut data = rgba.into_raw();
    // tiny-skia works in premultiplied alpha.
    for px in data.chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        if a < 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * a + 127) / 255) as u8;
            }
        }
    }
    Pixmap::from_vec(data, size).ok_or_else(|| "the picture has a bad size".to_string())
}

fn parse_svg(source: &[u8], fonts: &Arc<usvg::fontdb::Database>) -> Result<usvg::Tree, String> {
    let mut options = usvg::Options {
        fontdb: fonts.clone(),
        ..usvg::Options::default()
    };
    // No file access from a backend: external `<image href="file">` draws nothing.
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    usvg::Tree::from_data(source, &options).map_err(|e| e.to_string())
}

fn describe(alt: &str, kind: &str) -> String {
    if alt.trim().is_empty() {
        format!("a {kind}")
    } else {
        format!("the {kind} “{}”", alt.trim())
    }
}

/// The clip for a picture: its own clip within the page's open clip.
fn clip_for(painter: &Painter<'_>, own: Option<Rect>) -> Option<Rect> {
    let outer = painter.clips.last().map(|(r, _)| *r);
    match (outer, own) {
        (Some(a), Some(b)) => Some(intersect(a, b)),
        (a, b) => a.or(b),
    }
}

/// Draws `layer` (a page-sized pixmap or the picture itself) through a clip mask.
fn mask_for(painter: &Painter<'_>, pixmap: &Pixmap, clip: Option<Rect>) -> Option<tiny_skia::Mask> {
    let clip = clip?;
    let mut mask = tiny_skia::Mask::new(pixmap.width(), pixmap.height())?;
    if let Some(path) = super::rect_path(clip) {
        mask.fill_path(&path, tiny_skia::FillRule::Winding, true, painter.base);
    }
    Some(mask)
}

fn drawable(rect: Rect) -> bool {
    [rect.x, rect.y, rect.w, rect.h]
        .iter()
        .all(|v| v.is_finite())
        && rect.w > 0.0
        && rect.h > 0.0
}

pub(crate) fn draw_image(painter: &mut Painter<'_>, pixmap: &mut Pixmap, picture: &page::Image) {
    if !drawable(picture.rect) || painter.clipped_out() {
        return;
    }
    let key = Arc::as_ptr(&picture.bytes) as usize;
    let decoded = painter
        .pictures
        .rasters
        .entry(key)
        .or_insert_with(|| decode(&picture.bytes).map(Arc::new))
        .clone();
    let source = match decoded {
        Ok(p) => p,
        Err(reason) => {
            let name = describe(&picture.alt, "picture");
            painter.warn(
                picture.line,
                format!("{name} could not be decoded ({reason}); it is left out of the PNG"),
            );
            return;
        }
    };
    let (sx, sy) = (
        picture.rect.w / source.width() as f32,
        picture.rect.h / source.height() as f32,
    );
    let transform = painter
        .base
        .pre_translate(picture.rect.x, picture.rect.y)
        .pre_scale(sx, sy);
    let paint = PixmapPaint {
        quality: FilterQuality::Bilinear,
        ..PixmapPaint::default()
    };
    let clip = clip_for(painter, picture.clip);
    let mask = mask_for(painter, pixmap, clip);
    pixmap.draw_pixmap(0, 0, (*source).as_ref(), &paint, transform, mask.as_ref());
}

pub(crate) fn draw_svg(painter: &mut Painter<'_>, pixmap: &mut Pixmap, svg: &page::Svg) {
    if !drawable(svg.rect) || painter.clipped_out() {
        return;
    }
    let key = Arc::as_ptr(&svg.source) as usize;
    let fonts = painter.options.svg_fonts.clone();
    let parsed = painter
        .pictures
        .svgs
        .entry(key)
        .or_insert_with(|| parse_svg(&svg.source, &fonts).map(Arc::new))
        .clone();
    let tree = match parsed {
        Ok(t) => t,
        Err(reason) => {
            let name = describe(&svg.alt, "SVG picture");
            painter.warn(
                svg.line,
                format!("{name} could not be read ({reason}); it is left out of the PNG"),
            );
            return;
        }
    };
    let size = tree.size();
    let transform = painter
        .base
        .pre_translate(svg.rect.x, svg.rect.y)
        .pre_scale(svg.rect.w / size.width(), svg.rect.h / size.height());
    match clip_for(painter, svg.clip) {
        None => resvg::render(&tree, transform, &mut pixmap.as_mut()),
        Some(clip) => {
            // resvg takes no mask: render on a layer, then copy it through the clip.
            let Some(mut layer) = Pixmap::new(pixmap.width(), pixmap.height()) else {
                return;
            };
            resvg::render(&tree, transform, &mut layer.as_mut());
            let mask = mask_for(painter, pixmap, Some(clip));
            pixmap.draw_pixmap(
                0,
                0,
                layer.as_ref(),
                &PixmapPaint::default(),
                Transform::identity(),
                mask.as_ref(),
            );
        }
    }
}
