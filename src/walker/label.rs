//! Small texts deckport adds itself: slide numbers and placeholder labels.
//!
//! They sit outside the slide's document (reveal draws the slide number outside
//! the scaled canvas), so they are laid out here with parley directly, in page px,
//! from the bundled fonts.

use super::Xf;
use super::glyphs::{layout_runs, layout_runs_styled};
use crate::page::{self, Color, Geometry, Item, Paint, Shape};
use parley::{
    FontContext, FontFamily, FontWeight, Layout, LayoutContext, LineHeight, StyleProperty,
};
use std::borrow::Cow;

/// Each link of a laid-out text: its address and a rectangle per run of its text.
pub(crate) type LinkRects = Vec<(String, Vec<page::Rect>)>;

/// Lays out and emits short single-line labels.
pub(crate) struct Labeler {
    fonts: FontContext,
    layouts: LayoutContext<()>,
    /// For text with links: the brush is the link's number, 0 for none.
    rich_layouts: LayoutContext<usize>,
}

impl Labeler {
    pub fn new(fonts: FontContext) -> Self {
        Self {
            fonts,
            layouts: LayoutContext::new(),
            rich_layouts: LayoutContext::new(),
        }
    }

    /// A Lato paragraph of `(text, bold, link)` pieces wrapped to `width` with its
    /// top-left corner at (`x`, `y`); links are drawn in `link_color`. Returns the
    /// glyph runs, each link's address with a rectangle per run of its text, and the
    /// height the paragraph takes.
    #[allow(clippy::too_many_arguments)]
    pub fn rich(
        &mut self,
        pieces: &[(String, bool, Option<String>)],
        size: f32,
        width: f32,
        x: f32,
        y: f32,
        color: Color,
        link_color: Color,
    ) -> (Vec<page::GlyphRun>, LinkRects, f32) {
        let text: String = pieces.iter().map(|p| p.0.as_str()).collect();
        let mut builder = self
            .rich_layouts
            .ranged_builder(&mut self.fonts, &text, 1.0, false);
        builder.push_default(StyleProperty::FontFamily(FontFamily::Source(
            Cow::Borrowed("Lato"),
        )));
        builder.push_default(StyleProperty::FontSize(size));
        builder.push_default(StyleProperty::LineHeight(LineHeight::FontSizeRelative(1.3)));
        builder.push_default(StyleProperty::Brush(0));
        let mut links: Vec<(String, Vec<page::Rect>)> = Vec::new();
        let mut at = 0;
        for (piece, bold, link) in pieces {
            let range = at..at + piece.len();
            at = range.end;
            if *bold {
                builder.push(StyleProperty::FontWeight(FontWeight::BOLD), range.clone());
            }
            if let Some(url) = link {
                links.push((url.clone(), Vec::new()));
                builder.push(StyleProperty::Brush(links.len()), range);
            }
        }
        let mut layout = builder.build(&text);
        layout.break_all_lines(Some(width.max(1.0)));
        let xf = Xf {
            k: 1.0,
            tx: 0.0,
            ty: 0.0,
        };
        let styled = layout_runs_styled(&layout, &text, xf, x, y, |&link| {
            if link > 0 { link_color } else { color }
        });
        let mut runs = Vec::with_capacity(styled.len());
        for (run, link) in styled {
            if let Some((_, rects)) = link.checked_sub(1).and_then(|i| links.get_mut(i)) {
                let advance: f32 = run.glyphs.iter().map(|g| g.advance).sum();
                rects.push(page::Rect::new(
                    run.origin.x,
                    run.origin.y - run.size * 0.95,
                    advance,
                    run.size * 1.2,
                ));
            }
            runs.push(run);
        }
        links.retain(|(_, rects)| !rects.is_empty());
        (runs, links, layout.height())
    }

    /// `text` in one face and size, broken at `width` (never, for `None`).
    fn layout(
        &mut self,
        text: &str,
        family: &str,
        size: f32,
        line_height: f32,
        width: Option<f32>,
    ) -> Layout<()> {
        let mut builder = self
            .layouts
            .ranged_builder(&mut self.fonts, text, 1.0, false);
        builder.push_default(StyleProperty::FontFamily(FontFamily::Source(Cow::Owned(
            family.to_string(),
        ))));
        builder.push_default(StyleProperty::FontSize(size));
        builder.push_default(StyleProperty::LineHeight(LineHeight::FontSizeRelative(
            line_height,
        )));
        let mut layout = builder.build(text);
        layout.break_all_lines(width);
        layout
    }

    fn runs(layout: &Layout<()>, text: &str, x: f32, y: f32, color: Color) -> Vec<page::GlyphRun> {
        let xf = Xf {
            k: 1.0,
            tx: 0.0,
            ty: 0.0,
        };
        layout_runs(layout, text, xf, x, y, color)
    }

    /// A label centred on `at.x` with its baseline at `at.y` (page px).
    pub fn centered(
        &mut self,
        items: &mut Vec<Item>,
        text: &str,
        at: page::Point,
        size: f32,
        color: Color,
        line: usize,
    ) {
        if size < 0.5 {
            return;
        }
        let (cx, baseline) = (at.x, at.y);
        let layout = self.layout(text, "DejaVu Sans", size, 1.0, None);
        let first = layout
            .lines()
            .next()
            .map(|l| l.metrics().baseline)
            .unwrap_or(size);
        let runs = Self::runs(
            &layout,
            text,
            cx - layout.width() / 2.0,
            baseline - first,
            color,
        );
        if !runs.is_empty() {
            items.push(Item::Text(page::Text {
                runs,
                paragraphs: Vec::new(),
                line,
            }));
        }
    }

    /// A paragraph wrapped to `width` with its top-left corner at (`x`, `y`);
    /// returns the glyph runs and the height it takes.
    #[allow(clippy::too_many_arguments)]
    pub fn wrapped(
        &mut self,
        text: &str,
        family: &str,
        size: f32,
        width: f32,
        x: f32,
        y: f32,
        color: Color,
    ) -> (Vec<page::GlyphRun>, f32) {
        let layout = self.layout(text, family, size, 1.3, Some(width.max(1.0)));
        (Self::runs(&layout, text, x, y, color), layout.height())
    }

    /// reveal's slide number: 12 px text, white on 40 % black, 5 px padding,
    /// 8 px from the bottom-right corner of the page.
    pub fn slide_number(
        &mut self,
        items: &mut Vec<Item>,
        text: &str,
        page: (f32, f32),
        line: usize,
    ) {
        if text.is_empty() {
            return;
        }
        let layout = self.layout(text, "Lato", 12.0, 1.0, None);
        let (w, h) = (layout.width() + 10.0, layout.height() + 10.0);
        let (x, y) = (page.0 - 8.0 - w, page.1 - 8.0 - h);
        items.push(Item::Shape(Shape {
            geometry: Geometry::Rect(page::Rect::new(x, y, w, h)),
            fill: Some(Paint::Solid(Color::rgba(0, 0, 0, 102))),
            stroke: None,
            line,
        }));
        let runs = Self::runs(&layout, text, x + 5.0, y + 5.0, Color::rgb(255, 255, 255));
        items.push(Item::Text(page::Text {
            runs,
            paragraphs: Vec::new(),
            line,
        }));
    }
}
