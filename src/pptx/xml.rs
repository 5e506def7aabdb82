//! XML text for the package parts: escaping, units and the namespaces every part shares.
//!
//! The parts are written as strings; this module is the one place that decides what a
//! string from the deck may contain once it is inside an element or an attribute.

use std::fmt::Write;

/// DrawingML's main namespace.
pub(crate) const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
/// Office relationships, for `r:id` and `r:embed`.
pub(crate) const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// PresentationML.
pub(crate) const NS_P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
/// Relationship types share this prefix.
pub(crate) const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// The XML declaration every part starts with.
pub(crate) const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// EMU per page pixel: a 1920 px page is 12192000 EMU wide (design.md, units table).
pub const EMU_PER_PX: f32 = 6350.0;

/// A page-pixel length in EMU, rounded; NaN and infinities become 0 or saturate.
pub(crate) fn emu(px: f32) -> i64 {
    let v = (px * EMU_PER_PX).round();
    if v.is_finite() { v as i64 } else { 0 }
}

/// A non-negative page-pixel extent in EMU.
pub(crate) fn emu_len(px: f32) -> i64 {
    emu(px).max(0)
}

/// A font size in page px as `sz` (hundredths of a point; 1 px = 0.5 pt), in the range
/// DrawingML accepts.
pub(crate) fn sz(px: f32) -> i64 {
    let v = (px * 50.0).round();
    if v.is_finite() {
        (v as i64).clamp(100, 400_000)
    } else {
        1800
    }
}

/// A page-pixel distance in hundredths of a point (`spcPts`), in the accepted range.
pub(crate) fn pts100(px: f32) -> i64 {
    let v = (px * 50.0).round();
    if v.is_finite() {
        (v as i64).clamp(0, 158_400)
    } else {
        0
    }
}

/// Whether a character may appear in our XML: no control characters (tab and line
/// breaks included, since text runs carry their own structure), no non-characters.
fn allowed(c: char) -> bool {
    !c.is_control() && c != '\u{FFFE}' && c != '\u{FFFF}'
}

/// Escapes text for element content or a double-quoted attribute, dropping control
/// characters.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_esc(&mut out, s);
    out
}

/// Appends the escaped form of `s` to `out`.
pub(crate) fn push_esc(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

/// A relationship target that is a URL: spaces and other characters a URI cannot
/// hold are percent-encoded, then the result is escaped for the attribute.
pub(crate) fn esc_uri(s: &str) -> String {
    let mut enc = String::with_capacity(s.len());
    for c in s.chars() {
        if c == ' ' || c == '"' || c == '<' || c == '>' || c.is_control() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(enc, "%{b:02X}");
            }
        } else {
            enc.push(c);
        }
    }
    esc(&enc)
}

/// An sRGB colour as `<a:srgbClr>`, with `<a:alpha>` when it is not opaque.
pub(crate) fn srgb(out: &mut String, c: crate::page::Color) {
    let _ = write!(out, "<a:srgbClr val=\"{:02X}{:02X}{:02X}\"", c.r, c.g, c.b);
    if c.a == 255 {
        out.push_str("/>");
    } else {
        let alpha = (c.a as i64 * 100_000 + 127) / 255;
        let _ = write!(out, "><a:alpha val=\"{alpha}\"/></a:srgbClr>");
    }
}

/// `<a:solidFill>` of a colour.
pub(crate) fn solid_fill(out: &mut String, c: crate::page::Color) {
    out.push_str("<a:solidFill>");
    srgb(out, c);
    out.push_str("</a:solidFill>");
}

/// `<a:xfrm>` of a rectangle in page px.
pub(crate) fn xfrm(out: &mut String, r: crate::page::Rect) {
    let _ = write!(
        out,
        "<a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>",
        emu(r.x),
        emu(r.y),
        emu_len(r.w),
        emu_len(r.h)
    );
}

/// One relationship of a `.rels` part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rel {
    pub(crate) id: String,
    /// The type's last path segment, e.g. `slideLayout`.
    pub(crate) kind: &'static str,
    /// Already escaped for the attribute.
    pub(crate) target: String,
    pub(crate) external: bool,
}

/// A `.rels` part listing `rels` in order.
pub(crate) fn rels_part(rels: &[Rel]) -> String {
    let mut out = String::from(DECL);
    out.push_str(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for r in rels {
        let ty = match r.kind {
            "core-properties" => {
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                    .to_string()
            }
            k => format!("{REL}/{k}"),
        };
        let _ = write!(
            out,
            "<Relationship Id=\"{}\" Type=\"{ty}\" Target=\"{}\"{}/>",
            r.id,
            r.target,
            if r.external {
                " TargetMode=\"External\""
            } else {
                ""
            }
        );
    }
    out.push_str("</Relationships>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            esc("a<b & \"c\" 'd' >"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;"
        );
        assert_eq!(esc("x\u{1}y\u{7}z\u{1b}\t\n\u{85}"), "xyz");
        assert_eq!(esc("grüße ✓"), "grüße ✓");
    }

    #[test]
    fn units_follow_the_design_table() {
        assert_eq!(emu(1920.0), 12_192_000);
        assert_eq!(emu(1080.0), 6_858_000);
        assert_eq!(sz(29.62), 1481);
        assert_eq!(emu(f32::NAN), 0);
        assert_eq!(emu_len(-3.0), 0);
    }

    #[test]
    fn uri_targets_are_encoded_and_escaped() {
        assert_eq!(
            esc_uri("https://x.org/a b?c=1&d=2"),
            "https://x.org/a%20b?c=1&amp;d=2"
        );
    }
}
