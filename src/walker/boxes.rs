//! Boxes: backgrounds, borders, pictures, list markers, and the tree walk itself.

use super::shadow;
use super::{Ctx, attr, tag, text};
use crate::assets::{self, Asset};
use crate::page::{self, Color, Geometry, Item, Paint, Rect, Shape, Stroke, StructKind};
use blitz_dom::node::{ListItemLayoutPosition, Marker};
use blitz_dom::{Node, NodeId};
use style::values::computed::Display;

pub(crate) use crate::engine::to_color;

/// The element's background colour as a paint, if it is not transparent.
pub(crate) fn background_paint(node: &Node) -> Option<Paint> {
    let styles = node.primary_styles()?;
    let color = to_color(&styles.resolve_color(&styles.get_background().background_color));
    (color.a > 0).then_some(Paint::Solid(color))
}

/// The element's first background layer as a page-covering radial gradient, if it is one.
///
/// reveal's themes give `body` a circle reaching the farthest corner, centred; the
/// body is the whole page, so the gradient is centred on the page and reaches its
/// corners (shape and position of other gradients are read the same way).
pub(crate) fn page_gradient(node: &Node, (w, h): (f32, f32)) -> Option<Paint> {
    use style::values::generics::image::{GenericGradient, GenericImage, GradientItem};
    let styles = node.primary_styles()?;
    let background = styles.get_background();
    let GenericImage::Gradient(gradient) = background.background_image.0.first()? else {
        return None;
    };
    let GenericGradient::Radial { items, .. } = &**gradient else {
        return None;
    };
    let colours: Vec<(Option<f32>, page::Color)> = items
        .iter()
        .filter_map(|item| match item {
            GradientItem::SimpleColorStop(c) => Some((None, to_color(&styles.resolve_color(c)))),
            GradientItem::ComplexColorStop { color, position } => Some((
                position.to_percentage().map(|p| p.0),
                to_color(&styles.resolve_color(color)),
            )),
            GradientItem::InterpolationHint(_) => None,
        })
        .collect();
    if colours.is_empty() {
        return None;
    }
    let last = (colours.len() - 1).max(1) as f32;
    let stops = colours
        .iter()
        .enumerate()
        .map(|(i, (offset, color))| page::Stop {
            offset: offset.unwrap_or(i as f32 / last).clamp(0.0, 1.0),
            color: *color,
        })
        .collect();
    Some(Paint::Radial {
        center: page::Point {
            x: w / 2.0,
            y: h / 2.0,
        },
        radius: (w * w + h * h).sqrt() / 2.0,
        stops,
    })
}

/// Walks one node of a slide in paint order, inside the structure elements it opens.
pub(crate) fn walk_node(ctx: &mut Ctx<'_>, id: NodeId) {
    if ctx.hidden.contains(&id) {
        return;
    }
    let Some(node) = ctx.doc.get_node(id) else {
        return;
    };
    if matches!(tag(node), Some("th" | "td"))
        && let Some(parent) = node.parent.and_then(|p| ctx.doc.get_node(p))
        && tag(parent) == Some("tr")
    {
        ctx.structure.enter_row(parent.id);
    }
    let depth = ctx.structure.depth();
    for kind in super::structure::kinds_of(ctx.doc, node) {
        ctx.structure.open(kind);
    }
    walk_box(ctx, id);
    ctx.structure.close_to(depth);
}

