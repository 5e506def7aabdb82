//! Semantic paragraphs ([`crate::page::Paragraph`]) as DrawingML text: `a:p` with
//! alignment, spacing, real bullets with levels, and `a:r` runs with font, size,
//! colour, bold, italic, underline, strike and hyperlinks.
//!
//! The glyph runs the PDF draws are not used here: PowerPoint lays the text out itself,
//! so the text reflows when someone edits it. Positions come from the paragraphs'
//! boxes: a text frame covers the paragraphs it holds (a little wider, since another
//! renderer's lines may come out slightly longer), each paragraph's left and right
//! margins keep it at the width its lines broke at, and the gap above it becomes its
//! space before — corrected for where office applications put the leading (see [`lead`]).

use std::fmt::Write;

use super::slide::Rels;
use super::xml::{emu, pts100, push_esc, solid_fill, sz};
use crate::page::{Align, Paragraph, Rect, Span};

/// Extra width on each side of a text frame, in page px, for a frame `w` px wide.
fn slack(w: f32) -> f32 {
    (w * 0.01).max(4.0)
}

/// The font size of a paragraph's first span (page px), 16 when it has none.
fn size_of(p: &Paragraph) -> f32 {
    p.spans
        .first()
        .map(|s| s.size)
        .filter(|s| *s > 0.0)
        .unwrap_or(16.0)
}

/// How much higher than the walker's line box an office application's first line
/// must start for its baseline to land where the walker put it, in page px.
///
/// With an exact line spacing, PowerPoint and LibreOffice put the whole leading above
/// the text (the baseline sits one descent above the line's bottom); CSS splits it,
/// half above and half below. The difference is the half-leading.
fn lead(p: &Paragraph) -> f32 {
    if p.line_height <= 0.0 {
        return 0.0;
    }
    let family = p.spans.first().map_or("", |s| s.family.as_str());
    let lead = (p.line_height - crate::fonts::em_box(family) * size_of(p)) / 2.0;
    if lead.is_finite() { lead } else { 0.0 }
}

/// Room left of a list item's text for its marker, in page px.
fn hang(p: &Paragraph) -> f32 {
    match &p.bullet {
        Some(b) if b.numbered => size_of(p) * 1.6,
        Some(_) => size_of(p) * 0.8,
        None => 0.0,
    }
}

/// The frame holding `paras`: their boxes (with room for markers), widened by the slack.
pub(crate) fn frame(paras: &[&Paragraph]) -> Rect {
    let mut x0 = f32::INFINITY;
    let mut y0 = f32::INFINITY;
    let mut x1 = f32::NEG_INFINITY;
    let mut y1 = f32::NEG_INFINITY;
    for p in paras {
        x0 = x0.min(p.bbox.x - hang(p));
        y0 = y0.min(p.bbox.y - lead(p));
        x1 = x1.max(p.bbox.right());
        y1 = y1.max(p.bbox.bottom() - lead(p));
    }
    if !x0.is_finite() || !y0.is_finite() || !x1.is_finite() || !y1.is_finite() {
        return Rect::default();
    }
    let s = slack(x1 - x0);
    Rect::new(x0 - s, y0, x1 - x0 + 2.0 * s, (y1 - y0).max(1.0))
}

/// What the paragraphs of one text frame need besides themselves.
pub(crate) struct TextCtx<'a> {
    /// `lang` attribute of the runs.
    pub(crate) lang: &'a str,
    /// Write `lvl` (placeholders with list levels); text boxes ignore it.
    pub(crate) levels: bool,
}

/// Writes `paras` as `a:p` elements for a frame at `frame`.
pub(crate) fn paragraphs(
    out: &mut String,
    paras: &[&Paragraph],
    frame: Rect,
    ctx: &TextCtx<'_>,
    rels: &mut Rels,
) {
    // Each paragraph's box as an office application lays it out: moved up by its lead.
    let mut prev_bottom = frame.y;
    for p in paras {
        let top = p.bbox.y - lead(p);
        let before = (top - prev_bottom).max(0.0);
        prev_bottom = top + p.bbox.h;
        paragraph(out, p, frame, before, ctx, rels);
    }
    if paras.is_empty() {
        let _ = write!(out, "<a:p><a:endParaRPr lang=\"{}\"/></a:p>", ctx.lang);
    }
}

