//! Speaker notes as text annotations (`--notes annotations`): a note icon in the
//! top-right corner of each slide with notes, which a PDF viewer opens to show them.
//!
//! krilla writes link annotations only, so the notes are added afterwards as an
//! incremental update: the annotation objects, one shared appearance (a small note
//! icon, which PDF/A asks of every annotation), each annotated page dictionary again
//! with the new references in its `/Annots`, and a cross-reference section pointing
//! back to krilla's table. The original bytes stay as they were. Like
//! `outline_fix`, this works on krilla's simple layout (one classic table, plain
//! dictionaries) and leaves anything else alone.

use super::outline_fix::{Xref, find, number_after, object_body, rfind};
use std::fmt::Write as _;

/// Side of the note icon, in pt.
const ICON: f32 = 20.0;

/// The PDF with one text annotation per `(page index, text)`; `page_size` is each
/// page's width and height in pt. `None` when the layout is not krilla's.
pub(crate) fn add(
    pdf: &[u8],
    notes: &[(usize, String)],
    page_size: &[(f32, f32)],
) -> Option<Vec<u8>> {
    if notes.is_empty() {
        return Some(pdf.to_vec());
    }
    let startxref = rfind(pdf, b"startxref")?;
    let xref_pos = number_after(pdf, startxref + b"startxref".len())?.0;
    let xref = Xref::parse(pdf, xref_pos)?;
    let trailer_at = xref_pos + find(&pdf[xref_pos..], b"trailer")?;
    let trailer = dictionary(&pdf[trailer_at..startxref])?;
    let size = reference_after(trailer, b"/Size")?;
    let root = reference_after(trailer, b"/Root")?;
    let catalog = object(pdf, &xref, root)?;
    let pages = object(pdf, &xref, reference_after(catalog, b"/Pages")?)?;
    let kids = references_in(pages, b"/Kids")?;

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    // (object number, offset) of every object written here, in order.
    let mut written: Vec<(usize, usize)> = Vec::new();
    let mut next = size;
    let appearance = next;
    next += 1;
    let icon = icon_stream();
    written.push((appearance, out.len()));
    let _ = write!(
        out_text(&mut out),
        "{appearance} 0 obj\n<</Type/XObject/Subtype/Form/BBox[0 0 {ICON} {ICON}]/Length {}>>\nstream\n",
        icon.len()
    );
    out.extend_from_slice(icon.as_bytes());
    out.extend_from_slice(b"\nendstream\nendobj\n");

    for (page_index, text) in notes {
        let page = *kids.get(*page_index)?;
        let (w, h) = *page_size.get(*page_index)?;
        let body = object(pdf, &xref, page)?;
        // A leaf page, not a page-tree node: krilla writes one flat `/Kids` list.
        if find(body, b"/Type/Pages").is_some() || find(body, b"/Type/Page").is_none() {
            return None;
        }
        let annotation = next;
        next += 1;
        let (x1, y1) = (w - 8.0, h - 8.0);
        written.push((annotation, out.len()));
        // Flags 28: printed (PDF/A asks for it), neither zoomed nor rotated with the
        // page, as note icons are meant to be.
        let _ = write!(
            out_text(&mut out),
            "{annotation} 0 obj\n<</Type/Annot/Subtype/Text/Rect[{} {} {x1} {y1}]/Contents{}/T{}/Name/Comment/Open false/F 28/P {page} 0 R/AP<</N {appearance} 0 R>>>>\nendobj\n",
            x1 - ICON,
            y1 - ICON,
            text_string(text),
            text_string("Speaker notes"),
        );
        // The page dictionary again, with the annotation added to `/Annots`.
        let updated = with_annotation(body, annotation)?;
        written.push((page, out.len()));
        out.extend_from_slice(format!("{page} 0 obj\n").as_bytes());
        out.extend_from_slice(&updated);
        out.extend_from_slice(b"\nendobj\n");
    }

    // One cross-reference subsection per run of consecutive object numbers.
    written.sort_unstable();
    let new_xref = out.len();
    out.extend_from_slice(b"xref\n");
    let mut i = 0;
    while i < written.len() {
        let mut j = i + 1;
        while j < written.len() && written[j].0 == written[j - 1].0 + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", written[i].0, j - i).as_bytes());
        for (_, offset) in &written[i..j] {
            out.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
        }
        i = j;
    }
    // The old trailer's entries (Root, Info, ID), a new size and the way back.
    let mut entries = String::from_utf8_lossy(&trailer[2..trailer.len() - 2]).into_owned();
    let size_at = entries.find("/Size")?;
    let size_end = size_at
        + 5
        + entries[size_at + 5..]
            .find(|c: char| !(c.is_ascii_digit() || c == ' '))
            .unwrap_or(entries.len() - size_at - 5);
    entries.replace_range(size_at..size_end, &format!("/Size {next}"));
    let _ = write!(
        out_text(&mut out),
        "trailer\n<<{entries}/Prev {xref_pos}>>\nstartxref\n{new_xref}\n%%EOF"
    );
    Some(out)
}