/// Draws one node and walks its children.
fn walk_box(ctx: &mut Ctx<'_>, id: NodeId) {
    let Some(node) = ctx.doc.get_node(id) else {
        return;
    };
    let Some(styles) = node.primary_styles() else {
        // Text nodes and others without style are drawn by their inline root.
        return;
    };
    if styles.get_box().display == Display::None {
        return;
    }
    let visible =
        styles.get_inherited_box().visibility == style::computed_values::visibility::T::Visible;
    let layout = node.final_layout();
    let pos = node.absolute_position(0.0, 0.0);
    let (w, h) = (layout.size.width, layout.size.height);
    let is_probe = attr(node, "data-deckport-bg").is_some();
    let boxed = styles.get_box();
    let clips = [boxed.overflow_x, boxed.overflow_y]
        .iter()
        .any(|o| *o != style::values::computed::Overflow::Visible)
        && !node.children.is_empty();
    drop(styles);

    if visible && !is_probe {
        paint_box(ctx, node, pos.x, pos.y, w, h);
        if matches!(tag(node), Some("iframe" | "video")) {
            let bx = layout.border.left + layout.padding.left;
            let by = layout.border.top + layout.padding.top;
            let cw = w - bx - layout.border.right - layout.padding.right;
            let ch = h - by - layout.border.bottom - layout.padding.bottom;
            embed(ctx, node, pos.x + bx, pos.y + by, cw.max(0.0), ch.max(0.0));
        }
        if tag(node) == Some("img") {
            let bx = layout.border.left + layout.padding.left;
            let by = layout.border.top + layout.padding.top;
            let cw = w - bx - layout.border.right - layout.padding.right;
            let ch = h - by - layout.border.bottom - layout.padding.bottom;
            picture(ctx, node, pos.x + bx, pos.y + by, cw.max(0.0), ch.max(0.0));
        }
        marker(ctx, node, pos.x + layout.border.left + layout.padding.left);
    }

    // Content that overflows a box with `overflow` other than `visible` is cut at its
    // padding box (a long line in a `pre code`, which reveal makes `overflow: auto`).
    if clips {
        let (bl, bt) = (layout.border.left, layout.border.top);
        let (bw, bh) = (w - bl - layout.border.right, h - bt - layout.border.bottom);
        ctx.items.push(Item::PushClip(ctx.xf.rect(
            pos.x + bl,
            pos.y + bt,
            bw.max(0.0),
            bh.max(0.0),
        )));
    }
    walk_content(ctx, node, id, pos.x, pos.y, visible);
    if clips {
        ctx.items.push(Item::PopClip);
    }
}

/// The text of an inline root, or the children of a block, of a drawn box.
fn walk_content(ctx: &mut Ctx<'_>, node: &Node, id: NodeId, x: f32, y: f32, visible: bool) {
    let layout = node.final_layout();
    if let Some(data) = node.element_data()
        && let Some(tl) = data.inline_layout_data.as_ref()
    {
        let origin_x = x + layout.border.left + layout.padding.left;
        let origin_y = y + layout.border.top + layout.padding.top + tl.block_offset;
        let boxes = text::emit(ctx, id, &tl.layout, &tl.text, origin_x, origin_y, visible);
        for b in boxes {
            walk_node(ctx, b);
        }
        return;
    }
    let children: Vec<NodeId> = node
        .paint_children
        .borrow()
        .as_ref()
        .or(node.layout_children.borrow().as_ref())
        .map(|c| c.iter().copied().collect())
        .unwrap_or_default();
    for child in children {
        walk_node(ctx, child);
    }
}