/// One paragraph with `before` page px of space above it.
fn paragraph(
    out: &mut String,
    p: &Paragraph,
    frame: Rect,
    before: f32,
    ctx: &TextCtx<'_>,
    rels: &mut Rels,
) {
    let (mar_l, mar_r) = match p.align {
        // The right margin too: a nested list's lines break before the frame's edge.
        Align::Left | Align::Justify => (
            (p.bbox.x - frame.x).max(0.0),
            (frame.right() - p.bbox.right()).max(0.0),
        ),
        Align::Right => (0.0, (frame.right() - p.bbox.right()).max(0.0)),
        Align::Center => {
            let c = p.bbox.x + p.bbox.w / 2.0;
            let half = (c - frame.x).min(frame.right() - c).max(0.0);
            (
                (c - half - frame.x).max(0.0),
                (frame.right() - c - half).max(0.0),
            )
        }
    };
    let algn = match p.align {
        Align::Left => "l",
        Align::Center => "ctr",
        Align::Right => "r",
        Align::Justify => "just",
    };
    out.push_str("<a:p><a:pPr");
    let mar_l = emu(mar_l).min(51_206_400);
    let _ = write!(
        out,
        " marL=\"{mar_l}\" marR=\"{}\"",
        emu(mar_r).min(51_206_400)
    );
    if ctx.levels
        && let Some(b) = &p.bullet
    {
        let _ = write!(out, " lvl=\"{}\"", b.level.min(8));
    }
    let indent = emu(hang(p)).min(mar_l);
    let _ = write!(out, " indent=\"{}\" algn=\"{algn}\">", -indent);
    if p.line_height > 0.0 {
        let _ = write!(
            out,
            "<a:lnSpc><a:spcPts val=\"{}\"/></a:lnSpc>",
            pts100(p.line_height)
        );
    }
    let _ = write!(
        out,
        "<a:spcBef><a:spcPts val=\"{}\"/></a:spcBef><a:spcAft><a:spcPts val=\"0\"/></a:spcAft>",
        pts100(before)
    );
    match &p.bullet {
        Some(b) if b.numbered => {
            let start = b
                .marker
                .trim_end_matches(['.', ')'])
                .parse::<u32>()
                .unwrap_or(1)
                .clamp(1, 32767);
            out.push_str("<a:buFont typeface=\"+mj-lt\"/><a:buAutoNum type=\"arabicPeriod\"");
            if start != 1 {
                let _ = write!(out, " startAt=\"{start}\"");
            }
            out.push_str("/>");
        }
        Some(b) => {
            let ch = b.marker.chars().find(|c| !c.is_control()).unwrap_or('•');
            out.push_str("<a:buFont typeface=\"Arial\"/><a:buChar char=\"");
            push_esc(out, &ch.to_string());
            out.push_str("\"/>");
        }
        None => out.push_str("<a:buNone/>"),
    }
    out.push_str("</a:pPr>");
    for span in &p.spans {
        run(out, span, ctx, rels);
    }
    let _ = write!(
        out,
        "<a:endParaRPr lang=\"{}\" sz=\"{}\" dirty=\"0\"/></a:p>",
        ctx.lang,
        sz(size_of(p))
    );
}

