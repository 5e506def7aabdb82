//! Notes pages: after each slide with speaker notes, a page with a small picture
//! of the slide and the notes as text, for printing or archiving a talk whole.
//!
//! The notes are laid out here (in page px, bundled fonts) as the slide numbers
//! are: paragraphs split at blank lines, `-`, `*` and `+` items as bullets. When
//! the notes are long the type gets smaller until they fit the page.

use super::label::Labeler;
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

/// The notes as lines of text: paragraphs, and list items with their marker (`•`,
/// or the item's number) indented by level; `**bold**` and link markup are read as
/// the PPTX notes read them, and only their text is kept.
fn paragraphs(notes: &str) -> Vec<String> {
    let mut numbers = [0u32; 9];
    crate::notes::parse(notes)
        .into_iter()
        .map(|p| {
            let text: String = crate::notes::inline(&p.text)
                .into_iter()
                .map(|piece| piece.text)
                .collect();
            let Some((level, numbered)) = p.list else {
                numbers = [0; 9];
                return text;
            };
            let level = usize::from(level).min(8);
            numbers[level + 1..].fill(0);
            let indent = "    ".repeat(level);
            if numbered {
                numbers[level] += 1;
                format!("{indent}{}. {text}", numbers[level])
            } else {
                format!("{indent}• {text}")
            }
        })
        .collect()
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
    let texts = paragraphs(slide.notes.as_deref().unwrap_or(""));
    let mut size = (h * 0.03).round();
    loop {
        let (laid, height) = lay_out(&texts, labels, size, width, margin, top, ink);
        if height <= room || size <= 10.0 {
            for runs in laid {
                push_text(
                    &mut items,
                    &mut structure,
                    runs,
                    line,
                    StructKind::Paragraph,
                );
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

/// Lays the paragraphs out from `top`, one below the other; returns each one's
/// runs and the height of them all.
fn lay_out(
    texts: &[String],
    labels: &mut Labeler,
    size: f32,
    width: f32,
    x: f32,
    top: f32,
    color: Color,
) -> (Vec<Vec<page::GlyphRun>>, f32) {
    let gap = size * 0.6;
    let mut y = top;
    let mut out = Vec::with_capacity(texts.len());
    for text in texts {
        let (runs, height) = labels.wrapped(text, "Lato", size, width, x, y, color);
        out.push(runs);
        y += height + gap;
    }
    (out, (y - gap - top).max(0.0))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_split_into_paragraphs_and_items() {
        let notes =
            "Welcome everyone.\nSecond line joins.\n\n- first point\n- second\n  point\n\nThanks.";
        assert_eq!(
            paragraphs(notes),
            [
                "Welcome everyone. Second line joins.",
                "• first point",
                "• second point",
                "Thanks."
            ]
        );
    }

    #[test]
    fn markup_is_read_and_numbers_and_levels_kept() {
        let notes =
            "Say **this** and [see docs](https://x.org).\n\n1. first\n   - deeper\n2. second";
        assert_eq!(
            paragraphs(notes),
            [
                "Say this and see docs.",
                "1. first",
                "    • deeper",
                "2. second"
            ]
        );
    }
}
