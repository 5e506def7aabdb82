//! Text: parley layouts from Blitz turned into glyph runs, shadows, decorations,
//! links and semantic paragraphs.

use super::boxes::to_color;
use super::glyphs::{ClusterCursor, cluster_cursor, glyph_run, layout_runs};
use super::{Ctx, Xf, attr, tag};
use crate::page::{
    self, Align, Bullet, Color, GlyphRun, Item, LinkTarget, Paragraph, Role, Shape, Span,
};
use blitz_dom::NodeId;
use blitz_dom::node::TextBrush;
use parley::{Layout, PositionedLayoutItem};
use std::collections::BTreeMap;

/// Shadows fainter than this are not drawn (HedgeDoc's body carries an invisible one).
const MIN_SHADOW_ALPHA: u8 = 4;

/// Family name of a bundled face, for semantic spans.
fn family_of(ctx: &Ctx<'_>, node: NodeId) -> (String, bool) {
    let Some(n) = ctx.doc.get_node(node) else {
        return ("Lato".into(), false);
    };
    let Some(styles) = n.primary_styles() else {
        return ("Lato".into(), false);
    };
    let families = format!("{:?}", styles.get_font().font_family).to_ascii_lowercase();
    let mono = families.contains("monospace") || crate::fonts::names_monospace_family(&families);
    if mono {
        ("DejaVu Sans Mono".into(), true)
    } else {
        (crate::fonts::BODY_FAMILY.into(), false)
    }
}

/// The nearest `<a href>` at or above a node, stopping at the inline root.
fn link_of(ctx: &Ctx<'_>, mut id: NodeId, root: NodeId) -> Option<(NodeId, String)> {
    for _ in 0..64 {
        let node = ctx.doc.get_node(id)?;
        if tag(node) == Some("a") {
            let href = attr(node, "href")?.trim();
            return (!href.is_empty()).then(|| (id, href.to_string()));
        }
        if id == root {
            return None;
        }
        id = node.parent?;
    }
    None
}

/// A link element, its href and one rectangle per line (line index, [x0, y0, x1, y1] in canvas px).
type LinkRects = (NodeId, String, Vec<(usize, [f32; 4])>);

/// Whether an href becomes a link annotation (external schemes, or `#/…` slide targets).
fn link_target(href: &str) -> Option<LinkTarget> {
    let lower = href.to_ascii_lowercase();
    if href.starts_with("#/") {
        return Some(LinkTarget::Url(href.to_string()));
    }
    let external = [
        "http://", "https://", "mailto:", "ftp://", "ftps://", "tel:", "sftp://", "ssh://",
        "irc://", "ircs://", "xmpp:", "sip:", "sms:", "geo:", "magnet:", "matrix:", "news:",
        "nntp:", "webcal:", "urn:",
    ];
    external
        .iter()
        .any(|s| lower.starts_with(s))
        .then(|| LinkTarget::Url(href.to_string()))
}

/// Style facts of the element a glyph run belongs to.
struct RunStyle {
    color: Color,
    bold: bool,
    italic: bool,
    shadows: Vec<(f32, f32, f32, Color)>,
}

fn run_style(ctx: &Ctx<'_>, id: NodeId) -> RunStyle {
    let mut out = RunStyle {
        color: Color::rgb(0, 0, 0),
        bold: false,
        italic: false,
        shadows: Vec::new(),
    };
    let Some(styles) = ctx.doc.get_node(id).and_then(|n| n.primary_styles()) else {
        return out;
    };
    out.color = to_color(&styles.clone_color());
    let font = styles.get_font();
    out.bold = font.font_weight.value() >= 600.0;
    out.italic = font.font_style != style::values::computed::FontStyle::NORMAL;
    for shadow in styles.get_inherited_text().text_shadow.0.iter() {
        let color = to_color(&styles.resolve_color(&shadow.color));
        if color.a < MIN_SHADOW_ALPHA {
            continue;
        }
        out.shadows.push((
            shadow.horizontal.px(),
            shadow.vertical.px(),
            shadow.blur.px(),
            color,
        ));
    }
    out
}