/// Background colour, shadows and borders of a box.
fn paint_box(ctx: &mut Ctx<'_>, node: &Node, x: f32, y: f32, w: f32, h: f32) {
    let Some(styles) = node.primary_styles() else {
        return;
    };
    if w <= 0.0 || h <= 0.0 {
        return;
    }
    let xf = ctx.xf;
    // `opacity` fades the box's own background and border (its text keeps its colour).
    let opacity = styles.get_effects().opacity.clamp(0.0, 1.0);
    let fade = |c: Color| Color {
        a: (f32::from(c.a) * opacity).round() as u8,
        ..c
    };
    let border = styles.get_border();
    let corner = |r: &style::values::computed::BorderCornerRadius| {
        let rx =
            r.0.width
                .0
                .resolve(style::values::computed::Length::new(w))
                .px();
        let ry =
            r.0.height
                .0
                .resolve(style::values::computed::Length::new(h))
                .px();
        (rx.max(0.0), ry.max(0.0))
    };
    let corners = [
        corner(&border.border_top_left_radius),
        corner(&border.border_top_right_radius),
        corner(&border.border_bottom_right_radius),
        corner(&border.border_bottom_left_radius),
    ];
    // Corners that meet in the middle on both axes make an ellipse (`border-radius: 50%`);
    // other elliptical corners are drawn circular with the smaller radius.
    let ellipse = corners
        .iter()
        .all(|(rx, ry)| *rx >= w / 2.0 && *ry >= h / 2.0);
    let radii = corners.map(|(rx, ry)| rx.min(ry) * xf.k);
    let rounded = radii.iter().any(|r| *r > 0.0);
    let geometry = |r: page::Rect| {
        if ellipse {
            Geometry::Ellipse(r)
        } else if rounded {
            Geometry::RoundedRect(r, radii)
        } else {
            Geometry::Rect(r)
        }
    };
    // Outer box shadows, the last listed painted first, beneath the background.
    for shadow in styles.get_effects().box_shadow.0.iter().rev() {
        if shadow.inset {
            continue;
        }
        let color = fade(to_color(&styles.resolve_color(&shadow.base.color)));
        let spread = shadow.spread.px();
        let rect = (
            x + shadow.base.horizontal.px() - spread,
            y + shadow.base.vertical.px() - spread,
            w + 2.0 * spread,
            h + 2.0 * spread,
        );
        let shape = |grow: f32| {
            let (x, y, w, h) = (
                rect.0 - grow,
                rect.1 - grow,
                rect.2 + 2.0 * grow,
                rect.3 + 2.0 * grow,
            );
            let r = xf.rect(x, y, w.max(0.0), h.max(0.0));
            if ellipse {
                Geometry::Ellipse(r)
            } else {
                let radii = radii.map(|v| (v + (spread + grow) * xf.k).max(0.0));
                if radii.iter().any(|v| *v > 0.0) {
                    Geometry::RoundedRect(r, radii)
                } else {
                    Geometry::Rect(r)
                }
            }
        };
        // The shadow shows only outside the box (through a transparent background
        // it is not seen): each layer has the box cut out of it.
        let hole = geometry(xf.rect(x, y, w, h))
            .commands()
            .map(|c| shadow::reversed(&c))
            .unwrap_or_default();
        for (geometry, paint) in shadow::box_shadow_layers(color, shadow.base.blur.px(), shape) {
            let Some(mut outline) = geometry.commands() else {
                continue;
            };
            outline.extend_from_slice(&hole);
            ctx.items.push(Item::Shape(Shape {
                geometry: Geometry::Path(outline),
                fill: Some(Paint::Solid(paint)),
                stroke: None,
                line: ctx.line,
            }));
        }
    }
    if let Some(Paint::Solid(c)) = background_paint(node) {
        ctx.items.push(Item::Shape(Shape {
            geometry: geometry(xf.rect(x, y, w, h)),
            fill: Some(Paint::Solid(fade(c))),
            stroke: None,
            line: ctx.line,
        }));
    }
    use style::values::specified::BorderStyle;
    let sides = [
        (
            border.border_top_width.0.to_f32_px(),
            border.border_top_style,
            &border.border_top_color,
            0,
        ),
        (
            border.border_right_width.0.to_f32_px(),
            border.border_right_style,
            &border.border_right_color,
            1,
        ),
        (
            border.border_bottom_width.0.to_f32_px(),
            border.border_bottom_style,
            &border.border_bottom_color,
            2,
        ),
        (
            border.border_left_width.0.to_f32_px(),
            border.border_left_style,
            &border.border_left_color,
            3,
        ),
    ];
    let drawn: Vec<(f32, Color, usize)> = sides
        .iter()
        .filter(|(width, style, _, _)| {
            *width > 0.0 && !matches!(style, BorderStyle::None | BorderStyle::Hidden)
        })
        .map(|(width, _, color, side)| {
            (*width, fade(to_color(&styles.resolve_color(color))), *side)
        })
        .filter(|(_, color, _)| color.a > 0)
        .collect();
    // A rounded box with one border all round: the border follows the corners, a
    // stroke centred half a width inside the edge.
    if (rounded || ellipse)
        && drawn.len() == 4
        && drawn
            .iter()
            .all(|(wd, c, _)| *wd == drawn[0].0 && *c == drawn[0].1)
    {
        let (width, color, _) = drawn[0];
        let inset = width / 2.0;
        let r = xf.rect(
            x + inset,
            y + inset,
            (w - width).max(0.0),
            (h - width).max(0.0),
        );
        let geometry = if ellipse {
            Geometry::Ellipse(r)
        } else {
            Geometry::RoundedRect(r, radii.map(|v| (v - inset * xf.k).max(0.0)))
        };
        ctx.items.push(Item::Shape(Shape {
            geometry,
            fill: None,
            stroke: Some(Stroke {
                color,
                width: width * xf.k,
            }),
            line: ctx.line,
        }));
        return;
    }
    let shared = collapsed_neighbours(ctx, node);
    for (width, color, side) in drawn {
        // In a collapsed table a border shared with the cell above or to the left is
        // that cell's to draw when it is at least as wide (the wider border wins).
        let neighbour = match side {
            0 => shared.0,
            3 => shared.1,
            _ => None,
        };
        if neighbour.is_some_and(|w| w >= width) {
            continue;
        }
        let r = match side {
            0 => xf.rect(x, y, w, width),
            1 => xf.rect(x + w - width, y, width, h),
            2 => xf.rect(x, y + h - width, w, width),
            _ => xf.rect(x, y, width, h),
        };
        ctx.items.push(Item::Shape(Shape {
            geometry: Geometry::Rect(r),
            fill: Some(Paint::Solid(color)),
            stroke: None,
            line: ctx.line,
        }));
    }
}

