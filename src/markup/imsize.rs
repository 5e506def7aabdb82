//! The `![alt](url =WxH)` image size syntax (markdown-it-imsize), before comrak.
//!
//! CommonMark has no such syntax: a destination followed by ` =300x200` is not an
//! image at all. The pre-pass finds these images outside code and raw HTML, drops
//! the size text and hides the size in the image title behind two private-use
//! markers, so comrak still builds a normal image (alt text, URL escaping,
//! paragraph, source position) and the tree pass turns the marker back into
//! `width`/`height` attributes. Line breaks are never added or removed, so comrak's
//! source positions stay deck lines.

use std::ops::Range;

/// Starts the size hidden in a title.
pub(crate) const OPEN: char = '\u{e000}';
/// Ends the size hidden in a title.
pub(crate) const CLOSE: char = '\u{e001}';

/// Whether the text may contain a sized image at all (cheap test before any parsing).
pub(crate) fn may_have_sizes(text: &str) -> bool {
    text.contains("![") && text.contains(" =")
}

/// Rewrites sized images outside `skip` (byte ranges of code and raw HTML).
pub(crate) fn rewrite(text: &str, skip: &[Range<usize>]) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    let mut i = 0;
    let mut skip_idx = 0;
    while let Some(off) = text[i..].find("![") {
        let start = i + off;
        while skip_idx < skip.len() && skip[skip_idx].end <= start {
            skip_idx += 1;
        }
        if skip.get(skip_idx).is_some_and(|r| r.start <= start) {
            i = skip[skip_idx].end.max(start + 2);
            continue;
        }
        match parse(b, start + 2) {
            Some(img) if !skip[skip_idx..].iter().any(|r| r.start < img.end) => {
                let marker = format!("{OPEN}{}x{}{CLOSE}", img.width, img.height);
                match img.title_close {
                    // `url "title" =WxH)`: the marker goes before the title's closing quote.
                    Some(tc) => {
                        out.push_str(&text[last..tc]);
                        out.push_str(&marker);
                        out.push_str(&text[tc..img.size.start]);
                    }
                    // `url =WxH)`: the size text becomes a title holding the marker.
                    None => {
                        out.push_str(&text[last..img.size.start]);
                        out.push('"');
                        out.push_str(&marker);
                        out.push('"');
                    }
                }
                last = img.size.end;
                i = img.end;
            }
            _ => i = start + 2,
        }
    }
    out.push_str(&text[last..]);
    out
}

/// A sized image found in the text.
struct Sized {
    /// Byte range of `=WxH`.
    size: Range<usize>,
    width: String,
    height: String,
    /// Byte offset of the title's closing delimiter, when there is a title.
    title_close: Option<usize>,
    /// Byte offset just past the closing `)`.
    end: usize,
}

fn skip_ws(b: &[u8], mut p: usize) -> usize {
    while p < b.len() && matches!(b[p], b' ' | b'\t' | b'\n') {
        p += 1;
    }
    p
}