/// Emits the text of one inline root; returns the inline boxes (pictures,
/// inline-blocks) to walk next.
pub(crate) fn emit(
    ctx: &mut Ctx<'_>,
    root: NodeId,
    layout: &Layout<TextBrush>,
    text: &str,
    ox: f32,
    oy: f32,
    visible: bool,
) -> Vec<NodeId> {
    let xf = ctx.xf;
    let mut boxes = Vec::new();
    let mut runs = Vec::new();
    let mut shadows: Vec<(f32, GlyphRun)> = Vec::new();
    let mut decorations = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut styles: BTreeMap<NodeId, RunStyle> = BTreeMap::new();
    // Per link element: its href and one rectangle per line (canvas px), in first-seen order.
    let mut links: Vec<LinkRects> = Vec::new();
    let mut link_index: BTreeMap<NodeId, usize> = BTreeMap::new();
    let mut link_of_brush: BTreeMap<NodeId, Option<(NodeId, String)>> = BTreeMap::new();
    // Inline elements with a background or border: their extent per line, in first-seen order.
    let mut boxed_of_brush: BTreeMap<NodeId, Vec<NodeId>> = BTreeMap::new();
    let mut inline_boxes: Vec<LinkRects> = Vec::new();
    let mut inline_index: BTreeMap<NodeId, usize> = BTreeMap::new();
    // What each glyph run is part of, for the structure tree.
    let mut run_parts: Vec<Inline> = Vec::new();
    let mut code_of_brush: BTreeMap<NodeId, Option<NodeId>> = BTreeMap::new();
    for (line_no, line) in layout.lines().enumerate() {
        let line_range = line.text_range();
        let mut cursors: BTreeMap<usize, ClusterCursor> = BTreeMap::new();
        for item in line.items() {
            let gr = match item {
                PositionedLayoutItem::GlyphRun(gr) => gr,
                PositionedLayoutItem::InlineBox(b) => {
                    let id = NodeId::from_u64(b.id);
                    boxes.push(id);
                    continue;
                }
            };
            let run = gr.run();
            let brush = gr.style().brush.id;
            let cursor = cursors
                .entry(run.index())
                .or_insert_with(|| cluster_cursor(run, &line_range));
            let size = run.font_size();
            let style = styles.entry(brush).or_insert_with(|| run_style(ctx, brush));
            let glyph_run = glyph_run(&gr, cursor, text, xf, ox, oy, style.color);
            let run_text = glyph_run.text.clone();
            for &(dx, dy, blur, color) in style.shadows.iter().rev() {
                let mut shadow = glyph_run.clone();
                shadow.origin.x += dx * xf.k;
                shadow.origin.y += dy * xf.k;
                shadow.color = color;
                shadows.push((blur * xf.k, shadow));
            }
            let metrics = run.font_metrics();
            let (x0, x1) = (ox + gr.offset(), ox + gr.offset() + gr.advance());
            let base = oy + gr.baseline();
            let lines = decoration_lines(ctx, brush, root);
            let bands = [
                (
                    lines.underline,
                    metrics.underline_offset,
                    metrics.underline_size,
                ),
                (
                    lines.strike,
                    metrics.strikethrough_offset,
                    metrics.strikethrough_size,
                ),
                (lines.overline, metrics.ascent, metrics.underline_size),
            ];
            for (color, offset, size) in bands {
                if let Some(color) = color {
                    decorations.push(decoration(xf, x0, x1, base - offset, size, color, ctx.line));
                }
            }
            let boxed = boxed_of_brush
                .entry(brush)
                .or_insert_with(|| boxed_inlines(ctx, brush, root));
            for id in boxed.iter() {
                let slot = *inline_index.entry(*id).or_insert_with(|| {
                    inline_boxes.push((*id, String::new(), Vec::new()));
                    inline_boxes.len() - 1
                });
                let (top, bottom) = (base - metrics.ascent, base + metrics.descent);
                extend_line(&mut inline_boxes[slot].2, line_no, [x0, top, x1, bottom]);
            }
            let link = link_of_brush
                .entry(brush)
                .or_insert_with(|| link_of(ctx, brush, root))
                .clone();
            if let Some((id, href)) = &link {
                let slot = *link_index.entry(*id).or_insert_with(|| {
                    links.push((*id, href.clone(), Vec::new()));
                    links.len() - 1
                });
                let (top, bottom) = (base - metrics.ascent, base + metrics.descent);
                extend_line(&mut links[slot].2, line_no, [x0, top, x1, bottom]);
            }
            let (mut family, monospace) = family_of(ctx, brush);
            // A face from --font-dir is named as itself; bundled fallbacks (CJK,
            // Hebrew, emoji) keep the element's family, as office applications
            // pick those per character.
            if !crate::fonts::is_bundled(glyph_run.font.key)
                && let Some(name) = crate::fonts::family_name(&glyph_run.font)
            {
                family = name;
            }
            let span = Span {
                text: run_text,
                family,
                size: size * xf.k,
                color: style.color,
                bold: style.bold,
                italic: style.italic,
                underline: lines.underline.is_some(),
                strike: lines.strike.is_some(),
                monospace,
                link: link.as_ref().and_then(|(_, href)| link_target(href)),
                letter_spacing: letter_spacing_of(ctx, brush) * xf.k,
            };
            match spans.last_mut() {
                Some(last) if same_style(last, &span) => last.text.push_str(&span.text),
                _ => spans.push(span),
            }
            let part = match &link {
                Some((id, href)) if link_target(href).is_some() => Inline::Link(*id),
                _ => match *code_of_brush
                    .entry(brush)
                    .or_insert_with(|| code_of(ctx, brush, root))
                {
                    Some(code) => Inline::Code(code),
                    None => Inline::Plain,
                },
            };
            run_parts.push(part);
            runs.push(glyph_run);
        }
    }
    if visible {
        for (id, _, rects) in &inline_boxes {
            inline_box_shapes(ctx, *id, rects);
        }
        let mut by_blur: BTreeMap<u32, Vec<GlyphRun>> = BTreeMap::new();
        for (blur, run) in shadows {
            by_blur.entry(blur.to_bits()).or_default().push(run);
        }
        for (blur, runs) in by_blur {
            ctx.items.push(Item::Shadow(page::Shadow {
                runs,
                blur: f32::from_bits(blur),
                line: ctx.line,
            }));
        }
        // One text item per stretch of plain text, link or inline code, so the
        // structure tree can put a link's text and its annotation together.
        let mut groups: Vec<(Inline, Vec<GlyphRun>)> = Vec::new();
        for (run, part) in runs.into_iter().zip(run_parts) {
            match groups.last_mut() {
                Some((p, group)) if *p == part => group.push(run),
                _ => groups.push((part, vec![run])),
            }
        }
        let block_line = block_line(ctx, root);
        for (part, runs) in groups {
            let index = ctx.items.len();
            ctx.items.push(Item::Text(page::Text {
                runs,
                paragraphs: Vec::new(),
                line: block_line,
            }));
            match part {
                Inline::Plain => ctx.structure.content(index),
                Inline::Code(_) => {
                    ctx.structure.open(page::StructKind::Code);
                    ctx.structure.content(index);
                    ctx.structure.close();
                }
                Inline::Link(id) => {
                    ctx.structure.open(page::StructKind::Link);
                    ctx.structure.content(index);
                    if let Some((_, href, rects)) = links.iter().find(|l| l.0 == id)
                        && ctx.links_done.insert(id)
                        && let Some(link) = link_item(xf, href, rects, ctx.line)
                    {
                        ctx.structure.content(ctx.items.len());
                        ctx.items.push(link);
                    }
                    ctx.structure.close();
                }
            }
        }
        ctx.items.extend(decorations);
    }
    // Links whose text is not drawn still get their annotation.
    for (id, href, line_rects) in links {
        if !ctx.links_done.insert(id) {
            continue;
        }
        if let Some(link) = link_item(xf, &href, &line_rects, ctx.line) {
            ctx.structure.open(page::StructKind::Link);
            ctx.structure.content(ctx.items.len());
            ctx.structure.close();
            ctx.items.push(link);
        }
    }
    if !spans.is_empty() {
        let paragraph = paragraph(ctx, root, spans, layout, ox, oy);
        ctx.paragraphs.push(paragraph);
    }
    boxes
}