/// For a table cell in a `border-collapse: collapse` table: the bottom border width of
/// the cell above and the right border width of the cell to the left, where there are
/// such cells. The engine lays collapsed cells out side by side, each with its full
/// borders, which would draw every inner border twice.
fn collapsed_neighbours(ctx: &Ctx<'_>, node: &Node) -> (Option<f32>, Option<f32>) {
    use style::computed_values::border_collapse::T as Collapse;
    if !matches!(tag(node), Some("td" | "th")) {
        return (None, None);
    }
    let doc = ctx.doc;
    let elements = |parent: &Node| -> Vec<NodeId> {
        parent
            .children
            .iter()
            .copied()
            .filter(|&c| doc.get_node(c).is_some_and(|n| n.element_data().is_some()))
            .collect()
    };
    let Some(row) = node.parent.and_then(|p| doc.get_node(p)) else {
        return (None, None);
    };
    // The table: the row's parent, or its grandparent through thead/tbody/tfoot.
    let mut table = row.parent.and_then(|p| doc.get_node(p));
    if table.is_some_and(|t| tag(t) != Some("table")) {
        table = table.and_then(|t| t.parent).and_then(|p| doc.get_node(p));
    }
    let Some(table) = table.filter(|t| tag(t) == Some("table")) else {
        return (None, None);
    };
    let collapsed = table
        .primary_styles()
        .is_some_and(|s| s.get_inherited_table().border_collapse == Collapse::Collapse);
    if !collapsed {
        return (None, None);
    }
    let width_of = |id: NodeId, bottom: bool| -> Option<f32> {
        let n = doc.get_node(id)?;
        let styles = n.primary_styles()?;
        let b = styles.get_border();
        let (w, st) = if bottom {
            (b.border_bottom_width.0.to_f32_px(), b.border_bottom_style)
        } else {
            (b.border_right_width.0.to_f32_px(), b.border_right_style)
        };
        use style::values::specified::BorderStyle;
        Some(if matches!(st, BorderStyle::None | BorderStyle::Hidden) {
            0.0
        } else {
            w
        })
    };
    let cells = elements(row);
    let column = cells.iter().position(|&c| c == node.id);
    let left = column
        .filter(|&c| c > 0)
        .and_then(|c| width_of(cells[c - 1], false));
    // Rows of the whole table in order, through its row groups.
    let mut rows = Vec::new();
    for child in elements(table) {
        let Some(n) = doc.get_node(child) else {
            continue;
        };
        match tag(n) {
            Some("tr") => rows.push(child),
            Some("thead" | "tbody" | "tfoot") => rows.extend(elements(n)),
            _ => {}
        }
    }
    let above = rows
        .iter()
        .position(|&r| r == row.id)
        .filter(|&r| r > 0)
        .and_then(|r| doc.get_node(rows[r - 1]))
        .and_then(|prev| {
            let cells = elements(prev);
            cells.get(column?).copied()
        })
        .and_then(|cell| width_of(cell, true));
    (above, left)
}

