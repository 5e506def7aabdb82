//! The display list: what the walker decided, for every backend to transcribe.
//!
//! All positions and sizes are in page pixels (a 1920×1080 page by default),
//! origin top-left, y down. A backend never measures text or resolves a style:
//! everything it needs is here. Each item carries the deck line it came from.

use std::fmt;
use std::sync::Arc;

/// A point in page pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// An axis-aligned rectangle in page pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Self {
        Self { x, y, w, h }
    }
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
}

/// An sRGB colour with alpha, 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Color {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }
    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self { r, g, b, a }
    }
}

/// A colour stop of a gradient, `offset` in 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stop {
    pub offset: f32,
    pub color: Color,
}

/// How an area is filled.
#[derive(Debug, Clone, PartialEq)]
pub enum Paint {
    Solid(Color),
    /// From `start` to `end` in page pixels.
    Linear {
        start: Point,
        end: Point,
        stops: Vec<Stop>,
    },
    /// Circular, centred at `center`, stops from 0 to `radius` page pixels.
    Radial {
        center: Point,
        radius: f32,
        stops: Vec<Stop>,
    },
}

/// A font face as bytes plus collection index; `key` identifies it cheaply.
#[derive(Clone)]
pub struct FontData {
    pub bytes: Arc<dyn AsRef<[u8]> + Send + Sync>,
    pub index: u32,
    /// Stable identity of the face (same bytes and index ⇒ same key).
    pub key: u64,
}

impl fmt::Debug for FontData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FontData(#{:x}/{})", self.key, self.index)
    }
}

impl PartialEq for FontData {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key && self.index == other.index
    }
}

/// One shaped glyph, relative to its run's pen position (page pixels).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// Horizontal advance.
    pub advance: f32,
    /// Offset from the pen position (x right, y down).
    pub dx: f32,
    pub dy: f32,
    /// The bytes of the run's `text` this glyph stands for (a ligature covers all its letters).
    pub text: std::ops::Range<usize>,
}

/// A run of glyphs in one font, size and colour, on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub font: FontData,
    /// Font size in page pixels.
    pub size: f32,
    pub color: Color,
    /// Pen position of the first glyph, on the baseline.
    pub origin: Point,
    pub glyphs: Vec<Glyph>,
    /// The text the glyph ranges index into.
    pub text: String,
    /// Synthetic oblique angle in degrees, positive leaning right (0 when the face is already italic).
    pub skew: f32,
    /// Synthetic emboldening stroke width in page pixels (0 when not needed).
    pub embolden: f32,
}

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
    Justify,
}

/// What a paragraph is on the slide (used by the PPTX backend).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    /// The slide's first heading.
    Title,
    /// Part of the slide's main text flow.
    #[default]
    Body,
    /// Text placed outside the flow (table cells, positioned boxes).
    Other,
    /// One line of a code block; the number tells blocks apart.
    Code(u32),
}

/// A styled stretch of text inside a semantic paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Span {
    pub text: String,
    pub family: String,
    /// Font size in page pixels.
    pub size: f32,
    pub color: Color,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
    pub monospace: bool,
    pub link: Option<LinkTarget>,
    /// Extra space after each character (CSS `letter-spacing`), in page pixels.
    pub letter_spacing: f32,
}

/// A list marker of a semantic paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Bullet {
    /// 0 for a top-level item.
    pub level: u8,
    /// The marker: `•`, `▪`, `◦`, or a number label such as `"3."`.
    pub marker: String,
    pub numbered: bool,
}

/// A paragraph as an editor sees it: runs of styled text, not positioned glyphs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    pub role: Role,
    /// Heading level 1–6, 0 for other text.
    pub heading: u8,
    pub spans: Vec<Span>,
    pub bullet: Option<Bullet>,
    pub align: Align,
    pub space_before: f32,
    pub space_after: f32,
    /// Line height in page pixels.
    pub line_height: f32,
    /// The paragraph's box on the page.
    pub bbox: Rect,
    pub line: usize,
}