/// What a glyph run belongs to, for the structure tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inline {
    Plain,
    /// Text of the `<a>` element with this id.
    Link(NodeId),
    /// Text of the inline `<code>` element with this id.
    Code(NodeId),
}

/// The nearest `<code>` at or above a node, stopping at the inline root.
fn code_of(ctx: &Ctx<'_>, mut id: NodeId, root: NodeId) -> Option<NodeId> {
    for _ in 0..64 {
        let node = ctx.doc.get_node(id)?;
        if tag(node) == Some("code") {
            return Some(id);
        }
        if id == root {
            return None;
        }
        id = node.parent?;
    }
    None
}

/// The link item for an `<a>`: one rectangle per line, or `None` when its href
/// is no link target or it covers no area.
fn link_item(xf: Xf, href: &str, line_rects: &[(usize, [f32; 4])], line: usize) -> Option<Item> {
    let target = link_target(href)?;
    let rects: Vec<page::Rect> = line_rects
        .iter()
        .filter(|(_, r)| r[2] > r[0] && r[3] > r[1])
        .map(|(_, r)| xf.rect(r[0], r[1], r[2] - r[0], r[3] - r[1]))
        .collect();
    (!rects.is_empty()).then(|| {
        Item::Link(page::Link {
            rects,
            target,
            line,
        })
    })
}

