//! Notes slides. A slide's notes are the Markdown written after `note:`; they become
//! paragraphs of the notes placeholder, keeping list items as real bullets or numbers
//! with their levels, `**bold**` as bold runs and links as hyperlinks.

use std::fmt::Write;

use super::master::TREE_START;
use super::slide::Rels;
use super::xml::{DECL, NS_A, NS_P, NS_R, Rel, push_esc};
use crate::notes::{inline, parse};
use crate::page::LinkTarget;

/// `ppt/notesSlides/notesSlideN.xml` for slide `n` (1-based) and its relationships.
pub(crate) fn notes_slide(notes: &str, n: usize, page_count: usize, lang: &str) -> (String, Rels) {
    let mut rels = Rels::new(
        Rel {
            id: "rId1".into(),
            kind: "notesMaster",
            target: "../notesMasters/notesMaster1.xml".into(),
            external: false,
        },
        page_count,
    );
    rels.add("slide", format!("../slides/slide{n}.xml"), false);
    let mut out = String::from(DECL);
    let _ = write!(
        out,
        "<p:notes xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"><p:cSld>"
    );
    out.push_str(TREE_START);
    out.push_str("<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"sldImg\"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>");
    out.push_str("<p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes Placeholder 2\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"body\" idx=\"1\"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>");
    let paras = parse(notes);
    for p in &paras {
        out.push_str("<a:p>");
        match p.list {
            Some((level, numbered)) => {
                let _ = write!(
                    out,
                    "<a:pPr marL=\"{}\" lvl=\"{level}\" indent=\"-228600\">",
                    228_600 * (level as i64 + 1)
                );
                if numbered {
                    out.push_str(
                        "<a:buFont typeface=\"+mj-lt\"/><a:buAutoNum type=\"arabicPeriod\"/>",
                    );
                } else {
                    out.push_str("<a:buFont typeface=\"Arial\"/><a:buChar char=\"•\"/>");
                }
                out.push_str("</a:pPr>");
            }
            None => out.push_str("<a:pPr marL=\"0\" indent=\"0\"><a:buNone/></a:pPr>"),
        }
        for piece in inline(&p.text) {
            let _ = write!(out, "<a:r><a:rPr lang=\"{lang}\"");
            if piece.bold {
                out.push_str(" b=\"1\"");
            }
            out.push_str(" dirty=\"0\">");
            if let Some(url) = &piece.link
                && let Some(click) = rels.link(&LinkTarget::Url(url.clone()))
            {
                out.push_str(&click);
            }
            out.push_str("</a:rPr><a:t>");
            push_esc(&mut out, &piece.text);
            out.push_str("</a:t></a:r>");
        }
        let _ = write!(out, "<a:endParaRPr lang=\"{lang}\" dirty=\"0\"/></a:p>");
    }
    if paras.is_empty() {
        let _ = write!(out, "<a:p><a:endParaRPr lang=\"{lang}\"/></a:p>");
    }
    out.push_str("</p:txBody></p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>");
    (out, rels)
}
