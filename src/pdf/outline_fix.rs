//! Outline destinations written in place, for PDF/A checkers built on PDFBox 2.
//!
//! krilla writes each outline entry's `/Dest` as a reference to an array object.
//! That is valid PDF, but Apache PDFBox 2.0's Preflight (the PDF/A validator many
//! archives run) cannot read an indirect destination and reports every outline
//! entry as a syntax error. For PDF/A output the arrays are therefore copied into
//! the entries and the cross-reference table is rewritten for the shifted offsets.
//!
//! The rewrite works only on the simple layout krilla writes (one classic xref
//! table, plain-text dictionaries); anything else is left exactly as it was.

/// The PDF with outline entries' `/Dest N 0 R` replaced by the array object N;
/// `None` when the file does not have the expected layout.
pub(crate) fn inline_outline_destinations(pdf: &[u8]) -> Option<Vec<u8>> {
    let startxref = rfind(pdf, b"startxref")?;
    let xref_pos: usize = number_after(pdf, startxref + b"startxref".len())?.0;
    let xref = Xref::parse(pdf, xref_pos)?;

    // (position of "N 0 R" in the file, its length, the array that replaces it)
    let mut edits: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    for entry in xref.entries.iter().flatten() {
        let Some(body) = object_body(pdf, *entry) else {
            continue;
        };
        if !body.starts_with(b"<<") || !contains(body, b"/Title") {
            continue;
        }
        let Some(at) = find(body, b"/Dest ") else {
            continue;
        };
        let start = at + b"/Dest ".len();
        let (target, after_number) = number_after(body, start)?;
        let reference_end = after_number + b" 0 R".len();
        if body.get(after_number..reference_end) != Some(b" 0 R".as_slice()) {
            continue;
        }
        let Some(array) = xref
            .entries
            .get(target)
            .copied()
            .flatten()
            .and_then(|offset| object_body(pdf, offset))
        else {
            continue;
        };
        if !(array.starts_with(b"[") && array.ends_with(b"]")) {
            continue;
        }
        let body_start = body.as_ptr() as usize - pdf.as_ptr() as usize;
        edits.push((body_start + start, reference_end - start, array.to_vec()));
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| e.0);

    let shift = |pos: usize| -> usize {
        let mut moved = pos as isize;
        for (at, len, array) in &edits {
            if *at < pos {
                moved += array.len() as isize - *len as isize;
            }
        }
        moved as usize
    };

    let mut out = Vec::with_capacity(pdf.len() + edits.len() * 32);
    let mut copied = 0;
    for (at, len, array) in &edits {
        out.extend_from_slice(&pdf[copied..*at]);
        out.extend_from_slice(array);
        copied = at + len;
    }
    out.extend_from_slice(&pdf[copied..xref_pos]);
    let new_xref_pos = out.len();
    out.extend_from_slice(&pdf[xref_pos..xref.entries_start]);
    for (index, entry) in xref.entries.iter().enumerate() {
        let line = &pdf[xref.entries_start + index * 20..xref.entries_start + index * 20 + 20];
        match entry {
            Some(offset) => {
                out.extend_from_slice(format!("{:010}", shift(*offset)).as_bytes());
                out.extend_from_slice(&line[10..]);
            }
            None => out.extend_from_slice(line),
        }
    }
    let after_entries = xref.entries_start + xref.entries.len() * 20;
    out.extend_from_slice(&pdf[after_entries..startxref]);
    out.extend_from_slice(format!("startxref\n{new_xref_pos}\n%%EOF").as_bytes());
    Some(out)
}

/// A classic cross-reference table with one subsection starting at object 0.
pub(super) struct Xref {
    /// Byte offset of each object in use, by object number.
    pub(super) entries: Vec<Option<usize>>,
    /// Where the 20-byte entries begin.
    entries_start: usize,
}

