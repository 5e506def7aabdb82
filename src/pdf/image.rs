//! Pictures: raster images embedded from their original bytes, SVGs drawn as vectors.
//!
//! JPEG goes into the PDF unchanged (DCTDecode); PNG, GIF and WebP are decoded by
//! krilla and re-compressed. krilla reads only a picture's header when it is handed
//! over and decodes the pixels while writing, so a picture with a good header and
//! broken data fails late: [`super::write`] then remembers it in [`Refused`] and
//! writes the document again without it.
//!
//! SVGs are parsed with usvg without touching the file system: `<image href>` to a
//! file is ignored (data: URLs work) and `<text>` uses only
//! [`PdfOptions::svg_fonts`](super::PdfOptions::svg_fonts), empty by default.

use std::collections::HashMap;
use std::sync::Arc;

use krilla::geom::{Size, Transform};
use krilla::image::Image;
use krilla::surface::Surface;
use krilla_svg::{SurfaceExt, SvgSettings};
use resvg::usvg;

use super::Context;
use super::shape::push_clip;
use crate::page::{self, RasterFormat, Rect};

/// Pictures krilla failed to decode while writing, with its reason.
#[derive(Default)]
pub(crate) struct Refused(HashMap<Image, String>);

impl Refused {
    pub(crate) fn contains(&self, image: &Image) -> bool {
        self.0.contains_key(image)
    }

    pub(crate) fn insert(&mut self, image: Image, reason: String) {
        self.0.insert(image, reason);
    }
}

/// Pictures already prepared in this build, keyed by the address of their bytes
/// (the display list shares one `Arc` per asset, so a logo on every page is read once).
pub(crate) struct ImageCache<'a> {
    refused: &'a Refused,
    rasters: HashMap<usize, Result<Image, String>>,
    svgs: HashMap<usize, Result<Arc<usvg::Tree>, String>>,
}

impl<'a> ImageCache<'a> {
    pub(crate) fn new(refused: &'a Refused) -> Self {
        Self {
            refused,
            rasters: HashMap::new(),
            svgs: HashMap::new(),
        }
    }

    fn raster(&mut self, picture: &page::Image, pdfa: bool) -> Result<Image, String> {
        let key = Arc::as_ptr(&picture.bytes) as usize;
        let image = self
            .rasters
            .entry(key)
            .or_insert_with(|| load_raster(picture, pdfa))
            .clone()?;
        match self.refused.0.get(&image) {
            Some(reason) => Err(reason.clone()),
            None => Ok(image),
        }
    }

    fn svg(
        &mut self,
        svg: &page::Svg,
        fonts: &Arc<usvg::fontdb::Database>,
    ) -> Result<Arc<usvg::Tree>, String> {
        let key = Arc::as_ptr(&svg.source) as usize;
        self.svgs
            .entry(key)
            .or_insert_with(|| parse_svg(&svg.source, fonts).map(Arc::new))
            .clone()
    }
}

fn load_raster(picture: &page::Image, pdfa: bool) -> Result<Image, String> {
    // The Arc is shared with krilla: the bytes are not copied.
    let data: krilla::Data = picture.bytes.clone().into();
    // Smooth scaling looks right for photos on slides; PDF/A forbids it.
    let interpolate = !pdfa;
    match picture.format {
        RasterFormat::Png => Image::from_png(data, interpolate),
        RasterFormat::Jpeg => Image::from_jpeg(data, interpolate),
        RasterFormat::Gif => Image::from_gif(data, interpolate),
        RasterFormat::Webp => Image::from_webp(data, interpolate),
    }
}

fn parse_svg(source: &[u8], fonts: &Arc<usvg::fontdb::Database>) -> Result<usvg::Tree, String> {
    // The assets stage's options: no file or URL access, `data:` pictures under the caps.
    let options = usvg::Options {
        fontdb: fonts.clone(),
        ..crate::assets::svg_options()
    };
    usvg::Tree::from_data(source, &options).map_err(|e| e.to_string())
}

/// Draws a raster picture stretched to `rect`, clipped to `clip` if any.
pub(crate) fn draw_image(surface: &mut Surface<'_>, picture: &page::Image, ctx: &mut Context<'_>) {
    let Some(size) = size_of(picture.rect) else {
        return;
    };
    let image = match ctx.images.raster(picture, ctx.options.pdfa) {
        Ok(image) => image,
        Err(reason) => {
            let name = describe(&picture.alt, "picture");
            ctx.warn(
                picture.line,
                format!("{name} could not be decoded ({reason}); it is left out of the PDF"),
            );
            return;
        }
    };
    placed(surface, picture.rect, picture.clip, |s| {
        s.draw_image(image, size)
    });
}

/// Draws an SVG picture as vectors, scaled to fill `rect`, clipped to `clip` if any.
pub(crate) fn draw_svg(surface: &mut Surface<'_>, svg: &page::Svg, ctx: &mut Context<'_>) {
    let Some(size) = size_of(svg.rect) else {
        return;
    };
    let fonts = ctx.options.svg_fonts.clone();
    let tree = match ctx.images.svg(svg, &fonts) {
        Ok(tree) => tree,
        Err(reason) => {
            let name = describe(&svg.alt, "SVG picture");
            ctx.warn(
                svg.line,
                format!("{name} could not be read ({reason}); it is left out of the PDF"),
            );
            return;
        }
    };
    placed(surface, svg.rect, svg.clip, |s| {
        s.draw_svg(&tree, size, SvgSettings::default());
    });
}

/// Runs `draw` with the origin moved to `rect`'s corner, inside `clip`.
fn placed(
    surface: &mut Surface<'_>,
    rect: Rect,
    clip: Option<Rect>,
    draw: impl FnOnce(&mut Surface<'_>),
) {
    if let Some(clip) = clip {
        push_clip(surface, clip);
    }
    surface.push_transform(&Transform::from_translate(rect.x, rect.y));
    draw(surface);
    surface.pop();
    if clip.is_some() {
        surface.pop();
    }
}

fn size_of(rect: Rect) -> Option<Size> {
    if !(rect.x.is_finite() && rect.y.is_finite()) {
        return None;
    }
    Size::from_wh(rect.w, rect.h)
}

fn describe(alt: &str, kind: &str) -> String {
    if alt.trim().is_empty() {
        format!("a {kind}")
    } else {
        format!("the {kind} “{}”", alt.trim())
    }
}