/// An `<img>`: the real picture, or a placeholder of the same box.
fn picture(ctx: &mut Ctx<'_>, node: &Node, x: f32, y: f32, w: f32, h: f32) {
    if w <= 0.0 || h <= 0.0 {
        return;
    }
    let src = attr(node, "src").unwrap_or("");
    let alt = attr(node, "alt").unwrap_or("").to_string();
    let rect = ctx.xf.rect(x, y, w, h);
    let line = ctx.line;
    let first_item = ctx.items.len();
    let mut missing = false;
    let mut figure_alt = match alt.trim() {
        "" => format!("picture: {}", assets::file_name(src)),
        alt => alt.to_string(),
    };
    match ctx.assets.get(src) {
        Some(Asset::Raster {
            format,
            bytes,
            width,
            height,
        }) => ctx.items.push(Item::Image(page::Image {
            rect,
            clip: None,
            format: format.clone(),
            bytes: bytes.clone(),
            pixels: (*width, *height),
            alt,
            line,
        })),
        Some(Asset::Svg { bytes, .. }) => ctx.items.push(Item::Svg(page::Svg {
            rect,
            clip: None,
            source: bytes.clone(),
            alt,
            line,
        })),
        _ => {
            let number = assets::resolve(src)
                .and_then(|u| ctx.placeholder_numbers.get(&u).copied())
                .unwrap_or(0);
            let name = assets::file_name(src);
            let label = match alt.trim() {
                "" => format!("image placeholder {number}: {name}"),
                alt => format!("image placeholder {number}: {alt} ({name})"),
            };
            placeholder(&mut ctx.items, rect, false, &label, line, ctx.labels);
            figure_alt = label;
            missing = true;
        }
    }
    // Inside a `<figure>` the picture is that figure's content; elsewhere it is
    // a figure of its own.
    let own = !matches!(ctx.structure.current(), Some(StructKind::Figure { .. }));
    if own {
        ctx.structure.open(StructKind::Figure { alt: figure_alt });
    } else {
        ctx.structure.set_figure_alt(&figure_alt, missing);
    }
    for index in first_item..ctx.items.len() {
        ctx.structure.content(index);
    }
    if own {
        ctx.structure.close();
    }
}

/// An `<iframe>` or `<video>`: nothing to play in a page, so a labelled placeholder
/// over its box, linked to its source.
fn embed(ctx: &mut Ctx<'_>, node: &Node, x: f32, y: f32, w: f32, h: f32) {
    if w < 1.0 || h < 1.0 {
        return;
    }
    let src = attr(node, "src").unwrap_or("").trim().to_string();
    let kind = if tag(node) == Some("video") {
        "video"
    } else {
        "embedded page"
    };
    let label = if src.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}: {}", assets::file_name(&src))
    };
    let rect = ctx.xf.rect(x, y, w, h);
    let line = ctx.line;
    placeholder(&mut ctx.items, rect, false, &label, line, ctx.labels);
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        ctx.items.push(Item::Link(page::Link {
            rects: vec![rect],
            target: page::LinkTarget::Url(src),
            line,
        }));
    }
}

