//! One page of the display list as a slide: background, shapes and pictures in paint
//! order, then the text — the title placeholder, one body placeholder for the text
//! flow, a text box for each paragraph placed outside it — and the slide number as a
//! field.
//!
//! Text arrives twice in the display list: as glyph runs (with the shapes that draw
//! underlines and list markers) for the PDF, and as paragraphs. Only the paragraphs
//! are written; the marker and decoration shapes that belong to them are left out, since
//! PowerPoint draws bullets and underlines itself.

use std::fmt::Write;

use super::Shared;
use super::master::TREE_START;
use super::near::{ParagraphBands, RunsByHeight};
use super::text::{self, BODY_PR, TextCtx};
use super::xml::{NS_A, NS_P, NS_R, Rel, emu, emu_len, esc_uri, solid_fill, srgb, xfrm};
use crate::page::{
    Align, Color, Geometry, GlyphRun, Item, LinkTarget, Page, Paint, Paragraph, PathCmd, Rect,
    Role, Shape,
};

/// The relationships of one slide (or notes slide) as they are handed out.
pub(crate) struct Rels {
    pub(crate) list: Vec<Rel>,
    page_count: usize,
}

impl Rels {
    /// Relationships starting with `first` (the layout or the notes master).
    pub(crate) fn new(first: Rel, page_count: usize) -> Self {
        Self {
            list: vec![first],
            page_count,
        }
    }

    /// The id of a relationship, added unless an equal one exists.
    pub(crate) fn add(&mut self, kind: &'static str, target: String, external: bool) -> String {
        if let Some(r) = self
            .list
            .iter()
            .find(|r| r.kind == kind && r.target == target && r.external == external)
        {
            return r.id.clone();
        }
        let id = format!("rId{}", self.list.len() + 1);
        self.list.push(Rel {
            id: id.clone(),
            kind,
            target,
            external,
        });
        id
    }

    /// `a:hlinkClick` for a link target; `None` for a page that does not exist.
    pub(crate) fn link(&mut self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::Url(url) => {
                let id = self.add("hyperlink", esc_uri(url), true);
                Some(format!("<a:hlinkClick r:id=\"{id}\"/>"))
            }
            LinkTarget::Page(n) if *n < self.page_count => {
                let id = self.add("slide", format!("slide{}.xml", n + 1), false);
                Some(format!(
                    "<a:hlinkClick r:id=\"{id}\" action=\"ppaction://hlinksldjump\"/>"
                ))
            }
            LinkTarget::Page(_) => None,
        }
    }
}

/// A written slide part and its relationships.
pub(crate) struct SlideOut {
    pub(crate) xml: String,
    pub(crate) rels: Rels,
}

/// Shape ids of one slide, from 2 (1 is the shape tree).
pub(crate) struct Ids(u32);