/// The deck line of the Markdown block holding a node (its `data-line`), else the
/// slide's first line.
fn block_line(ctx: &Ctx<'_>, mut id: NodeId) -> usize {
    for _ in 0..64 {
        let Some(node) = ctx.doc.get_node(id) else {
            break;
        };
        if let Some(line) = attr(node, "data-line").and_then(|v| v.parse().ok()) {
            return line;
        }
        match node.parent {
            Some(parent) => id = parent,
            None => break,
        }
    }
    ctx.line
}

/// The inline elements (not inline blocks, which are boxes of their own) between a
/// run's element and its inline root that have a background or a border.
fn boxed_inlines(ctx: &Ctx<'_>, brush: NodeId, root: NodeId) -> Vec<NodeId> {
    use style::values::specified::BorderStyle;
    let mut out = Vec::new();
    let mut id = Some(brush);
    for _ in 0..64 {
        let Some(node) = id.and_then(|i| ctx.doc.get_node(i)) else {
            break;
        };
        if node.id == root || tag(node) == Some("section") {
            break;
        }
        if let Some(styles) = node.primary_styles()
            && styles.get_box().display == style::values::computed::Display::Inline
        {
            let bg = to_color(&styles.resolve_color(&styles.get_background().background_color));
            let border = styles.get_border();
            let bordered = (border.border_top_width.0.to_f32_px() > 0.0
                && !matches!(
                    border.border_top_style,
                    BorderStyle::None | BorderStyle::Hidden
                ))
                || right_rule(&styles).is_some();
            if bg.a > 0 || bordered {
                out.push(node.id);
            }
        }
        id = node.parent;
    }
    out
}