/// Lets `write!` append text to a byte buffer.
fn out_text(out: &mut Vec<u8>) -> impl std::fmt::Write + '_ {
    struct Bytes<'a>(&'a mut Vec<u8>);
    impl std::fmt::Write for Bytes<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.extend_from_slice(s.as_bytes());
            Ok(())
        }
    }
    Bytes(out)
}

/// The note icon: a pale yellow sheet with a dark edge and three lines of "text".
fn icon_stream() -> String {
    let s = ICON;
    format!(
        "q 1 0.93 0.55 rg 0.45 0.36 0.1 RG 1 w 0.5 0.5 {w} {w} re B \
         0.45 0.36 0.1 RG 1.2 w 4 {a} m {r} {a} l 4 {b} m {r} {b} l 4 {c} m {q} {c} l S Q",
        w = s - 1.0,
        r = s - 4.0,
        q = s - 8.0,
        a = s * 0.72,
        b = s * 0.5,
        c = s * 0.28,
    )
}

/// A PDF text string in UTF-16BE with a byte-order mark, written in hex, so every
/// character (and no delimiter) survives.
fn text_string(text: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

/// The outermost `<<…>>` in `bytes`.
fn dictionary(bytes: &[u8]) -> Option<&[u8]> {
    let start = find(bytes, b"<<")?;
    let end = rfind(bytes, b">>")?;
    (end > start).then(|| &bytes[start..end + 2])
}

/// The body of object `number`.
fn object<'a>(pdf: &'a [u8], xref: &Xref, number: usize) -> Option<&'a [u8]> {
    object_body(pdf, xref.entries.get(number).copied().flatten()?)
}

/// The number after `key` (`/Size 12` or `/Root 3 0 R`).
fn reference_after(dict: &[u8], key: &[u8]) -> Option<usize> {
    let at = find(dict, key)? + key.len();
    Some(number_after(dict, at)?.0)
}

/// The object numbers of the references in the array after `key` (`/Kids[4 0 R 9 0 R]`).
fn references_in(dict: &[u8], key: &[u8]) -> Option<Vec<usize>> {
    let mut at = find(dict, key)? + key.len();
    while dict.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    if dict.get(at) != Some(&b'[') {
        return None;
    }
    let end = at + find(&dict[at..], b"]")?;
    let inside = std::str::from_utf8(&dict[at + 1..end]).ok()?;
    let words: Vec<&str> = inside.split_whitespace().collect();
    words
        .chunks(3)
        .map(|c| match c {
            [n, "0", "R"] => n.parse().ok(),
            _ => None,
        })
        .collect()
}