impl Ids {
    pub(crate) fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// Writes slide `index` of the document.
pub(crate) fn slide(page: &Page, index: usize, shared: &mut Shared<'_>) -> SlideOut {
    let mut rels = Rels::new(
        Rel {
            id: "rId1".into(),
            kind: "slideLayout",
            target: "../slideLayouts/slideLayout1.xml".into(),
            external: false,
        },
        shared.page_count,
    );
    let mut out = String::from(super::xml::DECL);
    let _ = write!(
        out,
        "<p:sld xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"><p:cSld><p:bg><p:bgPr>"
    );
    let page_rect = Rect::new(0.0, 0.0, page.width, page.height);
    // A picture covering the page before anything else is drawn is the background.
    let bg_picture = match page.items.first() {
        Some(Item::Image(img)) => super::picture::background(img, page_rect, &mut rels, shared),
        _ => None,
    };
    match &bg_picture {
        Some(fill) => out.push_str(fill),
        None => paint(&mut out, &page.background, page_rect),
    }
    out.push_str("<a:effectLst/></p:bgPr></p:bg>");
    out.push_str(TREE_START);

    let runs: Vec<&GlyphRun> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.runs.iter()),
            _ => None,
        })
        .flatten()
        .collect();
    let runs = RunsByHeight::new(&runs);
    let owned: Vec<Paragraph> = page
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(t) => Some(t.paragraphs.iter()),
            _ => None,
        })
        .flatten()
        .map(|p| aligned(p, &runs))
        .collect();
    let paras: Vec<&Paragraph> = owned.iter().collect();
    let paras = ParagraphBands::new(&paras);
    let number = slide_number(&page.items);
    let mut ids = Ids(1);
    let mut done = 0;
    for (i, item) in page.items.iter().enumerate() {
        if number.is_some_and(|n| i == n || i == n + 1) || (i == 0 && bg_picture.is_some()) {
            continue;
        }
        match item {
            Item::Shape(s) if !belongs_to_text(s, &paras) => shape(&mut out, s, &mut ids),
            Item::Image(img) => super::picture::image(&mut out, img, &mut ids, &mut rels, shared),
            Item::Svg(svg) => super::picture::svg(&mut out, svg, &mut ids, &mut rels, shared),
            Item::Text(t) if t.paragraphs.is_empty() => {
                for r in t.runs.iter().filter(|r| !inside_paragraph(r, &paras)) {
                    label(&mut out, r, &mut ids, shared.lang);
                }
            }
            Item::Text(t) => {
                // `owned` holds the paragraphs of all text items in item order.
                let all: Vec<&Paragraph> = owned[done..done + t.paragraphs.len()].iter().collect();
                done += t.paragraphs.len();
                text_shapes(&mut out, &all, &mut ids, &mut rels, shared.lang);
            }
            _ => {}
        }
    }
    if let Some(n) = number {
        number_field(&mut out, &page.items[n..], index, &mut ids);
    }
    out.push_str("</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>");
    SlideOut { xml: out, rels }
}

/// Title placeholder, body placeholder and text boxes for one slide's paragraphs.
fn text_shapes(out: &mut String, all: &[&Paragraph], ids: &mut Ids, rels: &mut Rels, lang: &str) {
    // Whitespace between blocks can come as a paragraph of its own; it shows nothing.
    let visible = |p: &&Paragraph| p.spans.iter().any(|s| !s.text.trim().is_empty());
    let pick = |role: Role| -> Vec<&Paragraph> {
        all.iter()
            .copied()
            .filter(|p| p.role == role)
            .filter(visible)
            .collect()
    };
    let title = pick(Role::Title);
    let body = pick(Role::Body);
    if !title.is_empty() {
        let id = ids.next();
        placeholder(
            out,
            id,
            &format!("Title {id}"),
            "<p:ph type=\"title\"/>",
            &title,
            rels,
            lang,
            false,
        );
    }
    if !body.is_empty() {
        let id = ids.next();
        placeholder(
            out,
            id,
            &format!("Content Placeholder {id}"),
            "<p:ph idx=\"1\"/>",
            &body,
            rels,
            lang,
            true,
        );
    }
    // Table cells and other placed text get a box each; a code block's lines share one.
    let mut boxes: Vec<Vec<&Paragraph>> = Vec::new();
    for p in all.iter().copied().filter(visible) {
        match p.role {
            Role::Other => boxes.push(vec![p]),
            Role::Code(block) => match boxes.last_mut() {
                Some(b) if b.last().is_some_and(|q| q.role == Role::Code(block)) => b.push(p),
                _ => boxes.push(vec![p]),
            },
            _ => {}
        }
    }
    for paras in boxes {
        let id = ids.next();
        let frame = text::frame(&paras);
        let _ = write!(
            out,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"TextBox {id}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr><p:spPr>"
        );
        xfrm(out, frame);
        out.push_str(
            "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody>",
        );
        out.push_str(BODY_PR);
        let ctx = TextCtx {
            lang,
            levels: false,
        };
        text::paragraphs(out, &paras, frame, &ctx, rels);
        out.push_str("</p:txBody></p:sp>");
    }
}