/// Background and border of an inline element, one band per line it occupies: the
/// line's glyph extent grown by the element's padding and border (left side on its
/// first line, right side on its last), as a browser paints an inline box. The
/// engine gives inline padding no room, so the band may reach into neighbouring text.
fn inline_box_shapes(ctx: &mut Ctx<'_>, id: NodeId, rects: &[(usize, [f32; 4])]) {
    use style::values::specified::BorderStyle;
    let Some(node) = ctx.doc.get_node(id) else {
        return;
    };
    let Some(styles) = node.primary_styles() else {
        return;
    };
    let zero = style::values::computed::Length::new(0.0);
    let padding = styles.get_padding();
    let [pt, pr, pb, pl] = [
        &padding.padding_top,
        &padding.padding_right,
        &padding.padding_bottom,
        &padding.padding_left,
    ]
    .map(|p| p.0.resolve(zero).px().max(0.0));
    let border = styles.get_border();
    let bw = if matches!(
        border.border_top_style,
        BorderStyle::None | BorderStyle::Hidden
    ) {
        0.0
    } else {
        border.border_top_width.0.to_f32_px()
    };
    let bc = to_color(&styles.resolve_color(&border.border_top_color));
    let bg = to_color(&styles.resolve_color(&styles.get_background().background_color));
    let radius = border
        .border_top_left_radius
        .0
        .width
        .0
        .resolve(zero)
        .px()
        .max(0.0);
    let xf = ctx.xf;
    let last = rects.len().saturating_sub(1);
    // A right border alone (a line-number gutter's rule): a bar after the last line's text.
    if bw == 0.0
        && let Some((width, color)) = right_rule(&styles)
        && let Some((_, [_, top, x1, bottom])) = rects.last()
    {
        let x = x1 + pr;
        ctx.items.push(Item::Shape(Shape {
            geometry: page::Geometry::Rect(xf.rect(x, top - pt, width, bottom + pb - top + pt)),
            fill: Some(page::Paint::Solid(color)),
            stroke: None,
            line: ctx.line,
        }));
    }
    for (i, (_, [x0, top, x1, bottom])) in rects.iter().enumerate() {
        let left = if i == 0 { pl + bw } else { 0.0 };
        let right = if i == last { pr + bw } else { 0.0 };
        let (x, y) = (x0 - left, top - pt - bw);
        let (w, h) = (x1 + right - x, bottom + pb + bw - y);
        if w <= 0.0 || h <= 0.0 {
            continue;
        }
        let radii = [radius * xf.k; 4];
        let geometry = |r: page::Rect, radii: [f32; 4]| {
            if radius > 0.0 {
                page::Geometry::RoundedRect(r, radii)
            } else {
                page::Geometry::Rect(r)
            }
        };
        if bg.a > 0 {
            ctx.items.push(Item::Shape(Shape {
                geometry: geometry(xf.rect(x, y, w, h), radii),
                fill: Some(page::Paint::Solid(bg)),
                stroke: None,
                line: ctx.line,
            }));
        }
        if bw > 0.0 && bc.a > 0 {
            let r = xf.rect(x + bw / 2.0, y + bw / 2.0, w - bw, h - bw);
            ctx.items.push(Item::Shape(Shape {
                geometry: geometry(r, radii.map(|v| (v - bw / 2.0 * xf.k).max(0.0))),
                fill: None,
                stroke: Some(page::Stroke {
                    color: bc,
                    width: bw * xf.k,
                }),
                line: ctx.line,
            }));
        }
    }
}

/// The width and colour of an inline element's right border when its top border is
/// absent (the uniform case is drawn as an outline).
fn right_rule(styles: &style::properties::ComputedValues) -> Option<(f32, Color)> {
    use style::values::specified::BorderStyle;
    let border = styles.get_border();
    let none = |s: BorderStyle| matches!(s, BorderStyle::None | BorderStyle::Hidden);
    let top = if none(border.border_top_style) {
        0.0
    } else {
        border.border_top_width.0.to_f32_px()
    };
    let right = if none(border.border_right_style) {
        0.0
    } else {
        border.border_right_width.0.to_f32_px()
    };
    let color = to_color(&styles.resolve_color(&border.border_right_color));
    (top == 0.0 && right > 0.0 && color.a > 0).then_some((right, color))
}

/// Text decorations that reach a run, each with the colour of the element that set it.
#[derive(Default)]
struct DecorationLines {
    underline: Option<Color>,
    strike: Option<Color>,
    overline: Option<Color>,
}

