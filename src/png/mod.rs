//! The PNG backend: paints the display list ([`crate::page`]) into one picture per page
//! with tiny-skia.
//!
//! It reads the same items the PDF backend does and draws them the same way: glyphs
//! as filled outlines of the faces the walker chose (with the same synthetic oblique
//! and bold), shapes with solid or gradient fills, pictures stretched into their
//! rectangles (SVG through resvg), clip rectangles as masks. Links draw nothing.
//! Text shadows are drawn sharp, as in the PDF, so both outputs look alike.
//!
//! The output is deterministic: no dates, no randomness, the same encoder settings.
//! Pages are painted in parallel (each page is independent) and returned in order.

mod blur;
mod picture;
mod text;

use std::fmt;
use std::sync::Arc;

use resvg::usvg::fontdb;
use tiny_skia::{
    FillRule, GradientStop, LinearGradient, Mask, Paint as SkPaint, Path, PathBuilder, Pixmap,
    RadialGradient, Shader, SpreadMode, Transform,
};

use crate::diag::Warning;
use crate::page::{self, Color, Geometry, Item, Paint, PathCmd, Rect};

/// Settings for [`write()`].
#[derive(Debug, Clone)]
pub struct PngOptions {
    /// Output pixels per page pixel (1 gives a 1920×1080 picture for the default page).
    pub scale: f32,
    /// Fonts an SVG picture's `<text>` may use (none by default, as in the PDF).
    pub svg_fonts: Arc<fontdb::Database>,
}

impl Default for PngOptions {
    fn default() -> Self {
        Self {
            scale: 1.0,
            svg_fonts: Arc::new(fontdb::Database::new()),
        }
    }
}

/// The painted pages and the problems met on the way.
#[derive(Debug, Clone)]
pub struct Pngs {
    /// One PNG file per page, in page order.
    pub pages: Vec<Vec<u8>>,
    /// Items left out, each at its deck line.
    pub warnings: Vec<Warning>,
}

/// Why no pictures could be made at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PngError {
    pub message: String,
}

impl fmt::Display for PngError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PngError {}

/// Paints every page and encodes it as PNG.
pub fn write(doc: &page::Document, options: &PngOptions) -> Result<Pngs, PngError> {
    let results = paint_all(doc, options, |pixmap| encode(&pixmap));
    let mut pages = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    for result in results {
        let (bytes, mut w) = result?;
        pages.push(bytes?);
        warnings.append(&mut w);
    }
    Ok(Pngs { pages, warnings })
}

/// Paints every page into a pixmap (for tests and callers that want pixels).
pub fn paint_pages(
    doc: &page::Document,
    options: &PngOptions,
) -> Result<(Vec<Pixmap>, Vec<Warning>), PngError> {
    let mut pixmaps = Vec::new();
    let mut warnings = Vec::new();
    for result in paint_all(doc, options, |p| p) {
        let (pixmap, mut w) = result?;
        pixmaps.push(pixmap);
        warnings.append(&mut w);
    }
    Ok((pixmaps, warnings))
}

type PageResult<T> = Result<(T, Vec<Warning>), PngError>;

/// Paints the pages on as many threads as the machine offers, each thread taking
/// every n-th page; `finish` turns a pixmap into the caller's result on the same thread.
fn paint_all<T: Send>(
    doc: &page::Document,
    options: &PngOptions,
    finish: impl Fn(Pixmap) -> T + Sync,
) -> Vec<PageResult<T>> {
    let n = doc.pages.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .clamp(1, n.max(1));
    let work = |first: usize| -> Vec<(usize, PageResult<T>)> {
        let mut pictures = picture::Cache::default();
        let mut fonts = text::OutlineCache::default();
        (first..n)
            .step_by(threads)
            .map(|i| {
                let mut painter = Painter::new(options, &mut pictures, &mut fonts);
                let result = painter
                    .paint(doc, i)
                    .map(|pixmap| (finish(pixmap), painter.warnings));
                (i, result)
            })
            .collect()
    };
    let mut all: Vec<(usize, PageResult<T>)> = if threads <= 1 {
        work(0)
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|t| scope.spawn(move || work(t))).collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join().unwrap_or_else(|_| {
                        vec![(
                            usize::MAX,
                            Err(PngError {
                                message: "painting a page failed".into(),
                            }),
                        )]
                    })
                })
                .collect()
        })
    };
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// Paints one page.
pub(crate) struct Painter<'a> {
    options: &'a PngOptions,
    pictures: &'a mut picture::Cache,
    fonts: &'a mut text::OutlineCache,
    /// Page pixels to output pixels.
    base: Transform,
    /// Open clip rectangles, each already intersected with the one below, with its mask.
    clips: Vec<(Rect, Option<Mask>)>,
    warnings: Vec<Warning>,
}