#[expect(clippy::too_many_arguments, reason = "one call per placeholder kind")]
fn placeholder(
    out: &mut String,
    id: u32,
    name: &str,
    ph: &str,
    paras: &[&Paragraph],
    rels: &mut Rels,
    lang: &str,
    levels: bool,
) {
    let frame = text::frame(paras);
    let _ = write!(
        out,
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>"
    );
    xfrm(out, frame);
    out.push_str("</p:spPr><p:txBody>");
    out.push_str(BODY_PR);
    let ctx = TextCtx { lang, levels };
    text::paragraphs(out, paras, frame, &ctx, rels);
    out.push_str("</p:txBody></p:sp>");
}

/// The index of the slide number's background shape: reveal's label is the last
/// two items, a 40 % black box and the text on it.
fn slide_number(items: &[Item]) -> Option<usize> {
    let n = items.len().checked_sub(2)?;
    match (&items[n], &items[n + 1]) {
        (
            Item::Shape(Shape {
                geometry: Geometry::Rect(_),
                fill:
                    Some(Paint::Solid(Color {
                        r: 0,
                        g: 0,
                        b: 0,
                        a: 102,
                    })),
                stroke: None,
                ..
            }),
            Item::Text(t),
        ) if !t.runs.is_empty() && t.paragraphs.is_empty() => Some(n),
        _ => None,
    }
}

/// The slide number as a text box holding a `slidenum` field.
/// reveal's label ("8.3" in a vertical stack) is kept as plain text where it is not
/// PowerPoint's own number for the slide.
fn number_field(out: &mut String, items: &[Item], index: usize, ids: &mut Ids) {
    let (
        Item::Shape(Shape {
            geometry: Geometry::Rect(r),
            fill: Some(Paint::Solid(bg)),
            ..
        }),
        Item::Text(t),
    ) = (&items[0], &items[1])
    else {
        return;
    };
    let label: String = t.runs.iter().map(|r| r.text.as_str()).collect();
    let size = t.runs[0].size;
    let color = t.runs[0].color;
    let id = ids.next();
    let _ = write!(
        out,
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Slide Number {id}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr><p:spPr>"
    );
    xfrm(out, *r);
    out.push_str("<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>");
    solid_fill(out, *bg);
    let inset = emu(5.0);
    let _ = write!(
        out,
        "</p:spPr><p:txBody><a:bodyPr vert=\"horz\" wrap=\"none\" lIns=\"{inset}\" tIns=\"{inset}\" rIns=\"{inset}\" bIns=\"{inset}\" anchor=\"t\"><a:noAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr algn=\"ctr\"><a:buNone/></a:pPr>"
    );
    let field = label == (index + 1).to_string();
    if field {
        out.push_str("<a:fld id=\"{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}\" type=\"slidenum\">");
    } else {
        out.push_str("<a:r>");
    }
    let _ = write!(
        out,
        "<a:rPr lang=\"en-US\" sz=\"{}\" dirty=\"0\">",
        super::xml::sz(size)
    );
    solid_fill(out, color);
    out.push_str("<a:latin typeface=\"Lato\"/></a:rPr><a:t>");
    super::xml::push_esc(out, &label);
    out.push_str(if field {
        "</a:t></a:fld>"
    } else {
        "</a:t></a:r>"
    });
    out.push_str("<a:endParaRPr lang=\"en-US\" dirty=\"0\"/></a:p></p:txBody></p:sp>");
}

/// Whether a glyph run draws (part of) one of `paras` or its list marker.
fn inside_paragraph(r: &GlyphRun, paras: &ParagraphBands<'_>) -> bool {
    paras.at(r.origin.y).any(|p| {
        let b = p.bbox;
        let size = p.spans.first().map_or(r.size, |s| s.size).max(r.size);
        r.origin.y >= b.y - 1.0
            && r.origin.y <= b.bottom() + 1.0
            && r.origin.x >= b.x - size * 3.0
            && r.origin.x <= b.right() + size
    })
}