impl Xref {
    pub(super) fn parse(pdf: &[u8], at: usize) -> Option<Self> {
        let rest = pdf.get(at..)?;
        if !rest.starts_with(b"xref\n0 ") {
            return None;
        }
        let (count, end) = number_after(pdf, at + b"xref\n0 ".len())?;
        if pdf.get(end) != Some(&b'\n') {
            return None;
        }
        let entries_start = end + 1;
        let mut entries = Vec::with_capacity(count);
        for i in 0..count {
            let line = pdf.get(entries_start + i * 20..entries_start + i * 20 + 20)?;
            let offset: usize = std::str::from_utf8(&line[..10]).ok()?.parse().ok()?;
            entries.push(match line[17] {
                b'n' => Some(offset),
                b'f' => None,
                _ => return None,
            });
        }
        Some(Self {
            entries,
            entries_start,
        })
    }
}

/// The text between `N G obj` and `endobj` of the object at `offset`, trimmed;
/// `None` for a stream, an object longer than a few KiB or an unexpected layout.
pub(super) fn object_body(pdf: &[u8], offset: usize) -> Option<&[u8]> {
    // Outline entries and destination arrays are short; looking no further than
    // this keeps the pass from reading through every stream.
    const WINDOW: usize = 4096;
    let rest = pdf.get(offset..pdf.len().min(offset.saturating_add(WINDOW)))?;
    let header_end = find(rest, b" obj")? + b" obj".len();
    let end = find(rest, b"endobj")?;
    let body = rest.get(header_end..end)?.trim_ascii();
    (!contains(body, b"stream")).then_some(body)
}

/// A decimal number starting at `at`, and the position after it.
pub(super) fn number_after(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let mut start = at;
    while bytes.get(start).is_some_and(u8::is_ascii_whitespace) {
        start += 1;
    }
    let mut end = start;
    while bytes.get(end).is_some_and(u8::is_ascii_digit) {
        end += 1;
    }
    let number = std::str::from_utf8(bytes.get(start..end)?)
        .ok()?
        .parse()
        .ok()?;
    Some((number, end))
}

pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub(super) fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// A PDF in krilla's layout made of `objects` (numbered from 1), one classic
/// cross-reference table with offsets computed as it is built, and a trailer with
/// `/Size` and the given entries: the input of this module's and
/// `note_annotations`' tests.
#[cfg(test)]
pub(super) fn tiny_pdf(objects: &[&str], trailer: &str) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n", objects.len() + 1).as_bytes());
    pdf.extend_from_slice(b"0000000000 65535 f\r\n");
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
    }
    let size = objects.len() + 1;
    pdf.extend_from_slice(format!("trailer\n<</Size {size}{trailer}>>\n").as_bytes());
    pdf.extend_from_slice(format!("startxref\n{xref}\n%%EOF").as_bytes());
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny PDF in krilla's layout, with offsets computed as it is built.
    fn sample() -> Vec<u8> {
        tiny_pdf(
            &[
                "<</Type/Catalog/Outlines 2 0 R>>",
                "<</First 3 0 R/Last 3 0 R>>",
                "<</Parent 2 0 R/Title(One)/Dest 4 0 R>>",
                "[5 0 R/XYZ 0 810 0]",
                "<</Type/Page>>",
            ],
            "/Root 1 0 R",
        )
    }

    #[test]
    fn destinations_move_into_the_entries_and_offsets_follow() {
        let fixed = inline_outline_destinations(&sample()).expect("the layout is recognised");
        let text = String::from_utf8(fixed.clone()).unwrap();
        assert!(text.contains("/Title(One)/Dest [5 0 R/XYZ 0 810 0]>>"));
        // Every xref offset points at its object's header again.
        let xref = Xref::parse(
            &fixed,
            number_after(&fixed, rfind(&fixed, b"startxref").unwrap() + 9)
                .unwrap()
                .0,
        )
        .expect("a valid table");
        for (number, offset) in xref.entries.iter().enumerate() {
            if let Some(offset) = offset {
                assert!(fixed[*offset..].starts_with(format!("{number} 0 obj").as_bytes()));
            }
        }
        assert!(fixed.ends_with(b"%%EOF"));
    }

    #[test]
    fn other_layouts_are_left_alone() {
        assert_eq!(inline_outline_destinations(b"%PDF-1.7\nno table"), None);
        let mut stream_xref = sample();
        let at = rfind(&stream_xref, b"xref\n0").unwrap();
        stream_xref[at] = b'X';
        assert_eq!(inline_outline_destinations(&stream_xref), None);
    }
}