/// Parses from just after `![` the way markdown-it-imsize does; only sized images return.
fn parse(b: &[u8], mut p: usize) -> Option<Sized> {
    // Label with balanced brackets and backslash escapes.
    let mut level = 1;
    while p < b.len() {
        match b[p] {
            b'\\' => p += 1,
            b'[' => level += 1,
            b']' => {
                level -= 1;
                if level == 0 {
                    break;
                }
            }
            _ => {}
        }
        p += 1;
    }
    if p >= b.len() || b.get(p + 1) != Some(&b'(') {
        return None;
    }
    p = skip_ws(b, p + 2);
    // Destination.
    if b.get(p) == Some(&b'<') {
        p += 1;
        while p < b.len() && !matches!(b[p], b'>' | b'\n' | b'<') {
            p += if b[p] == b'\\' { 2 } else { 1 };
        }
        if b.get(p) != Some(&b'>') {
            return None;
        }
        p += 1;
    } else {
        let mut depth = 0;
        while p < b.len() && b[p] > b' ' && b[p] != 0x7f {
            match b[p] {
                b'\\' => p += 1,
                b'(' => depth += 1,
                b')' => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            p += 1;
        }
        p = p.min(b.len());
    }
    let dest_end = p;
    p = skip_ws(b, p);
    // Title.
    let mut title_close = None;
    if p > dest_end && p < b.len() && matches!(b[p], b'"' | b'\'' | b'(') {
        let close = if b[p] == b'(' { b')' } else { b[p] };
        let mut q = p + 1;
        while q < b.len() && b[q] != close {
            if b[q] == b'\\' {
                q += 1;
            } else if close == b')' && b[q] == b'(' {
                return None;
            }
            q += 1;
        }
        if q >= b.len() {
            return None;
        }
        title_close = Some(q);
        p = skip_ws(b, q + 1);
    }
    // Size: `=` right after a space, then `W?xH?` with W/H made of digits and `%`.
    if p == 0 || b.get(p - 1) != Some(&b' ') || b.get(p) != Some(&b'=') {
        return None;
    }
    let size_start = p;
    p += 1;
    if !b.get(p).is_some_and(|c| *c == b'x' || c.is_ascii_digit()) {
        return None;
    }
    let num = |mut q: usize| {
        while q < b.len() && (b[q].is_ascii_digit() || b[q] == b'%') {
            q += 1;
        }
        q
    };
    let w_end = num(p);
    if b.get(w_end) != Some(&b'x') {
        return None;
    }
    let h_end = num(w_end + 1);
    let width = String::from_utf8_lossy(&b[p..w_end]).into_owned();
    let height = String::from_utf8_lossy(&b[w_end + 1..h_end]).into_owned();
    let q = {
        let mut q = h_end;
        while q < b.len() && matches!(b[q], b' ' | b'\n') {
            q += 1;
        }
        q
    };
    if b.get(q) != Some(&b')') {
        return None;
    }
    Some(Sized {
        size: size_start..h_end,
        width,
        height,
        title_close,
        end: q + 1,
    })
}

/// Splits a title carrying a hidden size into (title, width, height).
pub(crate) fn take_size(title: &str) -> Option<(String, String, String)> {
    let open = title.rfind(OPEN)?;
    let rest = &title[open + OPEN.len_utf8()..];
    let close = rest.find(CLOSE)?;
    let (w, h) = rest[..close].split_once('x')?;
    let mut clean = title[..open].to_owned();
    clean.push_str(&rest[close + CLOSE.len_utf8()..]);
    Some((clean, w.to_owned(), h.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rw(s: &str) -> String {
        rewrite(s, &[])
    }

    #[test]
    fn imsize_forms() {
        assert_eq!(
            rw("![a](u.png =300x200)"),
            "![a](u.png \"\u{e000}300x200\u{e001}\")"
        );
        assert_eq!(
            rw("![a](u.png =300x)"),
            "![a](u.png \"\u{e000}300x\u{e001}\")"
        );
        assert_eq!(
            rw("![a](u.png =x200)"),
            "![a](u.png \"\u{e000}x200\u{e001}\")"
        );
        assert_eq!(
            rw("![a](u.png =50%x10%)"),
            "![a](u.png \"\u{e000}50%x10%\u{e001}\")"
        );
        assert_eq!(
            rw("![a](u.png \"T\" =1x2)"),
            "![a](u.png \"T\u{e000}1x2\u{e001}\" )"
        );
    }

    #[test]
    fn imsize_without_x_is_text() {
        assert_eq!(rw("![a](u.png =300)"), "![a](u.png =300)");
        assert_eq!(rw("![a](u.png =%x1)"), "![a](u.png =%x1)");
        assert_eq!(rw("![a](u.png=300x2)"), "![a](u.png=300x2)");
    }

    #[test]
    fn imsize_skips_code() {
        let s = "`![a](u =1x2)` ![b](v =3x4)";
        assert_eq!(
            rewrite(s, &[Range { start: 0, end: 14 }]),
            "`![a](u =1x2)` ![b](v \"\u{e000}3x4\u{e001}\")"
        );
    }

    #[test]
    fn imsize_keeps_lines() {
        let s = "![a](\nu.png =1x2\n)";
        assert_eq!(rw(s), "![a](\nu.png \"\u{e000}1x2\u{e001}\"\n)");
    }

    #[test]
    fn imsize_title_marker_taken_back() {
        assert_eq!(
            take_size("T\u{e000}1x\u{e001}"),
            Some(("T".to_owned(), "1".to_owned(), String::new()))
        );
        assert_eq!(take_size("plain"), None);
    }
}
