//! The slide master with its one "Title and Content" layout, and the notes master.
//!
//! The master carries the text styles: headings in the theme's major font, body text
//! in the minor font with bullets per level, so text a user adds looks like the deck.
//! The slides override position and formatting where the display list says so.

use std::fmt::Write;

use super::xml::{DECL, NS_A, NS_P, NS_R, emu};
use crate::page::Rect;

/// Where the layout puts the title on a page `w`×`h` px.
pub(crate) fn title_rect(w: f32, h: f32) -> Rect {
    Rect::new(w * 0.05, h * 0.04, w * 0.9, h * 0.16)
}

/// Where the layout puts the body on a page `w`×`h` px.
pub(crate) fn body_rect(w: f32, h: f32) -> Rect {
    Rect::new(w * 0.05, h * 0.22, w * 0.9, h * 0.72)
}

/// The group properties every shape tree starts with.
pub(crate) const TREE_START: &str = concat!(
    "<p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>",
    "<p:grpSpPr/>"
);

/// A placeholder shape with an empty paragraph (masters and layouts).
fn placeholder(out: &mut String, id: u32, name: &str, ph: &str, rect: Rect) {
    let _ = write!(
        out,
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>"
    );
    super::xml::xfrm(out, rect);
    out.push_str("<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr vert=\"horz\" wrap=\"square\" lIns=\"0\" tIns=\"0\" rIns=\"0\" bIns=\"0\" anchor=\"t\"><a:noAutofit/></a:bodyPr><a:lstStyle/><a:p><a:endParaRPr lang=\"en-US\"/></a:p></p:txBody></p:sp>");
}

/// Bullet characters per level, as the walker draws them.
const BULLETS: [&str; 3] = ["•", "▪", "◦"];

/// The master's text styles; `size` is the body text size in page px.
fn tx_styles(out: &mut String, size: f32) {
    let sz = super::xml::sz(size);
    let title_sz = super::xml::sz(size * 2.0);
    let _ = write!(
        out,
        "<p:txStyles><p:titleStyle><a:lvl1pPr algn=\"l\"><a:lnSpc><a:spcPct val=\"100000\"/></a:lnSpc><a:buNone/><a:defRPr sz=\"{title_sz}\" b=\"0\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mj-lt\"/><a:ea typeface=\"+mj-ea\"/><a:cs typeface=\"+mj-cs\"/></a:defRPr></a:lvl1pPr></p:titleStyle><p:bodyStyle>"
    );
    for lvl in 0..9 {
        let indent = emu(size * 1.2);
        let mar = indent * (lvl as i64 + 1);
        let _ = write!(
            out,
            "<a:lvl{n}pPr marL=\"{mar}\" indent=\"-{indent}\" algn=\"l\"><a:lnSpc><a:spcPct val=\"130000\"/></a:lnSpc><a:spcBef><a:spcPts val=\"0\"/></a:spcBef><a:buFont typeface=\"Arial\"/><a:buChar char=\"{b}\"/><a:defRPr sz=\"{sz}\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/><a:cs typeface=\"+mn-cs\"/></a:defRPr></a:lvl{n}pPr>",
            n = lvl + 1,
            b = BULLETS[lvl.min(2)],
        );
    }
    let _ = write!(
        out,
        "</p:bodyStyle><p:otherStyle><a:lvl1pPr><a:defRPr sz=\"{sz}\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/><a:cs typeface=\"+mn-cs\"/></a:defRPr></a:lvl1pPr></p:otherStyle></p:txStyles>"
    );
}

const CLR_MAP: &str = "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>";

/// `ppt/slideMasters/slideMaster1.xml`; its layout has relationship `rId1` and id
/// 2147483649 (the master itself is 2147483648 in the presentation).
pub(crate) fn slide_master(w: f32, h: f32, body_size: f32) -> String {
    let mut out = String::from(DECL);
    let _ = write!(
        out,
        "<p:sldMaster xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg>"
    );
    out.push_str(TREE_START);
    placeholder(
        &mut out,
        2,
        "Title Placeholder 1",
        "<p:ph type=\"title\"/>",
        title_rect(w, h),
    );
    placeholder(
        &mut out,
        3,
        "Text Placeholder 2",
        "<p:ph type=\"body\" idx=\"1\"/>",
        body_rect(w, h),
    );
    out.push_str("</p:spTree></p:cSld>");
    out.push_str(CLR_MAP);
    out.push_str(
        "<p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst>",
    );
    tx_styles(&mut out, body_size);
    out.push_str("</p:sldMaster>");
    out
}

/// `ppt/slideLayouts/slideLayout1.xml`: "Title and Content".
pub(crate) fn layout(w: f32, h: f32) -> String {
    let mut out = String::from(DECL);
    let _ = write!(
        out,
        "<p:sldLayout xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\" type=\"obj\" preserve=\"1\"><p:cSld name=\"Title and Content\">"
    );
    out.push_str(TREE_START);
    placeholder(
        &mut out,
        2,
        "Title 1",
        "<p:ph type=\"title\"/>",
        title_rect(w, h),
    );
    placeholder(
        &mut out,
        3,
        "Content Placeholder 2",
        "<p:ph idx=\"1\"/>",
        body_rect(w, h),
    );
    out.push_str(
        "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>",
    );
    out
}

/// Notes page size in EMU (portrait letter-like, as Office writes it).
pub(crate) const NOTES_SIZE: (i64, i64) = (6_858_000, 9_144_000);

/// `ppt/notesMasters/notesMaster1.xml`: slide picture on top, notes text below.
pub(crate) fn notes_master() -> String {
    let mut out = String::from(DECL);
    let _ = write!(
        out,
        "<p:notesMaster xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg>"
    );
    out.push_str(TREE_START);
    let px = |emu: i64| emu as f32 / super::xml::EMU_PER_PX;
    let (w, h) = (px(NOTES_SIZE.0), px(NOTES_SIZE.1));
    let _ = write!(
        out,
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"sldImg\" idx=\"2\"/></p:nvPr></p:nvSpPr><p:spPr>"
    );
    super::xml::xfrm(
        &mut out,
        Rect::new(w * 0.06, h * 0.08, w * 0.88, w * 0.88 * 9.0 / 16.0),
    );
    out.push_str("<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/><a:ln w=\"12700\"><a:solidFill><a:prstClr val=\"black\"/></a:solidFill></a:ln></p:spPr></p:sp>");
    placeholder(
        &mut out,
        3,
        "Notes Placeholder 2",
        "<p:ph type=\"body\" sz=\"quarter\" idx=\"1\"/>",
        Rect::new(w * 0.1, h * 0.45, w * 0.8, h * 0.47),
    );
    out.push_str("</p:spTree></p:cSld>");
    out.push_str(CLR_MAP);
    out.push_str("<p:notesStyle>");
    for lvl in 1..=9 {
        let _ = write!(
            out,
            "<a:lvl{lvl}pPr marL=\"{}\" algn=\"l\"><a:defRPr sz=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/><a:ea typeface=\"+mn-ea\"/><a:cs typeface=\"+mn-cs\"/></a:defRPr></a:lvl{lvl}pPr>",
            (lvl - 1) * 457_200
        );
    }
    out.push_str("</p:notesStyle></p:notesMaster>");
    out
}
