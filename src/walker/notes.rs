//! Notes pages: after each slide with speaker notes, a page with a small picture
//! of the slide and the notes as text, for printing or archiving a talk whole.
//!
//! The notes are laid out here (in page px, bundled fonts) as the slide numbers
//! are: paragraphs split at blank lines, `-`, `*` and `+` items as bullets. When
//! the notes are long the type gets smaller until they fit the page.

use super::label::{Labeler, LinkRects};
use crate::page::{
    self, Color, Geometry, Item, LinkTarget, Page, Paint, Rect, Shape, Stroke, StructChild,
    StructKind, StructNode, Thumbnail,
};

/// The slides with a notes page after each one that has notes; page links are
/// renumbered to the slides' new places.
pub(crate) fn interleave(pages: Vec<Page>, labels: &mut Labeler) -> Vec<Page> {
    let mut new_index = Vec::with_capacity(pages.len());
    let mut next = 0;
    for page in &pages {
        new_index.push(next);
        next += 1 + usize::from(has_notes(page));
    }
    let mut out = Vec::with_capacity(next);
    for mut page in pages {
        renumber_links(&mut page, &new_index);
        let slide_index = out.len();
        let notes = has_notes(&page).then(|| notes_page(&page, slide_index, labels));
        out.push(page);
        out.extend(notes);
    }
    out
}

fn has_notes(page: &Page) -> bool {
    page.notes.as_deref().is_some_and(|n| !n.trim().is_empty())
}

fn renumber_links(page: &mut Page, new_index: &[usize]) {
    let map = |target: &mut LinkTarget| {
        if let LinkTarget::Page(i) = target
            && let Some(n) = new_index.get(*i)
        {
            *i = *n;
        }
    };
    for item in &mut page.items {
        match item {
            Item::Link(link) => map(&mut link.target),
            Item::Text(text) => {
                for span in text.paragraphs.iter_mut().flat_map(|p| p.spans.iter_mut()) {
                    if let Some(target) = span.link.as_mut() {
                        map(target);
                    }
                }
            }
            _ => {}
        }
    }
}

fn notes_page(slide: &Page, slide_index: usize, labels: &mut Labeler) -> Page {
    let (w, h) = (slide.width, slide.height);
    let line = slide.lines.start;
    let margin = (w * 0.03).round();
    let thumb_w = (w * 0.36).round();
    let thumb = Rect::new(margin, margin, thumb_w, thumb_w * h / w.max(1.0));
    let ink = Color::rgb(0x22, 0x22, 0x22);
    let mut items = Vec::new();
    let mut structure = Vec::new();

    items.push(Item::Thumbnail(Thumbnail {
        page: slide_index,
        rect: thumb,
        line,
    }));
    structure.push(node(
        StructKind::Figure {
            alt: format!("slide {}", slide.label),
        },
        0,
    ));
    items.push(Item::Shape(Shape {
        geometry: Geometry::Rect(thumb),
        fill: None,
        stroke: Some(Stroke {
            color: Color::rgb(0x99, 0x99, 0x99),
            width: 2.0,
        }),
        line,
    }));

    let heading = match slide.title.as_deref() {
        Some(t) if !t.trim().is_empty() => format!("Slide {}: {}", slide.label, t.trim()),
        _ => format!("Slide {}", slide.label),
    };
    let head_x = thumb.right() + margin;
    let (runs, _) = labels.wrapped(
        &heading,
        "Lato",
        (h * 0.04).round(),
        w - head_x - margin,
        head_x,
        margin,
        ink,
    );
    push_text(
        &mut items,
        &mut structure,
        runs,
        line,
        StructKind::Paragraph,
    );

    let top = thumb.bottom() + margin * 0.75;
    let width = w - 2.0 * margin;
    let room = h - top - margin;
    let texts = crate::notes::lines(slide.notes.as_deref().unwrap_or(""));
    let mut size = (h * 0.03).round();
    loop {
        let (laid, height) = lay_out(&texts, labels, size, width, margin, top, ink);
        if height <= room || size <= 10.0 {
            for (runs, links) in laid {
                push_text(
                    &mut items,
                    &mut structure,
                    runs,
                    line,
                    StructKind::Paragraph,
                );
                for (url, rects) in links {
                    items.push(Item::Link(page::Link {
                        rects,
                        target: LinkTarget::Url(url),
                        line,
                    }));
                }
            }
            break;
        }
        size = (size * 0.85).max(10.0);
    }

    Page {
        width: w,
        height: h,
        background: Paint::Solid(Color::rgb(255, 255, 255)),
        items,
        notes: None,
        title: None,
        label: slide.label.clone(),
        lines: slide.lines.clone(),
        anchors: Vec::new(),
        notes_for: Some(slide_index),
        structure,
    }
}

/// Lays the lines out from `top`, one below the other, bold and links as written;
/// returns each one's runs and links, and the height of them all.
fn lay_out(
    texts: &[crate::notes::NoteLine],
    labels: &mut Labeler,
    size: f32,
    width: f32,
    x: f32,
    top: f32,
    color: Color,
) -> (Vec<(Vec<page::GlyphRun>, LinkRects)>, f32) {
    let gap = size * 0.6;
    let mut y = top;
    let mut out = Vec::with_capacity(texts.len());
    for text in texts {
        let mut pieces = vec![(text.prefix.clone(), false, None)];
        pieces.extend(
            text.pieces
                .iter()
                .map(|p| (p.text.clone(), p.bold, p.link.clone())),
        );
        let (runs, links, height) = labels.rich(&pieces, size, width, x, y, color, LINK);
        out.push((runs, links));
        y += height + gap;
    }
    (out, (y - gap - top).max(0.0))
}

/// Links in notes: the blue of HedgeDoc's white theme.
const LINK: Color = Color::rgb(0x2a, 0x76, 0xdd);

fn node(kind: StructKind, item: usize) -> StructNode {
    StructNode {
        kind,
        children: vec![StructChild::Item(item)],
    }
}

fn push_text(
    items: &mut Vec<Item>,
    structure: &mut Vec<StructNode>,
    runs: Vec<page::GlyphRun>,
    line: usize,
    kind: StructKind,
) {
    if runs.is_empty() {
        return;
    }
    structure.push(node(kind, items.len()));
    items.push(Item::Text(page::Text {
        runs,
        paragraphs: Vec::new(),
        line,
    }));
}