/// A page dictionary with `annotation` appended to its `/Annots` array (made when
/// missing); `None` when `/Annots` is an indirect reference.
fn with_annotation(body: &[u8], annotation: usize) -> Option<Vec<u8>> {
    let reference = format!(" {annotation} 0 R");
    if let Some(at) = find(body, b"/Annots") {
        let mut open = at + b"/Annots".len();
        while body.get(open).is_some_and(u8::is_ascii_whitespace) {
            open += 1;
        }
        if body.get(open) != Some(&b'[') {
            return None;
        }
        let close = open + find(&body[open..], b"]")?;
        let mut out = body[..close].to_vec();
        out.extend_from_slice(reference.as_bytes());
        out.extend_from_slice(&body[close..]);
        return Some(out);
    }
    let end = rfind(body, b">>")?;
    let mut out = body[..end].to_vec();
    out.extend_from_slice(format!("/Annots[{}]", reference.trim()).as_bytes());
    out.extend_from_slice(&body[end..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-page PDF in krilla's layout; page 2 already has a link annotation.
    fn sample() -> Vec<u8> {
        super::super::outline_fix::tiny_pdf(
            &[
                "<</Type/Catalog/Pages 2 0 R>>",
                "<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>>",
                "<</Type/Page/Parent 2 0 R/MediaBox[0 0 1440 810]>>",
                "<</Type/Page/Parent 2 0 R/MediaBox[0 0 1440 810]/Annots[5 0 R]>>",
                "<</Type/Annot/Subtype/Link/Rect[0 0 10 10]>>",
            ],
            "/Root 1 0 R/ID[(a)(a)]",
        )
    }

    #[test]
    fn notes_are_appended_as_an_incremental_update() {
        let original = sample();
        let notes = [
            (0, "Hello (world)".to_string()),
            (1, "Zwei – ü".to_string()),
        ];
        let out = add(&original, &notes, &[(1440.0, 810.0); 2]).expect("krilla's layout");
        assert!(
            out.starts_with(&original),
            "the original bytes stay as they were"
        );
        let text = String::from_utf8_lossy(&out[original.len()..]).into_owned();
        // Appearance 6, annotations 7 and 8; pages 3 and 4 written again.
        assert!(text.contains("7 0 obj\n<</Type/Annot/Subtype/Text/Rect[1412 782 1432 802]"));
        assert!(
            text.contains(
                "3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 1440 810]/Annots[7 0 R]>>"
            )
        );
        assert!(text.contains(
            "4 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 1440 810]/Annots[5 0 R 8 0 R]>>"
        ));
        assert!(text.contains(&text_string("Zwei – ü")));
        assert!(text.contains("/AP<</N 6 0 R>>"));
        assert!(text.contains("trailer\n<</Size 9/Root 1 0 R/ID[(a)(a)]/Prev "));
        // The new section's offsets point at the objects they name.
        let xref_at = number_after(&out, rfind(&out, b"startxref").unwrap() + 9)
            .unwrap()
            .0;
        let section = String::from_utf8_lossy(&out[xref_at..]).into_owned();
        let mut lines = section.lines().skip(1);
        while let Some(header) = lines.next() {
            let Some((first, count)) = header.split_once(' ') else {
                break;
            };
            let (Ok(first), Ok(count)) = (first.parse::<usize>(), count.parse::<usize>()) else {
                break;
            };
            for k in 0..count {
                let offset: usize = lines.next().unwrap()[..10].parse().unwrap();
                assert!(out[offset..].starts_with(format!("{} 0 obj", first + k).as_bytes()));
            }
        }
    }

    #[test]
    fn text_strings_are_utf16_hex() {
        assert_eq!(text_string("A)"), "<FEFF00410029>");
        assert_eq!(text_string("😀"), "<FEFFD83DDE00>");
    }

    #[test]
    fn other_layouts_are_left_alone() {
        assert_eq!(
            add(b"%PDF-1.7\nno table", &[(0, "x".into())], &[(1.0, 1.0)]),
            None
        );
        // A note for a page that does not exist.
        assert_eq!(add(&sample(), &[(5, "x".into())], &[(1.0, 1.0); 6]), None);
    }
}