/// Text drawn outside any paragraph (a missing picture's file name) as a one-line
/// text box where the glyphs are.
fn label(out: &mut String, r: &GlyphRun, ids: &mut Ids, lang: &str) {
    let start = r.glyphs.iter().map(|g| g.text.start).min().unwrap_or(0);
    let end = r.glyphs.iter().map(|g| g.text.end).max().unwrap_or(0);
    let Some(text) = r.text.get(start..end).filter(|t| !t.trim().is_empty()) else {
        return;
    };
    let width: f32 = r.glyphs.iter().map(|g| g.advance).sum();
    // The labels the walker draws itself are set in DejaVu Sans (ascent 0.93 em).
    let rect = Rect::new(
        r.origin.x,
        r.origin.y - r.size * 0.93,
        width + r.size,
        r.size * 1.2,
    );
    let id = ids.next();
    let _ = write!(
        out,
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"TextBox {id}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr><p:spPr>"
    );
    xfrm(out, rect);
    let _ = write!(
        out,
        "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr vert=\"horz\" wrap=\"none\" lIns=\"0\" tIns=\"0\" rIns=\"0\" bIns=\"0\" anchor=\"t\"><a:noAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr><a:lnSpc><a:spcPct val=\"100000\"/></a:lnSpc><a:buNone/></a:pPr><a:r><a:rPr lang=\"{lang}\" sz=\"{}\" dirty=\"0\">",
        super::xml::sz(r.size)
    );
    solid_fill(out, r.color);
    out.push_str("<a:latin typeface=\"DejaVu Sans\"/></a:rPr><a:t>");
    super::xml::push_esc(out, text);
    out.push_str("</a:t></a:r></a:p></p:txBody></p:sp>");
}

/// A paragraph placed where its glyphs are. The paragraph's box starts at its
/// container's left edge, so text centred (or pushed right) inside the container lies
/// elsewhere: its box becomes the glyphs' extent, and a box whose glyphs sit centred or
/// right in it gets that alignment.
fn aligned(p: &Paragraph, runs: &RunsByHeight<'_>) -> Paragraph {
    let mut p = p.clone();
    let b = p.bbox;
    if b.w <= 0.0 {
        return p;
    }
    let text: String = p.spans.iter().map(|s| s.text.as_str()).collect();
    let mut x0 = f32::INFINITY;
    let mut x1 = f32::NEG_INFINITY;
    for r in runs.between(b.y, b.bottom() + 1.0) {
        if r.origin.y <= b.y || r.origin.y > b.bottom() + 1.0 || r.origin.x < b.x - 1.0 {
            continue;
        }
        let end = r.origin.x + r.glyphs.iter().map(|g| g.advance).sum::<f32>();
        if p.align == Align::Left && r.origin.x > b.right() + 1.0 {
            continue;
        }
        // Text beside this paragraph on the same lines (the next flex item or
        // table cell) is not part of it.
        let own = r.text.trim();
        if own.is_empty() || !text.contains(own) {
            continue;
        }
        x0 = x0.min(r.origin.x);
        x1 = x1.max(end);
    }
    if !(x0.is_finite() && x1.is_finite()) || x1 <= x0 {
        return p;
    }
    match p.align {
        Align::Center | Align::Right => {
            p.bbox.x = x0;
            p.bbox.w = x1 - x0;
        }
        Align::Left if x0 - b.x >= b.w * 0.05 => {
            let tol = (b.w * 0.02).max(2.0);
            if ((x0 + x1) / 2.0 - (b.x + b.w / 2.0)).abs() <= tol {
                p.align = Align::Center;
            } else if (x1 - b.right()).abs() <= tol {
                p.align = Align::Right;
            }
        }
        _ => {}
    }
    p
}