impl<'a> Painter<'a> {
    fn new(
        options: &'a PngOptions,
        pictures: &'a mut picture::Cache,
        fonts: &'a mut text::OutlineCache,
    ) -> Self {
        let s = if options.scale.is_finite() && options.scale > 0.0 {
            options.scale
        } else {
            1.0
        };
        Self {
            options,
            pictures,
            fonts,
            base: Transform::from_scale(s, s),
            clips: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning {
            line: (line > 0).then_some(line),
            message: message.into(),
        });
    }

    fn paint(&mut self, doc: &page::Document, index: usize) -> Result<Pixmap, PngError> {
        let page = &doc.pages[index];
        let (w, h) = (
            (page.width * self.base.sx).round(),
            (page.height * self.base.sy).round(),
        );
        let mut pixmap = (w >= 1.0 && h >= 1.0 && w <= 40_000.0 && h <= 40_000.0)
            .then(|| Pixmap::new(w as u32, h as u32))
            .flatten()
            .ok_or_else(|| PngError {
                message: format!(
                    "page {} has an invalid size {}×{} px",
                    index + 1,
                    page.width,
                    page.height
                ),
            })?;
        match page.background {
            // The common case, a plain colour, is a fill of the whole buffer.
            Paint::Solid(c) if c.a == 255 => pixmap.fill(sk_color(c)),
            _ => {
                // An opaque page: what a projector shows behind a transparent background.
                pixmap.fill(tiny_skia::Color::WHITE);
                let whole = Rect::new(0.0, 0.0, page.width, page.height);
                if let Some(path) = rect_path(whole) {
                    self.fill(&mut pixmap, &path, &page.background);
                }
            }
        }
        self.clips.clear();
        self.draw_items(&mut pixmap, doc, page);
        Ok(pixmap)
    }

    /// Draws a page's items in paint order.
    fn draw_items(&mut self, pixmap: &mut Pixmap, doc: &page::Document, page: &page::Page) {
        for item in &page.items {
            match item {
                Item::Thumbnail(t) => self.draw_thumbnail(pixmap, doc, t),
                Item::Text(t) => {
                    for run in &t.runs {
                        text::draw_run(self, pixmap, run, t.line);
                    }
                }
                Item::Shadow(s) => text::draw_shadow(self, pixmap, s),
                Item::Shape(shape) => self.draw_shape(pixmap, shape),
                Item::Image(image) => picture::draw_image(self, pixmap, image),
                Item::Svg(svg) => picture::draw_svg(self, pixmap, svg),
                Item::Link(_) => {}
                Item::PushClip(rect) => self.push_clip(pixmap, *rect),
                Item::PopClip => {
                    self.clips.pop();
                }
            }
        }
    }

    /// Another page drawn small into `t.rect` (a notes page's picture of its slide);
    /// a page that itself holds pictures of pages is not drawn, so nothing recurses.
    fn draw_thumbnail(&mut self, pixmap: &mut Pixmap, doc: &page::Document, t: &page::Thumbnail) {
        let Some(target) = doc.pages.get(t.page) else {
            return;
        };
        let k = t.rect.w / target.width;
        if !(k.is_finite() && k > 0.0)
            || target.items.iter().any(|i| matches!(i, Item::Thumbnail(_)))
        {
            return;
        }
        let base = self.base;
        let depth = self.clips.len();
        self.push_clip(pixmap, t.rect);
        self.base = base.pre_translate(t.rect.x, t.rect.y).pre_scale(k, k);
        // The small page's own clips are in its coordinates: the open clip's rectangle
        // is restated in them (its mask, in output pixels, stays as it is).
        if let Some((rect, _)) = self.clips.last_mut() {
            *rect = Rect::new(
                (rect.x - t.rect.x) / k,
                (rect.y - t.rect.y) / k,
                rect.w / k,
                rect.h / k,
            );
        }
        if let Some(path) = rect_path(Rect::new(0.0, 0.0, target.width, target.height)) {
            self.fill(pixmap, &path, &target.background);
        }
        self.draw_items(pixmap, doc, target);
        self.clips.truncate(depth);
        self.base = base;
    }

    /// The mask of the innermost clip, if any.
    fn mask(&self) -> Option<&Mask> {
        self.clips.last().and_then(|(_, m)| m.as_ref())
    }

    /// Whether everything is clipped away (an empty clip rectangle is open).
    fn clipped_out(&self) -> bool {
        self.clips
            .last()
            .is_some_and(|(r, _)| r.w <= 0.0 || r.h <= 0.0)
    }

    fn push_clip(&mut self, pixmap: &Pixmap, rect: Rect) {
        let rect = match self.clips.last() {
            Some((outer, _)) => intersect(*outer, rect),
            None => rect,
        };
        let mask = rect_path(rect).and_then(|path| {
            let mut mask = Mask::new(pixmap.width(), pixmap.height())?;
            mask.fill_path(&path, FillRule::Winding, true, self.base);
            Some(mask)
        });
        let rect = if mask.is_some() {
            rect
        } else {
            Rect::default()
        };
        self.clips.push((rect, mask));
    }

