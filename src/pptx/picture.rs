//! Pictures as picture shapes. Raster pictures keep their bytes (WebP, which older
//! Office versions cannot show, becomes PNG); an SVG is stored as itself with a PNG
//! rendering beside it for programs that do not read SVG. Each distinct picture is
//! stored once in `ppt/media/`, however many slides show it.

use std::fmt::Write;

use super::Shared;
use super::slide::{Ids, Rels};
use super::xml::{esc, xfrm};
use crate::page::{Image, RasterFormat, Rect, Svg};
use resvg::usvg;

/// The extension OOXML knows the SVG picture part by.
const SVG_EXT_URI: &str = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}";
/// Longest side of an SVG's PNG rendering, in pixels.
const MAX_RASTER: f32 = 2048.0;

/// The bytes to store for a raster picture and their extension; `None` (with a
/// warning) when a WebP picture cannot be converted.
fn stored(img: &Image, shared: &mut Shared<'_>) -> Option<(Vec<u8>, &'static str)> {
    Some(match img.format {
        RasterFormat::Png => (img.bytes.as_slice().to_vec(), "png"),
        RasterFormat::Jpeg => (img.bytes.as_slice().to_vec(), "jpeg"),
        RasterFormat::Gif => (img.bytes.as_slice().to_vec(), "gif"),
        RasterFormat::Webp => match webp_to_png(&img.bytes) {
            Some(b) => (b, "png"),
            None => {
                shared.warn(
                    img.line,
                    "a WebP picture could not be converted for the PPTX; left out",
                );
                return None;
            }
        },
    })
}

/// A raster picture.
pub(crate) fn image(
    out: &mut String,
    img: &Image,
    ids: &mut Ids,
    rels: &mut Rels,
    shared: &mut Shared<'_>,
) {
    let Some((bytes, ext)) = stored(img, shared) else {
        return;
    };
    let name = shared.media.add(bytes, ext);
    let rid = rels.add("image", format!("../media/{name}"), false);
    picture(out, ids, &rid, None, img.rect, img.clip, &img.alt);
}

/// A picture whose visible part covers the whole page as the slide's background fill
/// (`a:blipFill`, cropped to what shows); `None` when it does not cover the page.
pub(crate) fn background(
    img: &Image,
    page: Rect,
    rels: &mut Rels,
    shared: &mut Shared<'_>,
) -> Option<String> {
    let clip = img.clip.unwrap_or(page);
    let vis = intersect(intersect(img.rect, clip), page);
    let covers = vis.x <= page.x + 0.5
        && vis.y <= page.y + 0.5
        && vis.right() >= page.right() - 0.5
        && vis.bottom() >= page.bottom() - 0.5;
    if !covers || img.rect.w <= 0.0 || img.rect.h <= 0.0 {
        return None;
    }
    let (bytes, ext) = stored(img, shared)?;
    let name = shared.media.add(bytes, ext);
    let rid = rels.add("image", format!("../media/{name}"), false);
    let mut out = format!("<a:blipFill dpi=\"0\" rotWithShape=\"1\"><a:blip r:embed=\"{rid}\"/>");
    src_rect(&mut out, img.rect, vis);
    out.push_str("<a:stretch><a:fillRect/></a:stretch></a:blipFill>");
    Some(out)
}

fn intersect(a: Rect, b: Rect) -> Rect {
    let x0 = a.x.max(b.x);
    let y0 = a.y.max(b.y);
    Rect::new(
        x0,
        y0,
        a.right().min(b.right()) - x0,
        a.bottom().min(b.bottom()) - y0,
    )
}

/// `a:srcRect` cropping `rect` to its visible part `vis`, left out when nothing is cropped.
fn src_rect(out: &mut String, rect: Rect, vis: Rect) {
    let crop = |a: f32, len: f32| ((a / len * 100_000.0).round() as i64).clamp(0, 100_000);
    let (l, t) = (crop(vis.x - rect.x, rect.w), crop(vis.y - rect.y, rect.h));
    let (r, b) = (
        crop(rect.right() - vis.right(), rect.w),
        crop(rect.bottom() - vis.bottom(), rect.h),
    );
    if l + t + r + b > 0 {
        let _ = write!(out, "<a:srcRect l=\"{l}\" t=\"{t}\" r=\"{r}\" b=\"{b}\"/>");
    }
}

/// An SVG picture with its PNG fallback.
pub(crate) fn svg(
    out: &mut String,
    svg: &Svg,
    ids: &mut Ids,
    rels: &mut Rels,
    shared: &mut Shared<'_>,
) {
    let Some(png) = rasterise(&svg.source, svg.rect) else {
        shared.warn(
            svg.line,
            "an SVG picture could not be read; left out of the PPTX",
        );
        return;
    };
    let png_name = shared.media.add(png, "png");
    let svg_name = shared.media.add(svg.source.as_slice().to_vec(), "svg");
    let png_id = rels.add("image", format!("../media/{png_name}"), false);
    let svg_id = rels.add("image", format!("../media/{svg_name}"), false);
    picture(
        out,
        ids,
        &png_id,
        Some(&svg_id),
        svg.rect,
        svg.clip,
        &svg.alt,
    );
}