/// Whether a shape is a list marker or a text decoration of one of `paras`, which
/// PowerPoint draws itself from the paragraph.
fn belongs_to_text(s: &Shape, paras: &ParagraphBands<'_>) -> bool {
    let r = match &s.geometry {
        Geometry::Rect(r) | Geometry::Ellipse(r) => *r,
        _ => return false,
    };
    let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
    paras.at(cy).any(|p| {
        let size = p.spans.first().map_or(16.0, |s| s.size);
        let b = p.bbox;
        let inside_y = cy >= b.y - 1.0 && cy <= b.bottom() + 1.0;
        let band = r.h <= (size * 0.2).max(3.0)
            && inside_y
            && r.x >= b.x - 1.0
            && r.right() <= b.right() + 1.0
            && p.spans
                .iter()
                .any(|s| s.underline || s.strike || s.link.is_some());
        let marker = p.bullet.as_ref().is_some_and(|_| {
            r.w <= size * 0.8
                && r.h <= size * 0.8
                && cy >= b.y
                && cy <= b.y + p.line_height.max(size)
                && cx < b.x
                && cx >= b.x - size * 2.5
        });
        band || marker
    })
}

/// A fill: solid colour, linear or radial gradient, over `bounds` (page px).
pub(crate) fn paint(out: &mut String, p: &Paint, bounds: Rect) {
    match p {
        Paint::Solid(c) => solid_fill(out, *c),
        Paint::Linear { start, end, stops } => {
            out.push_str("<a:gradFill rotWithShape=\"1\">");
            stop_list(out, stops);
            let deg = (end.y - start.y).atan2(end.x - start.x).to_degrees();
            let deg = if deg.is_finite() {
                deg.rem_euclid(360.0)
            } else {
                90.0
            };
            let ang = ((deg * 60_000.0).round() as i64).rem_euclid(21_600_000);
            let _ = write!(out, "<a:lin ang=\"{ang}\" scaled=\"0\"/></a:gradFill>");
        }
        Paint::Radial { center, stops, .. } => {
            out.push_str("<a:gradFill rotWithShape=\"1\">");
            stop_list(out, stops);
            let rel = |v: f32, o: f32, len: f32| -> i64 {
                if len > 0.0 {
                    (((v - o) / len * 100_000.0).round() as i64).clamp(0, 100_000)
                } else {
                    50_000
                }
            };
            let l = rel(center.x, bounds.x, bounds.w);
            let t = rel(center.y, bounds.y, bounds.h);
            let _ = write!(
                out,
                "<a:path path=\"circle\"><a:fillToRect l=\"{l}\" t=\"{t}\" r=\"{}\" b=\"{}\"/></a:path></a:gradFill>",
                100_000 - l,
                100_000 - t
            );
        }
    }
}

fn stop_list(out: &mut String, stops: &[crate::page::Stop]) {
    out.push_str("<a:gsLst>");
    let mut stops: Vec<_> = stops.to_vec();
    if stops.is_empty() {
        stops.push(crate::page::Stop {
            offset: 0.0,
            color: Color::rgb(255, 255, 255),
        });
    }
    if stops.len() == 1 {
        stops.push(crate::page::Stop {
            offset: 1.0,
            color: stops[0].color,
        });
    }
    for s in &stops {
        let pos = ((s.offset.clamp(0.0, 1.0) * 100_000.0).round() as i64).clamp(0, 100_000);
        let _ = write!(out, "<a:gs pos=\"{pos}\">");
        srgb(out, s.color);
        out.push_str("</a:gs>");
    }
    out.push_str("</a:gsLst>");
}