/// Text: glyphs to draw and the same text as paragraphs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text {
    pub runs: Vec<GlyphRun>,
    pub paragraphs: Vec<Paragraph>,
    pub line: usize,
}

/// A line or area outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    pub color: Color,
    pub width: f32,
}

/// Path commands in page pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathCmd {
    MoveTo(Point),
    LineTo(Point),
    CubicTo(Point, Point, Point),
    Close,
}

/// Geometry of a shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    Rect(Rect),
    /// Corner radii: top-left, top-right, bottom-right, bottom-left.
    RoundedRect(Rect, [f32; 4]),
    Ellipse(Rect),
    Path(Vec<PathCmd>),
}

/// Control-point distance of a cubic quarter circle, as a fraction of the radius.
const KAPPA: f32 = 0.552_284_8;

impl Geometry {
    /// The outline as path commands, the same for every backend: rounded corners and
    /// ellipses as cubic curves, corner radii scaled down together when adjacent ones
    /// would overlap (the CSS rule). `None` when a rectangle is not finite or has no
    /// area.
    pub fn commands(&self) -> Option<Vec<PathCmd>> {
        let drawable =
            |r: &Rect| [r.x, r.y, r.w, r.h].iter().all(|v| v.is_finite()) && r.w > 0.0 && r.h > 0.0;
        let p = |x: f32, y: f32| Point { x, y };
        let curve = |a: (f32, f32), b: (f32, f32), c: (f32, f32)| {
            PathCmd::CubicTo(p(a.0, a.1), p(b.0, b.1), p(c.0, c.1))
        };
        match self {
            Geometry::Path(cmds) => Some(cmds.clone()),
            Geometry::Rect(r) | Geometry::RoundedRect(r, _) | Geometry::Ellipse(r)
                if !drawable(r) =>
            {
                None
            }
            Geometry::Ellipse(r) => {
                let (rx, ry) = (r.w / 2.0, r.h / 2.0);
                let (cx, cy) = (r.x + rx, r.y + ry);
                let (ox, oy) = (rx * KAPPA, ry * KAPPA);
                Some(vec![
                    PathCmd::MoveTo(p(cx + rx, cy)),
                    curve((cx + rx, cy + oy), (cx + ox, cy + ry), (cx, cy + ry)),
                    curve((cx - ox, cy + ry), (cx - rx, cy + oy), (cx - rx, cy)),
                    curve((cx - rx, cy - oy), (cx - ox, cy - ry), (cx, cy - ry)),
                    curve((cx + ox, cy - ry), (cx + rx, cy - oy), (cx + rx, cy)),
                    PathCmd::Close,
                ])
            }
            Geometry::Rect(r) => Geometry::RoundedRect(*r, [0.0; 4]).commands(),
            Geometry::RoundedRect(rect, radii) => {
                let r = radii.map(|v| if v.is_finite() { v.max(0.0) } else { 0.0 });
                let scale = [
                    (r[0] + r[1], rect.w),
                    (r[2] + r[3], rect.w),
                    (r[0] + r[3], rect.h),
                    (r[1] + r[2], rect.h),
                ]
                .iter()
                .filter(|(sum, _)| *sum > 0.0)
                .map(|(sum, side)| side / sum)
                .fold(1.0f32, f32::min);
                let [tl, tr, br, bl] = r.map(|v| v * scale);
                let (x0, y0, x1, y1) = (rect.x, rect.y, rect.right(), rect.bottom());
                let k = KAPPA;
                let mut out = vec![
                    PathCmd::MoveTo(p(x0 + tl, y0)),
                    PathCmd::LineTo(p(x1 - tr, y0)),
                ];
                if tr > 0.0 {
                    out.push(curve(
                        (x1 - tr + tr * k, y0),
                        (x1, y0 + tr - tr * k),
                        (x1, y0 + tr),
                    ));
                }
                out.push(PathCmd::LineTo(p(x1, y1 - br)));
                if br > 0.0 {
                    out.push(curve(
                        (x1, y1 - br + br * k),
                        (x1 - br + br * k, y1),
                        (x1 - br, y1),
                    ));
                }
                out.push(PathCmd::LineTo(p(x0 + bl, y1)));
                if bl > 0.0 {
                    out.push(curve(
                        (x0 + bl - bl * k, y1),
                        (x0, y1 - bl + bl * k),
                        (x0, y1 - bl),
                    ));
                }
                out.push(PathCmd::LineTo(p(x0, y0 + tl)));
                if tl > 0.0 {
                    out.push(curve(
                        (x0, y0 + tl - tl * k),
                        (x0 + tl - tl * k, y0),
                        (x0 + tl, y0),
                    ));
                }
                out.push(PathCmd::Close);
                Some(out)
            }
        }
    }
}