/// The `p:pic` element: the visible part of `rect` (inside `clip`), cropped to match.
fn picture(
    out: &mut String,
    ids: &mut Ids,
    rid: &str,
    svg_rid: Option<&str>,
    rect: Rect,
    clip: Option<Rect>,
    alt: &str,
) {
    let vis = match clip {
        Some(c) => intersect(rect, c),
        None => rect,
    };
    if !(vis.w > 0.0 && vis.h > 0.0 && rect.w > 0.0 && rect.h > 0.0) {
        return;
    }
    let id = ids.next();
    let _ = write!(
        out,
        "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"Picture {id}\" descr=\"{}\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"{rid}\">",
        esc(alt)
    );
    if let Some(s) = svg_rid {
        let _ = write!(
            out,
            "<a:extLst><a:ext uri=\"{SVG_EXT_URI}\"><asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" r:embed=\"{s}\"/></a:ext></a:extLst>"
        );
    }
    out.push_str("</a:blip>");
    src_rect(out, rect, vis);
    out.push_str("<a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>");
    xfrm(out, vis);
    out.push_str("<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>");
}

fn webp_to_png(bytes: &[u8]) -> Option<Vec<u8>> {
    let img = image::load_from_memory_with_format(bytes, image::ImageFormat::WebP).ok()?;
    encode_png(&img.to_rgba8())
}

/// PNG with fast compression: these are fallbacks and conversions, written on every
/// export, where the default level costs tens of milliseconds for little gain.
fn encode_png(img: &image::RgbaImage) -> Option<Vec<u8>> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Fast, FilterType::Adaptive)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgba8,
        )
        .ok()?;
    Some(png)
}

/// The SVG drawn at its box size on the page (capped), as PNG. The page is 1920 px
/// wide, twice a usual screen's slide, so the fallback stays sharp. The SVG is read
/// with the same options as everywhere else: it never reads a file or a URL.
fn rasterise(source: &[u8], rect: Rect) -> Option<Vec<u8>> {
    use resvg::tiny_skia;
    let options = usvg::Options {
        fontdb: crate::fonts::svg_fonts(),
        ..crate::assets::svg_options()
    };
    let tree = usvg::Tree::from_data(source, &options).ok()?;
    let size = tree.size();
    let (mut w, mut h) = (rect.w.max(1.0), rect.h.max(1.0));
    let k = (MAX_RASTER / w.max(h)).min(1.0);
    w = (w * k).round().max(1.0);
    h = (h * k).round().max(1.0);
    let mut pixmap = tiny_skia::Pixmap::new(w as u32, h as u32)?;
    let xf = tiny_skia::Transform::from_scale(w / size.width(), h / size.height());
    resvg::render(&tree, xf, &mut pixmap.as_mut());
    // tiny-skia keeps premultiplied alpha; PNG wants it straight. In place: most
    // pixels are fully transparent or opaque and stay as they are.
    let mut rgba = pixmap.take();
    for px in rgba.chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        if a != 0 && a != 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
    encode_png(&image::RgbaImage::from_raw(w as u32, h as u32, rgba)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(png: &[u8]) -> image::RgbaImage {
        image::load_from_memory(png).unwrap().to_rgba8()
    }

    #[test]
    fn the_fallback_is_drawn_at_the_box_size() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40" height="20" fill="#f00"/></svg>"##;
        let png = rasterise(svg, Rect::new(0.0, 0.0, 400.0, 200.0)).unwrap();
        let img = decoded(&png);
        assert_eq!((img.width(), img.height()), (400, 200));
        assert_eq!(img.get_pixel(200, 100).0, [255, 0, 0, 255]);
    }

    #[test]
    fn translucent_colours_come_out_straight_not_premultiplied() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#c04000" fill-opacity="0.5"/></svg>"##;
        let png = rasterise(svg, Rect::new(0.0, 0.0, 20.0, 20.0)).unwrap();
        let [r, g, b, a] = decoded(&png).get_pixel(10, 10).0;
        assert!((127..=129).contains(&a), "alpha {a}");
        assert!(
            r.abs_diff(0xc0) <= 2 && g.abs_diff(0x40) <= 2 && b == 0,
            "{r} {g} {b}"
        );
    }

    #[test]
    fn the_fallback_never_reads_a_local_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secret.png");
        image::RgbaImage::from_pixel(4, 4, image::Rgba([0, 0, 255, 255]))
            .save(&file)
            .unwrap();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><image width="10" height="10" xlink:href="{}"/></svg>"#,
            file.display()
        );
        let png = rasterise(svg.as_bytes(), Rect::new(0.0, 0.0, 50.0, 50.0)).unwrap();
        assert!(decoded(&png).pixels().all(|p| p.0[3] == 0));
    }

    #[test]
    fn svg_text_in_the_fallback_is_drawn_with_bundled_fonts() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50"><text x="5" y="40" font-family="sans-serif" font-size="40">Ingest</text></svg>"##;
        let png = rasterise(svg, Rect::new(0.0, 0.0, 200.0, 50.0)).unwrap();
        let inked = decoded(&png).pixels().filter(|p| p.0[3] > 128).count();
        assert!(inked > 300, "{inked} inked pixels");
    }
}