/// Collects `text-decoration-line` from the run's element up to its block: decorations
/// are not inherited but propagate to the inline content of the element that sets them.
fn decoration_lines(ctx: &Ctx<'_>, brush: NodeId, root: NodeId) -> DecorationLines {
    use style::values::specified::TextDecorationLine as L;
    let mut out = DecorationLines::default();
    let mut id = Some(brush);
    let mut passed_root = false;
    for _ in 0..64 {
        let Some(node) = id.and_then(|i| ctx.doc.get_node(i)) else {
            break;
        };
        if let Some(styles) = node.primary_styles() {
            let line = styles.get_text().text_decoration_line;
            if !line.is_empty() {
                let color =
                    to_color(&styles.resolve_color(&styles.get_text().text_decoration_color));
                if line.contains(L::UNDERLINE) {
                    out.underline.get_or_insert(color);
                }
                if line.contains(L::LINE_THROUGH) {
                    out.strike.get_or_insert(color);
                }
                if line.contains(L::OVERLINE) {
                    out.overline.get_or_insert(color);
                }
            }
        }
        if passed_root || tag(node) == Some("section") {
            break;
        }
        if node.id == root {
            // An anonymous inline root takes its decorations from the block that made it.
            if !node.is_anonymous() {
                break;
            }
            passed_root = true;
        }
        id = node.parent.or(node.layout_parent.get());
    }
    out
}

/// Grows the rectangle of line `line_no` by `rect` (x0, y0, x1, y1), or starts one
/// when the run is on a new line.
fn extend_line(rects: &mut Vec<(usize, [f32; 4])>, line_no: usize, rect: [f32; 4]) {
    match rects.last_mut() {
        Some((l, r)) if *l == line_no => {
            r[0] = r[0].min(rect[0]);
            r[1] = r[1].min(rect[1]);
            r[2] = r[2].max(rect[2]);
            r[3] = r[3].max(rect[3]);
        }
        _ => rects.push((line_no, rect)),
    }
}

fn same_style(a: &Span, b: &Span) -> bool {
    a.family == b.family
        && a.size == b.size
        && a.color == b.color
        && a.bold == b.bold
        && a.italic == b.italic
        && a.underline == b.underline
        && a.strike == b.strike
        && a.link == b.link
        && a.letter_spacing == b.letter_spacing
}

/// The computed `letter-spacing` of a node in canvas px (0 for `normal`).
fn letter_spacing_of(ctx: &Ctx<'_>, node: NodeId) -> f32 {
    ctx.doc
        .get_node(node)
        .and_then(|n| n.primary_styles())
        .and_then(|s| s.get_inherited_text().letter_spacing.0.to_length())
        .map_or(0.0, |l| l.px())
}

fn decoration(xf: Xf, x0: f32, x1: f32, y: f32, size: f32, color: Color, line: usize) -> Item {
    let h = size.max(1.0);
    Item::Shape(Shape {
        geometry: page::Geometry::Rect(xf.rect(x0, y - h / 2.0, x1 - x0, h)),
        fill: Some(page::Paint::Solid(color)),
        stroke: None,
        line,
    })
}

/// Whether an element is placed beside others rather than in the text's flow: a
/// float, a positioned box, or an item of a row flex or a grid container. Its text
/// is a box of its own in the PPTX, not a paragraph of the body.
fn placed_apart(ctx: &Ctx<'_>, node: &blitz_dom::Node) -> bool {
    use style::computed_values::flex_direction::T as Direction;
    use style::values::computed::{Float, PositionProperty};
    use style::values::specified::box_::DisplayInside;
    let Some(styles) = node.primary_styles() else {
        return false;
    };
    let boxed = styles.get_box();
    if boxed.float != Float::None
        || matches!(
            boxed.position,
            PositionProperty::Absolute | PositionProperty::Fixed
        )
    {
        return true;
    }
    let Some(parent) = node
        .layout_parent
        .get()
        .or(node.parent)
        .and_then(|p| ctx.doc.get_node(p))
        .and_then(|p| p.primary_styles())
    else {
        return false;
    };
    match parent.get_box().display.inside() {
        DisplayInside::Grid => true,
        DisplayInside::Flex => matches!(
            parent.get_position().flex_direction,
            Direction::Row | Direction::RowReverse
        ),
        _ => false,
    }
}