/// design.md's placeholder: a light box with a cross, a frame and the file name.
/// Sizes follow a 1280×720 (picture) or 1920×1080 (background) stand-in scaled to the box.
pub(crate) fn placeholder(
    items: &mut Vec<Item>,
    rect: Rect,
    background: bool,
    label: &str,
    line: usize,
    labels: &mut super::label::Labeler,
) {
    let (nw, nh) = if background {
        (1920.0, 1080.0)
    } else {
        (1280.0, 720.0)
    };
    let (sx, sy) = (rect.w / nw, rect.h / nh);
    let fill = if background {
        Color::rgb(0xdb, 0xe9, 0xf4)
    } else {
        Color::rgb(0xe8, 0xe8, 0xe8)
    };
    let grey = Color::rgb(0x99, 0xaa, 0xaa);
    let stroke = 6.0 * sx.min(sy);
    items.push(Item::Shape(Shape {
        geometry: Geometry::Rect(rect),
        fill: Some(Paint::Solid(fill)),
        stroke: None,
        line,
    }));
    let p = |x: f32, y: f32| page::Point {
        x: rect.x + x * sx,
        y: rect.y + y * sy,
    };
    items.push(Item::Shape(Shape {
        geometry: Geometry::Path(vec![
            page::PathCmd::MoveTo(p(0.0, 0.0)),
            page::PathCmd::LineTo(p(nw, nh)),
            page::PathCmd::MoveTo(p(nw, 0.0)),
            page::PathCmd::LineTo(p(0.0, nh)),
        ]),
        fill: None,
        stroke: Some(Stroke {
            color: grey,
            width: stroke,
        }),
        line,
    }));
    items.push(Item::Shape(Shape {
        geometry: Geometry::Rect(Rect::new(
            rect.x + 3.0 * sx,
            rect.y + 3.0 * sy,
            rect.w - 6.0 * sx,
            rect.h - 6.0 * sy,
        )),
        fill: None,
        stroke: Some(Stroke {
            color: grey,
            width: stroke,
        }),
        line,
    }));
    let size = (nh / 22.0).round() * sy;
    let baseline = if background {
        rect.y + (nh * 0.92).round() * sy
    } else {
        rect.y + rect.h / 2.0 + size * 0.35
    };
    labels.centered(
        items,
        label,
        page::Point {
            x: rect.x + rect.w / 2.0,
            y: baseline,
        },
        size,
        Color::rgb(0x33, 0x44, 0x55),
        line,
    );
}

/// A slide background picture on the page-sized layer, placed by `placement`
/// (reveal's defaults: `cover`, centred, no repeat); a missing one is the
/// background placeholder covering the page.
#[allow(clippy::too_many_arguments)]
pub(crate) fn background_picture(
    items: &mut Vec<Item>,
    asset: &Asset,
    src: &str,
    number: usize,
    page_size: (f32, f32),
    placement: &super::background::Placement<'_>,
    line: usize,
    labels: &mut super::label::Labeler,
) {
    let page_rect = Rect::new(0.0, 0.0, page_size.0, page_size.1);
    let tiles = super::background::tiles(placement, asset.size(), page_size);
    match asset {
        Asset::Raster {
            format,
            bytes,
            width,
            height,
        } => items.extend(tiles.into_iter().map(|rect| {
            Item::Image(page::Image {
                rect,
                clip: Some(page_rect),
                format: format.clone(),
                bytes: bytes.clone(),
                pixels: (*width, *height),
                alt: String::new(),
                line,
            })
        })),
        Asset::Svg { bytes, .. } => items.extend(tiles.into_iter().map(|rect| {
            Item::Svg(page::Svg {
                rect,
                clip: Some(page_rect),
                source: bytes.clone(),
                alt: String::new(),
                line,
            })
        })),
        Asset::Missing => {
            let label = format!(
                "background placeholder {number}: {}",
                assets::file_name(src)
            );
            let cover = super::background::tiles(
                &super::background::Placement::default(),
                asset.size(),
                page_size,
            );
            let rect = cover.first().copied().unwrap_or(page_rect);
            items.push(Item::PushClip(page_rect));
            placeholder(items, rect, true, &label, line, labels);
            items.push(Item::PopClip);
        }
    }
}