/// One span: a run per line, `a:br` between the lines of a span that holds breaks.
fn run(out: &mut String, span: &Span, ctx: &TextCtx<'_>, rels: &mut Rels) {
    let text = span.text.replace('\t', " ");
    let mut rpr = String::new();
    let _ = write!(rpr, "<a:rPr lang=\"{}\" sz=\"{}\"", ctx.lang, sz(span.size));
    if span.bold {
        rpr.push_str(" b=\"1\"");
    }
    if span.italic {
        rpr.push_str(" i=\"1\"");
    }
    if span.underline {
        rpr.push_str(" u=\"sng\"");
    }
    if span.strike {
        rpr.push_str(" strike=\"sngStrike\"");
    }
    let spc = (span.letter_spacing * 50.0).round();
    if spc.is_finite() && spc != 0.0 {
        let _ = write!(rpr, " spc=\"{}\"", (spc as i64).clamp(-400_000, 400_000));
    }
    rpr.push_str(" dirty=\"0\">");
    solid_fill(&mut rpr, span.color);
    if !span.family.is_empty() {
        let mut face = String::new();
        push_esc(&mut face, &span.family);
        // PowerPoint picks the slot per character: CJK text takes the East Asian
        // face, Hebrew and Arabic the complex-script one, as deckport draws them.
        let _ = write!(
            rpr,
            "<a:latin typeface=\"{face}\"/><a:ea typeface=\"{}\"/><a:cs typeface=\"{}\"/>",
            crate::fonts::CJK_FAMILY,
            crate::fonts::SCRIPT_FAMILY
        );
    }
    if let Some(target) = &span.link
        && let Some(click) = rels.link(target)
    {
        rpr.push_str(&click);
    }
    rpr.push_str("</a:rPr>");
    for (i, piece) in text.split('\n').enumerate() {
        if i > 0 {
            let _ = write!(out, "<a:br>{rpr}</a:br>");
        }
        if piece.is_empty() {
            continue;
        }
        out.push_str("<a:r>");
        out.push_str(&rpr);
        out.push_str("<a:t>");
        push_esc(out, piece);
        out.push_str("</a:t></a:r>");
    }
}

/// A text frame's `a:bodyPr`: no insets, top-anchored, wrapping, autofit off.
pub(crate) const BODY_PR: &str = "<a:bodyPr vert=\"horz\" wrap=\"square\" lIns=\"0\" tIns=\"0\" rIns=\"0\" bIns=\"0\" anchor=\"t\"><a:noAutofit/></a:bodyPr><a:lstStyle/>";

#[cfg(test)]
mod tests {
    use super::*;

    fn para(x: f32, y: f32, w: f32, lines: f32, size: f32, line_height: f32) -> Paragraph {
        Paragraph {
            spans: vec![Span {
                text: "text".into(),
                family: "Lato".into(),
                size,
                ..Span::default()
            }],
            line_height,
            bbox: Rect::new(x, y, w, lines * line_height),
            ..Paragraph::default()
        }
    }

    fn write(paras: &[&Paragraph]) -> (Rect, String) {
        let frame = frame(paras);
        let mut out = String::new();
        let mut rels = Rels::new(crate::pptx::rel("rId1", "layout", "x.xml"), 1);
        let ctx = TextCtx {
            lang: "en-US",
            levels: true,
        };
        paragraphs(&mut out, paras, frame, &ctx, &mut rels);
        (frame, out)
    }

    fn attr(xml: &str, name: &str) -> Vec<f32> {
        xml.match_indices(&format!("{name}=\""))
            .map(|(at, m)| {
                let v = &xml[at + m.len()..];
                v[..v.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn each_paragraph_keeps_the_width_its_lines_broke_at() {
        let outer = para(100.0, 100.0, 800.0, 1.0, 30.0, 39.0);
        let nested = para(160.0, 139.0, 600.0, 2.0, 30.0, 39.0);
        let (frame, xml) = write(&[&outer, &nested]);
        let right = |p: &Paragraph| emu(frame.right() - p.bbox.right()) as f32;
        assert_eq!(attr(&xml, "marR"), vec![right(&outer), right(&nested)]);
        assert!((right(&nested) - right(&outer) - emu(140.0) as f32).abs() <= 1.0);
    }

    #[test]
    fn first_lines_start_higher_by_the_half_leading() {
        // Lato's ascent and descent make one em: at 30 px on 39 px lines the
        // half-leading is 4.5 px; at 20 px on 40 px lines it is 10 px.
        let first = para(100.0, 100.0, 800.0, 1.0, 30.0, 39.0);
        let second = para(100.0, 139.0 + 12.0, 800.0, 1.0, 20.0, 40.0);
        let (frame, xml) = write(&[&first, &second]);
        assert_eq!(frame.y, 100.0 - 4.5);
        // The gap of 12 px shrinks by the second lead and grows by the first.
        assert_eq!(
            attr(&xml, "spcPts val"),
            vec![
                pts100(39.0) as f32,
                0.0,
                0.0,
                pts100(40.0) as f32,
                pts100(12.0 - 10.0 + 4.5) as f32,
                0.0
            ]
        );
    }
}