/// The semantic paragraph of an inline root: role, heading level, bullet, alignment.
fn paragraph(
    ctx: &Ctx<'_>,
    root: NodeId,
    spans: Vec<Span>,
    layout: &Layout<TextBrush>,
    ox: f32,
    oy: f32,
) -> Paragraph {
    let xf = ctx.xf;
    let mut heading = 0;
    let mut role = Role::Body;
    let mut lists = Vec::new();
    let mut in_li = None;
    let mut block = root;
    let mut id = Some(root);
    let mut depth = 0;
    while let Some(cur) = id {
        let Some(node) = ctx.doc.get_node(cur) else {
            break;
        };
        match tag(node) {
            Some(t @ ("h1" | "h2" | "h3" | "h4" | "h5" | "h6")) => {
                heading = heading.max(t[1..].parse().unwrap_or(0));
                if Some(cur) == ctx.title_heading {
                    role = Role::Title;
                }
            }
            Some("li") if in_li.is_none() => in_li = Some(cur),
            Some(t @ ("ul" | "ol")) => lists.push(t == "ol"),
            Some("td" | "th") => {
                role = if role == Role::Title {
                    role
                } else {
                    Role::Other
                }
            }
            Some("pre") if role != Role::Title => role = Role::Code(cur.as_u64() as u32),
            Some("section") => break,
            _ => {}
        }
        if role == Role::Body && placed_apart(ctx, node) {
            role = Role::Other;
        }
        if depth == 0 && node.element_data().is_some() && !node.is_anonymous() {
            block = cur;
        }
        id = node.layout_parent.get().or(node.parent);
        depth += 1;
        if depth > 256 {
            break;
        }
    }
    let bullet = in_li.map(|_| {
        let numbered = lists.first().copied().unwrap_or(false);
        let level = lists.len().saturating_sub(1).min(8) as u8;
        let marker = if numbered {
            "1.".to_string()
        } else {
            ["•", "▪", "◦"][(level as usize).min(2)].to_string()
        };
        Bullet {
            level,
            marker,
            numbered,
        }
    });
    let (align, space_before, space_after) = ctx
        .doc
        .get_node(block)
        .and_then(|n| n.primary_styles().map(|s| (s, n.final_layout().margin)))
        .map(|(s, margin)| {
            use style::values::specified::TextAlignKeyword as K;
            let align = match s.get_inherited_text().text_align {
                K::Center | K::MozCenter => Align::Center,
                K::Right | K::MozRight | K::End => Align::Right,
                K::Justify => Align::Justify,
                _ => Align::Left,
            };
            (align, margin.top * xf.k, margin.bottom * xf.k)
        })
        .unwrap_or((Align::Left, 0.0, 0.0));
    let line_height = layout
        .lines()
        .next()
        .map(|l| l.metrics().line_height * xf.k)
        .unwrap_or(0.0);
    Paragraph {
        role,
        heading,
        spans,
        bullet,
        align,
        space_before,
        space_after,
        line_height,
        bbox: xf.rect(ox, oy, layout.width(), layout.height()),
        line: ctx.line,
    }
}

/// Draws a numbered list marker from Blitz's marker layout.
pub(crate) fn emit_marker(
    ctx: &mut Ctx<'_>,
    li: NodeId,
    layout: &Layout<TextBrush>,
    text: &str,
    ox: f32,
    oy: f32,
) {
    let xf = ctx.xf;
    let color = ctx
        .doc
        .get_node(li)
        .and_then(|n| n.primary_styles())
        .map(|s| to_color(&s.clone_color()))
        .unwrap_or(Color::rgb(0, 0, 0));
    let runs = layout_runs(layout, text, xf, ox, oy, color);
    if !runs.is_empty() {
        ctx.items.push(Item::Text(page::Text {
            runs,
            paragraphs: Vec::new(),
            line: ctx.line,
        }));
    }
}