/// The baseline (document y) and ascent of the first line inside a node.
fn first_baseline(ctx: &Ctx<'_>, id: NodeId, depth: usize) -> Option<(f32, f32)> {
    if depth > 64 {
        return None;
    }
    let node = ctx.doc.get_node(id)?;
    if let Some(tl) = node
        .element_data()
        .and_then(|e| e.inline_layout_data.as_ref())
    {
        let line = tl.layout.lines().next()?;
        let m = line.metrics();
        let layout = node.final_layout();
        let pos = node.absolute_position(0.0, 0.0);
        let top = pos.y + layout.border.top + layout.padding.top + tl.block_offset;
        let ascent = line
            .runs()
            .next()
            .map(|r| r.font_metrics().ascent)
            .unwrap_or(m.baseline);
        return Some((top + m.baseline, ascent));
    }
    let children = node.layout_children.borrow();
    for &child in children.as_ref()?.iter() {
        if let Some(found) = first_baseline(ctx, child, depth + 1) {
            return Some(found);
        }
    }
    None
}

/// A list item's outside marker: disc, circle and square drawn as shapes as Blink
/// does; numbers drawn from Blitz's marker layout, ending at the content edge.
fn marker(ctx: &mut Ctx<'_>, node: &Node, content_left: f32) {
    let Some(item) = node.element_data().and_then(|e| e.list_item_data.as_ref()) else {
        return;
    };
    let ListItemLayoutPosition::Outside(layout) = &item.position else {
        return;
    };
    let Some(styles) = node.primary_styles() else {
        return;
    };
    let color = to_color(&styles.clone_color());
    drop(styles);
    let Some((baseline, ascent)) = first_baseline(ctx, node.id, 0) else {
        return;
    };
    let xf = ctx.xf;
    match &item.marker {
        Marker::Char(c) => {
            // Blink's symbol marker: a square of (ascent·2/3 + 1)/2 px whose top sits half
            // an ascent above the baseline, followed by a space and 7 px before the text.
            // The space (Lato's 0.193 em plus HedgeDoc's 0.025 em letter-spacing) is
            // measured against Chromium at 20 and 42 px.
            let first_run = layout.lines().next().and_then(|l| l.runs().next());
            let ascent_m = first_run
                .as_ref()
                .map(|r| r.font_metrics().ascent)
                .unwrap_or(ascent);
            let font_size = first_run.as_ref().map(|r| r.font_size()).unwrap_or(ascent);
            let size = ((ascent_m * 2.0 / 3.0 + 1.0) / 2.0).max(1.0);
            let x = content_left - size - 7.0 - (0.218 * font_size - 1.0).max(0.0);
            let y = baseline - ascent_m / 2.0;
            let rect = xf.rect(x, y, size, size);
            let (geometry, fill, stroke) = match c {
                '▪' | '■' => (Geometry::Rect(rect), Some(Paint::Solid(color)), None),
                '◦' | '○' => (
                    Geometry::Ellipse(Rect::new(
                        rect.x + 0.5 * xf.k,
                        rect.y + 0.5 * xf.k,
                        rect.w - xf.k,
                        rect.h - xf.k,
                    )),
                    None,
                    Some(Stroke { color, width: xf.k }),
                ),
                _ => (Geometry::Ellipse(rect), Some(Paint::Solid(color)), None),
            };
            ctx.items.push(Item::Shape(Shape {
                geometry,
                fill,
                stroke,
                line: ctx.line,
            }));
        }
        Marker::String(_) => {
            let width = layout.full_width();
            let line_baseline = layout
                .lines()
                .next()
                .map(|l| l.metrics().baseline)
                .unwrap_or(0.0);
            let text = match &item.marker {
                Marker::String(s) => s.clone(),
                Marker::Char(c) => c.to_string(),
            };
            text::emit_marker(
                ctx,
                node.id,
                layout,
                &text,
                content_left - width,
                baseline - line_baseline,
            );
        }
    }
}