/// A filled and/or stroked shape as `p:sp` with a preset or custom geometry.
fn shape(out: &mut String, s: &Shape, ids: &mut Ids) {
    let bounds = match &s.geometry {
        Geometry::Rect(r) | Geometry::RoundedRect(r, _) | Geometry::Ellipse(r) => *r,
        Geometry::Path(cmds) => path_bounds(cmds),
    };
    if !(bounds.w.is_finite() && bounds.h.is_finite()) || (bounds.w <= 0.0 && bounds.h <= 0.0) {
        return;
    }
    let id = ids.next();
    let _ = write!(
        out,
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Shape {id}\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>"
    );
    xfrm(out, bounds);
    match &s.geometry {
        Geometry::Rect(_) => out.push_str("<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>"),
        Geometry::Ellipse(_) => {
            out.push_str("<a:prstGeom prst=\"ellipse\"><a:avLst/></a:prstGeom>")
        }
        Geometry::RoundedRect(r, radii) => {
            let short = r.w.min(r.h);
            let rad = radii.iter().copied().fold(0.0f32, f32::max);
            let adj = if short > 0.0 {
                ((rad / short * 100_000.0).round() as i64).clamp(0, 50_000)
            } else {
                0
            };
            let _ = write!(
                out,
                "<a:prstGeom prst=\"roundRect\"><a:avLst><a:gd name=\"adj\" fmla=\"val {adj}\"/></a:avLst></a:prstGeom>"
            );
        }
        Geometry::Path(cmds) => cust_geom(out, cmds, bounds),
    }
    match &s.fill {
        Some(p) => paint(out, p, bounds),
        None => out.push_str("<a:noFill/>"),
    }
    match &s.stroke {
        Some(st) if st.width > 0.0 => {
            let _ = write!(out, "<a:ln w=\"{}\">", emu_len(st.width).min(20_116_800));
            solid_fill(out, st.color);
            out.push_str("</a:ln>");
        }
        _ => out.push_str("<a:ln><a:noFill/></a:ln>"),
    }
    out.push_str("</p:spPr></p:sp>");
}

fn path_bounds(cmds: &[PathCmd]) -> Rect {
    let mut pts = Vec::new();
    for c in cmds {
        match c {
            PathCmd::MoveTo(p) | PathCmd::LineTo(p) => pts.push(*p),
            PathCmd::CubicTo(a, b, p) => pts.extend([*a, *b, *p]),
            PathCmd::Close => {}
        }
    }
    let x0 = pts.iter().map(|p| p.x).fold(f32::INFINITY, f32::min);
    let y0 = pts.iter().map(|p| p.y).fold(f32::INFINITY, f32::min);
    let x1 = pts.iter().map(|p| p.x).fold(f32::NEG_INFINITY, f32::max);
    let y1 = pts.iter().map(|p| p.y).fold(f32::NEG_INFINITY, f32::max);
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

fn cust_geom(out: &mut String, cmds: &[PathCmd], b: Rect) {
    let (w, h) = (emu_len(b.w), emu_len(b.h));
    let _ = write!(
        out,
        "<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l=\"0\" t=\"0\" r=\"r\" b=\"b\"/><a:pathLst><a:path w=\"{w}\" h=\"{h}\">"
    );
    let pt = |out: &mut String, p: &crate::page::Point| {
        let _ = write!(
            out,
            "<a:pt x=\"{}\" y=\"{}\"/>",
            emu(p.x - b.x).clamp(0, w),
            emu(p.y - b.y).clamp(0, h)
        );
    };
    let mut open = false;
    for c in cmds {
        match c {
            PathCmd::MoveTo(p) => {
                out.push_str("<a:moveTo>");
                pt(out, p);
                out.push_str("</a:moveTo>");
                open = true;
            }
            PathCmd::LineTo(p) if open => {
                out.push_str("<a:lnTo>");
                pt(out, p);
                out.push_str("</a:lnTo>");
            }
            PathCmd::CubicTo(a, c2, p) if open => {
                out.push_str("<a:cubicBezTo>");
                pt(out, a);
                pt(out, c2);
                pt(out, p);
                out.push_str("</a:cubicBezTo>");
            }
            PathCmd::Close if open => out.push_str("<a:close/>"),
            _ => {}
        }
    }
    out.push_str("</a:path></a:pathLst></a:custGeom>");
}
