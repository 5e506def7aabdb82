//! The theme parts: colour scheme, the deck's fonts as major (headings) and minor
//! (body) fonts, and a format scheme with the three entries per list Office requires.
//!
//! The slide master and the notes master each get their own theme part.

use super::xml::{NS_A, esc};

/// A theme named `name` whose heading font is `major` and body font `minor`.
pub(crate) fn theme(name: &str, major: &str, minor: &str) -> String {
    let mut out = String::from(super::xml::DECL);
    out.push_str(&format!(
        "<a:theme xmlns:a=\"{NS_A}\" name=\"{}\"><a:themeElements>",
        esc(name)
    ));
    out.push_str(CLR_SCHEME);
    out.push_str(&format!(
        "<a:fontScheme name=\"deckport\"><a:majorFont><a:latin typeface=\"{}\"/><a:ea typeface=\"{ea}\"/><a:cs typeface=\"{cs}\"/></a:majorFont><a:minorFont><a:latin typeface=\"{}\"/><a:ea typeface=\"{ea}\"/><a:cs typeface=\"{cs}\"/></a:minorFont></a:fontScheme>",
        esc(major),
        esc(minor),
        ea = crate::fonts::CJK_FAMILY,
        cs = crate::fonts::SCRIPT_FAMILY,
    ));
    out.push_str(FMT_SCHEME);
    out.push_str("</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>");
    out
}

/// Twelve colours: dark and light text/background pairs, six accents, links.
const CLR_SCHEME: &str = concat!(
    "<a:clrScheme name=\"deckport\">",
    "<a:dk1><a:srgbClr val=\"222222\"/></a:dk1>",
    "<a:lt1><a:srgbClr val=\"FFFFFF\"/></a:lt1>",
    "<a:dk2><a:srgbClr val=\"333333\"/></a:dk2>",
    "<a:lt2><a:srgbClr val=\"EEEEEE\"/></a:lt2>",
    "<a:accent1><a:srgbClr val=\"2A76DD\"/></a:accent1>",
    "<a:accent2><a:srgbClr val=\"E7AD52\"/></a:accent2>",
    "<a:accent3><a:srgbClr val=\"42AFFA\"/></a:accent3>",
    "<a:accent4><a:srgbClr val=\"8DC63F\"/></a:accent4>",
    "<a:accent5><a:srgbClr val=\"8B743D\"/></a:accent5>",
    "<a:accent6><a:srgbClr val=\"C0504D\"/></a:accent6>",
    "<a:hlink><a:srgbClr val=\"2A76DD\"/></a:hlink>",
    "<a:folHlink><a:srgbClr val=\"6E4EA1\"/></a:folHlink>",
    "</a:clrScheme>"
);

/// Fill, line, effect and background styles, three of each (subtle, moderate, intense).
const FMT_SCHEME: &str = concat!(
    "<a:fmtScheme name=\"deckport\">",
    "<a:fillStyleLst>",
    "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>",
    "<a:solidFill><a:schemeClr val=\"phClr\"><a:tint val=\"50000\"/></a:schemeClr></a:solidFill>",
    "<a:solidFill><a:schemeClr val=\"phClr\"><a:shade val=\"80000\"/></a:schemeClr></a:solidFill>",
    "</a:fillStyleLst>",
    "<a:lnStyleLst>",
    "<a:ln w=\"6350\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>",
    "<a:ln w=\"12700\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>",
    "<a:ln w=\"19050\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>",
    "</a:lnStyleLst>",
    "<a:effectStyleLst>",
    "<a:effectStyle><a:effectLst/></a:effectStyle>",
    "<a:effectStyle><a:effectLst/></a:effectStyle>",
    "<a:effectStyle><a:effectLst/></a:effectStyle>",
    "</a:effectStyleLst>",
    "<a:bgFillStyleLst>",
    "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>",
    "<a:solidFill><a:schemeClr val=\"phClr\"><a:tint val=\"90000\"/></a:schemeClr></a:solidFill>",
    "<a:solidFill><a:schemeClr val=\"phClr\"><a:shade val=\"90000\"/></a:schemeClr></a:solidFill>",
    "</a:bgFillStyleLst>",
    "</a:fmtScheme>"
);