/// A filled and/or stroked shape: backgrounds, borders, list markers, rules, placeholders.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub geometry: Geometry,
    pub fill: Option<Paint>,
    pub stroke: Option<Stroke>,
    pub line: usize,
}

/// The encoded bytes of a raster picture; the backend decides how to embed them.
#[derive(Debug, Clone, PartialEq)]
pub enum RasterFormat {
    Png,
    Jpeg,
    Gif,
    Webp,
}

/// A raster picture placed on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub rect: Rect,
    /// Clip area (the picture may be larger than what shows, as with `cover`).
    pub clip: Option<Rect>,
    pub format: RasterFormat,
    /// Original file bytes (JPEG passes into the PDF unchanged).
    pub bytes: Arc<Vec<u8>>,
    /// Pixel size of the picture.
    pub pixels: (u32, u32),
    pub alt: String,
    pub line: usize,
}

/// An SVG picture placed on the page, drawn as vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct Svg {
    pub rect: Rect,
    pub clip: Option<Rect>,
    pub source: Arc<Vec<u8>>,
    pub alt: String,
    pub line: usize,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// An external URL (http, https, mailto …).
    Url(String),
    /// A page of this document, 0-based.
    Page(usize),
}

/// A clickable area.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// One rectangle per line the link's text occupies.
    pub rects: Vec<Rect>,
    pub target: LinkTarget,
    pub line: usize,
}

/// A text shadow: glyph outlines drawn as shapes, never as extractable text.
#[derive(Debug, Clone, PartialEq)]
pub struct Shadow {
    pub runs: Vec<GlyphRun>,
    /// Blur radius in page pixels (drawn unblurred when a backend cannot blur).
    pub blur: f32,
    pub line: usize,
}

/// Another page of the document drawn small (a notes page's picture of its slide).
#[derive(Debug, Clone, PartialEq)]
pub struct Thumbnail {
    /// Index of the page to draw, in `Document::pages`.
    pub page: usize,
    /// Where it goes; the page is scaled uniformly to this width.
    pub rect: Rect,
    pub line: usize,
}

/// One thing drawn on a page, in paint order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Thumbnail(Thumbnail),
    Text(Text),
    Image(Image),
    Svg(Svg),
    Shape(Shape),
    Link(Link),
    Shadow(Shadow),
    /// Push a clip rectangle for the following items until the matching `PopClip`.
    PushClip(Rect),
    PopClip,
}

/// One exported page (one slide, or one part of a paginated slide).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Page size in page pixels.
    pub width: f32,
    pub height: f32,
    /// What covers the page before any item.
    pub background: Paint,
    pub items: Vec<Item>,
    /// Speaker notes as plain text.
    pub notes: Option<String>,
    /// The slide's first heading, for outlines and titles.
    pub title: Option<String>,
    /// reveal's slide-number label, `"3"` or `"3.1"`.
    pub label: String,
    /// Deck lines of the slide, 1-based, end exclusive.
    pub lines: std::ops::Range<usize>,
    /// `id` attributes on the slide, so `#/some-id` links can find it.
    pub anchors: Vec<String>,
    /// For a notes page, the index of the slide page it belongs to.
    pub notes_for: Option<usize>,
    /// The slide's logical structure in reading order, for tagged PDF. Items no
    /// node refers to are decoration (backgrounds, borders, markers, shadows,
    /// slide numbers).
    pub structure: Vec<StructNode>,
}