    fn draw_shape(&mut self, pixmap: &mut Pixmap, shape: &page::Shape) {
        let Some(path) = geometry_path(&shape.geometry) else {
            return;
        };
        if let Some(fill) = &shape.fill {
            self.fill(pixmap, &path, fill);
        }
        if let Some(stroke) = &shape.stroke
            && stroke.width > 0.0
            && stroke.width.is_finite()
            && stroke.color.a > 0
        {
            let paint = solid(stroke.color);
            let style = tiny_skia::Stroke {
                width: stroke.width,
                ..tiny_skia::Stroke::default()
            };
            if !self.clipped_out() {
                pixmap.stroke_path(&path, &paint, &style, self.base, self.mask());
            }
        }
    }

    /// Fills a path (page pixels) with a display-list paint.
    fn fill(&self, pixmap: &mut Pixmap, path: &Path, paint: &Paint) {
        if self.clipped_out() {
            return;
        }
        if let Some(paint) = sk_paint(paint) {
            pixmap.fill_path(path, &paint, FillRule::Winding, self.base, self.mask());
        }
    }
}

fn intersect(a: Rect, b: Rect) -> Rect {
    let x0 = a.x.max(b.x);
    let y0 = a.y.max(b.y);
    let x1 = a.right().min(b.right());
    let y1 = a.bottom().min(b.bottom());
    Rect::new(x0, y0, (x1 - x0).max(0.0), (y1 - y0).max(0.0))
}

fn sk_color(c: Color) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(c.r, c.g, c.b, c.a)
}

fn solid(color: Color) -> SkPaint<'static> {
    let mut paint = SkPaint::default();
    paint.set_color(sk_color(color));
    paint.anti_alias = true;
    paint
}

/// A tiny-skia paint for a display-list paint; `None` when it draws nothing.
fn sk_paint(paint: &Paint) -> Option<SkPaint<'static>> {
    let shader = match paint {
        Paint::Solid(c) if c.a == 0 => return None,
        Paint::Solid(c) => return Some(solid(*c)),
        Paint::Linear { start, end, stops } => {
            let last = sk_color(stops.last()?.color);
            let stops = gradient_stops(stops)?;
            LinearGradient::new(
                tiny_skia::Point::from_xy(start.x, start.y),
                tiny_skia::Point::from_xy(end.x, end.y),
                stops,
                SpreadMode::Pad,
                Transform::identity(),
            )
            // A gradient of zero length is its last colour (as in CSS).
            .unwrap_or(Shader::SolidColor(last))
        }
        Paint::Radial {
            center,
            radius,
            stops,
        } => {
            let last = sk_color(stops.last()?.color);
            let stops = gradient_stops(stops)?;
            let c = tiny_skia::Point::from_xy(center.x, center.y);
            RadialGradient::new(
                c,
                0.0,
                c,
                radius.max(0.0),
                stops,
                SpreadMode::Pad,
                Transform::identity(),
            )
            .unwrap_or(Shader::SolidColor(last))
        }
    };
    Some(SkPaint {
        shader,
        anti_alias: true,
        ..SkPaint::default()
    })
}

/// Gradient stops; one stop is a flat gradient, none is no paint.
fn gradient_stops(stops: &[page::Stop]) -> Option<Vec<GradientStop>> {
    let mut out: Vec<GradientStop> = stops
        .iter()
        .map(|s| GradientStop::new(s.offset.clamp(0.0, 1.0), sk_color(s.color)))
        .collect();
    match out.len() {
        0 => None,
        1 => {
            let c = sk_color(stops[0].color);
            out = vec![GradientStop::new(0.0, c), GradientStop::new(1.0, c)];
            Some(out)
        }
        _ => Some(out),
    }
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
    let r = tiny_skia::Rect::from_xywh(rect.x, rect.y, rect.w, rect.h)?;
    Some(PathBuilder::from_rect(r))
}

fn geometry_path(geometry: &Geometry) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for cmd in geometry.commands()? {
        match cmd {
            PathCmd::MoveTo(p) => pb.move_to(p.x, p.y),
            PathCmd::LineTo(p) => pb.line_to(p.x, p.y),
            PathCmd::CubicTo(a, b, p) => pb.cubic_to(a.x, a.y, b.x, b.y, p.x, p.y),
            PathCmd::Close => pb.close(),
        }
    }
    pb.finish()
}

fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, PngError> {
    let mut rgb = Vec::with_capacity(pixmap.width() as usize * pixmap.height() as usize * 3);
    for px in pixmap.pixels() {
        // The page starts opaque, so premultiplied and straight colours are equal.
        rgb.extend_from_slice(&[px.red(), px.green(), px.blue()]);
    }
    let mut out = Vec::new();
    let failed = |e: png::EncodingError| PngError {
        message: format!("cannot encode the PNG ({e})"),
    };
    {
        let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(failed)?;
        writer.write_image_data(&rgb).map_err(failed)?;
        writer.finish().map_err(failed)?;
    }
    Ok(out)
}