impl Page {
    /// Removes the items `keep` refuses, renumbering the structure's item references
    /// so they still point at the same items (references to removed items go).
    pub fn retain_items(&mut self, mut keep: impl FnMut(&mut Item) -> bool) {
        let mut new_index = Vec::with_capacity(self.items.len());
        let mut next = 0usize;
        let mut kept = Vec::with_capacity(self.items.len());
        for mut item in std::mem::take(&mut self.items) {
            if keep(&mut item) {
                new_index.push(Some(next));
                next += 1;
                kept.push(item);
            } else {
                new_index.push(None);
            }
        }
        self.items = kept;
        for node in &mut self.structure {
            node.renumber(&new_index);
        }
    }
}

/// What a structure element is to a reader (the tagged-PDF role it becomes).
#[derive(Debug, Clone, PartialEq)]
pub enum StructKind {
    /// `h1`–`h6`, level 1–6.
    Heading(u8),
    Paragraph,
    List {
        numbered: bool,
    },
    ListItem,
    /// The content of a list item (its marker is decoration).
    ListBody,
    Table,
    TableHead,
    TableBody,
    TableRow,
    HeaderCell,
    Cell,
    /// A picture; `alt` is its alternative text (for a placeholder, what was missing).
    Figure {
        alt: String,
    },
    Caption,
    Link,
    Code,
    BlockQuote,
}

/// A structure element: a role and its children in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    pub kind: StructKind,
    pub children: Vec<StructChild>,
}

/// A child of a structure element.
#[derive(Debug, Clone, PartialEq)]
pub enum StructChild {
    Node(StructNode),
    /// The page item at this index in `Page::items`.
    Item(usize),
}

impl StructNode {
    pub fn new(kind: StructKind) -> Self {
        Self {
            kind,
            children: Vec::new(),
        }
    }

    /// Maps item references through `new_index` (old index → new index or gone).
    fn renumber(&mut self, new_index: &[Option<usize>]) {
        self.children.retain_mut(|child| match child {
            StructChild::Node(node) => {
                node.renumber(new_index);
                true
            }
            StructChild::Item(i) => match new_index.get(*i).copied().flatten() {
                Some(n) => {
                    *i = n;
                    true
                }
                None => false,
            },
        });
    }
}

/// The whole laid-out deck.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub pages: Vec<Page>,
    /// Title for metadata: front matter `title`, else the first `h1`, else the file name.
    pub title: String,
    pub lang: Option<String>,
    pub tags: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_of_every_geometry() {
        let r = Rect::new(0.0, 0.0, 10.0, 20.0);
        assert!(
            Geometry::Rect(Rect::new(0.0, 0.0, 0.0, 10.0))
                .commands()
                .is_none()
        );
        assert!(
            Geometry::Ellipse(Rect::new(0.0, 0.0, 10.0, f32::NAN))
                .commands()
                .is_none()
        );
        // A plain rectangle: four corners and a close, no curves.
        let rect = Geometry::Rect(r).commands().unwrap();
        assert_eq!(rect.len(), 6);
        assert!(!rect.iter().any(|c| matches!(c, PathCmd::CubicTo(..))));
        // Radii of 50 on a 10 × 20 box shrink to 5: the top edge is all curve.
        let round = Geometry::RoundedRect(r, [50.0; 4]).commands().unwrap();
        assert_eq!(
            round
                .iter()
                .filter(|c| matches!(c, PathCmd::CubicTo(..)))
                .count(),
            4
        );
        assert_eq!(round[0], PathCmd::MoveTo(Point { x: 5.0, y: 0.0 }));
        assert_eq!(round[1], PathCmd::LineTo(Point { x: 5.0, y: 0.0 }));
        let oval = Geometry::Ellipse(r).commands().unwrap();
        assert_eq!(oval[0], PathCmd::MoveTo(Point { x: 10.0, y: 10.0 }));
        assert_eq!(oval.len(), 6);
    }
}
